"""The group's time zone: which zone a group lives in and the times shown in it.

Every time the program shows, plans, exports or computes is a time in the
group's zone (`[settings] timezone` in `group.toml`, an IANA name such as
"Europe/Copenhagen"), whatever zone the laptop is set to. Stored instants stay
timezone-aware (they carry the offset they were recorded with); they are shown
by converting them with `in_zone`. A meeting's `date` and `start` are a day and a
time of day in the group's zone.

Plain Python (zoneinfo from the standard library); no Textual.
"""

from __future__ import annotations

import os
from datetime import date, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from facilitator.i18n import clock  # the one way a time of day is written

DEFAULT_TIME_ZONE = "Europe/Copenhagen"
"""The zone of a Danish group, and the fallback when the laptop's zone cannot be found."""

COUNTRY_ZONES: dict[str, str] = {
    "DK": "Europe/Copenhagen",
    "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo",
    "DE": "Europe/Berlin",
    "FI": "Europe/Helsinki",
    "IS": "Atlantic/Reykjavik",
    "GB": "Europe/London",
    "NL": "Europe/Amsterdam",
}
"""The zone a new group of a one-zone country gets; other countries get the laptop's zone."""


class _HasNow(Protocol):
    def now(self) -> datetime: ...


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo of an IANA name (cached); raises ValueError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}; use a name like 'Europe/Copenhagen'") from None


def zone_ok(name: str) -> bool:
    """Whether `name` is an IANA zone this computer knows."""
    try:
        zone(name)
    except ValueError:
        return False
    return True


def local_zone_name() -> str:
    """The laptop's IANA zone name (TZ, /etc/timezone, /etc/localtime), else Europe/Copenhagen."""
    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env.split("zoneinfo/", 1)[1] if "zoneinfo/" in env else env)
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        candidates.append(link.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and zone_ok(name):
            return name
    return DEFAULT_TIME_ZONE


def default_zone_name(country: str) -> str:
    """The zone a new group gets: its country's zone (Europe/Copenhagen for DK), else the laptop's."""
    return COUNTRY_ZONES.get(country.upper()) or local_zone_name()


def in_zone(instant: datetime, tz: tzinfo) -> datetime:
    """`instant` as a time in `tz` (a naive datetime is taken as already being in `tz`)."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=tz)
    return instant.astimezone(tz)


def hhmm(instant: datetime, tz: tzinfo | None) -> str:
    """The clock time of `instant` as HH:MM ("18:05") in the zone `tz` (the group's; None: the laptop's).

    The one way the program writes a stored instant as a time of day for the
    screen and the wall: `i18n.clock` of it in the group's zone (the exports
    write times in words: `export.format_time`).
    """
    return clock(instant.astimezone(tz))


def now_in(clock: _HasNow, tz: tzinfo) -> datetime:
    """The clock's current instant in `tz`."""
    return clock.now().astimezone(tz)


def today_in(clock: _HasNow, tz: tzinfo) -> date:
    """Today's date in `tz` (at 01:00 in Copenhagen it is already tomorrow in UTC's eyes, or not)."""
    return now_in(clock, tz).date()
