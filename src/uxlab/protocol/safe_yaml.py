"""Reading protocol YAML safely: bounded in size, depth and node count; no anchors, aliases or tags.

A protocol is a small hand-written file, so whatever YAML could do beyond plain mappings, lists
and scalars is refused before any data is built: aliases expand exponentially ("billion laughs")
or into cycles, explicit tags reach constructors that fail on bad text, and every level of
nesting costs a level of recursion. The pure-Python loader is kept for the marks that problems
are located by; the size and node caps keep it to a couple of seconds on the worst input.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Protocol

import yaml

from uxlab.errors import Problem, UxlabError

MAX_BYTES = 1_000_000
MAX_DEPTH = 50
MAX_NODES = 10_000

_YAML_TAG = "tag:yaml.org,2002:"
_KINDS = {f"{_YAML_TAG}int": "a whole number", f"{_YAML_TAG}timestamp": "a date"}
# Line breaks as YAML counts them, so that positions agree with PyYAML's marks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Refused(Exception):
    """Something a protocol may not be or contain, at a 1-based line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def problem(self, source: str) -> Problem:
        return Problem(source, self.line, self.column, "", self.message)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of the character at `offset`."""
    before = text[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - start + 1


def read_text(path: Path) -> str:
    """The text of a protocol file: a regular file of at most MAX_BYTES bytes of UTF-8.

    UxlabError if it cannot be read as a file at all; Refused if its content is too large or
    not UTF-8 (at the line and column of the first bad byte).
    """
    try:
        # Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UxlabError(f"cannot read protocol {path}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UxlabError(f"cannot read protocol {path}: {_kind(mode)}, not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UxlabError(f"cannot read protocol {path}: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:
        raise _too_large()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Columns count characters, not bytes: everything before the bad byte is valid UTF-8.
        prefix = data[: exc.start].decode("utf-8")
        line, column = line_column(prefix, len(prefix))
        bad = data[exc.start]
        raise Refused(
            f"not UTF-8: byte 0x{bad:02x} does not start a valid character; save the file as UTF-8",
            line,
            column,
        ) from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _too_large() -> Refused:
    return Refused(
        f"the protocol is larger than {MAX_BYTES:,} bytes, the limit for a protocol file"
    )


def load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for positions) and the data of one YAML document.

    Refused for anything a protocol may not contain; yaml.YAMLError for text that is not YAML.
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_large()
    loader = _ProtocolLoader(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


class _Mark(Protocol):
    line: int
    column: int


def _refused(message: str, mark: _Mark | None) -> Refused:
    if mark is None:
        return Refused(message)
    return Refused(message, mark.line + 1, mark.column + 1)


class _ProtocolLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and explicit tags, and bounds depth and size."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise _refused(
                f"aliases (*{event.anchor}) are not allowed in a protocol: write the value out",
                mark,
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise _refused(
                f"anchors (&{event.anchor}) are not allowed in a protocol: "
                "write the value out where it is used",
                mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            written = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
            raise _refused(
                f"tags ({written}) are not allowed in a protocol: "
                "write the plain value, in quotes if it is text",
                mark,
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _refused(
                f"more than {MAX_NODES:,} YAML nodes (keys and values), the limit for a protocol",
                mark,
            )
        nests = isinstance(event, yaml.CollectionStartEvent)
        if nests and self._depth >= MAX_DEPTH:
            raise _refused(f"nested deeper than {MAX_DEPTH} levels, the limit for a protocol", mark)
        self._depth += nests
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= nests

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            # Plain scalars that look like a number or a date but are not one Python can hold,
            # such as 2026-02-30 or an integer of 5,000 digits.
            value = str(node.value)
            shown = value if len(value) <= 40 else value[:40] + "…"
            if node.tag == f"{_YAML_TAG}int":
                reason = f"more than {sys.get_int_max_str_digits()} digits"
            else:
                reason = str(exc).split(";")[0]
            kind = _KINDS.get(node.tag, "a value")
            raise _refused(
                f"cannot read {shown!r} as {kind}: {reason}; put it in quotes if it is text",
                node.start_mark,
            ) from None
