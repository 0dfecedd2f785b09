"""Protocol versions named by content (issue 14, point 1): every store holds every version it
meets under the same hash, and which version new sessions use is chosen (`protocol load`,
`protocol use`), never the order in which syncs brought versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from uxlab.store.engine import Store
from uxlab.store.migrate import downgrade, migrate_to_head
from uxlab.store.revision import SCHEMA_REVISION


@pytest.fixture
def edited(isolated: Path, checkout_protocol: Path) -> tuple[Path, Path]:
    """The shipped protocol, and an edit of it that adds a task."""
    text = checkout_protocol.read_text("utf-8")
    first = isolated / "v1.yaml"
    first.write_text(text, "utf-8")
    second = isolated / "v2.yaml"
    second.write_text(
        text.replace(
            "tasks:\n",
            "tasks:\n  - id: track-order\n    title: Track an order\n"
            "    scenario: Find where your last order is.\n"
            "    success: The order status page is open.\n",
            1,
        ),
        "utf-8",
    )
    return first, second


def used(uxlab: Cli) -> str:
    """The `version` cell of `protocol list`: the version new sessions use."""
    row = uxlab("protocol", "list").stdout.splitlines()[1]
    return row.split("between")[1].split()[0] + " " + row.split("between")[1].split()[1]


def session_hash(uxlab: Cli, participant: str) -> str:
    session = uxlab("session", "start", "checkout-form", "-p", participant, "-v", "A").stdout
    lines = uxlab("export", "checkout-form", "--session", session.strip()).stdout.splitlines()
    return str(json.loads(lines[0])["data"]["protocol"])


def test_load_and_use_choose_the_version_new_sessions_use(
    uxlab: Cli, edited: tuple[Path, Path]
) -> None:
    uxlab("init")
    first, second = edited
    one = uxlab("protocol", "load", str(first)).stdout
    two = uxlab("protocol", "load", str(second)).stdout
    hash_one, hash_two = one.split("(")[1][:7], two.split("(")[1][:7]
    assert (
        two == f"checkout-form: stored version 2 ({hash_two}), a new version; new sessions use it\n"
    )
    assert used(uxlab) == f"2 ({hash_two})"
    assert session_hash(uxlab, "P01").startswith(hash_two)

    assert uxlab("protocol", "use", "checkout-form", "1").stdout == (
        f"checkout-form: new sessions use version 1 ({hash_one})\n"
    )
    assert used(uxlab) == f"1 ({hash_one})"
    assert session_hash(uxlab, "P02").startswith(hash_one)
    shown = uxlab("protocol", "show", "checkout-form").stdout
    marks = [line.split()[:2] for line in shown.split("versions")[1].splitlines()[1:]]
    assert marks == [["*>", "1"], ["2", hash_two]] and "track-order" not in shown
    assert "track-order" in uxlab("protocol", "show", "checkout-form", "--version", hash_two).stdout

    uxlab("protocol", "use", "checkout-form", hash_two)
    assert used(uxlab) == f"2 ({hash_two})"
    again = uxlab("protocol", "load", str(first)).stdout  # loading is choosing
    assert (
        again == f"checkout-form: version 1 ({hash_one}) was stored already; new sessions use it\n"
    )
    assert used(uxlab) == f"1 ({hash_one})"


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("9", "has no protocol version 9"),
        ("abc", "give its number in this store (2) or at least 7 digits of its hash"),
        ("zzzzzzzz", "give its number in this store (2) or at least 7 digits of its hash"),
        ("0000000", "has no protocol version whose hash starts 0000000"),
        ("9" * 23, "has no protocol version whose hash starts 99999999999"),
    ],
)
def test_a_version_that_is_not_there_is_named(
    uxlab: Cli, edited: tuple[Path, Path], ref: str, said: str
) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(edited[0]))
    refused = uxlab("protocol", "use", "checkout-form", ref, code=1).stderr
    assert said in refused and refused.count("\n") == 1


def test_sync_keeps_every_version_and_each_store_its_choice(
    isolated: Path, edited: tuple[Path, Path]
) -> None:
    """Two laptops: one uses the first version, the other the edit; after syncs both ways in
    both orders each still uses its own, and both hold both versions under the same hashes."""
    laptop, server = Cli(str(isolated / "laptop.db")), Cli(str(isolated / "server.db"))
    for store, version in ((laptop, edited[0]), (server, edited[1])):
        store("init")
        store("protocol", "load", str(version))
    laptop("protocol", "load", str(edited[1]))
    laptop("protocol", "use", "checkout-form", "1")
    before = used(laptop), used(server)
    for source, target in ((laptop, server), (server, laptop), (laptop, server)):
        source("sync", "--to", target.db)
    assert (used(laptop), used(server)) == before
    assert before[0].split()[1] != before[1].split()[1]

    def hashes(store: Cli) -> set[str]:
        lines = store("protocol", "show", "checkout-form").stdout.split("versions")[1]
        return {line.lstrip(" *>").split()[1] for line in lines.splitlines()[1:]}

    assert hashes(laptop) == hashes(server) and len(hashes(laptop)) == 2

    fresh = Cli(str(isolated / "fresh.db"))
    laptop("sync", "--to", fresh.db)  # a study new to a store takes the source's choice
    assert used(fresh).split()[1] == before[0].split()[1]


def test_a_store_from_before_uses_its_latest_version(
    uxlab: Cli, db_url: str, edited: tuple[Path, Path]
) -> None:
    uxlab("init")
    for version in edited:
        uxlab("protocol", "load", str(version))
    uxlab("protocol", "use", "checkout-form", "1")
    uxlab("session", "start", "checkout-form", "-p", "P01", "-v", "A")
    sessions = uxlab("session", "list").stdout
    with Store.connect(db_url) as store:
        # SQLite copies a table to change it: its rows, and the rows pointing at them, stay.
        downgrade(store, "0004")
        assert migrate_to_head(store) == ("0004", SCHEMA_REVISION)
    assert used(uxlab).startswith("2 (")
    assert uxlab("session", "list").stdout == sessions


def attempt(uxlab: Cli, code: str, tasks: tuple[str, ...], version: str) -> None:
    """A session under a chosen version with one successful attempt on each task."""
    uxlab("protocol", "use", "checkout-form", version)
    session = uxlab("session", "start", "checkout-form", "-p", code, "-v", "A").stdout.strip()
    for task in tasks:
        uxlab("log", session, "task_start", "-t", task)
        uxlab("log", session, "task_end", "-o", "success")
    uxlab("session", "end", session)


def test_tasks_pool_over_versions_only_where_they_are_the_same(
    uxlab: Cli, edited: tuple[Path, Path], isolated: Path
) -> None:
    """Version 2 adds track-order and gives guest-checkout another target: apply-coupon pools
    both versions' sessions, guest-checkout is analysed per version, track-order has version
    2's only, and the JSON and a warning say so (issue 14, point 2)."""
    second = edited[1]
    second.write_text(
        second.read_text("utf-8").replace("target_time: 90s", "target_time: 80s"), "utf-8"
    )
    uxlab("init")
    hashes = [uxlab("protocol", "load", str(v)).stdout.split("(")[1][:7] for v in edited]
    attempt(uxlab, "P01", ("guest-checkout", "apply-coupon"), "1")
    attempt(uxlab, "P02", ("guest-checkout", "apply-coupon", "track-order"), "2")
    attempt(uxlab, "P03", ("apply-coupon",), "2")

    result = uxlab("analyze", "checkout-form", "--json")
    figures = json.loads(result.stdout)
    full = {v["hash"][:7]: v["hash"] for v in figures["versions"]}
    assert [(v["hash"][:7], v["sessions"]) for v in figures["versions"]] == [
        (hashes[1], 2),
        (hashes[0], 1),
    ]
    on_a = {row["task"]: row for row in figures["tasks"] if row["variant"] == "A"}
    split = sorted(hashes)
    assert set(on_a) == {
        f"guest-checkout@{split[0]}",
        f"guest-checkout@{split[1]}",
        "apply-coupon",
        "change-address",
        "find-returns",
        "track-order",
    }
    assert on_a["apply-coupon"]["attempts"] == 3
    assert on_a["apply-coupon"]["versions"] == sorted(full.values())
    assert on_a["track-order"]["attempts"] == 1
    assert on_a["track-order"]["versions"] == [full[hashes[1]]]
    for digest in hashes:
        row = on_a[f"guest-checkout@{digest}"]
        assert (row["attempts"], row["versions"]) == (1, [full[digest]])
    assert result.stderr == (
        f"warning: the sessions ran under 2 protocol versions, {hashes[1]} (2 sessions), "
        f"{hashes[0]} (1 session); tasks that differ between them are analysed per version: "
        f"guest-checkout@{split[0]}, guest-checkout@{split[1]}\n"
    )

    only = uxlab("analyze", "checkout-form", "--json", "--protocol-version", hashes[0])
    alone = json.loads(only.stdout)
    assert only.stderr == "" and [v["sessions"] for v in alone["versions"]] == [1]
    on_a = {row["task"]: row for row in alone["tasks"] if row["variant"] == "A"}
    assert on_a["guest-checkout"]["attempts"] == on_a["apply-coupon"]["attempts"] == 1
    assert "track-order" not in on_a

    exported = uxlab("export", "checkout-form", "--protocol-version", "2").stdout.splitlines()
    assert {json.loads(line)["participant"] for line in exported} == {"P02", "P03"}
    uxlab("report", "checkout-form", "--out", "r.md", "--protocol-version", "1")
    report = (isolated / "r.md").read_text("utf-8")
    assert f"protocol version 1 ({hashes[0]}) ·" in report and "track-order" not in report


def test_the_analysis_is_the_same_in_every_store_that_holds_the_sessions(
    isolated: Path, edited: tuple[Path, Path]
) -> None:
    """Two stores number the versions differently and use different ones; after syncs both
    ways, their analyses of the same sessions agree to the byte."""
    laptop, server = Cli(str(isolated / "laptop.db")), Cli(str(isolated / "server.db"))
    for store, order in ((laptop, edited), (server, edited[::-1])):
        store("init")
        for version in order:
            store("protocol", "load", str(version))
    attempt(laptop, "P01", ("guest-checkout",), "1")
    attempt(server, "P02", ("track-order",), "1")
    laptop("sync", "--to", server.db)
    server("sync", "--to", laptop.db)
    analyses = [store("analyze", "checkout-form", "--json").stdout for store in (laptop, server)]
    assert analyses[0] == analyses[1]
    assert len(json.loads(analyses[0])["versions"]) == 2
