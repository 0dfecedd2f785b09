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


# What the moderator reads out, item by item.
WORDING: dict[str, tuple[str, ...]] = {
    "seq": (
        "Overall, how difficult or easy was the task to complete? (1 very difficult … 7 very easy)",
    ),
    "sus": (
        "I think that I would like to use this system frequently.",
        "I found the system unnecessarily complex.",
        "I thought the system was easy to use.",
        "I think that I would need the support of a technical person to be able to use this "
        "system.",
        "I found the various functions in this system were well integrated.",
        "I thought there was too much inconsistency in this system.",
        "I would imagine that most people would learn to use this system very quickly.",
        "I found the system very cumbersome to use.",
        "I felt very confident using the system.",
        "I needed to learn a lot of things before I could get going with this system.",
    ),
    "umux-lite": (
        "This system's capabilities meet my requirements.",
        "This system is easy to use.",
    ),
    "nps": (
        "How likely is it that you would recommend this to a friend or colleague? "
        "(0 not at all likely … 10 extremely likely)",
    ),
}
