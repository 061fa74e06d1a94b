"""Who does what at a planned meeting: the roles dialog, used by the plan screen and the live meeting.

`RolesDialog(group, meeting, suggestion, reasons)` edits a planned meeting's
moderator, minute-taker, boundary keeper, host and theme owners (chosen from
the active members). "Suggest" (ctrl+g) fills the form with `suggestion`,
normally `planning.suggest_roles` over the history (see `explained_suggestion`),
which skips members with an absence notice and covers all five roles, and
shows under each role why the rota chose that member. Saving writes the meeting through the store and
dismisses with one line for the minutes, in the group's language:
"Næste møde 19. marts 2026: ordstyrer Anne, referent Bo, ...". Cancel
dismisses with None and writes nothing.

The live meeting screen offers it during the "next meeting" item:

    from facilitator.screens.roles import roles_dialog_after
    dialog = roles_dialog_after(app.store, group, live.meeting, app.clock.now().date())
    if dialog is not None:
        app.push_screen(dialog, lambda line: line and <add line to the minutes>)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Label, Select, SelectionList, Static

from facilitator.i18n import t
from facilitator.model import Roles
from facilitator.planning import ROLES, suggest_roles
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.group_common import CSS, escape, facilitator_app
from facilitator.screens.typing_catch import CatchesTyping

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting
    from facilitator.store import Store

HISTORY_DAYS = 365
"""The rota looks at the finished meetings of this many days back (enough for turns over half a year)."""


def rota_history(store: Store, group_id: str, before: Meeting, today: date) -> list[Meeting]:
    """The meetings that count for the rota of `before`: the last year's finished meetings
    (ids from the history index) and the planned or live meetings dated before it."""
    since = min(today, before.date) - timedelta(days=HISTORY_DAYS)
    meetings: list[Meeting] = []
    for summary in store.history_index(group_id):
        if since <= summary.date and (summary.date, summary.start) <= (before.date, before.start):
            try:
                meetings.append(store.load_meeting(group_id, summary.id))
            except Exception:  # noqa: BLE001 - a broken file is reported on the home screen
                continue
    for meeting in store.upcoming_meetings(group_id):
        if meeting.id != before.id and (meeting.date, meeting.start, meeting.id) < (before.date, before.start, before.id):
            meetings.append(meeting)
    return meetings


def explained_suggestion(
    store: Store, group: Group, meeting: Meeting, today: date, previous: Roles | None = None
) -> tuple[Roles, dict[str, str]]:
    """The rota's suggestion for `meeting` and why it chose each (one sentence per role of `ALL_ROLES`)."""
    past = rota_history(store, group.id, meeting, today)
    reasons: dict[str, str] = {}
    roles = suggest_roles(
        group, past, meeting.attendance.absent_notified, previous=previous, current=meeting.roles, explain=reasons
    )
    return roles, reasons


def suggest_for(
    store: Store, group: Group, meeting: Meeting, today: date, previous: Roles | None = None
) -> Roles:
    """The rota's suggestion for `meeting` (its absence notices skipped, its theme owners kept or suggested)."""
    return explained_suggestion(store, group, meeting, today, previous)[0]


def next_planned_meeting(store: Store, group_id: str, after: Meeting) -> Meeting | None:
    """The first planned meeting after `after` (by date and time), or None."""
    later = [
        m
        for m in store.upcoming_meetings(group_id)
        if m.status == "planned" and m.id != after.id and (m.date, m.start) >= (after.date, after.start)
    ]
    return later[0] if later else None


def roles_line(group: Group, meeting: Meeting, roles: Roles) -> str:
    """One line for the minutes, in the group's language: the next meeting's date and who does what."""
    from facilitator.export import format_date

    language = group.settings.language
    parts = []
    for role in ROLES:
        holder = getattr(roles, role)
        if holder:
            label = t(f"planning.role_{role}", language=language).lower()
            parts.append(f"{label} {group.name_of(holder)}")
    if roles.theme_owners:
        label = t("planning.role_theme_owners", language=language).lower()
        parts.append(f"{label} {', '.join(group.name_of(m) for m in roles.theme_owners)}")
    who = ", ".join(parts) if parts else t("group_screens.roles_none", language=language)
    day = format_date(meeting.date, language)
    return t("group_screens.roles_line", language=language, date=day, roles=who)


def roles_dialog_after(store: Store, group: Group, live: Meeting, today: date) -> RolesDialog | None:
    """The roles dialog for the planned meeting after `live`, with the suggestion; None when none is planned."""
    following = next_planned_meeting(store, group.id, live)
    if following is None:
        return None
    suggestion, reasons = explained_suggestion(store, group, following, today, previous=live.roles)
    return RolesDialog(group, following, suggestion, reasons)


class RolesDialog(CatchesTyping[str | None], Dialog[str | None]):
    """Edits and saves a planned meeting's roles; dismisses with a line for the minutes (or None)."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+g", "suggest", "group_screens.bind_suggest", tooltip="group_screens.tip_suggest", id="roles.suggest"),
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_roles", id="roles.save"),
        cancel_binding("roles.cancel", "group_screens"),
    ]

    def __init__(
        self, group: Group, meeting: Meeting, suggestion: Roles | None = None, reasons: dict[str, str] | None = None
    ) -> None:
        """`meeting` is the planned meeting whose roles are set; `suggestion` fills the form on "Suggest",
        and `reasons` (role -> why, from `explained_suggestion`) are shown beside each role then."""
        super().__init__(cancel=None)
        self.group = group
        self.meeting = meeting
        self.suggestion = suggestion
        self.reasons = reasons or {}
        self.saved_roles: Roles | None = None
        """The roles written (after saving)."""

    def _options(self, current: str) -> list[tuple[str, str]]:
        absent = set(self.meeting.attendance.absent_notified)
        options = []
        for member in self.group.members:
            if not member.active and member.id != current:
                continue
            label = member.name + (f" ({t('group_screens.with_notice')})" if member.id in absent else "")
            options.append((label, member.id))
        return options

    @staticmethod
    def _why(role: str) -> Static:
        """The line under a role that says why the rota chose its member (shown after "Suggest")."""
        why = Static("", id=f"why-{role}", classes="muted why")
        why.display = False
        return why

    def compose_dialog(self) -> ComposeResult:
        from facilitator.export import format_date

        roles = self.meeting.roles
        title = t("group_screens.roles_title", date=format_date(self.meeting.date), title=self.meeting.title)
        with VerticalScroll(classes="dialog form", id="roles-dialog"):
            yield Static(escape(title), classes="dialog-title")
            absent = self.meeting.attendance.absent_notified
            if absent:
                names = ", ".join(self.group.name_of(m) for m in absent)
                yield Static(escape(t("group_screens.roles_absent", names=names)), classes="muted")
            for role in ROLES:
                current = getattr(roles, role)
                yield Label(t(f"planning.role_{role}"), classes="field-label")
                yield Select(
                    self._options(current),
                    compact=True,
                    value=current if current else Select.NULL,
                    allow_blank=True,
                    prompt=t("group_screens.nobody"),
                    id=f"role-{role}",
                )
                yield self._why(role)
            yield Label(t("planning.role_theme_owners"), classes="field-label")
            yield SelectionList[str](
                *[(label, mid, mid in roles.theme_owners) for label, mid in self._options("")],
                id="theme-owners",
            )
            yield self._why("theme_owners")
            suggest = Button(t("group_screens.suggest"), id="suggest", disabled=self.suggestion is None)
            yield from self.buttons(t("common.save"), first=suggest)

    def on_mount(self) -> None:
        self.query_one(f"#role-{ROLES[0]}", Select).focus()

    def roles(self) -> Roles:
        """The roles as chosen in the form now."""
        values: dict[str, str] = {}
        for role in ROLES:
            value = self.query_one(f"#role-{role}", Select).value
            values[role] = value if isinstance(value, str) else ""
        owners = list(self.query_one("#theme-owners", SelectionList).selected)
        return Roles(**values, theme_owners=[str(o) for o in owners])

    @on(Button.Pressed, "#suggest")
    def action_suggest(self) -> None:
        """Fill the five roles with the rota's suggestion and say why it chose each.

        Theme owners already chosen stay; with none, the suggested one is ticked.
        """
        if self.suggestion is None:
            return
        for role in ROLES:
            value = getattr(self.suggestion, role)
            select = self.query_one(f"#role-{role}", Select)
            if value and value in select._legal_values:
                select.value = value
            else:
                select.clear()
        owners = self.query_one("#theme-owners", SelectionList)
        if not owners.selected:
            for member_id in self.suggestion.theme_owners:
                owners.select(member_id)
        for field in (*ROLES, "theme_owners"):
            reason = self.reasons.get(field, "")
            why = self.query_one(f"#why-{field}", Static)
            why.update(escape(f"→ {reason}") if reason else "")
            why.display = bool(reason)
        self.notify(t("group_screens.suggested"))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Write the roles to the meeting file and dismiss with the line for the minutes."""
        roles = self.roles()
        meeting = self.meeting.model_copy(deep=True)
        meeting.roles = Roles(**{**meeting.roles.model_dump(), **roles.model_dump()})
        app = facilitator_app(self)
        from facilitator.planning import stamp_calendar

        stamp_calendar(self.group, meeting, app.clock.now())  # the roles are in the event's description
        try:
            app.store.save_meeting(self.group.id, meeting)
        except Exception as error:  # noqa: BLE001 - StoreError, ConflictError: the form stays open with the choices
            self.notify(str(error), title=t("group_screens.not_saved"), severity="error", timeout=15)
            return
        self.meeting.roles = meeting.roles
        self.saved_roles = meeting.roles
        self.dismiss(roles_line(self.group, meeting, meeting.roles))
