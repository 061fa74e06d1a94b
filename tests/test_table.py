"""`Table` (facilitator/widgets/table.py): DataTable drawing its plain one-line cells itself, as Rich would.

The history's first frame drew 34 rows of seven cells through Rich's layout (issue 20);
every cell `Table` draws itself must be the one DataTable draws, segment for segment.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from facilitator.widgets import table as table_module
from facilitator.widgets.table import Table


class Host(App[None]):
    def __init__(self, cells: list[list[Any]], widths: list[int | None]) -> None:
        super().__init__()
        self.cells, self.widths = cells, widths

    def compose(self) -> ComposeResult:
        table = Table(cursor_type="row", zebra_stripes=True)
        for n, width in enumerate(self.widths):
            table.add_column(f"col {n}", width=width)
        table.add_rows(self.cells)
        yield table


def lines(table: DataTable[Any]) -> list[list[tuple[str, object]]]:
    """The table as drawn now, segment by segment (text, style), drawn from nothing."""
    table._cell_render_cache.clear()
    table._row_render_cache.clear()
    table._line_cache.clear()
    table._styles_cache.clear()
    return [[(segment.text, segment.style) for segment in strip] for strip in table.render_lines(Region(0, 0, *table.size))]


def as_datatable_draws(table: Table, monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, object]]]:
    """The same table drawn by DataTable alone (every cell through Rich)."""
    with monkeypatch.context() as patch:
        patch.setattr(table_module, "plain_cell", lambda *args: None)
        return lines(table)


async def test_every_cell_is_drawn_as_datatable_draws_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random cells (plain and styled texts, markup, justified, too wide, empty, None, numbers) at random widths."""
    rng = random.Random(5)
    words = ["2026-03-14", "Relationen til kommunen", "9/10", "–", "", "120", "[b]fed[/b]", "a\nb", "æøå ord"]

    def cell() -> Any:
        word = rng.choice(words)
        kind = rng.random()
        if kind < 0.3:
            return word  # a string (read as markup by DataTable)
        if kind < 0.4:
            return rng.choice([None, 3, 2.5])
        if kind < 0.5:
            return Text(word, style=rng.choice(["bold", "red", ""]))
        if kind < 0.6:
            text = Text(word)
            text.stylize("italic", 0, 1)
            return text
        return Text(word, justify=rng.choice([None, "left", "right", "center", "full"]))

    widths: list[int | None] = [rng.choice([None, 1, 3, 8, 12, 24]) for _ in range(6)]
    cells = [[cell() for _ in widths] for _ in range(30)]
    app = Host(cells, widths)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.query_one(Table)
        drawn: list[object] = []
        plain = table_module.plain_cell

        def counted(*args: Any) -> Any:
            result = plain(*args)
            drawn.append(result)
            return result

        monkeypatch.setattr(table_module, "plain_cell", counted)
        for step in range(4):  # the cursor's row, the focus and the zebra stripes take other styles
            assert lines(table) == as_datatable_draws(table, monkeypatch), f"step {step}"
            await pilot.press("down")
            if step == 2:
                table.blur()
            await pilot.pause()
        assert any(result is not None for result in drawn) and None in drawn  # both ways were taken


@given(st.text(alphabet="ab æ\n\r\t–日", max_size=30), st.sampled_from([None, "left", "right"]))
def test_a_text_is_measured_as_rich_measures_it(plain: str, justify: Any) -> None:
    """DataTable's widths of the columns come from `measure`; a `Text` measured quickly gives Rich's figure."""
    from rich.console import Console
    from textual.render import measure

    from facilitator.widgets.table import _measure_text

    console = Console(width=80)
    text = Text(plain, justify=justify)
    assert _measure_text(console, text, 1) == measure(console, text, 1)
    assert _measure_text(console, plain, 1) == measure(console, plain, 1)  # not a Text: Textual's own
