"""Issue 14, point 3: one code, two people. Laptop x saw P01 on variant A, laptop y another P01
on variant B; after a sync the analysis used to pool them as one participant of a
between-subjects study. Now the code is a conflict: listed, warned of, and only the earliest
completed session counts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_event_log import store_at, task
from tests.cli.test_recording_commands import at, start
from tests.conftest import Cli


def test_one_code_on_two_laptops_counts_once_and_is_named(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    laptop = store_at(isolated, "laptop-y", checkout_protocol)
    first = start(ready, "P01", "A")
    task(ready, first, "guest-checkout", 10, 40)
    ready("session", "end", first, "--at", at(60))
    second = laptop(
        "session", "start", "checkout-form", "-p", "P01", "-v", "B", "-m", "ben", "--at", at(900)
    ).stdout.strip()
    task(laptop, second, "guest-checkout", 910, 1000)
    laptop("session", "end", second, "--at", at(1020))
    laptop("sync", "--to", ready.db)

    analyzed = ready("analyze", "checkout-form", "--json")
    shown = json.loads(analyzed.stdout)
    assert shown["conflicts"] == [
        {
            "participant": "P01",
            "why": [
                "sessions on variants A and B of a between-subjects design",
                f"2 completed sessions of protocol version {shown['conflicts'][0]['why'][1][-8:]}",
            ],
            "used": first,
            "left_out": [second],
        }
    ]
    cells = {(row["task"], row["variant"]): row for row in shown["tasks"]}
    assert cells[("guest-checkout", "A")]["attempts"] == 1
    assert cells[("guest-checkout", "B")]["attempts"] == 0  # the later P01 counts nowhere
    assert analyzed.stderr == (
        f"warning: participant P01: sessions on variants A and B of a between-subjects design; "
        f"{shown['conflicts'][0]['why'][1]}: session {first[:8]} counts, {second[:8]} left out "
        "of every figure\n"
    )
    listed = ready("session", "list", "--conflicts").stdout
    assert first in listed and second in listed
    ready("report", "checkout-form", "--out", str(isolated / "report.md"))
    text = (isolated / "report.md").read_text("utf-8")
    assert "Participant codes in conflict: participant P01: sessions on variants A and B" in text
