"""Migrations are the only way the schema is made, and they agree with the models."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from uxlab.store.engine import Store
from uxlab.store.migrate import alembic_config, downgrade, head_revisions, migrate_to_head
from uxlab.store.models import Base, Event, Participant, ProtocolVersion, Study, StudySession
from uxlab.store.revision import SCHEMA_REVISION, SCHEMA_REVISIONS


def test_single_head_matches_the_revision_uxlab_needs() -> None:
    assert head_revisions() == [SCHEMA_REVISION]


def test_known_revisions_are_the_migration_chain_in_order() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    chain = [r.revision for r in script.walk_revisions("base", "heads")]
    assert tuple(reversed(chain)) == SCHEMA_REVISIONS


def test_models_agree_with_migrations(store: Store) -> None:
    with store.connection() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def _fill(store: Store) -> uuid.UUID:
    """One study with a version, a participant, a session and an event."""
    now = datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=UTC)
    with store.writing() as session:
        study = Study(slug="s1", title="S")
        session.add(study)
        session.flush()
        version = ProtocolVersion(
            study_id=study.id,
            number=1,
            content_hash="0" * 64,
            content="x",
            definition={},
            design="between",
        )
        participant = Participant(study_id=study.id, code="P01")
        session.add_all([version, participant])
        session.flush()
        visit = StudySession(
            study_id=study.id,
            protocol_version_id=version.id,
            participant_id=participant.id,
            variant="A",
            started_at=now,
        )
        session.add(visit)
        session.flush()
        event_id = uuid.uuid4()
        session.add(
            Event(
                id=event_id,
                session_id=visit.id,
                type="session_start",
                at=now,
                offset_s=0.0,
                author="ana",
                payload={"k": [1, 2]},
            )
        )
    return event_id


def test_upgrade_downgrade_upgrade_with_data(store: Store) -> None:
    event_id = _fill(store)
    downgrade(store, "base")
    with store.connection() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    assert store.revision() is None

    assert migrate_to_head(store) == (None, SCHEMA_REVISION)
    event_id_again = _fill(store)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1
        event = session.get(Event, event_id_again)
        assert event is not None and event.payload == {"k": [1, 2]}
    assert event_id != event_id_again


def test_upgrade_twice_changes_nothing(store: Store) -> None:
    _fill(store)
    assert migrate_to_head(store) == (SCHEMA_REVISION, SCHEMA_REVISION)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1
