"""The report: CIF outline, the analyzer's numbers, escaping, self-contained, in a browser."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Cli
from uxlab.cli.main import cli
from uxlab.report.build import render_html, render_markdown
from uxlab.report.collect import StudyBundle

CIF = [
    "1. Summary",
    "2. Product and test objectives",
    "3. Method",
    "4. Results",
    "5. Usability problems",
    "6. Limitations",
    "Appendix",
]


def test_demo_writes_both_reports(demo_folder: Path) -> None:
    html = (demo_folder / "report.html").read_text("utf-8")
    markdown = (demo_folder / "report.md").read_text("utf-8")
    for heading in CIF:
        assert "<h2" in html and heading in html
        assert f"## {heading}" in markdown
    charts = sorted(p.name for p in (demo_folder / "report-charts").glob("*.png"))
    assert charts == [
        "completion.png",
        "errors.png",
        "problem-discovery.png",
        "seq.png",
        "sessions.png",
        "sus.png",
        "time-on-task.png",
    ]
    assert "](report-charts/completion.png)" in markdown
    assert "12 participants took part in 12 moderated sessions." in markdown


def test_html_is_self_contained(demo_folder: Path) -> None:
    html = (demo_folder / "report.html").read_text("utf-8")
    assert "<script" not in html.replace("&lt;script", "")
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert html.count("<svg") == 7
    assert "@media print" in html


def test_what_users_typed_is_escaped(bundle: StudyBundle) -> None:
    bundle.definition = {**bundle.definition, "title": "Checkout <b>redesign</b>"}
    session = bundle.sessions[0]
    note = next(e for e in session.events if e.type == "task_start")
    from dataclasses import replace

    from uxlab.recording.events import EventRecord

    hostile = EventRecord(
        note.id,
        "note",
        note.at,
        "moderator",
        note.task,
        0.0,
        {"note": "<script>alert('x')</script> | pipes"},
    )
    bundle.sessions[0] = replace(session, events=[*session.events, hostile])
    html = render_html(bundle, "uxlab report <x>", {})
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | pipes" in html
    assert "Checkout &lt;b&gt;redesign&lt;/b&gt;" in html
    assert "uxlab report &lt;x&gt;" in html
    markdown = render_markdown(bundle, "cmd", {})
    # Markdown is plain text: markup is backslash-escaped, never turned into entities.
    assert not re.search(r"(?<!\\)<script", markdown)
    assert "&lt;" not in markdown and "&#39;" not in markdown
    assert "\\<script>alert('x')\\</script> \\| pipes" in markdown
    assert "# Checkout \\<b>redesign\\</b>" in markdown


def test_report_numbers_are_the_analyzers(uxlab: Cli, isolated: Path) -> None:
    from tests.datasets import OPENSHIFT_PROTOCOL, openshift_results_csv

    (isolated / "o.yaml").write_text(OPENSHIFT_PROTOCOL, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "o.yaml")
    uxlab("import", str(openshift_results_csv(isolated / "o.csv")), "--kind", "results")
    uxlab("report", "openshift", "--out", "openshift.html")
    html = (isolated / "openshift.html").read_text("utf-8")
    result = json.loads(uxlab("analyze", "openshift", "--json").stdout)
    for heading in CIF:
        assert heading in html
    for row in result["tasks"]:
        completion, time = row["completion"], row["time_on_task"]
        assert f"{completion['successes']} / {completion['n']}" in html
        low, high = completion["ci"]
        assert f"{low:.0%}–{high:.0%}" in html
        if time["geometric_mean_s"] is not None:
            assert f'<td class="n">{time["geometric_mean_s"]:.1f}</td>' in html
    time_t2 = next(c for c in result["comparisons"] if (c["task"], c["metric"]) == ("t2", "time"))
    assert f"{time_t2['difference']:.2f} times B&#39;s" in html
    assert "Welch&#39;s t test on log times, p = .027" in html
    # Rows of a results file are not moderated sessions (issue 12).
    assert "33 participants took part in 33 sessions imported from a results file." in html
    assert "moderated" not in html
    # Issue 12: the biggest finding, task 3 failing on both versions, leads the summary.
    findings = html[html.index("Key findings") : html.index("2. Product and test objectives")]
    assert findings.index("“Task 3” fails on every variant: completed by 20% on A (4 of 20") < (
        findings.index("“Task 4” fails on every variant")
    )
    assert "31% on B (4 of 13, CI 12%–58%)" in findings
    assert findings.count("Task 3") == 1  # one finding per task: what fails on every variant
    assert "; it also misses the target time benchmark on every variant (A: " in findings
    # No errors column: not recorded, never "0.00 errors per attempt".
    assert "Errors per attempt</th>" not in html and "not recorded" in html
    assert "Not recorded: abandonment (outcomes given as 1/0), assists, errors (for some" in html
    assert "SUM leaves errors out." in html


def test_report_errors(uxlab: Cli) -> None:
    uxlab("init")
    assert "--out must end in .html or .md" in uxlab("report", "x", "--out", "r.pdf", code=1).stderr
    assert "no study 'nope'" in uxlab("report", "nope", "--out", "r.html", code=1).stderr


def test_plot_writes_every_chart(demo_folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "plot",
            "checkout-form",
            "--out",
            str(tmp_path / "c"),
            "--db",
            str(demo_folder / "demo.db"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote 19 charts (SVG and PNG) to {tmp_path / 'c'}\n"
    assert len(list((tmp_path / "c").glob("timeline-P*.svg"))) == 12


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Chromium is not installed (CI installs it)",
)
def test_report_in_a_real_browser(demo_folder: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "CI must have Chromium"
    console: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"error: {error}"))
        page.on("request", lambda request: requests.append(request.url))
        url = (demo_folder / "report.html").as_uri()
        page.goto(url)
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        headings = page.locator("h2").all_inner_texts()
        svg_width = page.locator("figure svg").first.bounding_box()
        note = page.get_by_text("Pasted '<script>' from the help page", exact=False).count()
        # On a phone the page itself never scrolls sideways (tables and charts scroll inside
        # their boxes) and chart text stays legible.
        page.set_viewport_size({"width": 390, "height": 844})
        page_width = page.evaluate("document.documentElement.scrollWidth")
        smallest_text = page.evaluate(
            "Math.min(...[...document.querySelectorAll('figure svg text, figure svg g[id^=text]')]"
            ".map(e => e.getBoundingClientRect().height).filter(h => h > 0))"
        )
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        browser.close()
    assert console == []
    assert requests == [url]
    assert headings == CIF
    assert svg_width is not None and svg_width["width"] > 500
    assert note >= 1
    assert (tmp_path / "report.png").stat().st_size > 50_000
    assert page_width <= 390
    assert smallest_text >= 9, smallest_text
    # Issue 12: 12 pages for 4 tasks when every section forced a page.
    assert 4 <= len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 11


def test_participant_segments(uxlab: Cli, checkout_protocol: Path, isolated: Path) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    for code, segment in (("P1", "novice"), ("P2", "expert"), ("P3", "novice")):
        uxlab(
            "session",
            "start",
            "checkout-form",
            "-p",
            code,
            "-v",
            "A",
            "--attribute",
            f"segment={segment}",
            "--attribute",
            "device=laptop",
        )
    assert (
        "--attribute expects KEY=VALUE"
        in uxlab(
            "session", "start", "checkout-form", "-p", "P4", "-v", "A", "--attribute", "x", code=1
        ).stderr
    )
    uxlab("report", "checkout-form", "--out", "r.md")
    markdown = (isolated / "r.md").read_text("utf-8")
    assert "| segment | expert | 1 | 0 |" in markdown and "|  | novice | 2 | 0 |" in markdown
    assert "| device | laptop | 3 | 0 |" in markdown
    exported = uxlab("export", "checkout-form").stdout
    other = Cli(str(isolated / "other.db"))
    other("init")
    other("protocol", "load", str(checkout_protocol))
    (isolated / "e.jsonl").write_text(exported, "utf-8")
    other("import", "e.jsonl")
    other("report", "checkout-form", "--out", "o.md")
    assert "|  | novice | 2 | 0 |" in (isolated / "o.md").read_text("utf-8")
    assert other("export", "checkout-form").stdout == exported


def test_demo_participants_have_segments(demo_folder: Path) -> None:
    html = (demo_folder / "report.html").read_text("utf-8")
    assert "Participants per segment and variant" in html and "frequent shopper" in html


def test_print_rules(demo_folder: Path) -> None:
    # Issue 12: A4 with page numbers, no forced page per section, headings kept with what
    # follows, table headers repeated on every page, charts never split.
    html = (demo_folder / "report.html").read_text("utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", style)
    assert 'counter(page) " of " counter(pages)' in style
    assert "break-before: page" not in style
    assert re.search(r"h2, h3 \{ break-after: avoid; \}", style)
    assert "thead { display: table-header-group; }" in style
    assert re.search(r"tr, figure[^{]*\{ break-inside: avoid; \}", style)
    # A long unbroken word in a title wraps instead of pushing every column off the page.
    assert "tbody th { overflow-wrap: anywhere; }" in style
    # Every table scrolls in its own box, which a keyboard can reach and a reader can name.
    boxes = re.findall(r'<div class="scroll"([^>]*)>\s*<table[^>]*>\s*<caption id="([^"]+)"', html)
    assert len(boxes) == html.count('<div class="scroll"') >= 10
    for attributes, caption in boxes:
        assert 'role="region"' in attributes and 'tabindex="0"' in attributes
        assert f'aria-labelledby="{caption}"' in attributes


class Structure(HTMLParser):
    """Every table and chart of a page, with what accessibility needs of them."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, bool]] = []
        self.svgs: list[dict[str, str]] = []
        self.ids: dict[str, str] = {}
        self.header_cells: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[str(attributes["id"])] = tag
        if tag == "table":
            self.tables.append({"caption": False, "thead": False})
        elif tag in ("caption", "thead") and self.tables:
            self.tables[-1][tag] = True
        elif tag == "svg":
            self.svgs.append({k: v or "" for k, v in attributes.items()})
        elif tag == "th":
            self.header_cells.append({"scope": attributes.get("scope")})


def test_tables_and_charts_are_accessible(demo_folder: Path) -> None:
    page = Structure()
    page.feed((demo_folder / "report.html").read_text("utf-8"))
    assert len(page.tables) >= 10
    for table in page.tables:
        assert table["caption"], table
    assert sum(table["thead"] for table in page.tables) == len(page.tables) - 1  # appendix
    assert page.header_cells and all(cell["scope"] for cell in page.header_cells)
    assert len(page.svgs) == 7
    for svg in page.svgs:
        assert svg["role"] == "img"
        labels = svg["aria-labelledby"].split()
        assert [page.ids[label] for label in labels] == ["title", "desc"]
    ids = [svg["aria-labelledby"] for svg in page.svgs]
    assert len(set(ids)) == len(ids)


def test_an_nps_interval_that_leaves_out_the_score_says_why() -> None:
    # Issue 12: "NPS 100 with interval [−48, 98] and no word why".
    from uxlab.analysis.questionnaires import net_promoter
    from uxlab.report.build import questionnaire_lines

    nps = net_promoter([10], 0.95)
    assert nps.score.value == 100 and nps.score.ci is not None and nps.score.ci[1] < 100
    figure = {**nps.score.json("score"), "promoters": 1, "detractors": 0}
    ((variant, name, text),) = questionnaire_lines({"questionnaires": {"A": {"nps": figure}}})
    assert (variant, name) == ("A", "NPS")
    assert text.startswith("+100 (−48 to +98), 1 promoter, 0 detractors;")
    assert "pulled towards 0" in text and text.endswith("n = 1")
    centred = {**figure, "score": 0.0, "ci": [-40.0, 40.0]}
    ((_, _, text),) = questionnaire_lines({"questionnaires": {"A": {"nps": centred}}})
    assert "pulled" not in text


def test_markdown_tables_keep_their_columns(demo_folder: Path) -> None:
    # Every row of every Markdown table has as many cells as its header, whatever users typed
    # (pipes in notes are escaped), and the rendered Markdown has no raw HTML but the charts.
    from markdown_it import MarkdownIt

    markdown = (demo_folder / "report.md").read_text("utf-8")
    tables: list[list[str]] = []
    previous = ""
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    assert len(tables) >= 9
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table[0]
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in rendered and "<table>" in rendered
    assert rendered.count("<img ") == 7
    assert all(alt for alt in re.findall(r'<img [^>]*alt="([^"]*)"', rendered))


def test_a_near_certainty_is_never_rounded_to_all() -> None:
    # Issue 12: discovery "100% with 20 participants" where the estimate was 99.6%.
    from uxlab.report.build import _share

    assert [_share(v) for v in (0.996, 1.0, 0.5, 0.003, 0.0, None)] == [
        "99.6%", "100%", "50%", "0.3%", "0%", "–",
    ]  # fmt: skip


def test_limitations_name_mixed_versions_and_missing_answers(
    uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    # Issue 12: the limitations name mixed protocol versions and what was never recorded.
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    for code in ("P1", "P2"):
        session = uxlab("session", "start", "checkout-form", "-p", code, "-v", "A").stdout.split()[
            -1
        ]
        uxlab("log", session, "task_start", "--task", "guest-checkout")
        uxlab("log", session, "task_end", "--task", "guest-checkout", "--outcome", "success")
    edited = checkout_protocol.read_text("utf-8").replace("target_time: 90s", "target_time: 80s")
    (isolated / "v2.yaml").write_text(edited, "utf-8")
    uxlab("protocol", "load", "v2.yaml")
    uxlab("session", "start", "checkout-form", "-p", "P3", "-v", "B")
    uxlab("report", "checkout-form", "--out", "r.md")
    markdown = (isolated / "r.md").read_text("utf-8")
    limitations = markdown[markdown.index("## 6. Limitations") : markdown.index("## Appendix")]
    # Issue 14: guest-checkout's target differs between the versions, so it is told apart.
    line = next(x for x in limitations.splitlines() if x.startswith("- Protocol versions:"))
    assert line.startswith("- Protocol versions: the sessions ran under 2 protocol versions, ")
    assert "(1 session)" in line and "(2 sessions)" in line
    assert line.endswith(
        "; tasks that differ between them are analysed per version: guest-checkout@"
        f"{line.split('guest-checkout@')[1][:7]}, guest-checkout@{line.split('@')[-1][:7]}."
    )
    assert "Sample size: 3 participants (2 on A, 1 on B)." in limitations
    assert "No answers: the protocol asks for SEQ, SUS, NPS, but none were recorded" in limitations


def test_a_one_variant_study_reads_as_one(uxlab: Cli, isolated: Path) -> None:
    # Review of issue 12: the variant key was used as a word ("only 100% (8/8)", "on only").
    (isolated / "s.yaml").write_text(
        "study: s\ntitle: Sign-up\ndesign: between\nvariants: {only: The sign-up form}\n"
        "tasks:\n  - {id: t, title: Verify the email, scenario: Do it., success: Done}\n"
        "benchmarks: {completion: 0.5}\n",
        "utf-8",
    )
    uxlab("init")
    uxlab("protocol", "load", "s.yaml")
    for code in ("P1", "P2", "P3"):
        session = uxlab("session", "start", "s", "-p", code, "-v", "only").stdout.split()[-1]
        uxlab("log", session, "task_start", "--task", "t")
        uxlab("log", session, "task_end", "--task", "t", "--outcome", "success")
    uxlab("report", "s", "--out", "r.md")
    markdown = (isolated / "r.md").read_text("utf-8")
    assert "only 100%" not in markdown and "on only" not in markdown
    assert "against the 50% benchmark: Verify the email (100% (3/3))." in markdown
    assert "The test evaluated Sign-up on 1 task," in markdown
    assert "**Comparisons:**" not in markdown and "smallest group" not in markdown
    assert "| **Verify the email** | 100% (3/3); benchmark 50%: undetermined (mid-p = " in markdown


def test_the_report_reads_the_versions_its_sessions_ran_under(
    uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    # Review of issue 12: benchmarks of a version loaded after the last session applied silently.
    # Issue 14: the figures come from the versions the sessions ran under, named in the report.
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    uxlab("session", "start", "checkout-form", "-p", "P1", "-v", "A")
    edited = checkout_protocol.read_text("utf-8").replace("sus: 68", "sus: 70")
    (isolated / "v2.yaml").write_text(edited, "utf-8")
    uxlab("protocol", "load", "v2.yaml")
    uxlab("report", "checkout-form", "--out", "r.md")
    markdown = (isolated / "r.md").read_text("utf-8")
    first = uxlab("protocol", "show", "checkout-form", "--version", "1").stdout.split("(")[1][:7]
    assert f", protocol version 1 ({first}) ·" in markdown
    appendix = markdown[markdown.index("## Appendix") :]
    assert f"- Protocol version 1 ({first}): 1 session;" in appendix
    assert "Protocol version 2" not in appendix and "Protocol versions:" not in markdown
