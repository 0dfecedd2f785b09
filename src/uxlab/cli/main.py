"""The `uxlab` entry point: commands load lazily, uxlab errors become one-line messages, and
anything unexpected becomes one line too, its traceback written to a log file."""

from __future__ import annotations

import errno
import gc
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from uxlab.errors import UxlabError
from uxlab.recording.limits import bounded, is_text

# A uxlab command is a short process that imports a large stack (SQLAlchemy's ORM, and for
# analysis scipy) and makes few reference cycles; with the default threshold of 700 new
# objects, cycle collection takes a tenth of a one-shot command's time while it imports, and
# frees next to nothing. Collect cycles less often.
gc.set_threshold(10_000, 10, 10)

# EX_SOFTWARE of sysexits.h: a fault in uxlab, told apart from a user's error (1) and a usage
# error (2) by scripts that run uxlab.
INTERNAL_ERROR_EXIT = 70
INTERNAL_ERROR_LOG = "internal-errors.log"

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
                click.echo(bounded(line), err=True)
            raise click.ClickException(bounded(str(exc))) from None
        except OSError as exc:
            if exc.errno not in _OUTPUT_FAILURES:
                raise
            if exc.filename is not None:
                raise click.ClickException(f"{exc.filename}: {exc.strerror}") from None
            # Writing the output failed (a full disk, a closed pipe): what is still buffered
            # goes nowhere, so that Python's exit does not fail on it a second time.
            _drop_output()
            if exc.errno == errno.EPIPE:  # `uxlab export … | head`: the reader has enough
                raise click.exceptions.Exit(1) from None
            raise click.ClickException(f"cannot write the output: {exc.strerror}") from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """click's main, and the last line of defence: click reports its own errors and exits;
        any other exception is a fault in uxlab, reported in one line with its traceback in a
        log file."""
        given = kwargs.get("args", args[0] if args else None)
        for arg in sys.argv[1:] if given is None else given:
            if not is_text(str(arg)):
                click.echo(f"Error: {arg!r} is not valid UTF-8 text", err=True)
                sys.exit(1)
        try:
            return super().main(*args, **kwargs)
        except Exception as exc:
            if not kwargs.get("standalone_mode", args[3] if len(args) > 3 else True):
                raise
            report_internal_error(exc, sys.argv[1:] if given is None else given)
            sys.exit(INTERNAL_ERROR_EXIT)


# Why writing can fail through no fault of uxlab's: a full disk or quota, a closed pipe, a device.
_OUTPUT_FAILURES = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EPIPE, errno.EIO)


def _drop_output() -> None:
    import os

    with open(os.devnull, "w") as nowhere:
        try:
            os.dup2(nowhere.fileno(), sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is not a file (a test's runner)
            return


def report_internal_error(exc: BaseException, argv: Sequence[str]) -> None:
    """One line on stderr naming the exception and the log file its traceback went to."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    log = _log_internal_error(exc, argv)
    where = f"details in {log}" if log else "no log file could be written"
    click.echo(f"internal error: {what} — {where}", err=True)
    if log is None:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)


def _log_internal_error(exc: BaseException, argv: Sequence[str]) -> Path | None:
    """Append the traceback to the log in the data folder (or, failing that, the temporary
    folder); the log's path, or None where neither can be written."""
    import platform
    import tempfile
    import traceback
    from datetime import UTC, datetime

    from uxlab import __version__
    from uxlab.config import data_dir
    from uxlab.store.urls import display_url

    # The command line may name a store with its password.
    shown = " ".join(display_url(arg) for arg in argv)
    entry = (
        f"--- {datetime.now(UTC).isoformat(timespec='seconds')} uxlab {__version__}, "
        f"Python {platform.python_version()} on {platform.platform()}\n"
        f"$ uxlab {shown}\n{''.join(traceback.format_exception(exc))}\n"
    )
    for folder in (data_dir, lambda: Path(tempfile.gettempdir())):
        try:
            path = folder() / INTERNAL_ERROR_LOG
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
                log.write(entry)
        except OSError:
            continue
        return path
    return None


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
