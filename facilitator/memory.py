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
- `tidy()` in the pauses between keys (the app, every few seconds): one full
  collection of what was made since the last freeze only, then that is frozen
  too. Left alone, the collector's own full collections came every second or
  two of a running meeting, in the middle of the frame that showed the next
  item, and looked at everything made since the meeting screen settled:
  34-90 ms at hour 3. After a tidy they find little. A cycle among objects
  frozen by a tidy waits for the next `settle()` (the app settles again in a
  long pause, and at each change of screen);
- `release()` when the app ends: nothing stays frozen or held in a process that
  goes on (the tests, `facilitator serve`).

Reference counting frees everything that is not a cycle at once, as always.
Plain Python; never imports Textual.
"""

from __future__ import annotations

import gc

__all__ = ["hold", "release", "settle", "tidy"]


def hold() -> None:
    """No cycle collection until `settle()` (start-up: the objects made now live as long as the program)."""
    gc.disable()


PACED_FULL_EVERY = 1000
"""While paced (after `settle()`): the collector's own full collection comes after this many of its middle
ones (Python's default: 10, a full collection every second or two of a meeting's redraws), so that the
full collections are the app's tidies and settles, in the pauses; still one every few minutes if the app
never finds a pause."""

_own_thresholds: tuple[int, int, int] | None = None
"""Python's thresholds before the first `settle()`, for `release()`."""


def settle() -> None:
    """Collect all cycles once, then freeze what is alive, so that later collections are short; from now on
    the full collections are left to `tidy()` and `settle()` (PACED_FULL_EVERY)."""
    global _own_thresholds
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    if _own_thresholds is None:
        _own_thresholds = gc.get_threshold()
        first, middle, _full = _own_thresholds
        gc.set_threshold(first, middle, PACED_FULL_EVERY)
    gc.enable()


def release() -> None:
    """Back to Python's own collection: nothing frozen, its own thresholds, collection on."""
    global _own_thresholds
    gc.unfreeze()
    if _own_thresholds is not None:
        gc.set_threshold(*_own_thresholds)
        _own_thresholds = None
    gc.enable()


def tidy() -> bool:
    """Collect the cycles among what was made since the last freeze, then freeze what is left; False (nothing
    done) while collection is held at start-up. Costs in proportion to what is new, not to all that is alive."""
    if not gc.isenabled():
        return False
    gc.collect()
    gc.freeze()
    return True
