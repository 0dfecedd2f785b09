"""`uxlab init` and `uxlab db …`: creating and migrating the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from uxlab.cli.options import db_option, protocols_option
from uxlab.errors import UxlabError


@click.command()
@db_option
@protocols_option
def init(db: str, protocols_dir: Path) -> None:
    """Create or upgrade the store and write a starter protocol.

    The starter protocol goes to ./protocols/checkout-form.yaml unless it exists.

    \b
    Example:
      uxlab init --db ~/studies/uxlab.db
    """
    from uxlab.shipped import STARTER_PROTOCOL, starter_protocol

    before, after, display = _upgrade(db, create=True)
    if before is None:
        click.echo(f"Created the store at {display} (schema {after}).")
    elif before != after:
        click.echo(f"Upgraded the store at {display} from schema {before} to {after}.")
    else:
        click.echo(f"The store at {display} is up to date (schema {after}).")

    target = protocols_dir / STARTER_PROTOCOL
    if target.exists():
        click.echo(f"Kept {target}: it exists already.")
    else:
        protocols_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(starter_protocol(), target)
        click.echo(f"Wrote the starter protocol {target}.")
    click.echo(f"Next: uxlab protocol load {target}")


@click.group()
def db() -> None:
    """Store schema migrations.

    \b
    Example:
      uxlab db current
    """


@db.command()
@db_option
def upgrade(db: str) -> None:
    """Upgrade the store's schema to the one this uxlab needs.

    \b
    Example:
      uxlab db upgrade --db postgresql://team@db.example/uxlab
    """
    before, after, display = _upgrade(db, create=False)
    if before == after:
        click.echo(f"The store at {display} is up to date (schema {after}).")
    else:
        click.echo(f"Upgraded the store at {display} from schema {before or 'empty'} to {after}.")


@db.command()
@db_option
def current(db: str) -> None:
    """Show the store's schema revision and whether it is the newest.

    \b
    Example:
      uxlab db current
    """
    from uxlab.store.engine import Store
    from uxlab.store.revision import describe_revision

    with Store.connect(db) as store:
        click.echo(describe_revision(store.revision()))


@db.command()
@db_option
def check(db: str) -> None:
    """Read every stored row and name each one uxlab cannot read: rows written by hand, or by
    an earlier uxlab that checked less. Exits 1 when there is any.

    \b
    Example:
      uxlab db check
    """
    from uxlab.store.engine import Store
    from uxlab.store.integrity import unreadable_rows

    with Store.open(db) as store, store.reading() as session:
        found = 0
        for line in unreadable_rows(session):
            click.echo(line)
            found += 1
    if found:
        raise UxlabError(
            f"{found} stored row{'s' if found != 1 else ''} of {store.display} cannot be read: "
            f"correct or delete {'it' if found == 1 else 'them'} with SQL (back the store up first)"
        )
    click.echo(f"Every stored row of {store.display} can be read.")


def _upgrade(db: str, *, create: bool) -> tuple[str | None, str, str]:
    """Migrate the store to head; returns the revision before, after, and the store's name."""
    from uxlab.store.engine import Store
    from uxlab.store.migrate import migrate_to_head

    with Store.connect(db, create=create) as store:
        before, after = migrate_to_head(store)
        return before, after, store.display
