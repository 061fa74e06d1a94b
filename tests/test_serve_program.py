"""`facilitator serve`: the whole program in a browser tab, driven in a real headless Chromium (issue 15.5).

The test starts `facilitator --data-dir D --lang en serve --port P` as a
desktop shortcut would, with $BROWSER set to a small script that notes the
address it is asked to open (Python's webbrowser module, which the program
uses, honours $BROWSER): so the program's own "open the tab" is what gives
the test its address, token included. Chromium then opens that address, and
the test presses the keys a moderator would: enter opens the planned meeting,
2 2 marks Bo absent at the check-in, enter confirms it, space starts the
first item, n moves on to the second. The meeting file must say so. Then ctrl+l
leaves the meeting, q quits the program, and the server stops by itself.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
import tomllib
from datetime import date
from datetime import time as dtime
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    CHROMIUM,
    DEADLINE,
    NOTE_TERMINAL,
    DevTools,
    facilitator_command,
    free_port,
    needs_chromium,
    start_chromium,
    stop,
    wait_for_port,
)
from wall_helpers import make_group

from facilitator.cli import plan_meeting
from facilitator.model import Roles
from facilitator.serve import PROGRAM_LINGER, program_command

RECORD_URL = """#!/bin/sh
printf '%s\\n' "$1" >> "$(dirname "$0")/opened.txt"
"""
"""What $BROWSER runs: it writes down the address it was asked to open."""


def wait_for_file(path: Path, server: subprocess.Popen[Any]) -> str:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        assert server.poll() is None, "facilitator serve exited"
        time.sleep(0.1)
    pytest.fail("facilitator serve never opened a browser")


def meeting_file(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def wait_for_meeting(path: Path, check: Any) -> dict[str, Any]:
    """The meeting file once `check(data)` holds (the program saves a moment after each key)."""
    end = time.monotonic() + DEADLINE
    data: dict[str, Any] = {}
    while time.monotonic() < end:
        try:
            data = meeting_file(path)
        except (OSError, tomllib.TOMLDecodeError):
            data = {}
        if data and check(data):
            return data
        await asyncio.sleep(0.2)
    pytest.fail(f"the meeting file never got there; it says:\n{data}")


@needs_chromium()
def test_the_whole_program_in_a_browser_tab_check_in_and_one_item(data_dir: Path, tmp_path: Path) -> None:
    import aiohttp

    assert CHROMIUM.exists(), "Chromium is missing: .ci/run installs it with apt-get"
    store, gid = make_group(data_dir)
    meeting = plan_meeting(store, store.load_group(gid), "first", date.today(), dtime(18, 0))
    meeting.roles = Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla")
    meeting.attendance.absent_notified = ["erik"]
    store.save_meeting(gid, meeting)
    path = store.meeting_path(gid, meeting.id)

    opener = tmp_path / "browser" / "open"
    opener.parent.mkdir()
    opener.write_text(RECORD_URL)
    opener.chmod(0o700)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("FACILITATOR_HEADLESS", "FACILITATOR_DATA_DIR")}
    env["BROWSER"] = str(opener)
    server = subprocess.Popen(
        [*facilitator_command(), "--data-dir", str(data_dir), "--lang", "en", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    browser: subprocess.Popen[str] | None = None
    try:
        wait_for_port(port, server)
        url = wait_for_file(opener.parent / "opened.txt", server)
        token = re.fullmatch(rf"http://127\.0\.0\.1:{port}/\?token=([A-Za-z0-9_-]{{20,}})", url)
        assert token, url
        browser, devtools_port = start_chromium(tmp_path / "chromium-profile")

        async def drive() -> tuple[dict[str, str], dict[str, Any], dict[str, Any], list[str]]:
            shown: dict[str, str] = {}
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/") as response:
                    assert response.status == 403  # without the token: nothing
                async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
                    targets = await response.json()
                page = next(t for t in targets if t["type"] == "page")
                async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    devtools = DevTools(ws)
                    await devtools.call("Page.enable")
                    await devtools.call("Network.enable")
                    await devtools.call("Page.addScriptToEvaluateOnNewDocument", source=NOTE_TERMINAL)
                    await devtools.call("Page.navigate", url=url)
                    shown["home"] = await devtools.wait_for_text("Netværk Nord", "First meeting")
                    await devtools.press("Enter")  # open the selected planned meeting
                    shown["checkin"] = await devtools.wait_for_text("Erik Larsen", "absent (notice given)")
                    await devtools.press("2", "2")  # Bo: present -> notice -> absent
                    await devtools.press("Enter")  # the check-in is done
                    checked_in = await wait_for_meeting(path, lambda d: "checked_in_at" in d.get("attendance", {}))
                    await devtools.press(" ")  # start the first item
                    await devtools.press("n")  # on to the second
                    moved = await wait_for_meeting(path, lambda d: d.get("current_item") == 1)
                    shown["item"] = await devtools.wait_for_text("Round of introductions")
                    await devtools.press("ctrl+l")  # leave the meeting (it goes on)
                    shown["home_again"] = await devtools.wait_for_text("First meeting")
                    await devtools.press("q")  # quit the program
                    shown["ended"] = await devtools.evaluate("document.body.className")
                    return shown, checked_in, moved, list(devtools.urls)

        shown, checked_in, moved, urls = asyncio.run(drive())
        status = server.wait(timeout=PROGRAM_LINGER + DEADLINE)  # it stops by itself after the program ended
    finally:
        if browser is not None:
            stop(browser)
        stop(server)
    assert status == 0
    assert checked_in["attendance"]["absent"] == ["bo"]
    assert checked_in["attendance"]["absent_notified"] == ["erik"]
    assert checked_in["status"] == "live"
    assert moved["items"][0]["spans"] and moved["current_item"] == 1
    assert meeting_file(path)["current_item"] == 1  # left running: still on the second item
    assert path.with_suffix(".lock").read_text() == ""  # the program let go of the meeting when it quit
    assert [u for u in urls if not u.startswith((f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/"))] == []
    assert any(u.startswith(f"ws://127.0.0.1:{port}/ws/{token.group(1)}?") for u in urls), urls
    output = server.stdout.read() if server.stdout else ""
    assert url in output and "Keep this window open" in output


def test_the_command_each_tab_runs_is_the_whole_program(tmp_path: Path) -> None:
    command = program_command(tmp_path / "my data", "da")
    assert command.endswith(f"--data-dir '{tmp_path / 'my data'}' --lang da")


def test_serve_takes_port_and_no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import facilitator.serve as serve
    from facilitator.cli import run

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(serve, "serve_program", lambda *a, **k: calls.append((a, k)) or 0)
    assert run(["--data-dir", str(tmp_path), "--lang", "en", "serve", "--port", "9002", "--no-browser"]) == 0
    assert run(["--data-dir", str(tmp_path), "--lang", "da", "serve"]) == 0
    assert calls == [
        ((tmp_path, "en"), {"port": 9002, "browser": False}),
        ((tmp_path, "da"), {"port": None, "browser": True}),
    ]
    with pytest.raises(SystemExit):
        run(["serve", "--host", "0.0.0.0"])  # the whole program is never served to another computer


def test_no_browser_only_prints_the_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import facilitator.serve as serve

    made: list[dict[str, Any]] = []

    class FakeServer:
        def serve(self) -> None:
            pass

    def fake(command: str, host: str, port: int, **options: Any) -> FakeServer:
        made.append({"command": command, "host": host, "port": port, **options})
        return FakeServer()

    monkeypatch.setattr(serve, "make_server", fake)
    assert serve.serve_program(tmp_path, "en", browser=False) == 0
    assert serve.serve_program(tmp_path, "en", port=8123) == 0
    first, second = made
    assert first["host"] == second["host"] == "127.0.0.1"
    assert first["open_browser"] is False and second["open_browser"] is True
    assert second["port"] == 8123 and 1024 <= first["port"] <= 65535
    assert first["token"] and second["token"] and first["token"] != second["token"]  # a new token at each start
    assert first["linger"] == PROGRAM_LINGER
    assert "http://127.0.0.1:8123/?token=x" in second["lines"]("http://127.0.0.1:8123/?token=x")[0]
