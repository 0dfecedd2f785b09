"""`uxlab plot`: the study's charts as SVG and PNG files."""

from __future__ import annotations

from pathlib import Path

import click

from uxlab.cli.options import (
    OUTPUT,
    confidence_option,
    db_option,
    force_option,
    protocol_version_option,
    times_option,
)


@click.command()
@click.argument("study")
@click.option(
    "--out",
    type=OUTPUT,
    required=True,
    help="Folder for the charts (made if missing).",
)
@confidence_option
@times_option
@protocol_version_option
@force_option
@db_option
def plot(
    study: str,
    out: Path,
    confidence: float,
    times: str,
    versions: tuple[str, ...],
    force: bool,
    db: str,
) -> None:
    """Draw the study's charts (completion, time on task, errors, SEQ, SUS, sessions, problem
    discovery, one timeline per session) as SVG and PNG, each with its alt text. Charts
    already in the folder are replaced only with --force.

    \b
    Example:
      uxlab plot checkout-form --out charts/
    """
    from itertools import chain

    from uxlab.charts.chart import save
    from uxlab.charts.study import study_figures, timeline_figures
    from uxlab.output_files import check_target, written_folder
    from uxlab.report.collect import collect
    from uxlab.store.engine import Store

    with Store.open(db) as store:
        bundle = collect(store, study, confidence, times, versions)
    written = 0
    with written_folder(out, force) as staging:
        for chart in chain(study_figures(bundle), timeline_figures(bundle)):
            for suffix in (".svg", ".png"):
                check_target(out / f"{chart.name}{suffix}", force)  # refuse early, not at the end
            save(chart, staging)
            written += 1
    click.echo(f"wrote {written} charts (SVG and PNG) to {out}")
