"""Python's garbage collector at the pace of a meeting (issue 20): no long pause while someone types.

A live meeting at hour three holds some hundred thousand objects (the meeting's
2,000 speaking turns, the minutes' editor, the screens). Python's collector of
reference cycles looks at all of them in each of its full collections, which it
starts by itself every few seconds while the screen is drawn and typed into:
each took 30-40 ms, and the key typed meanwhile waited (issue 20's typing p99).

So, as servers commonly do (`gc.freeze`, Python 3.7+):

- `hold()` at start-up: no collection while the program starts (imports, the
  first screen), where it cost about 50 ms of the 0.4 s to the home screen's
  content; nothing is lost, cycles made meanwhile are collected by `settle()`;
- `settle()` once a screen has settled (the app calls it a moment after each
  change of screen): one full collection, then everything alive is frozen, left
  out of later collections, which then look at what was made since; a screen
  closed after that is freed by the next `settle()`, which unfreezes first;
- `release()` when the app ends: nothing stays frozen or held in a process that
  goes on (the tests, `facilitator serve`).

Reference counting frees everything that is not a cycle at once, as always.
Plain Python; never imports Textual.
"""

from __future__ import annotations

import gc

__all__ = ["hold", "release", "settle"]


def hold() -> None:
    """No cycle collection until `settle()` (start-up: the objects made now live as long as the program)."""
    gc.disable()


def settle() -> None:
    """Collect all cycles once, then freeze what is alive, so that later collections are short."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.enable()


def release() -> None:
    """Back to Python's own collection: nothing frozen, collection on."""
    gc.unfreeze()
    gc.enable()
