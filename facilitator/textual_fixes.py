"""Work-arounds for bugs of Textual itself, most of them found by the random-key test (tests/test_random_keys.py).

Each fix is as small as the bug, applies to every Textual app in the process
(they are bugs, not behaviour anyone wants) and names the version it was seen
in, so it can be dropped once Textual fixes it. Imported by facilitator/app.py.

- `App._display` (Textual 8.2.8): a frame drawn while the app is in a batch
  (at start, the first screen is laid out and drawn inside the app's own
  batch) is thrown away, but the regions it drew are no longer marked dirty, so
  the next frame leaves them out: a screen pushed at start showed its header
  and footer first and its DataTable 25-40 ms later (issue 20; a bare app shows
  the same). Now a frame thrown away in a batch marks the whole screen dirty,
  and the first frame after the batch holds all of it.
- `OptionList._move_page` (Textual 8.2.8): page up / page down in an option
  list that has no room on the screen yet (the command palette's list while it
  is hidden, a Select's closed overlay) looks up a line that was never laid out
  and raises KeyError. Now such a key does nothing, as it does in an empty list.
- `WrappedDocument.height` (Textual 8.2.8): the TextArea asks for it for every
  line it draws, and it was summed over every line of the document each time:
  drawing the minutes pane after a key at hour 3 (1,500 lines of minutes, 34
  lines shown) summed 50,000 numbers, a third of the time the key took to
  reach the screen (issue 20's typing figures). The document keeps one entry
  per line shown (`_offset_to_line_info`, kept by `wrap` and `wrap_range`), so
  the height is its length: the same number, found at once.
- `Timer._run` (Textual 8.2.8): a timer that missed its time (one resumed
  after a pause, as the screen's update timer is whenever the screen has
  nothing to draw) skipped to the second slot ahead instead of the next one.
  The screen draws at most 60 times a second; after an idle moment its first
  frame comes at once, but a change made just after that frame (a key typed
  right after the clock's once-a-second redraw) waited 17-33 ms instead of at
  most 17 for its frame: a third of the typing's worst keys (issue 20's p99).
  Now it waits for the next slot, as "skip" means.
- `TextArea._on_resize` (Textual 8.2.8): every resize wrapped the whole
  document anew, also when only the height changed. The minutes pane's height
  changes whenever a bar above the footer comes or goes (the over-time bar as
  the next item starts): 10-25 ms for 60 KB of minutes, each time. Now a
  resize that leaves the wrapping width as it was keeps the wrapping, which
  every edit keeps up to date (`wrap_range`).
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from rich.console import RenderableType
from textual import _time
from textual.app import App
from textual.document._wrapped_document import WrappedDocument
from textual.screen import Screen
from textual.timer import EventTargetGone, Timer
from textual.widgets import OptionList, TextArea

_original_display = App._display


def _display(self: App[Any], screen: Screen[Any], renderable: RenderableType | None) -> None:
    if renderable is not None and self._batch_count:
        # Textual drops this frame (the app is in a batch) but the regions it painted are no longer
        # dirty, so the next frame would leave them out: paint the whole screen in the next one.
        compositor = getattr(screen, "_compositor", None)
        dirty = getattr(compositor, "_dirty_regions", None)
        if isinstance(dirty, set):
            dirty.add(screen.size.region)
    _original_display(self, screen, renderable)


App._display = _display  # type: ignore[method-assign]  # the work-around, on purpose

_original_move_page = OptionList._move_page


def _move_page(self: OptionList, direction: Literal[-1, 1]) -> None:
    if not self.scrollable_content_region:
        return
    try:
        _original_move_page(self, direction)
    except KeyError:  # a line not laid out yet (options added since the last layout): nothing to move to
        return


OptionList._move_page = _move_page  # type: ignore[method-assign]  # the work-around, on purpose


def _height(self: WrappedDocument) -> int:
    """The height of the wrapped document: one entry of `_offset_to_line_info` per line shown."""
    shown = getattr(self, "_offset_to_line_info", None)
    if shown is None:  # a Textual that keeps it otherwise: its own sum
        return sum(len(offsets) + 1 for offsets in self._wrap_offsets)
    return len(shown)


WrappedDocument.height = property(_height)  # type: ignore[method-assign,assignment]  # the work-around, on purpose


async def _run(self: Timer) -> None:
    """Textual's `Timer._run`, but a missed slot is skipped to the next one, not the one after it."""
    count = 0
    _repeat = self._repeat
    _interval = self._interval
    active: asyncio.Event = self._active  # made here, on the timer's own thread (as Textual does)
    await active.wait()
    start = _time.get_time()

    while _repeat is None or count <= _repeat:
        next_timer = start + ((count + 1) * _interval)
        now = _time.get_time()
        if self._skip and next_timer < now:
            # The next slot (Textual added 1 here: the slot after the next); never less than one on, so that
            # rounding cannot keep it here.
            count = max(count + 1, int((now - start) / _interval))
            continue
        now = _time.get_time()
        wait_time = max(0, next_timer - now)
        await _time.sleep(wait_time)
        count += 1
        await active.wait()
        if self._reset:
            start = _time.get_time()
            count = 0
            self._reset = False
            continue
        try:
            await self._tick(next_timer=next_timer, count=count)
        except EventTargetGone:
            break


Timer._run = _run  # type: ignore[method-assign]  # the work-around, on purpose

_original_on_resize = TextArea._on_resize


def _on_resize(self: TextArea) -> None:
    wrapped = self.wrapped_document
    same = getattr(wrapped, "_width", None) == self.wrap_width and getattr(wrapped, "_tab_width", None) == self.indent_width
    if not same or not hasattr(self, "_line_cache"):
        _original_on_resize(self)
        return
    self._line_cache.clear()  # the lines drawn may be cut otherwise; the wrapping is the same
    self._refresh_size()


TextArea._on_resize = _on_resize  # type: ignore[method-assign]  # the work-around, on purpose
