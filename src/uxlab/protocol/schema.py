"""The published JSON Schema of protocol files (`uxlab protocol schema`)."""

from __future__ import annotations

from typing import Any

from uxlab.protocol.model import Protocol


def protocol_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) generated from the protocol models."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Protocol.model_json_schema(),
    }
