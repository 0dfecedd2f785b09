"""One fuzz case: a mutated file given to the real command line, in-process, and every promise
of SPEC §5 checked: exit 0 or 1; never a traceback; a refused file leaves every table as it was
and names the file and a line; a file accepted can be exported and imported again without
change; each case within a time and a memory bound."""

from __future__ import annotations

import re
import resource
import signal
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from click.testing import CliRunner

import uxlab.cli.main
from tests.fuzz import contract
from tests.fuzz.stores import RESULTS_AT, FuzzStore, changed_tables
from uxlab.cli.main import cli

# The command each format is given to, and the file name it is written to.
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "events_jsonl": ("case.jsonl", ("import", "{file}")),
    "events_csv": ("case.csv", ("import", "{file}", "--kind", "events")),
    "results": ("case.csv", ("import", "{file}", "--kind", "results", "--at", RESULTS_AT)),
    "problems": ("case.csv", ("import", "{file}", "--kind", "problems")),
    "protocol": ("case.yaml", ("protocol", "validate", "{file}")),
}
# What must still work on a store after an accepted import.
READERS = (
    ("export", "checkout-form", "--format", "jsonl"),
    ("analyze", "checkout-form", "--json"),
    ("problems", "checkout-form", "--json"),
)
TIME_LIMIT_S = 10.0
# Growth of the process's peak resident memory that one case may cause.
MEMORY_LIMIT_MB = 500


class CaseTimeout(BaseException):
    """A case ran past its time limit (not an Exception: no handler in uxlab catches it)."""


@dataclass(frozen=True)
class Failure:
    # traceback, partial import, no line, slow, memory, exit code, broken store,
    # not idempotent, accepted invalid
    kind: str
    key: str  # failures with one key are one kind of failure
    detail: str


@dataclass
class Run:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    memory_mb: float
    exception: BaseException | None = None
    timed_out: bool = False


@dataclass
class Outcome:
    fmt: str
    seconds: float = 0.0
    accepted: bool = False
    said: str = ""  # the first line the command wrote to stderr, file and numbers out
    failures: list[Failure] = field(default_factory=list)


_reported: list[BaseException] = []
_report_internal_error = uxlab.cli.main.report_internal_error


def _remember_internal_error(exc: BaseException, argv: object) -> None:
    _reported.append(exc)
    _report_internal_error(exc, argv)  # type: ignore[arg-type]


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def invoke(url: str, args: tuple[str, ...], limit: float = TIME_LIMIT_S) -> Run:
    """`uxlab ARGS` against the store at `url`, with the exception behind an internal error."""
    _reported.clear()
    uxlab.cli.main.report_internal_error = _remember_internal_error
    peak, start = _peak_mb(), time.perf_counter()
    try:
        with _time_limit(limit):
            result = CliRunner().invoke(cli, list(args), env={"UXLAB_DB": url})
    except CaseTimeout:
        seconds = time.perf_counter() - start
        return Run(args, -1, "", "", seconds, _peak_mb() - peak, timed_out=True)
    finally:
        uxlab.cli.main.report_internal_error = _report_internal_error
    seconds = time.perf_counter() - start
    exception = _reported.pop() if _reported else None
    if exception is None and not isinstance(result.exception, SystemExit | None):
        exception = result.exception
    memory = _peak_mb() - peak
    return Run(args, result.exit_code, result.stdout, result.stderr, seconds, memory, exception)


def innermost_frame(exc: BaseException, marker: str = "/uxlab/") -> str:
    """`uxlab/module.py:function` of the deepest frame below a folder named by `marker` that
    the exception passed through (uxlab's tests left out)."""
    frames = [
        (frame, frame.filename.rpartition(marker)[2])
        for frame in traceback.extract_tb(exc.__traceback__)
        if marker in frame.filename
    ]
    ours = [(frame, path) for frame, path in frames if not path.startswith("tests/")]
    if not ours:
        return "?"
    frame, path = ours[-1]
    return f"{marker.strip('/')}/{path}:{frame.name}"


def _name(exc: BaseException) -> str:
    """The exception's class, with its module where that is not Python's builtins."""
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def names_a_line(stderr: str, path: Path) -> bool:
    return re.search(re.escape(str(path)) + r"(?::\d+:|, line \d+)", stderr) is not None


def _gist(stderr: str, path: Path, first: bool = False) -> str:
    """The error's last (or first) line with the file and numbers taken out: a key to group
    by."""
    lines = stderr.strip().splitlines() or [""]
    line = (lines[0] if first else lines[-1]).replace(str(path), "FILE")
    return re.sub(r"\d+", "N", line)[:90]


def check_run(
    run: Run, path: Path, store: FuzzStore, before: dict[str, list[str]]
) -> list[Failure]:
    """What `run` broke of the promises; the store is marked for a reset where it changed."""
    command = " ".join(run.args[:2]).replace(str(path), "FILE")
    failures: list[Failure] = []
    if run.memory_mb > MEMORY_LIMIT_MB:
        failures.append(
            Failure("memory", command, f"peak memory grew {run.memory_mb:.0f} MB in {command}")
        )
    if run.timed_out:
        store.dirty = True
        return [*failures, Failure("slow", command, f"{command} ran past {run.seconds:.1f} s")]
    if run.exception is not None:
        exc = run.exception
        key = f"{_name(exc)} in {innermost_frame(exc)}"
        # What the failing frames held (a case's data, perhaps a gigabyte of it) is let go.
        traceback.clear_frames(exc.__traceback__)
        message = (str(exc).strip().splitlines() or [""])[0][:200]
        failures.append(Failure("traceback", f"{command}: {key}", f"{key}: {message}"))
    elif run.code not in (0, 1):
        failures.append(Failure("exit code", f"{command}: {run.code}", run.stderr[-300:]))
    if run.code == 0:
        store.dirty = True
        return failures
    after = store.dump()
    changed = changed_tables(before, after)
    if changed:
        store.dirty = True
        failures.append(
            Failure("partial import", f"{command}: {', '.join(changed)}", f"changed {changed}")
        )
    if run.exception is None and run.code == 1 and not names_a_line(run.stderr, path):
        failures.append(Failure("no line", f"{command}: {_gist(run.stderr, path)}", run.stderr))
    return failures


def run_case(store: FuzzStore, fmt: str, data: bytes, folder: Path, limit: float) -> Outcome:
    """Give `data` to the command for `fmt`, then check the store and what was said."""
    store.reset()
    name, template = COMMANDS[fmt]
    path = folder / name
    path.write_bytes(data)
    args = tuple(arg.format(file=path) for arg in template)
    outcome = Outcome(fmt)
    run = invoke(store.url, args, limit)
    outcome.seconds = run.seconds
    outcome.said = _gist(run.stderr, path, first=True)
    outcome.failures = check_run(run, path, store, store.clean)
    if run.code == 0 and not outcome.failures:
        outcome.accepted = True
        outcome.failures += _after_accepting(store, fmt, path, args, limit)
    return outcome


def _after_accepting(
    store: FuzzStore, fmt: str, path: Path, args: tuple[str, ...], limit: float
) -> list[Failure]:
    """A protocol that validates is loaded; an accepted import is imported again, changing
    nothing, and the study is exported, analyzed and its problems listed."""
    if fmt == "protocol":
        load = invoke(store.url, ("protocol", "load", str(path)), limit)
        failures = check_run(load, path, store, store.clean)
        return failures + [
            Failure("accepted invalid", rule, rule)
            for rule in contract.protocol_breaches(path.read_bytes())
        ]
    imported = store.dump()
    again = invoke(store.url, args, limit)
    failures = check_run(again, path, store, imported)
    if again.code == 1:
        gist = _gist(again.stderr, path)
        failures.append(Failure("not idempotent", f"{fmt} imported again: {gist}", again.stderr))
    elif again.code == 0 and not failures and store.dump() != imported:
        failures.append(Failure("not idempotent", f"{fmt} imported again: changed", ""))
    for command in READERS:
        read = invoke(store.url, command, limit)
        if read.code != 0 or read.exception is not None:
            what = (
                f"{_name(read.exception)} in {innermost_frame(read.exception)}"
                if read.exception is not None
                else _gist(read.stderr, path)
            )
            key = f"{command[0]} after {fmt}: {what}"
            failures.append(Failure("broken store", key, read.stderr[-300:]))
        elif command[0] in ("export", "problems"):
            check = contract.breaches if command[0] == "export" else contract.problem_list_breaches
            failures += [
                Failure("accepted invalid", f"{fmt}: {rule}", rule) for rule in check(read.stdout)
            ]
    return failures
