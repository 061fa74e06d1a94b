"""The application shell: themes, stylesheets, bindings, the screen registry and settings."""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen

from facilitator import app as app_module
from facilitator.app import FacilitatorApp, screen_class
from facilitator.i18n import catalog
from facilitator.palette import DEFAULT_THEME, HIGH_CONTRAST_THEME
from facilitator.ui import stylesheet

MakeApp = Callable[..., FacilitatorApp]


def test_stylesheets_ship_in_the_themes_package() -> None:
    for name in ("app.tcss", "home.tcss", "dialogs.tcss"):
        path = stylesheet(name)
        assert path.is_absolute() and path.is_file(), path
    for path in FacilitatorApp.CSS_PATH:  # type: ignore[union-attr]
        assert Path(path).is_absolute()


def test_stylesheets_use_theme_variables_only() -> None:
    import re

    for name in ("app.tcss", "home.tcss", "dialogs.tcss"):
        text = stylesheet(name).read_text(encoding="utf-8")
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b|\brgb\(|\b(red|white|black|yellow|cyan)\b", text), name


async def test_both_themes_are_registered_and_render(make_app: MakeApp, settle: Callable) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert {DEFAULT_THEME, HIGH_CONTRAST_THEME} <= set(app.available_themes)
        assert app.theme == DEFAULT_THEME
        app.theme = HIGH_CONTRAST_THEME
        await settle(pilot)
        assert app.current_theme.background == "#000000"
        assert app.screen.query_one("#empty").display


def _saved_theme(data_dir: Path) -> str | None:
    path = data_dir / "settings.toml"
    if not path.exists():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("theme")
    except tomllib.TOMLDecodeError:
        return None


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the app run until `condition()` holds; fail after `seconds` (real time: the palette's search)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        await pilot.pause(0.01)


async def test_theme_from_the_palette_is_remembered(make_app: MakeApp, data_dir: Path, settle: Callable) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"high contrast")
        # The palette searches in the background: wait (a few seconds at most, however loaded the
        # machine) until the first hit is the high-contrast theme, instead of a fixed pause.
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        results = palette.query_one(CommandList)

        def first_hit() -> str:
            if not results.option_count:
                return ""
            prompt = results.get_option_at_index(0).prompt
            return prompt.plain if isinstance(prompt, Text) else str(prompt)

        await wait_until(pilot, lambda: "high contrast" in first_hit())
        await pilot.press("enter")
        await wait_until(pilot, lambda: _saved_theme(data_dir) == HIGH_CONTRAST_THEME)
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST_THEME
    assert _saved_theme(data_dir) == HIGH_CONTRAST_THEME

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST_THEME


async def test_ctrl_q_quits(make_app: MakeApp, settle: Callable) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_every_binding_has_an_id_a_description_and_a_tooltip_in_both_languages() -> None:
    from facilitator.screens.create_group import CreateGroupScreen
    from facilitator.screens.dialogs import ConfirmDialog, NewMeetingDialog
    from facilitator.screens.home import HomeScreen

    for cls in (FacilitatorApp, HomeScreen, ConfirmDialog, NewMeetingDialog, CreateGroupScreen):
        for binding in cls.BINDINGS:
            assert binding.id, (cls, binding)  # type: ignore[union-attr]
            for key in (binding.description, binding.tooltip):  # type: ignore[union-attr]
                namespace, _, name = key.partition(".")
                entry = catalog(namespace).get(name)
                assert entry and entry.get("en") and entry.get("da"), (cls, key)


async def test_bindings_are_shown_in_the_chosen_language(make_app: MakeApp, settle: Callable) -> None:
    app = make_app("--lang", "da")
    async with app.run_test() as pilot:
        await settle(pilot)
        descriptions = {b.binding.id: b.binding.description for b in app.screen.active_bindings.values()}
        assert descriptions["home.create_group"] == "Ny gruppe"
        assert descriptions["app.quit"] == "Luk programmet"  # "Afslut" is ending a meeting (issue 17)
        tooltips = {b.binding.id: b.binding.tooltip for b in app.screen.active_bindings.values()}
        assert tooltips["home.load_demo"].startswith("Hent demogruppen")


def test_catalogs_have_both_languages_for_every_key() -> None:
    for namespace in ("app", "cli", "home", "dialogs"):
        for key, entry in catalog(namespace).items():
            assert entry.get("en") and entry.get("da"), f"{namespace}.{key}"


async def test_a_screen_that_does_not_exist_yet_gives_a_notice(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, settle: Callable
) -> None:
    monkeypatch.setitem(app_module.SCREEN_REGISTRY, "wall", ("facilitator.screens.no_such_screen", "WallScreen"))
    assert screen_class("wall") is None
    app = make_app("wall")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert any("not available yet" in str(n.message) for n in app._notifications)


async def test_open_screen_uses_the_registry(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, settle: Callable
) -> None:
    class FakeMeeting(Screen[None]):
        def __init__(self, meeting_id: str) -> None:
            super().__init__()
            self.meeting_id = meeting_id

    monkeypatch.setattr(app_module, "screen_class", lambda name: FakeMeeting if name == "meeting" else None)
    app = make_app("meeting", "2026-03-19-x")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FakeMeeting) and app.screen.meeting_id == "2026-03-19-x"
        assert app.store.root == app.data_dir and app.clock.now().year == 2026
