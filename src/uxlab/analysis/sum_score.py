"""The Single Usability Metric (Sauro & Kindlund 2005) for one task and variant.

SUM is the mean of standardized completion, time, satisfaction and errors, each turned into a
proportion of "good" outcomes. The paper leaves choices open; uxlab makes these:
- completion: the observed completion rate;
- time: the share of successful times expected under `target_time`, from a normal fit to the
  log times (task times are skewed: Sauro & Lewis use log times throughout);
- satisfaction: the share of SEQ ratings expected above the spec, from a normal fit, where the
  spec is the protocol's `benchmarks.seq`, else 4 (the neutral middle of the 7-point SEQ);
- errors: the share of error-free attempts (uxlab records errors but not error opportunities),
  left out where the source did not record errors.
A component that cannot be computed (no target time, fewer than 2 times or ratings, no
variation) is left out and named; SUM is the mean of those present.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from scipy import stats

NEUTRAL_SEQ = 4.0


def single_usability_metric(
    successes: int,
    attempts: int,
    times: Sequence[float],
    target_time: float | None,
    seq: Sequence[float],
    seq_spec: float | None,
    error_free: int,
    with_errors: int,
) -> dict[str, Any]:
    """`with_errors` of the attempts recorded errors (error_free of them had none)."""
    components: dict[str, float] = {}
    left_out: dict[str, str] = {}
    if attempts:
        components["completion"] = successes / attempts
    else:
        left_out["completion"] = "no attempts"
    if with_errors:
        components["errors"] = error_free / with_errors
    else:
        left_out["errors"] = "not recorded" if attempts else "no attempts"
    logs = [math.log(t) for t in times if t > 0]
    if target_time is None:
        left_out["time"] = "no target_time in the protocol"
    elif len(logs) < 2 or min(logs) == max(logs):
        left_out["time"] = "needs at least 2 different times"
    else:
        z = (math.log(target_time) - statistics.fmean(logs)) / statistics.stdev(logs)
        components["time"] = float(stats.norm.cdf(z))
    spec = seq_spec if seq_spec is not None else NEUTRAL_SEQ
    if len(seq) < 2 or min(seq) == max(seq):
        left_out["satisfaction"] = "needs at least 2 different SEQ ratings"
    else:
        z = (statistics.fmean(seq) - spec) / statistics.stdev(seq)
        components["satisfaction"] = float(stats.norm.cdf(z))
    value = statistics.fmean(components.values()) if components else None
    return {"n": attempts, "value": value, "components": components, "left_out": left_out}
