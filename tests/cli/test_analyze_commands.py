"""`uxlab analyze`, `problems` and `plan` on published studies, checked against scipy."""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from scipy import stats

from tests.conftest import Cli
from tests.datasets import (
    OPENSHIFT_PROTOCOL,
    PROBLEMS_PROTOCOL,
    SUS_PROTOCOL,
    lewis_matrix,
    lewis_problems_csv,
    openshift_results_csv,
    openshift_rows,
    sidabi_answers,
    sidabi_events,
)

Z90 = stats.norm.ppf(0.95)


def study(uxlab: Cli, folder: Path, protocol: str, name: str) -> None:
    (folder / f"{name}.yaml").write_text(protocol, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", f"{name}.yaml")


def adjusted_wald(x: int, n: int) -> tuple[float, float]:
    p = (x + Z90**2 / 2) / (n + Z90**2)
    margin = Z90 * math.sqrt(p * (1 - p) / (n + Z90**2))
    return max(0, p - margin), min(1, p + margin)


def test_openshift_benchmark_agrees_with_scipy(uxlab: Cli, isolated: Path) -> None:
    study(uxlab, isolated, OPENSHIFT_PROTOCOL, "openshift")
    uxlab("import", str(openshift_results_csv(isolated / "os.csv")), "--kind", "results")
    result = json.loads(uxlab("analyze", "openshift", "--json", "--confidence", "0.90").stdout)
    assert (result["design"], result["confidence"], result["participants"]) == ("between", 0.9, 33)

    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in openshift_rows():
        groups[(f"t{row['task']}", {"1": "A", "2": "B"}[row["group"]])].append(row)
    figures = {(t["task"], t["variant"]): t for t in result["tasks"]}
    assert len(figures) == 8
    for key, rows in groups.items():
        mine = figures[key]
        x, n = sum(r["comp"] == "1" for r in rows), len(rows)
        assert (mine["completion"]["successes"], mine["attempts"]) == (x, n)
        assert mine["completion"]["ci"] == pytest.approx(adjusted_wald(x, n), abs=1e-3)
        times = [float(r["time"]) for r in rows if r["comp"] == "1"]
        logs = [math.log(t) for t in times]
        assert mine["time_on_task"]["geometric_mean_s"] == pytest.approx(
            stats.gmean(times), abs=1e-3
        )
        low, high = stats.t.interval(
            0.90, len(logs) - 1, loc=statistics.fmean(logs), scale=stats.sem(logs)
        )
        assert mine["time_on_task"]["ci_s"] == pytest.approx(
            [math.exp(low), math.exp(high)], abs=1e-3
        )

    comparisons = {(c["task"], c["metric"]): c for c in result["comparisons"]}
    for task in ("t1", "t2", "t3", "t4"):
        a, b = groups[(task, "A")], groups[(task, "B")]
        times_a = [math.log(float(r["time"])) for r in a if r["comp"] == "1"]
        times_b = [math.log(float(r["time"])) for r in b if r["comp"] == "1"]
        welch = stats.ttest_ind(times_a, times_b, equal_var=False)
        time = comparisons[(task, "time")]
        assert time["statistic"] == pytest.approx(welch.statistic, abs=1e-3)
        assert time["p_value"] == pytest.approx(welch.pvalue, abs=1e-3)
        ci = welch.confidence_interval(0.90)
        assert time["ci"] == pytest.approx([math.exp(ci.low), math.exp(ci.high)], abs=1e-3)
        x1, x2 = sum(r["comp"] == "1" for r in a), sum(r["comp"] == "1" for r in b)
        completion = comparisons[(task, "completion")]
        if completion["test"] == "fisher exact":
            table = [[x1, len(a) - x1], [x2, len(b) - x2]]
            assert completion["p_value"] == pytest.approx(
                stats.fisher_exact(table).pvalue, abs=1e-3
            )
        else:
            n1, n2, pooled = len(a), len(b), (x1 + x2) / (len(a) + len(b))
            z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            z *= math.sqrt((n1 + n2 - 1) / (n1 + n2))
            assert completion["statistic"] == pytest.approx(z, abs=1e-3)
            assert completion["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-3)


def test_sidabi_sus(uxlab: Cli, isolated: Path) -> None:
    study(uxlab, isolated, SUS_PROTOCOL, "sidabi")
    uxlab("import", str(sidabi_events(isolated / "sidabi.jsonl")))
    result = json.loads(uxlab("analyze", "sidabi", "--json").stdout)
    sus = result["questionnaires"]["current"]["sus"]
    scores = [
        2.5 * sum((a - 1) if i % 2 == 0 else (5 - a) for i, a in enumerate(answers))
        for answers in sidabi_answers()
    ]
    assert sus["n"] == len(scores) == 36
    assert sus["mean"] == pytest.approx(statistics.fmean(scores), abs=1e-9)
    low, high = stats.t.interval(
        0.95, len(scores) - 1, loc=statistics.fmean(scores), scale=stats.sem(scores)
    )
    assert sus["ci"] == pytest.approx([low, high], abs=1e-9)
    grades = [
        ("A+", 84.1),
        ("A", 80.8),
        ("A-", 78.9),
        ("B+", 77.2),
        ("B", 74.1),
        ("B-", 72.6),
        ("C+", 71.1),
        ("C", 65.0),
        ("C-", 62.7),
        ("D", 51.7),
        ("F", 0),
    ]
    assert sus["grade"] == next(g for g, lowest in grades if sus["mean"] >= lowest)
    table = uxlab("analyze", "sidabi").stdout
    assert f"SUS {sus['mean']:.1f}" in table and f"grade {sus['grade']}" in table


def test_lewis_2001_discovery_rate(uxlab: Cli, isolated: Path) -> None:
    study(uxlab, isolated, PROBLEMS_PROTOCOL, "lewis")
    uxlab("import", str(lewis_problems_csv(isolated / "lewis.csv")), "--kind", "problems")
    result: dict[str, Any] = json.loads(uxlab("problems", "lewis", "--json").stdout)
    participants, rows = lewis_matrix()
    hits = sum(int(row[p]) for row in rows for p in participants)
    met = [row for row in rows if any(row[p] == "1" for p in participants)]
    assert result["participants"] == len(participants) == 15
    assert len(result["problems"]) == len(met) == 145
    assert result["discovery"]["p"] == pytest.approx(hits / (145 * 15), abs=1e-12)
    once = sum(1 for row in met if sum(int(row[p]) for p in participants) == 1)
    p = hits / (145 * 15)
    adjusted = 0.5 * (p - 1 / 15) * (1 - 1 / 15) + 0.5 * p / (1 + once / 145)
    assert result["discovery"]["p_adjusted"] == pytest.approx(adjusted, abs=1e-12)
    first = result["problems"][0]
    assert first["severity"] == max(int(row["Impact"]) for row in rows)
    assert "discovery rate p = " in uxlab("problems", "lewis").stdout


WITHIN = """\
study: menus
title: Two menus, every participant on both
design: within
variants: {A: Menu A, B: Menu B}
tasks:
  - {id: find, title: Find the setting, scenario: Find it., success: Found}
questionnaires: {post_task: [seq]}
"""


def test_within_design_gives_mcnemar_and_paired_t(uxlab: Cli, isolated: Path) -> None:
    study(uxlab, isolated, WITHIN, "menus")
    people = [
        ("P1", 1, 30, 1, 22, 5, 6),
        ("P2", 1, 41, 0, 60, 4, 2),
        ("P3", 1, 25, 1, 19, 6, 7),
        ("P4", 0, 80, 1, 45, 2, 5),
        ("P5", 1, 33, 1, 31, 5, 5),
        ("P6", 1, 28, 0, 70, 6, 3),
        ("P7", 1, 50, 1, 35, 4, 6),
        ("P8", 1, 37, 1, 40, 5, 5),
    ]
    lines = ["study,participant,variant,task,outcome,time_s,seq"]
    for who, ok_a, time_a, ok_b, time_b, seq_a, seq_b in people:
        lines += [
            f"menus,{who},A,find,{ok_a},{time_a},{seq_a}",
            f"menus,{who},B,find,{ok_b},{time_b},{seq_b}",
        ]
    (isolated / "menus.csv").write_text("\n".join(lines) + "\n", "utf-8")
    uxlab("import", "menus.csv", "--kind", "results")
    result = json.loads(uxlab("analyze", "menus", "--json").stdout)
    comparisons = {c["metric"]: c for c in result["comparisons"]}
    completion = comparisons["completion"]
    assert completion["test"] == "mcnemar mid-p"
    assert completion["exact_p_value"] == pytest.approx(stats.binomtest(1, 3, 0.5).pvalue)
    both = [(math.log(a), math.log(b)) for _, oa, a, ob, b, _, _ in people if oa and ob]
    paired = stats.ttest_rel([a for a, _ in both], [b for _, b in both])
    time = comparisons["time"]
    assert time["test"] == "paired t on log times"
    assert (time["n_a"], time["statistic"], time["p_value"]) == (
        len(both),
        pytest.approx(paired.statistic),
        pytest.approx(paired.pvalue),
    )
    seq = comparisons["seq"]
    reference = stats.ttest_rel([p[5] for p in people], [p[6] for p in people])
    assert (seq["test"], seq["p_value"]) == ("paired t", pytest.approx(reference.pvalue))


def test_analyze_outputs_and_errors(uxlab: Cli, isolated: Path) -> None:
    study(uxlab, isolated, OPENSHIFT_PROTOCOL, "openshift")
    uxlab("import", str(openshift_results_csv(isolated / "os.csv")), "--kind", "results")
    table = uxlab("analyze", "openshift").stdout
    assert table.startswith("openshift: between design, 33 participants, 95% intervals")
    # 4/20 at 95%: adjusted p = 5.92/23.84 = .248 ± .174; best estimate (Wilson) .25.
    assert "t3    A        4/20 = 0.20 [0.07, 0.42]   0.25" in table
    csv_rows = uxlab("analyze", "openshift", "--csv").stdout.splitlines()
    assert csv_rows[0].startswith("task,variant,attempts,successes,completion_rate")
    assert len(csv_rows) == 9
    only_b = json.loads(uxlab("analyze", "openshift", "--json", "--variant", "B").stdout)
    assert {t["variant"] for t in only_b["tasks"]} == {"B"} and only_b["comparisons"] == []
    assert "unknown variant C" in uxlab("analyze", "openshift", "--variant", "C", code=1).stderr
    assert "no study 'nope'" in uxlab("analyze", "nope", code=1).stderr
    assert "No problems recorded" in uxlab("problems", "openshift").stdout


def test_plan() -> None:
    uxlab = Cli("unused.db")
    assert uxlab("plan", "completion", "--margin", "0.1").stdout.startswith("93 participants")
    assert uxlab("plan", "compare", "--p1", "0.5", "--p2", "0.7").stdout.startswith(
        "93 participants per variant"
    )
    assert uxlab("plan", "discovery", "--p", "0.31").stdout.startswith("6 participants")
    assert "no difference" in uxlab("plan", "compare", "--p1", "0.5", "--p2", "0.5", code=1).stderr
