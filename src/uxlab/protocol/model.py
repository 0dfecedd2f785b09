"""The protocol format (SPEC §3) as typed models; also the source of `uxlab protocol schema`."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from uxlab.protocol.durations import DURATION_PATTERN, parse_duration
from uxlab.recording.limits import MAX_COUNT, MAX_SECONDS, MAX_VALUE, string_problem
from uxlab.recording.vocabulary import MARKER_COUNTS

SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_SLUG = re.compile(SLUG_PATTERN)

BUILTIN_POST_TASK = ("seq",)
BUILTIN_POST_SESSION = ("sus", "umux-lite", "nps")


def _duration_seconds(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str):
        try:
            seconds = parse_duration(value)
        except ValueError:
            seconds = -1.0
    else:
        seconds = -1.0
    if not 0 < seconds <= MAX_SECONDS:  # NaN and infinity (`.inf`) are not durations either
        raise PydanticCustomError(
            "duration",
            "expected a duration like 90s or 3m, at most a day, got {got}",
            {"got": repr(value)},
        )
    return seconds


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 64:  # `$` would let a newline end it
        raise PydanticCustomError(
            "slug",
            "expected an id of letters, digits, '.', '_' or '-' (at most 64), got {got}",
            {"got": repr(value)},
        )
    return value


Duration = Annotated[
    float,
    BeforeValidator(_duration_seconds),
    WithJsonSchema(
        {
            "description": "A duration such as 90s, 3m, 1m30s or 1h, or a number of seconds.",
            "anyOf": [
                {"type": "string", "pattern": DURATION_PATTERN},
                {"type": "number", "exclusiveMinimum": 0},
            ],
        }
    ),
]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 64}),
]


def _storable(value: str) -> str:
    why = string_problem(value, "the text")
    if why is not None:
        raise PydanticCustomError("text", why.removeprefix("the text "))
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_storable)
]
# A product version as people write it: `2.1`, `2026.11` or `beta 3` (a number becomes text).
Fact = Annotated[
    Text,
    BeforeValidator(
        lambda v: str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
    ),
    WithJsonSchema({"type": ["string", "number"]}),
]
TITLE_PAGE_FACTS = ("product", "version", "author", "objectives")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Task(_Strict):
    """One instruction the participant attempts."""

    id: Slug
    title: Text
    scenario: Text = Field(description="The text the moderator reads aloud.")
    success: Text = Field(description="The success criterion.")
    time_limit: Duration | None = Field(
        default=None, description="Over this limit the attempt ends as timeout."
    )
    target_time: Duration | None = Field(
        default=None, description="The time specification for benchmarks and SUM."
    )
    optimal_steps: Annotated[int, Field(gt=0, le=MAX_COUNT)] | None = Field(
        default=None, description="For steps-vs-optimal efficiency."
    )


class Item(_Strict):
    """A custom Likert item, usable in post_task or post_session."""

    id: Slug
    text: Text
    min: Annotated[int, Field(ge=-MAX_VALUE, le=MAX_VALUE)] = 1
    max: Annotated[int, Field(ge=-MAX_VALUE, le=MAX_VALUE)] = 7


class Questionnaires(_Strict):
    post_task: list[Slug] = Field(default_factory=list, description="seq, or ids of custom items.")
    post_session: list[Slug] = Field(
        default_factory=list, description="sus, umux-lite, nps, or ids of custom items."
    )
    items: list[Item] = Field(default_factory=list, description="Custom Likert items.")


class Benchmarks(_Strict):
    completion: Annotated[float, Field(ge=0, le=1)] | None = None
    seq: Annotated[float, Field(ge=1, le=7)] | None = None
    sus: Annotated[float, Field(ge=0, le=100)] | None = None


class Marker(_Strict):
    """An extra one-key event type for the live logger."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=1)]
    name: Slug
    counts_as: Literal[MARKER_COUNTS]  # type: ignore[valid-type]


class Protocol(_Strict):
    """A study definition: tasks, design variants, questionnaires, benchmarks, markers."""

    model_config = ConfigDict(title="uxlab protocol")

    study: Slug
    title: Text
    product: Text | None = Field(default=None, description="The product under test.")
    version: Fact | None = Field(default=None, description="The product version under test.")
    author: Text | None = Field(default=None, description="Who wrote the report.")
    objectives: Text | None = Field(default=None, description="What the test is to learn.")
    design: Literal["between", "within"]
    variants: Annotated[dict[Slug, Text], Field(min_length=1)]
    tasks: Annotated[list[Task], Field(min_length=1)]
    questionnaires: Questionnaires = Field(default_factory=Questionnaires)
    benchmarks: Benchmarks | None = None
    markers: list[Marker] = Field(default_factory=list)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def definition(self) -> dict[str, Any]:
        """The protocol as plain JSON data, durations in seconds, defaults filled in."""
        data = self.model_dump(mode="json")
        # The title-page facts came after the first protocols were stored: left out where not
        # given, so that those protocols keep their content hash.
        for key in TITLE_PAGE_FACTS:
            if data[key] is None:
                del data[key]
        return data

    def content_hash(self) -> str:
        """SHA-256 of the protocol's canonical JSON: comments, layout and spelling
        (`3m` or `180s`) do not change it, any change of meaning does."""
        canonical = json.dumps(
            self.definition(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
