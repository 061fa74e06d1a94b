"""Issue 8, promise 8: the main screens at 60x20, 80x24, 120x40 and 250x70, and resizing mid-meeting.

On the demo group (finished meetings for the history, planned ones to run) the
test walks through the screens a moderator meets: home, check-in, the live
meeting with the minutes (typing), the time-out view, the grouping dialog,
the history list and a review. At every size nothing crashes (Pilot re-raises
any exception of the app) and every screen draws. During a meeting the
terminal is resized through all four sizes, with the minutes focused and with
the time-out view up, and typing goes on.

At 80x24 the controls that matter stay reachable: the footer shows the keys
space, n, m and t, and the minutes pane is on the screen, at least 30 columns
wide and a few lines high.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import RunningMeeting, dialog_key
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from facilitator.clock import FakeClock
from facilitator.demo import write_demo
from facilitator.screens.home import HomeScreen
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store
from facilitator.widgets.minutes import MinutesPane

MakeApp = Callable[..., Any]
SIZES = [(60, 20), (80, 24), (120, 40), (250, 70)]


@pytest.fixture
def demo(data_dir: Path, clock: FakeClock) -> tuple[str, str]:
    """The demo group in English; (a planned meeting's id, a finished meeting's id)."""
    write_demo(data_dir, meetings=3, today=clock.now().date(), language="en")
    store = Store(data_dir)
    planned = [m.id for m in store.upcoming_meetings("demo")]
    finished = [s.id for s in store.history_index("demo")]
    assert planned and finished
    return planned[0], finished[0]


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _drawn(screen: Widget) -> None:
    """The screen has a size and its widgets lie within it (it was laid out and drawn)."""
    assert screen.size.width > 0 and screen.size.height > 0


async def _walk(pilot: Any, planned: str, finished: str) -> None:
    app = pilot.app
    await _settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    _drawn(app.screen)

    app.open_meeting(planned)
    await _settle(pilot)
    meeting = app.screen
    assert isinstance(meeting, MeetingScreen) and meeting.opened is not None
    _drawn(meeting)  # the check-in
    await pilot.press("2", "enter", "space", "tab", *"Notes at this size ")
    await _settle(pilot)
    assert meeting.live.minutes.endswith("Notes at this size ")
    await pilot.press("escape")
    await dialog_key(pilot, "t")
    assert type(app.screen).__name__ == "TimeOutScreen"
    _drawn(app.screen)
    await pilot.press("1")
    await _settle(pilot)
    assert app.screen is meeting
    await dialog_key(pilot, "g")
    assert type(app.screen).__name__ == "GroupingDialog"
    _drawn(app.screen)
    await pilot.press("escape")
    await _settle(pilot)
    assert app.screen is meeting

    app.open_history()
    await _settle(pilot)
    assert type(app.screen).__name__ == "HistoryScreen"
    _drawn(app.screen)
    from facilitator.screens.review import ReviewScreen

    app.push_screen(ReviewScreen(finished))
    await _settle(pilot)
    assert isinstance(app.screen, ReviewScreen)
    _drawn(app.screen)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_main_screens_draw_at_every_size(make_app: MakeApp, demo: tuple[str, str], size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _walk(pilot, *demo)


async def test_resizing_mid_meeting_never_crashes_and_typing_goes_on(
    running_meeting: RunningMeeting, demo: tuple[str, str]
) -> None:
    planned, _ = demo
    async with running_meeting(planned) as (app, pilot, screen):
        await _settle(pilot)
        for size in SIZES:  # at the check-in
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("enter", "space", "tab")
        for n, size in enumerate([*SIZES, *reversed(SIZES)]):  # while typing
            await pilot.resize_terminal(*size)
            await pilot.press(*f"w{n} ")
            await pilot.pause()
            screen.refresh_clock()
        await pilot.press("ctrl+t")
        await _settle(pilot)
        for size in SIZES:  # with the time-out view up
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("1")
        await _settle(pilot)
        assert app.screen is screen
        assert "".join(f"w{n} " for n in range(2 * len(SIZES))) in screen.live.minutes


def _inside(widget: Widget, screen: Widget) -> bool:
    region = widget.region
    return bool(region.width and region.height) and Region(0, 0, *screen.size).contains_region(region)


async def test_at_80x24_the_keys_that_matter_and_the_minutes_are_on_the_screen(
    running_meeting: RunningMeeting, demo: tuple[str, str]
) -> None:
    planned, _ = demo
    async with running_meeting(planned, size=(80, 24)) as (app, pilot, screen):
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        footer = screen.query_one(Footer)
        shown = {key.key for key in footer.query(FooterKey) if _inside(key, screen)}
        for key in ("space", "n", "t", "ctrl+z"):  # issue 13: typing (or tab) writes the minutes, ctrl+z undoes
            assert key in shown, f"{key} is not in the footer at 80x24: {sorted(shown)}"
        pane = screen.query_one(MinutesPane)
        assert _inside(pane, screen)
        assert pane.region.width >= 30 and pane.region.height >= 5
        await pilot.press("tab", *"still usable")
        await _settle(pilot)
        assert screen.live.minutes.endswith("still usable")
