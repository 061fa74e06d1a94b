"""The meeting plan: the planned meetings, a series half a year or a year ahead, and each meeting's details.

The table lists the planned meetings (the evaluation meeting marked ◆, glyphs.EVALUATION) with
moderator, minute-taker, theme and absence notices. From here the moderator:

- plans a series (`SeriesDialog`): first date, every N weeks, until half a
  year or a year ahead, time, place, host, agenda template and the group's
  own skipped dates (school holidays, typed as a comma list of YYYY-MM-DD;
  the country's public holidays are skipped without being typed); the preview
  lists every date, the dates skipped and why, the evaluation meeting and the
  meetings that would end after the latest end, before anything is saved;
- edits one meeting (`MeetingEditDialog`): date, time, title, place, theme and
  theme owners;
- sets its roles (`RolesDialog` in screens/roles.py, with the rota's suggestion);
- records absence notices (`AbsenceDialog`), toggled per member;
- trims a meeting that ends after the group's latest end (! in the table;
  `t` shows the new minutes per item before anything changes);
- cancels a meeting (`c`; it stays in the calendar file as cancelled so the
  members' calendars drop it) or plans it again;
- opens the meeting's agenda editor or invitation, and exports the plan as
  an iCalendar file in the group's time zone.

Every meeting saved here is stamped for the calendar first
(`planning.stamp_calendar`), so its SEQUENCE goes up when its time, place or
title changed. The details of the selected meeting show the rota's suggestion
and why it chose each member, while its roles are not set.

`planning.plan_series` makes the meetings; the store writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Header, Input, Label, Select, SelectionList, Static

from facilitator import glyphs
from facilitator.i18n import clock, t
from facilitator.planning import (
    PlanningError,
    agenda_fits,
    cancel_meeting,
    plan_series,
    series_days,
    set_absence_notice,
    stamp_calendar,
    themes,
    trim_proposal,
    trim_to_end_by,
)
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.dialogs import parse_clock_time, parse_day
from facilitator.screens.group_common import (
    CSS,
    GroupScreen,
    PathDialog,
    chosen_path,
    default_export_dir,
    escape,
    member_options,
    role_names,
)
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two
from facilitator.widgets.tables import cursor_row_key

if TYPE_CHECKING:
    from facilitator.model import Agenda, Group, Meeting, Roles

HORIZONS = {"half": 182, "year": 364}
"""How far a series reaches: half a year or a year (in days from the first meeting)."""


def parse_skip_dates(text: str) -> tuple[list[date], list[str]]:
    """Dates typed as a comma (or space) separated list of YYYY-MM-DD: (dates, the parts that are not dates)."""
    days: list[date] = []
    bad: list[str] = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        day = parse_day(part)
        if day is None:
            bad.append(part)
        else:
            days.append(day)
    return days, bad


def short_date(day: date) -> str:
    """A date with its weekday, short: 'Thu 2026-03-19'."""
    from facilitator.export import format_date

    return format_date(day)


class SeriesDialog(Dialog["list[Meeting] | None"]):
    """Plans a series of meetings with a preview; dismisses with the meetings to save (or None)."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "group_screens.bind_create_series", tooltip="group_screens.tip_create_series", id="series.save"
        ),
        cancel_binding("series.cancel", "group_screens"),
    ]

    def __init__(
        self, group: Group, existing_ids: Sequence[str], agendas: Sequence[Agenda], first: date, place: str = ""
    ) -> None:
        """`first` and `place` are the suggested first date and place (e.g. the last planned meeting's)."""
        super().__init__(cancel=None)
        self.group = group
        self.existing_ids = list(existing_ids)
        self.agendas = {agenda.id: agenda for agenda in agendas}
        self.first = first
        self.place = place
        self.meetings: list[Meeting] = []
        """The meetings of the current preview (empty while the form has a problem)."""
        self.skipped: list[tuple[date, str]] = []
        """The dates the preview skips, with why (a public holiday's name, or the group's own date)."""

    def compose_dialog(self) -> ComposeResult:
        template = "following" if "following" in self.agendas else next(iter(self.agendas), "")
        with VerticalScroll(classes="dialog form", id="series-dialog"):
            yield Static(t("group_screens.series_title"), classes="dialog-title")
            with Horizontal(classes="columns"):
                with Vertical(classes="column"):
                    yield Label(t("group_screens.series_first"), classes="field-label")
                    yield Input(self.first.isoformat(), id="first", max_length=10, placeholder="YYYY-MM-DD", compact=True)
                    yield Label(t("group_screens.series_weeks"), classes="field-label")
                    yield Input("4", id="weeks", max_length=2, type="integer", compact=True)
                    yield Label(t("group_screens.series_until"), classes="field-label")
                    yield Select(
                        [(t(f"group_screens.horizon_{key}"), key) for key in HORIZONS],
                        compact=True,
                        value="half",
                        allow_blank=False,
                        id="horizon",
                    )
                    yield Label(t("group_screens.series_time"), classes="field-label")
                    yield Input("18:00", id="time", max_length=5, placeholder="HH:MM", compact=True)
                with Vertical(classes="column"):
                    yield Label(t("group_screens.series_place"), classes="field-label")
                    yield Input(self.place, id="place", max_length=200, compact=True)
                    yield Label(t("planning.role_host"), classes="field-label")
                    yield Select(
                        member_options(self.group),
                        allow_blank=True,
                        prompt=t("group_screens.nobody"),
                        id="host",
                        compact=True,
                    )
                    yield Label(t("group_screens.series_template"), classes="field-label")
                    yield Select(
                        [(agenda.title, agenda.id) for agenda in self.agendas.values()],
                        compact=True,
                        value=template,
                        allow_blank=False,
                        id="template",
                    )
                    yield Label(t("group_screens.series_skip"), classes="field-label")
                    yield Input(id="skip", placeholder=t("group_screens.series_skip_hint"), compact=True, max_length=500)
            yield Label(t("group_screens.preview"), classes="field-label")
            yield Static("", id="series-preview", classes="preview")
            yield from self.buttons(t("group_screens.create_series"))

    def on_mount(self) -> None:
        self.update_preview()
        self.query_one("#first", Input).focus()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def build(self) -> list[Meeting]:
        """The meetings the form describes; raises PlanningError (or ValueError with a message)."""
        first = parse_day(self._value("#first"))
        if first is None:
            raise ValueError(t("group_screens.bad_first"))
        try:
            weeks = int(self._value("#weeks"))
        except ValueError:
            raise ValueError(t("group_screens.bad_weeks")) from None
        start = parse_clock_time(self._value("#time"))
        if start is None:
            raise ValueError(t("group_screens.bad_time"))
        skip, bad = parse_skip_dates(self._value("#skip"))
        if bad:
            raise ValueError(t("group_screens.bad_skip", parts=", ".join(bad)))
        horizon = self.query_one("#horizon", Select).value
        until = first + timedelta(days=HORIZONS[str(horizon)])
        host = self.query_one("#host", Select).value
        template = str(self.query_one("#template", Select).value)
        agenda = self.agendas.get(template)
        _days, self.skipped = (
            series_days(self.group, first=first, weeks=weeks, until=until, skip=skip) if 1 <= weeks else ([], [])
        )
        return plan_series(
            self.group,
            self.existing_ids,
            first=first,
            weeks=weeks,
            until=until,
            start=start,
            place=self._value("#place"),
            host=host if isinstance(host, str) else "",
            template_items=agenda.items if agenda else (),
            template=template,
            skip=skip,
            title=agenda.title if agenda and template not in ("first", "second", "following") else "",
        )

    def update_preview(self) -> None:
        """Show every date of the series (or what is wrong); Create is disabled while wrong."""
        preview = self.query_one("#series-preview", Static)
        try:
            self.meetings = self.build()
        except (PlanningError, ValueError) as error:
            self.meetings = []
            self.skipped = []
            preview.update(f"[$error]{escape(str(error))}[/]")
            self.query_one("#save", Button).disabled = True
            return
        lines = [t("group_screens.preview_count", count=len(self.meetings))]
        end_by = self.group.settings.end_by_time()
        for meeting in self.meetings:
            mark = f"  {glyphs.EVALUATION} {t('group_screens.evaluation')}" if meeting.evaluation else ""
            fit = agenda_fits(meeting, end_by)
            if fit.over:
                mark += f"  {glyphs.WARNING} " + t(
                    "group_screens.ends_after", end=clock(fit.end), end_by=self.group.settings.end_by
                )
            lines.append(f"{short_date(meeting.date)} {clock(meeting.start)}{mark}")
        for day, reason in self.skipped:
            lines.append(t("group_screens.preview_skipped", date=short_date(day), reason=reason))
        preview.update(escape("\n".join(lines)))
        self.query_one("#save", Button).disabled = not self.meetings

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.update_preview()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the previewed meetings."""
        self.update_preview()
        if self.meetings:
            self.dismiss(self.meetings)


class MeetingEditDialog(Dialog["Meeting | None"]):
    """Edits one planned meeting: date, time, title, place, theme and theme owners."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_meeting", id="meeting_edit.save"),
        cancel_binding("meeting_edit.cancel", "group_screens"),
    ]

    def __init__(self, group: Group, meeting: Meeting, theme_titles: Sequence[str] = ()) -> None:
        super().__init__(cancel=None)
        self.group = group
        self.meeting = meeting
        self.theme_titles = list(theme_titles)

    def compose_dialog(self) -> ComposeResult:
        meeting = self.meeting
        with VerticalScroll(classes="dialog form", id="meeting-edit"):
            yield Static(t("group_screens.edit_meeting_title"), classes="dialog-title")
            with Horizontal(classes="columns"):
                with Vertical(classes="column"):
                    yield Label(t("group_screens.field_date"), classes="field-label")
                    yield Input(meeting.date.isoformat(), id="date", max_length=10, placeholder="YYYY-MM-DD", compact=True)
                    yield Static("", id="date-error", classes="field-error -empty")
                    yield Label(t("group_screens.field_time"), classes="field-label")
                    yield Input(clock(meeting.start), id="time", max_length=5, placeholder="HH:MM", compact=True)
                    yield Static("", id="time-error", classes="field-error -empty")
                    yield Label(t("group_screens.field_title"), classes="field-label")
                    yield Input(meeting.title, id="title", max_length=120, compact=True)
                    yield Label(t("group_screens.series_place"), classes="field-label")
                    yield Input(meeting.place, id="place", max_length=200, compact=True)
                with Vertical(classes="column"):
                    yield Label(t("group_screens.field_theme"), classes="field-label")
                    yield Input(
                        meeting.theme,
                        compact=True,
                        id="theme",
                        max_length=120,
                        placeholder=t("group_screens.theme_hint"),
                        suggester=SuggestFromList(self.theme_titles, case_sensitive=False),
                    )
                    yield Label(t("planning.role_theme_owners"), classes="field-label")
                    yield SelectionList[str](
                        *[(name, mid, mid in meeting.roles.theme_owners) for name, mid in member_options(self.group)],
                        id="theme-owners",
                    )
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    def _check(self) -> tuple[date | None, time | None]:
        day = parse_day(self.query_one("#date", Input).value)
        start = parse_clock_time(self.query_one("#time", Input).value)
        for field, ok, key in (("date", day, "bad_date"), ("time", start, "bad_time")):
            error = self.query_one(f"#{field}-error", Static)
            error.update("" if ok else t(f"group_screens.{key}"))
            error.set_class(bool(ok), "-empty")
            self.query_one(f"#{field}", Input).set_class(not ok, "-invalid")
        self.query_one("#save", Button).disabled = day is None or start is None
        return day, start

    @on(Input.Changed, "#date, #time")
    def _changed(self) -> None:
        self._check()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with a changed copy of the meeting when the date and time are valid."""
        day, start = self._check()
        if day is None or start is None:
            return
        meeting = self.meeting.model_copy(deep=True)
        meeting.date, meeting.start = day, start
        meeting.title = self.query_one("#title", Input).value.strip()
        meeting.place = self.query_one("#place", Input).value.strip()
        meeting.theme = " ".join(self.query_one("#theme", Input).value.split())
        meeting.roles.theme_owners = [str(m) for m in self.query_one("#theme-owners", SelectionList).selected]
        self.dismiss(meeting)


class AbsenceDialog(Dialog["list[str] | None"]):
    """Absence notices (afbud) ahead of a planned meeting: one toggle per member."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_absence", id="absence.save"),
        cancel_binding("absence.cancel", "group_screens"),
    ]

    def __init__(self, group: Group, meeting: Meeting) -> None:
        super().__init__(cancel=None)
        self.group = group
        self.meeting = meeting

    def compose_dialog(self) -> ComposeResult:
        notified = set(self.meeting.attendance.absent_notified)
        with Vertical(classes="dialog form", id="absence-dialog"):
            yield Static(escape(t("group_screens.absence_title", date=short_date(self.meeting.date))), classes="dialog-title")
            yield Static(t("group_screens.absence_hint"), classes="muted")
            yield SelectionList[str](*[(name, mid, mid in notified) for name, mid in member_options(self.group)], id="absent")
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        self.query_one("#absent", SelectionList).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the ids of the members who sent notice."""
        self.dismiss([str(m) for m in self.query_one("#absent", SelectionList).selected])


class PlanScreen(GroupScreen):
    """The planned meetings: series, single edits, roles, absence notices, agenda, invitation, export."""

    BINDINGS = [
        Binding("s", "series", "group_screens.bind_series", tooltip="group_screens.tip_series", id="plan.series"),
        Binding("e", "edit", "group_screens.bind_edit", tooltip="group_screens.tip_edit_meeting", id="plan.edit"),
        Binding("o", "roles", "group_screens.bind_roles", tooltip="group_screens.tip_roles", id="plan.roles"),
        Binding("b", "absence", "group_screens.bind_absence", tooltip="group_screens.tip_absence", id="plan.absence"),
        Binding("a", "agenda", "group_screens.bind_agenda", tooltip="group_screens.tip_agenda", id="plan.agenda"),
        Binding("i", "invitation", "group_screens.bind_invitation", tooltip="group_screens.tip_invitation", id="plan.invitation"),
        Binding("x", "export", "group_screens.bind_export_plan", tooltip="group_screens.tip_export_plan", id="plan.export"),
        Binding("t", "trim", "group_screens.bind_trim", tooltip="group_screens.tip_trim", id="plan.trim"),
        Binding(
            "c",
            "cancel_meeting",
            "group_screens.bind_cancel_meeting",
            tooltip="group_screens.tip_cancel_meeting",
            id="plan.cancel",
        ),
        Binding("v", "evaluation", "year.bind_evaluation", tooltip="year.tip_evaluation", id="plan.evaluation"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.meetings: list[Meeting] = []
        """The planned meetings and the cancelled ones ahead, by date."""
        self._suggestions: dict[str, tuple[Roles, dict[str, str]]] = {}
        """The rota's suggestion and its reasons per meeting id (until the next reload)."""
        self.unreadable: list[str] = []
        """The group's meeting files that could not be read (one may be a planned meeting), as problem lines."""

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Vertical(id="plan-body", classes="group-body"):
            table: DataTable[str] = DataTable(id="plan", cursor_type="row", zebra_stripes=True, classes="list")
            table.border_title = t("group_screens.plan_title")
            yield table
            details = Static("", id="plan-details", classes="info-box")
            details.border_title = t("group_screens.details_title")
            yield details
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#plan", DataTable)
        for key in ("date", "time", "title", "place", "moderator", "minute_taker", "theme", "notices"):
            table.add_column(t(f"group_screens.plan_col_{key}"), key=key)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        """Read again when coming back from the agenda editor or the invitation."""
        if self.is_mounted:
            self.reload()

    def reload(self) -> None:
        """Read the group and its planned meetings (and the cancelled ones ahead), then redraw."""
        from facilitator.commands import calendar_meetings
        from facilitator.zones import today_in

        group = self.read_group()
        self.meetings = []
        self._suggestions = {}
        self.unreadable = []
        if group is not None:
            today = today_in(self.facilitator.clock, group.settings.zone())
            self.meetings = calendar_meetings(self.store, group, today)
            self.unreadable = [str(p) for p in self.store.unreadable_meetings(group.id)]
        self.show()

    def planned(self) -> list[Meeting]:
        """The planned meetings (not the cancelled ones)."""
        return [m for m in self.meetings if m.status == "planned"]

    def save_planned(self, meeting: Meeting) -> bool:
        """Stamp the meeting for the calendar (SEQUENCE up when its event changed), then write it."""
        if self.group is not None:
            stamp_calendar(self.group, meeting, self.facilitator.clock.now())
        return self.save_meeting(meeting)

    def show(self, select: str | None = None) -> None:
        group = self.group
        table = self.query_one("#plan", DataTable)
        selected = select or self.selected_id()
        table.clear()
        if group is None:
            return
        end_by = group.settings.end_by_time()
        for meeting in self.meetings:
            title = meeting.title or meeting.id
            if meeting.evaluation:
                title = f"{glyphs.EVALUATION} {title}"
            if meeting.status == "cancelled":
                title = f"{glyphs.ABSENT} {title} ({t('group_screens.cancelled')})"
            roles = meeting.roles
            over = meeting.status == "planned" and agenda_fits(meeting, end_by).over
            table.add_row(
                meeting.date.isoformat(),
                clock(meeting.start) + (f" {glyphs.WARNING}" if over else ""),
                escape(title),
                escape(meeting.place or "–"),
                escape(group.name_of(roles.moderator) if roles.moderator else "–"),
                escape(group.name_of(roles.minute_taker) if roles.minute_taker else "–"),
                escape(meeting.theme or "–"),
                str(len(meeting.attendance.absent_notified) or ""),
                key=meeting.id,
            )
        table.border_subtitle = t("group_screens.plan_hint") if self.meetings else t("group_screens.plan_empty")
        if self.unreadable:  # never hidden: a broken file may be one of the planned meetings
            table.border_subtitle = t("group_screens.plan_unreadable", count=len(self.unreadable))
        if selected is not None and any(m.id == selected for m in self.meetings):
            table.move_cursor(row=table.get_row_index(selected))
        self.show_details()
        self.refresh_bindings()

    def show_details(self) -> None:
        details = self.query_one("#plan-details", Static)
        meeting = self.selected()
        warning = ""
        if self.unreadable:
            unreadable = "\n".join(escape(line) for line in self.unreadable)
            warning = f"[$warning]{glyphs.WARNING} {t('group_screens.plan_unreadable_details')}[/]\n{unreadable}\n\n"
        if meeting is None or self.group is None:
            details.update(warning + t("group_screens.plan_empty_details"))
            return
        lines = [f"[b]{escape(short_date(meeting.date))} {clock(meeting.start)} · [/b]{escape(meeting.title)}"]
        if meeting.evaluation:
            lines.append(f"[$accent]{glyphs.EVALUATION} {t('group_screens.evaluation_meeting')}[/]")
        roles = role_names(self.group, meeting.roles)
        if roles:
            lines.append(escape(" · ".join(f"{label}: {names}" for label, names in roles)))
        else:
            lines.append(t("group_screens.no_roles"))
        if meeting.attendance.absent_notified:
            names = ", ".join(self.group.name_of(m) for m in meeting.attendance.absent_notified)
            lines.append(escape(t("group_screens.notices", names=names)))
        minutes = meeting.planned_minutes
        lines.append(t("group_screens.items_count", count=len(meeting.items), minutes=minutes))
        if meeting.status == "cancelled":
            lines.append(f"[$warning]{glyphs.ABSENT} {t('group_screens.cancelled_details')}[/]")
        else:
            fit = agenda_fits(meeting, self.group.settings.end_by_time())
            if fit.over:
                text = t(
                    "group_screens.over_end_by",
                    end=clock(fit.end),
                    minutes=fit.minutes_over,
                    end_by=self.group.settings.end_by,
                )
                lines.append(f"[$warning]{glyphs.WARNING} {escape(text)}[/]")
            if not any(getattr(meeting.roles, role) for role in ("moderator", "minute_taker", "boundary_keeper", "host")):
                lines += self._rota_lines(meeting)
        details.update(warning + "\n".join(lines))

    def _rota_lines(self, meeting: Meeting) -> list[str]:
        """The rota's suggestion for a meeting without roles, each with why (`o` then ctrl+g takes it)."""
        if self.group is None:
            return []
        from facilitator.planning import ALL_ROLES
        from facilitator.screens.roles import explained_suggestion

        if meeting.id not in self._suggestions:
            try:
                self._suggestions[meeting.id] = explained_suggestion(
                    self.store, self.group, meeting, self.facilitator.clock.now().date()
                )
            except Exception:  # noqa: BLE001 - a broken file in the history: no suggestion, the table still works
                return []
        _roles, reasons = self._suggestions[meeting.id]
        lines = [f"[b]{t('group_screens.rota_suggests')}[/b]"]
        for role in ALL_ROLES:
            label = t(f"planning.role_{'theme_owner' if role == 'theme_owners' else role}")
            lines.append(escape(f"  {label}: {reasons.get(role, '')}"))
        return lines

    @on(DataTable.RowHighlighted, "#plan")
    def _highlighted(self) -> None:
        self.show_details()
        self.refresh_bindings()

    def selected_id(self) -> str | None:
        """The id of the planned meeting under the table's cursor."""
        return cursor_row_key(self.query_one("#plan", DataTable))

    def selected(self) -> Meeting | None:
        """The planned meeting under the cursor."""
        meeting_id = self.selected_id()
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        selected = self.selected()
        if action in ("edit", "roles", "absence", "agenda", "invitation", "cancel_meeting") and selected is None:
            return None
        if (
            action in ("edit", "roles", "absence", "agenda", "invitation")
            and selected is not None
            and selected.status != "planned"
        ):
            return None
        if action == "trim":
            if selected is None or self.group is None or selected.status != "planned":
                return None
            return True if agenda_fits(selected, self.group.settings.end_by_time()).over else None
        if action in ("series", "export", "evaluation") and self.group is None:
            return None
        if action == "export" and not self.meetings:
            return None
        return True

    # --- trimming and cancelling ---------------------------------------------------------

    def action_trim(self) -> None:
        """Trim the selected meeting's agenda to end by the group's latest end (shown before it changes)."""
        meeting = self.selected()
        if meeting is None or self.group is None:
            return
        from facilitator.screens.dialogs import ConfirmDialog

        end_by = self.group.settings.end_by_time()
        proposal = trim_proposal(meeting, end_by)
        changes = [
            t("group_screens.trim_line", title=item.title, before=item.planned_minutes, after=new)
            for item, new in zip(meeting.items, proposal, strict=True)
            if new != item.planned_minutes
        ]
        if not changes:
            self.notify(t("planning.trim_nothing"), severity="warning")
            return
        question = t("group_screens.trim_question", end_by=self.group.settings.end_by) + "\n" + "\n".join(changes)
        self.app.push_screen(ConfirmDialog(escape(question)), lambda yes: self._trim(meeting, yes))

    def _trim(self, meeting: Meeting, yes: bool | None) -> None:
        if not yes or self.group is None:
            return
        changed = meeting.model_copy(deep=True)
        try:
            trim_to_end_by(changed, self.group.settings.end_by_time())
        except PlanningError as error:
            self.notify(str(error), severity="warning")
            return
        if self.save_planned(changed):
            fit = agenda_fits(changed, self.group.settings.end_by_time())
            self.notify(t("group_screens.trimmed", end=clock(fit.end)))
            self._replace(changed)

    def action_cancel_meeting(self) -> None:
        """Cancel the selected meeting (after asking), or plan a cancelled one again."""
        meeting = self.selected()
        if meeting is None:
            return
        from facilitator.screens.dialogs import ConfirmDialog

        key = "group_screens.reinstate_question" if meeting.status == "cancelled" else "group_screens.cancel_question"
        question = t(key, date=short_date(meeting.date), title=meeting.title or meeting.id)
        self.app.push_screen(ConfirmDialog(escape(question)), lambda yes: self._cancel(meeting, yes))

    def _cancel(self, meeting: Meeting, yes: bool | None) -> None:
        if not yes:
            return
        changed = meeting.model_copy(deep=True)
        cancelling = changed.status == "planned"
        try:
            cancel_meeting(changed, cancelling)
        except PlanningError as error:
            self.notify(str(error), severity="warning")
            return
        if self.save_planned(changed):
            self.notify(t("group_screens.meeting_cancelled" if cancelling else "group_screens.meeting_reinstated"))
            self._replace(changed)

    def _replace(self, meeting: Meeting) -> None:
        self.meetings = sorted(
            [meeting if m.id == meeting.id else m for m in self.meetings], key=lambda m: (m.date, m.start, m.id)
        )
        self.show(select=meeting.id)

    # --- series ----------------------------------------------------------------------

    def action_series(self) -> None:
        """Plan a series of meetings half a year or a year ahead."""
        group = self.group
        if group is None:
            return
        try:
            agendas = self.store.agendas(group.settings.language)
        except Exception as error:  # noqa: BLE001 - a broken own agenda: say so, plan without it
            self.notify(str(error), severity="error")
            agendas = []
        today = self.facilitator.clock.now().date()
        first = (self.meetings[-1].date + timedelta(weeks=4)) if self.meetings else today + timedelta(days=7)
        place = self.meetings[-1].place if self.meetings else ""
        dialog = SeriesDialog(group, self.store.meeting_ids(group.id), agendas, first, place)
        self.app.push_screen(dialog, self._save_series)

    def _save_series(self, meetings: list[Meeting] | None) -> None:
        if not meetings:
            return
        saved = 0
        for meeting in meetings:
            if not self.save_planned(meeting):
                break
            saved += 1
        self.notify(t("group_screens.series_saved", count=saved))
        self.reload()
        if meetings:
            self.show(select=meetings[0].id)

    # --- one meeting -------------------------------------------------------------------

    def action_edit(self) -> None:
        """Edit the date, time, title, place, theme and theme owners of the selected meeting."""
        meeting = self.selected()
        if meeting is None or self.group is None:
            return
        titles = [entry.title for entry in themes(self.group, [])]
        self.app.push_screen(MeetingEditDialog(self.group, meeting, titles), self._edited)

    def _edited(self, meeting: Meeting | None) -> None:
        if meeting is not None and self.save_planned(meeting):
            self.notify(t("group_screens.meeting_saved"))
            self._replace(meeting)

    @on(DataTable.RowSelected, "#plan")
    def _row_selected(self) -> None:
        if self.app.screen is self:  # not a second enter queued before the first one's dialog opened
            self.action_edit()

    def action_roles(self) -> None:
        """Set who does what at the selected meeting, with the rota's suggestion."""
        meeting = self.selected()
        if meeting is None or self.group is None:
            return
        from facilitator.screens.roles import RolesDialog, explained_suggestion

        today = self.facilitator.clock.now().date()
        suggestion, reasons = explained_suggestion(self.store, self.group, meeting, today)
        dialog = RolesDialog(self.group, meeting, suggestion, reasons)
        self.app.push_screen(dialog, lambda line: self._roles_saved(meeting, line))

    def _roles_saved(self, meeting: Meeting, line: str | None) -> None:
        if line is None:
            return
        self.notify(escape(line))
        self._replace(meeting)

    def action_absence(self) -> None:
        """Record absence notices (afbud) for the selected meeting."""
        meeting = self.selected()
        if meeting is None or self.group is None:
            return
        self.app.push_screen(AbsenceDialog(self.group, meeting), lambda ids: self._absence(meeting, ids))

    def _absence(self, meeting: Meeting, ids: list[str] | None) -> None:
        if ids is None or self.group is None:
            return
        changed = meeting.model_copy(deep=True)
        for member in self.group.members:
            if member.id in ids or member.id in changed.attendance.absent_notified:
                set_absence_notice(changed, member.id, member.id in ids)
        if self.save_planned(changed):
            self.notify(t("group_screens.absence_saved", count=len(ids)))
            self._replace(changed)

    def action_agenda(self) -> None:
        """Open the agenda editor of the selected meeting."""
        meeting = self.selected()
        if meeting is not None:
            self.facilitator.open_screen(("agenda", meeting.id))

    def action_invitation(self) -> None:
        """Open the invitation to the selected meeting."""
        meeting = self.selected()
        if meeting is not None:
            self.facilitator.open_screen(("invitation", meeting.id))

    def action_evaluation(self) -> None:
        """v: the half-year summary for the selected evaluation meeting (else the next one) (issue 21)."""
        meeting = self.selected()
        self.facilitator.open_screen(("evaluation", meeting.id if meeting is not None and meeting.evaluation else ""))

    # --- export ------------------------------------------------------------------------

    def action_export(self) -> None:
        """Write the planned meetings as an iCalendar file (.ics); refused while a meeting file cannot be read."""
        if self.unreadable:
            self.notify(
                "\n".join(self.unreadable) + "\n" + t("cli.plan_not_written", count=len(self.unreadable)),
                title=t("group_screens.not_written"),
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        default = default_export_dir() / t("group_screens.plan_file")
        self.app.push_screen(PathDialog(t("group_screens.export_plan_title"), default, (".ics",)), self._export)

    def _export(self, text: str | None) -> None:
        if text is None or self.group is None:
            return
        from facilitator.commands import plan_calendar
        from facilitator.export import write_export

        path = chosen_path(text)
        try:
            data, problems = plan_calendar(self.store, self.group, self.facilitator.clock.now(), self.meetings)
            write_export(path, data)
        except Exception as error:  # noqa: BLE001 - OSError, StoreError, ValueError: a message, never a crash
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        for problem in problems:
            self.notify(problem, title=t("group_screens.not_saved"), severity="warning", timeout=12)
        self.notify(t("group_screens.written", path=str(path)))
