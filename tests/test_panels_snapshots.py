"""Snapshots of the moderator's panels and dialogs at 80x24 and 120x40, in English and Danish.

They run in the panels test host (tests/panels_host.py) on the booklet's first
meeting with a FakeClock, so every run draws the same. Look at a changed
snapshot before accepting it (`pytest --snapshot-update`, then
/work/shared/tools/svg2png on the SVG).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from panels_host import START, PanelsHost, make_live

from facilitator.clock import FakeClock
from facilitator.meeting import LiveMeeting
from facilitator.screens.help import HelpScreen, meeting_guide

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
LANGUAGES = pytest.mark.parametrize("language", ["en", "da"])


def round_with_speakers(clock: FakeClock, language: str) -> LiveMeeting:
    """The round of introductions, seven present: Anne spoke 7 min, Bo 2:30, Carla speaks now for 4 min."""
    live = make_live(clock, language=language, present=7)
    live.toggle_running()
    clock.advance(12 * 60)
    live.next_item()
    for member, seconds in (("anne", 420), ("bo", 150), ("carla", 240)):
        live.toggle_speaker(member)
        clock.advance(seconds)
    return live


@SIZES
@LANGUAGES
def test_speakers_panel(snap_compare: Callable[..., bool], language: str, size: tuple[int, int]) -> None:
    clock = FakeClock(START)
    app = PanelsHost(round_with_speakers(clock, language), language=language, show=("speakers",))
    assert snap_compare(app, terminal_size=size)


@SIZES
@LANGUAGES
def test_cue_panel_with_the_agreements(snap_compare: Callable[..., bool], language: str, size: tuple[int, int]) -> None:
    clock = FakeClock(START)
    live = make_live(clock, language=language, present=7)
    live.toggle_running()
    live.toggle_cue(0)
    app = PanelsHost(live, language=language, show=("cues",))
    assert snap_compare(app, terminal_size=size)


@SIZES
@LANGUAGES
def test_grouping_dialog(snap_compare: Callable[..., bool], language: str, size: tuple[int, int]) -> None:
    clock = FakeClock(START)
    live = make_live(clock, language=language, present=8)
    live.toggle_running()
    for _ in range(3):
        live.next_item()
    app = PanelsHost(live, language=language, seed=4, show=("speakers", "phase"))

    async def run_before(pilot: Any) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("1", "k", "2", "k", "5")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
@LANGUAGES
def test_time_out_view(snap_compare: Callable[..., bool], language: str, size: tuple[int, int]) -> None:
    clock = FakeClock(START)
    live = make_live(clock, language=language, present=7)
    live.toggle_running()
    app = PanelsHost(live, language=language, show=("speakers",))

    async def run_before(pilot: Any) -> None:
        await pilot.press("t")
        clock.advance(155)
        pilot.app.screen.refresh_from()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
@LANGUAGES
def test_help_screen_with_the_meeting_guide(snap_compare: Callable[..., bool], language: str, size: tuple[int, int]) -> None:
    clock = FakeClock(START)
    app = PanelsHost(make_live(clock, language=language), language=language, show=("speakers",))

    async def run_before(pilot: Any) -> None:
        await pilot.app.push_screen(HelpScreen(pilot.app.screen, guide=meeting_guide()))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
