"""Merging two changes of one text: the minute-taker's typing and the program's own additions.

Pure functions on strings, used by the minutes pane (the meeting wrote into
the minutes while the minute-taker typed) and by undo (a change's own
addition to the minutes is taken out again without touching what was typed
since). This module never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
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
    prefix = _common(lambda a, b: old[a:b] == new[a:b], limit)
    size_old, size_new = len(old), len(new)
    suffix = _common(lambda a, b: old[size_old - b : size_old - a] == new[size_new - b : size_new - a], limit - prefix)
    return TextEdit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


def _common(same: Callable[[int, int], bool], limit: int) -> int:
    """The largest n <= `limit` whose first n characters agree, where `same(a, b)` compares characters a to b.

    A binary search over slices, which Python compares at C speed: a character-by-character loop
    over 60 KB of minutes took 16 ms, the time-out's line added to them at hour 3 (issue 20).
    """
    known, high = 0, limit  # the first `known` agree; none beyond `high` does
    while known < high:
        middle = (known + high + 1) // 2
        if same(known, middle):
            known = middle
        else:
            high = middle - 1
    return known


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
