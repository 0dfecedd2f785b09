"""`uxlab demo`: a synthetic study in a fresh store, analyzed into a report."""

from __future__ import annotations

from pathlib import Path

import click

from uxlab.cli.options import OUTPUT, force_option


@click.command()
@click.option(
    "--participants",
    type=click.IntRange(2, 100_000),
    default=24,
    show_default=True,
    help="How many synthetic participants (half on each variant).",
)
@click.option(
    "--out",
    type=OUTPUT,
    default=Path("uxlab-demo"),
    show_default=True,
    help="Folder for the demo store and its reports.",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed.")
@force_option
def demo(participants: int, out: Path, seed: int, force: bool) -> None:
    """Make a synthetic two-variant study in a fresh SQLite store, analyze it, write its report.

    The store is OUT/demo.db; the reports are OUT/report.html and OUT/report.md with its
    charts. Where they exist already, give --force to make them anew.

    \b
    Example:
      uxlab demo --participants 24 --out uxlab-demo
    """
    from uxlab.cli.render_analysis import render
    from uxlab.cli.report import write_report
    from uxlab.demo.generate import demo_events
    from uxlab.errors import CannotWrite
    from uxlab.output_files import check_target
    from uxlab.protocol.validate import read_protocol
    from uxlab.shipped import starter_protocol
    from uxlab.store.engine import Store
    from uxlab.store.importing import import_events
    from uxlab.store.migrate import migrate_to_head
    from uxlab.store.studies import load_protocol

    database = out / "demo.db"
    if out.exists() and not out.is_dir():
        raise CannotWrite(out, "it is not a folder")
    if out.is_dir():
        for target in (database, out / "report.html", out / "report.md"):
            check_target(target, force)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(out, exc.strerror or type(exc).__name__) from None
    for leftover in (database, out / "demo.db-wal", out / "demo.db-shm"):
        leftover.unlink(missing_ok=True)
    protocol, text = read_protocol(starter_protocol())
    with Store.connect(str(database), create=True) as store:
        migrate_to_head(store)
        with store.writing() as s:
            load_protocol(s, protocol, text, str(starter_protocol().name))
            events = (
                (number, item)
                for number, item in enumerate(demo_events(participants, seed), start=1)
            )
            summary = import_events(s, "demo", events)
        from uxlab.report.collect import collect

        click.echo(render(collect(store, protocol.study).result))
        for name in ("report.html", "report.md"):
            write_report(
                store,
                protocol.study,
                out / name,
                0.95,
                "successful",
                f"uxlab demo --participants {participants} --seed {seed}",
                force,
            )
    click.echo(
        f"\n{summary.sessions} sessions, {summary.events} events in {database}\n"
        f"report: {out / 'report.html'} (and {out / 'report.md'} with its charts)\n"
        f"explore: UXLAB_DB={database} uxlab analyze {protocol.study}"
    )
