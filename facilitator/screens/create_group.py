"""The form that creates a group: its name and its members (name, phone, e-mail).

One row of fields per member; a row is added with the "Add member" button or
by pressing enter in the last row. Every field is checked as it is typed and a
message appears under the row; saving is refused until everything is valid,
and nothing typed is lost. The form dismisses with a `GroupDraft` (or None);
the caller writes it through the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from facilitator.i18n import t
from facilitator.screens.dialog_base import Dialog, cancel_binding

EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}$")
PHONE_CHARS_RE = re.compile(r"^\+?[0-9 ()\-.]+$")
MAX_NAME = 80


def email_problem(text: str) -> str:
    """An empty string when `text` is empty or looks like an e-mail address, else the message."""
    text = text.strip()
    if not text or EMAIL_RE.match(text):
        return ""
    return t("dialogs.bad_email", value=text)


def phone_problem(text: str) -> str:
    """An empty string when `text` is empty or looks like a phone number (6-15 digits), else the message."""
    text = text.strip()
    if not text:
        return ""
    digits = sum(ch.isdigit() for ch in text)
    if PHONE_CHARS_RE.match(text) and 6 <= digits <= 15:
        return ""
    return t("dialogs.bad_phone", value=text)


@dataclass
class MemberDraft:
    """One member as typed in the form."""

    name: str
    phone: str = ""
    email: str = ""


@dataclass
class GroupDraft:
    """The group as typed in the form."""

    name: str
    members: list[MemberDraft] = field(default_factory=list)


class MemberRow(Vertical):
    """The fields of one member, with the row's messages under them."""

    def __init__(self, index: int, draft: MemberDraft | None = None) -> None:
        super().__init__(classes="member-row", id=f"member-{index}")
        self.index = index
        self.draft = draft or MemberDraft("")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="member-fields"):
            yield Input(
                self.draft.name, placeholder=t("dialogs.member_name"), classes="name", max_length=MAX_NAME, compact=True
            )
            yield Input(self.draft.phone, placeholder=t("dialogs.member_phone"), classes="phone", max_length=24, compact=True)
            yield Input(self.draft.email, placeholder=t("dialogs.member_email"), classes="email", max_length=120, compact=True)
        yield Static("", classes="field-error -empty")

    def values(self) -> MemberDraft:
        return MemberDraft(
            name=self.query_one(".name", Input).value.strip(),
            phone=self.query_one(".phone", Input).value.strip(),
            email=self.query_one(".email", Input).value.strip(),
        )

    def check(self) -> list[str]:
        """Show and return the row's problems."""
        draft = self.values()
        problems = [p for p in (phone_problem(draft.phone), email_problem(draft.email)) if p]
        if not draft.name and (draft.phone or draft.email):
            problems.insert(0, t("dialogs.member_needs_name"))
        message = self.query_one(".field-error", Static)
        message.update("\n".join(problems))
        message.set_class(not problems, "-empty")
        for cls, bad in ((".phone", phone_problem(draft.phone)), (".email", email_problem(draft.email))):
            self.query_one(cls, Input).set_class(bool(bad), "-invalid")
        return problems


class CreateGroupScreen(Dialog[GroupDraft | None]):
    """A modal form for a new group's name and members."""

    BINDINGS = [
        Binding("ctrl+s", "save", "dialogs.bind_save_group", tooltip="dialogs.tip_save_group", id="group_form.save"),
        Binding("ctrl+n", "add_row", "dialogs.bind_add_member", tooltip="dialogs.tip_add_member", id="group_form.add"),
        cancel_binding("group_form.cancel"),
    ]

    def __init__(self, rows: int = 3) -> None:
        super().__init__(cancel=None)
        self.initial_rows = max(1, rows)
        self.rows = 0

    def compose_dialog(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="group-form"):
            yield Static(t("dialogs.group_title"), classes="dialog-title")
            yield Label(t("dialogs.group_name"), classes="field-label")
            yield Input(placeholder=t("dialogs.group_name_placeholder"), id="group-name", max_length=MAX_NAME)
            yield Static("", id="group-name-error", classes="field-error -empty")
            yield Label(t("dialogs.members_label"), classes="field-label")
            with VerticalScroll(id="member-rows"):
                for _ in range(self.initial_rows):
                    yield self._new_row()
            yield from self.buttons(t("dialogs.save_group"), first=Button(t("dialogs.add_member"), id="add-row"))

    def _new_row(self) -> MemberRow:
        self.rows += 1
        return MemberRow(self.rows)

    def on_mount(self) -> None:
        self.query_one("#group-name", Input).focus()

    async def action_add_row(self) -> None:
        """Add an empty member row and put the cursor in it.

        The mount is awaited before the row's field is looked up: until then the row has no
        children (in a real terminal the next frame can come first; Pilot's timing hid this).
        """
        row = self._new_row()
        await self.query_one("#member-rows", VerticalScroll).mount(row)
        row.query_one(".name", Input).focus()
        row.scroll_visible()

    @on(Button.Pressed, "#add-row")
    async def _add_pressed(self) -> None:
        await self.action_add_row()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "group-name":
            self._check_name(quiet_when_empty=True)
            return
        for row in event.input.ancestors:
            if isinstance(row, MemberRow):
                row.check()
                break

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; in the last field of the last row it adds a row."""
        inputs = list(self.query(Input))
        if event.input not in inputs:  # the field went away (the form is closing)
            return
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
        else:
            await self.action_add_row()

    def _check_name(self, quiet_when_empty: bool = False) -> str:
        name = self.query_one("#group-name", Input).value.strip()
        problem = "" if name or quiet_when_empty else t("dialogs.group_needs_name")
        error = self.query_one("#group-name-error", Static)
        error.update(problem)
        error.set_class(not problem, "-empty")
        return problem

    def draft(self) -> GroupDraft:
        """What is typed in the form now (rows without any text left out)."""
        members = [row.values() for row in self.query(MemberRow)]
        return GroupDraft(
            name=self.query_one("#group-name", Input).value.strip(),
            members=[m for m in members if m.name or m.phone or m.email],
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the group when every field is valid; else show what to fix."""
        problems = [self._check_name()] + [p for row in self.query(MemberRow) for p in row.check()]
        problems = [p for p in problems if p]
        if problems:
            self.notify(t("dialogs.fix_first", count=len(problems)), severity="warning")
            return
        self.dismiss(self.draft())

    def action_cancel(self) -> None:
        """Close (escape or Cancel); asks first when something was typed."""
        draft = self.draft()
        if not draft.name and not draft.members:
            self.dismiss(None)
            return
        from facilitator.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(t("dialogs.discard_group")), answered)
