"""The calls that differ between Windows and POSIX (facilitator/oscompat.py, facilitator/locks.py).

These run twice: as they are, and inside test_windows_paths.py's run that
plays Windows (fcntl unimportable, `os.name` "nt" for the platform modules),
so each assertion holds for both paths.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pytest

from facilitator import locks, oscompat
from facilitator.model import Meeting
from facilitator.store import LockedError, Store, remove_stale_temporaries, write_atomic


def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_the_process_is_alive_and_an_ended_one_is_not() -> None:
    assert oscompat.process_alive(os.getpid())
    assert not oscompat.process_alive(dead_pid())
    assert not oscompat.process_alive(0)


def test_temporaries_of_an_ended_program_are_removed_those_of_a_running_one_stay(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        gone = tmp_path / f".m.toml.{dead_pid()}.0123abcd.tmp"
        running = tmp_path / f".m.toml.{child.pid}.89abcdef.tmp"
        for path in (gone, running):
            path.write_bytes(b"half")
        assert remove_stale_temporaries(tmp_path) == [gone]
        assert running.exists()
        assert child.poll() is None  # asking about it did not end it (os.kill does on Windows)
    finally:
        child.kill()
        child.wait(timeout=10)


def test_read_at_and_write_at(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "f", os.O_RDWR | os.O_CREAT | oscompat.BINARY, 0o600)
    try:
        oscompat.write_at(fd, b"12345\n", 0)
        oscompat.write_at(fd, b"ab", 2)
        assert oscompat.read_at(fd, 32, 0) == b"12ab5\n"
        assert oscompat.read_at(fd, 3, 1) == b"2ab"
    finally:
        os.close(fd)
    assert (tmp_path / "f").read_bytes() == b"12ab5\n"  # bytes as written: no "\r\n" on Windows


def test_a_file_system_without_modes_does_not_stop_a_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FAT-formatted USB stick or a network share refuses chmod (EPERM): the data is saved all the same."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(oscompat.os, "chmod", refuse)
    monkeypatch.setattr(oscompat.os, "fchmod", refuse, raising=False)
    store = Store(tmp_path / "data")
    group = store.create_group("Stick", [])
    store.save_meeting(group.id, Meeting(id="m", date=date(2026, 3, 12)))
    assert store.load_meeting(group.id, "m").id == "m"
    write_atomic(tmp_path / "plain.toml", b"a = 1\n")
    assert (tmp_path / "plain.toml").read_bytes() == b"a = 1\n"
    from facilitator.export import write_export

    write_export(tmp_path / "stick" / "minutes.md", b"# Minutes\n")  # an export to a USB stick
    assert (tmp_path / "stick" / "minutes.md").read_bytes() == b"# Minutes\n"


def test_other_chmod_errors_are_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if oscompat.WINDOWS:
        assert oscompat.chmod_path(tmp_path / "missing", 0o600) is None  # nothing is asked of Windows
        return

    with pytest.raises(FileNotFoundError):
        oscompat.chmod_path(tmp_path / "missing", 0o600)


def test_files_and_folders_are_private_where_the_platform_has_modes(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = Store(tmp_path / "data")
        group = store.create_group("G", [])
        store.save_meeting(group.id, Meeting(id="m", date=date(2026, 3, 12)))
    finally:
        os.umask(old)
    # The Windows path leaves modes alone: the files keep what os.open and mkdir were asked for.
    assert (store.meeting_path(group.id, "m").stat().st_mode & 0o777) == 0o600
    assert (store.meetings_dir(group.id).stat().st_mode & 0o777) == 0o700


HOLD_FOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from facilitator import locks
    fd = locks.open_folder_lock(Path(sys.argv[1]))
    locks.lock_folder(fd)
    print("locked", flush=True)
    sys.stdin.readline()
    locks.close_folder_lock(fd)
    """
)


def test_a_folder_s_writers_wait_for_each_other_across_processes(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_FOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    got = threading.Event()

    def write() -> None:
        fd = locks.open_folder_lock(tmp_path)
        try:
            locks.lock_folder(fd)
            got.set()
        finally:
            locks.close_folder_lock(fd)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert not got.wait(0.3)  # the other process holds the folder
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        assert got.wait(30)
    finally:
        writer.join(30)
        child.kill()
        child.wait(timeout=10)
    expected = [locks.FOLDER_LOCK_NAME] if oscompat.WINDOWS else []
    assert [p.name for p in tmp_path.iterdir()] == expected


def test_a_killed_holder_leaves_no_lock_in_the_way(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    group = store.create_group("G", [])
    store.save_meeting(group.id, Meeting(id="m", date=date(2026, 3, 12), status="live"))
    holder = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from facilitator.store import Store
        lock = Store(Path(sys.argv[1])).lock_meeting(sys.argv[2], "m")
        print("locked", flush=True)
        sys.stdin.read()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", holder, str(store.root), group.id], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as caught:
            store.lock_meeting(group.id, "m")
        assert caught.value.pid == child.pid
    finally:
        child.kill()
        child.wait(timeout=10)
    lock_file = store.meeting_path(group.id, "m").with_suffix(".lock")
    assert lock_file.read_text().splitlines()[0] == str(child.pid)  # the killed program's claim is still there
    lock = store.lock_meeting(group.id, "m")  # the system let go when the program died: nothing stale in the way
    with lock:
        assert lock_file.read_text().splitlines()[0] == str(os.getpid())


def test_every_module_of_the_program_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every screen and command's module loads; in the run that plays Windows, without POSIX-only modules."""
    import importlib
    import pkgutil

    import facilitator

    names = sorted(m.name for m in pkgutil.walk_packages(facilitator.__path__, "facilitator."))
    assert {"facilitator.cli", "facilitator.app", "facilitator.serve", "facilitator.screens.meeting"} <= set(names)
    for name in names:
        importlib.import_module(name)
    if oscompat.WINDOWS:
        assert not hasattr(locks, "fcntl")
        for posix_only in POSIX_ONLY:
            with pytest.raises(ImportError):
                importlib.import_module(posix_only)
    else:
        assert locks.fcntl is not None  # type: ignore[attr-defined]


POSIX_ONLY = ("fcntl", "termios", "tty", "pwd", "grp", "resource")
"""Modules Windows' Python does not have (tests/windows/play_windows.py makes them unimportable)."""


def test_a_save_waits_a_moment_for_a_reader_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to rename over a file another program has open (the room view reading it)."""
    target = tmp_path / "m.toml"
    write_atomic(target, b"old = 1\n")
    real = os.replace
    refusals = [2]

    def busy(source: str, destination: str) -> None:
        if refusals[0]:
            refusals[0] -= 1
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real(source, destination)

    monkeypatch.setattr(oscompat.os, "replace", busy)
    monkeypatch.setattr(oscompat, "_REPLACE_PAUSE", 0.0)
    if oscompat.WINDOWS:
        write_atomic(target, b"new = 2\n")
        assert target.read_bytes() == b"new = 2\n" and refusals == [0]
        refusals[0] = 1000  # held open for good: the save fails, the old file stays, no temporary is left
        with pytest.raises(PermissionError):
            write_atomic(target, b"newer = 3\n")
        assert target.read_bytes() == b"new = 2\n"
    else:  # POSIX renames over an open file; a refusal there is a real error
        with pytest.raises(PermissionError):
            write_atomic(target, b"new = 2\n")
        assert target.read_bytes() == b"old = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.toml"]
