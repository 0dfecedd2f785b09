"""`uxlab protocol …`: validate, load, list, show protocols and print their JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from uxlab.cli.options import NAME, db_option, protocols_option
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
    """Store protocols as versions of their studies, and make each the version its study's new
    sessions use. Content stored already adds no version.

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
        name = version_name(result.number, result.content_hash)
        if result.new_version:
            what = "new study" if result.new_study else "new version"
            click.echo(f"{result.study}: stored version {name}, a {what}; new sessions use it")
        else:
            click.echo(f"{result.study}: version {name} was stored already; new sessions use it")


@protocol.command()
@click.argument("study")
@click.argument("version")
@db_option
def use(study: str, version: str, db: str) -> None:
    """Make a stored protocol version the one new sessions of STUDY use: VERSION is its number
    in this store or the start of its hash (at least 7 digits), which names it in every store.

    Sessions already recorded keep the version they ran under. A sync never changes which
    version a store uses.

    \b
    Example:
      uxlab protocol use checkout-form 2
      uxlab protocol use checkout-form 3fa9c1d
    """
    from uxlab.store.engine import Store
    from uxlab.store.studies import use_version

    with Store.open(db) as store, store.writing() as session:
        chosen = use_version(session, study, version)
        name = version_name(chosen.number, chosen.content_hash)
    click.echo(f"{study}: new sessions use version {name}")


def version_name(number: int, content_hash: str) -> str:
    """A protocol version as uxlab names it: the store's number beside the hash's start."""
    from uxlab.store.studies import SHORTEST_HASH

    return f"{number} ({content_hash[:SHORTEST_HASH]})"


@protocol.command(name="list")
@db_option
def list_(db: str) -> None:
    """List the studies in the store with the protocol version new sessions use.

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
            [
                (
                    s.slug,
                    s.title,
                    s.design,
                    version_name(s.current, s.content_hash),
                    s.tasks,
                    s.sessions,
                )
                for s in studies
            ],
        )
    )


@protocol.command()
@click.argument("study")
@click.option(
    "--version",
    "ref",
    type=NAME,
    help="A protocol version: its number or the start of its hash (default: the one in use).",
)
@click.option("--yaml", "as_yaml", is_flag=True, help="Print the stored protocol text exactly.")
@db_option
def show(study: str, ref: str | None, as_yaml: bool, db: str) -> None:
    """Show a study's protocol: tasks, variants, questionnaires and all its versions.

    \b
    Example:
      uxlab protocol show checkout-form --version 1
    """
    from uxlab.protocol.validate import parse_protocol
    from uxlab.store.engine import Store
    from uxlab.store.studies import SHORTEST_HASH, find_version, protocol_version, study_versions

    with Store.open(db) as store, store.reading() as session:
        used = protocol_version(session, study).number
        version = find_version(session, study, ref) if ref is not None else None
        version = version or protocol_version(session, study)
        content, chosen = version.content, version.number
        versions = study_versions(session, study)
    if as_yaml:
        click.echo(content, nl=False)
        return
    click.echo(_describe(parse_protocol(content, f"{study} version {chosen}"), chosen))
    click.echo("\nversions (* new sessions use it, > shown above):")
    for v in versions:
        mark = ("*" if v.number == used else " ") + (">" if v.number == chosen else " ")
        loaded = v.loaded_at.strftime("%Y-%m-%d %H:%M UTC")
        click.echo(
            f" {mark}{v.number:>3}  {v.content_hash[:SHORTEST_HASH]}  {loaded}  "
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
        f"version {version_name(number, parsed.content_hash())}, {parsed.design} design",
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
