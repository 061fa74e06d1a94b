"""Benchmarks of facilitator against a bare Textual app, with targets (issue 7).

    python bench/run.py                  # every benchmark, full size (a few minutes)
    python bench/run.py --quick          # fewer repeats, 5 s of idle
    python bench/run.py --only startup,saving
    python bench/run.py --smoke          # the harness itself in seconds (figures mean nothing)
    python bench/run.py --only content,keys,wall   # issue 20's, in pseudo-terminals (about 6 minutes)

Run it from a checkout after `pip install '.[test]'`. Every benchmark runs the
bare Textual app (bench/bare_app.py) the same way in the same run, so the
figures are ratios, which hold on a noisy machine where absolute times do not.
Each figure is printed with its target; the exit status is 1 when a target is
missed (never in --smoke mode), 2 when a benchmark failed to run.

| benchmark | what | target |
|---|---|---|
| startup | whole process to the first frame, 6 and 1,000 meetings | <= 1.25x bare |
| history | start to the history's first frame, 10 / 1,000 / 10,000 meetings | 10,000 <= 1.5x of 10 |
| typing | 1,000 keys into 60 KB of minutes, autosave on | <= 1.2x a bare TextArea |
| saving | one meeting file, 60 KB minutes, 2,000 speaking entries | median < 20 ms, never on the UI thread |
| idle | a live meeting, item timer and speaker running, 30 s | < 2% of one core |
| memory | a simulated three-hour meeting | peak <= bare + 30 MiB; no widget left behind and RSS growing by the meeting's data only (<= 8 MiB) from hour 1 to hour 3 |
| history (also) | start to the list's rows, 10 / 1,000 / 10,000 meetings | 10,000 <= 1.5x of 10 |
| content | pty: spawn to the home screen's next meeting and rows (6, 1,000), the history's rows (10, 1,000, 10,000), cold 10 and 10,000, a 50 MB file | <= 1.5x bare; cold 10,000 <= 1.5x cold 10; 50 MB: <= 1.25x, none of it read |
| keys | pty: key to echo in 60 KB of minutes at hour 3, and the meeting's commands, against a bare TextArea | median <= 1.2x, p99 <= 1.5x |
| wall | two ptys: a key in `facilitator meeting` to the changed text in `facilitator wall` | median and p90 <= 0.3 s |

The demo data (10,000 meetings take a minute to write) is cached in
`$FACILITATOR_BENCH_CACHE` (default `<tmp>/facilitator-bench`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, Settings

BENCHMARKS = ("startup", "content", "history", "typing", "keys", "wall", "saving", "idle", "memory")
"""Every benchmark, in the order they run (module bench_<name>.py, function run(settings))."""


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description="Benchmarks against a bare Textual app.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer repeats and 5 s of idle")
    mode.add_argument("--smoke", action="store_true", help="tiny sizes: checks that the harness runs")
    parser.add_argument("--only", metavar="NAMES", help=f"comma-separated, from: {', '.join(BENCHMARKS)}")
    parser.add_argument("--repeats", type=int, help="whole-process runs per variant (start-up, history)")
    parser.add_argument("--cache", type=Path, help="folder for the generated demo data")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    args = parser.parse_args(argv)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in BENCHMARKS]
        if unknown:
            parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        args.names = [n for n in BENCHMARKS if n in names]
    else:
        args.names = list(BENCHMARKS)
    return args


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table (what README shows)."""
    lines = ["| benchmark | what | figure | ratio | target | met |", "|---|---|---|---|---|---|"]
    for f in figures:
        lines.append(
            f"| {f.bench} | {f.what} | {f.value_text()} | {f.ratio_text()} | {f.target or '–'} | {f.status()} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    settings = Settings.for_mode(mode, args.cache)
    settings.verbose = args.verbose
    if args.repeats:
        settings.repeats = args.repeats
    print(f"facilitator benchmarks ({mode}), Python {sys.version.split()[0]}, {sys.executable}", flush=True)
    figures: list[Figure] = []
    failed: list[str] = []
    for name in args.names:
        started = time.perf_counter()
        try:
            module = __import__(f"bench_{name}")
            found: list[Figure] = module.run(settings)
        except Exception:  # noqa: BLE001 - a benchmark that cannot run is reported, the others still run
            failed.append(name)
            print(f"[{name}] FAILED to run:", file=sys.stderr)
            traceback.print_exc()
            continue
        for figure in found:
            print(figure.line(), flush=True)
        print(f"[{name}] took {time.perf_counter() - started:.1f} s", flush=True)
        figures.extend(found)
    missed = [f for f in figures if f.met is False]
    print()
    print(table(figures))
    print()
    if args.json:
        args.json.write_text(json.dumps([f.as_dict() for f in figures], indent=2) + "\n")
    if failed:
        print(f"benchmarks that failed to run: {', '.join(failed)}")
        return 2
    if missed and mode != "smoke":
        print(f"{len(missed)} target(s) missed: " + "; ".join(f"[{f.bench}] {f.what}" for f in missed))
        return 1
    print("every target met" if mode != "smoke" else "smoke run: the harness works (figures not judged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
