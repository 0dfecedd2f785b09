"""The published JSON Schema accepts what the validator accepts and rejects what it rejects."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from uxlab.protocol.schema import protocol_schema


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = protocol_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_protocol_matches_schema(
    validator: jsonschema.protocols.Validator, checkout_protocol: Path
) -> None:
    document = yaml.safe_load(checkout_protocol.read_text("utf-8"))
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"design": "mixed"}, "design"),
        ({"colour": "blue"}, ""),
        ({"tasks": []}, "tasks"),
    ],
)
def test_schema_rejects_bad_documents(
    validator: jsonschema.protocols.Validator,
    checkout_protocol: Path,
    change: dict[str, object],
    where: str,
) -> None:
    document = {**yaml.safe_load(checkout_protocol.read_text("utf-8")), **change}
    errors = list(validator.iter_errors(document))
    assert errors
    assert any(".".join(map(str, e.absolute_path)) == where for e in errors)


def test_schema_checks_durations(
    validator: jsonschema.protocols.Validator, checkout_protocol: Path
) -> None:
    document = yaml.safe_load(checkout_protocol.read_text("utf-8"))
    document["tasks"][0]["time_limit"] = "soon"
    assert list(validator.iter_errors(document))
    document["tasks"][0]["time_limit"] = "1m30s"
    assert not list(validator.iter_errors(document))
