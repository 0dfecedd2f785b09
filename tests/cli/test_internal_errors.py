"""The last line of defence: an unexpected exception is one line naming a log file that holds
its traceback; typed errors and usage errors keep their own messages and exit codes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Cli
from uxlab.cli.main import INTERNAL_ERROR_EXIT, cli

URL = "postgresql://ana:Hush1234@db.example/uxlab"


def _fail(raw: str) -> None:
    raise ZeroDivisionError("the wheel fell off\nand a second line")


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> None:
    """`uxlab info` fails where no uxlab code expects it to."""
    monkeypatch.setattr("uxlab.store.urls.store_url", _fail)


@pytest.mark.usefixtures("failing")
def test_an_unexpected_exception_is_one_line_naming_the_log(isolated: Path) -> None:
    result = CliRunner().invoke(cli, ["info", "--db", URL])
    log = isolated / "xdg-data" / "uxlab" / "internal-errors.log"
    assert result.exit_code == INTERNAL_ERROR_EXIT
    assert result.stdout == ""
    assert result.stderr == (
        f"internal error: ZeroDivisionError: the wheel fell off — details in {log}\n"
    )
    written = log.read_text("utf-8")
    assert "Traceback (most recent call last):" in written
    assert "in _fail" in written
    assert written.rstrip().endswith("ZeroDivisionError: the wheel fell off\nand a second line")
    # The command line is logged, its password masked.
    assert "$ uxlab info --db postgresql://ana:***@db.example/uxlab\n" in written
    assert "Hush1234" not in written

    CliRunner().invoke(cli, ["info"])
    assert log.read_text("utf-8").count("Traceback (most recent call last):") == 2


@pytest.mark.usefixtures("failing")
def test_without_the_data_folder_the_log_goes_to_the_temporary_folder(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated / "xdg-data").write_text("a file where the data folder should be")
    monkeypatch.setattr(tempfile, "tempdir", str(isolated / "tmp"))
    result = CliRunner().invoke(cli, ["info"])
    log = isolated / "tmp" / "internal-errors.log"
    assert result.exit_code == INTERNAL_ERROR_EXIT
    assert result.stderr.endswith(f" — details in {log}\n")
    assert "ZeroDivisionError" in log.read_text("utf-8")


@pytest.mark.usefixtures("failing")
def test_the_test_suite_fails_any_command_that_hits_it(isolated: Path) -> None:
    with pytest.raises(AssertionError, match="hit an internal error") as caught:
        Cli(str(isolated / "x.db"))("info", code=1)
    assert "Traceback (most recent call last):" in str(caught.value)


def test_typed_errors_keep_their_message_and_exit_1(isolated: Path) -> None:
    result = CliRunner().invoke(cli, ["session", "list", "--db", str(isolated / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no uxlab store at ")
    assert not (isolated / "xdg-data" / "uxlab" / "internal-errors.log").exists()


def test_usage_errors_keep_their_message_and_exit_2() -> None:
    result = CliRunner().invoke(cli, ["session", "lisst"])
    assert result.exit_code == 2
    assert "No such command 'lisst'" in result.stderr


def test_outside_standalone_mode_the_exception_propagates(failing: None) -> None:
    with pytest.raises(ZeroDivisionError):
        cli.main(["info"], standalone_mode=False)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_output_that_cannot_be_written_is_one_line(isolated: Path) -> None:
    """A full disk under standard output is the user's to fix, not a fault in uxlab."""
    import subprocess
    import sys

    env = {"UXLAB_DB": str(isolated / "s.db"), "PATH": "/usr/bin:/bin", "HOME": str(isolated)}
    command = [sys.executable, "-m", "uxlab.cli.main"]
    subprocess.run([*command, "init"], env=env, check=True, capture_output=True)
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [*command, "info"], env=env, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert (done.returncode, done.stderr) == (
        1,
        "Error: cannot write the output: No space left on device\n",
    )
