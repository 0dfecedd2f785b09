"""Rendering the report: the CIF outline (ISO/IEC 25062) as HTML or Markdown, via Jinja2."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from uxlab.exchange.results_csv import RESULTS_AUTHOR
from uxlab.protocol.durations import format_duration
from uxlab.report.collect import StudyBundle
from uxlab.report.findings import TEST_NAMES, comparison_sentence, findings, ordinal, p_text


def _environment() -> Environment:
    # Everything users typed (titles, scenarios, notes, codes) is escaped, in Markdown too:
    # a Markdown viewer renders HTML, so `<script>` must arrive as text there as well.
    environment = Environment(
        loader=PackageLoader("uxlab.report", "templates"),
        autoescape=select_autoescape(["html", "md"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        pct=_pct, num=_num, ci=_ci, p=p_text, duration=_duration, cell=_cell, ordinal=ordinal
    )
    return environment


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ci(ci: list[float] | None, digits: int = 1, percent: bool = False) -> str:
    if not ci:
        return ""
    if percent:
        return f"{ci[0]:.0%}–{ci[1]:.0%}"
    return f"{ci[0]:.{digits}f}–{ci[1]:.{digits}f}"


def _duration(seconds: float | None) -> str:
    return "–" if seconds is None else format_duration(seconds)


def _cell(text: object) -> str:
    """Text for a Markdown table cell: one line, no column breaks."""
    return str(text).replace("\n", " ").replace("|", "\\|")


def context(bundle: StudyBundle, command: str, charts: Mapping[str, str]) -> dict[str, Any]:
    from uxlab import __version__

    definition, result = bundle.definition, bundle.result
    titles = bundle.titles
    per_variant = Counter(
        attempt.variant if definition["design"] == "within" else session.variant
        for session in bundle.sessions
        for attempt in session.attempts[:1]
    )
    notes = [
        (
            session.participant,
            titles.get(event.task or "", event.task or ""),
            str(event.data["note"]),
        )
        for session in bundle.sessions
        for event in session.events
        if event.type == "note" and event.data.get("note")
    ]
    return {
        "definition": definition,
        "result": result,
        "titles": titles,
        "findings": findings(result, titles),
        "sessions": len(bundle.sessions),
        "sessions_in_words": _sessions_in_words(bundle),
        "participants": result["participants"],
        "per_variant": per_variant,
        "segments": bundle.segments,
        "comparisons": [
            (
                row,
                comparison_sentence(row, titles, result["confidence"]),
                TEST_NAMES.get(row["test"], row["test"]),
            )
            for row in result["comparisons"]
        ],
        "problems": bundle.problems,
        "notes": notes,
        "charts": charts,
        "appendix": {
            "version": bundle.version,
            "hash": bundle.content_hash,
            "loaded": bundle.loaded_at.strftime("%Y-%m-%d %H:%M UTC"),
            "events": bundle.events,
            "attempts": sum(len(s.attempts) for s in bundle.sessions),
            "uxlab": __version__,
            "command": command,
            "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
    }


def _sessions_in_words(bundle: StudyBundle) -> str:
    """How many sessions, and how they came in: logged by a moderator, or rows of a results
    file (which no one moderated in uxlab)."""
    imported = sum(
        any(e.type == "session_start" and e.author == RESULTS_AUTHOR for e in session.events)
        for session in bundle.sessions
    )
    logged = len(bundle.sessions) - imported
    parts = [
        f"{logged} moderated session{'s' * (logged != 1)}" if logged else "",
        f"{imported} session{'s' * (imported != 1)} imported from a results file"
        if imported
        else "",
    ]
    return " and ".join(part for part in parts if part) or "no sessions"


def render_html(bundle: StudyBundle, command: str, svgs: dict[str, str]) -> str:
    # The SVGs are matplotlib's own markup, which escapes the text it draws.
    charts = {name: Markup(svg) for name, svg in svgs.items()}
    return _environment().get_template("report.html").render(context(bundle, command, charts))


def render_markdown(bundle: StudyBundle, command: str, pngs: dict[str, str]) -> str:
    return _environment().get_template("report.md").render(context(bundle, command, pngs))
