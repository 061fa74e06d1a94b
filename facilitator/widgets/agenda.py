"""The agenda of the running meeting, and its planned and projected end.

`AgendaList` shows every item with a state symbol (✓ done, ▶ current,
· coming, → moved to the next meeting: symbols, not colour alone), its
planned minutes and the time it actually ran. `MeetingEnd` shows the planned
end, the projected end (now plus what the current and coming items still
plan) and a warning, with a symbol and words, when the projected end passes
the group's latest end (`settings.end_by`, 21:00 by default).

Both redraw from `LiveMeeting` in `refresh_from(live)` and touch the screen
only when their text changed.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.meeting import LiveMeeting
from facilitator.widgets.countdown import format_duration
from facilitator.widgets.rows import Row, RowsWidget

__all__ = ["AgendaList", "MeetingEnd", "STATE_SYMBOLS"]

STATE_SYMBOLS = {"done": "✓", "current": "▶", "coming": "·", "deferred": "→"}
"""The symbol of each item state (the agenda never tells a state by colour alone)."""


class AgendaList(RowsWidget, can_focus=True):
    """Every agenda item: state symbol, number and title, planned minutes, time it ran.

    It holds the keyboard focus while nobody writes in the minutes, so the
    meeting's letter keys reach the screen.
    """

    ELLIPSIS = False  # a title too long is cut with … by `rows_for`; the figures always fit

    def __init__(self, live: LiveMeeting, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live = live
        self._items_shown: tuple[tuple[str, ...], ...] | None = None
        self.border_title = t("meeting_screen.agenda_title")
        self.border_subtitle = t("meeting_screen.agenda_legend")

    def on_mount(self) -> None:
        self.refresh_from(self.live)

    def rows(self, live: LiveMeeting) -> tuple[tuple[str, ...], ...]:
        """(state, symbol, "N. title", planned, ran) for each item; also read by tests."""
        rows: list[tuple[str, ...]] = []
        for index, item in enumerate(live.items):
            state = live.item_state(index)
            if state == "current" and live.finished:
                state = "done"
            planned = str(item.planned_minutes) if live.is_timed(index) else "–"
            ran = format_duration(live.elapsed(index)) if item.spans else ""
            title = f"{index + 1}. {item.title}"
            if item.moved_from:
                title += " " + t("meeting_screen.moved_mark")
            rows.append((state, STATE_SYMBOLS[state], title, planned, ran))
        return tuple(rows)

    def refresh_from(self, live: LiveMeeting) -> None:
        """Redraw the rows that changed (at each second, the current item's time: one row)."""
        rows = self.rows(live)
        if rows == self._items_shown:
            return
        self._items_shown = rows
        self.show_rows()

    def rows_for(self, width: int) -> tuple[Row, ...]:
        """The header and one row per item, in columns laid out here.

        A Rich table (the grid this replaces, drawn the same) took 2 ms to lay out at
        every second, as the current item's time changes (issue 20); these are four
        columns of known widths: symbol, title (the rest, cut with …), plan, ran.
        """
        rows = self._items_shown or ()
        plan_head, ran_head = t("meeting_screen.col_plan"), t("meeting_screen.col_ran")
        plan_w = max(cell_len(plan_head), *(cell_len(row[3]) for row in rows)) if rows else cell_len(plan_head)
        ran_w = max(5, cell_len(ran_head), *(cell_len(row[4]) for row in rows))
        width = width or 40
        title_w = max(1, width - 1 - plan_w - ran_w - 3)
        out: list[Row] = [
            ((" " * (1 + 1 + title_w + 1), ""), (plan_head.rjust(plan_w), "dim"), (" ", ""), (ran_head.rjust(ran_w), "dim"))
        ]
        for state, symbol, title, planned, ran in rows:
            if cell_len(title) > title_w:
                title = set_cell_size(title, title_w - 1) + "…"
            out.append(
                (
                    (symbol, "bold" if state == "current" else ""),
                    (" ", ""),
                    (set_cell_size(title, title_w), _TITLE_STYLE[state]),
                    (" " + " " * (plan_w - cell_len(planned)) + planned + " " + " " * (ran_w - cell_len(ran)) + ran, ""),
                )
            )
        return tuple(out)


_TITLE_STYLE = {"current": "bold", "done": "", "coming": "", "deferred": "dim strike"}
"""The style of an item's title by its state."""


class MeetingEnd(Static):
    """Planned end, projected end, and a warning when the projected end passes the group's end_by."""

    def __init__(self, live: LiveMeeting, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live = live
        self._shown_text: str | None = None

    def on_mount(self) -> None:
        self.refresh_from(self.live)

    def text_for(self, live: LiveMeeting) -> str:
        """The lines shown; also read by tests."""
        planned = live.hhmm(live.planned_end())
        if live.finished and live.meeting.ended_at is not None:
            return t("meeting_screen.ended_at", planned=planned, ended=live.hhmm(live.meeting.ended_at))
        projected = live.hhmm(live.projected_end())
        text = t("meeting_screen.end_line", planned=planned, projected=projected)
        if live.ends_after_end_by:
            text += "\n" + t("meeting_screen.end_warning", end_by=live.hhmm(live.end_by()))
        return text

    def refresh_from(self, live: LiveMeeting) -> None:
        """Redraw when the text changed."""
        text = self.text_for(live)
        if text == self._shown_text:
            return
        self._shown_text = text
        self.update(text)
        self.set_class(live.ends_after_end_by and not live.finished, "-late")
