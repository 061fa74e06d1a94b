"""The work-arounds of facilitator/textual_fixes.py: each Textual bug the random-key test met, now harmless."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList

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
