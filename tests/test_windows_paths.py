"""The store's tests once more as on Windows (issue 15, point 3).

A second pytest runs tests/test_store*.py and tests/test_oscompat.py with
PYTHONPATH=tests/windows: its sitecustomize makes every process of that run
play Windows (tests/windows/play_windows.py): `fcntl` and the other
POSIX-only modules cannot be imported, and facilitator's platform modules
were imported with `os.name` "nt", so the locks go through `msvcrt.locking`,
a folder's writers through `.write.lock`, no chmod is made, and whether a
process lives is asked of kernel32. The run must pass, and each of its
processes reports which Windows calls it made, so a run that quietly took the
Linux paths fails here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def test_the_store_tests_pass_on_the_windows_paths(tmp_path: Path) -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in TESTS.glob("test_store*.py")) + ["tests/test_oscompat.py"]
    assert len(files) >= 5
    report = tmp_path / "report"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FACILITATOR_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS / "windows"), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["FACILITATOR_WINDOWS_REPORT"] = str(report)
    # -P: not this folder first on sys.path, so the run tests the installed program, as the suite does
    options = ["-o", "addopts=", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'run'}"]
    done = subprocess.run(
        [sys.executable, "-P", "-m", "pytest", *options, *files],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    summary = re.search(r"(\d+) passed", output)
    assert summary and int(summary.group(1)) >= 100, output[-2000:]
    assert "failed" not in output.splitlines()[-1] and "error" not in output.splitlines()[-1]

    calls: Counter[str] = Counter()
    reports = sorted(tmp_path.glob("report.*"))
    assert len(reports) >= 3  # the test run and the lock holders it started
    for path in reports:
        counts = json.loads(path.read_text())
        assert counts.get("installed") == 1, f"{path.name}: a process did not play Windows"
        calls.update(counts)
    assert calls["msvcrt.locking:2"] > 100 and calls["msvcrt.locking:0"] > 100  # locks taken and let go
    assert calls["kernel32.OpenProcess"] > 0 and calls["kernel32.CloseHandle"] > 0
