"""Positions in a YAML document: from a data path like ('tasks', 1, 'time_limit') to line:column."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """`tasks[1].time_limit` for ('tasks', 1, 'time_limit')."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def position(root: yaml.Node | None, path: Sequence[PathPart]) -> tuple[int, int]:
    """1-based line and column of what `path` names, or of its nearest existing ancestor.

    A mapping entry is located at its key, where a reader looks for it.
    """
    if root is None:
        return 1, 1
    node: yaml.Node = root
    mark = node.start_mark
    for part in path:
        if isinstance(node, yaml.MappingNode):
            entry = next(
                (
                    (k, v)
                    for k, v in node.value
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part)
                ),
                None,
            )
            if entry is None:
                break
            key, node = entry
            mark = key.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def duplicate_keys(root: yaml.Node | None) -> Iterator[tuple[list[PathPart], yaml.Node, int]]:
    """Every key that repeats in its mapping: (mapping path, repeated key, first line)."""
    if root is None:
        return
    stack: list[tuple[list[PathPart], yaml.Node]] = [([], root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name is not None and name in seen:
                    yield path, key, seen[name]
                elif name is not None:
                    seen[name] = key.start_mark.line + 1
                stack.append(([*path, name if name is not None else "?"], value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(([*path, i], item) for i, item in enumerate(node.value))
