"""Start-up: the whole `facilitator` process, headless, until its first frame is drawn, then exit.

Each run spawns a fresh interpreter (so interpreter start and every import
count) with `FACILITATOR_HEADLESS=1` and
`FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME=1`; the bare app
(bench/bare_app.py) is run the same way, interleaved with the program, and
the medians are compared. Target: at most 1.25x the bare app, with the demo
data (6 meetings) and with 1,000 meetings.
"""

from __future__ import annotations

from functools import partial

from common import (
    BARE_APP,
    HEADLESS_ENV,
    Figure,
    Settings,
    alternate,
    demo_data,
    facilitator_command,
    fmt,
    log,
    median,
    python,
    ratio,
    time_process,
)

TARGET = 1.25


def run(settings: Settings) -> list[Figure]:
    """Time the bare app and the program on each data size, interleaved."""
    folders = {n: demo_data(settings, n) for n in settings.startup_sizes}
    variants = {"bare": partial(time_process, [python(), str(BARE_APP)], HEADLESS_ENV)}
    for n, folder in folders.items():
        command = [*facilitator_command(), "--data-dir", str(folder), "--lang", "en"]
        variants[f"m{n}"] = partial(time_process, command, HEADLESS_ENV)
    log(settings, f"start-up: {settings.repeats} interleaved runs of {', '.join(variants)}")
    results = alternate(variants, settings.repeats, settings.warmup)
    bare_wall = median([r.wall for r in results["bare"]])
    bare_cpu = median([r.cpu for r in results["bare"]])
    figures: list[Figure] = []
    for n in folders:
        runs = results[f"m{n}"]
        wall = median([r.wall for r in runs])
        cpu = median([r.cpu for r in runs])
        wall_ratio = ratio(wall, bare_wall)
        figures.append(
            Figure(
                "startup",
                f"{n} meetings, spawn to first frame and exit (median of {len(runs)})",
                wall,
                "s",
                baseline=bare_wall,
                ratio=wall_ratio,
                target=f"<= {TARGET}x bare",
                met=wall_ratio <= TARGET,
                note=f"CPU {fmt(cpu)} s vs bare {fmt(bare_cpu)} s = {ratio(cpu, bare_cpu):.2f}x",
            )
        )
    return figures
