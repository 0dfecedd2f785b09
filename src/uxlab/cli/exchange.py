"""`uxlab import` and `uxlab export`: exchange files for other stores, R and pandas."""

from __future__ import annotations

import csv
import functools
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from uxlab.cli.options import NAME, OUTPUT, TIME, db_option, force_option, protocol_version_option

if TYPE_CHECKING:
    from uxlab.exchange.jsonl import ExchangedEvent


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["events", "results", "problems"]),
    default="events",
    show_default=True,
    help="events: JSONL (or CSV with the same columns); results: one row per participant and "
    "task; problems: one row per participant who met a problem.",
)
@click.option(
    "--at",
    type=TIME,
    metavar="ISO-8601",
    help="For results: when the imported sessions are taken to start (default: now).",
)
@db_option
def import_(file: Path, kind: str, at: datetime | None, db: str) -> None:
    """Import a file into the store, all or nothing; what is already stored is skipped.

    \b
    Example:
      uxlab import laptop-ana.jsonl
      uxlab import results.csv --kind results
    """
    from uxlab.cli.options import when
    from uxlab.cli.progress import progress
    from uxlab.errors import UxlabError
    from uxlab.store.engine import Store

    try:
        handle = file.open("rb")
    except OSError as exc:
        raise UxlabError(f"cannot read {file}: {exc.strerror}") from None
    size = file.stat().st_size
    # JSONL is read twice, where it can be (not from a pipe)
    ahead = kind == "events" and file.suffix.lower() != ".csv" and handle.seekable()
    work = size * 2 if ahead else size
    with handle, progress(work if size > 1_000_000 else 0, f"importing {file}") as advance:
        ends = None
        if ahead:
            from uxlab.exchange.jsonl import session_ends

            ends = session_ends(_reading(handle, file, advance))
            handle.seek(0)
        lines = _reading(handle, file, advance)
        with Store.open(db) as store, store.writing() as s:
            if kind == "problems":
                from uxlab.exchange.problems_csv import problem_rows
                from uxlab.store.problems import import_problems

                rows, columns = _csv(lines, file)
                done = import_problems(s, str(file), problem_rows(rows, columns))
                message = (
                    f"imported {done.problems} new problems and {done.sightings} "
                    f"sightings ({done.skipped} already stored) from {file}"
                )
            else:
                from uxlab.store.importing import import_events
                from uxlab.store.sessions import session_started

                moment = when(at)

                def start(session: uuid.UUID) -> datetime:
                    # Without --at, a participant imported before keeps their session's start.
                    return (None if at else session_started(s, session)) or moment

                summary = import_events(s, str(file), _events(lines, kind, file, start), ends)
                for line, warning in summary.warnings:
                    click.echo(f"{file}:{line}: warning: {warning}", err=True)
                message = (
                    f"imported {summary.events} events in {summary.sessions} new sessions"
                    f" ({summary.skipped} already stored) from {file}"
                )
    click.echo(message)


def _reading(handle: IO[bytes], file: Path, advance: Callable[[int], None]) -> Iterator[str]:
    """The file's lines as text, each at most MAX_LINE bytes; a byte order mark, as
    spreadsheets write, is dropped, and lines ended by a lone CR (old spreadsheets) are lines."""
    from uxlab.errors import UxlabError
    from uxlab.recording.limits import MAX_LINE

    number = 0
    for raw in iter(functools.partial(handle.readline, MAX_LINE + 1), b""):
        advance(len(raw))
        if len(raw) > MAX_LINE:
            raise UxlabError(f"{file}:{number + 1}: longer than {MAX_LINE:,} bytes")
        try:
            text = raw.decode("utf-8-sig" if number == 0 else "utf-8")
        except UnicodeDecodeError as exc:
            raise UxlabError(
                f"{file}:{number + 1}: not UTF-8 text (byte {exc.start + 1} of the line); "
                "save the file as UTF-8"
            ) from None
        body = text.rstrip("\r\n")
        for piece in body.split("\r") if "\r" in body else [text]:
            number += 1
            yield piece


def _csv(
    lines: Iterator[str], file: Path
) -> tuple[Iterator[tuple[int, dict[str, str | None]]], list[str]]:
    """A CSV file's rows by the number of their first line, and its columns. A line that is not
    CSV, or a row whose cells do not match the header (as a stray quote makes, joining the lines
    after it into one cell), stops the import with its line."""
    from uxlab.errors import UxlabError
    from uxlab.recording.limits import MAX_LINE

    csv.field_size_limit(MAX_LINE)
    reader = csv.reader(lines, strict=True)

    def refused(line: int, why: object) -> UxlabError:
        return UxlabError(f"{file}:{line}: not valid CSV: {why}")

    try:
        columns = next(reader, [])
    except csv.Error as exc:
        raise refused(reader.line_num, exc) from None

    def rows() -> Iterator[tuple[int, dict[str, str | None]]]:
        while True:
            first = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise refused(first, f"{exc} (a stray quote?)") from None
            if not cells:
                continue
            if len(cells) != len(columns):
                last = reader.line_num
                joined = f" (lines {first}–{last} read as one row: a stray quote?)"
                raise refused(
                    first,
                    f"{len(cells)} cells where the header has {len(columns)}"
                    + (joined if last > first else ""),
                )
            yield first, dict(zip(columns, cells, strict=True))

    return rows(), columns


def _events(
    lines: Iterator[str], kind: str, file: Path, start: Callable[[uuid.UUID], datetime]
) -> Iterator[tuple[int, ExchangedEvent | str]]:
    from uxlab.exchange.jsonl import LineError, parse_csv_row, read_lines
    from uxlab.exchange.results_csv import results_events

    if kind == "results":
        rows, columns = _csv(lines, file)
        yield from results_events(rows, columns, start)
    elif file.suffix.lower() == ".csv":
        rows, _ = _csv(lines, file)
        for number, row in rows:
            try:
                yield number, parse_csv_row(row)
            except LineError as exc:
                yield number, str(exc)
    else:
        yield from read_lines(lines)


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
@click.option("--session", "session_ref", metavar="SESSION", type=NAME, help="Only this session.")
@click.option("--out", type=OUTPUT, help="File (default: stdout).")
@protocol_version_option
@force_option
@db_option
def export(
    study: str,
    fmt: str,
    session_ref: str | None,
    out: Path | None,
    versions: tuple[str, ...],
    force: bool,
    db: str,
) -> None:
    """Export a study's data for R, pandas, another store or a video player.

    \b
    Example:
      uxlab export checkout-form --format csv --out checkout.csv
      uxlab export checkout-form --format vtt --session 2b9e --out P07.vtt
    """
    from contextlib import AbstractContextManager

    from uxlab.errors import UxlabError
    from uxlab.exchange.jsonl import format_line
    from uxlab.exchange.subtitles import chapters, cut_list, format_srt, format_vtt
    from uxlab.exchange.tidy_csv import write_tidy_csv
    from uxlab.output_files import check_target, written_text
    from uxlab.store.attempts import study_results
    from uxlab.store.engine import Store
    from uxlab.store.exchange import export_events
    from uxlab.store.studies import find_version, task_titles

    if out is not None:
        check_target(out, force)  # before the store is opened: a typo costs nothing
    target: AbstractContextManager[IO[str]] = (
        written_text(out, force) if out else click.open_file("-", "w", encoding="utf-8")
    )
    with Store.open(db) as store, store.reading() as s, target as sink:
        chosen = [find_version(s, study, ref).id for ref in versions] if versions else None
        if fmt == "jsonl":
            for item in export_events(s, study, session_ref, versions=chosen):
                sink.write(format_line(item) + "\n")
        elif fmt == "csv":
            write_tidy_csv(sink, study, study_results(s, study, session_ref, chosen))
        elif fmt == "clips":
            sink.write(cut_list(study_results(s, study, session_ref, chosen)))
        else:
            sessions = list(study_results(s, study, session_ref, chosen))
            if len(sessions) != 1:
                raise UxlabError(f"--format {fmt} is for one session's recording: give --session")
            cues = chapters(sessions[0], task_titles(s, study))
            sink.write(format_vtt(cues) if fmt == "vtt" else format_srt(cues))
