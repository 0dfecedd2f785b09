"""`uxlab session …`: open, end, resume, list and show sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from uxlab.cli.options import (
    NAME,
    TEXT,
    at_option,
    attribute_option,
    author_option,
    db_option,
    parse_attributes,
    variant_order,
    when,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from uxlab.recording.events import EventRecord
    from uxlab.recording.identity import Visit
    from uxlab.recording.replay import Replay


@click.group()
def session() -> None:
    """Sessions: one participant working through a study's protocol.

    \b
    Example:
      uxlab session start checkout-form --participant P07 --variant B
    """


@session.command()
@click.argument("study")
@click.option("--participant", "-p", required=True, type=NAME, help="Pseudonymous code, e.g. P07.")
@click.option(
    "--variant",
    "-v",
    "variants",
    required=True,
    multiple=True,
    help="The variant (between); every variant in the order shown, as A,B or repeated (within).",
)
@click.option(
    "--moderator", "-m", envvar="UXLAB_AUTHOR", type=NAME, help="Who moderates (default: you)."
)
@click.option("--recording", type=TEXT, help="The screen recording of this session, for exports.")
@click.option("--offset", help="Where in the recording the session starts, e.g. 12.5s.")
@attribute_option
@at_option
@db_option
def start(
    study: str,
    participant: str,
    variants: tuple[str, ...],
    moderator: str | None,
    recording: str | None,
    offset: str | None,
    attributes: tuple[str, ...],
    at: datetime | None,
    db: str,
) -> None:
    """Open a session and print its id.

    \b
    Example:
      uxlab session start checkout-form --participant P07 --variant B --attribute segment=novice
    """
    from uxlab.config import default_author
    from uxlab.errors import UxlabError
    from uxlab.protocol.durations import parse_duration
    from uxlab.store.engine import Store
    from uxlab.store.sessions import start_session

    order = variant_order(variants)
    offset_s = None
    if offset is not None:
        try:
            offset_s = parse_duration(offset)
        except ValueError:
            raise UxlabError(f"--offset: expected a duration like 12.5s, got {offset!r}") from None
    with Store.open(db) as store, store.writing() as s:
        visit = start_session(
            s,
            study,
            participant,
            order,
            moderator or default_author(),
            when(at),
            recording,
            offset_s,
            attributes=parse_attributes(attributes),
        )
        click.echo(str(visit.id))


@session.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--aborted", is_flag=True, help="The session was abandoned, not completed.")
@author_option
@at_option
@db_option
def end(session_ref: str, aborted: bool, author: str | None, at: datetime | None, db: str) -> None:
    """End a session (no task may be open).

    \b
    Example:
      uxlab session end 2b9e
    """
    from uxlab.store.engine import Store
    from uxlab.store.sessions import end_session, find_session

    with Store.open(db) as store, store.writing() as s:
        visit = find_session(s, session_ref)
        status = "aborted" if aborted else "completed"
        ended = end_session(s, visit, when(at), author or visit.moderator or "moderator", status)
    for warning in ended.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"session {visit.id} {status}")


@session.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--live", is_flag=True, help="Then carry on in the live logger.")
@author_option
@at_option
@db_option
def resume(session_ref: str, live: bool, author: str | None, at: datetime | None, db: str) -> None:
    """Carry on with a session after a crash, a closed lid or an early end.

    \b
    Example:
      uxlab session resume 2b9e --live
    """
    from uxlab.store.engine import Store
    from uxlab.store.sessions import find_session, reopen_session, session_detail

    with Store.open(db) as store, store.writing() as s:
        visit = find_session(s, session_ref)
        reopened = reopen_session(s, visit, when(at), author or visit.moderator or "moderator")
        detail = session_detail(s, visit)
    open_task = next((a.task for a in detail.replay.attempts if a.outcome is None), None)
    state = "reopened" if reopened else "in progress"
    click.echo(
        f"session {detail.id} {state}: {detail.participant}, variant {detail.variant}"
        + (f", task '{open_task}' open" if open_task else "")
    )
    if live:
        from uxlab.cli.record import run_logger

        run_logger(db, str(detail.id), author, {})


@session.command(name="list")
@click.option("--study", help="Only this study's sessions.")
@click.option(
    "--conflicts",
    is_flag=True,
    help="Only participant codes in conflict: sessions on two variants of a between design, "
    "or two completed sessions of one protocol version.",
)
@db_option
def list_(study: str | None, conflicts: bool, db: str) -> None:
    """List sessions with participant, variant, status and event count.

    \b
    Example:
      uxlab session list --study checkout-form
      uxlab session list --conflicts
    """
    from uxlab.cli.table import render_table
    from uxlab.store.engine import Store
    from uxlab.store.sessions import list_sessions, session_visits

    with Store.open(db) as store, store.reading() as s:
        if conflicts:
            _list_conflicts(session_visits(s, study))
            return
        rows = list_sessions(s, study)
    if not rows:
        click.echo("No sessions yet: uxlab session start STUDY --participant P --variant V")
        return
    click.echo(
        render_table(
            ["session", "study", "participant", "variant", "status", "started (UTC)", "events"],
            [
                (
                    str(r.id),
                    r.study,
                    r.participant,
                    r.variant,
                    r.status,
                    r.started_at.strftime("%Y-%m-%d %H:%M"),
                    r.events,
                )
                for r in rows
            ],
        )
    )


def _list_conflicts(visits: list[Visit]) -> None:
    from uxlab.cli.table import render_table
    from uxlab.recording.identity import conflicts

    found = conflicts(visits)
    if not found:
        click.echo("No participant code is in conflict.")
        return
    by_id = {visit.id: visit for visit in visits}
    rows = [
        (
            conflict.study,
            conflict.participant,
            str(session),
            by_id[session].variant,
            by_id[session].status,
            by_id[session].started_at.strftime("%Y-%m-%d %H:%M"),
            conflict.why,
        )
        for conflict in found
        for session in conflict.sessions
    ]
    headers = ["study", "participant", "session", "variant", "status", "started (UTC)", "conflict"]
    click.echo(render_table(headers, rows))


@session.command()
@click.argument("session_ref", metavar="SESSION")
@db_option
def show(session_ref: str, db: str) -> None:
    """Show a session: its task attempts and every event (undone ones marked).

    \b
    Example:
      uxlab session show 2b9e
    """
    from uxlab.cli.table import render_table
    from uxlab.store.engine import Store
    from uxlab.store.sessions import find_session, session_detail

    with Store.open(db) as store, store.reading() as s:
        detail = session_detail(s, find_session(s, session_ref))
    click.echo(
        f"session {detail.id}: {detail.study}, {detail.participant}, "
        f"variant {detail.variant}, {detail.status}, moderator {detail.moderator}"
    )
    replayed = detail.replay
    click.echo("\nattempts:")
    click.echo(
        render_table(
            ["task", "variant", "outcome", "time_s", "errors", "assists", "steps"],
            [
                (
                    a.task,
                    a.variant or "",
                    a.outcome or "open",
                    f"{a.time_s:.1f}" if a.time_s is not None else "",
                    *("–" if count is None else count for count in (a.errors, a.assists, a.steps)),
                )
                for a in replayed.attempts
            ],
        )
    )
    placed = {e.id: e for e in replayed.effective}
    click.echo("\nevents:")
    click.echo(
        render_table(
            ["offset", "type", "task", "details", "author", "id"],
            [
                (
                    f"{e.offset_s + (shown.at - e.at).total_seconds():8.1f}s",
                    e.type + _standing(replayed, e, shown),
                    shown.task or "",
                    _details(shown.data),
                    e.author,
                    str(e.id)[:8],
                )
                for e in replayed.events
                for shown in [placed.get(e.id, e)]  # as it counts: amended, in its task
            ],
        )
    )
    contradicting = [e for e in replayed.events if e.id in replayed.rejected]
    if contradicting:
        click.echo("\ncontradicting events (kept in the log, counted in no figure):")
        for e in contradicting:
            click.echo(f"  {str(e.id)[:8]} {e.type}: {replayed.rejected[e.id]}")


def _standing(replayed: Replay, event: EventRecord, shown: EventRecord) -> str:
    """How an event stands, where it does not simply count as it was logged."""
    if event.id in replayed.undone:
        return " (undone)"
    if event.id in replayed.rejected:
        return " (contradicts)"
    if event.id in replayed.superseded:
        return " (superseded)"
    if (shown.at, shown.data) != (event.at, event.data):
        return " (amended)"
    return ""


def _details(data: Mapping[str, object]) -> str:
    """An event's fields, in one order whichever way the event came in."""
    return " ".join(f"{k}={data[k]}" for k in sorted(data))
