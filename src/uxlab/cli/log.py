"""`uxlab log`: append one event to a session, for scripts and back-filling."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from uxlab.cli.options import NAME, TEXT, at_option, author_option, db_option, typed_number, when

if TYPE_CHECKING:
    from datetime import datetime


@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.argument("kind", metavar="TYPE")
@click.option("--task", "-t", type=NAME, help="The task (default: the open task).")
@click.option(
    "--outcome",
    "-o",
    type=TEXT,
    help="For task_end: success, failure, abandoned, timeout, skipped.",
)
@click.option("--note", "-n", type=TEXT, help="Free text: a note, or a problem's description.")
@click.option(
    "--variant", type=NAME, help="For task_start in a within design: the variant attempted."
)
@click.option("--problem", type=NAME, help="For problem: a short id such as P3.")
@click.option("--severity", type=click.IntRange(1, 4), help="For problem: 1 cosmetic … 4 critical.")
@click.option("--recommendation", type=TEXT, help="For problem: what to change, in a sentence.")
@click.option("--name", type=NAME, help="For marker: the protocol marker's name.")
@click.option("--target", type=NAME, help="For undo and amend: the id (or id prefix) of the event.")
@click.option(
    "--set",
    "fields",
    multiple=True,
    metavar="FIELD=VALUE",
    help="For amend: a corrected field (at, task, outcome, note, …).",
)
@author_option
@at_option
@db_option
def log(
    session_ref: str,
    kind: str,
    task: str | None,
    outcome: str | None,
    note: str | None,
    variant: str | None,
    problem: str | None,
    severity: int | None,
    recommendation: str | None,
    name: str | None,
    target: str | None,
    fields: tuple[str, ...],
    author: str | None,
    at: datetime | None,
    db: str,
) -> None:
    """Append one event to a session and print its id.

    \b
    Example:
      uxlab log 2b9e task_start --task guest-checkout
      uxlab log 2b9e error --note "typed the coupon into the name field"
      uxlab log 2b9e problem --problem P3 --severity 3 --note "coupon field hidden" \\
        --recommendation "show the coupon field open"
      uxlab log 2b9e task_end --outcome success --at 2026-11-22T10:00:50.5Z
    """
    from uxlab.recording.events import new_event
    from uxlab.store.appending import append_live
    from uxlab.store.engine import Store
    from uxlab.store.events import find_event
    from uxlab.store.sessions import find_session

    if recommendation is not None:  # the TEXT type has refused a blank one
        recommendation = recommendation.strip()
    given: dict[str, object] = {
        "outcome": outcome,
        "note": note,
        "variant": variant,
        "problem": problem,
        "severity": severity,
        "recommendation": recommendation,
        "name": name,
    }
    corrected: dict[str, object] = {}
    if kind == "amend":  # the options name the corrected fields
        options = {"task": task or None, **given}
        corrected = {**_set_fields(fields), **{k: v for k, v in options.items() if v is not None}}
        given, task = {}, None
    with Store.open(db) as store, store.writing() as s:
        visit = find_session(s, session_ref)
        target_id = str(find_event(s, visit, target)) if target else None
        event = new_event(
            kind,
            when(at),
            author or visit.moderator or "moderator",
            task,
            **given,
            target=target_id,
            fields=corrected or None,
        )
        appended = append_live(s, visit, [event])
    for warning in appended.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(str(appended.events[0].id))


# Corrected fields that are numbers; everything else is text.
NUMBERS = ("value", "severity")


def _set_fields(fields: tuple[str, ...]) -> dict[str, object]:
    """`--set FIELD=VALUE` options as an amend's corrected fields."""
    from uxlab.errors import InvalidEvent

    corrected: dict[str, object] = {}
    for item in fields:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidEvent(f"--set expects FIELD=VALUE, got {item!r}")
        corrected[key] = typed_number(text, f"--set {key}") if key in NUMBERS else text
    return corrected
