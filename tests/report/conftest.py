"""A demo study built once for the chart and report tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from uxlab.cli.main import cli
from uxlab.report.collect import StudyBundle, collect
from uxlab.store.engine import Store


@pytest.fixture(scope="package")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--participants", "12", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="package")
def bundle(demo_folder: Path) -> Iterator[StudyBundle]:
    with Store.open(str(demo_folder / "demo.db")) as store:
        yield collect(store, "checkout-form")
