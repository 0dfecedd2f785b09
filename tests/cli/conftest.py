"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def ready(uxlab: Cli, checkout_protocol: Path) -> Cli:
    """The CLI against a store with the shipped checkout-form protocol loaded."""
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    return uxlab
