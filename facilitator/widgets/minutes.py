"""The minutes pane: a soft-wrapping editor the minute-taker writes in during the meeting.

The text lives in the running meeting (`LiveMeeting.minutes`); the pane is the
editor of it. Two things change the minutes:

- the minute-taker types: the screen hands the text to `live.set_minutes()`
  (cheap: an assignment) and asks the autosaver for a save;
- the meeting writes into them (a heading when an item starts, the groups of
  three, a time-out line): `MinutesPane.sync_from()` applies only the changed
  stretch as an edit of the editor, so the cursor, the selection and the
  scroll position stay where the minute-taker left them.

`merge_minutes()` is the pure three-way merge behind it: when both sides
changed since they last agreed (a key press and a meeting change within the
same moment), the meeting's change is applied on top of the typing.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding
from textual.widgets import TextArea

from facilitator.app import localize_bindings

__all__ = ["MinutesPane", "TextEdit", "diff_edit", "merge_minutes"]


class TextEdit(NamedTuple):
    """`old[start:end]` replaced by `text` turns the old string into the new one."""

    start: int
    end: int
    text: str


def diff_edit(old: str, new: str) -> TextEdit | None:
    """The single smallest replacement that turns `old` into `new` (None when equal).

    The common prefix and suffix are kept; what lies between is replaced.
    """
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return TextEdit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


def merge_minutes(base: str, mine: str, theirs: str) -> str:
    """Both the editor (`mine`) and the meeting (`theirs`) changed `base`: the text with both changes.

    The meeting's change is moved past the typing when the typing lies before
    it, kept in place when the typing lies after it; when the two overlap the
    meeting's new text is added at the end (nothing typed is ever lost).
    """
    ours = diff_edit(base, mine)
    other = diff_edit(base, theirs)
    if ours is None:
        return theirs
    if other is None:
        return mine
    if ours.end <= other.start:
        shift = len(ours.text) - (ours.end - ours.start)
        start, end = other.start + shift, other.end + shift
        return mine[:start] + other.text + mine[end:]
    if other.end <= ours.start:
        return mine[: other.start] + other.text + mine[other.end :]
    added = other.text.strip("\n")
    return mine.rstrip("\n") + "\n\n" + added + "\n" if added else mine


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
