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
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Static

from facilitator import glyphs
from facilitator.i18n import t
from facilitator.screens.group_common import CSS, GroupScreen, PathDialog, chosen_path, default_export_dir
from facilitator.ui import stylesheet
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

__all__ = ["EvaluationScreen"]


@dataclass(frozen=True)
class _Page:
    """What was read: the page's parts, its Markdown and the meeting it is for."""

    text: str
    meeting_id: str
    title: str = ""
    intro: tuple[str, ...] = ()
    sections: tuple[Any, ...] = ()


def section_renderable(section: Any) -> Any:
    """One section of the page for a Static: its lines, then its table (Rich, no colours of its own)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    for n, line in enumerate(section.lines, start=1):
        prefix = f"{n}. " if section.numbered else ("· " if section.bullets else "")
        parts.append(Text(prefix + line))
    if section.header:
        table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold", expand=False)
        for n, name in enumerate(section.header):
            table.add_column(name, justify="left" if n == 0 or (section.rows and not _numeric(section.rows, n)) else "right")
        for row in section.rows:
            table.add_row(*(Text(cell) for cell in row))  # names are text, never markup
        parts.append(table)
    parts += [Text(line) for line in section.after]
    return Group(*parts)


def _numeric(rows: Any, column: int) -> bool:
    return all(row[column].replace("\u00a0%", "").strip().isdigit() or row[column] == "–" for row in rows)


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
            yield Vertical(id="evaluation-sections")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("year.evaluation_screen_title")
        if self.read_group() is not None:
            self.read_page()

    @work(thread=True, exclusive=True, group="evaluation-read", exit_on_error=False)
    def read_page(self) -> None:
        """Read the meetings of the half-year and make the page (off the UI thread)."""
        from facilitator.evaluation import evaluation_markdown, load_summary, page_sections
        from facilitator.zones import today_in

        group = self.group
        if group is None:
            return
        today = today_in(self.facilitator.clock, group.settings.zone())
        try:
            summary = load_summary(self.store, group, self.meeting_id or None, today)
        except Exception as error:  # noqa: BLE001 - StoreError: the folder cannot be read; said on the screen
            self.app.call_from_thread(self._failed, str(error))
            return
        language = self.facilitator.language
        text = evaluation_markdown(group, summary, language)
        title, intro, sections = page_sections(group, summary, language)
        meeting_id = summary.evaluation.id if summary.evaluation is not None else ""
        page = _Page(text, meeting_id, title, intro, tuple(sections))
        # call_from_thread awaits a coroutine function's result; mypy cannot solve Textual's
        # `Callable[..., T | Awaitable[T]]` for one (it infers Never).
        self.app.call_from_thread(self._show, page)  # type: ignore[arg-type]

    def _failed(self, message: str) -> None:
        self.query_one("#evaluation-status", Static).update(t("year.read_failed", error=message))

    async def _show(self, page: _Page) -> None:
        from rich.markup import escape

        self.page = page
        status = self.query_one("#evaluation-status", Static)
        lines = [f"[b]{escape(page.title)}[/b]", *(escape(line) for line in page.intro)]
        status.update("\n".join(lines))
        status.set_class(False, "muted")
        panels = []
        for section in page.sections:
            panel = Static(section_renderable(section), classes="panel evaluation-section")
            panel.border_title = section.title
            panels.append(panel)
        container = self.query_one("#evaluation-sections", Vertical)
        await container.remove_children()
        await container.mount_all(panels)
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
        except Exception as error:  # noqa: BLE001 - StoreError, OSError from the atomic write: shown, nothing lost
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        self.notify(t("year.written", path=str(path)), timeout=8)
