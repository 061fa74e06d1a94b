"""What a well-formed file must also be, beyond what each field's type says: indices in range, sane dates, spans in order.

The models (facilitator/model.py) check each field on its own; a meeting can
still be nonsense as a whole: a current item 999 of a five-item agenda, a
speaking turn on item 500, a span that ends before it starts, a date in the
year 9999 (every clock time computed from it overflows). The store runs these
checks on every file it reads:

- `meeting_errors()`: what makes a meeting unusable, everywhere (the file is
  one problem in the list, like a syntax error): an item, turn, time-out or
  grouping index out of range, a meeting date outside `YEARS` (2000 to 2100), an instant outside `INSTANT_YEARS`
  (1900 to 2999: wide enough for a laptop whose clock was reset, narrow
  enough that no clock time computed from it overflows). The store never
  writes such a file either (`Store._write` checks it first).
- `meeting_warnings()`: what a meeting may show but may not be run or
  rewritten with: spans out of order (an end before its start, two spans of
  one item overlapping), a turn or time-out that ends before it starts. A
  clock set back between two runs could in principle leave these, so reading
  (history, review) still works; the live meeting screen refuses the file.
- `group_errors()`: the dates of a group's agreements outside `INSTANT_YEARS`.

Each finding is (field path, message). This module never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from facilitator.i18n import t
from facilitator.model import Group, Meeting

__all__ = ["INSTANT_YEARS", "YEARS", "group_errors", "meeting_errors", "meeting_warnings"]

YEARS = range(2000, 2101)
"""The years a meeting may be held in (2000 to 2100): its `date`, which a person chose."""
INSTANT_YEARS = range(1900, 3000)
"""The years a stored instant (a span, a turn, a check-in) or a date the program took from the clock may lie in."""

Finding = tuple[str, str]


def _year_problem(value: date | datetime | None, years: range = INSTANT_YEARS) -> str | None:
    if value is None or value.year in years:
        return None
    return t("store.date_range", value=value.isoformat(), first=years.start, last=years.stop - 1)


def _instants(meeting: Meeting) -> Iterator[tuple[str, date | datetime | None]]:
    yield "started_at", meeting.started_at
    yield "ended_at", meeting.ended_at
    yield "attendance.checked_in_at", meeting.attendance.checked_in_at
    for i, change in enumerate(meeting.attendance.changes):
        yield f"attendance.changes.{i}.at", change.at
    for i, item in enumerate(meeting.items):
        for j, span in enumerate(item.spans):
            yield f"items.{i}.spans.{j}.start", span.start
            yield f"items.{i}.spans.{j}.end", span.end
    for i, turn in enumerate(meeting.speaking):
        yield f"speaking.{i}.start", turn.start
        yield f"speaking.{i}.end", turn.end
    for i, timeout in enumerate(meeting.timeouts):
        yield f"timeouts.{i}.start", timeout.start
        yield f"timeouts.{i}.end", timeout.end
    for i, grouping in enumerate(meeting.groupings):
        yield f"groupings.{i}.at", grouping.at
    for i, reopening in enumerate(meeting.reopened):
        yield f"reopened.{i}.at", reopening.at
        yield f"reopened.{i}.closed_at", reopening.closed_at


def meeting_errors(meeting: Meeting) -> list[Finding]:
    """What makes the meeting unusable: indices out of range, dates outside `YEARS` (see the module's docstring)."""
    found: list[Finding] = []
    count = len(meeting.items)
    last = max(count, 1) - 1

    def index(field: str, value: int) -> None:
        if value > last:
            found.append((field, t("store.item_range", value=value, count=count, last=last)))

    index("current_item", meeting.current_item)
    for i, turn in enumerate(meeting.speaking):
        index(f"speaking.{i}.item", turn.item)
    for i, timeout in enumerate(meeting.timeouts):
        index(f"timeouts.{i}.item", timeout.item)
    for i, grouping in enumerate(meeting.groupings):
        index(f"groupings.{i}.item", grouping.item)
    problem = _year_problem(meeting.date, YEARS)
    if problem is not None:
        found.append(("date", problem))
    for field, value in _instants(meeting):
        problem = _year_problem(value)
        if problem is not None:
            found.append((field, problem))
    return found


def meeting_warnings(meeting: Meeting) -> list[Finding]:
    """Spans, turns and time-outs out of order: shown, but never run or rewritten (see the module's docstring)."""
    found: list[Finding] = []
    for i, item in enumerate(meeting.items):
        previous_end: datetime | None = None
        for j, span in enumerate(item.spans):
            field = f"items.{i}.spans.{j}"
            if span.end is not None and span.end < span.start:
                found.append((f"{field}.end", t("store.ends_before_start")))
            if j > 0 and previous_end is None:
                found.append((f"items.{i}.spans.{j - 1}.end", t("store.span_open_not_last")))
            elif previous_end is not None and span.start < previous_end:
                found.append((f"{field}.start", t("store.spans_overlap", other=f"items.{i}.spans.{j - 1}")))
            previous_end = span.end
    for i, turn in enumerate(meeting.speaking):
        if turn.end is not None and turn.end < turn.start:
            found.append((f"speaking.{i}.end", t("store.ends_before_start")))
    for i, timeout in enumerate(meeting.timeouts):
        if timeout.end is not None and timeout.end < timeout.start:
            found.append((f"timeouts.{i}.end", t("store.ends_before_start")))
    if meeting.started_at and meeting.ended_at and meeting.ended_at < meeting.started_at:
        found.append(("ended_at", t("store.ends_before_start")))
    return found


def group_errors(group: Group) -> list[Finding]:
    """The dates of the group's agreements and purpose outside `YEARS`."""
    found: list[Finding] = []
    problem = _year_problem(group.agreements.changed_on)
    if problem is not None:
        found.append(("agreements.changed_on", problem))
    for i, version in enumerate(group.agreements_history):
        for name in ("changed_on", "replaced_on"):
            problem = _year_problem(getattr(version, name))
            if problem is not None:
                found.append((f"agreements_history.{i}.{name}", problem))
    if group.purpose is not None:  # the purpose and form, versioned the same way (issue 21)
        problem = _year_problem(group.purpose.changed_on)
        if problem is not None:
            found.append(("purpose.changed_on", problem))
    for i, purpose_version in enumerate(group.purpose_history):
        for name in ("changed_on", "replaced_on"):
            problem = _year_problem(getattr(purpose_version, name))
            if problem is not None:
                found.append((f"purpose_history.{i}.{name}", problem))
    return found
