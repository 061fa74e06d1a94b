"""The help screen: for the meeting a step-by-step guide, and every key of the screen it was opened from (issues 10, 17).

Generic, so any screen can push it::

    show_help(self)                       # from a screen's action (F1), keys read from the screen
    app.push_screen(HelpScreen(screen))   # the same by hand; the meeting screen gets the guide
    app.push_screen(HelpScreen(keys, guide="..."))   # explicit keys (HelpKey list) and text

The keys come from the screen's BINDINGS (also those hidden from the footer,
like the digit keys) and the app's, with their descriptions and tooltips
already in the current language (`localize_bindings`). Keys doing the same
thing are shown together ("0-9"). A screen may offer its own guide with a
`help_guide() -> str | None` method; the live meeting screen (class name
`MeetingScreen`) gets `meeting_guide()`: numbered steps in the order a
meeting runs, after the booklet's advice, shown before the list of keys.
`HelpCommands` puts "Help" into a screen's command palette
(`COMMANDS = {..., HelpCommands}`). Escape, F1 or q closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.screens.command_list import Command, CommandList
from facilitator.screens.dialog_base import Dialog
from facilitator.ui import stylesheet

__all__ = ["HelpCommands", "HelpKey", "HelpScreen", "confidential_rule", "meeting_guide", "screen_keys", "show_help"]


@dataclass(frozen=True, slots=True)
class HelpKey:
    """One line of the key list: the key(s) as shown, what they do, and a longer explanation."""

    keys: str
    description: str
    tooltip: str = ""


def meeting_guide() -> str:
    """A short guide to running a meeting, in the current language, ending with the confidentiality rule."""
    return t("panels.guide_meeting").rstrip("\n") + "\n\n" + confidential_rule()


def confidential_rule() -> str:
    """What `!!` does (facilitator/confidential.py's rule, said for people), in the current language."""
    return t("panels.guide_confidential")


_BUILTIN_ACTIONS = frozenset({"app.focus_next", "app.focus_previous", "screen.copy_text", "app.copy_text", "quit", "app.quit"})
"""Textual's own bindings, left out of the help of a screen that does not follow the id convention."""


def _join_keys(shown: list[str]) -> str:
    """Keys doing the same thing: "0-9" for the digits, else joined with " / "."""
    unique = list(dict.fromkeys(shown))
    if len(unique) >= 3 and all(k.isdigit() and len(k) == 1 for k in unique):
        return "0-9" if len(unique) == 10 else f"{min(unique)}-{max(unique)}"
    return " / ".join(unique)


def screen_keys(screen: DOMNode) -> list[HelpKey]:
    """The keys of `screen` (its own bindings first, then the app's), merged by description."""
    app = screen.app
    order: list[tuple[str, str]] = []
    merged: dict[tuple[str, str], list[str]] = {}
    tooltips: dict[tuple[str, str], str] = {}
    nodes: list[DOMNode] = [screen, app] if app is not None and app is not screen else [screen]
    taken: set[str] = set()
    for node in nodes:
        bindings = [b for binding_list in node._bindings.key_to_bindings.values() for b in binding_list]
        if node is not screen:
            # A key the screen binds hides the app's binding of it (unless the app's has priority).
            bindings = [b for b in bindings if b.priority or b.key not in taken]
        else:
            taken = {b.key for b in bindings}
        # Our bindings carry dotted ids ("meeting.next"); where a node has them, Textual's built-in
        # ones (focus next, copy) are left out. A node without any lists all it has, bar those.
        ours = any(b.id and "." in b.id for b in bindings)
        for binding in bindings:
            if not binding.description:
                continue
            if ours and not (binding.id and "." in binding.id):
                continue
            if not ours and binding.action in _BUILTIN_ACTIONS:
                continue
            name = binding.action.split("(", 1)[0]
            key = (binding.description, name)
            shown = binding.key_display if binding.key_display and binding.key_display != "0-9" else None
            display = shown or (app.get_key_display(binding) if app is not None else binding.key)
            if key not in merged:
                order.append(key)
                merged[key] = []
                tooltips[key] = binding.tooltip
            merged[key].append(display)
    return [HelpKey(_join_keys(merged[key]), key[0], tooltips[key]) for key in order]


def _guide_for(screen: DOMNode) -> str | None:
    own = getattr(screen, "help_guide", None)
    if callable(own):
        result = own()
        return str(result) if result else None
    if type(screen).__name__ == "MeetingScreen":
        return meeting_guide()
    return None


def show_help(screen: DOMNode, guide: str | None = None) -> None:
    """Push the help for `screen` (its keys; the guide given, or the screen's own)."""
    screen.app.push_screen(HelpScreen(screen, guide=guide))


class HelpScreen(Dialog[None]):
    """The keys of a screen and an optional guide. See the module docstring."""

    CSS_PATH = [stylesheet("panels.tcss")]
    FOOTER = False  # its last line says how to close it (help-footer)
    BINDINGS = [
        Binding("escape", "close", "panels.bind_close_help", tooltip="panels.tip_close_help", id="help.close"),
        Binding("f1", "close", "panels.bind_close_help", tooltip="panels.tip_close_help", id="help.close_f1", show=False),
        Binding("q", "close", "panels.bind_close_help", tooltip="panels.tip_close_help", id="help.close_q", show=False),
    ]

    def __init__(
        self,
        source: DOMNode | Sequence[HelpKey] | None = None,
        guide: str | None = None,
        title: str | None = None,
    ) -> None:
        """`source` is the screen whose keys to list (or the keys themselves); `guide` a text shown below them."""
        super().__init__(cancel=None)
        if isinstance(source, DOMNode):
            self.keys: list[HelpKey] = screen_keys(source)
            self.guide = guide if guide is not None else _guide_for(source)
        else:
            self.keys = list(source or [])
            self.guide = guide
        self.help_title = title or t("panels.help_title")

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static(self.help_title, classes="dialog-title")
            with VerticalScroll(id="help-body"):
                if self.guide:  # the guide first: how to do it, step by step; then every key
                    yield Static(t("panels.help_guide"), classes="help-heading -first")
                    yield Static(self.guide, id="help-guide", markup=False)
                yield Static(t("panels.help_keys"), classes="help-heading" if self.guide else "help-heading -first")
                yield Static(self._keys_text(), id="help-keys")
            yield Static(t("panels.help_close"), id="help-footer", classes="muted")

    def _keys_text(self) -> Text:
        text = Text(end="")
        if not self.keys:
            text.append(t("panels.help_no_keys"))
            return text
        width = min(14, max(len(k.keys) for k in self.keys))
        for n, key in enumerate(self.keys):
            if n:
                text.append("\n")
            text.append(key.keys.ljust(width), Style(bold=True))
            text.append("  " + key.description)
            if key.tooltip and key.tooltip != key.description:
                text.append(" — " + key.tooltip, Style(dim=True))
        return text

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Escape / F1 / q: back to the screen."""
        self.action_cancel()


class HelpCommands(CommandList):
    """'Help' in the command palette of any screen that lists this provider in its COMMANDS."""

    def _commands(self) -> list[Command]:
        screen: Screen[Any] = self.screen
        return [(t("panels.cmd_help"), t("panels.cmd_help_help"), lambda: show_help(screen))]
