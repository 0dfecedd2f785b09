"""Files that ship with uxlab: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_path(name: str) -> Path:
    """`migrations` or `protocols`: mapped into the wheel, at the repository root in a checkout."""
    packaged = Path(str(resources.files("uxlab"))) / name
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / name


STARTER_PROTOCOL = "checkout-form.yaml"


def starter_protocol() -> Path:
    return shipped_path("protocols") / STARTER_PROTOCOL
