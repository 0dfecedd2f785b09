"""Options shared by many commands, and opening the store they name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import click

from uxlab.config import AUTHOR_ENV, DB_ENV, PROTOCOLS_ENV, default_protocols_dir, default_store

F = TypeVar("F", bound=Callable[..., object])


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db",
        envvar=DB_ENV,
        default=default_store,
        show_default="the per-user store (see `uxlab info`)",
        metavar="URL",
        help=f"Store: an SQLite path or a database URL (postgresql://…). Env: {DB_ENV}.",
    )(function)


def protocols_option(function: F) -> F:
    return click.option(
        "--protocols",
        "protocols_dir",
        envvar=PROTOCOLS_ENV,
        default=default_protocols_dir,
        show_default="./protocols",
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Protocol folder. Env: {PROTOCOLS_ENV}.",
    )(function)


def at_option(function: F) -> F:
    return click.option(
        "--at",
        "at",
        metavar="ISO-8601",
        help="When it happened (default: now); a time without a zone is local time.",
    )(function)


def author_option(function: F) -> F:
    return click.option(
        "--author",
        envvar=AUTHOR_ENV,
        metavar="NAME",
        help=f"Who logs it (default: the session's moderator). Env: {AUTHOR_ENV}.",
    )(function)


def when(at: str | None) -> datetime:
    """The time given with --at, or now."""
    from uxlab.recording.times import parse_timestamp, utc_now

    return parse_timestamp(at) if at else utc_now()


def typed_number(text: str, what: str) -> int | float:
    """A number typed on the command line, whole where it is (`5`, not `5.0`)."""
    from uxlab.errors import InvalidEvent

    try:
        value = float(text)
    except ValueError:
        raise InvalidEvent(f"{what}: expected a number, got {text!r}") from None
    return int(value) if value.is_integer() else value


def attribute_option(function: F) -> F:
    return click.option(
        "--attribute",
        "attributes",
        multiple=True,
        metavar="KEY=VALUE",
        help="A participant attribute such as segment=novice (repeatable); no names or PII.",
    )(function)


def parse_attributes(given: tuple[str, ...]) -> dict[str, str]:
    from uxlab.errors import UxlabError

    found: dict[str, str] = {}
    for item in given:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UxlabError(f"--attribute expects KEY=VALUE, got {item!r}")
        found[key.strip()] = value.strip()
    return found


def variant_order(given: tuple[str, ...]) -> list[str]:
    """`-v A -v B` or `-v A,B`: the variants in the order given."""
    return [v.strip() for item in given for v in item.split(",") if v.strip()]


def confidence_option(function: F) -> F:
    return click.option(
        "--confidence",
        type=click.FloatRange(0.5, 0.999),
        default=0.95,
        show_default=True,
        help="Confidence level of intervals (and 1 − C, the level at which p-values are flagged).",
    )(function)


def times_option(function: F) -> F:
    return click.option(
        "--times",
        type=click.Choice(["successful", "all"]),
        default="successful",
        show_default=True,
        help="Which attempts' times count.",
    )(function)
