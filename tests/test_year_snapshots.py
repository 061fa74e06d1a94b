"""Snapshots of issue 21's dialogs and screen: feedback on the roles, the purpose, the conclusions, the half-year.

The FakeClock and fixed files make every run the same. Look at a changed snapshot before
accepting it (`pytest --snapshot-update`, then /work/shared/tools/svg2png FILE.svg).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import check_in, moderator_keys, settle
from textual.pilot import Pilot
from textual.widgets import Input
from year_helpers import TODAY, evaluation_setup, following_meeting, make_group, past

from facilitator.cli import plan_meeting
from facilitator.model import RoleFeedback, Roles

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


async def still(pilot: Pilot[None]) -> None:
    """No notices and no blinking cursor: the picture is the screen itself."""
    await settle(pilot)
    screen = pilot.app.screen
    below = pilot.app.screen_stack[-2] if len(pilot.app.screen_stack) > 1 else None
    for target in (screen, below):
        saver = getattr(target, "saver", None)
        if saver is not None:
            saver.request()
            saver.flush()
        refresh = getattr(target, "refresh_clock", None)
        if callable(refresh):
            refresh()
    for widget in screen.query(Input):
        widget.cursor_blink = False
        widget.refresh()
    pilot.app.clear_notifications()
    await settle(pilot)


def at_item(steps: int, *then: str, typed: str = "") -> Callable[[Pilot[None]], Any]:
    """Check in, move on `steps` items, then press `then` (and type `typed`)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await check_in(pilot)
        await moderator_keys(pilot, *(["n"] * steps))
        for key in then:
            await pilot.press(key)
            await settle(pilot)
        if typed:
            await pilot.press(*typed)
        await still(pilot)

    return run_before


def test_feedback_dialog(snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path) -> None:
    store, group = make_group(data_dir)
    meeting = following_meeting(store, group, TODAY, Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla",
                                                           host="dorte", theme_owners=["erik"]))
    app = make_app("meeting", meeting.id)
    assert snap_compare(app, terminal_size=(80, 24), run_before=at_item(3, "ctrl+f", typed="Kept the time well"))


def test_purpose_dialog_in_danish(snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path) -> None:
    store, group = make_group(data_dir, "da")
    meeting = plan_meeting(store, group, "first", TODAY, time(18, 0))
    meeting.roles = Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla")
    store.save_meeting(group.id, meeting)
    app = make_app("--lang", "da", "meeting", meeting.id)
    assert snap_compare(app, terminal_size=(80, 24), run_before=at_item(4, "ctrl+f", "space"))


def test_conclusions_dialog(snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path) -> None:
    store, group = make_group(data_dir)
    meeting = evaluation_setup(store, group)
    app = make_app("meeting", meeting.id)
    assert snap_compare(app, terminal_size=(80, 24), run_before=at_item(4, "ctrl+f", typed="The themes were worth it"))


def test_cue_card_at_the_evaluation_item(snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path) -> None:
    store, group = make_group(data_dir)
    meeting = evaluation_setup(store, group)

    async def run_before(pilot: Pilot[None]) -> None:
        await at_item(4)(pilot)
        pilot.app.screen.query_one("#speakers").display = False  # the cues in full view
        await moderator_keys(pilot, "x")  # the half-year in numbers: one line until x opens it
        await still(pilot)

    app = make_app("meeting", meeting.id)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_cue_card_with_last_time_s_feedback(
    snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path
) -> None:
    store, group = make_group(data_dir)
    past(
        store,
        group,
        date(2026, 2, 12),
        roles=Roles(moderator="anne", minute_taker="bo"),
        role_feedback=[
            RoleFeedback(role="moderator", member="anne", worked="Kept the time", try_next="Sum up before the break"),
            RoleFeedback(role="minute_taker", member="bo", worked="Minutes out the next day"),
        ],
    )
    meeting = following_meeting(store, group, TODAY, Roles(moderator="carla", minute_taker="dorte"))

    async def run_before(pilot: Pilot[None]) -> None:
        await at_item(0)(pilot)
        pilot.app.screen.query_one("#speakers").display = False
        await moderator_keys(pilot, "x")  # last time's feedback: one line until x opens it
        await still(pilot)

    app = make_app("meeting", meeting.id)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize(("size", "language"), [((80, 24), "da"), ((120, 40), "en")], ids=["80x24-da", "120x40-en"])
def test_evaluation_screen(
    snap_compare: Callable[..., bool], make_app: Callable[..., Any], data_dir: Path, size: tuple[int, int], language: str
) -> None:
    store, group = make_group(data_dir, language)
    evaluation_setup(store, group)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.open_screen(("evaluation",))
        await still(pilot)

    assert snap_compare(make_app("--lang", language), terminal_size=size, run_before=run_before)
