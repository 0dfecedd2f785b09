"""Killing the live logger with SIGKILL between key presses loses no committed event."""

from __future__ import annotations

import random
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import select

from tests.conftest import Cli
from uxlab.store.engine import Store
from uxlab.store.models import Event
from uxlab.store.recorder import SessionRecorder

DRIVER = Path(__file__).with_name("logger_driver.py")


def stored_ids(db: str) -> set[uuid.UUID]:
    with Store.open(db) as store, store.reading() as s:
        return set(s.scalars(select(Event.id)))


def test_sigkill_between_key_presses_loses_nothing(isolated: Path, checkout_protocol: Path) -> None:
    db = str(isolated / "crash.db")
    uxlab = Cli(db)
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    chooser = random.Random(20261122)
    for round_ in range(5):
        session = uxlab(
            "session", "start", "checkout-form", "-p", f"P{round_}", "-v", "A", "-m", "ana"
        ).stdout.strip()
        reported: list[uuid.UUID] = []
        stop_after = chooser.randint(1, 12)
        with subprocess.Popen(
            [sys.executable, str(DRIVER), db, session], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None
            while len(reported) < stop_after:
                line = child.stdout.readline().strip()
                if not line or line == "done":
                    break
                reported.append(uuid.UUID(line))
            child.kill()
            child.wait()
        assert child.returncode == -9
        assert reported, "the logger committed nothing before it was killed"
        assert set(reported) <= stored_ids(db)

        with Store.open(db) as store:
            carried_on = SessionRecorder(store, session)
            before = len(carried_on.history)
            if carried_on.open_attempt() is None:
                carried_on.start_next()
            carried_on.record("error")
            assert len(carried_on.history) >= before + 1
