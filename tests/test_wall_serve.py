"""`facilitator wall --serve` in a real headless Chromium (issue 9), and the serve command's parts.

The browser test starts the served view as a user would (`facilitator
--data-dir D --lang en wall --serve --port P`), opens it in Debian's
Chromium, and reads what the page's terminal shows through the Chrome
DevTools protocol. textual-serve draws with xterm.js on a canvas, so the text
is not in the DOM: a script added before the page loads notes the page's
terminal object when textual.js sets it up (its `fitAddon` assignment), and
the test reads the terminal's buffer with xterm's public API
(`buffer.active.getLine(y).translateToString()`).

The test then moves the meeting on in the "moderator's program" (writing
the file) and waits until the page shows the new item; the minutes must be
nowhere on the page. CI installs Chromium (.ci/run); without it the test
fails in CI and is skipped elsewhere.
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
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from facilitator.clock import FakeClock
from facilitator.serve import is_loopback, served_command

from wall_helpers import SECRET_MINUTES, Moderator, plan

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

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        my_id = self.next_id
        await self.ws.send_json({"id": my_id, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.ws.receive_json(), DEADLINE)
            if message.get("id") == my_id:
                assert "error" not in message, message
                return dict(message["result"])

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


def start_chromium(profile: Path) -> tuple[subprocess.Popen[str], int]:
    """Headless Chromium on about:blank with a DevTools port; (process, port)."""
    browser = subprocess.Popen(
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
    pytest.fail("Chromium did not start:\n" + "".join(seen[-20:]))


@pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)",
)
def test_the_served_wall_in_a_real_browser_follows_the_meeting(data_dir: Path, tmp_path: Path) -> None:
    import aiohttp

    assert CHROMIUM.exists(), "Chromium is missing: .ci/run installs it with apt-get"
    clock = FakeClock(datetime.now().astimezone())  # the served view reads the real clock
    gid, mid = plan(data_dir)
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("FACILITATOR_HEADLESS", "FACILITATOR_DATA_DIR")}
    server = subprocess.Popen(
        [*facilitator_command(), "--data-dir", str(data_dir), "--lang", "en", "wall", "--serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    browser: subprocess.Popen[str] | None = None
    try:
        wait_for_port(port, server)
        browser, devtools_port = start_chromium(tmp_path / "chromium-profile")

        async def drive() -> tuple[str, str, str]:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
                    targets = await response.json()
                page = next(t for t in targets if t["type"] == "page")
                async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    devtools = DevTools(ws)
                    await devtools.call("Page.enable")
                    await devtools.call("Page.addScriptToEvaluateOnNewDocument", source=NOTE_TERMINAL)
                    await devtools.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                    first = await devtools.wait_for_text("Item 1 of 6", "Welcome", "2. Round of introductions")
                    moderator.next_item()  # the moderator presses n: the file changes
                    second = await devtools.wait_for_text("Item 2 of 6", "Round of introductions", "3. Break")
                    page_html = await devtools.evaluate("document.documentElement.outerHTML")
                    return first, second, page_html

        first, second, page_html = asyncio.run(drive())
    finally:
        if browser is not None:
            stop(browser)
        stop(server)
    assert "Netværk Nord · First meeting" in first
    lines = [line.strip() for line in second.splitlines()]
    assert lines[lines.index("Item 2 of 6") + 1] == "Round of introductions"
    for shown in (first, second, page_html):
        assert SECRET_MINUTES not in shown
        assert "anne@example.org" not in shown
    output = server.stdout.read() if server.stdout else ""
    assert f"http://127.0.0.1:{port}" in output


# ----------------------------------------------------------------------------- the command's parts


def test_served_command_is_the_read_only_wall(tmp_path: Path) -> None:
    command = served_command(tmp_path / "my data", "da", "2026-03-12-x")
    assert command.endswith(f"--data-dir '{tmp_path / 'my data'}' --lang da wall 2026-03-12-x")
    assert served_command(tmp_path, "en").endswith(f"--data-dir {tmp_path} --lang en wall")


def test_only_loopback_addresses_count_as_private() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "::", "example.org"))


def test_another_address_prints_a_warning_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import facilitator.serve as serve

    made: list[tuple[str, str, int]] = []

    class FakeServer:
        def serve(self) -> None:
            pass

    monkeypatch.setattr(serve, "make_server", lambda command, host, port: made.append((command, host, port)) or FakeServer())
    assert serve.serve_wall(tmp_path, "en", None, host="0.0.0.0", port=8123) == 0
    assert "anyone on that network" in capsys.readouterr().err
    assert made[0][1:] == ("0.0.0.0", 8123) and made[0][0].endswith("wall")
    assert serve.serve_wall(tmp_path, "en", None) == 0
    assert capsys.readouterr().err == ""
    assert made[1][1:] == ("127.0.0.1", 8000)


def test_the_cli_takes_serve_port_and_host(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import facilitator.serve as serve
    from facilitator.cli import run

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(serve, "serve_wall", lambda *a, **k: calls.append((a, k)) or 0)
    assert run(["--data-dir", str(tmp_path), "--lang", "en", "wall", "--serve", "--port", "9001", "--host", "::1"]) == 0
    assert calls == [((tmp_path, "en", None), {"host": "::1", "port": 9001})]
    with pytest.raises(SystemExit):
        run(["wall", "--serve", "--port", "99999"])


def test_a_taken_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        done = subprocess.run(
            [*facilitator_command(), "--data-dir", str(tmp_path), "--lang", "en", "wall", "--serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
