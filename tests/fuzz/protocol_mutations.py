"""Mutations of protocol YAML: values and keys of the wrong kind, tags, anchors and aliases
(billion laughs, recursive aliases), deep nesting, huge strings and several documents."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tests.fuzz import values
from tests.fuzz.text import decode, encode, short

# `key: value` on a line of its own, in a mapping or as a list item's first key.
_PAIR = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[\w-]+):(?P<rest>.*)$")


def _pairs(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if _PAIR.match(line)]


def _pick_pair(lines: list[str], rng: random.Random) -> tuple[int, re.Match[str]] | None:
    """A `key: value` line chosen at random, with its parts; None if the text has none."""
    pairs = _pairs(lines)
    if not pairs:
        return None
    index = rng.choice(pairs)
    match = _PAIR.match(lines[index])
    assert match is not None
    return index, match


def yaml_value(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    picked = _pick_pair(lines, rng)
    if picked is None:
        return data, "no key: value line"
    index, match = picked
    value = rng.choice(values.YAML_VALUES)
    lines[index] = f"{match['lead']}{match['key']}: {value}"
    return encode("\n".join(lines)), f"line {index + 1}: {match['key']} = {short(value)}"


def yaml_key(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    picked = _pick_pair(lines, rng)
    if picked is None:
        return data, "no key: value line"
    index, match = picked
    key = rng.choice(values.YAML_KEYS)
    lines[index] = f"{match['lead']}{key}:{match['rest']}"
    return encode("\n".join(lines)), f"line {index + 1}: key {match['key']!r} -> {key!r}"


def billion_laughs(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Each level an anchored list of the level below, repeated: 2**levels strings at the end."""
    levels = rng.randint(3, 12)
    width = rng.choice([2, 9])
    chain = ["l0: &l0 lol"] + [
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]" for n in range(1, levels + 1)
    ]
    text = decode(data)
    if rng.random() < 0.5:
        text = "\n".join(chain) + "\n" + text
    else:
        text = text.rstrip("\n") + "\n" + "\n".join(chain) + "\n"
    return encode(text), f"{levels} levels of aliases, {width} wide"


def recursive_alias(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    shape = rng.choice(
        [
            "loop: &l [*l]",
            "loop: &l {a: *l}",
            "loop: &l\n  - *l",
            "&root\nstudy: x\nself: *root",
            "&r [*r]",
            "tasks: &t\n  - id: a\n    sub: *t",
        ]
    )
    text = decode(data)
    if shape.startswith("&"):
        return encode(shape + "\n"), f"document = {shape!r}"
    return encode(text.rstrip("\n") + "\n" + shape + "\n"), f"appended {shape!r}"


def deep_nesting(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    levels = rng.choice([51, 200, 1000, 5000])
    if rng.random() < 0.5:
        nested = "deep: " + "[" * levels + "]" * levels
    else:
        nested = "\n".join(f"{'  ' * n}k{n}:" for n in range(levels)) + " 1"
    text = decode(data).rstrip("\n") + "\n" + nested + "\n"
    return encode(text), f"{levels} levels of nesting"


def huge_string(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    size = rng.choice([900_000, 999_000, values.MEGABYTE + 1, 5 * values.MEGABYTE])
    lines = decode(data).split("\n")
    pairs = _pairs(lines) or [0]
    index = rng.choice(pairs)
    match = _PAIR.match(lines[index])
    key = match["key"] if match else "title"
    lead = match["lead"] if match else ""
    lines[index] = f"{lead}{key}: {'x' * size}"
    return encode("\n".join(lines)), f"line {index + 1}: {key} = {size:,} characters"


def more_documents(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    extra = rng.choice(["---\nstudy: second\n", "---\n", "...\n---\n- a\n", "--- !!set\n? a\n"])
    return data.rstrip(b"\n") + b"\n" + extra.encode(), f"appended {extra!r}"


def tabs_and_indent(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    indented = [i for i, line in enumerate(lines) if line.startswith(" ")] or [0]
    index = rng.choice(indented)
    lead = rng.choice(["\t", " ", "   ", ""])
    lines[index] = lead + lines[index].lstrip(" ")
    return encode("\n".join(lines)), f"line {index + 1} indented with {lead!r}"


def repeated_key(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    pairs = _pairs(lines)
    if not pairs:
        return data, "no key: value line"
    index = rng.choice(pairs)
    lines.insert(index + 1, lines[index])
    return encode("\n".join(lines)), f"line {index + 1} repeated"


PROTOCOL_OPS: dict[str, Callable[[bytes, random.Random], tuple[bytes, str]]] = {
    "yaml_value": yaml_value,
    "yaml_key": yaml_key,
    "billion_laughs": billion_laughs,
    "recursive_alias": recursive_alias,
    "deep_nesting": deep_nesting,
    "huge_string": huge_string,
    "more_documents": more_documents,
    "tabs_and_indent": tabs_and_indent,
    "repeated_key": repeated_key,
}
