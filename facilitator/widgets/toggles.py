"""Check boxes and radio buttons readable without colour: `[x]` / `[ ]` and `(x)` / `( )` (issue 17).

Textual's `Checkbox`, `RadioButton` and `SelectionList` draw the same mark
whether they are on or off (`▐X▌`, `▐●▌`) and tell the two apart by colour
alone, which a monochrome terminal, a projector in a lit room or a
colour-blind reader does not see. Imported once by the app (facilitator/app.py),
this module makes every one of them in the program draw its state as text, in
every theme: `[x]` ticked, `[ ]` not, `(x)` chosen, `( )` not (the marks come
from facilitator/glyphs.py). The colours stay as the theme sets them, on top.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton

from facilitator import glyphs

__all__ = ["mark_for"]


def mark_for(button: ToggleButton) -> str:
    """The text a toggle shows for its state."""
    if isinstance(button, RadioButton):
        return glyphs.CHOSEN if button.value else glyphs.NOT_CHOSEN
    return glyphs.CHECKED if button.value else glyphs.UNCHECKED


def _button(self: ToggleButton) -> Content:
    return Content.assemble((mark_for(self), self.get_visual_style("toggle--button")))


ToggleButton._button = property(_button)  # type: ignore[assignment, method-assign]  # Textual's private property, replaced

_original_render_line = SelectionList.render_line


def _render_line(self: SelectionList[Any], y: int) -> Strip:
    """SelectionList's line with `[x]` / `[ ]` in place of its three-cell coloured button."""
    strip = _original_render_line(self, y)
    segments = list(strip)
    _, scroll_y = self.scroll_offset
    index = scroll_y + y
    if len(segments) < 4 or index >= self.option_count:
        return strip
    selected = self.get_option_at_index(index).value in self._selected
    mark = glyphs.CHECKED if selected else glyphs.UNCHECKED
    style = segments[1].style
    return Strip([*(Segment(char, style) for char in mark), *segments[3:]], strip.cell_length)


SelectionList.render_line = _render_line  # type: ignore[method-assign]  # Textual's own method, replaced on purpose
