"""The group's agreements: confidentiality, ethics, attendance and personal limits.

Four text areas hold the agreements in force; ctrl+s saves them through
`planning.update_agreements`, which dates the new version (today, from the
clock) and keeps the one it replaces in the history, shown on the right with
the dates each version was in force. The live meeting shows the agreements
during the welcome item.

Above them stands the network's purpose and form (issue 21), as decided at the
first meeting; ctrl+f changes it (`purpose.set_purpose`, versioned the same
way), and its earlier versions join the history on the right.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Label, Static, TextArea

from facilitator import glyphs
from facilitator.i18n import get_language, t
from facilitator.model import Agreements, Group
from facilitator.planning import AGREEMENT_TEXTS, update_agreements
from facilitator.screens.group_common import GroupScreen, escape
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two


def purpose_text(group: Group) -> str:
    """The purpose and form in force, one line per part (or how to write it down)."""
    from facilitator.purpose import purpose_lines

    lines = purpose_lines(group.purpose, get_language())
    if not lines:
        return t("year.agreements_no_purpose")
    shown = [f"[$text-muted]{escape(label)}: [/]{escape(text)}" for label, text in lines]
    if group.purpose is not None and group.purpose.changed_on is not None:
        shown.append(f"[$text-muted]{t('year.purpose_since', date=group.purpose.changed_on.isoformat())}[/]")
    return "\n".join(shown)


def purpose_history_text(group: Group) -> list[str]:
    """The earlier versions of the purpose, newest first, as blocks like those of the agreements."""
    from facilitator.purpose import purpose_lines

    blocks: list[str] = []
    for version in reversed(group.purpose_history):
        since = version.changed_on.isoformat() if version.changed_on else "…"
        lines = [f"[b]{t('year.purpose_period', since=since, until=version.replaced_on.isoformat())}[/b]"]
        for label, text in purpose_lines(version, get_language()):
            lines.append(f"[$text-muted]{escape(label)}: [/]{escape(text)}")
        blocks.append("\n".join(lines))
    return blocks


def history_text(group: Group) -> str:
    """The earlier versions, newest first: the dates each was in force and its texts (the purpose's after)."""
    if not group.agreements_history:
        extra = purpose_history_text(group)
        return "\n\n".join(extra) if extra else t("group_screens.agreements_no_history")
    blocks: list[str] = []
    for version in reversed(group.agreements_history):
        since = version.changed_on.isoformat() if version.changed_on else "…"
        lines = [f"[b]{t('group_screens.agreements_period', since=since, until=version.replaced_on.isoformat())}[/b]"]
        for name in AGREEMENT_TEXTS:
            text = getattr(version, name).strip()
            if text:
                lines.append(f"[$text-muted]{t(f'group_screens.agreement_{name}')}: [/]{escape(text)}")
        blocks.append("\n".join(lines))
    blocks += purpose_history_text(group)
    return "\n\n".join(blocks)


class AgreementsScreen(GroupScreen):
    """Edits the agreements (versioned by date) and shows the earlier versions."""

    BINDINGS = [
        Binding("ctrl+s", "save", "group_screens.bind_save", tooltip="group_screens.tip_save_agreements", id="agreements.save"),
        Binding("ctrl+f", "purpose", "year.bind_purpose", tooltip="year.tip_purpose", id="agreements.purpose"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Horizontal(id="agreements-body", classes="group-body"):
            with VerticalScroll(id="agreements-texts"):
                yield Label(t("year.purpose_title"), classes="field-label")
                yield Static("", id="agreements-purpose")
                yield Static("", id="agreements-status", classes="muted")
                for name in AGREEMENT_TEXTS:
                    yield Label(t(f"group_screens.agreement_{name}"), classes="field-label")
                    yield TextArea(id=f"agreement-{name}", soft_wrap=True)
            with VerticalScroll(id="agreements-history"):
                yield Static("", id="agreements-history-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agreements-history", VerticalScroll).border_title = t("group_screens.agreements_history")
        group = self.read_group()
        if group is not None:
            for name in AGREEMENT_TEXTS:
                self.query_one(f"#agreement-{name}", TextArea).text = getattr(group.agreements, name)
        self.show()
        self.query_one(f"#agreement-{AGREEMENT_TEXTS[0]}", TextArea).focus()

    def draft(self) -> Agreements:
        """The agreements as typed now."""
        return Agreements.model_validate({name: self.query_one(f"#agreement-{name}", TextArea).text for name in AGREEMENT_TEXTS})

    def changed(self) -> bool:
        group = self.group
        if group is None:
            return False
        return any(
            getattr(self.draft(), name).strip() != getattr(group.agreements, name).strip() for name in AGREEMENT_TEXTS
        )

    def show(self) -> None:
        group = self.group
        status = self.query_one("#agreements-status", Static)
        if group is None:
            status.update(t("group_screens.no_group"))
            return
        day = group.agreements.changed_on
        text = t("group_screens.agreements_since", date=day.isoformat()) if day else t("group_screens.agreements_new")
        if self.changed():
            text += f"  [$warning]● {t('group_screens.unsaved')}[/]"
        status.update(text)
        self.query_one("#agreements-purpose", Static).update(purpose_text(group))
        self.query_one("#agreements-history-text", Static).update(history_text(group))
        self.refresh_bindings()

    @on(TextArea.Changed)
    def _typed(self) -> None:
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and not self.changed():
            return None
        return True

    def action_save(self) -> None:
        """Save the agreements as a new version dated today."""
        if self.group is None:
            return
        new = self.draft()
        today = self.facilitator.clock.now().date()
        result: list[bool] = []

        def change(group: Group) -> None:
            result.append(update_agreements(group, new, today))

        if self.change_group(change):
            self.notify(t("group_screens.agreements_saved") if any(result) else t("group_screens.agreements_same"))
            self.show()

    def action_purpose(self) -> None:
        """ctrl+f: change the network's purpose and form (a new version dated today)."""
        from facilitator.screens.feedback import PurposeDialog

        if self.group is None:
            return
        self.app.push_screen(PurposeDialog(self.group.purpose), self._purpose_chosen)

    def _purpose_chosen(self, purpose: object) -> None:
        from facilitator.model import Purpose
        from facilitator.purpose import set_purpose

        if not isinstance(purpose, Purpose) or self.group is None:
            return
        today = self.facilitator.clock.now().date()
        result: list[bool] = []

        def change(group: Group) -> None:
            result.append(set_purpose(group, purpose, today))

        if self.change_group(change):
            self.notify(t("year.purpose_saved") if any(result) else t("year.purpose_same"))
            self.show()

    def action_back(self) -> None:
        """Back; asks first when the texts have unsaved changes."""
        if not self.changed():
            super().action_back()
            return
        from facilitator.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                GroupScreen.action_back(self)

        self.app.push_screen(ConfirmDialog(t("group_screens.discard_agreements")), answered)
