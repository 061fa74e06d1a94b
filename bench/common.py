"""What every benchmark shares: figures and their targets, timing a whole process, cached demo data.

A benchmark returns `Figure`s. A figure is one measured number, usually
compared with the bare Textual app measured in the same run (`ratio`), and a
target it must meet (`met` is None for figures shown for information only).
`run.py` prints them and exits non-zero when a target is missed.

The demo data folders (`facilitator demo --meetings N`) are generated once per
version of the program's sources and kept under the cache folder
(`$FACILITATOR_BENCH_CACHE`, else `<tmp>/facilitator-bench`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
"""The bench/ folder."""
REPO = BENCH.parent
"""The checkout (bench/ lies in it)."""
BARE_APP = BENCH / "bare_app.py"
CHILD = BENCH / "child.py"

HEADLESS_ENV = {"FACILITATOR_HEADLESS": "1", "FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME": "1"}
"""Environment of a start-up run: no terminal, exit once the first frame is drawn."""

DEMO_TODAY = "2026-03-12"
"""Not used by the CLI (it takes the real date); kept for in-process generation."""


@dataclass
class Figure:
    """One measured figure, its ratio to the baseline, and its target."""

    bench: str
    """Which benchmark: startup, history, typing, saving, idle, memory."""
    what: str
    """What was measured, in a few words."""
    value: float
    unit: str
    baseline: float | None = None
    """The same measurement of the bare Textual app (or of the reference case), if any."""
    baseline_label: str = "bare"
    ratio: float | None = None
    target: str = ""
    """The target in words ('<= 1.25x'); empty for an informational figure."""
    met: bool | None = None
    """True/False against the target; None when the figure is for information."""
    note: str = ""

    def status(self) -> str:
        """'met', 'MISSED' or 'info'."""
        if self.met is None:
            return "info"
        return "met" if self.met else "MISSED"

    def value_text(self) -> str:
        """The figure with its unit (and the baseline's)."""
        text = f"{fmt(self.value)} {self.unit}"
        if self.baseline is not None:
            text += f" vs {self.baseline_label} {fmt(self.baseline)} {self.unit}"
        return text

    def ratio_text(self) -> str:
        return f"{self.ratio:.2f}x" if self.ratio is not None else "–"

    def line(self) -> str:
        """One printed line: `[bench] what: figure -> ratio (target ...) status`."""
        text = f"[{self.bench}] {self.what}: {self.value_text()}"
        if self.ratio is not None:
            text += f" -> {self.ratio_text()}"
        text += f" (target {self.target})" if self.target else " (information)"
        text += f" {self.status()}"
        if self.note:
            text += f"  # {self.note}"
        return text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def fmt(value: float) -> str:
    """A number with about three significant digits (a count as it is)."""
    if isinstance(value, int) or value == 0:
        return str(int(value))
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


@dataclass
class Settings:
    """How much work each benchmark does (full, --quick or --smoke)."""

    mode: str = "full"
    repeats: int = 15
    """Whole-process runs of each variant (start-up, history)."""
    history_sizes: tuple[int, ...] = (10, 1_000, 10_000)
    startup_sizes: tuple[int, ...] = (6, 1_000)
    keystrokes: int = 1_000
    minutes_bytes: int = 60_000
    speaking_entries: int = 2_000
    saves: int = 40
    idle_seconds: float = 30.0
    speaker_changes: int = 2_000
    simulated_minutes: int = 180
    """Length of the simulated meeting (memory); hour 1 is taken at a third of it."""
    warmup: int = 1
    """Untimed rounds before the timed whole-process runs."""
    cold_sizes: int = 3
    """How many of the history sizes get cold starts too."""
    cache: Path = field(default_factory=lambda: default_cache())
    verbose: bool = False

    @classmethod
    def for_mode(cls, mode: str, cache: Path | None = None) -> Settings:
        settings = cls(mode=mode)
        if mode == "quick":
            settings.repeats = 7
            settings.idle_seconds = 5.0
            settings.saves = 20
        elif mode == "smoke":  # the harness itself, in seconds: no figure means anything
            settings.repeats = 1
            settings.history_sizes = (2, 3, 4)
            settings.startup_sizes = (2, 3)
            settings.keystrokes = 20
            settings.minutes_bytes = 2_000
            settings.speaking_entries = 50
            settings.saves = 3
            settings.idle_seconds = 0.5
            settings.speaker_changes = 60
            settings.simulated_minutes = 12
            settings.warmup = 0
            settings.cold_sizes = 1
        if cache is not None:
            settings.cache = cache
        return settings


def default_cache() -> Path:
    """Where the generated demo data is kept between runs."""
    env = os.environ.get("FACILITATOR_BENCH_CACHE", "")
    return Path(env) if env else Path(tempfile.gettempdir()) / "facilitator-bench"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline > 0 else float("inf")


def log(settings: Settings, message: str) -> None:
    """Progress on stderr (only with --verbose)."""
    if settings.verbose:
        print(f"  .. {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


def python() -> str:
    """The interpreter running the benchmarks (the one facilitator is installed in)."""
    return sys.executable


def facilitator_command() -> list[str]:
    """The `facilitator` console script next to this interpreter, as an installed user runs it."""
    script = shutil.which("facilitator", path=str(Path(sys.executable).parent))
    if script is not None:
        return [script]
    return [python(), "-c", "from facilitator.cli import main; main()"]


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured process: ours, with bytecode caching on, plus `extra`.

    An installed program runs from compiled bytecode, as Textual (the bare
    app's only import) does here; with PYTHONDONTWRITEBYTECODE set (as in some
    development shells) every run of an editable checkout would compile the
    program's sources again and the start-up figures would measure the compiler.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra or {})
    return env


@dataclass
class ProcessRun:
    """One whole-process run: wall-clock seconds from spawn to exit, CPU seconds of the child."""

    wall: float
    cpu: float
    peak_rss_kib: int


def time_process(command: Sequence[str], env: dict[str, str] | None = None, timeout: float = 120.0) -> ProcessRun:
    """Run `command` to its end; its wall time (spawn to exit) and its CPU time (from wait4)."""
    full_env = child_environment(env)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {text[-2000:]}")
    return ProcessRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def alternate(
    variants: dict[str, Callable[[], ProcessRun]], repeats: int, warmup: int = 1
) -> dict[str, list[ProcessRun]]:
    """Run each variant `repeats` times, interleaved (a, b, c, a, b, c ...), after `warmup` untimed rounds.

    Interleaving spreads the machine's noise evenly over the variants; the
    order within a round rotates so no variant always runs first.
    """
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    results: dict[str, list[ProcessRun]] = {name: [] for name in names}
    for round_no in range(repeats):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(variants[name]())
    return results


def run_child(args: Sequence[str], timeout: float = 600.0) -> dict[str, object]:
    """Run `bench/child.py ARGS` (a measurement in its own process) and return the JSON it wrote."""
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        out = Path(tmp) / "result.json"
        completed = subprocess.run(
            [python(), str(CHILD), *args, "--out", str(out)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            env=child_environment(),
        )
        if completed.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"bench/child.py {' '.join(args)} exited {completed.returncode}:\n"
                + completed.stderr.decode("utf-8", "replace")[-3000:]
            )
        result: dict[str, object] = json.loads(out.read_text())
        return result


# --------------------------------------------------------------------------- demo data


def sources_key() -> str:
    """A short hash of the program's sources: cached data is rebuilt when the program changed."""
    import facilitator

    package = Path(facilitator.__file__).resolve().parent
    digest = hashlib.sha256()
    files = [package / name for name in ("demo.py", "demo_text.py", "model.py", "agendas.py")]
    files += sorted((package / "store").glob("*.py")) + sorted((package / "agendas").rglob("*.toml"))  # the store is a package now
    for path in files:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def demo_data(settings: Settings, meetings: int) -> Path:
    """A data folder with `facilitator demo --meetings N` written into it (generated once, then cached)."""
    folder = settings.cache / f"demo-{sources_key()}" / f"m{meetings}"
    stamp = folder / ".complete"
    if stamp.exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    log(settings, f"generating the demo data with {meetings} meetings in {folder} (once)")
    subprocess.run(
        [*facilitator_command(), "--data-dir", str(folder), "--lang", "en", "demo", "--meetings", str(meetings)],
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    stamp.write_text("ok\n")
    return folder


def filler(size: int) -> str:
    """About `size` bytes of minutes: numbered notes of ordinary sentences."""
    line = "Bente told about a hard week with the family she works for; the group listened and asked.\n"
    parts: list[str] = []
    total = 0
    n = 0
    while total < size:
        n += 1
        part = f"### Note {n}\n" + line * 4 + "\n"
        parts.append(part)
        total += len(part.encode("utf-8"))
    return "".join(parts)


def prepare_meeting(
    source: Path,
    target: Path,
    *,
    minutes_bytes: int = 0,
    speaking_entries: int = 0,
    running: bool = True,
    at: datetime | None = None,
) -> str:
    """Copy a demo data folder and make its next planned meeting live; returns the meeting's id.

    Everyone is checked in; with `running` the first item runs and the first
    member speaks; the minutes are filled up to `minutes_bytes` and
    `speaking_entries` finished speaking turns are added (all through the
    real LiveMeeting, on a FakeClock at `at` when given, else the real clock).
    """
    from facilitator.clock import FakeClock, RealClock
    from facilitator.meeting import LiveMeeting
    from facilitator.store import Store

    copy_data(source, target)
    store = Store(target)
    group = store.current_group()
    if group is None or group.id is None:
        raise RuntimeError(f"no group in {target}")
    meeting = next(m for m in store.upcoming_meetings(group.id) if m.status == "planned")
    clock = FakeClock(at) if at is not None else RealClock()
    live = LiveMeeting(group, meeting, clock)
    for row in live.checkin_rows():
        live.set_presence(row.member_id, "present")
    live.confirm_checkin()
    if running or speaking_entries:
        live.toggle_running()
        present = live.present_members()
        for n in range(speaking_entries):
            live.toggle_speaker(present[n % len(present)])
            if isinstance(clock, FakeClock):
                clock.advance(5)
        live.stop_speaker()
        if running:
            live.toggle_speaker(present[0])
        else:
            live.toggle_running()
    if minutes_bytes > len(live.minutes.encode("utf-8")):
        live.set_minutes(live.minutes + "\n" + filler(minutes_bytes - len(live.minutes.encode("utf-8"))))
    store.save_meeting(group.id, meeting)
    return meeting.id


def index_path(data: Path) -> Path:
    """The history index file of the demo group (in the laptop's own folder for `data`, outside it)."""
    from facilitator.store import Store

    return Store(data).index_path("demo")


def copy_data(source: Path, target: Path) -> Path:
    """A private copy of a data folder (benchmarks that change files never touch the cache)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete", "*.lock"))
    return target
