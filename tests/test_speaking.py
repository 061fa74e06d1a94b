"""Tests of facilitator.speaking: speaking time, fair share, the suggestion and round countdowns."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from facilitator.clock import FakeClock
from facilitator.i18n import get_language, set_language
from facilitator.meeting import LiveMeeting
from facilitator.model import (
    Attendance,
    AttendanceChange,
    Group,
    Item,
    Meeting,
    Member,
    PresenceStatus,
    Speaking,
    TimeOut,
)
from facilitator.speaking import (
    MemberStats,
    format_clock,
    format_duration,
    presence_intervals,
    round_share_seconds,
    stats,
    suggest_next,
    turn_remaining,
)

T0 = FakeClock().now()
"""Check-in time of every hand-built meeting (FakeClock's start: 18:00 +01:00)."""


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def checked_in(present: Sequence[str], absent: Sequence[str] = (), since: float = 0) -> Attendance:
    """Attendance as the meeting core records it: one change per member at check-in."""
    changes = [AttendanceChange(member=m, status="present", at=at(since)) for m in present]
    changes += [AttendanceChange(member=m, status="absent_notified", at=at(since)) for m in absent]
    return Attendance(
        present=list(present), absent_notified=list(absent), checked_in_at=at(since), changes=changes
    )


def meeting_with(
    attendance: Attendance,
    turns: Sequence[tuple[str, int, float, float | None]],
    timeouts: Sequence[tuple[float, float | None]] = (),
) -> Meeting:
    """A live meeting with turns (member, item, start s, end s or None) and time-outs (start s, end s or None)."""
    return Meeting(
        id="2026-03-12-test",
        date=date(2026, 3, 12),
        status="live",
        started_at=at(0),
        attendance=attendance,
        items=[Item(title=f"Item {n}", planned_minutes=20) for n in range(4)],
        speaking=[
            Speaking(member=m, item=i, start=at(s), end=None if e is None else at(e)) for m, i, s, e in turns
        ],
        timeouts=[TimeOut(start=at(s), end=None if e is None else at(e)) for s, e in timeouts],
    )


def by_member(rows: list[MemberStats]) -> dict[str, MemberStats]:
    return {row.member: row for row in rows}


# ----------------------------------------------------------------- fair share


def test_three_members_share_equally() -> None:
    meeting = meeting_with(
        checked_in(["anne", "bo", "carl"]),
        [("anne", 0, 0, 60), ("bo", 0, 60, 90), ("anne", 1, 100, 130)],
    )
    rows = stats(meeting, at(200), current_item=1, roster=["anne", "bo", "carl"])
    assert [r.member for r in rows] == ["anne", "bo", "carl"]
    s = by_member(rows)
    assert s["anne"].meeting_seconds == pytest.approx(90)
    assert s["anne"].item_seconds == pytest.approx(30)
    assert s["bo"].meeting_seconds == pytest.approx(30)
    assert s["bo"].item_seconds == 0
    assert s["carl"].meeting_seconds == 0
    for row in rows:  # 120 s said while all three were there: 40 s each
        assert row.fair_share_seconds == pytest.approx(40)
        assert row.present and not row.is_speaking
    assert s["anne"].delta_seconds == pytest.approx(50)
    assert s["bo"].delta_seconds == pytest.approx(-10)
    assert s["carl"].delta_seconds == pytest.approx(-40)
    assert s["anne"].ratio == pytest.approx(90 / 40)
    assert s["carl"].ratio == 0
    assert [r.spoken_in_item for r in rows] == [True, False, False]


def test_nothing_said_yet() -> None:
    meeting = meeting_with(checked_in(["anne", "bo"]), [])
    rows = stats(meeting, at(300), current_item=0, roster=["anne", "bo"])
    assert [(r.member, r.meeting_seconds, r.fair_share_seconds, r.ratio) for r in rows] == [
        ("anne", 0, 0, 0),
        ("bo", 0, 0, 0),
    ]


def test_late_arrival_shares_only_from_arrival() -> None:
    attendance = checked_in(["anne", "bo"], absent=["carl"])
    attendance.changes.append(AttendanceChange(member="carl", status="present", at=at(100)))
    attendance.present.append("carl")
    meeting = meeting_with(attendance, [("anne", 0, 0, 60), ("bo", 0, 100, 130)])
    s = by_member(stats(meeting, at(200), current_item=0, roster=["anne", "bo", "carl"]))
    # 60 s before carl came: 30 each for anne and bo; 30 s after: 10 each for all three.
    assert s["anne"].fair_share_seconds == pytest.approx(40)
    assert s["bo"].fair_share_seconds == pytest.approx(40)
    assert s["carl"].fair_share_seconds == pytest.approx(10)
    assert s["carl"].delta_seconds == pytest.approx(-10)
    assert s["carl"].present


def test_share_before_arrival_is_not_counted_even_at_the_same_instant() -> None:
    attendance = checked_in(["anne"])
    attendance.changes.append(AttendanceChange(member="bo", status="present", at=at(60)))
    meeting = meeting_with(attendance, [("anne", 0, 0, 60), ("anne", 0, 60, 120)])
    s = by_member(stats(meeting, at(120), current_item=0, roster=["anne", "bo"]))
    assert s["anne"].fair_share_seconds == pytest.approx(60 + 30)
    assert s["bo"].fair_share_seconds == pytest.approx(30)


def test_early_leaver_keeps_share_until_leaving() -> None:
    attendance = checked_in(["anne", "bo", "carl"])
    attendance.changes.append(AttendanceChange(member="carl", status="absent", at=at(100)))
    attendance.present.remove("carl")
    attendance.absent.append("carl")
    meeting = meeting_with(attendance, [("anne", 0, 0, 60), ("carl", 0, 60, 90), ("bo", 0, 100, 140)])
    rows = stats(meeting, at(200), current_item=0, roster=["anne", "bo", "carl"])
    s = by_member(rows)
    # 90 s among three (30 each), then 40 s among two (20 each).
    assert s["anne"].fair_share_seconds == pytest.approx(50)
    assert s["bo"].fair_share_seconds == pytest.approx(50)
    assert s["carl"].fair_share_seconds == pytest.approx(30)
    assert s["carl"].present is False  # left, but spoke, so still listed
    assert s["carl"].meeting_seconds == pytest.approx(30)


def test_leaver_who_never_spoke_is_not_listed() -> None:
    attendance = checked_in(["anne", "bo", "carl"])
    attendance.changes.append(AttendanceChange(member="carl", status="absent", at=at(100)))
    meeting = meeting_with(attendance, [("anne", 0, 0, 60)])
    rows = stats(meeting, at(200), current_item=0, roster=["anne", "bo", "carl"])
    assert [r.member for r in rows] == ["anne", "bo"]


def test_leave_and_come_back() -> None:
    attendance = checked_in(["anne", "bo"])
    attendance.changes.append(AttendanceChange(member="bo", status="absent", at=at(60)))
    attendance.changes.append(AttendanceChange(member="bo", status="present", at=at(120)))
    meeting = meeting_with(attendance, [("anne", 0, 0, 180)])
    s = by_member(stats(meeting, at(180), current_item=0, roster=["anne", "bo"]))
    # 0-60: two share; 60-120 anne alone; 120-180: two share.
    assert s["bo"].fair_share_seconds == pytest.approx(30 + 30)
    assert s["anne"].fair_share_seconds == pytest.approx(30 + 60 + 30)
    assert s["bo"].present


def test_leave_and_come_back_at_the_same_instant() -> None:
    attendance = checked_in(["anne", "bo"])
    attendance.changes.append(AttendanceChange(member="bo", status="absent", at=at(60)))
    attendance.changes.append(AttendanceChange(member="bo", status="present", at=at(60)))
    attendance.changes.append(AttendanceChange(member="anne", status="present", at=at(30)))  # repeated: no change
    attendance.changes.append(AttendanceChange(member="carl", status="present", at=at(200)))  # arrives just now
    meeting = meeting_with(attendance, [("anne", 0, 0, 120)])
    assert presence_intervals(meeting, at(200)) == {
        "anne": [(at(0), at(200))],
        "bo": [(at(0), at(60)), (at(60), at(200))],
        "carl": [(at(200), at(200))],
    }
    s = by_member(stats(meeting, at(200), current_item=0, roster=["anne", "bo", "carl"]))
    assert s["bo"].fair_share_seconds == pytest.approx(60)
    assert s["anne"].fair_share_seconds == pytest.approx(60)
    assert s["carl"].fair_share_seconds == 0 and s["carl"].present


def test_time_out_overlap_is_not_speaking_time() -> None:
    meeting = meeting_with(
        checked_in(["anne", "bo"]),
        [("anne", 0, 0, 100), ("bo", 0, 100, 160)],
        timeouts=[(40, 60), (150, 200)],
    )
    s = by_member(stats(meeting, at(300), current_item=0, roster=["anne", "bo"]))
    assert s["anne"].meeting_seconds == pytest.approx(80)
    assert s["bo"].meeting_seconds == pytest.approx(50)
    assert s["anne"].fair_share_seconds == pytest.approx(65)
    assert s["bo"].fair_share_seconds == pytest.approx(65)


def test_running_time_out_and_open_turn_count_to_now() -> None:
    meeting = meeting_with(checked_in(["anne", "bo"]), [("anne", 2, 10, None)], timeouts=[(50, None)])
    s = by_member(stats(meeting, at(70), current_item=2, roster=["anne", "bo"]))
    assert s["anne"].meeting_seconds == pytest.approx(40)  # 10-50; the time-out runs from 50
    assert s["anne"].is_speaking
    assert not s["bo"].is_speaking


def test_open_turn_counts_up_to_now() -> None:
    meeting = meeting_with(checked_in(["anne", "bo"]), [("bo", 1, 10, None)])
    for now, expected in ((10, 0), (40, 30), (70, 60)):
        s = by_member(stats(meeting, at(now), current_item=1, roster=["anne", "bo"]))
        assert s["bo"].meeting_seconds == pytest.approx(expected)
        assert s["bo"].item_seconds == pytest.approx(expected)
        assert s["bo"].is_speaking and s["bo"].spoken_in_item
        assert s["anne"].fair_share_seconds == pytest.approx(expected / 2)


def test_turns_after_now_are_ignored() -> None:
    meeting = meeting_with(checked_in(["anne"]), [("anne", 0, 0, 30), ("anne", 0, 100, 130)])
    s = by_member(stats(meeting, at(50), current_item=0, roster=["anne"]))
    assert s["anne"].meeting_seconds == pytest.approx(30)


def test_no_item_means_no_item_figures() -> None:
    meeting = meeting_with(checked_in(["anne"]), [("anne", 0, 0, 30)])
    (row,) = stats(meeting, at(50), current_item=None, roster=["anne"])
    assert row.item_seconds == 0 and not row.spoken_in_item
    assert row.meeting_seconds == pytest.approx(30)


def test_roster_order_and_members_outside_it() -> None:
    attendance = checked_in(["bo", "anne", "carl"])
    meeting = meeting_with(attendance, [("guest", 0, 0, 20), ("anne", 0, 20, 30)])
    rows = stats(meeting, at(60), current_item=0, roster=["carl", "anne", "bo", "dora"])
    assert [r.member for r in rows] == ["carl", "anne", "bo", "guest"]
    guest = rows[-1]
    # Not marked present, but speaking puts the guest in the room while talking.
    assert guest.present is False
    assert guest.fair_share_seconds == pytest.approx(5)
    assert sum(r.fair_share_seconds for r in rows) == pytest.approx(30)


def test_without_attendance_changes_present_members_count_from_the_start() -> None:
    attendance = Attendance(present=["anne", "bo"])
    meeting = meeting_with(attendance, [("anne", 0, 0, 40)])
    meeting.started_at = None
    s = by_member(stats(meeting, at(100), current_item=0, roster=["anne", "bo"]))
    assert s["bo"].fair_share_seconds == pytest.approx(20)
    assert presence_intervals(meeting, at(100)) == {"anne": [(at(0), at(100))], "bo": [(at(0), at(100))]}


def test_speech_before_check_in_is_shared_by_those_speaking() -> None:
    attendance = checked_in(["anne", "bo"], since=60)
    meeting = meeting_with(attendance, [("anne", 0, 0, 30), ("bo", 0, 60, 120)])
    s = by_member(stats(meeting, at(120), current_item=0, roster=["anne", "bo"]))
    assert s["anne"].fair_share_seconds == pytest.approx(30 + 30)
    assert s["bo"].fair_share_seconds == pytest.approx(30)


def test_overlapping_turns_in_a_hand_edited_file() -> None:
    meeting = meeting_with(checked_in(["anne", "bo"]), [("anne", 0, 0, 60), ("bo", 0, 30, 90)])
    rows = stats(meeting, at(100), current_item=0, roster=["anne", "bo"])
    assert sum(r.meeting_seconds for r in rows) == pytest.approx(120)
    assert sum(r.fair_share_seconds for r in rows) == pytest.approx(120)


def test_time_zone_of_the_entries_does_not_matter() -> None:
    meeting = meeting_with(checked_in(["anne", "bo"]), [("anne", 0, 0, 60)])
    meeting.speaking[0].end = at(60).astimezone(UTC)
    s = by_member(stats(meeting, at(100).astimezone(UTC), current_item=0, roster=["anne", "bo"]))
    assert s["anne"].meeting_seconds == pytest.approx(60)
    assert s["bo"].fair_share_seconds == pytest.approx(30)


# ------------------------------------------------------------ presence intervals


def test_presence_intervals_from_changes() -> None:
    attendance = checked_in(["anne", "bo"], absent=["carl"])
    attendance.changes += [
        AttendanceChange(member="carl", status="present", at=at(100)),
        AttendanceChange(member="carl", status="present", at=at(110)),  # repeated: no change
        AttendanceChange(member="bo", status="absent", at=at(150)),
        AttendanceChange(member="anne", status="absent", at=at(900)),  # after now: ignored
    ]
    meeting = meeting_with(attendance, [])
    assert presence_intervals(meeting, at(200)) == {
        "anne": [(at(0), at(200))],
        "bo": [(at(0), at(150))],
        "carl": [(at(100), at(200))],
    }


def test_presence_intervals_sort_changes_by_time() -> None:
    attendance = checked_in(["anne"])
    attendance.changes.insert(0, AttendanceChange(member="anne", status="absent", at=at(50)))
    meeting = meeting_with(attendance, [])
    assert presence_intervals(meeting, at(80)) == {"anne": [(at(0), at(50))]}


# ------------------------------------------------------------------- invariants


def reference_shares(
    presence: dict[str, list[tuple[int, int]]], turns: list[tuple[str, int, int]], pauses: list[tuple[int, int]], end: int
) -> dict[str, float]:
    """Fair shares second by second (everything on whole seconds, so this is exact)."""
    shares: dict[str, float] = {}
    for second in range(end):
        if any(a <= second < b for a, b in pauses):
            continue
        talking = [m for m, a, b in turns if a <= second < b]
        if not talking:
            continue
        room = {m for m, spans in presence.items() if any(a <= second < b for a, b in spans)} | set(talking)
        for member in room:
            shares[member] = shares.get(member, 0.0) + len(talking) / len(room)
    return shares


@pytest.mark.parametrize("seed", range(25))
def test_fair_share_matches_a_second_by_second_count(seed: int) -> None:
    rng = random.Random(seed)
    members = [f"m{i}" for i in range(rng.randint(2, 8))]
    end = 600
    attendance = Attendance(checked_in_at=at(0))
    presence: dict[str, list[tuple[int, int]]] = {}
    for member in members:
        here, since = rng.random() < 0.7, 0
        status: PresenceStatus = "present" if here else "absent"
        attendance.changes.append(AttendanceChange(member=member, status=status, at=at(0)))
        for moment in sorted(rng.sample(range(1, end), rng.randint(0, 3))):
            if here:
                presence.setdefault(member, []).append((since, moment))
            else:
                since = moment
            here = not here
            status = "present" if here else "absent"
            attendance.changes.append(AttendanceChange(member=member, status=status, at=at(moment)))
        if here:
            presence.setdefault(member, []).append((since, end))
    turns: list[tuple[str, int, int]] = []
    clock = 0
    while clock < end - 5:
        start = clock + rng.randint(0, 30)
        stop = min(end, start + rng.randint(1, 90))
        turns.append((rng.choice(members), start, stop))
        clock = stop - (rng.randint(0, 10) if rng.random() < 0.1 else 0)  # now and then an overlap
    pauses = [(a, a + rng.randint(1, 40)) for a in rng.sample(range(end - 50), rng.randint(0, 2))]
    recorded: list[tuple[str, int, float, float | None]] = [(m, 0, a, b) for m, a, b in turns]
    if seed % 2:  # the last turn still runs at `now`
        member, start, _ = turns[-1]
        turns[-1] = (member, start, end)
        recorded[-1] = (member, 0, start, None)
    meeting = meeting_with(attendance, recorded, timeouts=pauses)
    rows = stats(meeting, at(end), current_item=0, roster=members)
    expected = reference_shares(presence, turns, pauses, end)
    got = {r.member: r.fair_share_seconds for r in rows}
    for member, share in expected.items():
        if member in got:
            assert got[member] == pytest.approx(share, abs=1e-6)
        else:  # only members who left without saying a word are not listed
            assert not any(m == member for m, _, _ in turns)
            assert presence[member][-1][1] < end
    for member in got:
        assert got[member] == pytest.approx(expected.get(member, 0.0), abs=1e-6)
    total_spoken = sum(r.meeting_seconds for r in rows)
    assert sum(expected.values()) == pytest.approx(total_spoken)


def test_two_thousand_turns() -> None:
    """The size the benchmark times (the panel redraws once a second); here it only has to be right."""
    members = [f"m{i}" for i in range(10)]
    attendance = checked_in(members)
    turns: list[tuple[str, int, float, float | None]] = [
        (members[n % 10], n // 200, n * 20, n * 20 + 15) for n in range(2000)
    ]
    turns[-1] = (turns[-1][0], turns[-1][1], turns[-1][2], None)
    meeting = meeting_with(attendance, turns, timeouts=[(1000, 1100), (20_000, 20_005)])
    meeting.items = [Item(title=str(n)) for n in range(10)]
    now = at(2000 * 20)
    for _ in range(3):
        rows = stats(meeting, now, current_item=9, roster=members)
    spoken = sum(r.meeting_seconds for r in rows)
    # The running last turn has 20 s; the time-outs cover 5 turns x 15 s and 5 s of another.
    assert spoken == pytest.approx(1999 * 15 + 20 - 75 - 5)
    assert sum(r.fair_share_seconds for r in rows) == pytest.approx(spoken)
    assert sum(r.item_seconds for r in rows) == pytest.approx(199 * 15 + 20)
    assert [r.is_speaking for r in rows].count(True) == 1


# ------------------------------------------------------------------- suggestion


def row(member: str, delta: float, spoken: bool = False, speaking: bool = False, present: bool = True) -> MemberStats:
    return MemberStats(
        member=member,
        item_seconds=0.0,
        meeting_seconds=max(0.0, delta),
        fair_share_seconds=0.0,
        delta_seconds=delta,
        ratio=0.0,
        spoken_in_item=spoken,
        is_speaking=speaking,
        present=present,
    )


def test_suggestion_prefers_who_has_not_spoken_in_the_item() -> None:
    rows = [row("anne", -50, spoken=True), row("bo", 10), row("carl", -5), row("dora", 30)]
    assert suggest_next(rows) == "carl"


def test_suggestion_when_everyone_spoke_in_the_item() -> None:
    rows = [row("anne", -50, spoken=True), row("bo", 10, spoken=True), row("carl", -60, spoken=True)]
    assert suggest_next(rows) == "carl"


def test_suggestion_is_never_the_speaker_or_someone_who_left() -> None:
    rows = [row("anne", -90, speaking=True), row("bo", -80, present=False), row("carl", 20, spoken=True)]
    assert suggest_next(rows) == "carl"
    assert suggest_next([row("anne", -90, speaking=True)]) is None
    assert suggest_next([]) is None


def test_suggestion_tie_goes_to_roster_order() -> None:
    assert suggest_next([row("bo", 0), row("anne", 0)]) == "bo"


def test_suggestion_from_real_figures() -> None:
    attendance = checked_in(["anne", "bo", "carl", "dora"])
    meeting = meeting_with(
        attendance,
        [("bo", 0, 0, 200), ("anne", 0, 200, 260), ("carl", 1, 300, 320), ("dora", 1, 320, None)],
    )
    rows = stats(meeting, at(400), current_item=1, roster=["anne", "bo", "carl", "dora"])
    # anne and bo have not spoken in item 1; anne is further under her share.
    assert suggest_next(rows) == "anne"


# ---------------------------------------------------------------------- rounds


def test_round_share_of_the_round_of_introductions() -> None:
    share = round_share_seconds(45, 7)
    assert share == pytest.approx(385.714, abs=1e-3)
    assert format_duration(share, language="en") == "6 min 26 s"
    assert format_clock(share) == "6:26"
    assert round_share_seconds(45, 0) == 0.0
    assert round_share_seconds(0, 5) == 0.0


def test_turn_remaining_is_one_budget_per_member_and_item() -> None:
    meeting = meeting_with(
        checked_in(["anne", "bo"]),
        [("anne", 1, 0, 50), ("anne", 2, 50, 100), ("bo", 2, 100, 200), ("anne", 2, 200, None)],
        timeouts=[(210, 220)],
    )
    # anne in item 2: 50 s, then 200-230 minus the 10 s time-out = 20 s; item 1 does not count.
    assert turn_remaining(meeting, at(230), 120) == pytest.approx(120 - 50 - 20)
    assert turn_remaining(meeting, at(300), 120) == pytest.approx(120 - 50 - 90)  # over: negative


def test_turn_remaining_without_a_speaker() -> None:
    meeting = meeting_with(checked_in(["anne"]), [("anne", 0, 0, 50)])
    assert turn_remaining(meeting, at(100), 120) is None


# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("seconds", "en", "da"),
    [
        (0, "0 s", "0 sek."),
        (26.4, "26 s", "26 sek."),
        (60, "1 min", "1 min"),
        (385.714, "6 min 26 s", "6 min 26 sek."),
        (-30, "-30 s", "-30 sek."),
        (3725, "1 h 2 min", "1 t 2 min"),
    ],
)
def test_format_duration(seconds: float, en: str, da: str) -> None:
    assert format_duration(seconds, language="en") == en
    assert format_duration(seconds, language="da") == da


def test_format_duration_follows_the_current_language() -> None:
    before = get_language()
    try:
        set_language("da")
        assert format_duration(65, signed=True) == "+1 min 5 sek."
        set_language("en")
        assert format_duration(65, signed=True) == "+1 min 5 s"
        assert format_duration(-65, signed=True) == "-1 min 5 s"
        assert format_duration(0, signed=True) == "0 s"
    finally:
        set_language(before)


def test_format_clock() -> None:
    assert format_clock(5) == "0:05"
    assert format_clock(-12.4) == "-0:12"
    assert format_clock(3723) == "1:02:03"


# ------------------------------------------------------- with the running meeting


def test_with_the_running_meeting() -> None:
    """The contract with facilitator.meeting: check-in, a late arrival, turns and a time-out."""
    clock = FakeClock()
    group = Group(name="Netværk", members=[Member(id=m, name=m.title()) for m in ("anne", "bo", "carl")])
    meeting = Meeting(
        id="2026-03-12-m",
        date=date(2026, 3, 12),
        items=[Item(title="Runde", planned_minutes=45, kind="round")],
    )
    live = LiveMeeting(group, meeting, clock)
    live.set_presence("carl", "absent")
    assert live.confirm_checkin()
    assert live.toggle_running()
    assert live.toggle_speaker("anne")
    clock.advance(60)
    assert live.mark_arrival("carl")
    assert live.toggle_speaker("bo")
    clock.advance(30)
    assert live.call_timeout()
    clock.advance(100)
    roster = [m.id for m in group.members]
    s = by_member(stats(meeting, clock.now(), current_item=0, roster=roster))
    assert s["anne"].meeting_seconds == pytest.approx(60)
    assert s["bo"].meeting_seconds == pytest.approx(30)
    assert s["carl"].fair_share_seconds == pytest.approx(10)
    assert s["anne"].fair_share_seconds == pytest.approx(40)
    assert suggest_next(list(s.values())) == "carl"
    assert turn_remaining(meeting, clock.now(), round_share_seconds(45, 3)) is None
