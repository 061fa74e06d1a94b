"""Issue 14.2: thousands of random keys on every screen of the real program, in a real terminal, and no crash.

Pilot's timing hides races (a query right after an un-awaited mount crashed the
new group form in every real terminal and in no Pilot test), so this test runs
the installed console script in a pseudo terminal, as a user would, and types
at it like a cat on the keyboard: letters (Danish too), digits, enter, escape,
tab, arrows, page keys, the function keys, the program's ctrl keys, pastes,
and now and then a resize of the terminal.

Every screen gets its share: the home screen, the history, the live meeting
(with its check-in), the room view, and the screens reached from home (members,
plan, agenda, invitation, agreements, themes, the new group form, the new
meeting dialog). Each at two sizes of 60x20, 80x24, 120x40 and 160x50 and in
both languages; each session on a fresh copy of a demo group.

A crash is any of: "Traceback" in what the program drew, an error report
written by the program's error boundary (facilitator/crashreport.py), the
program ending with a status other than 0, or not quitting on ctrl+q. After
every session every file in the data folder still validates (`Store.check()`)
and no folder or file is readable by others.

Seeded: `FACILITATOR_FUZZ_SEED=N` repeats a run; a failure prints the seed, the
session and the last keys sent. About 20 seconds per size, 80 in all (four test cases,
so `pytest -n auto` runs them side by side); 3,840 keys.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facilitator.demo import write_demo
from facilitator.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo terminal")

SEED = int(os.environ.get("FACILITATOR_FUZZ_SEED", "20261201"))
KEYS_PER_SESSION = 160
READY_TIMEOUT = 30.0
QUIT_TIMEOUT = 15.0
TODAY_ISO = "2026-03-12"

KEYS: list[tuple[str, bytes, int]] = [
    # (name, bytes, weight)
    *[(c, c.encode(), 3) for c in "abcdefghijklmnoprstuvwxyz"],
    ("q", b"q", 1),  # quits from the home screen: the session starts the program again
    *[(c, c.encode(), 1) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
    *[(c, c.encode(), 4) for c in "0123456789"],
    *[(c, c.encode(), 1) for c in "æøåÆØÅ"],
    *[(c, c.encode(), 1) for c in "+-[]/!?:.,@#*()<>=_'\""],
    ("space", b" ", 6),
    ("enter", b"\r", 10),
    ("escape", b"\x1b", 6),
    ("tab", b"\t", 5),
    ("shift+tab", b"\x1b[Z", 2),
    ("backspace", b"\x7f", 3),
    ("delete", b"\x1b[3~", 1),
    ("up", b"\x1b[A", 5),
    ("down", b"\x1b[B", 5),
    ("right", b"\x1b[C", 3),
    ("left", b"\x1b[D", 3),
    ("ctrl+up", b"\x1b[1;5A", 1),
    ("ctrl+down", b"\x1b[1;5B", 1),
    ("home", b"\x1b[H", 1),
    ("end", b"\x1b[F", 1),
    ("pageup", b"\x1b[5~", 1),
    ("pagedown", b"\x1b[6~", 1),
    ("f1", b"\x1bOP", 2),
    ("f2", b"\x1bOQ", 1),
    ("f3", b"\x1bOR", 1),
    ("f4", b"\x1bOS", 1),
    ("f5", b"\x1b[15~", 1),
    ("ctrl+n", b"\x0e", 2),
    ("ctrl+s", b"\x13", 2),
    ("ctrl+p", b"\x10", 2),
    ("ctrl+o", b"\x0f", 1),
    ("ctrl+t", b"\x14", 1),
    ("ctrl+e", b"\x05", 1),
    ("ctrl+b", b"\x02", 1),
    ("ctrl+g", b"\x07", 1),
    ("ctrl+a", b"\x01", 1),
    ("ctrl+k", b"\x0b", 1),
    ("ctrl+u", b"\x15", 1),
    ("ctrl+w", b"\x17", 1),
    ("paste", b"\x1b[200~Anne Hansen\n!! fortroligt\n- [ ] ring\x1b[201~", 1),
]
"""What the cat may press. Never ctrl+z, ctrl+c or ctrl+\\ (job control and signals are not the program's);
ctrl+q only to end a session."""

_NAMES = [k[0] for k in KEYS]
_BYTES = {k[0]: k[1] for k in KEYS}
_WEIGHTS = [k[2] for k in KEYS]

ENTRIES_A = [("home", ""), ("meeting", ""), ("home", "u"), ("home", "l"), ("home", "g"), ("home", "n")]
ENTRIES_B = [("history", ""), ("wall", ""), ("home", "a"), ("home", "i"), ("home", "r"), ("home", "t")]
"""(command, the key pressed first on the home screen): every screen gets its own sessions."""

CASES = [
    ((80, 24), "en", ENTRIES_A),
    ((120, 40), "da", ENTRIES_B),
    ((60, 20), "da", ENTRIES_A),
    ((160, 50), "en", ENTRIES_B),
]


def _program() -> list[str]:
    script = Path(sys.executable).with_name("facilitator")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from facilitator.cli import main; main()"]


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


@dataclass
class Terminal:
    """The program in a pseudo terminal; a thread drains its output so it never blocks."""

    process: subprocess.Popen[bytes]
    master: int
    output: bytearray = field(default_factory=bytearray)
    reader: threading.Thread | None = None

    @classmethod
    def start(cls, argv: list[str], env: dict[str, str], cwd: Path, size: tuple[int, int]) -> Terminal:
        master, slave = os.openpty()
        _set_size(slave, *size)
        process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True, close_fds=True
        )
        os.close(slave)
        term = cls(process, master)
        term.reader = threading.Thread(target=term._drain, daemon=True)
        term.reader.start()
        return term

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data)

    def resize(self, cols: int, rows: int) -> None:
        _set_size(self.master, cols, rows)
        try:
            os.killpg(self.process.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    def send(self, data: bytes) -> None:
        try:
            os.write(self.master, data)
        except OSError:
            pass

    def drawn_after(self, offset: int, deadline: float) -> bool:
        """Wait until the program draws something after `offset` (or dies, or the deadline passes)."""
        while time.monotonic() < deadline:
            if len(self.output) > offset + 200:
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.02)
        return False

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)
        time.sleep(0.02)
        try:
            os.close(self.master)
        except OSError:
            pass
        if self.reader is not None:
            self.reader.join(timeout=2)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import date

    root = tmp_path_factory.mktemp("fuzz-demo") / "data"
    write_demo(root, meetings=6, today=date.fromisoformat(TODAY_ISO), language="da")
    return root


def _planned_id(root: Path) -> str:
    store = Store(root)
    group = store.current_group()
    assert group is not None
    planned = [m for m in store.upcoming_meetings(group.id) if m.status == "planned"]
    assert planned
    return planned[0].id


def _loose(root: Path) -> list[str]:
    loose = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                loose.append(f"{path} {oct(stat.S_IMODE(path.stat().st_mode))}")
    return loose


def _reports(state: Path) -> list[Path]:
    return sorted(state.rglob("error-*.txt")) if state.exists() else []


def _session(
    demo: Path, work: Path, size: tuple[int, int], language: str, entry: tuple[str, str], rng: random.Random, label: str
) -> list[str]:
    """One run of the program; the problems found (empty: no crash)."""
    data = work / "data"
    shutil.copytree(demo, data)
    home, tmp, state = work / "home", work / "tmp", work / "state"
    for folder in (home, tmp, state):
        folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TEXTUAL", "FACILITATOR", "LC_", "LANG"))}
    env.update(
        TERM="xterm-256color", HOME=str(home), TMPDIR=str(tmp), XDG_STATE_HOME=str(state),
        COLUMNS=str(size[0]), LINES=str(size[1]),
    )  # fmt: skip
    command, first_key = entry
    argv = [*_program(), "--data-dir", str(data), "--lang", language]
    if command == "meeting":
        argv += ["meeting", _planned_id(data)]
    elif command in ("history", "wall"):
        argv.append(command)
    sent: list[str] = []
    problems: list[str] = []
    term = Terminal.start(argv, env, work, size)
    try:
        if not term.drawn_after(0, time.monotonic() + READY_TIMEOUT):
            problems.append("the program did not draw its first screen")
        time.sleep(0.4)  # the home screen reads its files after the first frame
        if first_key:
            term.send(first_key.encode())
            sent.append(first_key)
            time.sleep(0.4)
        restarts = 0
        for _ in range(KEYS_PER_SESSION):
            if term.process.poll() is not None:
                if term.process.returncode != 0:
                    break
                restarts += 1  # the cat pressed q on the home screen: start again where this session began
                if restarts > 3:
                    break
                term.close()
                term = Terminal.start(argv, env, work, size)
                term.drawn_after(0, time.monotonic() + READY_TIMEOUT)
                time.sleep(0.3)
                sent.append("<restart>")
            if rng.random() < 0.01:
                cols, rows = rng.choice([(60, 20), (80, 24), (120, 40), size])
                term.resize(cols, rows)
                sent.append(f"<resize {cols}x{rows}>")
            name = rng.choices(_NAMES, _WEIGHTS)[0]
            term.send(_BYTES[name])
            sent.append(name)
            time.sleep(rng.choice((0.0, 0.0, 0.002, 0.005, 0.01, 0.03)))
        time.sleep(0.5)
        if term.process.poll() is None:
            term.send(b"\x11")  # ctrl+q: quit
            deadline = time.monotonic() + QUIT_TIMEOUT
            while term.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if term.process.poll() is None:
                problems.append("the program did not quit on ctrl+q")
        code = term.process.poll()
        if code not in (None, 0):
            problems.append(f"the program ended with status {code}")
    finally:
        term.close()
    if b"Traceback" in term.output:
        start = term.output.rfind(b"Traceback")
        tail = term.output[start : start + 3000].decode("utf-8", "replace")
        problems.append("a traceback was drawn:\n" + tail)
    for report in _reports(state):
        problems.append(f"error report {report.name}:\n{report.read_text()}")
    file_problems = Store(data).check()
    if file_problems:
        problems.append("files no longer valid: " + "; ".join(str(p) for p in file_problems))
    loose = _loose(data)
    if loose:
        problems.append("readable by others: " + ", ".join(loose))
    if problems:
        (work / "keys.txt").write_text("\n".join(sent) + "\n")
        problems.insert(
            0,
            f"{label}: seed {SEED} (FACILITATOR_FUZZ_SEED={SEED}), {size[0]}x{size[1]}, --lang {language}, "
            f"entry {command} {first_key!r}; every key in {work / 'keys.txt'}; the last keys: {' '.join(sent[-60:])}",
        )
    return problems


@pytest.mark.parametrize(
    ("size", "language", "entries"), CASES, ids=[f"{s[0]}x{s[1]}-{lang}" for s, lang, _ in CASES]
)
def test_random_keys_on_every_screen_never_crash(
    demo_folder: Path, tmp_path: Path, size: tuple[int, int], language: str, entries: list[tuple[str, str]]
) -> None:
    rng = random.Random(f"{SEED}-{size[0]}x{size[1]}-{language}")
    found: list[str] = []
    for number, entry in enumerate(entries):
        work = tmp_path / f"session-{number}"
        work.mkdir()
        found += _session(demo_folder, work, size, language, entry, rng, f"session {number}")
    assert not found, "\n\n".join(found)
