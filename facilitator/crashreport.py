"""Error reports: what an unexpected error leaves behind for whoever fixes the program, and nothing of the meeting.

When something the program did not expect goes wrong (a bug), the app's
error boundary (facilitator/app.py) and the command line (facilitator/cli.py)
write one small text file here and show the user its path in one sentence.

What a report holds, and what it never holds:

- the program's, Python's and Textual's versions, the platform, the time and
  the names of the screens that were open (class names only);
- the exception's type and a *sanitized* message: control characters made
  visible, a quoted text longer than a short name replaced by its length, a
  pydantic validation error reduced to its field paths and error types, at
  most 300 characters;
- the traceback as `file:line:function` frames, the file relative to the
  package it belongs to (`facilitator/screens/home.py`, `textual/widget.py`).

Never the source lines, never local variables, never the minutes or any other
text of the data folder.

Where: the user's log folder (`platformdirs.user_log_path("facilitator")`,
`~/.local/state/facilitator/log` on Linux), outside the data folder on
purpose: the data folder is the group's and may be copied, synced or shared,
and may be the very thing that cannot be written when the error happens; the
log folder is the user's own. A folder 0700 and files 0600, the newest
`KEEP_REPORTS` kept. When that folder cannot be written, a per-user folder in
the system's temporary folder is tried (0700, refused when it belongs to
someone else).

This module never imports Textual.
"""

from __future__ import annotations

import os
import platform
import re
import stat
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from facilitator import __version__
from facilitator.textlimits import visible

__all__ = ["KEEP_REPORTS", "MESSAGE_MAX", "format_report", "report_dir", "sanitize_message", "write_report"]

KEEP_REPORTS = 20
"""How many reports are kept; older ones are removed when a new one is written."""
MESSAGE_MAX = 300
"""The longest sanitized message, in characters."""
QUOTED_MAX = 40
"""A quoted text in a message longer than this (it could be a piece of the minutes) is replaced by its length."""

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_REPORT_NAME = re.compile(r"^error-\d{8}-\d{6}-\d+(-\d+)?\.txt$")


def report_dir() -> Path:
    """The folder error reports are written to (the user's log folder; not created here)."""
    import platformdirs

    return Path(platformdirs.user_log_path("facilitator", appauthor=False))


def _fallback_dir() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"facilitator-errors-{uid}"


def sanitize_message(error: BaseException) -> str:
    """The exception's message without anything that could be the user's text (see the module's docstring)."""
    errors = getattr(error, "errors", None)
    if type(error).__name__ == "ValidationError" and callable(errors):
        try:
            items = errors(include_url=False, include_input=False, include_context=False)
            parts = [".".join(str(p) for p in item.get("loc", ())) + f" ({item.get('type', '')})" for item in items[:10]]
            return visible(f"{len(items)} validation error(s): " + ", ".join(parts))[:MESSAGE_MAX]
        except Exception:  # noqa: BLE001 - a report must come out even when the error object is odd
            return "validation error"
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - an exception whose __str__ fails
        text = ""

    def shorten(match: re.Match[str]) -> str:
        quoted = match.group(0)
        if len(quoted) - 2 <= QUOTED_MAX:
            return quoted
        return f"{quoted[0]}<{len(quoted) - 2} characters>{quoted[0]}"

    text = _QUOTED.sub(shorten, text)
    text = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    text = visible(text)
    if len(text) > MESSAGE_MAX:
        text = text[: MESSAGE_MAX - 1] + "…"
    return text


def _short_path(filename: str) -> str:
    """A frame's file relative to the package it belongs to, without the user's folders."""
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    package = str(Path(__file__).resolve().parent.parent).replace("\\", "/") + "/"
    if path.startswith(package):
        return path[len(package):]
    stdlib = os.path.dirname(os.__file__).replace("\\", "/") + "/"
    if path.startswith(stdlib):
        return "python/" + path[len(stdlib):]
    return os.path.basename(path)


def _frames(tb: TracebackType | None) -> list[str]:
    return [f"  {_short_path(frame.filename)}:{frame.lineno}:{frame.name}" for frame in traceback.extract_tb(tb)]


def format_report(
    error: BaseException,
    *,
    screens: Sequence[str] = (),
    saved: str = "",
    where: str = "",
    now: datetime | None = None,
) -> str:
    """The text of a report for `error` (with its causes): versions, screens, type, message, frames."""
    try:
        from importlib.metadata import version

        textual_version = version("textual")
    except Exception:  # noqa: BLE001 - the report does without it
        textual_version = "?"
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "facilitator error report (no minutes, no names, no local variables)",
        f"version: facilitator {__version__}, python {platform.python_version()}, textual {textual_version}, "
        f"{sys.platform}",
        f"time: {moment.strftime('%Y-%m-%dT%H:%M:%SZ')}",
    ]
    if screens:
        lines.append("screens: " + " > ".join(screens))
    if where:
        lines.append(f"where: {where}")
    if saved:
        lines.append(f"saved first: {saved}")
    lines.append("")
    seen: set[int] = set()
    current: BaseException | None = error
    first = True
    while current is not None and id(current) not in seen and len(seen) < 5:
        seen.add(id(current))
        if not first:
            lines.append("caused by:")
        first = False
        lines.append(f"{type(current).__module__}.{type(current).__qualname__}: {sanitize_message(current)}")
        lines.extend(_frames(current.__traceback__))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n".join(lines) + "\n"


def _usable_dir(folder: Path) -> bool:
    """Create `folder` 0700 (with its parents) or check that an existing one is ours and private."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    if stat.S_IMODE(st.st_mode) & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def _prune(folder: Path) -> None:
    try:
        names = sorted(n for n in os.listdir(folder) if _REPORT_NAME.match(n))
    except OSError:
        return
    for name in names[:-KEEP_REPORTS] if len(names) > KEEP_REPORTS else []:
        try:
            os.unlink(folder / name)
        except OSError:
            pass


def write_report(text: str, folder: Path | None = None) -> Path | None:
    """Write a report (0600, in a 0700 folder); its path, or None when no folder could take it."""
    candidates = [folder] if folder is not None else [report_dir(), _fallback_dir()]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for candidate in candidates:
        if not _usable_dir(candidate):
            continue
        for attempt in range(100):
            suffix = f"-{attempt}" if attempt else ""
            path = candidate / f"error-{stamp}-{os.getpid()}{suffix}.txt"
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
            except FileExistsError:
                continue
            except OSError:
                break
            try:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o600)
                os.write(fd, text.encode("utf-8", "replace"))
            except OSError:
                os.close(fd)
                try:
                    os.unlink(path)
                except OSError:
                    pass
                break
            os.close(fd)
            _prune(candidate)
            return path
    return None
