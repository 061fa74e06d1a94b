"""The benchmark harness runs: `bench/run.py --smoke` prints every benchmark's figure lines and exits 0.

Smoke mode uses tiny sizes (a few meetings, twenty keys, half a second of
idle), so it checks the harness, not the program's speed: no timing is
asserted here (timed assertions in tests are forbidden; `python bench/run.py`
judges the targets).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "bench" / "run.py"

FIGURE = re.compile(
    r"^\[(?P<bench>\w+)\] (?P<what>.+?): (?P<figure>\S+ .*?) \((?:target .+|information)\) (?P<status>met|MISSED|info)"
)


def run_bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACILITATOR_BENCH_CACHE": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, str(RUN), "--smoke", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )


def figures(stdout: str) -> dict[str, list[re.Match[str]]]:
    found: dict[str, list[re.Match[str]]] = {}
    for line in stdout.splitlines():
        match = FIGURE.match(line)
        if match:
            found.setdefault(match["bench"], []).append(match)
    return found


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("saving,memory", {"saving": 3, "memory": 3}),
        ("startup,history,typing,idle", {"startup": 2, "history": 7, "typing": 1, "idle": 1}),
    ],
)
def test_each_benchmark_prints_its_figures(tmp_path: Path, names: str, expected: dict[str, int]) -> None:
    result = run_bench(tmp_path, "--only", names)
    assert result.returncode == 0, result.stdout + result.stderr
    found = figures(result.stdout)
    assert {bench: len(lines) for bench, lines in found.items()} == expected, result.stdout
    for lines in found.values():
        for line in lines:
            assert line["figure"].strip()
    assert "| benchmark | what | figure | ratio | target | met |" in result.stdout


def test_unknown_benchmark_is_a_usage_error(tmp_path: Path) -> None:
    result = run_bench(tmp_path, "--only", "nosuch")
    assert result.returncode == 2
    assert "unknown benchmark nosuch" in result.stderr
