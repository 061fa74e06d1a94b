"""Idle: a live meeting left alone, headless, with the item timer and a speaker running.

bench/child.py runs the meeting screen with `App.run(headless=True)` and,
after two seconds of warm-up, reads the process's CPU time
(`time.process_time`, every thread) over 30 s (5 s with --quick). The bare
app is measured the same way and shown beside it. Target: under 2% of one core.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import Figure, Settings, demo_data, fmt, log, prepare_meeting, run_child

TARGET = 0.02


def run(settings: Settings) -> list[Figure]:
    source = demo_data(settings, settings.startup_sizes[0])
    seconds = str(settings.idle_seconds)
    warmup = "2" if settings.mode != "smoke" else "0.2"
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-idle-") as tmp:
        data = Path(tmp) / "data"
        mid = prepare_meeting(source, data, minutes_bytes=settings.minutes_bytes, running=True)
        log(settings, f"idle: bare app and live meeting, {seconds} s each")
        bare = run_child(["idle-bare", "--seconds", seconds, "--warmup", warmup])
        app = run_child(["idle", "--data", str(data), "--meeting", mid, "--seconds", seconds, "--warmup", warmup])
    value = float(app["fraction"]) * 100  # type: ignore[arg-type]
    base = float(bare["fraction"]) * 100  # type: ignore[arg-type]
    return [
        Figure(
            "idle",
            f"live meeting, item timer and speaker running, CPU over {fmt(float(app['wall']))} s",  # type: ignore[arg-type]
            value,
            "% of a core",
            baseline=base,
            target=f"< {TARGET * 100:.0f}% of a core",
            met=value < TARGET * 100,
            note=f"{fmt(float(app['cpu']))} s CPU",  # type: ignore[arg-type]
        )
    ]
