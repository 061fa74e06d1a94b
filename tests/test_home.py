"""The home screen, driven with the keys a moderator would press."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from facilitator import app as app_module
from facilitator.app import FacilitatorApp
from facilitator.cli import plan_meeting
from facilitator.clock import FakeClock
from facilitator.demo import write_demo
from facilitator.model import Member
from facilitator.screens.create_group import CreateGroupScreen
from facilitator.screens.dialogs import ConfirmDialog, NewMeetingDialog
from facilitator.screens.home import HomeScreen
from facilitator.store import Store

MakeApp = Callable[..., FacilitatorApp]


def text_of(app: FacilitatorApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def make_group(root: Path, members: int = 3) -> tuple[Store, str]:
    store = Store(root)
    people = [Member(id=f"m{i}", name=f"Member {i}", email=f"m{i}@example.dk") for i in range(members)]
    group = store.create_group("Network North", people)
    return store, group.id


async def type_text(pilot: object, text: str) -> None:
    await pilot.press(*text)  # type: ignore[attr-defined]


async def test_first_start_explains_what_to_do(make_app: MakeApp, data_dir: Path, settle: Callable) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#empty").display
        assert "There is no group here yet" in text_of(app, "#empty-text")
        assert not app.screen.query_one("#overview").display
        assert not app.screen.query_one("#problems").display
    assert not data_dir.exists()  # looking creates nothing


async def test_create_group_refuses_a_bad_email_and_saves_a_good_one(
    make_app: MakeApp, data_dir: Path, settle: Callable
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, CreateGroupScreen)
        await type_text(pilot, "Network North")
        await pilot.press("enter")
        await type_text(pilot, "Anne Hansen")
        await pilot.press("enter")
        await type_text(pilot, "20 30 40 50")
        await pilot.press("enter")
        await type_text(pilot, "anne@example")
        await pilot.pause()
        row = app.screen.query_one("#member-1")
        assert "is not an e-mail address" in str(row.query_one(".field-error", Static).render())

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CreateGroupScreen)  # refused, nothing lost
        email = row.query_one(".email", Input)
        assert email.value == "anne@example"
        assert not (data_dir / "groups").exists()

        email.focus()
        await pilot.press("end")
        await type_text(pilot, ".dk")
        await pilot.pause()
        assert "-empty" in row.query_one(".field-error", Static).classes
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Network North" in text_of(app, "#group")
        assert "1 active member" in text_of(app, "#group")

    files = list((data_dir / "groups").glob("*/group.toml"))
    assert len(files) == 1
    saved = tomllib.loads(files[0].read_text(encoding="utf-8"))
    assert saved["name"] == "Network North"
    assert saved["members"] == [
        {"id": "anne-hansen", "name": "Anne Hansen", "phone": "20 30 40 50", "email": "anne@example.dk", "active": True}
    ]
    settings = tomllib.loads((data_dir / "settings.toml").read_text(encoding="utf-8"))
    assert settings["current_group"] == files[0].parent.name


async def test_cancel_of_a_filled_form_asks_first(make_app: MakeApp, settle: Callable) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        await type_text(pilot, "Half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CreateGroupScreen)
        assert app.screen.query_one("#group-name", Input).value == "Half typed"


async def test_load_demo_shows_the_group_and_asks_before_overwriting(
    make_app: MakeApp, data_dir: Path, settle: Callable
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.group is not None and app.group.id == "demo"
        assert app.title == app.group.name
        table = app.screen.query_one("#planned", DataTable)
        assert table.row_count == 2
        assert "10 active members" in text_of(app, "#group")
        group_file = data_dir / "groups" / "demo" / "group.toml"
        before = group_file.read_bytes()

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert group_file.read_bytes() == before


async def test_planned_meetings_are_listed_and_enter_opens_one(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch, settle: Callable
) -> None:
    store, gid = make_group(data_dir)
    group = store.load_group(gid)
    group_moderator = "m1"
    late = plan_meeting(store, group, "following", date(2026, 4, 16), time(18, 0), "Theme: work injuries")
    soon = plan_meeting(store, group, "second", date(2026, 3, 26), time(17, 30), place="Library")
    soon.roles.moderator = group_moderator
    store.save_meeting(gid, soon)

    opened: list[tuple[str, ...]] = []

    class FakeMeeting(Screen[None]):
        def __init__(self, meeting_id: str) -> None:
            super().__init__()
            opened.append(("meeting", meeting_id))

    monkeypatch.setattr(app_module, "screen_class", lambda name: FakeMeeting if name == "meeting" else HomeScreen)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#planned", DataTable)
        assert [str(k.value) for k in table.rows] == [soon.id, late.id]
        assert [str(cell) for cell in table.get_row_at(0)[:2]] == ["2026-03-26", "17:30"]
        assert [str(cell) for cell in table.get_row_at(0)[3:]] == ["Member 1", "Library"]
        next_text = text_of(app, "#next")
        assert "Thursday 26 March 2026, 17:30" in next_text and "Moderator: Member 1" in next_text
        await pilot.press("down", "enter")
        await settle(pilot)
        assert opened == [("meeting", late.id)]
        assert isinstance(app.screen, FakeMeeting)


async def test_a_bad_meeting_file_is_a_problem_and_the_rest_works(
    make_app: MakeApp, data_dir: Path, settle: Callable
) -> None:
    store, gid = make_group(data_dir)
    good = plan_meeting(store, store.load_group(gid), "following", date(2026, 3, 19))
    bad = store.meetings_dir(gid) / "2026-03-26-bad.toml"
    bad.write_text('schema_version = 1\nid = "2026-03-26-bad"\ndate = 2026-03-26\nstatus = "planned"\nstart = "late"\n')
    before = bad.read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#planned", DataTable)
        assert [str(k.value) for k in table.rows] == [good.id]
        problems = app.screen.query_one("#problems", Static)
        assert problems.display
        assert "groups/network-north/meetings/2026-03-26-bad.toml" in str(problems.render())
        assert "start" in str(problems.render())
    assert bad.read_bytes() == before


async def test_a_bad_group_file_is_a_problem_and_the_home_still_works(
    make_app: MakeApp, data_dir: Path, settle: Callable
) -> None:
    _, gid = make_group(data_dir)
    group_file = data_dir / "groups" / gid / "group.toml"
    group_file.write_text('schema_version = 1\nname = "Network North"\n[[members]]\nid = "Not A Slug"\nname = "X"\n')
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#empty").display
        problems = str(app.screen.query_one("#problems", Static).render())
        assert f"groups/{gid}/group.toml" in problems and "members.0.id" in problems
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, CreateGroupScreen)


async def test_new_meeting_from_the_dialog(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, settle: Callable
) -> None:
    store, gid = make_group(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewMeetingDialog)
        assert dialog.query_one("#date", Input).value == "2026-03-19"  # a week after the clock's today
        assert dialog.template == "first"  # the group has no meetings yet
        date_input = dialog.query_one("#date", Input)
        date_input.value = "2026-02-30"
        await pilot.pause()
        assert "YYYY-MM-DD" in str(dialog.query_one("#date-error", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # refused
        date_input.value = "2026-04-02"
        dialog.query_one("#place", Input).value = "Anne's home"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#planned", DataTable)
        assert table.row_count == 1
        assert app.screen.selected_meeting_id() is not None
    ids = Store(data_dir).meeting_ids(gid)
    assert len(ids) == 1 and ids[0].startswith("2026-04-02-")
    meeting = Store(data_dir).load_meeting(gid, ids[0])
    assert meeting.template == "first" and meeting.place == "Anne's home" and meeting.items


async def test_too_many_members_suggests_a_split(make_app: MakeApp, data_dir: Path, settle: Callable) -> None:
    make_group(data_dir, members=12)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = text_of(app, "#group")
        assert "12 active members" in text and "more than 10" in text and "splitting" in text


async def test_meeting_keys_are_disabled_without_a_group(make_app: MakeApp, settle: Callable) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.check_action("new_meeting", ()) is None
        assert app.screen.check_action("create_group", ()) is True


async def test_the_palette_offers_the_home_actions(make_app: MakeApp, data_dir: Path, settle: Callable) -> None:
    make_group(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "new meeting: second")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewMeetingDialog)
        assert app.screen.template == "second"


async def test_a_new_meeting_is_selected_in_the_list(make_app: MakeApp, data_dir: Path, settle: Callable) -> None:
    store, gid = make_group(data_dir)
    group = store.load_group(gid)
    plan_meeting(store, group, "following", date(2026, 3, 19))
    plan_meeting(store, group, "following", date(2026, 5, 14))
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#date", Input).value = "2026-04-16"
        await pilot.press("ctrl+s")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert (home.selected_meeting_id() or "").startswith("2026-04-16-")


async def test_a_broken_settings_file_is_shown_and_never_overwritten(
    make_app: MakeApp, data_dir: Path, settle: Callable
) -> None:
    make_group(data_dir)
    settings = data_dir / "settings.toml"
    settings.write_text('schema_version = 1\ntheme = "facilitator-high-contrast"\ncurrent_group = [\n')
    before = settings.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "facilitator"  # the default, since the file cannot be read
        assert "Network North" in text_of(app, "#group")  # the first readable group
        assert "settings.toml:" in str(app.screen.query_one("#problems", Static).render())
        app.toggle_theme()
        await settle(pilot)
        assert any(n.severity == "error" for n in app._notifications)
    assert settings.read_bytes() == before


async def test_home_and_its_dialogs_survive_any_terminal_size(
    make_app: MakeApp, data_dir: Path, settle: Callable
) -> None:
    write_demo(data_dir, meetings=2, today=date(2026, 3, 12), language="en")
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        for size in [(80, 24), (250, 70), (60, 20), (40, 12)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.screen.query_one("#planned", DataTable).row_count == 2
        for key, dialog in (("n", NewMeetingDialog), ("g", CreateGroupScreen)):
            await pilot.resize_terminal(80, 24)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            for size in [(60, 20), (250, 70), (80, 24)]:
                await pilot.resize_terminal(*size)
                await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_a_second_start_draws_the_kept_view_before_its_read_and_keeps_a_key_pressed_then(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch, settle: Callable
) -> None:
    """Issue 20: the home screen's content in its first frame, from what the last read showed (glance.py)."""
    from facilitator import laptop
    from facilitator.glance import view_path
    from facilitator.screens.history import HistoryScreen

    store, gid = make_group(data_dir)
    soon = plan_meeting(store, store.load_group(gid), "second", date(2026, 3, 26), time(17, 30), place="Library")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert view_path(laptop.local_dir(data_dir)).is_file()

    read = HomeScreen.reload
    reads: list[HomeScreen] = []
    monkeypatch.setattr(HomeScreen, "reload", lambda screen: reads.append(screen))  # the read is held back
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen) and screen.state is None  # nothing read yet
        assert not screen.query_one("#loading").display
        assert screen.query_one("#overview").display
        assert "Thursday 26 March 2026, 17:30" in text_of(app, "#next")
        table = screen.query_one("#planned", DataTable)
        assert [str(k.value) for k in table.rows] == [soon.id]
        assert [str(cell) for cell in table.get_row_at(0)] == ["2026-03-26", "17:30", soon.title, "–", "Library"]
        assert app.title == "Network North"
        assert screen.check_action("history", ()) is True  # the footer offers the group's keys at once
        await pilot.press("h")  # pressed before the read is done: kept, not lost
        await pilot.pause()
        assert app.screen is screen
        read(screen)  # the read comes
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert reads


async def test_a_changed_file_or_a_problem_and_the_kept_view_is_not_shown(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch, settle: Callable
) -> None:
    from facilitator import laptop
    from facilitator.glance import view_path

    store, gid = make_group(data_dir)
    meeting = plan_meeting(store, store.load_group(gid), "second", date(2026, 3, 26), time(17, 30))
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    kept = view_path(laptop.local_dir(data_dir))
    assert kept.is_file()
    meeting.title = "Relations with the municipality"
    store.save_meeting(gid, meeting)  # another laptop renamed it (or a hand edit)

    read = HomeScreen.reload
    monkeypatch.setattr(HomeScreen, "reload", lambda screen: None)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.query_one("#loading").display  # not the old title
        await pilot.pause()
        assert not screen.query_one("#overview").display
        read(screen)
        await settle(pilot)
        assert str(screen.query_one("#planned", DataTable).get_row_at(0)[2]) == "Relations with the municipality"

    (store.meetings_dir(gid) / "2026-04-16-bad.toml").write_text("not toml [")
    monkeypatch.setattr(HomeScreen, "reload", read)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one("#problems").display
    assert not kept.exists()  # a warning always comes from a fresh read


async def test_a_read_that_fails_under_the_kept_view_says_so_and_does_not_pass_the_view_off_as_read(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch, settle: Callable
) -> None:
    from facilitator.i18n import t

    store, gid = make_group(data_dir)
    plan_meeting(store, store.load_group(gid), "second", date(2026, 3, 26), time(17, 30))
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)

    def broken(screen: HomeScreen) -> None:
        raise RuntimeError("the disk went away")

    seen: list[bool] = []

    monkeypatch.setattr(HomeScreen, "_read", broken)
    app = make_app()
    with pytest.raises(RuntimeError, match="the disk went away"):  # run_test raises what the boundary caught
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, HomeScreen) and screen.glanced is not None  # drawn from the kept view
            await pilot.press("h")  # kept for the read that never comes
            for _ in range(5):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert screen.glanced is None and screen.state is None
            assert screen.query_one("#loading").display
            assert text_of(app, "#loading") == t("home.read_failed")
            assert not screen.query_one("#overview").display
            assert app.screen is screen  # the kept key was dropped with the view, not run on a group never read
            seen.append(True)
    assert seen  # the checks above ran before run_test raised
