"""The minutes pane: a soft-wrapping editor the minute-taker writes in during the meeting.

The text lives in the running meeting (`LiveMeeting.minutes`); the pane is the
editor of it. Two things change the minutes:

- the minute-taker types: the screen hands the text to `live.set_minutes()`
  (cheap: an assignment) and asks the autosaver for a save;
- the meeting writes into them (a heading when an item starts, the groups of
  three, a time-out line): `MinutesPane.sync_from()` applies only the changed
  stretch as an edit of the editor, so the cursor, the selection and the
  scroll position stay where the minute-taker left them.

`merge_minutes()` (facilitator/textmerge.py) is the pure three-way merge behind it: when both sides
changed since they last agreed (a key press and a meeting change within the
same moment), the meeting's change is applied on top of the typing.

Two things the pane shows about the text (issue 14):

- Confidential lines (the `!!` rule of facilitator/confidential.py) are dimmed
  and italic, and marked `┃` in a narrow gutter that appears while there is
  any, so the minute-taker sees, also without colour, what stays in the group.
- The length limit (`MINUTES_MAX`, a million characters): from `WARN_AT` of it
  the border says how much is used; a key or a paste that would pass it is
  refused with a message, and what is there is kept.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Self

from rich.segment import Segment
from textual.binding import Binding
from textual.document._document import Document, EditResult, Location
from textual.document._edit import Edit
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea

from facilitator.confidential import MARK, confidential_lines
from facilitator.i18n import t
from facilitator.textlimits import MINUTES_MAX
from facilitator.textmerge import TextEdit, diff_edit, merge_minutes
from facilitator.textual_fixes import line_keys
from facilitator.ui import localize_bindings

__all__ = ["CONFIDENTIAL_GUTTER", "MinutesPane", "TextEdit", "WARN_AT", "diff_edit", "merge_minutes"]

WARN_AT = 0.9
"""From this share of MINUTES_MAX on, the pane's border shows how much of the limit is used."""
CONFIDENTIAL_GUTTER = "┃ "
"""The mark beside a confidential line (readable without colour), in a gutter as wide as it."""
_CONFIDENTIAL_STYLE = "facilitator.confidential"
"""The name of the confidential lines' style in the editor's highlights (see `_build_highlight_map`)."""
_FULL_NOTICE_SECONDS = 3.0


def _location(text: str, index: int) -> Location:
    """The (row, column) of `index` in `text`, whose lines end in "\\n"."""
    row = text.count("\n", 0, index)
    return (row, index - (text.rfind("\n", 0, index) + 1))


class MinutesPane(TextArea):
    """The minute-taker's editor: soft wrap, Markdown text, escape gives the keys back to the meeting."""

    BINDINGS = [
        Binding(
            "escape",
            "leave",
            "meeting_screen.bind_leave_minutes",
            tooltip="meeting_screen.tip_leave_minutes",
            id="meeting.leave_minutes",
        ),
    ]

    COMPONENT_CLASSES = {"minutes--confidential", "minutes--confidential-mark"}

    _holding = False
    """An edit is under way: a repaint of the whole pane is held (see `refresh`)."""
    _held = False
    """A repaint of the whole pane was asked for while holding."""
    _composing = False
    """Textual is composing the pane's rows for the screen (see `render_lines`)."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        self.confidential: frozenset[int] = frozenset()
        """The indexes of the lines shown as confidential (facilitator/confidential.py's rule)."""
        self._hint: str | None = None
        self._full_notice_at = -_FULL_NOTICE_SECONDS
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, id=id)
        localize_bindings(self)
        self.synced: str = text
        """The text the editor and the meeting last agreed on."""
        self._shown_rows: dict[int, tuple[object, ...]] = {}
        """Per row composed for the screen: what it was drawn from (`_row_signatures`)."""

    # --- confidential lines ------------------------------------------------------------

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        self._add_confidential_style()

    def _add_confidential_style(self) -> None:
        if self._theme is None:
            return
        try:
            style = self.get_component_rich_style("minutes--confidential", partial=True)
        except Exception:  # noqa: BLE001 - before the stylesheet is applied: a plain dim italic
            style = None
        from rich.style import Style

        if style is None or not style:
            style = Style(dim=True, italic=True)
        self._theme = replace(self._theme, syntax_styles={**self._theme.syntax_styles, _CONFIDENTIAL_STYLE: style})
        self._line_cache.clear()

    def on_mount(self) -> None:
        self._add_confidential_style()  # the component style is known once the stylesheet applies
        self._show_length(len(self.text))

    def _build_highlight_map(self) -> None:
        """Textual's highlights, plus every confidential line in the confidential style."""
        super()._build_highlight_map()
        lines = self.document.lines
        marked = frozenset(confidential_lines(lines)) if any(MARK in line for line in lines) else frozenset()
        had_gutter = bool(self.confidential)
        self.confidential = marked
        for index in marked:
            self._highlights[index].append((0, None, _CONFIDENTIAL_STYLE))
        if had_gutter != bool(marked) and self.is_mounted:
            self._rewrap_and_refresh_virtual_size()  # the gutter came or went: the lines are narrower or wider

    def edit(self, edit: Edit) -> EditResult:
        """Textual's edit, keeping the drawn rows above the edited line (Textual 8.2.8 drops every one).

        TextArea forgets every line it drew at each edit, so each typed key drew all 34 rows of the pane
        anew, and so did the meeting's own writing at the end of the minutes (a time-out's line, a
        heading; issue 20). A row above the first line edited shows the same text, wrapped the same, at
        the same place in the document, so what was drawn for it stands; its cache key (`line_keys`, which
        holds the cursor only for the rows the selection touches) tells whether it still applies. The
        rows are kept only when the confidential lines and the gutter above that line are as they were
        (they are drawn into the rows).
        """
        row = min(edit.from_location, edit.to_location)[0]
        kept = self._drawn_above(row)
        confidential = {index for index in self.confidential if index < row}
        gutter = self.gutter_width
        self._holding = True
        try:
            result = super().edit(edit)
            if kept and gutter == self.gutter_width and confidential == {i for i in self.confidential if i < row}:
                for key, strip in kept:
                    self._line_cache.set(key, strip)
        finally:
            self._holding = False
            self._release()
        return result

    # --- repainting only the rows an edit changed ------------------------------------------

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        """Textual's refresh; during an edit, a repaint of the whole pane waits to see which rows changed.

        TextArea repaints the whole widget at every edit (the selection and the virtual size are
        reactive), so each typed key and each line the meeting writes composed all 36 rows of the
        pane anew with their border (2 ms at hour 3, also when the edit was below the rows shown;
        issue 20). `_release` repaints only the rows whose drawing differs from what is shown.
        """
        if self._holding and repaint and not regions and not recompose:
            self._held = True
            if layout:
                super().refresh(repaint=False, layout=True)
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _release(self) -> None:
        """Repaint what the edit changed: the rows whose drawing differs, or the whole pane when unsure."""
        if not self._held:
            return
        self._held = False
        rows = self._rows_to_repaint()
        if rows is None:
            super().refresh()
        elif rows:
            width = self.size.width
            super().refresh(*(Region(0, y, width, 1) for y in rows))

    def _rows_to_repaint(self) -> list[int] | None:
        """The rows shown whose drawing differs from the one shown (None: every row, as Textual does)."""
        if not self.is_mounted:
            return None
        drawn = self._shown_rows
        signatures = self._row_signatures(range(self.size.height))
        if any(signature is None for signature in signatures):
            return None
        return [y for y, signature in enumerate(signatures) if drawn.get(y) != signature]

    def _row_signatures(self, rows: Iterable[int]) -> list[tuple[object, ...] | None]:
        """Everything each of `rows` is drawn from (None: unknown).

        A row's cache key holds neither its text nor its line (Textual forgets every drawn line at
        each edit), and the whole selection wherever the selection touches the row's line; here the
        row's text stands for the first two; for the selection, the cells of this row it marks,
        whether the cursor is on the row's line and, on the cursor's row, where the cursor is and
        whether it shows.
        """
        rows = list(rows)
        keys = line_keys(self, rows)
        wrapped = self.wrapped_document
        info = wrapped._offset_to_line_info
        document = self.document
        top = int(self.scroll_offset.y)
        gutter = self.gutter_width
        confidential = self.confidential
        selection = self.selection
        start, end = sorted((selection.start, selection.end))
        selecting = start != end
        cursor_line = selection.end[0]
        cursor_row = self._cursor_offset[1]
        cursor = (selection.end, self._draw_cursor)
        signatures: list[tuple[object, ...] | None] = []
        for y, key in zip(rows, keys, strict=True):
            if key is None:  # unknown
                signatures.append(None)
                continue
            row = y + top
            shown = info[row] if 0 <= row < len(info) else None
            if shown is None:  # below the text
                signatures.append((key, gutter))
                continue
            line, section = shown
            try:
                text, wraps = document[line], wrapped._wrap_offsets[line]
            except IndexError:
                signatures.append(None)
                continue
            lo = wraps[section - 1] if section > 0 else 0
            hi = wraps[section] if section < len(wraps) else len(text)
            marked: tuple[int, int] | None = None
            if selecting and start[0] <= line <= end[0]:
                first = start[1] if start[0] == line else 0
                last = end[1] if end[0] == line else len(text) + 1  # through the line's end
                marked = (max(first, lo), min(last, hi + 1))
            signatures.append(
                (
                    key[:3] + key[4:],
                    cursor_line == line,
                    marked,
                    cursor if row == cursor_row else None,
                    gutter,
                    line in confidential,
                    section,
                    text[lo:hi],
                )
            )
        return signatures

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's render_lines, noting for each row drawn what it was drawn from (see `refresh`)."""
        self._composing = True
        try:
            return super().render_lines(crop)
        finally:
            self._composing = False

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if self._composing:
            signature = self._row_signatures((y,))[0]
            if signature is None:
                self._shown_rows.pop(y, None)
            else:
                self._shown_rows[y] = signature
        return strip

    def _drawn_above(self, row: int) -> list[tuple[tuple[object, ...], Strip]]:
        """The rows shown now above document line `row` that are drawn (cache key, strip)."""
        cache = getattr(self, "_line_cache", None)
        if row <= 0 or not cache:
            return []
        try:
            first = self.wrapped_document.location_to_offset((row, 0)).y
        except (IndexError, ValueError):
            return []
        top = int(self.scroll_offset.y)
        kept: list[tuple[tuple[object, ...], Strip]] = []
        for key in line_keys(self, range(max(0, min(self.size.height, first - top)))):
            if key is None:
                return []
            strip = cache.get(key)
            if strip is not None:
                kept.append((key, strip))
        return kept

    @property
    def gutter_width(self) -> int:
        """Two columns for the confidential mark while any line is confidential (no line numbers here)."""
        return len(CONFIDENTIAL_GUTTER) if self.confidential else 0

    def _render_line(self, y: int) -> Strip:
        strip = super()._render_line(y)
        if not self.confidential:
            return strip
        line_index = None
        row = y + self.scroll_offset.y
        offsets = self.wrapped_document._offset_to_line_info
        if 0 <= row < len(offsets) and offsets[row] is not None:
            line_index = offsets[row][0]
        confidential = line_index is not None and line_index in self.confidential
        mark = CONFIDENTIAL_GUTTER if confidential else " " * len(CONFIDENTIAL_GUTTER)
        style = self.get_component_rich_style("minutes--confidential-mark") if confidential else self.rich_style
        gutter = Strip([Segment(mark, style)], len(CONFIDENTIAL_GUTTER))
        return Strip.join([gutter, strip])

    # --- the length limit ----------------------------------------------------------------

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        """Typing and pasting: refused (with a message) when it would pass MINUTES_MAX; nothing is dropped."""
        if self.read_only:
            return None
        removed = len(self.get_text_range(*sorted((start, end))))
        if len(insert) > removed and len(self.text) - removed + len(insert) > MINUTES_MAX:
            now = time.monotonic()
            if now - self._full_notice_at >= _FULL_NOTICE_SECONDS:
                self._full_notice_at = now
                self.app.bell()
                self.notify(t("minutes.full", most=f"{MINUTES_MAX:,}"), severity="error", timeout=8)
            return None
        return super()._replace_via_keyboard(insert, start, end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Every change: the border tells how much of the limit is used, from WARN_AT of it on."""
        self._show_length(len(self.text))

    def _show_length(self, length: int) -> None:
        if length >= WARN_AT * MINUTES_MAX:
            if self._hint is None:
                self._hint = str(self.border_subtitle or "")
            self.border_subtitle = t(
                "minutes.near_limit", used=f"{length:,}", most=f"{MINUTES_MAX:,}", share=int(100 * length / MINUTES_MAX)
            )
            self.add_class("-near-limit")
        elif self._hint is not None:
            self.border_subtitle = self._hint
            self._hint = None
            self.remove_class("-near-limit")

    # --- the meeting's side ----------------------------------------------------------------

    def action_leave(self) -> None:
        """Escape: hand the keys back to the meeting screen."""
        self.screen.set_focus(None)
        leave = getattr(self.screen, "action_leave_minutes", None)
        if callable(leave):
            leave()

    def apply_text(self, new: str) -> None:
        """Make the editor show `new` by editing only the stretch that differs (cursor kept)."""
        old = self.text
        edit = diff_edit(old, new)
        if edit is None:
            return
        document = self.document
        assert isinstance(document, Document)  # typed DocumentBase; a TextArea's text is a Document (or a subclass)
        if document.newline == "\n":  # the row is the newlines before the index (C speed; Textual walks the lines)
            start, end = _location(old, edit.start), _location(old, edit.end)
        else:
            start, end = document.get_location_from_index(edit.start), document.get_location_from_index(edit.end)
        self.replace(edit.text, start, end, maintain_selection_offset=True)

    def pull(self) -> str | None:
        """Typed text the meeting has not seen yet: the editor's text, or None when nothing is new.

        Call `agree()` once the meeting took it.
        """
        text = self.text
        return None if text == self.synced else text

    def agree(self, text: str) -> None:
        """The editor and the meeting now hold `text`."""
        self.synced = text

    def sync_from(self, theirs: str) -> str:
        """Bring the meeting's minutes (`theirs`) into the editor; returns the merged text.

        When nothing was typed since the last agreement, the meeting's text is
        shown as it is; otherwise both changes are merged (see
        `merge_minutes`) and the caller hands the result back to the meeting.
        """
        mine = self.text
        if theirs == self.synced:
            return mine
        merged = theirs if mine == self.synced else merge_minutes(self.synced, mine, theirs)
        self.apply_text(merged)
        self.synced = merged
        return merged
