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

Every mutating method runs inside `self._step(label)`: it takes `self.lock`
(an `RLock`; the autosave thread serialises the model under the same lock
through `snapshot_toml_dict()`), records the change as one undo step
(facilitator/undo.py), and then calls `on_change(True)` (the screen wires it
to `AutoSaver.request(urgent)`: a change of the meeting's state is saved as
soon as the screen has drawn it, so the room view follows within a moment; typing into the minutes calls
`on_change(False)`, saved after the saver's delay). `undo()` and `redo()` go back and forth through those
steps (at least 50), and the file follows: what is undone is undone on disk.
Methods that could not do anything (no item running, the meeting has
ended...) return False or None and record nothing.

Each member keeps one number for the whole meeting (`attendance.numbers`,
given at check-in; a late arrival takes the lowest free one), the same in the
check-in, the speakers and every dialog; digit keys 1-9 and 0 (10) name them.

Besides running, a meeting can be ended with its unreached items marked as
moved (`end_meeting(move_unreached=True)`), put back to planned
(`reset_to_planned`), resumed after a long gap without counting the time away
(`continue_from`), and reopened after its end for corrections (`reopen`,
recorded in `[[reopened]]`; the meeting's times are not touched).

What an item decides is written through it too, as undo steps (ctrl+f on the
screen): the feedback on today's roles (`set_role_feedback`), the evaluation's
conclusions (`set_conclusions`) and, at the first meeting's "Deciding on the
network", the group's purpose (`decide_purpose`). The purpose lives in the
group, not the meeting: the undo history tracks it too, and `on_group_change`
is called after every step, undo or redo that changed it (the screen writes
group.toml).
This module never imports Textual.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal, NamedTuple

from facilitator.clock import Clock
from facilitator.i18n import t
from facilitator.model import (
    AttendanceChange,
    EvaluationConclusions,
    Group,
    Grouping,
    Item,
    Meeting,
    PresenceStatus,
    Purpose,
    Reopening,
    RoleFeedback,
    Roles,
    Span,
    Speaking,
    TimeOut,
    TimeOutOutcome,
)
from facilitator.undo import History, Step
from facilitator.zones import hhmm

__all__ = [
    "CHECKIN_CYCLE",
    "DEFAULT_GROUP_TALK_MINUTES",
    "OVERRUN_STEP",
    "CheckinRow",
    "Cue",
    "GroupPhase",
    "ItemState",
    "LiveMeeting",
    "deferred_items",
    "fill_cue",
    "format_share",
    "number_key",
]

CHECKIN_CYCLE: tuple[PresenceStatus, ...] = ("present", "absent_notified", "absent")
"""The order one key press cycles a member's presence through at check-in."""

DEFAULT_GROUP_TALK_MINUTES = 25
"""The booklet's group talk in the groups of three (in its 40-minute item: the rest is for reporting back)."""

OVERRUN_STEP = 5
"""Minutes the over-time prompt offers at a time: the overrun rounded up to a multiple of this."""

ItemState = Literal["done", "current", "coming", "deferred"]
Outcome = Literal["continue", "change_subject", "close_item"]


DIGITS = "1234567890"
"""The digit keys in number order: '1' is number 1, '0' is number 10."""


def number_key(number: int | None) -> str:
    """The digit key of a member's number ('1'..'9', '0' for 10), '' beyond ten or for none."""
    return DIGITS[number - 1] if number is not None and 1 <= number <= len(DIGITS) else ""


class CheckinRow(NamedTuple):
    """One line of the check-in list."""

    member_id: str
    name: str
    status: PresenceStatus
    number: int = 0
    """The member's number in this meeting (its digit key: `number_key`)."""


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
    """A duration as "6 min 26 s" (rounded to the second), as said in a round.

    Not `speaking.format_duration` on purpose: the share stands inside the cues'
    sentences ("Hver har ca. 6 min 26 sek; hold øje med tiden"), where the
    Danish abbreviation's dot would stand before a ";" or ")", and it always
    says minutes and seconds, as the booklet does.
    """
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
    an `on_change(urgent)` callback (urgent: a change of state, not typing). A meeting whose status is already "live" is
    resumed: `resumed` is True and whatever ran at the crash runs on.
    """

    def __init__(
        self,
        group: Group,
        meeting: Meeting,
        clock: Clock,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self.group = group
        self.meeting = meeting
        self.clock = clock
        self.on_change = on_change
        self.lock = threading.RLock()
        """Held around every change of the model; the saver serialises under it too."""
        self._resumed = meeting.status == "live" or self._reopening_open()
        self.history = History(group=group)
        """The undo and redo steps of this session (in memory); they cover the group's purpose too."""
        self.on_group_change: Callable[[], None] | None = None
        """Called after a step, undo or redo that changed the group's purpose (write group.toml)."""
        self._bells_rung: set[int] = set()
        self._overtime_answered: set[int] = set()
        if self._resumed and self.is_over:
            # It rang (or should have) before the crash: do not ring again.
            self._bells_rung.add(meeting.current_item)

    # ------------------------------------------------------------------ basics

    def _changed(self, urgent: bool = True) -> None:
        """Report a change (outside the lock): `urgent` for the meeting's state, False for typing."""
        if self.on_change is not None:
            self.on_change(urgent)

    @contextmanager
    def _step(self, label: str | Callable[[], str]) -> Iterator[list[Speaking]]:
        """Make one change under the lock and record it as an undo step; report it when something changed.

        `label` says what the change is (a callable is asked after the change,
        when the label names what it did). A change that takes speaking turns
        away puts them into the list it is given (only a reset does).
        """
        removed: list[Speaking] = []
        with self.lock:
            before = self.history.begin(self.meeting)
            yield removed
            text = label() if callable(label) else label
            step = self.history.finish(self.meeting, text, before, removed)
        if step is not None:
            self._changed()
            if step.group_changed:
                self._group_changed()

    def _group_changed(self) -> None:
        if self.on_group_change is not None:
            self.on_group_change()

    # -------------------------------------------------------------- undo

    @property
    def can_undo(self) -> bool:
        """There is a change to take back."""
        return self.history.depth > 0

    @property
    def can_redo(self) -> bool:
        """There is an undone change to make again."""
        return self.history.redo_depth > 0

    @property
    def undo_depth(self) -> int:
        """How many changes can be taken back (the typing guard undoes back to a depth)."""
        return self.history.depth

    def undo(self) -> str | None:
        """ctrl+z: take back the newest change; what it was, or None when there is nothing to undo."""
        with self.lock:
            step = self.history.undo(self.meeting)
        return self._after_history(step)

    def redo(self) -> str | None:
        """ctrl+y: make the newest undone change again; what it was, or None."""
        with self.lock:
            step = self.history.redo(self.meeting)
        return self._after_history(step)

    def undo_to(self, depth: int) -> list[str]:
        """Undo until only `depth` steps are left; what was undone, newest first."""
        labels: list[str] = []
        while self.history.depth > max(0, depth):
            label = self.undo()
            if label is None:
                break
            labels.append(label)
        return labels

    def _after_history(self, step: Step | None) -> str | None:
        if step is None:
            return None
        self._bells_rung.discard(self.meeting.current_item)
        self._overtime_answered.discard(self.meeting.current_item)
        if self.is_over:
            self._bells_rung.add(self.meeting.current_item)  # an undo never rings the bell again
        self._changed()
        if step.group_changed:
            self._group_changed()
        return step.label

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
        """The clock time of `instant` in the group's zone as HH:MM (`zones.hhmm`)."""
        return hhmm(instant, self._tz())

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
        self._changed(urgent=False)

    # ---------------------------------------------------------------- check-in

    @property
    def checked_in(self) -> bool:
        """The check-in was confirmed."""
        return self.meeting.attendance.checked_in_at is not None

    def checkin_rows(self) -> list[CheckinRow]:
        """Every member with a number in this meeting, in number order, with their presence.

        Before check-in these are the active members in roster order (present
        unless marked otherwise); the numbers are kept from the check-in on.
        """
        attendance = self.meeting.attendance
        numbers = self.numbers()
        ordered = sorted(numbers, key=lambda mid: numbers[mid])
        return [
            CheckinRow(mid, self.name_of(mid), attendance.status_of(mid) or "present", numbers[mid])
            for mid in ordered
            if self.group.member(mid) is not None
        ]

    def numbers(self) -> dict[str, int]:
        """Each member's number in this meeting: stored from the check-in on, before it the roster order."""
        stored = self.meeting.attendance.numbers
        if stored:
            return dict(stored)
        return {m.id: n for n, m in enumerate(self.group.active_members, start=1)}

    def number_of(self, member_id: str) -> int | None:
        """The member's number in this meeting (None when they have none)."""
        return self.numbers().get(member_id)

    def _give_number(self, member_id: str) -> None:
        """A member without a number (added to the group since the check-in) takes the lowest free one."""
        numbers = self.meeting.attendance.numbers
        if not numbers or member_id in numbers:
            return
        taken = set(numbers.values())
        numbers[member_id] = next(n for n in range(1, len(taken) + 2) if n not in taken)

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
        if self.correcting:
            return self.correct_presence(member_id, status)
        if self.checked_in:
            return self._mark(member_id, status)
        if self.finished:
            return False
        label = t("meeting.undo_presence", name=self.name_of(member_id), status=t(f"meeting.status_{status}"))
        with self._step(label):
            self._place(member_id, status)
        return True

    def cycle_presence(self, member_id: str) -> PresenceStatus | None:
        """One key press per person: present -> absent_notified -> absent -> present. The new status."""
        current = self.meeting.attendance.status_of(member_id) or "present"
        new = CHECKIN_CYCLE[(CHECKIN_CYCLE.index(current) + 1) % len(CHECKIN_CYCLE)]
        return new if self.set_presence(member_id, new) else None

    def confirm_checkin(self) -> bool:
        """Confirm the check-in: numbers and lists stored, one attendance change per member, status "live"."""
        if self.checked_in or self.finished:
            return False
        with self._step(t("meeting.undo_checkin")):
            now = self._now()
            attendance = self.meeting.attendance
            rows = self.checkin_rows()
            attendance.numbers = {row.member_id: row.number for row in rows}
            for row in rows:
                self._place(row.member_id, row.status)
                attendance.changes.append(AttendanceChange(member=row.member_id, status=row.status, at=now))
            order = {m.id: n for n, m in enumerate(self.group.members)}
            for ids in (attendance.present, attendance.absent_notified, attendance.absent):
                ids.sort(key=lambda mid: order.get(mid, len(order)))
            attendance.checked_in_at = now
            self.meeting.status = "live"
            if self.meeting.started_at is None:
                self.meeting.started_at = now
            self._drop_absent_roles()
        return True

    def _drop_absent_roles(self) -> None:
        """Today's roles are held by members present: a planned role holder who is not here holds none."""
        roles = self.meeting.roles
        present = set(self.meeting.attendance.present)
        for name in ("moderator", "minute_taker", "boundary_keeper", "host"):
            if getattr(roles, name) and getattr(roles, name) not in present:
                setattr(roles, name, "")
        roles.theme_owners = [mid for mid in roles.theme_owners if mid in present]

    def _mark(self, member_id: str, status: PresenceStatus) -> bool:
        if not self.checked_in or self.finished or self.group.member(member_id) is None:
            return False
        if self.meeting.attendance.status_of(member_id) == status:
            return False
        key = "meeting.undo_arrival" if status == "present" else "meeting.undo_leave"
        with self._step(t(key, name=self.name_of(member_id))):
            if status != "present" and self.current_speaker == member_id:
                self._stop_speaker()
            self._give_number(member_id)
            self._place(member_id, status)
            self.meeting.attendance.changes.append(AttendanceChange(member=member_id, status=status, at=self._now()))
        return True

    def mark_arrival(self, member_id: str) -> bool:
        """A member came late: present from now on (stored with the time)."""
        return self._mark(member_id, "present")

    def mark_leave(self, member_id: str) -> bool:
        """A member left early: absent from now on (stored with the time); stops them speaking."""
        return self._mark(member_id, "absent")

    def correct_presence(self, member_id: str, status: PresenceStatus) -> bool:
        """In corrections after the end: the member was `status` for the whole meeting (their changes replaced)."""
        attendance = self.meeting.attendance
        if not self.correcting or self.group.member(member_id) is None or attendance.status_of(member_id) == status:
            return False
        label = t("meeting.undo_presence", name=self.name_of(member_id), status=t(f"meeting.status_{status}"))
        with self._step(label):
            at = attendance.checked_in_at or self.meeting.started_at or self._now()
            attendance.changes = [c for c in attendance.changes if c.member != member_id]
            attendance.changes.append(AttendanceChange(member=member_id, status=status, at=at))
            attendance.changes.sort(key=lambda c: c.at)
            self._give_number(member_id)
            self._place(member_id, status)
        return True

    def present_members(self) -> list[str]:
        """Ids of the members present, in number order (then anyone present without a number)."""
        present = self.meeting.attendance.present
        numbers = self.numbers()
        numbered = sorted((mid for mid in present if mid in numbers), key=lambda mid: numbers[mid])
        return numbered + [mid for mid in present if mid not in numbers]

    def member_for_digit(self, digit: str) -> str | None:
        """The member a digit key stands for ('1'-'9', '0' for number 10), present or not."""
        if len(digit) != 1 or digit not in DIGITS:
            return None
        number = DIGITS.index(digit) + 1
        return next((mid for mid, n in self.numbers().items() if n == number), None)

    # ------------------------------------------------------------------ roles

    ROLE_NAMES = ("moderator", "minute_taker", "boundary_keeper", "host")
    """The single roles of a meeting (theme owners are a list)."""

    def set_roles(self, roles: Roles) -> bool:
        """Today's roles (member ids; theme owners a list). True when they changed."""
        if roles.model_dump() == self.meeting.roles.model_dump():
            return False
        with self._step(t("meeting.undo_roles")):
            self.meeting.roles = roles.model_copy(deep=True)
        return True

    @property
    def roles_missing(self) -> bool:
        """No moderator, minute-taker or boundary keeper is set for today."""
        roles = self.meeting.roles
        return not (roles.moderator and roles.minute_taker and roles.boundary_keeper)

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
        key = "meeting.undo_pause" if self.running else "meeting.undo_start"
        with self._step(t(key, title=self._item_title())):
            if self.running:
                self._pause()
            else:
                self._start(self.meeting.current_item)
            result = self.running
        return result

    def next_item(self) -> bool:
        """n: close the current item and start the next. At the last item it only closes it.

        True when the meeting moved on to another item.
        """
        if not self.is_live or self.current is None or self.timeout_running:
            return False
        with self._step(lambda: t("meeting.undo_next", title=self._item_title())):
            moved = self._advance()
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
        with self._step(lambda: t("meeting.undo_previous", title=self._item_title())):
            was_running = self.running
            self._pause()
            self.meeting.current_item -= 1
            if was_running:
                self._start(self.meeting.current_item)
        return True

    def _item_title(self, index: int | None = None) -> str:
        """"N. Title" of an item (default: the current one), as the undo notices name it."""
        i = self._index(index)
        if not 0 <= i < len(self.meeting.items):
            return ""
        return f"{i + 1}. {self.meeting.items[i].title}"

    def used_minutes(self) -> int:
        """The current item's time used so far in whole minutes, rounded up (0 before it started)."""
        return _ceil_minutes(self.elapsed()) if self.current is not None and self.elapsed() > 0 else 0

    def adjust_plan(self, delta_minutes: int) -> int | None:
        """+ and -: change the current item's plan by whole minutes. The new plan.

        `-` never takes the plan below the time the item has used already (in
        whole minutes, rounded up), nor below 0: a plan cannot say less than what happened.
        """
        item = self.current
        if item is None or self.finished:
            return None
        floor = self.used_minutes() if delta_minutes < 0 else 0
        new = min(24 * 60, max(0, floor, item.planned_minutes + delta_minutes))
        if delta_minutes < 0:
            new = min(new, item.planned_minutes)  # a plan already below what was used is not raised by '-'
        if new == item.planned_minutes:
            return new
        with self._step(t("meeting.undo_plan", title=self._item_title(), minutes=new)):
            item.planned_minutes = new
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
        """Each person's share in a round (`speaking.round_share_seconds` for those present; None if nobody)."""
        from facilitator.speaking import round_share_seconds

        i = self._index(index)
        present = len(self.meeting.attendance.present)
        if not 0 <= i < len(self.meeting.items) or present == 0:
            return None
        return round_share_seconds(self.meeting.items[i].planned_minutes, present)

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

    @property
    def over_minutes(self) -> int:
        """How far the current item is over, in whole minutes rounded up (at least 1): the over-time prompt's figure."""
        return _ceil_minutes(self.over_seconds)

    def overrun_step(self) -> int:
        """The minutes the over-time prompt offers: the overrun rounded up to `OVERRUN_STEP` (5, 10, ...)."""
        overrun = max(1, self.over_minutes)
        return OVERRUN_STEP * math.ceil(overrun / OVERRUN_STEP)

    def later_can_give(self) -> int:
        """How many minutes the later items could give the current one (`take_from_later`'s items, all their minutes)."""
        current = self.meeting.current_item
        return sum(
            item.planned_minutes
            for item in self.meeting.items[current + 1 :]
            if item.kind not in ("break", "open") and not item.deferred and item.planned_minutes > 0
        )

    def take_from_later(self, minutes: int | None = None) -> dict[int, int]:
        """Give the current item its overrun (or `minutes`), taken evenly from later items.

        The overrun is rounded up to `OVERRUN_STEP` minutes (5, 10, ...) and added to the
        current item, so the prompt does not come back a minute later. The same minutes are removed, one at a time, spread as
        evenly as possible over the later items that are not breaks, not
        'open', not deferred and planned above 0, never taking an item below 0.
        Returns the minutes taken per item index; when the later items have
        less than asked, the rest makes the meeting end later. Without
        `minutes` it does nothing ({}) unless the item is over.
        """
        if self.current is None or self.finished or (minutes is None and not self.is_over):
            return {}
        amount = self.overrun_step() if minutes is None else max(1, minutes)
        current = self.meeting.current_item
        eligible = [
            i
            for i in range(current + 1, len(self.meeting.items))
            if self.meeting.items[i].kind not in ("break", "open")
            and not self.meeting.items[i].deferred
            and self.meeting.items[i].planned_minutes > 0
        ]
        taken: dict[int, int] = {}
        with self._step(t("meeting.undo_take", title=self._item_title(), minutes=amount)):
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
        return dict(sorted(taken.items()))

    def extend(self, minutes: int | None = None) -> int:
        """Add the overrun (rounded up to `OVERRUN_STEP` minutes: 5, 10, ...) or `minutes` to the current item.

        The meeting ends later by as much. Returns the minutes added (0 when,
        without `minutes`, the item is not over).
        """
        item = self.current
        if item is None or self.finished or (minutes is None and not self.is_over):
            return 0
        amount = self.overrun_step() if minutes is None else max(1, minutes)
        with self._step(t("meeting.undo_extend", title=self._item_title(), minutes=amount)):
            item.planned_minutes = min(24 * 60, item.planned_minutes + amount)
            self._overtime_answered.add(self.meeting.current_item)
        return amount

    def defer_current(self, start_next: bool = True) -> bool:
        """Move the current item to the next meeting: mark it deferred, close it, note it, go on to the next.

        The next item becomes the current one and starts (`start_next=False`:
        it waits for space). Deferred items stay in the file (see
        `deferred_items`). True when the meeting moved on to another item.
        """
        item = self.current
        if item is None or not self.is_live or self.timeout_running:
            return False
        with self._step(t("meeting.undo_defer", title=self._item_title())):
            self._pause()
            item.deferred = True
            self._overtime_answered.add(self.meeting.current_item)
            self._add_to_section(self.meeting.current_item, t("meeting.deferred_line", language=self._lang))
            moved = False
            if self.meeting.current_item + 1 < len(self.meeting.items):
                self.meeting.current_item += 1
                if start_next:
                    self._start(self.meeting.current_item)
                moved = True
        return moved

    def suggested_group_talk(self) -> int:
        """The group talk that fits the current item: the booklet's share of it (25 of 40 min), at most 25 min.

        Counted from what is left of the item (its plan less the time used), so
        the groups can still report back within it; at least 1 minute.
        """
        item = self.current
        if item is None:
            return DEFAULT_GROUP_TALK_MINUTES
        left = max(0.0, self.remaining()) / 60 if item.spans else float(item.planned_minutes)
        return max(1, min(DEFAULT_GROUP_TALK_MINUTES, math.floor(left * DEFAULT_GROUP_TALK_MINUTES / 40)))

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
        key = "meeting.undo_speaker_off" if self.current_speaker == member_id else "meeting.undo_speaker_on"
        with self._step(t(key, name=self.name_of(member_id))):
            same = self.current_speaker == member_id
            self._stop_speaker()
            if not same:
                self.meeting.speaking.append(
                    Speaking(member=member_id, item=self.meeting.current_item, start=self._now())
                )
        return True

    def stop_speaker(self) -> bool:
        """Stop the current speaker (if any)."""
        speaker = self.current_speaker
        if speaker is None:
            return False
        with self._step(t("meeting.undo_speaker_off", name=self.name_of(speaker))):
            self._stop_speaker()
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
        with self._step(t("meeting.undo_timeout_start")):
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
        return True

    def set_timeout_caller(self, member_id: str) -> bool:
        """Change who called the running time-out."""
        timeout = self.current_timeout
        if timeout is None or timeout.called_by == member_id:
            return False
        with self._step(t("meeting.undo_caller", name=self.name_of(member_id) if member_id else "–")):
            timeout.called_by = member_id
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
        with self._step(t("meeting.undo_timeout_end", outcome=t(f"meeting.outcome_{outcome}"))):
            self._finish_timeout(timeout, outcome, note, note_in_minutes)
            if outcome == "close_item":
                if timeout.item == self.meeting.current_item:
                    self._advance()
            elif timeout.item_was_running and timeout.item == self.meeting.current_item:
                self._start(self.meeting.current_item)
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
        with self._step(t("meeting.undo_grouping", count=len(groups))):
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
        key = "meeting.undo_cue_off" if index in item.cues_done else "meeting.undo_cue_on"
        with self._step(t(key, cue=item.cues[index][:40])):
            if index in item.cues_done:
                item.cues_done = [n for n in item.cues_done if n != index]
                result = False
            else:
                item.cues_done = sorted({*item.cues_done, index})
                result = True
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
        with self._step(t("meeting.undo_cue_on", cue=item.cues[hits[0]][:40])):
            item.cues_done = sorted({*item.cues_done, *hits})
        return hits

    # --------------------------------------------------------------------- end

    def unreached_items(self, on_next_agenda: Iterable[str] = ()) -> list[int]:
        """Items the meeting has not reached: never started, not moved already, and worth moving.

        Breaks and untimed items (like "Any other business") are not offered, nor
        items whose title the next meeting's agenda has already (`on_next_agenda`:
        its closing round and "next meeting" come with every agenda).
        """
        known = {title.strip().casefold() for title in on_next_agenda}
        found = []
        for n, item in enumerate(self.meeting.items):
            if item.spans or item.deferred or item.kind == "break" or not self.is_timed(n):
                continue
            if item.title.strip().casefold() in known:
                continue
            if n < self.meeting.current_item:
                continue
            found.append(n)
        return found

    def end_meeting(self, move_unreached: bool = False, on_next_agenda: Iterable[str] = ()) -> bool:
        """End the meeting (confirmed): close the running item, stop the speaker, end a time-out (continue).

        With `move_unreached` the items not reached are marked as moved to the
        next meeting (`deferred`; the screen copies them onto the next planned
        meeting's agenda). Status finished.
        """
        if self.finished:
            return False
        with self._step(t("meeting.undo_end")):
            if move_unreached:
                for n in self.unreached_items(on_next_agenda):
                    self.meeting.items[n].deferred = True
            timeout = self.current_timeout
            if timeout is not None:
                self._finish_timeout(timeout, "continue", "", False)
            self._pause()
            now = self._now()
            self.meeting.status = "finished"
            self.meeting.ended_at = now
            if self.meeting.started_at is None:
                self.meeting.started_at = now
        return True

    # ------------------------------------------------------- reset, resume, reopen

    @property
    def tried_out(self) -> bool:
        """Something was recorded (a check-in, a span, a turn): a reset has something to undo."""
        meeting = self.meeting
        return (
            meeting.status != "planned"
            or meeting.attendance.checked_in_at is not None
            or any(item.spans for item in meeting.items)
            or bool(meeting.speaking or meeting.timeouts or meeting.groupings)
        )

    def reset_to_planned(self, keep_minutes: bool = False) -> bool:
        """Put a meeting that was tried out back to planned: no check-in, no times, nothing ticked.

        The absence notices stay; the minutes stay only with `keep_minutes`.
        Undoable like every change. False when there is nothing to reset or
        the meeting has ended.
        """
        if self.finished or not self.tried_out:
            return False
        with self._step(t("meeting.undo_reset")) as removed:
            meeting = self.meeting
            attendance = meeting.attendance
            notified = list(attendance.absent_notified)
            attendance.present, attendance.absent, attendance.changes = [], [], []
            attendance.absent_notified = notified
            attendance.checked_in_at = None
            attendance.numbers = {}
            for item in meeting.items:
                item.spans, item.cues_done, item.deferred = [], [], False
            removed.extend(meeting.speaking)
            meeting.speaking = []
            meeting.timeouts, meeting.groupings = [], []
            meeting.current_item = 0
            meeting.started_at = meeting.ended_at = None
            meeting.status = "planned"
            if not keep_minutes:
                meeting.minutes = ""
        self._bells_rung.clear()
        self._overtime_answered.clear()
        self._resumed = False
        return True

    def last_activity(self) -> datetime | None:
        """The newest instant the meeting recorded (a start, an end, a turn, a change): when it last ran."""
        meeting = self.meeting
        instants = [meeting.started_at, meeting.attendance.checked_in_at]
        for item in meeting.items:
            for span in item.spans:
                instants += [span.start, span.end]
        for turn in meeting.speaking[-3:]:
            instants += [turn.start, turn.end]
        for timeout in meeting.timeouts:
            instants += [timeout.start, timeout.end]
        instants += [change.at for change in meeting.attendance.changes]
        known = [instant for instant in instants if instant is not None]
        return max(known) if known else None

    def gap_since(self, last_saved: datetime | None) -> float:
        """Seconds since the meeting last ran (the later of `last_saved` and its newest instant), 0 if unknown."""
        candidates = [instant for instant in (last_saved, self.last_activity()) if instant is not None]
        if not candidates or self.meeting.status != "live":
            return 0.0
        return max(0.0, _seconds(self._now() - max(candidates)))

    def continue_from(self, last_saved: datetime | None) -> bool:
        """Go on with the old times after a long gap: what ran stops at `last_saved`; the time away counts nowhere.

        The running item is paused, the speaker stopped and a running time-out
        ended at the moment the meeting was last saved (or its newest instant),
        so the file holds no span that did not happen. Undoable.
        """
        if self.meeting.status != "live":
            return False
        candidates = [instant for instant in (last_saved, self.last_activity()) if instant is not None]
        if not candidates:
            return False
        at = min(max(candidates), self._now())
        with self._step(t("meeting.undo_continue")):
            for item in self.meeting.items:
                if item.spans and item.spans[-1].end is None:
                    item.spans[-1].end = max(at, item.spans[-1].start)
            for turn in self.meeting.speaking:
                if turn.end is None:
                    turn.end = max(at, turn.start)
            timeout = self.current_timeout
            if timeout is not None:
                timeout.end = max(at, timeout.start)
        self._bells_rung.add(self.meeting.current_item)
        return True

    def _reopening_open(self) -> bool:
        reopened = self.meeting.reopened
        return self.meeting.status == "finished" and bool(reopened) and reopened[-1].closed_at is None

    @property
    def correcting(self) -> bool:
        """The ended meeting is open again for corrections (the minutes, roles and attendance can change)."""
        return self._reopening_open()

    def reopen(self) -> bool:
        """Open an ended meeting again for corrections: a `[[reopened]]` entry; the meeting's times stay."""
        if not self.finished or self.correcting:
            return False
        with self._step(t("meeting.undo_reopen")):
            self.meeting.reopened.append(Reopening(at=self._now()))
        return True

    # ------------------------------------------------- what an item decides (ctrl+f)

    @property
    def can_record(self) -> bool:
        """Feedback, conclusions and the purpose can be written: checked in, and live or ended."""
        return self.checked_in and self.meeting.status in ("live", "finished")

    def set_role_feedback(self, entries: Iterable[RoleFeedback]) -> bool:
        """The feedback on today's roles (what worked, what to try next time). True when it changed.

        Entries without text are dropped; one per role and member (`rolefeedback.tidy_feedback`).
        """
        from facilitator.rolefeedback import tidy_feedback

        new = tidy_feedback(entries)
        if [e.model_dump() for e in new] == [e.model_dump() for e in self.meeting.role_feedback]:
            return False
        with self._step(t("year.undo_feedback")):
            self.meeting.role_feedback = new
        return True

    def set_conclusions(self, conclusions: EvaluationConclusions) -> bool:
        """The evaluation's conclusions (the four questions and what the group adjusts). True when they changed."""
        data = {name: str(value).strip() for name, value in conclusions.model_dump().items() if isinstance(value, str)}
        new = EvaluationConclusions(**data) if any(data.values()) else None
        old = self.meeting.conclusions
        if (new.model_dump() if new else None) == (old.model_dump() if old else None):
            return False
        with self._step(t("year.undo_conclusions")):
            self.meeting.conclusions = new
        return True

    def decide_purpose(self, purpose: Purpose) -> bool:
        """The group decided its purpose and form at this meeting: set it on the group and write it into the minutes.

        The purpose is dated the meeting's day (or later, when a newer version exists) and
        versioned (`purpose.set_purpose`); a `Decision:` line goes into the current item's part
        of the minutes, replacing the one an earlier choice at this meeting wrote. One undo step
        for both; `on_group_change` follows. True when the purpose changed.
        """
        from facilitator.purpose import decision_line, is_blank, set_purpose

        old = self.group.purpose
        day = self.meeting_day()
        if old is not None and old.changed_on is not None and old.changed_on > day:
            day = self.local(self._now()).date()
        changed: list[bool] = []

        def label() -> str:
            return t("year.undo_purpose")

        with self._step(label):
            if set_purpose(self.group, purpose, day, self.meeting.id):
                changed.append(True)
                new_purpose = self.group.purpose
                line = decision_line(new_purpose, self._lang) if new_purpose is not None and not is_blank(new_purpose) else ""
                old_line = decision_line(old, self._lang) if old is not None and not is_blank(old) else ""
                minutes = self.meeting.minutes
                if old_line and old_line in minutes.split("\n"):
                    lines = minutes.split("\n")
                    at = lines.index(old_line)
                    if line:
                        lines[at] = line
                    else:
                        del lines[at]
                    self.meeting.minutes = "\n".join(lines)
                elif line:
                    self._add_to_section(self._index(None), line)
        return bool(changed)

    def close_corrections(self) -> bool:
        """The corrections are done: the reopening gets its end."""
        if not self.correcting:
            return False
        with self._step(t("meeting.undo_close_corrections")):
            self.meeting.reopened[-1].closed_at = self._now()
        return True
