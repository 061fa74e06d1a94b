"""The history index file, read without pydantic, the models or the store (issue 20).

The store keeps one summary per meeting file in an index file in this
laptop's own folder (facilitator/store/index.py writes it). This module holds
what reading that file needs: `MeetingSummary`, the file's row layout,
`read_index` and the rule for when the index may be trusted as it is
(`trusted`). It imports nothing heavy, so that reading an index never waits
for the models."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from datetime import date
from datetime import time as dtime
from operator import attrgetter
from pathlib import Path
from typing import Any

INDEX_VERSION = 1

_Stamp = tuple[int, int, int]
"""What says a file is unchanged: (mtime_ns, size, inode)."""


def _stamp(st: os.stat_result) -> _Stamp:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class MeetingSummary:
    """One finished meeting as the history list shows it (from the index, without reading the file)."""

    id: str
    title: str
    date: date
    start: dtime
    status: str
    place: str
    present: int
    members: int
    """present + absent_notified + absent"""
    planned_minutes: int
    actual_minutes: int
    """Closed spans of all items, rounded to whole minutes (a running span is ignored)."""
    items_over: int
    """Items with a planned time whose closed spans add up to more than it."""
    timeouts: int
    mtime_ns: int
    size: int
    search: str = ""
    """The title in lower case (the minutes are searched elsewhere, lazily)."""


_ROW_FIELDS = [
    "mtime_ns", "size", "ino", "title", "date", "start", "status", "place",
    "present", "members", "planned_minutes", "actual_minutes", "items_over", "timeouts", "search",
]  # fmt: skip


_SUMMARY_FIELDS = tuple(f.name for f in fields(MeetingSummary))
_SUMMARY_ORDER = attrgetter("date", "start", "id")
"""The history's order (newest first when reversed), as a C-level key: 10,000 summaries sort at once."""


def _summary(mid: str, row: list[Any]) -> MeetingSummary:
    # A frozen dataclass sets each field through object.__setattr__; filling the instance's
    # __dict__ at once is several times quicker, and the history reads 10,000 of these at start.
    summary = object.__new__(MeetingSummary)
    summary.__dict__.update(zip(_SUMMARY_FIELDS, (
        mid, row[3], date.fromisoformat(row[4]), dtime.fromisoformat(row[5]), row[6], row[7],
        row[8], row[9], row[10], row[11], row[12], row[13], row[0], row[1], row[14],
    ), strict=True))  # fmt: skip
    return summary


# --------------------------------------------------------------------------- the index file


def read_index(path: Path) -> tuple[_Stamp | None, dict[str, list[Any]]]:
    """The index file's stamp and rows; (None, {}) when it is missing, unreadable or of another version."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = json.loads(handle.read())
    except (OSError, ValueError):
        return None, {}
    if not isinstance(raw, dict) or raw.get("version") != INDEX_VERSION or raw.get("fields") != _ROW_FIELDS:
        return None, {}
    meetings = raw.get("meetings")
    if not isinstance(meetings, dict):
        return None, {}
    rows = {k: v for k, v in meetings.items() if isinstance(v, list) and len(v) == len(_ROW_FIELDS)}
    return _stamp(st), rows


def trusted(index_st: os.stat_result, folder_ns: int | None) -> bool:
    """The index file (its stat) may be taken as it is: the meetings folder has not changed since it was marked.

    `mark_index` (store/index.py) stamps the folder's mtime on the index file after
    writing it. Marked after the folder's last change, in a later clock tick than
    that change: a change since would have given the folder an mtime of at least
    the mark's ctime (racy otherwise).
    """
    return folder_ns == index_st.st_mtime_ns and index_st.st_ctime_ns > folder_ns
