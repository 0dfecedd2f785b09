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
    metric = {"completion": "completion", "time": "time on task"}.get(
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
        said = {1: f"{a} was rated higher on {metric}", -1: f"{b} was rated higher on {metric}"}
    verdict = said.get(way, f"no difference in {metric} was detected")
    test = TEST_NAMES.get(row["test"], row["test"])
    adjusted = row.get("p_adjusted")
    tail = f", adjusted {p_text(adjusted)}" if adjusted is not None else ""
    return f"On {subject}, {verdict}: {size}; {test}, {p_text(row['p_value'])}{tail}."


def findings(result: dict[str, Any], titles: dict[str, str]) -> list[str]:
    """The differences whose interval excludes no difference, each saying whether it survives
    the adjustment for the number of comparisons; how many tests there were; then benchmark
    misses and SUS grades."""
    confidence = result["confidence"]
    alpha = 1 - confidence
    tested = [row for row in result["comparisons"] if row["p_value"] is not None]
    found = []
    for row in tested:
        if direction(row) == 0:
            continue
        sentence = comparison_sentence(row, titles, confidence)
        survives = row["p_adjusted"] is not None and row["p_adjusted"] < alpha
        found.append(
            sentence[:-1]
            + (" (survives the adjustment)." if survives else " (not after the adjustment).")
        )
    if tested:
        raw = sum(row["p_value"] < alpha for row in tested)
        kept = sum(row["p_adjusted"] < alpha for row in tested)
        found.append(
            f"{len(tested)} comparisons were tested; {raw} reached p < {alpha:.2g}, and {kept} "
            f"{'remains' if kept == 1 else 'remain'} after the Benjamini–Hochberg adjustment "
            f"for {len(tested)} tests, which keeps the expected share of false findings among "
            f"them at {alpha:.0%}."
        )
    if tested and not any(direction(row) for row in tested):
        found.append(
            f"No difference between the variants was detected: with "
            f"{result['participants']} participants, the intervals in the comparisons "
            "show how large a difference the study can rule out."
        )
    for row in result["tasks"]:
        test = row["benchmarks"].get("completion")
        completion = row["completion"]
        if test and test["p_value"] is not None and test["difference"] < 0:
            target = completion["rate"] - test["difference"]
            found.append(
                f"“{titles.get(row['task'], row['task'])}” on {row['variant']}: completion "
                f"{completion['rate']:.0%} ({completion['successes']} of {completion['n']}) has "
                f"not been shown to reach the {target:.0%} benchmark (binomial "
                f"mid-{p_text(test['p_value'])})."
            )
    for variant, questionnaires in result["questionnaires"].items():
        sus = questionnaires.get("sus")
        if sus and sus["mean"] is not None:
            ci = f", {confidence:.0%} CI {sus['ci'][0]:.1f}–{sus['ci'][1]:.1f}" if sus["ci"] else ""
            found.append(
                f"{variant}: SUS {sus['mean']:.1f}{ci}, n = {sus['n']}: grade "
                f"{sus['grade']}, {ordinal(sus['percentile'])} percentile."
            )
    return found
