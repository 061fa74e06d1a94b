"""The half-year summary for the evaluation meeting, on screen (issue 21).

`EvaluationScreen(meeting_id="")` shows the page `facilitator.evaluation`
makes from the group's own files: attendance per member, speaking time against
the fair share, the items that ran over, the themes against the plan, the roles
held, the open actions, the booklet's four questions and what the last
evaluation concluded. Without an id it is for the next evaluation meeting (else
the last one). The files are read in a worker; `x` writes the same page as
Markdown to hand out (0600, like every export), `escape` goes back.

It opens from the meeting plan (`v` on a meeting) and from the conclusions
dialog of the live evaluation meeting (F2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown, Static

from facilitator import glyphs
from facilitator.app import stylesheet
from facilitator.i18n import t
from facilitator.screens.group_common import CSS, GroupScreen, PathDialog, chosen_path, default_export_dir

__all__ = ["EvaluationScreen"]


@dataclass(frozen=True)
class _Page:
    """What was read: the Markdown page and the meeting it is for."""

    text: str
    meeting_id: str


class EvaluationScreen(GroupScreen):
    """The half-year in numbers for the evaluation meeting; see the module docstring."""

    CSS_PATH = [*CSS, stylesheet("year.tcss")]
    BINDINGS = [
        Binding("x", "export", "year.bind_export_evaluation", tooltip="year.tip_export_evaluation", id="evaluation.export"),
    ]

    def __init__(self, meeting_id: str = "") -> None:
        super().__init__()
        self.meeting_id = meeting_id
        """The evaluation meeting asked for ("" : the next one, else the last)."""
        self.page: _Page | None = None
        """The page as last read (None while reading)."""

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with VerticalScroll(id="evaluation-body"):
            yield Static(t("year.reading"), id="evaluation-status", classes="muted")
            yield Markdown("", id="evaluation-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("year.evaluation_screen_title")
        if self.read_group() is not None:
            self.read_page()

    @work(thread=True, exclusive=True, group="evaluation-read", exit_on_error=False)
    def read_page(self) -> None:
        """Read the meetings of the half-year and make the page (off the UI thread)."""
        from facilitator.evaluation import evaluation_markdown, load_summary
        from facilitator.zones import today_in

        group = self.group
        if group is None:
            return
        today = today_in(self.facilitator.clock, group.settings.zone())
        try:
            summary = load_summary(self.store, group, self.meeting_id or None, today)
        except Exception as error:  # StoreError: the folder cannot be read; said on the screen
            self.app.call_from_thread(self._failed, str(error))
            return
        text = evaluation_markdown(group, summary, self.facilitator.language)
        page = _Page(text, summary.evaluation.id if summary.evaluation is not None else "")
        self.app.call_from_thread(self._show, page)

    def _failed(self, message: str) -> None:
        self.query_one("#evaluation-status", Static).update(t("year.read_failed", error=message))

    async def _show(self, page: _Page) -> None:
        self.page = page
        status = self.query_one("#evaluation-status", Static)
        status.update(t("year.evaluation_hint"))
        await self.query_one("#evaluation-text", Markdown).update(page.text)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and self.page is None:
            return None
        return True

    def action_export(self) -> None:
        """x: write the page as Markdown (asks for the file)."""
        if self.page is None:
            return
        name = t("year.evaluation_file", id=self.page.meeting_id or "halvaar")
        dialog = PathDialog(t("year.export_evaluation_title"), default_export_dir() / name, (".md", ".txt"))
        self.app.push_screen(dialog, self._export)

    def _export(self, text: str | None) -> None:
        if text is None or self.page is None:
            return
        from facilitator.export import write_export

        path: Path = chosen_path(text)
        try:
            write_export(path, self.page.text.encode("utf-8"))
        except Exception as error:  # StoreError, OSError from the atomic write: shown, nothing lost
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        self.notify(t("year.written", path=str(path)), timeout=8)
