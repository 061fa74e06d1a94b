"""Pieces shared by the screens that run the group between meetings (issue 5).

- `GroupScreen`: a full screen over the current group, with `escape` back, a
  command-palette provider that offers the screen's own keys, and helpers to
  save a change to group.toml (`change_group`, which re-reads the file under
  its lock so nothing another program saved is lost) or to a meeting.
- `PathDialog`: asks for a file to write (an export), a `Dialog[str | None]` (see `chosen_path`).
- `TextDialog`: asks for one line of text, checked as it is typed.
- small helpers: `member_options`, `role_names`, `escape`.

Screens stay thin: they show the state, turn keys into calls on
`facilitator.planning` / `facilitator.export`, and save through the Store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape as markup_escape
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from facilitator.i18n import t
from facilitator.screens.command_list import CommandList
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.ui import localize_bindings, stylesheet

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.model import Group, Meeting, Roles
    from facilitator.store import Store

CSS: list[str | PurePath] = [stylesheet("group.tcss")]
"""The stylesheet of every screen and dialog of this area."""

ROLE_FIELDS = ("moderator", "minute_taker", "boundary_keeper", "host")


def escape(text: str) -> str:
    """Text from the files, safe inside Textual markup."""
    return markup_escape(text)


def member_options(group: Group, *, include: str = "") -> list[tuple[str, str]]:
    """(name, id) of the active members (and `include`, even if inactive) for a Select."""
    options = [(m.name, m.id) for m in group.members if m.active or m.id == include]
    return options


def role_names(group: Group, roles: Roles) -> list[tuple[str, str]]:
    """(role label, names) for the roles that are set, in the usual order."""
    out: list[tuple[str, str]] = []
    for role in ROLE_FIELDS:
        holder = getattr(roles, role)
        if holder:
            out.append((t(f"planning.role_{role}"), group.name_of(holder)))
    if roles.theme_owners:
        out.append((t("planning.role_theme_owners"), ", ".join(group.name_of(m) for m in roles.theme_owners)))
    return out


def facilitator_app(node: Screen[Any]) -> FacilitatorApp:
    """The running FacilitatorApp."""
    return cast("FacilitatorApp", node.app)  # always the program's app; the type only for mypy


class ScreenKeys(CommandList):
    """Offers the keys of the current screen (their descriptions) as commands in the palette."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        seen: set[str] = set()
        for bindings in screen._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id is None or binding.action in seen or binding.action in ("back", "cancel"):
                    continue  # Textual's own keys (focus, copy) have no id
                if screen.check_action(binding.action.split("(")[0], ()) is False:
                    continue
                seen.add(binding.action)
                yield binding.description, binding.tooltip, partial(screen.run_action, binding.action)


class GroupScreen(Screen[None]):
    """Base of the full screens over the current group: escape goes back; saving helpers."""

    CSS_PATH = CSS
    COMMANDS = {ScreenKeys}
    BINDINGS = [
        Binding("escape", "back", "group_screens.bind_back", tooltip="group_screens.tip_back", id="group.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self.group: Group | None = None
        """The group as last read from group.toml."""

    @property
    def facilitator(self) -> FacilitatorApp:
        return facilitator_app(self)

    @property
    def store(self) -> Store:
        return self.facilitator.store

    def read_group(self) -> Group | None:
        """Read the current group again (None with a notice when there is none)."""
        app = self.facilitator
        try:
            group: Group | None
            if app.group is not None and app.group.id:
                group = app.store.load_group(app.group.id)
            else:
                group = app.store.current_group()
        except Exception as error:  # noqa: BLE001 - StoreError: the file is broken; say where
            self.notify(str(error), title=t("group_screens.read_failed"), severity="error", timeout=15)
            return None
        if group is None:
            self.notify(t("group_screens.no_group"), severity="warning", timeout=8)
        else:
            app.group = group
        self.group = group
        return group

    def change_group(self, change: Callable[[Group], None]) -> bool:
        """Apply `change` to the group as stored now and write it; False (with a message) on failure.

        The file is re-read under its lock first, so a change made elsewhere since this screen
        read it is kept; `self.group` is the written group afterwards.
        """
        if self.group is None:
            return False
        try:
            group = self.store.update_group(self.group.id, change)
        except Exception as error:  # noqa: BLE001 - StoreError, PlanningError: shown; the form keeps what was typed
            self.notify(str(error), title=t("group_screens.not_saved"), severity="error", timeout=15)
            return False
        self.group = group
        self.facilitator.group = group
        return True

    def save_meeting(self, meeting: Meeting) -> bool:
        """Write one meeting; False (with a message) on failure."""
        if self.group is None:
            return False
        try:
            self.store.save_meeting(self.group.id, meeting)
        except Exception as error:  # noqa: BLE001 - StoreError, ConflictError
            self.notify(str(error), title=t("group_screens.not_saved"), severity="error", timeout=15)
            return False
        return True

    def action_back(self) -> None:
        """Back to the screen below (the home screen)."""
        self.facilitator.go_back()


class TextDialog(Dialog[str | None]):
    """Asks for one line of text; `check(text)` returns a message (refused) or None."""

    CSS_PATH = CSS
    BINDINGS = [
        cancel_binding("group.cancel", "group_screens"),
    ]

    def __init__(
        self, title: str, label: str, value: str = "", check: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(cancel=None)
        self.title_text = title
        self.label = label
        self.value = value
        self.check = check or (lambda text: None if text.strip() else t("group_screens.required"))

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Label(self.label, classes="field-label")
            yield Input(self.value, id="text", max_length=200, compact=True)
            yield Static("", id="text-error", classes="field-error -empty")
            yield from self.buttons(t("common.save"), "ok")

    def on_mount(self) -> None:
        self._validate()
        self.query_one("#text", Input).focus()

    def _validate(self) -> str | None:
        text = self.query_one("#text", Input).value
        problem = self.check(text) if text.strip() else t("group_screens.required")
        error = self.query_one("#text-error", Static)
        shown = problem if text.strip() else None  # an empty field is not scolded, only not accepted
        error.update(shown or "")
        error.set_class(not shown, "-empty")
        self.query_one("#ok", Button).disabled = problem is not None
        return problem

    @on(Input.Changed)
    def _changed(self) -> None:
        self._validate()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        if self._validate() is None:
            self.dismiss(self.query_one("#text", Input).value.strip())


def path_problem(text: str, suffixes: tuple[str, ...] = ()) -> str | None:
    """A message when `text` cannot be a file to write (empty, a folder, wrong extension), else None."""
    value = text.strip()
    if not value:
        return t("group_screens.required")
    path = Path(value).expanduser()
    if path.is_dir():
        return t("group_screens.path_is_folder")
    if suffixes and path.suffix.lower() not in suffixes:
        return t("group_screens.path_suffix", suffixes=", ".join(suffixes))
    return None


class PathDialog(TextDialog):
    """Asks for the file an export is written to; dismisses with the text (see `chosen_path`)."""

    def __init__(self, title: str, default: Path, suffixes: tuple[str, ...] = (), hint: str = "") -> None:
        super().__init__(
            title, hint or t("group_screens.path_label"), str(default), lambda text: path_problem(text, suffixes)
        )


def chosen_path(text: str) -> Path:
    """The path a PathDialog returned, with ~ expanded."""
    return Path(text.strip()).expanduser()


def default_export_dir() -> Path:
    """Where exports go by default: the current folder."""
    return Path.cwd()
