"""The history index: one summary per meeting file, cached in this laptop's own folder so the history opens at once.

`MeetingSummary` is what the history list shows of a finished meeting; a row
of the index file is a summary with the stamp of the file it was made from.
The store (`Store.history_index`) keeps the index in step with the folder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facilitator.indexfile import _ROW_FIELDS as _ROW_FIELDS  # the index file without pydantic (issue 20)
from facilitator.indexfile import _SUMMARY_FIELDS as _SUMMARY_FIELDS
from facilitator.indexfile import _SUMMARY_ORDER as _SUMMARY_ORDER
from facilitator.indexfile import INDEX_VERSION as INDEX_VERSION
from facilitator.indexfile import MeetingSummary as MeetingSummary
from facilitator.indexfile import _summary as _summary
from facilitator.indexfile import read_index as read_index
from facilitator.model import Meeting
from facilitator.store.files import _Stamp, _stamp

INDEX_NAME = ".index.json"
"""Where earlier versions kept the history index (beside the meetings); removed when found."""

IndexProgress = Callable[[list["MeetingSummary"], int, int], None]
"""`progress(added, done, total)` of `Store.history_index`: the finished meetings found since the last call."""
PROGRESS_FIRST = 40
"""Files read before the first `progress` call (or PROGRESS_EVERY seconds): more than a screenful of rows."""
PROGRESS_EVERY = 0.5
"""Seconds between later `progress` calls (each redraws the history's list)."""


def summarize(meeting: Meeting, mtime_ns: int = 0, size: int = 0) -> MeetingSummary:
    """The summary of one meeting."""
    total = 0.0
    over = 0
    for item in meeting.items:
        seconds = sum((s.end - s.start).total_seconds() for s in item.spans if s.end is not None)
        total += seconds
        if item.planned_minutes and seconds > item.planned_minutes * 60:
            over += 1
    att = meeting.attendance
    return MeetingSummary(
        id=meeting.id,
        title=meeting.title,
        date=meeting.date,
        start=meeting.start,
        status=meeting.status,
        place=meeting.place,
        present=len(att.present),
        members=len(att.present) + len(att.absent_notified) + len(att.absent),
        planned_minutes=meeting.planned_minutes,
        actual_minutes=round(total / 60),
        items_over=over,
        timeouts=len(meeting.timeouts),
        mtime_ns=mtime_ns,
        size=size,
        search=meeting.title.lower(),
    )


def _row(s: MeetingSummary, stamp: _Stamp) -> list[Any]:
    return [
        stamp[0], stamp[1], stamp[2], s.title, s.date.isoformat(), s.start.isoformat(), s.status, s.place,
        s.present, s.members, s.planned_minutes, s.actual_minutes, s.items_over, s.timeouts, s.search,
    ]  # fmt: skip


# --------------------------------------------------------------------------- the index file


def drop_old_index(folder: Path) -> None:
    """Remove the index earlier versions kept beside the meetings (`.index.json`), which a sync tool would share."""
    old = folder / INDEX_NAME
    try:
        if os.path.isfile(old) and not os.path.islink(old):
            os.unlink(old)
    except OSError:
        pass


def mark_index(index_path: Path, folder: Path) -> _Stamp | None:
    """Give the index file the meetings folder's mtime: while the folder keeps it, the index is trusted.

    The index lives in this laptop's own folder; the meetings folder's mtime is
    stamped on it with utime after it is written. Returns the index file's new stamp.
    """
    try:
        folder_ns = os.stat(folder).st_mtime_ns
        os.utime(index_path, ns=(folder_ns, folder_ns))
        return _stamp(os.stat(index_path))
    except OSError:
        return None


class _Told:
    """Tells an `IndexProgress` what a long read of the meeting files has found so far (see `history_index`)."""

    def __init__(self, progress: IndexProgress, rows: dict[str, list[Any]], total: int) -> None:
        self._progress = progress
        self._rows = rows
        """The index being built (the rows kept from the index file, then each file read)."""
        self._total = total
        self._new: list[str] | None = None
        """The ids read since the last call (None before the first call, which sends every row)."""
        self._next = time.monotonic() + PROGRESS_EVERY
        """No call before this (the first comes sooner, after PROGRESS_FIRST files)."""

    def read(self, mid: str, done: int) -> None:
        """The file of `mid` was read (`done` of `total`): call `progress` when it is time."""
        if self._new is not None:
            self._new.append(mid)
            if time.monotonic() < self._next or done == self._total:
                return  # the whole index follows at once when the last file is read
            added = [_summary(m, self._rows[m]) for m in self._new if self._rows[m][6] == "finished"]
            self._new = []
        elif (done < PROGRESS_FIRST and time.monotonic() < self._next) or done == self._total:
            return
        else:
            added = [_summary(m, row) for m, row in self._rows.items() if row[6] == "finished"]
            self._new = []
        self._progress(added, done, self._total)
        self._next = time.monotonic() + PROGRESS_EVERY
