"""F1 and the palette's "Help" open the help screen on every screen, listing that screen's keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, settle
from rich.text import Text
from textual.command import CommandPalette
from textual.widgets import Static

from facilitator.app import FacilitatorApp
from facilitator.demo import write_demo
from facilitator.i18n import t
from facilitator.screens.help import HelpScreen
from facilitator.store import Store

MakeApp = Callable[..., FacilitatorApp]
BUILTIN = {"app.focus_next", "app.focus_previous", "screen.copy_text", "app.copy_text"}


def help_text(screen: HelpScreen) -> str:
    content = screen.query_one("#help-keys", Static).content
    return content.plain if isinstance(content, Text) else str(content)


def own_descriptions(screen: object) -> set[str]:
    """The descriptions of the keys a screen binds itself (not Textual's focus and copy keys)."""
    bindings = screen._bindings.key_to_bindings.values()  # type: ignore[attr-defined]
    return {b.description for bs in bindings for b in bs if b.description and b.action not in BUILTIN}


async def test_f1_on_the_home_screen_lists_the_home_keys(make_app: MakeApp, data_dir: Path) -> None:
    write_demo(data_dir, meetings=2, today=TODAY, language="en")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        for key in ("home.bind_new", "home.bind_history", "group_screens.home_bind_members", "group_screens.home_bind_plan"):
            assert t(key) in text
        assert {k.description for k in app.screen.keys} >= own_descriptions(home)
        await pilot.press("escape")
        assert app.screen is home


async def test_f1_on_the_history_screen_lists_the_history_keys(make_app: MakeApp, data_dir: Path) -> None:
    write_demo(data_dir, meetings=3, today=TODAY, language="en")
    app = make_app("history")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        history = app.screen
        assert type(history).__name__ == "HistoryScreen"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        assert t("history.key_stats") in text and t("history.key_search") in text
        assert t("home.bind_new") not in text  # the keys of the screen it came from, not of home
        await pilot.press("f1")  # F1 again closes
        assert app.screen is history


def _commands(store: Store) -> list[tuple[str, ...]]:
    gid = store.group_ids()[0]
    planned = store.upcoming_meetings(gid)[0].id
    done = store.history_index(gid)[0].id
    return [
        ("members",), ("plan",), ("agenda", planned), ("invitation", planned), ("agreements",), ("themes",),
        ("wall", planned), ("review", done), ("stats",),
    ]


@pytest.mark.parametrize("index", range(9))
async def test_f1_opens_the_help_of_every_screen(make_app: MakeApp, data_dir: Path, index: int) -> None:
    write_demo(data_dir, meetings=2, today=TODAY, language="en")
    command = _commands(Store(data_dir))[index]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if command[0] == "review":
            from facilitator.screens.review import ReviewScreen

            await app.push_screen(ReviewScreen(command[1]))
        elif command[0] == "stats":
            from facilitator.screens.stats import StatsScreen

            await app.push_screen(StatsScreen())
        else:
            assert app.open_screen(command)
        await settle(pilot)
        source = app.screen
        app.set_focus(None)  # F1 must work whatever has the focus; an Input takes no F1 anyway
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen), command
        listed = {k.description for k in app.screen.keys}
        assert own_descriptions(source) & listed, command
        await pilot.press("escape")
        assert app.screen is source


async def test_help_in_the_command_palette(make_app: MakeApp, data_dir: Path) -> None:
    write_demo(data_dir, meetings=2, today=TODAY, language="da")
    app = make_app("--lang", "da", "history")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        history = app.screen
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Hjælp")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert t("history.key_stats") in help_text(app.screen)
        await pilot.press("escape")
        assert app.screen is history
