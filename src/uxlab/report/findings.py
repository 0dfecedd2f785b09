"""The findings a design lead reads first, in plain words, from the analysis."""

from __future__ import annotations

from typing import Any

from uxlab.recording.vocabulary import SEVERITY_WORDS
from uxlab.report.numbers import points, ratio, signed

TEST_NAMES = {
    "n-1 two-proportion": "N−1 two-proportion test",
    "fisher exact": "Fisher's exact test",
    "mcnemar mid-p": "McNemar mid-p test",
    "welch t on log times": "Welch's t test on log times",
    "paired t on log times": "paired t test on log times",
    "welch t": "Welch's t test",
    "paired t": "paired t test",
    "adjusted-wald z": "adjusted-Wald z test of two NPS (Lewis & Sauro 2021)",
    "none": "no test",
}


def ordinal(number: float) -> str:
    """91 -> 91st, 12 -> 12th, 3 -> 3rd."""
    whole = round(number)
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def p_text(p: float | None) -> str:
    if p is None:
        return "p not computable"
    return "p < .001" if p < 0.001 else f"p = {p:.3f}".replace("0.", ".")


def direction(row: dict[str, Any]) -> int:
    """Which way a comparison's interval lies from no difference (0, or 1 for a ratio): +1
    wholly above, −1 wholly below, 0 where it includes no difference or is not computed.
    Only a non-zero direction may be put into words such as "faster" or "more often"."""
    if row["ci"] is None:
        return 0
    low, high = row["ci"]
    none = 1.0 if row["difference_kind"] == "a / b" else 0.0
    return 1 if low > none else -1 if high < none else 0


def comparison_sentence(row: dict[str, Any], titles: dict[str, str], confidence: float) -> str:
    """One comparison in plain words: a direction only where its interval excludes no
    difference, else "no difference detected" with the range the interval leaves open."""
    subject = f"“{titles.get(row['task'], row['task'])}”" if row["task"] else "the whole study"
    metric = {"completion": "completion", "time": "time on task", "errors": "errors"}.get(
        row["metric"], row["metric"].upper()
    )
    if row["difference"] is None or row["ci"] is None:
        why = row.get("reason") or "no interval"
        return f"{metric} on {subject}: not compared ({why})."
    a, b, way = row["a"], row["b"], direction(row)
    low, high = row["ci"]
    level = f"{confidence:.0%} CI"
    if row["metric"] == "completion":
        size = f"{a} − {b} = {points(row['difference'])} ({level} {points(low)} to {points(high)})"
        said = {1: f"{a} was completed more often", -1: f"{b} was completed more often"}
    elif row["difference_kind"] == "a / b":
        size = (
            f"the geometric mean time of {a} is {ratio(row['difference'])} times {b}'s "
            f"({level} {ratio(low)} to {ratio(high)})"
        )
        said = {-1: f"{a} was faster", 1: f"{b} was faster"}
    else:
        digits = 2 if row["metric"] == "errors" else 1
        size = (
            f"{a} − {b} = {signed(row['difference'], digits)} "
            f"({level} {signed(low, digits)} to {signed(high, digits)})"
        )
        said = (
            {1: f"{b} had fewer errors per attempt", -1: f"{a} had fewer errors per attempt"}
            if row["metric"] == "errors"
            else {1: f"{a} was rated higher on {metric}", -1: f"{b} was rated higher on {metric}"}
        )
    verdict = said.get(way, f"no difference in {metric} was detected")
    test = TEST_NAMES.get(row["test"], row["test"])
    adjusted = row.get("p_adjusted")
    tail = f", adjusted {p_text(adjusted)}" if adjusted is not None else ""
    return f"On {subject}, {verdict}: {size}; {test}, {p_text(row['p_value'])}{tail}."


# Where a protocol sets no completion benchmark, tasks are read against the average completion
# rate of published usability tests: 78% (Sauro & Lewis, Quantifying the User Experience, ch. 4).
AVERAGE_COMPLETION = 0.78


def multiplicity(result: dict[str, Any]) -> str | None:
    """How many comparisons were tested and how many hold after the adjustment."""
    alpha = 1 - result["confidence"]
    tested = [row for row in result["comparisons"] if row["p_value"] is not None]
    if not tested:
        return None
    raw = sum(row["p_value"] < alpha for row in tested)
    kept = sum(row["p_adjusted"] < alpha for row in tested)
    tests = f"{len(tested)} comparison{'s' * (len(tested) != 1)}"
    return (
        f"{tests} {'was' if len(tested) == 1 else 'were'} tested; {raw} reached "
        f"p < {alpha:.2g}, and {kept} {'remains' if kept == 1 else 'remain'} after the "
        f"Benjamini–Hochberg adjustment for {len(tested)} test{'s' * (len(tested) != 1)}, "
        f"which keeps the expected share of false findings among them at {alpha:.0%}."
    )


def key_findings(
    definition: dict[str, Any],
    result: dict[str, Any],
    titles: dict[str, str],
    problems: list[dict[str, Any]] | None = None,
    limit: int = 5,
) -> list[str]:
    """The findings a design lead reads first, most certain first: differences that survive
    the adjustment; what is bad on every variant (tasks below the completion reference,
    benchmarks every variant misses, the most serious frequent problem); differences that do
    not survive it; then benchmarks met or missed. A direction only where the interval
    excludes no difference; within a rank, the smaller p first."""
    alpha = 1 - result["confidence"]
    ranked: list[tuple[tuple[int, float], str]] = []
    directed = [row for row in result["comparisons"] if direction(row)]
    for row in directed:
        sentence = comparison_sentence(row, titles, result["confidence"])[:-1]
        if row["p_adjusted"] is not None and row["p_adjusted"] < alpha:
            ranked.append(((0, row["p_adjusted"]), f"{sentence} (survives the adjustment)."))
        else:
            ranked.append(((2, row["p_value"] or 1.0), f"{sentence} (not after the adjustment)."))
    failing = _failing_tasks(definition, result)
    below = {task for task, _, _ in failing}
    missed = [
        clause
        for clause in _missed_everywhere(result, alpha)
        if not (clause[0] in below and clause[2].startswith("misses the completion"))
    ]
    everywhere = failing + missed
    for task in dict.fromkeys(task for task, _, _ in everywhere):
        clauses = [(rank, clause) for t, rank, clause in everywhere if t == task]
        ranked.append(
            (
                min(rank for rank, _ in clauses),
                f"“{titles.get(task, task)}” "
                + "; it also ".join(clause for _, clause in clauses)
                + ".",
            )
        )
    ranked += _serious_problem(problems or [], definition)
    ranked += _benchmark_findings(result, titles, alpha, len(definition["variants"]) > 1, below)
    if result["comparisons"] and not directed:
        ranked.append(
            (
                (1, 1.0),
                f"No difference between the variants was detected: with "
                f"{result['participants']} participants, the scorecard shows how large a "
                "difference the study can rule out.",
            )
        )
    # What is bad on every variant keeps up to two places however many differences survive.
    ordered = sorted(ranked, key=lambda pair: pair[0])
    reserved = [pair for pair in ordered if pair[0][0] == 1][:2]
    others = [pair for pair in ordered if pair not in reserved][: limit - len(reserved)]
    return [sentence for _, sentence in sorted(reserved + others, key=lambda pair: pair[0])]


def _serious_problem(
    problems: list[dict[str, Any]], definition: dict[str, Any]
) -> list[tuple[tuple[int, float], str]]:
    """The most serious problem that a quarter or more of the participants met, if it is major
    or critical: what to fix first, whichever variant is chosen."""
    candidates = [p for p in problems if p["severity"] >= 3 and p["frequency"] >= 0.25]
    if not candidates:
        return []
    worst = max(candidates, key=lambda p: (p["severity"], p["frequency"]))
    word = SEVERITY_WORDS.get(worst["severity"], str(worst["severity"]))
    seen = (
        " (" + ", ".join(
            f"{v['participants']} of {v['of']} on {variant}"
            for variant, v in (worst.get("per_variant") or {}).items()
        ) + ")"
        if len(definition["variants"]) > 1 and worst.get("per_variant")
        else ""
    )  # fmt: skip
    what = f": {worst['description']}" if worst.get("description") else ""
    fix = f" Recommendation: {worst['recommendation']}." if worst.get("recommendation") else ""
    return [
        (
            (1, 1 - worst["frequency"]),
            f"Problem {worst['id']} ({word}) was met by {len(worst['participants'])} "
            f"participant{'s' * (len(worst['participants']) != 1)}{seen}{what}.{fix}",
        )
    ]


Clause = tuple[str, tuple[int, float], str]  # task, rank, what is bad on every variant


def _failing_tasks(definition: dict[str, Any], result: dict[str, Any]) -> list[Clause]:
    """Tasks whose completion interval lies below the benchmark on every variant: bad on
    both designs, whichever is chosen."""
    goal = (definition.get("benchmarks") or {}).get("completion")
    reference = goal if goal is not None else AVERAGE_COMPLETION
    against = (
        f"the {reference:.0%} benchmark"
        if goal is not None
        else f"the {reference:.0%} average completion rate of published usability tests"
    )
    found = []
    for task in definition["tasks"]:
        rows = [row for row in result["tasks"] if row["task"] == task["id"]]
        cis = [row["completion"]["ci"] for row in rows]
        if not rows or any(ci is None or ci[1] >= reference for ci in cis):
            continue
        several = len(rows) > 1
        rates = ", ".join(
            f"{row['completion']['rate']:.0%}{' on ' + row['variant'] if several else ''} "
            f"({row['completion']['successes']} of {row['completion']['n']}, CI "
            f"{row['completion']['ci'][0]:.0%}–{row['completion']['ci'][1]:.0%})"
            for row in rows
        )
        every = "every variant" if several else "the design tested"
        found.append(
            (
                task["id"],
                (1, max(row["completion"]["rate"] for row in rows)),
                f"fails on {every}: completed by {rates}, {'all ' if several else ''}below "
                f"{against}",
            )
        )
    return found


def _missed_everywhere(result: dict[str, Any], alpha: float) -> list[Clause]:
    """Benchmarks that every variant of a task (two or more) has been shown to miss."""
    found = []
    for task, metric, tests in _benchmark_tests(result):
        if _all_shown(tests, alpha, "misses"):
            how = "; ".join(f"{v}: {_benchmark_test(t)}" for v, t in tests)
            found.append(
                (
                    task,
                    (1, max(_certainty(t["p_value"]) for _, t in tests)),
                    f"misses the {BENCHMARK_NAMES[metric]} benchmark on every variant ({how})",
                )
            )
    return found


def _all_shown(tests: list[tuple[str, dict[str, Any]]], alpha: float, verb: str) -> bool:
    """Every variant (two or more) has been shown to meet, or to miss, this benchmark."""
    return len(tests) > 1 and all(
        t["p_value"] is not None and _shown(t["p_value"], alpha) == verb for _, t in tests
    )


def _benchmark_tests(
    result: dict[str, Any],
) -> list[tuple[str, str, list[tuple[str, dict[str, Any]]]]]:
    """(task, metric, [(variant, test)]) for every benchmark of every task, in order."""
    grouped: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for row in result["tasks"]:
        for metric, test in row["benchmarks"].items():
            grouped.setdefault((row["task"], metric), []).append((row["variant"], test))
    return [(task, metric, tests) for (task, metric), tests in grouped.items()]


BENCHMARK_NAMES = {"completion": "completion", "time": "target time", "seq": "SEQ"}


def _benchmark_findings(
    result: dict[str, Any], titles: dict[str, str], alpha: float, several: bool, below: set[str]
) -> list[tuple[tuple[int, float], str]]:
    """Benchmarks that a variant has been shown to meet or to miss: one sentence per task and
    variant (and per variant for the questionnaires), the most certain first."""
    found = []
    by_variant: dict[tuple[str, str, str], list[tuple[str, dict[str, Any]]]] = {}
    for task, metric, tests in _benchmark_tests(result):
        if _all_shown(tests, alpha, "misses"):
            continue  # said once for the task, with what fails on every variant
        if _all_shown(tests, alpha, "meets"):
            how = "; ".join(f"{v}: {_benchmark_test(t)}" for v, t in tests)
            found.append(
                (
                    (3, max(_certainty(t["p_value"]) for _, t in tests)),
                    f"“{titles.get(task, task)}” meets the {BENCHMARK_NAMES[metric]} benchmark "
                    f"on every variant ({how}).",
                )
            )
            continue
        for variant, test in tests:
            verb = _shown(test["p_value"], alpha) if test["p_value"] is not None else ""
            if verb == "misses" and metric == "completion" and task in below:
                continue  # said with the task that fails on every variant
            if verb:
                by_variant.setdefault((task, variant, verb), []).append((metric, test))
    for (task, variant, verb), tests in by_variant.items():
        on = f" on {variant}" if several else ""
        what = _and([BENCHMARK_NAMES[m] for m, _ in tests])
        how = "; ".join(
            f"{BENCHMARK_NAMES[m]}: {_benchmark_test(t)}" if len(tests) > 1 else _benchmark_test(t)
            for m, t in tests
        )
        plural = "s" if len(tests) > 1 else ""
        found.append(
            (
                (3, min(_certainty(t["p_value"]) for _, t in tests)),
                f"“{titles.get(task, task)}”{on} {verb} the {what} benchmark{plural} ({how}).",
            )
        )
    for variant, questionnaires in result["questionnaires"].items():
        for name, figure in questionnaires.items():
            test = figure.get("benchmark")
            if not test or test["p_value"] is None or not _shown(test["p_value"], alpha):
                continue
            grade = (
                f", grade {figure['grade']}, {ordinal(figure['percentile'])} percentile"
                if figure.get("grade")
                else ""
            )
            found.append(
                (
                    (3, _certainty(test["p_value"])),
                    f"{variant if several else 'The product'} {_shown(test['p_value'], alpha)} "
                    f"the {name.upper()} benchmark: "
                    f"{figure['mean']:.1f}{grade}, n = {figure['n']} ({_benchmark_test(test)}).",
                )
            )
    return found


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _certainty(p: float) -> float:
    """The one-sided p of whichever side a benchmark test has shown."""
    return min(p, 1 - p)


def _shown(p: float, alpha: float) -> str:
    return "meets" if p < alpha else "misses" if p > 1 - alpha else ""


def _benchmark_test(test: dict[str, Any]) -> str:
    """The one-sided test against a benchmark, with its p for the side that was shown."""
    p = test["p_value"]
    name = {"binomial mid-p": "binomial mid-p", "one-sample t on log times": "one-sample t on "
            "log times"}.get(test["test"], "one-sample t")  # fmt: skip
    return f"{name}, one-sided {p_text(_certainty(p))}"
