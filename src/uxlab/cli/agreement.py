"""`uxlab agreement`: how far several observers' logs of one session agree."""

from __future__ import annotations

import json

import click

from uxlab.cli.options import db_option


@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.option(
    "--tolerance",
    default="2s",
    show_default=True,
    help="How far apart two observers' events may be and still match.",
)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@db_option
def agreement(session_ref: str, tolerance: str, as_json: bool, db: str) -> None:
    """Match the events that several observers logged in one session and give Cohen's kappa
    per event type and overall, with the events only one of them logged.

    \b
    Example:
      uxlab agreement 2b9e --tolerance 2s
    """
    from uxlab.analysis.agreement import NONE, coded_events
    from uxlab.analysis.agreement import agreement as compare
    from uxlab.cli.table import render_table
    from uxlab.errors import UxlabError
    from uxlab.protocol.durations import parse_duration
    from uxlab.store.engine import Store
    from uxlab.store.sessions import find_session, session_logs

    try:
        window = parse_duration(tolerance)
    except ValueError:
        raise UxlabError(f"--tolerance: expected a duration like 2s, got {tolerance!r}") from None
    with Store.open(db) as store, store.reading() as s:
        visit = find_session(s, session_ref)
        logs = session_logs(s, visit)
        started = visit.started_at
    if len(logs) < 2:
        raise UxlabError(
            f"session {visit.id} was logged by {', '.join(logs) or 'nobody'} only: "
            "agreement needs two authors (log with --author)"
        )
    pairs = compare({a: coded_events(e, started) for a, e in logs.items()}, window)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "a": p.first,
                        "b": p.second,
                        "tolerance_s": window,
                        "kappa": p.kappa(),
                        "codes": {
                            c: {
                                "kappa": p.kappa(c),
                                "agreed": p.matrix[(c, c)],
                                "a_only": sum(n for (x, y), n in p.matrix.items() if x == c != y),
                                "b_only": sum(n for (x, y), n in p.matrix.items() if y == c != x),
                            }
                            for c in p.codes
                            if c != NONE
                        },
                        "unmatched": [
                            {"author": who, "at_s": e.at_s, "code": e.code, "event": e.ref}
                            for who, e in p.unmatched
                        ],
                    }
                    for p in pairs
                ],
                indent=2,
            )
        )
        return
    for pair in pairs:
        overall = pair.kappa()
        click.echo(
            f"{pair.first} and {pair.second}, within {window:g} s: Cohen's kappa "
            f"{'–' if overall is None else f'{overall:.2f}'}"
        )
        rows = []
        for code in pair.codes:
            if code == NONE:
                continue
            kappa = pair.kappa(code)
            rows.append(
                (
                    code,
                    pair.matrix[(code, code)],
                    sum(n for (x, y), n in pair.matrix.items() if x == code != y),
                    sum(n for (x, y), n in pair.matrix.items() if y == code != x),
                    "–" if kappa is None else f"{kappa:.2f}",
                )
            )
        click.echo(
            render_table(
                ["event", "agreed", f"{pair.first} only", f"{pair.second} only", "kappa"], rows
            )
        )
        if pair.unmatched:
            click.echo("\nunmatched:")
            for who, event in pair.unmatched:
                click.echo(f"  {event.at_s:8.1f}s  {who}: {event.code}  ({event.ref[:8]})")
        click.echo("")
