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
"""

from __future__ import annotations

from typing import Any, Literal

from rich.console import RenderableType
from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList

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
