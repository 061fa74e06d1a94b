"""What the three history screens share (the list, the review of one meeting, the statistics).

The stylesheet, bindings written as `Key`s whose descriptions come from the
history catalog in the current language, a command-palette provider that offers
the current screen's keys as commands, the base screen `HistoryBase` (the store,
the group, going back) and `minutes_text`. A module of its own so that the list
(screens/history.py) can open the review and the statistics, which build on
these pieces, without an import circle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingsMap
from textual.screen import Screen

from facilitator.i18n import t
from facilitator.screens.command_list import CommandList
from facilitator.ui import stylesheet

if TYPE_CHECKING:
    from facilitator.model import Group
    from facilitator.store import Store

__all__ = ["CSS_FILE", "BindingCommands", "HistoryBase", "Key", "minutes_text", "translated_bindings"]

CSS_FILE = str(stylesheet("history.tcss"))
"""The stylesheet of the history, review and statistics screens."""


@dataclass(frozen=True)
class Key:
    """A binding whose description is looked up in the current language when a screen is made."""

    keys: str
    action: str
    description_key: str
    """Key of the description in the history catalog."""
    show: bool = True
    key_display: str | None = None
    id: str | None = None
    priority: bool = False
    palette: bool = True
    """Offer it in the command palette."""


def translated_bindings(keys: Sequence[Key]) -> BindingsMap:
    """The bindings of `keys` with descriptions (and tooltips) in the current language."""
    bindings = []
    for key in keys:
        description = t(f"history.{key.description_key}")
        bindings.append(
            Binding(
                key.keys,
                key.action,
                description,
                show=key.show,
                key_display=key.key_display,
                priority=key.priority,
                tooltip=t(f"history.{key.description_key}_tip") if _has_tip(key.description_key) else "",
                id=key.id,
            )
        )
    return BindingsMap(bindings)


def _has_tip(description_key: str) -> bool:
    return t(f"history.{description_key}_tip") != f"history.{description_key}_tip"


class BindingCommands(CommandList):
    """Offers the keys of the current history screen as commands in the command palette."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        keys: Sequence[Key] = getattr(screen, "KEYS", ())
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        for key in keys:
            if not key.palette:
                continue
            name = t(f"history.{key.description_key}")
            help_text = t(f"history.{key.description_key}_tip") if _has_tip(key.description_key) else ""
            commands.append((name, help_text, partial(screen.run_action, key.action)))
        return commands


class HistoryBase(Screen[None]):
    """What the history screens share: stylesheet, translated keys, palette commands, going back."""

    CSS_PATH = CSS_FILE
    COMMANDS = {BindingCommands}
    KEYS: ClassVar[tuple[Key, ...]] = ()

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._bindings = translated_bindings(self.KEYS)

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined,no-any-return]

    @property
    def group(self) -> Group | None:
        return getattr(self.app, "group", None)

    def action_back(self) -> None:
        """Go back to the screen before; quit when this is the only screen."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()


def minutes_text(n: int | float | None) -> str:
    """'150 min' (or '–' when unknown)."""
    if n is None:
        return "–"
    return t("common.minutes_short", n=int(round(n)))
