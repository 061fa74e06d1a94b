"""Locks between programs on one data folder: one program per meeting, one writer per folder.

The operating system's own locks, chosen at run time: `flock` on Linux and
macOS, `msvcrt.locking` (LockFile) on Windows. Both belong to an open file and
are let go by the system when the file is closed or the program dies,
however it dies (kill -9, a power cut of the process): a lock left by a killed
program is never in the way, with nothing to clean up and no guessing from
times or process ids.

- `MeetingLock` / `take_meeting_lock(path)`: `<mid>.lock` is held while a
  meeting is open and holds the holder's process id as text, so a second
  program is refused with `Held(pid)` naming that process. On Windows a lock
  keeps other programs from reading the bytes it covers, so the lock is taken
  on one byte far past the end (`_WINDOWS_OFFSET`), and the id at the start
  stays readable.
- `open_folder_lock(folder)` / `lock_folder(fd)` / `close_folder_lock(fd)`:
  one writer at a time per folder (the group's `group.toml`, the meetings),
  across threads and processes. On POSIX the lock is on the folder itself;
  Windows cannot open a folder, so there it is on `.write.lock` in it.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from facilitator.oscompat import BINARY, NOFOLLOW, WINDOWS, chmod_fd, read_at, write_at

if WINDOWS:
    import msvcrt
else:
    import fcntl

__all__ = [
    "FOLDER_LOCK_NAME",
    "Held",
    "MeetingLock",
    "close_folder_lock",
    "lock_folder",
    "open_folder_lock",
    "take_meeting_lock",
]

FOLDER_LOCK_NAME = ".write.lock"
"""The file a folder's writers lock on Windows (POSIX locks the folder itself)."""

_WINDOWS_OFFSET = 1 << 30
"""Where the Windows lock's one byte lies: far past the process id, which others must read."""

_HELD = {errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EDEADLK}
"""What `msvcrt.locking` raises (as OSError) when another file holds the byte."""

_RETRY = 0.01
"""Seconds between two tries for a folder's lock on Windows (held for a write: milliseconds)."""


class Held(Exception):
    """The lock is held by another open file; `pid` is the process that wrote its id there (0 when unknown)."""

    def __init__(self, pid: int) -> None:
        super().__init__(pid)
        self.pid = pid


# ----------------------------------------------------------------------------- the system's calls


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock of an open file if nobody holds it; False when someone does."""
    if WINDOWS:
        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]  # typeshed: Windows only
        except OSError as error:
            if error.errno in _HELD:
                return False
            raise
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lock(fd: int) -> None:
    """Take the exclusive lock of an open file, waiting while another holds it."""
    if not WINDOWS:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    while not _try_lock(fd):  # msvcrt's waiting call gives up after ten seconds
        time.sleep(_RETRY)


def _unlock(fd: int) -> None:
    if WINDOWS:
        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]  # typeshed: Windows only
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


# ----------------------------------------------------------------------------- a meeting's lock


class MeetingLock:
    """Holds a meeting open in this process (a lock on `<mid>.lock`); `release()` lets go.

    The system lets go too when the process dies, however it dies.
    """

    def __init__(self, path: Path, fd: int, on_release: Callable[[], None] | None = None) -> None:
        self.path = path
        """The file that says who holds the meeting (the store's claim in the data folder, or the lock file)."""
        self._fd: int | None = fd
        self._on_release = on_release

    @property
    def held(self) -> bool:
        return self._fd is not None

    def detach(self) -> int:
        """Hand the open, locked file over (to a lock that names another path); this one holds nothing more."""
        fd, self._fd = self._fd, None
        if fd is None:
            raise ValueError("the lock is not held")
        return fd

    def release(self) -> None:
        """Let go of the meeting (a second call does nothing); `on_release` runs first, while it is still held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self._on_release is not None:
                try:
                    self._on_release()
                except OSError:
                    pass  # the claim could not be emptied (a read-only folder): the system lock goes all the same
            os.ftruncate(fd, 0)  # no process id is left behind for the next reader
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> MeetingLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    def __del__(self) -> None:  # pragma: no cover - depends on the garbage collector
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass


def _read_pid(fd: int) -> int:
    for _attempt in range(20):
        text = read_at(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return int(text)
        time.sleep(0.005)  # the holder took the lock and is about to write its id
    return 0


def take_meeting_lock(path: Path) -> MeetingLock:
    """Lock `path` (created 0600) for this process and write its id there.

    Raises `Held(pid)` when another open file holds it, OSError when it cannot
    be opened (a symbolic link is refused, on Windows too).
    """
    if WINDOWS and os.path.islink(path):  # no O_NOFOLLOW there
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    fd = os.open(path, os.O_RDWR | os.O_CREAT | BINARY | getattr(os, "O_CLOEXEC", 0) | NOFOLLOW, 0o600)
    try:
        chmod_fd(fd, 0o600)
        if not _try_lock(fd):
            raise Held(_read_pid(fd))
        os.ftruncate(fd, 0)
        write_at(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except BaseException:
        os.close(fd)
        raise
    return MeetingLock(path, fd)


# ----------------------------------------------------------------------------- a folder's writers


def open_folder_lock(folder: Path) -> int:
    """An open file to lock for writing in `folder` (the folder itself, or `.write.lock` on Windows)."""
    if WINDOWS:
        return os.open(folder / FOLDER_LOCK_NAME, os.O_RDWR | os.O_CREAT | BINARY, 0o600)
    return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def lock_folder(fd: int) -> None:
    """One writer at a time per folder, across threads and processes (until `close_folder_lock`).

    Where the file system has no locks (some network shares) writing goes on without one.
    """
    try:
        _lock(fd)
    except OSError:  # pragma: no cover - depends on the file system
        pass


def close_folder_lock(fd: int) -> None:
    """Let go of a folder's lock (if taken) and close it."""
    try:
        if WINDOWS:
            try:
                _unlock(fd)
            except OSError:
                pass  # it was not taken
    finally:
        os.close(fd)
