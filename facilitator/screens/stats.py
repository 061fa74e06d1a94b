"""Statistics across the group's finished meetings: attendance, speaking share, overruns, roles.

The meetings are read and the figures computed in a worker thread
(`history.history_stats`); the screen shows "reading…" until they arrive. At
most `STATS_LIMIT` of the newest meetings are read, so the screen opens in
about the same time after ten years of meetings as after one.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.markup import escape
from textual.message import Message
from textual.widgets import Header, Static

from facilitator import glyphs
from facilitator.history import (
    ATTENDANCE_SYMBOLS,
    ROLE_NAMES,
    HistoryStats,
    history_stats,
    rows_from_index,
)
from facilitator.i18n import t
from facilitator.screens.history_common import HistoryBase, Key
from facilitator.widgets.bars import BarChart, BarRow, SeriesChart, SeriesRow, sparkline
from facilitator.widgets.footer import Footer  # whole keys as many as fit, never one cut in two

STATS_LIMIT = 60
"""The newest meetings the statistics read."""


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


class StatsScreen(HistoryBase):
    """Figures across meetings, drawn with characters (readable in the high-contrast theme)."""

    KEYS = (
        Key("a", "jump('stats-attendance')", "key_jump_attendance", id="stats.attendance"),
        Key("p", "jump('stats-speaking')", "key_jump_speaking", id="stats.speaking"),
        Key("o", "jump('stats-overruns')", "key_jump_overruns", id="stats.overruns"),
        Key("r", "jump('stats-roles')", "key_jump_roles", id="stats.roles"),
        Key("escape", "back", "key_back", id="stats.back"),
    )

    @dataclass
    class Loaded(Message):
        """The worker finished reading and computing."""

        stats: HistoryStats
        total: int
        failed: int

    def __init__(self) -> None:
        super().__init__(id="stats")
        self.stats: HistoryStats | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=glyphs.HEADER_ICON)
        with VerticalScroll(id="stats-body"):
            yield Static(t("history.stats_loading"), id="stats-heading")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("history.stats_title")
        group = self.group
        self.sub_title = group.name if group else ""
        if group is None:
            self.query_one("#stats-heading", Static).update(t("history.no_group"))
            return
        self._load(group.id)

    @work(thread=True, exclusive=True)
    def _load(self, group_id: str) -> None:
        from facilitator.store import StoreError

        store = self.store
        group = self.group
        if group is None:
            return
        rows = rows_from_index(store.history_index(group_id))
        newest = rows[:STATS_LIMIT]
        meetings = []
        failed = 0
        for row in newest:
            try:
                meetings.append(store.load_meeting(group_id, row.id))
            except (StoreError, OSError):
                failed += 1
        self.post_message(self.Loaded(history_stats(group, meetings), len(rows), failed))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.stats = stats = message.stats
        heading = self.query_one("#stats-heading", Static)
        count = len(stats.meetings)
        if not count:
            heading.update(t("history.empty"))
            return
        first, last = stats.meetings[0].date.isoformat(), stats.meetings[-1].date.isoformat()
        text = t("history.stats_heading", n=count, first=first, last=last)
        if message.total > count:
            text += " " + t("history.stats_limited", total=message.total)
        if message.failed:
            text += " " + t("history.stats_failed", n=message.failed)
        heading.update(escape(text))
        body = self.query_one("#stats-body", VerticalScroll)
        body.mount_all([self._attendance(stats), self._speaking(stats), self._overruns(stats), self._roles(stats)])

    def _attendance(self, stats: HistoryStats) -> Vertical:
        rows = [
            SeriesRow(
                row.name,
                row.symbols,
                t("history.attendance_note", present=row.present, notified=row.notified, absent=row.absent,
                  rate=_percent(row.rate)),
            )
            for row in stats.attendance
        ]
        legend = t(
            "history.legend_attendance",
            present=ATTENDANCE_SYMBOLS["present"],
            notified=ATTENDANCE_SYMBOLS["absent_notified"],
            absent=ATTENDANCE_SYMBOLS["absent"],
            missing=ATTENDANCE_SYMBOLS[None],
        )
        return _section("stats-attendance", t("history.section_attendance_over_time"),
                        SeriesChart(rows, id="stats-attendance-chart"), Static(legend, classes="legend"))

    def _speaking(self, stats: HistoryStats) -> Vertical:
        if not stats.speaking:
            return _section("stats-speaking", t("history.section_speaking_trend"),
                            Static(t("history.no_speaking"), classes="muted"))
        top = max((share for trend in stats.speaking for share in trend.shares if share is not None), default=0.0)
        rows = [
            SeriesRow(
                trend.name,
                sparkline(trend.shares, top),
                t("history.speaking_trend_note", average=_percent(trend.average), fair=_percent(trend.average_fair)),
            )
            for trend in stats.speaking
        ]
        legend = t("history.legend_speaking_trend", top=_percent(top))
        return _section("stats-speaking", t("history.section_speaking_trend"),
                        SeriesChart(rows, id="stats-speaking-chart"), Static(legend, classes="legend"))

    def _overruns(self, stats: HistoryStats) -> Vertical:
        if not stats.overruns:
            return _section("stats-overruns", t("history.section_overruns"),
                            Static(t("history.no_overruns"), classes="muted"))
        rows = [
            BarRow(
                stat.title,
                stat.average_over,
                None,
                t("history.overrun_note", average=f"{stat.average_over:.0f}", count=stat.over_count, runs=stat.runs),
            )
            for stat in stats.overruns[:10]
        ]
        return _section("stats-overruns", t("history.section_overruns"), BarChart(rows, id="stats-overrun-bars"),
                        Static(t("history.legend_overruns"), classes="legend"))

    def _roles(self, stats: HistoryStats) -> Vertical:
        group = self.group
        lines: list[str] = []
        for stat in stats.roles:
            role = t(f"history.role_name_{stat.role}")
            if not stat.meetings:
                lines.append(t("history.role_never", role=role))
                continue
            holders = ", ".join(group.name_of(m) if group else m for m in stat.streak_holders)
            key = "history.role_rotation_line" if stat.longest_streak > 1 else "history.role_rotation_line_no_streak"
            lines.append(
                t(key, role=role, distinct=stat.distinct, meetings=stat.meetings,
                  changes=stat.changes, streak=stat.longest_streak, holders=holders)
            )
        assert len(stats.roles) == len(ROLE_NAMES)
        return _section("stats-roles", t("history.section_roles"), Static(escape("\n".join(lines)), id="stats-roles-text"))

    def action_jump(self, widget_id: str) -> None:
        try:
            target = self.query_one(f"#{widget_id}")
        except NoMatches:  # a section these statistics do not have
            return
        self.query_one("#stats-body", VerticalScroll).scroll_to_widget(target, top=True, animate=False)


def _section(widget_id: str, title: str, *children: Static | BarChart | SeriesChart) -> Vertical:
    box = Vertical(*children, id=widget_id, classes="panel history-section")
    box.border_title = title
    return box
