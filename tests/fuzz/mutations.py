"""A deterministic mutation engine for uxlab's exchange files and protocols.

`mutate(data, fmt, seed)` applies one to three mutations chosen by `random.Random(seed)` to
the bytes of a valid file, so that a case is reproduced by hand from its format and seed
(`mutate(seed_bytes("results"), "results", 1234)`); `ops` names the mutations instead, as the
hypothesis tests draw them. Each mutation says in a few words what it did.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tests.fuzz.byte_mutations import BYTE_OPS
from tests.fuzz.csv_mutations import CSV_OPS
from tests.fuzz.json_mutations import JSON_OPS
from tests.fuzz.protocol_mutations import PROTOCOL_OPS

FORMATS = ("events_jsonl", "events_csv", "results", "problems", "protocol")
Op = Callable[[bytes, random.Random], tuple[bytes, str]]


@dataclass(frozen=True)
class Mutation:
    data: bytes
    steps: tuple[str, ...]


# The mutations of each format: its own, then those of bytes and lines.
OPS: dict[str, dict[str, Op]] = {
    "events_jsonl": JSON_OPS,
    "events_csv": CSV_OPS,
    "results": CSV_OPS,
    "problems": CSV_OPS,
    "protocol": PROTOCOL_OPS,
}
# How often each mutation is chosen, against 1 for the others: edge values in fields and cells
# reach furthest into the importers; those that make a megabyte cost the most time.
WEIGHTS = {
    "json_field": 6.0,
    "csv_cell": 6.0,
    "yaml_value": 5.0,
    "yaml_key": 2.0,
    "json_same_as_other": 2.0,
    "csv_row_shape": 2.0,
    "csv_header": 2.0,
    "billion_laughs": 2.0,
    "huge_line": 0.3,
    "json_huge_field": 0.5,
    "csv_huge_cell": 0.5,
    "huge_string": 0.5,
}


def op_names(fmt: str) -> list[str]:
    return [*OPS[fmt], *BYTE_OPS]


def _op(fmt: str, name: str) -> Op:
    return OPS[fmt].get(name) or BYTE_OPS[name]


def choose_ops(fmt: str, rng: random.Random) -> list[str]:
    """One to three mutation names, by WEIGHTS."""
    names = op_names(fmt)
    count = rng.choices([1, 2, 3], weights=[0.7, 0.2, 0.1])[0]
    return rng.choices(names, weights=[WEIGHTS.get(name, 1.0) for name in names], k=count)


def mutate(data: bytes, fmt: str, seed: int, ops: Sequence[str] | None = None) -> Mutation:
    """The mutated file and what was done, all decided by `seed` (and `ops` where given)."""
    rng = random.Random(seed)
    names = list(ops) if ops is not None else choose_ops(fmt, rng)
    steps = []
    for name in names:
        data, step = _op(fmt, name)(data, rng)
        steps.append(f"{name}: {step}")
    return Mutation(data, tuple(steps))
