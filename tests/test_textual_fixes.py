"""The work-arounds of facilitator/textual_fixes.py: each Textual bug we met, now harmless."""

from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace
from typing import Any

import pytest
import textual._time
import textual.timer
from hypothesis import given, settings
from hypothesis import strategies as st
from textual._compositor import LayoutUpdate
from textual._context import active_app
from textual.app import App, ComposeResult
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, OptionList, Static, TextArea

import facilitator.textual_fixes  # noqa: F401 - the fixes under test


class _HiddenList(App[None]):
    def compose(self) -> ComposeResult:
        options = OptionList(*[f"option {n}" for n in range(30)], id="list")
        options.display = False  # as the command palette's list before it has hits
        yield options


async def test_page_keys_in_an_option_list_with_no_room_do_nothing() -> None:
    app = _HiddenList()
    async with app.run_test() as pilot:
        options = app.query_one("#list", OptionList)
        options.highlighted = 3
        options.action_page_down()
        options.action_page_up()
        await pilot.pause()
        assert options.highlighted == 3
        options.display = True
        await pilot.pause()
        options.action_page_down()  # laid out now: the page keys move again
        await pilot.pause()
        assert options.highlighted is not None and options.highlighted > 3


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="table")
        table.add_columns("date", "title")
        table.add_rows([("2026-11-10", "Number and mix of children"), ("2026-10-13", "Ergonomic strain")])
        yield table
        yield Footer()


async def test_a_frame_dropped_inside_a_batch_is_drawn_whole_in_the_next_one() -> None:
    """At start the first screen is drawn inside the app's batch: Textual throws that frame away.

    Without the fix the regions it drew stayed clean, and the next frame drew only what
    changed since (the header and the footer), not the table: the table came a frame later.
    """
    app = _Table()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = app.query_one("#table", DataTable)
        with app.batch_update():
            table.refresh()
            screen._compositor.update_widgets({table})
            app._display(screen, screen._compositor.render_update())  # thrown away: the app is in a batch
        after = screen._compositor.render_update()
        assert isinstance(after, LayoutUpdate)  # the whole screen, the table's rows with it
        assert after.region == screen.size.region


_TEXT = st.text(alphabet="ab \n\t", max_size=60)


@given(
    start_text=_TEXT,
    width=st.integers(min_value=0, max_value=12),
    edits=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400), _TEXT), max_size=12),
)
@settings(max_examples=200, deadline=None)
def test_the_wrapped_height_is_the_number_of_lines_shown_after_any_edits(
    start_text: str, width: int, edits: list[tuple[int, int, str]]
) -> None:
    """WrappedDocument.height is taken from the lines shown, not summed each time: the same number, edit after edit."""
    document = Document(start_text)
    wrapped = WrappedDocument(document, width=width)
    for first, second, text in edits:
        whole = document.text
        a, b = sorted((min(first, len(whole)), min(second, len(whole))))
        start, old_end = _location(whole, a), _location(whole, b)
        result = document.replace_range(start, old_end, text)
        wrapped.wrap_range(start, old_end, result.end_location)
        summed = sum(len(offsets) + 1 for offsets in wrapped._wrap_offsets)
        fresh = WrappedDocument(Document(document.text), width=width)
        assert wrapped.height == summed == len(fresh._offset_to_line_info)


def _location(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


class _Minutes(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea("\n".join(f"line {n} " + "word " * (n % 9) for n in range(300)), soft_wrap=True, id="text")


async def test_a_soft_wrapped_text_area_keeps_its_height_while_typed_into() -> None:
    app = _Minutes()
    async with app.run_test(size=(40, 12)) as pilot:
        area = app.query_one("#text", TextArea)
        area.move_cursor(area.document.end)
        await pilot.press(*"a long line that wraps over the width of the area", "enter", "x", "backspace", "backspace")
        await pilot.pause()
        wrapped = area.wrapped_document
        assert wrapped.height == sum(len(offsets) + 1 for offsets in wrapped._wrap_offsets) > 300
        assert area.virtual_size.height == wrapped.height
        height = wrapped.height
        wrapped._wrap_offsets = _NotWalked(wrapped._wrap_offsets)
        assert wrapped.height == height  # found at once, not summed over the 300 lines for each line drawn


class _NotWalked(list[list[int]]):
    def __iter__(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the height walked over every line of the document")


async def test_a_timer_that_missed_its_slot_ticks_in_the_next_slot_not_the_one_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As the screen's update timer: paused while idle, resumed by a change; the following frame comes in the next slot."""
    now = [100.0]

    async def sleep(seconds: float) -> None:  # a fake clock: sleeping moves it on
        now[0] += seconds
        await asyncio.sleep(0)

    monkeypatch.setattr(textual._time, "get_time", lambda: now[0])
    monkeypatch.setattr(textual._time, "sleep", sleep)
    monkeypatch.setattr(textual.timer, "sleep", sleep)  # Textual's own Timer._run took it from there
    ticks: list[float] = []

    def tick() -> None:
        ticks.append(now[0])
        if len(ticks) == 1:
            timer.pause()  # nothing more to draw: idle

    target = _Target()
    timer = Timer(target, 1.0, callback=tick, pause=True)  # type: ignore[arg-type]  # any object can be the target
    errors: list[BaseException] = []
    app = SimpleNamespace(_exit=False, features=frozenset(), _handle_exception=errors.append)  # what a timer asks of it
    token = active_app.set(app)  # type: ignore[arg-type]
    try:
        timer._start()
        timer.resume()
        for _ in range(20):
            await asyncio.sleep(0)
        now[0] = 105.3  # idle for a while, then a change resumes the timer between two slots
        timer.resume()
        for _ in range(20):
            if len(ticks) >= 3:
                break
            await asyncio.sleep(0)
    finally:
        timer.stop()
        active_app.reset(token)
    assert not errors
    assert ticks[:3] == [101.0, 105.3, 106.0]  # Textual's own skipped to 107.0: two slots on


class _Target:
    """What a timer sends to (it keeps only a weak reference)."""


class _Bar(App[None]):
    """Minutes above a bar that comes and goes, as the meeting screen's over-time bar."""

    CSS = "#text { height: 1fr; } #bar { height: 3; }"

    def compose(self) -> ComposeResult:
        yield TextArea("\n".join(f"line {n} " + "word " * (n % 9) for n in range(300)), soft_wrap=True, id="text")
        yield Static("over time", id="bar")


async def test_a_text_area_keeps_its_wrapping_when_only_its_height_changes() -> None:
    app = _Bar()
    async with app.run_test(size=(40, 16)) as pilot:
        area = app.query_one("#text", TextArea)
        wrapped = area.wrapped_document
        wraps: list[int] = []
        original = wrapped.wrap

        def wrap(width: int, tab_width: int | None = None) -> None:
            wraps.append(width)
            original(width, tab_width)

        wrapped.wrap = wrap  # type: ignore[method-assign]  # counts the wrappings of the whole document
        lines_before = wrapped.height
        height_before = area.size.height
        app.query_one("#bar").display = False  # the bar goes: the text area is 3 lines taller
        await pilot.pause()
        assert area.size.height == height_before + 3 and wraps == []
        assert wrapped.height == lines_before
        area.scroll_to(y=200, animate=False)
        await pilot.pause()
        shown = [area.render_line(y).text for y in range(area.size.height)]
        area._rewrap_and_refresh_virtual_size()  # what Textual did at every resize: the same lines come out
        assert [area.render_line(y).text for y in range(area.size.height)] == shown
        assert any("line" in text for text in shown)
        wraps.clear()
        await pilot.resize_terminal(30, 16)  # narrower: the text wraps anew
        await pilot.pause()
        assert wraps and wraps[-1] == area.wrap_width
        assert wrapped.height > lines_before


class _Panels(App[None]):
    """A top line, a column of panels beside a long text area, a bottom line: the meeting screen's shape."""

    CSS = "#column { width: 30; } .panel { height: auto; border: round white; }"

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, Vertical

        yield Static("top 0", id="top")
        with Horizontal():
            with Vertical(id="column"):
                for n in range(3):
                    yield Static(f"panel {n}", id=f"panel{n}", classes="panel")
            yield TextArea("\n".join(f"minutes line {n}" for n in range(400)), id="minutes")
        yield Static("bottom 0", id="bottom")


_MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _apply(lines: list[list[str]], update: Any, app: App[Any]) -> None:
    """Write what `update` sends to a terminal into `lines` (one character per cell), as the terminal would."""
    raw = update.render_segments(app.console)
    y = x = 0
    for part in re.split(r"(\x1b\[\d+;\d+H)", _SGR.sub("", raw)):
        moved = _MOVE.fullmatch(part)
        if moved:
            y, x = int(moved.group(1)) - 1, int(moved.group(2)) - 1
            continue
        for char in part.replace("\n", ""):
            lines[y][x] = char
            x += 1


async def test_a_frame_draws_only_the_widgets_with_a_changed_part_and_the_terminal_shows_the_same() -> None:
    """A change at the top and one at the bottom used to draw every widget between them (the minutes too).

    Every frame the app sends is written into a model of the terminal and compared with a
    whole redraw: the screen is the same, and the text area, which did not change, was not drawn.
    """
    import random

    app = _Panels()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        compositor = screen._compositor
        shown = [list(strip.text) for strip in compositor.render_strips()]
        sent: list[str] = []
        display = app._display

        def terminal(on: Any, update: Any) -> None:
            if update is not None:
                sent.append(type(update).__name__)
                _apply(shown, update, app)
            display(on, update)

        app._display = terminal  # type: ignore[method-assign]  # what the app sends to the terminal
        area = app.query_one("#minutes", TextArea)
        drawn: list[int] = []
        original = area.render_lines
        whole_redraw = False

        def counting(crop: Any) -> Any:
            if not whole_redraw:
                drawn.append(crop.height)
            return original(crop)

        def redrawn() -> list[str]:
            """The whole screen drawn anew (not counted as a frame's drawing)."""
            nonlocal whole_redraw
            whole_redraw = True
            try:
                return [strip.text for strip in compositor.render_strips()]
            finally:
                whole_redraw = False

        area.render_lines = counting  # type: ignore[method-assign]
        rng = random.Random(20)
        for step in range(12):
            changes = rng.sample(["top", "bottom", "panel0", "panel1", "panel2"], k=rng.randint(1, 3))
            for name in changes:
                widget = app.query_one(f"#{name}", Static)
                lines = rng.randint(1, 2) if name.startswith("panel") else 1  # a panel may grow: a layout
                widget.update("\n".join(f"{name} {step} {'x' * rng.randint(0, 9)}" for _ in range(lines)))
            await pilot.pause()
            assert ["".join(line) for line in shown] == redrawn(), f"step {step}: {changes}"
        assert sent and set(sent) == {"ChopsUpdate"}  # partial updates, each checked above
        assert drawn == []  # the minutes never changed, so they were never drawn
        area.insert("typed", (0, 0))
        await pilot.pause()
        assert drawn  # a change in the text area draws it, and the terminal shows it
        assert ["".join(line) for line in shown] == redrawn()
        assert any("typedminutes line 0" in "".join(line) for line in shown)


async def test_a_layout_elsewhere_leaves_a_text_areas_scroll_bar_alone() -> None:
    """A layout of the screen used to update (and draw) every scroll view's scroll bars, changed or not."""
    app = _Panels()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        area = app.query_one("#minutes", TextArea)
        bar = area.vertical_scrollbar
        refreshed: list[object] = []
        original = bar.refresh

        def counting(*args: Any, **kwargs: Any) -> Any:
            refreshed.append(args)
            return original(*args, **kwargs)

        bar.refresh = counting  # type: ignore[method-assign]
        app.query_one("#panel1", Static).update("two\nlines")  # the column's layout changes
        await pilot.pause()
        assert app.query_one("#panel1").outer_size.height == 4  # it did grow
        assert refreshed == []
        area.insert("\n".join(f"more {n}" for n in range(100)) + "\n", (0, 0))  # the text area's own size changes
        await pilot.pause()
        assert refreshed  # its scroll bar follows
        assert bar.window_virtual_size == area.virtual_size.height == 500
        await pilot.resize_terminal(60, 16)  # a smaller window: the scroll bar follows too
        await pilot.pause()
        assert bar.window_size == area.scrollable_content_region.height


class _Wrapped(App[None]):
    def compose(self) -> ComposeResult:
        text = "\n".join(("short" if n % 3 else "a long line that wraps " * 4).strip() for n in range(60))
        yield TextArea(text, soft_wrap=True, id="text")


async def test_a_soft_wrapped_text_area_draws_anew_only_the_lines_the_cursor_left_and_reached() -> None:
    """Every cursor move drew every visible row of a soft-wrapped text area (the selection was in every line's key).

    Random moves and selections (shift with the arrows, clicks, page keys, typing), each
    compared with a drawing that keeps nothing; and a move within one line draws only it.
    """
    import random

    app = _Wrapped()
    async with app.run_test(size=(40, 16)) as pilot:
        area = app.query_one("#text", TextArea)
        area.focus()
        area.cursor_blink = False
        await pilot.pause()
        height = area.size.height

        def drawn() -> list[list[object]]:
            return [list(area.render_line(y)) for y in range(height)]

        def fresh() -> list[list[object]]:
            area._line_cache.clear()
            return drawn()

        rng = random.Random(3)
        keys = ["up", "down", "left", "right", "shift+down", "shift+right", "shift+up", "home", "end", "pagedown", "x"]
        for step in range(120):
            drawn()
            await pilot.press(rng.choice(keys))
            assert drawn() == fresh(), f"step {step}"
        area.move_cursor((4, 0))
        area.selection = area.selection  # a plain cursor, no selection
        await pilot.pause()
        drawn()
        drawings: list[int] = []
        render = area._render_line

        def counted(y: int) -> Any:
            drawings.append(y)
            return render(y)

        area._render_line = counted  # type: ignore[method-assign]
        await pilot.press("right", "right")  # within the line: only its rows are drawn anew
        cursor_row = area.cursor_location[0]
        shown_rows = {area.wrapped_document._offset_to_line_info[area.scroll_offset.y + y][0] for y in set(drawings)}
        assert drawings and shown_rows == {cursor_row}
        assert drawn() == fresh()
