"""Undo and redo of a running meeting, as data: each change is one `Step` with the state before and after.

The shape follows Textual's own `TextArea` history (`textual/document/_history.py`):
a bounded undo deque and a redo deque, each entry knowing how to go back and
forth. `LiveMeeting` (facilitator/meeting.py) records a step around every
change it makes (`History.record`); the screen only calls `live.undo()` and
`live.redo()` and redraws.

What a step holds:

- the tracked parts of the meeting (items with their spans, attendance,
  roles, time-outs, groupings, the current item, status and the start, end and
  reopening instants), as deep copies; consecutive states share every part
  that did not change, so a hundred speaker changes cost almost nothing;
- the speaking turns as counts: the turns a change added (kept for redo) and
  the turns it closed (reopened on undo) – a three-hour meeting has 2,000
  turns, which are never copied whole;
- the minutes before and after. Undo takes out only what the change itself
  wrote into the minutes (a heading, the groups of three, a time-out line),
  merged with whatever was typed since (`textmerge.merge_minutes`), so typing
  is never lost by an undo.

Time stays honest because a state is restored, not recomputed: undoing "next
item" gives the earlier item its open span back, so the seconds since count to
it, and the span the next item had begun is gone – the file never holds a span
that did not happen. This module never imports Textual.
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from facilitator.model import Meeting, Speaking
from facilitator.textmerge import merge_minutes

__all__ = ["TRACKED", "History", "State", "Step", "capture"]

TRACKED = (
    "items",
    "attendance",
    "roles",
    "timeouts",
    "groupings",
    "current_item",
    "status",
    "started_at",
    "ended_at",
    "reopened",
)
"""The fields of a meeting a step restores (besides the speaking turns and the minutes)."""

LIMIT = 100
"""Steps kept for undo (the issue asks for at least 50)."""


@dataclass(frozen=True)
class State:
    """The meeting at one moment: tracked parts (never mutated once captured), turn counts, minutes."""

    parts: dict[str, Any]
    turns: int
    open_turns: tuple[int, ...]
    minutes: str


def capture(meeting: Meeting, previous: State | None = None) -> State:
    """The meeting's state now; parts equal to those of `previous` are shared with it, not copied."""
    parts: dict[str, Any] = {}
    for name in TRACKED:
        value = getattr(meeting, name)
        if previous is not None and previous.parts[name] == value:
            parts[name] = previous.parts[name]
        else:
            parts[name] = copy.deepcopy(value)
    speaking = meeting.speaking
    open_turns = tuple(n for n, turn in enumerate(speaking) if turn.end is None)
    return State(parts, len(speaking), open_turns, meeting.minutes)


@dataclass
class Step:
    """One change of the meeting, undoable and redoable."""

    label: str
    """What the change was, for the notice ("Undone: next item (3. Break)")."""
    before: State
    after: State
    added_turns: list[Speaking] = field(default_factory=list)
    """Turns the change appended (copies, put back on redo)."""
    removed_turns: list[Speaking] = field(default_factory=list)
    """Turns the change took away (a reset; copies, put back on undo)."""
    closed_turns: dict[int, datetime] = field(default_factory=dict)
    """Turns open before the change and closed by it, with the end it gave them."""

    @property
    def _common(self) -> int:
        return min(self.before.turns, self.after.turns)

    def undo(self, meeting: Meeting) -> None:
        """Put the meeting back as it was before the change (typing since is kept)."""
        _restore_parts(meeting, self.before)
        del meeting.speaking[self._common :]
        meeting.speaking.extend(copy.deepcopy(self.removed_turns))
        for index in self.closed_turns:
            if index < len(meeting.speaking):
                meeting.speaking[index].end = None
        meeting.minutes = merge_minutes(self.after.minutes, meeting.minutes, self.before.minutes)

    def redo(self, meeting: Meeting) -> None:
        """Make the change again, as it was made (typing since is kept)."""
        _restore_parts(meeting, self.after)
        for index, end in self.closed_turns.items():
            if index < len(meeting.speaking):
                meeting.speaking[index].end = end
        del meeting.speaking[self._common :]
        meeting.speaking.extend(copy.deepcopy(self.added_turns))
        meeting.minutes = merge_minutes(self.before.minutes, meeting.minutes, self.after.minutes)


def _restore_parts(meeting: Meeting, state: State) -> None:
    for name, value in state.parts.items():
        setattr(meeting, name, copy.deepcopy(value))


def _changed(before: State, after: State) -> bool:
    return (
        before.turns != after.turns
        or before.open_turns != after.open_turns
        or before.minutes != after.minutes
        or any(before.parts[name] is not after.parts[name] for name in TRACKED)
    )


class History:
    """The undo and redo stacks of one running meeting (in memory; the file holds only the result)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._undo: deque[Step] = deque(maxlen=limit)
        self._redo: list[Step] = []
        self._last: State | None = None

    def begin(self, meeting: Meeting) -> State:
        """The state before a change (call under the meeting's lock)."""
        state = capture(meeting, self._last)
        self._last = state
        return state

    def finish(
        self, meeting: Meeting, label: str, before: State, removed_turns: list[Speaking] | None = None
    ) -> Step | None:
        """Record the change made since `begin`; None (nothing recorded) when nothing changed.

        A change that took turns away (only a reset does) passes them as `removed_turns`.
        """
        after = capture(meeting, before)
        self._last = after
        if not _changed(before, after):
            return None
        speaking = meeting.speaking
        common = min(before.turns, after.turns)
        added = copy.deepcopy(speaking[common:])
        closed: dict[int, datetime] = {}
        for index in before.open_turns:
            end = speaking[index].end if index < min(common, len(speaking)) else None
            if end is not None:
                closed[index] = end
        removed = copy.deepcopy((removed_turns or [])[common:])
        step = Step(label, before, after, added, removed, closed)
        self._undo.append(step)
        self._redo.clear()
        return step

    @property
    def depth(self) -> int:
        """How many steps can be undone."""
        return len(self._undo)

    @property
    def redo_depth(self) -> int:
        """How many undone steps can be made again."""
        return len(self._redo)

    def peek_undo(self) -> Step | None:
        """The step `undo` would take back."""
        return self._undo[-1] if self._undo else None

    def peek_redo(self) -> Step | None:
        """The step `redo` would make again."""
        return self._redo[-1] if self._redo else None

    def undo(self, meeting: Meeting) -> Step | None:
        """Take back the newest step; the step, or None when there is none."""
        if not self._undo:
            return None
        step = self._undo.pop()
        step.undo(meeting)
        self._redo.append(step)
        self._last = None
        return step

    def redo(self, meeting: Meeting) -> Step | None:
        """Make the newest undone step again; the step, or None."""
        if not self._redo:
            return None
        step = self._redo.pop()
        step.redo(meeting)
        self._undo.append(step)
        self._last = None
        return step

    def clear(self) -> None:
        """Forget every step (a reset, or the meeting was read again)."""
        self._undo.clear()
        self._redo.clear()
        self._last = None
