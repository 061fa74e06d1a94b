"""Small reusable modal dialogs, typed on their result.

- `ConfirmDialog(question)`: `Dialog[bool]`, y/enter confirms, n/escape refuses.
- `NewMeetingDialog(agendas, day, start)`: `Dialog[NewMeetingRequest | None]`,
  the agenda, date, time, title and place of a meeting to plan.

Use them with a callback: `self.app.push_screen(ConfirmDialog(t("...")), on_answer)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.i18n import clock, t
from facilitator.screens.dialog_base import Dialog, cancel_binding, show_field_error


class ConfirmDialog(Dialog[bool]):
    """Asks a yes/no question; dismisses with True for yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "dialogs.bind_yes", tooltip="dialogs.tip_yes", id="dialogs.yes"),
        Binding("n", "answer(False)", "dialogs.bind_no", tooltip="dialogs.tip_no", id="dialogs.no"),
        Binding("escape", "answer(False)", "dialogs.bind_cancel", tooltip="dialogs.tip_no", id="dialogs.cancel"),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(cancel=False)
        self.question = question
        self.yes_label = yes or t("common.yes")
        self.no_label = no or t("common.no")

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button(self.no_label, id="no")
                yield Button(self.yes_label, id="yes", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


@dataclass(frozen=True)
class NewMeetingRequest:
    """What the moderator filled in to plan a meeting."""

    template: str
    day: date
    start: time
    title: str
    place: str


def parse_day(text: str) -> date | None:
    """A date written as YYYY-MM-DD, or None."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_clock_time(text: str) -> time | None:
    """A time of day written as HH:MM, or None."""
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        return None


class NewMeetingDialog(Dialog[NewMeetingRequest | None]):
    """Plans a meeting: agenda, date, time, title and place (checked as typed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "dialogs.bind_create", tooltip="dialogs.tip_create", id="dialogs.create"),
        cancel_binding("dialogs.cancel"),
    ]

    def __init__(self, agendas: Sequence[tuple[str, str]], day: date, start: time, template: str = "following") -> None:
        """`agendas` are (id, title) pairs; `day` and `start` the suggested date and time."""
        super().__init__(cancel=None)
        self.agendas = list(agendas)
        self.day = day
        self.start = start
        ids = [agenda_id for agenda_id, _ in self.agendas]
        self.template = template if template in ids else (ids[0] if ids else "")

    def compose_dialog(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="new-meeting"):
            yield Static(t("dialogs.new_title"), classes="dialog-title")
            yield Label(t("dialogs.agenda"), classes="field-label")
            yield Select(
                [(title, agenda_id) for agenda_id, title in self.agendas],
                value=self.template,
                allow_blank=False,
                id="template",
                compact=True,
            )
            yield Label(t("dialogs.date"), classes="field-label")
            yield Input(self.day.isoformat(), placeholder="YYYY-MM-DD", id="date", max_length=10, compact=True)
            yield Static("", id="date-error", classes="field-error -empty")
            yield Label(t("dialogs.time"), classes="field-label")
            yield Input(clock(self.start), placeholder="HH:MM", id="time", max_length=5, compact=True)
            yield Static("", id="time-error", classes="field-error -empty")
            yield Label(t("dialogs.meeting_title"), classes="field-label")
            yield Input(placeholder=t("dialogs.title_placeholder"), id="title", max_length=120, compact=True)
            yield Label(t("dialogs.place"), classes="field-label")
            yield Input(placeholder=t("dialogs.place_placeholder"), id="place", max_length=200, compact=True)
            yield from self.buttons(t("dialogs.create"), "create")

    def on_mount(self) -> None:
        self.query_one("#template", Select).focus()

    def _show_error(self, field: str, message: str) -> None:
        show_field_error(self.query_one(f"#{field}-error", Static), message)

    def _check(self) -> tuple[date | None, time | None]:
        day = parse_day(self.query_one("#date", Input).value)
        start = parse_clock_time(self.query_one("#time", Input).value)
        self._show_error("date", "" if day else t("dialogs.bad_date"))
        self._show_error("time", "" if start else t("dialogs.bad_time"))
        return day, start

    @on(Input.Changed, "#date, #time")
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#create")
    def action_save(self) -> None:
        """Plan the meeting when the date and time are valid."""
        day, start = self._check()
        if day is None or start is None:
            return
        template = self.query_one("#template", Select).value
        self.dismiss(
            NewMeetingRequest(
                template=str(template),
                day=day,
                start=start,
                title=self.query_one("#title", Input).value.strip(),
                place=self.query_one("#place", Input).value.strip(),
            )
        )
