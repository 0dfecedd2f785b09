"""The findings a design lead reads first, in plain words, from the analysis."""

from __future__ import annotations

from typing import Any

TEST_NAMES = {
    "n-1 two-proportion": "N−1 two-proportion test",
    "fisher exact": "Fisher's exact test",
    "mcnemar mid-p": "McNemar mid-p test",
    "welch t on log times": "Welch's t test on log times",
    "paired t on log times": "paired t test on log times",
    "welch t": "Welch's t test",
    "paired t": "paired t test",
}


def ordinal(number: float) -> str:
    """91 -> 91st, 12 -> 12th, 3 -> 3rd."""
    whole = round(number)
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def points(share: float) -> str:
    """A difference of two rates in percentage points: +33 pts, −0.4 pts (a bound close to
    zero keeps a decimal, so that it never reads as zero), 0 pts."""
    value = share * 100
    if value == 0:
        return "0 pts"
    text = f"{value:+.1f}" if abs(value) < 1 else f"{value:+.0f}"
    return f"{text.replace('-', '−')} pts"


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


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
            f"the geometric mean time of {a} is {row['difference']:.2f} times {b}'s "
            f"({level} {low:.2f} to {high:.2f})"
        )
        said = {-1: f"{a} was faster", 1: f"{b} was faster"}
    else:
        size = (
            f"{a} − {b} = {_signed(row['difference'])} ({level} {_signed(low)} to {_signed(high)})"
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
    return (
        f"{len(tested)} comparisons were tested; {raw} reached p < {alpha:.2g}, and {kept} "
        f"{'remains' if kept == 1 else 'remain'} after the Benjamini–Hochberg adjustment "
        f"for {len(tested)} tests, which keeps the expected share of false findings among "
        f"them at {alpha:.0%}."
    )


def key_findings(
    definition: dict[str, Any], result: dict[str, Any], titles: dict[str, str], limit: int = 5
) -> list[str]:
    """The findings a design lead reads first, most certain first: differences that survive
    the adjustment, tasks that fail on every variant, benchmarks met or missed, then
    differences that do not survive it. A direction only where the interval excludes no
    difference."""
    alpha = 1 - result["confidence"]
    ranked: list[tuple[tuple[int, float], str]] = []
    directed = [row for row in result["comparisons"] if direction(row)]
    for row in directed:
        sentence = comparison_sentence(row, titles, result["confidence"])[:-1]
        if row["p_adjusted"] is not None and row["p_adjusted"] < alpha:
            ranked.append(((0, row["p_adjusted"]), f"{sentence} (survives the adjustment)."))
        else:
            ranked.append(((3, row["p_value"] or 1.0), f"{sentence} (not after the adjustment)."))
    ranked += _failing_tasks(definition, result, titles)
    ranked += _benchmark_findings(result, titles, alpha)
    if result["comparisons"] and not directed:
        ranked.append(
            (
                (1, 1.0),
                f"No difference between the variants was detected: with "
                f"{result['participants']} participants, the scorecard shows how large a "
                "difference the study can rule out.",
            )
        )
    return [sentence for _, sentence in sorted(ranked, key=lambda pair: pair[0])[:limit]]


def _failing_tasks(
    definition: dict[str, Any], result: dict[str, Any], titles: dict[str, str]
) -> list[tuple[tuple[int, float], str]]:
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
        rates = ", ".join(
            f"{row['completion']['rate']:.0%} on {row['variant']} "
            f"({row['completion']['successes']} of {row['completion']['n']}, CI "
            f"{row['completion']['ci'][0]:.0%}–{row['completion']['ci'][1]:.0%})"
            for row in rows
        )
        every = "every variant" if len(rows) > 1 else "the variant tested"
        found.append(
            (
                (1, max(row["completion"]["rate"] for row in rows)),
                f"“{titles.get(task['id'], task['id'])}” fails on {every}: completed by "
                f"{rates}, all below {against}.",
            )
        )
    return found


def _benchmark_findings(
    result: dict[str, Any], titles: dict[str, str], alpha: float
) -> list[tuple[tuple[int, float], str]]:
    """Benchmarks that a variant has been shown to meet or to miss: one sentence per task and
    variant (and per variant for the questionnaires), the most certain first."""
    found = []
    names = {"completion": "completion", "time": "target time", "seq": "SEQ"}
    for row in result["tasks"]:
        title = titles.get(row["task"], row["task"])
        shown = [
            (metric, test)
            for metric, test in row["benchmarks"].items()
            if test["p_value"] is not None and _shown(test["p_value"], alpha)
        ]
        for verb in ("misses", "meets"):
            tests = [(m, t) for m, t in shown if _shown(t["p_value"], alpha) == verb]
            if not tests:
                continue
            what = _and([names[m] for m, _ in tests])
            how = "; ".join(
                f"{names[m]}: {_benchmark_test(t)}" if len(tests) > 1 else _benchmark_test(t)
                for m, t in tests
            )
            plural = "s" if len(tests) > 1 else ""
            found.append(
                (
                    (2, min(_certainty(t["p_value"]) for _, t in tests)),
                    f"“{title}” on {row['variant']} {verb} the {what} benchmark{plural} ({how}).",
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
                    (2, _certainty(test["p_value"])),
                    f"{variant} {_shown(test['p_value'], alpha)} the {name.upper()} benchmark: "
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
