"""`RowsWidget`: a panel that draws its own rows, and on a change only the rows that changed.

The speakers panel and the agenda built a Rich `Text` of all their lines at every
change and Textual laid it out and cut it into lines again: 1.4 ms and 0.7 ms at
hour 3, at every second (the running turn and the current item's time) and at
every key that changes the meeting (issue 20), though mostly one or two rows
had changed. Here a widget says what its rows are (`rows_for(width)`: each a
tuple of runs, a run a text and its style); `show_rows()` compares them with
the rows shown and repaints only those that differ, and `render_line` draws a
row from its runs, nothing else.

A run's style is one of the widget's component classes (its colours from the
theme), a Rich style string ("bold", "dim strike"), several of them laid over
each other ("speakers--current+speakers--muted") or "" (the widget's own).
Rows are drawn on the widget's own style, as a `Text` is; a row wider than
the widget is cut, with "…" when `ELLIPSIS` says so.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["Row", "RowsWidget", "Run"]

Run = tuple[str, str]
"""A stretch of a row: its text and its style (a component class, a Rich style string, or "")."""
Row = tuple[Run, ...]
"""One row of a panel, as runs from left to right."""


class RowsWidget(Widget):
    """A widget drawn row by row from `rows_for(width)`; see the module docstring."""

    ELLIPSIS = True
    """A row wider than the widget ends in "…" (False: it is cut)."""

    _rows: tuple[Row, ...] = ()
    """The rows shown (or about to be), for `_rows_width`."""
    _rows_width = -1
    """The width `_rows` were made for (-1: none yet)."""
    _styles: dict[str, Style]
    """The styles of the runs drawn, by name (see `_style_of`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._styles = {}
        super().__init__(*args, **kwargs)

    def rows_for(self, width: int) -> tuple[Row, ...]:
        """The rows the widget shows at `width` cells (for subclasses; nothing by default)."""
        return ()

    def show_rows(self) -> None:
        """Take the rows anew and repaint those that changed (a new number of rows: a new layout too)."""
        width = self.size.width
        rows = self.rows_for(width)
        old, old_width = self._rows, self._rows_width
        self._rows, self._rows_width = rows, width
        if old_width != width or not self.is_mounted:
            self.refresh(layout=len(rows) != len(old))
        elif len(rows) != len(old):
            self.refresh(layout=True)
        elif changed := [y for y, (before, after) in enumerate(zip(old, rows, strict=True)) if before != after]:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if width != self._rows_width:  # a width whose rows were never made: a resize draws them all anyway
            self._rows, self._rows_width = self.rows_for(width), width
        return len(self._rows)

    def _run_style(self, name: str) -> Style:
        if not name:
            return Style.null()
        if "+" in name:  # styles laid over each other, left to right
            return Style.chain(*(self._run_style(part) for part in name.split("+")))
        if name in self.COMPONENT_CLASSES:
            return self.get_component_rich_style(name, partial=True)
        return Style.parse(name)

    def notify_style_update(self) -> None:
        self._styles = {}  # the theme or a class changed: the styles are looked up anew
        super().notify_style_update()

    def _style_of(self, name: str) -> Style:
        """The style a run of `name` is drawn in: the widget's own ("" or "\\0") with the run's over it.

        Kept until the widget's styles change: a lookup costs 0.1 ms (Textual walks the ancestors
        for the background), seven for a row of the speakers panel.
        """
        styles = self._styles
        style = styles.get(name)
        if style is None:
            base = styles.get("\0")
            if base is None:
                base = styles["\0"] = self.rich_style
            style = styles[name] = base if name in ("", "\0") else base + self._run_style(name)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width != self._rows_width:  # a new width (a resize repaints every row): the rows for it
            self._rows, self._rows_width = self.rows_for(width), width
        base = self._style_of("\0")  # the widget's own style
        if not 0 <= y < len(self._rows) or width <= 0:
            return Strip.blank(width, base)
        style_of = self._style_of
        segments = [Segment(text, style_of(style)) for text, style in self._rows[y] if text]
        strip = Strip(segments)
        length = strip.cell_length
        if length > width:
            if self.ELLIPSIS:
                cut = strip.crop(0, width - 1)
                last = cut._segments[-1].style if cut._segments else base
                strip = Strip([*cut, Segment("…", last)], width)
            else:
                strip = strip.crop(0, width)
        elif length < width:
            strip = strip.extend_cell_length(width, base)
        return strip
