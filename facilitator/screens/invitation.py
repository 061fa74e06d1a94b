"""The invitation to a planned meeting, in the group's language, ready to paste into an e-mail.

On the left the moderator sets the reply-by date, who signs it and the
preparation questions (one per line). The questions start from the set that
fits the meeting's kind: the booklet's for a first meeting, the evaluation's
for the evaluation meeting, the group's own for the others; the "Questions"
list chooses another set (ctrl+r fills the chosen set in again) and ctrl+g
keeps the questions as the group's own. On the right `export.invitation_text`
shows the whole invitation (date, time, place, reply-by date, who moderates,
the questions and the agenda with times) as it changes. ctrl+b copies it to
the clipboard, ctrl+s writes it to a text file. What is set here is stored
with the meeting (`[invitation]` in its file) when it is copied or written and
when the screen is left, so `facilitator export invitation ID` writes the same
text from the command line.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from facilitator import glyphs
from facilitator.export import QUESTION_SETS
from facilitator.i18n import t
from facilitator.screens.dialogs import parse_day
from facilitator.screens.group_common import GroupScreen, PathDialog, chosen_path, default_export_dir, escape
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting

REPLY_DAYS = 7
"""The reply-by date defaults to this many days before the meeting (but not before today)."""


class InvitationScreen(GroupScreen):
    """Shows and edits the invitation to one planned meeting; copies it or writes it to a file."""

    BINDINGS = [
        Binding("ctrl+b", "copy", "group_screens.bind_copy", tooltip="group_screens.tip_copy", id="invitation.copy"),
        Binding(
            "ctrl+s", "save", "group_screens.bind_save_file", tooltip="group_screens.tip_save_invitation", id="invitation.save"
        ),
        Binding(
            "ctrl+r",
            "booklet_questions",
            "group_screens.bind_questions",
            tooltip="group_screens.tip_questions",
            id="invitation.questions",
        ),
        Binding(
            "ctrl+g",
            "keep_questions",
            "group_screens.bind_keep_questions",
            tooltip="group_screens.tip_keep_questions",
            id="invitation.keep_questions",
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
                yield Select(
                    [(t(f"group_screens.question_set_{kind}"), kind) for kind in QUESTION_SETS],
                    value="group",
                    allow_blank=False,
                    compact=True,
                    id="question-set",
                )
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
            except Exception as error:  # noqa: BLE001 - StoreError: which file, what is wrong
                self.notify(str(error), title=t("group_screens.read_failed"), severity="error", timeout=15)
        if self.meeting is not None and group is not None:
            from facilitator.export import invitation_questions, meeting_kind
            from facilitator.zones import today_in

            today = today_in(self.facilitator.clock, group.settings.zone())
            stored = self.meeting.invitation
            reply_by = max(self.meeting.date - timedelta(days=REPLY_DAYS), min(today, self.meeting.date))
            if stored is not None and stored.reply_by is not None:
                reply_by = stored.reply_by
            self.query_one("#reply-by", Input).value = reply_by.isoformat()
            if stored is not None and stored.sender:
                self.query_one("#sender", Input).value = stored.sender
            with self.prevent(Select.Changed):
                self.query_one("#question-set", Select).value = meeting_kind(self.meeting)
            self.query_one("#questions", TextArea).text = "\n".join(invitation_questions(group, self.meeting))
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
        if action in ("copy", "save", "booklet_questions", "keep_questions") and self.meeting is None:
            return None
        return True

    @on(Select.Changed, "#question-set")
    def _set_chosen(self) -> None:
        self.action_booklet_questions()

    def action_booklet_questions(self) -> None:
        """Fill in the set of questions chosen in the list (the booklet's, the evaluation's, the group's own)."""
        if self.group is None:
            return
        from facilitator.export import question_set

        kind = self.query_one("#question-set", Select).value
        questions = question_set(self.group, str(kind) if isinstance(kind, str) else "group")
        self.query_one("#questions", TextArea).text = "\n".join(questions)

    def action_keep_questions(self) -> None:
        """Keep the questions as the group's own (offered for its ordinary meetings)."""
        questions = self.questions()

        def change(group: Group) -> None:
            group.settings.invitation_questions = questions

        if self.change_group(change):
            self.notify(t("group_screens.questions_kept", count=len(questions)))

    def store_invitation(self) -> bool:
        """Keep the reply-by date, the sender and the questions with the meeting (its `[invitation]`).

        Written only when they changed and the meeting is still planned; False (with a
        message) when the file could not be written.
        """
        meeting = self.meeting
        if meeting is None or self.group is None or meeting.status != "planned":
            return True
        from facilitator.export import invitation_questions
        from facilitator.model import Invitation

        questions = self.questions()
        default = invitation_questions(self.group, meeting.model_copy(update={"invitation": None}))
        invitation = Invitation(
            reply_by=self.reply_by() or (meeting.invitation.reply_by if meeting.invitation else None),
            sender=self.query_one("#sender", Input).value.strip(),
            questions=None if questions == default else questions,
        )
        if meeting.invitation == invitation:
            return True
        changed = meeting.model_copy(deep=True)
        changed.invitation = invitation
        if not self.save_meeting(changed):
            return False
        self.meeting = changed
        return True

    def action_back(self) -> None:
        """Keep what was set with the meeting, then go back."""
        self.store_invitation()
        super().action_back()

    def action_copy(self) -> None:
        """Copy the invitation to the clipboard (and keep what was set with the meeting)."""
        if not self.text:
            return
        self.app.copy_to_clipboard(self.text)
        self.store_invitation()
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
        except Exception as error:  # noqa: BLE001 - OSError, StoreError: a message, never a crash
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        self.store_invitation()
        self.notify(t("group_screens.written", path=str(path)))
