"""Editing a planned meeting's agenda: items, order, minutes, who leads, kind and cues.

The screen edits a copy of the meeting (`draft`) and writes it on ctrl+s; leaving
with unsaved changes asks first. Items are added (n), changed (e / enter, in
`ItemDialog`), removed (delete) and moved (ctrl+up / ctrl+down, or [ and ]).
Under the table the total is shown against the planned start, the group's
end_by time and the booklet's advice for the template (about 3 hours for a
first meeting). "Carry over" (c) offers the items deferred in the last finished
meeting and its open actions (`- [ ]` lines, confidential ones left out) to
add before the closing items; "Save as template" (t) stores the agenda as one
of the group's own templates.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Header, Input, Label, Select, SelectionList, Static, TextArea

from facilitator import glyphs
from facilitator.agendas import template_ids
from facilitator.i18n import clock, t
from facilitator.model import Item, ItemKind, slugify
from facilitator.planning import (
    CarryOver,
    PlanningError,
    add_to_agenda,
    agenda_fits,
    agenda_total,
    booklet_advice,
    carry_over,
    follow_up_item,
    move_item,
    save_as_template,
    tail_index,
)
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.group_common import CSS, GroupScreen, TextDialog, escape
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting

LED_BY_ROLES = ("moderator", "everyone", "theme_owner", "host")
KINDS = ("talk", "round", "break", "groups", "open")


def led_by_label(group: Group, led_by: str) -> str:
    """Who leads, in words ('moderator', 'everyone', or a member's name)."""
    if led_by in LED_BY_ROLES:
        return t(f"export.led_by_{led_by}")
    return group.name_of(led_by) if led_by else "–"



def _hours(minutes: int) -> str:
    """Minutes as hours and minutes, "2:40", the way the agenda's total is written beside its minutes."""
    return f"{minutes // 60}:{minutes % 60:02d}"

class ItemDialog(Dialog[Item | None]):
    """Adds or changes one agenda item: title, minutes, who leads, kind and cues."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_item", id="item.save"),
        cancel_binding("item.cancel", "group_screens"),
    ]

    def __init__(self, group: Group, item: Item | None = None) -> None:
        super().__init__(cancel=None)
        self.group = group
        self.item = item or Item(title="", planned_minutes=10, led_by="moderator")

    def compose_dialog(self) -> ComposeResult:
        item = self.item
        led_by = [(t(f"export.led_by_{role}"), role) for role in LED_BY_ROLES]
        led_by += [(m.name, m.id) for m in self.group.members if m.active or m.id == item.led_by]
        if item.led_by and item.led_by not in {value for _, value in led_by}:
            led_by.append((item.led_by, item.led_by))
        with VerticalScroll(classes="dialog form", id="item-dialog"):
            title = t("group_screens.item_edit_title") if item.title else t("group_screens.item_add_title")
            yield Static(title, classes="dialog-title")
            yield Label(t("group_screens.item_title"), classes="field-label")
            yield Input(item.title, id="title", max_length=120, compact=True)
            yield Static("", id="title-error", classes="field-error -empty")
            with Horizontal(classes="columns"):
                with Vertical(classes="column"):
                    yield Label(t("group_screens.item_minutes"), classes="field-label")
                    yield Input(str(item.planned_minutes), id="minutes", max_length=3, compact=True)
                    yield Static("", id="minutes-error", classes="field-error -empty")
                with Vertical(classes="column"):
                    yield Label(t("group_screens.item_led_by"), classes="field-label")
                    yield Select(
                        led_by,
                        value=item.led_by or Select.NULL,
                        allow_blank=True,
                        prompt=t("group_screens.nobody"),
                        id="led-by",
                        compact=True,
                    )
                with Vertical(classes="column"):
                    yield Label(t("group_screens.item_kind"), classes="field-label")
                    yield Select(
                        [(t(f"group_screens.kind_{kind}"), kind) for kind in KINDS],
                        value=item.kind,
                        allow_blank=False,
                        id="kind",
                        compact=True,
                    )
            yield Label(t("group_screens.item_cues"), classes="field-label")
            yield TextArea("\n".join(item.cues), id="cues", soft_wrap=True)
            yield from self.buttons(t("common.save"))

    def on_mount(self) -> None:
        self._check()
        self.query_one("#title", Input).focus()

    def _minutes(self) -> int | None:
        text = self.query_one("#minutes", Input).value.strip()
        if not text:
            return 0
        if not text.isdigit() or int(text) > 600:
            return None
        return int(text)

    def _check(self) -> bool:
        title_ok = bool(self.query_one("#title", Input).value.strip())
        minutes_ok = self._minutes() is not None
        for field, ok, key in (("title", title_ok, "required"), ("minutes", minutes_ok, "bad_minutes")):
            error = self.query_one(f"#{field}-error", Static)
            shown = not ok and (field != "title" or self.item.title != "" or self.query_one("#title", Input).value != "")
            error.update(t(f"group_screens.{key}") if shown else "")
            error.set_class(not shown, "-empty")
            self.query_one(f"#{field}", Input).set_class(not ok and shown, "-invalid")
        self.query_one("#save", Button).disabled = not (title_ok and minutes_ok)
        return title_ok and minutes_ok

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the item when the title and minutes are valid."""
        if not self._check():
            return
        led_by = self.query_one("#led-by", Select).value
        cues = [line.strip() for line in self.query_one("#cues", TextArea).text.splitlines() if line.strip()]
        item = self.item.model_copy(deep=True)
        item.title = " ".join(self.query_one("#title", Input).value.split())
        item.planned_minutes = self._minutes() or 0
        item.led_by = led_by if isinstance(led_by, str) else ""
        item.kind = cast(ItemKind, str(self.query_one("#kind", Select).value))  # the select offers the kinds only
        item.cues = cues
        self.dismiss(item)


class CarryOverDialog(Dialog["list[Item] | None"]):
    """Offers the last meeting's deferred items and open actions; dismisses with the items to add."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_add", tooltip="group_screens.tip_add_carry", id="carry.save"),
        cancel_binding("carry.cancel", "group_screens"),
    ]

    def __init__(self, offer: CarryOver, language: str, source: str) -> None:
        super().__init__(cancel=None)
        self.offer = offer
        self.language = language
        self.source = source

    def compose_dialog(self) -> ComposeResult:
        choices: list[tuple[str, str, bool]] = []
        for n, item in enumerate(self.offer.deferred_items):
            choices.append((t("group_screens.carry_deferred", title=item.title), f"item-{n}", True))
        if self.offer.open_actions:
            label = t("group_screens.carry_actions", count=len(self.offer.open_actions))
            choices.append((label, "actions", True))
        with Vertical(classes="dialog form", id="carry-dialog"):
            yield Static(t("group_screens.carry_title", source=escape(self.source)), classes="dialog-title")
            yield SelectionList[str](*choices, id="carry")
            if self.offer.open_actions:
                yield Static(escape("\n".join(f"- [ ] {a}" for a in self.offer.open_actions)), classes="preview")
            yield from self.buttons(t("group_screens.add_chosen"))

    def on_mount(self) -> None:
        self.query_one("#carry", SelectionList).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        chosen = set(self.query_one("#carry", SelectionList).selected)
        items = [item for n, item in enumerate(self.offer.deferred_items) if f"item-{n}" in chosen]
        if "actions" in chosen:
            items.append(follow_up_item(self.offer.open_actions, self.language))
        self.dismiss(items)


class AgendaEditorScreen(GroupScreen):
    """Edits the agenda of one planned meeting."""

    BINDINGS = [
        Binding("n", "add", "group_screens.bind_add_item", tooltip="group_screens.tip_add_item", id="agenda.add"),
        Binding("e", "edit", "group_screens.bind_edit", tooltip="group_screens.tip_edit_item", id="agenda.edit"),
        Binding("delete", "remove", "group_screens.bind_remove", tooltip="group_screens.tip_remove_item", id="agenda.remove"),
        Binding(
            "ctrl+up,left_square_bracket", "move(-1)", "group_screens.bind_up", tooltip="group_screens.tip_up", id="agenda.up"
        ),
        Binding(
            "ctrl+down,right_square_bracket",
            "move(1)",
            "group_screens.bind_down",
            tooltip="group_screens.tip_down",
            id="agenda.down",
        ),
        Binding("c", "carry_over", "group_screens.bind_carry", tooltip="group_screens.tip_carry", id="agenda.carry"),
        Binding("t", "template", "group_screens.bind_template", tooltip="group_screens.tip_template", id="agenda.template"),
        Binding("f", "trim", "group_screens.bind_trim", tooltip="group_screens.tip_trim", id="agenda.trim"),
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_agenda", id="agenda.save"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.draft: Meeting | None = None
        """The meeting being edited (written on save)."""
        self.dirty = False
        """Changes not written yet."""

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Vertical(id="agenda-body", classes="group-body"):
            yield Static("", id="agenda-heading")
            table: DataTable[str] = DataTable(id="agenda", cursor_type="row", zebra_stripes=True, classes="list")
            table.border_title = t("group_screens.agenda_title")
            yield table
            yield Static("", id="agenda-fit")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#agenda", DataTable)
        for key in ("n", "at", "title", "minutes", "led_by", "kind", "cues"):
            table.add_column(t(f"group_screens.agenda_col_{key}"), key=key)
        group = self.read_group()
        if group is not None:
            try:
                self.draft = self.store.load_meeting(group.id, self.meeting_id)
            except Exception as error:  # noqa: BLE001 - StoreError: say which file and why
                self.notify(str(error), title=t("group_screens.read_failed"), severity="error", timeout=15)
        if self.draft is not None and self.draft.status != "planned":
            self.notify(t("group_screens.agenda_not_planned"), severity="warning", timeout=10)
        self.show()
        table.focus()

    @property
    def editable(self) -> bool:
        return self.draft is not None and self.draft.status == "planned"

    def show(self, cursor: int | None = None) -> None:
        """Redraw the items, the heading and the fit from the draft."""
        table = self.query_one("#agenda", DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        draft, group = self.draft, self.group
        if draft is None or group is None:
            return
        from facilitator.export import format_date

        heading = f"[b]{escape(draft.title or draft.id)} · [/b]{escape(format_date(draft.date))} {clock(draft.start)}"
        if self.dirty:
            heading += f"  [$warning]● {t('group_screens.unsaved')}[/]"
        self.query_one("#agenda-heading", Static).update(heading)
        at = datetime.combine(draft.date, draft.start)
        for n, item in enumerate(draft.items):
            table.add_row(
                str(n + 1),
                clock(at),
                escape(item.title),
                str(item.planned_minutes) if item.planned_minutes else "–",
                escape(led_by_label(group, item.led_by)),
                t(f"group_screens.kind_{item.kind}"),
                str(len(item.cues)) if item.cues else "",
                key=str(n),
            )
            at += timedelta(minutes=item.planned_minutes)
        if draft.items:
            table.move_cursor(row=max(0, min(row, len(draft.items) - 1)))
        table.border_subtitle = t("group_screens.agenda_hint")
        self.show_fit()
        self.refresh_bindings()

    def show_fit(self) -> None:
        """The total against the planned start, the end_by time and the booklet's advice."""
        draft, group = self.draft, self.group
        if draft is None or group is None:
            return
        total = agenda_total(draft.items)
        fit = agenda_fits(draft, group.settings.end_by_time())
        parts = [
            t(
                "group_screens.fit_total",
                total=total,
                hours=_hours(total),
                start=clock(draft.start),
                end=clock(fit.end),
            )
        ]
        if fit.over:
            parts.append(t("group_screens.fit_over", end_by=group.settings.end_by, minutes=fit.minutes_over))
        else:
            parts.append(t("group_screens.fit_ok", end_by=group.settings.end_by))
        advice = booklet_advice(draft.template)
        if advice is not None:
            parts.append(t("group_screens.fit_advice", minutes=advice, hours=_hours(advice)))
        widget = self.query_one("#agenda-fit", Static)
        widget.update(escape(" · ".join(parts)))
        widget.set_class(fit.over, "-over")

    def cursor(self) -> int | None:
        table = self.query_one("#agenda", DataTable)
        if self.draft is None or not self.draft.items or table.row_count == 0:
            return None
        return min(table.cursor_row, len(self.draft.items) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "remove", "move", "carry_over", "save") and not self.editable:
            return None
        if action in ("edit", "remove", "move", "template") and self.cursor() is None:
            return None
        if action == "save" and not self.dirty:
            return None
        if action == "trim":
            if not self.editable or self.draft is None or self.group is None:
                return None
            return True if agenda_fits(self.draft, self.group.settings.end_by_time()).over else None
        return True

    def _changed(self, cursor: int | None = None) -> None:
        self.dirty = True
        self.show(cursor)

    # --- actions -----------------------------------------------------------------------

    def action_add(self) -> None:
        """Add an item (before the closing items)."""
        if self.group is None:
            return
        self.app.push_screen(ItemDialog(self.group), self._added)

    def _added(self, item: Item | None) -> None:
        if item is None or self.draft is None:
            return
        at = tail_index(self.draft.items)
        self.draft.items.insert(at, item)
        self._changed(at)

    @on(DataTable.RowSelected, "#agenda")
    def _row_selected(self) -> None:
        if self.app.screen is not self:  # a second enter, queued before the first one's dialog opened
            return
        if self.editable:
            self.action_edit()

    def action_edit(self) -> None:
        """Change the selected item."""
        index = self.cursor()
        if index is None or self.draft is None or self.group is None:
            return
        item = self.draft.items[index]
        self.app.push_screen(ItemDialog(self.group, item), lambda new: self._edited(index, new))

    def _edited(self, index: int, item: Item | None) -> None:
        if item is None or self.draft is None:
            return
        self.draft.items[index] = item
        self._changed(index)

    def action_remove(self) -> None:
        """Remove the selected item (nothing is written until ctrl+s)."""
        index = self.cursor()
        if index is None or self.draft is None:
            return
        removed = self.draft.items.pop(index)
        self.notify(t("group_screens.item_removed", title=removed.title))
        self._changed(index)

    def action_move(self, delta: int) -> None:
        """Move the selected item up (-1) or down (1)."""
        index = self.cursor()
        if index is None or self.draft is None:
            return
        try:
            new_index = move_item(self.draft, index, delta)
        except (PlanningError, IndexError) as error:
            self.notify(str(error), severity="warning")
            return
        if new_index != index:
            self._changed(new_index)

    def action_carry_over(self) -> None:
        """Offer the last meeting's deferred items and open actions."""
        if self.draft is None or self.group is None:
            return
        last = None
        for summary in self.store.history_index(self.group.id):  # newest first
            if (summary.date, summary.start) <= (self.draft.date, self.draft.start):
                try:
                    last = self.store.load_meeting(self.group.id, summary.id)
                except Exception as error:  # noqa: BLE001 - a broken file: say so
                    self.notify(str(error), severity="error")
                break
        offer = carry_over(last)
        if last is None or offer.empty:
            self.notify(t("group_screens.carry_nothing"))
            return
        from facilitator.export import format_date

        source = f"{last.title or last.id} ({format_date(last.date)})"
        self.app.push_screen(CarryOverDialog(offer, self.group.settings.language, source), self._carried)

    def _carried(self, items: list[Item] | None) -> None:
        if not items or self.draft is None:
            return
        added = add_to_agenda(self.draft, items)
        self.notify(t("group_screens.carry_added", count=added))
        if added:
            self._changed(tail_index(self.draft.items) - 1)

    def action_trim(self) -> None:
        """Trim the items so the meeting ends by the group's latest end (issue 18; saved with ctrl+s, like any edit)."""
        if self.draft is None or self.group is None:
            return
        from facilitator.planning import trim_to_end_by

        try:
            changes = trim_to_end_by(self.draft, self.group.settings.end_by_time())
        except PlanningError as error:
            self.notify(str(error), severity="warning")
            return
        if changes:
            lines = [t("group_screens.trim_line", title=self.draft.items[i].title, before=b, after=a) for i, b, a in changes]
            self.notify(
                escape("\n".join(lines)),
                title=t(
                    "group_screens.trimmed", end=clock(agenda_fits(self.draft, self.group.settings.end_by_time()).end)
                ),
            )
            self._changed(changes[0][0])

    def action_save(self) -> None:
        """Write the agenda to the meeting file (stamped for the calendar: its length is the event's end)."""
        if self.draft is None or not self.dirty:
            return
        if self.group is not None:
            from facilitator.planning import stamp_calendar

            stamp_calendar(self.group, self.draft, self.facilitator.clock.now())
        if self.save_meeting(self.draft):
            self.dirty = False
            self.notify(t("group_screens.agenda_saved"))
            self.show()

    def action_template(self) -> None:
        """Save the agenda as one of the group's own templates (asks for a name)."""
        if self.draft is None or self.group is None:
            return
        builtin = set(template_ids())  # the built-in agendas, from their folder

        def check(text: str) -> str | None:
            slug = slugify(text, "")
            if not slug:
                return t("group_screens.template_name_bad")
            if slug in builtin:
                return t("group_screens.template_name_builtin")
            return None

        dialog = TextDialog(t("group_screens.template_dialog_title"), t("group_screens.template_name"), "", check)
        self.app.push_screen(dialog, self._save_template)

    def _save_template(self, title: str | None) -> None:
        if not title or self.draft is None or self.group is None:
            return
        try:
            agenda = save_as_template(self.draft.items, slugify(title), title, self.group.settings.language)
            self.store.save_agenda(agenda)
        except Exception as error:  # noqa: BLE001 - PlanningError, StoreError: a message
            self.notify(str(error), title=t("group_screens.not_saved"), severity="error", timeout=12)
            return
        self.notify(t("group_screens.template_saved", title=title, id=agenda.id))

    def action_back(self) -> None:
        """Back; asks first when there are unsaved changes."""
        if not self.dirty:
            super().action_back()
            return
        from facilitator.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dirty = False
                super(AgendaEditorScreen, self).action_back()

        self.app.push_screen(ConfirmDialog(t("group_screens.discard_agenda")), answered)
