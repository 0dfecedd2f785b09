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


def _signed(share: float) -> str:
    """+42%, −33%, and 0% rather than −0% for a bound that rounds to nothing."""
    points = round(share * 100)
    return f"{points:+d}%" if points else "0%"


def p_text(p: float | None) -> str:
    if p is None:
        return "p not computable"
    return "p < .001" if p < 0.001 else f"p = {p:.3f}".replace("0.", ".")


def comparison_sentence(row: dict[str, Any], titles: dict[str, str], confidence: float) -> str:
    """One comparison in plain words, whether or not it is significant."""
    subject = f"“{titles.get(row['task'], row['task'])}”" if row["task"] else "the whole study"
    test = TEST_NAMES.get(row["test"], row["test"])
    level = f"{confidence:.0%}"
    if row["difference"] is None:
        return f"{row['metric']} on {subject}: not compared ({row.get('reason', 'too few data')})."
    low, high = row["ci"] if row["ci"] else (None, None)
    a, b = row["a"], row["b"]
    if row["metric"] == "completion":
        better = a if row["difference"] > 0 else b
        span = ""
        if low is not None and high is not None:
            span = f" ({level} CI {_signed(low)} to {_signed(high)})"
        return (
            f"On {subject}, {better} was completed more often: {a} − {b} = "
            f"{_signed(row['difference'])}{span}; {test}, {p_text(row['p_value'])}."
        )
    if row["metric"] == "time":
        faster = b if row["difference"] > 1 else a
        span = f" ({level} CI {low:.2f} to {high:.2f})" if low is not None else ""
        return (
            f"On {subject}, {faster} was faster: the geometric mean time of {a} is "
            f"{row['difference']:.2f} times that of {b}{span}; {test}, "
            f"{p_text(row['p_value'])}."
        )
    label = "SUS" if row["metric"] == "sus" else "SEQ"
    higher = a if row["difference"] > 0 else b
    span = f" ({level} CI {low:+.1f} to {high:+.1f})" if low is not None else ""
    return (
        f"On {subject}, {higher} was rated higher on {label}: {a} − {b} = "
        f"{row['difference']:+.1f}{span}; {test}, {p_text(row['p_value'])}."
    )


def findings(result: dict[str, Any], titles: dict[str, str]) -> list[str]:
    """The differences that reached p < 1 − confidence, then benchmark misses and SUS grades."""
    confidence = result["confidence"]
    alpha = 1 - confidence
    found = [
        comparison_sentence(row, titles, confidence)
        for row in result["comparisons"]
        if row["p_value"] is not None and row["p_value"] < alpha
    ]
    if result["comparisons"] and not found:
        found.append(
            f"No difference between the variants reached p < {alpha:.2g}: with "
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
