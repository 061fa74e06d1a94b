"""Issue 8, promise 2 at the level of the app: every kind of bad file, and the program runs with the rest.

tests/test_check.py proves it for `Store.check()`; here the same bad files (and
a link leading outside the data folder) lie in the data folder when the app
starts. The home screen lists each problem the group's screens meet, with the
path relative to the data folder and the line and column where there is one;
the good meetings are listed and one of them runs (check-in, minutes, quit:
saved); `facilitator check` reports every file. Afterwards every bad file is
byte for byte what it was, though the app saved settings and a meeting beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_check import BAD_FILES, EXPECTED, good, write  # noqa: F401 - `good` is a fixture
from textual.widgets import DataTable, Static

from facilitator.cli import run
from facilitator.screens.home import HomeScreen
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store

MakeApp = Callable[..., Any]

OUTSIDE = "groups/gruppen/meetings/outside.toml"
SEEN_ON_HOME = [line for line in EXPECTED if line.startswith(("groups/gruppen/", "settings.toml"))]
"""The problems of the files the home screen reads: the settings and the current group's meetings."""


@pytest.fixture
def bad_folder(good: Store, tmp_path: Path) -> Path:  # noqa: F811 - the fixture from test_check
    root = good.root
    for name, data in BAD_FILES.items():
        write(root / name, data)
    secret = tmp_path / "elsewhere" / "secret.toml"
    write(secret, b'schema_version = 1\nid = "outside"\ndate = 2026-03-12\nminutes = "not ours"\n')
    (root / OUTSIDE).symlink_to(secret)
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in BAD_FILES} | {OUTSIDE: (root / OUTSIDE).read_bytes()}


async def test_the_home_screen_shows_every_bad_file_and_the_rest_works(
    bad_folder: Path, make_app: MakeApp, settle: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    root = bad_folder
    before = _snapshot(root)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        panel = home.query_one("#problems", Static)
        assert panel.display
        shown = str(panel.render())
        for line in SEEN_ON_HOME:
            assert line in shown, line
        assert f"{OUTSIDE}: " in shown and "outside the data folder" in shown
        assert "truncated.toml:5:14" in shown and "settings.toml:2:17" in shown  # line and column
        planned = [str(key.value) for key in home.query_one("#planned", DataTable).rows]
        assert planned == ["m2", "strangers"]  # the good ones; strangers only names unknown members

        # the program works with the rest: run the good meeting, write minutes, leave (saved)
        app.toggle_theme()  # tries to save settings.toml: refused, the broken file stays
        app.open_meeting("m2")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and app.screen.opened is not None
        await pilot.press("enter", "m", *"the rest works")
        await settle(pilot)
    assert Store(root).load_meeting("gruppen", "m2").minutes.endswith("the rest works")
    assert _snapshot(root) == before

    capsys.readouterr()
    assert run(["--data-dir", str(root), "--lang", "en", "check"]) == 1
    out = capsys.readouterr().out
    for line in EXPECTED:
        assert line in out.replace(str(root) + "/", ""), line
    assert OUTSIDE in out.replace(str(root) + "/", "")
    assert _snapshot(root) == before
