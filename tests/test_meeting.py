"""Unit tests of the running meeting (facilitator.meeting) with FakeClock: no screen, no sleeping."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone

import pytest
import tomli_w

from facilitator.clock import FakeClock
from facilitator.i18n import set_language
from facilitator.meeting import GroupPhase, LiveMeeting, deferred_items, fill_cue, format_share
from facilitator.model import Group, Item, Meeting, Member

CET = timezone(timedelta(hours=1))
START = datetime(2026, 3, 12, 18, 0, tzinfo=CET)
NAMES = ["Anne", "Bo", "Carla", "Dorte", "Erik", "Fie", "Gitte", "Hans"]


def make_group(language: str = "en") -> Group:
    members = [Member(id=name.lower(), name=name) for name in NAMES]
    members.append(Member(id="ib", name="Ib", active=False))
    return Group.model_validate({"name": "Netværk Nord", "members": [m.model_dump() for m in members],
                                 "settings": {"language": language}})


def first_meeting_items() -> list[Item]:
    """The booklet's first meeting: 15 + 45 + 20 + 40 + 20 + 20 = 160 minutes."""
    return [
        Item(title="Welcome", planned_minutes=15, led_by="moderator",
             cues=["The break is at {break_time}, we start again at {resume_time}", "We end at {planned_end}"]),
        Item(title="Round of introductions", planned_minutes=45, kind="round", cues=["Each has {share}"]),
        Item(title="Break", planned_minutes=20, kind="break", cues=["We start again at {resume_time}"]),
        Item(title="Wishes for the network", planned_minutes=40, kind="groups",
             cues=["Groups of three for {group_talk} minutes", "Keep {unknown} as written"]),
        Item(title="Deciding on the network", planned_minutes=20),
        Item(title="Future meetings", planned_minutes=20),
    ]


def make_meeting(items: list[Item] | None = None) -> Meeting:
    meeting = Meeting(id="2026-03-12-first", title="First meeting", date=date(2026, 3, 12), start=time(18, 0),
                      items=first_meeting_items() if items is None else items)
    meeting.attendance.absent_notified = ["hans"]
    meeting.roles.boundary_keeper = "carla"
    return meeting


class Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.urgent: list[bool] = []

    def __call__(self, urgent: bool) -> None:
        self.calls += 1
        self.urgent.append(urgent)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def live(clock: FakeClock, items: list[Item] | None = None, language: str = "en") -> LiveMeeting:
    """A checked-in meeting: everyone present except Hans (absence notice)."""
    lm = LiveMeeting(make_group(language), make_meeting(items), clock, Counter())
    assert lm.confirm_checkin()
    return lm


def minutes(n: float) -> float:
    return n * 60


# ------------------------------------------------------------------ check-in


def test_checkin_rows_prefill_absence_notice_and_default_present(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    rows = {r.member_id: r.status for r in lm.checkin_rows()}
    assert list(rows) == [n.lower() for n in NAMES]  # roster order, inactive Ib left out
    assert rows["hans"] == "absent_notified"
    assert all(status == "present" for mid, status in rows.items() if mid != "hans")
    assert not lm.checked_in and not lm.is_live


def test_cycle_presence_goes_round_in_one_key_per_step(clock: FakeClock) -> None:
    changes = Counter()
    lm = LiveMeeting(make_group(), make_meeting(), clock, changes)
    assert lm.cycle_presence("bo") == "absent_notified"
    assert lm.cycle_presence("bo") == "absent"
    assert lm.cycle_presence("bo") == "present"
    assert lm.cycle_presence("hans") == "absent"
    assert lm.cycle_presence("nobody") is None
    assert changes.calls == 4
    assert {r.member_id: r.status for r in lm.checkin_rows()}["hans"] == "absent"


def test_confirm_checkin_stores_lists_changes_and_goes_live(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    lm.set_presence("erik", "absent")
    clock.advance(90)
    assert lm.confirm_checkin()
    att = lm.meeting.attendance
    assert att.present == ["anne", "bo", "carla", "dorte", "fie", "gitte"]
    assert att.absent_notified == ["hans"]
    assert att.absent == ["erik"]
    assert att.checked_in_at == START + timedelta(seconds=90)
    assert lm.meeting.status == "live" and lm.meeting.started_at == att.checked_in_at
    assert len(att.changes) == 8 and all(c.at == att.checked_in_at for c in att.changes)
    assert {c.member: c.status for c in att.changes}["erik"] == "absent"
    assert lm.checked_in and not lm.confirm_checkin()  # only once


def test_late_arrival_and_early_leave_are_stored_with_time(clock: FakeClock) -> None:
    lm = live(clock)
    clock.advance(minutes(20))
    assert lm.mark_arrival("hans")
    assert "hans" in lm.meeting.attendance.present and "hans" not in lm.meeting.attendance.absent_notified
    change = lm.meeting.attendance.changes[-1]
    assert (change.member, change.status, change.at) == ("hans", "present", START + timedelta(minutes=20))
    assert lm.present_members()[-1] == "hans"  # roster order
    assert not lm.mark_arrival("hans")  # already present
    clock.advance(minutes(10))
    assert lm.mark_leave("anne")
    assert lm.meeting.attendance.changes[-1].at == START + timedelta(minutes=30)
    assert "anne" in lm.meeting.attendance.absent
    # issue 13: nobody is renumbered when someone leaves; Anne keeps 1, Bo keeps 2, Hans his 8
    assert (lm.member_for_digit("1"), lm.member_for_digit("2"), lm.member_for_digit("8")) == ("anne", "bo", "hans")


def test_nothing_runs_before_checkin(clock: FakeClock) -> None:
    lm = LiveMeeting(make_group(), make_meeting(), clock)
    assert lm.toggle_running() is None and not lm.next_item() and not lm.call_timeout()


# ------------------------------------------------------------------ items


def test_start_pause_next_previous_exact_after_three_hours(clock: FakeClock) -> None:
    lm = live(clock)
    assert lm.toggle_running() is True
    clock.advance(minutes(15) + 7)
    assert lm.toggle_running() is False  # pause
    clock.advance(minutes(5))  # paused time does not count
    assert lm.elapsed(0) == minutes(15) + 7
    assert lm.toggle_running() is True
    clock.advance(3)
    assert lm.next_item()
    assert lm.current_index == 1 and lm.running and lm.elapsed(0) == minutes(15) + 10
    clock.advance(minutes(30))
    assert lm.previous_item()  # back to the welcome, still running
    assert lm.current_index == 0 and lm.running and lm.elapsed(1) == minutes(30)
    clock.advance(20)
    assert lm.next_item()
    clock.advance((START + timedelta(hours=3) - clock.now()).total_seconds())  # three hours after the start
    assert lm.elapsed(0) == minutes(15) + 30
    assert lm.elapsed(1) == 3 * 3600 - minutes(15) - 30 - minutes(5)
    assert sum(lm.elapsed(i) for i in range(6)) == 3 * 3600 - minutes(5)
    assert [lm.item_state(i) for i in range(3)] == ["done", "current", "coming"]


def test_previous_item_when_paused_stays_paused(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.next_item()
    lm.toggle_running()
    assert lm.previous_item() and not lm.running and lm.current_index == 0
    assert not lm.previous_item()  # at the first item


def test_next_at_last_item_only_closes_it(clock: FakeClock) -> None:
    lm = live(clock, [Item(title="Only", planned_minutes=5)])
    lm.toggle_running()
    clock.advance(60)
    assert not lm.next_item()
    assert not lm.running and lm.current_index == 0 and lm.elapsed(0) == 60


def test_heading_appended_once_per_item(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.set_minutes(lm.minutes + "Anne welcomes everyone.\n")
    lm.toggle_running()
    lm.toggle_running()
    lm.next_item()
    lm.previous_item()
    lm.next_item()
    text = lm.minutes
    assert text.count("## 1. Welcome") == 1 and text.count("## 2. Round of introductions") == 1
    assert text.index("## 1. Welcome") < text.index("Anne welcomes") < text.index("## 2.")


def test_heading_written_by_hand_is_not_repeated(clock: FakeClock) -> None:
    lm = live(clock)
    lm.set_minutes("## 1. Velkommen (skrevet i forvejen)\n")
    lm.toggle_running()
    assert "## 1. Welcome" not in lm.minutes


def test_plus_minus_never_below_zero(clock: FakeClock) -> None:
    lm = live(clock, [Item(title="Short", planned_minutes=1)])
    assert lm.adjust_plan(+1) == 2
    assert lm.adjust_plan(-1) == 1
    assert lm.adjust_plan(-1) == 0
    assert lm.adjust_plan(-1) == 0
    assert lm.current is not None and lm.current.planned_minutes == 0


def test_on_change_called_for_every_change_only(clock: FakeClock) -> None:
    lm = live(clock)
    counter = lm.on_change
    assert isinstance(counter, Counter)
    before = counter.calls
    lm.toggle_running()
    lm.toggle_speaker("anne")
    lm.adjust_plan(1)
    lm.set_minutes("x")
    lm.set_minutes("x")  # unchanged
    assert not lm.toggle_speaker("hans")  # not present
    assert counter.calls == before + 4


def test_a_change_of_state_is_urgent_typing_is_not(clock: FakeClock) -> None:
    """Steps (and undo, redo) ask for a save at once, so the room view follows; typing waits for the delay."""
    lm = live(clock)
    counter = lm.on_change
    assert isinstance(counter, Counter)
    counter.urgent.clear()
    lm.toggle_running()
    lm.set_minutes("Anne: a hard week")
    lm.toggle_speaker("anne")
    lm.call_timeout()
    lm.undo()
    lm.redo()
    lm.set_minutes("Anne: a hard week.")
    assert counter.urgent == [True, False, True, True, True, True, False]


# ------------------------------------------------------------------ over-time and bell


def test_countdown_overtime_and_bell_rings_once(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(15) - 1)
    assert lm.remaining() == 1 and not lm.is_over and not lm.bell_due()
    clock.advance(1)
    assert lm.bell_due()
    assert not lm.bell_due()
    clock.advance(75)
    assert lm.is_over and lm.over_seconds == 75 and lm.remaining() == -75
    assert not lm.bell_due()
    assert lm.overtime_prompt_due


def test_bell_rings_again_after_the_plan_was_lengthened(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(15))
    assert lm.bell_due()
    lm.adjust_plan(+1)
    assert not lm.bell_due()
    clock.advance(60)
    assert lm.bell_due()


def test_untimed_open_item_never_over(clock: FakeClock) -> None:
    lm = live(clock, [Item(title="Any other business", planned_minutes=0, kind="open")])
    lm.toggle_running()
    clock.advance(600)
    assert not lm.is_over and not lm.bell_due() and not lm.overtime_prompt_due


def test_planned_and_projected_end_with_end_by_warning(clock: FakeClock) -> None:
    lm = live(clock)
    assert lm.planned_end() == START + timedelta(minutes=160)
    assert lm.projected_end() == START + timedelta(minutes=160)
    assert lm.end_by() == datetime(2026, 3, 12, 21, 0, tzinfo=CET)
    lm.toggle_running()
    clock.advance(minutes(20))  # 5 over: the current item counts as 0 left
    assert lm.projected_end() == START + timedelta(minutes=20 + 145)
    assert not lm.ends_after_end_by
    clock.advance(minutes(16))
    assert lm.projected_end() == START + timedelta(minutes=36 + 145)  # 21:01
    assert lm.ends_after_end_by


def test_take_from_later_spreads_evenly_and_never_negative(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(15) + minutes(4) + 10)  # 4 min 10 s over -> 5 minutes
    taken = lm.take_from_later()
    assert sum(taken.values()) == 5
    assert set(taken) == {1, 3, 4, 5}  # not the break
    assert max(taken.values()) - min(taken.values()) <= 1
    assert lm.items[0].planned_minutes == 20
    assert lm.meeting.planned_minutes == 160  # the end does not move
    assert not lm.overtime_prompt_due and not lm.is_over


def test_take_from_later_with_little_left(clock: FakeClock) -> None:
    items = [Item(title="A", planned_minutes=1), Item(title="B", planned_minutes=1),
             Item(title="Break", planned_minutes=20, kind="break"), Item(title="C", planned_minutes=2),
             Item(title="AOB", planned_minutes=5, kind="open"), Item(title="D", planned_minutes=0)]
    lm = live(clock, items)
    lm.toggle_running()
    clock.advance(minutes(1) + minutes(9) + 1)  # 9 min 1 s over -> 10 minutes
    taken = lm.take_from_later()
    assert taken == {1: 1, 3: 2}
    assert [i.planned_minutes for i in lm.items] == [11, 0, 20, 0, 5, 0]


def test_take_from_later_rounds_a_few_seconds_up_to_a_step_of_five_minutes(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(15) + 1)
    assert lm.overrun_step() == 5
    taken = lm.take_from_later()
    assert sum(taken.values()) == 5 and lm.items[0].planned_minutes == 20


def test_extend_adds_a_step_and_the_prompt_waits_until_it_has_run_out(clock: FakeClock) -> None:
    """Issue 17: the prompt came back every minute; now it waits for the step the moderator gave."""
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(17) + 30)
    assert lm.overtime_prompt_due
    assert lm.extend() == 5
    assert lm.items[0].planned_minutes == 20 and lm.meeting.planned_minutes == 165
    assert lm.planned_end() == START + timedelta(minutes=165)
    assert not lm.overtime_prompt_due
    clock.advance(61)  # a minute later: not again
    assert not lm.overtime_prompt_due
    clock.advance(minutes(2) + 30)  # the 20 minutes have run out: asked again
    assert lm.overtime_prompt_due


@pytest.mark.parametrize(("over_seconds", "step"), [(1, 5), (299, 5), (300, 5), (301, 10), (11 * 60, 15)])
def test_the_overrun_step_is_the_overrun_rounded_up_to_five_minutes(clock: FakeClock, over_seconds: int, step: int) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(15) + over_seconds)
    assert lm.overrun_step() == step


def test_later_items_say_how_much_they_can_give(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(16))
    # the first meeting's later items: 45 + (break) + 40 + 20 + 20; the break gives nothing
    assert lm.later_can_give() == sum(i.planned_minutes for i in lm.items[1:] if i.kind not in ("break", "open"))
    lm.take_from_later(1000)
    assert lm.later_can_give() == 0


def test_minus_never_sets_a_plan_below_the_time_used(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(12) + 10)  # 12 min 10 s used of 15
    assert lm.used_minutes() == 13
    assert lm.adjust_plan(-1) == 14
    assert lm.adjust_plan(-1) == 13
    assert lm.adjust_plan(-1) == 13  # not below what was used
    assert lm.items[0].planned_minutes == 13
    assert lm.undo() is not None and lm.items[0].planned_minutes == 14  # each step undoable
    assert lm.adjust_plan(1) == 15


def test_minus_before_an_item_starts_goes_down_to_zero(clock: FakeClock) -> None:
    lm = live(clock)
    for _ in range(20):
        lm.adjust_plan(-1)
    assert lm.items[0].planned_minutes == 0


def test_deferring_can_leave_the_next_item_waiting(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(16))
    assert lm.defer_current(start_next=False)
    assert lm.items[0].deferred and lm.current_index == 1 and not lm.running
    assert lm.undo() is not None
    assert not lm.items[0].deferred and lm.current_index == 0 and lm.running


@pytest.mark.parametrize(("planned", "talk"), [(40, 25), (20, 12), (60, 25), (10, 6), (1, 1)])
def test_the_group_talk_fits_the_item(clock: FakeClock, planned: int, talk: int) -> None:
    lm = live(clock)
    lm.items[0].planned_minutes = planned
    assert lm.suggested_group_talk() == talk
    lm.toggle_running()
    clock.advance(minutes(planned // 2))
    assert lm.suggested_group_talk() <= max(1, lm.remaining() / 60)  # counted from what is left of the item


def test_dismissed_prompt_stays_hidden_for_that_item(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(16))
    lm.dismiss_overtime_prompt()
    clock.advance(60)
    assert not lm.overtime_prompt_due and lm.is_over


def test_defer_current_marks_it_and_goes_on(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.next_item()
    clock.advance(minutes(46))
    assert lm.defer_current()
    assert lm.items[1].deferred and lm.item_state(1) == "deferred"
    assert lm.current_index == 2 and lm.running and lm.elapsed(1) == minutes(46)
    assert "_Moved to the next meeting._" in lm.minutes.split("## 3.")[0]
    carried = deferred_items(lm.meeting)
    assert [i.title for i in carried] == ["Round of introductions"]
    assert carried[0].spans == [] and not carried[0].deferred and carried[0].kind == "round"
    assert lm.items[1].spans  # the meeting file keeps what happened


# ------------------------------------------------------------------ break and round


def test_break_resume_time(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(15))
    lm.next_item()
    # Coming break: it starts after the round (45) and lasts 20 minutes.
    assert lm.resume_at(2) == START + timedelta(minutes=15 + 45 + 20)
    clock.advance(minutes(50))
    lm.next_item()  # the break starts at 19:05
    assert lm.resume_at() == START + timedelta(minutes=85)
    clock.advance(minutes(8))
    lm.toggle_running()  # paused for 2 minutes: resumption moves with it
    clock.advance(minutes(2))
    assert lm.resume_at() == START + timedelta(minutes=87)
    assert lm.resume_at(0) is None  # not a break


def test_round_share_45_minutes_7_present(clock: FakeClock) -> None:
    lm = live(clock)
    share = lm.round_share_seconds(1)
    assert share is not None
    assert share == pytest.approx(385.714, abs=0.001)
    assert format_share(share) == "6 min 26 s"
    assert format_share(share, "da") == "6 min 26 sek"


# ------------------------------------------------------------------ speakers


def test_speaker_toggling_and_switching(clock: FakeClock) -> None:
    lm = live(clock)
    assert not lm.toggle_speaker("anne")  # the item does not run yet
    assert lm.meeting.speaking == []
    lm.toggle_running()
    assert lm.present_members() == ["anne", "bo", "carla", "dorte", "erik", "fie", "gitte"]
    assert lm.member_for_digit("2") == "bo" and lm.member_for_digit("9") is None
    assert lm.toggle_speaker("anne") and lm.current_speaker == "anne"
    clock.advance(30)
    assert lm.current_turn_seconds() == 30
    assert lm.toggle_speaker("bo") and lm.current_speaker == "bo"
    clock.advance(20)
    assert lm.toggle_speaker("bo") and lm.current_speaker is None
    turns = [(s.member, s.item, (s.end - s.start).total_seconds()) for s in lm.meeting.speaking if s.end]
    assert turns == [("anne", 0, 30), ("bo", 0, 20)]
    assert not lm.toggle_speaker("hans")  # absent


@pytest.mark.parametrize("action", ["pause", "next", "previous", "timeout", "end", "leave"])
def test_speaker_stops(clock: FakeClock, action: str) -> None:
    lm = live(clock)
    lm.toggle_running()
    if action == "previous":
        lm.next_item()
    lm.toggle_speaker("dorte")
    clock.advance(42)
    actions: dict[str, Callable[[], object]] = {
        "pause": lm.toggle_running,
        "next": lm.next_item,
        "previous": lm.previous_item,
        "timeout": lm.call_timeout,
        "end": lm.end_meeting,
        "leave": lambda: lm.mark_leave("dorte"),
    }
    actions[action]()
    assert lm.current_speaker is None
    turn = lm.meeting.speaking[-1]
    assert turn.end is not None and (turn.end - turn.start).total_seconds() == 42


# ------------------------------------------------------------------ time-out


def test_timeout_time_counts_nowhere_and_continue_resumes(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.toggle_speaker("bo")
    clock.advance(minutes(5))
    assert lm.call_timeout()
    assert lm.timeout_running and not lm.running and lm.current_speaker is None
    assert lm.current_timeout is not None and lm.current_timeout.called_by == "carla"
    assert not lm.call_timeout() and lm.toggle_running() is None and not lm.toggle_speaker("bo")
    clock.advance(minutes(3))
    assert lm.timeout_elapsed() == minutes(3)
    assert lm.end_timeout("continue", note="About a named child")
    assert not lm.timeout_running and lm.running
    clock.advance(60)
    assert lm.elapsed(0) == minutes(6)
    assert sum((s.end - s.start).total_seconds() for s in lm.meeting.speaking if s.end) == minutes(5)
    to = lm.meeting.timeouts[0]
    assert (to.outcome, to.note, to.item) == ("continue", "About a named child", 0)
    assert (to.end - to.start) == timedelta(minutes=3)
    assert "Time-out called by Carla at 18:05: we continued." in lm.minutes
    assert "About a named child" not in lm.minutes


def test_timeout_note_in_minutes_in_danish_and_caller_changed(clock: FakeClock) -> None:
    lm = live(clock, language="da")
    lm.toggle_running()
    clock.advance(minutes(2))
    lm.call_timeout()
    assert lm.set_timeout_caller("erik")
    assert lm.end_timeout("change_subject", note="Tavshedspligt", note_in_minutes=True)
    assert "Time-out kaldt af Erik kl. 18:02: vi skiftede emne. Bemærkning: Tavshedspligt" in lm.minutes
    assert lm.running and lm.meeting.timeouts[0].called_by == "erik"


def test_timeout_on_paused_item_does_not_start_it(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(60)
    lm.toggle_running()
    lm.call_timeout(called_by="anne")
    clock.advance(60)
    lm.end_timeout("continue")
    assert not lm.running and lm.meeting.timeouts[0].called_by == "anne"


def test_timeout_close_item_moves_on(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(4))
    lm.call_timeout()
    clock.advance(minutes(2))
    assert lm.end_timeout("close_item")
    assert lm.current_index == 1 and lm.running and lm.elapsed(0) == minutes(4)
    section = lm.minutes.split("## 2.")[0]
    assert "the item was closed" in section
    assert not lm.end_timeout("continue")  # none running


# ------------------------------------------------------------------ groups of three


def test_grouping_phases_follow_the_stored_instant(clock: FakeClock) -> None:
    items = [Item(title="Wishes for the network", planned_minutes=40, kind="groups")]
    lm = live(clock, items)
    groups = [["anne", "bo", "carla"], ["dorte", "erik"], ["fie", "gitte"]]
    assert lm.group_phase() is None
    assert lm.accept_grouping(groups)  # also starts the item
    assert lm.running
    grouping = lm.meeting.groupings[0]
    assert (grouping.item, grouping.at, grouping.talk_minutes) == (0, START, 25)
    assert "- Anne, Bo, Carla\n- Dorte, Erik\n- Fie, Gitte" in lm.minutes
    assert lm.minutes.index("## 1. Wishes") < lm.minutes.index("- Anne, Bo, Carla")
    clock.advance(minutes(10))
    assert lm.group_phase() == GroupPhase("talk", minutes(15))
    clock.advance(minutes(15))  # 15 minutes left: 5 for each group
    assert lm.group_phase() == GroupPhase("report", minutes(5), 0)
    clock.advance(minutes(7))
    assert lm.group_phase() == GroupPhase("report", minutes(3), 1)
    lm.call_timeout()  # a time-out holds the phases
    clock.advance(minutes(30))
    lm.end_timeout("continue")
    assert lm.group_phase() == GroupPhase("report", minutes(3), 1)
    clock.advance(minutes(3))
    assert lm.group_phase() == GroupPhase("report", minutes(5), 2)
    clock.advance(minutes(5))
    assert lm.group_phase() is None


def test_grouping_under_the_current_item_when_later_headings_exist(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.next_item()
    lm.previous_item()
    lm.accept_grouping([["anne", "bo"]], talk_minutes=10)
    text = lm.minutes
    assert text.index("## 1. Welcome") < text.index("- Anne, Bo") < text.index("## 2.")
    assert "(10 min group talk)" in text


# ------------------------------------------------------------------ cues


def test_cues_fill_placeholders_and_toggle(clock: FakeClock) -> None:
    lm = live(clock)
    cues = lm.cues()
    assert cues[0].text == "The break is at 19:00, we start again at 19:20"
    assert cues[1].text == "We end at 20:40" and not cues[1].done
    assert lm.cues(1)[0].text == "Each has 6 min 26 s"
    assert lm.cues(3)[0].text == "Groups of three for 25 minutes"
    assert lm.cues(3)[1].text == "Keep {unknown} as written"
    assert lm.cues(4) == []
    assert lm.toggle_cue(1) is True
    assert lm.items[0].cues_done == [1] and lm.cues()[1].done
    assert lm.toggle_cue(1) is False and lm.items[0].cues_done == []
    assert lm.toggle_cue(7) is None
    assert lm.tick_cue_matching("{resume_time}") == [0]
    assert lm.items[0].cues_done == [0]


def test_cue_times_follow_a_late_start(clock: FakeClock) -> None:
    clock.advance(minutes(10))
    lm = live(clock)
    lm.toggle_running()
    assert lm.cues()[0].text == "The break is at 19:10, we start again at 19:30"
    assert lm.cues()[1].text == "We end at 20:40"  # the planned end stays the plan


def test_fill_cue_survives_stray_braces() -> None:
    assert fill_cue("a { b", {"x": 1}) == "a { b"
    assert fill_cue("{x} min", {"x": 25}) == "25 min"


# ------------------------------------------------------------------ end and resume


def test_end_meeting_closes_everything(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.toggle_speaker("anne")
    clock.advance(minutes(3))
    lm.call_timeout()
    clock.advance(minutes(1))
    assert lm.end_meeting()
    m = lm.meeting
    assert m.status == "finished" and m.ended_at == START + timedelta(minutes=4)
    assert all(s.end is not None for i in m.items for s in i.spans)
    assert all(s.end is not None for s in m.speaking)
    assert m.timeouts[0].end == m.ended_at and m.timeouts[0].outcome == "continue"
    assert lm.elapsed(0) == minutes(3)
    assert lm.projected_end() == m.ended_at
    assert not lm.end_meeting() and lm.toggle_running() is None


def reopen(lm: LiveMeeting, clock: FakeClock) -> LiveMeeting:
    """What a crash and a reopen do: only the file survives."""
    data = tomllib.loads(tomli_w.dumps(lm.snapshot_toml_dict()))
    return LiveMeeting(lm.group, Meeting.model_validate(data), clock)


def test_snapshot_round_trips_through_toml(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    lm.toggle_speaker("anne")
    clock.advance(61)
    lm.call_timeout()
    lm.set_minutes(lm.minutes + "Decision: we meet monthly\n")
    snapshot = lm.snapshot_toml_dict()
    again = Meeting.model_validate(tomllib.loads(tomli_w.dumps(snapshot)))
    assert again == lm.meeting


def test_resume_running_item_counts_the_gap(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(10))
    clock.advance(minutes(3))  # the program was dead for these three minutes
    resumed = reopen(lm, clock)
    assert resumed.resumed and not lm.resumed
    assert resumed.running and resumed.elapsed(0) == minutes(13)
    clock.advance(minutes(2))
    assert resumed.bell_due()  # reached zero after the resume: rings
    assert resumed.toggle_running() is False and resumed.elapsed(0) == minutes(15)


def test_resume_of_an_item_already_over_does_not_ring_again(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(16))
    assert lm.bell_due()
    resumed = reopen(lm, clock)
    clock.advance(5)
    assert resumed.is_over and not resumed.bell_due()
    assert resumed.overtime_prompt_due  # the prompt is shown again


def test_timeout_still_running_after_resume(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(5))
    lm.call_timeout()
    clock.advance(minutes(4))
    resumed = reopen(lm, clock)
    assert resumed.timeout_running and not resumed.running
    assert resumed.timeout_elapsed() == minutes(4)
    resumed.end_timeout("continue")
    assert resumed.running  # the item ran when the time-out was called
    clock.advance(60)
    assert resumed.elapsed(0) == minutes(6)


def test_time_zone_change_does_not_move_elapsed(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(minutes(5))
    clock.set_zone(timezone(timedelta(hours=2)))
    assert lm.elapsed(0) == minutes(5)
    # Issue 18: times are shown in the group's zone (Europe/Copenhagen), not the laptop's new one.
    assert lm.hhmm(lm.items[0].spans[0].start) == "18:00"


def test_core_does_not_import_textual() -> None:
    import facilitator.meeting as module

    source = open(module.__file__, encoding="utf-8").read()
    assert "import textual" not in source and "from textual" not in source


def test_overtime_choices_do_nothing_when_not_over(clock: FakeClock) -> None:
    lm = live(clock)
    lm.toggle_running()
    clock.advance(60)
    assert lm.take_from_later() == {} and lm.extend() == 0
    assert lm.meeting.planned_minutes == 160
    assert lm.extend(2) == 2 and lm.items[0].planned_minutes == 17


def test_presence_changed_after_checkin_is_stored_with_time(clock: FakeClock) -> None:
    lm = live(clock)
    clock.advance(300)
    assert lm.cycle_presence("anne") == "absent_notified"
    change = lm.meeting.attendance.changes[-1]
    assert (change.member, change.status, change.at) == ("anne", "absent_notified", START + timedelta(seconds=300))


def test_on_change_runs_after_the_lock_is_released(clock: FakeClock) -> None:
    """The saver thread takes the same lock; on_change must not be called while holding it."""
    import threading

    free: list[bool] = []
    lm = LiveMeeting(make_group(), make_meeting(), clock)

    def on_change(urgent: bool) -> None:
        def probe() -> None:
            got = lm.lock.acquire(blocking=False)
            free.append(got)
            if got:
                lm.lock.release()

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()

    lm.on_change = on_change
    lm.confirm_checkin()
    lm.toggle_running()
    assert free == [True, True]


def test_a_meeting_run_on_another_day_warns_against_end_by_on_that_day() -> None:
    """A meeting planned for next week but held tonight at 20:00 is measured against tonight's 21:00."""
    clock = FakeClock(datetime(2026, 3, 12, 20, 0, tzinfo=CET))
    group = Group(name="G", members=[Member(id="a", name="A"), Member(id="b", name="B")])
    meeting = Meeting(
        id="2026-03-19-m",
        date=date(2026, 3, 19),
        start=time(18, 0),
        items=[Item(title="Talk", planned_minutes=90)],
    )
    live = LiveMeeting(group, meeting, clock)
    live.confirm_checkin()
    live.toggle_running()
    assert live.planned_start() == datetime(2026, 3, 12, 18, 0, tzinfo=CET)
    assert live.end_by() == datetime(2026, 3, 12, 21, 0, tzinfo=CET)
    assert live.projected_end() == datetime(2026, 3, 12, 21, 30, tzinfo=CET)
    assert live.ends_after_end_by
