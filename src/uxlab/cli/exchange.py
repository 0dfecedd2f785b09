"""`uxlab import` and `uxlab export`: exchange files for other stores, R and pandas."""

from __future__ import annotations

from pathlib import Path

import click

from uxlab.cli.options import db_option


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["events"]),
    default="events",
    show_default=True,
    help="What the file holds.",
)
@db_option
def import_(file: Path, kind: str, db: str) -> None:
    """Import events from a JSONL file, all or nothing; ids already stored are skipped.

    \b
    Example:
      uxlab import laptop-ana.jsonl
    """
    from uxlab.errors import UxlabError
    from uxlab.exchange.jsonl import read_lines
    from uxlab.store.engine import Store
    from uxlab.store.exchange import import_events

    try:
        handle = file.open(encoding="utf-8")
    except OSError as exc:
        raise UxlabError(f"cannot read {file}: {exc.strerror}") from None
    with handle, Store.open(db) as store, store.writing() as s:
        summary = import_events(s, str(file), read_lines(handle))
    click.echo(
        f"imported {summary.events} events in {summary.sessions} new sessions"
        f" ({summary.skipped} already stored) from {file}"
    )


@click.command()
@click.argument("study")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option("--session", "session_ref", metavar="SESSION", help="Only this session.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@db_option
def export(study: str, fmt: str, session_ref: str | None, out: Path | None, db: str) -> None:
    """Export a study's events, one JSON object per line, in a stable order.

    \b
    Example:
      uxlab export checkout-form --format jsonl --out checkout.jsonl
    """
    from uxlab.exchange.jsonl import format_line
    from uxlab.store.engine import Store
    from uxlab.store.exchange import export_events

    with (
        Store.open(db) as store,
        store.reading() as s,
        click.open_file(str(out) if out else "-", "w", encoding="utf-8") as sink,
    ):
        for item in export_events(s, study, session_ref):
            sink.write(format_line(item) + "\n")
