"""The work-arounds of facilitator/textual_fixes.py: each Textual bug we met, now harmless."""

from __future__ import annotations

from textual._compositor import LayoutUpdate
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, OptionList

import facilitator.textual_fixes  # noqa: F401 - the fixes under test


class _HiddenList(App[None]):
    def compose(self) -> ComposeResult:
        options = OptionList(*[f"option {n}" for n in range(30)], id="list")
        options.display = False  # as the command palette's list before it has hits
        yield options


async def test_page_keys_in_an_option_list_with_no_room_do_nothing() -> None:
    app = _HiddenList()
    async with app.run_test() as pilot:
        options = app.query_one("#list", OptionList)
        options.highlighted = 3
        options.action_page_down()
        options.action_page_up()
        await pilot.pause()
        assert options.highlighted == 3
        options.display = True
        await pilot.pause()
        options.action_page_down()  # laid out now: the page keys move again
        await pilot.pause()
        assert options.highlighted is not None and options.highlighted > 3


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="table")
        table.add_columns("date", "title")
        table.add_rows([("2026-11-10", "Number and mix of children"), ("2026-10-13", "Ergonomic strain")])
        yield table
        yield Footer()


async def test_a_frame_dropped_inside_a_batch_is_drawn_whole_in_the_next_one() -> None:
    """At start the first screen is drawn inside the app's batch: Textual throws that frame away.

    Without the fix the regions it drew stayed clean, and the next frame drew only what
    changed since (the header and the footer), not the table: the table came a frame later.
    """
    app = _Table()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = app.query_one("#table", DataTable)
        with app.batch_update():
            table.refresh()
            screen._compositor.update_widgets({table})
            app._display(screen, screen._compositor.render_update())  # thrown away: the app is in a batch
        after = screen._compositor.render_update()
        assert isinstance(after, LayoutUpdate)  # the whole screen, the table's rows with it
        assert after.region == screen.size.region
