"""A forgiving live meeting, through the screen (issue 13): the keys a moderator or a new user would press,
then what the screen shows and what the file says.

- typing sentences on the meeting screen without moving into the minutes first leaves the meeting as it
  was (still live, no time-out, the same item, the same speaker) and puts the words into the minutes;
- ctrl+z / ctrl+y undo and redo the moderator's changes, and the file follows;
- ending lists the items not reached and moves them onto the next planned meeting (or not);
- a meeting resumed a day later asks how to go on; a meeting tried out is put back to planned;
- an ended meeting reopens for corrections from the home screen, the history and the command line;
- today's roles are set at check-in and reach the exported minutes; numbers never change;
- leaving or quitting while saving fails asks first, and a rescue copy is written.
"""

from __future__ import annotations

import os
import time as _time
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import GROUP_ID, RunningMeeting, check_in, dialog_key, end_meeting, meeting_file, settle

from facilitator.app import FacilitatorApp
from facilitator.cli import plan_meeting, run
from facilitator.clock import FakeClock
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store
from facilitator.typing_guard import CHAIN
from facilitator.widgets.minutes import MinutesPane

MakeApp = Callable[..., FacilitatorApp]
APART = CHAIN + 0.1
"""Seconds between two deliberate keys of a moderator (longer than a run of typing)."""


def screen_of(pilot: Any) -> MeetingScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


SENTENCES = [
    "Anne presents the everyday work with the children.",
    "to begin with, everyone agrees on the time.",
    "no one sent notice: at 3 pm the group met again, and Bo took notes!",
    "ordstyreren byder velkommen og gennemgår dagsordenen; æøå går også.",
    "a new member: gitte (7) came at 18:30. we end at 21.",
]


@pytest.mark.parametrize("sentence", SENTENCES, ids=[s[:12] for s in SENTENCES])
async def test_typing_a_sentence_without_moving_into_the_minutes_changes_nothing(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, sentence: str
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space")  # the moderator starts the item
        await pilot.pause(APART)
        await pilot.press("2")  # Bo speaks
        await settle(pilot)
        await pilot.pause(APART)  # later, someone starts typing on the meeting screen
        before = meeting_file(data_dir, meeting_id)
        await pilot.press(*sentence)
        await pilot.pause(0.7)
        await settle(pilot)
        assert app.screen is screen  # no dialog caught the words
        assert isinstance(screen.focused, MinutesPane)
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = meeting_file(data_dir, meeting_id)
        assert after["status"] == "live"
        assert after.get("timeouts", []) == []
        assert after["current_item"] == before["current_item"] == 0
        assert after["speaking"] == before["speaking"]  # Bo still speaks
        assert after["items"][0]["spans"] == before["items"][0]["spans"]  # still running
        assert after["attendance"] == before["attendance"]
        assert sentence in after["minutes"]


async def test_the_first_keys_of_typing_are_undone_and_put_into_the_minutes(
    running_meeting: RunningMeeting, meeting_id: str
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await pilot.pause(APART)
        # "n" and "p" move on and back, "2" makes Bo speak, " " pauses: the letters after them show it was typing
        await pilot.press(*"np 2 children")
        await settle(pilot)
        live = screen.live
        assert live.current_index == 0 and live.running and live.current_speaker is None
        assert "np 2 children" in live.minutes


async def test_a_single_key_of_the_moderator_still_works(running_meeting: RunningMeeting, meeting_id: str) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await pilot.pause(APART)
        await pilot.press("n")
        await pilot.press(*"Bo starts the round.")  # at once: the minute-taker writes about the new item
        await settle(pilot)
        assert screen.live.current_index == 1  # n stays: a capital right after it begins a new sentence
        assert "Bo starts the round." in screen.live.minutes


async def test_a_slow_typist_gets_the_dialog_back_as_typing(running_meeting: RunningMeeting, meeting_id: str) -> None:
    from facilitator.screens.timeout import TimeOutScreen

    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await dialog_key(pilot, "t")  # a slow "to": t waited, then started the time-out
        assert isinstance(app.screen, TimeOutScreen) and screen.live.timeout_running
        await pilot.press("o")  # the next letter, soon after: it was typing
        await settle(pilot)
        assert app.screen is screen and not screen.live.timeout_running and screen.live.running
        assert screen.live.meeting.timeouts == []
        assert screen.live.minutes.endswith("to")


async def test_a_fast_typist_loses_no_letter_while_the_dialog_closes(running_meeting: RunningMeeting, meeting_id: str) -> None:
    from textual import events

    from facilitator.screens.timeout import TimeOutScreen

    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await dialog_key(pilot, "t")  # "t", then "hej" in one burst, as a terminal delivers a fast typist's keys
        assert isinstance(app.screen, TimeOutScreen)
        for letter in "hej":
            app.post_message(events.Key(letter, letter))
        await settle(pilot)
        assert app.screen is screen and screen.live.meeting.timeouts == []
        assert screen.live.minutes.endswith("thej")  # every letter, none swallowed by the closing dialog


async def test_ctrl_z_undoes_each_change_and_the_file_follows(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    from facilitator.screens.timeout import TimeOutScreen

    async with running_meeting(meeting_id) as (app, pilot, screen):
        live = screen.live
        await check_in(pilot)
        await pilot.press("space")
        clock.advance(120)
        await pilot.pause(APART)
        await pilot.press("n")
        await pilot.pause(APART)
        await pilot.press("3")  # Carla speaks
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("1")  # continue
        await settle(pilot)
        assert app.screen is screen and len(live.meeting.timeouts) == 1 and not live.timeout_running

        await pilot.press("ctrl+z")  # the end of the time-out: it runs again, its view comes back
        await settle(pilot)
        assert live.timeout_running and isinstance(app.screen, TimeOutScreen)
        assert "end" not in meeting_file(data_dir, meeting_id)["timeouts"][0]
        await pilot.press("ctrl+z")  # in the time-out view: the time-out itself was a mistake
        await settle(pilot)
        assert app.screen is screen and live.meeting.timeouts == [] and live.current_speaker == "carla"
        assert meeting_file(data_dir, meeting_id).get("timeouts", []) == []
        await pilot.press("ctrl+z")  # Carla as speaker
        await settle(pilot)
        assert live.current_speaker is None and meeting_file(data_dir, meeting_id).get("speaking", []) == []
        await pilot.press("ctrl+z")  # the next item
        await settle(pilot)
        data = meeting_file(data_dir, meeting_id)
        assert live.current_index == 0 and live.running and live.elapsed(0) == 120
        assert data["current_item"] == 0 and data["items"][1]["spans"] == []
        assert "end" not in data["items"][0]["spans"][-1]

        await pilot.press("ctrl+y")
        await settle(pilot)
        assert live.current_index == 1 and meeting_file(data_dir, meeting_id)["current_item"] == 1
        await pilot.press("ctrl+z", "ctrl+z")  # the next item, then the start
        await settle(pilot)
        assert not live.running and meeting_file(data_dir, meeting_id)["items"][0]["spans"] == []


async def test_undo_in_the_footer_and_the_palette_in_both_languages(running_meeting: RunningMeeting, meeting_id: str) -> None:
    from facilitator.screens.meeting import MeetingCommands

    for language, undo in (("en", "Undo (^z)"), ("da", "Fortryd (^z)")):
        async with running_meeting(meeting_id, language=language) as (app, pilot, screen):
            await settle(pilot)
            screen = screen_of(pilot)
            if not screen.live.checked_in:
                await check_in(pilot)
            await pilot.press("space")  # something to undo
            await settle(pilot)
            titles = [title for title, _help, _call in MeetingCommands(screen)._commands()]
            assert undo in titles
            shown = {b.binding.key for b in screen.active_bindings.values() if b.enabled and b.binding.show}
            assert "ctrl+z" in shown


async def test_ending_moves_the_items_not_reached_to_the_next_meeting_and_undo_takes_them_back(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    store = Store(data_dir)
    following = plan_meeting(store, store.load_group(GROUP_ID), "following", date(2026, 4, 9), time(18, 0))
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(600)
        await end_meeting(pilot, "end-move")
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "finished"
        moved = [item["title"] for item in data["items"] if item.get("deferred")]
        assert moved == ["Round of introductions", "Wishes for the network", "Deciding on the network", "Future meetings"]
        nxt = Store(data_dir).load_meeting(GROUP_ID, following.id)
        assert [item.title for item in nxt.items if item.moved_from == meeting_id] == moved
        assert nxt.items[-1].title == "Any other business"  # the moved items come before the closing ones
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.live.is_live and meeting_file(data_dir, meeting_id)["status"] == "live"
        assert not any(item.moved_from for item in Store(data_dir).load_meeting(GROUP_ID, following.id).items)


async def test_ending_without_moving_is_the_second_choice(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    store = Store(data_dir)
    following = plan_meeting(store, store.load_group(GROUP_ID), "following", date(2026, 4, 9), time(18, 0))
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await end_meeting(pilot, "end-keep")
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "finished" and not any(item.get("deferred") for item in data["items"])
        assert not any(item.moved_from for item in Store(data_dir).load_meeting(GROUP_ID, following.id).items)


async def test_a_meeting_resumed_a_day_later_asks_and_goes_on_with_the_old_times(
    running_meeting: RunningMeeting, make_app: MakeApp, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    from facilitator.screens.meeting_dialogs import ResumeDialog

    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(300)
        await pilot.press("ctrl+l")
        await settle(pilot)
    path = Store(data_dir).meeting_path(GROUP_ID, meeting_id)
    saved = clock.now()
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    clock.advance(timedelta(days=1).total_seconds())
    app = make_app("meeting", meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeDialog)
        assert "24 hours ago" in str(app.screen.query_one(".dialog-title").render())
        await pilot.click("#resume-continue")
        await settle(pilot)
        screen = screen_of(pilot)
        assert not screen.live.running and screen.live.elapsed() == 300  # the time away counts nowhere
        assert meeting_file(data_dir, meeting_id)["items"][0]["spans"][-1]["end"] == saved


async def test_a_meeting_tried_out_the_evening_before_starts_afresh(
    running_meeting: RunningMeeting, make_app: MakeApp, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"just trying")
        await settle(pilot)
        await pilot.press("escape", "ctrl+l")
        await settle(pilot)
    path = Store(data_dir).meeting_path(GROUP_ID, meeting_id)
    os.utime(path, (clock.now().timestamp(), clock.now().timestamp()))
    clock.advance(timedelta(hours=20).total_seconds())
    app = make_app("meeting", meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#resume-afresh")
        await settle(pilot)
        screen = screen_of(pilot)
        assert not screen.live.checked_in and screen.query_one("#checkin-view").display
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "planned" and data["minutes"] == "" and data["attendance"]["absent_notified"] == ["erik"]
        assert "started_at" not in data and all(not item["spans"] for item in data["items"])


async def test_reset_to_planned_from_the_palette_keeps_the_minutes_when_ticked(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"keep these words", "escape")
        await settle(pilot)
        commands = {title: call for title, _help, call in screen.palette_commands()}
        commands["Reset to planned"]()
        await settle(pilot)
        await pilot.click("#reset-yes")  # "keep the minutes" is ticked when there are minutes
        await settle(pilot)
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "planned" and "keep these words" in data["minutes"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert meeting_file(data_dir, meeting_id)["status"] == "live"


async def _held_and_ended(running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"What we said.", "escape")
        clock.advance(1800)
        await end_meeting(pilot, "end-keep")
        await pilot.press("ctrl+l")
        await settle(pilot)


async def _correct(pilot: Any, words: str) -> None:
    await settle(pilot)
    screen = screen_of(pilot)
    assert screen.live.correcting
    await pilot.press("tab", *words)
    await pilot.press("escape", "ctrl+e")  # done correcting
    await settle(pilot)


async def test_reopening_from_the_home_screen_keeps_the_times_and_records_it(
    running_meeting: RunningMeeting, make_app: MakeApp, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    await _held_and_ended(running_meeting, meeting_id, clock)
    before = meeting_file(data_dir, meeting_id)
    clock.advance(timedelta(days=2).total_seconds())
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await _correct(pilot, " Corrected on Saturday.")
    data = meeting_file(data_dir, meeting_id)
    assert data["status"] == "finished" and "Corrected on Saturday." in data["minutes"]
    assert (data["started_at"], data["ended_at"], data["items"]) == (before["started_at"], before["ended_at"], before["items"])
    assert [entry["at"] for entry in data["reopened"]] == [clock.now()]
    assert data["reopened"][0]["closed_at"] == clock.now()


async def test_reopening_from_the_history(
    running_meeting: RunningMeeting, make_app: MakeApp, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    await _held_and_ended(running_meeting, meeting_id, clock)
    app = make_app("history")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await _correct(pilot, " From the history.")
    data = meeting_file(data_dir, meeting_id)
    assert "From the history." in data["minutes"] and len(data["reopened"]) == 1


async def test_reopening_from_the_command_line_and_the_minutes_say_amended(
    running_meeting: RunningMeeting,
    make_app: MakeApp,
    meeting_id: str,
    data_dir: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _held_and_ended(running_meeting, meeting_id, clock)
    from facilitator.screens.meeting import open_live_meeting

    app = make_app("meeting", meeting_id)  # without --reopen: refused, saying how to reopen
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        refusal = open_live_meeting(app, meeting_id)
        assert isinstance(refusal, str) and f"facilitator meeting {meeting_id} --reopen" in refusal
    assert app.return_code == 1
    async with running_meeting(meeting_id, "--reopen") as (app, pilot, screen):
        await _correct(pilot, " From the command line.")
    capsys.readouterr()
    assert run(["--data-dir", str(data_dir), "--lang", "en", "export", "minutes", meeting_id]) == 0
    out = capsys.readouterr().out
    assert "From the command line." in out and "Amended" in out


async def test_todays_roles_at_check_in_reach_the_time_out_and_the_exported_minutes(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from textual.widgets import Select

    from facilitator.model import Roles

    store = Store(data_dir)
    meeting = store.load_meeting(GROUP_ID, meeting_id)
    meeting.roles = Roles()  # started without a plan: nobody has a role
    store.save_meeting(GROUP_ID, meeting)
    async with running_meeting(meeting_id) as (app, pilot, screen):
        await settle(pilot)
        assert "Moderator: nobody" in str(screen.query_one("#checkin-roles").render())
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        for role, member in (("moderator", "dorte"), ("minute_taker", "anne"), ("boundary_keeper", "gitte")):
            dialog.query_one(f"#today-{role}", Select).value = member
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Moderator: Dorte Pedersen" in str(screen.query_one("#checkin-roles").render())
        await check_in(pilot)
        await pilot.press("space", "ctrl+t")
        await settle(pilot)
        assert screen.live.current_timeout is not None and screen.live.current_timeout.called_by == "gitte"
        await pilot.press("1")
        await settle(pilot)
        await end_meeting(pilot, "end-keep")
    capsys.readouterr()
    assert run(["--data-dir", str(data_dir), "--lang", "en", "export", "minutes", meeting_id]) == 0
    out = capsys.readouterr().out
    assert "Dorte Pedersen" in out and "Anne Hansen" in out and "Gitte Holm" in out
    assert "Moderator: —" not in out


async def test_numbers_stay_the_same_in_check_in_speakers_and_late_arrival(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    from facilitator.screens.checkin import PresenceDialog

    async with running_meeting(meeting_id) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("3")  # Carla (3): absent with notice
        await check_in(pilot)
        await pilot.press("space")
        await pilot.pause(APART)
        await pilot.press("4")  # Dorte keeps 4 although Carla is away
        await settle(pilot)
        assert screen.live.current_speaker == "dorte"
        await pilot.pause(APART)
        await dialog_key(pilot, "a")
        assert isinstance(app.screen, PresenceDialog)
        await pilot.pause(APART)
        await pilot.press("3", "escape")  # Carla arrives: still number 3
        await settle(pilot)
        await pilot.pause(APART)
        await pilot.press("3")
        await settle(pilot)
        assert screen.live.current_speaker == "carla"
        rows = {row.member: row.digit for row in screen.query_one("#speakers").rows}  # type: ignore[attr-defined]
        assert rows["carla"] == "3" and rows["dorte"] == "4" and rows["anne"] == "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert meeting_file(data_dir, meeting_id)["attendance"]["numbers"]["carla"] == 3


async def test_leaving_or_quitting_while_saves_fail_asks_and_a_rescue_copy_is_written(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.screens.meeting_dialogs import UnsavedDialog

    failing = {"on": False}
    real = Store.save_meeting

    def save_meeting(self: Store, gid: str, meeting: Any, **kwargs: Any) -> None:
        if failing["on"]:
            raise OSError(28, "No space left on device", str(self.meeting_path(gid, meeting_id)))
        real(self, gid, meeting, **kwargs)

    monkeypatch.setattr(Store, "save_meeting", save_meeting)
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        failing["on"] = True
        await pilot.press("space", "tab", *"words the disk refused", "ctrl+s")
        await settle(pilot)
        screen.refresh_clock()
        assert "NOT SAVED" in str(screen.query_one("#topbar").render())
        rescue = tmp_path / "rescue" / f"{GROUP_ID}-{meeting_id}.toml"
        assert rescue.exists() and "words the disk refused" in rescue.read_text(encoding="utf-8")
        assert (rescue.stat().st_mode & 0o777) == 0o600
        await pilot.press("escape", "ctrl+l")  # leaving: it asks, stay is the default
        await settle(pilot)
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+q")  # quitting asks too
        await settle(pilot)
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")
        await settle(pilot)
        failing["on"] = False  # space is back: the saver's own retry writes everything
        deadline = _time.monotonic() + 10
        while _time.monotonic() < deadline and "words the disk refused" not in meeting_file(data_dir, meeting_id)["minutes"]:
            await pilot.pause(0.2)
        assert "words the disk refused" in meeting_file(data_dir, meeting_id)["minutes"]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not isinstance(app.screen, (UnsavedDialog, MeetingScreen))
