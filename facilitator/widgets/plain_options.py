"""The choices of a drop-down list (`Select`) and of a tick-box list (`SelectionList`) are text, never markup.

Textual reads a `str` choice as markup. The choices here are members' names,
meeting and agenda titles from the files: "Anne [/] Hansen" closed the
program as the agenda editor's "Led by" list opened, stopped the roles
dialog, the plan's dialogs and the theme ideas' from opening at all, and
"[bold]Mette" lost its brackets (found by a sweep with brackets in every
text of a data folder). No choice of this program is meant as markup, so a
`str` choice is made `Text` before Textual sees it. Imported by facilitator/app.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.widgets import Select, SelectionList

__all__ = ["plain"]


def plain(prompt: Any) -> Any:
    """`prompt` as text when it is a `str` (anything else as it is)."""
    return Text(prompt) if isinstance(prompt, str) else prompt


_original_setup = Select._setup_variables_for_options


def _setup_variables_for_options(self: Select[Any], options: Iterable[tuple[Any, Any]]) -> None:
    _original_setup(self, [(plain(prompt), value) for prompt, value in options])


Select._setup_variables_for_options = _setup_variables_for_options  # type: ignore[method-assign]  # on purpose

_original_make_selection = SelectionList._make_selection


def _make_selection(self: SelectionList[Any], selection: Any) -> Any:
    if isinstance(selection, tuple) and selection:
        selection = (plain(selection[0]), *selection[1:])
    return _original_make_selection(self, selection)


SelectionList._make_selection = _make_selection  # type: ignore[method-assign]  # on purpose
