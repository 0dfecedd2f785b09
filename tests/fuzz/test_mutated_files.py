"""Mutated exchange files and protocols, given to the four importers and `protocol validate` on
both backends: each is accepted (and then imports again without change, exports and analyzes)
or refused whole, naming its file and line, without a traceback, within time and memory.

UXLAB_FUZZ picks the profile: `quick` (the default, for CI: a few dozen hypothesis examples
per format and backend) or `long` (hundreds of examples, and the fixed-seed corpus of
UXLAB_FUZZ_CASES cases, 3,000 unless set; see tests/fuzz/corpus.py to run it by hand)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.corpus import reproducer, run_corpus
from tests.fuzz.harness import TIME_LIMIT_S, run_case
from tests.fuzz.mutations import FORMATS, mutate, op_names
from tests.fuzz.stores import FuzzStore, seed_bytes

PROFILE = os.environ.get("UXLAB_FUZZ", "quick")
if PROFILE not in ("quick", "long"):
    raise pytest.UsageError(f"UXLAB_FUZZ must be quick or long, not {PROFILE!r}")
LONG = PROFILE == "long"
EXAMPLES = 400 if LONG else 30
CORPUS_CASES = int(os.environ.get("UXLAB_FUZZ_CASES", "3000"))

# Reproducible in CI: the same examples on every run, none remembered between runs. Shrinking
# re-runs failing cases (each up to the time limit), so only the long profile shrinks.
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if LONG else [])],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_mutated_file_is_accepted_or_refused_whole_naming_its_line(
    fuzz_store: FuzzStore, fmt: str, tmp_path: Path
) -> None:
    original = seed_bytes(fmt)

    @FUZZ_SETTINGS
    @given(
        ops=st.lists(st.sampled_from(op_names(fmt)), min_size=1, max_size=3),
        seed=st.integers(min_value=0, max_value=2**32 - 1),
    )
    def case(ops: list[str], seed: int) -> None:
        mutation = mutate(original, fmt, seed, ops)
        outcome = run_case(fuzz_store, fmt, mutation.data, tmp_path, TIME_LIMIT_S)
        if outcome.failures:
            pytest.fail(
                "\n".join(
                    [f"{f.kind}: {f.key}\n  {f.detail.strip()[:500]}" for f in outcome.failures]
                    + [f"mutate(seed_bytes({fmt!r}), {fmt!r}, {seed}, {ops!r})"]
                    + reproducer(seed, fmt, mutation).splitlines()[1:]
                ),
                pytrace=False,
            )

    case()


def test_the_seed_files_are_accepted(fuzz_store: FuzzStore, tmp_path: Path) -> None:
    """Unmutated, every seed file passes, so that what a mutation breaks is the mutation's."""
    for fmt in FORMATS:
        outcome = run_case(fuzz_store, fmt, seed_bytes(fmt), tmp_path, TIME_LIMIT_S)
        assert (outcome.accepted, outcome.failures) == (True, []), (fmt, outcome)


@pytest.mark.skipif(not LONG, reason="the fixed-seed corpus runs in the long profile")
def test_the_fixed_seed_corpus(fuzz_store: FuzzStore, tmp_path: Path) -> None:
    summary = run_corpus(fuzz_store, tmp_path, range(CORPUS_CASES))
    assert summary.failed == 0, summary.text()
