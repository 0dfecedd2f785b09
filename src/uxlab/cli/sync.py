"""`uxlab sync`: push this store into another (or pull from one), matched by ids."""

from __future__ import annotations

import click

from uxlab.cli.options import TEXT, db_option


@click.command()
@click.option(
    "--to", "to_url", metavar="URL", type=TEXT, help="Copy this store into the store at URL."
)
@click.option(
    "--from", "from_url", metavar="URL", type=TEXT, help="Copy the store at URL into this one."
)
@click.option("--study", help="Only this study.")
@db_option
def sync(to_url: str | None, from_url: str | None, study: str | None, db: str) -> None:
    """Copy studies, protocol versions, sessions, events, answers and problems between stores;
    a second sync copies nothing.

    An empty target is initialised first.

    \b
    Example:
      uxlab sync --to postgresql://ana@db.example/uxlab
    """
    from uxlab.cli.progress import progress
    from uxlab.errors import UxlabError
    from uxlab.store.engine import Store
    from uxlab.store.migrate import migrate_to_head
    from uxlab.store.sync import plan
    from uxlab.store.sync import sync as copy

    if (to_url is None) == (from_url is None):
        raise UxlabError("give exactly one of --to URL and --from URL")
    source_url, target_url = (db, to_url) if to_url else (from_url or "", db)
    with Store.open(source_url) as source, Store.connect(target_url, create=True) as target:
        if source.url == target.url:
            raise UxlabError("the source and the target are the same store")
        if target.revision() is None:
            migrate_to_head(target)
        target.check_schema()
        sessions = plan(source, study)
        total = sum(len(ids) for ids in sessions.values())
        with progress(total, "syncing sessions") as advance:
            done = copy(source, target, sessions, advance)
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"synced {done.studies} studies from {source.display} to {target.display}: "
        f"{done.versions} new protocol versions, {done.sessions} new sessions, "
        f"{done.events} new events, {done.sightings} new problem sightings from problems CSVs "
        f"({done.skipped} events already there)"
    )
