"""Issue 14: the minutes pane shows what stays in the group, and the length limit before it is reached.

- Confidential lines (facilitator/confidential.py's `!!` rule, also after a
  task, quote, heading or `Decision:`) are drawn dimmed and in italics with a
  `┃` mark in a gutter, so the minute-taker sees them also without colour;
  the gutter is there only while some line is confidential (snapshot).
- From 90% of the million characters the border says how much is used; a key
  or a paste that would pass the limit is refused with a message, and not a
  character of what is there is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.geometry import Offset

from facilitator.palette import DEFAULT_THEME, THEMES, with_states
from facilitator.textlimits import MINUTES_MAX
from facilitator.ui import stylesheet
from facilitator.widgets.minutes import CONFIDENTIAL_GUTTER, MinutesPane

MINUTES = (
    "## 2. Round of introductions\n"
    "Many said it can be lonely to work alone in one's own home.\n"
    "\n"
    "- [ ] !! Lone calls the parents about the new rota\n"
    "> !! a quote that stays here\n"
    "\n"
    "## !! A heading that stays here\n"
    "\n"
    "Decision: !! the fee we agreed on\n"
    "\n"
    "Decision: We meet every four weeks.\n"
    "- [ ] Birgitte sends the minutes out\n"
)
CONFIDENTIAL = {3, 4, 6, 8}
"""The confidential lines of MINUTES."""


class PaneHost(App[None]):
    """The minutes pane alone, styled as the program styles it."""

    CSS_PATH = [stylesheet("app.tcss"), stylesheet("minutes.tcss"), stylesheet("meeting.tcss")]

    def get_css_variables(self) -> dict[str, str]:
        return with_states(super().get_css_variables())  # the meeting's states, as the program has them

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

    def compose(self) -> ComposeResult:
        pane = MinutesPane(self.text, id="minutes")
        pane.border_title = "Minutes"
        pane.border_subtitle = "m: write"
        yield pane


def test_the_pane_marks_confidential_lines(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(PaneHost(MINUTES), terminal_size=(80, 24))


async def test_confidential_lines_are_styled_and_marked_in_the_gutter() -> None:
    app = PaneHost(MINUTES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(MinutesPane)
        assert pane.confidential == CONFIDENTIAL
        assert pane.gutter_width == len(CONFIDENTIAL_GUTTER)
        rows = [pane.render_line(y) for y in range(len(MINUTES.splitlines()))]
        texts = [row.text for row in rows]
        for index, text in enumerate(texts):
            assert text.lstrip().startswith(CONFIDENTIAL_GUTTER.strip()) == (index in CONFIDENTIAL), (index, text)
        styles = {index: [s.style for s in rows[index] if s.text.strip() and s.text.strip() != "┃"] for index in (1, 3)}
        assert all(style and style.italic for style in styles[3])  # confidential: italic (and dimmed)
        assert not any(style and style.italic for style in styles[1])
        pane.focus()
        pane.move_cursor((3, 0))
        await pilot.press("delete", "delete", "delete", "delete", "delete", "delete")  # "- [ ] " gone: still marked
        await pilot.pause()
        assert 3 in pane.confidential
        pane.load_text("Nothing confidential here.\n")
        await pilot.pause()
        assert pane.confidential == frozenset() and pane.gutter_width == 0


async def test_typing_the_mark_brings_the_gutter_and_rewraps() -> None:
    app = PaneHost("word " * 40)
    async with app.run_test(size=(60, 12)) as pilot:
        pane = app.query_one(MinutesPane)
        pane.focus()
        pane.move_cursor((0, 0))
        await pilot.pause()
        width_before = pane.wrap_width
        await pilot.press("!", "!", "space")
        await pilot.pause()
        assert pane.confidential == {0}
        assert pane.wrap_width == width_before - len(CONFIDENTIAL_GUTTER)
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert pane.confidential == frozenset() and pane.wrap_width == width_before


def _lines(char: str, length: int) -> str:
    """`length` characters as minutes are written: lines of 80 (one line of 900,000 made every key take seconds)."""
    line = char * 79 + "\n"
    text = line * (length // 80)
    return text + char * (length - len(text))


async def test_the_border_warns_from_90_percent_of_the_limit() -> None:
    text = _lines("x", int(MINUTES_MAX * 0.9) - 5)
    app = PaneHost(text)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(MinutesPane)
        await pilot.pause()
        assert pane.border_subtitle == "m: write"
        pane.focus()
        pane.move_cursor(pane.document.end)
        await pilot.press(*"abcdefghij")
        await pilot.pause()
        assert pane.border_subtitle == f"! 90% of the limit: {len(text) + 10:,} of 1,000,000 characters"
        assert pane.has_class("-near-limit")
        for _ in range(10):
            await pilot.press("backspace")
        await pilot.pause()
        assert pane.border_subtitle == "m: write" and not pane.has_class("-near-limit")


@pytest.mark.parametrize("how", ["keys", "paste"])
async def test_nothing_passes_the_limit_and_nothing_is_dropped(how: str) -> None:
    from textual import events

    text = _lines("y", MINUTES_MAX - 3)
    app = PaneHost(text)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(MinutesPane)
        pane.focus()
        pane.move_cursor(pane.document.end)
        await pilot.pause()
        if how == "keys":
            await pilot.press("a", "b", "c", "d", "e")
        else:
            pane.post_message(events.Paste("pasted text that does not fit"))
        await pilot.pause()
        expected = text + "abc" if how == "keys" else text
        assert pane.text == expected  # up to the limit, then refused: nothing dropped, nothing cut
        assert len(pane.text) <= MINUTES_MAX
        assert [n.message for n in app._notifications] == [
            "The minutes are full (1,000,000 characters): that was not added; everything written is kept."
        ]
        await pilot.press("backspace")  # deleting still works at the limit
        await pilot.pause()
        assert pane.text == expected[:-1]


async def test_an_edit_keeps_the_lines_drawn_above_it_and_every_line_shows_what_a_fresh_drawing_shows() -> None:
    """The pane keeps what it drew above an edit (Textual dropped all of it at every edit and typed key, issue 20).

    After each of 150 random edits (anywhere: above, in and below the rows shown; new lines,
    joined lines, the confidential mark, a blank line that splits a paragraph), with the pane
    scrolled to random places and the cursor moved, every row shown is the one a drawing with
    nothing kept gives, styles included; and an edit below the rows shown keeps them all.
    """
    import random

    rng = random.Random(7)
    words = ["word", "Anne:", "!!", "Decision:", "- [ ]", "", "lang sætning med ord", "x" * 70]
    text = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(120))
    app = PaneHost(text)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(MinutesPane)
        height = pane.size.height

        def drawn() -> list[list[object]]:
            return [list(pane.render_line(y)) for y in range(height)]

        def fresh() -> list[list[object]]:
            pane._line_cache.clear()
            return drawn()

        for step in range(150):
            if rng.random() < 0.3:
                pane.scroll_to(y=rng.randint(0, max(0, pane.max_scroll_y)), animate=False)
                await pilot.pause()
            if rng.random() < 0.3:
                row = rng.randint(0, pane.document.line_count - 1)
                pane.move_cursor((row, rng.randint(0, len(pane.document[row]))), center=rng.random() < 0.5)
            drawn()  # the pane has drawn what it shows
            lines = pane.document.line_count
            if rng.random() < 0.6:  # most edits in or near the rows shown, where a kept line would show
                top = pane.wrapped_document.offset_to_location(Offset(0, int(pane.scroll_offset.y)))[0]
                start_row = min(lines - 1, max(0, top + rng.randint(-2, 12)))
            else:
                start_row = rng.randint(0, lines - 1)
            start = (start_row, rng.randint(0, len(pane.document[start_row])))
            end_row = min(lines - 1, start_row + rng.choice([0, 0, 0, 1, 3]))
            end = (end_row, rng.randint(0, len(pane.document[end_row]))) if end_row > start_row else start
            insert = rng.choice(["", "a", " ord", "\n", "\n\n", "!! skjult ", "ny linje\nog en til ", "x" * 90])
            if rng.random() < 0.7:  # the meeting writes into the minutes (a heading, a time-out's line)
                document = pane.document
                begin, stop = document.get_index_from_location(start), document.get_index_from_location(end)
                pane.apply_text(pane.text[:begin] + insert + pane.text[stop:])
            else:  # the minute-taker types or pastes
                pane.replace(insert, start, end, maintain_selection_offset=rng.random() < 0.5)
            await pilot.pause()
            shown = drawn()
            assert shown == fresh(), f"step {step}: {insert!r} at {start}-{end}"
        pane.scroll_home(animate=False)
        pane.move_cursor((0, 0))
        pane.cursor_blink = False  # a blinking cursor's row is drawn anew at each blink, edit or not
        await pilot.pause()
        drawn()
        drawings: list[int] = []
        render = pane._render_line

        def counted(y: int) -> Any:
            drawings.append(y)
            return render(y)

        pane._render_line = counted  # type: ignore[method-assign]  # the drawing of a line not kept
        pane.apply_text(pane.text + "\nthe time-out's line\n")
        await pilot.pause()
        shown = drawn()
        assert drawings == []  # an edit below the rows shown keeps them all: not one drawn anew
        assert shown == fresh()
        pane.focus()
        bottom = pane.wrapped_document.offset_to_location(Offset(0, int(pane.scroll_offset.y) + height - 1))[0]
        pane.move_cursor((bottom, 0))
        await pilot.pause()
        drawn()
        drawings.clear()
        await pilot.press("z")  # typing on the last line shown draws that line anew, not the rows above it
        await pilot.pause()
        shown = drawn()
        top = int(pane.scroll_offset.y)
        rows = {pane.wrapped_document._offset_to_line_info[top + y][0] for y in set(drawings)}
        assert drawings and rows <= {bottom, bottom + 1}
        assert shown == fresh()


async def test_an_edit_repaints_only_the_rows_it_changed_and_the_screen_shows_what_a_fresh_drawing_shows() -> None:
    """The pane repaints only the rows an edit changed (Textual repainted all of them, border and all; issue 20).

    After each of 120 random edits, typed keys and cursor moves (above, in and below the rows
    shown, the confidential mark that makes the gutter come and go, the pane scrolled to random
    places), the rows composed for the screen, border included, are those a composition from
    nothing gives. A line written below the rows shown repaints none of them; a typed key at the
    end of a line repaints only that line's rows.
    """
    import random

    from textual.geometry import Region

    rng = random.Random(11)
    words = ["word", "Anne:", "!!", "Decision:", "- [ ]", "", "lang sætning med ord", "x" * 70]
    text = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(120))
    app = PaneHost(text)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(MinutesPane)
        pane.cursor_blink = False  # a blinking cursor's row is repainted at each blink, edit or not
        whole = Region(0, 0, *pane.outer_size)

        def shown() -> list[list[tuple[str, object]]]:  # the rows composed for the screen, cell by cell
            return [[(c, s.style) for s in strip for c in s.text] for strip in pane.render_lines(whole)]

        def fresh() -> list[list[object]]:
            pane._styles_cache.clear()
            pane._line_cache.clear()
            return shown()

        def repainted(change: Callable[[], object]) -> set[int]:
            """The content rows marked for repainting by `change`."""
            pane._styles_cache._dirty_lines.clear()
            change()
            top = pane.content_offset.y
            return {y - top for y in pane._styles_cache._dirty_lines}

        for step in range(120):
            if rng.random() < 0.2:
                pane.scroll_to(y=rng.randint(0, max(0, pane.max_scroll_y)), animate=False)
            if rng.random() < 0.3:
                row = rng.randint(0, pane.document.line_count - 1)
                pane.move_cursor((row, rng.randint(0, len(pane.document[row]))))
            if rng.random() < 0.4:  # a selection in or near the rows shown, also within one wrapped line
                top = pane.wrapped_document.offset_to_location(Offset(0, int(pane.scroll_offset.y)))[0]
                row = min(pane.document.line_count - 1, top + rng.randint(0, 8))
                pane.move_cursor((row, rng.randint(0, len(pane.document[row]))))
                row = min(pane.document.line_count - 1, row + rng.choice([0, 0, 1, 2]))
                pane.move_cursor((row, rng.randint(0, len(pane.document[row]))), select=True)
            await pilot.pause()
            shown()
            if rng.random() < 0.3:  # the selection grows or shrinks by a key, nothing edited
                pane.focus()
                await pilot.press(rng.choice(["shift+right", "shift+left", "shift+down", "shift+end", "right"]))
                await pilot.pause()
                assert shown() == fresh(), f"step {step}: a selection by key"
            lines = pane.document.line_count
            top = pane.wrapped_document.offset_to_location(Offset(0, int(pane.scroll_offset.y)))[0]
            start_row = min(lines - 1, max(0, top + rng.randint(-3, 12))) if rng.random() < 0.7 else rng.randint(0, lines - 1)
            start = (start_row, rng.randint(0, len(pane.document[start_row])))
            end_row = min(lines - 1, start_row + rng.choice([0, 0, 0, 1, 3]))
            end = (end_row, rng.randint(0, len(pane.document[end_row]))) if end_row > start_row else start
            insert = rng.choice(["", "a", " ord", "\n", "\n\n", "!! skjult ", "ny linje\nog en til ", "x" * 90])
            how = rng.random()
            if how < 0.5:  # the meeting writes into the minutes
                document = pane.document
                begin, stop = document.get_index_from_location(start), document.get_index_from_location(end)
                pane.apply_text(pane.text[:begin] + insert + pane.text[stop:])
            elif how < 0.8:  # the minute-taker pastes over a selection
                pane.replace(insert, start, end, maintain_selection_offset=rng.random() < 0.5)
            else:  # the minute-taker types where the cursor is
                pane.focus()
                await pilot.press(rng.choice(["a", "space", "enter", "backspace", "delete", "!"]))
            await pilot.pause()
            now = shown()
            assert now == fresh(), f"step {step}: {insert!r} at {start}-{end} ({how:.2f})"

        pane.scroll_home(animate=False)
        pane.move_cursor((0, 0))
        await pilot.pause()
        shown()
        below = repainted(lambda: pane.apply_text(pane.text + "\nthe time-out's line\n"))
        assert below == set()  # written below the rows shown: not one repainted
        await pilot.pause()
        assert shown() == fresh()
        pane.focus()
        row = pane.wrapped_document.offset_to_location(Offset(0, 5))[0]
        pane.move_cursor((row, len(pane.document[row])))
        await pilot.pause()
        shown()
        end_row = pane.wrapped_document.location_to_offset((row, len(pane.document[row]))).y - int(pane.scroll_offset.y)
        typed = repainted(lambda: pane.insert("z"))
        assert typed and typed <= {end_row, end_row + 1}  # the cursor's row (and the next, if it wrapped)
        await pilot.pause()
        assert shown() == fresh()

        # The mark typed at a paragraph's start makes the lines under it confidential: their rows change
        # (with the gutter there already: when it comes, every row is narrower).
        paragraph = "Anne: one\n" + "a line of the paragraph\n" * 4 + "\n"
        pane.load_text(paragraph + ("a long line " * 20 + "\n") * 3 + "\n!! the gutter is there already\n")
        pane.move_cursor((0, 0))
        await pilot.pause()
        shown()
        marked = repainted(lambda: pane.insert("!! "))
        assert {0, 1, 2, 3, 4} <= marked and 5 not in marked  # the paragraph, not the blank line after it
        await pilot.pause()
        assert shown() == fresh()


@given(st.text(alphabet="ab\n\r\u2028 ", max_size=40), st.data())
def test_the_meetings_edit_lands_where_textual_would_put_it(text: str, data: st.DataObject) -> None:
    """`apply_text` finds an index's row and column by counting newlines; Textual's own walk agrees."""
    from textual.document._document import Document

    from facilitator.widgets.minutes import _location

    document = Document(text)
    joined = document.text  # what the pane's `text` gives: the lines joined by the document's newline
    index = data.draw(st.integers(0, len(joined)))
    if document.newline == "\n":
        assert _location(joined, index) == document.get_location_from_index(index)
