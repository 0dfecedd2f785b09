"""The valid files that the fuzz tests mutate, made by uxlab itself.

`python -m tests.fuzz.seeds` logs three sessions of the checkout-form study into a scratch
SQLite store with the command line, exports them, and writes the seed files of every exchange
format into tests/fuzz/seeds/. The files are kept in the repository, so that a mutation is
reproduced by its seed number alone: event ids are random, and a re-made seed would differ.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from tests.conftest import REPO, Cli

SEEDS = Path(__file__).resolve().parent / "seeds"
PROTOCOL = REPO / "protocols" / "checkout-form.yaml"
STUDY = "checkout-form"
# The columns of an events CSV: the keys of an events JSONL line, in their order.
EVENT_COLUMNS = [
    "id",
    "study",
    "session",
    "participant",
    "variant",
    "type",
    "at",
    "task",
    "outcome",
    "note",
    "author",
    "data",
]

SUS_ANSWERS = ["4", "2", "4", "1", "5", "2", "4", "2", "4", "2"]

RESULTS_CSV = """\
study,participant,variant,task,outcome,time_s,errors,assists,steps,seq,sus_1,sus_2,sus_3,sus_4,sus_5,sus_6,sus_7,sus_8,sus_9,sus_10,nps
checkout-form,R01,A,guest-checkout,success,74.5,1,0,9,6,4,2,4,1,5,2,4,2,4,2,8
checkout-form,R01,A,apply-coupon,failure,151,3,1,6,2,4,2,4,1,5,2,4,2,4,2,8
checkout-form,R02,B,guest-checkout,success,58,0,0,7,7,5,1,5,1,5,1,5,1,5,1,10
checkout-form,R02,B,apply-coupon,abandoned,96.25,2,2,4,3,,,,,,,,,,,
checkout-form,R03,A,change-address,1,61,0,1,5,5,3,3,3,3,3,3,3,3,3,3,6
checkout-form,R03,A,find-returns,0,120,4,0,12,1,3,3,3,3,3,3,3,3,3,3,6
"""

PROBLEMS_CSV = """\
study,participant,problem,severity,task,description,recommendation
checkout-form,P01,P9,2,guest-checkout,The card form hides the CVC help,Show the help beside it
checkout-form,P02,P9,2,guest-checkout,The card form hides the CVC help,
checkout-form,P02,P10,4,apply-coupon,"The coupon field is collapsed, shoppers miss it","Open it"
checkout-form,P03,P11,1,,"Labels in grey, hard to read",
"""


def _log_sessions(uxlab: Cli) -> None:
    """Three sessions with every kind of event, back-filled at fixed times."""
    day = "2026-11-02T"
    s1 = _start(uxlab, "P01", "A", f"{day}09:00:00Z", "--attribute", "segment=frequent")
    _log(uxlab, s1, "task_start", "--task", "guest-checkout", "--at", f"{day}09:00:30Z")
    for second in (35, 41, 48):
        _log(uxlab, s1, "step", "--at", f"{day}09:00:{second}Z")
    error = _log(
        uxlab, s1, "error", "--note", "typed into the name field", "--at", f"{day}09:00:52Z"
    )
    _log(uxlab, s1, "marker", "--name", "validation-message", "--at", f"{day}09:00:55Z")
    _log(uxlab, s1, "note", "--note", "hesitates at the card form", "--author", "bob",
         "--at", f"{day}09:01:00Z")  # fmt: skip
    _log(uxlab, s1, "problem", "--problem", "P3", "--severity", "3", "--note", "coupon hidden",
         "--recommendation", "show the coupon field open", "--at", f"{day}09:01:05Z")  # fmt: skip
    _log(uxlab, s1, "pause", "--at", f"{day}09:01:10Z")
    _log(uxlab, s1, "resume", "--at", f"{day}09:01:40Z")
    _log(uxlab, s1, "undo", "--target", error, "--at", f"{day}09:01:45Z")
    end = _log(uxlab, s1, "task_end", "--outcome", "success", "--at", f"{day}09:02:10Z")
    uxlab("answer", s1, "seq", "6", "--at", f"{day}09:02:20Z")
    _log(uxlab, s1, "amend", "--target", end, "--set", f"at={day}09:02:05Z",
         "--set", "note=confirmation shown", "--at", f"{day}09:02:30Z")  # fmt: skip
    _log(uxlab, s1, "task_start", "--task", "apply-coupon", "--at", f"{day}09:03:00Z")
    _log(uxlab, s1, "assist", "--note", "pointed at the basket", "--at", f"{day}09:03:40Z")
    _log(uxlab, s1, "task_end", "--outcome", "failure", "--at", f"{day}09:04:30Z")
    uxlab("answer", s1, "seq", "2", "--at", f"{day}09:04:40Z")
    uxlab("answer", s1, "sus", *SUS_ANSWERS, "--at", f"{day}09:06:00Z")
    uxlab("answer", s1, "nps", "8", "--at", f"{day}09:06:10Z")
    uxlab("session", "end", s1, "--at", f"{day}09:06:30Z")

    s2 = _start(uxlab, "P02", "B", f"{day}10:00:00Z", "--recording", "p02.mp4", "--offset", "4.5s")
    _log(uxlab, s2, "task_start", "--task", "change-address", "--at", f"{day}10:00:20Z")
    _log(uxlab, s2, "error", "--at", f"{day}10:00:50Z")
    _log(uxlab, s2, "task_end", "--outcome", "abandoned", "--at", f"{day}10:02:00Z")
    _log(uxlab, s2, "task_start", "--task", "find-returns", "--at", f"{day}10:02:30Z")
    _log(uxlab, s2, "task_end", "--outcome", "timeout", "--at", f"{day}10:04:40Z")
    uxlab("session", "end", s2, "--aborted", "--at", f"{day}10:05:00Z")

    s3 = _start(uxlab, "P03", "A", f"{day}11:00:00Z")
    _log(uxlab, s3, "task_start", "--task", "guest-checkout", "--at", f"{day}11:00:10Z")
    _log(uxlab, s3, "step", "--at", f"{day}11:00:15Z")


def _start(uxlab: Cli, code: str, variant: str, at: str, *more: str) -> str:
    args = ("session", "start", STUDY, "-p", code, "-v", variant, "-m", "ana", "--at", at)
    return str(uxlab(*args, *more).stdout.strip())


def _log(uxlab: Cli, session: str, kind: str, *options: str) -> str:
    return str(uxlab("log", session, kind, *options).stdout.strip())


def events_csv(jsonl: str) -> str:
    """The events of an events JSONL file as an events CSV, `data` as JSON text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in jsonl.splitlines():
        raw = json.loads(line)
        raw["data"] = json.dumps(raw["data"], ensure_ascii=False, sort_keys=True)
        writer.writerow({k: "" if v is None else v for k, v in raw.items()})
    return out.getvalue()


def build(folder: Path) -> None:
    """Write the seed files into `folder`."""
    with tempfile.TemporaryDirectory() as scratch:
        uxlab = Cli(str(Path(scratch) / "seed.db"))
        uxlab("init", "--protocols", str(Path(scratch) / "protocols"))
        uxlab("protocol", "load", str(PROTOCOL))
        _log_sessions(uxlab)
        jsonl = uxlab("export", STUDY, "--format", "jsonl").stdout
    folder.mkdir(exist_ok=True)
    (folder / "events.jsonl").write_text(jsonl, "utf-8")
    (folder / "events.csv").write_text(events_csv(jsonl), "utf-8")
    (folder / "results.csv").write_text(RESULTS_CSV, "utf-8")
    (folder / "problems.csv").write_text(PROBLEMS_CSV, "utf-8")


if __name__ == "__main__":
    build(SEEDS)
