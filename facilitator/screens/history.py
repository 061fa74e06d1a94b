"""The history list: the group's finished meetings, newest first, sortable and searchable.

The list is built from `Store.history_index` (a small index file), so opening
it never reads a minutes text. The table holds one page of rows at a time and
adds the next page when the cursor comes near the end, so the first frame costs
the same with ten meetings as with ten thousand. Typing in the search box
filters titles (and dates) at once; the minutes are then searched in a worker
thread that reads each meeting's file only once per session
(`history.MinutesSearch`) and shows "searching…" while it works.

The small pieces the three history screens share (translated bindings, a
command-palette provider of each screen's keys, the base screen) are in
screens/history_common.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from facilitator import glyphs
from facilitator.history import (
    SORT_COLUMNS,
    HistoryRow,
    MinutesSearch,
    SortColumn,
    minutes_from_toml,
    query_terms,
    row_cells,
    row_from_cells,
    rows_from_index,
    sort_rows,
    title_matches,
)
from facilitator.i18n import t
from facilitator.screens.history_common import HistoryBase, Key, minutes_text
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two
from facilitator.widgets.table import Table  # plain cells drawn without Rich: the first rows come sooner

PAGE_SIZE = 60
"""Rows added to the table at a time."""
PROGRESS_INTERVAL = 0.3
"""Seconds between partial results of a long minutes search (each one redraws the table)."""
MINUTES_SEARCH_MIN = 3
"""Letters a search needs before the minutes are searched too (shorter: titles and dates only)."""
DRAW_WAIT = 1.0
"""Seconds the index's worker waits at most for the rows it found so far to be drawn."""
WORKER_PAUSE = 0.001
"""The minutes search sleeps this long every few files, so the UI thread gets the interpreter often."""
PAGE_MARGIN = 20
"""When the cursor comes this close to the last loaded row, the next page is added."""


# --------------------------------------------------------------------------- the list

COLUMN_LABELS: dict[SortColumn, str] = {
    "date": "col_date",
    "title": "col_title",
    "present": "col_present",
    "planned": "col_planned",
    "actual": "col_actual",
    "over": "col_over",
    "timeouts": "col_timeouts",
}
DATE_WIDTH = 10
"""Every date is written "2026-04-16"."""
NUMERIC_COLUMNS = {"present", "planned", "actual", "over", "timeouts"}


TITLE_MIN_WIDTH = 16
"""The title column never gets narrower than this; the table scrolls sideways instead."""


def _cut(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: max(1, width - 1)] + "…"


def value_widths(rows: list[HistoryRow]) -> dict[SortColumn, int]:
    """The widest value of each column but the title among `rows`, as `cell_values` writes them.

    The table gives every column this width (with its label's) itself: a DataTable
    that measures its columns does so only once it is idle, and a frame drawn
    before that keeps the columns as narrow as their labels ("2026-1") until the
    cursor moves, as a pseudo-terminal showed about one start in four.
    """
    if not rows:
        return {"date": 0, "present": 0, "planned": 0, "actual": 0, "over": 0, "timeouts": 0}

    def minutes_width(values: list[int | None]) -> int:
        known = [int(round(v)) for v in values if v is not None]
        widths = [len(minutes_text(None))] if len(known) < len(values) else []  # "–": not known
        if known:
            widths.append(len(minutes_text(max(known))))  # "170 min": the largest is the widest
        return max(widths)

    def count_width(values: list[int]) -> int:
        return max(len(str(v)) if v else 1 for v in values)  # 0 is written "–"

    return {
        "date": DATE_WIDTH,
        "present": max(len(f"{r.present}/{r.members}") if r.members else len(str(r.present)) for r in rows),
        "planned": minutes_width([r.planned_minutes for r in rows]),
        "actual": minutes_width([r.actual_minutes for r in rows]),
        "over": count_width([r.items_over for r in rows]),
        "timeouts": count_width([r.timeouts for r in rows]),
    }


class KeptHistory(NamedTuple):
    """The history's first page as the home screen keeps it for the next `facilitator history` (glance.py)."""

    rows: tuple[tuple[Any, ...], ...] = ()
    """The first PAGE_SIZE rows, newest first (`history.row_cells`)."""
    total: int = 0
    widths: tuple[tuple[str, int], ...] = ()
    """`value_widths` over every row, and the longest title as "title"."""


def kept_history(summaries: Sequence[Any]) -> KeptHistory:
    """What the home screen keeps of the history whose index is `summaries` (done in its worker, after its read)."""
    rows = sort_rows(rows_from_index(summaries), "date", descending=True)  # the list's first order
    widths = {str(column): width for column, width in value_widths(rows).items()}
    widths["title"] = max((len(row.title or row.id) for row in rows), default=0)
    return KeptHistory(tuple(tuple(row_cells(row)) for row in rows[:PAGE_SIZE]), len(rows), tuple(widths.items()))


def cell_values(row: HistoryRow, title_width: int | None = None) -> tuple[Any, ...]:
    """The cells of one row of the table (the title cut to `title_width` with "…")."""
    present = f"{row.present}/{row.members}" if row.members else str(row.present)
    return (
        row.date.isoformat(),
        Text(_cut(row.title or row.id, title_width)),  # a title is text, never markup ("[/]" would not draw)
        Text(present, justify="right"),
        Text(minutes_text(row.planned_minutes), justify="right"),
        Text(minutes_text(row.actual_minutes), justify="right"),
        Text(str(row.items_over) if row.items_over else "–", justify="right"),
        Text(str(row.timeouts) if row.timeouts else "–", justify="right"),
    )


class HistoryScreen(HistoryBase):
    """The list of finished meetings."""

    AUTO_FOCUS = "#history-table"
    """The list has the keys from the start: a letter typed ahead of the first frame is its key, not a search."""

    KEYS = (
        Key("enter", "open_meeting", "key_open", id="history.open", priority=True),
        Key("slash", "focus_search", "key_search", key_display="/", id="history.search"),
        Key("s", "stats", "key_stats", id="history.stats"),
        Key("c", "correct", "key_correct", id="history.correct"),
        Key("1", "sort('date')", "key_sort", key_display="1…7", id="history.sort"),
        Key("2", "sort('title')", "sort_title", show=False),
        Key("3", "sort('present')", "sort_present", show=False),
        Key("4", "sort('planned')", "sort_planned", show=False),
        Key("5", "sort('actual')", "sort_actual", show=False),
        Key("6", "sort('over')", "sort_over", show=False),
        Key("7", "sort('timeouts')", "sort_timeouts", show=False),
        Key("escape", "back", "key_back", id="history.back"),
        Key("down", "focus_table", "key_to_list", show=False, palette=False),
    )

    @dataclass
    class SearchProgress(Message):
        """Partial results of a minutes search (posted from the worker)."""

        generation: int
        rows: list[HistoryRow]
        done: int

    @dataclass
    class IndexLoaded(Message):
        """The history index was read (posted from the worker)."""

        rows: list[HistoryRow]
        error: str
        verify: str = ""
        """A group id: the rows came from the quick read of the index, the full check is still to do."""
        summaries: list[Any] | None = None

    @dataclass
    class IndexPartial(Message):
        """Rows found so far while many meeting files are read (a cold index; posted from the worker)."""

        rows: list[HistoryRow]
        """The rows found since the last one of these."""
        done: int
        total: int
        drawn: threading.Event
        """Set once these rows are drawn: the worker waits for it before it reads on."""

    @dataclass
    class SearchDone(Message):
        """The minutes search finished."""

        generation: int
        rows: list[HistoryRow]

    def __init__(self) -> None:
        super().__init__(id="history")
        self.all_rows: list[HistoryRow] = []
        self.sort_column: SortColumn = "date"
        self.descending = True
        self.search_text = ""
        self.searching = False
        self.shown: list[HistoryRow] = []
        """The rows the table shows (filtered and sorted); only `loaded` of them are in the table."""
        self.loaded = 0
        self._matches: list[HistoryRow] | None = None
        """Rows matching the search (None: no search)."""
        self._generation = 0
        self._minutes: MinutesSearch | None = None
        self._group_id = ""
        self._title_width = TITLE_MIN_WIDTH
        self._widths: dict[SortColumn, int] = {}
        """The width of each column in the table now (`_fit_widths` when it was built)."""
        self.index_loading = False
        """True while the index is read (not `loading`: that is Textual's, and would cover the screen with its indicator)."""
        self.reading: tuple[int, int] | None = None
        """While many files are read for the index: (read, to read); the rows found so far are shown."""
        self.load_error = ""
        self._kept_total: int | None = None
        """While the rows are the kept first page (`_show_kept`): how many meetings the whole history holds."""
        self._kept_widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with Horizontal(id="history-top"):
            yield Input(placeholder=t("history.search_placeholder"), id="history-search", max_length=200)
        self._status = Static("", id="history-status")
        yield self._status
        table: DataTable[Any] = Table(id="history-table", cursor_type="row", zebra_stripes=True, header_height=2)
        self._table = table
        glanced = getattr(self.app, "glanced", None) if self.group is None else None
        if glanced is not None:
            # `facilitator history` with the home screen's kept view (glance.py): its first page of rows,
            # in the table before it is mounted, so the first frame holds them; the store's rows follow.
            self._group_id = str(glanced.group_id)
            self._show_kept(glanced.history, glanced.history_total, glanced.history_widths)
        yield table
        yield Footer()

    def _show_kept(self, cells: Sequence[Sequence[Any]], total: int, widths: Sequence[tuple[str, int]]) -> None:
        """Show the kept first page until the store's rows come (`_index_loaded`); a damaged page is no page."""
        try:
            rows = [row_from_cells(row) for row in cells]
        except (ValueError, TypeError):
            return  # "loading" until the store's rows come, as without a kept view
        kept_widths = dict(widths)
        if total < len(rows) or set(kept_widths) != set(SORT_COLUMNS):
            return
        self.all_rows = rows
        self._kept_total = total
        self._kept_widths = kept_widths
        self._refresh_table()

    def on_mount(self) -> None:
        group = self.group
        glanced = getattr(self.app, "glanced", None) if group is None else None
        self.sub_title = group.name if group else (glanced.title if glanced else "")
        self.title = t("history.title")
        table = self._table
        table.focus()
        self.watch(table, "scroll_y", self._scrolled, init=False)
        if group is None and glanced is None:
            self._refresh_table()
            return
        gid = group.id if group is not None else str(getattr(glanced, "group_id", ""))
        self._group_id = gid
        # The store (and with it pydantic) only when the first search reads a minutes text.
        self._minutes = MinutesSearch(lambda mid: minutes_from_toml(self.store.meeting_text(gid, mid)))
        if self._kept_total is None:  # not filled in compose from the kept view
            self.index_loading = True
            self._refresh_table()
        # Draw the (empty) list first, then read the index: the screen is there at once.
        self.call_after_refresh(self._load_index, gid)

    @work(thread=True, exclusive=True, group="history-index")
    def _load_index(self, group_id: str) -> None:
        """Read the history index off the UI thread (with years of meetings it takes a moment)."""
        from facilitator.store import StoreError

        def progress(added: list[Any], done: int, total: int) -> None:
            drawn = threading.Event()
            self.post_message(self.IndexPartial(rows_from_index(added), done, total, drawn))
            drawn.wait(DRAW_WAIT)  # the first rows on the screen before the reading takes the interpreter again

        try:
            # The index as it is when the folder is unchanged (no stat of each file); the full check
            # follows once these rows are drawn (`_verify_index`), so a hand edit in place is found too.
            # Years of meetings with no index (a new laptop, a deleted cache): rows show as files are read.
            quick = self.store.history_index(group_id, verify=False, progress=progress)
        except (StoreError, OSError) as error:
            self.post_message(self.IndexLoaded([], str(error)))
            return
        self.post_message(self.IndexLoaded(rows_from_index(quick), "", group_id, quick))

    @work(thread=True, exclusive=True, group="history-verify")
    def _verify_index(self, group_id: str, quick: list[Any]) -> None:
        """Check every meeting file against the index; show the rows again only if something changed."""
        from facilitator.store import StoreError

        try:
            checked = self.store.history_index(group_id)
        except (StoreError, OSError) as error:
            self.post_message(self.IndexLoaded([], str(error)))
            return
        if len(checked) != len(quick) or any(a is not b for a, b in zip(checked, quick, strict=True)):
            self.post_message(self.IndexLoaded(rows_from_index(checked), ""))

    @on(IndexPartial)
    def _index_partial(self, message: IndexPartial) -> None:
        if self.index_loading:
            self.all_rows.extend(message.rows)
            self.reading = (message.done, message.total)
            self._show_matches()
        self.call_after_refresh(message.drawn.set)

    @on(IndexLoaded)
    def _index_loaded(self, message: IndexLoaded) -> None:
        self.index_loading = False
        self._kept_total = None
        self.reading = None
        self.all_rows = message.rows
        self.load_error = message.error
        if self.search_text.strip():
            self.search(self.search_text)  # typed while the list was being read
        else:
            self._refresh_table()
        if message.verify:
            self.call_after_refresh(self._verify_index, message.verify, message.summaries or [])

    # ----------------------------------------------------------------- table

    def _column_label(self, column: SortColumn) -> Text:
        label = t(f"history.{COLUMN_LABELS[column]}")
        if column == self.sort_column:
            label += " ▼" if self.descending else " ▲"
        return Text(label, justify="right" if column in NUMERIC_COLUMNS else "left")

    def _refresh_table(self, keep: str | None = None) -> None:
        """Rebuild the table from `all_rows`, the search matches and the sort; keep the cursor on `keep`."""
        table = self._table
        if keep is None and table.row_count:
            keep = self._row_id_at_cursor()
        source = self.all_rows if self._matches is None else self._matches
        self.shown = sort_rows(source, self.sort_column, self.descending)
        table.clear(columns=True)
        self._widths = self._fit_widths()
        self._title_width = self._widths["title"]
        for column in SORT_COLUMNS:
            table.add_column(self._column_label(column), key=column, width=self._widths[column])
        self.loaded = 0
        target = 0
        if keep is not None:
            for index, row in enumerate(self.shown):
                if row.id == keep:
                    target = index
                    break
        self._load_until(max(PAGE_SIZE, target + PAGE_MARGIN + 1))
        if self.shown and table.is_mounted:  # before it is mounted (compose) the cursor is on the first row
            table.move_cursor(row=target, animate=False)
        self._update_status()

    def _fit_widths(self) -> dict[SortColumn, int]:
        """Every column's width: its label's or its widest value's; the title's so that the whole row fits the screen.

        The title gets at least TITLE_MIN_WIDTH (the table scrolls sideways then).
        """
        table = self._table
        available = (table.size.width or self.app.size.width) - 2  # the vertical scrollbar
        kept = self._kept_widths if self._kept_total is not None and self._matches is None else None
        widths: dict[SortColumn, int] = (
            value_widths(self.shown) if kept is None else {c: kept[c] for c in SORT_COLUMNS if c != "title"}
        )
        if kept is None:
            longest = max((len(row.title or row.id) for row in self.shown), default=TITLE_MIN_WIDTH)
        else:
            longest = kept["title"]  # the longest title of the whole history, as the store's rows will have it
        for column in SORT_COLUMNS:
            if column == "title":
                continue
            label = max(len(line) for line in t(f"history.{COLUMN_LABELS[column]}").split("\n"))
            label += 2 if column == self.sort_column else 0
            widths[column] = max(label, widths[column])
        others = sum(widths.values())
        padding = 2 * len(SORT_COLUMNS)
        widths["title"] = max(TITLE_MIN_WIDTH, min(longest, available - others - padding))
        return widths

    def on_resize(self) -> None:
        if self.is_mounted and self._widths != self._fit_widths():
            self._refresh_table()

    def _load_until(self, count: int) -> None:
        table = self._table
        end = min(len(self.shown), count)
        if end <= self.loaded:
            return
        table.add_rows(
            [cell_values(row, self._title_width) for row in self.shown[self.loaded : end]],
        )
        # Row keys are the meeting ids (add_rows gives generated keys; keep our own mapping).
        self.loaded = end

    def _row_id_at_cursor(self) -> str | None:
        table = self._table
        index = table.cursor_row
        if 0 <= index < min(self.loaded, len(self.shown)):
            return self.shown[index].id
        return None

    @property
    def selected(self) -> HistoryRow | None:
        """The row under the cursor."""
        table = self._table
        index = table.cursor_row
        if table.row_count and 0 <= index < min(self.loaded, len(self.shown)):
            return self.shown[index]
        return None

    def _update_status(self) -> None:
        status = self._status
        parts: list[str] = []
        if not self._group_id:
            parts.append(t("history.no_group"))
        elif self.reading is not None:
            parts.append(t("history.reading", done=self.reading[0], total=self.reading[1]))
        elif self.index_loading or (self._kept_total is not None and self._waits_for_rows()):
            parts.append(t("history.loading"))
        elif self.load_error:
            parts.append(t("history.cannot_read_list", error=self.load_error))
        elif not self.all_rows:
            parts.append(t("history.empty"))
        elif self._kept_total is not None:
            parts.append(t("history.count", n=self._kept_total))
        elif self._matches is None:
            parts.append(t("history.count", n=len(self.all_rows)))
        else:
            parts.append(t("history.count_found", n=len(self.shown), total=len(self.all_rows)))
        below = (self._kept_total if self._kept_total is not None else len(self.shown)) - self.loaded
        if below > 0:
            parts.append(t("history.more_below", n=below))
        column = t(f"history.{COLUMN_LABELS[self.sort_column]}").replace("-\n", "-").replace("\n", " ")
        parts.append(t("history.sorted_desc" if self.descending else "history.sorted_asc", column=column))
        if self.searching:
            parts.append(t("history.searching"))
        status.update(" · ".join(parts))
        status.set_class(self.searching, "-searching")

    def _waits_for_rows(self) -> bool:
        """A search typed or another order chosen while the rows are the kept first page: shown once all are read."""
        return bool(self.search_text.strip()) or (self.sort_column, self.descending) != ("date", True)

    @on(DataTable.RowHighlighted, "#history-table")
    def _more_rows(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - PAGE_MARGIN and self.loaded < len(self.shown):
            self._load_until(self.loaded + PAGE_SIZE)
            self._update_status()

    def _scrolled(self, scroll_y: float) -> None:
        """Scrolling (wheel, scrollbar) near the end of the loaded rows adds the next page too."""
        table = self._table
        if self.loaded < len(self.shown) and scroll_y >= table.max_scroll_y - PAGE_MARGIN:
            self._load_until(self.loaded + PAGE_SIZE)
            self._update_status()

    @on(DataTable.HeaderSelected, "#history-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.action_sort(str(event.column_key.value))

    @on(DataTable.RowSelected, "#history-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        if self.app.screen is not self:  # a second enter, queued before the first one's review opened
            return
        self.action_open_meeting()

    # ----------------------------------------------------------------- actions

    def action_sort(self, column: str) -> None:
        """Sort by `column`; the same column again reverses the order."""
        if column not in SORT_COLUMNS:
            return
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column = column
            self.descending = column in ("date", "present", "planned", "actual", "over", "timeouts")
        self._refresh_table()

    def action_focus_table(self) -> None:
        """From the search box down into the list."""
        self.query_one("#history-table").focus()

    def action_focus_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    def _read_group_first(self) -> None:
        """A key that opens a screen needing the group, pressed before the app read it (the rows came from the kept view)."""
        if self.group is None and getattr(self.app, "glanced", None) is not None:
            self.app.load_state()  # type: ignore[attr-defined]

    def action_open_meeting(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#history-table").focus()
            return
        row = self.selected
        if row is None:
            return
        self._read_group_first()
        from facilitator.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(row.id))

    def action_correct(self) -> None:
        """c: open the selected meeting again for corrections (the live meeting screen, its times kept)."""
        if isinstance(self.focused, Input):
            return
        row = self.selected
        if row is None:
            return
        self._read_group_first()
        app = self.app
        open_screen = getattr(app, "open_screen", None)
        if callable(open_screen):
            open_screen(("meeting", row.id, "reopen"))

    def action_stats(self) -> None:
        if not self._group_id:
            return
        self._read_group_first()
        from facilitator.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_back(self) -> None:
        search = self.query_one("#history-search", Input)
        if self.focused is search:
            self.query_one("#history-table").focus()
            return
        super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the search box has focus, its keys are typed, not bindings.
        if action in ("sort", "stats") and isinstance(self.focused, Input):
            return False
        return True

    # ----------------------------------------------------------------- search

    @on(Input.Changed, "#history-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#history-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#history-table").focus()

    def search(self, query: str) -> None:
        """Filter by `query`: titles at once, then the minutes in a worker."""
        self.search_text = query
        if self.index_loading or self._kept_total is not None:
            self._update_status()
            return  # searched when the index arrives (the kept page is only the newest meetings)
        self._generation += 1
        terms = query_terms(query)
        if not terms:
            self.workers.cancel_group(self, "minutes-search")
            self.searching = False
            self._matches = None
            self._refresh_table()
            return
        searcher = self._minutes
        if len("".join(terms)) >= MINUTES_SEARCH_MIN and searcher is not None and searcher.has_all(self.all_rows):
            # Every minutes text is cached already: searching them takes milliseconds, do it now.
            self.workers.cancel_group(self, "minutes-search")
            self.searching = False
            self._matches = searcher.search(terms, self.all_rows) or []
            self._refresh_table()
            return
        self._matches = title_matches(terms, self.all_rows)
        self.searching = len("".join(terms)) >= MINUTES_SEARCH_MIN
        if not self.searching:  # one or two letters: titles only, the minutes would match nearly everything
            self.workers.cancel_group(self, "minutes-search")
        self._refresh_table()
        if self.searching:
            self._search_minutes(self._generation, terms)

    @work(thread=True, exclusive=True, group="minutes-search")
    def _search_minutes(self, generation: int, terms: list[str]) -> None:
        worker = get_current_worker()
        searcher = self._minutes
        if searcher is None:
            return
        rows = sort_rows(self.all_rows, "date", descending=True)

        def progress(found: list[HistoryRow], done: int) -> None:
            if not worker.is_cancelled:
                self.post_message(self.SearchProgress(generation, found, done))

        found = searcher.search(
            terms,
            rows,
            cancelled=lambda: worker.is_cancelled,
            progress=progress,
            interval=PROGRESS_INTERVAL,
            pause=lambda: time.sleep(WORKER_PAUSE),
        )
        if found is not None and not worker.is_cancelled:
            self.post_message(self.SearchDone(generation, found))

    @on(SearchProgress)
    def _search_progress(self, message: SearchProgress) -> None:
        if message.generation != self._generation:
            return
        self._matches = message.rows
        self._show_matches()

    def _show_matches(self) -> None:
        """Show new search results; rebuild the table only when the rows it holds change."""
        source = self.all_rows if self._matches is None else self._matches
        shown = sort_rows(source, self.sort_column, self.descending)
        loaded = [row.id for row in self.shown[: self.loaded]]
        same_top = self.loaded and [row.id for row in shown[: self.loaded]] == loaded
        self.shown = shown
        if same_top and self._fit_widths() == self._widths:
            # The new matches lie below the rows in the table: add them, no rebuild.
            self._load_until(max(PAGE_SIZE, self.loaded))
            self._update_status()
            return
        self._refresh_table()

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.generation != self._generation:
            return
        self.searching = False
        self._matches = message.rows
        self._show_matches()

