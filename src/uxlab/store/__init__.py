"""The store: SQLAlchemy models, engine setup, every query and write, the migration runner."""
