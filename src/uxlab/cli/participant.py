"""`uxlab participant forget`: erase a participant on request."""

from __future__ import annotations

import click

from uxlab.cli.options import TEXT, db_option


@click.group()
def participant() -> None:
    """Participants: pseudonymous codes, and erasing one on request.

    \b
    Example:
      uxlab participant forget P07 --study checkout-form
    """


@participant.command()
@click.argument("code", type=TEXT)
@click.option("--study", required=True, help="The study the participant took part in.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def forget(code: str, study: str, yes: bool, db: str) -> None:
    """Delete a participant's sessions, events, answers and problem sightings everywhere in
    the store. This cannot be undone.

    \b
    Example:
      uxlab participant forget P07 --study checkout-form --yes
    """
    from uxlab.store.engine import Store
    from uxlab.store.privacy import forget_participant

    if not yes:
        click.confirm(
            f"Erase {code} from {study} and every session, event and answer of "
            "theirs? This cannot be undone",
            abort=True,
        )
    with Store.open(db) as store, store.writing() as s:
        gone = forget_participant(s, study, code)
    click.echo(
        f"forgot {code}: {gone.sessions} sessions, {gone.events} events, "
        f"{gone.answers} answers, {gone.sightings} problem sightings "
        f"({gone.rows} rows)"
    )
