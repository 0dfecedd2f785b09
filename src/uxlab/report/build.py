"""Rendering the report: the CIF outline (ISO/IEC 25062) as HTML or Markdown, via Jinja2."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from uxlab.analysis.versions import SHORT_HASH
from uxlab.exchange.results_csv import imported_from_results
from uxlab.recording.vocabulary import SEVERITY_WORDS
from uxlab.report.caveats import conflict_warnings, version_warnings
from uxlab.report.collect import StudyBundle
from uxlab.report.findings import (
    TEST_NAMES,
    comparison_sentence,
    key_findings,
    multiplicity,
    ordinal,
    p_text,
)
from uxlab.report.numbers import signed
from uxlab.report.scorecard import METRIC_TITLES, TASK_METRICS, Scorecard, scorecard


def _environment(markdown: bool = False) -> Environment:
    """HTML escapes everything users typed (titles, scenarios, notes, codes) as HTML; Markdown
    is plain text in which only what would turn into markup is backslash-escaped (a viewer
    renders raw HTML, so `<script>` must arrive as text there as well)."""
    environment = Environment(
        loader=PackageLoader("uxlab.report", "templates"),
        autoescape=not markdown,
        finalize=_markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        pct=_pct,
        share=_share,
        num=_num,
        ci=_ci,
        p=p_text,
        seconds=lambda value: "–" if value is None else f"{value:g} s",
        ordinal=ordinal,
        per_attempt=_per_attempt,
        title_of=lambda metric: METRIC_TITLES.get(metric, metric),
        metric_name=lambda metric: metric if metric in TASK_METRICS[:3] else metric.upper(),
    )
    return environment


# What CommonMark (and GitHub's tables) would read as markup inside a line of text: code,
# emphasis (an underscore only at a word's edge), raw HTML and autolinks (a `<` before a
# letter), a bracket that would close a link or a link definition, strikethrough, table
# cells, and entities. Interval brackets such as [+0.3, +57] stay as they are.
_MARKUP = re.compile(r"[\\`*~|]|<(?=[A-Za-z/!?])|\](?=[(\[:])|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")


def _markdown_text(value: object) -> object:
    """A value printed into the Markdown report: one line, markup characters escaped. Markup
    that uxlab itself writes (chart images) passes as `Markup`."""
    if isinstance(value, Markup) or value is None:
        return "" if value is None else str(value)
    one_line = re.sub(r"\s*[\r\n]+\s*", " ", str(value))
    return _MARKUP.sub(lambda m: "\\" + m.group(0), one_line)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _share(value: float | None) -> str:
    """A share in percent that never rounds a near-certainty to 100% (or a sliver to 0%)."""
    if value is None:
        return "–"
    if 0.9995 <= value < 1:
        return "over 99.9%"
    if 0.995 <= value < 1 or 0 < value < 0.005:
        return f"{value:.1%}"
    return f"{value:.0%}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _per_attempt(figure: dict[str, Any]) -> str:
    """Errors or assists per attempt, or why there is no figure (`not recorded`)."""
    if figure["mean_per_attempt"] is None:
        return figure.get("reason") or "–"
    return f"{figure['mean_per_attempt']:.2f}"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ci(ci: list[float] | None, digits: int = 1, percent: bool = False) -> str:
    if not ci:
        return "–"
    if percent:
        return f"{ci[0]:.0%}–{ci[1]:.0%}"
    return f"{ci[0]:.{digits}f}–{ci[1]:.{digits}f}"


def context(bundle: StudyBundle, command: str, charts: Mapping[str, Any]) -> dict[str, Any]:
    from uxlab import __version__

    definition, result = bundle.definition, bundle.result
    titles = bundle.titles
    card = scorecard(definition, result)
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
        "title_page": _title_page(bundle),
        "scorecard": card,
        "benchmark_note": benchmark_note(card, result["confidence"]),
        "several_variants": len(definition["variants"]) > 1,
        "design_in_words": _design_in_words(definition),
        "findings": key_findings(definition, result, titles, bundle.problems["problems"]),
        "multiplicity": multiplicity(result),
        "sessions": len(bundle.sessions),
        "sessions_in_words": _sessions_in_words(bundle),
        "participants": result["participants"],
        "per_variant": _per_variant(bundle),
        "segments": _segments(bundle),
        "comparisons": [
            (
                row,
                comparison_sentence(row, titles, result["confidence"]),
                TEST_NAMES.get(row["test"], row["test"]),
            )
            for row in result["comparisons"]
        ],
        "problems": bundle.problems,
        "severity_words": SEVERITY_WORDS,
        "notes": notes,
        "limitations": limitations(bundle),
        "metrics": metric_definitions(definition, result),
        "questionnaire_lines": questionnaire_lines(result),
        "charts": charts,
        "appendix": {
            "versions": [
                {
                    "name": f"{v.number} ({v.content_hash[:SHORT_HASH]})",
                    "hash": v.content_hash,
                    "loaded": v.loaded_at.strftime("%Y-%m-%d %H:%M UTC"),
                    "sessions": v.sessions,
                }
                for v in bundle.versions
            ],
            "events": bundle.events,
            "attempts": sum(len(s.attempts) for s in bundle.sessions),
            "uxlab": __version__,
            "command": command,
            "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
    }


def _title_page(bundle: StudyBundle) -> dict[str, Any]:
    """The CIF title page: the protocol's facts, and the test dates and moderators as the
    data has them."""
    definition = bundle.definition
    days = sorted({session.started_at.date() for session in bundle.sessions})
    dates = (
        ""
        if not days
        else days[0].isoformat()
        if days[0] == days[-1]
        else f"{days[0].isoformat()} to {days[-1].isoformat()}"
    )
    moderators = sorted(
        {
            event.author
            for session in bundle.sessions
            if not imported_from_results(session)
            for event in session.events
            if event.type == "session_start"
        }
    )
    return {
        "product": definition.get("product") or definition["title"],
        "version": definition.get("version"),
        "author": definition.get("author"),
        "objectives": definition.get("objectives") or _default_objectives(definition),
        "dates": dates,
        "moderators": moderators,
    }


def _design_in_words(definition: dict[str, Any]) -> str:
    if len(definition["variants"]) == 1:
        return "Every participant worked on the one design under test."
    if definition["design"] == "within":
        return (
            "Each participant worked on every variant, in a recorded order (within-subjects "
            "design); comparisons pair each participant with themselves."
        )
    return (
        "Each participant worked on one variant (between-subjects design); comparisons are "
        "between independent groups."
    )


def _default_objectives(definition: dict[str, Any]) -> str:
    product = definition.get("product") or definition["title"]
    tasks = len(definition["tasks"])
    on = f"on {tasks} task{'s' * (tasks != 1)}"
    if len(definition["variants"]) == 1:
        return (
            f"The test evaluated {product} {on}, to learn how effectively, efficiently and "
            "with what satisfaction participants complete them."
        )
    return (
        f"The test compared {len(definition['variants'])} design variants of {product} {on}, "
        "to learn how effectively, efficiently and with what satisfaction participants "
        "complete them, and which variant serves them better."
    )


def _variants_of(bundle: StudyBundle) -> dict[str, set[str]]:
    """participant -> the variants they worked on (one between subjects, several within)."""
    worked: dict[str, set[str]] = {}
    for session in bundle.sessions:
        variants = {a.variant or session.variant for a in session.attempts} | {session.variant}
        worked.setdefault(session.participant, set()).update(v for v in variants if v)
    return worked


def _per_variant(bundle: StudyBundle) -> dict[str, int]:
    worked = _variants_of(bundle)
    return {
        variant: sum(variant in variants for variants in worked.values())
        for variant in bundle.definition["variants"]
    }


def _segments(bundle: StudyBundle) -> dict[str, dict[str, dict[str, int]]]:
    """attribute -> value -> variant -> participants: who was tested on what."""
    worked = _variants_of(bundle)
    segments: dict[str, dict[str, dict[str, int]]] = {}
    for participant, attributes in sorted(bundle.attributes.items()):
        for key, value in attributes.items():
            counts = segments.setdefault(key, {}).setdefault(
                value, dict.fromkeys(bundle.definition["variants"], 0)
            )
            for variant in worked.get(participant, ()):
                counts[variant] = counts.get(variant, 0) + 1
    return {key: dict(sorted(values.items())) for key, values in sorted(segments.items())}


def benchmark_note(card: Scorecard, confidence: float) -> str:
    """How to read the benchmark words: one-sided tests, each p backing the word beside it,
    not adjusted for their number."""
    tests = sum(
        len(cell.standings) for row in card.tasks + card.study for cell in row.cells.values()
    )
    if not tests:
        return ""
    alpha = 1 - confidence
    two_sided = 1 - 2 * alpha
    return (
        f"Benchmarks: each of the {tests} tests is one-sided at {alpha:.2g} and its p backs the "
        f"word beside it (of meeting the benchmark, or for “not met” of missing it). A one-sided "
        f"test at {alpha:.2g} matches {_a(two_sided)} {two_sided:.0%} interval, so a variant can "
        "meet a "
        f"benchmark while its {confidence:.0%} interval still reaches past it. These tests are "
        "not adjusted for their number."
    )


def _a(share: float) -> str:
    """The article before a percentage read aloud: an 80%, an 18%, a 90%."""
    return "an" if f"{share:.0%}".startswith(("8", "11", "18")) else "a"


def metric_definitions(definition: dict[str, Any], result: dict[str, Any]) -> list[tuple[str, str]]:
    """What each metric is and how it is computed and compared, for the method section."""
    within = definition["design"] == "within"
    asked = definition["questionnaires"]["post_task"] + definition["questionnaires"]["post_session"]
    found = [
        (
            "Effectiveness",
            "completion rate with the adjusted-Wald interval and the Lewis & Sauro best "
            "estimate; errors and assists per attempt, and the share of error-free attempts; "
            "abandonment (gave up or timed out).",
        ),
        (
            "Efficiency",
            f"time on task of {result['times']} attempts as the geometric mean with a t "
            "interval on log times, and the median"
            + (
                "; steps against the optimal path"
                if any(t.get("optimal_steps") for t in definition["tasks"])
                else ""
            )
            + ".",
        ),
    ]
    scales = {
        "seq": "SEQ, the Single Ease Question after each task (1 very difficult to 7 very easy)",
        "sus": "SUS, the System Usability Scale (0–100; 68 is the average of published studies), "
        "with the Sauro–Lewis curved grade and percentile",
        "umux-lite": "UMUX-Lite (0–100)",
        "nps": "NPS, the Net Promoter Score (promoters minus detractors, −100 to +100), with "
        "the adjusted-Wald interval, which adds three answers split between promoters and "
        "detractors and so is pulled towards 0 and need not be centred on the observed score",
    }
    found.append(
        (
            "Satisfaction",
            "; ".join(scales.get(name, name) for name in asked) + "."
            if asked
            else "no questionnaires.",
        )
    )
    found.append(
        (
            "SUM",
            "the Single Usability Metric (Sauro & Kindlund 2005): the mean of completion, the "
            "share of times expected under the target time, the share of SEQ ratings expected "
            "above the benchmark (else 4) and the share of error-free attempts, each 0–100%; a "
            "component without data (no target time, errors not recorded) is left out.",
        )
    )
    tests = (
        "McNemar mid-p tests for completion, paired t tests for times (on log times), errors "
        "and ratings"
        if within
        else "the N−1 two-proportion test (Fisher's exact test for very small counts) for "
        "completion, Welch's t test on log times for time on task, and Welch's t test for "
        "errors per attempt and ratings"
    )
    if len(definition["variants"]) > 1:
        found.append(
            (
                "Comparisons",
                f"{tests}; p-values adjusted for the number of comparisons (Benjamini–Hochberg).",
            )
        )
    return found


def questionnaire_lines(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(variant, instrument, figures) for every session-level questionnaire answered."""
    lines = []
    for variant, figures in result["questionnaires"].items():
        for name, figure in figures.items():
            if not figure.get("n"):
                continue
            if name == "nps":
                interval = (
                    f" ({signed(figure['ci'][0], 0)} to {signed(figure['ci'][1], 0)})"
                    if figure["ci"]
                    else ""
                )
                text = (
                    f"{signed(figure['score'], 0)}{interval}, "
                    f"{_count(figure['promoters'], 'promoter')}, "
                    f"{_count(figure['detractors'], 'detractor')}"
                )
                low, high = figure["ci"] or (None, None)
                if low is not None and not low <= figure["score"] <= high:
                    text += (
                        "; the adjusted-Wald interval adds 3 answers split between promoters "
                        "and detractors, so with few answers it is pulled towards 0 and can "
                        "leave out the observed score"
                    )
            else:
                text = f"{_num(figure['mean'])} ({_ci(figure['ci'])})"
                if figure.get("grade"):
                    text += f", grade {figure['grade']}, {ordinal(figure['percentile'])} percentile"
            lines.append((variant, name.upper(), f"{text}, n = {figure['n']}"))
    return lines


def definition_questionnaires(definition: dict[str, Any]) -> list[str]:
    asked = definition["questionnaires"]
    return [*asked["post_task"], *asked["post_session"]]


def limitations(bundle: StudyBundle) -> list[str]:
    """What a reader must keep in mind: the sample, the number of comparisons, data that was
    not recorded, and sessions that ran under different protocol versions."""
    result = bundle.result
    found = []
    per_variant = _per_variant(bundle)
    smallest = min(per_variant.values(), default=0)
    if len(per_variant) > 1:
        found.append(
            f"Sample size: {result['participants']} participants "
            f"({', '.join(f'{n} on {v}' for v, n in per_variant.items())}). With "
            f"{smallest} participant{'s' * (smallest != 1)} in the smallest group, only large "
            "differences can be detected; the intervals show how large."
        )
    else:
        found.append(
            f"Sample size: {result['participants']} participants. Every interval shows how "
            "precisely the figure is known; with few participants they are wide."
        )
    sentence = multiplicity(result)
    if sentence:
        found.append(f"Multiple comparisons: {sentence}")
    found.extend(f"Protocol versions: {line}." for line in version_warnings(result))
    found.extend(
        f"Participant codes in conflict: {line} (the earliest completed session counts)."
        for line in conflict_warnings(result)
    )
    missing = sorted(
        {
            name
            for row in result["tasks"]
            for name in ("errors", "assists", "efficiency")
            if row[name].get("reason") == "not recorded"
        }
        | {
            "abandonment (outcomes given as 1/0)"
            for row in result["tasks"]
            if row.get("abandonment_reason") == "not recorded"
        }
    )
    if missing:
        found.append(
            f"Not recorded: {', '.join(missing)} (for some or all sessions). These figures are "
            "shown as not recorded, never as zero"
            + ("; SUM leaves errors out." if "errors" in missing else ".")
        )
    unanswered = [
        name.upper()
        for name in definition_questionnaires(bundle.definition)
        if not any(
            (row.get(name) or {}).get("n")
            for row in [*result["tasks"], *result["questionnaires"].values()]
        )
    ]
    if unanswered and bundle.sessions:
        found.append(
            f"No answers: the protocol asks for {', '.join(unanswered)}, but none were "
            "recorded, so satisfaction is not reported."
        )
    if any(imported_from_results(session) for session in bundle.sessions):
        found.append(
            "Imported results: some sessions came from a results file, so their times and "
            "outcomes are as that file gives them and no events were logged."
        )
    return found


def _sessions_in_words(bundle: StudyBundle) -> str:
    """How many sessions, and how they came in: logged by a moderator, or rows of a results
    file (which no one moderated in uxlab)."""
    imported = sum(imported_from_results(session) for session in bundle.sessions)
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


def render_markdown(bundle: StudyBundle, command: str, pngs: Mapping[str, tuple[str, str]]) -> str:
    """Markdown with each chart as an image (path, alt text) beside it."""
    images = {
        name: Markup(f"![{_markdown_text(alt)}]({path})") for name, (path, alt) in pngs.items()
    }
    return (
        _environment(markdown=True)
        .get_template("report.md")
        .render(context(bundle, command, images))
    )
