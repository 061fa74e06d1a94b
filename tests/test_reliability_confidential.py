"""Issue 8, promise 6: what is said in the meeting stays in the meeting file.

During a meeting with minutes typed (a confidential `!!` line among them):

- nothing of the minutes reaches Textual's log (every call of `App._log` is
  captured), Python's logging (a handler on the root logger), stdout or stderr;
- the app's and the screens' titles and sub-titles (what a terminal shows in
  its title bar; the crash test also reads the OSC title sequences written to
  a real terminal) never hold minutes text;
- no temporary file is made outside the data folder (`tempfile.tempdir` points
  at an empty folder for the whole run), and every folder and file in the data
  folder is 0700 / 0600, the lock file and the history index too;
- the copy saved with ctrl+o is 0600; the minutes exported from the history
  leave the confidential line out, and are 0600.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import GROUP_ID, RunningMeeting, make_meeting, settle
from textual.app import App
from textual.widgets import Input

from facilitator import export
from facilitator.store import Store

SECRET = "Maja's mother is ill again"
PUBLIC = "Decision: we meet at the library"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _modes(root: Path) -> list[str]:
    wrong = []
    for dirpath, _dirs, files in os.walk(root):
        if stat.S_IMODE(os.stat(dirpath).st_mode) != 0o700:
            wrong.append(dirpath)
        wrong += [os.path.join(dirpath, f) for f in files if stat.S_IMODE(os.stat(os.path.join(dirpath, f)).st_mode) != 0o600]
    return wrong


async def test_minutes_reach_no_log_title_or_temporary_file(
    running_meeting: RunningMeeting,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    meeting_id = make_meeting(data_dir)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.delenv("TEXTUAL_LOG", raising=False)
    logged: list[str] = []
    real_log = App._log

    def capture(self: App[Any], group: Any, verbosity: Any, frame: Any, *objects: Any, **kwargs: Any) -> None:
        logged.append(" ".join(map(str, objects)) + " " + " ".join(map(str, kwargs.values())))
        real_log(self, group, verbosity, frame, *objects, **kwargs)

    monkeypatch.setattr(App, "_log", capture)
    handler = _Collect()
    logging.getLogger().addHandler(handler)
    previous_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    titles: list[str] = []
    try:
        async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
            await pilot.press("space", "tab", *f"!! {SECRET}", "enter", "enter", *PUBLIC)
            await pilot.press("ctrl+s")
            await settle(pilot)
            for item in range(2):
                await pilot.press("escape", "n", "tab", *f" more {item}")
                await settle(pilot)
                titles += [str(app.title), str(app.sub_title), str(app.screen.title), str(app.screen.sub_title)]
            await pilot.press("ctrl+t")
            await settle(pilot)
            titles += [str(app.title), str(app.sub_title), str(app.screen.title), str(app.screen.sub_title)]
            await pilot.press("1")
            await settle(pilot)

            copy = tmp_path / "copy" / "minutes.md"
            await pilot.press("ctrl+o")
            await settle(pilot)
            app.screen.query_one("#text", Input).value = str(copy)
            await pilot.press("enter")
            await settle(pilot)
            assert SECRET in copy.read_text(encoding="utf-8")  # the owner's own rescue copy holds everything ...
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600  # ... and only the owner can read it
            assert _modes(data_dir) == []  # the meeting, its lock, the index: 0700 / 0600 while it runs
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(previous_level)

    minutes = Store(data_dir).load_meeting(GROUP_ID, meeting_id).minutes
    assert SECRET in minutes and PUBLIC in minutes
    out = capsys.readouterr()
    for where, texts in {
        "Textual's log": logged,
        "Python logging": handler.lines,
        "stdout/stderr": [out.out, out.err],
        "a title": titles,
    }.items():
        assert not [text for text in texts if "Maja" in text or "library" in text], where
    assert list(temp.iterdir()) == []
    assert _modes(data_dir) == []


def test_the_exported_minutes_leave_the_confidential_line_out_and_are_private(data_dir: Path, tmp_path: Path) -> None:
    meeting_id = make_meeting(data_dir)
    store = Store(data_dir)
    meeting = store.load_meeting(GROUP_ID, meeting_id)
    meeting.minutes = f"## 1. Welcome\n\n!! {SECRET}\nand the rest of that paragraph\n\n{PUBLIC}\n"
    meeting.status = "finished"
    store.save_meeting(GROUP_ID, meeting)
    from facilitator.history import export_minutes_text

    _, text = export_minutes_text(Store(data_dir), store.load_group(GROUP_ID), meeting_id, language="en")
    assert SECRET not in text and "rest of that paragraph" not in text and PUBLIC in text
    target = tmp_path / "out" / "minutes.md"
    export.write_export(target, text.encode("utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700  # a folder made for it is private too
