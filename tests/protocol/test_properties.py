"""Property: any document gives either a valid protocol or located problems, never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uxlab.errors import ProtocolInvalid
from uxlab.protocol.model import Protocol
from uxlab.protocol.validate import parse_protocol

REPO = Path(__file__).resolve().parents[2]
SHIPPED = yaml.safe_load((REPO / "protocols" / "checkout-form.yaml").read_text("utf-8"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["90s", "3m", "soon", "between", "within", "seq", "A"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=10), st.sampled_from([*list(SHIPPED), "id", "key"])),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def check(text: str) -> None:
    lines = text.count("\n") + 1
    try:
        result = parse_protocol(text, "doc.yaml")
    except ProtocolInvalid as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.source == "doc.yaml"
            assert 1 <= problem.line <= lines + 1
            assert problem.column >= 1
            assert problem.message
        return
    assert isinstance(result, Protocol)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents(document: Any) -> None:
    check(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    check(text)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in node.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(node)]


@settings(max_examples=300)
@given(st.sampled_from(_paths(SHIPPED)), documents)
def test_mutations_of_a_valid_protocol(path: tuple[Any, ...], value: Any) -> None:
    check(yaml.safe_dump(_replace(SHIPPED, path, value), allow_unicode=True, sort_keys=False))
