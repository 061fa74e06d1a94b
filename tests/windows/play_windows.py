"""Make this Linux process take the program's Windows paths (issue 15, point 3).

`install()` makes `fcntl` (and termios, tty, pwd, grp, resource) unimportable, puts a stand-in `msvcrt` in its place,
and imports facilitator's platform modules (facilitator/oscompat.py,
facilitator/locks.py) while `os.name` says "nt", so they choose their Windows
calls: locks through `msvcrt.locking` on a byte far past the process id, the
folder's writers on `.write.lock`, no chmod or fchmod, no fsync of a folder,
`pread`/`pwrite` replaced by a seek, and whether a process lives asked of
`kernel32` (a stand-in here) instead of `os.kill`, which on Windows would end
it. `os.name` is "nt" only while those modules are imported: the rest of
Python (pathlib, subprocess) must stay the Linux it runs on.

The stand-in `msvcrt.locking` behaves as Windows' does: a lock belongs to one
open file (a second `os.open` of the same file in the same process is refused
too), covers the bytes from the file's position, may lie past the end of the
file, and is let go when the file is closed or the process dies. It is made
from Linux's open-file-description locks (F_OFD_SETLK), which have exactly
those rules. Unlike Windows, Linux does not stop other programs from reading
locked bytes, which is why the program keeps its lock away from the id.

The stand-in is in `sys.modules` only while those modules are imported too:
Python's own modules take an importable `msvcrt` for Windows (subprocess).

A sitecustomize.py beside this file calls `install()`, so with
PYTHONPATH=tests/windows the test run and every process it starts (the
tests' lock holders) play Windows alike. Which Windows calls were made is
written at exit to $FACILITATOR_WINDOWS_REPORT (JSON), so the test that
starts the run can check that the Windows paths really ran.
"""

from __future__ import annotations

import atexit
import errno
import json
import os
import struct
import sys
import time
import types
from collections import Counter
from typing import Any

POSIX_ONLY = ("fcntl", "termios", "tty", "pwd", "grp", "resource")
"""Modules Windows' Python does not have: unimportable while playing Windows."""

CALLS: Counter[str] = Counter()
"""How often each stand-in was called in this process."""

LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4


def _make_msvcrt(real_fcntl: Any) -> types.ModuleType:
    module = types.ModuleType("msvcrt", "stand-in for Windows' msvcrt (tests/windows/play_windows.py)")

    def locking(fd: int, mode: int, nbytes: int) -> None:
        CALLS[f"msvcrt.locking:{mode}"] += 1
        start = os.lseek(fd, 0, os.SEEK_CUR)
        kind = real_fcntl.F_UNLCK if mode == LK_UNLCK else real_fcntl.F_WRLCK
        record = struct.pack("hh4xqqi4x", kind, os.SEEK_SET, start, nbytes, 0)  # struct flock
        tries = 10 if mode in (LK_LOCK, LK_RLCK) else 1
        for attempt in range(tries):
            try:
                real_fcntl.fcntl(fd, real_fcntl.F_OFD_SETLK, record)
                return
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
            if attempt + 1 < tries:
                time.sleep(1)
        # Windows' C library reports a lock held elsewhere as EACCES (EDEADLOCK after ten tries)
        code = errno.EDEADLK if tries > 1 else errno.EACCES
        raise OSError(code, os.strerror(code))

    module.locking = locking  # type: ignore[attr-defined]
    module.LK_UNLCK, module.LK_LOCK, module.LK_NBLCK = LK_UNLCK, LK_LOCK, LK_NBLCK  # type: ignore[attr-defined]
    module.LK_RLCK, module.LK_NBRLCK = LK_RLCK, LK_NBRLCK  # type: ignore[attr-defined]
    return module


class Kernel32:
    """Stand-in for the three kernel32 calls facilitator.oscompat makes, answered from Linux."""

    ERROR_INVALID_PARAMETER = 87
    ERROR_ACCESS_DENIED = 5

    def __init__(self) -> None:
        self.error = 0

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:  # noqa: N802 - the Windows name
        CALLS["kernel32.OpenProcess"] += 1
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            self.error = self.ERROR_INVALID_PARAMETER
            return 0
        except PermissionError:
            self.error = self.ERROR_ACCESS_DENIED
            return 0
        return pid + 1_000_000

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:  # noqa: N802
        CALLS["kernel32.GetExitCodeProcess"] += 1
        code._obj.value = 259  # STILL_ACTIVE: the process was there when it was opened
        return 1

    def CloseHandle(self, handle: int) -> int:  # noqa: N802
        CALLS["kernel32.CloseHandle"] += 1
        return 1

    def GetLastError(self) -> int:  # noqa: N802
        return self.error


def _report() -> None:
    path = os.environ.get("FACILITATOR_WINDOWS_REPORT")
    if not path:
        return
    with open(f"{path}.{os.getpid()}", "w", encoding="utf-8") as handle:
        json.dump(dict(CALLS), handle)


def install() -> None:
    """Block fcntl, stand in msvcrt and kernel32, and import the platform modules as on Windows."""
    if "facilitator.locks" in sys.modules:
        raise RuntimeError("facilitator.locks was imported before play_windows.install()")
    import ctypes  # noqa: F401 - imported now, while os.name is still the real one
    import fcntl as real_fcntl
    import pathlib  # noqa: F401
    import subprocess  # noqa: F401 - it takes an importable msvcrt for Windows

    import facilitator  # the package, found as usual

    for posix_only in POSIX_ONLY:
        sys.modules[posix_only] = None  # type: ignore[assignment]  # `import fcntl` now raises ImportError
    saved = os.name
    os.name = "nt"
    sys.modules["msvcrt"] = _make_msvcrt(real_fcntl)
    try:
        import facilitator.locks
        import facilitator.oscompat as oscompat
    finally:
        os.name = saved
        del sys.modules["msvcrt"]  # only facilitator.locks holds it: others must not take Linux for Windows
    assert oscompat.WINDOWS and facilitator.locks.WINDOWS
    kernel32 = Kernel32()
    oscompat._kernel32 = lambda: kernel32  # type: ignore[assignment]
    CALLS["installed"] += 1
    atexit.register(_report)
