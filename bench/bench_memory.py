"""Memory: a simulated three-hour meeting through the live meeting screen, against the bare app.

bench/child.py runs the meeting screen under `run_test` on a FakeClock and
plays three hours: 2,000 speaker changes, 60 KB of minutes typed into the
pane, item changes, 3 time-outs and 2 groupings of three, autosave on. The
bare app runs the same way for its peak RSS. Targets: peak RSS at most the
bare app's + 30 MiB, and no growth between hour 1 and hour 3 beyond a small
tolerance for the meeting's own data (see GROWTH_TOLERANCE_MIB), and no more
widgets alive (attached or not) at hour 3 than at hour 1.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common import Figure, Settings, demo_data, fmt, log, prepare_meeting, run_child

PEAK_MARGIN_MIB = 30.0
GROWTH_TOLERANCE_MIB = 8.0
"""RSS may grow by the meeting's own data between hour 1 and hour 3: 1,333 more turns (each in the
model, in the saved text, in the speaking statistics) and 40 KB more minutes in the editor, about
4 KiB a turn, some 6 MiB with the allocator's slack. A leak grows with events (redraws, saves,
focus changes), and shows in the widget count, which must not grow at all."""
START = datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1)))


def run(settings: Settings) -> list[Figure]:
    source = demo_data(settings, settings.startup_sizes[0])
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-memory-") as tmp:
        data = Path(tmp) / "data"
        mid = prepare_meeting(source, data, running=True, at=START)
        log(settings, f"memory: three simulated hours, {settings.speaker_changes} speaker changes")
        bares = sorted((run_child(["memory-bare"]) for _ in range(3)), key=lambda b: int(b["peak_rss_kib"]))  # type: ignore[call-overload]
        bare = bares[1]  # the median of three: one run now and then peaks higher for no reason of ours
        app = run_child(
            [
                "memory",
                "--data",
                str(data),
                "--meeting",
                mid,
                "--changes",
                str(settings.speaker_changes),
                "--minutes-bytes",
                str(settings.minutes_bytes),
                "--sim-minutes",
                str(settings.simulated_minutes),
            ]
        )
    mib = 1024.0
    peak = int(app["peak_rss_kib"]) / mib  # type: ignore[call-overload]
    bare_peak = int(bare["peak_rss_kib"]) / mib  # type: ignore[call-overload]
    hour1 = int(app["hour1_rss_kib"]) / mib  # type: ignore[call-overload]
    hour3 = int(app["hour3_rss_kib"]) / mib  # type: ignore[call-overload]
    growth = hour3 - hour1
    blocks = int(app["hour3_blocks"]) - int(app["hour1_blocks"])  # type: ignore[call-overload]
    what = (
        f"{app['speaking']} speaking entries, {int(app['minutes_bytes']) // 1000} KB minutes, "  # type: ignore[call-overload]
        f"{app['timeouts']} time-outs, {app['groupings']} groupings, {fmt(float(app['simulated_minutes']))} min"  # type: ignore[arg-type]
    )
    return [
        Figure(
            "memory",
            f"peak RSS of a three-hour meeting ({what})",
            peak,
            "MiB",
            baseline=bare_peak,
            target=f"<= bare + {PEAK_MARGIN_MIB:.0f} MiB",
            met=peak <= bare_peak + PEAK_MARGIN_MIB,
            note=f"{fmt(peak - bare_peak)} MiB above the bare app",
        ),
        Figure(
            "memory",
            "widgets alive at hour 3 minus at hour 1 (a widget leak)",
            int(app["hour3_nodes"]) - int(app["hour1_nodes"]),  # type: ignore[call-overload]
            "widgets",
            target="0",
            met=int(app["hour3_nodes"]) <= int(app["hour1_nodes"]),  # type: ignore[call-overload]
            note=f"{app['hour1_nodes']} at hour 1",
        ),
        Figure(
            "memory",
            f"RSS growth from hour 1 to hour 3 (the meeting gains {round(int(app['speaking']) * 2 / 3):,} turns "  # type: ignore[call-overload]
            f"and {int(app['minutes_bytes']) * 2 // 3000} KB of minutes)",  # type: ignore[call-overload]
            growth,
            "MiB",
            target=f"<= {GROWTH_TOLERANCE_MIB:.0f} MiB",
            met=growth <= GROWTH_TOLERANCE_MIB,
            note=f"RSS {fmt(hour1)} -> {fmt(hour3)} MiB; {blocks:+d} allocated Python blocks",
        ),
    ]
