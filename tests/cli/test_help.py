"""Every command explains itself and is in the README."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from uxlab.cli.main import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))


def test_there_are_commands() -> None:
    assert ("protocol", "validate") in COMMANDS and ("init",) in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    _usage, _, rest = result.stdout.partition("\n\n")
    assert rest.strip(), f"uxlab {' '.join(path)} has no help text"
    assert "Example:" in rest, f"uxlab {' '.join(path)} has no example"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert f"uxlab {' '.join(path)}" in README


def test_the_readme_states_every_input_limit() -> None:
    """The Errors section tells the limits the code enforces, with the figures it uses."""
    from uxlab.protocol import safe_yaml
    from uxlab.recording import limits

    errors = README.split("## Errors", 1)[1].split("\n## ", 1)[0]
    figures = {
        "SHORT": f"1–{limits.SHORT} characters",
        "LONG": f"{limits.LONG:,} characters",
        "MAX_COUNT": f"0 to {limits.MAX_COUNT:,}",
        "MAX_MARKS": f"{limits.MAX_MARKS:,} together",
        "MAX_SECONDS": f"to {limits.MAX_SECONDS:,} seconds",
        "MAX_LINE": f"{limits.MAX_LINE:,} bytes, UTF-8",
        "MAX_VALUE": f"±{limits.MAX_VALUE:,}",
        "MAX_BYTES": f"at most {safe_yaml.MAX_BYTES:,} bytes",
        "MAX_DEPTH": f"{safe_yaml.MAX_DEPTH} levels deep",
        "MAX_NODES": f"{safe_yaml.MAX_NODES:,} YAML nodes",
    }
    assert [name for name, figure in figures.items() if figure not in errors] == []
