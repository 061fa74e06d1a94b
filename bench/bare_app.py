"""The baseline of every benchmark: a bare Textual app, run the way facilitator is run.

`BareApp` is the smallest app worth comparing with: a Header, one Static and a
Footer. It honours the same two environment variables as facilitator, so a
start-up benchmark runs both programs alike:

- `FACILITATOR_HEADLESS=1` runs it headless (no terminal output);
- `FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME=1` ends the process on Textual's
  Ready event ("the DOM is ready and the first frame has been displayed"),
  at once (`os._exit`, headless there is no terminal to restore), so work
  begun after the first frame is not counted.

`BareTextArea` is the baseline of the typing benchmark: one TextArea and a
Footer, nothing else. `python bench/bare_app.py` runs `BareApp`,
`python bench/bare_app.py --textarea BYTES` runs `BareTextArea` holding
BYTES of minutes (bench/common.py `filler`).
"""

from __future__ import annotations

import os
import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static, TextArea

EXIT_AFTER_FIRST_FRAME = "FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME"
"""Environment variable: exit once the first frame is drawn (start-up benchmarks)."""
HEADLESS = "FACILITATOR_HEADLESS"
"""Environment variable: run without a terminal."""


class BareApp(App[None]):
    """Header, one Static, Footer: what every Textual app costs at least."""

    TITLE = "Bare"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello from a bare Textual app.")
        yield Footer()

    def on_ready(self) -> None:
        """Textual's Ready: the first frame has been displayed (the start-up benchmarks end here)."""
        if os.environ.get(EXIT_AFTER_FIRST_FRAME) == "1":
            self._end_after_first_frame()

    def _end_after_first_frame(self) -> None:
        """The same end as facilitator's (FacilitatorApp._end_after_first_frame)."""
        if not self.is_headless:
            self.exit()
            return
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


class BareTextArea(App[None]):
    """One TextArea (and a Footer): the baseline of typing into the minutes."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        yield TextArea(self._text, id="minutes")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)


def main() -> None:
    """Run `BareApp` (headless when FACILITATOR_HEADLESS=1); `--textarea BYTES`: `BareTextArea` with that much text."""
    if len(sys.argv) == 3 and sys.argv[1] == "--textarea":
        from common import filler  # bench/ is on the path when this file runs as a script

        BareTextArea(filler(int(sys.argv[2]))).run(headless=os.environ.get(HEADLESS) == "1")
        return
    BareApp().run(headless=os.environ.get(HEADLESS) == "1")


if __name__ == "__main__":
    main()
