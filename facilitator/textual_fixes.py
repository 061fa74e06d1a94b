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
- `Compositor.render_partial_update` (Textual 8.2.8): a frame drew every
  widget inside the box that holds all the changed parts of the screen, and
  threw away what was not changed. A change at the top (the saved time in the
  top line) and one at the bottom (a key of the footer) make that box the
  whole screen: every next item drew the 60 KB minutes pane and its scroll bar
  anew, 3-5 ms of a 20 ms frame, though nothing in it had changed (issue 20's
  commands). Now a frame draws only the widgets with a changed part, and of
  each only the rows from its first changed row to its last, at its full
  width (where Textual's cuts of a line are); what reaches the terminal is the
  same, as it only ever wrote the changed parts.
- `ScrollView._size_updated` (Textual 8.2.8): a scroll view (the TextArea
  of the minutes) keeps a virtual size of its own and never takes the one the
  layout hands it, but compared the two at every layout of the screen: they
  never agree, so every layout (the clock's detail growing a line, the
  over-time prompt coming) updated its scroll bars and drew them again, and
  with them the 36 rows of the minutes pane, two or three times per next
  item. Now a layout that leaves its size, its container's size and its own
  virtual size as they were at the last update leaves the scroll bars alone.
- `TextArea.render_line` (Textual 8.2.8): a soft-wrapped text area put the
  whole selection into the cache key of every line it drew (it could not tell
  which document line a display line shows), so every move of the cursor, each
  typed key included, drew every visible row of the minutes anew (34 rows).
  Now a display line's key holds the selection only when the selection
  touches the document line it shows, as Textual does without soft wrap; and
  the placeholder is looked at before the whole text is joined to see whether
  it is empty (`not self.text` joined 60 KB for every line drawn).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, Literal

from rich.console import RenderableType
from textual import _time
from textual._compositor import ChopsUpdate, Compositor
from textual.app import App
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Region
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
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

_original_get_renders = Compositor._get_renders


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """Textual's `render_partial_update`, with the changed regions handed to `_get_renders` (below)."""
    screen_region = self.size.region
    update_regions = self._dirty_regions.copy()
    self._dirty_regions.clear()
    if not update_regions:
        return None
    crop = Region.from_union(list(update_regions)).intersection(screen_region)
    spans = list(self._regions_to_spans(update_regions))
    is_rendered_line = {y for y, _, _ in spans}.__contains__
    self._facilitator_changed = list(update_regions)  # type: ignore[attr-defined]
    try:
        chops = self._render_chops(crop, is_rendered_line)
    finally:
        self._facilitator_changed = None  # type: ignore[attr-defined]
    chop_ends = [cut_set[1:] for cut_set in self.cuts]
    return ChopsUpdate(chops, spans, chop_ends)


def _get_renders(self: Compositor, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
    """Textual's `_get_renders`; in a partial update, only the widgets with a changed part, and their changed rows.

    A widget none of whose visible part changed would give only cuts of lines outside every changed span,
    which the update never writes; a row of a widget outside its changed rows likewise. A widget keeps its
    full visible width: the cuts of a line start at widgets' edges, and a strip is divided at them.
    """
    changed: list[Region] | None = getattr(self, "_facilitator_changed", None)
    if not changed or crop is None:
        yield from _original_get_renders(self, crop)
        return
    for widget, (region, clip) in list(self.visible_widgets.items()):
        visible = region.intersection(clip)
        if not visible:
            continue
        top = bottom = None
        for dirty in changed:
            part = visible.intersection(dirty)
            if part:
                top = part.y if top is None else min(top, part.y)
                bottom = part.bottom if bottom is None else max(bottom, part.bottom)
        if top is None or bottom is None:
            continue
        rows = Region(visible.x, top, visible.width, bottom - top)
        strips = widget.render_lines(Region(rows.x - region.x, rows.y - region.y, rows.width, rows.height))
        yield region, rows, strips


Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]  # the work-around
Compositor._get_renders = _get_renders  # type: ignore[method-assign]  # the work-around, on purpose

_original_size_updated = ScrollView._size_updated


def _size_updated(self: ScrollView, size: Any, virtual_size: Any, container_size: Any, layout: bool = True) -> bool:
    """Textual's `ScrollView._size_updated`, without the update a layout that changed nothing of it asked for."""
    if (
        size == self._size
        and container_size == self._container_size
        and getattr(self, "_facilitator_scrolled_for", None) == self.virtual_size
    ):
        return False  # what Textual returns here too: neither the size nor the container's size changed
    changed = _original_size_updated(self, size, virtual_size, container_size, layout)
    self._facilitator_scrolled_for = self.virtual_size  # type: ignore[attr-defined]
    return changed


ScrollView._size_updated = _size_updated  # type: ignore[method-assign]  # the work-around, on purpose

_original_render_line = TextArea.render_line


def line_key(self: TextArea, y: int) -> tuple[object, ...] | None:
    """The cache key of row `y` of a text area as drawn now (None: a placeholder, or a Textual unlike 8.2.8)."""
    return line_keys(self, (y,))[0]


def line_keys(self: TextArea, rows: Iterable[int]) -> list[tuple[object, ...] | None]:
    """The cache keys of `rows` of a text area as drawn now (see `line_key`), what they share computed once."""
    rows = list(rows)
    if self.placeholder and not self.text:
        return [None] * len(rows)  # the placeholder's own drawing
    info = getattr(self.wrapped_document, "_offset_to_line_info", None)
    if info is None:  # a Textual that keeps its wrapping otherwise
        return [None] * len(rows)
    scroll_x, scroll_y = self.scroll_offset
    selection = self.selection
    _, cursor_y = self._cursor_offset
    soft_wrap = self.soft_wrap
    blinking = self._cursor_visible and self.cursor_blink
    size = self.size
    tail = (
        self.theme,
        self._matching_bracket_location,
        self.match_cursor_bracket,
        soft_wrap,
        self.show_line_numbers,
        self.read_only,
        self.show_cursor,
        self.suggestion,
    )
    keys: list[tuple[object, ...] | None] = []
    for y in rows:
        absolute_y = scroll_y + y
        if soft_wrap:
            shown = info[absolute_y] if 0 <= absolute_y < len(info) else None
            row = shown[0] if shown is not None else -1  # below the text: no document line
        else:
            row = absolute_y
        keys.append(
            (
                size,
                scroll_x,
                absolute_y,
                selection if selection.contains_line(row) else selection.end[0] == row,
                selection.end if (blinking and absolute_y == cursor_y) else None,
                *tail,
            )
        )
    return keys


def _render_line(self: TextArea, y: int) -> Strip:
    """Textual's `TextArea.render_line` with the cache key of a soft-wrapped line as of a line without wrap."""
    cache_key = line_key(self, y)
    if cache_key is None:
        return _original_render_line(self, y)
    if (cached_line := self._line_cache.get(cache_key)) is not None:
        return cached_line
    line = self._render_line(y)
    self._line_cache[cache_key] = line
    return line


TextArea.render_line = _render_line  # type: ignore[method-assign]  # the work-around, on purpose
