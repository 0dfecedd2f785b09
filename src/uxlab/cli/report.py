"""`uxlab report`: the usability report as one HTML file, or Markdown with PNG charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from uxlab.cli.options import (
    OUTPUT,
    confidence_option,
    db_option,
    force_option,
    protocol_version_option,
    times_option,
)

if TYPE_CHECKING:
    from uxlab.store.engine import Store


@click.command()
@click.argument("study")
@click.option(
    "--out",
    type=OUTPUT,
    required=True,
    help="FILE.html (one self-contained file) or FILE.md (PNG charts beside it).",
)
@confidence_option
@times_option
@protocol_version_option
@force_option
@db_option
def report(
    study: str,
    out: Path,
    confidence: float,
    times: str,
    versions: tuple[str, ...],
    force: bool,
    db: str,
) -> None:
    """Write the usability report (ISO/IEC 25062 CIF outline).

    \b
    Example:
      uxlab report checkout-form --out report.html
      uxlab report checkout-form --out report.md
    """
    from uxlab.errors import UxlabError
    from uxlab.output_files import check_target
    from uxlab.store.engine import Store

    if out.suffix.lower() not in (".html", ".htm", ".md"):
        raise UxlabError(f"--out must end in .html or .md, got {out.name}")
    check_target(out, force)
    command = " ".join(
        [
            f"uxlab report {study} --out {out.name} --confidence {confidence} --times {times}",
            *(f"--protocol-version {ref}" for ref in versions),
        ]
    )
    with Store.open(db) as store:
        write_report(store, study, out, confidence, times, command, force, versions)
    click.echo(f"wrote {out}")


def write_report(
    store: Store,
    study: str,
    out: Path,
    confidence: float,
    times: str,
    command: str,
    force: bool,
    versions: tuple[str, ...] = (),
) -> None:
    """Collect, draw and render the report into `out` (HTML or Markdown by its suffix), with a
    Markdown report's charts in OUT-charts/ beside it; existing files are replaced only with
    `force`."""
    from uxlab.charts.chart import save, svg_text
    from uxlab.charts.study import study_figures
    from uxlab.cli.progress import progress
    from uxlab.output_files import check_target, written_folder, written_text
    from uxlab.report.build import render_html, render_markdown
    from uxlab.report.collect import collect

    with progress(3, "building the report") as advance:
        bundle = collect(store, study, confidence, times, versions)
        advance(1)
        charts = list(study_figures(bundle))
        advance(1)
        if out.suffix.lower() == ".md":
            folder = out.with_name(f"{out.stem}-charts")
            check_target(out, force)  # before the charts' folder is made beside it
            with written_text(out, force) as sink, written_folder(folder, force) as staging:
                pngs = {
                    chart.name: (f"{folder.name}/{save(chart, staging)[1].name}", chart.alt)
                    for chart in charts
                }
                sink.write(render_markdown(bundle, command, pngs))
        else:
            with written_text(out, force) as sink:
                sink.write(
                    render_html(bundle, command, {chart.name: svg_text(chart) for chart in charts})
                )
        advance(1)
