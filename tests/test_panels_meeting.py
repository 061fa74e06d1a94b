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


async def test_the_time_out_screen_built_in_advance_serves_every_time_out_as_a_new_one_would(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock, monkeypatch: Any
) -> None:
    """The time-out screen is built while nothing happens (its composing took 50-100 ms of the key, issue 20)
    and kept: each time-out shows it as new, with an empty note, and leaving the meeting lets go of it."""
    from textual.widgets import Checkbox, Digits, Input, Select

    import facilitator.screens.meeting as meeting_module

    monkeypatch.setattr(meeting_module, "PREPARE_TIMEOUT_AFTER", 0.1)
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await pilot.pause(0.3)
        await settle(pilot)
        view = screen.prepared_timeout
        assert isinstance(view, TimeOutScreen) and view.is_running and view not in app.screen_stack
        assert not screen.live.timeout_running  # built, nothing called
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is view and screen.live.timeout_running
        assert "Called by Carla Nielsen" in str(view.query_one("#timeout-who").render())
        clock.advance(75)
        await pilot.press("n", *"calm", "enter", "m", "w")
        await settle(pilot)
        caller = view.query_one("#timeout-caller", Select)
        await pilot.press("down", "enter")  # another member called it
        await settle(pilot)
        assert caller.value != "carla" and screen.live.current_timeout is not None
        assert screen.live.current_timeout.called_by == caller.value
        await pilot.press("1")
        await settle(pilot)
        assert app.screen is screen and screen.live.running
        first = screen.live.meeting.timeouts[0]
        assert first.note == "calm" and first.outcome == "continue" and first.called_by == caller.value
        depth = screen.live.undo_depth
        clock.advance(30)
        await pilot.press("ctrl+t")  # the second time-out: the same screen, as a new one
        await pilot.pause()
        assert app.screen is view and screen.live.undo_depth == depth + 1  # the call, and no change of caller
        assert view.query_one("#timeout-note", Input).value == ""
        assert view.query_one("#timeout-in-minutes", Checkbox).value is False
        assert view.query_one("#timeout-caller", Select).value == "carla"  # the boundary keeper again
        assert view.query_one(Digits).value == "00:00" and view.focused is None
        await pilot.press("ctrl+z")  # called by mistake: taken back, the screen closes
        await settle(pilot)
        assert app.screen is screen and not screen.live.timeout_running and len(screen.live.meeting.timeouts) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [t["note"] for t in meeting_file(data_dir, meeting_id)["timeouts"]] == ["calm"]
        before = view.query_one("#timeout-view").styles.background
        app.theme = next(name for name in app.available_themes if name != app.theme and "light" in name)
        await settle(pilot)
        await pilot.press("ctrl+t")  # a theme chosen meanwhile: the kept screen takes its colours
        await pilot.pause()
        surface = app.current_theme.surface
        assert app.screen is view and view.query_one("#timeout-view").styles.background != before
        assert surface is not None and view.query_one("#timeout-view").styles.background.hex == surface.upper()
        await pilot.press("ctrl+z")
        await settle(pilot)
        app.pop_screen()  # the meeting screen closes: the time-out screen goes with it
        await settle(pilot)
        assert screen.prepared_timeout is None and not view.is_attached
        assert all(installed is not view for installed in app._installed_screens.values())



async def test_the_kept_time_out_screen_lists_todays_members_when_they_changed(
    running_meeting: RunningMeeting, meeting_id: str, monkeypatch: Any
) -> None:
    """The caller list is given anew only when today's members changed since the last time-out (issue 20)."""
    from textual.widgets import Select

    import facilitator.screens.meeting as meeting_module

    monkeypatch.setattr(meeting_module, "PREPARE_TIMEOUT_AFTER", 0.1)
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await pilot.pause(0.3)
        await settle(pilot)
        view = screen.prepared_timeout
        assert isinstance(view, TimeOutScreen)

        def callers() -> list[str]:
            select = view.query_one("#timeout-caller", Select)
            return [str(value) for _prompt, value in select._options if value is not Select.NULL]

        await pilot.press("ctrl+t")
        await pilot.pause()
        everyone = callers()
        assert everyone == screen.live.present_members() and len(everyone) > 2
        await pilot.press("1")
        await settle(pilot)
        leaver = everyone[-1]
        assert screen.live.mark_leave(leaver)  # someone went home early
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is view and callers() == [m for m in everyone if m != leaver]
        await pilot.press("1")
        await settle(pilot)
        assert screen.live.mark_arrival(leaver)  # and came back
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert sorted(callers()) == sorted(everyone)

async def test_the_kept_time_out_screen_shows_each_time_outs_caller_and_item_and_writes_them_only_when_changed(
    running_meeting: RunningMeeting, meeting_id: str, monkeypatch: Any
) -> None:
    """A second time-out in the same item, called by the same member, writes no line anew (a Static's update lays
    the screen out: issue 20); one in the next item, or called by another member, shows the new lines."""
    from textual.widgets import Static

    import facilitator.screens.meeting as meeting_module

    monkeypatch.setattr(meeting_module, "PREPARE_TIMEOUT_AFTER", 0.1)
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await pilot.pause(0.3)
        await settle(pilot)
        view = screen.prepared_timeout
        assert isinstance(view, TimeOutScreen)
        who, where = view.query_one("#timeout-who", Static), view.query_one("#timeout-item", Static)
        updates: list[str] = []
        for widget in (who, where):
            original = widget.update

            def counted(content: Any = "", *, layout: bool = True, _original: Any = original, _id: str = str(widget.id)) -> None:
                updates.append(_id)
                _original(content, layout=layout)

            monkeypatch.setattr(widget, "update", counted)

        def shown() -> tuple[str, str]:
            return str(who.render()), str(where.render())

        live = screen.live
        await pilot.press("ctrl+t")
        await pilot.pause()
        first = shown()
        caller = live.name_of(live.current_timeout.called_by) if live.current_timeout and live.current_timeout.called_by else ""
        assert caller and caller in first[0] and f"{live.current_index + 1}. {live.current.title}" in first[1]
        await pilot.press("1")
        await settle(pilot)
        updates.clear()
        await pilot.press("ctrl+t")  # the same item, the same caller: the lines stand as they are
        await pilot.pause()
        assert app.screen is view and shown() == first and updates == []
        await pilot.press("3")  # close the item: the meeting goes on with the next
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is view and f"{live.current_index + 1}. {live.current.title}" in shown()[1]
        assert shown() != first and "timeout-item" in updates
        other = next(m for m in live.present_members() if m != live.current_timeout.called_by)
        assert live.set_timeout_caller(other)
        await pilot.pause(1.2)  # the screen's once-a-second redraw shows the new caller
        assert live.name_of(other) in shown()[0]


async def test_the_item_clock_keeps_its_classes_through_a_time_out(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock
) -> None:
    """The covered clock is not restyled while a time-out runs, so its end finds it as it was (issue 20);
    a time-out that closes the item leaves the clock showing the next item's state."""
    from facilitator.widgets.countdown import ItemClock

    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await settle(pilot)
        item_clock = screen.query_one(ItemClock)
        assert item_clock.has_class("-running") and not item_clock.has_class("-paused")
        restyled: list[str] = []
        original = item_clock.set_class

        def counted(add: bool, *names: str, update: bool = True) -> Any:
            restyled.extend(names)
            return original(add, *names, update=update)

        item_clock.set_class = counted  # type: ignore[method-assign]
        await dialog_key(pilot, "t")
        assert isinstance(app.screen, TimeOutScreen)
        for _ in range(3):  # the meeting screen's seconds go on under the time-out
            clock.advance(1)
            await pilot.pause(1.1)
        assert restyled == [] and item_clock.has_class("-running")
        await pilot.press("1")  # the item runs on
        await settle(pilot)
        assert app.screen is screen and restyled == []
        assert item_clock.has_class("-running") and not item_clock.has_class("-paused")
        await dialog_key(pilot, "t")
        await pilot.press("3")  # close the item: the next one
        await settle(pilot)
        live = screen.live
        assert item_clock.has_class("-running") == live.running
        assert item_clock.has_class("-paused") == (bool(live.current and live.current.spans) and not live.running)


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
