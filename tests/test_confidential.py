"""Issue 14.6: confidential means confidential. One `!!` rule (facilitator/confidential.py), used everywhere.

`!!` counts at the start of a line, also after the markers of a list item, a
task, a quote or a heading and after `Decision:` / `Beslutning:`; a marked line
(and the paragraph it begins) never reaches an export (the minutes, the
time-out notes), the open actions carried over to the next agenda, or the room
view; the review shows it as a labelled quote without the mark.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from facilitator import confidential, export, history, planning
from facilitator.clock import FakeClock
from facilitator.model import Group, Item, Meeting, Member, TimeOut
from facilitator.wall import wall_state

SECRET = "Lone's child was ill"

MARKED = [
    "!! {s}",
    "   !! {s}",
    "\t!! {s}",
    "- !! {s}",
    "* !! {s}",
    "+ !! {s}",
    "1. !! {s}",
    "12) !! {s}",
    "- [ ] !! {s}",
    "- [x] !! {s}",
    "* [X] !! {s}",
    "> !! {s}",
    "> > !! {s}",
    ">!! {s}",
    "# !! {s}",
    "## !! {s}",
    "###### !! {s}",
    "> - [ ] !! {s}",
    "Decision: !! {s}",
    "decision:!! {s}",
    "Beslutning: !! {s}",
    "- Beslutning: !! {s}",
    "**Decision:** !! {s}",
    "**Beslutning**: !! {s}",
    "## Decision: !! {s}",
]
NOT_MARKED = [
    "Remember: !! means confidential.",
    "We said {s} !!",
    "- a point, then !! later",
    "Decision: we meet !! monthly",
    "####### !! seven hashes are no heading",
    "-!! no space, no list item",
]


@pytest.mark.parametrize("line", MARKED)
def test_the_mark_counts_after_markdown_markers(line: str) -> None:
    text = line.format(s=SECRET)
    assert confidential.is_marked(text)
    assert "!!" not in confidential.strip_mark(text)


@pytest.mark.parametrize("line", NOT_MARKED)
def test_the_mark_later_in_a_line_does_not_count(line: str) -> None:
    assert not confidential.is_marked(line.format(s=SECRET))


def test_a_marked_line_that_begins_a_paragraph_hides_the_paragraph() -> None:
    text = "Public.\n\n- [ ] !! call the parents\nabout the child\n\nPublic again.\n- [ ] send the minutes"
    assert confidential.confidential_lines(text) == {2, 3}
    public, left_out = confidential.split_confidential(text)
    assert public == "Public.\n\nPublic again.\n- [ ] send the minutes"
    assert left_out == ["- [ ] !! call the parents\nabout the child"]


def _meeting(minutes: str) -> Meeting:
    at = datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1)))
    return Meeting(
        id="2026-03-12-m", title="Meeting", date=date(2026, 3, 12), status="finished", minutes=minutes,
        items=[Item(title="Welcome"), Item(title="!! Lone's situation"), Item(title="Break", kind="break")],
        timeouts=[TimeOut(start=at, end=at + timedelta(minutes=2), note="Public note\n\n> !! " + SECRET)],
    )


@pytest.mark.parametrize("line", MARKED)
def test_no_marked_line_reaches_the_minutes_export(line: str) -> None:
    group = Group(name="Gruppen", members=[Member(id="anne", name="Anne")])
    minutes = f"## 1. Welcome\nPublic words.\n\n{line.format(s=SECRET)}\n\n- [ ] Anne books the room\n"
    meeting = _meeting(minutes)
    text = export.minutes_markdown(group, meeting, include_timeout_notes=True)
    assert SECRET not in text
    assert "Public words." in text and "Anne books the room" in text and "Public note" in text
    assert any(SECRET in passage for passage in export.minutes_left_out(meeting, include_timeout_notes=True))


@pytest.mark.parametrize("line", [m for m in MARKED if "[" in m])
def test_no_marked_task_is_carried_over_as_an_open_action(line: str) -> None:
    minutes = f"Public.\n\n{line.format(s=SECRET)}\n\n- [ ] Anne books the room\n"
    assert planning.open_actions(minutes) == ["Anne books the room"]
    assert planning.carry_over(_meeting(minutes)).open_actions == ["Anne books the room"]


def test_the_review_shows_marked_lines_as_a_labelled_quote_without_the_mark() -> None:
    shown = history.mark_confidential_markdown(f"Public.\n\n- [ ] !! {SECRET}\n", "Confidential")
    assert shown == f"Public.\n\n> **Confidential**\n>\n> - [ ] {SECRET}\n"


def test_the_room_view_never_shows_a_marked_title() -> None:
    clock = FakeClock(datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1))))
    meeting = _meeting("")
    meeting.status = "planned"
    meeting.title = "!! the Jensen family"
    state = wall_state(meeting, Group(name="Gruppen"), clock)
    shown = repr(state)
    assert "Lone" not in shown and "Jensen" not in shown
    assert "(confidential item)" in [item.title for item in state.next_items]
    assert state.meeting_title == "(confidential item)"


def test_every_module_asks_the_one_rule() -> None:
    """The rule lives in one place: the others have no `!!` test of their own."""
    import inspect

    for module in (export, history, planning):
        source = inspect.getsource(module)
        assert 'startswith("!!")' not in source and "startswith(_MARK)" not in source, module.__name__
    assert export.split_confidential is confidential.split_confidential
    assert history.confidential_lines is confidential.confidential_lines
