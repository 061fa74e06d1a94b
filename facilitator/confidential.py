"""The one rule of what stays in the group: `!!` marks confidential text in the minutes (and in time-out notes).

The rule, everywhere the program looks at it (the exports, the actions carried
over to the next agenda, the room view, the review, the minutes pane):

- A line is **marked** when `!!` is the first thing written on it, after any
  spaces and after the markers Markdown puts in front of a line's text: a
  list item (`-`, `*`, `+`, `1.`, `1)`), a task (`- [ ]`, `- [x]`), a quote
  (`>`, also nested), a heading (`#` to `######`), in any combination
  (`> - [ ] !! ...`), and after `Decision:` / `Beslutning:` (also bold,
  `**Decision:**`). `!!` later in the line does not mark it.
- A marked line is confidential. When a marked line begins a paragraph (the
  first line after a blank line, or of the text), the whole paragraph up to
  the next blank line is confidential.

`confidential_lines()` says which lines are, `split_confidential()` gives the
text that may leave the program and the passages left out, `strip_mark()`
takes the `!!` out of a line (for showing it inside the program). This module
never imports Textual; every other module asks it, so the rule lives here only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["MARK", "confidential_lines", "is_marked", "split_confidential", "strip_mark"]

MARK = "!!"

_PREFIX = re.compile(
    r"""^[ \t]*
    (?:
        (?:>[ \t]*)                                   # a quote (nested quotes repeat)
      | (?:\#{1,6}[ \t]+)                              # a heading
      | (?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]*)?)   # a list item, maybe a task
      | (?:(?:\*\*|__)?(?:decision|beslutning)[ \t]*:(?:\*\*|__)?[ \t]*)   # a decision
      | (?:(?:\*\*|__)?(?:decision|beslutning)(?:\*\*|__)[ \t]*:[ \t]*)    # **Decision**:
    )*
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _mark_at(line: str) -> int:
    """Where the `!!` of a marked line starts, or -1 when the line is not marked."""
    if MARK not in line:
        return -1
    end = _PREFIX.match(line)
    start = end.end() if end else 0
    return start if line.startswith(MARK, start) else -1


def is_marked(line: str) -> bool:
    """True when `!!` is the first thing on the line after spaces and Markdown's markers (see the module's rule)."""
    return _mark_at(line) >= 0


def strip_mark(line: str) -> str:
    """The line without its `!!` (and the spaces after it); the markers before it stay. Unmarked: as it is."""
    at = _mark_at(line)
    if at < 0:
        return line
    return line[:at] + line[at + len(MARK):].lstrip(" \t")


def confidential_lines(lines: Sequence[str] | str) -> set[int]:
    """The indexes of the confidential lines (`lines` a list of lines, or a text split at its line breaks)."""
    if isinstance(lines, str):
        lines = lines.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    marked: set[int] = set()
    at_paragraph_start = True
    paragraph_hidden = False
    for index, line in enumerate(lines):
        if not line.strip():
            at_paragraph_start = True
            paragraph_hidden = False
            continue
        if MARK in line and is_marked(line):
            marked.add(index)
            if at_paragraph_start:
                paragraph_hidden = True
        elif paragraph_hidden:
            marked.add(index)
        at_paragraph_start = False
    return marked


def split_confidential(text: str) -> tuple[str, list[str]]:
    """The text that may leave the program, and the passages left out as confidential.

    Consecutive confidential lines form one passage, returned as written (the
    `!!` included). Runs of blank lines left behind shrink to one, and the
    public text has no blank lines at its start or end; its lines lose
    trailing spaces.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    hidden = confidential_lines(lines)
    kept: list[str] = []
    left_out: list[str] = []
    passage: list[str] = []
    for index, line in enumerate(lines):
        if index in hidden:
            passage.append(line)
            continue
        if passage:
            left_out.append("\n".join(passage).rstrip())
            passage = []
        kept.append("" if not line.strip() else line.rstrip())
    if passage:
        left_out.append("\n".join(passage).rstrip())
    public: list[str] = []
    for line in kept:
        if not line and (not public or not public[-1]):
            continue
        public.append(line)
    while public and not public[-1]:
        public.pop()
    return "\n".join(public), left_out
