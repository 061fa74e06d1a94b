"""Terminal charts: bars of a value against a reference, and one-character-per-meeting series.

Both charts carry their meaning in the characters, not only in colour, so they
read the same in the high-contrast theme and on a black-and-white printout:

* a bar is `█` up to the value while within the reference (planned time, fair
  share), `░` for the part of the reference not used, and `▓` for the part
  beyond it; a note after the bar gives the numbers;
* a series is one character per meeting (a sparkline `▁▂▃▄▅▆▇█`, or the
  attendance marks `● ◐ ○`), `·` where there is no value.

The drawing itself is plain functions (`bar_cells`, `sparkline`), tested without
a screen; the widgets only fit them to their width and colour them with
component classes styled in `themes/history.tcss`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

FULL = "█"
"""Part of the value within the reference."""
UNUSED = "░"
"""Part of the reference the value did not reach."""
OVER = "▓"
"""Part of the value beyond the reference."""
SPARKS = "▁▂▃▄▅▆▇█"
"""Sparkline levels, lowest first."""
MISSING = "·"
"""A meeting without a value in a series."""
MIN_BAR = 12
"""Bars (and series) keep at least this many cells; the note after them is cut short first."""


def bar_cells(value: float, reference: float | None, scale: float, width: int) -> str:
    """A bar of `width` cells at most for `value` against `reference`, where `scale` fills the width.

    Every non-zero value gets at least one cell, so a short turn is still seen.
    """
    if width <= 0 or scale <= 0:
        return ""

    def cells(amount: float) -> int:
        if amount <= 0:
            return 0
        return max(1, min(width, round(amount / scale * width)))

    value_cells = cells(value)
    if reference is None or reference <= 0:
        return FULL * value_cells
    reference_cells = cells(reference)
    # Over or under stays visible even when rounding would hide it: one cell at least.
    if value > reference and value_cells <= reference_cells:
        if reference_cells >= width:
            reference_cells = width - 1
        value_cells = reference_cells + 1
    elif 0 < value < reference and value_cells >= reference_cells:
        if reference_cells <= 1:
            reference_cells = min(width, 2)
        value_cells = reference_cells - 1
    if value_cells <= reference_cells:
        return FULL * value_cells + UNUSED * (reference_cells - value_cells)
    return FULL * reference_cells + OVER * (value_cells - reference_cells)


def sparkline(values: Sequence[float | None], maximum: float | None = None) -> str:
    """One character per value, scaled to `maximum` (default: the largest value); None shows `·`."""
    present = [v for v in values if v is not None]
    top = maximum if maximum is not None else (max(present) if present else 0.0)
    out: list[str] = []
    for value in values:
        if value is None:
            out.append(MISSING)
        elif top <= 0:
            out.append(SPARKS[0])
        else:
            level = round(max(0.0, min(1.0, value / top)) * (len(SPARKS) - 1))
            out.append(SPARKS[level])
    return "".join(out)


@dataclass(frozen=True)
class BarRow:
    """One row of a `BarChart`."""

    label: str
    value: float
    reference: float | None = None
    note: str = ""
    """Text after the bar (the numbers, in words the reader understands)."""


@dataclass(frozen=True)
class SeriesRow:
    """One row of a `SeriesChart`: one character per meeting, oldest first."""

    label: str
    cells: str
    note: str = ""


def _fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text.ljust(width)
    if width <= 1:
        return text[:width]
    return text[: width - 1] + "…"


RowT = TypeVar("RowT", "BarRow", "SeriesRow")


class _RowsChart(Widget, Generic[RowT]):
    """A chart of one line per row; the subclasses draw the rows."""

    def __init__(
        self,
        rows: Sequence[RowT] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[RowT] = list(rows)

    @property
    def rows(self) -> list[RowT]:
        """The rows shown (a copy)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[RowT]) -> None:
        """Show these rows instead."""
        self._rows = list(rows)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self._rows))

    def _columns(self) -> tuple[int, int, int]:
        """The width to draw in, the labels' column (at most a quarter of it) and the notes' (rows there are)."""
        width = self.content_size.width or 60
        label_width = min(max(len(row.label) for row in self._rows), max(6, width // 4))
        return width, label_width, max(len(row.note) for row in self._rows)


class BarChart(_RowsChart[BarRow]):
    """Horizontal bars of values against references, one row each, with a label and a note."""

    DEFAULT_CSS = """
    BarChart { height: auto; }
    """

    COMPONENT_CLASSES = {"barchart--label", "barchart--full", "barchart--unused", "barchart--over", "barchart--note"}

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not self._rows:
            return text
        width, label_width, note_width = self._columns()
        bar_width = width - label_width - note_width - 3
        if bar_width < MIN_BAR:
            note_width = max(0, note_width - (MIN_BAR - bar_width))
            bar_width = max(1, width - label_width - note_width - 3)
        scale = max(max(row.value, row.reference or 0.0) for row in self._rows)
        styles = {
            FULL: self.get_component_rich_style("barchart--full", partial=True),
            UNUSED: self.get_component_rich_style("barchart--unused", partial=True),
            OVER: self.get_component_rich_style("barchart--over", partial=True),
        }
        label_style = self.get_component_rich_style("barchart--label", partial=True)
        note_style = self.get_component_rich_style("barchart--note", partial=True)
        for index, row in enumerate(self._rows):
            if index:
                text.append("\n")
            text.append(_fit(row.label, label_width), label_style)
            text.append(" ")
            cells = bar_cells(row.value, row.reference, scale, bar_width)
            _append_runs(text, cells, styles)
            text.append(" " * (bar_width - len(cells) + 1))
            text.append(" " + _fit(row.note, note_width).rstrip(), note_style)
        return text


class SeriesChart(_RowsChart[SeriesRow]):
    """Rows of one character per meeting; when the width is short, the newest meetings are kept."""

    DEFAULT_CSS = """
    SeriesChart { height: auto; }
    """

    COMPONENT_CLASSES = {
        "serieschart--label",
        "serieschart--cells",
        "serieschart--note",
        "serieschart--present",
        "serieschart--notified",
        "serieschart--absent",
        "serieschart--missing",
    }
    _CHAR_CLASSES = {
        "●": "serieschart--present",
        "◐": "serieschart--notified",
        "○": "serieschart--absent",
        MISSING: "serieschart--missing",
    }

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not self._rows:
            return text
        width, label_width, note_width = self._columns()
        longest = max(len(row.cells) for row in self._rows)
        room = width - label_width - note_width - 3
        if room < min(longest, MIN_BAR):
            note_width = max(0, note_width - (min(longest, MIN_BAR) - room))
            room = width - label_width - note_width - 3
        cells_width = max(1, min(longest, room))
        label_style = self.get_component_rich_style("serieschart--label", partial=True)
        note_style = self.get_component_rich_style("serieschart--note", partial=True)
        base = self.get_component_rich_style("serieschart--cells", partial=True)
        styles = {char: base + self.get_component_rich_style(name, partial=True) for char, name in self._CHAR_CLASSES.items()}
        for index, row in enumerate(self._rows):
            if index:
                text.append("\n")
            text.append(_fit(row.label, label_width), label_style)
            text.append(" ")
            cells = row.cells.rjust(longest)
            if len(cells) > cells_width:
                cells = "…" + cells[len(cells) - cells_width + 1 :]
            _append_runs(text, cells, styles, base)
            text.append("  ")
            text.append(_fit(row.note, note_width).rstrip(), note_style)
        return text


def _append_runs(text: Text, cells: str, styles: dict[str, Style], default: Style | None = None) -> None:
    """Append `cells`, styling runs of the same character together."""
    start = 0
    while start < len(cells):
        end = start
        while end < len(cells) and cells[end] == cells[start]:
            end += 1
        style = styles.get(cells[start], default)
        text.append(cells[start:end], style or "")
        start = end
