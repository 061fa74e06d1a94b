"""The history core without a screen: list rows, sorting, search, and the figures across meetings."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from test_history_data import MUNICIPALITY_MINUTES, make_group, sample_meetings, write_sample

from facilitator import history
from facilitator.export import split_confidential
from facilitator.history import (
    HistoryRow,
    MinutesSearch,
    agenda_timings,
    attendance_rows,
    confidential_lines,
    history_stats,
    items_over,
    mark_confidential_markdown,
    minutes_from_toml,
    overrun_stats,
    query_terms,
    role_rotation,
    rows_from_index,
    sort_rows,
    speaking_shares,
    speaking_trends,
    title_matches,
)
from facilitator.widgets.bars import FULL, OVER, UNUSED, bar_cells, sparkline


@pytest.fixture()
def rows(tmp_path: Path) -> list[HistoryRow]:
    from facilitator.store import Store

    group, _ = write_sample(tmp_path)
    return rows_from_index(Store(tmp_path).history_index(group.id))


def test_rows_come_from_the_index_newest_first(rows: list[HistoryRow]) -> None:
    assert [row.title for row in rows] == ["Pædagogiske metoder", "Relationen til kommunen", "Arbejdsskader", "Siden sidst"]
    municipality = rows[1]
    assert (municipality.present, municipality.members) == (3, 4)
    assert municipality.planned_minutes == 140
    assert municipality.actual_minutes == 152
    assert municipality.items_over == 2
    assert municipality.timeouts == 2


def test_sorting_by_each_column(rows: list[HistoryRow]) -> None:
    assert [r.date.month for r in sort_rows(rows, "date", descending=False)] == [2, 3, 4, 5]
    assert [r.title for r in sort_rows(rows, "title", descending=False)][0] == "Arbejdsskader"
    assert sort_rows(rows, "present", descending=True)[0].title == "Arbejdsskader"  # 4 of 4
    assert sort_rows(rows, "planned", descending=True)[0].planned_minutes == 140
    assert [r.actual_minutes for r in sort_rows(rows, "actual", descending=True)] == [152, 131, 125, 115]
    assert sort_rows(rows, "over", descending=True)[0].items_over == 2
    assert [r.timeouts for r in sort_rows(rows, "timeouts", descending=False)] == [0, 0, 1, 2]


def test_title_search_needs_every_word_and_ignores_case(rows: list[HistoryRow]) -> None:
    assert [r.title for r in title_matches(query_terms("KOMMUNEN"), rows)] == ["Relationen til kommunen"]
    assert title_matches(query_terms("relationen skader"), rows) == []
    assert [r.date.month for r in title_matches(query_terms("2026-03"), rows)] == [3]


def test_minutes_search_reads_each_file_once_per_session(rows: list[HistoryRow]) -> None:
    loaded: list[str] = []
    texts = {row.id: ("ICDP og KONSULENT" if row.date.month == 5 else "") for row in rows}

    def load(mid: str) -> str:
        loaded.append(mid)
        return texts[mid]

    search = MinutesSearch(load)
    found = search.search(query_terms("konsulent"), rows)
    assert [r.date.month for r in found or []] == [5]
    assert sorted(loaded) == sorted(r.id for r in rows)
    assert search.cached(rows[0].id) == "icdp og konsulent"
    search.search(query_terms("icdp"), rows)
    assert len(loaded) == len(rows)  # the second search read nothing


def test_minutes_search_matches_title_and_minutes_words_together(rows: list[HistoryRow]) -> None:
    search = MinutesSearch(lambda mid: "sagsbehandleren" if "relationen" in mid else "")
    found = search.search(query_terms("relationen sagsbehandleren"), rows)
    assert [r.title for r in found or []] == ["Relationen til kommunen"]


def test_minutes_search_stops_when_cancelled_and_reports_progress(rows: list[HistoryRow]) -> None:
    many = [
        HistoryRow(f"m{i}", rows[0].date, f"Møde {i}", 3, 4, 120, 120, 0, 0) for i in range(50)
    ]
    progress: list[tuple[int, int]] = []
    search = MinutesSearch(lambda mid: "kommune" if mid in ("m12", "m42") else "")
    found = search.search(
        ["kommune"], many, progress=lambda found, done: progress.append((len(found), done)), every=10
    )
    assert [r.id for r in found or []] == ["m12", "m42"]
    assert progress == [(1, 20), (2, 50)]  # only when something new was found
    ticks = iter(range(100))
    progress.clear()
    MinutesSearch(lambda mid: "kommune").search(
        ["kommune"], many, progress=lambda found, done: progress.append((len(found), done)), every=10,
        interval=25, monotonic=lambda: float(next(ticks)),
    )
    assert len(progress) < 5  # at most one report per interval
    stop = threading.Event()
    stop.set()
    assert MinutesSearch(lambda mid: "").search(["x"], many, cancelled=stop.is_set) is None


def test_a_broken_meeting_file_counts_as_empty_minutes() -> None:
    def load(mid: str) -> str:
        raise OSError("gone")

    search = MinutesSearch(load)
    assert search.minutes("x") == ""


def test_agenda_timings_and_items_over() -> None:
    meeting = sample_meetings()[2]
    timings = agenda_timings(meeting)
    assert [(t.planned_minutes, t.actual_minutes) for t in timings] == [(20, 22.0), (100, 110.0), (20, 20.0)]
    assert [t.is_over for t in timings] == [True, True, False]
    assert items_over(meeting) == 2


def test_speaking_shares_add_up_to_one() -> None:
    shares = speaking_shares(sample_meetings()[2])
    # Bo's turn (700 s) holds the meeting's two time-outs of 30 s each: they are not speaking time.
    assert shares == pytest.approx({"anne": 200 / 1140, "bo": 640 / 1140, "dorte": 300 / 1140})
    assert sum(shares.values()) == pytest.approx(1.0)


def test_confidential_lines_are_exactly_what_the_export_leaves_out() -> None:
    lines = MUNICIPALITY_MINUTES.splitlines()
    marked = "\n".join(lines[i] for i in sorted(confidential_lines(MUNICIPALITY_MINUTES)))
    _, left_out = split_confidential(MUNICIPALITY_MINUTES)
    assert marked == "\n".join(left_out)
    assert "Det bliver i gruppen." in marked  # the rest of a paragraph that starts with !!
    assert "En almindelig linje." not in marked


def test_confidential_text_is_shown_as_a_labelled_quote() -> None:
    text = mark_confidential_markdown(MUNICIPALITY_MINUTES, "FORTROLIGT")
    assert "!!" not in text
    assert text.count("> **FORTROLIGT**") == 2
    assert "> Carla fortalte om en konkret sag med et barn i familiepleje." in text
    assert "> Det bliver i gruppen." in text
    # The line after a quoted single line is not swallowed by the quote.
    assert "\n\nOg en sidste linje." in text
    assert mark_confidential_markdown("Intet hemmeligt", "X") == "Intet hemmeligt"


def test_attendance_over_time() -> None:
    rows = {row.member_id: row for row in attendance_rows(make_group(), sample_meetings())}
    assert rows["anne"].symbols == "●●●○"
    assert rows["carla"].symbols == "●●◐●"
    assert rows["dorte"].symbols == "◐●●●"
    assert (rows["dorte"].present, rows["dorte"].notified, rows["dorte"].absent) == (3, 1, 0)
    assert rows["bo"].rate == 1.0


def test_speaking_share_trend_per_member() -> None:
    trends = {trend.member_id: trend for trend in speaking_trends(make_group(), sample_meetings())}
    # Time-outs are not speaking time: the second meeting's one and the third's two fall in Bo's turns.
    assert trends["anne"].shares == pytest.approx((0.5, 300 / 1170, 200 / 1140, None))  # type: ignore[arg-type]
    assert trends["anne"].shares[3] is None  # absent: no value, not zero
    assert trends["dorte"].fair == pytest.approx((None, 0.25, 1 / 3, 1 / 3))  # type: ignore[arg-type]


def test_items_that_run_over_most_come_first() -> None:
    stats = overrun_stats(sample_meetings())
    assert [s.title for s in stats] == ["Siden sidst", "Temaoplæg"]
    since = stats[0]
    assert (since.runs, since.over_count) == (4, 3)
    assert since.average_over == pytest.approx((10 + 6 + 2) / 3)
    assert stats[1].average_over == pytest.approx(10)
    assert all(s.title != "Eventuelt" for s in stats)  # no planned time: never "over"


def test_role_rotation() -> None:
    roles = {stat.role: stat for stat in role_rotation(sample_meetings())}
    moderator = roles["moderator"]
    assert (moderator.meetings, moderator.distinct, moderator.changes) == (4, 3, 2)
    assert (moderator.longest_streak, moderator.streak_holders) == (2, ("anne",))
    assert (roles["minute_taker"].distinct, roles["minute_taker"].changes, roles["minute_taker"].longest_streak) == (
        4,
        3,
        1,
    )
    keeper = roles["boundary_keeper"]
    assert (keeper.meetings, keeper.distinct, keeper.longest_streak) == (3, 1, 3)
    assert roles["theme_owners"].distinct == 3
    assert roles["host"].meetings == 1


def test_history_stats_counts_finished_meetings_oldest_first() -> None:
    meetings = sample_meetings()
    planned = meetings[0].model_copy(update={"status": "planned", "id": "later"})
    stats = history_stats(make_group(), list(reversed(meetings)) + [planned])
    assert [m.date.month for m in stats.meetings] == [2, 3, 4, 5]


def test_bars_show_plan_use_and_overrun_in_characters() -> None:
    assert bar_cells(5, 10, 10, 10) == FULL * 5 + UNUSED * 5
    assert bar_cells(15, 10, 20, 20) == FULL * 10 + OVER * 5
    assert bar_cells(0.01, None, 100, 10) == FULL  # a short turn is still seen
    assert bar_cells(0, 10, 10, 10) == UNUSED * 10
    assert bar_cells(3, None, 0, 10) == ""
    # A small overrun or shortfall still shows, even when rounding would hide it.
    assert bar_cells(21, 20, 115, 29) == FULL * 5 + OVER
    assert bar_cells(19.8, 20, 115, 29) == FULL * 4 + UNUSED
    assert bar_cells(101, 100, 101, 10) == FULL * 9 + OVER
    assert bar_cells(20, 20, 115, 29) == FULL * 5


def test_sparkline_levels_and_gaps() -> None:
    assert sparkline([0.0, 0.5, 1.0, None]) == "▁▅█·"
    assert sparkline([0.25], maximum=0.5) == "▅"
    assert sparkline([None, None]) == "··"


def test_core_does_not_import_textual() -> None:
    source = Path(history.__file__).read_text(encoding="utf-8")
    assert "textual" not in source.replace("(no Textual)", "")


@pytest.mark.parametrize(
    "minutes",
    [
        "",
        "one line",
        "Two\nlines",
        'Quotes "inside" and a backslash \\ and a tab\t',
        'Ends with quotes ""',
        "Triple \"\"\" inside",
        "Windows\r\nline ends",
        "[links](x) and\n[[not a table]]\nminutes = not a key",
        "Æbler, øl og år " * 50,
    ],
)
def test_minutes_are_read_from_the_file_text_without_parsing_all_of_it(minutes: str) -> None:
    import tomli_w

    meeting = sample_meetings()[2].model_copy(update={"minutes": minutes})
    for text in (tomli_w.dumps(meeting.to_toml_dict(), multiline_strings=True), tomli_w.dumps(meeting.to_toml_dict())):
        # The same text a full parse gives (a TOML parser may turn \r\n into \n).
        assert minutes_from_toml(text) == tomllib.loads(text)["minutes"]
        assert minutes_from_toml(text).replace("\r\n", "\n") == minutes.replace("\r\n", "\n")


def test_minutes_from_unusual_or_broken_files() -> None:
    assert minutes_from_toml("title = 'x'\nminutes = \'\'\'\nliteral \\ text\'\'\'\n") == "literal \\ text"
    assert minutes_from_toml('[roles]\nmoderator = "a"\n') == ""
    assert minutes_from_toml("minutes = \"\"\"never closed") == ""
    assert minutes_from_toml("not toml at all [") == ""
