"""The live meeting screen, driven with the keyboard like a moderator would (Pilot + FakeClock).

Each test opens `facilitator meeting ID` on a fresh data folder with the
booklet's first meeting, presses keys, moves the FakeClock, asks the screen to
redraw (`refresh_clock()`, the one-second timer does only that) and checks
both what the screen shows and what the meeting file says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import GROUP_ID, RunningMeeting, check_in, dialog_key, end_meeting, meeting_file, settle, shown
from textual.widgets import Digits, Static

from facilitator.clock import FakeClock
from facilitator.screens.checkin import CheckinList, PresenceDialog
from facilitator.screens.meeting import MeetingScreen
from facilitator.screens.overtime import OvertimeBar
from facilitator.store import Store, StoreError
from facilitator.widgets.agenda import AgendaList, MeetingEnd
from facilitator.widgets.countdown import ItemClock, format_duration
from facilitator.widgets.minutes import MinutesPane, diff_edit, merge_minutes

MakeApp = Callable[..., Any]


def screen_of(pilot: Any) -> MeetingScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen), type(screen)
    return screen


def clock_texts(screen: MeetingScreen) -> dict[str, str]:
    screen.refresh_clock()
    widget = screen.query_one(ItemClock)
    return {
        "title": str(widget.border_title),
        "digits": widget.query_one("#clock-digits", Digits).value,
        "word": str(widget.query_one("#clock-word", Static).render()),
        "detail": str(widget.query_one("#clock-detail", Static).render()),
        "lead": str(widget.query_one("#clock-lead", Static).render()),
    }


# --- check-in -----------------------------------------------------------------------


async def test_the_footer_says_digits_change_presence_at_check_in_and_speakers_after(
    running_meeting: RunningMeeting, meeting_id: str
) -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    def footer_keys() -> dict[str, str]:
        return {key.description: key.key_display for key in screen.query_one(Footer).query(FooterKey)}

    async with running_meeting(meeting_id) as (app, pilot, screen):
        await settle(pilot)
        digit = screen.active_bindings["1"].binding
        assert digit.description == "Presence" and digit.action == "presence('1')"
        assert footer_keys().get("Presence") == "0-9" and "Speaker" not in footer_keys()
        await pilot.press("2")  # the digit still changes Bo's presence
        statuses = {row.member_id: row.status for row in screen.query_one(CheckinList).rows()}
        assert statuses["bo"] == "absent_notified"

        await check_in(pilot)
        await settle(pilot)
        digit = screen.active_bindings["1"].binding
        assert digit.description == "Speaker" and digit.action == "speaker('1')"
        assert footer_keys().get("Speaker") == "0-9" and "Presence" not in footer_keys()


async def test_check_in_one_key_per_person_then_enter_shows_the_agenda(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    async with running_meeting(meeting_id) as (app, pilot, screen):
        checkin = screen.query_one(CheckinList)
        assert screen.focused is checkin
        assert screen.query_one("#checkin-view").display and not screen.query_one("#run-view").display
        rendered = shown(checkin)
        assert "Erik Larsen" in rendered and "◐ absent (notice given)" in rendered
        statuses = {row.member_id: row.status for row in checkin.rows()}
        assert statuses["erik"] == "absent_notified" and statuses["bo"] == "present"

        await pilot.press("2")  # Bo: present -> notice
        await pilot.press("2")  # Bo: notice -> absent
        await pilot.press("down", "space")  # the cursor is on Bo's row; down to Carla: present -> notice
        await pilot.press("3", "3")  # Carla: notice -> absent -> present
        await pilot.press("5")  # Erik: notice -> absent
        await pilot.press("5")  # Erik: absent -> present (he came after all)
        statuses = {row.member_id: row.status for row in checkin.rows()}
        assert statuses == {
            "anne": "present", "bo": "absent", "carla": "present",
            "dorte": "present", "erik": "present", "fatima": "present", "gitte": "present",
        }
        assert screen.live.current is not None and not screen.live.current.spans  # nothing started yet

        await check_in(pilot)
        assert not screen.query_one("#checkin-view").display and screen.query_one("#run-view").display
        assert screen.focused is screen.query_one(AgendaList)
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "live"
        assert data["attendance"]["absent"] == ["bo"]
        assert data["attendance"]["present"] == ["anne", "carla", "dorte", "erik", "fatima", "gitte"]
        assert "checked_in_at" in data["attendance"]
        assert len(data["attendance"]["changes"]) == 7


async def test_late_arrival_and_early_leave_are_stored_with_the_time(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(20 * 60)
        await dialog_key(pilot, "a")
        assert isinstance(app.screen, PresenceDialog)
        await pilot.press("5")  # Erik arrives at 18:20
        clock.advance(60)
        await pilot.press("7")  # Gitte leaves at 18:21
        listed = shown(app.screen.query_one(CheckinList))
        assert "Erik Larsen" in listed and "✓ present (came 18:20)" in listed
        assert "× absent (left 18:21)" in listed
        await pilot.press("escape")
        assert app.screen is screen
        assert "erik" in screen.live.meeting.attendance.present
        assert "gitte" in screen.live.meeting.attendance.absent
        await pilot.press("ctrl+s")
        await settle(pilot)
        changes = meeting_file(data_dir, meeting_id)["attendance"]["changes"]
        late = [(c["member"], c["status"], c["at"].strftime("%H:%M")) for c in changes[7:]]
        assert late == [("erik", "present", "18:20"), ("gitte", "absent", "18:21")]


# --- countdown, over-time, bell -------------------------------------------------------------


async def test_countdown_turns_into_over_time_with_sign_word_and_one_bell(
    make_app: MakeApp, meeting_id: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app("meeting", meeting_id)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = screen_of(pilot)
        await check_in(pilot)
        assert clock_texts(screen)["digits"] == "15:00"
        await pilot.press("space")
        clock.advance(10 * 60 + 0.4)
        texts = clock_texts(screen)
        assert texts["digits"] == "05:00" and texts["word"] == ""
        assert "Running" in texts["title"] and "1. Welcome" in texts["title"]
        assert not screen.query_one(ItemClock).has_class("-over")
        assert bells == []

        clock.advance(5 * 60 - 0.4)
        clock_texts(screen)
        assert bells == [1]  # at zero
        clock.advance(4 * 60 + 12)
        texts = clock_texts(screen)
        assert texts["digits"] == "+04:12" and texts["word"] == "OVER"
        assert "+04:12" in texts["detail"]
        assert screen.query_one(ItemClock).has_class("-over")
        clock_texts(screen)
        assert bells == [1]  # once only

        # the agenda row says what ran, with the state symbol
        rows = screen.query_one(AgendaList).rows(screen.live)
        assert rows[0][:3] == ("current", "▶", "1. Welcome") and rows[0][4] == "19:12"
        assert rows[1][:2] == ("coming", "·")


async def test_pause_stops_the_countdown_and_plus_minus_change_the_plan(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(60)
        await pilot.press("space")  # pause
        clock.advance(600)
        texts = clock_texts(screen)
        assert texts["digits"] == "14:00" and "Paused" in texts["title"]
        await pilot.press("plus", "plus", "minus", "plus")
        assert screen.live.items[0].planned_minutes == 17
        assert clock_texts(screen)["digits"] == "16:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        item = meeting_file(data_dir, meeting_id)["items"][0]
        assert item["planned_minutes"] == 17 and len(item["spans"]) == 1 and "end" in item["spans"][0]


async def test_next_and_previous_items_write_headings_into_the_minutes(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(14 * 60)
        await pilot.press("n")
        await settle(pilot)
        assert screen.live.current_index == 1 and screen.live.running
        pane = screen.query_one(MinutesPane)
        assert pane.text == "## 1. Welcome\n\n## 2. Round of introductions\n"
        rows = screen.query_one(AgendaList).rows(screen.live)
        assert rows[0][:2] == ("done", "✓") and rows[0][4] == "14:00"
        assert rows[1][:2] == ("current", "▶")
        # an item change is saved at once
        data = meeting_file(data_dir, meeting_id)
        assert data["current_item"] == 1 and "## 2. Round of introductions" in data["minutes"]

        clock.advance(60)
        await pilot.press("p")
        assert screen.live.current_index == 0 and screen.live.running
        assert pane.text.count("## 1.") == 1  # never twice


async def test_round_item_shows_each_persons_share(running_meeting: RunningMeeting, meeting_id: str) -> None:
    async with running_meeting(meeting_id) as (app, pilot, screen):
        await check_in(pilot)  # six present
        await pilot.press("space", "n")
        detail = clock_texts(screen)["detail"]
        assert "Per person: 7 min 30 s (6 present)" in detail


async def test_break_shows_when_we_start_again_in_large_type(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(15 * 60)
        await pilot.press("n")
        clock.advance(45 * 60)
        await pilot.press("n")  # the break starts at 19:00
        clock.advance(5 * 60)
        texts = clock_texts(screen)
        assert texts["lead"] == "We start again at"
        assert texts["digits"] == "19:20"
        assert "The break ends in 15:00" in texts["detail"]
        assert screen.query_one(ItemClock).has_class("-break")


async def test_projected_end_warns_when_it_passes_end_by(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        end = screen.query_one(MeetingEnd)
        screen.refresh_clock()
        assert end.text_for(screen.live) == "Planned end 20:40 · projected 20:40"
        assert not end.has_class("-late")
        await pilot.press("space")
        clock.advance(40 * 60)  # 25 minutes over: 18:40 + 145 min = 21:05
        screen.refresh_clock()
        text = end.text_for(screen.live)
        assert "projected 21:05" in text
        assert "! Projected end is after 21:00" in text
        assert end.has_class("-late")


# --- the over-time prompt ---------------------------------------------------------------


async def go_over(pilot: Any, screen: MeetingScreen, clock: FakeClock, minutes: float = 17.5) -> None:
    """The first item (started) runs `minutes` and the screen shows it: 2.5 minutes over by default."""
    clock.advance(minutes * 60)
    screen.refresh_clock()
    await pilot.pause()


async def test_over_time_prompt_take_from_later_items_while_typing(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await go_over(pilot, screen, clock)
        bar = screen.query_one(OvertimeBar)
        text = shown(bar)
        assert bar.display and "3 min over" in text
        assert "F2" in text and "F3" in text and "F4" in text
        # the prompt is no modal: the minute-taker types on, and F2 works from the minutes
        await pilot.press("tab", "o", "k")
        await pilot.press("f2")
        assert screen.query_one(MinutesPane).text.endswith("ok")
        items = screen.live.items
        # issue 17: a step of 5 minutes (3 over, rounded up to 5), so the prompt does not come back a minute later
        assert items[0].planned_minutes == 20
        assert [items[i].planned_minutes for i in (1, 2, 3, 4, 5)] == [43, 20, 39, 19, 19]
        await pilot.pause()
        assert not bar.display


async def test_over_time_prompt_extend_the_meeting(running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await go_over(pilot, screen, clock)
        await pilot.press("f3")
        assert screen.live.items[0].planned_minutes == 20  # issue 17: a step of 5 minutes
        assert screen.live.hhmm(screen.live.planned_end()) == "20:45"
        assert not screen.query_one(OvertimeBar).display


async def test_over_time_prompt_move_the_item_to_the_next_meeting(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await go_over(pilot, screen, clock)
        await pilot.press("f4")
        await settle(pilot)
        from facilitator.screens.meeting_dialogs import DeferDialog

        assert isinstance(app.screen, DeferDialog)  # issue 17: it asks before the next item starts
        assert not screen.live.items[0].deferred
        await pilot.press("enter")  # the first button: move it and start the next item
        await settle(pilot)
        assert screen.live.items[0].deferred and screen.live.current_index == 1 and screen.live.running
        rows = screen.query_one(AgendaList).rows(screen.live)
        assert rows[0][:2] == ("deferred", "→")
        data = meeting_file(data_dir, meeting_id)
        assert data["items"][0]["deferred"] is True and data["current_item"] == 1


async def test_over_time_prompt_can_be_dismissed(running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await go_over(pilot, screen, clock)
        bindings = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert {"f2", "f3", "f4", "f5"} <= bindings
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_one(OvertimeBar).display
        assert screen.live.items[0].planned_minutes == 15
        bindings = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert "f2" not in bindings  # the footer no longer offers the choices


# --- minutes ----------------------------------------------------------------------------


async def test_letters_type_in_the_minutes_and_escape_gives_the_keys_back(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        pane = screen.query_one(MinutesPane)
        await pilot.press("tab")
        assert screen.focused is pane
        pane.move_cursor(pane.document.end)
        await pilot.press(*"np e2 ", "enter")
        assert screen.live.current_index == 0 and screen.live.running  # n, p, space, e, 2 typed text
        assert screen.live.current_speaker is None
        assert screen.live.minutes == "## 1. Welcome\nnp e2 \n"
        # the footer does not offer letter keys while typing
        enabled = {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert "next_item" not in enabled and "save" in enabled
        await pilot.press("escape")
        assert screen.focused is screen.query_one(AgendaList)
        await pilot.press("n")
        assert screen.live.current_index == 1


async def test_meeting_additions_keep_the_minute_takers_cursor(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab")
        pane = screen.query_one(MinutesPane)
        pane.move_cursor(pane.document.end)
        await pilot.press(*"Anne welcomes everyone.", "enter", *"Rules on smoking.")
        pane.move_cursor((1, 4))  # after "Anne", in the middle of the text
        await pilot.press("ctrl+s")  # the control keys work while typing
        # the moderator moves on (n is typed text here; use the action as the moderator's laptop would)
        screen.action_next_item()
        await pilot.pause()
        assert pane.text.endswith("Rules on smoking.\n\n## 2. Round of introductions\n")
        assert pane.cursor_location == (1, 4)
        await pilot.press("!")
        assert pane.text.startswith("## 1. Welcome\nAnne! welcomes")
        assert screen.live.minutes == pane.text


def test_merge_keeps_typing_and_the_meetings_addition() -> None:
    base = "## 1. A\nnotes\n"
    mine = "## 1. A\nnotes and more\n"
    theirs = "## 1. A\nnotes\n\n## 2. B\n"
    assert merge_minutes(base, mine, theirs) == "## 1. A\nnotes and more\n\n## 2. B\n"
    assert merge_minutes(base, base, theirs) == theirs
    assert merge_minutes(base, mine, base) == mine
    # typing after the meeting's change
    assert merge_minutes("x\ny", "x\ny!", "x!!\ny") == "x!!\ny!"
    # overlapping changes: nothing typed is lost, the addition goes to the end
    merged = merge_minutes("abc", "aXc", "aYc")
    assert merged.startswith("aXc") and "Y" in merged
    assert diff_edit("abc", "abc") is None
    assert diff_edit("abc", "abXc") == (2, 2, "X")


def test_durations_count_down_up_and_over_down() -> None:
    assert format_duration(0.4, up=True) == "00:01"
    assert format_duration(0.0, up=True) == "00:00"
    assert format_duration(252.9, sign=True) == "+04:12"
    assert format_duration(3 * 3600 + 5) == "3:00:05"


# --- saving, ending, locks, resume ------------------------------------------------------------


async def test_ctrl_s_writes_the_minutes_to_the_file(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"Decision: we meet again", "ctrl+s")
        await settle(pilot)
        data = meeting_file(data_dir, meeting_id)
        assert "Decision: we meet again" in data["minutes"]
        assert data["status"] == "live"


async def test_ctrl_e_asks_first_no_letter_answers_and_a_button_ends_the_meeting(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    from facilitator.screens.home import HomeScreen
    from facilitator.screens.meeting_dialogs import EndDialog

    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(300)
        await pilot.press("e")  # a letter: typed into the minutes, it ends nothing
        await settle(pilot)
        assert app.screen is screen and screen.live.is_live
        await pilot.press("escape", "ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, EndDialog)
        await pilot.press(*"yes y n")  # no letter answers the end dialog
        assert isinstance(app.screen, EndDialog) and screen.live.is_live
        await pilot.press("escape")
        assert app.screen is screen and screen.live.is_live
        await end_meeting(pilot, "end-keep")
        assert app.screen is screen and screen.live.finished  # the screen stays: ctrl+z takes the end back
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "finished"
        assert data["ended_at"].strftime("%H:%M") == "18:05"
        assert "end" in data["items"][0]["spans"][-1]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        Store(data_dir).lock_meeting(GROUP_ID, meeting_id).release()  # the lock was let go


async def test_quitting_saves_and_releases_the_lock(running_meeting: RunningMeeting, meeting_id: str, data_dir: Path) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"last words")
        with pytest.raises(StoreError):
            Store(data_dir).lock_meeting(GROUP_ID, meeting_id)
    assert meeting_file(data_dir, meeting_id)["minutes"].endswith("last words")
    Store(data_dir).lock_meeting(GROUP_ID, meeting_id).release()


async def test_a_meeting_open_elsewhere_is_refused_with_the_process(
    make_app: MakeApp, meeting_id: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = Store(data_dir).lock_meeting(GROUP_ID, meeting_id)
    try:
        app = make_app("meeting", meeting_id)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
        assert app.return_code == 1
        import os

        error = " ".join(capsys.readouterr().err.split())
        assert f"open in another program (process {os.getpid()})" in error

        # from the home screen: a notice, the home screen stays
        from facilitator.screens.home import HomeScreen

        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.open_meeting(meeting_id)
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            messages = [n.message for n in app._notifications]
            assert any(str(os.getpid()) in m for m in messages)
    finally:
        lock.release()


async def test_a_live_meeting_is_resumed_and_the_time_since_counts(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, clock: FakeClock
) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        clock.advance(60)
    clock.advance(9 * 60)  # the program was gone for nine minutes; the meeting went on
    async with running_meeting(meeting_id) as (app, pilot, screen):
        await pilot.pause()
        assert screen.live.resumed and screen.live.running
        assert clock_texts(screen)["digits"] == "05:00"
        messages = [n.message for n in app._notifications]
        assert any("running since 18:00" in m for m in messages)
        assert screen.query_one("#run-view").display


async def test_a_failing_save_shows_a_warning_bar_and_keeps_the_minutes(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.store import Problem

    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        path = Store(data_dir).meeting_path(GROUP_ID, meeting_id)

        def broken(gid: str, meeting: object, **_: object) -> None:
            raise StoreError(Problem(path, "could not write the file (No space left on device)"))

        monkeypatch.setattr(app.store, "save_meeting", broken)
        await pilot.press("tab", *"precious")
        await pilot.press("ctrl+s")
        await settle(pilot)
        bar = screen.query_one("#save-error", Static)
        assert bar.display
        text = "".join(shown(bar).split())  # the path may fold over lines
        assert "NOTSAVED" in text and "Nospaceleft" in text and str(path) in text
        assert screen.live.minutes.endswith("precious")
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not bar.display
        assert meeting_file(data_dir, meeting_id)["minutes"].endswith("precious")


async def test_a_key_right_after_escape_works_on_the_meeting_not_in_the_minutes(
    running_meeting: RunningMeeting, meeting_id: str
) -> None:
    from textual import events

    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"hello")
        first = screen.live.current_index
        await pilot.press("escape", "n")
        await settle(pilot)
        assert screen.live.current_index == first + 1  # n went to the meeting: the next item
        assert "hellon" not in screen.minutes_pane.text and "hello" in screen.minutes_pane.text
        assert not isinstance(screen.focused, MinutesPane)

        # A lagging program: escape and n are both queued before either is handled.
        await pilot.press("tab", *" again")
        second = screen.live.current_index
        for key in ("escape", "n"):
            event = events.Key(key, "\x1b" if key == "escape" else key)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]
        await settle(pilot)
        assert screen.live.current_index == second + 1
        assert "againn" not in screen.minutes_pane.text and " again" in screen.minutes_pane.text
        assert "n" not in screen.minutes_pane.text.split("again", 1)[1]


# --- the other parts' keys ---------------------------------------------------------------------


async def test_digits_choose_the_speaker(running_meeting: RunningMeeting, meeting_id: str) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("1")  # not running yet: nobody speaks, a notice says why
        assert screen.live.current_speaker is None
        await pilot.press("space", "2")
        assert screen.live.current_speaker == "bo"  # 1 Anne, 2 Bo, 3 Carla, 4 Dorte, 5 Erik, 6 Fatima, 7 Gitte
        await pilot.press("5")
        assert screen.live.current_speaker == "bo"  # Erik (afbud) keeps his number but is not here
        await pilot.press("6")
        assert screen.live.current_speaker == "fatima"  # nobody is renumbered
        await pilot.press("6")
        assert screen.live.current_speaker is None
        await pilot.press("2")
        await pilot.press("2")
        assert screen.live.current_speaker is None


async def test_ctrl_t_calls_the_time_out_also_from_the_minutes(
    running_meeting: RunningMeeting, meeting_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(MeetingScreen, "action_timeout", lambda self: calls.append("timeout"))
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", "t", "ctrl+t")
        assert calls == ["timeout"]  # the letter t was typed, ctrl+t called the time-out
        assert screen.live.minutes.endswith("t\n") or screen.live.minutes.endswith("t")
        await pilot.press("escape")
        await dialog_key(pilot, "t")
        assert calls == ["timeout", "timeout"]


async def test_panel_keys_hide_and_show_and_x_ticks_a_cue(running_meeting: RunningMeeting, meeting_id: str) -> None:
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        for key, panel_id in (("s", "speakers"), ("c", "cues")):
            panel = screen.query_one(f"#{panel_id}")
            assert panel.display
            await pilot.press(key)
            assert not panel.display
            await pilot.press(key)
            assert panel.display
        before = sum(1 for cue in screen.live.cues() if cue.done)
        for _ in range(3):
            await pilot.press("x")
        after = sum(1 for cue in screen.live.cues() if cue.done)
        assert after > before


async def test_g_t_and_f1_open_the_grouping_the_time_out_and_the_help(
    running_meeting: RunningMeeting, meeting_id: str, clock: FakeClock, data_dir: Path
) -> None:
    from facilitator.screens.grouping import GroupingDialog as grouping
    from facilitator.screens.help import HelpScreen as help_screen
    from facilitator.screens.timeout import TimeOutScreen as timeout

    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "n", "n", "n")  # 4. Wishes for the network
        await dialog_key(pilot, "g")
        assert isinstance(app.screen, grouping)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.live.current_grouping() is not None
        assert "- Anne Hansen" in screen.query_one(MinutesPane).text or "Anne Hansen" in screen.live.minutes
        assert screen.query_one(MinutesPane).text == screen.live.minutes  # the grouping came into the editor

        await dialog_key(pilot, "t")
        assert isinstance(app.screen, timeout) and screen.live.timeout_running
        clock.advance(120)
        await pilot.press("1")  # continue
        await settle(pilot)
        assert app.screen is screen and not screen.live.timeout_running
        assert screen.query_one(MinutesPane).text == screen.live.minutes
        assert "Time-out" in screen.live.minutes
        assert meeting_file(data_dir, meeting_id)["timeouts"][0]["outcome"] == "continue"

        await pilot.press("f1")
        assert isinstance(app.screen, help_screen)


async def test_tab_puts_the_cursor_at_the_end_of_a_reopened_meeting(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space", "tab", *"first words")
    async with running_meeting(meeting_id) as (app, pilot, screen):
        await pilot.press("tab", *" more")
        assert screen.live.minutes == "## 1. Welcome\nfirst words more"


async def test_page_keys_scroll_the_agenda_column_at_80x24(running_meeting: RunningMeeting, meeting_id: str) -> None:
    async with running_meeting(meeting_id, size=(80, 24), checked_in=True) as (app, pilot, screen):
        assert screen.has_class("-narrow") and screen.has_class("-short")
        # The round of introductions with two speakers: agenda, clock, shares, speakers and cues
        # do not fit in the column at 80x24, so the page keys have something to scroll.
        await pilot.press("space", "n", "1", "2")
        await settle(pilot)
        assert screen.live.current is not None and screen.live.current.kind == "round"
        side = screen.query_one("#side")
        assert side.max_scroll_y > 0
        assert side.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert side.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert side.scroll_y == 0


async def test_the_command_palette_offers_the_keys_in_both_languages(running_meeting: RunningMeeting, meeting_id: str) -> None:
    from facilitator.screens.meeting import MeetingCommands

    for language, start, end in (
        ("en", "Start/pause (space)", "End meeting (^e)"),
        ("da", "Start/pause (mellemrum)", "Afslut møde (^e)"),
    ):
        async with running_meeting(meeting_id, language=language, checked_in=True) as (app, pilot, screen):
            titles = [title for title, _help, _call in MeetingCommands(screen_of(pilot))._commands()]
            assert start in titles and end in titles
            assert not any("meeting_screen." in title for title in titles)  # every description translated
            calls = {title: call for title, _help, call in MeetingCommands(screen_of(pilot))._commands()}
            before = screen_of(pilot).live.running
            await calls[start]()
            assert screen_of(pilot).live.running is not before


async def test_ctrl_l_goes_back_home_without_ending_and_lets_go_of_the_lock(
    make_app: MakeApp, meeting_id: str, data_dir: Path
) -> None:
    from facilitator.screens.home import HomeScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the planned meeting is selected on the home screen
        await settle(pilot)
        screen = screen_of(pilot)
        await check_in(pilot)
        await pilot.press("space", "ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert screen.live.running  # it goes on
        data = meeting_file(data_dir, meeting_id)
        assert data["status"] == "live" and "end" not in data["items"][0]["spans"][0]
        Store(data_dir).lock_meeting(GROUP_ID, meeting_id).release()


async def test_the_seconds_redraw_waits_for_a_gap_in_the_typing_but_never_long(
    running_meeting: RunningMeeting, meeting_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: a key typed while the once-a-second redraw runs waited for it; the redraw now lets keys go first."""
    import time

    from facilitator.screens.meeting import TICK_YIELD, TICK_YIELD_MOST

    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        redraws: list[float] = []
        original = screen.refresh_clock

        def counted() -> None:
            redraws.append(time.monotonic())
            original()

        monkeypatch.setattr(screen, "refresh_clock", counted)
        assert screen.ticker is not None
        screen.ticker.pause()  # only the redraws asked for here: the screen's own second would come at any time
        screen._typed_at = float("-inf")
        screen._second()
        assert len(redraws) == 1  # no typing: at once
        screen._typed_at = time.monotonic()  # a key in the minutes just now
        asked = time.monotonic()
        screen._second()
        assert len(redraws) == 1  # it waits for a gap
        await pilot.pause(TICK_YIELD * 2.5)
        assert len(redraws) == 2 and redraws[1] - asked >= TICK_YIELD
        # A typist who never stops: the redraw comes all the same, after TICK_YIELD_MOST at the latest.
        asked = time.monotonic()
        screen._second()
        for _ in range(40):
            screen._typed_at = time.monotonic()
            await pilot.pause(0.02)
            if len(redraws) == 3:
                break
        assert len(redraws) == 3
        assert redraws[2] - asked < TICK_YIELD_MOST + 0.3


async def test_a_new_speakers_line_that_fits_needs_no_layout_of_the_screen() -> None:
    """countdown.same_size: the clock's speaker line changes with each speaker; a repaint is enough while it fits."""
    from textual.app import App, ComposeResult

    from facilitator.widgets.countdown import same_size

    class Host(App[None]):
        CSS = "#auto { width: auto; }"

        def compose(self) -> ComposeResult:
            yield Static("Speaking: 1 Anne Hansen · 00:14", id="line")
            yield Static("x", id="auto")

    async with Host().run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        line, auto = pilot.app.query_one("#line", Static), pilot.app.query_one("#auto", Static)
        old = "Speaking: 1 Anne Hansen · 00:14"
        assert same_size(line, old, "Speaking: 2 Mette Kristensen · 00:00")
        assert same_size(line, old, "Nobody speaks")
        assert not same_size(line, old, "Speaking: 2 Mette Kristensen-Christiansen · 00:00")  # wraps at 40
        assert not same_size(line, old, "Speaking: 2\nMette")  # another line
        assert not same_size(line, old, "")  # hidden
        assert not same_size(auto, "x", "xy")  # its width follows the text
        assert same_size(auto, "12:34", "12:33")  # the same length: the same size
