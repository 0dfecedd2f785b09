"""Tables for the concepts of SPEC §2. Events are the source of truth; the rest describes them.

Rows that travel between stores (`uxlab sync`) have UUID keys; rows derived from a protocol
version's content (variants, tasks) have integer keys and are rebuilt from that content.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from uxlab.store.base import Base, utcnow

SESSION_STATUSES = ("in_progress", "completed", "aborted")


class Study(Base):
    __tablename__ = "study"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The content hash of the protocol version new sessions use; chosen, never implied.
    current_hash: Mapped[str | None] = mapped_column(String(64))

    versions: Mapped[list[ProtocolVersion]] = relationship(
        back_populates="study", order_by="ProtocolVersion.number"
    )


class ProtocolVersion(Base):
    """The exact protocol content a session ran under; never changed once stored."""

    __tablename__ = "protocol_version"
    __table_args__ = (
        UniqueConstraint("study_id", "number"),
        UniqueConstraint("study_id", "content_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    # The validated protocol as canonical JSON (durations in seconds): what content_hash covers,
    # and what logging reads, so that the logging path needs no YAML parser or validator.
    definition: Mapped[dict[str, Any]]
    source: Mapped[str | None] = mapped_column(Text)
    design: Mapped[str] = mapped_column(String(16))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    study: Mapped[Study] = relationship(back_populates="versions")
    variants: Mapped[list[Variant]] = relationship(order_by="Variant.position")
    tasks: Mapped[list[Task]] = relationship(order_by="Task.position")


class _VersionPart:
    """A row derived from a protocol version's content, keyed within that version."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[object, ...]:
        return (UniqueConstraint("protocol_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("protocol_version.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]


class Variant(_VersionPart, Base):
    __tablename__ = "variant"

    description: Mapped[str] = mapped_column(Text)


class Task(_VersionPart, Base):
    __tablename__ = "task"

    title: Mapped[str] = mapped_column(Text)
    scenario: Mapped[str] = mapped_column(Text)
    success: Mapped[str] = mapped_column(Text)
    time_limit_s: Mapped[float | None]
    target_time_s: Mapped[float | None]
    optimal_steps: Mapped[int | None]


class Participant(Base):
    """A pseudonymous code; attributes are optional (segment, experience), never PII."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StudySession(Base):
    """One participant working through one protocol version with one moderator."""

    __tablename__ = "study_session"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'completed', 'aborted')", name="status"),
        Index(None, "study_id", "started_at"),
        Index(None, "participant_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    protocol_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("protocol_version.id", ondelete="RESTRICT")
    )
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE")
    )
    variant: Mapped[str | None] = mapped_column(String(64))
    variant_order: Mapped[list[str] | None]
    moderator: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    recording: Mapped[str | None] = mapped_column(Text)
    recording_offset_s: Mapped[float | None]

    @property
    def shown_variant(self) -> str:
        return shown_variant(self.variant, self.variant_order)


def shown_variant(variant: str | None, order: list[str] | None) -> str:
    """A session's variant (between) or its order of variants (within), as shown."""
    return variant or ",".join(order or [])


class Event(Base):
    """An append-only, timestamped record; corrections are new events (undo, amend)."""

    __tablename__ = "event"
    __table_args__ = (
        Index(None, "session_id", "at"),
        Index(None, "type"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("study_session.id", ondelete="CASCADE")
    )
    type: Mapped[str] = mapped_column(String(32))
    task: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime]
    offset_s: Mapped[float]
    author: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Response(Base):
    """A questionnaire answer that counts: derived from the moderator's effective `answer`
    events (see TaskAttemptRow) with the variant it is about."""

    __tablename__ = "response"
    __table_args__ = (
        Index(None, "session_id"),
        Index(None, "questionnaire"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("study_session.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    task: Mapped[str | None] = mapped_column(String(64))
    variant: Mapped[str | None] = mapped_column(String(64))
    questionnaire: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    value: Mapped[float]
    answered_at: Mapped[datetime]


class Problem(Base):
    """A usability problem the moderator observed: short id, description, severity 1-4, and
    optionally what to change."""

    __tablename__ = "problem"
    __table_args__ = (
        UniqueConstraint("study_id", "key"),
        CheckConstraint("severity BETWEEN 1 AND 4", name="severity"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProblemSighting(Base):
    """Where a problem was seen: which participant, and where known the session, task, event."""

    __tablename__ = "problem_sighting"
    # A problem's earliest sighting is one index step away (store.events.settle_problems).
    __table_args__ = (Index(None, "problem_id", "seen_at"), Index(None, "participant_id"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    problem_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("problem.id", ondelete="CASCADE"))
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE")
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("study_session.id", ondelete="CASCADE")
    )
    task: Mapped[str | None] = mapped_column(String(64))
    event_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    # A problem event's own severity, note, recommendation and time, as its session's replay
    # has them (after amends): the problem's severity, description and recommendation are its
    # earliest sighting's.
    severity: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime | None]


class TaskAttemptRow(Base):
    """A task attempt derived from the moderator's events of a session. Rewritten whenever
    that log changes, so that analysis can count and sum in SQL; events stay the truth."""

    __tablename__ = "task_attempt"
    __table_args__ = (
        Index(None, "study_id", "task", "variant"),
        Index(None, "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("study_session.id", ondelete="CASCADE")
    )
    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    task: Mapped[str] = mapped_column(String(64))
    variant: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(16))
    # The attempt that represents this participant, task and variant: the last finished one.
    counted: Mapped[bool]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    time_s: Mapped[float | None]
    paused_s: Mapped[float]
    # None where the session's source did not record them (a results CSV without the column).
    errors: Mapped[int | None]
    assists: Mapped[int | None]
    steps: Mapped[int | None]
    notes: Mapped[int]
