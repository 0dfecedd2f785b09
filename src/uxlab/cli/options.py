"""Options shared by many commands, and opening the store they name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from uxlab.config import AUTHOR_ENV, DB_ENV, PROTOCOLS_ENV, default_protocols_dir, default_store
from uxlab.recording.limits import LONG, SHORT, string_problem

F = TypeVar("F", bound=Callable[..., object])


def option_name(param: click.Parameter | None, fallback: str) -> str:
    """How the user typed the option (`--participant`), or the argument's metavar (`CODE`)."""
    if param is None:
        return fallback
    long = [opt for opt in param.opts if opt.startswith("--")]
    return long[0] if long else param.human_readable_name


class Text(click.ParamType[str]):
    """Text that must say something: an empty or blank value is refused, naming the option."""

    name = "text"

    def __init__(self, limit: int = LONG) -> None:
        self.limit = limit

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        from uxlab.errors import InvalidOption

        text = str(value)
        if not text.strip():
            raise InvalidOption(option_name(param, "value"), f"must not be empty, got {text!r}")
        why = string_problem(text, "the value", self.limit)
        if why is not None:
            raise InvalidOption(option_name(param, "value"), why)
        return text


class Time(click.ParamType["datetime"]):
    """An ISO-8601 time, as UTC; a time without a zone is local time."""

    name = "ISO-8601"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        from uxlab.errors import InvalidOption, UxlabError
        from uxlab.recording.times import parse_timestamp

        if isinstance(value, datetime):
            return value
        try:
            return parse_timestamp(str(value))
        except UxlabError as exc:
            raise InvalidOption(option_name(param, "time"), str(exc)) from None


class Fraction(click.FloatRange):
    """A number within a range: NaN, which compares false with every bound, is refused too."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        number: float = super().convert(value, param, ctx)
        if number != number:  # NaN
            self.fail(f"{value!r} is not a number.", param, ctx)
        return number


class Output(click.Path):
    """A file or folder to write: an empty name is refused, not taken as this folder."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from uxlab.errors import InvalidOption

        if not str(value).strip():
            raise InvalidOption(option_name(param, "--out"), f"must not be empty, got {value!r}")
        return super().convert(value, param, ctx)


TEXT = Text()
NAME = Text(SHORT)
TIME = Time()
OUTPUT = Output()


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db",
        envvar=DB_ENV,
        default=default_store,
        show_default="the per-user store (see `uxlab info`)",
        metavar="URL",
        type=TEXT,
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
        type=TIME,
        metavar="ISO-8601",
        help="When it happened (default: now); a time without a zone is local time.",
    )(function)


def author_option(function: F) -> F:
    return click.option(
        "--author",
        envvar=AUTHOR_ENV,
        type=NAME,
        metavar="NAME",
        help=f"Who logs it (default: the session's moderator). Env: {AUTHOR_ENV}.",
    )(function)


def when(at: datetime | None) -> datetime:
    """The time given with --at, or now."""
    from uxlab.recording.times import utc_now

    return at or utc_now()


def force_option(function: F) -> F:
    return click.option("--force", is_flag=True, help="Overwrite files that exist already.")(
        function
    )


def typed_number(text: str, what: str) -> int | float:
    """A number typed on the command line, whole where it is (`5`, not `5.0`), within the
    bounds every stored number keeps."""
    from uxlab.errors import InvalidEvent
    from uxlab.recording.limits import MAX_VALUE

    try:
        value = float(text)
    except ValueError:
        raise InvalidEvent(f"{what}: expected a number, got {text!r}") from None
    if not -MAX_VALUE <= value <= MAX_VALUE:  # NaN fails both comparisons
        raise InvalidEvent(
            f"{what}: expected a number from {-MAX_VALUE:,.0f} to {MAX_VALUE:,.0f}, got {text!r}"
        )
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
        type=Fraction(0.5, 0.999),
        default=0.95,
        show_default=True,
        help="Confidence level of intervals (and 1 − C, the level at which p-values are flagged).",
    )(function)


def protocol_version_option(function: F) -> F:
    return click.option(
        "--protocol-version",
        "versions",
        type=NAME,
        multiple=True,
        help="Only sessions of this protocol version: its number or the start of its hash "
        "(repeatable; default: every version, tasks pooled where they are the same).",
    )(function)


def times_option(function: F) -> F:
    return click.option(
        "--times",
        type=click.Choice(["successful", "all"]),
        default="successful",
        show_default=True,
        help="Which attempts' times count.",
    )(function)
