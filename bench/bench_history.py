"""History: from start to the history screen's first frame with 10, 1,000 and 10,000 meetings.

`facilitator --data-dir D history` as a whole process (headless, exits once
the first frame is drawn), on demo data folders written by
`facilitator demo --meetings N`. The history list is built from the index
file beside the meetings, which is brought up to date before the timed runs
(warm: the index in place, as from the second start on). The first frame of
the history is drawn before the index is read (in a worker), so the time
until the list shows its rows is measured too (bench/child.py history-rows)
and held to the same target. A cold start (information) removes the index
file first, so the rows wait for it to be rebuilt from every meeting file.
Target: 10,000 meetings at most 1.5x of 10.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from common import (
    BARE_APP,
    CHILD,
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


def _rows_command(folder: Path) -> list[str]:
    """bench/child.py history-rows: `facilitator history` until the list shows its rows."""
    return [python(), str(CHILD), "history-rows", "--data", str(folder), "--out", os.devnull]


def _cold(folder: Path) -> ProcessRun:
    """Until the rows show, without the index file: it is rebuilt from every meeting file."""
    try:
        os.unlink(index_path(folder))
    except FileNotFoundError:
        pass
    return time_process(_rows_command(folder), {"FACILITATOR_HEADLESS": "1"}, timeout=900)


def _warm_index(folder: Path) -> None:
    """Bring the folder's history index up to date (a timed run may end before a rebuild is written)."""
    from facilitator.store import Store

    store = Store(folder)
    group = store.current_group()
    if group is not None:
        store.history_index(group.id)


def run(settings: Settings) -> list[Figure]:
    """Warm starts of each size interleaved with the bare app; then a few cold starts (information)."""
    sizes = settings.history_sizes
    folders = {n: demo_data(settings, n) for n in sizes}
    for folder in folders.values():
        _warm_index(folder)
    variants = {"bare": partial(time_process, [python(), str(BARE_APP)], HEADLESS_ENV)}
    for n, folder in folders.items():
        variants[f"m{n}"] = partial(time_process, _command(folder), HEADLESS_ENV)
        variants[f"rows{n}"] = partial(time_process, _rows_command(folder), {"FACILITATOR_HEADLESS": "1"}, 600)
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
    rows_base = median([r.wall for r in results[f"rows{smallest}"]])
    for n in sizes:
        runs = results[f"rows{n}"]
        wall = median([r.wall for r in runs])
        r = ratio(wall, rows_base)
        largest = n == sizes[-1]
        figures.append(
            Figure(
                "history",
                f"{n} meetings, until the list shows its rows (median of {len(runs)})",
                wall,
                "s",
                baseline=rows_base if n != smallest else None,
                baseline_label=f"{smallest} meetings",
                ratio=r if n != smallest else None,
                target=f"<= {TARGET}x of {smallest}" if largest else "",
                met=(r <= TARGET) if largest else None,
                note=f"CPU {fmt(median([x.cpu for x in runs]))} s",
            )
        )
    for n in sizes[: settings.cold_sizes]:  # the cached folder's index is removed and rebuilt: it is only a cache
        folder = folders[n]
        repeats = 1 if n > 1_000 else max(1, min(3, settings.repeats))
        log(settings, f"history: {repeats} cold start(s) with {n} meetings")
        cold = median([_cold(folder).wall for _ in range(repeats)])
        _warm_index(folder)
        figures.append(
            Figure(
                "history",
                f"{n} meetings, cold start until the rows show, the index rebuilt from every file (median of {repeats})",
                cold,
                "s",
                baseline=rows_base,
                baseline_label=f"warm {smallest}",
                ratio=ratio(cold, rows_base),
            )
        )
    return figures
