"""The live keyboard logger (`uxlab record`): one key per event, each committed before the
screen changes, with the task's scenario to read aloud, clocks, counts and the last events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from uxlab.errors import UxlabError
from uxlab.recording.questionnaires import STANDARD, WORDING
from uxlab.recording.times import utc_now
from uxlab.recording.vocabulary import configure_keys

if TYPE_CHECKING:
    from uxlab.store.recorder import SessionRecorder

LABELS = {
    "next_task": "next task",
    "success": "success",
    "failure": "failure",
    "abandoned": "gave up",
    "skipped": "skip",
    "error": "error",
    "assist": "assist",
    "step": "step",
    "note": "note",
    "problem": "problem",
    "pause": "pause/resume",
    "undo": "undo",
    "quit": "quit",
}
OUTCOME_ACTIONS = ("success", "failure", "abandoned", "skipped")


@dataclass(frozen=True)
class Question:
    questionnaire: str
    item: str
    text: str
    low: int
    high: int
    task: str | None


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(max(seconds, 0)), 60)
    return f"{minutes:02d}:{secs:02d}"


class LoggerApp(App[None]):
    """Full-screen logger for one session by one author."""

    # Keys go to the logger itself; the prompt takes focus only while it is open.
    AUTO_FOCUS = None
    CSS = """
    #head { background: $primary; color: $text; padding: 0 1; }
    #task { padding: 1 1 0 1; height: auto; }
    #counts { padding: 0 1; color: $text-muted; }
    #status { padding: 0 1; height: 1; }
    #events { padding: 1 1 0 1; height: 1fr; }
    #legend { padding: 0 1; height: auto; background: $panel; }
    #prompt { margin: 0 1; }
    """

    def __init__(self, recorder: SessionRecorder, keys: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.recorder = recorder
        self.markers = {m["key"]: m["name"] for m in recorder.definition.get("markers", [])}
        self.keys = configure_keys(keys or {}, self.markers)
        self.actions: dict[str, str] = {key: action for action, key in self.keys.items()}
        self.questions: list[Question] = []
        self.mode = "keys"  # keys | note | problem | question
        self.message = ""
        self.finishing = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="head")
            yield Static(id="task")
            yield Static(id="counts")
            yield Static(id="status")
            yield Static(id="events")
            yield Input(id="prompt")
            yield Static(id="legend")

    def on_mount(self) -> None:
        self.query_one("#prompt", Input).display = False
        self.set_focus(None)
        self.set_interval(0.5, self.refresh_view)
        self.refresh_view()

    # --- keys -------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if self.mode != "keys":
            if event.key == "escape":
                event.stop()
                self.cancel_prompt()
            return
        event.stop()
        # A key is set by its name (enter, f5) or by the character it types (/, not slash).
        names = (event.key, event.character)
        action = next((self.actions[n] for n in names if n in self.actions), None)
        marker = next((self.markers[n] for n in names if n in self.markers), None)
        try:
            if action is not None:
                self.perform(action)
            elif marker is not None:
                self.recorder.record("marker", name=marker)
                self.say(f"marker {marker}")
        except UxlabError as exc:
            self.say(str(exc), error=True)
        self.refresh_view()

    def perform(self, action: str) -> None:
        recorder = self.recorder
        if action == "next_task":
            if recorder.next_task() is None and recorder.open_attempt() is None:
                self.finish()
                return
            started = recorder.start_next()
            self.say(f"started {started.task}")
        elif action in OUTCOME_ACTIONS:
            ended = recorder.record("task_end", outcome=action)
            self.say(f"{ended.task}: {action}")
            self.ask(self.post_task_questions(ended.task))
        elif action in ("error", "assist", "step"):
            recorder.record(action)
            self.say(action)
        elif action == "pause":
            kind = "resume" if recorder.paused else "pause"
            recorder.record(kind)
            self.say("paused" if kind == "pause" else "resumed")
        elif action == "undo":
            undo = recorder.undo_last()
            target = next(e for e in recorder.history if str(e.id) == undo.data["target"])
            self.say(f"undid {target.type}")
        elif action in ("note", "problem"):
            self.open_prompt(
                action,
                "Note:"
                if action == "note"
                else "Problem: ID SEVERITY(1-4) description, e.g. P3 2 coupon field hidden",
            )
        elif action == "quit":
            self.exit()

    # --- prompts --------------------------------------------------------------------------

    def open_prompt(self, mode: str, placeholder: str) -> None:
        self.mode = mode
        prompt = self.query_one("#prompt", Input)
        prompt.value = ""
        prompt.placeholder = placeholder + "  (enter to save, escape to cancel)"
        prompt.display = True
        prompt.focus()

    def close_prompt(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.display = False
        self.mode = "keys"
        self.set_focus(None)

    def cancel_prompt(self) -> None:
        if self.mode != "question":
            self.close_prompt()
            return
        skipped = self.questions.pop(0)
        self.say(f"skipped {skipped.questionnaire} item {skipped.item}")
        if self.questions:
            self.show_question()
        else:
            self.close_prompt()
            self.after_questions()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            if self.mode == "note":
                if text:
                    self.recorder.record("note", note=text)
                    self.say("note saved")
                self.close_prompt()
            elif self.mode == "problem":
                self.save_problem(text)
                self.close_prompt()
            elif self.mode == "question":
                self.save_answer(text)
        except (UxlabError, ValueError) as exc:
            self.say(str(exc), error=True)
        self.refresh_view()

    def save_problem(self, text: str) -> None:
        parts = text.split(maxsplit=2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise ValueError(
                "write the problem as: ID SEVERITY description, e.g. P3 2 hidden field"
            )
        description = parts[2] if len(parts) > 2 else None
        self.recorder.record("problem", problem=parts[0], severity=int(parts[1]), note=description)
        self.say(f"problem {parts[0]} (severity {parts[1]})")

    def save_answer(self, text: str) -> None:
        question = self.questions[0]
        try:
            value = float(text)
        except ValueError:
            raise ValueError(
                f"answer with a number from {question.low} to {question.high}"
            ) from None
        number: int | float = int(value) if value.is_integer() else value
        self.recorder.record(
            "answer",
            question.task,
            questionnaire=question.questionnaire,
            item=question.item,
            value=number,
        )
        self.questions.pop(0)
        if self.questions:
            self.show_question()
        else:
            self.close_prompt()
            self.after_questions()

    def post_task_questions(self, task: str | None) -> list[Question]:
        return self.questions_for(self.recorder.definition["questionnaires"]["post_task"], task)

    def questions_for(self, names: list[str], task: str | None) -> list[Question]:
        custom = {i["id"]: i for i in self.recorder.definition["questionnaires"].get("items", [])}
        asked: list[Question] = []
        for name in names:
            if name in custom:
                item = custom[name]
                asked.append(Question(name, "1", item["text"], item["min"], item["max"], task))
            else:
                scale = STANDARD[name]
                asked += [
                    Question(name, item, text, scale.low, scale.high, task)
                    for item, text in zip(scale.items, WORDING[name], strict=True)
                ]
        return asked

    def ask(self, questions: list[Question]) -> None:
        self.questions = questions
        if questions:
            self.mode = "question"
            self.show_question()

    def show_question(self) -> None:
        question = self.questions[0]
        self.open_prompt(
            "question",
            f"{question.questionnaire.upper()} {question.item}: "
            f"{question.text} [{question.low}-{question.high}]",
        )
        self.mode = "question"

    def after_questions(self) -> None:
        if self.finishing:
            self.recorder.end("completed")
            self.exit()

    def finish(self) -> None:
        """All tasks done: the post-session questionnaires (only the items not answered yet,
        when a session is resumed), then the session ends."""
        self.finishing = True
        answered = self.recorder.answered()
        self.ask(
            [
                question
                for question in self.questions_for(
                    self.recorder.definition["questionnaires"]["post_session"], None
                )
                if (question.questionnaire, question.item, None) not in answered
            ]
        )
        if not self.questions:
            self.after_questions()

    # --- view -------------------------------------------------------------------------

    def say(self, message: str, error: bool = False) -> None:
        self.message = f"[b red]{escape(message)}[/]" if error else escape(message)

    def refresh_view(self) -> None:
        recorder = self.recorder
        now = utc_now()
        elapsed = (now - recorder.visit.started_at).total_seconds()
        paused = "  [b yellow]PAUSED[/]" if recorder.paused else ""
        self.query_one("#head", Static).update(
            f"uxlab · {escape(recorder.definition['study'])} · {escape(recorder.participant)} · "
            f"variant {escape(recorder.variant)} · {recorder.session_id[:8]} · "
            f"{escape(recorder.author)} · {_clock(elapsed)}{paused}"
        )
        self.query_one("#task", Static).update(self.task_text(now))
        current = recorder.open_attempt()
        if current is not None:
            self.query_one("#counts", Static).update(
                f"errors {current.errors} · assists {current.assists} · steps {current.steps}"
            )
        else:
            self.query_one("#counts", Static).update("")
        self.query_one("#status", Static).update(self.message)
        lines = []
        for event, alive in reversed(recorder.recent(8)):
            detail = event.task or ""
            for key in ("outcome", "name", "problem", "questionnaire", "note"):
                if key in event.data:
                    detail += f" {event.data[key]}"
            line = f"{event.at.strftime('%H:%M:%S')}  {event.type:<13} {escape(detail.strip())}"
            lines.append(line if alive else f"[strike dim]{line}[/]")
        self.query_one("#events", Static).update("\n".join(lines))
        self.query_one("#legend", Static).update(self.legend())

    def task_text(self, now: Any) -> str:
        recorder = self.recorder
        current = recorder.open_attempt()
        done = sum(1 for a in recorder.attempts() if a.outcome is not None)
        total = len(recorder.plan)
        if current is None:
            upcoming = recorder.next_task()
            if upcoming is None:
                return (
                    f"All {total} tasks done. Press {self.keys['next_task']} for the "
                    "closing questionnaires and to end the session."
                )
            variant = f" on {upcoming.variant}" if upcoming.variant else ""
            return (
                f"Next: task {done + 1}/{total} [b]{escape(upcoming.title)}[/]{variant}\n"
                f"Press {self.keys['next_task']} to start it."
            )
        planned = recorder.planned(current.task, current.variant)
        running = (now - current.started_at).total_seconds() - current.paused_s
        limit = planned.time_limit
        clock = _clock(running) + (f" / {_clock(limit)}" if limit else "")
        if limit and running > limit:
            clock = f"[b red]{clock} over the limit: the attempt will count as timeout[/]"
        within = current.variant and recorder.rules.design == "within"
        variant = f" on {escape(current.variant or '')}" if within else ""
        return (
            f"Task {done + 1}/{total} [b]{escape(planned.title)}[/]{variant}   ⏱ {clock}\n\n"
            f"Read aloud: {escape(planned.scenario)}\n\n"
            f"Success: {escape(planned.success)}"
        )

    def legend(self) -> str:
        parts = [f"[b]{key}[/] {LABELS[action]}" for action, key in self.keys.items()]
        parts += [f"[b]{key}[/] {escape(name)}" for key, name in self.markers.items()]
        return "  ".join(parts)
