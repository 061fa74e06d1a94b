"""The room view as plain Python: find the meeting to show, follow its file, and say what the room may see.

`facilitator wall [ID]` puts the agenda and the clock on a projector or a
second screen. This module does everything but the drawing:

- `WallFollower` finds the meeting (the given id, or the newest meeting whose
  status is "live" in any group) and follows its file read-only: `poll()` costs
  one `os.stat` of the meeting file and one of the group file, and reloads a
  file only when its mtime, size or inode changed. The moderator's program
  replaces the file atomically, so a reload sees a whole file. A missing or
  unreadable file (the moderator's program restarting, a hand edit) keeps the
  last good meeting on the wall with a small note. It never writes the
  meeting file and never takes the meeting's lock.
- `WallState` is what the room sees, computed by `wall_state()` through a
  read-only `LiveMeeting` (only its properties are read, never a method that
  changes the meeting). It has no field for the minutes, the speaking turns,
  time-out notes or the members' contact details, so no view built on it can
  show them: a time-out is a flag only, and members appear by first name in
  the groups of three. A title marked confidential (`!!`, the rule of
  facilitator/confidential.py) is shown as "confidential item", never as written.

This module never imports Textual (the screen is facilitator/screens/wall.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Literal, TypedDict

from facilitator.clock import Clock
from facilitator.confidential import is_marked
from facilitator.i18n import t
from facilitator.meeting import LiveMeeting
from facilitator.model import Group, Meeting
from facilitator.store import Store, StoreError
from facilitator.zones import hhmm

__all__ = [
    "NEXT_ITEMS",
    "RESCAN_SECONDS",
    "NextItem",
    "WallFollower",
    "WallMode",
    "WallState",
    "first_names",
    "wall_state",
]

NEXT_ITEMS = 8
"""How many coming items the state lists (the screen shows as many as fit)."""

RESCAN_SECONDS = 2.0
"""While no live meeting is shown (none yet, or it ended), look for one this often."""

WallMode = Literal["waiting", "planned", "live", "ended"]
ItemPhase = Literal["", "ready", "running", "paused"]
GroupPhaseName = Literal["", "talk", "report"]
_Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class NextItem:
    """A coming agenda item and the clock time it is expected to start."""

    number: int
    """1-based, as on the agenda."""
    title: str
    at: str
    """Expected start, HH:MM."""
    minutes: int
    """Planned minutes (0: no time set, like any other business)."""
    is_break: bool = False


@dataclass(frozen=True)
class WallState:
    """Everything the room view shows, and nothing confidential.

    No minutes, no speaking turns or speaking-time figures, no time-out
    caller or note, no contact details: the fields below are all there is.
    """

    mode: WallMode
    """waiting (no meeting to show yet), planned (not checked in), live, or ended."""
    clock: str
    """The time now, HH:MM."""
    group_name: str = ""
    meeting_title: str = ""
    message: str = ""
    """In the waiting mode: why there is nothing to show yet."""
    note: str = ""
    """A small note while the file cannot be read (the last good state stays on the wall)."""
    item_number: int | None = None
    """1-based number of the current item (None before the meeting or for an empty agenda)."""
    item_count: int = 0
    item_title: str = ""
    item_phase: ItemPhase = ""
    is_break: bool = False
    timed: bool = True
    """False for an item with no time set (then `elapsed_seconds` is what to show)."""
    planned_minutes: int = 0
    remaining_seconds: float = 0.0
    """Left of the current item's plan; negative when over."""
    elapsed_seconds: float = 0.0
    over: bool = False
    resume_at: str = ""
    """During a break: the clock time the meeting starts again, HH:MM."""
    timeout: bool = False
    """A time-out runs (who called it, and any note, stay off the wall)."""
    groups: tuple[tuple[str, ...], ...] = ()
    """The groups of three of the current item, by first name."""
    group_phase: GroupPhaseName = ""
    group_phase_seconds: float = 0.0
    reporting_group: int | None = None
    """1-based number of the group reporting back."""
    next_items: tuple[NextItem, ...] = field(default_factory=tuple)
    starts_at: str = ""
    """The planned start, HH:MM."""
    ends_at: str = ""
    """The expected end (planned, or projected while live), HH:MM."""
    ended_at: str = ""


def _public(title: str) -> str:
    """A title as the room may see it: one marked confidential (`!! ...`, facilitator/confidential.py) is not shown."""
    return t("wall.confidential_title") if is_marked(title) else title


def first_names(group: Group | None, member_ids: list[str]) -> tuple[str, ...]:
    """The members' first names; two members with one first name get their last name's initial too."""
    if group is None:
        return tuple(member_ids)
    firsts: dict[str, int] = {}
    for member in group.members:
        parts = member.name.split()
        if parts:
            firsts[parts[0]] = firsts.get(parts[0], 0) + 1
    names = []
    for mid in member_ids:
        named = group.member(mid)
        parts = named.name.split() if named is not None else []
        if not parts:
            names.append(mid)
        elif firsts.get(parts[0], 0) > 1 and len(parts) > 1:
            names.append(f"{parts[0]} {parts[-1][0]}.")
        else:
            names.append(parts[0])
    return tuple(names)


def _planned_next(meeting: Meeting, tz: tzinfo | None) -> tuple[NextItem, ...]:
    """Every item with its planned start, counted from the meeting's start time (before check-in)."""
    at = meeting.start_datetime(tz=tz) if tz is not None else meeting.start_datetime()
    items = []
    for number, item in enumerate(meeting.items, start=1):
        if item.deferred:
            continue
        items.append(NextItem(number, _public(item.title), hhmm(at, tz), item.planned_minutes, item.kind == "break"))
        at += timedelta(minutes=item.planned_minutes)
    return tuple(items[:NEXT_ITEMS])


class _Common(TypedDict):
    """The fields of WallState every view of a meeting fills alike."""

    clock: str
    group_name: str
    meeting_title: str
    note: str
    item_count: int
    starts_at: str


def wall_state(meeting: Meeting | None, group: Group | None, clock: Clock, *, message: str = "", note: str = "") -> WallState:
    """What the room sees of `meeting` now (`meeting` None: the waiting view with `message`)."""
    now = clock.now()
    tz = group.settings.zone() if group is not None else now.tzinfo  # the group's zone, whatever the laptop's
    hhmm_now = hhmm(now, tz)
    if meeting is None:
        return WallState(mode="waiting", clock=hhmm_now, message=message or t("wall.waiting_live"), note=note)
    live = LiveMeeting(group or Group(name=""), meeting, clock)  # read only: no mutating method is called
    base: _Common = {
        "clock": hhmm_now,
        "group_name": group.name if group is not None else "",
        "meeting_title": _public(meeting.title),
        "note": note,
        "item_count": len(meeting.items),
        "starts_at": hhmm(live.planned_start(), tz),
    }
    if meeting.status == "finished":
        ended = meeting.ended_at
        return WallState(mode="ended", ended_at=hhmm(ended, tz) if ended is not None else "", **base)
    if meeting.status != "live":
        return WallState(
            mode="planned",
            next_items=_planned_next(meeting, tz),
            ends_at=hhmm(live.planned_end(), tz),
            **base,
        )
    item = live.current
    if item is None:
        return WallState(mode="live", ends_at=hhmm(live.projected_end(), tz), **base)
    index = live.current_index
    phase: ItemPhase = "running" if live.running else "paused" if item.spans else "ready"
    resume = live.resume_at() if item.kind == "break" else None
    grouping = live.current_grouping()
    groups: tuple[tuple[str, ...], ...] = ()
    group_phase: GroupPhaseName = ""
    group_seconds = 0.0
    reporting: int | None = None
    if grouping is not None:
        groups = tuple(first_names(group, g) for g in grouping.groups if g)
        gphase = live.group_phase()
        if gphase is not None:
            group_phase = gphase.phase
            group_seconds = gphase.remaining_seconds
            reporting = gphase.group + 1 if gphase.group is not None else None
    coming = [
        NextItem(i + 1, _public(it.title), hhmm(live.expected_start(i), tz), it.planned_minutes, it.kind == "break")
        for i, it in enumerate(meeting.items)
        if i > index and not it.deferred
    ]
    return WallState(
        mode="live",
        item_number=index + 1,
        item_title=_public(item.title),
        item_phase=phase,
        is_break=item.kind == "break",
        timed=live.is_timed(),
        planned_minutes=item.planned_minutes,
        remaining_seconds=live.remaining(),
        elapsed_seconds=live.elapsed(),
        over=live.is_over,
        resume_at=hhmm(resume, tz) if resume is not None else "",
        timeout=live.timeout_running,
        groups=groups,
        group_phase=group_phase,
        group_phase_seconds=group_seconds,
        reporting_group=reporting,
        next_items=tuple(coming[:NEXT_ITEMS]),
        ends_at=hhmm(live.projected_end(), tz),
        **base,
    )


def _stat(path: Path) -> _Stamp | None:
    """(mtime_ns, size, inode) of a file, or None when it cannot be seen."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class WallFollower:
    """Finds the meeting the wall shows and follows its file, read-only.

    `poll()` is cheap (two `os.stat` calls) and is meant to run ten times a
    second; `state()` is what to draw now. Without a meeting id the follower
    takes the newest live meeting of any group (the current group first when
    two are live), and once that meeting has ended it looks for the next live
    one every `RESCAN_SECONDS`.
    """

    def __init__(self, store: Store, clock: Clock, meeting_id: str | None = None, group_id: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self.wanted_id = meeting_id
        """The meeting asked for on the command line (None: follow the live one)."""
        self.preferred_group = group_id
        """The current group: searched first."""
        self.group_id: str | None = None
        self.meeting_id: str | None = meeting_id
        self.meeting: Meeting | None = None
        """The last good version of the meeting (kept while the file is missing or broken)."""
        self.group: Group | None = None
        self.problem = ""
        """Why the file could not be read at the last poll ("" when it could)."""
        self.read_at: datetime | None = None
        """When the meeting was last read successfully."""
        self._stamp: _Stamp | None = None
        self._group_stamp: _Stamp | None = None
        self._last_scan: float | None = None

    # ----------------------------------------------------------------- finding

    def _group_ids(self) -> list[str]:
        try:
            ids = self.store.group_ids()
        except (StoreError, OSError):
            ids = []
        first = [self.preferred_group] if self.preferred_group in ids else []
        return first + [gid for gid in ids if gid != self.preferred_group]

    def _find_group_of(self, meeting_id: str) -> str | None:
        for gid in self._group_ids():
            try:
                if os.path.lexists(self.store.meeting_path(gid, meeting_id)):
                    return gid
            except StoreError:  # an id that can never be a file name
                return None
        return None

    def find_live(self) -> tuple[str, str] | None:
        """(group id, meeting id) of the newest live meeting; the current group wins a tie."""
        best: tuple[tuple[object, ...], str, str] | None = None
        for rank, gid in enumerate(reversed(self._group_ids())):
            try:
                meetings = self.store.upcoming_meetings(gid)
            except (StoreError, OSError):
                continue
            for meeting in meetings:
                if meeting.status != "live":
                    continue
                started = meeting.started_at or datetime.min.replace(tzinfo=self.clock.now().tzinfo)
                key = (meeting.date, meeting.start, started, rank)
                if best is None or key > best[0]:
                    best = (key, gid, meeting.id)
        return None if best is None else (best[1], best[2])

    def _scan_due(self) -> bool:
        """Look for the meeting (again)? Only while there is none to follow, or the followed one ended."""
        if self.wanted_id is not None:
            return self.group_id is None
        if self.meeting is not None and self.meeting.status == "live" and self._stamp is not None:
            return False
        return self._last_scan is None or self.clock.monotonic() - self._last_scan >= RESCAN_SECONDS

    def _scan(self) -> bool:
        """Find the meeting to follow; True when it is another one than before."""
        self._last_scan = self.clock.monotonic()
        if self.wanted_id is not None:
            gid = self._find_group_of(self.wanted_id)
            if gid is None:
                return False
            found: tuple[str, str] | None = (gid, self.wanted_id)
        else:
            found = self.find_live()
        if found is None or found == (self.group_id, self.meeting_id):
            return False
        self.group_id, self.meeting_id = found
        self._stamp = self._group_stamp = None
        self.meeting = None
        self.problem = ""
        return True

    # ----------------------------------------------------------------- following

    def poll(self) -> bool:
        """Check the files and reload what changed; True when what the wall shows may have changed."""
        changed = self._scan() if self._scan_due() else False
        if self.group_id is None or self.meeting_id is None:
            return changed
        group_path = self.store.group_path(self.group_id)
        stamp = _stat(group_path)
        if stamp is not None and stamp != self._group_stamp:
            try:
                self.group = self.store.load_group(self.group_id)
                self._group_stamp = stamp
                changed = True
            except StoreError:
                pass  # keep the names we had
        path = self.store.meeting_path(self.group_id, self.meeting_id)
        stamp = _stat(path)
        if stamp is None:
            changed = changed or not self.problem
            self.problem = "missing"
            self._stamp = None
            return changed
        if stamp == self._stamp:
            return changed
        try:
            meeting = self.store.load_meeting(self.group_id, self.meeting_id)
        except StoreError:
            changed = changed or self.problem != "unreadable"
            self.problem = "unreadable"
            self._stamp = stamp  # read it again when it changes
            return changed
        self.meeting = meeting
        self._stamp = stamp
        self.problem = ""
        self.read_at = self.clock.now()
        return True

    def _message(self) -> str:
        if self.wanted_id is not None and self.group_id is None:
            return t("wall.not_found", id=self.wanted_id, root=str(self.store.root))
        if self.meeting_id is not None and self.meeting is None:
            return t("wall.waiting_file")
        return t("wall.waiting_live")

    def state(self) -> WallState:
        """What the wall shows now (time is read from the clock)."""
        note = ""
        if self.meeting is not None and self.problem:
            since = (
                hhmm(self.read_at, self.group.settings.zone() if self.group else self.read_at.tzinfo)
                if self.read_at is not None
                else ""
            )
            note = t("wall.note_waiting", time=since)
        return wall_state(self.meeting, self.group, self.clock, message=self._message(), note=note)
