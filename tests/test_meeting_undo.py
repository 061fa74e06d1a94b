"""Undo and redo of every kind of change to a running meeting, and the file after each (issue 13).

Plain Python with FakeClock: each test makes a change, undoes it, checks the
meeting (and the TOML the store would write) is as before, with time honest:
the seconds since count to what is running again, and no span, turn or
time-out that did not happen stays.
"""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_meeting import Counter, live, make_group, make_meeting, minutes

from facilitator.clock import FakeClock
from facilitator.meeting import LiveMeeting
from facilitator.model import Meeting, Roles
from facilitator.store import Store
from facilitator.undo import LIMIT


def dumped(lm: LiveMeeting) -> dict[str, Any]:
    return lm.meeting.to_toml_dict()


def without_minutes(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "minutes"}


def on_disk(tmp_path: Path, lm: LiveMeeting) -> dict[str, Any]:
    """Save through the real store as the autosave does and read the file back."""
    store = Store(tmp_path / "data")
    group = store.create_group(lm.group.name, lm.group.members)
    store.save_meeting(group.id, lm.snapshot_toml_dict())
    path = store.meeting_path(group.id, lm.meeting.id)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    Meeting.model_validate(data)
    return data


def test_undo_next_item_gives_the_earlier_item_back_running_with_the_time_since(clock: FakeClock, tmp_path: Path) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(5))
    assert lm.next_item()
    clock.advance(minutes(2))
    assert lm.undo() == "next item (2. Round of introductions)"
    assert lm.current_index == 0 and lm.running
    assert lm.elapsed(0) == minutes(7)  # the two minutes since counted to the first item
    assert lm.meeting.items[1].spans == []  # the span the next item began never happened
    assert "## 2." not in lm.minutes
    data = on_disk(tmp_path, lm)
    assert data["current_item"] == 0
    assert "end" not in data["items"][0]["spans"][-1] and data["items"][1]["spans"] == []


def test_redo_makes_the_change_again_as_it_was_made(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(5))
    lm.next_item()
    after = dumped(lm)
    clock.advance(minutes(1))
    lm.undo()
    assert lm.redo() == "next item (2. Round of introductions)"
    assert dumped(lm) == after
    assert lm.elapsed(0) == minutes(5) and lm.elapsed(1) == minutes(1)
    assert lm.redo() is None and lm.can_undo and not lm.can_redo


@pytest.mark.parametrize(
    "change",
    [
        "start",
        "pause",
        "previous",
        "more",
        "less",
        "take_from_later",
        "extend",
        "defer",
        "speaker_on",
        "speaker_off",
        "speaker_switch",
        "arrival",
        "leave",
        "timeout_start",
        "timeout_end",
        "timeout_caller",
        "grouping",
        "cue",
        "roles",
        "end",
    ],
)
def test_every_kind_of_change_is_undone_and_redone_and_the_file_follows(
    change: str, clock: FakeClock, tmp_path: Path
) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(3))
    lm.toggle_speaker("anne")
    clock.advance(minutes(1))
    if change == "previous":
        lm.next_item()
        clock.advance(minutes(1))
    if change in ("take_from_later", "extend", "defer"):
        clock.advance(minutes(20))  # the first item (15 min) is over
    if change in ("timeout_end", "timeout_caller"):
        lm.call_timeout()
        clock.advance(minutes(1))
    if change == "start":
        lm.toggle_running()  # paused: the change under test starts it again
    before = dumped(lm)
    depth = lm.undo_depth
    actions = {
        "start": lambda: lm.toggle_running() is True,
        "pause": lambda: lm.toggle_running() is False,
        "previous": lm.previous_item,
        "more": lambda: lm.adjust_plan(1) == 16,
        "less": lambda: lm.adjust_plan(-1) == 14,
        "take_from_later": lambda: bool(lm.take_from_later()),
        "extend": lambda: lm.extend() > 0,
        "defer": lm.defer_current,
        "speaker_on": lambda: lm.toggle_speaker("bo"),
        "speaker_off": lambda: lm.toggle_speaker("anne"),
        "speaker_switch": lambda: lm.toggle_speaker("carla"),
        "arrival": lambda: lm.mark_arrival("hans"),
        "leave": lambda: lm.mark_leave("anne"),
        "timeout_start": lm.call_timeout,
        "timeout_end": lambda: lm.end_timeout("close_item", "a note", note_in_minutes=True),
        "timeout_caller": lambda: lm.set_timeout_caller("dorte"),
        "grouping": lambda: lm.accept_grouping([["anne", "bo", "carla"], ["dorte", "erik", "fie", "gitte"]]),
        "cue": lambda: lm.toggle_cue(0) is True,
        "roles": lambda: lm.set_roles(Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla")),
        "end": lm.end_meeting,
    }
    assert actions[change]()
    assert lm.undo_depth == depth + 1
    changed = dumped(lm)
    assert changed != before
    clock.advance(30)
    assert lm.undo() is not None
    restored = dumped(lm)
    assert without_minutes(restored) == without_minutes(before)
    assert restored["minutes"] == before["minutes"]
    assert on_disk(tmp_path, lm) == tomllib.loads(_toml(lm))  # the file holds the undone state
    assert lm.redo() is not None
    assert dumped(lm) == changed


def _toml(lm: LiveMeeting) -> str:
    from facilitator.toml_text import dumps

    return dumps(lm.snapshot_toml_dict())


def test_undo_of_a_speaker_reopens_the_turn_it_closed_and_removes_the_new_one(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.toggle_speaker("anne")
    clock.advance(minutes(2))
    lm.toggle_speaker("bo")
    clock.advance(minutes(1))
    lm.undo()
    assert lm.current_speaker == "anne" and len(lm.meeting.speaking) == 1
    assert lm.current_turn_seconds() == minutes(3)


def test_undo_of_a_time_out_started_by_mistake_lets_the_item_run_through_it(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(2))
    lm.call_timeout()
    clock.advance(minutes(1))
    assert lm.undo() == "the time-out"
    assert not lm.timeout_running and lm.meeting.timeouts == [] and lm.running
    assert lm.elapsed() == minutes(3)


def test_undo_of_the_end_makes_the_meeting_live_again(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(4))
    lm.end_meeting()
    assert lm.finished
    clock.advance(minutes(1))
    lm.undo()
    assert lm.is_live and lm.meeting.ended_at is None and lm.running and lm.elapsed() == minutes(5)


def test_undo_keeps_what_was_typed_after_the_change(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.set_minutes(lm.minutes + "Anne welcomed everyone.\n")
    lm.next_item()
    assert "## 2. Round of introductions" in lm.minutes
    lm.set_minutes(lm.minutes + "Bo started the round.\n")
    lm.undo()
    assert "## 2." not in lm.minutes or "Bo started the round." in lm.minutes
    assert "Anne welcomed everyone." in lm.minutes and "Bo started the round." in lm.minutes


def test_fifty_steps_and_more_can_be_undone(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    start = dumped(lm)
    for n in range(60):
        clock.advance(5)
        lm.toggle_speaker(["anne", "bo", "carla"][n % 3])
    assert lm.undo_depth == 62  # the check-in, the start and 60 speakers
    assert len(lm.undo_to(2)) == 60 and lm.undo_depth == 2
    assert dumped(lm) == start
    assert LIMIT >= 50


def test_the_oldest_steps_go_beyond_the_limit(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    for n in range(LIMIT + 20):
        lm.adjust_plan(1 if n % 2 == 0 else -1)
    assert lm.undo_depth == LIMIT


def test_a_new_change_after_undo_forgets_the_redo(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.adjust_plan(1)
    lm.undo()
    assert lm.can_redo
    lm.adjust_plan(2)
    assert not lm.can_redo


def test_nothing_to_undo_says_so(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    assert lm.undo() is None and lm.redo() is None and not lm.can_undo


def test_undo_reports_each_change_to_the_saver(clock: FakeClock) -> None:
    changes = Counter()
    lm = LiveMeeting(make_group(), make_meeting(), clock, changes)
    lm.confirm_checkin()
    calls = changes.calls
    lm.undo()
    assert changes.calls == calls + 1 and not lm.checked_in and lm.meeting.status == "planned"


def test_check_in_changes_are_undone_one_by_one(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    lm.cycle_presence("bo")
    lm.cycle_presence("bo")
    assert lm.meeting.attendance.status_of("bo") == "absent"
    lm.undo()
    assert lm.meeting.attendance.status_of("bo") == "absent_notified"
    lm.undo()
    assert lm.meeting.attendance.status_of("bo") in (None, "present")


# ------------------------------------------------------------------ stable numbers


def test_numbers_are_given_at_check_in_and_never_change(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    before = {row.member_id: row.number for row in lm.checkin_rows()}
    assert before["anne"] == 1 and before["hans"] == 8
    lm.set_presence("bo", "absent")
    lm.confirm_checkin()
    assert lm.meeting.attendance.numbers == before
    assert lm.member_for_digit("3") == "carla"  # Bo (2) is away; Carla keeps 3
    lm.mark_arrival("hans")
    assert lm.number_of("hans") == 8 and lm.member_for_digit("8") == "hans"
    lm.mark_leave("anne")
    assert lm.member_for_digit("1") == "anne" and lm.number_of("carla") == 3
    assert [row.number for row in lm.checkin_rows()] == list(range(1, 9))


def test_a_member_added_after_check_in_takes_the_lowest_free_number(clock: FakeClock) -> None:
    from facilitator.model import Member

    lm = live(clock)
    del lm.meeting.attendance.numbers["bo"]  # a number freed (a member removed from the group)
    lm.group.members.append(Member(id="jens", name="Jens"))
    assert lm.mark_arrival("jens")
    assert lm.number_of("jens") == 2


# ------------------------------------------------------------------ roles


def test_roles_set_at_check_in_leave_out_who_is_not_here(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    lm.meeting.roles = Roles(moderator="hans", minute_taker="bo", boundary_keeper="carla", theme_owners=["hans", "fie"])
    lm.confirm_checkin()  # Hans sent an absence notice
    roles = lm.meeting.roles
    assert (roles.moderator, roles.minute_taker, roles.boundary_keeper, roles.theme_owners) == ("", "bo", "carla", ["fie"])
    assert lm.roles_missing
    assert lm.set_roles(Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla"))
    assert not lm.roles_missing and not lm.set_roles(lm.meeting.roles)
    assert lm.call_timeout() and lm.current_timeout is not None and lm.current_timeout.called_by == "carla"


# ------------------------------------------------------------------ ending


def test_items_not_reached_are_offered_and_marked_moved_when_ending(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(10))
    lm.next_item()
    clock.advance(minutes(10))
    # items 2 (break), 3, 4, 5 were not reached; the break is not moved
    assert lm.unreached_items() == [3, 4, 5]
    assert lm.end_meeting(move_unreached=True)
    assert [n for n, item in enumerate(lm.items) if item.deferred] == [3, 4, 5]
    lm.undo()
    assert not any(item.deferred for item in lm.items) and lm.is_live


def test_ending_without_moving_leaves_the_items_as_they_were(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.end_meeting(move_unreached=False)
    assert not any(item.deferred for item in lm.items)


# ------------------------------------------------------------------ reset, resume, reopen


def test_a_meeting_tried_out_is_put_back_to_planned_keeping_the_notices(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.toggle_speaker("anne")
    lm.set_minutes(lm.minutes + "trying it out\n")
    clock.advance(minutes(3))
    assert lm.reset_to_planned(keep_minutes=False)
    meeting = lm.meeting
    assert meeting.status == "planned" and meeting.started_at is None and not lm.checked_in
    assert meeting.attendance.absent_notified == ["hans"] and meeting.attendance.present == []
    assert meeting.speaking == [] and all(not item.spans for item in meeting.items) and meeting.minutes == ""
    assert not lm.reset_to_planned()  # nothing left to reset
    lm.undo()
    assert lm.is_live and lm.current_speaker == "anne" and "trying it out" in lm.minutes


def test_reset_keeps_the_minutes_when_asked(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.set_minutes(lm.minutes + "keep me\n")
    lm.reset_to_planned(keep_minutes=True)
    assert "keep me" in lm.minutes


def test_a_meeting_resumed_a_day_later_goes_on_with_the_old_times(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.toggle_speaker("anne")
    clock.advance(minutes(10))
    saved_at: datetime = clock.now()
    clock.advance(timedelta(days=1).total_seconds())
    resumed = LiveMeeting(lm.group, Meeting.model_validate(lm.meeting.model_dump()), clock)
    assert resumed.resumed and resumed.gap_since(saved_at) >= timedelta(days=1).total_seconds()
    assert resumed.continue_from(saved_at)
    assert not resumed.running and resumed.current_speaker is None
    assert resumed.elapsed() == minutes(10) and not resumed.is_over
    assert resumed.meeting.items[0].spans[-1].end == saved_at


def test_a_time_out_running_at_the_last_save_ends_there(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.call_timeout()
    clock.advance(minutes(2))
    saved = clock.now()
    clock.advance(timedelta(hours=20).total_seconds())
    assert lm.continue_from(saved)
    assert not lm.timeout_running and lm.meeting.timeouts[-1].end == saved


def test_an_ended_meeting_reopens_for_corrections_without_touching_its_times(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(30))
    lm.end_meeting()
    times = (lm.meeting.started_at, lm.meeting.ended_at, [i.spans for i in lm.items])
    clock.advance(timedelta(days=2).total_seconds())
    reopened = LiveMeeting(lm.group, Meeting.model_validate(lm.meeting.model_dump()), clock)
    assert reopened.reopen() and reopened.correcting
    assert reopened.meeting.reopened[-1].at == clock.now()
    assert reopened.toggle_running() is None and not reopened.next_item()  # no time runs in corrections
    assert reopened.set_presence("hans", "present")  # he was there after all
    assert reopened.meeting.attendance.status_of("hans") == "present"
    changes = [c for c in reopened.meeting.attendance.changes if c.member == "hans"]
    assert [(c.status, c.at) for c in changes] == [("present", reopened.meeting.attendance.checked_in_at)]
    reopened.set_minutes(reopened.minutes + "Correction: Hans was there.\n")
    assert reopened.close_corrections() and not reopened.correcting
    assert (reopened.meeting.started_at, reopened.meeting.ended_at, [i.spans for i in reopened.items]) == times
    assert reopened.meeting.status == "finished"


def test_a_live_meeting_cannot_be_reopened(clock: FakeClock) -> None:
    lm = live(clock)
    assert not lm.reopen() and not lm.close_corrections()


def test_a_digit_without_a_member_names_nobody(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    assert lm.member_for_digit("0") is None  # only 8 active members: nobody has number 10
    assert lm.member_for_digit("x") is None and lm.member_for_digit("12") is None
