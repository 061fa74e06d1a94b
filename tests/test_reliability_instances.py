"""Issue 8, promise 4: two programs on one data folder.

- A meeting held open by another running program (here: a separate process
  that took the meeting's lock, as a second `facilitator meeting ID` would) is
  refused with a message naming that process, both from the command line
  (exit status 1, the message on the terminal) and from the home screen (a
  notice; the home screen stays). Once that process is gone the meeting opens.
- Two programs running different meetings of one group, while a third process
  keeps changing the group file (as the members screen does, through
  `Store.update_group`), lose nothing: both meetings' minutes are saved, and
  every change of the group is in the file.

Store-level proofs (locks across processes, `update_group` from two
processes, ConflictError) are in tests/test_store*.py.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import GROUP_ID, make_meeting
from textual.widgets import Static

from facilitator.cli import build_app, plan_meeting
from facilitator.clock import FakeClock
from facilitator.screens.home import HomeScreen
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store

MakeApp = Callable[..., Any]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from facilitator.store import Store
    lock = Store(Path(sys.argv[1])).lock_meeting(sys.argv[2], sys.argv[3])
    print("locked", flush=True)
    sys.stdin.read()  # hold the meeting until the test closes our stdin
    lock.release()
    """
)


def _hold(root: Path, gid: str, mid: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), gid, mid], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


async def test_a_meeting_open_in_another_process_is_refused_naming_that_process(
    make_app: MakeApp, data_dir: Path, settle: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id = make_meeting(data_dir)
    other = _hold(data_dir, GROUP_ID, meeting_id)
    try:
        app = make_app("meeting", meeting_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
        assert app.return_code == 1
        error = " ".join(capsys.readouterr().err.split())
        assert f"process {other.pid}" in error

        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_meeting(meeting_id)
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert any(str(other.pid) in n.message for n in app._notifications)
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=10)
    app = make_app("meeting", meeting_id)  # the other program is gone: the meeting opens
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.screen.opened is not None


CHANGER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from facilitator.model import Member
    from facilitator.store import Store
    store = Store(Path(sys.argv[1]))
    for n in range(int(sys.argv[3])):
        store.update_group(sys.argv[2], lambda g, n=n: g.members.append(Member(id=f"new-{n}", name=f"New {n}")))
    """
)


async def test_two_programs_on_two_meetings_of_one_group_lose_no_write(data_dir: Path) -> None:
    first = make_meeting(data_dir)
    store = Store(data_dir)
    group = store.load_group(GROUP_ID)
    second = plan_meeting(store, group, "following", store.load_meeting(GROUP_ID, first).date).id
    assert second != first
    apps = [
        build_app(["--data-dir", str(data_dir), "--lang", "en", "meeting", mid], clock=FakeClock())
        for mid in (first, second)
    ]
    changes = 15
    changer = subprocess.Popen([sys.executable, "-c", CHANGER, str(data_dir), GROUP_ID, str(changes)])
    try:
        async with apps[0].run_test(size=(120, 40)) as one, apps[1].run_test(size=(120, 40)) as two:
            for pilot, words in ((one, "first meeting words"), (two, "second meeting words")):
                await pilot.press("enter", "space", "m", *words)
            for pilot in (one, two):
                await pilot.press("ctrl+s")
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                screen = pilot.app.screen
                assert isinstance(screen, MeetingScreen)
                assert not screen.query_one("#save-error", Static).display
            await asyncio.to_thread(changer.wait, 60)
    finally:
        if changer.poll() is None:
            changer.kill()
    assert changer.returncode == 0
    after = Store(data_dir)
    assert after.load_meeting(GROUP_ID, first).minutes.endswith("first meeting words")
    assert after.load_meeting(GROUP_ID, second).minutes.endswith("second meeting words")
    ids = [m.id for m in after.load_group(GROUP_ID).members]
    assert ids[: len(group.members)] == [m.id for m in group.members]
    assert ids[len(group.members) :] == [f"new-{n}" for n in range(changes)]
    assert after.check() == []
