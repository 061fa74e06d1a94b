"""Looking back at a group's finished meetings, as plain Python (no Textual).

Three things live here:

* the rows of the history list (`HistoryRow`, built from the store's small
  history index, so opening the list never parses a minutes text) and their
  sorting;
* the search over titles and minutes: titles (and dates) are searched from the
  index at once; minutes are read lazily, one meeting at a time, only while a
  search runs, and kept lowercased in `MinutesSearch` for the session;
* the numbers behind the review of one meeting (planned against actual time
  per item, speaking time per member) and the statistics across meetings
  (attendance over time, speaking share trend, items that run over, role
  rotation).

Everything is computed from stored instants; nothing here reads a clock.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from facilitator.confidential import confidential_lines, strip_mark
from facilitator.i18n import t

if TYPE_CHECKING:  # not at import: the history's rows are drawn before pydantic and the models are (issue 20)
    from facilitator.model import Group, Item, Meeting, PresenceStatus

SortColumn = Literal["date", "title", "present", "planned", "actual", "over", "timeouts"]
SORT_COLUMNS: tuple[SortColumn, ...] = ("date", "title", "present", "planned", "actual", "over", "timeouts")
"""The columns of the history list, in the order they are shown."""

ATTENDANCE_SYMBOLS: dict[PresenceStatus | None, str] = {
    "present": "●",
    "absent_notified": "◐",
    "absent": "○",
    None: "·",
}
"""One character per meeting in the attendance chart: readable without colour."""

ROLE_NAMES: tuple[str, ...] = ("moderator", "minute_taker", "boundary_keeper", "host", "theme_owners")
"""The roles whose rotation the statistics count (attribute names of `model.Roles`)."""


# --------------------------------------------------------------------------- the list


@dataclass(slots=True)
class HistoryRow:
    """One finished meeting as the history list shows it (treat as read-only; not frozen, to build 10,000 fast)."""

    id: str
    date: date
    title: str
    present: int
    members: int
    planned_minutes: int
    actual_minutes: int | None
    items_over: int
    timeouts: int
    _haystack: str = ""

    @property
    def haystack(self) -> str:
        """Casefolded title, id and date: what a search matches without reading the minutes (made on first use)."""
        if not self._haystack:
            self._haystack = f"{self.title}\n{self.id}\n{self.date.isoformat()}".casefold()
        return self._haystack

    def sort_key(self, column: SortColumn) -> Any:
        """The value the list sorts by for `column` (ties broken by date, then id)."""
        value: Any
        if column == "date":
            value = self.date
        elif column == "title":
            value = self.title.casefold()
        elif column == "present":
            value = (self.present / self.members) if self.members else 0.0
        elif column == "planned":
            value = self.planned_minutes
        elif column == "actual":
            value = -1 if self.actual_minutes is None else self.actual_minutes
        elif column == "over":
            value = self.items_over
        else:
            value = self.timeouts
        return (value, self.date, self.id)


def row_from_summary(summary: Any) -> HistoryRow:
    """A list row from one entry of `Store.history_index` (a `store.MeetingSummary`, or a mapping)."""
    if isinstance(summary, dict):
        return _row_from_mapping(summary)
    title = summary.title or ""
    mid = summary.id
    day = summary.date
    actual = summary.actual_minutes
    return HistoryRow(
        mid,
        day,
        title,
        summary.present,
        summary.members,
        summary.planned_minutes,
        None if actual is None else int(actual),
        summary.items_over,
        summary.timeouts,
    )


def _row_from_mapping(summary: dict[str, Any]) -> HistoryRow:
    """A list row from a plain dictionary (hand-made summaries in tests and tools)."""
    mid = str(summary.get("id", ""))
    day = summary.get("date", date.min)
    if isinstance(day, str):
        day = date.fromisoformat(day)
    title = str(summary.get("title", "") or "")
    actual = summary.get("actual_minutes")
    return HistoryRow(
        mid,
        day,
        title,
        int(summary.get("present", 0)),
        int(summary.get("members", 0)),
        int(summary.get("planned_minutes", 0)),
        None if actual is None else int(actual),
        int(summary.get("items_over", 0)),
        int(summary.get("timeouts", 0)),
    )


def rows_from_index(summaries: Iterable[Any]) -> list[HistoryRow]:
    """The list rows of a history index, in the index's order (the store gives newest first)."""
    return [row_from_summary(s) for s in summaries]


def row_cells(row: HistoryRow) -> list[Any]:
    """One row as plain JSON values, for the home screen's kept view (glance.py); `row_from_cells` reads it back."""
    return [
        row.id, row.date.isoformat(), row.title, row.present, row.members, row.planned_minutes,
        row.actual_minutes, row.items_over, row.timeouts,
    ]  # fmt: skip


def row_from_cells(cells: Sequence[Any]) -> HistoryRow:
    """The row `row_cells` wrote; ValueError if `cells` is anything else (a kept file is only a cache)."""
    if len(cells) != 9:
        raise ValueError("not a history row")
    mid, day, title, present, members, planned, actual, over, timeouts = cells
    numbers = (present, members, planned, over, timeouts) + (() if actual is None else (actual,))
    if not (isinstance(mid, str) and isinstance(day, str) and isinstance(title, str)) or not all(
        type(n) is int and n >= 0 for n in numbers
    ):
        raise ValueError("not a history row")
    return HistoryRow(mid, date.fromisoformat(day), title, present, members, planned, actual, over, timeouts)


def sort_rows(rows: Iterable[HistoryRow], column: SortColumn, descending: bool) -> list[HistoryRow]:
    """`rows` sorted by one column of the list (ties by date, then id)."""
    if column == "date":
        return sorted(rows, key=_date_key, reverse=descending)
    return sorted(rows, key=lambda row: row.sort_key(column), reverse=descending)


def _date_key(row: HistoryRow) -> tuple[date, str]:
    return (row.date, row.id)


# --------------------------------------------------------------------------- search


def query_terms(query: str) -> list[str]:
    """The casefolded words of a search; a meeting matches when it contains all of them."""
    return [word for word in query.casefold().split() if word]


def text_matches(terms: Sequence[str], text: str) -> bool:
    """True when every term occurs in the (already casefolded) text."""
    return all(term in text for term in terms)


def title_matches(terms: Sequence[str], rows: Iterable[HistoryRow]) -> list[HistoryRow]:
    """The rows whose title, id or date contains every term (no file is read)."""
    return [row for row in rows if text_matches(terms, row.haystack)]


_MINUTES_KEY = re.compile(r"^minutes[ \t]*=[ \t]*", re.MULTILINE)


def _closing(text: str, quote: str, start: int) -> int:
    """Index just past the multi-line string's closing `quote` (three quotes, up to two more allowed), or -1."""
    position = start
    while True:
        found = text.find(quote, position)
        if found < 0:
            return -1
        if quote == '"""':
            backslashes = 0
            while found - 1 - backslashes >= 0 and text[found - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2:
                position = found + 1
                continue
        end = found + 3
        extra = 0
        while extra < 2 and end < len(text) and text[end] == quote[0]:
            end += 1
            extra += 1
        return end


def minutes_from_toml(text: str) -> str:
    """The `minutes` of a meeting file's TOML text, without parsing the rest of the file.

    A meeting file is mostly speaking turns; parsing all of it to search the
    minutes would cost milliseconds per meeting. This finds the top-level
    `minutes = ...` line and parses only that value; anything unusual falls
    back to parsing the whole text. An unreadable text gives "".
    """
    match = _MINUTES_KEY.search(text)
    if match is not None:
        start = match.end()
        end = -1
        for quote in ('"""', "'''"):
            if text.startswith(quote, start):
                end = _closing(text, quote, start + 3)
                break
        else:
            if text.startswith(("\"", "'"), start):
                newline = text.find("\n", start)
                end = len(text) if newline < 0 else newline
        if end > start and text.startswith('"""', start) and text.endswith('"""', 0, end):
            raw = text[start + 3 : end - 3]
            if "\\" not in raw and "\r" not in raw:  # nothing to unescape: the text is the value
                return raw[1:] if raw.startswith("\n") else raw
        if end > start:
            try:
                value = tomllib.loads("minutes = " + text[start:end]).get("minutes")
            except tomllib.TOMLDecodeError:
                value = None
            if isinstance(value, str):
                return value
    try:
        value = tomllib.loads(text).get("minutes", "")
    except tomllib.TOMLDecodeError:
        return ""
    return value if isinstance(value, str) else ""


class MinutesSearch:
    """Searches the minutes of meetings, reading each meeting's file only when a search needs it.

    `load_minutes(meeting_id)` returns the minutes text (it is called from a
    worker thread). The casefolded text is kept for the rest of the session, so
    the second search over the same meetings reads nothing. A meeting whose
    file cannot be read counts as having empty minutes.
    """

    def __init__(self, load_minutes: Callable[[str], str]) -> None:
        self._load = load_minutes
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()
        self.reads = 0
        """How many minutes texts were read from disk (for tests and benchmarks)."""

    def cached(self, meeting_id: str) -> str | None:
        """The cached casefolded minutes of a meeting, or None when not read yet."""
        return self._cache.get(meeting_id)

    def has_all(self, rows: Sequence[HistoryRow]) -> bool:
        """True when every row's minutes are in the cache (a search then reads nothing and is quick)."""
        cache = self._cache
        return all(row.id in cache for row in rows)

    def minutes(self, meeting_id: str) -> str:
        """The casefolded minutes of a meeting (read once, then from the cache)."""
        text = self._cache.get(meeting_id)
        if text is not None:
            return text
        try:
            raw = self._load(meeting_id)
        except Exception:  # noqa: BLE001 - a broken file must not stop the search; the store reports it
            raw = ""
        text = (raw or "").casefold()
        with self._lock:
            self._cache[meeting_id] = text
            self.reads += 1
        return text

    def search(
        self,
        terms: Sequence[str],
        rows: Sequence[HistoryRow],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[list[HistoryRow], int], None] | None = None,
        every: int = 200,
        interval: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
        pause: Callable[[], None] | None = None,
        pause_every: int = 25,
    ) -> list[HistoryRow] | None:
        """The rows whose title and minutes together contain every term, in the order of `rows`.

        `progress(matches_so_far, done)` is called after every `every` meetings
        that needed a file read (and at most once per `interval` seconds), when
        new matches were found since the last call, so a screen can show
        partial results without redrawing for nothing. `pause()` is called
        after every `pause_every` file reads (a worker thread sleeps there a
        moment so the UI thread keeps the interpreter). Returns None when
        `cancelled()` turned true (a newer search replaced this one).
        """
        if not terms:
            return list(rows)
        found: list[HistoryRow] = []
        reads_since = 0
        reported = 0
        last_report = monotonic()
        for done, row in enumerate(rows, start=1):
            if cancelled():
                return None
            if row.id not in self._cache:
                reads_since += 1
                if pause is not None and reads_since % pause_every == 0:
                    pause()
            # Read the minutes even when the title matches: the next search then reads nothing.
            minutes = self.minutes(row.id)
            haystack = row.haystack
            if all(term in haystack or term in minutes for term in terms):
                found.append(row)
            if progress is not None and reads_since >= every:
                reads_since = 0
                now = monotonic()
                if len(found) != reported and now - last_report >= interval:
                    reported, last_report = len(found), now
                    progress(list(found), done)
        return found


# --------------------------------------------------------------------------- finding meetings


class MeetingNotFound(LookupError):
    """No meeting (or more than one) fits the id the user gave; `str()` says which, for the user."""

    def __init__(self, wanted: str, fitting: list[str], group_name: str = "") -> None:
        self.wanted = wanted
        self.fitting = fitting
        key = "history.cli_ambiguous" if fitting else "history.cli_no_meeting"
        super().__init__(t(key, id=wanted, group=group_name, ids=", ".join(fitting)))

    def __str__(self) -> str:
        return str(self.args[0])


def resolve_meeting_id(ids: Iterable[str], wanted: str, group_name: str = "") -> str:
    """The meeting id `wanted` names: the exact id, or the only id that starts with it (like a date).

    Raises MeetingNotFound with the candidates when none or several fit.
    """
    ids = list(ids)
    if wanted in ids:
        return wanted
    fitting = sorted(mid for mid in ids if mid.startswith(wanted))
    if len(fitting) == 1:
        return fitting[0]
    raise MeetingNotFound(wanted, fitting, group_name)


def next_meeting_after(store: Any, group_id: str, meeting: Meeting) -> Meeting | None:
    """The group's next meeting after `meeting` by date (for the export's last section), or None.

    Meeting ids start with the date, so only the one file that follows is read.
    `store` is a `facilitator.store.Store`.
    """
    try:
        ids = sorted(store.meeting_ids(group_id))
    except Exception:  # noqa: BLE001 - an unreadable folder: the export simply has no next meeting
        return None
    from facilitator.model import Meeting

    day = meeting.date.isoformat()
    for mid in ids:
        if mid[:10] > day and mid != meeting.id:
            try:
                following = store.load_meeting(group_id, mid)
            except Exception:  # noqa: BLE001 - a broken file: try the one after
                continue
            if isinstance(following, Meeting):
                return following
    return None


def export_minutes_text(
    store: Any,
    group: Group,
    wanted_id: str,
    *,
    include_timeout_notes: bool = False,
    language: str | None = None,
    include_role_feedback: bool = False,
) -> tuple[Meeting, str]:
    """The meeting `wanted_id` names (an id or a unique start of one) and its minutes as Markdown.

    The text comes from `export.minutes_markdown` (confidential passages left
    out), in `language` or else the group's language, with the next meeting
    where one is planned. Raises MeetingNotFound or the store's StoreError.
    """
    from facilitator.export import minutes_markdown

    meeting_id = resolve_meeting_id(store.meeting_ids(group.id), wanted_id, group.name)
    meeting = store.load_meeting(group.id, meeting_id)
    text = minutes_markdown(
        group,
        meeting,
        include_timeout_notes=include_timeout_notes,
        next_meeting=next_meeting_after(store, group.id, meeting),
        language=language or group.settings.language,
        include_role_feedback=include_role_feedback,
    )
    return meeting, text


# --------------------------------------------------------------------------- one meeting


def _seconds(start: datetime, end: datetime | None, fallback_end: datetime | None) -> float:
    stop = end or fallback_end
    if stop is None:
        return 0.0
    return max(0.0, (stop - start).total_seconds())


def item_actual_seconds(item: Item, meeting_end: datetime | None = None) -> float | None:
    """How long an item ran (the sum of its spans), or None when it never ran."""
    if not item.spans:
        return None
    return sum(_seconds(span.start, span.end, meeting_end) for span in item.spans)


def meeting_actual_minutes(meeting: Meeting) -> float | None:
    """The meeting's length from start to end, or the sum of its items' time, or None."""
    if meeting.started_at is not None and meeting.ended_at is not None:
        return max(0.0, (meeting.ended_at - meeting.started_at).total_seconds() / 60)
    total = [item_actual_seconds(item, meeting.ended_at) for item in meeting.items]
    ran = [seconds for seconds in total if seconds is not None]
    return sum(ran) / 60 if ran else None


@dataclass(frozen=True)
class ItemTiming:
    """Planned against actual time of one agenda item of a meeting."""

    index: int
    title: str
    planned_minutes: int
    actual_minutes: float | None
    deferred: bool = False

    @property
    def over_minutes(self) -> float:
        """Minutes over the plan (0 when on time, never ran, or nothing was planned)."""
        if self.actual_minutes is None or self.planned_minutes <= 0:
            return 0.0
        return max(0.0, self.actual_minutes - self.planned_minutes)

    @property
    def is_over(self) -> bool:
        """Ran at least half a minute longer than planned."""
        return self.over_minutes >= 0.5


def agenda_timings(meeting: Meeting) -> list[ItemTiming]:
    """Planned and actual minutes of every agenda item, in agenda order."""
    timings: list[ItemTiming] = []
    for index, item in enumerate(meeting.items):
        seconds = item_actual_seconds(item, meeting.ended_at)
        actual = None if seconds is None else seconds / 60
        timings.append(ItemTiming(index, item.title, item.planned_minutes, actual, item.deferred))
    return timings


def items_over(meeting: Meeting) -> int:
    """How many items ran over their planned time."""
    return sum(1 for timing in agenda_timings(meeting) if timing.is_over)


def speaking_seconds(meeting: Meeting) -> dict[str, float]:
    """Total speaking time per member, time-outs left out (`speaking.final_stats`: the panel's figures at the end)."""
    from facilitator.speaking import final_stats

    return {entry.member: entry.meeting_seconds for entry in final_stats(meeting) if entry.meeting_seconds > 0}


def speaking_shares(meeting: Meeting) -> dict[str, float]:
    """Each speaker's share (0..1) of all speaking time in the meeting; empty when nobody spoke."""
    return _shares_and_fair(meeting)[0]


def _shares_and_fair(meeting: Meeting) -> tuple[dict[str, float], dict[str, float]]:
    """Each member's share of all speaking time and their fair share of it, both 0..1 (empty when nobody spoke).

    Both come from `speaking.final_stats`, the live meeting's own figures: the
    fair share is the panel's time-weighted one (who was in the room while
    anyone spoke), as a part of all that was said, so the two add up to 1.
    """
    from facilitator.speaking import final_stats

    entries = final_stats(meeting)
    whole = sum(entry.meeting_seconds for entry in entries)
    if whole <= 0:
        return {}, {}
    shares = {entry.member: entry.meeting_seconds / whole for entry in entries if entry.meeting_seconds > 0}
    fair = {entry.member: entry.fair_share_seconds / whole for entry in entries}
    return shares, fair


# --------------------------------------------------------------------------- confidential lines


def mark_confidential_markdown(minutes: str, label: str) -> str:
    """The minutes as Markdown with every confidential stretch shown as a labelled quote.

    The label is written in bold at the start of each stretch (so it shows
    without colour) and the `!!` markers are removed. Which lines are
    confidential is facilitator/confidential.py's rule.
    """
    lines = minutes.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and not lines[-1]:
        lines.pop()  # the final line break ends the last line; it begins no line of its own
    marked = confidential_lines(lines)
    if not marked:
        return minutes
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index not in marked:
            out.append(lines[index])
            index += 1
            continue
        block: list[str] = []
        while index < len(lines) and index in marked:
            block.append(strip_mark(lines[index]).strip())
            index += 1
        if out and out[-1].strip():
            out.append("")
        out.append(f"> **{label}**")
        out.append(">")
        out.extend(f"> {text}" if text else ">" for text in block)
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- across meetings


def chronological(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Meetings oldest first (by date, then start time, then id)."""
    return sorted(meetings, key=lambda m: (m.date, m.start, m.id))


def _members_in_order(group: Group, meetings: Sequence[Meeting]) -> list[str]:
    """The group's members in list order, then anyone else named in the meetings (former members)."""
    ids = [member.id for member in group.members]
    known = set(ids)
    for meeting in meetings:
        for mid in sorted(meeting.member_ids() - known):
            ids.append(mid)
            known.add(mid)
    return ids


@dataclass(frozen=True)
class AttendanceRow:
    """One member's attendance over a series of meetings (oldest first)."""

    member_id: str
    name: str
    marks: tuple[PresenceStatus | None, ...]

    @property
    def present(self) -> int:
        return self.marks.count("present")

    @property
    def notified(self) -> int:
        return self.marks.count("absent_notified")

    @property
    def absent(self) -> int:
        return self.marks.count("absent")

    @property
    def symbols(self) -> str:
        """One character per meeting: ● present, ◐ absent with notice, ○ absent, · not recorded."""
        return "".join(ATTENDANCE_SYMBOLS[mark] for mark in self.marks)

    @property
    def rate(self) -> float:
        """Share of the recorded meetings the member came to (0..1)."""
        recorded = self.present + self.notified + self.absent
        return self.present / recorded if recorded else 0.0


def attendance_rows(group: Group, meetings: Sequence[Meeting]) -> list[AttendanceRow]:
    """Attendance per member over `meetings` (give them oldest first)."""
    rows: list[AttendanceRow] = []
    for member_id in _members_in_order(group, meetings):
        marks = tuple(meeting.attendance.status_of(member_id) for meeting in meetings)
        member = group.member(member_id)
        if all(mark is None for mark in marks) and not (member is not None and member.active):
            continue
        rows.append(AttendanceRow(member_id, group.name_of(member_id), marks))
    return rows


@dataclass(frozen=True)
class SpeakingTrend:
    """One member's share of the speaking time in each meeting (None: not present or nobody timed)."""

    member_id: str
    name: str
    shares: tuple[float | None, ...]
    fair: tuple[float | None, ...] = ()
    """The fair share of each meeting as a part of all that was said (the speakers panel's, time-weighted)."""

    @property
    def average(self) -> float | None:
        """The mean share over the meetings the member was part of."""
        values = [share for share in self.shares if share is not None]
        return sum(values) / len(values) if values else None

    @property
    def average_fair(self) -> float | None:
        values = [share for share, own in zip(self.fair, self.shares, strict=True) if share is not None and own is not None]
        return sum(values) / len(values) if values else None


def speaking_trends(group: Group, meetings: Sequence[Meeting]) -> list[SpeakingTrend]:
    """Per member, the share of speaking time in each of `meetings` (oldest first)."""
    per_meeting = [_shares_and_fair(meeting) for meeting in meetings]
    trends: list[SpeakingTrend] = []
    for member_id in _members_in_order(group, meetings):
        shares: list[float | None] = []
        fair: list[float | None] = []
        for meeting, (shares_of, fair_of) in zip(meetings, per_meeting, strict=True):
            took_part = member_id in meeting.attendance.present or member_id in shares_of
            if not shares_of or not took_part:
                shares.append(None)
                fair.append(None)
                continue
            shares.append(shares_of.get(member_id, 0.0))
            fair.append(fair_of.get(member_id, 0.0))
        if all(share is None for share in shares):
            continue
        trends.append(SpeakingTrend(member_id, group.name_of(member_id), tuple(shares), tuple(fair)))
    return trends


@dataclass
class OverrunStat:
    """How an agenda item (by title) kept to its time across meetings."""

    title: str
    runs: int = 0
    over_count: int = 0
    over_minutes: list[float] = field(default_factory=list)

    @property
    def average_over(self) -> float:
        """Mean minutes over the plan, over the times it ran over (0 when it never did)."""
        return sum(self.over_minutes) / len(self.over_minutes) if self.over_minutes else 0.0

    @property
    def total_over(self) -> float:
        return sum(self.over_minutes)


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def overrun_stats(meetings: Iterable[Meeting]) -> list[OverrunStat]:
    """Agenda items grouped by title, the ones that ran over most (in total minutes) first.

    Items without a planned time (like "Eventuelt") and items that never ran
    are not counted. Items that never ran over are left out.
    """
    stats: dict[str, OverrunStat] = {}
    for meeting in meetings:
        for timing in agenda_timings(meeting):
            if timing.actual_minutes is None or timing.planned_minutes <= 0:
                continue
            key = _title_key(timing.title)
            stat = stats.setdefault(key, OverrunStat(timing.title.strip()))
            stat.runs += 1
            if timing.is_over:
                stat.over_count += 1
                stat.over_minutes.append(timing.over_minutes)
    result = [stat for stat in stats.values() if stat.over_count]
    result.sort(key=lambda s: (-s.total_over, -s.over_count, s.title.casefold()))
    return result


@dataclass(frozen=True)
class RoleStat:
    """How a role rotated across meetings."""

    role: str
    meetings: int
    """Meetings where someone held the role."""
    distinct: int
    """How many different members held it."""
    changes: int
    """How often it passed to someone else from one meeting to the next."""
    longest_streak: int
    """The most meetings in a row the same member (or the same theme owners) held it."""
    streak_holders: tuple[str, ...]
    """Member ids of that longest streak."""


def role_rotation(meetings: Sequence[Meeting]) -> list[RoleStat]:
    """Rotation of each role over `meetings` (give them oldest first)."""
    result: list[RoleStat] = []
    for role in ROLE_NAMES:
        holders: list[tuple[str, ...]] = []
        for meeting in meetings:
            value = getattr(meeting.roles, role)
            holder = tuple(sorted(value)) if isinstance(value, list) else ((value,) if value else ())
            holders.append(holder)
        held = [holder for holder in holders if holder]
        distinct = len({member for holder in held for member in holder})
        changes = sum(1 for before, after in pairwise(held) if before != after)
        best, run = 0, 0
        best_holder: tuple[str, ...] = ()
        previous: tuple[str, ...] | None = None
        for holder in holders:
            if holder and holder == previous:
                run += 1
            elif holder:
                run = 1
            else:
                run = 0
            previous = holder
            if run > best:
                best, best_holder = run, holder
        result.append(RoleStat(role, len(held), distinct, changes, best, best_holder))
    return result


@dataclass(frozen=True)
class HistoryStats:
    """Everything the statistics screen shows, computed in one go (off the UI thread)."""

    meetings: tuple[Meeting, ...]
    attendance: list[AttendanceRow]
    speaking: list[SpeakingTrend]
    overruns: list[OverrunStat]
    roles: list[RoleStat]


def history_stats(group: Group, meetings: Iterable[Meeting]) -> HistoryStats:
    """The statistics across `meetings` (any order; finished ones only are counted)."""
    done = chronological(m for m in meetings if m.status == "finished")
    return HistoryStats(
        tuple(done),
        attendance_rows(group, done),
        speaking_trends(group, done),
        overrun_stats(done),
        role_rotation(done),
    )
