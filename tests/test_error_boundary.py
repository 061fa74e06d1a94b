"""Issue 14.2: no traceback, ever. One error boundary in the app catches what nothing else did.

An unexpected error in a key's action, a button's handler, a worker, a timer or
a thread, or while a screen is built: the open screens are asked to save first
(`emergency_save()`), a report without minutes or local variables is written
(0600 in a 0700 folder), the user sees one sentence with the report's path, and
the program goes on (the screen that could not be built is closed). A storm of
errors ends the program with the same sentence, never a traceback.
"""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Static

from facilitator import crashreport
from facilitator.app import ERROR_STORM, FacilitatorApp

SECRET = "Lone told of a difficult situation with the parents of the child she helps every day"
"""Text of the kind the minutes hold: it must never reach a report."""


class Boom(Exception):
    """The error the test screens raise."""


class BrokenScreen(Screen[None]):
    """A screen whose keys and button fail in the ways a bug would."""

    BINDINGS = [
        Binding("b", "boom", "Boom"),
        Binding("w", "worker", "Worker"),
        Binding("k", "count", "Count"),
        Binding("h", "thread", "Thread"),
    ]

    def __init__(self, saved: bool | None = None) -> None:
        super().__init__()
        self.count = 0
        self.saved = saved
        self.save_calls = 0

    def compose(self) -> ComposeResult:
        yield Static("broken screen", id="label")
        yield Button("Press", id="press")

    def emergency_save(self) -> bool | None:
        self.save_calls += 1
        return self.saved

    def action_boom(self) -> None:
        minutes = SECRET  # a local variable holding minutes text: never in the report
        raise Boom(f"could not handle '{minutes}'")

    def action_count(self) -> None:
        self.count += 1

    def action_worker(self) -> None:
        def fail() -> None:
            raise Boom("worker failed")

        self.run_worker(fail, thread=True)

    def action_thread(self) -> None:
        def fail() -> None:
            raise Boom("thread failed")

        threading.Thread(target=fail, daemon=True).start()

    def on_button_pressed(self) -> None:
        raise Boom("button failed")


class UnbuildableScreen(Screen[None]):
    """A screen whose on_mount fails (as a query right after an un-awaited mount would)."""

    def compose(self) -> ComposeResult:
        yield Static("half built")

    def on_mount(self) -> None:
        self.query_one("#missing")


def _reports(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "state" / "facilitator" / "log"
    return sorted(folder.glob("error-*.txt")) if folder.exists() else []


def _notifications(app: FacilitatorApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _open(app: FacilitatorApp, pilot: object, screen: Screen[None]) -> None:
    await app.push_screen(screen)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_an_error_in_a_key_action_is_reported_and_the_screen_goes_on(make_app, settle, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = BrokenScreen(saved=True)
        await _open(app, pilot, screen)
        await pilot.press("b")
        await pilot.pause()
        assert app.is_running
        assert app.screen is screen
        assert screen.save_calls == 1  # asked to save before anything else
        reports = _reports(tmp_path)
        assert len(reports) == 1 and app.error_reports == reports
        messages = _notifications(app)
        assert any(str(reports[0]) in m and "Everything typed is saved." in m and "Boom" in m for m in messages)
        await pilot.press("k", "k")  # the keys still work
        await pilot.pause()
        assert screen.count == 2
        app._exception = None  # handled on purpose (run_test would raise it)
    report = reports[0]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text()
    assert "test_error_boundary.Boom" in text
    assert "test_error_boundary.py:" in text and ":action_boom" in text
    assert "textual/" in text  # frames from Textual, relative to the package
    assert "HomeScreen > BrokenScreen" in text
    assert "saved first: yes" in text
    assert SECRET not in text and "Lone" not in text and "minutes =" not in text
    assert "<" in text and "characters>" in text  # the quoted text replaced by its length
    assert "locals" not in text.lower()


async def test_a_failing_button_handler_a_worker_and_a_thread_are_reported(make_app, settle, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = BrokenScreen(saved=None)
        await _open(app, pilot, screen)
        await pilot.click("#press")
        await pilot.pause()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("h")
        for _ in range(50):
            await pilot.pause(0.02)
            if len(_reports(tmp_path)) >= 3:
                break
        assert app.is_running and app.screen is screen
        texts = [r.read_text() for r in _reports(tmp_path)]
        assert len(texts) == 3
        assert any("button failed" in x and "on_button_pressed" in x for x in texts)
        assert any("worker failed" in x for x in texts)
        assert any("thread failed" in x for x in texts)
        assert all("saved first: nothing to save" in x for x in texts)
        assert not any("saved" in m for m in _notifications(app))  # nothing to save: no word about saving
        await pilot.press("k")  # the screen (whose own loop ran the button handler) still listens
        await pilot.pause()
        assert screen.count == 1
        app._exception = None


async def test_a_failed_save_is_said_plainly(make_app, settle, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await _open(app, pilot, BrokenScreen(saved=False))
        await pilot.press("b")
        await pilot.pause()
        assert any("Saving failed" in m for m in _notifications(app))
        assert "saved first: FAILED" in _reports(tmp_path)[0].read_text()
        app._exception = None


async def test_a_screen_that_cannot_be_built_is_closed(make_app, settle, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        home = app.screen
        app.push_screen(UnbuildableScreen())
        for _ in range(20):
            await pilot.pause()
        assert app.is_running
        assert app.screen is home
        assert len(_reports(tmp_path)) == 1
        assert "NoMatches" in _reports(tmp_path)[0].read_text()
        app._exception = None


async def test_a_storm_of_errors_ends_the_program_with_one_sentence(make_app, settle, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await _open(app, pilot, BrokenScreen())
        for _ in range(ERROR_STORM):
            await pilot.press("b")
        await pilot.pause()
        app._exception = None
    assert app.return_code == 1
    assert len(_reports(tmp_path)) == ERROR_STORM
    assert app._exit_renderables == [] or all("Traceback" not in str(r) for r in app._exit_renderables)


def test_a_report_holds_no_minutes_and_is_private(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from facilitator.model import Meeting

    try:
        Meeting.model_validate({"id": "x", "date": "2026-01-01", "minutes": 5, "title": SECRET * 3})
    except ValidationError as error:
        text = crashreport.format_report(error)
    assert "validation error" in text and SECRET not in text
    assert "minutes (string_type)" in text and "title (string_too_long)" in text
    message = crashreport.sanitize_message(KeyError("\x1b[31mred"))
    assert "\x1b" not in message and "\\x1b" in message
    path = crashreport.write_report("report", tmp_path / "reports")
    assert path is not None and path.read_text() == "report"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for _ in range(crashreport.KEEP_REPORTS + 5):
        crashreport.write_report("more", tmp_path / "reports")
    assert len(list((tmp_path / "reports").iterdir())) == crashreport.KEEP_REPORTS


def test_no_report_folder_is_said_not_crashed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert crashreport.write_report("x", blocker / "reports") is None


async def test_the_create_group_form_adds_a_member_row_and_focuses_it(make_app, settle) -> None:
    """The crash of issue 14: ctrl+n in the new group form, pressed before the row was mounted."""
    from textual.widgets import Input

    from facilitator.screens.create_group import CreateGroupScreen, MemberRow

    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        form = CreateGroupScreen()
        await app.push_screen(form)
        await pilot.press("ctrl+n", "ctrl+n")  # no pause between: the mount must be awaited
        await pilot.press(*"Anne")
        await pilot.pause()
        rows = list(form.query(MemberRow))
        assert len(rows) == 5
        assert rows[-1].query_one(".name", Input).value == "Anne"
        assert app.focused is rows[-1].query_one(".name", Input)
        assert app._exception is None


async def test_a_dialog_dismissed_twice_takes_nothing_else_with_it(make_app, settle) -> None:
    """Two enters in one moment: the second dismiss of a dialog already gone pops nothing (found by random keys)."""
    from facilitator.screens.dialogs import ConfirmDialog

    app = make_app()
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = BrokenScreen()
        await _open(app, pilot, screen)
        dialog = ConfirmDialog("Sure?")
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        dialog.dismiss(True)
        dialog.dismiss(True)
        await pilot.pause()
        assert app.screen is screen
        assert answers == [True]
        assert app._exception is None


async def test_a_screen_closed_while_it_is_built_leaves_no_error(make_app, settle) -> None:
    """Escape right after the key that opened a screen: the screen's own widgets (Textual's Header too)
    look for widgets that are gone; that is no error of the program and nothing is reported."""
    from textual.widgets import Header

    class Slow(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("x", id="x")

        def on_mount(self) -> None:
            self.query_one("#x", Static)

    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        home = app.screen
        app.push_screen(Slow())
        app.pop_screen()  # before the screen had a chance to mount its widgets
        for _ in range(10):
            await pilot.pause()
        assert app.screen is home
        app.push_screen(Slow())
        app.switch_screen(Slow())
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, Slow) and app.screen_stack[-2] is home
        assert app.error_reports == [] and not _notifications(app) and app._exception is None


async def test_a_second_enter_on_the_history_opens_one_review(make_app, settle, data_dir: Path) -> None:
    """Two enters in one moment on a list: the second, handled after the first opened its screen, does nothing."""
    from datetime import date

    from textual.widgets import DataTable

    from facilitator.demo import write_demo

    write_demo(data_dir, meetings=2, today=date(2026, 3, 12), language="en")
    app = make_app("history")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#history-table", DataTable)
        table.focus()
        table.action_select_cursor()
        table.action_select_cursor()
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack][-2:] == ["HistoryScreen", "ReviewScreen"]
        assert app.error_reports == [] and app._exception is None


async def test_an_action_of_a_screen_no_longer_in_front_does_not_run(make_app, settle) -> None:
    """enter, enter: the second key's action, run a moment later, must not act on the covered screen."""
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        below = BrokenScreen()
        await _open(app, pilot, below)
        await pilot.press("k")
        assert below.count == 1
        app.push_screen(BrokenScreen())  # the first enter's screen comes in front
        await pilot.pause()
        await below.run_action("count")  # the second enter's action, a moment later
        assert below.count == 1
        app.pop_screen()
        await pilot.pause()
        await pilot.press("k")
        assert below.count == 2


async def test_a_bug_while_the_home_screen_reads_never_says_there_is_no_group(
    make_app, settle, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from facilitator.demo import write_demo
    from facilitator.store import Store

    write_demo(data_dir, meetings=1, today=date(2026, 3, 12), language="en")

    def broken(self: Store, gid: str) -> list[object]:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Store, "upcoming_meetings", broken)
    app = make_app()
    async with app.run_test() as pilot:
        for _ in range(100):  # (settle would raise the worker's error)
            await pilot.pause(0.02)
            if _reports(tmp_path):
                break
        await pilot.pause()
        assert not app.screen.query_one("#empty").display  # not "There is no group here yet"
        assert "Could not read the data folder" in str(app.screen.query_one("#loading", Static).render())
        assert len(_reports(tmp_path)) == 1 and "ZeroDivisionError" in _reports(tmp_path)[0].read_text()
        app._exception = None
