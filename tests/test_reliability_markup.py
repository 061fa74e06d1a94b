"""Text from the files is shown as it is, never read as markup (issue 8: no traceback, ever).

Textual's DataTable and Rich's tables read a plain string cell as markup: a
planned meeting titled "Bemærk [/] her" made the home screen raise
MarkupError at every start, so the program could not be used at all, and
"Opfølgning [fra sidst]" lost its brackets in the history. Each screen here
shows such titles, names and places literally; any error fails the test
(run_test raises what the error boundary caught).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import settle
from meeting_screen_helpers import GROUP_ID, RunningMeeting, make_meeting
from test_history_data import write_sample
from textual.app import App
from textual.pilot import Pilot

from facilitator.app import FacilitatorApp
from facilitator.screens.history import HistoryScreen
from facilitator.screens.review import ReviewScreen
from facilitator.store import Store

PLANNED_TITLE = "Bemærk [/] her"
PLACE = "Hos [Pia] [b]"
ITEM_TITLE = "Tema [/] og [i]snak"
NAME = "Anne [/] Hansen"
FINISHED_TITLE = "Opfølgning [fra sidst] [/]"
BOLD_NAME = "[bold]Mette Kristensen"
CLICK_NAME = "Mette [@click=app.quit]Q[/] Kristensen"


def screen_text(app: App[object]) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


async def each_key_opens_a_screen_showing(pilot: Pilot[None], app: App[object], expected: dict[str, str]) -> None:
    """Each key opens a screen (or a dialog) showing its text; escape goes back to the screen it came from."""
    start = app.screen
    for key, text in expected.items():
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is not start, key
        assert text in screen_text(app), key
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is start, key


def write_markup_group(root: Path) -> str:
    """A group of seven with a name, a planned meeting (title, place, an item) and a finished one full of brackets."""
    mid = make_meeting(root)
    store = Store(root)
    group = store.load_group(GROUP_ID)
    group.members[0].name = NAME
    store.save_group(group)
    meeting = store.load_meeting(GROUP_ID, mid)
    meeting.title, meeting.place = PLANNED_TITLE, PLACE
    meeting.items[0].title = ITEM_TITLE
    store.save_meeting(GROUP_ID, meeting)
    return mid


async def test_the_home_screen_shows_brackets_in_titles_names_and_places(
    data_dir: Path, make_app: Callable[..., FacilitatorApp]
) -> None:
    write_markup_group(data_dir)
    for _start in range(2):  # the read, then the kept view of the next start (glance.py)
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            text = screen_text(app)
            assert PLANNED_TITLE in text and PLACE in text and NAME in text


async def test_the_history_and_the_review_show_a_title_with_brackets(
    data_dir: Path, make_app: Callable[..., FacilitatorApp]
) -> None:
    write_sample(data_dir)
    store = Store(data_dir)
    gid = store.group_ids()[0]
    finished = store.history_index(gid)[0].id
    meeting = store.load_meeting(gid, finished)
    meeting.title = FINISHED_TITLE
    store.save_meeting(gid, meeting)
    app = make_app("history")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert FINISHED_TITLE in screen_text(app)  # the newest meeting, on the first row
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert FINISHED_TITLE in screen_text(app)


async def test_the_live_meeting_and_the_room_view_show_brackets(
    data_dir: Path, running_meeting: RunningMeeting, make_app: Callable[..., FacilitatorApp]
) -> None:
    mid = write_markup_group(data_dir)
    async with running_meeting(mid, started=True) as run:
        await run.pilot.press("1")  # Anne speaks
        await settle(run.pilot)
        text = screen_text(run.app)
        assert ITEM_TITLE in text and NAME in text
        wall = make_app("wall", mid)  # beside it, on the same folder
        async with wall.run_test(size=(120, 40)) as wall_pilot:
            await settle(wall_pilot)
            assert ITEM_TITLE in screen_text(wall)


async def test_the_group_screens_show_brackets(data_dir: Path, make_app: Callable[..., FacilitatorApp]) -> None:
    """Members, the plan, the agenda editor, the invitation, the agreements, the theme ideas."""
    write_markup_group(data_dir)
    expected = {"u": NAME, "l": PLANNED_TITLE, "a": ITEM_TITLE, "i": "Bemærk [/]", "r": "", "t": ""}  # i: cut at 120
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await each_key_opens_a_screen_showing(pilot, app, expected)


async def test_the_check_in_the_time_out_and_the_groups_show_brackets(
    data_dir: Path, running_meeting: RunningMeeting
) -> None:
    from meeting_screen_helpers import check_in, dialog_key

    mid = write_markup_group(data_dir)
    async with running_meeting(mid) as run:
        await settle(run.pilot)
        assert NAME in screen_text(run.app)  # the check-in list
        await check_in(run.pilot)
        await run.pilot.press("space")
        await run.pilot.press("ctrl+t")  # a time-out: its caller is chosen from the names
        await settle(run.pilot)
        await run.pilot.press("w")  # the next caller: Anne
        await settle(run.pilot)
        assert NAME in screen_text(run.app)
        await run.pilot.press("1")
        await settle(run.pilot)
        await dialog_key(run.pilot, "g")  # groups of three
        assert NAME in screen_text(run.app)


async def test_a_notice_with_a_name_that_is_not_markup_is_shown_as_it_is(
    data_dir: Path, make_app: Callable[..., FacilitatorApp]
) -> None:
    """Notices carry names and titles ("Anne [/] Hansen is saved"): never an error while the toast is drawn."""
    write_markup_group(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.notify(f"{NAME} is saved")
        app.notify(f"{CLICK_NAME} is now a former member.")  # valid markup: plain text all the same
        app.screen.notify("Written: /tmp/[bold]o/c.vcf")  # a screen's notice, as the exports give
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert f"{NAME} is saved" in text
        assert f"{CLICK_NAME} is now a former" in text  # no link to click that would end the program (the toast wraps)
        assert "Written: /tmp/[bold]o/c.vcf" in text


async def test_a_drop_down_and_a_tick_box_list_of_names_show_them_as_they_are() -> None:
    """Select and SelectionList read a str choice as markup: "Anne [/] Hansen" closed the program as the list opened."""
    from textual.app import ComposeResult
    from textual.widgets import Select, SelectionList

    import facilitator.widgets.plain_options  # noqa: F401 - what is under test (facilitator.app imports it)

    names = [NAME, BOLD_NAME, CLICK_NAME]

    class _Lists(App[None]):
        def compose(self) -> ComposeResult:
            yield Select([(name, str(n)) for n, name in enumerate(names)], value="0", id="one")
            yield SelectionList[str](*[(name, str(n), n == 1) for n, name in enumerate(names)], id="many")

    app = _Lists()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert NAME in screen_text(app)  # the value chosen, shown in the closed list
        assert BOLD_NAME in screen_text(app) and CLICK_NAME in screen_text(app)  # the tick-box list
        select = app.query_one("#one", Select)
        select.focus()
        select.expanded = True  # the list opens
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert all(name in text for name in names)
        select.set_options([(name, name) for name in reversed(names)])  # options set again later
        select.value = CLICK_NAME
        await pilot.pause()
        assert CLICK_NAME in screen_text(app)


async def test_the_plans_dialogs_with_lists_of_names_open_and_show_them(
    data_dir: Path, make_app: Callable[..., FacilitatorApp]
) -> None:
    """The plan's roles (o), its meeting (e) and the absence notices (b) list the members: they opened no more."""
    write_markup_group(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await each_key_opens_a_screen_showing(pilot, app, {"o": NAME, "e": NAME, "b": NAME})
