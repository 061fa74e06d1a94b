"""Key to wall: from a key in the moderator's program to the changed text on the room view (issue 20.3).

Two real pseudo-terminals (bench/terminal.py), as on the laptop and the
projector: `facilitator meeting ID` (the moderator, 120x40) and
`facilitator wall ID` (the room, 120x40), on the same data folder. The
meeting is live (everyone checked in, the first item running, a speaker),
prepared through the core (bench/common.py `prepare_meeting`) with 60 KB of
minutes and 2,000 speaking turns unless --smoke, so every save is as large
as at hour 3.

Each round presses, in the moderator's terminal: n (next item: the wall's
"Item 2 of N"), p (previous item: "Item 1 of N"), ctrl+t (a time-out: the wall's
"The meeting pauses for a moment.") and 1 (the time-out ends: "Item 1 of N"
again). ctrl+t, not t: t waits half a second for a following letter first
(typing_guard.GRACE: "tak" typed while the meeting has the keys is a word, issue
13), so that a word being typed never shows the room a time-out; bench_keys.py
reports t's figure apart. Each key is timed from its write to the moderator's terminal until
the wall's terminal has the changed text; the moderator's own screen is
timed too (the step there), for comparison. The path the change takes: the
moderator's program saves the state change at once (an urgent save, typing
keeps its 1 s delay), the wall looks at the file ten times a second and
redraws when it changed.

Target: a state change on the wall within 0.3 s of the key, judged on the
median and on the 90th percentile (so one slow moment of the shared machine
does not decide it; the worst is printed). The bare app has no wall; the
moderator's own screen, timed from the same key, is the figure shown beside it.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_keys import percentile
from common import Figure, Settings, demo_data, facilitator_command, fmt, log, prepare_meeting
from terminal import Terminal

TARGET = 0.3
SIZE = (120, 40)
TIMEOUT_TEXT = "The meeting pauses for a moment."


def steps(data: Path, meeting_id: str) -> list[tuple[str, bytes, re.Pattern[str], re.Pattern[str]]]:
    """(name, key, what the wall shows after it, what the moderator's screen shows after it), one round."""
    from facilitator.store import Store

    store = Store(data)
    group = store.current_group()
    assert group is not None and group.id is not None
    meeting = store.load_meeting(group.id, meeting_id)
    count = len(meeting.items)
    at = meeting.current_item + 1
    first, second = meeting.items[at - 1], meeting.items[at]
    wall_item = lambda n: re.compile(rf"Item {n} of {count}")  # noqa: E731
    running = lambda n, item: re.compile(rf"Running\s+{n}\. {re.escape(item.title)}")  # noqa: E731
    return [
        ("next item", b"n", wall_item(at + 1), running(at + 1, second)),
        ("previous item", b"p", wall_item(at), running(at, first)),
        ("time-out", b"\x14", re.compile(re.escape(TIMEOUT_TEXT)), re.compile("Called by")),  # ctrl+t
        ("time-out ends", b"1", wall_item(at), running(at, first)),
    ]


def run(settings: Settings) -> list[Figure]:
    rounds = {"full": 10, "quick": 5}.get(settings.mode, 1)
    source = demo_data(settings, settings.startup_sizes[0])
    wall_times: dict[str, list[float]] = {}
    own_times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-wall-") as tmp:
        data = Path(tmp) / "data"
        mid = prepare_meeting(
            source,
            data,
            minutes_bytes=settings.minutes_bytes,
            speaking_entries=settings.speaking_entries,
            running=True,
            at=datetime.now(UTC) - timedelta(hours=3),
        )
        round_steps = steps(data, mid)
        base = [*facilitator_command(), "--data-dir", str(data), "--lang", "en"]
        log(settings, f"wall: {rounds} rounds of {', '.join(s[0] for s in round_steps)} in two pseudo-terminals")
        with Terminal([*base, "meeting", mid], size=SIZE) as moderator:
            moderator.wait_for("Meeting resumed", timeout=60)
            moderator.wait_quiet(0.3)
            x, y = SIZE[0] - 10, SIZE[1] - 1  # click the resume notice away (its last line, above the footer)
            mark = moderator.mark()
            moderator.send(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m".encode())
            moderator.wait_quiet(0.5)
            if "Leave minutes" in moderator.since(mark):  # the click fell on the minutes: escape leaves them
                moderator.send(b"\x1b")
                moderator.wait_quiet(0.5)
            with Terminal([*base, "wall", mid], size=SIZE) as wall:
                wall.wait_for(round_steps[1][2], timeout=60)
                wall.wait_quiet(0.3)
                for round_no in range(rounds + 1):  # the first round is untimed (imports, first draws)
                    for name, key, on_wall, on_screen in round_steps:
                        wall_mark, own_mark = wall.mark(), moderator.mark()
                        sent = moderator.send(key)
                        own = moderator.wait_for(on_screen, after=own_mark, timeout=15)
                        seen = wall.wait_for(on_wall, after=wall_mark, timeout=15)
                        if round_no > 0:
                            wall_times.setdefault(name, []).append(seen.at - sent)
                            own_times.setdefault(name, []).append(own.at - sent)
                        time.sleep(0.3)
    return figures(settings, wall_times, own_times)


def figures(settings: Settings, wall_times: dict[str, list[float]], own_times: dict[str, list[float]]) -> list[Figure]:
    every = [t for times in wall_times.values() for t in times]
    median = statistics.median(every)
    p90 = percentile(every, 0.90)
    own = statistics.median([t for times in own_times.values() for t in times])
    each = "; ".join(
        f"{name} {fmt(statistics.median(times) * 1000)} ({fmt(statistics.median(own_times[name]) * 1000)})"
        for name, times in wall_times.items()
    )
    return [
        Figure(
            "wall",
            f"key in the moderator's terminal to the changed text on the wall's, median ({len(every)} state changes)",
            median, "s", baseline=own, baseline_label="moderator's own screen", ratio=None,
            target=f"<= {TARGET} s", met=median <= TARGET, note=f"medians in ms, wall (moderator's screen): {each}",
        ),
        Figure(
            "wall",
            f"key to wall, 90th percentile ({len(every)} state changes)",
            p90, "s", target=f"<= {TARGET} s", met=p90 <= TARGET,
            note=f"worst {fmt(max(every))} s",
        ),
    ]
