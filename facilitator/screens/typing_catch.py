"""Typing that lands in a dialog opened by a letter of the meeting screen goes back as typing (issue 13).

The meeting screen opens some dialogs with a letter (t time-out, a late
arrival, g groups of three, o next meeting's roles). A new user who types a
sentence slowly may have such a letter taken as its command; the next key
then lands in the dialog. A dialog with `CatchesTyping` among its bases hands
a printable key that is none of its own commands (or a space, which a
moderator would not press before looking at the dialog), typed within
`typing_guard.CHAIN` seconds of the letter, back to the meeting screen
(`catch(until, handler)` arms it; the handler undoes what the letter did and
puts the letter and the key into the minutes). Keys that still reach the
dialog while it closes (a fast typist's next letters, already on their way)
go the same way, so not one is lost (`handed_back` is then True). After that
moment, or after one of its own keys, the dialog works as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input, TextArea

__all__ = ["CatchesTyping"]


ResultT = TypeVar("ResultT")


class CatchesTyping(Screen[ResultT]):
    """Mixin for the dialogs a letter of the meeting screen opens; see the module docstring.

    Typed on the dialog's result, as the ModalScreen beside it, so that `push_screen`'s callback is checked.
    """

    _catch_until: float = 0.0
    _catch_handler: Callable[[str], None] | None = None
    handed_back: bool = False
    """A key was handed back as typing: the dialog is closing, every key that still reaches it follows."""

    def catch(self, until: float, handler: Callable[[str], None]) -> None:
        """Hand keys typed before `until` (time.monotonic) that are no command here to `handler`."""
        self._catch_until = until
        self._catch_handler = handler

    def on_key(self, event: Key) -> None:
        handler = self._catch_handler
        if handler is None:
            return
        if self.handed_back:
            if event.is_printable or event.key == "enter":
                event.stop()
                event.prevent_default()
                handler("\n" if event.key == "enter" else (event.character or ""))
            return
        if time.monotonic() > self._catch_until or isinstance(self.focused, (Input, TextArea)):
            self._catch_handler = None
            return
        if not (event.is_printable or event.key == "enter"):
            return
        active = self.active_bindings.get(event.key)
        if active is not None and active.enabled and event.key != "space":
            self._catch_handler = None  # one of the dialog's own keys: it was meant
            return
        event.stop()
        event.prevent_default()
        handler("\n" if event.key == "enter" else (event.character or ""))
        self.handed_back = True
