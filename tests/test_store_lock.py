"""Meeting locks: a second program opening the same meeting is refused with the other process's id."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.model import Meeting
from facilitator.store import LockedError, Store, StoreError

HOLDER = """
import sys
from pathlib import Path
from facilitator.store import Store
lock = Store(Path(sys.argv[1])).lock_meeting(sys.argv[2], sys.argv[3])
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def store(data_dir: Path) -> Store:
    store = Store(data_dir)
    group = store.create_group("G", [])
    store.save_meeting(group.id, Meeting(id="m", date=date(2026, 3, 12), status="live"))
    return store


def test_lock_release_and_lock_again(store: Store) -> None:
    lock = store.lock_meeting("g", "m")
    lock_file = store.meetings_dir("g") / "m.lock"
    assert lock.path == lock_file and lock.held
    pid, laptop, since = lock_file.read_text().splitlines()  # the claim: process, laptop, since when
    assert (pid, laptop) == (str(os.getpid()), store.laptop) and since
    assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600
    with pytest.raises(LockedError) as caught:
        Store(store.root).lock_meeting("g", "m")
    assert caught.value.pid == os.getpid()
    lock.release()
    lock.release()  # a second release does nothing
    assert not lock.held
    with Store(store.root).lock_meeting("g", "m") as again:
        assert again.held
    assert not again.held


def test_locks_of_different_meetings_are_independent(store: Store) -> None:
    store.save_meeting("g", Meeting(id="other", date=date(2026, 3, 13)))
    with store.lock_meeting("g", "m"), store.lock_meeting("g", "other"):
        pass


def test_a_lock_held_by_another_process_names_its_pid(store: Store) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.root), "g", "m"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as caught:
            store.lock_meeting("g", "m")
        assert caught.value.pid == child.pid
        assert str(child.pid) in str(caught.value)
        assert str(store.meeting_path("g", "m")) in str(caught.value)
        assert isinstance(caught.value, StoreError)
    finally:
        child.kill()  # dies without releasing: the kernel lets go of the lock
        child.wait(timeout=10)
    with store.lock_meeting("g", "m") as lock:
        assert lock.held
        assert (store.meetings_dir("g") / "m.lock").read_text().splitlines()[0] == str(os.getpid())


def test_a_lock_file_that_is_a_symlink_is_refused(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    (store.meetings_dir("g") / "m.lock").symlink_to(target)
    with pytest.raises(StoreError, match="lock file"):
        store.lock_meeting("g", "m")
    assert target.read_text() == "keep"
