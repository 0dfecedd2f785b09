"""`uxlab plot`: the study's charts as SVG and PNG files."""

from __future__ import annotations

from pathlib import Path

import click

from uxlab.cli.options import confidence_option, db_option, times_option


@click.command()
@click.argument("study")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the charts (made if missing).",
)
@confidence_option
@times_option
@db_option
def plot(study: str, out: Path, confidence: float, times: str, db: str) -> None:
    """Draw the study's charts (completion, time on task, errors, SUS, sessions, problem
    discovery, one timeline per session) as SVG and PNG.

    \b
    Example:
      uxlab plot checkout-form --out charts/
    """
    from itertools import chain

    from uxlab.charts.study import study_figures, timeline_figures
    from uxlab.charts.style import save
    from uxlab.report.collect import collect
    from uxlab.store.engine import Store

    with Store.open(db) as store:
        bundle = collect(store, study, confidence, times)
    written = 0
    for name, figure in chain(study_figures(bundle), timeline_figures(bundle)):
        save(figure, out, name)
        written += 1
    click.echo(f"wrote {written} charts (SVG and PNG) to {out}")
