"""diff_edit (facilitator/textmerge.py): the smallest single replacement between two texts, found by binary search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator.textmerge import diff_edit


def smallest_edit(old: str, new: str) -> tuple[int, int, str] | None:
    """The edit found one character at a time (what diff_edit did before it searched by slices)."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


texts = st.text(alphabet="ab\næ", max_size=40)


@given(texts, texts, texts, texts)
def test_the_edit_is_the_smallest_one_and_turns_old_into_new(head: str, old_mid: str, new_mid: str, tail: str) -> None:
    old, new = head + old_mid + tail, head + new_mid + tail
    edit = diff_edit(old, new)
    assert edit == smallest_edit(old, new)
    if edit is not None:
        assert old[: edit.start] + edit.text + old[edit.end :] == new


def test_a_line_added_to_long_minutes_is_found_as_that_line() -> None:
    minutes = "## 1. Since last time\n" + "Bente told about a hard week.\n" * 2000
    added = minutes + "Time-out called by Carla at 18:01: we continued.\n"
    assert diff_edit(minutes, added) == (len(minutes), len(minutes), "Time-out called by Carla at 18:01: we continued.\n")
    typed = minutes[:500] + "x" + minutes[500:]
    assert diff_edit(minutes, typed) == (500, 500, "x")
    assert diff_edit(typed, minutes) == (500, 501, "")
