"""`uxlab answer`: record questionnaire answers for a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from uxlab.cli.options import NAME, at_option, author_option, db_option, typed_number, when

if TYPE_CHECKING:
    from datetime import datetime


@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.argument("questionnaire")
@click.argument("answers", nargs=-1, required=True, metavar="ITEM=VALUE…")
@click.option(
    "--task", "-t", type=NAME, help="For post-task questions (default: the task just attempted)."
)
@author_option
@at_option
@db_option
def answer(
    session_ref: str,
    questionnaire: str,
    answers: tuple[str, ...],
    task: str | None,
    author: str | None,
    at: datetime | None,
    db: str,
) -> None:
    """Record questionnaire answers; all are stored or, if any is out of range, none.

    Answers are ITEM=VALUE, or plain values for items 1, 2, 3, … in order.

    \b
    Example:
      uxlab answer 2b9e seq 6
      uxlab answer 2b9e sus 4 1 5 2 5 1 4 2 3 1
      uxlab answer 2b9e nps 1=9
    """
    from uxlab.errors import InvalidEvent
    from uxlab.recording.events import new_event
    from uxlab.store.appending import append_live
    from uxlab.store.engine import Store
    from uxlab.store.sessions import find_session

    pairs: list[tuple[str, float]] = []
    for position, text in enumerate(answers, start=1):
        item, _, value = text.rpartition("=") if "=" in text else (str(position), "", text)
        number = typed_number(value, f"{questionnaire} item {item}")
        item = item or str(position)
        if any(item == given for given, _ in pairs):
            raise InvalidEvent(f"{questionnaire} item {item} is given twice")
        pairs.append((item, number))
    moment = when(at)
    with Store.open(db) as store, store.writing() as s:
        visit = find_session(s, session_ref)
        who = author or visit.moderator or "moderator"
        events = [
            new_event(
                "answer", moment, who, task, questionnaire=questionnaire, item=item, value=number
            )
            for item, number in pairs
        ]
        appended = append_live(s, visit, events)
    for warning in appended.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{len(pairs)} answer{'s' if len(pairs) != 1 else ''} recorded")
