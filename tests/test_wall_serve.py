"""`facilitator wall --serve` in a real headless Chromium (issues 9 and 14.5), and the serve command's parts.

The browser test starts the served view as a user would (`facilitator
--data-dir D --lang en wall --serve --port P`), opens it in Debian's
Chromium, and reads what the page's terminal shows through the Chrome
DevTools protocol (tests/browser_helpers.py says how).

The test then moves the meeting on in the "moderator's program" (writing
the file) and waits until the page shows the new item; the minutes must be
nowhere on the page. Every request the page made went to this server (no
font service), and a page from another origin that opens the room view's
websocket is refused. CI installs Chromium (.ci/run); without it the test
fails in CI and is skipped elsewhere.
"""

from __future__ import annotations

import asyncio
import http.server
import os
import socket
import subprocess
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    CHROMIUM,
    NOTE_TERMINAL,
    DevTools,
    facilitator_command,
    free_port,
    needs_chromium,
    start_chromium,
    stop,
    wait_for_port,
)
from wall_helpers import SECRET_MINUTES, Moderator, plan

from facilitator.clock import FakeClock
from facilitator.serve import is_loopback, served_command

ANOTHER_PAGE = """<!DOCTYPE html><html><body><script>
window.tried = new Promise((done) => {
  const ws = new WebSocket("ws://127.0.0.1:%d/ws");
  ws.onopen = () => done("open");
  ws.onclose = () => done("refused");
});
</script></body></html>"""
"""A web page from another origin (another port) that tries to read the room view's websocket."""


def serve_another_page(port: int) -> tuple[http.server.HTTPServer, int]:
    body = (ANOTHER_PAGE % port).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, int(server.server_address[1])


@needs_chromium()
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
    another, another_port = serve_another_page(port)
    try:
        wait_for_port(port, server)
        browser, devtools_port = start_chromium(tmp_path / "chromium-profile")

        async def drive() -> tuple[str, str, str, list[str], str]:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
                    targets = await response.json()
                page = next(t for t in targets if t["type"] == "page")
                async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    devtools = DevTools(ws)
                    await devtools.call("Page.enable")
                    await devtools.call("Network.enable")
                    await devtools.call("Page.addScriptToEvaluateOnNewDocument", source=NOTE_TERMINAL)
                    await devtools.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                    first = await devtools.wait_for_text("Item 1 of 6", "Welcome", "2. Round of introductions")
                    moderator.next_item()  # the moderator presses n: the file changes
                    second = await devtools.wait_for_text("Item 2 of 6", "Round of introductions", "3. Break")
                    page_html = await devtools.evaluate("document.documentElement.outerHTML")
                    urls = list(devtools.urls)
                    # Another web page open in the same browser tries the room view's websocket.
                    await devtools.call("Page.navigate", url=f"http://127.0.0.1:{another_port}/")
                    await asyncio.sleep(0.5)
                    result = await devtools.call(
                        "Runtime.evaluate", expression="window.tried", awaitPromise=True, returnByValue=True
                    )
                    return first, second, page_html, urls, result["result"]["value"]

        first, second, page_html, urls, cross_origin = asyncio.run(drive())
    finally:
        another.shutdown()
        another.server_close()
        if browser is not None:
            stop(browser)
        stop(server)
    assert "Netværk Nord · First meeting" in first
    lines = [line.strip() for line in second.splitlines()]
    assert lines[lines.index("Item 2 of 6") + 1] == "Round of introductions"
    for shown in (first, second, page_html):
        assert SECRET_MINUTES not in shown
        assert "anne@example.org" not in shown
    # Issue 14.5: nothing but this server was asked for anything, and another page's websocket was refused.
    assert any(u.startswith(f"ws://127.0.0.1:{port}/ws?width=") for u in urls), urls
    assert f"http://127.0.0.1:{port}/static/fonts/RobotoMono-VariableFont_wght.ttf" in urls  # the font, from here
    assert [u for u in urls if not u.startswith((f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/"))] == []
    assert cross_origin == "refused"
    output = server.stdout.read() if server.stdout else ""
    assert f"http://127.0.0.1:{port}" in output
    assert "Refused a connection from another web page" in output and f"127.0.0.1:{another_port}" in output


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

    made: list[tuple[str, str, int, str | None]] = []

    class FakeServer:
        def serve(self) -> None:
            pass

    def fake(command: str, host: str, port: int, **options: Any) -> FakeServer:
        made.append((command, host, port, options.get("token")))
        return FakeServer()

    monkeypatch.setattr(serve, "make_server", fake)
    assert serve.serve_wall(tmp_path, "en", None, host="0.0.0.0", port=8123) == 0
    assert "anyone on that network" in capsys.readouterr().err
    assert made[0][1:3] == ("0.0.0.0", 8123) and made[0][0].endswith("wall")
    assert made[0][3] and len(made[0][3]) >= 20  # another address needs a token in the URL (issue 14.5)
    assert serve.serve_wall(tmp_path, "en", None) == 0
    assert capsys.readouterr().err == ""
    assert made[1][1:] == ("127.0.0.1", 8000, None)


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
