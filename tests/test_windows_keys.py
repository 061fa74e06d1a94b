"""Keys as terminals on Windows send them (issue 15, point 3).

Textual on Windows switches the console to VT input and reads what Windows
Terminal (or the older console) sends through the same parser as on Linux
and macOS (textual/drivers/win32.py feeds `XTermParser`). What differs is what
those terminals send: Backspace is DEL (0x7f) in Windows Terminal, but ^H
(0x08) in the older console and for Ctrl+Backspace; the function keys come
as `ESC O P` or `ESC [ 15 ~`; and Windows Terminal keeps some keys for itself
(Ctrl+V pastes, F11 is full screen, Alt+Enter too, Ctrl+Shift+P is its own
palette, Ctrl+= and Ctrl+- change the font size).

- Every key the program binds, on every screen and widget, is one a Windows
  terminal sends, and the bytes it sends become that key.
- None is one that Windows Terminal keeps, or that cannot arrive at all
  (`ctrl+h` is backspace to every terminal).
- In a real pseudo-terminal, ^H and DEL both erase the last character of the
  minutes, a Danish letter included, and the file says so.
"""

from __future__ import annotations

import fcntl
import importlib
import inspect
import os
import pkgutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual._xterm_parser import XTermParser
from textual.binding import Binding
from textual.dom import DOMNode
from wall_helpers import plan

import facilitator
from facilitator.store import Store

SENT = {
    "backspace": ["\x7f", "\x08"],  # Windows Terminal; the older console and Ctrl+Backspace
    "enter": ["\r"],
    "tab": ["\t"],
    "space": [" "],
    "delete": ["\x1b[3~"],
    "insert": ["\x1b[2~"],
    "up": ["\x1b[A"],
    "down": ["\x1b[B"],
    "right": ["\x1b[C"],
    "left": ["\x1b[D"],
    "home": ["\x1b[H"],
    "end": ["\x1b[F"],
    "pageup": ["\x1b[5~"],
    "pagedown": ["\x1b[6~"],
    "ctrl+up": ["\x1b[1;5A"],
    "ctrl+down": ["\x1b[1;5B"],
    "shift+tab": ["\x1b[Z"],
    "f1": ["\x1bOP"],
    "f2": ["\x1bOQ"],
    "f3": ["\x1bOR"],
    "f4": ["\x1bOS"],
    "f5": ["\x1b[15~"],
    "f6": ["\x1b[17~"],
    "f7": ["\x1b[18~"],
    "f8": ["\x1b[19~"],
    "f9": ["\x1b[20~"],
    "f10": ["\x1b[21~"],
    "f12": ["\x1b[24~"],
    "plus": ["+"],
    "minus": ["-"],
    "left_square_bracket": ["["],
    "right_square_bracket": ["]"],
    "question_mark": ["?"],
    "slash": ["/"],
}
"""What Windows Terminal sends for each key (VT input), as Textual names the key."""
SENT.update({f"ctrl+{c}": [chr(ord(c) - ord("a") + 1)] for c in "abdefgklnopqrstuwxyz"})
SENT.update({c: [c] for c in "abcdefghijklmnopqrstuvwxyz0123456789"})

KEPT_BY_WINDOWS_TERMINAL = {
    "ctrl+v": "pastes",
    "ctrl+c": "copies a selection",
    "f11": "full screen",
    "alt+enter": "full screen",
    "alt+f4": "closes the window",
    "ctrl+tab": "next tab",
    "ctrl+shift+tab": "previous tab",
    "ctrl+shift+p": "its command palette",
    "ctrl+shift+f": "find",
    "ctrl+shift+t": "new tab",
    "ctrl+shift+w": "closes the pane",
    "ctrl+shift+n": "new window",
    "ctrl+shift+space": "new tab menu",
    "ctrl+comma": "settings",
    "ctrl+equals_sign": "larger font",
    "ctrl+minus": "smaller font",
    "ctrl+0": "font size",
    "ctrl+h": "never arrives: every terminal sends backspace",
    "ctrl+i": "never arrives: it is tab",
    "ctrl+m": "never arrives: it is enter",
}
"""Keys a binding must not use: Windows Terminal takes them (its default settings), or they cannot arrive."""


def program_bindings() -> dict[str, list[str]]:
    """{key: [where it is bound]} for every binding of every class in the program."""
    found: dict[str, list[str]] = {}
    for info in pkgutil.walk_packages(facilitator.__path__, "facilitator."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                keys = binding.key if isinstance(binding, Binding) else binding[0]
                for key in keys.split(","):
                    found.setdefault(key.strip(), []).append(f"{module.__name__}.{name}")
    return found


def keys_of(data: str) -> list[str]:
    parser = XTermParser()
    return [getattr(event, "key", "") for event in parser.feed(data)]


def characters_of(data: str) -> list[str]:
    parser = XTermParser()
    return [getattr(event, "character", "") or "" for event in parser.feed(data)]


def test_the_bytes_windows_terminals_send_become_the_keys() -> None:
    for key, sequences in SENT.items():
        for data in sequences:
            assert keys_of(data) == [key], (key, data)
    assert characters_of("æøåÆØÅ€@{") == list("æøåÆØÅ€@{")  # AltGr and Danish letters as they are


def test_every_key_the_program_binds_arrives_from_a_windows_terminal() -> None:
    bindings = program_bindings()
    assert {"escape", "f1", "ctrl+s", "space", "enter"} <= set(bindings)
    kept = {key: where for key, where in bindings.items() if key in KEPT_BY_WINDOWS_TERMINAL}
    assert kept == {}, {key: KEPT_BY_WINDOWS_TERMINAL[key] for key in kept}
    unknown = {key: where for key, where in bindings.items() if key not in SENT and key != "escape"}
    assert unknown == {}, "keys with no known Windows Terminal sequence (add them to SENT if it sends them)"


COLS, ROWS = 100, 30
DEADLINE = 30.0


class Terminal:
    """The real program in a pseudo-terminal; a thread keeps reading what it draws."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data)

    def until(self, done: Callable[[], bool], what: str, state: Callable[[], str] = lambda: "") -> None:
        end = time.monotonic() + DEADLINE
        while not done():
            assert self.process.poll() is None, f"the program exited before: {what}"
            if time.monotonic() > end:
                pytest.fail(f"the program never got there: {what} {state()}")
            time.sleep(0.05)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)
        time.sleep(0.15)  # a person's pace: one key read at a time

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        os.close(self.master)


def program() -> list[str]:
    script = Path(sys.executable).with_name("facilitator")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from facilitator.cli import main; main()"]


def test_backspace_as_del_and_as_ctrl_h_both_erase_in_the_minutes(data_dir: Path, tmp_path: Path) -> None:
    gid, mid = plan(data_dir)
    store = Store(data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACILITATOR_", "PYTEST_"))}
    env.update({"TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8", "COLUMNS": str(COLS), "LINES": str(ROWS)})
    term = Terminal([*program(), "--data-dir", str(data_dir), "--lang", "en", "meeting", mid], env)
    try:
        term.until(lambda: b"Check-in" in term.output, "the check-in")
        term.send(b"\r")  # confirm the check-in
        term.until(lambda: store.load_meeting(gid, mid).attendance.checked_in_at is not None, "checked in")
        offset = len(term.output)
        term.send(b"\t")  # into the minutes
        term.until(lambda: b"Leave minutes" in term.output[offset:], "the minutes have the keys")
        minutes = lambda: store.load_meeting(gid, mid).minutes.strip()  # noqa: E731
        # Each step waits for the file, as a person looks before the next key.
        for key, then in (
            ("Mødx".encode(), "Mødx"),
            (b"\x08", "Mød"),  # ^H: Backspace in the older console, Ctrl+Backspace in Windows Terminal
            (b"er!", "Møder!"),
            (b"\x7f", "Møder"),  # DEL: Backspace in Windows Terminal
        ):
            term.send(key)
            term.until(lambda then=then: minutes() == then, f"the minutes {then!r} saved", lambda: repr(minutes()))
    finally:
        term.stop()
    assert store.load_meeting(gid, mid).minutes.strip() == "Møder"
