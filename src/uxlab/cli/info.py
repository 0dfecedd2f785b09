"""`uxlab info`: which store, protocol folder and version are in use."""

from __future__ import annotations

from pathlib import Path

import click

from uxlab.cli.options import db_option, protocols_option


@click.command()
@db_option
@protocols_option
def info(db: str, protocols_dir: Path) -> None:
    """Say which store, protocol folder and uxlab version are in use (passwords masked).

    \b
    Example:
      UXLAB_DB=postgresql://ana:secret@db.example/uxlab uxlab info
    """
    from uxlab import __version__
    from uxlab.errors import StoreError
    from uxlab.store.engine import Store
    from uxlab.store.revision import describe_revision
    from uxlab.store.urls import display_url, store_url

    display = display_url(store_url(db))
    try:
        with Store.connect(db) as store:
            state = describe_revision(store.revision())
    except StoreError as exc:
        state = str(exc)
    count = len(list(protocols_dir.glob("*.y*ml"))) if protocols_dir.is_dir() else 0
    click.echo(f"uxlab      {__version__}")
    click.echo(f"store      {display}")
    click.echo(f"schema     {state}")
    click.echo(f"protocols  {protocols_dir.resolve()} ({count} file{'' if count == 1 else 's'})")
