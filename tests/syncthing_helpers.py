"""Two real Syncthing daemons on 127.0.0.1 that keep two data folders in step (tests of issue 19).

Debian's `syncthing` package (.ci/run installs it). Each `Device` has its own
home (keys, config), a GUI/REST port and a sync port on 127.0.0.1; discovery,
relays, NAT and usage reporting are off, so nothing leaves the machine.
`pair(a, b, folder_a, folder_b)` shares one folder between them with the
file-system watcher on (a change is seen within about a second).

Nothing here sleeps blindly: `wait_until(condition, deadline)` polls and
fails with what it waited for once the deadline has passed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.store import StoreError

FOLDER_ID = "facilitator-group"
POLL = 0.1


def syncthing_binary() -> str | None:
    """The syncthing program, or None when it is not installed."""
    return shutil.which("syncthing")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    """Poll `condition` until it returns something true; AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except (OSError, ValueError, KeyError, urllib.error.URLError, StoreError) as error:  # not there yet
            last_error = error
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}" + (f" (last error: {last_error})" if last_error else ""))
        time.sleep(POLL)


@dataclass
class Device:
    """One running Syncthing daemon."""

    name: str
    home: Path
    gui_port: int
    sync_port: int
    api_key: str
    device_id: str
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=Path)

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> Any:
        """Call the REST API; the answer's JSON (None when there is none)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", data=data, method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            text = answer.read()
        return json.loads(text) if text.strip() else None

    def short_id(self) -> str:
        """The first seven characters of the device id (what a conflict copy's name carries)."""
        return self.device_id.split("-")[0][:7]

    def connected_to(self, other: Device) -> bool:
        connections = self.api("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def in_step_with(self, other: Device) -> bool:
        """This device has everything of the folder and believes `other` has all of its changes."""
        status = self.api("GET", f"/rest/db/status?folder={FOLDER_ID}")
        completion = self.api("GET", f"/rest/db/completion?folder={FOLDER_ID}&device={other.device_id}")
        return (
            status.get("state") == "idle" and status.get("needTotalItems", status.get("needFiles", 0)) == 0
            and completion.get("completion") == 100 and completion.get("needItems", 0) == 0
        )  # fmt: skip

    def sequence(self) -> int:
        """The folder's local sequence: it grows with every change this device has scanned."""
        return int(self.api("GET", f"/rest/db/status?folder={FOLDER_ID}")["sequence"])

    def pause(self, other: Device, paused: bool = True) -> None:
        self.api("PATCH", f"/rest/config/devices/{other.device_id}", {"paused": paused})

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.api("POST", "/rest/system/shutdown", timeout=3)
        except (OSError, urllib.error.URLError):
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_device(binary: str, home: Path, name: str) -> Device:
    """Make a device (keys and config in `home`) and start its daemon; returns once its REST API answers."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1", "HOME": str(home)}
    subprocess.run([binary, "generate", f"--home={home}", "--no-default-folder"], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)  # fmt: skip
    config = (home / "config.xml").read_text()
    device_id = re.search(r'<device id="([A-Z0-9-]+)"', config)
    api_key = re.search(r"<apikey>([^<]+)</apikey>", config)
    assert device_id and api_key, "syncthing generate wrote no device id or API key"
    device = Device(name, home, free_port(), free_port(), api_key.group(1), device_id.group(1), log=home / "syncthing.log")
    device.process = subprocess.Popen(
        [binary, "serve", f"--home={home}", "--no-browser", "--no-restart",
         f"--gui-address=127.0.0.1:{device.gui_port}", f"--logfile={device.log}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until(lambda: device.api("GET", "/rest/system/ping", timeout=2).get("ping") == "pong", f"{name}'s REST API")
    device.api("PATCH", "/rest/config/options", {
        "listenAddresses": [f"tcp://127.0.0.1:{device.sync_port}"],
        "globalAnnounceEnabled": False, "localAnnounceEnabled": False, "relaysEnabled": False,
        "natEnabled": False, "urAccepted": -1, "crashReportingEnabled": False,
        "reconnectionIntervalS": 1, "startBrowser": False, "autoUpgradeIntervalH": 0,
    })  # fmt: skip
    return device


def pair(a: Device, b: Device, folder_a: Path, folder_b: Path) -> None:
    """Let `a` and `b` know each other and share one folder (`folder_a` on a, `folder_b` on b)."""
    for one, other in ((a, b), (b, a)):
        one.api("PUT", f"/rest/config/devices/{other.device_id}", {
            "deviceID": other.device_id, "name": other.name,
            "addresses": [f"tcp://127.0.0.1:{other.sync_port}"], "autoAcceptFolders": False,
        })  # fmt: skip
    for one, folder in ((a, folder_a), (b, folder_b)):
        folder.mkdir(parents=True, exist_ok=True)
        one.api("PUT", f"/rest/config/folders/{FOLDER_ID}", {
            "id": FOLDER_ID, "label": "group", "path": str(folder), "type": "sendreceive",
            "devices": [{"deviceID": a.device_id}, {"deviceID": b.device_id}],
            "fsWatcherEnabled": True, "fsWatcherDelayS": 1, "rescanIntervalS": 2,
        })  # fmt: skip
    wait_until(lambda: a.connected_to(b) and b.connected_to(a), "the two devices to connect")
