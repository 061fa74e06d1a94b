"""Measurements that need a process of their own; `run.py` starts them and reads the JSON they write.

    python bench/child.py typing --data D --meeting ID --keys N --out R.json
    python bench/child.py typing-bare --text-bytes N --keys N --out R.json
    python bench/child.py save-threads --data D --meeting ID --out R.json
    python bench/child.py idle --data D --meeting ID --seconds S --out R.json
    python bench/child.py idle-bare --seconds S --out R.json
    python bench/child.py memory --data D --meeting ID --changes N --minutes-bytes B --out R.json
    python bench/child.py memory-bare --out R.json

Each mode runs facilitator (through `build_app`, as the command line does)
or the bare app (bench/bare_app.py), with the same terminal size, and writes
one JSON object to `--out`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import filler

SIZE = (120, 40)
"""The terminal size of every in-process benchmark."""

TYPED = "The group agreed to meet at the library next time; Anne brings coffee. "
"""What the keystroke benchmarks type, over and over (a newline every 70 characters)."""


def keys(count: int) -> list[str]:
    """`count` key presses of minute-taking: the sentence above, with an enter now and then."""
    out: list[str] = []
    while len(out) < count:
        for char in TYPED:
            out.append(char)
            if len(out) >= count:
                break
        else:
            out.append("enter")
    return out[:count]


def trim() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), so RSS shows memory in use."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: RSS then includes freed heap
        pass


def dom_nodes() -> int:
    """How many widgets (DOM nodes) are alive, attached or not: a widget leak shows here.

    Notices (Toast) are left out: one shown a moment ago is alive until its timeout.
    """
    from textual.dom import DOMNode
    from textual.widgets._toast import Toast

    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, DOMNode) and not isinstance(obj, Toast))


def rss_kib() -> int:
    """The resident set size now (from /proc; KiB)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss_kib() -> int:
    """The peak resident set size of this program (VmHWM; KiB).

    Not ru_maxrss: Linux keeps that across exec, so a child would report its
    parent's size at the fork when that was larger.
    """
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def facilitator_app(data: str, *command: str, clock: Any = None) -> Any:
    from facilitator.cli import build_app

    return build_app(["--data-dir", data, "--lang", "en", *command], clock=clock)


def meeting_screen(app: Any) -> Any:
    from facilitator.screens.meeting import MeetingScreen

    screen = app.screen
    if not isinstance(screen, MeetingScreen) or screen.opened is None:
        raise RuntimeError(f"the meeting screen did not open: {screen!r} {getattr(screen, 'refusal', '')}")
    return screen


async def settle(pilot: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()


# --------------------------------------------------------------------------- typing


async def typing_app(args: argparse.Namespace) -> dict[str, Any]:
    """Keys into the live meeting's minutes pane (autosave on, as in a meeting)."""
    import facilitator.store.datastore as store_module  # where the Store looks up write_atomic

    writes: list[float] = []
    original = store_module.write_atomic

    def counting(path: Path, data: bytes, **kwargs: Any) -> Any:
        writes.append(time.perf_counter())
        return original(path, data, **kwargs)

    store_module.write_atomic = counting  # type: ignore[assignment]
    app = facilitator_app(args.data, "meeting", args.meeting)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = meeting_screen(app)
        pane = screen.minutes_pane
        pane.focus()
        pane.move_cursor(pane.document.end)
        await settle(pilot)
        length = len(pane.text.encode("utf-8"))
        typed = keys(args.keys)
        cpu = time.process_time()
        start = time.perf_counter()
        await pilot.press(*typed)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        saves = sum(1 for w in writes if w >= start)
        in_meeting = screen.live.minutes.endswith(pane.text[-20:])
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "keys": len(typed),
        "bytes_before": length,
        "saves": saves,
        "in_meeting": in_meeting,
    }


async def typing_bare(args: argparse.Namespace) -> dict[str, Any]:
    """The same keys into a bare TextArea holding the same amount of text."""
    from bare_app import BareTextArea

    app = BareTextArea(filler(args.text_bytes))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from textual.widgets import TextArea

        area = app.query_one(TextArea)
        length = len(area.text.encode("utf-8"))
        typed = keys(args.keys)
        cpu = time.process_time()
        start = time.perf_counter()
        await pilot.press(*typed)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
    return {"seconds": elapsed, "cpu": cpu, "keys": len(typed), "bytes_before": length}


# --------------------------------------------------------------------------- saving off the UI thread


async def save_threads(args: argparse.Namespace) -> dict[str, Any]:
    """Run the meeting screen, change things the ways a meeting does, and note the thread of every write."""
    import facilitator.screens.meeting as meeting_screen_module
    import facilitator.store.datastore as store_module  # where the Store looks up write_atomic

    records: list[tuple[str, str, bool]] = []
    phase = ["running"]
    original = store_module.write_atomic

    def recording(path: Path, data: bytes, **kwargs: Any) -> Any:
        thread = threading.current_thread()
        records.append((phase[0], Path(path).name, thread is threading.main_thread()))
        return original(path, data, **kwargs)

    store_module.write_atomic = recording  # type: ignore[assignment]
    meeting_screen_module.SAVE_DELAY = 0.2  # the autosave's debounce; the thread it saves on is what counts
    app = facilitator_app(args.data, "meeting", args.meeting)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = meeting_screen(app)
        ui_thread = threading.current_thread() is threading.main_thread()

        async def wait_saved() -> None:
            for _ in range(200):
                await pilot.pause(0.05)
                saver = screen.saver
                if saver is not None and not saver.dirty and app.workers._workers == set():
                    return

        screen.minutes_pane.focus()
        await pilot.press(*keys(40))  # typing: autosave
        await wait_saved()
        await pilot.press("escape")
        await pilot.press("2")  # a speaker
        await wait_saved()
        await pilot.press("ctrl+s")  # save now
        await wait_saved()
        await pilot.press("n")  # next item: saved at once
        await wait_saved()
        await pilot.press("space", "space")  # pause, start
        await wait_saved()
        screen.minutes_pane.focus()
        await pilot.press(*keys(3))  # a last change, then the screen closes before the autosave's delay
        phase[0] = "leaving"
    return {
        "ui_is_main_thread": ui_thread,
        "writes": [{"phase": p, "file": f, "main_thread": m} for p, f, m in records],
    }


# --------------------------------------------------------------------------- idle


def _idle(app: Any, seconds: float, warmup: float, ready: Callable[[], bool]) -> dict[str, Any]:
    """Run `app` headless; after `warmup` s measure the process's CPU time over `seconds` s, then quit."""
    result: dict[str, Any] = {}

    def measure() -> None:
        deadline = time.monotonic() + 60
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(warmup)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        time.sleep(seconds)
        cpu1, wall1 = time.process_time(), time.perf_counter()
        result.update(cpu=cpu1 - cpu0, wall=wall1 - wall0, ready=ready())
        app.call_from_thread(app.exit)

    threading.Thread(target=measure, daemon=True).start()
    app.run(headless=True, size=SIZE)
    result["fraction"] = result["cpu"] / result["wall"]
    return result


def idle_app(args: argparse.Namespace) -> dict[str, Any]:
    """The live meeting, item timer and a speaker running (prepared in the file), left alone."""
    app = facilitator_app(args.data, "meeting", args.meeting)

    def ready() -> bool:
        screen = app.screen if app.is_running else None
        live = getattr(getattr(screen, "opened", None), "live", None)
        return live is not None and live.running and live.current_speaker is not None

    result = _idle(app, args.seconds, args.warmup, ready)
    if not result.get("ready"):
        raise RuntimeError("the meeting did not run with a speaker")
    return result


def idle_bare(args: argparse.Namespace) -> dict[str, Any]:
    from bare_app import BareApp

    app = BareApp()
    return _idle(app, args.seconds, args.warmup, lambda: app.is_running)


# --------------------------------------------------------------------------- memory


async def memory_app(args: argparse.Namespace) -> dict[str, Any]:
    """A three-hour meeting on a FakeClock through the live meeting screen, autosave on.

    Every simulated minute: about changes/180 speaker changes (the screen's
    digit action), a stretch of minutes typed into the pane, a redraw; item
    changes spread over the three hours, three time-outs, two groupings of
    three. RSS is taken at hour 1 and at hour 3 (after a garbage collection).
    """
    from facilitator.clock import FakeClock

    start = datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1)))
    clock = FakeClock(start)
    app = facilitator_app(args.data, "meeting", args.meeting, clock=clock)
    marks: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = meeting_screen(app)
        live = screen.live
        if not live.running:
            screen.action_toggle_running()
        present = live.present_members()
        digits = list("1234567890"[: len(present)])
        pane = screen.minutes_pane
        total = args.sim_minutes
        per_minute_bytes = max(1, args.minutes_bytes // total)
        chunk = filler(per_minute_bytes)[:per_minute_bytes]
        items = len(live.items)
        next_item_at = {round(total * k / items) for k in range(1, items)}
        timeouts_at = {round(total * f) for f in (0.25, 0.55, 0.85)}
        groupings_at = {round(total * f) for f in (1 / 6, 2 / 3)}
        changes = 0
        gc.collect()
        marks["start_rss_kib"] = rss_kib()
        for minute in range(1, total + 1):
            target = round(args.changes * minute / total)
            while changes < target:
                if not live.running:
                    screen.action_toggle_running()
                screen.action_speaker(digits[changes % len(digits)])
                clock.advance(60 / max(1, args.changes / total))
                changes += 1
            pane.move_cursor(pane.document.end)
            pane.insert(chunk)
            if minute in groupings_at:
                groups = [present[i : i + 3] for i in range(0, len(present), 3)]
                screen._act(lambda groups=groups: live.accept_grouping(groups))
            if minute in timeouts_at:
                screen._act(live.call_timeout)
                clock.advance(30)
                screen._act(lambda: live.end_timeout("continue", "bench"))
            if minute in next_item_at:
                screen.action_next_item()
            screen.refresh_clock()
            await pilot.pause()
            if minute == total // 3:
                await settle(pilot)
                marks["hour1_nodes"] = dom_nodes()
                trim()
                marks["hour1_rss_kib"] = rss_kib()
                marks["hour1_blocks"] = sys.getallocatedblocks()
        await settle(pilot)
        if screen.saver is not None:
            screen.saver.flush()
        marks["hour3_nodes"] = dom_nodes()
        trim()
        marks["hour3_rss_kib"] = rss_kib()
        marks["hour3_blocks"] = sys.getallocatedblocks()
        meeting = live.meeting
        marks.update(
            speaking=len(meeting.speaking),
            minutes_bytes=len(meeting.minutes.encode("utf-8")),
            timeouts=len(meeting.timeouts),
            groupings=len(meeting.groupings),
            simulated_minutes=(clock.now() - start).total_seconds() / 60,
        )
    marks["peak_rss_kib"] = peak_rss_kib()
    return marks


async def memory_bare(args: argparse.Namespace) -> dict[str, Any]:
    """The bare app run the same way (run_test, same size), for its peak RSS."""
    from bare_app import BareApp

    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 10)
        gc.collect()
        now = rss_kib()
    return {"rss_kib": now, "peak_rss_kib": peak_rss_kib()}


# --------------------------------------------------------------------------- history rows


def history_rows(args: argparse.Namespace) -> dict[str, Any]:
    """`facilitator history`, headless, ended (os._exit) once the list shows its first rows.

    The parent times this whole process; a timer polls every 2 ms after the
    first frame, the same for every data size.
    """
    from textual.widgets import DataTable

    from facilitator.app import FacilitatorApp

    app = facilitator_app(args.data, "history")

    def check() -> None:
        screen = app.screen
        if getattr(screen, "loading", False):
            return
        for table in screen.query("#history-table").results(DataTable):
            if table.row_count > 0:
                sys.stdout.flush()
                os._exit(0)

    def on_ready(self: FacilitatorApp) -> None:
        self.set_interval(0.002, check)

    FacilitatorApp.on_ready = on_ready  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)
    raise RuntimeError("the history list never showed a row")


# --------------------------------------------------------------------------- main

MODES: dict[str, Callable[[argparse.Namespace], Any]] = {
    "typing": typing_app,
    "typing-bare": typing_bare,
    "save-threads": save_threads,
    "idle": idle_app,
    "idle-bare": idle_bare,
    "memory": memory_app,
    "memory-bare": memory_bare,
    "history-rows": history_rows,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/child.py")
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data")
    parser.add_argument("--meeting")
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--text-bytes", type=int, default=60_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--minutes-bytes", type=int, default=60_000)
    parser.add_argument("--sim-minutes", type=int, default=180)
    args = parser.parse_args()
    result = MODES[args.mode](args)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
