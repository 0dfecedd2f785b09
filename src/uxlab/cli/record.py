"""`uxlab record`: the live, full-screen keyboard logger."""

from __future__ import annotations

import click

from uxlab.cli.options import NAME, attribute_option, author_option, db_option


@click.command()
@click.argument("study", required=False)
@click.option(
    "--participant", "-p", type=NAME, help="Pseudonymous code of a new session's participant."
)
@click.option(
    "--variant",
    "-v",
    "variants",
    multiple=True,
    help="A new session's variant (within: every variant, in order, as A,B).",
)
@click.option(
    "--moderator", "-m", envvar="UXLAB_AUTHOR", type=NAME, help="Who moderates (default: you)."
)
@click.option("--session", "session_ref", metavar="SESSION", help="Carry on with this session.")
@attribute_option
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="ACTION=KEY",
    help="Use another key, e.g. --key step=t (actions as in the on-screen legend).",
)
@author_option
@db_option
def record(
    study: str | None,
    participant: str | None,
    variants: tuple[str, ...],
    moderator: str | None,
    session_ref: str | None,
    attributes: tuple[str, ...],
    keys: tuple[str, ...],
    author: str | None,
    db: str,
) -> None:
    """Log a session live, one key per event; every key press is committed at once.

    Starts a new session, or with --session carries on with one (after a crash, say).

    \b
    Example:
      uxlab record checkout-form --participant P07 --variant B
      uxlab record --session 2b9e
    """
    from uxlab.errors import UxlabError
    from uxlab.recording.vocabulary import configure_keys

    overrides: dict[str, str] = {}
    for item in keys:
        action, sep, key = item.partition("=")
        if not sep or not key.strip():
            raise UxlabError(f"--key expects ACTION=KEY, got {item!r}")
        overrides[action.strip()] = key.strip()
    configure_keys(overrides, ())  # refused before a session is opened; markers come later
    if session_ref is None:
        if not (study and participant and variants):
            raise UxlabError("give STUDY, --participant and --variant, or --session to carry on")
        session_ref = _start(db, study, participant, variants, moderator, attributes)
    run_logger(db, session_ref, author, overrides)


def _start(
    db: str,
    study: str,
    participant: str,
    variants: tuple[str, ...],
    moderator: str | None,
    attributes: tuple[str, ...],
) -> str:
    from uxlab.cli.options import parse_attributes, variant_order
    from uxlab.config import default_author
    from uxlab.recording.times import utc_now
    from uxlab.store.engine import Store
    from uxlab.store.sessions import start_session

    with Store.open(db) as store, store.writing() as s:
        visit = start_session(
            s,
            study,
            participant,
            variant_order(variants),
            moderator or default_author(),
            utc_now(),
            attributes=parse_attributes(attributes),
        )
        return str(visit.id)


def run_logger(db: str, session_ref: str, author: str | None, keys: dict[str, str]) -> None:
    """Open the logger on a session; on exit, say where the session stands."""
    from uxlab.recording.logger_app import LoggerApp
    from uxlab.store.engine import Store
    from uxlab.store.recorder import SessionRecorder

    with Store.open(db) as store:
        recorder = SessionRecorder(store, session_ref, author)
        LoggerApp(recorder, keys).run()
    for warning in recorder.warnings:  # e.g. an observer's note after the end
        click.echo(f"warning: {warning}", err=True)
    if recorder.ended:
        click.echo(f"session {recorder.session_id} {recorder.status}")
    else:
        click.echo(
            f"session {recorder.session_id} is still open: "
            f"uxlab record --session {recorder.session_id[:8]}"
        )
