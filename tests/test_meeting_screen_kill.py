"""The real program, killed with SIGKILL in the middle of a meeting, leaves a valid live file that resumes.

The console script runs in a pseudo-terminal (120x40, TERM=xterm-256color)
on a planned meeting; the test confirms the check-in, starts the first item
and types into the minutes like the minute-taker, waits until the autosave has
written the words, and kills the process. The file must parse and validate
with status `live`, the first item still running; the lock is gone with the
process; and opening the meeting again resumes it with the item running and
the time since the kill counted.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from meeting_screen_helpers import GROUP_ID, make_meeting

from facilitator.clock import FakeClock, RealClock
from facilitator.meeting import LiveMeeting
from facilitator.model import Meeting
from facilitator.store import Store

SCRIPT = Path(sys.executable).with_name("facilitator")


def wait_for(condition: object, timeout: float = 20.0, what: str = "") -> None:
    """Poll `condition()` (a real process works in real time) until true, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def read_meeting(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed next to the interpreter")
def test_killed_mid_meeting_the_file_is_live_and_the_meeting_resumes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    clock = RealClock()
    meeting_id = make_meeting(root, day=clock.now().date())
    store = Store(root)
    path = store.meeting_path(GROUP_ID, meeting_id)

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": str(tmp_path)}
    env.pop("FACILITATOR_DATA_DIR", None)
    process = subprocess.Popen(
        [str(SCRIPT), "--data-dir", str(root), "--lang", "en", "meeting", meeting_id],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()

    def drain() -> None:  # the terminal must be read, or the program blocks writing to it
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        lock_path = path.with_suffix(".lock")
        wait_for(lambda: lock_path.exists() and lock_path.read_text()[:12].split("\n")[0] == str(process.pid), what="the lock")
        wait_for(lambda: b"Check-in" in output, what="the check-in list")
        os.write(master, b"\r")  # enter: confirm the check-in
        wait_for(lambda: read_meeting(path).get("status") == "live", what="status live")
        os.write(master, b" ")  # space: start the first item
        wait_for(lambda: bool(read_meeting(path).get("items", [{}])[0].get("spans")), what="the item's span")
        os.write(master, b"\t")  # tab: into the minutes
        for word in ("Anne ", "welcomes ", "everyone"):
            os.write(master, word.encode())
            time.sleep(0.1)
        wait_for(lambda: "Anne welcomes everyone" in str(read_meeting(path).get("minutes", "")), what="the minutes")
        assert process.poll() is None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        os.close(master)
    assert process.returncode == -signal.SIGKILL

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    meeting = Meeting.model_validate(data)
    assert meeting.status == "live"
    assert meeting.items[0].spans and meeting.items[0].spans[-1].end is None
    assert "## 1. Welcome\nAnne welcomes everyone" in meeting.minutes
    assert Store(root).check() == []
    Store(root).lock_meeting(GROUP_ID, meeting_id).release()  # the kernel let go of the lock

    # Reopened five minutes later: the item still runs and the five minutes count.
    later = FakeClock(clock.now() + timedelta(minutes=5))
    group = Store(root).load_group(GROUP_ID)
    live = LiveMeeting(group, Store(root).load_meeting(GROUP_ID, meeting_id), later)
    assert live.resumed and live.running and live.current_index == 0
    assert live.elapsed() >= 5 * 60


async def test_the_reopened_meeting_screen_shows_the_item_still_running(
    make_app: object, data_dir: Path, clock: FakeClock
) -> None:
    """The resume as the screen shows it: a live file with an open span opens running, with a notice."""
    from facilitator.screens.meeting import MeetingScreen
    from facilitator.widgets.countdown import ItemClock

    meeting_id = make_meeting(data_dir)
    store = Store(data_dir)
    group = store.load_group(GROUP_ID)
    live = LiveMeeting(group, store.load_meeting(GROUP_ID, meeting_id), clock)
    live.confirm_checkin()
    live.toggle_running()
    store.save_meeting(GROUP_ID, live.meeting)  # as the killed program left it
    clock.advance(7 * 60)
    app = make_app("meeting", meeting_id)  # type: ignore[operator]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.pause()
        assert screen.live.running
        texts = screen.query_one(ItemClock).texts(screen.live)
        assert texts["digits"] == "08:00" and "Running" in texts["title"]
        assert any("Meeting resumed" in (n.title or "") for n in pilot.app._notifications)
