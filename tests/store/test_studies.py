"""Protocol versions: immutable, numbered, deduplicated by content."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from uxlab.errors import NoSuchStudy, UxlabError
from uxlab.protocol.validate import parse_protocol, read_protocol
from uxlab.store.engine import Store
from uxlab.store.models import ProtocolVersion, Task, Variant
from uxlab.store.studies import list_studies, load_protocol, protocol_version, study_versions


def test_load_edit_reload(store: Store, checkout_protocol: Path) -> None:
    protocol, text = read_protocol(checkout_protocol)
    with store.writing() as session:
        first = load_protocol(session, protocol, text, "a.yaml")
    with store.writing() as session:
        again = load_protocol(session, protocol, text + "\n# a comment\n", "a.yaml")
    edited_text = text.replace("Check out as a guest", "Buy as a guest")
    edited = parse_protocol(edited_text, "a.yaml")
    with store.writing() as session:
        second = load_protocol(session, edited, edited_text, "a.yaml")

    assert (first.number, first.new_version, first.new_study) == (1, True, True)
    assert (again.number, again.new_version) == (1, False)
    assert (second.number, second.new_version, second.new_study) == (2, True, False)
    with store.reading() as session:
        old = protocol_version(session, "checkout-form", 1)
        new = protocol_version(session, "checkout-form")
        assert old.content == text
        assert new.number == 2 and new.content == edited_text
        assert next(t.title for t in old.tasks) == "Check out as a guest"
        assert next(t.title for t in new.tasks) == "Buy as a guest"
        assert [v.key for v in new.variants] == ["A", "B"]
        assert session.scalar(select(func.count()).select_from(ProtocolVersion)) == 2
        assert session.scalar(select(func.count()).select_from(Task)) == 8
        assert session.scalar(select(func.count()).select_from(Variant)) == 4
        [summary] = list_studies(session)
        assert (summary.slug, summary.current, summary.versions, summary.tasks) == (
            "checkout-form",
            2,
            2,
            4,
        )
        assert [v.number for v in study_versions(session, "checkout-form")] == [1, 2]


def test_unknown_study_and_version(store: Store, checkout_protocol: Path) -> None:
    with store.reading() as session, pytest.raises(NoSuchStudy, match="no study 'nope'"):
        protocol_version(session, "nope")
    protocol, text = read_protocol(checkout_protocol)
    with store.writing() as session:
        load_protocol(session, protocol, text, None)
    with store.reading() as session, pytest.raises(UxlabError, match="no protocol version 7"):
        protocol_version(session, "checkout-form", 7)
