"""Issue 8, promise 5: a full disk or a read-only data folder during a meeting.

We run as root in CI, where chmod does not stop writes, so the trouble is
simulated where the program meets the disk: `write_atomic` (the only writer of
the store) raises the error a full disk or a read-only folder gives, or
`os.write` fails half-way through the temporary file. The app must then

- show a clear warning on the meeting screen that stays while saving fails
  (it names the file and the reason, and says how to save a copy);
- keep the minutes in memory, and save them to another file with ctrl+o
  (mode 0600);
- leave the meeting file as it was (never torn, still valid) and no temporary
  file behind;
- save again, and hide the warning, as soon as the disk works again.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import GROUP_ID, RunningMeeting, meeting_file, settle
from textual.widgets import Input, Static

import facilitator.store.datastore as store_module  # where the Store looks up write_atomic
from facilitator.clock import FakeClock
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store

TROUBLE = {
    "full disk": errno.ENOSPC,
    "read-only file system": errno.EROFS,
    "read-only folder": errno.EACCES,
}


def _bar(screen: MeetingScreen) -> Static:
    return screen.query_one("#save-error", Static)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("trouble", list(TROUBLE))
async def test_disk_trouble_warns_keeps_the_minutes_and_a_copy_can_be_saved_elsewhere(
    running_meeting: RunningMeeting,
    meeting_id: str,
    data_dir: Path,
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    trouble: str,
) -> None:
    code = TROUBLE[trouble]
    path = Store(data_dir).meeting_path(GROUP_ID, meeting_id)
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        await pilot.press("space")
        await settle(pilot)
        before = path.read_bytes()

        real_write_atomic = store_module.write_atomic

        def refuse(target: Path, data: bytes, *, fsync: bool = True) -> os.stat_result:
            if Path(target).is_relative_to(data_dir):  # the data folder's disk is in trouble, another disk is not
                raise OSError(code, os.strerror(code), str(target))
            return real_write_atomic(target, data, fsync=fsync)

        monkeypatch.setattr(store_module, "write_atomic", refuse)
        await pilot.press("tab", *"Anne told about the boy's new school")
        await pilot.press("ctrl+s")
        await settle(pilot)
        bar = _bar(screen)
        assert bar.display
        text = str(bar.render())
        assert os.strerror(code) in text and path.name in text and "NOT SAVED" in text
        assert "ctrl+o" in text  # says how to save a copy elsewhere

        # the warning stays while saving fails: more typing, a minute later, still there
        await pilot.press(*" and the teacher")
        clock.advance(60)
        screen.refresh_clock()
        screen.saver.flush()
        await settle(pilot)
        assert bar.display
        assert screen.live.minutes.endswith("the boy's new school and the teacher")
        assert path.read_bytes() == before  # the file is as it was, not torn
        Store(data_dir).load_meeting(GROUP_ID, meeting_id)
        assert _leftovers(path.parent) == []

        # ctrl+o (also from the minutes): save a copy to another place, readable by the owner only
        copy = tmp_path / "usb" / "minutes-copy.md"
        copy.parent.mkdir()
        await pilot.press("ctrl+o")
        await settle(pilot)
        field = app.screen.query_one("#text", Input)
        field.value = str(copy)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert copy.read_text(encoding="utf-8") == screen.live.minutes
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert any(str(copy) in n.message for n in app._notifications)

        # the disk works again: the next save writes everything and the warning goes
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not bar.display
        assert meeting_file(data_dir, meeting_id)["minutes"].endswith("the boy's new school and the teacher")


async def test_a_disk_that_fills_up_half_way_through_a_write_leaves_the_old_file(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Store(data_dir).meeting_path(GROUP_ID, meeting_id)
    real_write = os.write
    folder = str(path.parent)

    def half_then_full(fd: int, data: Any) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.startswith(folder):
            if len(data) > 1:
                return real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        before = path.read_bytes()
        monkeypatch.setattr(os, "write", half_then_full)
        await pilot.press("tab", *"half of this must not reach the file")
        await pilot.press("ctrl+s")
        await settle(pilot)
        monkeypatch.undo()
        assert _bar(screen).display
        assert path.read_bytes() == before
        assert _leftovers(path.parent) == []
        assert Store(data_dir).check() == []


async def test_minutes_too_long_to_read_back_are_not_written(
    running_meeting: RunningMeeting, meeting_id: str, data_dir: Path
) -> None:
    """A paste beyond the minutes' limit: the save is refused (the file stays readable), the text stays in memory."""
    from facilitator.textlimits import MINUTES_MAX

    path = Store(data_dir).meeting_path(GROUP_ID, meeting_id)
    async with running_meeting(meeting_id, checked_in=True) as (app, pilot, screen):
        before = path.read_bytes()
        # In lines, as minutes are written: one line of a million characters makes the pane take many seconds.
        too_long = ("x" * 79 + "\n") * (MINUTES_MAX // 80) + "x" * (MINUTES_MAX % 80 + 1)
        assert len(too_long) == MINUTES_MAX + 1
        screen.live.set_minutes(too_long)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _bar(screen).display
        assert "1000000" in str(_bar(screen).render())
        assert path.read_bytes() == before
        assert len(screen.live.minutes) == MINUTES_MAX + 1
