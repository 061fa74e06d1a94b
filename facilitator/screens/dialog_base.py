"""The base of every dialog: typed on its result, escape and Cancel answer the cancel value.

`Dialog[ResultT]` is a `ModalScreen[ResultT]` that owns what every dialog
of the program did on its own before (issue 16):

- the result's type and the value escape gives (`cancel=`, given to
  `__init__`: None for most, False for a question, the safe choice where
  escape must choose one); `action_cancel` dismisses with it, and the button
  `#cancel`, where a dialog has one, does the same;
- the bindings, written as catalog keys, turned into text in the current
  language (`localize_bindings`);
- the stylesheet (dialogs.tcss unless the dialog names its own);
- the footer of widgets/footer.py under what the dialog shows
  (`compose_dialog`), unless `FOOTER` is False;
- the row of buttons under a form: Cancel and the dialog's own button
  (`buttons(label)`), where a dialog has that row.

A dialog still lists its own keys in `BINDINGS`, its escape among them
(`cancel_binding(id)`), so that each keeps its binding id and its keys'
order in the footer and in F1. A dialog whose cancel asks first (the group
form) overrides `action_cancel`; the button follows.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar, TypeVar

from textual import on
from textual._path import CSSPathType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.i18n import t
from facilitator.ui import localize_bindings, stylesheet
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

__all__ = ["CSS", "Dialog", "cancel_binding", "show_field_error"]

ResultT = TypeVar("ResultT")

CSS: list[str | PurePath] = [stylesheet("dialogs.tcss")]
"""The stylesheet of the dialogs that name none of their own."""


def cancel_binding(binding_id: str, catalog: str = "dialogs") -> Binding:
    """escape → cancel, described by `catalog`'s bind_cancel and tip_cancel, with the id `binding_id`."""
    return Binding("escape", "cancel", f"{catalog}.bind_cancel", tooltip=f"{catalog}.tip_cancel", id=binding_id)


def show_field_error(message_line: Static, message: str) -> None:
    """Show `message` in a field's error line (class field-error); an empty message hides the line."""
    message_line.update(message)
    message_line.set_class(not message, "-empty")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog typed on its result; escape and the Cancel button dismiss with the cancel value."""

    CSS_PATH: ClassVar[CSSPathType | None] = CSS
    FOOTER: ClassVar[bool] = True
    """Whether the footer of keys stands under the dialog (the groups of three draw their keys themselves)."""

    def __init__(self, *, cancel: ResultT, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        """`cancel` is what escape (and the button #cancel) answers."""
        super().__init__(name=name, id=id, classes=classes)
        localize_bindings(self)
        self.cancel_result = cancel

    def compose(self) -> ComposeResult:
        yield from self.compose_dialog()
        if self.FOOTER:
            yield Footer()

    def compose_dialog(self) -> ComposeResult:
        """What the dialog shows, above the footer."""
        return ()

    def buttons(self, label: str, button_id: str = "save", first: Button | None = None) -> ComposeResult:
        """The row under a form: (`first`,) Cancel (#cancel) and the dialog's own button, `label`, primary."""
        with Horizontal(classes="buttons"):
            if first is not None:
                yield first
            yield Button(t("common.cancel"), id="cancel")
            yield Button(label, id=button_id, variant="primary")

    def action_cancel(self) -> None:
        """Escape: close, answering the cancel value."""
        self.dismiss(self.cancel_result)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
