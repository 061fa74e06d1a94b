"""One file on disk: safe names, folders made 0700, atomic writes (files 0600), reading a regular file within a size limit.

Also the temporary files a killed writer left behind (`remove_stale_temporaries`),
and the stamp (mtime, size, inode) that says a file is unchanged since it was read.
Nothing here knows the models: the bytes are made and checked in `loading.py`.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path

from facilitator import laptop, oscompat, syncnames
from facilitator.i18n import t
from facilitator.indexfile import _Stamp as _Stamp  # what says a file is unchanged: (mtime_ns, size, inode)
from facilitator.indexfile import _stamp as _stamp
from facilitator.store.errors import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A file larger than this (5 MiB) is refused before it is read (the largest meeting, a million
characters of minutes in four-byte characters and thousands of turns, stays below it)."""


def _safe_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and "\0" not in name and not name.startswith(".")


def _copy_name(name: str) -> syncnames.CopyName | None:
    """The conflict copy a file name is (by its name alone); a quick test first, as every name of a folder is asked."""
    if "onflict" not in name:
        return None
    return syncnames.conflict_copy(name)


# --------------------------------------------------------------------------- atomic writes


def make_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents with mode 0700 (existing folders are left alone)."""
    missing: list[Path] = []
    current = folder
    while not os.path.isdir(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not os.path.isdir(path):
                raise
            continue
        oscompat.chmod_path(path, 0o700)  # the umask may have taken bits away; never adds any


def _fsync_dir(folder: Path) -> None:
    oscompat.fsync_folder(folder)


def temporary_name(name: str) -> str:
    """The name of a temporary file for writing `name`: `~syncthing~<name>.<laptop>.<pid>.<8 hex>.tmp`.

    Sync tools skip it (`syncnames.TEMP_PREFIX`); the laptop and the process
    in it say whose it is, so only this laptop removes it when its process is gone.
    """
    return f"{syncnames.TEMP_PREFIX}{name}.{laptop.name_token(laptop.laptop_name())}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def write_atomic(path: Path, data: bytes, *, fsync: bool = True) -> os.stat_result:
    """Write `data` to `path` so that readers see the old or the new file, never a torn one.

    A temporary file is created in the same folder (O_EXCL, mode 0600), written,
    flushed and fsynced, then renamed over `path`, and the folder is fsynced.
    Its name (`temporary_name`) is one the sync tools skip, so a laptop that
    keeps the folder in step never sends a half-written file to another one.
    Missing folders are created 0700. The new file is 0600 whatever the umask.
    `fsync=False` skips both fsyncs (for bulk writers such as the demo; the
    rename is still atomic). Returns the new file's stat (callers may ignore it).
    On any error the temporary file is removed and `path` is left as it was.
    """
    path = Path(path)
    folder = path.parent
    make_dirs(folder)
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | oscompat.BINARY | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        tmp = folder / temporary_name(path.name)
        try:
            fd = os.open(tmp, flags, 0o600)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - a hundred random names taken
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
    try:
        try:
            oscompat.chmod_fd(fd, 0o600)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if fsync:
                os.fsync(fd)
            result = os.fstat(fd)
        finally:
            os.close(fd)
        oscompat.replace(tmp, path)  # Windows: a few tries while a reader has the old file open
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if fsync:
        _fsync_dir(folder)
    return result


# --------------------------------------------------------------------------- reading


class _TooBig(Exception):
    """Internal: a file over MAX_FILE_BYTES (`size` its size), refused before it is read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _read_regular(path: Path) -> tuple[os.stat_result, bytes]:
    """The stat and bytes of a regular file; a folder, pipe or device raises IsADirectoryError.

    A file over MAX_FILE_BYTES raises _TooBig before a byte of it is read.
    O_NONBLOCK keeps a named pipe from hanging the program; it changes nothing for a regular file.
    """
    fd = os.open(path, os.O_RDONLY | oscompat.BINARY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        if st.st_size > MAX_FILE_BYTES:
            raise _TooBig(st.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:  # it grew while it was read
            raise _TooBig(len(data))
        return st, data
    finally:
        os.close(fd)


def _too_big_problem(path: Path, size: int) -> Problem:
    return Problem(path, t("store.too_big", size=f"{size / (1024 * 1024):.1f}", most=MAX_FILE_BYTES // (1024 * 1024)))


# --------------------------------------------------------------------------- temporaries a killed writer left


_TEMPORARY = re.compile(r"^~syncthing~.+\.([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]{8}\.tmp$")
"""The name `write_atomic` gives its temporary files: `~syncthing~<name>.<laptop>.<pid>.<8 hex>.tmp`."""
_OLD_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")
"""The name earlier versions gave them: `.<name>.<pid>.<8 hex>.tmp` (no laptop in it)."""


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed program left in `folder` (the process named in the name is gone).

    `write_atomic` removes its temporary file on any error, but not when the
    process is killed between creating and renaming it; such a file is 0600
    and may hold minutes, so it is removed the next time the folder's meeting
    is opened. Files of running processes are left alone, and so are files
    named for another laptop: a process number there says nothing here.
    """
    removed: list[Path] = []
    here = laptop.name_token(laptop.laptop_name())
    try:
        with os.scandir(folder) as entries:
            candidates = [e for e in entries if e.is_file(follow_symlinks=False)]
    except OSError:
        return removed
    for entry in candidates:
        path = entry.path
        found = _TEMPORARY.match(entry.name)
        if found is not None:
            if found.group(1) != here:  # another laptop's (a tool synced it after all): its process ids mean nothing here
                continue
            pid = int(found.group(2))
        else:
            old = _OLD_TEMPORARY.match(entry.name)
            if old is None:
                continue
            pid = int(old.group(1))
        if pid == os.getpid() or oscompat.process_alive(pid):
            continue
        try:
            os.unlink(path)
        except OSError:
            continue
        removed.append(Path(path))
    return removed
