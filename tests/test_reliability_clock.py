"""Issue 8, promise 7: wall-clock jumps, a time-zone change and a suspend leave every elapsed time right.

The real clock (`facilitator.clock.RealClock`) reads the wall time once and
then moves with the kernel's CLOCK_BOOTTIME, which keeps counting while the
laptop sleeps and never jumps when NTP or the user sets the wall clock. The
tests drive both time sources by hand (`datetime.now` and
`time.clock_gettime` inside facilitator.clock) and run a meeting on that
clock: an item's elapsed time, the remaining time, a speaker's turn and a
time-out's length stay exact through

- the wall clock set back one hour and forward one hour,
- a change of the time zone (TZ), and
- a suspend of 20 minutes (lid closed in the break: the room went on, so it counts).

The same with the FakeClock's `set_zone` is checked for a time-out and a
speaker (the item is in tests/test_meeting.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

import facilitator.clock as clock_module
from facilitator.clock import FakeClock, RealClock
from facilitator.meeting import LiveMeeting
from facilitator.model import Group, Item, Meeting, Member, Roles

HOUR = 3600.0


class Sources:
    """The wall clock and the boot-time clock, set by the test."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 3, 12, 17, 0, tzinfo=UTC)
        self.boot = 5000.0
        self.clock_ids: list[int] = []

    def clock_gettime(self, clock_id: int) -> float:
        self.clock_ids.append(clock_id)
        return self.boot

    def run(self, seconds: float) -> None:
        """Time passes (the wall clock and the boot-time clock together)."""
        self.wall += timedelta(seconds=seconds)
        self.boot += seconds

    def set_wall(self, seconds: float) -> None:
        """The user or NTP sets the wall clock; the boot-time clock does not move."""
        self.wall += timedelta(seconds=seconds)

    def suspend(self, seconds: float) -> None:
        """The laptop sleeps: CLOCK_BOOTTIME counts it (CLOCK_MONOTONIC would not), the wall clock too."""
        self.run(seconds)


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch) -> Sources:
    src = Sources()

    class Wall(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return src.wall if tz is None else src.wall.astimezone(tz)  # type: ignore[arg-type]

    monkeypatch.setattr(clock_module, "datetime", Wall)
    monkeypatch.setattr(clock_module.time, "clock_gettime", src.clock_gettime)
    return src


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in Europe/Copenhagen; the test may change TZ; the zone is put back afterwards."""
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _meeting(clock: object) -> LiveMeeting:
    group = Group(name="G", members=[Member(id=m, name=m.title()) for m in ("anne", "bo", "carla")])
    group.id = "g"
    meeting = Meeting(
        id="m",
        date=date(2026, 3, 12),
        items=[Item(title="Welcome", planned_minutes=15), Item(title="Round", planned_minutes=45, kind="round")],
        roles=Roles(boundary_keeper="carla"),
    )
    live = LiveMeeting(group, meeting, clock)  # type: ignore[arg-type]
    assert live.confirm_checkin()
    return live


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="Linux: the boot-time clock")
def test_the_real_clock_reads_the_boot_time_clock(sources: Sources) -> None:
    RealClock().now()
    assert sources.clock_ids and set(sources.clock_ids) == {time.CLOCK_BOOTTIME}


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="Linux: the boot-time clock")
@pytest.mark.parametrize("jump", [-HOUR, HOUR], ids=["an hour back", "an hour forward"])
def test_a_wall_clock_jump_changes_no_elapsed_time(sources: Sources, zone: None, jump: float) -> None:
    clock = RealClock()
    live = _meeting(clock)
    live.toggle_running()
    sources.run(300)
    live.toggle_speaker("anne")
    sources.run(60)
    live.call_timeout()
    sources.run(90)
    sources.set_wall(jump)  # NTP or the user sets the clock
    sources.run(30)
    assert clock.now() - live.items[0].spans[0].start == timedelta(seconds=480)
    assert live.timeout_elapsed() == 120
    live.end_timeout("continue")
    sources.run(60)
    assert live.elapsed(0) == 300 + 60 + 60  # the time-out counts nowhere
    assert live.remaining(0) == 15 * 60 - 420
    turn = live.meeting.speaking[-1]  # the time-out stopped Anne's turn
    assert turn.end is not None and (turn.end - turn.start).total_seconds() == 60
    assert clock.monotonic() - 5000.0 == 540


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="Linux: the boot-time clock")
def test_a_time_zone_change_changes_no_elapsed_time_only_the_clock_shown(sources: Sources, zone: None) -> None:
    clock = RealClock()
    live = _meeting(clock)
    live.toggle_running()
    assert live.hhmm(clock.now()) == "18:00"  # 17:00 UTC in Copenhagen (winter time)
    sources.run(600)
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    assert live.hhmm(clock.now()) == "18:10"  # issue 18: shown in the group's zone, not the laptop's
    sources.run(600)
    assert live.elapsed(0) == 1200
    assert clock.now().utcoffset() == timedelta(hours=-4)  # 12 March 2026: New York is on summer time already
    live.next_item()
    assert live.elapsed(0) == 1200 and live.elapsed(1) == 0


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="Linux: the boot-time clock")
def test_a_suspend_of_20_minutes_counts_the_room_went_on(sources: Sources, zone: None) -> None:
    clock = RealClock()
    live = _meeting(clock)
    live.toggle_running()
    sources.run(120)
    sources.suspend(20 * 60)  # the lid closed during the item
    sources.run(60)
    assert live.elapsed(0) == 120 + 1200 + 60
    assert live.is_over and live.over_seconds == 1380 - 15 * 60
    live.next_item()
    assert live.elapsed(0) == 1380


def test_fake_clock_zone_change_keeps_time_outs_and_turns_exact(clock: FakeClock) -> None:
    live = _meeting(clock)
    live.toggle_running()
    live.toggle_speaker("bo")
    clock.advance(200)
    clock.set_zone(timezone(timedelta(hours=-5)))
    clock.advance(100)
    assert live.current_turn_seconds() == 300
    live.call_timeout()
    clock.set_zone(timezone(timedelta(hours=9)))
    clock.advance(45)
    assert live.timeout_elapsed() == 45
    turn = live.meeting.speaking[-1]
    assert turn.end is not None and (turn.end - turn.start).total_seconds() == 300
    live.end_timeout("continue")
    clock.advance(15)
    assert live.elapsed(0) == 315
