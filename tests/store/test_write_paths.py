"""Property: one truth through every write path (SPEC §4, "Live rules and merge rules").

A strategy simulates moderated sessions of the shipped checkout-form protocol that a moderator
could log live without a refusal: tasks that succeed, fail, are abandoned, skipped or run past
their time limit; errors, assists, steps, notes, markers and problems; pauses inside tasks;
undos (of an undo, too) and amends; SEQ, SUS (items given twice, the later answer superseding)
and NPS answers;
session ends, reopenings and second ends; and a second observer, ben, whose events belong to
the moderator's open task, some logged after the session ended with a time inside it. Each
history is written through every path into a store of its own:

  a. the live logger's recorder (`SessionRecorder.record`);
  b. the `uxlab session`, `log` and `answer` commands;
  c. `uxlab export` of (a) imported into an empty store;
  d. the same lines shuffled, imported;
  e. the same events as an events CSV, imported;
  f. `uxlab sync --to` from (a) into an empty store;
  g. two syncs from (a): one halfway through writing the history, one at the end.

Every path must give the same derived rows (task attempts, responses, problem sightings, the
sessions' status and end), the same `uxlab analyze --json` and `uxlab problems --json`, and no
import or sync may warn. Paths (c)–(g) hold (a)'s ids, so their exports equal (a)'s too.

The quick profile runs 8 examples and reports a failing one as found; the long one runs 200
and shrinks a failing one (which can take minutes):

    UXLAB_LONG_PROPERTIES=1 .venv/bin/python -m pytest -p no:cacheprovider \\
        tests/store/test_write_paths.py

A third test runs a few examples with the sync targets (f) and (g) on PostgreSQL
(UXLAB_TEST_POSTGRES_URL; skipped without it).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from benchmarks.scratch_databases import ScratchDatabases
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import POSTGRES_ENV, REPO, Cli
from uxlab.store.engine import Store
from uxlab.store.migrate import migrate_to_head
from uxlab.store.models import (
    Event,
    Participant,
    Problem,
    ProblemSighting,
    Response,
    StudySession,
    TaskAttemptRow,
)
from uxlab.store.recorder import SessionRecorder
from uxlab.store.sessions import start_session

LONG = bool(os.environ.get("UXLAB_LONG_PROPERTIES"))
# The function-scoped fixture is the suite's autouse isolation (environment, working folder),
# which every example may share; the stores of an example live in a temporary folder of its own.
_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
# An example takes about a second (seven stores, a command per event), and shrinking one takes
# minutes: the quick profiles report a failing history as it was found, as commands
# (`describe`), with a blob for @reproduce_failure; the long profile shrinks it.
_FOUND = [Phase.explicit, Phase.reuse, Phase.generate]
_SHRUNK = [*_FOUND, Phase.shrink]
QUICK_PROFILE = settings(
    max_examples=200 if LONG else 8,
    phases=_SHRUNK if LONG else _FOUND,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_CHECKS,
)
# Each example also migrates two PostgreSQL databases (a sync initialises an empty target).
POSTGRES_PROFILE = settings(QUICK_PROFILE, max_examples=20 if LONG else 3)

PROTOCOL = REPO / "protocols" / "checkout-form.yaml"
STUDY = "checkout-form"
MODERATOR, OBSERVER = "ana", "ben"
T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SECOND = 1_000_000  # times are kept in microseconds, as the store keeps them
# Task ids and their time limits, as protocols/checkout-form.yaml says.
LIMITS = {
    "guest-checkout": 300 * SECOND,
    "apply-coupon": 180 * SECOND,
    "change-address": 180 * SECOND,
    "find-returns": 120 * SECOND,
}
# A gap between two things logged: 1 to 40 seconds.
GAPS = st.integers(SECOND, 40 * SECOND)
OUTCOMES = ("success", "failure", "abandoned", "skipped")
MARKERS = ("validation-message", "opened-help")
PROBLEMS = ("P1", "P2", "P3")
SUS_ITEMS = tuple(str(i) for i in range(1, 11))
# Text as people type it, with what CSV and JSON must quote (never blank: a blank note is
# refused).
TEXT = st.text(alphabet="ab yzé,;\"'\n-", min_size=1, max_size=8).filter(str.strip)


# A history: what is logged, by whom, when ------------------------------------------------------


@dataclass(frozen=True)
class Act:
    """One thing logged. `kind` is an event type, or `reopen` (an undo of the session's end);
    an `answer` act gives one event per item. `target` names the event an undo or amend
    corrects as (act number, answer number) in the same session."""

    kind: str
    at: int  # microseconds after T0
    author: str = MODERATOR
    task: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    answers: tuple[tuple[str, int], ...] = ()
    target: tuple[int, int] | None = None


@dataclass(frozen=True)
class Visit:
    """One session: who, on which variant, from when, and what was logged in it."""

    participant: str
    variant: str
    start: int
    acts: tuple[Act, ...]


def moment(us: int) -> datetime:
    return T0 + timedelta(microseconds=us)


def iso(us: int) -> str:
    return moment(us).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass
class _Logged:
    """A moderator's event in the simulation (corrections are not kept: they never count)."""

    key: tuple[int, int]
    kind: str
    at: int
    task: str | None = None
    counts: bool = True


@dataclass
class _Undo:
    """An undo in the simulation, and the event it took back."""

    key: tuple[int, int]
    target: _Logged
    counts: bool = True


@dataclass
class _State:
    open_task: str | None = None
    opened_at: int = 0
    paused: bool = False
    paused_us: int = 0
    paused_since: int = 0
    last_task: str | None = None
    end: _Logged | None = None


class _Session:
    """A session as a moderator sees it while logging: what is allowed next."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.now = start
        self.acts: list[Act] = []
        self.logged: list[_Logged] = []
        self.undos: list[_Undo] = []

    def state(self) -> _State:
        state = _State()
        for event in (e for e in self.logged if e.counts):
            match event.kind:
                case "task_start":
                    state.open_task, state.opened_at = event.task, event.at
                    state.paused, state.paused_us = False, 0
                case "task_end":
                    state.last_task, state.open_task, state.paused = state.open_task, None, False
                case "pause":
                    state.paused, state.paused_since = True, event.at
                case "resume":
                    state.paused = False
                    state.paused_us += event.at - state.paused_since
                case "session_end":
                    state.end = event
        return state

    def tick(self, draw: st.DrawFn) -> int:
        self.now += draw(GAPS)
        return self.now

    def add(self, act: Act, *logged: _Logged) -> None:
        self.acts.append(act)
        self.logged.extend(logged)

    def key(self, answer: int = 0) -> tuple[int, int]:
        return (len(self.acts), answer)

    def counting(self, *kinds: str) -> list[_Logged]:
        return [e for e in self.logged if e.counts and e.kind in kinds]

    def options(self, state: _State) -> list[str]:
        if state.end is not None:
            return ["reopen", "late", "late"]
        common = ["note", "problem", "observer", "observer", "undo", "amend", "redo"]
        if state.paused:
            return [*common, "resume", "resume"]
        if state.open_task is not None:
            in_task = ["error", "assist", "step", "marker", "pause", "task_end", "task_end"]
            return [*common, *in_task, *in_task, "overrun"]
        between = ["task_start", "task_start", "task_start", "sus", "sus", "nps", "session_end"]
        return [*common, *between, *(["seq", "seq"] if state.last_task is not None else [])]


@st.composite
def visits(draw: st.DrawFn, participant: str, start: int) -> Visit:
    session = _Session(start)
    for _ in range(draw(st.integers(1, 30))):
        state = session.state()
        choice = draw(st.sampled_from(session.options(state)))
        _act(draw, session, state, choice)
    return Visit(participant, draw(st.sampled_from(["A", "B"])), start, tuple(session.acts))


def _act(draw: st.DrawFn, session: _Session, state: _State, choice: str) -> None:
    key = session.key()
    match choice:
        case "task_start":
            task = draw(st.sampled_from(sorted(LIMITS)))
            at = session.tick(draw)
            session.add(Act("task_start", at, task=task), _Logged(key, "task_start", at, task))
        case "task_end" | "overrun":
            at = session.tick(draw)
            if choice == "overrun":  # past the limit, not counting the pauses: a timeout
                limit = LIMITS[state.open_task or ""]
                due = state.opened_at + state.paused_us + limit + draw(st.integers(1, 30 * SECOND))
                session.now = at = max(at, due)
            outcome = draw(st.sampled_from(OUTCOMES))
            session.add(
                Act("task_end", at, data={"outcome": outcome}), _Logged(key, "task_end", at)
            )
        case "error" | "assist" | "step" | "pause" | "resume":
            at = session.tick(draw)
            data: dict[str, Any] = {}
            if choice == "error" and draw(st.booleans()):
                data["note"] = draw(TEXT)
            session.add(Act(choice, at, data=data), _Logged(key, choice, at))
        case "marker":
            at = session.tick(draw)
            name = draw(st.sampled_from(MARKERS))
            session.add(Act("marker", at, data={"name": name}), _Logged(key, "marker", at))
        case "note":
            at = session.tick(draw)
            session.add(Act("note", at, data={"note": draw(TEXT)}), _Logged(key, "note", at))
        case "problem":
            at = session.tick(draw)
            problem = draw(st.sampled_from(PROBLEMS))
            # Sightings of one problem may differ in severity and description: the problem
            # takes its earliest sighting's, whatever order the paths store them in.
            seen = {"problem": problem, "severity": draw(st.integers(1, 4))}
            described = {"note": draw(TEXT)} if draw(st.booleans()) else {}
            session.add(Act("problem", at, data=seen | described), _Logged(key, "problem", at))
        case "observer":
            at = session.tick(draw)
            session.add(_observed(draw, at))
        case "late":  # logged after the end, at a time inside the session
            ended = state.end.at if state.end is not None else session.now
            times = [e.at for e in session.logged if e.at <= ended]
            at = draw(st.integers(session.start, ended) | st.sampled_from([session.start, *times]))
            session.add(_observed(draw, at))
        case "seq" | "nps":
            at = session.tick(draw)
            value = draw(st.integers(1, 7) if choice == "seq" else st.integers(0, 10))
            act = Act("answer", at, data={"questionnaire": choice}, answers=(("1", value),))
            session.add(act, _Logged(key, "answer", at))
        case "sus":
            at = session.tick(draw)
            every = draw(st.booleans())
            items = (
                SUS_ITEMS
                if every
                else draw(st.lists(st.sampled_from(SUS_ITEMS), min_size=1, unique=True))
            )
            values = draw(st.lists(st.integers(1, 5), min_size=len(items), max_size=len(items)))
            answers = tuple(zip(items, values, strict=True))
            session.add(
                Act("answer", at, data={"questionnaire": "sus"}, answers=answers),
                *(_Logged(session.key(n), "answer", at) for n in range(len(answers))),
            )
        case "session_end":
            at = session.tick(draw)
            status = draw(st.sampled_from(["completed", "completed", "aborted"]))
            end = _Logged(key, "session_end", at)
            session.add(Act("session_end", at, data={"status": status}), end)
        case "reopen":
            at = session.tick(draw)
            assert state.end is not None
            state.end.counts = False
            session.add(Act("reopen", at, target=state.end.key))
        case "undo":
            _undo(draw, session)
        case "redo":
            _redo(draw, session)
        case "amend":
            _amend(draw, session)


def _observed(draw: st.DrawFn, at: int) -> Act:
    kind = draw(st.sampled_from(["error", "note", "assist"]))
    data = {"note": draw(TEXT)} if kind == "note" or draw(st.integers(0, 4)) else {}
    return Act(kind, at, author=OBSERVER, data=data)


def _undo(draw: st.DrawFn, session: _Session) -> None:
    """The latest event that counts, or an earlier one that changes no state when undone."""
    alive = [e for e in session.logged if e.counts and e.kind != "session_end"]
    if not alive:
        return
    inert = ("error", "assist", "step", "note", "marker", "problem", "answer")
    target = draw(st.sampled_from([alive[-1], *(e for e in alive[:-1] if e.kind in inert)]))
    target.counts = False
    session.undos.append(_Undo(session.key(), target))
    session.add(Act("undo", session.tick(draw), target=target.key))


def _redo(draw: st.DrawFn, session: _Session) -> None:
    """An undo of an undo of a note or a problem: events that are valid whenever the session
    is open, so restoring them never contradicts what came after."""
    undos = [u for u in session.undos if u.counts and u.target.kind in ("note", "problem")]
    if not undos:
        return
    undo = draw(st.sampled_from(undos))
    undo.counts, undo.target.counts = False, True
    session.add(Act("undo", session.tick(draw), target=undo.key))


def _amend(draw: st.DrawFn, session: _Session) -> None:
    """A task_end's outcome or a note's text, corrected."""
    candidates = session.counting("task_end", "note")
    if not candidates:
        return
    target = draw(st.sampled_from(candidates))
    fields = (
        {"outcome": draw(st.sampled_from(OUTCOMES))}
        if target.kind == "task_end"
        else {"note": draw(TEXT)}
    )
    session.add(Act("amend", session.tick(draw), data={"fields": fields}, target=target.key))


@st.composite
def histories(draw: st.DrawFn) -> list[Visit]:
    """One to three sessions of different participants, one after another."""
    found: list[Visit] = []
    start = 0
    for number in range(draw(st.integers(1, 3))):
        visit = draw(visits(f"P0{number + 1}", start))
        found.append(visit)
        start = max([visit.start, *(a.at for a in visit.acts)]) + draw(GAPS)
    return found


def describe(history: list[Visit]) -> str:
    """A history as the commands that log it (for a failure's report)."""
    lines = []
    for visit in history:
        lines.append(f"session start {STUDY} -p {visit.participant} -v {visit.variant} -m ana "
                     f"--at {iso(visit.start)}")  # fmt: skip
        for number, act in enumerate(visit.acts):
            lines.append(f"  [{number}] {' '.join(_cli_args('$S', act, _names))}")
    return "\n".join(lines)


def _names(key: tuple[int, int]) -> str:
    return f"<{key[0]}.{key[1]}>"


# Writing a history through each path -------------------------------------------------------


def _count(history: list[Visit]) -> int:
    return sum(1 + len(visit.acts) for visit in history)


def write_live(url: str, history: list[Visit], halfway: Callable[[], None] | None = None) -> None:
    """(a): the live logger's recorder, one event per record call; `halfway` is called once
    half of the history's sessions and acts are written."""
    half, done = _count(history) // 2, 0

    def step() -> None:
        nonlocal done
        done += 1
        if halfway is not None and done == half:
            halfway()

    with Store.open(url) as store:
        for visit in history:
            with store.writing() as s:
                session = start_session(
                    s, STUDY, visit.participant, [visit.variant], MODERATOR, moment(visit.start)
                )
            step()
            recorders = {
                name: SessionRecorder(store, str(session.id), name)
                for name in (MODERATOR, OBSERVER)
            }
            ids: dict[tuple[int, int], str] = {}
            for number, act in enumerate(visit.acts):
                recorder, at = recorders[act.author], moment(act.at)
                if act.kind == "answer":
                    for item_number, (item, value) in enumerate(act.answers):
                        event = recorder.record("answer", at=at, **act.data, item=item, value=value)
                        ids[(number, item_number)] = str(event.id)
                elif act.kind == "reopen":
                    assert act.target is not None
                    recorder.record("undo", at=at, target=ids[act.target])
                else:
                    data = dict(act.data)
                    if act.target is not None:
                        data["target"] = ids[act.target]
                    ids[(number, 0)] = str(recorder.record(act.kind, act.task, at, **data).id)
                step()


def _cli_args(session: str, act: Act, target: Callable[[tuple[int, int]], str]) -> list[str]:
    when = ["--at", iso(act.at), "--author", act.author]
    if act.kind == "answer":
        pairs = [f"{item}={value}" for item, value in act.answers]
        if [item for item, _ in act.answers] == list(SUS_ITEMS):
            pairs = [str(value) for _, value in act.answers]  # all ten, in order
        return ["answer", session, str(act.data["questionnaire"]), *pairs, *when]
    if act.kind == "reopen":
        return ["session", "resume", session, *when]
    if act.kind == "session_end":
        aborted = ["--aborted"] if act.data["status"] == "aborted" else []
        return ["session", "end", session, *aborted, *when]
    args = ["log", session, act.kind, *when]
    if act.task is not None:
        args += ["--task", act.task]
    if act.target is not None:
        args += ["--target", target(act.target)]
    data = {**act.data, **act.data.get("fields", {})}
    for name in ("outcome", "problem", "severity", "name"):
        if name in data:
            args += [f"--{name}", str(data[name])]
    if "note" in data:
        args.append(f"--note={data['note']}")
    return args


def write_commands(url: str, history: list[Visit]) -> None:
    """(b): `uxlab session start`, `log`, `answer`, `session end` and `session resume`."""
    uxlab = Cli(url)
    for visit in history:
        session = uxlab(
            "session", "start", STUDY, "-p", visit.participant, "-v", visit.variant,
            "-m", MODERATOR, "--at", iso(visit.start),
        ).stdout.strip()  # fmt: skip
        ids: dict[tuple[int, int], str] = {}
        for number, act in enumerate(visit.acts):
            printed = uxlab(*_cli_args(session, act, ids.__getitem__)).stdout.strip()
            if act.kind == "answer":
                ids.update(_answer_ids(url, session, act, number))
            elif act.kind not in ("reopen", "session_end"):
                ids[(number, 0)] = printed


def _answer_ids(url: str, session: str, act: Act, number: int) -> dict[tuple[int, int], str]:
    """`uxlab answer` prints no ids: the act's answers, found by their time and item."""
    with Store.open(url) as store, store.reading() as s:
        rows = s.scalars(
            select(Event).where(
                Event.session_id == uuid.UUID(session),
                Event.type == "answer",
                Event.at == moment(act.at),
            )
        )
        by_item = {str(row.payload["item"]): str(row.id) for row in rows}
    return {(number, n): by_item[item] for n, (item, _) in enumerate(act.answers)}


def as_csv(jsonl: str) -> str:
    """(e): the events CSV of an export: its keys as columns, `data` as JSON, null as empty."""
    records = [json.loads(line) for line in jsonl.splitlines()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(records[0]))
    for record in records:
        writer.writerow(
            [
                "" if value is None else json.dumps(value) if key == "data" else value
                for key, value in record.items()
            ]
        )
    return out.getvalue()


# What a store holds -----------------------------------------------------------------------------


def _time(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat() if at is not None else None


def derived_rows(url: str) -> dict[str, Any]:
    """The rows derived from the events, without the ids that differ between live paths."""
    with Store.open(url) as store, store.reading() as s:
        attempts = {
            (row.participant, row.position): (
                row.task, row.variant, row.outcome, row.counted, _time(row.started_at),
                _time(row.ended_at), row.time_s, row.paused_s, row.errors, row.assists,
                row.steps, row.notes,
            )
            for row in s.scalars(select(TaskAttemptRow))
        }  # fmt: skip
        responses = Counter(
            (code, row.task, row.questionnaire, row.item, row.value, row.variant,
             _time(row.answered_at))
            for row, code in s.execute(
                select(Response, Participant.code)
                .join(StudySession, StudySession.id == Response.session_id)
                .join(Participant, Participant.id == StudySession.participant_id)
            )
        )  # fmt: skip
        sightings = Counter(
            tuple(row)
            for row in s.execute(
                select(Problem.key, Problem.severity, Participant.code, ProblemSighting.task)
                .join(Problem, Problem.id == ProblemSighting.problem_id)
                .join(Participant, Participant.id == ProblemSighting.participant_id)
            )
        )
        sessions = {
            code: (row.status, _time(row.ended_at), _time(row.started_at), row.variant)
            for row, code in s.execute(
                select(StudySession, Participant.code).join(
                    Participant, Participant.id == StudySession.participant_id
                )
            )
        }
    return {
        "task_attempt": attempts,
        "response": responses,
        "problem_sighting": sightings,
        "study_session": sessions,
    }


def observe(url: str) -> dict[str, Any]:
    uxlab = Cli(url)
    return {
        **derived_rows(url),
        "analyze": json.loads(uxlab("analyze", STUDY, "--json").stdout),
        "problems": json.loads(uxlab("problems", STUDY, "--json").stdout),
    }


def export(url: str) -> str:
    return Cli(url)("export", STUDY).stdout


def quietly(uxlab: Cli, *args: str) -> None:
    """A command that must neither fail nor warn: every history is valid."""
    result = uxlab(*args)
    assert result.stderr == "", f"uxlab {' '.join(args)} warned:\n{result.stderr}"


# Stores --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Templates:
    """Stores migrated once per test module, copied for every store of every example."""

    empty: Path  # migrated, no study
    loaded: Path  # migrated, with the checkout-form protocol

    def copy(self, template: Path, to: Path) -> str:
        for suffix in ("", "-wal", "-shm"):
            source = template.with_name(template.name + suffix)
            if source.exists():
                shutil.copyfile(source, to.with_name(to.name + suffix))
        return str(to)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    folder = tmp_path_factory.mktemp("templates")
    empty = folder / "empty.db"
    with Store.connect(str(empty), create=True) as store:
        migrate_to_head(store)
    loaded = folder / "loaded.db"
    shutil.copyfile(empty, loaded)
    Cli(str(loaded))("protocol", "load", str(PROTOCOL))
    return Templates(empty, loaded)


@pytest.fixture(scope="module")
def postgres_server() -> str:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return server


@dataclass
class Example:
    """One example's stores: (a)–(e) SQLite copies of the templates, (f) and (g) given."""

    folder: Path
    templates: Templates
    sync_targets: tuple[str, str]

    def store(self, name: str, template: Path) -> str:
        return self.templates.copy(template, self.folder / f"{name}.db")


def check_every_path(example: Example, history: list[Visit], shuffle_seed: int) -> None:
    """Write `history` through every path and compare each with (a); the costly path (b)
    comes last, so that a failing example fails (and shrinks) sooner."""
    loaded, folder = example.templates.loaded, example.folder
    live = example.store("a_live", loaded)
    synced, halves = example.sync_targets
    write_live(live, history, lambda: quietly(Cli(live), "sync", "--to", halves))
    expected = observe(live)
    exported = export(live)

    def same(path: str, url: str) -> None:
        found = observe(url)
        for part, rows in expected.items():
            assert found[part] == rows, f"{part} of path ({path}) differs from (a)'s"

    lines = exported.splitlines(keepends=True)
    random.Random(shuffle_seed).shuffle(lines)
    files = {
        "c_exported.jsonl": exported,
        "d_shuffled.jsonl": "".join(lines),
        "e_events.csv": as_csv(exported),
    }
    for path, (name, text) in zip("cde", files.items(), strict=True):
        (folder / name).write_text(text, "utf-8", newline="")
        store = example.store(name.partition(".")[0], loaded)
        quietly(Cli(store), "import", str(folder / name))
        same(path, store)
        assert export(store) == exported, f"the export of path ({path}) differs from (a)'s"
    for path, target in (("f", synced), ("g", halves)):
        quietly(Cli(live), "sync", "--to", target)
        same(path, target)
        assert export(target) == exported, f"the export of path ({path}) differs from (a)'s"

    commands = example.store("b_commands", loaded)
    write_commands(commands, history)
    same("b", commands)


@QUICK_PROFILE
@given(history=histories(), shuffle_seed=st.integers(0, 2**32 - 1))
def test_every_write_path_gives_one_truth(
    templates: Templates, history: list[Visit], shuffle_seed: int
) -> None:
    note(describe(history))
    with tempfile.TemporaryDirectory(prefix="uxlab-paths-") as where:
        folder = Path(where)
        example = Example(folder, templates, (str(folder / "f.db"), str(folder / "g.db")))
        for name in ("f", "g"):
            example.store(name, templates.empty)
        check_every_path(example, history, shuffle_seed)


@pytest.mark.postgres
@POSTGRES_PROFILE
@given(history=histories(), shuffle_seed=st.integers(0, 2**32 - 1))
def test_every_write_path_gives_one_truth_with_syncs_into_postgresql(
    templates: Templates, postgres_server: str, history: list[Visit], shuffle_seed: int
) -> None:
    note(describe(history))
    scratch = ScratchDatabases(postgres_server)
    try:
        targets = (scratch.create("uxlab_paths_f"), scratch.create("uxlab_paths_g"))
        with tempfile.TemporaryDirectory(prefix="uxlab-paths-") as where:
            check_every_path(Example(Path(where), templates, targets), history, shuffle_seed)
    finally:
        scratch.drop_all()


def test_the_strategy_covers_the_interesting_cases() -> None:
    """The histories do reach what the property is about (kept small: a quick sanity check)."""
    seen: Counter[str] = Counter()

    @settings(max_examples=60, deadline=None, database=None)
    @given(histories())
    def collect(history: list[Visit]) -> None:
        for visit in history:
            latest = visit.start
            for act in visit.acts:
                seen[act.kind if act.author == MODERATOR else OBSERVER] += 1
                seen["late"] += act.at < latest
                seen["timeout"] += act.kind == "task_end" and act.at - latest > 40 * SECOND
                latest = max(latest, act.at)

    collect()
    kinds = ("task_end", "undo", "amend", "answer", "session_end", "reopen", "pause", OBSERVER)
    for kind in (*kinds, "late", "timeout"):
        assert seen[kind], f"no {kind} in 60 histories: {seen}"
