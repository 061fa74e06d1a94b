"""One finished meeting, read-only: timing, speaking time, groups, time-outs, attendance, minutes.

Nothing on this screen can change the meeting: it reads the file once and
never saves. The only thing it writes is an export of the minutes, chosen
with x (or ctrl+e): a dialog first shows what stays in the app as
confidential, the path, and whether time-out notes go along; the file is then
written by `export.write_export` (mode 0600).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Button, Checkbox, Header, Input, Label, Markdown, Static

from facilitator import glyphs
from facilitator.history import agenda_timings, mark_confidential_markdown, meeting_actual_minutes, next_meeting_after
from facilitator.i18n import t
from facilitator.screens.dialog_base import Dialog
from facilitator.screens.history_common import CSS_FILE, BindingCommands, HistoryBase, Key, minutes_text, translated_bindings
from facilitator.widgets.bars import BarChart, BarRow
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting


def default_export_path(meeting_id: str, language: str, folder: Path | None = None) -> Path:
    """Where the minutes go unless the user says otherwise: `referat-<id>.md` (Danish) in the current folder."""
    name = t("history.export_file_name", language=language, id=meeting_id)
    return (folder or Path.cwd()) / name


def _names(group: Group | None, ids: list[str]) -> str:
    if not ids:
        return "–"
    return ", ".join(group.name_of(mid) if group else mid for mid in ids)


def _clock(moment: datetime | None, zone: tzinfo | None = None) -> str:
    """A stored instant as a time of day in the group's zone ('19.05' in Danish), or '–'."""
    from facilitator.export import format_time

    if moment is None:
        return "–"
    return format_time(moment.astimezone(zone) if zone is not None else moment)


def _minutes_label(value: float) -> str:
    return f"{value:.0f}"


def agenda_rows(meeting: Meeting) -> list[BarRow]:
    """Bars of actual against planned minutes per agenda item."""
    rows: list[BarRow] = []
    for timing in agenda_timings(meeting):
        label = f"{timing.index + 1}. {timing.title}"
        if timing.actual_minutes is None:
            note = t("history.item_not_run", planned=timing.planned_minutes)
            if timing.deferred:
                note = t("history.item_deferred", planned=timing.planned_minutes)
            rows.append(BarRow(label, 0.0, float(timing.planned_minutes) or None, note))
            continue
        actual = timing.actual_minutes
        if timing.planned_minutes <= 0:
            note = t("history.item_unplanned", actual=_minutes_label(actual))
        elif timing.is_over:
            note = t("history.item_over", actual=_minutes_label(actual), planned=timing.planned_minutes,
                     over=_minutes_label(timing.over_minutes))
        else:
            note = t("history.item_on_time", actual=_minutes_label(actual), planned=timing.planned_minutes)
        rows.append(BarRow(label, actual, float(timing.planned_minutes) or None, note))
    return rows


def speaking_rows(group: Group | None, meeting: Meeting) -> list[BarRow]:
    """Bars of each member's speaking time against their fair share (from `facilitator.speaking`)."""
    from facilitator.speaking import final_stats, format_clock

    roster = [m.id for m in group.members] if group else []
    rows: list[BarRow] = []
    for entry in final_stats(meeting, roster):
        if entry.meeting_seconds <= 0 and entry.fair_share_seconds <= 0:
            continue
        name = group.name_of(entry.member) if group else entry.member
        note = t(
            "history.speaking_note",
            spoken=format_clock(entry.meeting_seconds),
            fair=format_clock(entry.fair_share_seconds),
            delta=("+" if round(entry.delta_seconds) > 0 else "") + format_clock(entry.delta_seconds),
        )
        rows.append(BarRow(name, entry.meeting_seconds / 60, entry.fair_share_seconds / 60 or None, note))
    return rows


def decisions_text(meeting: Meeting) -> str:
    """The decisions and actions of the minutes (confidential lines included: this stays in the app)."""
    from facilitator.export import actions, decisions

    lines = [f"• {text}" for text in decisions(meeting.minutes)] or [t("history.no_decisions")]
    tasks = actions(meeting.minutes)
    if tasks:
        lines.append("")
        lines.extend(f"{glyphs.TASK_DONE if done else glyphs.TASK_OPEN} {text}" for done, text in tasks)
    return "\n".join(lines)


@dataclass(frozen=True)
class ExportChoice:
    """What the export dialog returns: where to write and whether time-out notes go along."""

    path: Path
    include_timeout_notes: bool
    include_role_feedback: bool = False
    """Add the feedback on the roles (issue 21: left out unless chosen here)."""


class ExportMinutesDialog(Dialog[ExportChoice | None]):
    """Confirms an export of the minutes: shows what is left out, the path and the time-out option."""

    CSS_PATH = CSS_FILE
    KEYS = (
        Key("escape", "cancel", "key_cancel", id="export.cancel"),
        Key("ctrl+s", "confirm", "key_confirm_export", id="export.confirm"),
    )

    def __init__(self, meeting: Meeting, path: Path) -> None:
        super().__init__(cancel=None, id="export-minutes")
        self._bindings = translated_bindings(self.KEYS)  # the history's catalog; Textual's focus keys left out as before
        self.meeting = meeting
        self.path = path

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(t("history.export_title", title=_escape(self.meeting.title or self.meeting.id)), classes="dialog-title")
            yield Label(t("history.export_left_out_heading"), classes="field-label")
            yield Static("", id="export-left-out")
            yield Checkbox(t("history.export_timeout_notes"), value=False, id="export-timeout-notes")
            if self.meeting.role_feedback:
                yield Checkbox(t("year.export_role_feedback"), value=False, id="export-role-feedback")
            yield Label(t("history.export_path_label"), classes="field-label")
            yield Input(str(self.path), id="export-path", max_length=4096)
            yield Static("", id="export-error", classes="field-error -empty")
            with Horizontal(classes="buttons"):
                yield Button(t("common.cancel"), id="export-cancel")
                yield Button(t("history.export_button"), variant="primary", id="export-ok")

    def on_mount(self) -> None:
        self._show_left_out()
        self.query_one("#export-ok", Button).focus()

    def _show_left_out(self) -> None:
        from facilitator.export import minutes_left_out

        include = self.query_one("#export-timeout-notes", Checkbox).value
        left_out = minutes_left_out(
            self.meeting, include_timeout_notes=include, include_role_feedback=self._role_feedback_chosen()
        )
        box = self.query_one("#export-left-out", Static)
        if not left_out:
            box.update(t("history.export_nothing_left_out"))
            box.set_class(False, "-has-left-out")
            return
        lines = [t("history.export_left_out_count", n=len(left_out))]
        for passage in left_out:
            first, *rest = passage.splitlines() or [""]
            lines.append(f"{glyphs.LEFT_OUT} {first}")
            lines.extend(f"  {line}" for line in rest)
        box.update(_escape("\n".join(lines)))  # minutes, notes and feedback from the file: text, never markup
        box.set_class(True, "-has-left-out")

    def _role_feedback_chosen(self) -> bool:
        found = self.query("#export-role-feedback").results(Checkbox)
        box = next(iter(found), None)
        return bool(box is not None and box.value)

    @on(Checkbox.Changed, "#export-timeout-notes")
    @on(Checkbox.Changed, "#export-role-feedback")
    def _notes_changed(self) -> None:
        self._show_left_out()

    @on(Button.Pressed, "#export-cancel")
    def _export_cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#export-ok")
    @on(Input.Submitted, "#export-path")
    def action_confirm(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Static)
        if not text:
            error.update(t("history.export_no_path"))
            error.set_class(False, "-empty")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            error.update(t("history.export_path_is_folder", path=_escape(str(path))))
            error.set_class(False, "-empty")
            return
        notes = self.query_one("#export-timeout-notes", Checkbox).value
        self.dismiss(ExportChoice(path, notes, self._role_feedback_chosen()))


class ReviewScreen(HistoryBase):
    """A finished meeting, read-only."""

    KEYS = (
        Key("x", "export", "key_export", id="review.export"),
        Key("c", "correct", "key_correct", id="review.correct"),
        Key("ctrl+e", "export", "key_export", show=False, palette=False, id="review.export_ctrl"),
        Key("m", "jump('review-minutes')", "key_jump_minutes", id="review.minutes"),
        Key("t", "jump('review-top')", "key_jump_top", show=False, id="review.top"),
        Key("escape", "back", "key_back", id="review.back"),
    )

    def __init__(self, meeting_id: str) -> None:
        super().__init__(id="review")
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None
        self.error = ""
        self.exported_to: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        yield VerticalScroll(id="review-body")
        yield Footer()

    def on_mount(self) -> None:
        from facilitator.store import StoreError

        group = self.group
        self.title = t("history.review_title")
        body = self.query_one("#review-body", VerticalScroll)
        if group is None:
            body.mount(Static(t("history.no_group"), classes="error"))
            return
        try:
            self.meeting = self.store.load_meeting(group.id, self.meeting_id)
        except StoreError as error:
            self.error = str(error)
            body.mount(Static(t("history.cannot_read", error=str(error)), classes="error", id="review-error"))
            return
        self.sub_title = self.meeting.title
        body.mount_all(list(self._sections(group, self.meeting)))
        body.focus()

    def _sections(self, group: Group, meeting: Meeting) -> list[Static | Vertical | Markdown | BarChart]:
        from facilitator.export import format_date, format_time

        widgets: list[Static | Vertical | Markdown | BarChart] = []
        when = format_date(meeting.date)
        if meeting.started_at and meeting.ended_at:
            tz = group.settings.zone()  # the group's zone, whatever the laptop's (issue 18)
            when += ", " + t("history.time_range", start=format_time(meeting.started_at.astimezone(tz)),
                             end=format_time(meeting.ended_at.astimezone(tz)))
        else:
            when += ", " + format_time(meeting.start)
        place = f" · {meeting.place}" if meeting.place else ""
        actual = meeting_actual_minutes(meeting)
        length = t("history.length_line", planned=minutes_text(meeting.planned_minutes), actual=minutes_text(actual))
        widgets.append(
            Static(f"[b]{_escape(meeting.title or meeting.id)}[/b]\n{_escape(when + place)}\n{length}", id="review-top")
        )

        widgets.append(_section("review-decisions", t("history.section_decisions"),
                                Static(_escape(decisions_text(meeting)), id="review-decisions-text")))

        agenda = BarChart(agenda_rows(meeting), id="review-agenda-bars")
        legend = Static(t("history.legend_agenda"), classes="legend")
        widgets.append(_section("review-agenda", t("history.section_agenda"), agenda, legend))

        speaking = speaking_rows(group, meeting)
        if speaking:
            bars = BarChart(speaking, id="review-speaking-bars")
            legend = Static(t("history.legend_speaking"), classes="legend")
            widgets.append(_section("review-speaking", t("history.section_speaking"), bars, legend))
        else:
            widgets.append(_section("review-speaking", t("history.section_speaking"),
                                    Static(t("history.no_speaking"), classes="muted")))

        attendance = meeting.attendance
        roles = meeting.roles
        lines = [
            t("history.present_line", n=len(attendance.present), names=_names(group, attendance.present)),
            t("history.notified_line", names=_names(group, attendance.absent_notified)),
            t("history.absent_line", names=_names(group, attendance.absent)),
            "",
            t("history.role_moderator", name=_names(group, [roles.moderator] if roles.moderator else [])),
            t("history.role_minute_taker", name=_names(group, [roles.minute_taker] if roles.minute_taker else [])),
            t("history.role_boundary_keeper",
              name=_names(group, [roles.boundary_keeper] if roles.boundary_keeper else [])),
            t("history.role_host", name=_names(group, [roles.host] if roles.host else [])),
            t("history.role_theme_owners", name=_names(group, list(roles.theme_owners))),
        ]
        widgets.append(_section("review-attendance", t("history.section_attendance"), Static(_escape("\n".join(lines)))))

        zone = group.settings.zone()  # every time shown in the group's zone (issue 18)
        grouping_lines: list[str] = []
        for grouping in meeting.groupings:
            title = meeting.items[grouping.item].title if grouping.item < len(meeting.items) else "?"
            when_made = f" · {_clock(grouping.at, zone)}" if grouping.at else ""
            grouping_lines.append(t("history.grouping_line", n=grouping.item + 1, title=title, at=when_made,
                                    minutes=grouping.talk_minutes))
            for number, members in enumerate(grouping.groups, start=1):
                grouping_lines.append(f"  {number}: {_names(group, members)}")
        widgets.append(_section("review-groupings", t("history.section_groupings"),
                                Static(_escape("\n".join(grouping_lines) or t("history.no_groupings")))))

        timeout_lines: list[str] = []
        for number, timeout in enumerate(meeting.timeouts, start=1):
            item = meeting.items[timeout.item].title if timeout.item < len(meeting.items) else "?"
            duration = ""
            if timeout.end is not None:
                duration = minutes_text((timeout.end - timeout.start).total_seconds() / 60)
            outcome = t(f"history.outcome_{timeout.outcome or 'none'}")
            who = group.name_of(timeout.called_by) if timeout.called_by else "–"
            timeout_lines.append(t("history.timeout_line", n=number, start=_clock(timeout.start, zone), duration=duration,
                                   item=item, who=who, outcome=outcome))
            if timeout.note.strip():
                for line in timeout.note.strip().splitlines():
                    timeout_lines.append(f"    {line}")
        widgets.append(_section("review-timeouts", t("history.section_timeouts"),
                                Static(_escape("\n".join(timeout_lines) or t("history.no_timeouts")))))

        text = mark_confidential_markdown(meeting.minutes, t("history.confidential_label"))
        minutes = Markdown(text or t("history.no_minutes"), id="review-minutes-text", open_links=False)
        widgets.append(_section("review-minutes", t("history.section_minutes"), minutes))
        return widgets

    def help_guide(self) -> str:
        """F1 on the review: what the marked (confidential) passages of the minutes are."""
        from facilitator.screens.help import confidential_rule

        return confidential_rule()

    def action_jump(self, widget_id: str) -> None:
        try:
            target = self.query_one(f"#{widget_id}")
        except NoMatches:  # a section this review does not have
            return
        self.query_one("#review-body", VerticalScroll).scroll_to_widget(target, top=True, animate=False)

    def action_correct(self) -> None:
        """c: open this meeting again for corrections on the live meeting screen (its times kept)."""
        open_screen = getattr(self.app, "open_screen", None)
        if callable(open_screen):
            open_screen(("meeting", self.meeting_id, "reopen"))

    def action_export(self) -> None:
        """Ask where to export the minutes, then write them."""
        meeting, group = self.meeting, self.group
        if meeting is None or group is None:
            return
        language = group.settings.language
        path = default_export_path(meeting.id, language)

        def write(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.write_minutes(choice)

        self.app.push_screen(ExportMinutesDialog(meeting, path), write)

    def write_minutes(self, choice: ExportChoice) -> None:
        """Write the minutes as the dialog chose (through export.write_export, mode 0600)."""
        from facilitator.export import minutes_markdown, write_export
        from facilitator.store import StoreError

        meeting, group = self.meeting, self.group
        if meeting is None or group is None:
            return
        following = next_meeting_after(self.store, group.id, meeting)
        text = minutes_markdown(
            group,
            meeting,
            include_timeout_notes=choice.include_timeout_notes,
            next_meeting=following,
            language=group.settings.language,
            include_role_feedback=choice.include_role_feedback,
        )
        try:
            write_export(choice.path, text.encode("utf-8"))
        except (StoreError, OSError) as error:
            self.notify(t("history.export_failed", path=choice.path, error=_error_text(error)),
                        severity="error", timeout=10)
            return
        self.exported_to = choice.path
        self.notify(t("history.export_done", path=choice.path), timeout=8)


def _error_text(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _escape(text: str) -> str:
    """Text safe to show in a Static with markup."""
    from textual.markup import escape

    return escape(text)


def _section(widget_id: str, title: str, *children: Static | Markdown | BarChart) -> Vertical:
    box = Vertical(*children, id=widget_id, classes="panel review-section")
    box.border_title = title
    return box


__all__ = ["BindingCommands", "ExportChoice", "ExportMinutesDialog", "ReviewScreen", "default_export_path"]
