"""How far several observers' logs of one session agree: events matched within a time
tolerance, Cohen's kappa per event type and overall (Cohen 1960; for timed event sequences with
a tolerance window as in Bakeman & Quera, Sequential Analysis and Observational Methods, 2011)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from uxlab.recording.events import EventRecord
from uxlab.recording.replay import OBSERVATIONS

NONE = "(none)"


@dataclass(frozen=True)
class Coded:
    """One observer's coded event: when (seconds into the session), what, and which event."""

    at_s: float
    code: str
    ref: str


@dataclass
class PairAgreement:
    first: str
    second: str
    tolerance_s: float
    matrix: Counter[tuple[str, str]] = field(default_factory=Counter)
    unmatched: list[tuple[str, Coded]] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [*sorted({c for pair in self.matrix for c in pair} - {NONE}), NONE]

    def kappa(self, code: str | None = None) -> float | None:
        """Cohen's kappa over all codes, or for one code against all others."""
        cells = self.matrix if code is None else self._collapsed(code)
        total = sum(cells.values())
        if total == 0:
            return None
        observed = sum(n for (a, b), n in cells.items() if a == b) / total
        rows, columns = Counter[str](), Counter[str]()
        for (a, b), n in cells.items():
            rows[a] += n
            columns[b] += n
        expected = sum(rows[c] * columns[c] for c in rows) / total**2
        if expected == 1:
            return None
        return (observed - expected) / (1 - expected)

    def _collapsed(self, code: str) -> Counter[tuple[str, str]]:
        cells: Counter[tuple[str, str]] = Counter()
        for (a, b), n in self.matrix.items():
            cells[(code if a == code else "other", code if b == code else "other")] += n
        return cells


def agreement(logs: dict[str, Sequence[Coded]], tolerance_s: float) -> list[PairAgreement]:
    """Every pair of observers, their events matched one to one within the tolerance: the same
    code first (closest in time first), then different codes (disagreements); the rest unmatched."""
    pairs = []
    for first, second in combinations(sorted(logs), 2):
        result = PairAgreement(first, second, tolerance_s)
        left, right = list(logs[first]), list(logs[second])
        for same in (True, False):
            candidates = sorted(
                (abs(a.at_s - b.at_s), i, j)
                for i, a in enumerate(left)
                for j, b in enumerate(right)
                if abs(a.at_s - b.at_s) <= tolerance_s and (a.code == b.code) == same
            )
            used_left: set[int] = set()
            used_right: set[int] = set()
            for _, i, j in candidates:
                if i in used_left or j in used_right:
                    continue
                used_left.add(i)
                used_right.add(j)
                result.matrix[(left[i].code, right[j].code)] += 1
            left = [e for i, e in enumerate(left) if i not in used_left]
            right = [e for j, e in enumerate(right) if j not in used_right]
        for event in left:
            result.matrix[(event.code, NONE)] += 1
            result.unmatched.append((first, event))
        for event in right:
            result.matrix[(NONE, event.code)] += 1
            result.unmatched.append((second, event))
        result.unmatched.sort(key=lambda item: item[1].at_s)
        pairs.append(result)
    return pairs


def coded_events(events: Sequence[EventRecord], started_at: datetime) -> list[Coded]:
    """An author's effective observations as codes: the type, with the marker's name or the
    problem's id where they say more. The session's tasks, pauses, answers and end are the
    moderator's alone, so they are not compared."""
    coded = []
    for event in events:
        if event.type not in OBSERVATIONS:
            continue
        detail = event.data.get("name") or event.data.get("problem")
        code = f"{event.type}:{detail}" if detail else event.type
        coded.append(Coded((event.at - started_at).total_seconds(), code, str(event.id)))
    return coded
