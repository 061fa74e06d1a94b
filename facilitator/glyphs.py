"""The symbols the program draws, in one place, each one that Windows Terminal's default font has.

Windows Terminal draws with Cascadia Mono unless told otherwise. A character
the font lacks is drawn from another font at best, and as a box or a question
mark in the older Windows console. So every symbol here, and every other
character the program draws (the texts in facilitator/locale, the big digits,
the borders of the stylesheets), is in Cascadia Mono's character map: see
tests/test_glyphs.py, which checks the program's texts and the screens of
every snapshot against that map (tests/cascadia_mono_coverage.txt).

Symbols the program used before that the font lacks, and what stands in their place:

    ✉ absent with notice  -> ◐ (as in the history's attendance marks ● ◐ ○)
    ✗ absent              -> ×
    ⏸ paused              -> ║
    ⏹ time-out            -> ■
    ⚠ warning             -> !
    ★ evaluation meeting  -> ◆
    ☑ ☐ a task, done/open -> ■ □
    ✂ left out of export  -> ×
    ⭘ the header's icon   -> ◯ (Textual's default; every `Header` is given this one)

Nothing here imports Textual: the table is plain data.
"""

from __future__ import annotations

__all__ = [
    "ABSENT",
    "CHECKED",
    "CHOSEN",
    "EVALUATION",
    "HEADER_ICON",
    "LEFT_OUT",
    "NOTICE",
    "NOT_CHOSEN",
    "PRESENT",
    "TASK_DONE",
    "TASK_OPEN",
    "UNCHECKED",
    "WARNING",
]

PRESENT = "✓"
"""Check-in: present."""

NOTICE = "◐"
"""Check-in: absent with notice (afbud); the history marks it the same way."""

ABSENT = "×"
"""Check-in: absent."""

WARNING = "!"
"""Before a warning on a screen (over time, too many members)."""

EVALUATION = "◆"
"""The evaluation meeting in the plan."""

TASK_DONE = "■"
"""An action of the minutes that is done (`- [x]`)."""

TASK_OPEN = "□"
"""An action of the minutes that is still open (`- [ ]`)."""

LEFT_OUT = "×"
"""A confidential passage the export leaves out."""

HEADER_ICON = "◯"
"""The icon at the left of every screen's header (Textual's own, ⭘, is not in the font)."""

CHECKED = "[x]"
"""A ticked check box (Textual's Checkbox and SelectionList draw the same mark on and off, told apart by colour)."""
UNCHECKED = "[ ]"
"""A check box not ticked."""
CHOSEN = "(x)"
"""The chosen radio button of a set."""
NOT_CHOSEN = "( )"
"""A radio button not chosen."""
