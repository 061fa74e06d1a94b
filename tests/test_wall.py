"""The room view following a meeting file that another program writes (issue 9).

The moderator's program is played by `wall_helpers.Moderator` (its own Store
and LiveMeeting, writing the file after every change). The wall's poll is
driven directly (`screen.poll()`), never by waiting for its timer, and time
moves only with the FakeClock.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import settle
from wall_helpers import GROUPS, MEMBERS, SECRET_MINUTES, SECRET_NOTE, Moderator, plan, screen_text

from facilitator.app import FacilitatorApp
from facilitator.clock import FakeClock
from facilitator.model import Meeting
from facilitator.screens.wall import CLOCK_SECONDS, POLL_SECONDS, WallScreen
from facilitator.store import Store, write_atomic
from facilitator.wall import RESCAN_SECONDS, NextItem, WallFollower, WallState, first_names, wall_state

MakeApp = Callable[..., FacilitatorApp]


def wall_screen(app: FacilitatorApp) -> WallScreen:
    screen = app.screen
    assert isinstance(screen, WallScreen)
    return screen


async def poll(pilot: object, app: FacilitatorApp) -> str:
    """One poll of the wall (as its timer would do it), then the screen's text."""
    wall_screen(app).poll()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return screen_text(app)


def assert_nothing_confidential(text: str) -> None:
    """No minutes, no time-out note, no contact details, no speaking-time figures."""
    assert SECRET_MINUTES not in text
    assert SECRET_NOTE not in text
    for _, name, phone, email in MEMBERS:
        assert phone not in text and email not in text
        assert name not in text  # full names never; first names only in the groups of three
    assert "Hansen" not in text and "Jensen" not in text


# ----------------------------------------------------------------------------- the core, without a screen


def test_state_has_no_field_for_anything_confidential() -> None:
    # A new field must be looked at for confidentiality before it joins this list.
    assert {f.name for f in fields(WallState)} == {
        "mode", "clock", "group_name", "meeting_title", "message", "note", "item_number", "item_count",
        "item_title", "item_phase", "is_break", "timed", "planned_minutes", "remaining_seconds",
        "elapsed_seconds", "over", "resume_at", "timeout", "groups", "group_phase", "group_phase_seconds",
        "reporting_group", "next_items", "starts_at", "ends_at", "ended_at",
    }  # fmt: skip
    assert {f.name for f in fields(NextItem)} == {"number", "title", "at", "minutes", "is_break"}


def test_state_of_a_running_meeting_names_the_item_and_the_next_ones(data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir)
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    clock.advance(5 * 60)
    follower = WallFollower(Store(data_dir), clock)
    assert follower.poll()
    state = follower.state()
    assert (state.mode, state.item_number, state.item_title, state.item_phase) == ("live", 1, "Welcome", "running")
    assert state.remaining_seconds == 10 * 60
    assert [(n.number, n.at) for n in state.next_items[:3]] == [(2, "18:15"), (3, "19:00"), (4, "19:20")]
    assert state.next_items[1].is_break
    assert state.ends_at == "20:40"
    assert SECRET_MINUTES not in repr(state) and "Bo" not in repr(state)


def test_first_names_tell_two_annes_apart() -> None:
    from facilitator.model import Group, Member

    group = Group(
        name="g",
        members=[Member(id="a1", name="Anne Hansen"), Member(id="a2", name="Anne Berg"), Member(id="b", name="Bo Jensen")],
    )
    assert first_names(group, ["a1", "a2", "b", "ghost"]) == ("Anne H.", "Anne B.", "Bo", "ghost")


def test_a_planned_meeting_shows_its_agenda_with_planned_times(data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir)
    follower = WallFollower(Store(data_dir), clock, mid)
    follower.poll()
    state = follower.state()
    assert state.mode == "planned" and state.starts_at == "18:00" and state.ends_at == "20:40"
    assert [n.at for n in state.next_items] == ["18:00", "18:15", "19:00", "19:20", "20:00", "20:20"]


def test_poll_only_stats_an_unchanged_file(data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    gid, mid = plan(data_dir)
    Moderator(data_dir, gid, mid, clock).start()
    store = Store(data_dir)
    follower = WallFollower(store, clock)
    assert follower.poll()
    loads: list[str] = []
    original = store.load_meeting
    monkeypatch.setattr(store, "load_meeting", lambda g, m: loads.append(m) or original(g, m))
    for _ in range(5):
        assert not follower.poll()
    assert loads == []


def test_waiting_state_when_nothing_runs(data_dir: Path, clock: FakeClock) -> None:
    state = wall_state(None, None, clock)
    assert state.mode == "waiting" and state.message == "Waiting for the meeting to start…"
    assert state.clock == "18:00"


# ----------------------------------------------------------------------------- Pilot: following the file


async def test_the_wall_follows_the_moderator_through_the_meeting(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir)
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    clock.advance(4 * 60)
    app = make_app("wall")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Netværk Nord · First meeting" in text
        assert "Item 1 of 6" in text and "Welcome" in text and "Time left" in text
        assert "18:15  2. Round of introductions" in text
        assert_nothing_confidential(text)

        # Item change: n in the moderator's program.
        moderator.next_item()
        text = await poll(pilot, app)
        assert "Item 2 of 6" in text and "Round of introductions" in text
        assert "2. Round of introductions" not in text  # no longer among the next items
        assert "18:49  3. Break" in text  # 18:04 + 45 minutes

        # Break: the time the meeting starts again, in large type.
        clock.advance(45 * 60)
        moderator.next_item()
        text = await poll(pilot, app)
        state = wall_screen(app).state
        assert state is not None and state.is_break and state.resume_at == "19:09"
        assert "Break. We start again at" in text and "20:00 of the break left" in text
        assert wall_screen(app).has_class("-break")

        # Time-out: a calm full screen, nobody named, nothing else shown.
        clock.advance(20 * 60)
        moderator.next_item()
        await poll(pilot, app)
        moderator.call_timeout()
        text = await poll(pilot, app)
        assert wall_screen(app).has_class("-timeout")
        assert "The meeting pauses for a moment." in text
        assert "Wishes for the network" not in text and "Carla" not in text
        assert "▀" in text or "█" in text  # the large TIME-OUT
        moderator.end_timeout()
        text = await poll(pilot, app)
        assert not wall_screen(app).has_class("-timeout")
        assert "Wishes for the network" in text
        assert_nothing_confidential(text)

        # Groups of three: first names in boxes, and the talk's time left.
        moderator.accept_grouping()
        text = await poll(pilot, app)
        assert "Group 1" in text and "Group 2" in text
        for name in ("Anne", "Bo", "Carla", "Dorte", "Fatima", "Gitte"):
            assert name in text
        assert "Talk in your groups of three; time left" in text
        assert [list(g) for g in wall_screen(app).state.groups] == [  # type: ignore[union-attr]
            [{m: n for m, n, _, _ in MEMBERS}[i].split()[0] for i in g] for g in GROUPS
        ]
        clock.advance(25 * 60)
        text = await poll(pilot, app)
        assert "Group 1 tells the others; time left" in text

        # The end.
        moderator.end()
        text = await poll(pilot, app)
        assert wall_screen(app).has_class("-message")
        assert "The meeting ended at 19:34. Thank you for today!" in text
        assert_nothing_confidential(text)


async def test_the_wall_survives_a_restart_of_the_moderators_program(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir)
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    path = moderator.store.meeting_path(gid, mid)
    app = make_app("wall")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Welcome" in screen_text(app)

        # The file is gone for a moment: the last good view stays, with a small note.
        good = path.read_bytes()
        path.unlink()
        clock.advance(60)
        text = await poll(pilot, app)
        assert "Welcome" in text and "Waiting for the meeting… (last update 18:00)" in text

        # Back, but broken (a half-written hand edit): still the last good view.
        path.write_text("schema_version = 1\nid = [broken\n")
        text = await poll(pilot, app)
        assert "Welcome" in text and "Waiting for the meeting…" in text

        # The restarted program writes it again, one item further.
        write_atomic(path, good)
        restarted = Moderator(data_dir, gid, mid, clock)
        restarted.next_item()
        text = await poll(pilot, app)
        assert "Round of introductions" in text and "Item 2 of 6" in text
        assert "Waiting for the meeting" not in text


async def test_the_wall_waits_for_a_meeting_to_go_live_and_then_shows_it(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    gid, mid = plan(data_dir)
    app = make_app("wall")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Waiting for the meeting to start…" in screen_text(app)
        Moderator(data_dir, gid, mid, clock).start()
        text = await poll(pilot, app)
        assert "Welcome" not in text  # it looks again only every RESCAN_SECONDS
        clock.advance(RESCAN_SECONDS)
        text = await poll(pilot, app)
        assert "Welcome" in text and "Item 1 of 6" in text


async def test_after_the_end_the_wall_moves_on_to_the_next_live_meeting(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    from facilitator.cli import plan_meeting

    gid, mid = plan(data_dir)
    first = Moderator(data_dir, gid, mid, clock)
    first.start()
    app = make_app("wall")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first.end()
        assert "The meeting ended at 18:00" in await poll(pilot, app)
        store = Store(data_dir)
        second = plan_meeting(store, store.load_group(gid), "second", first.live.meeting.date, title="Extra meeting")
        Moderator(data_dir, gid, second.id, clock).start()
        clock.advance(RESCAN_SECONDS)
        text = await poll(pilot, app)
        assert "Extra meeting" in text and "Item 1 of 7" in text


async def test_a_given_id_shows_that_meeting_even_before_it_starts(make_app: MakeApp, data_dir: Path) -> None:
    gid, mid = plan(data_dir)
    app = make_app("wall", mid)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Not started yet" in text and "The meeting starts at" in text
        assert "Agenda" in text and "20:20  6. Future meetings" in text


async def test_an_unknown_id_says_where_it_looked(make_app: MakeApp, data_dir: Path) -> None:
    plan(data_dir)
    app = make_app("wall", "2026-01-01-nothing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "Waiting for the meeting 2026-01-01-nothing: it is not in" in screen_text(app)


async def test_the_wall_writes_nothing_and_goes_nowhere(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir)
    Moderator(data_dir, gid, mid, clock).start()
    folder = Store(data_dir).meetings_dir(gid)
    before = {p.name: os.stat(p).st_mtime_ns for p in folder.iterdir() if p.suffix != ".json"}
    app = make_app("wall")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "c")  # no way back to the home screen; c: high contrast
        await poll(pilot, app)
        assert isinstance(app.screen, WallScreen) and len(app.screen_stack) == 2
        assert app.theme == "facilitator-high-contrast"
        await pilot.press("c")
        assert app.theme == "facilitator"
    after = {p.name: os.stat(p).st_mtime_ns for p in folder.iterdir() if p.suffix != ".json"}
    assert after == before  # no lock file, no write to the meeting
    assert not (data_dir / "settings.toml").exists()  # the theme is not saved
    assert (
        Meeting.model_validate(__import__("tomllib").loads(Store(data_dir).meeting_path(gid, mid).read_text())).status == "live"
    )


async def test_q_closes_the_wall(make_app: MakeApp, data_dir: Path) -> None:
    plan(data_dir)
    app = make_app("wall")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_the_wall_speaks_danish(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir, language="da")
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    app = make_app("--lang", "da", "wall")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Punkt 1 af 6" in text and "Velkommen" in text and "Tid tilbage" in text and "Herefter" in text
        moderator.go_to(2)
        text = await poll(pilot, app)
        assert "Pause. Vi begynder igen kl." in text


def test_the_wall_polls_at_least_twice_a_second() -> None:
    assert POLL_SECONDS <= 0.5


def test_the_wall_looks_at_the_file_often_enough_to_follow_a_key_within_a_third_of_a_second() -> None:
    """Issue 20: a time-out or the next item reaches the room within 0.3 s (bench/bench_wall.py measures it)."""
    assert POLL_SECONDS <= 0.1 < CLOCK_SECONDS <= 1.0


async def test_a_changed_file_is_drawn_at_the_next_poll_an_unchanged_one_with_the_clock(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    gid, mid = plan(data_dir)
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    app = make_app("wall")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wall_screen(app)
        drawn: list[WallState] = []
        original = screen.show
        monkeypatch.setattr(screen, "show", lambda state: (drawn.append(state), original(state)))
        await poll(pilot, app)
        await poll(pilot, app)
        assert drawn == []  # the file and the clock stand still: nothing to draw
        moderator.call_timeout()  # the clock has not moved, the file has
        text = await poll(pilot, app)
        assert len(drawn) == 1 and drawn[0].timeout and screen.has_class("-timeout")
        assert "The meeting pauses for a moment." in text and "Welcome" not in text
        clock.advance(CLOCK_SECONDS)
        await poll(pilot, app)
        assert len(drawn) == 2  # the clock is due


def test_the_clock_grows_with_the_screen() -> None:
    from facilitator.screens.wall import big_digits, clock_scale

    assert [clock_scale(80, 24), clock_scale(100, 30), clock_scale(110, 50), clock_scale(200, 50)] == [1, 2, 2, 3]
    assert big_digits("1:", 1) == ["  ██      ", "████    ██", "  ██      ", "  ██    ██", "██████    "]
    assert len(big_digits("12:34", 2)) == 10 and big_digits("?", 1) == []


async def test_a_tall_screen_shows_the_time_in_block_letters(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> None:
    gid, mid = plan(data_dir)
    Moderator(data_dir, gid, mid, clock).start()
    app = make_app("wall")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = wall_screen(app)
        assert screen.query_one("#wall-big-digits").region.height == 5
        assert screen.query_one("#wall-digits").region.height == 0  # Digits is for short screens only
        assert "██████" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen.has_class("-short") and screen.query_one("#wall-big-digits").region.height == 0
        assert screen.query_one("#wall-digits").region.height == 3
