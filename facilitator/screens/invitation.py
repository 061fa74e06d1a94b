"""The invitation to a planned meeting, in the group's language, ready to paste into an e-mail.

On the left the moderator sets the reply-by date, who signs it and the
preparation questions (one per line; for a first meeting the booklet's list is
filled in, ctrl+r puts it back); on the right `export.invitation_text` shows
the whole invitation (date, time, place, reply-by date, who moderates, the
questions and the agenda with times) as it changes. ctrl+b copies it to the
clipboard, ctrl+s writes it to a text file. `facilitator export invitation ID`
writes the same text from the command line.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Static, TextArea

from facilitator import glyphs
from facilitator.i18n import t
from facilitator.screens.dialogs import parse_day
from facilitator.screens.group_common import GroupScreen, PathDialog, chosen_path, default_export_dir, escape

if TYPE_CHECKING:
    from facilitator.model import Meeting

REPLY_DAYS = 7
"""The reply-by date defaults to this many days before the meeting (but not before today)."""


class InvitationScreen(GroupScreen):
    """Shows and edits the invitation to one planned meeting; copies it or writes it to a file."""

    BINDINGS = [
        Binding("ctrl+b", "copy", "group_screens.bind_copy", tooltip="group_screens.tip_copy", id="invitation.copy"),
        Binding("ctrl+s", "save", "group_screens.bind_save_file", tooltip="group_screens.tip_save_invitation", id="invitation.save"),
        Binding(
            "ctrl+r", "booklet_questions", "group_screens.bind_questions", tooltip="group_screens.tip_questions",
            id="invitation.questions",
        ),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None
        self.text = ""
        """The invitation as shown now."""

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Horizontal(id="invitation-body", classes="group-body"):
            with Vertical(id="invitation-form"):
                yield Label(t("group_screens.reply_by"), classes="field-label")
                yield Input(id="reply-by", max_length=10, placeholder="YYYY-MM-DD", compact=True)
                yield Static("", id="reply-by-error", classes="field-error -empty")
                yield Label(t("group_screens.sender"), classes="field-label")
                yield Input(id="sender", max_length=80, placeholder=t("group_screens.sender_hint"), compact=True)
                yield Label(t("group_screens.questions"), classes="field-label")
                yield TextArea(id="questions", soft_wrap=True)
            with VerticalScroll(id="invitation-preview"):
                yield Static("", id="invitation-text")
        yield Footer()

    def on_mount(self) -> None:
        preview = self.query_one("#invitation-preview", VerticalScroll)
        preview.border_title = t("group_screens.invitation_title")
        group = self.read_group()
        if group is not None:
            try:
                self.meeting = self.store.load_meeting(group.id, self.meeting_id)
            except Exception as error:  # StoreError: which file, what is wrong
                self.notify(str(error), title=t("group_screens.read_failed"), severity="error", timeout=15)
        if self.meeting is not None:
            today = self.facilitator.clock.now().date()
            reply_by = max(self.meeting.date - timedelta(days=REPLY_DAYS), min(today, self.meeting.date))
            self.query_one("#reply-by", Input).value = reply_by.isoformat()
            if self.meeting.template == "first":
                self.action_booklet_questions()
        self.update_text()
        self.query_one("#reply-by", Input).focus()

    def questions(self) -> list[str]:
        """The preparation questions, one per non-empty line (a leading '- ' or '• ' is dropped)."""
        lines = self.query_one("#questions", TextArea).text.splitlines()
        return [line.strip().lstrip("-•* ").strip() for line in lines if line.strip().lstrip("-•* ").strip()]

    def reply_by(self) -> date | None:
        text = self.query_one("#reply-by", Input).value
        day = parse_day(text)
        error = self.query_one("#reply-by-error", Static)
        error.update("" if day else t("group_screens.bad_date"))
        error.set_class(day is not None, "-empty")
        self.query_one("#reply-by", Input).set_class(day is None, "-invalid")
        return day

    def update_text(self) -> None:
        """Build the invitation from the meeting and the form, and show it."""
        if self.group is None or self.meeting is None:
            self.query_one("#invitation-text", Static).update(t("group_screens.no_meeting", id=self.meeting_id))
            self.text = ""
            return
        from facilitator.export import invitation_text

        self.text = invitation_text(
            self.group,
            self.meeting,
            reply_by=self.reply_by(),
            questions=self.questions(),
            sender=self.query_one("#sender", Input).value.strip(),
        )
        self.query_one("#invitation-text", Static).update(escape(self.text))
        self.refresh_bindings()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.update_text()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy", "save", "booklet_questions") and self.meeting is None:
            return None
        return True

    def action_booklet_questions(self) -> None:
        """Fill in the booklet's preparation questions (in the group's language)."""
        if self.group is None:
            return
        from facilitator.export import default_questions

        self.query_one("#questions", TextArea).text = "\n".join(default_questions(self.group.settings.language))

    def action_copy(self) -> None:
        """Copy the invitation to the clipboard."""
        if not self.text:
            return
        self.app.copy_to_clipboard(self.text)
        self.notify(t("group_screens.copied"))

    def action_save(self) -> None:
        """Write the invitation to a text file."""
        if self.meeting is None:
            return
        default = default_export_dir() / f"{t('group_screens.invitation_file')}-{self.meeting.id}.txt"
        self.app.push_screen(PathDialog(t("group_screens.save_invitation_title"), default), self._save)

    def _save(self, text: str | None) -> None:
        if text is None or not self.text:
            return
        from facilitator.export import write_export

        path = chosen_path(text)
        try:
            write_export(path, self.text.encode("utf-8"))
        except Exception as error:  # OSError, StoreError: a message, never a crash
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        self.notify(t("group_screens.written", path=str(path)))
