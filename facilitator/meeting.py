"""The running meeting as plain Python: check-in, item timers, speakers, time-outs.

`LiveMeeting` wraps a `Meeting` model (facilitator/model.py) and the injected
clock. The live meeting screen calls one method per key press and redraws
from the read-only properties; the model is the only copy of the truth:

- the current item is `meeting.current_item`; an item runs while its last
  span has no end; its elapsed time is the sum of its spans, the open one
  counted up to `clock.now()` (time is read from stored instants, never
  counted from timer ticks, so a resumed meeting counts the time since a crash);
- a time-out runs while the last `[[timeouts]]` entry has no end; whether the
  item ran when it was called is stored with it (`item_was_running`), so a
  time-out survives a crash as well;
- the current speaker is the last `[[speaking]]` entry with no end.

Only a few things live in memory, because they are about the screen, not
about what happened: which over-time bells have rung and which over-time
prompts the moderator has answered.

Every mutating method takes `self.lock` (an `RLock`; the autosave thread
serialises the model under the same lock through `snapshot_toml_dict()`),
changes the model, and then calls `on_change()` (the screen wires it to
`AutoSaver.request()`). Methods that could not do anything (no item running,
the meeting has ended...) return False or None and do not call `on_change()`.
This module never imports Textual.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal, NamedTuple

from facilitator.clock import Clock
from facilitator.i18n import t
from facilitator.model import (
    AttendanceChange,
    Group,
    Grouping,
    Item,
    Meeting,
    PresenceStatus,
    Span,
    Speaking,
    TimeOut,
    TimeOutOutcome,
)

__all__ = [
    "CHECKIN_CYCLE",
    "DEFAULT_GROUP_TALK_MINUTES",
    "CheckinRow",
    "Cue",
    "GroupPhase",
    "ItemState",
    "LiveMeeting",
    "deferred_items",
    "fill_cue",
    "format_share",
]

CHECKIN_CYCLE: tuple[PresenceStatus, ...] = ("present", "absent_notified", "absent")
"""The order one key press cycles a member's presence through at check-in."""

DEFAULT_GROUP_TALK_MINUTES = 25
"""The booklet's group talk in the groups of three."""

ItemState = Literal["done", "current", "coming", "deferred"]
Outcome = Literal["continue", "change_subject", "close_item"]


class CheckinRow(NamedTuple):
    """One line of the check-in list."""

    member_id: str
    name: str
    status: PresenceStatus


@dataclass(frozen=True)
class Cue:
    """One cue point of the current item, its placeholders filled in."""

    index: int
    text: str
    done: bool


@dataclass(frozen=True)
class GroupPhase:
    """Where the groups of three are: talking, or group `group` reporting back.

    `remaining_seconds` is what is left of the talk, or of that group's report.
    """

    phase: Literal["talk", "report"]
    remaining_seconds: float
    group: int | None = None


def format_share(seconds: float, language: str | None = None) -> str:
    """A duration as "6 min 26 s" (rounded to the second), as said in a round."""
    total = max(0, round(seconds))
    return t("meeting.share", language=language, m=total // 60, s=total % 60)


class _KeepMissing(dict[str, Any]):
    """format_map values that leave an unknown `{placeholder}` as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_cue(text: str, values: dict[str, Any]) -> str:
    """`text` with its `{placeholders}` filled from `values`; unknown ones stay as written."""
    try:
        return text.format_map(_KeepMissing(values))
    except (ValueError, IndexError, AttributeError):
        return text


def deferred_items(meeting: Meeting) -> list[Item]:
    """The items moved to the next meeting, as fresh items ready for its agenda.

    The copies keep title, plan, leader, kind, cues and unknown keys; their
    spans, ticked cues and the deferred flag are cleared.
    """
    fresh: list[Item] = []
    for item in meeting.items:
        if item.deferred:
            data = item.model_dump(exclude={"spans", "cues_done", "deferred"})
            fresh.append(Item.model_validate(data))
    return fresh


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


def _ceil_minutes(seconds: float) -> int:
    """Seconds rounded up to whole minutes, at least 1."""
    return max(1, math.ceil(seconds / 60 - 1e-9))


class LiveMeeting:
    """A meeting being run: the one object the live meeting screen talks to.

    Construct it with the group, the meeting model (as loaded), the clock and
    an `on_change` callback. A meeting whose status is already "live" is
    resumed: `resumed` is True and whatever ran at the crash runs on.
    """

    def __init__(
        self,
        group: Group,
        meeting: Meeting,
        clock: Clock,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.group = group
        self.meeting = meeting
        self.clock = clock
        self.on_change = on_change
        self.lock = threading.RLock()
        """Held around every change of the model; the saver serialises under it too."""
        self._resumed = meeting.status == "live"
        self._bells_rung: set[int] = set()
        self._overtime_answered: set[int] = set()
        if self._resumed and self.is_over:
            # It rang (or should have) before the crash: do not ring again.
            self._bells_rung.add(meeting.current_item)

    # ------------------------------------------------------------------ basics

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _now(self) -> datetime:
        return self.clock.now()

    def _tz(self) -> tzinfo | None:
        """The group's time zone (settings.timezone): the meeting's times are shown and planned in it."""
        return self.group.settings.zone()

    @property
    def _lang(self) -> str:
        """The language of the minutes: the group's language."""
        return self.group.settings.language

    def local(self, instant: datetime) -> datetime:
        """`instant` shown in the group's time zone, whatever the laptop's zone."""
        return instant.astimezone(self._tz())

    def hhmm(self, instant: datetime) -> str:
        """The clock time of `instant` in the group's zone as HH:MM."""
        return self.local(instant).strftime("%H:%M")

    def snapshot_toml_dict(self) -> dict[str, Any]:
        """The meeting as a TOML-ready dictionary, taken under the lock (for the saver thread)."""
        with self.lock:
            return self.meeting.to_toml_dict()

    @property
    def resumed(self) -> bool:
        """True when the meeting was already live when opened (resumed after a crash or quit)."""
        return self._resumed

    @property
    def is_live(self) -> bool:
        """Checked in and not ended: the keys of the meeting work."""
        return self.meeting.status == "live"

    @property
    def finished(self) -> bool:
        """The meeting has ended (status "finished")."""
        return self.meeting.status == "finished"

    @property
    def minutes(self) -> str:
        """The minutes as Markdown (the screen reloads its editor when this changed under it)."""
        return self.meeting.minutes

    def set_minutes(self, text: str) -> None:
        """The minute-taker changed the minutes (cheap: assign and report the change)."""
        with self.lock:
            if text == self.meeting.minutes:
                return
            self.meeting.minutes = text
        self._changed()

    # ---------------------------------------------------------------- check-in

    @property
    def checked_in(self) -> bool:
        """The check-in was confirmed."""
        return self.meeting.attendance.checked_in_at is not None

    def checkin_rows(self) -> list[CheckinRow]:
        """Every active member in roster order with their presence (present unless marked otherwise)."""
        attendance = self.meeting.attendance
        return [
            CheckinRow(m.id, m.name, attendance.status_of(m.id) or "present") for m in self.group.active_members
        ]

    def _place(self, member_id: str, status: PresenceStatus) -> None:
        """Put the member in exactly one of the attendance lists."""
        attendance = self.meeting.attendance
        lists: dict[PresenceStatus, list[str]] = {
            "present": attendance.present,
            "absent_notified": attendance.absent_notified,
            "absent": attendance.absent,
        }
        for name, ids in lists.items():
            if name != status:
                while member_id in ids:
                    ids.remove(member_id)
        if member_id not in lists[status]:
            lists[status].append(member_id)

    def set_presence(self, member_id: str, status: PresenceStatus) -> bool:
        """Set a member's presence: at check-in it fills the lists; later the change is stored with its time."""
        if status not in CHECKIN_CYCLE or self.group.member(member_id) is None:
            return False
        if self.checked_in:
            return self._mark(member_id, status)
        with self.lock:
            self._place(member_id, status)
        self._changed()
        return True

    def cycle_presence(self, member_id: str) -> PresenceStatus | None:
        """One key press per person: present -> absent_notified -> absent -> present. The new status."""
        current = self.meeting.attendance.status_of(member_id) or "present"
        new = CHECKIN_CYCLE[(CHECKIN_CYCLE.index(current) + 1) % len(CHECKIN_CYCLE)]
        return new if self.set_presence(member_id, new) else None

    def confirm_checkin(self) -> bool:
        """Confirm the check-in: store the lists, one attendance change per member, status "live"."""
        if self.checked_in or self.finished:
            return False
        with self.lock:
            now = self._now()
            attendance = self.meeting.attendance
            for row in self.checkin_rows():
                self._place(row.member_id, row.status)
                attendance.changes.append(AttendanceChange(member=row.member_id, status=row.status, at=now))
            order = {m.id: n for n, m in enumerate(self.group.members)}
            for ids in (attendance.present, attendance.absent_notified, attendance.absent):
                ids.sort(key=lambda mid: order.get(mid, len(order)))
            attendance.checked_in_at = now
            self.meeting.status = "live"
            if self.meeting.started_at is None:
                self.meeting.started_at = now
        self._changed()
        return True

    def _mark(self, member_id: str, status: PresenceStatus) -> bool:
        if not self.checked_in or self.group.member(member_id) is None:
            return False
        if self.meeting.attendance.status_of(member_id) == status:
            return False
        with self.lock:
            if status != "present" and self.current_speaker == member_id:
                self._stop_speaker()
            self._place(member_id, status)
            self.meeting.attendance.changes.append(AttendanceChange(member=member_id, status=status, at=self._now()))
        self._changed()
        return True

    def mark_arrival(self, member_id: str) -> bool:
        """A member came late: present from now on (stored with the time)."""
        return self._mark(member_id, "present")

    def mark_leave(self, member_id: str) -> bool:
        """A member left early: absent from now on (stored with the time); stops them speaking."""
        return self._mark(member_id, "absent")

    def present_members(self) -> list[str]:
        """Ids of the members present, in roster order (the screen numbers them 1-9, 0)."""
        present = self.meeting.attendance.present
        roster = [m.id for m in self.group.members if m.id in present]
        return roster + [mid for mid in present if mid not in roster]

    def member_for_digit(self, digit: str) -> str | None:
        """The present member a digit key stands for ('1'-'9', then '0' for the tenth)."""
        if len(digit) != 1 or not digit.isdigit():
            return None
        index = (int(digit) - 1) % 10
        members = self.present_members()
        return members[index] if index < len(members) else None

    def name_of(self, member_id: str) -> str:
        """The member's name (the id when unknown)."""
        return self.group.name_of(member_id)

    # ------------------------------------------------------------------- items

    @property
    def items(self) -> list[Item]:
        """The agenda items (read them; change them only through this class)."""
        return self.meeting.items

    @property
    def current_index(self) -> int:
        """Index of the current item (`meeting.current_item`)."""
        return self.meeting.current_item

    @property
    def current(self) -> Item | None:
        """The current item (None for an empty agenda)."""
        index = self.meeting.current_item
        return self.meeting.items[index] if 0 <= index < len(self.meeting.items) else None

    def item_running(self, index: int) -> bool:
        """True while the item's last span is open."""
        spans = self.meeting.items[index].spans
        return bool(spans) and spans[-1].end is None

    @property
    def running(self) -> bool:
        """True while the current item runs."""
        return self.current is not None and self.item_running(self.meeting.current_item)

    def item_state(self, index: int) -> ItemState:
        """How the agenda shows an item: done, current, coming, or deferred (moved to the next meeting)."""
        if self.meeting.items[index].deferred:
            return "deferred"
        if index == self.meeting.current_item:
            return "current"
        return "done" if index < self.meeting.current_item else "coming"

    def elapsed(self, index: int | None = None) -> float:
        """Seconds the item (default: the current one) has run; an open span counts up to now."""
        return self._elapsed_until(self._index(index), self._now())

    def _index(self, index: int | None) -> int:
        return self.meeting.current_item if index is None else index

    def _elapsed_until(self, index: int, until: datetime) -> float:
        total = 0.0
        for span in self.meeting.items[index].spans:
            end = span.end if span.end is not None else until
            end = min(end, until)
            if end > span.start:
                total += _seconds(end - span.start)
        return total

    def remaining(self, index: int | None = None) -> float:
        """Seconds left of the item's plan (default: the current item); negative when over."""
        i = self._index(index)
        if not 0 <= i < len(self.meeting.items):
            return 0.0
        return self.meeting.items[i].planned_minutes * 60 - self.elapsed(i)

    def is_timed(self, index: int | None = None) -> bool:
        """False for an item with no time set (an 'open' item planned at 0 minutes, like AOB)."""
        i = self._index(index)
        if not 0 <= i < len(self.meeting.items):
            return False
        item = self.meeting.items[i]
        return not (item.kind == "open" and item.planned_minutes == 0)

    @property
    def is_over(self) -> bool:
        """The current item has started and used up its plan."""
        item = self.current
        return item is not None and bool(item.spans) and self.is_timed() and self.remaining() <= 0

    @property
    def over_seconds(self) -> float:
        """Seconds the current item is over its plan (0 when not over)."""
        return max(0.0, -self.remaining()) if self.is_over else 0.0

    def bell_due(self) -> bool:
        """True exactly once when the running current item reaches zero (call it on every redraw).

        When the plan is lengthened so that time is left again, the bell is
        re-armed for the new end. An item already over when a live meeting
        was resumed does not ring again.
        """
        index = self.meeting.current_item
        if self.current is None or not self.is_timed() or self._rearm():
            return False
        if not self.running or index in self._bells_rung:
            return False
        self._bells_rung.add(index)
        return True

    # ---------------------------------------------------------- item movement

    def _heading_exists(self, index: int) -> bool:
        return re.search(rf"(?m)^##\s+{index + 1}\.", self.meeting.minutes) is not None

    def _append_heading(self, index: int) -> None:
        """Append `## N. Title` for the item to the minutes unless a heading for N is there."""
        if self._heading_exists(index):
            return
        heading = f"## {index + 1}. {self.meeting.items[index].title}"
        before = self.meeting.minutes.rstrip("\n")
        self.meeting.minutes = (before + "\n\n" if before else "") + heading + "\n"

    def _add_to_section(self, index: int, text: str) -> None:
        """Insert a paragraph at the end of the item's section of the minutes (heading added if missing)."""
        self._append_heading(index)
        lines = self.meeting.minutes.split("\n")
        pattern = re.compile(rf"^##\s+{index + 1}\.")
        start = next(n for n, line in enumerate(lines) if pattern.match(line))
        end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
        body = lines[start + 1 : end]
        while body and not body[-1].strip():
            body.pop()
        block = [*body, "", *text.rstrip("\n").split("\n")]
        rest = lines[end:]
        new = lines[: start + 1] + block + ([""] + rest if rest else [""])
        self.meeting.minutes = "\n".join(new)

    def _close_spans(self) -> None:
        """Close every open span (only the current item should have one)."""
        now = self._now()
        for item in self.meeting.items:
            if item.spans and item.spans[-1].end is None:
                item.spans[-1].end = now

    def _start(self, index: int) -> None:
        self._close_spans()
        self._append_heading(index)
        self.meeting.items[index].spans.append(Span(start=self._now()))

    def _pause(self) -> None:
        self._stop_speaker()
        self._close_spans()

    def toggle_running(self) -> bool | None:
        """Space: start or pause the current item. The new running state, or None when nothing happened.

        Starting an item for the first time appends `## N. Title` to the
        minutes. Nothing happens before check-in, after the end, or during a
        time-out.
        """
        if not self.is_live or self.current is None or self.timeout_running:
            return None
        with self.lock:
            if self.running:
                self._pause()
            else:
                self._start(self.meeting.current_item)
            result = self.running
        self._changed()
        return result

    def next_item(self) -> bool:
        """n: close the current item and start the next. At the last item it only closes it.

        True when the meeting moved on to another item.
        """
        if not self.is_live or self.current is None or self.timeout_running:
            return False
        with self.lock:
            moved = self._advance()
        self._changed()
        return moved

    def _advance(self) -> bool:
        self._pause()
        if self.meeting.current_item + 1 >= len(self.meeting.items):
            return False
        self.meeting.current_item += 1
        self._start(self.meeting.current_item)
        return True

    def previous_item(self) -> bool:
        """p: go back to the previous item; it runs on if the current item was running, else stays paused."""
        if not self.is_live or self.meeting.current_item == 0 or self.timeout_running:
            return False
        with self.lock:
            was_running = self.running
            self._pause()
            self.meeting.current_item -= 1
            if was_running:
                self._start(self.meeting.current_item)
        self._changed()
        return True

    def adjust_plan(self, delta_minutes: int) -> int | None:
        """+ and -: change the current item's plan by whole minutes (never below 0). The new plan."""
        item = self.current
        if item is None or self.finished:
            return None
        new = min(24 * 60, max(0, item.planned_minutes + delta_minutes))
        if new == item.planned_minutes:
            return new
        with self.lock:
            item.planned_minutes = new
        self._changed()
        return new

    # ------------------------------------------------------------- planned end

    def meeting_day(self) -> date:
        """The day the meeting is held: the day it started, else its planned date.

        A meeting run on another day than planned (moved at short notice)
        keeps its start time and the group's end_by on the day it really runs.
        """
        if self.meeting.started_at is not None:
            return self.local(self.meeting.started_at).date()
        return self.meeting.date

    def planned_start(self) -> datetime:
        """The meeting's planned start (its day and start time, in the group's zone)."""
        naive = datetime.combine(self.meeting_day(), self.meeting.start)
        return naive.replace(tzinfo=self._tz())

    def planned_end(self) -> datetime:
        """Planned start plus the total planned minutes of the agenda."""
        return self.planned_start() + timedelta(minutes=self.meeting.planned_minutes)

    def _coming_minutes(self, after: int, before: int | None = None) -> int:
        """Planned minutes of the items after `after` (up to `before`), deferred ones left out."""
        items = self.meeting.items[after + 1 : before]
        return sum(item.planned_minutes for item in items if not item.deferred)

    def projected_end(self) -> datetime:
        """Now plus what the current item (at least 0) and the coming items still plan."""
        if self.finished and self.meeting.ended_at is not None:
            return self.meeting.ended_at
        now = self._now()
        if self.current is None:
            return now
        left = max(0.0, self.remaining()) if self.is_timed() else 0.0
        return now + timedelta(seconds=left, minutes=self._coming_minutes(self.meeting.current_item))

    def end_by(self) -> datetime:
        """The group's latest end (settings.end_by) on the meeting's day."""
        naive = datetime.combine(self.meeting_day(), self.group.settings.end_by_time())
        return naive.replace(tzinfo=self._tz())

    @property
    def ends_after_end_by(self) -> bool:
        """True when the projected end is later than the group's end_by time."""
        return self.projected_end() > self.end_by()

    def expected_start(self, index: int) -> datetime:
        """When an item started (first span), or when it is expected to start from now on."""
        item = self.meeting.items[index]
        if item.spans:
            return item.spans[0].start
        now = self._now()
        current = self.meeting.current_item
        if index <= current or self.current is None:
            return now
        left = max(0.0, self.remaining()) if self.is_timed() else 0.0
        return now + timedelta(seconds=left, minutes=self._coming_minutes(current, index))

    def resume_at(self, index: int | None = None) -> datetime | None:
        """For a break item (default: the current item): the clock time the meeting resumes.

        The current break: now plus what is left of it (so it holds while the
        break runs or is paused). A coming break: its expected start plus its plan.
        None for an item that is not a break.
        """
        i = self._index(index)
        if not 0 <= i < len(self.meeting.items) or self.meeting.items[i].kind != "break":
            return None
        if i == self.meeting.current_item:
            return self._now() + timedelta(seconds=max(0.0, self.remaining()))
        return self.expected_start(i) + timedelta(minutes=self.meeting.items[i].planned_minutes)

    def round_share_seconds(self, index: int | None = None) -> float | None:
        """Each person's share in a round: planned minutes * 60 / members present (None if nobody)."""
        i = self._index(index)
        present = len(self.meeting.attendance.present)
        if not 0 <= i < len(self.meeting.items) or present == 0:
            return None
        return self.meeting.items[i].planned_minutes * 60 / present

    # --------------------------------------------------------------- over-time

    def _rearm(self) -> bool:
        """When the current item has time left, forget its bell and prompt (so they come again). True then."""
        if self.remaining() > 0:
            self._bells_rung.discard(self.meeting.current_item)
            self._overtime_answered.discard(self.meeting.current_item)
            return True
        return False

    @property
    def overtime_prompt_due(self) -> bool:
        """True while the current item is over and the moderator has not answered the prompt for it."""
        self._rearm()
        return self.is_over and self.meeting.current_item not in self._overtime_answered and not self.timeout_running

    def dismiss_overtime_prompt(self) -> None:
        """Hide the over-time prompt for the current item without choosing (it comes back if it runs over again)."""
        self._overtime_answered.add(self.meeting.current_item)

    def _overrun_minutes(self) -> int:
        return _ceil_minutes(self.over_seconds)

    def take_from_later(self, minutes: int | None = None) -> dict[int, int]:
        """Give the current item its overrun (or `minutes`), taken evenly from later items.

        The overrun is rounded up to whole minutes (at least 1) and added to the
        current item. The same minutes are removed, one at a time, spread as
        evenly as possible over the later items that are not breaks, not
        'open', not deferred and planned above 0, never taking an item below 0.
        Returns the minutes taken per item index; when the later items have
        less than asked, the rest makes the meeting end later. Without
        `minutes` it does nothing ({}) unless the item is over.
        """
        if self.current is None or self.finished or (minutes is None and not self.is_over):
            return {}
        amount = self._overrun_minutes() if minutes is None else max(1, minutes)
        current = self.meeting.current_item
        eligible = [
            i
            for i in range(current + 1, len(self.meeting.items))
            if self.meeting.items[i].kind not in ("break", "open")
            and not self.meeting.items[i].deferred
            and self.meeting.items[i].planned_minutes > 0
        ]
        taken: dict[int, int] = {}
        with self.lock:
            for _ in range(amount):
                candidates = [i for i in eligible if self.meeting.items[i].planned_minutes > 0]
                if not candidates:
                    break
                # The item taken from least so far; then the one with most left; then the later one.
                pick = min(candidates, key=lambda i: (taken.get(i, 0), -self.meeting.items[i].planned_minutes, -i))
                self.meeting.items[pick].planned_minutes -= 1
                taken[pick] = taken.get(pick, 0) + 1
            item = self.meeting.items[current]
            item.planned_minutes = min(24 * 60, item.planned_minutes + amount)
            self._overtime_answered.add(current)
        self._changed()
        return dict(sorted(taken.items()))

    def extend(self, minutes: int | None = None) -> int:
        """Add the overrun (whole minutes rounded up, at least 1) or `minutes` to the current item.

        The meeting ends later by as much. Returns the minutes added (0 when,
        without `minutes`, the item is not over).
        """
        item = self.current
        if item is None or self.finished or (minutes is None and not self.is_over):
            return 0
        amount = self._overrun_minutes() if minutes is None else max(1, minutes)
        with self.lock:
            item.planned_minutes = min(24 * 60, item.planned_minutes + amount)
            self._overtime_answered.add(self.meeting.current_item)
        self._changed()
        return amount

    def defer_current(self) -> bool:
        """Move the current item to the next meeting: mark it deferred, close it, note it, go on to the next.

        Deferred items stay in the file (see `deferred_items`). True when the
        meeting moved on to another item.
        """
        item = self.current
        if item is None or not self.is_live or self.timeout_running:
            return False
        with self.lock:
            self._pause()
            item.deferred = True
            self._overtime_answered.add(self.meeting.current_item)
            self._add_to_section(self.meeting.current_item, t("meeting.deferred_line", language=self._lang))
            moved = False
            if self.meeting.current_item + 1 < len(self.meeting.items):
                self.meeting.current_item += 1
                self._start(self.meeting.current_item)
                moved = True
        self._changed()
        return moved

    # ---------------------------------------------------------------- speakers

    @property
    def current_speaker(self) -> str | None:
        """The member speaking now: the last speaking entry with no end."""
        speaking = self.meeting.speaking
        if speaking and speaking[-1].end is None:
            return speaking[-1].member
        return None

    def current_turn_seconds(self) -> float:
        """Seconds the current speaker has spoken in this turn (0 when nobody speaks)."""
        speaking = self.meeting.speaking
        if speaking and speaking[-1].end is None:
            return max(0.0, _seconds(self._now() - speaking[-1].start))
        return 0.0

    def _stop_speaker(self) -> None:
        now = self._now()
        for turn in self.meeting.speaking:
            if turn.end is None:
                turn.end = now

    def toggle_speaker(self, member_id: str) -> bool:
        """A member's digit: make them the speaker, switch to them, or (pressed again) stop them.

        Only members present, and only while the current item runs (the item
        is not started by this; False lets the screen say "start the item first").
        """
        if not self.running or self.timeout_running or member_id not in self.meeting.attendance.present:
            return False
        with self.lock:
            same = self.current_speaker == member_id
            self._stop_speaker()
            if not same:
                self.meeting.speaking.append(
                    Speaking(member=member_id, item=self.meeting.current_item, start=self._now())
                )
        self._changed()
        return True

    def stop_speaker(self) -> bool:
        """Stop the current speaker (if any)."""
        if self.current_speaker is None:
            return False
        with self.lock:
            self._stop_speaker()
        self._changed()
        return True

    # ---------------------------------------------------------------- time-out

    @property
    def current_timeout(self) -> TimeOut | None:
        """The running time-out (the last one, while it has no end)."""
        timeouts = self.meeting.timeouts
        return timeouts[-1] if timeouts and timeouts[-1].end is None else None

    @property
    def timeout_running(self) -> bool:
        """A time-out is running."""
        return self.current_timeout is not None

    def timeout_elapsed(self) -> float:
        """Seconds the running time-out has lasted (0 when none runs)."""
        timeout = self.current_timeout
        return max(0.0, _seconds(self._now() - timeout.start)) if timeout else 0.0

    def call_timeout(self, called_by: str | None = None) -> bool:
        """t / ctrl+t: a time-out. The item timer and the speaker stop; by default the boundary keeper called it."""
        if not self.is_live or self.timeout_running:
            return False
        with self.lock:
            was_running = self.running
            self._pause()
            caller = self.meeting.roles.boundary_keeper if called_by is None else called_by
            self.meeting.timeouts.append(
                TimeOut(
                    called_by=caller,
                    item=self.meeting.current_item,
                    start=self._now(),
                    item_was_running=was_running,
                )
            )
        self._changed()
        return True

    def set_timeout_caller(self, member_id: str) -> bool:
        """Change who called the running time-out."""
        timeout = self.current_timeout
        if timeout is None:
            return False
        with self.lock:
            timeout.called_by = member_id
        self._changed()
        return True

    def end_timeout(self, outcome: Outcome, note: str = "", note_in_minutes: bool = False) -> bool:
        """End the time-out with an outcome: 1 continue, 2 change the subject, 3 close the item.

        A short line goes into the minutes under the item (who, clock time,
        outcome; the note only when `note_in_minutes`). On continue and change
        of subject the item runs again if it ran before; close_item moves on to
        the next item.
        """
        timeout = self.current_timeout
        if timeout is None or outcome not in ("continue", "change_subject", "close_item"):
            return False
        with self.lock:
            self._finish_timeout(timeout, outcome, note, note_in_minutes)
            if outcome == "close_item":
                if timeout.item == self.meeting.current_item:
                    self._advance()
            elif timeout.item_was_running and timeout.item == self.meeting.current_item:
                self._start(self.meeting.current_item)
        self._changed()
        return True

    def _finish_timeout(self, timeout: TimeOut, outcome: TimeOutOutcome, note: str, note_in_minutes: bool) -> None:
        timeout.end = self._now()
        timeout.outcome = outcome
        timeout.note = note
        lang = self._lang
        who = self.name_of(timeout.called_by) if timeout.called_by else t("meeting.someone", language=lang)
        line = t(
            "meeting.timeout_line",
            language=lang,
            who=who,
            time=self.hhmm(timeout.start),
            outcome=t(f"meeting.outcome_{outcome}", language=lang),
        )
        if note_in_minutes and note.strip():
            line += " " + t("meeting.timeout_note", language=lang, note=note.strip())
        if 0 <= timeout.item < len(self.meeting.items):
            self._add_to_section(timeout.item, line)
        else:
            self.meeting.minutes = self.meeting.minutes.rstrip("\n") + "\n\n" + line + "\n"

    # ---------------------------------------------------------------- groups

    def accept_grouping(self, groups: list[list[str]], talk_minutes: int = DEFAULT_GROUP_TALK_MINUTES) -> bool:
        """Store a split into groups for the current item, write it into the minutes, start the group talk.

        The current item is started if it was not running (the group talk is
        part of it). The phases then follow from the stored instant, see
        `group_phase()`.
        """
        if not self.is_live or self.current is None or self.timeout_running or not groups:
            return False
        with self.lock:
            index = self.meeting.current_item
            if not self.running:
                self._start(index)
            self.meeting.groupings.append(
                Grouping(item=index, groups=[list(g) for g in groups], at=self._now(), talk_minutes=talk_minutes)
            )
            lang = self._lang
            lines = [t("meeting.groups_heading", language=lang, minutes=talk_minutes)]
            lines += [f"- {', '.join(self.name_of(mid) for mid in g)}" for g in groups]
            self._add_to_section(index, "\n".join(lines))
        self._changed()
        return True

    def current_grouping(self) -> Grouping | None:
        """The last grouping made in the current item."""
        for grouping in reversed(self.meeting.groupings):
            if grouping.item == self.meeting.current_item:
                return grouping
        return None

    def group_phase(self) -> GroupPhase | None:
        """The group talk, then each group's report in turn, then None.

        Counted in the item's own running time from the grouping's instant (a
        pause or a time-out holds the phases too): the talk lasts
        `talk_minutes`; the item's plan left after it is shared equally between
        the groups' reports.
        """
        grouping = self.current_grouping()
        if grouping is None or grouping.at is None or self.current is None:
            return None
        index = self.meeting.current_item
        elapsed = self.elapsed(index)
        talk_end = self._elapsed_until(index, grouping.at) + grouping.talk_minutes * 60
        if elapsed < talk_end:
            return GroupPhase("talk", talk_end - elapsed)
        rest = self.meeting.items[index].planned_minutes * 60 - talk_end
        n = len(grouping.groups)
        if rest <= 0 or n == 0:
            return None
        share = rest / n
        k = int((elapsed - talk_end) // share)
        if k >= n:
            return None
        return GroupPhase("report", talk_end + (k + 1) * share - elapsed, k)

    # -------------------------------------------------------------------- cues

    def cue_values(self, index: int | None = None) -> dict[str, str]:
        """The placeholder values for an item's cues: share, break_time, resume_time, planned_end, group_talk."""
        i = self._index(index)
        values: dict[str, str] = {"planned_end": self.hhmm(self.planned_end())}
        share = self.round_share_seconds(i)
        values["share"] = format_share(share, self._lang) if share is not None else "–"
        breaks = [n for n, item in enumerate(self.meeting.items) if item.kind == "break"]
        later = [n for n in breaks if n >= i] or breaks
        if later:
            b = later[0]
            values["break_time"] = self.hhmm(self.expected_start(b))
            resume = self.resume_at(b)
            values["resume_time"] = self.hhmm(resume) if resume is not None else "–"
        else:
            values["break_time"] = values["resume_time"] = "–"
        grouping = next((g for g in reversed(self.meeting.groupings) if g.item == i), None)
        values["group_talk"] = str(grouping.talk_minutes if grouping else DEFAULT_GROUP_TALK_MINUTES)
        return values

    def cues(self, index: int | None = None) -> list[Cue]:
        """The item's cue points (default: the current item) with placeholders filled and whether ticked."""
        i = self._index(index)
        if not 0 <= i < len(self.meeting.items):
            return []
        item = self.meeting.items[i]
        if not item.cues:
            return []
        values = self.cue_values(i)
        done = set(item.cues_done)
        return [Cue(n, fill_cue(text, values), n in done) for n, text in enumerate(item.cues)]

    def toggle_cue(self, index: int) -> bool | None:
        """Tick a cue of the current item off, or on again. Its new state (None for no such cue)."""
        item = self.current
        if item is None or not 0 <= index < len(item.cues):
            return None
        with self.lock:
            if index in item.cues_done:
                item.cues_done = [n for n in item.cues_done if n != index]
                result = False
            else:
                item.cues_done = sorted({*item.cues_done, index})
                result = True
        self._changed()
        return result

    def tick_cue_matching(self, keyword: str) -> list[int]:
        """Tick every open cue of the current item whose text (as written, e.g. '{resume_time}') holds `keyword`."""
        item = self.current
        if item is None or not keyword:
            return []
        needle = keyword.casefold()
        hits = [n for n, text in enumerate(item.cues) if needle in text.casefold() and n not in item.cues_done]
        if not hits:
            return []
        with self.lock:
            item.cues_done = sorted({*item.cues_done, *hits})
        self._changed()
        return hits

    # --------------------------------------------------------------------- end

    def end_meeting(self) -> bool:
        """e (confirmed): close the running item, stop the speaker, end a time-out (continue); status finished."""
        if self.finished:
            return False
        with self.lock:
            timeout = self.current_timeout
            if timeout is not None:
                self._finish_timeout(timeout, "continue", "", False)
            self._pause()
            now = self._now()
            self.meeting.status = "finished"
            self.meeting.ended_at = now
            if self.meeting.started_at is None:
                self.meeting.started_at = now
        self._changed()
        return True
