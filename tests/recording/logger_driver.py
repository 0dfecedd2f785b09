"""Drives the live logger headless in its own process, printing each committed event's id.

Used by test_logger_crash.py, which kills this process with SIGKILL between key presses.
    python logger_driver.py DB SESSION
"""

from __future__ import annotations

import asyncio
import sys

from uxlab.recording.logger_app import LoggerApp
from uxlab.store.engine import Store
from uxlab.store.recorder import SessionRecorder

KEYS = ["enter", "e", "space", "space", "a", "s", "escape"] * 4


async def drive(db: str, session: str) -> None:
    with Store.open(db) as store:
        recorder = SessionRecorder(store, session)
        app = LoggerApp(recorder)
        async with app.run_test() as pilot:
            seen = len(recorder.history)
            for key in KEYS:
                await pilot.press(key)
                for event in recorder.history[seen:]:
                    print(event.id, flush=True)
                seen = len(recorder.history)
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(drive(sys.argv[1], sys.argv[2]))
