"""Derived rows follow the events: undo and amend reach the SQL aggregates; old stores fill up."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from tests.conftest import Cli
from uxlab.protocol.validate import read_protocol
from uxlab.store.analysis_data import study_data
from uxlab.store.attempts import study_results
from uxlab.store.engine import Store
from uxlab.store.migrate import downgrade, migrate_to_head
from uxlab.store.models import (
    Event,
    Participant,
    ProblemSighting,
    ProtocolVersion,
    Response,
    Study,
    StudySession,
    TaskAttemptRow,
)
from uxlab.store.revision import SCHEMA_REVISION

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def at(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).isoformat()


def test_undo_and_amend_reach_the_aggregates(uxlab: Cli, checkout_protocol: Path) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    session = uxlab(
        "session", "start", "checkout-form", "-p", "P1", "-v", "A", "-m", "ana", "--at", at(0)
    ).stdout.strip()
    uxlab("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    error = uxlab("log", session, "error", "--at", at(2)).stdout.strip()
    end = uxlab("log", session, "task_end", "-o", "failure", "--at", at(30)).stdout.strip()
    seq = uxlab("answer", session, "seq", "2", "--at", at(31))
    assert seq.stdout.startswith("1 answer")
    with Store.open(uxlab.db) as store, store.reading() as s:
        cell = study_data(s, "checkout-form", ["A", "B"]).cells[("guest-checkout", "A")]
        assert (cell.attempts, cell.successes, cell.errors) == (1, 0, 1)
        assert list(cell.seq.values()) == [2.0]
    uxlab("log", session, "undo", "--target", error)
    uxlab("log", session, "amend", "--target", end, "-o", "success")
    exported = [json.loads(line) for line in uxlab("export", "checkout-form").stdout.splitlines()]
    answer_id = next(e["id"] for e in exported if e["type"] == "answer")
    uxlab("log", session, "undo", "--target", answer_id)
    with Store.open(uxlab.db) as store, store.reading() as s:
        cell = study_data(s, "checkout-form", ["A", "B"]).cells[("guest-checkout", "A")]
        assert (cell.attempts, cell.successes, cell.errors, cell.error_free) == (1, 1, 0, 1)
        assert cell.seq == {}
        assert s.scalar(select(func.count()).select_from(Response)) == 0


def test_sql_aggregates_agree_with_the_derivation(uxlab: Cli, isolated: Path) -> None:
    from tests.datasets import OPENSHIFT_PROTOCOL, openshift_results_csv

    (isolated / "o.yaml").write_text(OPENSHIFT_PROTOCOL, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "o.yaml")
    uxlab("import", str(openshift_results_csv(isolated / "o.csv")), "--kind", "results")
    with Store.open(uxlab.db) as store, store.reading() as s:
        data = study_data(s, "openshift", ["A", "B"])
        derived: dict[tuple[str, str | None], list[int]] = {}
        for session in study_results(s, "openshift"):
            for attempt in session.attempts:
                counts = derived.setdefault((attempt.task, session.variant), [0, 0])
                counts[0] += 1
                counts[1] += attempt.outcome == "success"
    assert {key: [c.attempts, c.successes] for key, c in data.cells.items()} == derived


def test_upgrading_an_old_store_fills_the_derived_rows(
    store: Store, checkout_protocol: Path
) -> None:
    downgrade(store, "0001")
    protocol, text = read_protocol(checkout_protocol)
    ids = [uuid.uuid4() for _ in range(5)]
    with store.writing() as s:  # rows as a store at schema 0001 holds them
        # The study table as 0001 has it (the ORM's model has columns added since).
        study = Study(id=uuid.uuid4())
        s.execute(insert(Study.__table__).values(id=study.id, slug="checkout-form", title="t"))
        version = ProtocolVersion(
            study_id=study.id,
            number=1,
            content_hash=protocol.content_hash(),
            content=text,
            definition=protocol.definition(),
            design="between",
        )
        person = Participant(study_id=study.id, code="P1")
        s.add_all([version, person])
        s.flush()
        visit = StudySession(
            study_id=study.id,
            protocol_version_id=version.id,
            participant_id=person.id,
            variant="A",
            moderator="ana",
            started_at=T0,
        )
        s.add(visit)
        s.flush()
        events = [
            ("session_start", None, 0, {}),
            ("task_start", "apply-coupon", 1, {}),
            ("problem", "apply-coupon", 5, {"problem": "P1", "severity": 3, "note": "hidden"}),
            ("task_end", "apply-coupon", 21, {"outcome": "success"}),
            ("answer", "apply-coupon", 22, {"questionnaire": "seq", "item": "1", "value": 6}),
        ]
        s.execute(
            insert(Event),
            [
                {
                    "id": i,
                    "session_id": visit.id,
                    "type": kind,
                    "task": task,
                    "at": T0 + timedelta(seconds=sec),
                    "offset_s": sec,
                    "author": "ana",
                    "payload": data,
                }
                for i, (kind, task, sec, data) in zip(ids, events, strict=True)
            ],
        )
    assert migrate_to_head(store) == ("0001", SCHEMA_REVISION)
    with store.reading() as s:
        rows = s.execute(
            select(
                TaskAttemptRow.task,
                TaskAttemptRow.outcome,
                TaskAttemptRow.time_s,
                TaskAttemptRow.counted,
            )
        ).all()
        assert rows == [("apply-coupon", "success", 20.0, True)]
        assert s.scalar(select(Response.value).where(Response.variant == "A")) == 6.0
        sighting = s.execute(
            select(ProblemSighting.severity, ProblemSighting.note, ProblemSighting.seen_at)
        ).one()
        assert tuple(sighting) == (3, "hidden", T0 + timedelta(seconds=5))
