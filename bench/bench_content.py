"""Start-up to content, in a real pseudo-terminal, as the user sees it (issue 20.1 and 20.4).

Every run starts a fresh process in a pseudo-terminal of 120x40
(bench/terminal.py) and times it from the spawn until its content is in the
terminal's output:

- the bare app (bench/bare_app.py): its one line of text;
- `facilitator` (the home screen) with 6 and with 1,000 meetings: the next
  meeting's day and time (the "Next meeting" panel) and the last planned
  meeting's row of the table, both drawn;
- `facilitator history` with 10, 1,000 and 10,000 meetings, the index in
  place: the second newest meeting's row of the list (the newest one is under
  the cursor, drawn in another colour);
- cold: the same with the index file removed before each run (10 and 10,000
  meetings), so the rows wait for the meeting files themselves;
- hostile: the home screen with 6 meetings and a 50 MB file beside them
  (its rows and the problem line naming the file); and, in this process,
  the bytes read (/proc/self/io) while the store refuses that file.

Then the process is killed. The variants run interleaved (bare, home,
history ..., rotating the order), `repeats` times each (the cold ones
COLD_REPEATS times, as 10,000 cold meetings take seconds), and medians are
compared with the bare app. Targets: the home screen and the history at most
1.5x the bare app to its content, with every size; a cold history of 10,000
meetings shows its first rows within 1.5x of a cold one of 10; the home
screen with a 50 MB file beside the meetings within 1.25x of without it,
and none of that file read.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
from collections.abc import Callable
from functools import partial
from pathlib import Path

from common import (
    BARE_APP,
    Figure,
    Settings,
    copy_data,
    demo_data,
    facilitator_command,
    fmt,
    index_path,
    log,
    python,
    ratio,
)
from terminal import Terminal

TARGET = 1.5
COLD_TARGET = 1.5
HOSTILE_TARGET = 1.25
HOSTILE_BYTES = 50 * 1024 * 1024
COLD_REPEATS = {"full": 3, "quick": 2}
"""Runs of each cold history (10,000 meetings cold take seconds each); 1 in --smoke."""
REFUSED_TARGET = 64 * 1024
"""Bytes read while refusing the 50 MB file: at most the group file and the folder (none of the file itself)."""
SIZE = (120, 40)
BARE_TEXT = "Hello from a bare Textual app."


def home_patterns(data: Path) -> list[str | re.Pattern[str]]:
    """What the home screen shows once it has read the files: the next meeting's day, the last planned row."""
    from facilitator.i18n import set_language
    from facilitator.screens.home import format_day
    from facilitator.store import Store

    set_language("en")
    store = Store(data)
    group = store.current_group()
    assert group is not None and group.id is not None
    upcoming = store.upcoming_meetings(group.id)
    live = [m for m in upcoming if m.status == "live"]
    planned = [m for m in upcoming if m.status == "planned"]
    shown = live[0] if live else planned[0]
    last = upcoming[-1]
    return [
        f"{format_day(shown.date)}, {shown.start.strftime('%H:%M')}",
        re.compile(rf"{last.date.isoformat()}\s+{last.start.strftime('%H:%M')}\s+{re.escape((last.title or last.id)[:12])}"),
    ]


def history_pattern(data: Path) -> re.Pattern[str]:
    """The second newest finished meeting's row (date and the start of its title)."""
    from facilitator.store import Store

    store = Store(data)
    group = store.current_group()
    assert group is not None and group.id is not None
    summaries = store.history_index(group.id)
    row = summaries[1] if len(summaries) > 1 else summaries[0]
    return re.compile(rf"{row.date.isoformat()}\s+{re.escape((row.title or row.id)[:12])}")


def time_to(command: list[str], patterns: list[str | re.Pattern[str]], before: Callable[[], None] | None = None) -> float:
    """Seconds from spawning `command` in a pseudo-terminal until all of `patterns` are in its output."""
    if before is not None:
        before()
    with Terminal(command, size=SIZE) as term:
        seen = term.wait_for(*patterns, timeout=120)
        return seen.at - term.started


def _remove_index(data: Path) -> None:
    try:
        os.unlink(index_path(data))
    except FileNotFoundError:
        pass


def _forget_view(data: Path) -> None:
    from facilitator import laptop
    from facilitator.glance import forget_view

    forget_view(laptop.local_dir(data))


def hostile_copy(source: Path, target: Path) -> Path:
    """A copy of `source` with a 50 MB file among the meeting files (named like one)."""
    copy_data(source, target)
    huge = target / "groups" / "demo" / "meetings" / "2026-01-01-huge.toml"
    block = ('minutes = """' + "x" * 1_000_000 + '"""\n').encode()
    with open(huge, "wb") as handle:
        written = 0
        while written < HOSTILE_BYTES:
            handle.write(block)
            written += len(block)
    return target


def interleaved(variants: dict[str, Callable[[], float]], repeats: int, warmup: int) -> dict[str, list[float]]:
    """Each variant `repeats` times, interleaved, the order rotating each round, after `warmup` untimed rounds."""
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    results: dict[str, list[float]] = {name: [] for name in names}
    for round_no in range(repeats):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(variants[name]())
    return results


def refused_bytes(data: Path) -> float:
    """Bytes this process read (/proc/self/io rchar) while the store refused the 50 MB meeting file.

    The store must refuse a file over its limit (facilitator.store.MAX_FILE_BYTES)
    from its size alone, before a byte of it is read; a StoreError naming the
    file is what the program shows. Raises if the file was read as a meeting.
    """
    from facilitator.store import Store, StoreError

    store = Store(data)

    def rchar() -> int:
        with open("/proc/self/io") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("rchar:"))

    before = rchar()
    try:
        store.load_meeting("demo", "2026-01-01-huge")
    except StoreError:
        return float(rchar() - before)
    raise RuntimeError("the store read a 50 MB meeting file instead of refusing it")


def run(settings: Settings) -> list[Figure]:
    app = facilitator_command()
    home_sizes = settings.startup_sizes
    history_sizes = settings.history_sizes
    smallest, largest = history_sizes[0], history_sizes[-1]
    work = settings.cache / "content-work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    variants: dict[str, Callable[[], float]] = {
        "bare": partial(time_to, [python(), str(BARE_APP)], [BARE_TEXT]),
    }
    for n in home_sizes:
        data = demo_data(settings, n)
        command = [*app, "--data-dir", str(data), "--lang", "en"]
        variants[f"home{n}"] = partial(time_to, command, home_patterns(data))
    # The first start after a change (or the first ever): no kept view (facilitator/glance.py), "loading" until read.
    fresh = demo_data(settings, home_sizes[0])
    variants["fresh"] = partial(
        time_to, [*app, "--data-dir", str(fresh), "--lang", "en"], home_patterns(fresh), partial(_forget_view, fresh)
    )
    for n in history_sizes:
        data = demo_data(settings, n)
        # Opened before, as a user's program is: the home screen has kept its view (glance.py), from
        # which `facilitator history` takes the group's name and index without importing the models.
        time_to([*app, "--data-dir", str(data), "--lang", "en"], home_patterns(data))
        command = [*app, "--data-dir", str(data), "--lang", "en", "history"]
        variants[f"history{n}"] = partial(time_to, command, [history_pattern(data)])
    cold: dict[str, Callable[[], float]] = {}
    for n in (smallest, largest):  # copies: removing the index never touches the cache the warm runs use
        source = demo_data(settings, n)
        pattern = history_pattern(source)
        data = copy_data(source, work / f"cold{n}")
        command = [*app, "--data-dir", str(data), "--lang", "en", "history"]
        cold[f"cold{n}"] = partial(time_to, command, [pattern], partial(_remove_index, data))
    source = demo_data(settings, home_sizes[0])
    hostile = hostile_copy(source, work / "hostile")
    variants["hostile"] = partial(
        time_to, [*app, "--data-dir", str(hostile), "--lang", "en"], [*home_patterns(source), "2026-01-01-huge.toml"]
    )
    repeats = settings.repeats
    log(settings, f"content: {repeats} interleaved runs of {', '.join(variants)} in a pseudo-terminal")
    results = interleaved(variants, repeats, settings.warmup)
    # A cold history of 10,000 meetings takes seconds: fewer runs, no warm-up (a warm-up would warm nothing:
    # the index is removed before each run, and the files are in the page cache after the copy either way).
    cold_repeats = COLD_REPEATS.get(settings.mode, 1)
    log(settings, f"content: {cold_repeats} interleaved runs of {', '.join(cold)} (the index removed before each)")
    results.update(interleaved(cold, cold_repeats, 0))
    results["refused_bytes"] = [refused_bytes(hostile)]
    shutil.rmtree(work, ignore_errors=True)
    return figures(settings, results)


def figures(settings: Settings, results: dict[str, list[float]]) -> list[Figure]:
    med = {name: statistics.median(values) for name, values in results.items()}
    bare = med["bare"]
    count = len(results["bare"])
    out: list[Figure] = []
    for n in settings.startup_sizes:
        value = med[f"home{n}"]
        r = ratio(value, bare)
        out.append(
            Figure(
                "content", f"home screen, {n} meetings: spawn to the next meeting and its rows drawn (median of {count})",
                value, "s", baseline=bare, ratio=r, target=f"<= {TARGET}x bare", met=r <= TARGET,
                note=f"fastest {fmt(min(results[f'home{n}']))} s vs bare {fmt(min(results['bare']))} s",
            )
        )
    r = ratio(med["fresh"], bare)
    out.append(
        Figure(
            "content", f"home screen, {settings.startup_sizes[0]} meetings, no kept view (the first start after a change): to the same (median of {count})",
            med["fresh"], "s", baseline=bare, ratio=r, target="(information)", met=None,
        )
    )
    for n in settings.history_sizes:
        value = med[f"history{n}"]
        r = ratio(value, bare)
        out.append(
            Figure(
                "content", f"history, {n} meetings, index in place: spawn to the rows drawn (median of {count})",
                value, "s", baseline=bare, ratio=r, target=f"<= {TARGET}x bare", met=r <= TARGET,
            )
        )
    smallest, largest = settings.history_sizes[0], settings.history_sizes[-1]
    cold_small, cold_large = med[f"cold{smallest}"], med[f"cold{largest}"]
    r = ratio(cold_large, cold_small)
    out.append(
        Figure(
            "content", f"history, cold (no index), {largest} meetings: spawn to the first rows (median of {len(results[f'cold{largest}'])})",
            cold_large, "s", baseline=cold_small, baseline_label=f"cold {smallest}", ratio=r,
            target=f"<= {COLD_TARGET}x of cold {smallest}", met=r <= COLD_TARGET,
            note=f"{ratio(cold_large, bare):.2f}x the bare app; cold {smallest}: {ratio(cold_small, bare):.2f}x",
        )
    )
    read = results["refused_bytes"][0]
    out.append(
        Figure(
            "content", "a 50 MB meeting file: bytes read while the store refuses it (its size limit)",
            read / 1024, "KiB", target=f"<= {REFUSED_TARGET // 1024} KiB (none of the file)", met=read <= REFUSED_TARGET,
        )
    )
    home = med["fresh"]  # a problem is never shown from a kept view, so the start without one is the comparison
    r = ratio(med["hostile"], home)
    out.append(
        Figure(
            "content", f"home screen, {settings.startup_sizes[0]} meetings and a 50 MB file: to the rows and the problem line (median of {count})",
            med["hostile"], "s", baseline=home, baseline_label="without it (no kept view either)", ratio=r,
            target=f"<= {HOSTILE_TARGET}x without it", met=r <= HOSTILE_TARGET,
        )
    )
    return out
