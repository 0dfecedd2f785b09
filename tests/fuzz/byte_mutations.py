"""Mutations of any file as bytes and lines: flipped bits, truncation, lines deleted, repeated
or shuffled, other line endings, byte order marks, bytes that are not UTF-8, control bytes, a
huge line, blank lines, only the first line."""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.fuzz import values


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def flip_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return data, "nothing to flip"
    out = bytearray(data)
    spots = sorted(rng.randrange(len(out)) for _ in range(rng.randint(1, 8)))
    for spot in spots:
        out[spot] ^= 1 << rng.randrange(8)
    return bytes(out), f"bits flipped at bytes {spots}"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randrange(len(data) + 1)
    return data[:cut], f"cut at byte {cut} of {len(data)}"


def delete_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    if not lines:
        return data, "no line to delete"
    index = rng.randrange(len(lines))
    del lines[index]
    return b"".join(lines), f"line {index + 1} deleted"


def duplicate_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    if not lines:
        return data, "no line to repeat"
    index = rng.randrange(len(lines))
    line = lines[index] if lines[index].endswith(b"\n") else lines[index] + b"\n"
    to = rng.randrange(len(lines) + 1)
    lines.insert(to, line)
    return b"".join(lines), f"line {index + 1} repeated at line {to + 1}"


def shuffle_lines(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = [line.rstrip(b"\r\n") for line in _lines(data)]
    if rng.random() < 0.5 and len(lines) > 1:
        a, b = rng.sample(range(len(lines)), 2)
        lines[a], lines[b] = lines[b], lines[a]
        what = f"lines {a + 1} and {b + 1} swapped"
    else:
        rng.shuffle(lines)
        what = "every line shuffled"
    return b"\n".join(lines) + b"\n", what


def line_endings(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    ending = rng.choice([b"\r", b"\r\n", b"\n\n", b"\x85", b"\xe2\x80\xa8"])
    return ending.join(line.rstrip(b"\r\n") for line in _lines(data)), f"line endings {ending!r}"


def byte_order_mark(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    mark = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf\xef\xbb\xbf"])
    lines = _lines(data)
    at = rng.choice([0, 0, min(1, len(lines))])
    lines.insert(at, mark)
    return b"".join(lines), f"byte order mark {mark!r} before line {at + 1}"


def not_utf8(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    bad = rng.choice([b"\xff", b"\xc3\x28", b"\xe9", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80"])
    at = rng.randrange(len(data) + 1)
    return data[:at] + bad + data[at:], f"bytes {bad!r} at byte {at}"


def control_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    bad = rng.choice([b"\x00", b"\x1b[2J", b"\x0c", b"\x7f", b"\x1a"])
    at = rng.randrange(len(data) + 1)
    return data[:at] + bad + data[at:], f"bytes {bad!r} at byte {at}"


def huge_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines) + 1)
    size = rng.choice([values.MEGABYTE, 3 * values.MEGABYTE])
    lines.insert(at, b"x" * size + (b"\n" if rng.random() < 0.5 else b""))
    return b"".join(lines), f"a line of {size:,} bytes at line {at + 1}"


def blank_lines(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines) + 1)
    lines.insert(at, rng.choice([b"\n", b"   \n", b"\t\n", b"\n\n\n", b"\xc2\xa0\n"]))
    return b"".join(lines), f"blank line at line {at + 1}"


def keep_head(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    keep = rng.choice([0, 1])
    return b"".join(_lines(data)[:keep]), f"only the first {keep} lines kept"


BYTE_OPS: dict[str, Callable[[bytes, random.Random], tuple[bytes, str]]] = {
    "flip_bytes": flip_bytes,
    "truncate": truncate,
    "delete_line": delete_line,
    "duplicate_line": duplicate_line,
    "shuffle_lines": shuffle_lines,
    "line_endings": line_endings,
    "byte_order_mark": byte_order_mark,
    "not_utf8": not_utf8,
    "control_bytes": control_bytes,
    "huge_line": huge_line,
    "blank_lines": blank_lines,
    "keep_head": keep_head,
}
