"""Output paths and typed options (issue 13, point 3): one line naming the path or option,
exit 1, nothing written or stored; existing files replaced only with --force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli

AT = "2026-11-22T10:00:00Z"


@pytest.fixture
def recorded(ready: Cli) -> str:
    """A store with one completed session of checkout-form; its id."""
    session = ready("session", "start", "checkout-form", "-p", "P01", "-v", "A", "--at", AT)
    session_id = session.stdout.strip()
    ready("log", session_id, "task_start", "--task", "guest-checkout", "--at", AT)
    ready("log", session_id, "task_end", "--outcome", "success", "--at", "2026-11-22T10:00:40Z")
    ready("session", "end", session_id, "--at", "2026-11-22T10:01:00Z")
    return session_id


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# Output paths ------------------------------------------------------------------------------


OUTPUTS = [
    ("export", "checkout-form", "--out"),
    ("report", "checkout-form", "--out"),
]


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["export", "checkout-form", "--out"], "x.jsonl"),
        (["report", "checkout-form", "--out"], "r.html"),
        (["report", "checkout-form", "--out"], "r.md"),
    ],
)
def test_a_missing_folder_is_named(
    ready: Cli, recorded: str, tmp_path: Path, command: list[str], name: str
) -> None:
    target = Path("nodir") / name
    line = one_line(ready(*command, str(target), code=1).stderr)
    assert line == f"Error: cannot write {target}: no folder nodir"
    assert not (tmp_path / "nodir").exists()


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[0])
def test_a_special_file_or_folder_is_refused(
    ready: Cli, recorded: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    special = "/dev/full.html" if command[0] == "report" else "/dev/full"
    if command[0] == "export":
        line = one_line(ready(*command, special, code=1).stderr)
        assert line == f"Error: cannot write {special}: it is a special file, not a regular file"
    (tmp_path / "folder.html").mkdir()
    line = one_line(ready(*command, "folder.html", "--force", code=1).stderr)
    assert line == "Error: cannot write folder.html: it is a folder, not a regular file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_named(ready: Cli, recorded: str, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        line = one_line(ready("export", "checkout-form", "--out", "locked/x.jsonl", code=1).stderr)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert line == "Error: cannot write locked/x.jsonl: no permission to write in locked"
    assert files_in(locked) == set()


def test_a_failed_export_leaves_no_file(ready: Cli, tmp_path: Path) -> None:
    line = one_line(ready("export", "nope", "--out", "x.jsonl", code=1).stderr)
    assert "no study 'nope'" in line
    assert not [p for p in tmp_path.iterdir() if "x.jsonl" in p.name]


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv"])
def test_export_refuses_to_overwrite_without_force(
    ready: Cli, recorded: str, tmp_path: Path, name: str
) -> None:
    fmt = name.rpartition(".")[2]
    target = tmp_path / name
    target.write_text("keep me\n", encoding="utf-8")
    line = one_line(ready("export", "checkout-form", "--format", fmt, "--out", name, code=1).stderr)
    assert line == f"Error: {name} exists: give --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "keep me\n"
    ready("export", "checkout-form", "--format", fmt, "--out", name, "--force")
    assert "P01" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["r.html", "r.md"])
def test_report_refuses_to_overwrite_without_force(
    ready: Cli, recorded: str, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    target.write_text("keep me", encoding="utf-8")
    line = one_line(ready("report", "checkout-form", "--out", name, code=1).stderr)
    assert line == f"Error: {name} exists: give --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "r-charts").exists()
    ready("report", "checkout-form", "--out", name, "--force")
    assert "checkout-form" in target.read_text(encoding="utf-8")


def test_report_refuses_to_overwrite_its_charts(ready: Cli, recorded: str, tmp_path: Path) -> None:
    ready("report", "checkout-form", "--out", "r.md")
    (tmp_path / "r.md").unlink()
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "r-charts").iterdir()}
    line = one_line(ready("report", "checkout-form", "--out", "r.md", code=1).stderr)
    assert "exists: give --force to overwrite it" in line
    assert line.startswith("Error: r-charts/")
    assert not (tmp_path / "r.md").exists()
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "r-charts").iterdir()} == before
    ready("report", "checkout-form", "--out", "r.md", "--force")
    assert (tmp_path / "r.md").is_file()


def test_plot_refuses_to_overwrite_without_force(ready: Cli, recorded: str, tmp_path: Path) -> None:
    ready("plot", "checkout-form", "--out", "charts")
    written = files_in(tmp_path / "charts")
    assert "completion.svg" in written
    (tmp_path / "charts" / "completion.svg").write_text("keep me", encoding="utf-8")
    line = one_line(ready("plot", "checkout-form", "--out", "charts", code=1).stderr)
    assert line == "Error: charts/completion.svg exists: give --force to overwrite it"
    assert (tmp_path / "charts" / "completion.svg").read_text(encoding="utf-8") == "keep me"
    assert files_in(tmp_path / "charts") == written
    ready("plot", "checkout-form", "--out", "charts", "--force")
    assert (tmp_path / "charts" / "completion.svg").read_text(encoding="utf-8") != "keep me"
    assert files_in(tmp_path / "charts") == written


def test_plot_into_a_file_or_special_path(ready: Cli, recorded: str, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    line = one_line(ready("plot", "checkout-form", "--out", "taken", code=1).stderr)
    assert line == "Error: cannot write taken: a file is in the way (it must be a folder)"
    line = one_line(ready("plot", "checkout-form", "--out", "taken/charts", code=1).stderr)
    assert line.startswith("Error: cannot write taken/charts: ")
    assert files_in(tmp_path) >= {"taken"} and (tmp_path / "taken").is_file()


def test_demo_refuses_to_overwrite_without_force(tmp_path: Path, uxlab: Cli) -> None:
    uxlab("demo", "--participants", "4", "--out", "d")
    report = tmp_path / "d" / "report.html"
    report.write_text("keep me", encoding="utf-8")
    line = one_line(uxlab("demo", "--participants", "4", "--out", "d", code=1).stderr)
    assert line == "Error: d/demo.db exists: give --force to overwrite it"
    assert report.read_text(encoding="utf-8") == "keep me"
    uxlab("demo", "--participants", "4", "--out", "d", "--force")
    assert "checkout-form" in report.read_text(encoding="utf-8")


def test_demo_into_a_file(tmp_path: Path, uxlab: Cli) -> None:
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    line = one_line(uxlab("demo", "--participants", "4", "--out", "taken", code=1).stderr)
    assert line == "Error: cannot write taken: it is not a folder"
    line = one_line(uxlab("demo", "--participants", "4", "--out", "taken/d", code=1).stderr)
    assert line.startswith("Error: cannot write taken/d: ")


# Options -----------------------------------------------------------------------------------


def sessions_listed(cli: Cli) -> str:
    return cli("session", "list").stdout


@pytest.mark.parametrize(
    ("given", "option"),
    [
        (["-p", "", "-v", "A"], "--participant"),
        (["-p", "  ", "-v", "A"], "--participant"),
        (["-p", "P02", "-v", "A", "--moderator", ""], "--moderator"),
        (["-p", "P02", "-v", "A", "--at", ""], "--at"),
        (["-p", "P02", "-v", "A", "--at", "garbage"], "--at"),
        (["-p", "P02", "-v", "A", "--at", "9999-12-31T23:59:59-05:00"], "--at"),
    ],
)
def test_session_start_names_the_bad_option(
    ready: Cli, recorded: str, given: list[str], option: str
) -> None:
    before = sessions_listed(ready)
    line = one_line(ready("session", "start", "checkout-form", *given, code=1).stderr)
    assert line.startswith(f"Error: {option}: ")
    assert repr(given[given.index(option) + 1] if option in given else given[1]) in line
    assert sessions_listed(ready) == before


def test_an_empty_time_is_not_now(ready: Cli, recorded: str) -> None:
    line = one_line(ready("log", recorded, "marker", "--name", "x", "--at", "", code=1).stderr)
    assert line == ("Error: --at: expected an ISO-8601 time like 2026-11-22T10:15:03.5Z, got ''")


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["log", "{s}", "note", "--note", "n", "--at", ""], "--at"),
        (["log", "{s}", "note", "--note", "n", "--at", "garbage"], "--at"),
        (["log", "{s}", "note", "--note", "n", "--task", ""], "--task"),
        (["log", "{s}", "note", "--note", "n", "--author", ""], "--author"),
        (["answer", "{s}", "sus", "1", "2", "--at", "yesterday"], "--at"),
        (["answer", "{s}", "seq", "5", "--task", " "], "--task"),
        (["answer", "{s}", "sus", "1", "--author", ""], "--author"),
        (["session", "end", "{s}", "--at", ""], "--at"),
        (["session", "resume", "{s}", "--author", ""], "--author"),
        (["participant", "forget", "", "--study", "checkout-form", "--yes"], "CODE"),
        (["import", "results.csv", "--kind", "results", "--at", ""], "--at"),
        (["export", "checkout-form", "--out", ""], "--out"),
        (["export", "checkout-form", "--session", ""], "--session"),
        (["report", "checkout-form", "--out", " "], "--out"),
        (["plot", "checkout-form", "--out", ""], "--out"),
        (["demo", "--out", ""], "--out"),
        (["sync", "--to", ""], "--to"),
        (
            ["session", "start", "checkout-form", "-p", "P9", "-v", "A", "--recording", ""],
            "--recording",
        ),
    ],
)
def test_every_command_names_the_bad_option(
    ready: Cli, recorded: str, tmp_path: Path, command: list[str], option: str
) -> None:
    (tmp_path / "results.csv").write_text("participant,task,success\n", encoding="utf-8")
    before = ready("export", "checkout-form").stdout
    args = [part.replace("{s}", recorded) for part in command]
    line = one_line(ready(*args, code=1).stderr)
    assert line.startswith(f"Error: {option}: ")
    assert ready("export", "checkout-form").stdout == before


def test_good_times_still_work(ready: Cli, recorded: str) -> None:
    ready(
        "session",
        "start",
        "checkout-form",
        "-p",
        "P02",
        "-v",
        "B",
        "--at",
        "2026-11-22T11:00:30+01:00",
    )
    assert "2026-11-22T10:00:30" in ready("export", "checkout-form").stdout


def test_an_empty_store_name_is_not_this_folder(uxlab: Cli) -> None:
    line = one_line(uxlab("info", "--db", "", code=1).stderr)
    assert line == "Error: --db: must not be empty, got ''"
