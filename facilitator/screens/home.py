"""The home screen: the group, the next meeting, the planned meetings and any file problems.

The files are read in a worker thread each time the screen becomes active (at
start, and when the moderator comes back from a meeting), so the first frame
never waits for the disk. With an empty data folder the screen says in one
sentence what to do and offers two actions: create a group or load the demo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Static
from textual.worker import Worker, WorkerState

from facilitator import glyphs, laptop
from facilitator.agendas import template_ids
from facilitator.glance import HomeView, Stamp, forget_view, read_view, stamps, write_view
from facilitator.i18n import clock, t
from facilitator.screens.command_list import CommandList
from facilitator.ui import localize_bindings, stylesheet
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two
from facilitator.widgets.tables import cursor_row_key

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.model import AppSettings, Group, Meeting
    from facilitator.screens.create_group import GroupDraft
    from facilitator.screens.dialogs import NewMeetingRequest
    from facilitator.screens.history import KeptHistory
    from facilitator.store import ConflictCopy, Problem

GROUP_SCREEN_KEYS = (
    ("u", "members"), ("l", "plan"), ("a", "agenda"), ("i", "invitation"), ("r", "agreements"), ("t", "themes"),
)
"""Keys of the screens that run the group between meetings; agenda and invitation open the selected meeting's."""


def _agenda_label(template: str) -> str:
    """A built-in agenda's name in the palette: its catalog text, or the agenda's own title (a new agenda file)."""
    key = f"home.template_{template}"
    label = t(key)
    if label != key:
        return label
    from facilitator.agendas import builtin_agenda
    from facilitator.i18n import get_language

    return builtin_agenda(template, get_language()).title


@dataclass
class HomeState:
    """Everything the home screen shows, read in one go off the UI thread."""

    settings: AppSettings
    group: Group | None
    upcoming: list[Meeting] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    meeting_count: int = 0
    finished: int = 0
    last_finished: date | None = None
    last_finished_id: str | None = None
    """The newest finished meeting (c opens it for corrections)."""
    conflicts: list[ConflictCopy] = field(default_factory=list)
    """Files two laptops changed apart: conflict copies beside them (k chooses; screens/handover.py)."""
    view: HomeView | None = None
    """What the screen shows of the group, made in the worker (None: no group)."""


def format_day(day: date) -> str:
    """A date with its weekday in the current language: 'Thursday 19 March 2026'."""
    weekdays = t("home.weekdays").split(",")
    months = t("home.months").split(",")
    if len(weekdays) != 7 or len(months) != 12:
        return day.isoformat()
    return t("home.date_format", weekday=weekdays[day.weekday()], day=day.day, month=months[day.month - 1], year=day.year)


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to the data folder when it lies inside it."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def problem_line(problem: Problem, root: Path) -> str:
    """One problem as 'PATH:LINE: message' or 'PATH: field: message', the path relative to the data folder.

    Control characters are made visible (a file name holding an escape sequence is shown, never obeyed).
    """
    from facilitator.textlimits import visible

    where = visible(relative_path(problem.path, root))
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.col is not None:
            where += f":{problem.col}"
    if problem.field:
        return f"{where}: {visible(problem.field)}: {visible(problem.message)}"
    return f"{where}: {visible(problem.message)}"


def home_view(
    group: Group, upcoming: list[Meeting], finished: int, last: date | None, theme: str, history: KeptHistory | None = None
) -> HomeView:
    """The texts and rows the home screen shows of `group` (no widget: made in the worker, kept by glance.py)."""
    from facilitator.i18n import get_language
    from facilitator.purpose import purpose_summary  # issue 21: the network's purpose and form

    active = len(group.active_members)
    limit = group.settings.max_members
    lines = [f"[b]{_escape(group.name)}[/b]", t("home.member_count", count=active)]
    about = purpose_summary(group.purpose, get_language(), how_often=False)
    if about:
        lines.insert(1, f"[$text-muted]{_escape(about)}[/]")
    if active > limit:
        lines.append(f"[$warning]{glyphs.WARNING} {t('home.too_many', count=active, max=limit)}[/]")
    if last is not None:
        lines.append(t("home.finished", count=finished, day=last.isoformat()))
    else:
        lines.append(t("home.none_finished"))

    planned = [m for m in upcoming if m.status == "planned"]
    live = [m for m in upcoming if m.status == "live"]
    shown = live[0] if live else (planned[0] if planned else None)
    if shown is None:
        next_text = t("home.no_planned")
    else:
        moderator = group.name_of(shown.roles.moderator) if shown.roles.moderator else t("home.no_moderator")
        next_text = "\n".join(
            [
                f"[b]{format_day(shown.date)}, {clock(shown.start)}[/b]",
                _escape(shown.title or shown.id),
                t("home.place", place=_escape(shown.place)) if shown.place else t("home.no_place"),
                t("home.moderator", name=_escape(moderator)),
            ]
        )
    rows: list[tuple[str, str, str, str, str, str]] = []
    for meeting in upcoming:
        title = meeting.title or meeting.id
        if meeting.status == "live":
            title = f"● {title} ({t('home.status_live')})"
        rows.append(
            (
                meeting.id,
                meeting.date.isoformat(),
                clock(meeting.start),
                title,
                group.name_of(meeting.roles.moderator) if meeting.roles.moderator else "–",
                meeting.place or "–",
            )
        )
    return HomeView(
        title=group.name,
        group_text="\n".join(lines),
        next_title=t("home.live_title") if live else t("home.next_title"),
        next_text=next_text,
        rows=tuple(rows),
        planned_subtitle=t("home.open_hint") if upcoming else t("home.no_planned_hint"),
        theme=theme,
        group_id=group.id,
        history=history.rows if history else (),
        history_total=history.total if history else 0,
        history_widths=history.widths if history else (),
    )


class HomeCommands(CommandList):
    """The home screen's actions in the command palette."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, HomeScreen):
            return
        has_group = screen.group is not None
        if has_group:
            for template in template_ids():
                yield (
                    t("home.cmd_new", agenda=_agenda_label(template)),
                    t("home.cmd_new_help"),
                    partial(screen.action_new_meeting, template),
                )
            if screen.selected_meeting_id() is not None:
                yield t("home.cmd_open"), t("home.cmd_open_help"), screen.action_open_meeting
            yield t("home.cmd_history"), t("home.cmd_history_help"), screen.action_history
            for _key, name in GROUP_SCREEN_KEYS:
                if name in ("agenda", "invitation") and screen.selected_meeting_id() is None:
                    continue
                yield (
                    t(f"group_screens.home_bind_{name}"),
                    t(f"group_screens.home_tip_{name}"),
                    partial(screen.action_open_group_screen, name),
                )
        if screen.state is not None and screen.state.conflicts:
            yield t("sync.cmd_conflicts"), t("sync.tip_conflicts"), screen.action_conflicts
        yield t("sync.cmd_import"), t("sync.tip_import"), screen.action_import_bundle
        if has_group:
            yield t("sync.cmd_export"), t("sync.tip_export"), screen.action_export_bundle
        yield t("home.cmd_create_group"), t("home.cmd_create_group_help"), screen.action_create_group
        yield t("home.cmd_demo"), t("home.cmd_demo_help"), screen.action_load_demo
        yield t("home.cmd_theme"), t("home.cmd_theme_help"), screen.action_toggle_theme
        yield t("home.cmd_quit"), t("home.cmd_quit_help"), screen.app.action_quit


class HomeScreen(Screen[None]):
    """The first screen: where the group stands and what comes next."""

    CSS_PATH = [stylesheet("home.tcss")]
    COMMANDS = {HomeCommands}
    # Every action is in the footer (issue 2), the most used first, as a narrow footer cuts off the end:
    # open, new, history, the group's screens between meetings, then create group, demo and quit.
    BINDINGS = [
        Binding(
            "enter", "open_meeting", "home.bind_open", tooltip="home.tip_open", id="home.open_meeting", priority=True
        ),
        Binding("n", "new_meeting", "home.bind_new", tooltip="home.tip_new", id="home.new_meeting"),
        Binding("h", "history", "home.bind_history", tooltip="home.tip_history", id="home.history"),
        # The group's screens between meetings (screens/members.py, plan.py ...).
        *[
            Binding(
                key, f"open_group_screen('{name}')", f"group_screens.home_bind_{name}",
                tooltip=f"group_screens.home_tip_{name}", id=f"home.{name}",
            )
            for key, name in GROUP_SCREEN_KEYS
        ],
        Binding("c", "correct_last", "home.bind_correct", tooltip="home.tip_correct", id="home.correct_last"),
        Binding("g", "create_group", "home.bind_group", tooltip="home.tip_group", id="home.create_group"),
        Binding("d", "load_demo", "home.bind_demo", tooltip="home.tip_demo", id="home.load_demo"),
        Binding("q", "quit", "home.bind_quit", tooltip="home.tip_quit", id="home.quit"),
        # Two laptops, one group (screens/handover.py): the conflicts (only while there are some), import, hand over.
        Binding("k", "conflicts", "sync.bind_conflicts", tooltip="sync.tip_conflicts", id="home.conflicts"),
        Binding("b", "import_bundle", "sync.bind_import", tooltip="sync.tip_import", id="home.import_bundle"),
        Binding("e", "export_bundle", "sync.bind_export", tooltip="sync.tip_export", id="home.export_bundle"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self.group: Group | None = None
        """The group shown (None when there is none, or before the first read)."""
        self.state: HomeState | None = None
        """What was read last (None until the first read finished)."""
        self._select_next: str | None = None
        self._painted: HomeView | None = None
        """The view the panels show now."""
        self._waiting: list[Callable[[], object]] = []
        """Keys pressed while the kept view showed, before the read was done (`_after_read`)."""
        self.glanced: HomeView | None = None
        """The view kept from the last read (glance.py), drawn in the first frame until this start's read is done."""

    @property
    def facilitator(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)  # always the program's app; the type only for mypy

    # --- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The first frame shows the view kept from the last read when nothing it came from has changed
        # (glance.py). Else it shows "loading" only: what shows the files is mounted lazily, after that
        # frame (hidden until the read is done), so start-up does not wait for building it.
        app = self.facilitator
        if self.state is None and not self.glanced:
            self.glanced = read_view(laptop.local_dir(app.data_dir), app.language, app.data_dir)
            if self.glanced is not None:
                app.title = self.glanced.title
                if self.glanced.theme in app.available_themes and app.settings is None:
                    app.theme = self.glanced.theme
        glanced = self.glanced is not None
        yield Header(icon=glyphs.HEADER_ICON)
        with Vertical(id="home"):
            loading = Static(t("home.loading"), id="loading", classes="muted")
            loading.display = not glanced
            yield loading
            empty = Vertical(id="empty")
            empty.display = False
            with Lazy(empty) if not glanced else empty:  # hidden either way; with a kept view one frame less
                yield Static(t("home.empty"), id="empty-text")
                with Horizontal(id="empty-actions"):
                    yield Button(t("home.create_group_button"), id="create-group", variant="primary")
                    yield Button(t("home.demo_button"), id="load-demo")
                yield Static(t("sync.home_empty_import"), id="empty-import", classes="muted")
            # With a kept view the group's panels and table are in the first frame, filled; else they come
            # lazily, hidden until the read is done.
            view = self.glanced
            overview = Horizontal(id="overview")
            overview.display = glanced
            with Lazy(overview) if not glanced else overview:
                group_panel = Static(view.group_text if view else "", id="group", classes="panel")
                group_panel.border_title = t("home.group_title")
                yield group_panel
                next_panel = Static(view.next_text if view else "", id="next", classes="panel")
                next_panel.border_title = view.next_title if view else t("home.next_title")
                yield next_panel
            table: DataTable[Text] = DataTable(id="planned", cursor_type="row", zebra_stripes=True, classes="panel")
            table.border_title = t("home.planned_title")
            table.display = glanced
            if view is not None:
                self._fill_table(table, view)
                self._painted = view
            else:
                self._add_columns(table, ())
            yield table if glanced else Lazy(table)
            problems = Static(id="problems", classes="panel")
            problems.border_title = t("home.problems_title")
            problems.display = False
            yield problems if glanced else Lazy(problems)
            conflicts = Static(id="conflicts", classes="panel")
            conflicts.border_title = t("sync.home_conflicts_title")
            conflicts.border_subtitle = t("sync.home_conflicts_hint")
            conflicts.display = False
            yield conflicts if glanced else Lazy(conflicts)
        yield Footer()

    @property
    def built(self) -> bool:
        """The lazily mounted part of the screen is there (it comes right after the first frame)."""
        return all(self.query(f"#{part}") for part in ("empty", "overview", "planned", "problems", "conflicts"))

    def on_screen_resume(self) -> None:
        """Read the files again each time the screen comes back (a meeting may have changed).

        The read starts after the next frame, so the screen is drawn before any file is read.
        """
        self.call_after_refresh(self.reload)

    def _show_mode(self, mode: str) -> None:
        """'loading', 'empty' (no group) or 'group'."""
        if not self.built:
            self.call_after_refresh(self._show_mode, mode)
            return
        self.query_one("#loading").display = mode == "loading"
        self.query_one("#empty").display = mode == "empty"
        self.query_one("#overview").display = mode == "group"
        self.query_one("#planned").display = mode == "group"
        if mode == "loading":
            self.query_one("#problems").display = False
            self.query_one("#conflicts").display = False

    # --- reading -----------------------------------------------------------------

    def reload(self) -> None:
        """Read the group, the planned meetings and the problems in a worker thread."""
        self.run_worker(self._read, thread=True, exclusive=True, group="home-read", exit_on_error=False)

    def _read(self) -> HomeState:
        from facilitator.screens.history import kept_history

        app = self.facilitator
        store = app.store
        kept: list[Stamp] = stamps([store.settings_path, store.root / "groups"])  # before reading: see glance.py
        settings, group = app.read_state()
        upcoming: list[Meeting] = []
        count = 0
        finished: list[date] = []
        last_id = None
        view = None
        if group is not None:
            kept += stamps([store.group_path(group.id), store.meetings_dir(group.id)])
            count = len(store.meeting_ids(group.id))
            upcoming = store.upcoming_meetings(group.id)
            summaries = store.history_index(group.id)  # newest first
            finished = [summary.date for summary in summaries]
            last_id = summaries[0].id if summaries else None
            history = kept_history(summaries)  # the first frame of `facilitator history` (glance.py)
            view = home_view(group, upcoming, len(finished), max(finished, default=None), settings.theme, history)
            kept += stamps([store.index_path(group.id), *(store.meeting_path(group.id, m.id) for m in upcoming)])
        conflicts = store.conflict_copies(group.id if group is not None else None)
        problems = list(store.problems)
        try:
            if view is not None and not problems and not conflicts:
                write_view(store.local_dir, view, app.language, app.data_dir, kept)
            else:
                forget_view(store.local_dir)  # a warning is always shown from a fresh read
        except OSError:
            pass  # a cache of this laptop's: the next start shows "loading" a moment longer
        return HomeState(
            settings, group, upcoming, problems, count, len(finished), max(finished, default=None), last_id,
            conflicts, view,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "home-read":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, HomeState):
            self.show_state(event.worker.result)
        elif event.state == WorkerState.ERROR:
            # The store turns every bad file into a problem in the list, so an error here is a bug: the
            # boundary reports it. Never "There is no group here yet" with the create buttons: there may be one.
            error = event.worker.error
            if isinstance(error, Exception):
                self.facilitator.unexpected_error(error)
            self.glanced, self._waiting = None, []  # the kept view is not shown as if it were read
            if self.built:
                self.query_one("#loading", Static).update(t("home.read_failed"))
            self._show_mode("loading")

    def show_state(self, state: HomeState) -> None:
        """Show freshly read state (UI thread)."""
        if not self.built:  # read before the lazy part was mounted: show it once it is
            self.call_after_refresh(self.show_state, state)
            return
        self.state = state
        self.group = state.group
        self.facilitator.apply_state(state.settings, state.group)
        self._show_problems(state.problems)
        self._show_conflicts(state.conflicts)
        if state.group is None:
            self._show_mode("empty")
            self.query_one("#create-group", Button).focus()
        else:
            if state.view is not None:
                self._paint(state.view)
            self._show_mode("group")
            self.query_one("#planned", DataTable).focus()
        self.refresh_bindings()
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _paint(self, view: HomeView) -> None:
        """Show `view` in the panels and the table (from a fresh read, or kept from the last one at start)."""
        if view == self._painted:
            return  # the read found what the first frame showed: nothing to draw again
        self._painted = view
        self.query_one("#group", Static).update(view.group_text)
        next_panel = self.query_one("#next", Static)
        next_panel.border_title = view.next_title
        next_panel.update(view.next_text)
        table = self.query_one("#planned", DataTable)
        selected = self._select_next or self.selected_meeting_id()
        self._select_next = None
        self._fill_table(table, view)
        if selected is not None and selected in {row[0] for row in view.rows}:
            table.move_cursor(row=table.get_row_index(selected))

    @staticmethod
    def _add_columns(table: DataTable[Text], rows: tuple[tuple[str, ...], ...]) -> None:
        """The table's columns, each as wide as its label or its widest cell in `rows`.

        Set here, not measured by the DataTable: it measures only once idle, and lines
        drawn before that keep label-wide columns (see `value_widths` in screens/history.py).
        """
        for index, key in enumerate(("date", "time", "title", "moderator", "place"), start=1):
            label = t(f"home.col_{key}")
            width = max((cell_len(row[index]) for row in rows), default=0)
            table.add_column(label, key=key, width=max(cell_len(label), width))

    def _fill_table(self, table: DataTable[Text], view: HomeView) -> None:
        table.clear(columns=True)
        self._add_columns(table, view.rows)
        for key, *cells in view.rows:
            table.add_row(*(Text(cell) for cell in cells), key=key)  # a title or a name is text, never markup
        table.border_subtitle = view.planned_subtitle

    def _show_problems(self, problems: list[Problem]) -> None:
        panel = self.query_one("#problems", Static)
        panel.display = bool(problems)
        if not problems:
            return
        root = self.facilitator.data_dir
        panel.border_subtitle = t("home.problems_hint")
        panel.update("\n".join(_escape(problem_line(p, root)) for p in problems))

    def _show_conflicts(self, conflicts: list[ConflictCopy]) -> None:
        from facilitator.screens.handover import conflict_lines

        panel = self.query_one("#conflicts", Static)
        panel.display = bool(conflicts)
        if conflicts:
            panel.update(conflict_lines(conflicts))

    def selected_meeting_id(self) -> str | None:
        """The id of the meeting under the table's cursor."""
        found = self.query("#planned").results(DataTable)
        table = next(iter(found), None)
        return cursor_row_key(table) if table is not None else None

    # --- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Meeting actions need a group; opening needs a planned meeting (shown dimmed otherwise).

        The group's screens are hidden while there is no group, dimmed (agenda, invitation) while no
        planned meeting is selected."""
        has_group = self.group is not None or self._reading_after_glance
        if action in ("new_meeting", "history") and not has_group:
            return None
        if action == "export_bundle":
            return has_group  # no group: nothing to hand over (hidden, as the group's screens)
        if action == "conflicts":
            return bool(self.state and self.state.conflicts)  # shown only while there are some
        if action == "open_meeting" and (not has_group or self.selected_meeting_id() is None):
            return None
        if action == "correct_last":
            return False if not has_group else (True if self.state and self.state.last_finished_id else None)
        if action == "open_group_screen":
            if not has_group:
                return False  # first start: the footer offers creating a group, not six screens of none
            if parameters and parameters[0] in ("agenda", "invitation") and self.selected_meeting_id() is None:
                return None
        return True

    @property
    def _reading_after_glance(self) -> bool:
        """The first frame showed the kept view (glance.py) and this start's read is not done yet."""
        return self.state is None and self.glanced is not None

    def _after_read(self, action: Callable[[], object]) -> bool:
        """While the kept view shows and the read is not done: run `action` once it is (True), else False.

        The view looks like the group, so its keys are live: one pressed in the moment before
        the read is done is kept, never lost.
        """
        if not self._reading_after_glance:
            return False
        self._waiting.append(action)
        return True

    def action_open_group_screen(self, name: str) -> None:
        """Open one of the group's screens (members, plan, agreements, themes, or the selected meeting's agenda/invitation)."""
        if self._after_read(partial(self.action_open_group_screen, name)):
            return
        if self.group is None:
            return
        if name in ("agenda", "invitation"):
            meeting_id = self.selected_meeting_id()
            if meeting_id is not None:
                self.facilitator.open_screen((name, meeting_id))
            return
        self.facilitator.open_screen((name,))

    @on(DataTable.RowSelected, "#planned")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if self.app.screen is not self:  # a second enter, queued before the first one's meeting opened
            return
        if event.row_key.value is not None:
            self.facilitator.open_meeting(str(event.row_key.value))

    def action_open_meeting(self) -> None:
        """Open the live meeting screen for the selected meeting."""
        if self._after_read(self.action_open_meeting):
            return
        meeting_id = self.selected_meeting_id()
        if meeting_id is not None:
            self.facilitator.open_meeting(meeting_id)

    def action_history(self) -> None:
        """Open the history of past meetings."""
        if self._after_read(self.action_history):
            return
        self.facilitator.open_history()

    def action_correct_last(self) -> None:
        """c: open the last finished meeting again for corrections (its minutes, roles, attendance)."""
        if self._after_read(self.action_correct_last):
            return
        last = self.state.last_finished_id if self.state else None
        if last is None:
            self.notify(t("home.nothing_to_correct"), severity="warning")
            return
        self.facilitator.open_screen(("meeting", last, "reopen"))

    def action_quit(self) -> None:
        self.app.exit()

    def action_import_bundle(self) -> None:
        """b: take in a hand-over bundle from another laptop (asks for the file and the passphrase)."""
        from facilitator.screens.handover import import_bundle_from

        import_bundle_from(self)

    def action_export_bundle(self) -> None:
        """e: write the group's hand-over bundle for the next moderator's laptop."""
        if self._after_read(self.action_export_bundle):
            return
        from facilitator.screens.handover import export_bundle_from

        export_bundle_from(self)

    def action_conflicts(self) -> None:
        """k: choose between the versions of files two laptops changed apart."""
        from facilitator.screens.handover import open_conflicts

        open_conflicts(self)

    def action_toggle_theme(self) -> None:
        """Switch between the standard and the high-contrast theme (remembered)."""
        self.facilitator.toggle_theme()

    def default_template(self) -> str:
        """The agenda a new meeting most likely needs: first, second, then following."""
        count = self.state.meeting_count if self.state else 0
        return template_ids()[min(count, 2)]  # the third, following, for every meeting after the second

    def action_new_meeting(self, template: str | None = None) -> None:
        """Ask for the agenda, date and time of a new meeting, then plan it."""
        if self._after_read(partial(self.action_new_meeting, template)):
            return
        if self.group is None:
            self.notify(t("home.need_group"), severity="warning")
            return
        from facilitator.commands import DEFAULT_START, default_meeting_day
        from facilitator.screens.dialogs import NewMeetingDialog

        app = self.facilitator
        group = self.group
        try:
            agendas = [(a.id, a.title) for a in app.store.agendas(group.settings.language)]
        except Exception as error:  # noqa: BLE001 - a broken user agenda must not block planning
            self.notify(str(error), severity="error")
            return
        dialog = NewMeetingDialog(
            agendas, default_meeting_day(app.clock), DEFAULT_START, template or self.default_template()
        )
        app.push_screen(dialog, self._plan)

    def _plan(self, request: NewMeetingRequest | None) -> None:
        if request is None or self.group is None:
            return
        from facilitator.commands import plan_meeting

        try:
            meeting = plan_meeting(
                self.facilitator.store,
                self.group,
                request.template,
                request.day,
                request.start,
                request.title,
                request.place,
            )
        except Exception as error:  # noqa: BLE001 - StoreError: shown, never a crash
            self.notify(str(error), title=t("home.not_planned"), severity="error", timeout=10)
            return
        self.notify(t("home.planned", title=meeting.title, day=format_day(meeting.date)))
        self._select_next = meeting.id
        self.reload()

    def action_create_group(self) -> None:
        """Open the form that creates a group."""
        from facilitator.screens.create_group import CreateGroupScreen

        self.app.push_screen(CreateGroupScreen(), self._create_group)

    def _create_group(self, draft: GroupDraft | None) -> None:
        if draft is None:
            return
        from facilitator.model import Group, Member

        scratch = Group(name=draft.name)
        members: list[Member] = []
        for item in draft.members:
            member = Member(id=scratch.new_member_id(item.name), name=item.name, phone=item.phone, email=item.email)
            scratch.members.append(member)
            members.append(member)
        app = self.facilitator
        try:
            group = app.store.create_group(draft.name, members)
        except Exception as error:  # noqa: BLE001 - StoreError, OSError: shown, the form's content is reported
            self.notify(str(error), title=t("home.group_not_saved"), severity="error", timeout=15)
            return
        app.set_current_group(group)
        self.notify(t("home.group_created", name=group.name, count=len(members)))
        self.reload()

    def action_load_demo(self) -> None:
        """Write the demo group; when one exists already, ask before writing it again."""
        self._write_demo(False)

    def _ask_overwrite_demo(self) -> None:
        from facilitator.screens.dialogs import ConfirmDialog

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self._write_demo(True)

        self.app.push_screen(ConfirmDialog(t("home.demo_overwrite")), answered)

    @work(thread=True, exclusive=True, group="home-demo", exit_on_error=False)
    def _write_demo(self, force: bool) -> None:
        from facilitator.demo import write_demo

        app = self.facilitator
        try:
            write_demo(app.data_dir, meetings=6, force=force, today=app.clock.now().date(), language=app.language)
            group = app.store.load_group("demo")
        except Exception as error:  # noqa: BLE001 - the demo exists, or the disk refused: a message, never a crash
            if not force and _is_exists_error(error):
                app.call_from_thread(self._ask_overwrite_demo)
            else:
                app.call_from_thread(self.notify, str(error), title=t("home.demo_failed"), severity="error", timeout=15)
            return
        app.call_from_thread(self._demo_written, group)

    def _demo_written(self, group: Group) -> None:
        self.facilitator.set_current_group(group)
        self.notify(t("home.demo_loaded"))
        self.reload()

    @on(Button.Pressed, "#create-group")
    def _create_pressed(self) -> None:
        self.action_create_group()

    @on(Button.Pressed, "#load-demo")
    def _demo_pressed(self) -> None:
        self.action_load_demo()


def _is_exists_error(error: Exception) -> bool:
    """True when `error` says the demo group exists already (write_demo without force)."""
    return isinstance(error, FileExistsError) or "exist" in type(error).__name__.lower()


def _escape(text: str) -> str:
    """Text from the files, safe inside Textual markup."""
    from textual.markup import escape

    return escape(text)
