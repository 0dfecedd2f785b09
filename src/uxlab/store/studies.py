"""Studies and their protocol versions: loading, listing, looking up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from uxlab.analysis.versions import SHORT_HASH
from uxlab.errors import NoSuchStudy, UxlabError
from uxlab.store.engine import serialize_imports
from uxlab.store.models import ProtocolVersion, Study, StudySession, Task, Variant

if TYPE_CHECKING:  # the logging path must not import pydantic
    from uxlab.protocol.model import Protocol


@dataclass(frozen=True)
class LoadedVersion:
    study: str
    number: int
    content_hash: str
    new_version: bool
    new_study: bool
    used: bool  # whether new sessions of the study now use this version


# A version is named by its store-local number or by at least this many digits of its hash.
SHORTEST_HASH = SHORT_HASH


@dataclass(frozen=True)
class StudySummary:
    slug: str
    title: str
    design: str
    versions: int
    current: int  # the number of the version new sessions use
    content_hash: str
    tasks: int
    sessions: int


@dataclass(frozen=True)
class VersionSummary:
    number: int
    content_hash: str
    source: str | None
    loaded_at: datetime
    sessions: int


def load_protocol(
    session: Session, protocol: Protocol, content: str, source: str | None, *, use: bool = True
) -> LoadedVersion:
    """Store a protocol as a new version of its study (the same content again adds nothing),
    and, if `use`, make it the version new sessions use. Sync copies versions without `use`:
    which version a store's sessions use is chosen there, never by the order of syncs."""
    serialize_imports(session)
    digest = protocol.content_hash()
    study = session.scalar(select(Study).where(Study.slug == protocol.study))
    new_study = study is None
    if study is None:
        study = Study(slug=protocol.study, title=protocol.title)
        session.add(study)
        session.flush()
    else:
        existing = session.scalar(
            select(ProtocolVersion).where(
                ProtocolVersion.study_id == study.id, ProtocolVersion.content_hash == digest
            )
        )
        if existing is not None:
            if use:
                study.current_hash, study.title = digest, protocol.title
            return LoadedVersion(study.slug, existing.number, digest, False, False, use)

    number = (
        session.scalar(
            select(func.max(ProtocolVersion.number)).where(ProtocolVersion.study_id == study.id)
        )
        or 0
    ) + 1
    version = ProtocolVersion(
        study_id=study.id,
        number=number,
        content_hash=digest,
        content=content,
        definition=protocol.definition(),
        source=source,
        design=protocol.design,
    )
    session.add(version)
    if use:  # the study's title is its version in use's
        study.current_hash, study.title = digest, protocol.title
    session.flush()
    session.add_all(
        Variant(protocol_version_id=version.id, key=key, position=i, description=text)
        for i, (key, text) in enumerate(protocol.variants.items())
    )
    session.add_all(
        Task(
            protocol_version_id=version.id,
            key=task.id,
            position=i,
            title=task.title,
            scenario=task.scenario,
            success=task.success,
            time_limit_s=task.time_limit,
            target_time_s=task.target_time,
            optimal_steps=task.optimal_steps,
        )
        for i, task in enumerate(protocol.tasks)
    )
    return LoadedVersion(study.slug, number, digest, True, new_study, use)


def get_study(session: Session, slug: str) -> Study:
    study = session.scalar(select(Study).where(Study.slug == slug))
    if study is None:
        raise NoSuchStudy(slug)
    return study


def protocol_version(
    db: Session, slug: str, number: int | None = None, *, content_hash: str | None = None
) -> ProtocolVersion:
    """A study's protocol version by number or content hash, or else the one new sessions use."""
    study = get_study(db, slug)
    query = select(ProtocolVersion).where(ProtocolVersion.study_id == study.id)
    if number is not None:
        query = query.where(ProtocolVersion.number == number)
    elif content_hash is not None:
        query = query.where(ProtocolVersion.content_hash == content_hash)
    elif study.current_hash is not None:
        query = query.where(ProtocolVersion.content_hash == study.current_hash)
    else:  # a study that only a sync has brought: its latest, until one is chosen
        query = query.order_by(ProtocolVersion.number.desc()).limit(1)
    version = db.scalar(query)
    if version is None:
        which = f"version {number}" if number is not None else f"version {content_hash}"
        raise UxlabError(
            f"study '{slug}' has no protocol {which}: load that protocol first "
            f"(see `uxlab protocol show {slug}`)"
        )
    return version


def find_version(db: Session, slug: str, ref: str) -> ProtocolVersion:
    """A study's protocol version by its number in this store (`2`), or by the start of its
    content hash (`3fa9c1d`, at least SHORTEST_HASH digits), which names it in every store."""
    text = ref.strip().lower()
    if text.isdigit() and len(text) < SHORTEST_HASH:
        return protocol_version(db, slug, int(text))
    if len(text) < SHORTEST_HASH or not all(c in "0123456789abcdef" for c in text):
        raise UxlabError(
            f"protocol version {ref!r}: give its number in this store (2) or at least "
            f"{SHORTEST_HASH} digits of its hash (see `uxlab protocol show {slug}`)"
        )
    study = get_study(db, slug)
    found = list(
        db.scalars(
            select(ProtocolVersion)
            .where(ProtocolVersion.study_id == study.id)
            .where(ProtocolVersion.content_hash.startswith(text, autoescape=True))
            .limit(2)
        )
    )
    if len(found) != 1:
        why = "no" if not found else "more than one"
        raise UxlabError(
            f"study '{slug}' has {why} protocol version whose hash starts {text} "
            f"(see `uxlab protocol show {slug}`)"
        )
    return found[0]


def use_version(db: Session, slug: str, ref: str) -> ProtocolVersion:
    """Make a stored version the one the study's new sessions use."""
    version = find_version(db, slug, ref)
    study = get_study(db, slug)
    study.current_hash, study.title = version.content_hash, version.definition["title"]
    return version


def list_studies(session: Session) -> list[StudySummary]:
    """Each study with the version its new sessions use."""
    versions = (
        select(
            ProtocolVersion.study_id,
            func.count().label("versions"),
            func.max(ProtocolVersion.number).label("latest"),
        )
        .group_by(ProtocolVersion.study_id)
        .subquery()
    )
    sessions = _session_counts(StudySession.study_id)
    tasks = (
        select(Task.protocol_version_id, func.count().label("tasks"))
        .group_by(Task.protocol_version_id)
        .subquery()
    )
    current = Study.current_hash
    rows = session.execute(
        select(
            Study.slug,
            Study.title,
            ProtocolVersion.design,
            versions.c.versions,
            ProtocolVersion.number,
            ProtocolVersion.content_hash,
            func.coalesce(tasks.c.tasks, 0),
            func.coalesce(sessions.c.sessions, 0),
        )
        .join(versions, versions.c.study_id == Study.id)
        .join(
            ProtocolVersion,
            (ProtocolVersion.study_id == Study.id)
            & (
                (ProtocolVersion.content_hash == current)
                | (current.is_(None) & (ProtocolVersion.number == versions.c.latest))
            ),
        )
        .outerjoin(tasks, tasks.c.protocol_version_id == ProtocolVersion.id)
        .outerjoin(sessions, sessions.c.key == Study.id)
        .order_by(Study.slug)
    )
    return [StudySummary(*row) for row in rows]


def study_versions(session: Session, slug: str) -> list[VersionSummary]:
    study = get_study(session, slug)
    sessions = _session_counts(StudySession.protocol_version_id)
    rows = session.execute(
        select(
            ProtocolVersion.number,
            ProtocolVersion.content_hash,
            ProtocolVersion.source,
            ProtocolVersion.loaded_at,
            func.coalesce(sessions.c.sessions, 0),
        )
        .outerjoin(sessions, sessions.c.key == ProtocolVersion.id)
        .where(ProtocolVersion.study_id == study.id)
        .order_by(ProtocolVersion.number)
    )
    return [VersionSummary(*row) for row in rows]


def _session_counts(column: InstrumentedAttribute[uuid.UUID]) -> Subquery:
    """Sessions per value of `column`, as a subquery with columns `key` and `sessions`."""
    return select(column.label("key"), func.count().label("sessions")).group_by(column).subquery()


def task_titles(db: Session, slug: str) -> dict[str, str]:
    """Task id -> title in the study's latest protocol version."""
    return {task.key: task.title for task in protocol_version(db, slug).tasks}


def participant_attributes(db: Session, slug: str) -> dict[str, dict[str, str]]:
    """participant code -> that participant's attributes (segment, experience), as text."""
    from uxlab.store.models import Participant

    study = get_study(db, slug)
    return {
        code: {str(key): str(value) for key, value in sorted((attributes or {}).items())}
        for code, attributes in db.execute(
            select(Participant.code, Participant.attributes).where(Participant.study_id == study.id)
        )
    }


def session_versions(db: Session, slug: str) -> dict[int, int]:
    """protocol version number -> how many of the study's sessions ran under it."""
    study = get_study(db, slug)
    rows = db.execute(
        select(ProtocolVersion.number, func.count())
        .join(StudySession, StudySession.protocol_version_id == ProtocolVersion.id)
        .where(StudySession.study_id == study.id)
        .group_by(ProtocolVersion.number)
        .order_by(ProtocolVersion.number)
    )
    return {number: count for number, count in rows}
