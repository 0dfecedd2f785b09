"""Progress bars for long commands, shown only at a terminal so that piped output and error
messages stay clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; draws a bar on stderr when it is a terminal and there is something
    to measure (length > 0), else nothing."""
    if length <= 0 or not sys.stderr.isatty():
        yield lambda _count: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update
