"""The clock every piece of timing in the program reads.

`Clock.now()` gives a timezone-aware datetime and `Clock.monotonic()` seconds
that never go backwards. The real clock anchors the wall time once and then
advances it with the kernel's boot-time clock, which keeps counting while the
laptop is suspended (the meeting in the room goes on) but does not jump when
NTP or the user corrects the wall clock. Tests use `FakeClock` and never sleep.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    """What the program needs from a clock."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in the local time zone."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""
        ...


def _boottime() -> float:
    """Seconds since boot, counting suspend where the platform offers it."""
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if clock_id is not None:
        try:
            return time.clock_gettime(clock_id)
        except OSError:  # pragma: no cover - platform without it
            pass
    return time.monotonic()


class RealClock:
    """The system clock, steady against wall-clock corrections.

    The wall time is read once at start; after that `now()` is that instant
    plus the boot-time clock's progress, shown in the current local zone.
    """

    def __init__(self) -> None:
        self._anchor_wall = datetime.now(UTC)
        self._anchor_mono = _boottime()

    def monotonic(self) -> float:
        return _boottime()

    def now(self) -> datetime:
        elapsed = _boottime() - self._anchor_mono
        return (self._anchor_wall + timedelta(seconds=elapsed)).astimezone()


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is None:
            start = datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1)))
        if start.tzinfo is None:
            start = start.astimezone()
        self._now = start
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds` (both the wall and the monotonic time)."""
        self._now = self._now + timedelta(seconds=seconds)
        self._mono += seconds

    def set_zone(self, tz: timezone) -> None:
        """Show the same instant in another time zone (a time-zone change)."""
        self._now = self._now.astimezone(tz)
