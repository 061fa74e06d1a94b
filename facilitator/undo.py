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
- the parts of the group a meeting may change (`GROUP_TRACKED`: the group's
  purpose and its history, decided at the first meeting's "Deciding on the
  network"), when the history was given the group; a step that changed them
  says so (`Step.group_changed`), so the caller writes group.toml too;
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

from facilitator.model import Group, Meeting, Speaking
from facilitator.textmerge import merge_minutes

__all__ = ["GROUP_TRACKED", "TRACKED", "History", "State", "Step", "capture"]

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
    "role_feedback",
    "conclusions",
)
"""The fields of a meeting a step restores (besides the speaking turns and the minutes)."""

GROUP_TRACKED = ("purpose", "purpose_history")
"""The fields of the group a step restores (a meeting can decide the group's purpose)."""

LIMIT = 100
"""Steps kept for undo (the issue asks for at least 50)."""


@dataclass(frozen=True)
class State:
    """The meeting at one moment: tracked parts (never mutated once captured), turn counts, minutes."""

    parts: dict[str, Any]
    turns: int
    open_turns: tuple[int, ...]
    minutes: str
    group_parts: dict[str, Any] = field(default_factory=dict)
    """The tracked parts of the group (empty when the history has no group)."""


def _share_or_copy(value: Any, previous: dict[str, Any] | None, name: str) -> Any:
    if previous is not None and name in previous and previous[name] == value:
        return previous[name]
    return copy.deepcopy(value)


def capture(meeting: Meeting, previous: State | None = None, group: Group | None = None) -> State:
    """The meeting's (and `group`'s) state now; parts equal to those of `previous` are shared with it, not copied."""
    parts: dict[str, Any] = {}
    for name in TRACKED:
        parts[name] = _share_or_copy(getattr(meeting, name), previous.parts if previous else None, name)
    group_parts: dict[str, Any] = {}
    if group is not None:
        for name in GROUP_TRACKED:
            group_parts[name] = _share_or_copy(getattr(group, name), previous.group_parts if previous else None, name)
    speaking = meeting.speaking
    open_turns = tuple(n for n, turn in enumerate(speaking) if turn.end is None)
    return State(parts, len(speaking), open_turns, meeting.minutes, group_parts)


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

    @property
    def group_changed(self) -> bool:
        """The step changed the group's tracked parts (the caller writes group.toml after undo or redo)."""
        return any(
            self.before.group_parts.get(name) is not self.after.group_parts.get(name) for name in self.after.group_parts
        )

    def undo(self, meeting: Meeting, group: Group | None = None) -> None:
        """Put the meeting (and the group) back as it was before the change (typing since is kept)."""
        _restore_parts(meeting, self.before, group)
        del meeting.speaking[self._common :]
        meeting.speaking.extend(copy.deepcopy(self.removed_turns))
        for index in self.closed_turns:
            if index < len(meeting.speaking):
                meeting.speaking[index].end = None
        meeting.minutes = merge_minutes(self.after.minutes, meeting.minutes, self.before.minutes)

    def redo(self, meeting: Meeting, group: Group | None = None) -> None:
        """Make the change again, as it was made (typing since is kept)."""
        _restore_parts(meeting, self.after, group)
        for index, end in self.closed_turns.items():
            if index < len(meeting.speaking):
                meeting.speaking[index].end = end
        del meeting.speaking[self._common :]
        meeting.speaking.extend(copy.deepcopy(self.added_turns))
        meeting.minutes = merge_minutes(self.before.minutes, meeting.minutes, self.after.minutes)


def _restore_parts(meeting: Meeting, state: State, group: Group | None = None) -> None:
    for name, value in state.parts.items():
        setattr(meeting, name, copy.deepcopy(value))
    if group is not None:
        for name, value in state.group_parts.items():
            setattr(group, name, copy.deepcopy(value))


def _changed(before: State, after: State) -> bool:
    return (
        before.turns != after.turns
        or before.open_turns != after.open_turns
        or before.minutes != after.minutes
        or any(before.parts[name] is not after.parts[name] for name in TRACKED)
        or any(before.group_parts.get(name) is not value for name, value in after.group_parts.items())
    )


class History:
    """The undo and redo stacks of one running meeting (in memory; the file holds only the result)."""

    def __init__(self, limit: int = LIMIT, group: Group | None = None) -> None:
        self.group = group
        """The group whose `GROUP_TRACKED` parts the steps also restore (None: the meeting only)."""
        self._undo: deque[Step] = deque(maxlen=limit)
        self._redo: list[Step] = []
        self._last: State | None = None

    def begin(self, meeting: Meeting) -> State:
        """The state before a change (call under the meeting's lock)."""
        state = capture(meeting, self._last, self.group)
        self._last = state
        return state

    def finish(
        self, meeting: Meeting, label: str, before: State, removed_turns: list[Speaking] | None = None
    ) -> Step | None:
        """Record the change made since `begin`; None (nothing recorded) when nothing changed.

        A change that took turns away (only a reset does) passes them as `removed_turns`.
        """
        after = capture(meeting, before, self.group)
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
        step.undo(meeting, self.group)
        self._redo.append(step)
        self._last = None
        return step

    def redo(self, meeting: Meeting) -> Step | None:
        """Make the newest undone step again; the step, or None."""
        if not self._redo:
            return None
        step = self._redo.pop()
        step.redo(meeting, self.group)
        self._undo.append(step)
        self._last = None
        return step

    def clear(self) -> None:
        """Forget every step (a reset, or the meeting was read again)."""
        self._undo.clear()
        self._redo.clear()
        self._last = None
