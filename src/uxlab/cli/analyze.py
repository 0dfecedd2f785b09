"""`uxlab analyze`, `uxlab problems`, `uxlab plan`: the statistics."""

from __future__ import annotations

import json
from typing import Any

import click

from uxlab.cli.options import (
    Fraction,
    confidence_option,
    db_option,
    protocol_version_option,
    times_option,
)


def _print_schema(context: click.Context, _parameter: click.Parameter, wanted: bool) -> None:
    """--schema prints and stops before STUDY is asked for, as --help does."""
    if not wanted or context.resilient_parsing:
        return
    from uxlab.analysis.output_schema import analysis_schema

    click.echo(json.dumps(analysis_schema(), indent=2, ensure_ascii=False))
    context.exit()


@click.command()
@click.argument("study")
@click.option("--json", "as_json", is_flag=True, help="The SPEC's JSON object.")
@click.option(
    "--schema",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_schema,
    help="Print the JSON Schema of the --json object and exit (no STUDY needed).",
)
@click.option("--csv", "as_csv", is_flag=True, help="One row per task and variant.")
@confidence_option
@times_option
@click.option("--variant", "variants", multiple=True, help="Only these variants.")
@protocol_version_option
@db_option
def analyze(
    study: str,
    as_json: bool,
    as_csv: bool,
    confidence: float,
    times: str,
    variants: tuple[str, ...],
    versions: tuple[str, ...],
    db: str,
) -> None:
    """Per-task, per-variant statistics and the comparisons between variants.

    \b
    Example:
      uxlab analyze checkout-form
      uxlab analyze checkout-form --json --confidence 0.90
      uxlab analyze --schema > analysis.schema.json
    """
    from uxlab.analysis.study import analyze_study
    from uxlab.cli.render_analysis import render, render_csv
    from uxlab.errors import UxlabError
    from uxlab.report.caveats import conflict_warnings, version_warnings
    from uxlab.store.analysis_data import analysis_scope, study_data
    from uxlab.store.engine import Store

    with Store.open(db) as store, store.reading() as s:
        scope = analysis_scope(s, study, versions)
        definition = scope.pooling.definition
        unknown = [v for v in variants if v not in definition["variants"]]
        if unknown:
            raise UxlabError(
                f"unknown variant {', '.join(unknown)}: the study has "
                f"{', '.join(definition['variants'])}"
            )
        chosen = list(variants) or list(definition["variants"])
        data = study_data(s, study, chosen, scope)
        result = analyze_study(definition, data, confidence, times, chosen)
    for line in version_warnings(result) + conflict_warnings(result):
        click.echo(f"warning: {line}", err=True)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif as_csv:
        click.echo(render_csv(result), nl=False)
    else:
        click.echo(render(result))


@click.command()
@click.argument("study")
@click.option("--json", "as_json", is_flag=True, help="The SPEC's JSON object.")
@db_option
def problems(study: str, as_json: bool, db: str) -> None:
    """The usability problems by severity and frequency, per variant, with recommendations,
    and how many remain undiscovered.

    \b
    Example:
      uxlab problems checkout-form
    """
    from uxlab.analysis.study import analyze_problems
    from uxlab.cli.table import render_table
    from uxlab.store.engine import Store
    from uxlab.store.problems import problem_matrix

    with Store.open(db) as store, store.reading() as s:
        matrix = problem_matrix(s, study)
    result = analyze_problems(matrix.seen_by, matrix.participants, matrix.problems)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if not matrix.problems:
        click.echo(f"No problems recorded for {study} ({matrix.participants} participants).")
        return
    click.echo(render_table(*_problem_table(matrix.problems, matrix.participants)))
    found = result["discovery"]
    if found["p"] is not None:
        click.echo(
            f"\ndiscovery rate p = {found['p']:.3f}, adjusted for the small sample "
            f"{found['p_adjusted']:.3f}: {_share(found['found_with_5'])} of the problems are "
            f"expected with 5 participants, {_share(found['found_with_10'])} with 10, "
            f"{_share(found['found_with_20'])} with 20"
        )


def _share(value: float) -> str:
    """A share as a percentage that never rounds up to all of them."""
    shown = f"{value:.1%}"
    return "over 99.9%" if shown == "100.0%" and value < 1 else shown


def _problem_table(
    problems: list[dict[str, Any]], participants: int
) -> tuple[list[str], list[tuple[object, ...]]]:
    """The problem list's headers and rows: severity in words, and who met each problem on
    each variant of how many who had it."""
    from uxlab.recording.vocabulary import SEVERITY_WORDS

    variants = [f"on {variant}" for variant in problems[0]["per_variant"]]
    headers = [
        "problem",
        "severity",
        "seen by",
        *variants,
        "tasks",
        "description",
        "recommendation",
    ]
    rows = [
        (
            p["id"],
            f"{p['severity']} {SEVERITY_WORDS[p['severity']]}",
            f"{len(p['participants'])}/{participants}",
            *(f"{on['participants']}/{on['of']}" for on in p["per_variant"].values()),
            ", ".join(p["tasks"]),
            p["description"],
            p["recommendation"],
        )
        for p in problems
    ]
    return headers, rows


@click.group()
def plan() -> None:
    """Sample sizes for planning a study.

    \b
    Example:
      uxlab plan completion --margin 0.10
    """


@plan.command()
@click.option(
    "--margin",
    type=Fraction(0.01, 0.5),
    required=True,
    help="Half-width of the completion-rate interval, e.g. 0.10.",
)
@click.option(
    "--expected",
    type=Fraction(0.01, 0.99),
    default=0.5,
    show_default=True,
    help="Expected completion rate (0.5 is the safe choice).",
)
@confidence_option
def completion(margin: float, expected: float, confidence: float) -> None:
    """Participants for a completion rate within ± margin.

    \b
    Example:
      uxlab plan completion --margin 0.10 --expected 0.8
    """
    from uxlab.analysis.plan import for_completion_margin

    n = for_completion_margin(margin, confidence, expected)
    click.echo(
        f"{n} participants for a completion rate within ±{margin:.0%} "
        f"at {confidence:.0%} confidence (adjusted Wald, expected rate {expected:.0%})"
    )


@plan.command(name="compare")
@click.option("--p1", type=Fraction(0, 1), required=True, help="Completion rate of A.")
@click.option("--p2", type=Fraction(0, 1), required=True, help="Completion rate of B.")
@click.option("--power", type=Fraction(0.5, 0.99), default=0.8, show_default=True)
@confidence_option
def compare_(p1: float, p2: float, power: float, confidence: float) -> None:
    """Participants per variant to tell two completion rates apart.

    \b
    Example:
      uxlab plan compare --p1 0.5 --p2 0.7
    """
    from uxlab.analysis.plan import for_two_proportions
    from uxlab.errors import UxlabError

    if p1 == p2:
        raise UxlabError("--p1 and --p2 are equal: there is no difference to detect")
    n = for_two_proportions(p1, p2, confidence, power)
    click.echo(
        f"{n} participants per variant to detect {p1:.0%} against {p2:.0%} "
        f"({power:.0%} power, two-sided, {confidence:.0%} confidence)"
    )


@plan.command()
@click.option(
    "--goal",
    type=Fraction(0.01, 0.99),
    default=0.85,
    show_default=True,
    help="Share of problems to find.",
)
@click.option(
    "--p",
    "rate",
    type=Fraction(0.001, 0.999),
    required=True,
    help="Problem discovery rate (see `uxlab problems`; 0.31 is a common planning value).",
)
def discovery(goal: float, rate: float) -> None:
    """Participants to find a share of the usability problems.

    \b
    Example:
      uxlab plan discovery --goal 0.85 --p 0.31
    """
    from uxlab.analysis.discovery import participants_for

    n = participants_for(goal, rate)
    click.echo(f"{n} participants to find {goal:.0%} of the problems when p = {rate:.2f}")
