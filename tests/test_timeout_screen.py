"""The boundary keeper's time-out view (issue 4): called from the minutes, outcomes, the note, time counting nowhere."""

from __future__ import annotations

from panels_host import START, PanelsHost, host_panels, make_live
from rich.text import Text
from textual.widgets import Checkbox, Digits, Input, Static, TextArea

from facilitator.clock import FakeClock
from facilitator.screens.timeout import TimeOutScreen, big_lines
from facilitator.speaking import stats


def shown(screen: TimeOutScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def test_the_big_word_is_three_lines_of_half_blocks() -> None:
    lines = big_lines("TIME-OUT")
    assert len(lines) == 3
    assert set("".join(lines)) <= set("█▀▄ ")
    assert lines[0].startswith("▀▀█▀▀")


async def test_ctrl_t_from_inside_the_minutes_shows_the_time_out_at_once() -> None:
    async with host_panels(present=5, show=("speakers", "minutes"), running=True) as (app, pilot, live, clock):
        live.toggle_speaker("bo")
        clock.advance(30)
        app.query_one(TextArea).focus()
        await pilot.press("h", "i")
        assert app.query_one(TextArea).text == "hi"
        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, TimeOutScreen)
        assert live.timeout_running and not live.running and live.current_speaker is None
        assert shown(screen, "#timeout-who") == "Called by Carla Berg (boundary keeper)"
        assert "During 1. Welcome." in shown(screen, "#timeout-item")
        assert screen.query_one(Digits).value == "00:00"
        clock.advance(95)
        await pilot.pause()
        screen.refresh_from()
        assert screen.query_one(Digits).value == "01:35"
        assert app.query_one(TextArea).text == "hi"  # the t of ctrl+t typed nothing


async def test_continue_resumes_the_item_and_the_time_out_counts_nowhere() -> None:
    async with host_panels(present=5, show=("speakers",), running=True) as (app, pilot, live, clock):
        await pilot.press("1")
        clock.advance(60)
        await pilot.press("t")
        assert isinstance(app.screen, TimeOutScreen)
        clock.advance(600)  # ten minutes of time-out
        await pilot.press("1")  # continue
        await pilot.pause()
        assert not isinstance(app.screen, TimeOutScreen)
        assert live.running and not live.timeout_running
        clock.advance(60)
        assert live.elapsed() == 120  # one minute before, one after: the time-out counts nowhere
        timeout = live.meeting.timeouts[-1]
        assert timeout.outcome == "continue" and timeout.called_by == "carla" and timeout.note == ""
        assert (timeout.end - timeout.start).total_seconds() == 600
        figures = {s.member: s for s in stats(live.meeting, clock.now(), live.current_index)}
        assert figures["anne"].meeting_seconds == 60  # Anne's turn stopped at the time-out
        assert "Time-out called by Carla Berg at 18:01: we continued." in live.minutes


async def test_note_stays_out_of_the_minutes_unless_chosen() -> None:
    async with host_panels(present=5, show=(), running=True) as (app, pilot, live, clock):
        # First time-out: a note, not for the minutes; change the subject.
        await pilot.press("t")
        await pilot.press("n")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"names 2")  # letters and digits type while the note has the focus
        assert app.screen.query_one(Input).value == "names 2"
        assert live.timeout_running
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        first = live.meeting.timeouts[0]
        assert first.outcome == "change_subject" and first.note == "names 2"
        assert "we changed the subject." in live.minutes and "names 2" not in live.minutes
        assert live.running  # the item ran when it was called, so it runs on
        # Second time-out: the note goes into the minutes (m ticks the box).
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TimeOutScreen)
        await pilot.press("n")
        await pilot.press(*"child named", "enter")
        await pilot.press("m")
        assert screen.query_one(Checkbox).value
        await pilot.press("1")
        await pilot.pause()
        assert "Note: child named" in live.minutes
        assert live.meeting.timeouts[1].note == "child named"


async def test_w_changes_who_called_and_3_closes_the_item() -> None:
    async with host_panels(present=5, show=(), running=True) as (app, pilot, live, clock):
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TimeOutScreen)
        await pilot.press("w", "down", "enter")  # the list of those present: after Carla comes Dorte
        await pilot.pause()
        assert live.current_timeout is not None and live.current_timeout.called_by == "dorte"
        assert shown(screen, "#timeout-who") == "Called by Dorte Lund"
        await pilot.press("3")
        await pilot.pause()
        assert live.current_index == 1 and live.running  # on to the round of introductions
        assert live.meeting.timeouts[0].outcome == "close_item"
        assert "Time-out called by Dorte Lund at 18:00: the item was closed." in live.minutes


async def test_a_time_out_running_at_reopening_is_shown_with_its_time() -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=5)
    live.toggle_running()
    live.call_timeout()
    clock.advance(125)  # the program crashed and came back two minutes later
    app = PanelsHost(live, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(TimeOutScreen(live))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimeOutScreen)
        assert len(live.meeting.timeouts) == 1  # the running one, no second
        assert screen.query_one(Digits).value == "02:05"


async def test_danish_time_out() -> None:
    async with host_panels(present=5, language="da", show=(), running=True, size=(80, 24)) as (app, pilot, live, clock):
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TimeOutScreen)
        assert shown(screen, "#timeout-who") == "Kaldt af Carla Berg (grænsevogter)"
        assert "1 fortsæt" in shown(screen, "#timeout-choices")
        await pilot.press("1")
        assert "Time-out kaldt af Carla Berg kl. 18:00: vi fortsatte." in live.minutes
