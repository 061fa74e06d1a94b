"""History: from start to the history screen's first frame with 10, 1,000 and 10,000 meetings.

`facilitator --data-dir D history` as a whole process (headless, exits once
the first frame is drawn), on demo data folders written by
`facilitator demo --meetings N`. The history list is built from the index
file beside the meetings; the warm figure is a start with the index in place
(the second start), the cold figure (information) is a start after the index
file was removed, so it is rebuilt from every meeting file. Target: 10,000
meetings at most 1.5x of 10 (warm).
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from common import (
    BARE_APP,
    HEADLESS_ENV,
    Figure,
    ProcessRun,
    Settings,
    alternate,
    demo_data,
    facilitator_command,
    fmt,
    index_path,
    log,
    median,
    python,
    ratio,
    time_process,
)

TARGET = 1.5


def _command(folder: Path) -> list[str]:
    return [*facilitator_command(), "--data-dir", str(folder), "--lang", "en", "history"]


def _cold(folder: Path) -> ProcessRun:
    """A start without the index file: it is rebuilt from the meeting files."""
    try:
        os.unlink(index_path(folder))
    except FileNotFoundError:
        pass
    return time_process(_command(folder), HEADLESS_ENV, timeout=600)


def run(settings: Settings) -> list[Figure]:
    """Warm starts of each size interleaved with the bare app; then a few cold starts (information)."""
    sizes = settings.history_sizes
    folders = {n: demo_data(settings, n) for n in sizes}
    variants = {"bare": partial(time_process, [python(), str(BARE_APP)], HEADLESS_ENV)}
    for n, folder in folders.items():
        variants[f"m{n}"] = partial(time_process, _command(folder), HEADLESS_ENV)
    log(settings, f"history: {settings.repeats} interleaved warm runs of {', '.join(variants)}")
    results = alternate(variants, settings.repeats, settings.warmup)
    bare = median([r.wall for r in results["bare"]])
    smallest = sizes[0]
    base = median([r.wall for r in results[f"m{smallest}"]])
    figures: list[Figure] = []
    for n in sizes:
        runs = results[f"m{n}"]
        wall = median([r.wall for r in runs])
        note = f"{ratio(wall, bare):.2f}x the bare app ({fmt(bare)} s); CPU {fmt(median([r.cpu for r in runs]))} s"
        if n == smallest:
            figures.append(
                Figure("history", f"{n} meetings, warm index (median of {len(runs)})", wall, "s", note=note)
            )
            continue
        r = ratio(wall, base)
        largest = n == sizes[-1]
        figures.append(
            Figure(
                "history",
                f"{n} meetings, warm index (median of {len(runs)})",
                wall,
                "s",
                baseline=base,
                baseline_label=f"{smallest} meetings",
                ratio=r,
                target=f"<= {TARGET}x of {smallest}" if largest else "",
                met=(r <= TARGET) if largest else None,
                note=note,
            )
        )
    cold_repeats = max(1, min(3, settings.repeats))
    for n in sizes[: settings.cold_sizes]:  # the cached folder's index is removed and rebuilt: it is only a cache
        folder = folders[n]
        log(settings, f"history: {cold_repeats} cold starts with {n} meetings")
        cold = median([_cold(folder).wall for _ in range(cold_repeats)])
        second = time_process(_command(folder), HEADLESS_ENV, timeout=600).wall
        figures.append(
            Figure(
                "history",
                f"{n} meetings, cold start rebuilding the index (median of {cold_repeats})",
                cold,
                "s",
                baseline=base,
                baseline_label=f"warm {smallest}",
                ratio=ratio(cold, base),
                note=f"the next start (index in place again) took {fmt(second)} s",
            )
        )
    return figures
