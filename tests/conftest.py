"""Shared fixtures: a temporary data folder, a FakeClock, and a helper that builds the app.

`async def test_...` functions run in their own event loop (a hook below), so Pilot
tests need no asyncio plugin.

    def test_x(make_app, data_dir, clock): ...
        app = make_app()                  # build_app(["--data-dir", data_dir, "--lang", "en"], clock=clock)
        app = make_app("--lang", "da")    # later arguments win
        async with app.run_test() as pilot:
            await settle(pilot)           # (fixture) wait for the workers (file reads) and redraw

    async def test_y(running_meeting, meeting_id): ...   # the meeting screen on a group of seven's first meeting
        async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen): ...
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from facilitator.clock import FakeClock
from facilitator.i18n import set_language

if TYPE_CHECKING:
    from meeting_screen_helpers import RunningMeeting
    from textual.pilot import Pilot

    from facilitator.app import FacilitatorApp

START = datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1)))
"""The moment every test starts at: Thursday 12 March 2026, 18:00 (+01:00)."""

TODAY: date = START.date()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def test_...` functions in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder (not created yet, like a first start)."""
    return tmp_path / "data"


@pytest.fixture
def clock() -> FakeClock:
    """A FakeClock at 2026-03-12 18:00 +01:00."""
    return FakeClock(START)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests start in English with a neutral locale and no data-folder variable; rescue copies stay in tmp."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "FACILITATOR_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("FACILITATOR_RESCUE_DIR", str(tmp_path / "rescue"))
    set_language("en")


@pytest.fixture(scope="session", autouse=True)
def _laptop_files_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each data folder's per-laptop files (locks, the history index: facilitator/laptop.py) stay in the session's tmp.

    Session-wide, so a data folder a module's fixture wrote keeps its index for that module's
    tests; never the user's own state folder. Programs the tests start inherit it.
    """
    os.environ["FACILITATOR_LOCAL_DIR"] = str(tmp_path_factory.mktemp("local"))


@pytest.fixture(autouse=True)
def _error_reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Error reports (facilitator/crashreport.py) go to the test's own folder, never the user's log folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def meeting_id(data_dir: Path) -> str:
    """The booklet's first meeting of a group of seven in `data_dir` (tests/meeting_screen_helpers.py)."""
    from meeting_screen_helpers import make_meeting

    return make_meeting(data_dir)


@pytest.fixture
def running_meeting(make_app: Callable[..., FacilitatorApp]) -> RunningMeeting:
    """`open_meeting` (tests/meeting_screen_helpers.py) with this test's `make_app`: data folder, FakeClock, English."""
    from meeting_screen_helpers import open_meeting

    return functools.partial(open_meeting, make_app)


@pytest.fixture
def make_app(data_dir: Path, clock: FakeClock) -> Callable[..., FacilitatorApp]:
    """Build the app as the command line would, on `data_dir` with the FakeClock, in English."""
    from facilitator.cli import build_app

    def make(*argv: str) -> FacilitatorApp:
        return build_app(["--data-dir", str(data_dir), "--lang", "en", *argv], clock=clock)

    return make


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the app's workers (reads, writes) are done and the screen is redrawn.

    A home screen reads its files after its first frame; this also waits for that read.
    """
    for attempt in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        waiting = getattr(screen, "state", True) is None and type(screen).__name__ == "HomeScreen"
        if attempt >= 2 and not waiting and not any(w.is_running for w in pilot.app.workers):
            break


@pytest.fixture(name="settle")
def settle_fixture() -> Callable[[Pilot[None]], object]:
    """The `settle` helper as a fixture: `await settle(pilot)`."""
    return settle
