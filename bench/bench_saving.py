"""Saving: one meeting file with 60 KB of minutes and 2,000 speaking entries, atomically; never on the UI thread.

The figure is the median time of `Store.save_meeting` (TOML text, the
folder lock, a temporary file, fsync, rename, fsync of the folder) for such
a meeting; the serialising and the bare `write_atomic` are shown beside it.
The thread proof runs the live meeting screen (bench/child.py save-threads),
records the thread of every `write_atomic` while the moderator types,
changes the speaker, saves with ctrl+s and moves to the next item, and
requires that none of them ran on the UI (main) thread. The final save when
the screen closes is shown for information.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import Figure, Settings, demo_data, fmt, log, median, prepare_meeting, run_child

TARGET_MS = 20.0


def run(settings: Settings) -> list[Figure]:
    from facilitator.store import Store, toml_bytes, write_atomic

    figures: list[Figure] = []
    source = demo_data(settings, settings.startup_sizes[0])
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-saving-") as tmp:
        data = Path(tmp) / "data"
        mid = prepare_meeting(
            source,
            data,
            minutes_bytes=settings.minutes_bytes,
            speaking_entries=settings.speaking_entries,
            running=False,
        )
        store = Store(data)
        group = store.current_group()
        assert group is not None and group.id is not None
        meeting = store.load_meeting(group.id, mid)
        size = len(toml_bytes(meeting))
        log(settings, f"saving: {settings.saves} saves of {size} bytes")
        saves, serialise, writes = [], [], []
        for n in range(settings.saves):
            meeting.minutes += "x" if n % 2 else "y"  # a change, as in a meeting
            start = time.perf_counter()
            store.save_meeting(group.id, meeting)
            saves.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            data_bytes = toml_bytes(meeting)
            serialise.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            write_atomic(Path(tmp) / "plain.toml", data_bytes)
            writes.append((time.perf_counter() - start) * 1000)
        value = median(saves)
        figures.append(
            Figure(
                "saving",
                f"save_meeting, {size // 1024} KiB file, {len(meeting.speaking)} speaking entries, "
                f"{len(meeting.minutes.encode('utf-8')) // 1000} KB minutes (median of {len(saves)})",
                value,
                "ms",
                target=f"< {TARGET_MS:.0f} ms",
                met=value < TARGET_MS,
                note=f"of which TOML text {fmt(median(serialise))} ms, write_atomic with fsync {fmt(median(writes))} ms",
            )
        )
        thread_data = Path(tmp) / "threads"
        mid = prepare_meeting(source, thread_data, minutes_bytes=settings.minutes_bytes, running=True)
        log(settings, "saving: which thread writes, on the live meeting screen")
        result = run_child(["save-threads", "--data", str(thread_data), "--meeting", mid])
    writes_seen = result["writes"]
    assert isinstance(writes_seen, list)
    running = [w for w in writes_seen if w["phase"] == "running" and w["file"].endswith(".toml")]
    on_ui = [w for w in running if w["main_thread"]]
    leaving = [w for w in writes_seen if w["phase"] == "leaving"]
    figures.append(
        Figure(
            "saving",
            "meeting-file writes on the UI thread while the meeting runs (typing, speaker, ctrl+s, next item)",
            len(on_ui),
            f"of {len(running)}",
            target="0 (and at least one write)",
            met=bool(running) and not on_ui and bool(result["ui_is_main_thread"]),
        )
    )
    figures.append(
        Figure(
            "saving",
            "writes on the UI thread when the screen closes (the last save before leaving)",
            sum(1 for w in leaving if w["main_thread"]),
            f"of {len(leaving)}",
        )
    )
    return figures
