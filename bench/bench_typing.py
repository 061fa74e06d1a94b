"""Typing: 1,000 keystrokes into the minutes pane holding 60 KB, autosave on, against a bare TextArea.

Both run under `App.run_test(size=(120, 40))` and get the same keys through
`pilot.press` (which waits until each key is handled); the live meeting has
its item timer and a speaker running and saves itself while the keys come.
The runs alternate (bare, program, bare, program ...) in fresh processes and
the medians are compared. Target: at most 1.2x.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import Figure, Settings, demo_data, fmt, log, median, prepare_meeting, ratio, run_child

TARGET = 1.2


def run(settings: Settings) -> list[Figure]:
    rounds = 3 if settings.mode == "full" else 2 if settings.mode == "quick" else 1
    source = demo_data(settings, settings.startup_sizes[0])
    app_times: list[float] = []
    bare_times: list[float] = []
    saves: list[int] = []
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-typing-") as tmp:
        for n in range(rounds):
            data = Path(tmp) / f"data{n}"
            mid = prepare_meeting(source, data, minutes_bytes=settings.minutes_bytes, running=True)
            log(settings, f"typing: round {n + 1} of {rounds}, {settings.keystrokes} keys each")
            bare = run_child(
                ["typing-bare", "--text-bytes", str(settings.minutes_bytes), "--keys", str(settings.keystrokes)]
            )
            app = run_child(["typing", "--data", str(data), "--meeting", mid, "--keys", str(settings.keystrokes)])
            if not app["in_meeting"]:
                raise RuntimeError("the typed text did not reach the meeting")
            bare_times.append(float(bare["seconds"]))  # type: ignore[arg-type]
            app_times.append(float(app["seconds"]))  # type: ignore[arg-type]
            saves.append(int(app["saves"]))  # type: ignore[call-overload]
    value, base = median(app_times), median(bare_times)
    r = ratio(value, base)
    per_key = value / settings.keystrokes * 1000
    return [
        Figure(
            "typing",
            f"{settings.keystrokes} keys into {settings.minutes_bytes // 1000} KB of minutes, autosave on "
            f"(median of {rounds})",
            value,
            "s",
            baseline=base,
            ratio=r,
            target=f"<= {TARGET}x bare TextArea",
            met=r <= TARGET,
            note=f"{fmt(per_key)} ms a key; {median(saves):.0f} autosaves during the typing",
        )
    ]
