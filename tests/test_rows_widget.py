"""`RowsWidget` (facilitator/widgets/rows.py): a panel drawn row by row, and on a change only the rows that changed.

The speakers panel and the agenda are drawn this way (issue 20): at every second the
current item's time changes one row of the agenda, and only that row is drawn again.
"""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.geometry import Region

from facilitator.widgets.rows import Row, RowsWidget


class Panel(RowsWidget):
    """Rows given by the test; a component class for one of the styles."""

    DEFAULT_CSS = """
    Panel { height: auto; border: round white; padding: 0 1; }
    Panel > .panel--strong { color: red; text-style: bold; }
    """
    COMPONENT_CLASSES = {"panel--strong"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[Row] = [(("first row", ""),)]
        self.asked: list[int] = []

    def rows_for(self, width: int) -> tuple[Row, ...]:
        self.asked.append(width)
        return tuple(self.lines)


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Panel()


def cells(panel: Panel) -> list[list[tuple[str, object]]]:
    """The panel as composed for the screen, cell by cell, border included (cached rows where not repainted)."""
    return [[(c, s.style) for s in strip for c in s.text] for strip in panel.render_lines(Region(0, 0, *panel.outer_size))]


def fresh(panel: Panel) -> list[list[tuple[str, object]]]:
    """The panel drawn from nothing: no row kept, no style kept."""
    panel._styles_cache.clear()
    panel._styles = {}
    return cells(panel)


async def test_a_changed_row_is_drawn_again_and_the_others_are_kept() -> None:
    """Random rows (new texts, styles, more and fewer rows, a narrower screen) always show as drawn from nothing."""
    rng = random.Random(3)
    words = ["Anne", "Bo Jensen", "12:04", "+1:20 ▲", "○ not yet", "→ next", "æøå", "x" * 30]
    styles = ["", "bold", "dim strike", "panel--strong", "panel--strong+dim", "underline"]
    app = Host()
    async with app.run_test(size=(40, 20)) as pilot:
        panel = app.query_one(Panel)

        def row() -> Row:
            return tuple((rng.choice(words) + " ", rng.choice(styles)) for _ in range(rng.randint(0, 4)))

        panel.lines = [row() for _ in range(6)]
        panel.show_rows()
        await pilot.pause()
        for step in range(60):
            if rng.random() < 0.1:  # a resize draws every row anew, for the new width
                await pilot.resize_terminal(rng.choice([30, 40, 60]), 20)
                await pilot.pause()
            before = list(panel.lines)
            if rng.random() < 0.15:
                panel.lines.append(row())
            elif rng.random() < 0.15 and len(panel.lines) > 1:
                panel.lines.pop(rng.randrange(len(panel.lines)))
            else:
                for _ in range(rng.randint(1, 2)):
                    panel.lines[rng.randrange(len(panel.lines))] = row()
            panel._styles_cache._dirty_lines.clear()
            panel.show_rows()
            if len(before) == len(panel.lines):  # the same number of rows: only those that changed are repainted
                top = panel.content_offset.y
                repainted = {y - top for y in panel._styles_cache._dirty_lines}
                assert repainted == {y for y, (a, b) in enumerate(zip(before, panel.lines, strict=True)) if a != b}
            await pilot.pause()
            assert cells(panel) == fresh(panel), f"step {step}"
            assert panel.size.height == len(panel.lines)  # a row more or less: the panel's height follows


async def test_a_row_wider_than_the_panel_ends_in_an_ellipsis_and_styles_are_laid_over_each_other() -> None:
    app = Host()
    async with app.run_test(size=(20, 8)) as pilot:
        panel = app.query_one(Panel)
        panel.lines = [(("a row much wider than the panel", "panel--strong"),), (("short", "panel--strong+dim"),)]
        panel.show_rows()
        await pilot.pause()
        rows = list(panel.render_lines(Region(0, 1, panel.outer_size.width, 2)))
        inner = [strip.crop(2, 2 + panel.size.width) for strip in rows]  # inside the border and the padding
        assert inner[0].text == "a row much wide…" and len(inner[0].text) == panel.size.width
        strong = panel.get_component_rich_style("panel--strong", partial=True)
        assert all(segment.style and segment.style.bold and segment.style.color == strong.color for segment in inner[0])
        first = next(iter(inner[1]))  # bold from the component class, dimmed over it (the app draws dim as a colour)
        assert first.text.startswith("short") and first.style and first.style.bold
        assert first.style.color not in (None, strong.color)
        assert inner[1].text == "short".ljust(panel.size.width)  # the rest of the row in the panel's own style


async def test_a_new_theme_draws_the_rows_in_its_colours() -> None:
    """The runs' styles are kept between frames; a theme (the high-contrast one, say) takes them anew."""
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        panel = app.query_one(Panel)
        panel.lines = [(("strong", "panel--strong"), (" plain", "")), (("dim", "dim"),)]
        panel.show_rows()
        await pilot.pause()
        before = cells(panel)
        app.theme = "textual-light"
        await pilot.pause()
        after = cells(panel)
        assert after == fresh(panel)
        assert after != before  # the panel's own colours and the component's came from the new theme
