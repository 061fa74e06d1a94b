"""The speakers panel and the group-phase view (issue 4), through the test host with FakeClock."""

from __future__ import annotations

import time as wallclock
from datetime import timedelta

import pytest
from panels_host import START, PanelsHost, host_panels, make_live

from facilitator.clock import FakeClock
from facilitator.model import Speaking
from facilitator.widgets.speakers import GroupPhaseView, SpeakersPanel, delta_text, share_bar


def panel_lines(widget: SpeakersPanel | GroupPhaseView) -> list[str]:
    """The panel as the terminal shows it, one string per line (border included)."""
    return [strip.text.rstrip() for strip in widget.render_lines(widget.region.reset_offset)]


def line_of(lines: list[str], name: str) -> str:
    return next(line for line in lines if name in line and "Turn:" not in line)


def test_delta_and_bar_show_sign_and_symbol() -> None:
    assert delta_text(80) == "+1:20 ▲"
    assert delta_text(-45) == "\u22120:45 ▼"
    assert delta_text(0.4) == "±0:00 ="
    assert share_bar(60, 60, 10) == "█████     "
    assert share_bar(30, 60, 10).startswith("██░░░")
    assert share_bar(120, 60, 10) == "█████▓▓▓▓▓"


async def test_speaking_time_and_fair_share_with_a_late_arrival() -> None:
    # Anne, Bo, Carla present; Dorte sent notice but comes late
    async with host_panels(present=3, show=("speakers",), running=True) as (app, pilot, live, clock):
        await pilot.press("1")
        clock.advance(60)
        await pilot.press("2")
        clock.advance(60)
        await pilot.press("2")  # Bo stops
        live.mark_arrival("dorte")
        app.redraw()
        await pilot.press("3")
        clock.advance(60)
        await pilot.press("3")
        await pilot.pause()
        panel = app.query_one(SpeakersPanel)
        rows = {row.member: row for row in panel.rows}
        # 120 s said among three (40 each), then 60 s among four (15 each).
        assert rows["anne"].share_seconds == 55 and rows["dorte"].share_seconds == 15
        assert rows["anne"].delta_seconds == 5 and rows["dorte"].delta_seconds == -15
        assert rows["dorte"].digit == "4" and rows["dorte"].meeting_seconds == 0
        lines = panel_lines(panel)
        assert "1:00" in line_of(lines, "Anne Holm") and "+0:05 ▲" in line_of(lines, "Anne Holm")
        dorte = line_of(lines, "Dorte Lund")
        assert "\u22120:15 ▼" in dorte
        assert "→ next" in dorte  # the only one who has not spoken, and furthest under
        assert "○" in dorte


async def test_current_speaker_marked_and_item_time_apart_from_meeting_time() -> None:
    async with host_panels(present=4, show=("speakers",), running=True) as (app, pilot, live, clock):
        await pilot.press("2")
        clock.advance(90)
        await pilot.press("n")  # next item: the speaker stops
        await pilot.press("3")
        clock.advance(20)
        app.redraw()
        await pilot.pause()
        panel = app.query_one(SpeakersPanel)
        lines = panel_lines(panel)
        carla = line_of(lines, "Carla Berg")
        assert "▶" in carla and "0:20" in carla
        bo = line_of(lines, "Bo Jensen")
        assert "▶" not in bo
        assert "1:30" in bo and "○ not yet" in bo  # spoke in the meeting, not in this item
        rows = {row.member: row for row in panel.rows}
        assert rows["bo"].item_seconds == 0 and rows["bo"].meeting_seconds == 90
        assert rows["carla"].speaking


async def test_suggestion_when_everyone_has_spoken_is_the_one_furthest_under() -> None:
    async with host_panels(present=3, show=("speakers",), running=True) as (app, pilot, live, clock):
        for digit, seconds in (("1", 100), ("2", 10), ("3", 40)):
            await pilot.press(digit)
            clock.advance(seconds)
        await pilot.press("3")
        await pilot.pause()
        rows = {row.member: row for row in app.query_one(SpeakersPanel).rows}
        assert [m for m, r in rows.items() if r.suggested] == ["bo"]
        assert "→ next" in line_of(panel_lines(app.query_one(SpeakersPanel)), "Bo Jensen")


async def test_round_countdown_and_one_bell_per_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=7)
    live.toggle_running()
    live.next_item()  # 2. Round of introductions: 45 min / 7 = 6 min 26 s each
    app = PanelsHost(live, show=("speakers",))
    async with app.run_test(size=(120, 40)) as pilot:
        rings: list[int] = []
        monkeypatch.setattr(app, "bell", lambda: rings.append(1))
        await pilot.press("1")
        clock.advance(380)
        app.redraw()
        await pilot.pause()
        panel = app.query_one(SpeakersPanel)
        assert "Turn: Anne Holm — 0:06 left of 6:26" in panel_lines(panel)[1]
        assert rings == []
        clock.advance(10)
        app.redraw()
        app.redraw()
        await pilot.pause()
        assert "time is up, 0:04 over the 6:26" in panel_lines(panel)[1]
        assert len(rings) == 1
        clock.advance(30)
        app.redraw()
        assert len(rings) == 1  # once per turn
        # Bo's turn has its own countdown and its own bell.
        await pilot.press("2")
        clock.advance(387)
        app.redraw()
        await pilot.pause()
        assert len(rings) == 2
        # Anne again: her share was used up before this turn, so nothing runs out now.
        await pilot.press("1")
        clock.advance(5)
        app.redraw()
        assert len(rings) == 2
        assert "time is up" in panel_lines(panel)[1]


async def test_the_turn_line_stays_while_nobody_speaks_so_the_panel_keeps_its_height() -> None:
    """A speaker starting or stopping in a round item changes a line, never the panel's size (no jump, no layout)."""
    clock = FakeClock(START)
    live = make_live(clock, present=7)
    live.toggle_running()
    live.next_item()  # 2. Round of introductions: 6 min 26 s each
    app = PanelsHost(live, show=("speakers",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one(SpeakersPanel)
        assert "Turn: nobody speaks — each has 6:26" in panel_lines(panel)[1]
        height = panel.size.height
        layouts: list[bool] = []
        real_refresh = panel.refresh
        panel.refresh = lambda *a, **k: (layouts.append(bool(k.get("layout"))), real_refresh(*a, **k))[1]  # type: ignore[method-assign]
        await pilot.press("1")
        await pilot.pause()
        assert "Turn: Anne Holm — 6:26 left of 6:26" in panel_lines(panel)[1]
        await pilot.press("1")  # and off again
        await pilot.pause()
        assert "Turn: nobody speaks" in panel_lines(panel)[1]
        assert panel.size.height == height and layouts and not any(layouts)


async def test_no_countdown_outside_round_items() -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=5)
    live.toggle_running()  # 1. Welcome is a talk item
    app = PanelsHost(live, show=("speakers",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        clock.advance(30)
        app.redraw()
        await pilot.pause()
        assert not any("Turn:" in line for line in panel_lines(app.query_one(SpeakersPanel)))


async def test_repaints_only_when_the_picture_changes_and_stays_cheap() -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=10)
    live.toggle_running()
    # 2,000 finished turns before now.
    members = live.present_members()
    at = START - timedelta(hours=3)
    for n in range(2000):
        live.meeting.speaking.append(
            Speaking(member=members[n % 10], item=0, start=at + timedelta(seconds=5 * n), end=at + timedelta(seconds=5 * n + 4))
        )
    app = PanelsHost(live, show=("speakers",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one(SpeakersPanel)
        before = panel.repaints
        began = wallclock.perf_counter()
        for _ in range(10):
            clock.advance(1)  # nobody speaks: nothing shown changes
            panel.refresh_from(live)
        spent = (wallclock.perf_counter() - began) / 10
        assert panel.repaints == before
        assert spent < 0.25
        await pilot.press("1")
        clock.advance(1)
        panel.refresh_from(live)
        assert panel.repaints > before


async def test_hidden_with_s_and_shown_again() -> None:
    async with host_panels(show=("speakers",), size=(80, 24)) as (app, pilot, live, clock):
        panel = app.query_one(SpeakersPanel)
        assert panel.display
        await pilot.press("s")
        assert not panel.display
        await pilot.press("s")
        assert panel.display


async def test_narrow_panel_keeps_sign_symbol_and_markers() -> None:
    async with host_panels(present=4, show=("speakers",), running=True, size=(44, 20)) as (app, pilot, live, clock):
        await pilot.press("1")
        clock.advance(100)
        await pilot.press("1")
        await pilot.pause()
        lines = panel_lines(app.query_one(SpeakersPanel))
        assert all(len(line) <= 44 for line in lines)
        assert "▲" in line_of(lines, "Anne")
        assert "▼" in line_of(lines, "Bo") and "→" in line_of(lines, "Bo")


async def test_group_phase_view_follows_the_talk_and_the_reports() -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=7)
    live.toggle_running()
    for _ in range(3):
        live.next_item()  # 4. Wishes for the network, 40 min
    app = PanelsHost(live, show=("phase",))
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(GroupPhaseView)
        assert view.has_class("-idle") and not view.lines
        live.accept_grouping([["anne", "bo", "carla"], ["dorte", "erik", "fie", "gitte"]], talk_minutes=25)
        app.redraw()
        await pilot.pause()
        assert not view.has_class("-idle")
        assert view.lines[0] == "Group talk (2 groups): 25:00 left"
        assert "1. Anne Holm, Bo Jensen, Carla Berg" in view.lines[1]
        clock.advance(25 * 60 + 50)  # the remaining 15 min are shared: 7:30 per group
        app.redraw()
        assert view.lines[0] == "Group 1 of 2 presents: 06:40"
        assert view.lines[1].startswith("▶ 1.")
        clock.advance(8 * 60)
        app.redraw()
        assert view.lines[0] == "Group 2 of 2 presents: 06:10"
        assert view.lines[2].startswith("▶ 2.")
        clock.advance(7 * 60)
        app.redraw()
        assert view.lines[0].startswith("All groups have presented")


async def test_a_hidden_panel_still_rings_through_check_bell(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=7)
    live.toggle_running()
    live.next_item()
    app = PanelsHost(live, show=("speakers",))
    async with app.run_test(size=(120, 40)) as pilot:
        rings: list[int] = []
        monkeypatch.setattr(app, "bell", lambda: rings.append(1))
        await pilot.press("s", "4")
        panel = app.query_one(SpeakersPanel)
        assert not panel.display
        before = panel.repaints
        clock.advance(400)
        panel.check_bell(live)
        panel.check_bell(live)
        assert rings == [1] and panel.repaints == before
