"""The members of the group: the contact list, its export and each member's attendance.

A table of every member (name, phone, e-mail, active or former) with their
attendance across the finished meetings of the last year: present, absent
with notice (afbud) and absent without. Members are added and edited in a
modal form (`MemberForm`) that checks each field as it is typed, shows the
message next to the field and keeps "Save" disabled while anything is wrong;
deactivating keeps the member in old minutes. A phone number is checked
against the group's country's numbering plan, stored as E.164 (+4524344454)
and shown in its national form ("24 34 44 54"; a foreign number with its
country code). A warning appears when the
active members pass the group's max_members (the booklet: about 10), with the
suggestion to split.

A line says whether the group is ready for new members (issue 21: the booklet
advises taking them after about 7-10 meetings, up to the size limit), from the
meetings held and the members active; `w` writes the welcome sheet for a new
member (the purpose, agreements, roles, meeting plan and contact list, no
minutes; `welcome.welcome_markdown`).

Attendance is counted from the meeting files of the finished meetings of the
last 365 days (their ids come from the history index, which holds only
counts, not who came); they are read in a worker thread, so the table shows at
once and the counts follow. A group with years of history is not read whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Header, Input, Label, Static

from facilitator import glyphs
from facilitator.i18n import t
from facilitator.phones import display as display_phone
from facilitator.planning import (
    AttendanceRecord,
    PlanningError,
    attendance_record,
    normalise_phone,
    over_max_members,
    validate_email,
    validate_name,
    validate_phone,
)
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.group_common import CSS, GroupScreen, PathDialog, chosen_path, default_export_dir, escape
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two
from facilitator.widgets.tables import cursor_row_key

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting, Member
    from facilitator.store import Store

ATTENDANCE_DAYS = 365
"""Attendance is counted over the finished meetings of this many days back."""


@dataclass(frozen=True)
class MemberDraft:
    """A member as typed in the form."""

    name: str
    phone: str = ""
    email: str = ""


def finished_meetings_since(store: Store, group_id: str, since: date) -> list[Meeting]:
    """The finished meetings on or after `since`, read from their files (ids from the history index)."""
    meetings = []
    for summary in store.history_index(group_id):
        if summary.date < since:
            continue
        try:
            meetings.append(store.load_meeting(group_id, summary.id))
        except Exception:  # noqa: BLE001 - a broken file is listed on the home screen; it is not counted here
            continue
    return meetings


class MemberForm(Dialog[MemberDraft | None]):
    """Add or edit one member: name, phone and e-mail, each checked as typed."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_member", id="member.save"),
        cancel_binding("member.cancel", "group_screens"),
    ]

    def __init__(self, group: Group, member_id: str = "", draft: MemberDraft | None = None) -> None:
        """`member_id` is the member being edited ("" for a new member)."""
        super().__init__(cancel=None)
        self.group = group
        self.member_id = member_id
        self.draft = draft or MemberDraft("")

    def compose_dialog(self) -> ComposeResult:
        title = t("group_screens.member_edit_title") if self.member_id else t("group_screens.member_add_title")
        with Vertical(classes="dialog", id="member-form"):
            yield Static(title, classes="dialog-title")
            for field, value, length in (
                ("name", self.draft.name, 80),
                ("phone", self.draft.phone, 24),
                ("email", self.draft.email, 120),
            ):
                yield Label(t(f"group_screens.field_{field}"), classes="field-label")
                with Horizontal(classes="field-row"):
                    yield Input(value, id=field, max_length=length, placeholder=t(f"group_screens.hint_{field}"), compact=True)
                    yield Static("", id=f"{field}-error", classes="field-error side")
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        self.problems()
        self.query_one("#name", Input).focus()

    def values(self) -> MemberDraft:
        return MemberDraft(
            name=self.query_one("#name", Input).value.strip(),
            phone=self.query_one("#phone", Input).value.strip(),
            email=self.query_one("#email", Input).value.strip(),
        )

    def problems(self) -> dict[str, str]:
        """Check every field, show the messages next to them; returns {field: message}."""
        draft = self.values()
        country = self.group.settings.country
        keys = {
            "name": validate_name(draft.name, self.group, self.member_id),
            "phone": validate_phone(draft.phone, country),
            "email": validate_email(draft.email),
        }
        found: dict[str, str] = {}
        for field, key in keys.items():
            message = t(key, country=country) if key else ""
            if field == "name" and not draft.name:
                message = ""  # an empty name is not scolded while typing; Save stays disabled
            self.query_one(f"#{field}-error", Static).update(message)
            self.query_one(f"#{field}", Input).set_class(bool(key) and bool(message), "-invalid")
            if key:
                found[field] = t(key, country=country)
        self.query_one("#save", Button).disabled = bool(found)
        return found

    @on(Input.Changed)
    def _changed(self) -> None:
        self.problems()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        order = ["name", "phone", "email"]
        position = order.index(event.input.id or "name")
        if position + 1 < len(order):
            self.query_one(f"#{order[position + 1]}", Input).focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the member when every field is valid (else nothing happens but the messages)."""
        if self.problems():
            self.notify(t("group_screens.fix_first"), severity="warning")
            return
        self.dismiss(self.values())


class MembersScreen(GroupScreen):
    """The contact list with attendance; add, edit, deactivate and export members."""

    BINDINGS = [
        Binding("a", "add", "group_screens.bind_add_member", tooltip="group_screens.tip_add_member", id="members.add"),
        Binding("e", "edit", "group_screens.bind_edit", tooltip="group_screens.tip_edit_member", id="members.edit"),
        Binding(
            "d", "toggle_active", "group_screens.bind_toggle_active", tooltip="group_screens.tip_toggle_active",
            id="members.toggle_active",
        ),
        Binding("x", "export", "group_screens.bind_export", tooltip="group_screens.tip_export_contacts", id="members.export"),
        Binding("w", "welcome", "year.bind_welcome", tooltip="year.tip_welcome", id="members.welcome"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.attendance: dict[str, AttendanceRecord] | None = None
        """Counts per member over the last year (None while they are read)."""
        self.meetings_counted = 0
        """How many finished meetings the counts come from."""
        self.meetings_held: int | None = None
        """How many meetings the group has held (None while the history index is read)."""

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Vertical(id="members-body", classes="group-body"):
            yield Static("", id="members-warning", classes="warning-box")
            table: DataTable[str] = DataTable(id="members", cursor_type="row", zebra_stripes=True, classes="list")
            table.border_title = t("group_screens.members_title")
            yield table
            yield Static("", id="members-summary", classes="muted")
            yield Static("", id="members-readiness", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#members", DataTable)
        for key in ("name", "phone", "email", "status", "present", "notice", "without"):
            table.add_column(t(f"group_screens.col_{key}"), key=key)
        self.read_group()
        self.show()
        self.read_attendance()
        table.focus()

    @work(thread=True, exclusive=True, group="members-attendance", exit_on_error=False)
    def read_attendance(self) -> None:
        """Count attendance over the last year's finished meetings (off the UI thread)."""
        group = self.group
        if group is None:
            return
        since = self.facilitator.clock.now().date() - timedelta(days=ATTENDANCE_DAYS)
        meetings = finished_meetings_since(self.store, group.id, since)
        record = attendance_record(group, meetings)
        try:
            held: int | None = len(self.store.history_index(group.id))
        except Exception:  # noqa: BLE001 - the folder cannot be read: the line on new members waits
            held = None
        self.app.call_from_thread(self._attendance_read, record, len(meetings), held)

    def _attendance_read(self, record: dict[str, AttendanceRecord], meetings: int, held: int | None = None) -> None:
        self.attendance = record
        self.meetings_counted = meetings
        self.meetings_held = held
        self.show()

    def show(self) -> None:
        """Redraw the table, the warning and the summary from `self.group`."""
        group = self.group
        table = self.query_one("#members", DataTable)
        selected = self.selected_member_id()
        table.clear()
        warning = self.query_one("#members-warning", Static)
        if group is None:
            warning.display = False
            return
        for member in group.members:
            record = self.attendance.get(member.id, AttendanceRecord()) if self.attendance is not None else None
            counts = [str(n) for n in record] if record is not None else ["…"] * 3
            status = t("group_screens.status_active") if member.active else t("group_screens.status_former")
            phone = display_phone(member.phone, group.settings.country) if member.phone else "–"
            table.add_row(
                escape(member.name), escape(phone), escape(member.email or "–"), status, *counts,
                key=member.id,
            )
        if selected is not None and group.member(selected) is not None:
            table.move_cursor(row=table.get_row_index(selected))
        active = len(group.active_members)
        warning.display = over_max_members(group)
        warning.update(t("group_screens.too_many", count=active, max=group.settings.max_members))
        summary = t("group_screens.members_summary", active=active, former=len(group.members) - active)
        if self.attendance is not None:
            summary += "  " + t("group_screens.attendance_basis", meetings=self.meetings_counted)
        table.border_subtitle = t("group_screens.members_hint")
        self.query_one("#members-summary", Static).update(summary)
        readiness_line = ""
        if self.meetings_held is not None:
            from facilitator.welcome import readiness, readiness_text

            readiness_line = readiness_text(readiness(group, self.meetings_held))
        self.query_one("#members-readiness", Static).update(readiness_line)
        self.refresh_bindings()

    def selected_member_id(self) -> str | None:
        """The id of the member under the table's cursor."""
        return cursor_row_key(self.query_one("#members", DataTable))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "toggle_active") and self.selected_member_id() is None:
            return None
        if action in ("add", "export", "welcome") and self.group is None:
            return None
        return True

    # --- actions -------------------------------------------------------------------

    def action_add(self) -> None:
        """Open the form for a new member."""
        if self.group is None:
            return
        self.app.push_screen(MemberForm(self.group), self._add)

    def _add(self, draft: MemberDraft | None) -> None:
        if draft is None:
            return
        from facilitator.model import Member

        def change(group: Group) -> None:
            problem = validate_name(draft.name, group)
            if problem:
                raise PlanningError(problem)
            phone = normalise_phone(draft.phone, group.settings.country)
            member = Member(id=group.new_member_id(draft.name), name=draft.name, phone=phone, email=draft.email)
            group.members.append(member)

        if self.change_group(change):
            self.notify(t("group_screens.member_added", name=draft.name))
            self.show()
            table = self.query_one("#members", DataTable)
            table.move_cursor(row=table.row_count - 1)

    @on(DataTable.RowSelected, "#members")
    def _row_selected(self) -> None:
        if self.app.screen is self:  # not a second enter queued before the first one's dialog opened
            self.action_edit()

    def selected_member(self) -> Member | None:
        """The member under the table's cursor (None without a group or a row)."""
        member_id = self.selected_member_id()
        if self.group is None or member_id is None:
            return None
        return self.group.member(member_id)

    def action_edit(self) -> None:
        """Edit the selected member's name, phone and e-mail."""
        member = self.selected_member()
        if self.group is None or member is None:
            return
        member_id = member.id
        phone = display_phone(member.phone, self.group.settings.country) if member.phone else ""
        draft = MemberDraft(member.name, phone, member.email)
        self.app.push_screen(MemberForm(self.group, member_id, draft), lambda d: self._edit(member_id, d))

    def _edit(self, member_id: str, draft: MemberDraft | None) -> None:
        if draft is None:
            return

        def change(group: Group) -> None:
            member = group.member(member_id)
            if member is None:
                raise PlanningError("planning.unknown_member", member=member_id)
            problem = validate_name(draft.name, group, member_id)
            if problem:
                raise PlanningError(problem)
            phone = normalise_phone(draft.phone, group.settings.country)
            member.name, member.phone, member.email = draft.name, phone, draft.email

        if self.change_group(change):
            self.notify(t("group_screens.member_saved", name=draft.name))
            self.show()

    def action_toggle_active(self) -> None:
        """Deactivate the selected member (kept in old minutes), or make a former member active again."""
        member = self.selected_member()
        if member is None:
            return
        member_id = member.id
        active = not member.active

        def change(group: Group) -> None:
            stored = group.member(member_id)
            if stored is not None:
                stored.active = active

        if self.change_group(change):
            key = "group_screens.member_reactivated" if active else "group_screens.member_deactivated"
            self.notify(t(key, name=member.name))
            self.show()

    def action_export(self) -> None:
        """Ask for a file and write the contact list: CSV for .csv, vCard for .vcf."""
        default = default_export_dir() / t("group_screens.contacts_file")
        dialog = PathDialog(
            t("group_screens.export_contacts_title"), default, (".csv", ".vcf", ".vcard"), t("group_screens.contacts_path_hint")
        )
        self.app.push_screen(dialog, self._export)

    def _export(self, text: str | None) -> None:
        if text is None or self.group is None:
            return
        from facilitator.export import export_contacts

        path: Path = chosen_path(text)
        try:
            export_contacts(self.group, path, language=self.facilitator.language)
        except (OSError, ValueError) as error:
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        except Exception as error:  # noqa: BLE001 - StoreError from the atomic write
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        self.notify(t("group_screens.written", path=str(path), count=len(self.group.active_members)))

    def action_welcome(self) -> None:
        """w: ask for a file and write the welcome sheet for a new member (Markdown, no minutes)."""
        default = default_export_dir() / t("year.welcome_file")
        dialog = PathDialog(t("year.export_welcome_title"), default, (".md", ".txt"))
        self.app.push_screen(dialog, self._write_welcome)

    def _write_welcome(self, text: str | None) -> None:
        if text is None or self.group is None:
            return
        from facilitator.export import write_export
        from facilitator.welcome import welcome_markdown
        from facilitator.zones import today_in

        group = self.group
        path: Path = chosen_path(text)
        try:
            today = today_in(self.facilitator.clock, group.settings.zone())
            sheet = welcome_markdown(group, self.store.upcoming_meetings(group.id), group.settings.language, today)
            write_export(path, sheet.encode("utf-8"))
        except Exception as error:  # noqa: BLE001 - StoreError, OSError: shown; nothing else changes
            self.notify(str(error), title=t("group_screens.not_written"), severity="error", timeout=12)
            return
        self.notify(t("year.written", path=str(path)), timeout=8)
