"""Driving the served program in a real headless Chromium (Debian's /usr/bin/chromium; .ci/run installs it).

Shared by tests/test_wall_serve.py (the room view) and
tests/test_serve_program.py (the whole program). textual-serve draws with
xterm.js on a canvas, so the text is not in the DOM: a script added before
the page loads notes the page's terminal object when textual.js sets it up
(its `fitAddon` assignment), and `DevTools.wait_for_text` reads the
terminal's buffer with xterm's public API
(`buffer.active.getLine(y).translateToString()`). `DevTools.press` types
into the terminal as a person would (key events on xterm's text area).
Every request the page makes and every websocket it opens is kept in
`DevTools.urls`, so a test can check that nothing left this computer.

Without Chromium the browser tests fail in CI (CI=true, set by .ci/run) and
are skipped elsewhere (`needs_chromium`).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
DEADLINE = 30.0
"""Seconds any one wait in the browser test may take before the test fails."""

NOTE_TERMINAL = r"""
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
    window.__wallTerminalOwner = this;
  },
});
"""
"""Runs before textual.js: remembers the object whose `fitAddon` is set (it holds the xterm terminal)."""

READ_TERMINAL = r"""
(() => {
  const owner = window.__wallTerminalOwner;
  if (!owner || !owner.terminal) return "";
  const buffer = owner.terminal.buffer.active;
  const lines = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\n");
})()
"""


KEYS = {"Enter": (13, "\r"), "Backspace": (8, ""), "Escape": (27, ""), "Tab": (9, ""), " ": (32, " ")}
KEYS.update({f"F{n}": (111 + n, "") for n in range(1, 13)})
"""Named keys: (Windows virtual key code, the text the key types)."""


def needs_chromium() -> Any:
    """The mark for a browser test: skipped without Chromium, except in CI, where it then fails."""
    return pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def facilitator_command() -> list[str]:
    """The installed `facilitator` script beside this Python, else the same program through `-c`."""
    script = Path(sys.executable).with_name("facilitator")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from facilitator.cli import main; main()"]


def stop(process: subprocess.Popen[Any]) -> None:
    """End a process this test started, and the processes it started (its own session)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for_port(port: int, server: subprocess.Popen[Any]) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        assert server.poll() is None, "the served view exited"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing listens on port {port}")


class DevTools:
    """A minimal Chrome DevTools protocol client over aiohttp's websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0
        self.urls: list[str] = []
        """Every URL the page asked for (with Network enabled) and every websocket it opened."""

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        my_id = self.next_id
        await self.ws.send_json({"id": my_id, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.ws.receive_json(), DEADLINE)
            if message.get("id") == my_id:
                assert "error" not in message, message
                return dict(message["result"])
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            self.urls.append(params["request"]["url"])
        elif message.get("method") == "Network.webSocketCreated":
            self.urls.append(params["url"])

    async def press(self, *keys: str) -> None:
        """Type keys into the page's terminal: one character, "Enter", "Backspace", "Escape", "F1"..., or "ctrl+l"."""
        await self.evaluate("window.__wallTerminalOwner && window.__wallTerminalOwner.terminal.focus()")
        for key in keys:
            modifiers = 0
            if key.startswith("ctrl+"):  # a control key: xterm.js makes its byte from the key and the modifier
                key, modifiers = key[len("ctrl+") :], 2
                code, text = ord(key.upper()), ""
            else:
                code, text = KEYS.get(key, (0, key))
            if not code:
                code = ord(key.upper()) if key.isalnum() else 0
            event: dict[str, Any] = {"key": key, "windowsVirtualKeyCode": code, "modifiers": modifiers}
            if text:
                event["text"] = text
            await self.call("Input.dispatchKeyEvent", type="keyDown", **event)
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code, modifiers=modifiers)
            await asyncio.sleep(0.15)  # a person's pace: the program reads one key at a time

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for_text(self, *needles: str) -> str:
        """The terminal's text once every needle is in it (fails after DEADLINE seconds)."""
        end = time.monotonic() + DEADLINE
        text = ""
        while time.monotonic() < end:
            text = await self.evaluate(READ_TERMINAL) or ""
            if all(needle in text for needle in needles):
                return text
            await asyncio.sleep(0.2)
        pytest.fail(f"the page never showed {needles!r}; it showed:\n{text}")


def start_chromium(profile: Path, attempts: int = 3) -> tuple[subprocess.Popen[str], int]:
    """Headless Chromium on about:blank with a DevTools port; (process, port).

    On a loaded machine Chromium now and then exits at start before it opens
    DevTools (seen in CI: nothing but the launcher's and D-Bus's harmless lines,
    then the end of its output); such a start is tried again, up to `attempts`
    times, with a fresh profile. A browser that never starts fails the test.
    """
    seen: list[str] = []
    for attempt in range(attempts):
        browser = _launch_chromium(profile.with_name(f"{profile.name}-{attempt}") if attempt else profile)
        assert browser.stderr is not None
        seen = []
        end = time.monotonic() + DEADLINE
        for line in browser.stderr:  # Chromium says where DevTools listens before anything else matters
            seen.append(line)
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                return browser, int(found.group(1))
            if time.monotonic() > end:
                break
        stop(browser)
        seen.append(f"(attempt {attempt + 1}: exit status {browser.returncode})\n")
    pytest.fail("Chromium did not start:\n" + "".join(seen[-20:]))


def _launch_chromium(profile: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
            "--window-size=1280,800", "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )  # fmt: skip
