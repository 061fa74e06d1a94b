"""Theme ideas for the meetings (named theme_ideas to keep clear of the colour themes).

The booklet's ideas (work related; group dynamics and learning) and the
group's own, each marked with the date it was last covered by a finished
meeting and the date it is planned for. The moderator adds own themes (n) and
gives a theme and its theme owners to a planned meeting (enter / p).

The dates come from `planning.themes`, over the planned meetings and the
finished meetings of the last two years (read in a worker thread).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, DataTable, Header, Label, Select, SelectionList, Static

from facilitator import glyphs
from facilitator.i18n import t
from facilitator.planning import ThemeEntry, add_theme, themes
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.group_common import CSS, GroupScreen, TextDialog, escape, member_options
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting

HISTORY_DAYS = 731
"""Themes count as covered by the finished meetings of this many days back."""


class AssignThemeDialog(Dialog["tuple[str, list[str]] | None"]):
    """Chooses the planned meeting a theme goes to and its theme owners: (meeting id, owner ids)."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_assign", id="assign.save"),
        cancel_binding("assign.cancel", "group_screens"),
    ]

    def __init__(self, group: Group, theme: str, planned: list[Meeting]) -> None:
        super().__init__(cancel=None)
        self.group = group
        self.theme = theme
        self.planned = planned

    def compose_dialog(self) -> ComposeResult:
        from facilitator.export import format_date

        options = []
        for meeting in self.planned:
            label = f"{format_date(meeting.date)}: {meeting.title}"
            if meeting.theme:
                label += f" ({meeting.theme})"
            options.append((label, meeting.id))
        free = next((m.id for m in self.planned if not m.theme), self.planned[0].id if self.planned else None)
        with Vertical(classes="dialog form", id="assign-dialog"):
            yield Static(escape(t("group_screens.assign_title", theme=self.theme)), classes="dialog-title")
            yield Label(t("group_screens.assign_meeting"), classes="field-label")
            yield Select(options, value=free if free else Select.NULL, allow_blank=False, id="meeting", compact=True)
            yield Label(t("planning.role_theme_owners"), classes="field-label")
            yield SelectionList[str](*[(name, mid, False) for name, mid in member_options(self.group)], id="owners")
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        self._owners_of_meeting()
        self.query_one("#meeting", Select).focus()

    @on(Select.Changed, "#meeting")
    def _owners_of_meeting(self) -> None:
        """Show the chosen meeting's current theme owners."""
        value = self.query_one("#meeting", Select).value
        meeting = next((m for m in self.planned if m.id == value), None)
        owners = self.query_one("#owners", SelectionList)
        owners.deselect_all()
        if meeting is not None:
            for member_id in meeting.roles.theme_owners:
                try:
                    owners.select(member_id)
                except Exception:  # noqa: BLE001 - an owner who is no longer active
                    continue

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        value = self.query_one("#meeting", Select).value
        if not isinstance(value, str):
            return
        self.dismiss((value, [str(m) for m in self.query_one("#owners", SelectionList).selected]))


class ThemeIdeasScreen(GroupScreen):
    """The theme ideas with when each was covered; add own themes; give a meeting its theme."""

    BINDINGS = [
        Binding("n", "add", "group_screens.bind_add_theme", tooltip="group_screens.tip_add_theme", id="themes.add"),
        Binding("p", "assign", "group_screens.bind_assign", tooltip="group_screens.tip_assign", id="themes.assign"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ThemeEntry] = []
        self.meetings: list[Meeting] = []
        """The planned meetings and the finished ones of the last two years."""
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Vertical(id="themes-body", classes="group-body"):
            table: DataTable[str] = DataTable(id="themes", cursor_type="row", zebra_stripes=True, classes="list")
            table.border_title = t("group_screens.themes_title")
            yield table
            yield Static("", id="themes-summary", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#themes", DataTable)
        for key in ("covered", "planned", "title", "category"):
            table.add_column(t(f"group_screens.themes_col_{key}"), key=key)
        self.read_group()
        self.show()
        self.read_meetings()
        table.focus()

    @work(thread=True, exclusive=True, group="themes-read", exit_on_error=False)
    def read_meetings(self) -> None:
        """Read the planned meetings and the last two years' finished meetings (off the UI thread)."""
        group = self.group
        if group is None:
            return
        store = self.store
        since = self.facilitator.clock.now().date() - timedelta(days=HISTORY_DAYS)
        meetings: list[Meeting] = []
        for summary in store.history_index(group.id):
            if summary.date >= since:
                try:
                    meetings.append(store.load_meeting(group.id, summary.id))
                except Exception:  # noqa: BLE001 - listed on the home screen
                    continue
        meetings += store.upcoming_meetings(group.id)
        self.app.call_from_thread(self._meetings_read, meetings)

    def _meetings_read(self, meetings: list[Meeting]) -> None:
        self.meetings = meetings
        self.loaded = True
        self.show()

    @property
    def planned(self) -> list[Meeting]:
        return sorted((m for m in self.meetings if m.status == "planned"), key=lambda m: (m.date, m.start, m.id))

    def show(self, select: str | None = None) -> None:
        group = self.group
        table = self.query_one("#themes", DataTable)
        row = table.cursor_row
        table.clear()
        if group is None:
            return
        self.entries = themes(group, self.meetings)
        for n, entry in enumerate(self.entries):
            covered = entry.covered_on.isoformat() if entry.covered_on else ""
            planned = entry.planned_on.isoformat() if entry.planned_on else ""
            if covered:
                covered = f"✓ {covered}"
            table.add_row(covered, planned, escape(entry.title), t(f"group_screens.cat_{entry.category}"), key=str(n))
        if select is not None:
            row = next((n for n, e in enumerate(self.entries) if e.title == select), row)
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
        table.border_subtitle = t("group_screens.themes_hint")
        own = sum(1 for e in self.entries if e.category == "own")
        covered_count = sum(1 for e in self.entries if e.covered_on)
        summary = t("group_screens.themes_summary", total=len(self.entries), own=own, covered=covered_count)
        if not self.loaded:
            summary += " " + t("group_screens.reading")
        self.query_one("#themes-summary", Static).update(summary)
        self.refresh_bindings()

    def selected(self) -> ThemeEntry | None:
        table = self.query_one("#themes", DataTable)
        if not self.entries or table.row_count == 0:
            return None
        return self.entries[min(table.cursor_row, len(self.entries) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "assign" and (self.selected() is None or not self.planned):
            return None
        if action == "add" and self.group is None:
            return None
        return True

    def action_add(self) -> None:
        """Add one of the group's own theme ideas."""
        group = self.group
        if group is None:
            return

        def check(text: str) -> str | None:
            probe = group.model_copy(deep=True)
            key = add_theme(probe, text)
            return t(key) if key else None

        dialog = TextDialog(t("group_screens.add_theme_title"), t("group_screens.theme_name"), "", check)
        self.app.push_screen(dialog, self._add)

    def _add(self, title: str | None) -> None:
        if not title:
            return
        from facilitator.planning import PlanningError

        def change(group: Group) -> None:
            key = add_theme(group, title)
            if key:
                raise PlanningError(key)

        if self.change_group(change):
            self.notify(t("group_screens.theme_added", title=title))
            self.show(select=" ".join(title.split()))

    @on(DataTable.RowSelected, "#themes")
    def _row_selected(self) -> None:
        if self.app.screen is not self:  # a second enter, queued before the first one's dialog opened
            return
        if self.check_action("assign", ()):
            self.action_assign()

    def action_assign(self) -> None:
        """Give the selected theme (and its theme owners) to a planned meeting."""
        entry = self.selected()
        if entry is None or self.group is None or not self.planned:
            return
        dialog = AssignThemeDialog(self.group, entry.title, self.planned)
        self.app.push_screen(dialog, lambda choice: self._assign(entry.title, choice))

    def _assign(self, theme: str, choice: tuple[str, list[str]] | None) -> None:
        if choice is None or self.group is None:
            return
        meeting_id, owners = choice
        meeting = next((m for m in self.meetings if m.id == meeting_id), None)
        if meeting is None:
            return
        changed = meeting.model_copy(deep=True)
        changed.theme = theme
        changed.roles.theme_owners = owners
        if self.save_meeting(changed):
            self.meetings = [changed if m.id == meeting_id else m for m in self.meetings]
            from facilitator.export import format_date

            self.notify(t("group_screens.theme_assigned", theme=theme, date=format_date(changed.date)))
            self.show(select=theme)
