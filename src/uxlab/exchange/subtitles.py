"""Chapters for a session's screen recording (WebVTT, SRT) and an ffmpeg cut list per attempt.

Times are positions in the recording: the time since the session started plus the session's
recording offset (`uxlab session start … --recording FILE --offset 12.5s`).
"""

from __future__ import annotations

import html
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from uxlab.recording.results import SessionResults

EVENT_CUE_S = 3.0
MARKED = ("error", "assist", "note", "problem", "marker", "pause", "resume")


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def _position(session: SessionResults, at_s: float) -> float:
    return at_s + (session.recording_offset_s or 0.0)


def chapters(session: SessionResults, titles: Mapping[str, str]) -> list[Cue]:
    """One cue per task attempt, and a short one per error, assist, note, problem or marker."""
    start = session.started_at
    last = max(((e.at - start).total_seconds() for e in session.events), default=0.0)
    cues = []
    for attempt in session.attempts:
        begin = (attempt.started_at - start).total_seconds()
        end = (attempt.ended_at - start).total_seconds() if attempt.ended_at else last
        outcome = attempt.outcome or "not finished"
        timing = f" ({attempt.time_s:.1f} s)" if attempt.time_s is not None else ""
        variant = f" on {attempt.variant}" if attempt.variant and not session.variant else ""
        title = titles.get(attempt.task, attempt.task)
        cues.append(
            Cue(
                _position(session, begin),
                _position(session, max(end, begin)),
                _one_line(f"{title}{variant}: {outcome}{timing}"),
            )
        )
    for event in session.events:
        if event.type not in MARKED:
            continue
        at = _position(session, (event.at - start).total_seconds())
        detail = event.data.get("name") or event.data.get("problem") or ""
        note = event.data.get("note")
        text = " ".join(str(x) for x in (event.type, detail) if x)
        cues.append(Cue(at, at + EVENT_CUE_S, _one_line(f"{text}: {note}" if note else text)))
    return sorted(cues, key=lambda cue: (cue.start_s, cue.end_s))


def _one_line(text: str) -> str:
    """A cue's text as one line: a line break in a note (a blank line ends a cue) or an arrow
    (`-->` starts one) would otherwise make cues of its own."""
    return " ".join(text.split()).replace("-->", "→")


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def format_vtt(cues: Iterable[Cue]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        blocks.append(
            f"{number}\n{_stamp(cue.start_s, '.')} --> {_stamp(cue.end_s, '.')}\n"
            + html.escape(cue.text, quote=False)
        )
    return "\n\n".join(blocks) + "\n"


def format_srt(cues: Iterable[Cue]) -> str:
    blocks = [
        f"{number}\n{_stamp(cue.start_s, ',')} --> {_stamp(cue.end_s, ',')}\n{cue.text}"
        for number, cue in enumerate(cues, start=1)
    ]
    return "\n\n".join(blocks) + "\n"


def cut_list(sessions: Iterable[SessionResults]) -> str:
    """A shell script of ffmpeg commands cutting each finished attempt out of its recording."""
    lines = [
        "#!/bin/sh",
        "# One clip per task attempt; run in the folder with the recordings.",
        "set -e",
    ]
    for session in sessions:
        if not session.recording:
            lines.append(f"# {shlex.quote(session.participant)}: no recording given")
            continue
        for number, attempt in enumerate(session.attempts, start=1):
            if attempt.ended_at is None:
                continue
            begin = _position(session, (attempt.started_at - session.started_at).total_seconds())
            end = _position(session, (attempt.ended_at - session.started_at).total_seconds())
            clip = f"{session.participant}-{number:02d}-{attempt.task}.mp4"
            lines.append(
                f"ffmpeg -hide_banner -loglevel error -ss {begin:.3f} -to {end:.3f} "
                f"-i {shlex.quote(session.recording)} -c copy {shlex.quote(clip)}"
            )
    return "\n".join(lines) + "\n"
