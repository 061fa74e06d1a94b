"""Where the home screen's start-up time goes (issue 20.1): imports, reading, building widgets, styles.

    python bench/profile_startup.py DATA_DIR            # one profile of `facilitator --data-dir DATA_DIR`
    python bench/profile_startup.py DATA_DIR --stats    # and the 25 costliest functions (cumulative)

Not a benchmark (run.py does not run it, pytest does not collect it): a
measurement to read. It runs the home screen headless (FACILITATOR_HEADLESS),
in this process, under cProfile, and ends it once the home screen has shown
the files it read (`HomeScreen.show_state`, then one more refresh). It then
prints the main thread's time by kind of work, from cProfile's cumulative
times of the functions that do it:

- imports: everything under importlib's `_find_and_load` (module code run at import);
- styles: Textual's stylesheet parsed and applied (`Stylesheet.parse`, `Stylesheet.apply`/`update_nodes`);
- widgets: compose and mount of the screens' widgets;
- layout and drawing: Textual's compositor (`Compositor.reflow`, `render_update`...);
- reading: the worker's `HomeScreen._read` runs in a thread cProfile does not see;
  it is timed here by calling it once more on the UI thread's store, after the run.

The kinds overlap a little (a widget mounted during an import is counted in
both); the interpreter's own start (python -c pass) and the imports done before
the profile starts are printed separately with `-X importtime` figures by package.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    "imports": (("<frozen importlib._bootstrap>", "_find_and_load"),),
    "styles: parse the .tcss": (("stylesheet.py", "parse"),),
    "styles: apply to the widgets": (("stylesheet.py", "update_nodes"), ("stylesheet.py", "apply")),
    "widgets: compose": (("widget.py", "_compose"), ("screen.py", "_compose"), ("app.py", "_compose")),
    "widgets: mount": (("widget.py", "_mount"), ("app.py", "_register"), ("widget.py", "mount")),
    "layout and drawing": (("_compositor.py", "reflow"), ("_compositor.py", "render_update"), ("_compositor.py", "render_full_update")),
}


def imports_by_package(data: str) -> None:
    """`python -X importtime` of the same start-up (ended after the first frame): self time by top package."""
    env = {**os.environ, "FACILITATOR_HEADLESS": "1", "FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    script = "import sys; from facilitator.cli import run; sys.exit(run(sys.argv[1:]))"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script, "--data-dir", data, "--lang", "en"],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )
    whole = time.perf_counter() - started
    base_started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare_interpreter = time.perf_counter() - base_started
    selfs: dict[str, int] = defaultdict(int)
    count = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line.split(":", 1)[1].split("|")
        own_us = int(parts[0])
        module = parts[2].strip()
        selfs[module.split(".")[0]] += own_us
        count += 1
    total = sum(selfs.values())
    after = subprocess.run(
        [sys.executable, "-c", (
            "import time, sys\n"
            "import facilitator.app, facilitator.screens.home\n"
            "a = time.perf_counter(); import pydantic\n"
            "b = time.perf_counter(); import facilitator.model\n"
            "c = time.perf_counter(); import facilitator.store\n"
            "d = time.perf_counter()\n"
            "print(f'{(b - a) * 1000:.0f} {(c - b) * 1000:.0f} {(d - c) * 1000:.0f}')"
        )],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    print(f"whole process to the first frame (headless, -X importtime on): {whole * 1000:.0f} ms; python -c pass: {bare_interpreter * 1000:.0f} ms")
    print(f"imports: {count} modules, {total / 1000:.0f} ms (self times summed), by package:")
    for package, us in sorted(selfs.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {package:<22} {us / 1000:7.1f} ms")
    print(
        f"imported after the first frame, by the worker that reads the files (a thread, holding the GIL): "
        f"pydantic {after[0]} ms, facilitator.model (its classes built) {after[1]} ms, facilitator.store {after[2]} ms"
    )


def profile(data: str, show_stats: bool) -> None:
    os.environ["FACILITATOR_HEADLESS"] = "1"
    os.environ.pop("FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME", None)
    from facilitator.screens.home import HomeScreen

    original = HomeScreen.show_state
    shown: dict[str, float] = {}

    def show_state(self: HomeScreen, state: object) -> None:
        original(self, state)  # type: ignore[arg-type]
        if self.state is state and "at" not in shown:
            shown["at"] = time.perf_counter()
            self.app.call_after_refresh(self.app.exit)

    HomeScreen.show_state = show_state  # type: ignore[method-assign]
    from facilitator.cli import run

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    run(["--data-dir", data, "--lang", "en"])
    profiler.disable()
    ended = time.perf_counter()
    stats = pstats.Stats(profiler)
    print(f"\ncProfile (main thread; profiling slows Python code about 2x): run() to the content shown "
          f"{(shown.get('at', ended) - started) * 1000:.0f} ms, to the app's exit {(ended - started) * 1000:.0f} ms")
    raw = stats.stats  # type: ignore[attr-defined]
    for kind, keys in KINDS.items():
        best = 0.0
        for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in raw.items():
            for suffix, name in keys:
                if function == name and filename.endswith(suffix):
                    best = max(best, ct)  # the outermost call holds the nested ones
        print(f"  {kind:<32} {best * 1000:7.0f} ms")
    # Reading: the worker's function, again, on the store now warm in memory (the files in the page cache).
    from facilitator.app import FacilitatorApp  # noqa: F401  (imported: the figures below are not imports)
    from facilitator.store import Store

    store = Store(Path(data))
    started = time.perf_counter()
    group = store.current_group()
    if group is not None and group.id is not None:
        store.meeting_ids(group.id)
        store.upcoming_meetings(group.id)
        store.history_index(group.id)
    store.conflict_copies(group.id if group is not None else None)
    print(f"  {'reading (the worker, in a thread)':<32} {(time.perf_counter() - started) * 1000:7.0f} ms  (a fresh Store: group, planned meetings, index, conflicts)")
    if show_stats:
        stats.sort_stats("cumulative").print_stats(25)


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    data = sys.argv[1]
    imports_by_package(data)
    profile(data, "--stats" in sys.argv[2:])


if __name__ == "__main__":
    main()
