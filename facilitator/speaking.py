"""Speaking time and each member's fair share of it, as pure functions over a `Meeting`.

The speakers panel calls `stats()` about once a second; the running meeting
(facilitator/meeting.py) records the data this module reads:

- a turn is a `[[speaking]]` entry (member, item, start, end); a turn with no
  end is running and counts up to `now`;
- time-outs (`[[timeouts]]`, an open one running up to `now`) never count as
  speaking time: the meeting core stops the speaker at a time-out, and this
  module subtracts any overlap with a time-out anyway;
- presence comes from `attendance.changes` (see `presence_intervals`).

**Fair share.** Walk the meeting's timeline in stretches where the set of
members sharing the floor is constant. The speaking that happens in a stretch
(by anyone) is divided equally among the members in that set. A member's fair
share is the sum of their parts. So a late arrival gets no part of what was
said before they came, and an early leaver keeps the part they earned until
they left. The set is the members present, plus anyone speaking at that moment
who is not marked present (a robustness rule for hand-edited files or speech
before check-in: a speaker is evidently in the room). With that rule the fair
shares of everyone who was there (listed or not: `stats` leaves out members
who left without speaking) add up to the total speaking time.

Cost: one pass over the turns (sums per member, and a prefix sum of the
speaking time by the turns' ends), then a sweep over the changes of who is in
the room only, each asking the prefix sum how much was said by then. The
conversion of datetimes to seconds is cached, so 2,000 turns take about a
millisecond per call. This module never imports Textual.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from facilitator.i18n import t
from facilitator.model import Meeting

__all__ = [
    "MemberStats",
    "clock_text",
    "final_stats",
    "format_clock",
    "format_duration",
    "meeting_end",
    "presence_intervals",
    "round_share_seconds",
    "stats",
    "suggest_next",
    "turn_remaining",
]

Interval = tuple[datetime, datetime]

_STAMPS: dict[datetime, float] = {}
_STAMPS_MAX = 100_000


def _ts(instant: datetime) -> float:
    """POSIX seconds of an aware datetime, cached (equal instants give equal seconds)."""
    value = _STAMPS.get(instant)
    if value is None:
        if len(_STAMPS) >= _STAMPS_MAX:
            _STAMPS.clear()
        value = _STAMPS[instant] = instant.timestamp()
    return value


# ----------------------------------------------------------------- presence


def presence_intervals(meeting: Meeting, now: datetime) -> dict[str, list[Interval]]:
    """When each member was present: `member id -> [(start, end), ...]` in time order.

    Read from `attendance.changes` sorted by time (entries at the same time
    keep their order in the file): status `present` makes an absent member
    present from then on, any other status makes a present member leave. The
    meeting core records one change per member at check-in (`at` =
    `checked_in_at`), so the check-in list is simply the first changes; later
    arrivals and early leaves follow. Repeated statuses change nothing. A
    member still present at `now` has an interval ending at `now`; changes
    after `now` are ignored.

    With no changes at all (a file from before check-in was recorded, or a
    hand-written one), the members in `attendance.present` count as present
    from the earliest of `checked_in_at`, `started_at` and the first turn's
    start (or from `now` if there is none of these).

    Members who were never present are not in the result.
    """
    return _presence(meeting, now)[0]


def _presence(meeting: Meeting, now: datetime) -> tuple[dict[str, list[Interval]], list[str]]:
    """`presence_intervals` and the members present at `now` (in order of arrival)."""
    attendance = meeting.attendance
    intervals: dict[str, list[Interval]] = {}
    open_since: dict[str, datetime] = {}
    if attendance.changes:
        changes = sorted((c for c in attendance.changes if c.at <= now), key=lambda c: c.at)
        for change in changes:
            if change.status == "present":
                if change.member not in open_since:
                    open_since[change.member] = change.at
            elif change.member in open_since:
                intervals.setdefault(change.member, []).append((open_since.pop(change.member), change.at))
    else:
        candidates = [attendance.checked_in_at, meeting.started_at]
        candidates += [min(s.start for s in meeting.speaking)] if meeting.speaking else []
        known = [c for c in candidates if c is not None and c <= now]
        since = min(known) if known else now
        for member in attendance.present:
            open_since.setdefault(member, since)
    for member, since in open_since.items():
        intervals.setdefault(member, []).append((since, now))
    return intervals, list(open_since)


# ----------------------------------------------------------------- time-outs


class _Pauses:
    """The time-outs as merged, sorted [start, end) spans in seconds; overlap queries by bisection."""

    def __init__(self, meeting: Meeting, now_ts: float) -> None:
        raw = sorted(
            (_ts(x.start), now_ts if x.end is None else min(_ts(x.end), now_ts))
            for x in meeting.timeouts
        )
        spans: list[list[float]] = []
        for start, end in raw:
            if end <= start:
                continue
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        self.spans = spans
        self.ends = [end for _, end in spans]

    def overlap(self, start: float, end: float) -> float:
        """Seconds of [start, end) that fall inside a time-out."""
        spans = self.spans
        total = 0.0
        i = bisect_right(self.ends, start)
        while i < len(spans) and spans[i][0] < end:
            total += min(end, spans[i][1]) - max(start, spans[i][0])
            i += 1
        return total


# ----------------------------------------------------------------- statistics


@dataclass(frozen=True, slots=True)
class MemberStats:
    """One line of the speakers panel: a member's speaking time against their fair share.

    Seconds exclude time-outs. `delta_seconds` is `meeting_seconds -
    fair_share_seconds` (negative: under the share). `ratio` is
    `meeting_seconds / fair_share_seconds`, 1.0 exactly at the share, and 0.0
    while the member's share is still zero (nothing was said while they were
    there). `present` is False for a member who left (or was never marked
    present) but spoke.
    """

    member: str
    item_seconds: float
    meeting_seconds: float
    fair_share_seconds: float
    delta_seconds: float
    ratio: float
    spoken_in_item: bool
    is_speaking: bool
    present: bool = True


def stats(
    meeting: Meeting,
    now: datetime,
    current_item: int | None,
    roster: Sequence[str] = (),
) -> list[MemberStats]:
    """The speakers panel's figures at `now`.

    One entry per member present now, plus members not present now who spoke
    in the meeting (`present=False`), in `roster` order (the group's member
    order); members missing from `roster` follow in the order they arrived or
    first spoke. `current_item` is the item whose speaking time goes into
    `item_seconds` and `spoken_in_item` (None: no item, both stay empty).
    Turns that start after `now` are ignored; a turn running at `now` counts
    up to `now`.
    """
    now_ts = _ts(now)
    pauses = _Pauses(meeting, now_ts)
    has_pauses = bool(pauses.spans)
    intervals, present_now = _presence(meeting, now)

    presence = {
        m: _union([(_ts(a), _ts(b)) for a, b in spans]) if len(spans) > 1 else [(_ts(spans[0][0]), _ts(spans[0][1]))]
        for m, spans in intervals.items()
    }
    turns: list[tuple[float, float, float]] = []  # (end, start, seconds without time-outs)
    in_order = True
    talking_unmarked: dict[str, list[tuple[float, float]]] = {}
    meeting_seconds: dict[str, float] = {}
    item_seconds: dict[str, float] = {}
    spoke_in_item: set[str] = set()
    speaking_now: set[str] = set()
    first_spoke: dict[str, None] = {}
    stamps = _STAMPS
    pause_from = pauses.spans[0][0] if has_pauses else 0.0
    pause_to = pauses.spans[-1][1] if has_pauses else 0.0
    last_end = float("-inf")
    for turn in meeting.speaking:
        cached = stamps.get(turn.start)
        start = _ts(turn.start) if cached is None else cached
        if start > now_ts:
            continue
        member = turn.member
        if member not in first_spoke:
            first_spoke[member] = None
        if turn.end is None:
            end = now_ts
            speaking_now.add(member)
        else:
            cached = stamps.get(turn.end)
            end = _ts(turn.end) if cached is None else cached
            if end > now_ts:
                end = now_ts
                speaking_now.add(member)
        in_item = turn.item == current_item
        if in_item:
            spoke_in_item.add(member)
        if end <= start:
            continue
        seconds = end - start
        if has_pauses and start < pause_to and end > pause_from:
            seconds -= pauses.overlap(start, end)
        meeting_seconds[member] = meeting_seconds.get(member, 0.0) + seconds
        if in_item:
            item_seconds[member] = item_seconds.get(member, 0.0) + seconds
        turns.append((end, start, seconds))
        if end < last_end:
            in_order = False
        last_end = end
        # Is the speaker marked present for the whole turn? (Almost always; else they join the room while talking.)
        own = presence.get(member)
        if own is None:
            covered = False
        elif len(own) == 1:
            covered = own[0][0] <= start and end <= own[0][1]
        else:
            covered = any(a <= start and end <= b for a, b in own)
        if not covered:
            talking_unmarked.setdefault(member, []).append((start, end))
    if not in_order:
        turns.sort()
    room = presence
    if talking_unmarked:
        room = dict(presence)
        for member, spans in talking_unmarked.items():
            room[member] = _union([*presence.get(member, []), *spans])

    fair = _shares(room, _Speech(turns, pauses))

    listed = set(present_now) | set(first_spoke)
    order = [m for m in dict.fromkeys(roster) if m in listed]
    in_roster = set(order)
    order += [m for m in dict.fromkeys([*present_now, *first_spoke]) if m not in in_roster]
    present_set = set(present_now)
    result: list[MemberStats] = []
    for member in order:
        spoken = meeting_seconds.get(member, 0.0)
        share = fair.get(member, 0.0)
        result.append(
            MemberStats(
                member=member,
                item_seconds=item_seconds.get(member, 0.0),
                meeting_seconds=spoken,
                fair_share_seconds=share,
                delta_seconds=spoken - share,
                ratio=spoken / share if share > 0 else 0.0,
                spoken_in_item=member in spoke_in_item,
                is_speaking=member in speaking_now,
                present=member in present_set,
            )
        )
    return result


def meeting_end(meeting: Meeting) -> datetime | None:
    """The moment a held meeting's figures are taken: its end, else the last instant a turn recorded.

    None for a meeting with neither (nothing was said, it never ended).
    """
    if meeting.ended_at is not None:
        return meeting.ended_at
    return max((turn.end or turn.start for turn in meeting.speaking), default=None)


def final_stats(meeting: Meeting, roster: Sequence[str] = ()) -> list[MemberStats]:
    """The speakers panel's figures of a held meeting at its end (`meeting_end`), for no current item.

    This is what the review of a meeting, the statistics across meetings and the
    half-year summary show, so they never disagree with the panel the room saw:
    time-outs left out, the fair share weighted by who was in the room when.
    Empty when the meeting has no end and no turns.
    """
    end = meeting_end(meeting)
    return [] if end is None else stats(meeting, end, None, roster)


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The spans merged into disjoint ones, in time order (touching spans merge)."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class _Speech:
    """S(t): the speaking time (time-outs left out) said before instant t, by anyone.

    Overlapping turns add up (two people at once count twice). Built from the
    turns sorted by end: a prefix sum gives the turns finished by t, and only
    the turns ending within the longest turn's length after t can be running at t.
    """

    def __init__(self, turns: list[tuple[float, float, float]], pauses: _Pauses) -> None:
        self.turns = turns
        self.ends = [end for end, _, _ in turns]
        self.done = [0.0]
        total = 0.0
        longest = 0.0
        for end, start, seconds in turns:
            total += seconds
            self.done.append(total)
            if end - start > longest:
                longest = end - start
        self.longest = longest
        self.pauses = pauses

    def until(self, t: float) -> float:
        k = bisect_right(self.ends, t)
        total = self.done[k]
        turns, limit, pauses = self.turns, t + self.longest, self.pauses
        for j in range(k, len(turns)):
            end, start, _ = turns[j]
            if end >= limit:
                break
            if start < t:
                total += (t - start) - pauses.overlap(start, t)
        return total


def _shares(room: dict[str, list[tuple[float, float]]], speech: _Speech) -> dict[str, float]:
    """Each member's fair share (see the module docstring).

    `room` holds, per member, the disjoint, non-touching spans they were in the
    room (present, or talking while not marked present). Between two changes of the room the
    number of people N is constant, so the running integral of (speaking rate /
    N), `per_head`, grows by (S(b) - S(a)) / N; a member's share adds up its
    growth while they are in the room. Only changes of the room are visited,
    not the turns, so the cost hardly grows with the number of turns.
    """
    events = sorted(
        (when, code, member)
        for member, spans in room.items()
        for start, end in spans
        for when, code in ((start, 0), (end, 1))
    )
    per_head = 0.0
    said = 0.0
    last: float | None = None
    inside = 0
    entered: dict[str, float] = {}
    fair: dict[str, float] = {}
    for when, code, member in events:
        if when != last:
            now_said = speech.until(when)
            if inside:
                per_head += (now_said - said) / inside
            said, last = now_said, when
        if code == 0:
            entered[member] = per_head
            inside += 1
        else:
            fair[member] = fair.get(member, 0.0) + per_head - entered.pop(member)
            inside -= 1
    return fair


def suggest_next(member_stats: Sequence[MemberStats]) -> str | None:
    """Who could speak next: the member furthest under their fair share.

    Among members present now and not speaking: those who have not spoken in
    the current item come first; among them (or among all, when everyone has
    spoken in the item) the one with the most negative `delta_seconds`. A tie
    goes to the one listed first (roster order). None when nobody qualifies.
    """
    candidates = [s for s in member_stats if s.present and not s.is_speaking]
    not_yet = [s for s in candidates if not s.spoken_in_item]
    pool = not_yet or candidates
    if not pool:
        return None
    return min(pool, key=lambda s: s.delta_seconds).member


# ----------------------------------------------------------------- rounds


def round_share_seconds(planned_minutes: int, present: int) -> float:
    """Each person's share in a round: the item's minutes divided among those present, in seconds.

    45 minutes for 7 present is 385.71 s ("6 min 26 s"). With nobody present it is 0.0.
    """
    if present <= 0 or planned_minutes <= 0:
        return 0.0
    return planned_minutes * 60 / present


def turn_remaining(meeting: Meeting, now: datetime, share_seconds: float) -> float | None:
    """The current speaker's personal countdown in a round item, in seconds (negative: over).

    The current speaker is the running turn (no end) that started last. Their
    remaining time is `share_seconds` minus everything they have said in that
    turn's item, so a member who speaks twice in the round has one budget.
    Time-outs do not count. None when nobody is speaking.
    """
    now_ts = _ts(now)
    current = None
    for turn in meeting.speaking:
        if turn.end is None and turn.start <= now and (current is None or turn.start >= current.start):
            current = turn
    if current is None:
        return None
    pauses = _Pauses(meeting, now_ts)
    spoken = 0.0
    for turn in meeting.speaking:
        if turn.member != current.member or turn.item != current.item:
            continue
        start = _ts(turn.start)
        end = now_ts if turn.end is None else min(_ts(turn.end), now_ts)
        if end > start:
            spoken += end - start - pauses.overlap(start, end)
    return share_seconds - spoken


# ----------------------------------------------------------------- formatting


def format_duration(seconds: float, *, signed: bool = False, language: str | None = None) -> str:
    """A duration for people, rounded to the second: "26 s", "6 min 26 s", "1 h 5 min" (Danish "sek.", "t").

    Negative durations start with "-"; with `signed=True` positive ones start
    with "+" (for how far over or under the fair share a member is).
    """
    total = round(seconds)
    sign = "-" if total < 0 else ("+" if signed and total > 0 else "")
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        text = t("speaking.hours_minutes", language=language, h=hours, m=minutes)
    elif minutes and secs:
        text = t("speaking.minutes_seconds", language=language, m=minutes, s=secs)
    elif minutes:
        text = t("speaking.minutes", language=language, m=minutes)
    else:
        text = t("speaking.seconds", language=language, s=secs)
    return sign + text


def clock_text(
    seconds: float,
    *,
    rounding: Literal["nearest", "up", "down"] = "nearest",
    pad: bool = False,
    fold_hours: bool = False,
    signed: bool = False,
) -> str:
    """A duration as a clock: the one rule behind every clock the program shows.

    "6:26", "0:05", "-0:12", "1:02:03". `rounding` to the whole second: "nearest"
    for a figure; "up" for a countdown (0.4 s left still shows "0:01", so "0:00"
    means the time is out); "down" for a count of elapsed or over-time. `pad`
    writes the minutes with two digits ("04:10", the big clocks); `fold_hours`
    folds the hours into the minutes ("75:00"). A negative value starts with
    "-" once it rounds to a second or more; `signed` always gives a sign ("+"
    from zero up), for over-time and differences.
    """
    value = abs(seconds)
    if rounding == "up":
        total = math.ceil(value - 1e-6)
    elif rounding == "down":
        total = math.floor(value + 1e-6)
    else:
        total = round(value)
    if signed:
        sign = "-" if seconds < 0 else "+"
    else:
        sign = "-" if seconds < 0 and total > 0 else ""
    hours, rest = (0, total) if fold_hours else divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}" if pad else f"{sign}{minutes}:{secs:02d}"


def format_clock(seconds: float) -> str:
    """A figure as a clock: "6:26", "0:05", "-0:12" (over), "1:02:03"; rounded to the second (`clock_text`)."""
    return clock_text(seconds)
