"""Shared set-up for the live meeting screen tests: a group of seven, the booklet's first meeting, the screen.

Not a test module (no `test_` prefix): the meeting screen tests import it. Its fixtures stand in
tests/conftest.py: `meeting_id` (this group's first meeting in `data_dir`) and `running_meeting`
(`open_meeting` bound to `make_app`), so a test opens the screen in one line:

    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        ...
"""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from facilitator.cli import plan_meeting
from facilitator.model import Meeting, Member, Roles
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp

MEMBERS = [
    ("anne", "Anne Hansen"),
    ("bo", "Bo Jensen"),
    ("carla", "Carla Nielsen"),
    ("dorte", "Dorte Pedersen"),
    ("erik", "Erik Larsen"),
    ("fatima", "Fatima Ali"),
    ("gitte", "Gitte Holm"),
]
"""Seven members in roster order; Erik has sent notice of absence (afbud)."""

GROUP_ID = "netvaerk-nord"
TODAY = date(2026, 3, 12)
"""The FakeClock's day (tests/conftest.py START)."""


def make_meeting(root: Path, *, language: str = "en", start: time = time(18, 0), day: date | None = None) -> str:
    """Write a group of seven and a planned first meeting (on 12 March 2026, the FakeClock's day); its id."""
    store = Store(root)
    group = store.create_group("Netværk Nord", [Member(id=mid, name=name) for mid, name in MEMBERS])
    group.settings.language = language  # type: ignore[assignment]
    store.save_group(group)
    meeting = plan_meeting(store, group, "first", day or TODAY, start)
    meeting.attendance.absent_notified = ["erik"]
    meeting.roles = Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla")
    store.save_meeting(group.id, meeting)
    return meeting.id


def demo_meeting(root: Path, *, language: str = "en", meetings: int = 2, today: date = TODAY) -> str:
    """Write the demo group (`facilitator demo`: ten members, `meetings` held before `today`); its next meeting's id."""
    from facilitator.demo import write_demo

    write_demo(root, meetings=meetings, today=today, language=language)
    store = Store(root)
    return store.upcoming_meetings(store.group_ids()[0])[0].id


def meeting_file(root: Path, meeting_id: str) -> dict[str, Any]:
    """The meeting file as TOML (checked to validate as a Meeting)."""
    path = Store(root).meeting_path(GROUP_ID, meeting_id)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    Meeting.model_validate(data)
    return data


def shown(widget: Widget) -> str:
    """The text a widget shows on the screen now (its rendered lines, without styles)."""
    size = widget.outer_size
    lines = widget.render_lines(Region(0, 0, size.width, size.height))
    return "\n".join(line.text.rstrip() for line in lines).strip("\n")


async def settle(pilot: Pilot[None]) -> None:
    """Let the workers (saves) finish and the screen redraw."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def check_in(pilot: Pilot[None]) -> None:
    """Confirm the check-in as pre-filled (everyone present but Erik)."""
    await pilot.press("enter")
    await settle(pilot)


async def dialog_key(pilot: Pilot[None], key: str) -> None:
    """Press a letter that opens a dialog (t a g o): it waits a moment for a following key (typing) first."""
    from facilitator.typing_guard import GRACE

    await pilot.press(key)
    await pilot.pause(GRACE + 0.2)
    await settle(pilot)


async def end_meeting(pilot: Pilot[None], choice: str = "end-keep") -> None:
    """ctrl+e, then the end dialog's button `choice` (end-move, end-keep, end-cancel)."""
    await pilot.press("ctrl+e")
    await settle(pilot)
    await pilot.click(f"#{choice}")
    await settle(pilot)


async def moderator_keys(pilot: Pilot[None], *keys: str) -> None:
    """Keys a moderator presses one at a time, seconds apart (not a run of typing).

    Instead of waiting `typing_guard.CHAIN` between them, the screen's typing guard forgets the run
    after each key, as it would after that pause. Dialog letters (t a g o) still wait: use `dialog_key`.
    """
    for key in keys:
        await pilot.press(key)
        screen = pilot.app.screen
        guard = getattr(screen, "guard", None)
        if guard is not None:
            guard.reset()
    await settle(pilot)


class MeetingRun(NamedTuple):
    """A meeting screen running under Pilot: the app, its pilot and the screen it opened on."""

    app: FacilitatorApp
    pilot: Pilot[None]
    screen: MeetingScreen


@asynccontextmanager
async def open_meeting(
    make_app: Callable[..., FacilitatorApp],
    meeting_id: str,
    *after: str,
    language: str | None = None,
    size: tuple[int, int] = (120, 40),
    notifications: bool = False,
    checked_in: bool = False,
    started: bool = False,
) -> AsyncIterator[MeetingRun]:
    """Run `facilitator [--lang L] meeting ID [after...]` under Pilot; the screen must be the meeting screen.

    `checked_in` confirms the check-in as pre-filled (`check_in`); `started` does that and then
    presses space, which starts the first item.
    """
    before = ("--lang", language) if language else ()
    app = make_app(*before, "meeting", meeting_id, *after)
    async with app.run_test(size=size, notifications=notifications) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen), type(screen)
        if checked_in or started:
            await check_in(pilot)
        if started:
            await pilot.press("space")
        yield MeetingRun(app, pilot, screen)


RunningMeeting = Callable[..., AbstractAsyncContextManager[MeetingRun]]
"""The `running_meeting` fixture's type: `open_meeting` without its first argument."""
