"""Work-arounds for bugs of Textual itself that the random-key test (tests/test_random_keys.py) runs into.

Each fix is as small as the bug, applies to every Textual app in the process
(they are bugs, not behaviour anyone wants) and names the version it was seen
in, so it can be dropped once Textual fixes it. Imported by facilitator/app.py.

- `lay_out_now(screen)` (Textual 8.2.8): a screen pushed at start draws its
  first frame before its first Resize has laid it out, and a DataTable or an
  Input in it is missing from that frame; the content comes in the next one,
  25-40 ms later (a bare app with the same screen as its default screen draws
  everything at once). Called from a screen's on_mount, it lays the screen out
  at once, so the first frame holds the content (issue 20). If a later Textual
  has no `Screen._refresh_layout`, it does nothing.
- `OptionList._move_page` (Textual 8.2.8): page up / page down in an option
  list that has no room on the screen yet (the command palette's list while it
  is hidden, a Select's closed overlay) looks up a line that was never laid out
  and raises KeyError. Now such a key does nothing, as it does in an empty list.
"""

from __future__ import annotations

from typing import Any, Literal

from textual.screen import Screen
from textual.widgets import OptionList

__all__: list[str] = ["lay_out_now"]


def lay_out_now(screen: Screen[Any]) -> None:
    """Lay `screen` out now rather than at its first Resize (see the module's docstring)."""
    refresh_layout = getattr(screen, "_refresh_layout", None)
    if callable(refresh_layout):
        refresh_layout(screen.app.size)

_original_move_page = OptionList._move_page


def _move_page(self: OptionList, direction: Literal[-1, 1]) -> None:
    if not self.scrollable_content_region:
        return
    try:
        _original_move_page(self, direction)
    except KeyError:  # a line not laid out yet (options added since the last layout): nothing to move to
        return


OptionList._move_page = _move_page  # type: ignore[method-assign]  # the work-around, on purpose
