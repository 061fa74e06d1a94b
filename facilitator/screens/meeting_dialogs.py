"""The dialogs of the live meeting screen that decide about the meeting as a whole (issue 13).

- `TodayRolesDialog(live)`: today's moderator, minute-taker, boundary keeper,
  host and theme owners, each chosen from the members present, prefilled from
  the plan; dismisses with the `Roles` chosen (or None).
- `EndDialog(live, next_meeting)`: ending the meeting. It lists the items not
  reached and offers, first, to move them to the next planned meeting; ending
  without moving them is the second button; going on is the third. No letter
  key answers it (the buttons, tab and enter, or escape to go on). Dismisses
  with "move", "keep" or None.
- `ResumeDialog(live, gap)`: a meeting resumed hours after it last ran: go on
  with the old times (the time away counts nowhere), start afresh (planned
  again, keeping the minutes only if ticked), or count the time since.
  Dismisses with "continue", "afresh", "afresh_keep" or "count".
- `ResetDialog(live)`: put a meeting tried out back to planned; "reset",
  "reset_keep" or None.
- `UnsavedDialog(problem, rescue)`: leaving or quitting while the meeting
  cannot be saved; True leaves anyway, False (the default) stays.

Each is a `Dialog` (screens/dialog_base.py) typed on its result, answered with buttons (focus
starts on the safe or the recommended one) and escape; none has a letter key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Select, SelectionList, Static

from facilitator.i18n import t
from facilitator.model import Roles
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.typing_catch import CatchesTyping

if TYPE_CHECKING:
    from facilitator.meeting import LiveMeeting
    from facilitator.model import Meeting

__all__ = ["EndDialog", "ResetDialog", "ResumeDialog", "TodayRolesDialog", "UnsavedDialog", "gap_text"]

SINGLE_ROLES = ("moderator", "minute_taker", "boundary_keeper", "host")


def _escape(text: str) -> str:
    """Text shown as it is (Textual markup in names is not interpreted)."""
    return text.replace("[", "\\[")


def next_titles(meeting: Meeting | None) -> list[str]:
    """The item titles of the next meeting's agenda (items it has already are not moved onto it)."""
    return [item.title for item in meeting.items] if meeting is not None else []


def gap_text(seconds: float) -> str:
    """How long ago, in words: "5 hours", "3 days"."""
    hours = seconds / 3600
    if hours < 48:
        return t("meeting_screen.gap_hours", n=max(1, round(hours)))
    return t("meeting_screen.gap_days", n=round(hours / 24))


ResultT = TypeVar("ResultT")


class _Dialog(Dialog[ResultT]):
    """The button named in `FOCUS` gets the focus; escape is the keymap's meeting_dialogs.cancel."""

    BINDINGS = [cancel_binding("meeting_dialogs.cancel")]
    FOCUS = ""

    def on_mount(self) -> None:
        if self.FOCUS:
            self.query_one(f"#{self.FOCUS}").focus()


class TodayRolesDialog(CatchesTyping["Roles | None"], _Dialog["Roles | None"]):
    """Who holds which role today, from the members present; dismisses with the `Roles` chosen or None."""

    BINDINGS = [
        Binding(
            "ctrl+s", "save", "meeting_screen.bind_roles_save", tooltip="meeting_screen.tip_roles_save", id="today_roles.save"
        ),
        cancel_binding("today_roles.cancel"),
    ]

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__(cancel=None)
        self.live = live

    def _options(self) -> list[tuple[str, str]]:
        live = self.live
        present = (
            live.present_members() if live.checked_in else [r.member_id for r in live.checkin_rows() if r.status == "present"]
        )
        return [(f"{live.number_of(mid) or ''} {live.name_of(mid)}".strip(), mid) for mid in present]

    def compose_dialog(self) -> ComposeResult:
        roles = self.live.meeting.roles
        options = self._options()
        present = {mid for _, mid in options}
        with VerticalScroll(classes="dialog", id="today-roles"):
            yield Static(t("meeting_screen.roles_title"), classes="dialog-title")
            yield Static(t("meeting_screen.roles_help"), classes="muted")
            for role in SINGLE_ROLES:
                current = getattr(roles, role)
                yield Label(t(f"meeting_screen.role_name_{role}"), classes="field-label")
                if current and current not in present:
                    yield Static(
                        _escape(t("meeting_screen.roles_planned_absent", name=self.live.name_of(current))), classes="muted"
                    )
                yield Select(
                    options,
                    compact=True,
                    value=current if current in present else Select.NULL,
                    allow_blank=True,
                    prompt=t("meeting_screen.roles_nobody"),
                    id=f"today-{role}",
                )
            yield Label(t("meeting_screen.role_name_theme_owners"), classes="field-label")
            yield SelectionList[str](
                *[(label, mid, mid in roles.theme_owners) for label, mid in options], id="today-theme-owners"
            )
            yield from self.buttons(t("meeting_screen.roles_save"))

    def on_mount(self) -> None:
        self.query_one(f"#today-{SINGLE_ROLES[0]}", Select).focus()

    def roles(self) -> Roles:
        """The roles as chosen in the form now (the rest of the plan's roles kept)."""
        values: dict[str, str] = {}
        for role in SINGLE_ROLES:
            value = self.query_one(f"#today-{role}", Select).value
            values[role] = value if isinstance(value, str) else ""
        owners = [str(mid) for mid in self.query_one("#today-theme-owners", SelectionList).selected]
        data = {**self.live.meeting.roles.model_dump(), **values, "theme_owners": owners}
        return Roles.model_validate(data)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Enter on the button, or ctrl+s: take these roles."""
        self.dismiss(self.roles())


class EndDialog(_Dialog["str | None"]):
    """Ending the meeting, with the items not reached; dismisses with "move", "keep" or None."""

    FOCUS = "end-move"

    def __init__(self, live: LiveMeeting, next_meeting: Meeting | None) -> None:
        super().__init__(cancel=None)
        self.live = live
        self.next_meeting = next_meeting
        self.unreached = live.unreached_items(next_titles(next_meeting))
        if not self.unreached:
            self.FOCUS = "end-keep"

    def compose_dialog(self) -> ComposeResult:
        live = self.live
        title = live.meeting.title or live.meeting.id
        with Vertical(classes="dialog", id="end-dialog"):
            yield Static(_escape(t("meeting_screen.end_question", title=title)), classes="dialog-title")
            if self.unreached:
                yield Static(t("meeting_screen.end_unreached", count=len(self.unreached)))
                for n in self.unreached:
                    item = live.items[n]
                    yield Static(_escape(f"  · {n + 1}. {item.title} ({item.planned_minutes} min)"), classes="unreached")
                if self.next_meeting is not None:
                    when = self.next_meeting.date.strftime("%d.%m.%Y")
                    where = t("meeting_screen.end_to_next", date=when, title=self.next_meeting.title or self.next_meeting.id)
                else:
                    where = t("meeting_screen.end_no_next")
                yield Static(_escape(where), classes="muted")
            with Vertical(classes="end-buttons"):
                if self.unreached:
                    yield Button(t("meeting_screen.end_move", count=len(self.unreached)), id="end-move", variant="primary")
                    yield Button(t("meeting_screen.end_keep"), id="end-keep")
                else:
                    yield Button(t("meeting_screen.end_yes"), id="end-keep", variant="primary")
                yield Button(t("meeting_screen.end_no"), id="end-cancel")

    @on(Button.Pressed, "#end-move")
    def _move(self) -> None:
        self.dismiss("move")

    @on(Button.Pressed, "#end-keep")
    def _keep(self) -> None:
        self.dismiss("keep")

    @on(Button.Pressed, "#end-cancel")
    def _go_on(self) -> None:
        self.dismiss(None)


class ResumeDialog(_Dialog[str]):
    """A meeting opened long after it last ran; see the module docstring."""

    FOCUS = "resume-continue"

    def __init__(self, live: LiveMeeting, gap_seconds: float) -> None:
        super().__init__(cancel="continue")  # escape: the safe choice, nothing is thrown away
        self.live = live
        self.gap_seconds = gap_seconds

    def compose_dialog(self) -> ComposeResult:
        title = self.live.meeting.title or self.live.meeting.id
        with Vertical(classes="dialog", id="resume-dialog"):
            yield Static(
                _escape(t("meeting_screen.resume_question", title=title, gap=gap_text(self.gap_seconds))), classes="dialog-title"
            )
            yield Static(t("meeting_screen.resume_help"), classes="muted")
            with Vertical(classes="end-buttons"):
                yield Button(t("meeting_screen.resume_continue"), id="resume-continue", variant="primary")
                yield Button(t("meeting_screen.resume_afresh"), id="resume-afresh")
                yield Checkbox(t("meeting_screen.resume_keep_minutes"), False, id="resume-keep")
                yield Button(t("meeting_screen.resume_count"), id="resume-count")

    @on(Button.Pressed, "#resume-continue")
    def _continue(self) -> None:
        self.dismiss("continue")

    @on(Button.Pressed, "#resume-afresh")
    def _afresh(self) -> None:
        keep = self.query_one("#resume-keep", Checkbox).value
        self.dismiss("afresh_keep" if keep else "afresh")

    @on(Button.Pressed, "#resume-count")
    def _count(self) -> None:
        self.dismiss("count")


class ResetDialog(_Dialog["str | None"]):
    """Put the meeting back to planned; "reset", "reset_keep" or None."""

    FOCUS = "reset-cancel"

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__(cancel=None)
        self.live = live

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reset-dialog"):
            yield Static(t("meeting_screen.reset_question"), classes="dialog-title")
            yield Static(t("meeting_screen.reset_help"), classes="muted")
            yield Checkbox(t("meeting_screen.resume_keep_minutes"), bool(self.live.minutes.strip()), id="reset-keep")
            with Horizontal(classes="buttons"):
                yield Button(t("meeting_screen.reset_no"), id="reset-cancel")
                yield Button(t("meeting_screen.reset_yes"), id="reset-yes", variant="warning")

    @on(Button.Pressed, "#reset-yes")
    def _reset(self) -> None:
        self.dismiss("reset_keep" if self.query_one("#reset-keep", Checkbox).value else "reset")

    @on(Button.Pressed, "#reset-cancel")
    def _no(self) -> None:
        self.dismiss(None)


class UnsavedDialog(_Dialog[bool]):
    """Leaving while saving fails: stay (the default) or leave anyway; True leaves."""

    FOCUS = "unsaved-stay"

    def __init__(self, problem: str, rescue: str | None) -> None:
        super().__init__(cancel=False)
        self.problem = problem
        self.rescue = rescue

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="unsaved-dialog"):
            yield Static(t("meeting_screen.unsaved_title"), classes="dialog-title")
            yield Static(_escape(self.problem))
            if self.rescue:
                yield Static(_escape(t("meeting_screen.unsaved_rescue", path=self.rescue)))
            else:
                yield Static(t("meeting_screen.unsaved_no_rescue"))
            with Horizontal(classes="buttons"):
                yield Button(t("meeting_screen.unsaved_stay"), id="unsaved-stay", variant="primary")
                yield Button(t("meeting_screen.unsaved_leave"), id="unsaved-leave", variant="error")

    @on(Button.Pressed, "#unsaved-stay")
    def _stay(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#unsaved-leave")
    def _leave(self) -> None:
        self.dismiss(True)


class DeferDialog(_Dialog["str | None"]):
    """F4 on an item over time: move it to the next meeting, and start the next item now or not.

    "defer_start" (the default button), "defer_wait" (the next item waits for
    space) or None (escape, or the third button: the item goes on).
    """

    FOCUS = "defer-start"

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__(cancel=None)
        self.live = live

    def compose_dialog(self) -> ComposeResult:
        live = self.live
        item = live.current
        title = item.title if item is not None else ""
        following = live.items[live.current_index + 1].title if live.current_index + 1 < len(live.items) else ""
        with Vertical(classes="dialog", id="defer-dialog"):
            yield Static(_escape(t("meeting_screen.defer_question", title=title)), classes="dialog-title")
            if following:
                yield Static(_escape(t("meeting_screen.defer_help", next=following)), classes="muted")
            else:
                yield Static(t("meeting_screen.defer_help_last"), classes="muted")
            with Horizontal(classes="buttons"):
                yield Button(t("meeting_screen.defer_start"), id="defer-start", variant="primary")
                if following:
                    yield Button(t("meeting_screen.defer_wait"), id="defer-wait")
                yield Button(t("meeting_screen.defer_no"), id="defer-no")

    @on(Button.Pressed, "#defer-start")
    def _start(self) -> None:
        self.dismiss("defer_start")

    @on(Button.Pressed, "#defer-wait")
    def _wait(self) -> None:
        self.dismiss("defer_wait")

    @on(Button.Pressed, "#defer-no")
    def _no(self) -> None:
        self.dismiss(None)
