"""Telling typing from the moderator's keys on the meeting screen (issue 13).

The meeting screen gives single keys to the moderator (space, n, 0-9, t ...),
and a new user may start typing the minutes without moving into the minutes
pane first. `TypingGuard` watches the printable keys pressed while the
meeting has the keys and tells the screen, key by key, what to do:

- a key that is no command of the screen (a capital, most letters, æøå,
  punctuation, enter) is typing: that key, and the run of keys pressed just
  before it (each within `CHAIN` seconds of the one before), go into the
  minutes; what those earlier keys did is undone (the screen undoes back to
  the undo depth before the run's first key). Two keys of a run stay what
  they were, because typing would not have made them: spaces at its start (a
  moderator's space starts the item, then the words come) and a run followed
  by a capital letter with no space between ("n", then "Bo said": the moderator
  moved on, the minute-taker began);
- a key that runs at once (space, + -, digits, n, p, x, s, c) runs, and is
  remembered in the run;
- a key that would open a dialog (t, a, g, o) waits `GRACE` seconds: if
  another key comes first, both are typing (a dialog would catch the rest of
  the sentence); if not, the screen runs it (`fire`), and the dialog it opens
  hands a key that is none of its own, typed within `CHAIN` seconds, back
  as typing (screens/typing_catch.py), so slower typing is caught there.

So typing a sentence leaves the meeting as it was, with the words in the
minutes; a single deliberate key works as before. Plain Python with the
times given by the caller (tested without a screen); never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["CHAIN", "GRACE", "KeyKind", "Press", "TypingGuard", "Verdict"]

CHAIN = 1.5
"""Seconds between two keys of one run of typing (a new user types about a key a second)."""
GRACE = 0.5
"""Seconds a dialog key waits for a following key before it opens its dialog (ctrl+t has no wait)."""

KeyKind = Literal["instant", "delayed", "text"]


@dataclass(frozen=True)
class Press:
    """One printable key: its text, what kind of key it was, when, and the undo depth before it."""

    text: str
    kind: KeyKind
    at: float
    undo_depth: int
    action: str = ""
    """The screen action the key was bound to ('' for text)."""


@dataclass(frozen=True)
class Verdict:
    """What the screen does with a key: run it now, hold it, or take the run into the minutes."""

    do: Literal["run", "wait", "typing"]
    text: str = ""
    """With "typing": the text that goes into the minutes (the run's keys and this one)."""
    undo_to: int = 0
    """With "typing": undo until this many steps are left."""
    undone: tuple[Press, ...] = field(default_factory=tuple)
    """With "typing": the earlier keys of the run that ran (their view toggles are put back)."""


class TypingGuard:
    """Watches printable keys on the meeting screen; see the module docstring."""

    def __init__(self, chain: float = CHAIN) -> None:
        self.chain = chain
        self._run: list[Press] = []
        self.pending: Press | None = None
        """A dialog key waiting for its grace time (the screen fires it, or typing takes it)."""

    def press(self, text: str, kind: KeyKind, at: float, undo_depth: int, action: str = "") -> Verdict:
        """A printable key pressed at `at` (seconds, any monotonic clock) while the meeting has the keys."""
        press = Press(text, kind, at, undo_depth, action)
        if self._run and at - self._run[-1].at > self.chain:
            self._run = []
        if self.pending is not None:
            held = self.pending
            self.pending = None
            return self._typing([*self._kept(self._run, held), held, press])
        if kind == "text":
            return self._typing([*self._kept(self._run, press), press])
        if kind == "delayed":
            self.pending = press
            return Verdict("wait")
        self._run.append(press)
        return Verdict("run")

    def fire(self) -> Press | None:
        """The grace time of the held dialog key passed with no other key: run it (the run ends there)."""
        held, self.pending = self.pending, None
        self._run = []
        return held

    def reset(self) -> None:
        """Forget the run (the focus moved, a dialog opened or closed, a non-printable key was used)."""
        self._run = []
        self.pending = None

    @staticmethod
    def _kept(run: list[Press], after: Press) -> list[Press]:
        """The part of the run that was typing, given the key that showed it (see the module docstring)."""
        start = 0
        while start < len(run) and run[start].text.isspace():
            start += 1
        run = run[start:]
        if run and after.text[:1].isupper() and not run[-1].text.isspace():
            return []
        return run

    def _typing(self, presses: list[Press]) -> Verdict:
        self._run = []
        depth = presses[0].undo_depth
        ran = tuple(p for p in presses if p.kind == "instant")
        return Verdict("typing", "".join(p.text for p in presses), depth, ran)
