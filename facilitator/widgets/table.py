"""`Table`: Textual's DataTable, drawing its plain one-line cells without Rich's layout.

DataTable draws each cell the first time it is shown through Rich (the cell padded,
styled, wrapped and justified in a console render): 34 rows of seven cells, the
first frame of a history of 1,000 meetings, took 10-15 ms of it (issue 20, the
history to its rows). Almost every cell is a plain text on one line that fits
its column: `Table` draws such a cell itself, the same segments Rich gives
(padding, the text justified in its column, the cell's styles under and over
it), and leaves every other cell (markup, several styles, wider than its
column, the header, rows taller than one line) to DataTable.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.render import measure as _measure
from textual.widgets import DataTable, _data_table

__all__ = ["Table", "plain_cell"]


def _measure_text(console: Any, renderable: Any, default: int, *, container_width: int | None = None) -> int:
    """Textual's `measure` of a cell; a plain `Text` measured as Rich measures it, without building console options.

    DataTable measures every cell of every new row (for its columns' widths), and each measure
    built the console's options anew: 5 ms for the history's first 34 rows (issue 20). A `Text`'s
    widest line is what Rich's `Text.__rich_measure__` gives as its maximum.
    """
    if type(renderable) is Text:
        lines = renderable.plain.splitlines()
        return max(cell_len(line) for line in lines) if lines else 0
    return _measure(console, renderable, default, container_width=container_width)


_data_table.measure = _measure_text  # type: ignore[attr-defined]  # every DataTable: the same widths, sooner


def plain_cell(cell: object, width: int, padding: int, pre: Style, post: Style) -> list[list[Segment]] | None:
    """The lines Rich draws for `cell` in a column `width` wide, when it is a plain one-line text (else None).

    As `Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post)` rendered on one line
    without wrapping: the padding, the text justified in the rest, every part in `pre` + `post`.
    """
    if not isinstance(cell, Text) or cell._spans or cell.style or cell.end not in ("", "\n"):
        return None
    plain = cell.plain
    if "\n" in plain or "\t" in plain or "\r" in plain:
        return None
    inner = width - 2 * padding
    length = cell_len(plain)
    if inner < 0 or length > inner or cell.overflow not in (None, "fold", "crop", "ellipsis"):
        return None
    style = pre + post
    pad = Segment(" " * padding, style)
    room = inner - length
    justify = cell.justify
    if justify == "right":
        body = [Segment(" " * room + plain, style)]
    elif justify == "center":
        left = room // 2
        body = [Segment(" " * left + plain + " " * (room - left), style)]
    elif justify == "left":
        body = [Segment(plain + " " * room, style)]
    elif justify in (None, "default"):
        body = [Segment(plain, style)] + ([Segment(" " * room, style)] if room else [])
    else:  # "full" and anything else: Rich's
        return None
    return [[pad, *body, pad] if padding else body]


class Table(DataTable[Any]):
    """A DataTable whose plain one-line cells are drawn without Rich's layout (see the module docstring)."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Any:
        if row_index < 0 or column_index < 0:  # the header and the row labels: Textual's
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row_key is None or column_key is None or row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._update_count,
               self._pseudo_class_state)  # DataTable's own key of the cell: one cache for both ways
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        _label, cells = self._get_row_renderables(row_index)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component, post = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        lines = plain_cell(cells[column_index], width, self.cell_padding, pre, post)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache[key] = lines
        return lines
