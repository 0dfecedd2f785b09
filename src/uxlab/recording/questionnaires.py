"""Standard questionnaires: their items and answer scales."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    items: tuple[str, ...]
    low: int
    high: int


STANDARD: dict[str, Scale] = {
    # Single Ease Question (Sauro & Dumas 2009): one 7-point item after each task.
    "seq": Scale(("1",), 1, 7),
    # System Usability Scale (Brooke 1996): ten 5-point items, in the standard order.
    "sus": Scale(tuple(str(i) for i in range(1, 11)), 1, 5),
    # UMUX-Lite (Lewis, Utesch & Maher 2013): two 7-point items.
    "umux-lite": Scale(("1", "2"), 1, 7),
    # Net Promoter likelihood to recommend: one 0-10 item.
    "nps": Scale(("1",), 0, 10),
}
