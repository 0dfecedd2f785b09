"""The fixed-seed fuzz corpus, run by hand (and by the long profile of the test suite).

    python -m tests.fuzz.corpus --cases 5000                     # SQLite
    python -m tests.fuzz.corpus --cases 1000 --db "$UXLAB_TEST_POSTGRES_URL"
    python -m tests.fuzz.corpus --cases 500 --formats results protocol --first 10000

Case N mutates the seed file of format FORMATS[N % 5] (of the --formats given, in their
order) with seed N (see mutations.mutate), so any case is made again by hand from its format
and number; `--db` names a PostgreSQL server on which scratch databases are made and dropped.

The summary counts the cases accepted and refused, and groups the failures: tracebacks by
exception and innermost uxlab frame, partial imports, errors that name no line, slow cases,
accepted data outside the contract; each group with its first case's mutations and the lines
of its input that differ from the seed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import resource
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.harness import TIME_LIMIT_S, Failure, Outcome, innermost_frame, run_case
from tests.fuzz.mutations import FORMATS, Mutation, mutate
from tests.fuzz.stores import FuzzStore, seed_bytes
from tests.fuzz.text import decode

SLOW_S = 2.0


@dataclass
class Group:
    failure: Failure
    count: int = 0
    cases: list[int] = field(default_factory=list)
    example: str = ""


@dataclass
class Summary:
    ran: int = 0
    accepted: int = 0
    refused: int = 0
    failed: int = 0
    groups: dict[tuple[str, str], Group] = field(default_factory=dict)
    slowest: list[tuple[float, int, str]] = field(default_factory=list)
    by_format: Counter[str] = field(default_factory=Counter)

    def add(
        self, number: int, fmt: str, mutation: Mutation, outcome_failures: list[Failure]
    ) -> None:
        for failure in outcome_failures:
            group = self.groups.setdefault((failure.kind, failure.key), Group(failure))
            group.count += 1
            group.cases.append(number)
            if not group.example:
                group.example = reproducer(number, fmt, mutation)

    def text(self) -> str:
        lines = [
            f"cases run: {self.ran}  accepted: {self.accepted}  refused: {self.refused}  "
            f"failed: {self.failed}",
            "by format: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_format.items())),
        ]
        kinds = Counter({kind: 0 for kind, _ in self.groups})
        for (kind, _), group in self.groups.items():
            kinds[kind] += group.count
        for kind in sorted(kinds):
            found = [g for (k, _), g in self.groups.items() if k == kind]
            lines.append(f"\n== {kind}: {kinds[kind]} in {len(found)} kinds")
            for group in sorted(found, key=lambda g: -g.count):
                lines.append(f"-- {group.count}× {group.failure.key}")
                lines.append(f"   {group.failure.detail.strip()[:300]}")
                lines.append(f"   cases {group.cases[:8]}")
                lines.append("   " + group.example.replace("\n", "\n   "))
        slow = [s for s in sorted(self.slowest, reverse=True) if s[0] >= SLOW_S][:10]
        lines.append(f"\nslow cases (over {SLOW_S:.0f} s): {len(slow)}")
        lines += [f"  {seconds:.1f} s  case {n} ({fmt})" for seconds, n, fmt in slow]
        return "\n".join(lines)


def reproducer(number: int, fmt: str, mutation: Mutation) -> str:
    """How to make the case again, and the lines of it that differ from the seed file, each
    cut to where it differs."""
    seed = decode(seed_bytes(fmt)).splitlines()
    mutated = decode(mutation.data).splitlines()
    matcher = difflib.SequenceMatcher(a=seed, b=mutated, autojunk=False)
    shown: list[str] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds = seed[a0:a1]
        for index, line in enumerate(mutated[b0:b1]):
            old = olds[index] if index < len(olds) else ""
            shown.append(f"line {b0 + index + 1}: {_from_difference(old, line)}")
        if a1 - a0 > b1 - b0:
            shown.append(f"seed lines {a0 + b1 - b0 + 1}-{a1} gone")
    head = f"case {number}: mutate(seed_bytes({fmt!r}), {fmt!r}, {number})"
    more = [f"… {len(shown) - 6} more changed lines"] if len(shown) > 6 else []
    return "\n".join([head, *mutation.steps, *shown[:6], *more])


def _from_difference(old: str, new: str, width: int = 160) -> str:
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    at = min(len(old), len(new)) if at is None else at
    start = max(0, at - 40)
    text = repr(new[start : start + width])
    return (
        ("…" if start else "")
        + text
        + (f"…({len(new):,} chars)" if len(new) > start + width else "")
    )


def run_corpus(
    store: FuzzStore,
    folder: Path,
    numbers: Iterable[int],
    formats: tuple[str, ...] = FORMATS,
    limit: float = TIME_LIMIT_S,
    progress: bool = False,
) -> Summary:
    summary = Summary()
    for number in numbers:
        fmt = formats[number % len(formats)]
        mutation = Mutation(b"", ())
        try:
            mutation = mutate(seed_bytes(fmt), fmt, number)
            outcome = run_case(store, fmt, mutation.data, folder, limit)
        except Exception as exc:  # a fault of the fuzz checks themselves: kept, not fatal
            store.dirty = True
            where = f"{type(exc).__name__} in {innermost_frame(exc, '/tests/fuzz/')}"
            outcome = Outcome(fmt, failures=[Failure("fuzz harness", where, repr(exc)[:300])])
        summary.ran += 1
        summary.by_format[fmt] += 1
        summary.slowest.append((outcome.seconds, number, fmt))
        summary.slowest = sorted(summary.slowest, reverse=True)[:20]
        if outcome.failures:
            summary.failed += 1
            summary.add(number, fmt, mutation, outcome.failures)
        elif outcome.accepted:
            summary.accepted += 1
        else:
            summary.refused += 1
        if progress and summary.ran % 100 == 0:
            print(
                f"{summary.ran} cases, {summary.failed} failed, {_memory()}",
                file=sys.stderr,
                flush=True,
            )
    return summary


def _memory() -> str:
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return f"resident {fields['VmRSS'].strip()}, address space {fields['VmSize'].strip()}"


def _cap_memory(megabytes: int) -> None:
    """A runaway case fails with MemoryError instead of taking the machine down."""
    with open("/proc/self/statm") as statm:
        now = int(statm.read().split()[0]) * resource.getpagesize()
    cap = now + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.corpus", description=__doc__)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--first", type=int, default=0, help="number of the first case")
    parser.add_argument("--db", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--limit", type=float, default=TIME_LIMIT_S, help="seconds per case")
    parser.add_argument("--memory-mb", type=int, default=4000, help="memory cap over start")
    args = parser.parse_args(argv)
    for name in [n for n in os.environ if n.startswith("UXLAB_")]:
        del os.environ[name]
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="uxlab-fuzz-")))
        os.environ["XDG_DATA_HOME"] = str(folder / "xdg-data")
        os.chdir(folder)
        store = _open_store(args.db, folder, stack)
        _cap_memory(args.memory_mb)
        numbers = range(args.first, args.first + args.cases)
        summary = run_corpus(store, folder, numbers, tuple(args.formats), args.limit, True)
    print(summary.text())
    return 1 if summary.failed else 0


def _open_store(server: str | None, folder: Path, stack: ExitStack) -> FuzzStore:
    if server is None:
        return FuzzStore(str(folder / "template.db"), folder / "template")
    from benchmarks.scratch_databases import ScratchDatabases

    scratch = ScratchDatabases(server)
    stack.callback(scratch.drop_all)
    store = FuzzStore(scratch.create("uxlab_fuzz"), folder / "template", server)
    stack.callback(store.close)
    return store


if __name__ == "__main__":
    sys.exit(main())
