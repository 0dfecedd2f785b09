"""Validating protocol text: every problem at once, each with file, line, column and path."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from uxlab.errors import Problem, ProtocolInvalid
from uxlab.protocol.locate import PathPart, duplicate_keys, format_path, position
from uxlab.protocol.model import BUILTIN_POST_SESSION, BUILTIN_POST_TASK, Protocol
from uxlab.protocol.safe_yaml import Refused, line_column, load_yaml, read_text
from uxlab.recording.vocabulary import DEFAULT_KEYS, EVENT_TYPES

Found = tuple[list[PathPart], str]


def read_protocol(path: Path) -> tuple[Protocol, str]:
    """Validate a protocol file; returns the model and the exact text it was read from."""
    try:
        text = read_text(path)
    except Refused as exc:
        raise ProtocolInvalid([exc.problem(str(path))]) from None
    return parse_protocol(text, str(path)), text


def parse_protocol(text: str, source: str) -> Protocol:
    """Validate protocol text; raises ProtocolInvalid listing every problem, sorted by place."""
    try:
        root, data = load_yaml(text)
    except Refused as exc:
        raise ProtocolInvalid([exc.problem(source)]) from None
    except yaml.YAMLError as exc:
        line, column = _yaml_error_position(exc, text)
        reason = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
        raise ProtocolInvalid(
            [Problem(source, line, column, "", f"not valid YAML: {reason}")]
        ) from None

    if data is None:
        raise ProtocolInvalid([Problem(source, 1, 1, "", "the protocol is empty")])
    if not isinstance(data, dict):
        raise ProtocolInvalid(
            [
                Problem(
                    source,
                    1,
                    1,
                    "",
                    "expected a mapping with study, title, design, variants and tasks",
                )
            ]
        )

    found: list[tuple[int, int, str, str]] = []
    for path, key, first_line in duplicate_keys(root):
        where = key.start_mark
        found.append(
            (
                where.line + 1,
                where.column + 1,
                format_path(path),
                f"duplicate key '{key.value}' (first on line {first_line})",
            )
        )

    protocol: Protocol | None = None
    try:
        protocol = Protocol.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path, message = _describe(error)
            line, column = position(root, path)
            found.append((line, column, format_path(path), message))

    for path, message in cross_checks(data):
        line, column = position(root, path)
        found.append((line, column, format_path(path), message))

    if found or protocol is None:
        problems = [Problem(source, *entry) for entry in sorted(set(found))]
        raise ProtocolInvalid(problems)
    return protocol


def _yaml_error_position(exc: yaml.YAMLError, text: str) -> tuple[int, int]:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    offset = getattr(exc, "position", None)  # a ReaderError: a character YAML does not allow
    if isinstance(offset, int):
        return line_column(text, offset)
    return 1, 1


def _describe(error: ErrorDetails) -> tuple[list[PathPart], str]:
    """Our wording of one pydantic error, and the data path it belongs at."""
    path: list[PathPart] = [p for p in error["loc"] if p != "[key]"]
    kind = error["type"]
    got = error.get("input")
    if kind == "missing":
        return path[:-1], f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        name = str(path[-1])
        return path, f"unknown key '{name}'{_suggestion(name, _model_at(path[:-1]))}"
    if kind in ("string_too_short", "too_short") and not got:
        return path, "must not be empty"
    message = error["msg"]
    if message.startswith("Input should be "):
        message = "expected " + message.removeprefix("Input should be ")
    elif " should " in message and not kind.startswith(("duration", "slug")):
        message = "must " + message.split(" should ", 1)[1]
    if kind not in ("duration", "slug") and _is_scalar(got):
        message += f", got {got!r}"
    return path, message


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _model_at(path: Sequence[PathPart]) -> type[BaseModel] | None:
    """The model class that the mapping at `path` is validated against, for key suggestions."""
    model: Any = Protocol
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        model = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _suggestion(name: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return ""
    close = difflib.get_close_matches(name, list(model.model_fields), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def cross_checks(data: dict[str, Any]) -> Iterator[Found]:
    """Rules that span several fields; tolerant of the shape errors pydantic reports itself."""
    yield from _duplicate_ids(data.get("tasks"), ["tasks"], "task")
    questionnaires = data.get("questionnaires")
    if isinstance(questionnaires, dict):
        yield from _questionnaire_checks(questionnaires)
    markers = data.get("markers")
    if isinstance(markers, list):
        yield from _marker_checks(markers)
    variants = data.get("variants")
    if data.get("design") == "within" and isinstance(variants, dict) and len(variants) < 2:
        yield ["design"], "a within design needs at least two variants"


def _ids(items: object) -> Iterator[tuple[int, Any]]:
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict) and "id" in item:
                yield index, item["id"]


def _duplicate_ids(items: object, path: list[PathPart], what: str) -> Iterator[Found]:
    first: dict[Any, int] = {}
    for index, ident in _ids(items):
        if not isinstance(ident, str | int):
            continue
        if ident in first:
            yield (
                [*path, index, "id"],
                f"duplicate {what} id '{ident}' (also {format_path([*path, first[ident]])})",
            )
        else:
            first[ident] = index


def _questionnaire_checks(questionnaires: dict[str, Any]) -> Iterator[Found]:
    items = questionnaires.get("items")
    yield from _duplicate_ids(items, ["questionnaires", "items"], "item")
    custom = {ident for _, ident in _ids(items)}
    for index, item in enumerate(items if isinstance(items, list) else []):
        low, high = (item.get("min", 1), item.get("max", 7)) if isinstance(item, dict) else (1, 7)
        if isinstance(low, int) and isinstance(high, int) and low >= high:
            yield (
                ["questionnaires", "items", index, "max"],
                f"max must be greater than min ({high} <= {low})",
            )
    for moment, builtin in (
        ("post_task", BUILTIN_POST_TASK),
        ("post_session", BUILTIN_POST_SESSION),
    ):
        names = questionnaires.get(moment)
        if not isinstance(names, list):
            continue
        seen: set[str] = set()
        for index, name in enumerate(names):
            if not isinstance(name, str):
                continue
            if name in seen:
                yield ["questionnaires", moment, index], f"'{name}' is listed twice"
            seen.add(name)
            if name not in builtin and name not in custom:
                known = ", ".join(builtin)
                yield (
                    ["questionnaires", moment, index],
                    f"unknown questionnaire '{name}': expected {known} "
                    "or the id of an item under questionnaires.items",
                )


def _marker_checks(markers: list[Any]) -> Iterator[Found]:
    reserved = {key: action for action, key in DEFAULT_KEYS.items()}
    keys: dict[str, int] = {}
    names: dict[str, int] = {}
    for index, marker in enumerate(markers):
        if not isinstance(marker, dict):
            continue
        key, name = marker.get("key"), marker.get("name")
        if isinstance(key, str):
            if key in reserved:
                yield (
                    ["markers", index, "key"],
                    f"key '{key}' is the logger's key for {reserved[key].replace('_', ' ')}",
                )
            elif key in keys:
                yield (
                    ["markers", index, "key"],
                    f"key '{key}' is already used by markers[{keys[key]}]",
                )
            keys.setdefault(key, index)
        if isinstance(name, str):
            if name in EVENT_TYPES:
                yield ["markers", index, "name"], f"'{name}' is a built-in event type"
            elif name in names:
                yield (
                    ["markers", index, "name"],
                    f"marker name '{name}' is already used by markers[{names[name]}]",
                )
            names.setdefault(name, index)
