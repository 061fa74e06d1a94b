"""What the program's tables share: the key of the row under the cursor.

The home screen's planned meetings, the members and the meeting plan each
keep a row key (a meeting's or a member's id) on every row of a `DataTable`;
the screens ask which one the cursor is on with `cursor_row_key`.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

__all__ = ["cursor_row_key"]


def cursor_row_key(table: DataTable[Any]) -> str | None:
    """The key of the row under `table`'s cursor, or None (an empty table, or the cursor on no row)."""
    if table.row_count == 0:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:  # the cursor is on no row
        return None
    return str(key.value) if key.value is not None else None
