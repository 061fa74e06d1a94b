"""Snapshots of the live meeting screen at 80x24, 100x30 and 120x40 (issue 17) (check-in, a round, over-time, the break).

Issue 17: also a round with all ten members of the demo group present, in both
languages at the three sizes: the clock and the speaker on top, all ten speakers,
the footer's keys.

The FakeClock and the fixed data make every run the same. Look at a changed
snapshot before accepting it (`pytest --snapshot-update`, then
/work/shared/tools/svg2png FILE.svg and view the PNG).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import check_in, demo_meeting, make_meeting, moderator_keys, settle
from textual.pilot import Pilot

from facilitator.clock import FakeClock
from facilitator.screens.meeting import MeetingScreen

SIZES = [(80, 24), (100, 30), (120, 40)]
SIZE_IDS = ["80x24", "100x30", "120x40"]


async def quiet(pilot: Pilot[None]) -> None:
    """Redraw from the meeting and clear the notices, so the snapshot shows the screen itself."""
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    await settle(pilot)
    if screen.saver is not None:
        screen.saver.request()
        screen.saver.flush()  # the topbar's "saved" time is that of this save, whatever the autosave's timing
    screen.refresh_clock()
    pilot.app.clear_notifications()
    await settle(pilot)


def in_round(clock: FakeClock, *, over: bool = False) -> Callable[[Pilot[None]], Any]:
    """The round of introductions with Carla speaking and two lines of minutes (optionally 4 min over)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await check_in(pilot)
        await moderator_keys(pilot, "space")
        clock.advance(14 * 60)
        await moderator_keys(pilot, "n")
        clock.advance(200)
        await moderator_keys(pilot, "3")
        clock.advance(50)
        await pilot.press("tab", *"Anne: two children at home", "enter", *"Decision: we meet monthly", "escape")
        if over:
            clock.advance(45 * 60)
        await quiet(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("language", ["en", "da"])
def test_check_in(
    snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path, size: tuple[int, int], language: str
) -> None:
    meeting_id = make_meeting(data_dir, language=language)
    app = make_app("--lang", language, "meeting", meeting_id)
    assert snap_compare(app, terminal_size=size, run_before=quiet)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("language", ["en", "da"])
def test_round_with_minutes(
    snap_compare: Callable[..., bool],
    make_app: Callable[..., Any],
    data_dir: Path,
    clock: FakeClock,
    size: tuple[int, int],
    language: str,
) -> None:
    meeting_id = make_meeting(data_dir, language=language)
    app = make_app("--lang", language, "meeting", meeting_id)
    assert snap_compare(app, terminal_size=size, run_before=in_round(clock))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_over_time_with_the_prompt(
    snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting_id = make_meeting(data_dir, language="da")
    app = make_app("--lang", "da", "meeting", meeting_id)
    assert snap_compare(app, terminal_size=size, run_before=in_round(clock, over=True))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_break(
    snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting_id = make_meeting(data_dir, language="da")
    app = make_app("--lang", "da", "meeting", meeting_id)

    async def run_before(pilot: Pilot[None]) -> None:
        await check_in(pilot)
        await pilot.press("space")
        clock.advance(15 * 60)
        await pilot.press("n")
        clock.advance(45 * 60)
        await pilot.press("n")
        clock.advance(5 * 60 + 30)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_over_time_in_high_contrast(
    snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path, clock: FakeClock
) -> None:
    meeting_id = make_meeting(data_dir)
    data_dir.joinpath("settings.toml").write_text(
        'schema_version = 1\ntheme = "facilitator-high-contrast"\ncurrent_group = "netvaerk-nord"\n'
    )
    app = make_app("meeting", meeting_id)
    assert snap_compare(app, terminal_size=(120, 40), run_before=in_round(clock, over=True))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("language", ["en", "da"])
def test_ten_present_in_a_round(
    snap_compare: Callable[..., bool],
    make_app: Callable[..., Any],
    data_dir: Path,
    clock: FakeClock,
    size: tuple[int, int],
    language: str,
) -> None:
    """The demo group, all ten present, the second item (the theme talk) with a speaker, at every size."""
    meeting_id = demo_meeting(data_dir, language=language, today=clock.now().date())
    app = make_app("--lang", language, "meeting", meeting_id)

    async def run_before(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        for row in screen.live.checkin_rows():
            screen.live.set_presence(row.member_id, "present")
        await check_in(pilot)
        await moderator_keys(pilot, "space")
        clock.advance(12 * 60)
        await moderator_keys(pilot, "4")
        clock.advance(95)
        await moderator_keys(pilot, "7")
        clock.advance(40)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
