"""The few file and process calls that differ between Windows and POSIX, chosen once at run time.

Nothing here imports a POSIX-only module, so every screen and command starts
on Windows too. What each platform gets:

- Permissions (`chmod_fd`, `chmod_path`): on Linux and macOS the data files
  are made 0600 and the folders 0700 (only the user can read them). Windows
  has no such mode bits (Python's chmod only sets the read-only flag), so
  nothing is changed there: the files are protected by the user's profile
  folder, whose access list lets only that user (and administrators) in. A
  file system without modes (a FAT-formatted USB stick, some network shares)
  refuses the call; the program goes on, as it can do nothing better.
- `fsync_folder`: a folder is fsynced after a rename on POSIX; Windows cannot
  open a folder as a file, and NTFS journals the rename itself.
- `process_alive`: `os.kill(pid, 0)` on POSIX; on Windows `os.kill` would
  *end* the process, so the process is asked about through the Windows API.
- `read_at`/`write_at`: `os.pread`/`os.pwrite` where they exist, else a seek
  and a read or write (Windows).
- `replace`: `os.replace`, and on Windows a few more tries while another
  program has the old file open for a moment (the room view reading it, a
  virus scanner): Windows refuses to rename over an open file, POSIX does not.
- `BINARY`: the flag Windows needs so `os.open` does not turn "\\n" into "\\r\\n".
"""

from __future__ import annotations

import errno
import os
import time
from typing import Any

__all__ = [
    "BINARY",
    "NOFOLLOW",
    "WINDOWS",
    "chmod_fd",
    "chmod_path",
    "fsync_folder",
    "process_alive",
    "read_at",
    "replace",
    "write_at",
]

WINDOWS: bool = os.name == "nt"
"""True on Windows: decided once, when this module is imported."""

BINARY: int = getattr(os, "O_BINARY", 0)
"""`os.open` flag for bytes as they are (Windows opens in text mode without it)."""

NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
"""`os.open` flag refusing a symbolic link (0 where the platform has none: Windows)."""

_NOT_SUPPORTED = {errno.EPERM, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
"""What a file system without permission bits answers to chmod."""


def chmod_fd(fd: int, mode: int) -> None:
    """Set the mode of an open file where the platform has modes; never fails for lack of them."""
    if WINDOWS or not hasattr(os, "fchmod"):
        return
    try:
        os.fchmod(fd, mode)
    except OSError as error:
        if error.errno not in _NOT_SUPPORTED:
            raise


def chmod_path(path: str | os.PathLike[str], mode: int) -> None:
    """Set the mode of a file or folder where the platform has modes; never fails for lack of them."""
    if WINDOWS:
        return
    try:
        os.chmod(path, mode)
    except OSError as error:
        if error.errno not in _NOT_SUPPORTED:
            raise


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename in `folder` durable (POSIX); nothing to do, and nothing possible, on Windows."""
    if WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_REPLACE_TRIES = 20
_REPLACE_PAUSE = 0.025
"""On Windows: tries and the pause between them (half a second in all) while the old file is open elsewhere."""


def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename `source` over `target` in one step (atomic on both platforms)."""
    if not WINDOWS:
        os.replace(source, target)
        return
    for attempt in range(_REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:  # the target is open in another program (sharing violation)
            if attempt + 1 == _REPLACE_TRIES:
                raise
            time.sleep(_REPLACE_PAUSE)


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to `size` bytes from `offset` of an open file."""
    if not WINDOWS and hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset` of an open file."""
    view = memoryview(data)
    while view:
        if not WINDOWS and hasattr(os, "pwrite"):
            written = os.pwrite(fd, view, offset)
        else:
            os.lseek(fd, offset, os.SEEK_SET)
            written = os.write(fd, view)
        view, offset = view[written:], offset + written


# ----------------------------------------------------------------------------- processes

_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5


def _kernel32() -> Any:
    """Windows' kernel32 through ctypes (replaced by a stand-in when the tests play Windows)."""
    import ctypes

    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # typeshed: Windows only


def _last_error(kernel32: Any) -> int:
    import ctypes

    get = getattr(ctypes, "get_last_error", None)
    return int(get() if get is not None else kernel32.GetLastError())


def process_alive(pid: int) -> bool:
    """True while process `pid` runs, or when that cannot be told (its files are then left alone)."""
    if pid <= 0:
        return False
    if WINDOWS:
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    import ctypes

    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return _last_error(kernel32) == _ERROR_ACCESS_DENIED  # it exists, but is not ours to ask
    try:
        code = ctypes.c_ulong(0)
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
