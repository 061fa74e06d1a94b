"""Merging two changes of one text: the minute-taker's typing and the program's own additions.

Pure functions on strings, used by the minutes pane (the meeting wrote into
the minutes while the minute-taker typed) and by undo (a change's own
addition to the minutes is taken out again without touching what was typed
since). This module never imports Textual.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["TextEdit", "diff_edit", "merge_minutes"]


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
    """Both `mine` and `theirs` changed `base`: the text with both changes.

    `theirs` (the program's change) is moved past `mine` (the typing) when the
    typing lies before it, kept in place when the typing lies after it; when
    the two overlap, what `theirs` adds is put at the end and what it removes
    stays (nothing typed is ever lost).
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
