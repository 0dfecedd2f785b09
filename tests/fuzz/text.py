"""Mutated files as text and back to the same bytes: what is not UTF-8 survives a round trip,
and a lone surrogate that a mutation writes becomes bytes that are not UTF-8 either."""

from __future__ import annotations

import codecs


def _keep_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding back text read with surrogateescape: the original bytes, and lone surrogates
    that a mutation put in as they would be in CESU-8 (invalid UTF-8, as intended)."""
    assert isinstance(exc, UnicodeEncodeError)
    out = bytearray()
    for char in exc.object[exc.start : exc.end]:
        code = ord(char)
        out += (
            bytes([code - 0xDC00])
            if 0xDC80 <= code <= 0xDCFF
            else char.encode("utf-8", "surrogatepass")
        )
    return bytes(out), exc.end


codecs.register_error("uxlab-fuzz", _keep_bytes)


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "uxlab-fuzz")


def short(value: object, limit: int = 60) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[: limit - 20]}…({len(shown)} chars)"
