"""`uxlab report`: the usability report as one HTML file, or Markdown with PNG charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from uxlab.cli.options import confidence_option, db_option, times_option

if TYPE_CHECKING:
    from uxlab.store.engine import Store


@click.command()
@click.argument("study")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="FILE.html (one self-contained file) or FILE.md (PNG charts beside it).",
)
@confidence_option
@times_option
@db_option
def report(study: str, out: Path, confidence: float, times: str, db: str) -> None:
    """Write the usability report (ISO/IEC 25062 CIF outline).

    \b
    Example:
      uxlab report checkout-form --out report.html
      uxlab report checkout-form --out report.md
    """
    from uxlab.errors import UxlabError
    from uxlab.store.engine import Store

    if out.suffix.lower() not in (".html", ".htm", ".md"):
        raise UxlabError(f"--out must end in .html or .md, got {out.name}")
    command = f"uxlab report {study} --out {out.name} --confidence {confidence} --times {times}"
    with Store.open(db) as store:
        write_report(store, study, out, confidence, times, command)
    click.echo(f"wrote {out}")


def write_report(
    store: Store, study: str, out: Path, confidence: float, times: str, command: str
) -> None:
    """Collect, draw and render the report into `out` (HTML or Markdown by its suffix)."""
    from uxlab.charts.chart import save, svg_text
    from uxlab.charts.study import study_figures
    from uxlab.cli.progress import progress
    from uxlab.errors import UxlabError
    from uxlab.report.build import render_html, render_markdown
    from uxlab.report.collect import collect

    with progress(3, "building the report") as advance:
        bundle = collect(store, study, confidence, times)
        advance(1)
        charts = list(study_figures(bundle))
        advance(1)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if out.suffix.lower() == ".md":
                folder = out.with_name(f"{out.stem}-charts")
                pngs = {
                    chart.name: (f"{folder.name}/{save(chart, folder)[1].name}", chart.alt)
                    for chart in charts
                }
                text = render_markdown(bundle, command, pngs)
            else:
                text = render_html(
                    bundle, command, {chart.name: svg_text(chart) for chart in charts}
                )
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UxlabError(f"cannot write {out}: {exc.strerror}") from None
        advance(1)
