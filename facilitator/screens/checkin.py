"""Check-in: who is here. The list at the start of a meeting, and the same list later for late arrivals.

`CheckinList` lists every active member of the group with their presence:
present (✓), absent with notice (afbud, ◐, pre-filled from the meeting file)
or absent (×). One key per person corrects it: the member's number (the same
number all meeting long, in the speakers and every dialog: 1-9, 0 for the
tenth) or up/down and space. Enter confirms.

- At the start (`late=False`) a key cycles present → afbud → absent through
  `LiveMeeting.cycle_presence`; enter posts `CheckinList.Confirmed` and the
  meeting screen confirms the check-in and shows the agenda.
- Later (`late=True`, inside `PresenceDialog`, key a on the meeting screen) a
  key marks a member as arrived or as gone (`mark_arrival` / `mark_leave`): the
  change is stored with its time. In corrections after the end the same key
  cycles the member's presence for the whole meeting (`set_presence`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from facilitator import glyphs
from facilitator.i18n import t
from facilitator.meeting import DIGITS, CheckinRow, LiveMeeting, number_key
from facilitator.screens.dialog_base import Dialog
from facilitator.screens.typing_catch import CatchesTyping
from facilitator.ui import localize_bindings, stylesheet

__all__ = ["CheckinList", "PresenceDialog", "PRESENCE_SYMBOLS"]

PRESENCE_SYMBOLS = {"present": glyphs.PRESENT, "absent_notified": glyphs.NOTICE, "absent": glyphs.ABSENT}
"""The symbol of each presence (never colour alone)."""

DIGIT_KEYS = DIGITS
"""The digit keys in number order ('0' is number 10)."""


class CheckinList(Static, can_focus=True):
    """The members with their presence; one key per person changes it."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "meeting_screen.bind_up", show=False, id="checkin.up"),
        Binding("down", "cursor(1)", "meeting_screen.bind_down", show=False, id="checkin.down"),
        Binding(
            "space",
            "toggle_member",  # not "toggle": DOMNode.action_toggle(attribute_name) is Textual's own action
            "meeting_screen.bind_checkin_toggle",
            tooltip="meeting_screen.tip_checkin_toggle",
            id="checkin.toggle",
        ),
        Binding(
            "enter",
            "confirm",
            "meeting_screen.bind_checkin_confirm",
            tooltip="meeting_screen.tip_checkin_confirm",
            id="checkin.confirm",
        ),
    ]

    cursor: reactive[int] = reactive(0)
    """The highlighted row (0-based)."""

    @dataclass
    class Confirmed(Message):
        """Enter was pressed on the list."""

        checkin: CheckinList

    def __init__(self, live: LiveMeeting, *, late: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        localize_bindings(self)
        self.live = live
        self.late = late
        """True in the dialog for late arrivals and early leaves (changes are stored with their time)."""

    def on_mount(self) -> None:
        self.refresh_from(self.live)

    def rows(self) -> list[CheckinRow]:
        """The members in roster order with their presence."""
        return self.live.checkin_rows()

    def watch_cursor(self) -> None:
        self.refresh_from(self.live)

    def _status_text(self, status: str, member_id: str = "") -> str:
        text = f"{PRESENCE_SYMBOLS[status]} {t('meeting_screen.presence_' + status)}"
        if self.late and member_id:
            when = self._changed_at(member_id)
            if when:
                key = "meeting_screen.arrived_at" if status == "present" else "meeting_screen.left_at"
                text += " " + t(key, time=when)
        return text

    def _changed_at(self, member_id: str) -> str:
        """The clock time of the member's last change after the check-in ('' when none)."""
        attendance = self.live.meeting.attendance
        checked_in = attendance.checked_in_at
        for change in reversed(attendance.changes):
            if change.member == member_id and checked_in is not None and change.at > checked_in:
                return self.live.hhmm(change.at)
        return ""

    def refresh_from(self, live: LiveMeeting) -> None:
        """Redraw the list from the meeting."""
        rows = self.rows()
        table = Table.grid(padding=(0, 2))
        widest = max((len(number_key(row.number) or str(row.number)) for row in rows), default=1)
        table.add_column(justify="right", no_wrap=True, min_width=widest)  # never squeezed away on a narrow screen
        table.add_column(no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True, overflow="ellipsis")
        for n, row in enumerate(rows):
            style = "reverse" if n == self.cursor and self.has_focus else ("underline" if n == self.cursor else "")
            table.add_row(
                number_key(row.number) or str(row.number),
                Text(row.name, style=style),
                self._status_text(row.status, row.member_id),
            )
        if not rows:
            table.add_row("", t("meeting_screen.no_members"), "")
        self.update(table)

    def on_focus(self) -> None:
        self.refresh_from(self.live)

    def on_blur(self) -> None:
        self.refresh_from(self.live)

    def action_cursor(self, step: int) -> None:
        """Up / down."""
        count = len(self.rows())
        if count:
            self.cursor = (self.cursor + step) % count

    def action_toggle_member(self) -> None:
        """Space: change the highlighted member."""
        self.toggle_row(self.cursor)

    def toggle_row(self, index: int) -> bool:
        """Change the member in row `index` (0-based): cycle at check-in, arrive / leave later."""
        rows = self.rows()
        if not 0 <= index < len(rows):
            return False
        row = rows[index]
        self.cursor = index
        if self.late and not self.live.correcting:
            done = self.live.mark_leave(row.member_id) if row.status == "present" else self.live.mark_arrival(row.member_id)
        else:
            done = self.live.cycle_presence(row.member_id) is not None
        self.refresh_from(self.live)
        return done

    def toggle_digit(self, digit: str) -> bool:
        """A digit key: the member with that number ('1' is number 1, '0' number 10)."""
        member = self.live.member_for_digit(digit)
        rows = self.rows()
        index = next((n for n, row in enumerate(rows) if row.member_id == member), None)
        return index is not None and self.toggle_row(index)

    def action_confirm(self) -> None:
        """Enter."""
        self.post_message(self.Confirmed(self))


class PresenceDialog(CatchesTyping[None], Dialog[None]):
    """Key a on the meeting screen: mark a late arrival or an early leave (stored with the time)."""

    CSS_PATH = [stylesheet("meeting.tcss")]
    BINDINGS = [
        Binding(
            "escape",
            "close",
            "meeting_screen.bind_close",
            tooltip="meeting_screen.tip_close",
            id="presence.close",
        ),
        *[
            Binding(key, f"digit('{key}')", "meeting_screen.bind_row", show=False, id=f"presence.digit_{key}")
            for key in DIGIT_KEYS
        ],
    ]

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__(cancel=None)
        self.live = live

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="presence"):
            yield Static(t("meeting_screen.presence_title"), classes="dialog-title")
            yield Static(t("meeting_screen.presence_help"), classes="muted")
            yield CheckinList(self.live, late=True, id="presence-list")

    def on_mount(self) -> None:
        self.query_one(CheckinList).focus()

    def action_digit(self, digit: str) -> None:
        """A row's digit: that member arrives or leaves."""
        self.query_one(CheckinList).toggle_digit(digit)

    def action_close(self) -> None:
        """Escape or enter: back to the meeting."""
        self.action_cancel()

    def on_checkin_list_confirmed(self, event: CheckinList.Confirmed) -> None:
        event.stop()
        self.dismiss(None)
