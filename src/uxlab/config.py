"""Where uxlab keeps things: the store URL and the protocol folder, and how to override them."""

from __future__ import annotations

from pathlib import Path

DB_ENV = "UXLAB_DB"
PROTOCOLS_ENV = "UXLAB_PROTOCOLS"


def default_store() -> str:
    """The per-user SQLite store in the platform's data folder."""
    import platformdirs  # only when no store was named: keeps it off `uxlab log --db …`

    return str(Path(platformdirs.user_data_dir("uxlab", appauthor=False)) / "uxlab.db")


def default_protocols_dir() -> Path:
    return Path("protocols")


AUTHOR_ENV = "UXLAB_AUTHOR"


def default_author() -> str:
    """Who is logging: the login name, unless UXLAB_AUTHOR or --author says otherwise."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "moderator"
