"""`uxlab protocol …`: validate, load, list, show protocols and print their JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from uxlab.cli.options import db_option, protocols_option
from uxlab.errors import UxlabError

if TYPE_CHECKING:
    from uxlab.protocol.model import Protocol


@click.group()
def protocol() -> None:
    """Study protocols: YAML files that define tasks, variants and questionnaires.

    \b
    Example:
      uxlab protocol validate protocols/checkout-form.yaml
    """


@protocol.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@protocols_option
def validate(files: tuple[Path, ...], protocols_dir: Path) -> None:
    """Check protocol files and report every problem with file, line and column.

    Without FILES, every protocol in the protocol folder is checked.

    \b
    Example:
      uxlab protocol validate protocols/checkout-form.yaml
    """
    _read_all(files, protocols_dir, report_valid=True)


@protocol.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@protocols_option
@db_option
def load(files: tuple[Path, ...], protocols_dir: Path, db: str) -> None:
    """Store protocols as new versions of their studies; unchanged content is a no-op.

    All files are checked first; if any has a problem, nothing is stored.

    \b
    Example:
      uxlab protocol load protocols/checkout-form.yaml
    """
    from uxlab.store.engine import Store
    from uxlab.store.studies import load_protocol

    parsed = _read_all(files, protocols_dir)
    with Store.open(db) as store, store.writing() as session:
        loaded = [load_protocol(session, p, text, str(path)) for path, p, text in parsed]
    for result in loaded:
        short = result.content_hash[:12]
        if result.new_version:
            what = "new study" if result.new_study else "new version"
            click.echo(f"{result.study}: stored version {result.number} ({what}, {short})")
        else:
            click.echo(f"{result.study}: unchanged, version {result.number} ({short})")


@protocol.command(name="list")
@db_option
def list_(db: str) -> None:
    """List the studies in the store with their latest protocol version.

    \b
    Example:
      uxlab protocol list
    """
    from uxlab.cli.table import render_table
    from uxlab.store.engine import Store
    from uxlab.store.studies import list_studies

    with Store.open(db) as store, store.reading() as session:
        studies = list_studies(session)
    if not studies:
        click.echo("No studies yet: uxlab protocol load FILE")
        return
    click.echo(
        render_table(
            ["study", "title", "design", "version", "tasks", "sessions"],
            [(s.slug, s.title, s.design, s.latest, s.tasks, s.sessions) for s in studies],
        )
    )


@protocol.command()
@click.argument("study")
@click.option(
    "--version",
    "number",
    type=click.IntRange(1, 2**31 - 1),
    help="A protocol version (default: the latest).",
)
@click.option("--yaml", "as_yaml", is_flag=True, help="Print the stored protocol text exactly.")
@db_option
def show(study: str, number: int | None, as_yaml: bool, db: str) -> None:
    """Show a study's protocol: tasks, variants, questionnaires and all its versions.

    \b
    Example:
      uxlab protocol show checkout-form --version 1
    """
    from uxlab.protocol.validate import parse_protocol
    from uxlab.store.engine import Store
    from uxlab.store.studies import protocol_version, study_versions

    with Store.open(db) as store, store.reading() as session:
        version = protocol_version(session, study, number)
        content, chosen = version.content, version.number
        versions = study_versions(session, study)
    if as_yaml:
        click.echo(content, nl=False)
        return
    click.echo(_describe(parse_protocol(content, f"{study} version {chosen}"), chosen))
    click.echo("\nversions:")
    for v in versions:
        mark = "*" if v.number == chosen else " "
        loaded = v.loaded_at.strftime("%Y-%m-%d %H:%M UTC")
        click.echo(
            f" {mark}{v.number:>3}  {v.content_hash[:12]}  {loaded}  "
            f"{v.sessions} sessions  {v.source or ''}".rstrip()
        )


@protocol.command()
def schema() -> None:
    """Print the JSON Schema of protocol files, for editors that autocomplete YAML.

    \b
    Example:
      uxlab protocol schema > protocol.schema.json
    """
    import json

    from uxlab.protocol.schema import protocol_schema

    click.echo(json.dumps(protocol_schema(), indent=2))


def _read_all(
    files: tuple[Path, ...], protocols_dir: Path, *, report_valid: bool = False
) -> list[tuple[Path, Protocol, str]]:
    """Validate every file; print all problems and raise if any file has one."""
    from uxlab.errors import ProtocolInvalid
    from uxlab.protocol.validate import read_protocol
    from uxlab.recording.limits import bounded

    paths = list(files) or sorted(protocols_dir.glob("*.y*ml"))
    if not paths:
        raise UxlabError(f"no protocol files given and none in {protocols_dir}")
    parsed: list[tuple[Path, Protocol, str]] = []
    problems = 0
    bad_files = 0
    for path in paths:
        try:
            protocol, text = read_protocol(path)
        except ProtocolInvalid as exc:
            for problem in exc.problems:
                click.echo(bounded(str(problem)), err=True)
            problems += len(exc.problems)
            bad_files += 1
            continue
        parsed.append((path, protocol, text))
        if report_valid:
            click.echo(
                f"ok  {path}  {protocol.study}: {len(protocol.tasks)} tasks, "
                f"{len(protocol.variants)} variants, {protocol.design}"
            )
    if bad_files:
        raise UxlabError(
            f"{problems} problem{'s' if problems != 1 else ''} in {bad_files} "
            f"protocol file{'s' if bad_files != 1 else ''}"
        )
    return parsed


def _describe(parsed: Protocol, number: int) -> str:
    from uxlab.protocol.durations import format_duration

    lines = [
        f"{parsed.study} — {parsed.title}",
        f"version {number}, {parsed.design} design, hash {parsed.content_hash()[:12]}",
        "",
        "variants:",
        *(f"  {key}: {text}" for key, text in parsed.variants.items()),
        "",
        "tasks:",
    ]
    for task in parsed.tasks:
        limits = [
            f"limit {format_duration(task.time_limit)}" if task.time_limit else "",
            f"target {format_duration(task.target_time)}" if task.target_time else "",
            f"{task.optimal_steps} optimal steps" if task.optimal_steps else "",
        ]
        extra = ", ".join(x for x in limits if x)
        lines.append(f"  {task.id}: {task.title}" + (f" ({extra})" if extra else ""))
        lines.append(f"      success: {task.success}")
    q = parsed.questionnaires
    lines += [
        "",
        f"post-task questionnaires: {', '.join(q.post_task) or 'none'}",
        f"post-session questionnaires: {', '.join(q.post_session) or 'none'}",
    ]
    if parsed.markers:
        lines.append(
            "markers: " + ", ".join(f"{m.key}={m.name} ({m.counts_as})" for m in parsed.markers)
        )
    return "\n".join(lines)
