"""The minutes pane: a soft-wrapping editor the minute-taker writes in during the meeting.

The text lives in the running meeting (`LiveMeeting.minutes`); the pane is the
editor of it. Two things change the minutes:

- the minute-taker types: the screen hands the text to `live.set_minutes()`
  (cheap: an assignment) and asks the autosaver for a save;
- the meeting writes into them (a heading when an item starts, the groups of
  three, a time-out line): `MinutesPane.sync_from()` applies only the changed
  stretch as an edit of the editor, so the cursor, the selection and the
  scroll position stay where the minute-taker left them.

`merge_minutes()` (facilitator/textmerge.py) is the pure three-way merge behind it: when both sides
changed since they last agreed (a key press and a meeting change within the
same moment), the meeting's change is applied on top of the typing.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from facilitator.app import localize_bindings
from facilitator.textmerge import TextEdit, diff_edit, merge_minutes

__all__ = ["MinutesPane", "TextEdit", "diff_edit", "merge_minutes"]


class MinutesPane(TextArea):
    """The minute-taker's editor: soft wrap, Markdown text, escape gives the keys back to the meeting."""

    BINDINGS = [
        Binding(
            "escape",
            "leave",
            "meeting_screen.bind_leave_minutes",
            tooltip="meeting_screen.tip_leave_minutes",
            id="meeting.leave_minutes",
        ),
    ]

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, id=id)
        localize_bindings(self)
        self.synced: str = text
        """The text the editor and the meeting last agreed on."""

    def action_leave(self) -> None:
        """Escape: hand the keys back to the meeting screen."""
        self.screen.set_focus(None)
        leave = getattr(self.screen, "action_leave_minutes", None)
        if callable(leave):
            leave()

    def apply_text(self, new: str) -> None:
        """Make the editor show `new` by editing only the stretch that differs (cursor kept)."""
        old = self.text
        edit = diff_edit(old, new)
        if edit is None:
            return
        document = self.document
        start = document.get_location_from_index(edit.start)
        end = document.get_location_from_index(edit.end)
        self.replace(edit.text, start, end, maintain_selection_offset=True)

    def pull(self) -> str | None:
        """Typed text the meeting has not seen yet: the editor's text, or None when nothing is new.

        Call `agree()` once the meeting took it.
        """
        text = self.text
        return None if text == self.synced else text

    def agree(self, text: str) -> None:
        """The editor and the meeting now hold `text`."""
        self.synced = text

    def sync_from(self, theirs: str) -> str:
        """Bring the meeting's minutes (`theirs`) into the editor; returns the merged text.

        When nothing was typed since the last agreement, the meeting's text is
        shown as it is; otherwise both changes are merged (see
        `merge_minutes`) and the caller hands the result back to the meeting.
        """
        mine = self.text
        if theirs == self.synced:
            return mine
        merged = theirs if mine == self.synced else merge_minutes(self.synced, mine, theirs)
        self.apply_text(merged)
        self.synced = merged
        return merged
