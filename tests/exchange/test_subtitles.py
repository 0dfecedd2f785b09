"""Chapters and cut lists line up with the recording: session time plus the recording offset."""

from __future__ import annotations

import shlex
import uuid
from datetime import UTC, datetime, timedelta

from uxlab.exchange.subtitles import chapters, cut_list, format_srt, format_vtt
from uxlab.recording.derive import derive_attempts
from uxlab.recording.events import EventRecord
from uxlab.recording.results import SessionResults

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def ev(kind: str, seconds: float, task: str | None = None, **data: object) -> EventRecord:
    return EventRecord(
        uuid.uuid4(), kind, T0 + timedelta(seconds=seconds), "ana", task, seconds, data
    )


def session(recording: str | None, offset: float | None) -> SessionResults:
    events = [
        ev("session_start", 0),
        ev("task_start", 5, "t1"),
        ev("error", 9.25, "t1"),
        ev("note", 10, "t1", note="looked for help"),
        ev("task_end", 65.5, "t1", outcome="success"),
        ev("task_start", 70, "t2"),
        ev("marker", 71, "t2", name="validation"),
    ]
    return SessionResults(
        uuid.uuid4(),
        "P 07",
        "A",
        "in_progress",
        T0,
        recording,
        offset,
        derive_attempts(events, {}, {"validation": "error"}, "A"),
        [],
        events,
    )


def test_vtt_chapters_are_offset_into_the_recording() -> None:
    cues = chapters(session("p07.mp4", 12.5), {"t1": "Check out as a guest"})
    text = format_vtt(cues)
    assert text.startswith(
        "WEBVTT\n\n1\n00:00:17.500 --> 00:01:18.000\nCheck out as a guest: success (60.5 s)\n"
    )
    assert "00:00:21.750 --> 00:00:24.750\nerror\n" in text
    assert "00:00:22.500 --> 00:00:25.500\nnote: looked for help\n" in text
    assert "00:01:22.500 --> 00:01:23.500\nt2: not finished\n" in text
    assert "00:01:23.500 --> 00:01:26.500\nmarker validation" in text


def test_srt_uses_commas_and_numbers_every_cue() -> None:
    text = format_srt(chapters(session(None, None), {}))
    assert text.startswith("1\n00:00:05,000 --> 00:01:05,500\nt1: success (60.5 s)\n\n2\n")
    assert text.count(" --> ") == 5


def test_cut_list_quotes_what_users_typed() -> None:
    script = cut_list([session("my clips/p07 (1).mp4", 2.0), session(None, None)])
    lines = script.splitlines()
    assert lines[0] == "#!/bin/sh"
    cut = shlex.split(lines[3])
    assert cut[:9] == [
        "ffmpeg",
        "-hide_banner",
        "-loglevel",
        "error",
        "-ss",
        "7.000",
        "-to",
        "67.500",
        "-i",
    ]
    assert cut[9] == "my clips/p07 (1).mp4" and cut[-1] == "P 07-01-t1.mp4"
    assert len([line for line in lines if line.startswith("ffmpeg")]) == 1
    assert lines[-1] == "# 'P 07': no recording given"


def test_a_note_cannot_make_cues_of_its_own() -> None:
    """A blank line ends a cue and `-->` starts one: a note holding either made the players
    show what followed as cues of their own; WebVTT also needs `&` and `<` escaped (issue 13)."""
    visit = session("p07.mp4", 0)
    note = "first\n\n2\n00:00:00.000 --> 99:00:00.000\n<b>fake</b> & more"
    visit.events.append(ev("note", 12, "t1", note=note))
    vtt = format_vtt(chapters(visit, {"t1": "R&D <task>"}))
    assert vtt.count(" --> ") == 6
    assert "note: first 2 00:00:00.000 → 99:00:00.000 &lt;b&gt;fake&lt;/b&gt; &amp; more\n" in vtt
    assert "R&amp;D &lt;task&gt;: success" in vtt
    srt = format_srt(chapters(visit, {}))
    assert srt.count(" --> ") == 6
    assert "note: first 2 00:00:00.000 → 99:00:00.000 <b>fake</b> & more\n" in srt
