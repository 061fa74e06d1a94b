"""A program in a real pseudo-terminal, and the moment a text appears on it (issue 20).

`Terminal(command, size=(120, 40))` starts `command` with a pseudo-terminal
(os.openpty, the window size set with TIOCSWINSZ) as its standard input,
output and error, in a session of its own, as a terminal emulator would. A
reader thread takes everything the program writes, as it comes, and notes
when each piece arrived (time.perf_counter). The escape sequences are taken
out (a cursor move becomes a line break, a colour change nothing), so
`wait_for("Hello")` finds a text as it is drawn on the screen, in one run of
characters, and says when the piece that completed it arrived: that is the
moment the user's terminal had it to show.

`send(b"x")` writes bytes as keys (a terminal sends a key as the bytes it
stands for: b"\\r" enter, b"\\x1b" escape, b"\\t" tab); `mark()` is the
position in the output now, so `wait_for(text, after=mark)` only looks at what
came after a key. `cpu()` is the process's CPU time so far (from /proc).
`close()` ends the process (SIGKILL to its session: nothing is saved that the
measurement needs) and the reader.
"""

from __future__ import annotations

import bisect
import codecs
import fcntl
import os
import re
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window title, clipboard
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS and friends
    r"|\x1b[()*+][0-9A-Za-z]"  # character sets
    r"|\x1b[@-Z\\-_=>78]"  # two-character sequences
)
"""The escape sequences a Textual app writes (and a few more)."""

MOVES = set("ABCDEFGHJKSTdfr")
"""CSI final bytes that move the cursor or clear: the text after one is somewhere else on the screen."""

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]")


def strip(text: str) -> str:
    """`text` without escape sequences; a cursor move becomes a line break."""

    def replace(match: re.Match[str]) -> str:
        seq = match.group(0)
        if seq.startswith("\x1b[") and seq[-1] in MOVES:
            return "\n"
        return ""

    return CONTROL.sub("", ESCAPE.sub(replace, text.replace("\r", "\n")))


def _incomplete_escape(text: str) -> int:
    """Where an escape sequence begins that `text` ends inside of (-1: none): kept for the next read."""
    start = text.rfind("\x1b", max(0, len(text) - 256))
    if start < 0 or ESCAPE.match(text, start) is not None:
        return -1
    return start


@dataclass
class Seen:
    """A text found on the terminal: when the piece that completed it arrived, and where it ends."""

    at: float
    """time.perf_counter() of the read that completed it."""
    end: int
    """Its end in the stripped output (a mark for the next wait)."""


class Terminal:
    """A program running in a pseudo-terminal of `size` (columns, lines), its output read as it comes."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (120, 40),
        cwd: str | None = None,
    ) -> None:
        master, slave = os.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = dict(os.environ if env is None else env)
        environment.update(TERM="xterm-256color", COLORTERM="truecolor", COLUMNS=str(columns), LINES=str(lines))
        environment.pop("FACILITATOR_HEADLESS", None)
        environment.pop("TEXTUAL_DRIVER", None)
        self._master = master
        self._cond = threading.Condition()
        self._text: list[str] = []
        self._length = 0
        self._ends: list[tuple[int, float]] = []
        """(end of the stripped output after a read, when that read came)."""
        self._raw_bytes = 0
        self._closed = False
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        self.started = time.perf_counter()
        """When the process was started (time.perf_counter)."""
        self.process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, name="terminal-reader", daemon=True)
        self._reader.start()

    # ----------------------------------------------------------------- reading

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 1 << 16)
            except OSError:  # the program ended (EIO) or the terminal was closed
                chunk = b""
            now = time.perf_counter()
            if not chunk:
                with self._cond:
                    self._closed = True
                    self._cond.notify_all()
                return
            text = self._pending + self._decoder.decode(chunk)
            cut = _incomplete_escape(text)
            if cut >= 0:
                text, self._pending = text[:cut], text[cut:]
            else:
                self._pending = ""
            plain = strip(text)
            with self._cond:
                self._raw_bytes += len(chunk)
                if plain:
                    self._text.append(plain)
                    self._length += len(plain)
                self._ends.append((self._length, now))
                self._cond.notify_all()

    def _joined(self, start: int) -> tuple[str, int]:
        """The stripped output from about `start` on (under the lock): (text, its offset)."""
        total = self._length
        pieces: list[str] = []
        size = 0
        for piece in reversed(self._text):
            pieces.append(piece)
            size += len(piece)
            if total - size <= start:
                break
        offset = total - size
        return "".join(reversed(pieces)), offset

    def _arrival(self, end: int) -> float:
        """When the read came that brought the output up to `end`."""
        index = bisect.bisect_left(self._ends, (end, float("-inf")))
        if index < len(self._ends):
            return self._ends[index][1]
        return self._ends[-1][1] if self._ends else time.perf_counter()

    def mark(self) -> int:
        """The end of the output read so far: a wait after it sees only what comes later."""
        with self._cond:
            return self._length

    @property
    def raw_bytes(self) -> int:
        """How many bytes the program wrote so far."""
        with self._cond:
            return self._raw_bytes

    def wait_for(self, *texts: str | re.Pattern[str], after: int = 0, timeout: float = 30.0) -> Seen:
        """Wait until every one of `texts` (a text or a regular expression) came after `after`; when the last did.

        A text counts when it begins after `after` (so a key's echo is never
        taken from what was drawn before the key). Raises TimeoutError (with
        the end of the output) when they do not come in `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found: list[int] = []
                joined, offset = self._joined(after)
                start = max(0, after - offset)
                for text in texts:
                    if isinstance(text, str):
                        index = joined.find(text, start)
                        end = index + len(text)
                    else:
                        match = text.search(joined, start)
                        index, end = (match.start(), match.end()) if match is not None else (-1, -1)
                    if index < 0:
                        break
                    found.append(offset + end)
                if len(found) == len(texts):
                    end = max(found)
                    return Seen(self._arrival(end), end)
                if self._closed:
                    raise TimeoutError(f"the program ended before {texts!r} showed:\n{self.tail()}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{texts!r} did not show in {timeout} s:\n{self.tail()}")
                self._cond.wait(remaining)

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until the program wrote nothing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline:
                last = self._ends[-1][1] if self._ends else self.started
                idle = time.perf_counter() - last
                if idle >= quiet:
                    return
                self._cond.wait(quiet - idle)

    def since(self, mark: int) -> str:
        """The stripped output after `mark`."""
        with self._cond:
            text, offset = self._joined(mark)
        return text[max(0, mark - offset) :]

    def tail(self, size: int = 1500) -> str:
        """The end of the stripped output (for error messages)."""
        with self._cond:
            text, _ = self._joined(max(0, self._length - size))
        return text[-size:]

    # ----------------------------------------------------------------- writing and the process

    def send(self, data: bytes) -> float:
        """Type `data` (the bytes of one or more keys); when it was written (time.perf_counter)."""
        os.write(self._master, data)
        return time.perf_counter()

    def cpu(self) -> float:
        """CPU seconds the program used so far (user and system, from /proc/PID/stat)."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def close(self) -> None:
        """End the program (its whole session) and the reader."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.close(self._master)
        except OSError:
            pass
        self._reader.join(timeout=5)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
