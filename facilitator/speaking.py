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

Cost: one sweep over the sorted events (two per turn, two per presence
interval and time-out), O(n log n) and linear on already ordered data; the
conversion of datetimes to seconds is cached, so 2,000 turns take a few
milliseconds per call. This module never imports Textual.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from facilitator.i18n import t
from facilitator.model import Meeting

__all__ = [
    "MemberStats",
    "format_clock",
    "format_duration",
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


# Event codes of the sweep; the order at equal times does not change the result.
_ARRIVE, _LEAVE, _TURN_START, _TURN_END, _PAUSE_START, _PAUSE_END = range(6)


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

    events: list[tuple[float, int, str]] = []
    add_event = events.append
    meeting_seconds: dict[str, float] = {}
    item_seconds: dict[str, float] = {}
    spoke_in_item: set[str] = set()
    speaking_now: set[str] = set()
    first_spoke: dict[str, None] = {}
    stamps = _STAMPS
    pause_from = pauses.spans[0][0] if has_pauses else 0.0
    pause_to = pauses.spans[-1][1] if has_pauses else 0.0
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
        add_event((start, _TURN_START, member))
        add_event((end, _TURN_END, member))
    for member, spans in intervals.items():
        for start_dt, end_dt in spans:
            events.append((_ts(start_dt), _ARRIVE, member))
            events.append((_ts(end_dt), _LEAVE, member))
    for start, end in pauses.spans:
        events.append((start, _PAUSE_START, ""))
        events.append((end, _PAUSE_END, ""))
    events.sort()

    fair = _sweep(events, now_ts)

    listed = set(present_now) | set(first_spoke)
    order = [m for m in dict.fromkeys(roster) if m in listed]
    order += [m for m in dict.fromkeys([*present_now, *first_spoke]) if m not in set(order)]
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


def _sweep(events: list[tuple[float, int, str]], now_ts: float) -> dict[str, float]:
    """Each member's fair share from the sorted events (see the module docstring).

    `per_head` is the running integral of (speaking rate / members sharing);
    a member's share adds up its growth while they are in the sharing set.
    """
    per_head = 0.0
    last = events[0][0] if events else now_ts
    speaking = 0  # turns running (normally 0 or 1)
    paused = 0
    sharing = 0  # members in the sharing set
    counts: dict[str, list[int]] = {}  # member -> [presence intervals open, turns running]
    entered: dict[str, float] = {}
    fair: dict[str, float] = {}
    for when, code, member in events:
        if when != last:
            if speaking and not paused and sharing:
                per_head += speaking * (when - last) / sharing
            last = when
        if code >= _PAUSE_START:
            paused += 1 if code == _PAUSE_START else -1
            continue
        count = counts.get(member)
        if count is None:
            count = counts[member] = [0, 0]
        was_in = count[0] > 0 or count[1] > 0
        if code == _TURN_START:
            speaking += 1
            count[1] += 1
        elif code == _TURN_END:
            speaking -= 1
            count[1] -= 1
        elif code == _ARRIVE:
            count[0] += 1
        else:
            count[0] -= 1
        if count[0] > 0 or count[1] > 0:
            if not was_in:
                entered[member] = per_head
                sharing += 1
        elif was_in:
            fair[member] = fair.get(member, 0.0) + per_head - entered.pop(member)
            sharing -= 1
    # Every interval and turn ends at `now` at the latest, so the set is empty here;
    # close anything left open all the same.
    for member, at in entered.items():
        fair[member] = fair.get(member, 0.0) + per_head - at
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


def format_clock(seconds: float) -> str:
    """A countdown as a clock: "6:26", "0:05", "-0:12" (over), "1:02:03"; rounded to the second."""
    total = round(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
