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
    type=click.Choice(["csv", "jsonl", "vtt", "srt", "clips"]),
    default="jsonl",
    show_default=True,
    help="csv: one row per attempt and answer; jsonl: events; vtt/srt: chapters for one "
    "session's recording; clips: an ffmpeg cut list.",
)
@click.option("--session", "session_ref", metavar="SESSION", help="Only this session.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@db_option
def export(study: str, fmt: str, session_ref: str | None, out: Path | None, db: str) -> None:
    """Export a study's data for R, pandas, another store or a video player.

    \b
    Example:
      uxlab export checkout-form --format csv --out checkout.csv
      uxlab export checkout-form --format vtt --session 2b9e --out P07.vtt
    """
    from uxlab.errors import UxlabError
    from uxlab.exchange.jsonl import format_line
    from uxlab.exchange.subtitles import chapters, cut_list, format_srt, format_vtt
    from uxlab.exchange.tidy_csv import write_tidy_csv
    from uxlab.store.attempts import study_results
    from uxlab.store.engine import Store
    from uxlab.store.exchange import export_events
    from uxlab.store.studies import task_titles

    with (
        Store.open(db) as store,
        store.reading() as s,
        click.open_file(str(out) if out else "-", "w", encoding="utf-8") as sink,
    ):
        if fmt == "jsonl":
            for item in export_events(s, study, session_ref):
                sink.write(format_line(item) + "\n")
        elif fmt == "csv":
            write_tidy_csv(sink, study, study_results(s, study, session_ref))
        elif fmt == "clips":
            sink.write(cut_list(study_results(s, study, session_ref)))
        else:
            sessions = list(study_results(s, study, session_ref))
            if len(sessions) != 1:
                raise UxlabError(f"--format {fmt} is for one session's recording: give --session")
            cues = chapters(sessions[0], task_titles(s, study))
            sink.write(format_vtt(cues) if fmt == "vtt" else format_srt(cues))
