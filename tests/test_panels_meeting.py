"""The moderator's panels and dialogs inside the real live meeting screen (issues 4 and 10).

Opens `facilitator meeting ID` on the booklet's first meeting (seven members,
Erik sent notice; Carla is the boundary keeper), presses the moderator's keys
and checks the screen and the meeting file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from meeting_screen_helpers import GROUP_ID, RunningMeeting, dialog_key, meeting_file, settle

from facilitator.clock import FakeClock
from facilitator.model import Grouping, Meeting
from facilitator.screens.grouping import GroupingDialog
from facilitator.screens.help import HelpScreen
from facilitator.screens.meeting import MeetingScreen
from facilitator.screens.timeout import TimeOutScreen
from facilitator.store import Store
from facilitator.widgets.cues import CuePanel
from facilitator.widgets.minutes import MinutesPane
from facilitator.widgets.speakers import SpeakersPanel

MakeApp = Callable[..., Any]


def panel_text(widget: Any) -> str:
    """A panel as the terminal shows it, border included (the whole width, not only the content)."""
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(widget.region.reset_offset))


def meeting_screen(app: Any) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen), type(screen)
    return screen


async def test_speakers_panel_follows_the_digits(running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "2")
        clock.advance(75)
        screen.refresh_clock()
        panel = screen.query_one(SpeakersPanel)
        text = panel_text(panel)
        bo = next(line for line in text.splitlines() if "Bo Jensen" in line)
        assert "▶" in bo and "1:15" in bo and "▲" in bo
        assert "○ not yet" in text and "→ next" in text
        await pilot.press("s")
        assert not panel.display


async def test_groups_of_three_from_g_to_the_file(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    # An earlier meeting of the group put Anne and Bo together.
    store = Store(data_dir)
    earlier = Meeting(id="2026-02-12-earlier", title="Earlier", date=clock.now().date().replace(month=2), status="finished")
    earlier.groupings.append(Grouping(item=0, groups=[["anne", "bo"], ["carla", "dorte"]]))
    store.save_meeting(GROUP_ID, earlier)
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "n", "n", "n")  # 4. Wishes for the network
        await dialog_key(pilot, "g")
        dialog = app.screen
        assert isinstance(dialog, GroupingDialog)
        await settle(pilot)
        assert dialog.split is not None
        assert sorted(map(len, dialog.groups)) == [3, 3]  # six present
        assert dialog.split.repeated_pairs == 0  # Anne/Bo and Carla/Dorte kept apart
        groups = dialog.groups
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = meeting_file(data_dir, meeting_id)
        assert data["groupings"][0]["groups"] == groups and data["groupings"][0]["item"] == 3
        assert "Groups of three (25 min group talk):" in data["minutes"]
        assert data["items"][3]["cues_done"] == [0, 1]  # the cue panel ticked the group cues
        assert "Group talk (2 groups): 25:00 left" in panel_text(screen.query_one("#group-phase"))


async def test_ctrl_t_in_the_minutes_then_continue(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(60)
        await pilot.press("tab")
        assert isinstance(screen.focused, MinutesPane)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TimeOutScreen)
        assert screen.live.timeout_running and not screen.live.running
        clock.advance(300)
        await pilot.press("n", *"calm", "enter", "m", "1")
        await settle(pilot)
        assert app.screen is screen and screen.live.running
        clock.advance(60)
        assert screen.live.elapsed() == 120
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = meeting_file(data_dir, meeting_id)
        timeout = data["timeouts"][0]
        assert timeout["called_by"] == "carla" and timeout["outcome"] == "continue" and timeout["note"] == "calm"
        assert "Time-out called by Carla Nielsen at 18:01: we continued. Note: calm" in data["minutes"]


async def test_a_meeting_reopened_during_a_time_out_shows_it_at_once(
    running_meeting: RunningMeeting, make_app: MakeApp, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await dialog_key(pilot, "t")
        assert isinstance(app.screen, TimeOutScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
    clock.advance(90)  # the laptop died; the room went on
    app = make_app("meeting", meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimeOutScreen)
        assert len(screen.live.meeting.timeouts) == 1
        assert screen.live.timeout_elapsed() == 90


async def test_x_ticks_through_the_cue_panel_and_f1_shows_the_guide(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "x")
        panel = screen.query_one(CuePanel)
        assert panel.cue_lines[0].done and "[x] Say who took the initiative" in panel_text(panel)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert meeting_file(data_dir, meeting_id)["items"][0]["cues_done"] == [0]
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.guide and "ctrl+t" in help_screen.guide
        descriptions = {key.description for key in help_screen.keys}
        for binding in screen._bindings.key_to_bindings.values():
            for b in binding:
                if b.description and b.id and "." in b.id:  # ours (Textual's focus keys are left out)
                    assert b.description in descriptions, b.description
        await pilot.press("escape")
        assert app.screen is screen
