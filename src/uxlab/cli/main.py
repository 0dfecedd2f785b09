"""The `uxlab` entry point: commands load lazily, and uxlab errors become one-line messages."""

from __future__ import annotations

import gc
import importlib
from typing import Any

import click

from uxlab.errors import UxlabError

# A uxlab command is a short process that imports a large stack (SQLAlchemy's ORM, and for
# analysis scipy) and makes few reference cycles; with the default threshold of 700 new
# objects, cycle collection takes a tenth of a one-shot command's time while it imports, and
# frees next to nothing. Collect cycles less often.
gc.set_threshold(10_000, 10, 10)

# name -> "module:attribute"; a command's module is imported only when that command runs
# (or when help lists it), so `uxlab log` never pays for the analysis stack.
COMMANDS: dict[str, str] = {
    "init": "uxlab.cli.store_commands:init",
    "db": "uxlab.cli.store_commands:db",
    "info": "uxlab.cli.info:info",
    "protocol": "uxlab.cli.protocol:protocol",
    "session": "uxlab.cli.session:session",
    "log": "uxlab.cli.log:log",
    "record": "uxlab.cli.record:record",
    "answer": "uxlab.cli.answer:answer",
    "import": "uxlab.cli.exchange:import_",
    "export": "uxlab.cli.exchange:export",
    "analyze": "uxlab.cli.analyze:analyze",
    "problems": "uxlab.cli.analyze:problems",
    "plan": "uxlab.cli.analyze:plan",
    "plot": "uxlab.cli.plot:plot",
    "report": "uxlab.cli.report:report",
    "demo": "uxlab.cli.demo:demo",
    "sync": "uxlab.cli.sync:sync",
    "participant": "uxlab.cli.participant:participant",
    "agreement": "uxlab.cli.agreement:agreement",
}


class UxlabGroup(click.Group):
    """The root group: lazy subcommands, and the error boundary for every command below it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*COMMANDS, *super().list_commands(ctx)])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UxlabError as exc:
            for line in getattr(exc, "details", []):
                click.echo(line, err=True)
            raise click.ClickException(str(exc)) from None


@click.group(cls=UxlabGroup)
@click.version_option(package_name="uxlab", prog_name="uxlab")
def cli() -> None:
    """Record usability-test sessions and analyze them with small-sample statistics.

    \b
    Start with:
      uxlab init
      uxlab protocol load protocols/checkout-form.yaml
    """


if __name__ == "__main__":
    cli()
