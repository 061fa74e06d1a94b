"""Saving in the background: `AutoSaver` (debounced, on a thread of its own) and the rescue copy of a save that failed."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from facilitator.store.files import write_atomic

RESCUE_DIR_VARIABLE = "FACILITATOR_RESCUE_DIR"
"""Environment variable: the folder for rescue copies (tests; a USB stick)."""


def rescue_dirs() -> list[Path]:
    """Where a rescue copy may go, first choice first: all outside the data folder.

    `$FACILITATOR_RESCUE_DIR` when set; else the user's state folder (platformdirs),
    the system's temporary folder (often memory, so it works on a full disk) and
    the home folder, each in a subfolder of its own.
    """
    override = os.environ.get(RESCUE_DIR_VARIABLE)
    if override:
        return [Path(override)]
    import tempfile

    from platformdirs import user_state_dir

    user = re.sub(r"[^A-Za-z0-9_-]", "", os.environ.get("USER") or os.environ.get("USERNAME") or "") or "user"
    return [
        Path(user_state_dir("facilitator")) / "rescue",
        Path(tempfile.gettempdir()) / f"facilitator-rescue-{user}",
        Path.home() / "facilitator-rescue",
    ]


def write_rescue_copy(name: str, data: bytes, data_dir: Path | None = None) -> Path | None:
    """Write a rescue copy of a file that cannot be saved in the data folder; its path, or None.

    The copy goes to the first of `rescue_dirs()` that takes it (folder 0700,
    file 0600, written atomically), never inside `data_dir`. It is meant for
    the user alone: it holds the whole meeting, confidential lines included.
    """
    inside = data_dir.resolve() if data_dir is not None else None
    for folder in rescue_dirs():
        try:
            if inside is not None and folder.resolve().is_relative_to(inside):
                continue
            path = folder / name
            write_atomic(path, data)
            return path
        except OSError:
            continue
    return None


class AutoSaver:
    """Debounced saving on a background thread.

    `request()` says something changed; the save runs on the thread once
    `delay` seconds have passed since the first unsaved request, so no change
    waits longer than `delay` even while requests keep coming (typing).
    `request(urgent=True)` has the thread save within `soon` seconds (a change
    of the meeting's state, which the room view follows; `soon` lets the screen
    draw the change before the save takes the interpreter), taking along
    whatever was typed before it; requests that come while a save runs are saved right
    after it, so a burst of urgent changes makes few saves. `flush()` saves
    at once (from any thread) and waits; saves never overlap. A failing save
    goes to `on_error`; the saver stays dirty and tries again on the next
    request or flush, and by itself every `retry` seconds, so once the disk
    has room again everything is written without anyone asking. `saved_at`
    (a `time.time()`) is the moment of the last write that reached the disk:
    only that may be reported as saved.
    """

    def __init__(
        self,
        save: Callable[[], None],
        delay: float = 1.0,
        on_error: Callable[[Exception], None] | None = None,
        retry: float = 3.0,
        soon: float = 0.0,
    ) -> None:
        self._save = save
        self.delay = delay
        self.soon = soon
        self.retry = retry
        self._on_error = on_error
        self.last_error: Exception | None = None
        """The error of the last save, None once a save succeeded."""
        self.saved_at: float | None = None
        """When the last save reached the disk (time.time()), None before the first."""
        self._cond = threading.Condition()
        self._save_lock = threading.Lock()
        self._dirty = False
        self._due: float | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="facilitator-autosave", daemon=True)
        self._thread.start()

    @property
    def dirty(self) -> bool:
        """True while some change has not been saved."""
        with self._cond:
            return self._dirty

    @property
    def failing(self) -> bool:
        """The last save failed and something is still unsaved."""
        return self.last_error is not None and self.dirty

    def stop(self) -> None:
        """Stop the thread without saving (after a last failed flush: nothing more can be done here)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def request(self, urgent: bool = False) -> None:
        """Something changed: save within `delay` seconds (`soon` when `urgent`), off the caller's thread."""
        with self._cond:
            self._dirty = True
            if self._closed:
                return
            now = time.monotonic()
            due = now + (self.soon if urgent else self.delay)
            if self._due is None or due < self._due:
                self._due = due
                self._cond.notify_all()

    def flush(self) -> bool:
        """Save now if anything is unsaved, and wait for it; False when the save failed."""
        return self._save_now()

    def close(self) -> None:
        """Flush and stop the thread."""
        self._save_now()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and self._due is None:
                    self._cond.wait()
                if self._closed:
                    return
                assert self._due is not None
                remaining = self._due - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
            self._save_now()

    def _save_now(self) -> bool:
        with self._save_lock:
            with self._cond:
                self._due = None
                if not self._dirty:
                    return True
                self._dirty = False
            try:
                self._save()
            except Exception as error:  # noqa: BLE001 - every failure goes to on_error
                with self._cond:
                    self._dirty = True
                    if not self._closed and self._due is None:
                        self._due = time.monotonic() + self.retry  # try again by itself
                        self._cond.notify_all()
                self.last_error = error
                if self._on_error is not None:
                    try:
                        self._on_error(error)
                    except Exception:  # noqa: BLE001 - a broken handler must not stop saving
                        pass
                return False
            self.last_error = None
            self.saved_at = time.time()
            return True
