"""The help screen (issue 10): every key of the screen it was opened from, and the meeting guide."""

from __future__ import annotations

from panels_host import START, PanelsHost, host_panels, make_live
from rich.text import Text
from textual.widgets import Static

from facilitator.clock import FakeClock
from facilitator.i18n import t
from facilitator.screens.grouping import GroupingDialog
from facilitator.screens.help import HelpKey, HelpScreen, meeting_guide, screen_keys


def static_text(screen: HelpScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def test_f1_lists_the_keys_of_the_screen_and_escape_closes() -> None:
    clock = FakeClock(START)
    app = PanelsHost(make_live(clock), show=())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        keys = {key.keys: key.description for key in screen.keys}
        assert keys["0-9"] == "speaker"  # ten digit bindings, one line
        assert keys["t / ^t"] == "time-out"
        assert keys["g"] == "groups" and keys["x"] == "tick"
        text = static_text(screen, "#help-keys")
        assert "0-9" in text and "time-out" in text
        assert not screen.query("#help-guide")  # no guide for this screen
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_of_a_dialog_lists_its_own_keys_in_danish() -> None:
    async with host_panels(language="da", show=(), running=True) as (app, pilot, live, clock):
        await app.push_screen(GroupingDialog(live, None, seed=1))
        await pilot.press("f1")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        keys = {key.keys: key for key in screen.keys}
        assert keys["r"].description == "Bland igen"
        assert keys["k"].description == "Hold adskilt"
        assert keys["0-9"].description == "Vælg deltager"
        assert keys["⏎"].tooltip.startswith("Gem grupperne")
        assert static_text(screen, ".dialog-title") == "Hjælp"
        await pilot.press("f1")  # F1 again closes as well
        assert isinstance(app.screen, GroupingDialog)


async def test_explicit_keys_and_a_guide() -> None:
    clock = FakeClock(START)
    app = PanelsHost(make_live(clock), show=())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(HelpScreen([HelpKey("a", "Arrive late", "Mark a late arrival")], guide="Be kind."))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert "a  Arrive late — Mark a late arrival" in static_text(screen, "#help-keys")
        assert static_text(screen, "#help-guide") == "Be kind."
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)


def test_the_meeting_guide_exists_in_both_languages_and_names_the_keys() -> None:
    for language in ("en", "da"):
        guide = t("panels.guide_meeting", language=language)
        assert guide.count("\n\n") >= 4  # a few paragraphs
        for key in ("ctrl+t", " x", " g", "1-9"):
            assert key in guide, (language, key)
    assert "grænsevogter" in t("panels.guide_meeting", language="da").lower()
    # issue 14: the guide ends with the confidentiality rule
    assert meeting_guide() == t("panels.guide_meeting", language="en").rstrip("\n") + "\n\n" + t(
        "panels.guide_confidential", language="en"
    )
    for language in ("en", "da"):
        rule = t("panels.guide_confidential", language=language)
        for shown in ("- [ ] !!", "> !!", "## !!", "┃"):
            assert shown in rule, (language, shown)


async def test_screen_keys_leaves_out_textual_built_ins() -> None:
    clock = FakeClock(START)
    app = PanelsHost(make_live(clock), show=())
    async with app.run_test(size=(80, 24)):
        descriptions = [key.description for key in screen_keys(app.screen)]
        assert "Focus Next" not in descriptions and "speaker" in descriptions
