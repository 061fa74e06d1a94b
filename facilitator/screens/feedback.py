"""What an agenda item decides, written down with ctrl+f on the live meeting screen (issue 21).

One key, three dialogs, chosen by the current item (`Item.records`, set in the
built-in agendas and on the evaluation item):

- at the first meeting's "Deciding on the network": `PurposeDialog`, the
  group's purpose and form (kind of network, in person or by mail, how often,
  where, free text). It is set on the group (versioned, facilitator/purpose.py),
  written to group.toml and noted in the minutes as a `Decision:` line;
- at the evaluation item: `ConclusionsDialog`, the conclusions on the four
  questions (content, form, mood, well-being) and what the group adjusts, with
  the half-year summary one key away (F2);
- anywhere else (the closing round, after the end): `RoleFeedbackDialog`, one
  short entry per role held today, what worked and what to try next time.

Each answer is one call on `LiveMeeting` (`decide_purpose`, `set_conclusions`,
`set_role_feedback`), one undo step: ctrl+z takes it back, and the files
follow (group.toml too, written off the UI thread by `GroupPurposeWriter`).
The agreements screen opens `PurposeDialog` as well, to change the purpose
between meetings.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from facilitator.i18n import t
from facilitator.model import CONCLUSION_FIELDS, NETWORK_FORMS, NETWORK_KINDS, EvaluationConclusions, Purpose, RoleFeedback
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.ui import stylesheet

if TYPE_CHECKING:
    from facilitator.meeting import LiveMeeting
    from facilitator.screens.meeting import MeetingScreen

__all__ = [
    "ConclusionsDialog",
    "GroupPurposeWriter",
    "PurposeDialog",
    "RoleFeedbackDialog",
    "open_record_dialog",
    "record_kind",
]

CSS: list[str | PurePath] = [stylesheet("dialogs.tcss"), stylesheet("year.tcss")]
TEXT_MAX = 500
"""Characters an entry of these dialogs takes (a line or two)."""

ResultT = TypeVar("ResultT")


def _escape(text: str) -> str:
    """Names from the files, shown as written (no Textual markup)."""
    return text.replace("[", "\\[")


def record_kind(live: LiveMeeting) -> str:
    """What ctrl+f writes down now: "purpose", "evaluation" or "role_feedback" (the default).

    The current item says it (`records`); after the meeting has ended it is always the feedback.
    """
    item = live.current
    if item is not None and item.records and not live.finished:
        return item.records
    return "role_feedback"


class _Dialog(Dialog[ResultT | None]):
    """Escape cancels (None); ctrl+s saves (`result()`); the buttons do the same."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "year.bind_save", tooltip="year.tip_save", id="year_dialog.save", priority=True),
        cancel_binding("year_dialog.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__(cancel=None)

    def result(self) -> ResultT:
        """What the form says now."""
        raise NotImplementedError

    def action_save(self) -> None:
        self.dismiss(self.result())

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a field moves on; in the last one it saves."""
        inputs = list(self.query(Input))
        if event.input in inputs and inputs.index(event.input) + 1 < len(inputs):
            inputs[inputs.index(event.input) + 1].focus()
        else:
            self.action_save()


class RoleFeedbackDialog(_Dialog["list[RoleFeedback]"]):
    """One entry per role held today: what worked, what to try next time. Dismisses with the entries or None."""

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__()
        from facilitator.rolefeedback import roles_held

        self.live = live
        self.held = roles_held(live.meeting)

    def compose_dialog(self) -> ComposeResult:
        from facilitator.rolefeedback import feedback_for, role_label

        with VerticalScroll(classes="dialog", id="feedback-dialog"):
            yield Static(t("year.feedback_title"), classes="dialog-title")
            yield Static(t("year.feedback_help"), classes="muted")
            for n, (role, member) in enumerate(self.held):
                stored = feedback_for(self.live.meeting, role, member)
                label = f"{role_label(role)}: {self.live.name_of(member)}"
                yield Label(_escape(label), classes="field-label")
                with Horizontal(classes="feedback-row"):
                    yield Input(
                        stored.worked if stored else "", id=f"fb-{n}-worked", compact=True,
                        max_length=TEXT_MAX, placeholder=t("year.feedback_worked"),
                    )
                    yield Input(
                        stored.try_next if stored else "", id=f"fb-{n}-try", compact=True,
                        max_length=TEXT_MAX, placeholder=t("year.feedback_try"),
                    )
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        found = self.query(Input)
        if found:
            found.first().focus()

    def result(self) -> list[RoleFeedback]:
        """The entries as typed now (empty ones too: the meeting drops them)."""
        entries = []
        for n, (role, member) in enumerate(self.held):
            worked = self.query_one(f"#fb-{n}-worked", Input).value
            try_next = self.query_one(f"#fb-{n}-try", Input).value
            entries.append(RoleFeedback(role=role, member=member, worked=worked, try_next=try_next))
        return entries


class PurposeDialog(_Dialog[Purpose]):
    """The group's purpose and form; dismisses with the `Purpose` chosen or None."""

    def __init__(self, purpose: Purpose | None, title: str = "") -> None:
        super().__init__()
        self.purpose = purpose or Purpose()
        self.title_text = title or t("year.purpose_title")

    def compose_dialog(self) -> ComposeResult:
        purpose = self.purpose
        with VerticalScroll(classes="dialog", id="purpose-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(t("year.purpose_help"), classes="muted")
            yield Label(t("year.purpose_kinds"), classes="field-label")
            yield SelectionList[str](
                *[(t(f"year.kind_{kind}_long"), kind, kind in purpose.kinds) for kind in NETWORK_KINDS],
                id="purpose-kinds",
            )
            with Horizontal(classes="field-row"):
                yield Label(t("year.label_form"), classes="row-label")
                yield Select(
                    [(t(f"year.form_{form}"), form) for form in NETWORK_FORMS],
                    value=purpose.form or Select.NULL,
                    allow_blank=True,
                    prompt=t("year.purpose_form_open"),
                    compact=True,
                    id="purpose-form",
                )
            for name in ("how_often", "where", "notes"):
                with Horizontal(classes="field-row"):
                    yield Label(t(f"year.label_{name}"), classes="row-label")
                    yield Input(
                        getattr(purpose, name), id=f"purpose-{name.replace('_', '-')}", compact=True,
                        max_length=TEXT_MAX if name == "notes" else 200, placeholder=t(f"year.purpose_hint_{name}"),
                    )
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        self.query_one("#purpose-kinds", SelectionList).focus()

    def result(self) -> Purpose:
        kinds = [str(kind) for kind in self.query_one("#purpose-kinds", SelectionList).selected]
        form = self.query_one("#purpose-form", Select).value
        return Purpose.model_validate(
            {
                "kinds": [kind for kind in NETWORK_KINDS if kind in kinds],
                "form": form if isinstance(form, str) else "",
                "how_often": self.query_one("#purpose-how-often", Input).value,
                "where": self.query_one("#purpose-where", Input).value,
                "notes": self.query_one("#purpose-notes", Input).value,
            }
        )


class ConclusionsDialog(_Dialog[EvaluationConclusions]):
    """The evaluation's conclusions; F2 shows the half-year summary. Dismisses with the conclusions or None."""

    BINDINGS = [
        *_Dialog.BINDINGS,
        Binding("f2", "summary", "year.bind_summary", tooltip="year.tip_summary", id="year_dialog.summary"),
    ]

    def __init__(self, conclusions: EvaluationConclusions | None, meeting_id: str = "") -> None:
        super().__init__()
        self.conclusions = conclusions or EvaluationConclusions()
        self.meeting_id = meeting_id

    def compose_dialog(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="conclusions-dialog"):
            yield Static(t("year.conclusions_title"), classes="dialog-title")
            yield Static(t("year.conclusions_help"), classes="muted")
            for name in CONCLUSION_FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(t(f"year.question_{name}"), classes="row-label")
                    yield Input(
                        getattr(self.conclusions, name), id=f"conclusion-{name}", compact=True, max_length=TEXT_MAX,
                        placeholder=t(f"year.conclusion_hint_{name}"),
                    )
            yield from self.buttons(t("common.save"), first=Button(t("year.summary_button"), id="summary"))

    def on_mount(self) -> None:
        self.query_one("#conclusion-content", Input).focus()

    def result(self) -> EvaluationConclusions:
        return EvaluationConclusions(
            **{name: self.query_one(f"#conclusion-{name}", Input).value for name in CONCLUSION_FIELDS}
        )

    @on(Button.Pressed, "#summary")
    def action_summary(self) -> None:
        """F2: the half-year summary on its own screen (escape comes back here)."""
        from facilitator.screens.evaluation import EvaluationScreen

        self.app.push_screen(EvaluationScreen(self.meeting_id))


class GroupPurposeWriter:
    """Writes the group's purpose (as the live meeting holds it) to group.toml, off the UI thread.

    Each call takes the purpose as it is now; the write re-reads group.toml under its lock
    (`Store.update_group`), so nothing else in the file is lost, and a later call always
    wins over an earlier one still waiting.
    """

    def __init__(self, screen: MeetingScreen) -> None:
        self.screen = screen
        self._lock = threading.Lock()
        self._pending: tuple[Any, Any] | None = None

    def __call__(self) -> None:
        group = self.screen.live.group
        purpose = group.purpose.model_copy(deep=True) if group.purpose is not None else None
        history = [version.model_copy(deep=True) for version in group.purpose_history]
        self._pending = (purpose, history)
        self.screen.run_worker(self._write, thread=True, group="group-purpose", name="save the group's purpose")

    def _write(self) -> None:
        screen = self.screen
        with self._lock:
            pending, self._pending = self._pending, None
            if pending is None:
                return
            purpose, history = pending

            def change(group: Any) -> None:
                group.purpose = purpose
                group.purpose_history = history

            try:
                screen.store.update_group(screen.group.id, change)
            except Exception as error:  # noqa: BLE001 - StoreError, OSError: said on the screen; the meeting goes on
                message = t("year.purpose_not_saved", error=str(error))
                screen.app.call_from_thread(partial(screen.notify, message, severity="error", timeout=15))
                return
        screen.app.call_from_thread(partial(screen.notify, t("year.purpose_saved"), timeout=6))


def open_record_dialog(screen: MeetingScreen) -> None:
    """ctrl+f on the meeting screen: open the dialog for what the current item decides (see the module docstring)."""
    live = screen.live
    if not live.can_record:
        screen.notify(t("year.record_needs_checkin"), severity="warning", timeout=8)
        return
    screen._sync_minutes()
    kind = record_kind(live)
    if kind == "purpose":
        if live.on_group_change is None:
            live.on_group_change = GroupPurposeWriter(screen)
        screen.app.push_screen(PurposeDialog(live.group.purpose), partial(_purpose_chosen, screen))
    elif kind == "evaluation":
        screen.app.push_screen(ConclusionsDialog(live.meeting.conclusions, live.meeting.id), partial(_conclusions_chosen, screen))
    else:
        from facilitator.rolefeedback import roles_held

        if not roles_held(live.meeting):
            screen.notify(t("year.feedback_no_roles"), severity="warning", timeout=8)
            return
        screen.app.push_screen(RoleFeedbackDialog(live), partial(_feedback_chosen, screen))


def _after(screen: MeetingScreen, changed: bool, message: str) -> None:
    if changed:
        screen._flush_soon()
        screen.notify(message, timeout=6)


def _purpose_chosen(screen: MeetingScreen, purpose: Purpose | None) -> None:
    if isinstance(purpose, Purpose):
        _after(screen, bool(screen._act(partial(screen.live.decide_purpose, purpose))), t("year.purpose_recorded"))


def _conclusions_chosen(screen: MeetingScreen, conclusions: EvaluationConclusions | None) -> None:
    if isinstance(conclusions, EvaluationConclusions):
        _after(screen, bool(screen._act(partial(screen.live.set_conclusions, conclusions))), t("year.conclusions_recorded"))


def _feedback_chosen(screen: MeetingScreen, entries: list[RoleFeedback] | None) -> None:
    if isinstance(entries, list):
        _after(screen, bool(screen._act(partial(screen.live.set_role_feedback, entries))), t("year.feedback_recorded"))
