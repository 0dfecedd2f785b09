"""Analysing sessions that ran under several protocol versions (SPEC §6): a task is pooled over
the versions where its definition is the same, and analysed per version where it is not.

A task is the same in two versions when its id, success criterion, time limit and target time
are. Everything here is named by content hash, never by a store's version numbers, so that the
analysis is the same in every store that holds the same sessions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from uxlab.errors import UxlabError

# What makes two versions' task the same task for the analysis.
IDENTITY = ("id", "success", "time_limit", "target_time")
SHORT_HASH = 7  # digits of a content hash wherever one is shown or typed


@dataclass(frozen=True)
class SessionVersion:
    """A protocol version that sessions of the analysis ran under."""

    content_hash: str
    definition: Mapping[str, Any]
    sessions: int


@dataclass(frozen=True)
class Pooling:
    """The definition the analysis runs on (each task naming the versions that feed it under
    `versions`, and the study the versions with their sessions), and where versions were told
    apart."""

    definition: dict[str, Any]
    # (content hash, task id) -> the analysis's task key, for tasks analysed per version
    split: dict[tuple[str, str], str]


def pooled(versions: Sequence[SessionVersion]) -> Pooling:
    """One definition for sessions of `versions`, listed newest first (the first is the base:
    title, variants' order, questionnaires and benchmarks are its)."""
    if not versions:
        raise UxlabError("no protocol version to analyse")
    base = versions[0]
    designs = {v.definition["design"] for v in versions}
    if len(designs) > 1:
        raise UxlabError(
            "the sessions ran under protocol versions of different designs "
            f"({', '.join(sorted(designs))}): choose versions with --protocol-version"
        )
    groups: dict[str, dict[tuple[Any, ...], list[SessionVersion]]] = {}
    specs: dict[tuple[str, tuple[Any, ...]], dict[str, Any]] = {}
    for version in versions:  # the base's tasks first, in its order; then the others' new ones
        for task in version.definition["tasks"]:
            identity = tuple(task.get(key) for key in IDENTITY)
            groups.setdefault(task["id"], {}).setdefault(identity, []).append(version)
            specs.setdefault((task["id"], identity), task)
    tasks: list[dict[str, Any]] = []
    split: dict[tuple[str, str], str] = {}
    for task_id, by_identity in groups.items():
        for identity, holders in by_identity.items():
            hashes = sorted(v.content_hash for v in holders)
            spec = dict(specs[(task_id, identity)])
            if len(by_identity) > 1:
                key = f"{task_id}@{hashes[0][:SHORT_HASH]}"
                spec["title"] = f"{spec['title']} (protocol {hashes[0][:SHORT_HASH]})"
                split.update({(h, task_id): key for h in hashes})
                spec["id"] = key
            spec["versions"] = hashes
            tasks.append(spec)
    variants: dict[str, Any] = {}
    for version in versions:
        for key, text in version.definition["variants"].items():
            variants.setdefault(key, text)
    definition = {
        **base.definition,
        "tasks": tasks,
        "variants": variants,
        "versions": [{"hash": v.content_hash, "sessions": v.sessions} for v in versions],
    }
    return Pooling(definition, split)
