"""Pilot tests of the history list, the review of a meeting, the statistics and the minutes export."""

from __future__ import annotations

import json
import stat
import threading
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from conftest import TODAY, settle
from test_history_data import write_sample
from textual.widgets import DataTable, Input, Markdown, Static

from facilitator.app import FacilitatorApp
from facilitator.cli import build_app
from facilitator.clock import FakeClock
from facilitator.history import MinutesSearch
from facilitator.screens.history import HistoryScreen
from facilitator.screens.review import ExportMinutesDialog, ReviewScreen
from facilitator.screens.stats import StatsScreen
from facilitator.widgets.bars import OVER, UNUSED, BarChart, SeriesChart

SIZE = (120, 40)


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_sample(root)
    return root


def history_app(root: Path, language: str = "en") -> FacilitatorApp:
    return build_app(["--data-dir", str(root), "--lang", language, "history"], clock=FakeClock())


def titles(screen: HistoryScreen) -> list[str]:
    table = screen.query_one("#history-table", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def status(screen: HistoryScreen) -> str:
    return str(screen.query_one("#history-status", Static).render())


async def test_the_list_shows_finished_meetings_newest_first(data_dir: Path) -> None:
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert titles(screen) == ["Pædagogiske metoder", "Relationen til kommunen", "Arbejdsskader", "Siden sidst"]
        table = screen.query_one("#history-table", DataTable)
        assert [str(c) for c in table.get_row_at(1)] == [
            "2026-04-16", "Relationen til kommunen", "3/4", "140 min", "152 min", "2", "2",
        ]
        assert str(table.columns["date"].label) == "Date ▼"
        assert "4 finished meetings" in status(screen)


async def test_sorting_with_keys_and_by_clicking_a_header(data_dir: Path) -> None:
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        await pilot.press("5")  # actual length, longest first
        assert titles(screen)[0] == "Relationen til kommunen"
        assert str(table.columns["actual"].label) == "Actual ▼"
        assert str(table.columns["date"].label) == "Date"
        await pilot.press("5")  # again: reversed
        assert titles(screen)[0] == "Pædagogiske metoder"
        assert str(table.columns["actual"].label) == "Actual ▲"
        assert "sorted by Actual ▲" in status(screen)
        await pilot.press("2")  # title, A to Z
        assert titles(screen) == ["Arbejdsskader", "Pædagogiske metoder", "Relationen til kommunen", "Siden sidst"]
        # Click the "Time-outs" header: most time-outs first.
        x = sum(column.get_render_width(table) for column in table.ordered_columns[:6]) + 2
        await pilot.click("#history-table", offset=(x, 0))
        await pilot.pause()
        assert screen.sort_column == "timeouts"
        assert titles(screen)[0] == "Relationen til kommunen"


async def test_search_filters_titles_at_once_and_minutes_in_a_worker(data_dir: Path) -> None:
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        release = threading.Event()
        real = screen._minutes
        assert real is not None
        reads: list[str] = []

        def slow_load(mid: str) -> str:
            reads.append(mid)
            release.wait(5)
            return real._load(mid)

        screen._minutes = MinutesSearch(slow_load)
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)
        await pilot.press(*"kommune")
        await pilot.pause()
        # The title matches show at once, while the minutes are still being read.
        assert titles(screen) == ["Relationen til kommunen"]
        assert "searching" in status(screen)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "searching" not in status(screen)
        # The February meeting mentions the municipality in its minutes only.
        assert titles(screen) == ["Relationen til kommunen", "Siden sidst"]
        assert "2 of 4 meetings match" in status(screen)

        # A word only in the minutes.
        screen.query_one("#history-search", Input).value = "ICDP"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert titles(screen) == ["Pædagogiske metoder"]
        read_before = len(reads)
        screen.query_one("#history-search", Input).value = "vagtplaner"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert titles(screen) == ["Siden sidst"]
        assert len(reads) == read_before  # the minutes were cached: no file read again

        # Down from the search box goes into the list; enter opens the meeting.
        await pilot.press("down")
        assert isinstance(screen.focused, DataTable)
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)

        # Clearing the search shows everything.
        screen.query_one("#history-search", Input).value = ""
        await pilot.pause()
        assert len(titles(screen)) == 4


async def test_opening_the_list_reads_no_meeting_file(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.store import Store

    Store(data_dir).history_index("netvaerket-i-vest")  # build the index once, as any earlier run would

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the list must not read a meeting file")

    monkeypatch.setattr(Store, "load_meeting", fail)
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert len(titles(app.screen)) == 4


async def test_enter_opens_the_meeting_read_only_with_bars_timeouts_and_attendance(data_dir: Path) -> None:
    app = history_app(data_dir)
    meeting_file = next((data_dir / "groups").rglob("2026-04-16-*.toml"))
    before = meeting_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.meeting is not None and screen.meeting.title == "Relationen til kommunen"

        agenda = screen.query_one("#review-agenda-bars", BarChart)
        assert [row.label for row in agenda.rows] == ["1. Siden sidst", "2. Temaoplæg", "3. Afrunding"]
        assert [(row.value, row.reference) for row in agenda.rows] == [(22.0, 20.0), (110.0, 100.0), (20.0, 20.0)]
        assert "+10 over" in agenda.rows[1].note
        assert OVER in str(agenda.render())

        speaking = screen.query_one("#review-speaking-bars", BarChart)
        assert [row.label for row in speaking.rows] == ["Anne Holm", "Bo Jensen", "Dorte Madsen"]
        bo = speaking.rows[1]
        # Bo spoke 700 s, of which the two time-outs (30 s each) do not count; the fair share is a third.
        assert bo.value == pytest.approx(640 / 60) and bo.reference == pytest.approx(1140 / 3 / 60)
        assert UNUSED in str(speaking.render())  # Anne spoke less than her share

        attendance = str(screen.query_one("#review-attendance Static", Static).render())
        assert "Present (3): Anne Holm, Bo Jensen, Dorte Madsen" in attendance
        assert "Absent with notice: Carla Nielsen" in attendance
        assert "Moderator: Bo Jensen" in attendance
        assert "Theme owners: Anne Holm, Dorte Madsen" in attendance

        timeouts = str(screen.query_one("#review-timeouts Static", Static).render())
        assert "called by Dorte Madsen: continued" in timeouts
        assert "Note 2 om tavshedspligt" in timeouts

        groupings = str(screen.query_one("#review-groupings Static", Static).render())
        assert "Anne Holm, Bo Jensen, Dorte Madsen" in groupings

        minutes = screen.query_one("#review-minutes-text", Markdown)
        assert "CONFIDENTIAL" in minutes.source
        assert "> Carla fortalte om en konkret sag" in minutes.source

        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
    assert meeting_file.read_bytes() == before  # reviewing changed nothing


async def test_export_from_the_review_lists_left_out_text_and_writes_0600(data_dir: Path, tmp_path: Path) -> None:
    app = history_app(data_dir)
    target = tmp_path / "out" / "referat.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportMinutesDialog)
        left_out = str(dialog.query_one("#export-left-out", Static).render())
        assert "Carla fortalte om en konkret sag med et barn i familiepleje." in left_out
        assert "En enkelt fortrolig linje midt i et afsnit." in left_out
        path_input = dialog.query_one("#export-path", Input)
        assert path_input.value.endswith("referat-2026-04-16-relationen-til-kommunen.md")  # the group writes Danish
        path_input.value = str(target)
        await pilot.click("#export-timeout-notes")
        await pilot.click("#export-ok")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.exported_to == target
    text = target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Carla fortalte" not in text and "Det bliver i gruppen" not in text
    assert "En enkelt fortrolig linje" not in text
    assert "En almindelig linje." in text
    assert "Vi inviterer en konsulent fra kommunen til mødet i juni." in text
    assert "Note 1 om tavshedspligt" in text  # time-out notes were chosen


async def test_cancelling_the_export_writes_nothing(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportMinutesDialog)
        assert "Nothing" in str(dialog.query_one("#export-left-out", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert list(tmp_path.glob("*.md")) == []


async def test_statistics_across_meetings(data_dir: Path) -> None:
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        attendance = screen.query_one("#stats-attendance-chart", SeriesChart)
        assert [(row.label, row.cells) for row in attendance.rows][:2] == [("Anne Holm", "●●●○"), ("Bo Jensen", "●●●●")]
        assert "3 ● 0 ◐ 1 ○  75%" in attendance.rows[0].note
        speaking = screen.query_one("#stats-speaking-chart", SeriesChart)
        assert speaking.rows[0].cells.endswith("·")  # Anne was absent at the last meeting
        overruns = screen.query_one("#stats-overrun-bars", BarChart)
        assert overruns.rows[0].label == "Siden sidst"
        assert "3 of 4 times" in overruns.rows[0].note
        roles = str(screen.query_one("#stats-roles-text", Static).render())
        assert "Moderator: 3 different members in 4 meetings, passed on 2 times; longest in a row 2 (Anne Holm)" in roles
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_danish_texts_and_the_command_palette(data_dir: Path) -> None:
    app = history_app(data_dir, "da")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert str(table.columns["date"].label) == "Dato ▼"
        assert "afholdte møder" in status(screen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Statistik")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


def test_every_history_string_has_english_and_danish() -> None:
    catalog = tomllib.loads((resources.files("facilitator") / "locale" / "history.toml").read_text("utf-8"))
    for key, entry in catalog.items():
        assert entry.get("en") and entry.get("da"), key
    sources = [
        Path(resources.files("facilitator") / "screens" / name).read_text("utf-8")
        for name in ("history.py", "review.py", "stats.py")
    ]
    import re

    used = {m for text in sources for m in re.findall(r't\(\s*"history\.([a-z_]+)"', text)}
    used |= {m for text in sources for m in re.findall(r'Key\("[^"]+", "[^"]+", "([a-z_]+)"', text)}
    assert used, "no keys found"
    from facilitator.history import ROLE_NAMES
    from facilitator.screens.history import COLUMN_LABELS

    used |= set(COLUMN_LABELS.values())
    used |= {f"role_name_{role}" for role in ROLE_NAMES}
    used |= {f"outcome_{o}" for o in ("none", "continue", "change_subject", "close_item")}
    assert used <= set(catalog), sorted(used - set(catalog))


def test_the_kept_history_is_the_first_page_with_the_widths_of_the_whole_list() -> None:
    """What the home screen keeps for `facilitator history` (glance.py): 60 rows, however long the history."""
    from facilitator.history import row_from_cells, rows_from_index, sort_rows
    from facilitator.screens.history import PAGE_SIZE, kept_history

    summaries = [
        {
            "id": f"m{n:03}", "date": f"20{10 + n // 12:02}-{1 + n % 12:02}-05", "title": f"Meeting {n}",
            "present": 9, "members": 10, "planned_minutes": 170, "actual_minutes": 160 + n % 7,
            "items_over": n % 3, "timeouts": 0,
        }
        for n in range(75)
    ]  # fmt: skip
    summaries[0].update(title="The oldest meeting has by far the longest title of them all", timeouts=12, actual_minutes=None)
    kept = kept_history(list(reversed(summaries)))
    assert kept.total == 75
    expected = sort_rows(rows_from_index(summaries), "date", descending=True)
    assert [row_from_cells(json.loads(json.dumps(cells))) for cells in kept.rows] == expected[:PAGE_SIZE]
    widths = dict(kept.widths)  # from the oldest meeting, which is not on the page
    assert widths["title"] == len(summaries[0]["title"]) and widths["timeouts"] == 2 and widths["actual"] == 7
    nothing = {"date": 0, "present": 0, "planned": 0, "actual": 0, "over": 0, "timeouts": 0, "title": 0}
    assert kept_history([]) == ((), 0, tuple(nothing.items()))
    good = list(kept.rows[0])
    bad_rows = (
        good[:8], [*good[:3], True, *good[4:]], [*good[:3], -1, *good[4:]], [*good[:3], "9", *good[4:]],
        [good[0], "2026-13-01", *good[2:]],
    )  # fmt: skip
    for bad in bad_rows:
        with pytest.raises(ValueError):
            row_from_cells(bad)


async def test_a_long_history_from_the_kept_view_draws_its_first_page_before_the_index_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: `facilitator history` with 10,000 meetings draws its first rows as soon as with 10.

    The first page, the number of meetings and the columns' widths come from the home
    screen's kept view; the store's rows replace them, and a sort or a search typed in
    between says "loading" and is done on the whole list.
    """
    from facilitator.demo import write_demo
    from facilitator.screens.history import PAGE_SIZE

    root = tmp_path / "many"
    write_demo(root, meetings=130, today=TODAY, language="en")
    async with build_app(["--data-dir", str(root), "--lang", "en"], clock=FakeClock()).run_test(size=SIZE) as pilot:
        await settle(pilot)  # the home screen keeps its view
        await pilot.press("h")
        await settle(pilot)
        read = pilot.app.screen
        assert isinstance(read, HistoryScreen) and len(read.all_rows) == 130
        expected_titles, expected_widths, expected_status = titles(read), dict(read._widths), status(read)

    held: list[tuple[HistoryScreen, str]] = []
    real_load_index = HistoryScreen._load_index
    monkeypatch.setattr(HistoryScreen, "_load_index", lambda screen, gid: held.append((screen, gid)))
    app = history_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and len(held) == 1  # the index is not read yet
        assert len(screen.all_rows) == PAGE_SIZE
        page = {row.id for row in screen.all_rows}
        assert titles(screen) == expected_titles and screen._widths == expected_widths
        assert status(screen) == expected_status  # "130 finished meetings · 70 more below · sorted by Date ▼"
        assert f"130 finished meetings · {130 - PAGE_SIZE} more below" in status(screen)
        await pilot.press("2")  # by title: only the whole list can say which comes first
        assert "reading the list of meetings" in status(screen)
        await pilot.press("slash", *"meeting")  # a search too, before the whole list is read
        await pilot.pause()
        assert "reading the list of meetings" in status(screen)
        monkeypatch.setattr(HistoryScreen, "_load_index", real_load_index)
        real_load_index(*held[0])
        await settle(pilot)
        assert len(screen.all_rows) == 130 and "reading" not in status(screen)
        title_hits = {row.id for row in screen.all_rows if "meeting" in row.haystack}
        assert title_hits <= {row.id for row in screen.shown}
        assert title_hits - page  # found in the whole list, not only in the kept page
        assert titles(screen) == sorted(titles(screen), key=str.casefold)
        assert "of 130 meetings match" in status(screen)


async def test_a_long_history_is_shown_a_page_at_a_time(tmp_path: Path) -> None:
    from facilitator.demo import write_demo
    from facilitator.screens.history import PAGE_SIZE

    root = tmp_path / "many"
    write_demo(root, meetings=130, today=TODAY, language="en")
    app = history_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert len(screen.all_rows) == 130
        assert table.row_count == PAGE_SIZE < 130
        assert f"{130 - PAGE_SIZE} more below" in status(screen)
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert PAGE_SIZE < table.row_count < 130  # the next page came when the cursor neared the end
        table.scroll_end(animate=False, immediate=True)  # the mouse wheel or the scrollbar does the same
        await pilot.pause()
        assert table.row_count == 130
        assert str(table.get_row_at(129)[0]) == min(row.date for row in screen.all_rows).isoformat()


async def test_a_meeting_that_cannot_be_read_shows_a_message(data_dir: Path) -> None:
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ReviewScreen("2026-01-01-no-such-meeting"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.meeting is None
        message = str(screen.query_one("#review-error", Static).render())
        assert message.startswith("The meeting cannot be read:")
        await pilot.press("x")  # nothing to export: no dialog, no crash
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_no_group_and_no_finished_meetings_say_so(tmp_path: Path) -> None:
    from facilitator.store import Store

    empty = tmp_path / "empty"
    app = history_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "There is no group yet" in status(app.screen)
        await pilot.press("s")  # no statistics without a group
        assert isinstance(app.screen, HistoryScreen)

    Store(empty).create_group("Ny gruppe", [])
    app = history_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "No finished meetings yet" in status(app.screen)
        await pilot.press("enter")  # nothing to open
        assert isinstance(app.screen, HistoryScreen)


async def test_a_cold_history_shows_the_newest_rows_while_it_reads_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of meetings and no index (a new laptop): the newest rows show at once, the rest fill in (issue 20)."""
    from facilitator.demo import write_demo
    from facilitator.store import Store
    from facilitator.store.index import PROGRESS_FIRST

    root = tmp_path / "cold"
    write_demo(root, meetings=120, today=TODAY, language="en")
    Store(root).index_path("demo").unlink()
    gate = threading.Event()
    read: list[str] = []
    original = Store._load_meeting

    def held(self: Store, gid: str, mid: str, **kwargs: object) -> object:
        read.append(mid)
        if len(read) > PROGRESS_FIRST + 5:
            gate.wait(20)  # the rest of the folder is slow to read
        return original(self, gid, mid, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_load_meeting", held)
    app = history_app(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        for _ in range(200):
            if screen.reading is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert screen.reading == (PROGRESS_FIRST, 122)
        assert f"reading the meetings: {PROGRESS_FIRST} of 122" in status(screen)
        table = screen.query_one("#history-table", DataTable)
        newest = sorted(read[:PROGRESS_FIRST], reverse=True)
        assert table.row_count == PROGRESS_FIRST - 2  # the two planned meetings are no rows
        assert str(table.get_row_at(0)[0]) == newest[2][:10]  # newest first (after the two planned ones)
        assert screen.loading is False  # Textual's loading indicator does not cover the rows
        await pilot.press("down", "down")  # the list can be used while it fills in
        chosen = screen.selected
        assert chosen is not None
        gate.set()
        for _ in range(200):
            if not screen.index_loading:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert "120 finished meetings" in status(screen)
        assert screen.selected is not None and screen.selected.id == chosen.id  # the cursor stayed on its meeting


async def test_every_column_is_as_wide_as_its_values_before_the_table_is_idle(data_dir: Path) -> None:
    """A DataTable measures its own columns only when idle; a frame drawn before kept them label-wide ("2026-1").

    The history sets each width itself when it builds the table, so a line
    rendered at once, before any idle, already holds the whole date and "131 min".
    """
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        screen.action_sort("date")  # what the key 1 does: rising by date, the table built anew
        # no await: the table has not been idle since it was built, as when a frame comes first
        line = table.render_line(table.header_height + 1).text  # the second row
        assert "2026-03-12  Arbejdsskader" in line, line
        assert "131 min" in line
        widths = {key.value: column.get_render_width(table) - 2 * table.cell_padding for key, column in table.columns.items()}
        assert widths["date"] == len("2026-04-16")
        assert widths["actual"] == len("152 min")  # wider than its label
        assert widths["present"] == len("Present")  # the label is wider than "4/4"

    from facilitator.history import HistoryRow
    from facilitator.screens.history import value_widths

    def row(present: int, members: int, actual: int | None, over: int, timeouts: int) -> HistoryRow:
        return HistoryRow("m", TODAY, "T", present, members, 170, actual, over, timeouts)

    assert value_widths([row(9, 10, 1005, 0, 12), row(10, 10, None, 3, 0)]) == {
        "date": 10, "present": 5, "planned": 7, "actual": 8, "over": 1, "timeouts": 2,
    }
    assert value_widths([row(3, 0, None, 0, 0)])["present"] == 1
    assert value_widths([row(3, 0, None, 0, 0)])["actual"] == 1  # "–"


async def test_history_from_the_kept_view_draws_its_rows_before_the_group_is_read(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: `facilitator history` after the home screen has run once: name and rows with no model imported yet."""
    from facilitator import laptop
    from facilitator.glance import view_path

    async with build_app(["--data-dir", str(data_dir), "--lang", "en"], clock=FakeClock()).run_test(size=SIZE) as pilot:
        await settle(pilot)  # the home screen keeps its view
    assert view_path(laptop.local_dir(data_dir)).is_file()

    loads: list[FacilitatorApp] = []
    real_load = FacilitatorApp.load_state
    monkeypatch.setattr(FacilitatorApp, "load_state", lambda app: loads.append(app))  # held back
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert app.group is None and loads == [app]  # asked for after the first frame, not before it
        assert screen.sub_title == "Netværket i Vest"
        assert titles(screen) == ["Pædagogiske metoder", "Relationen til kommunen", "Arbejdsskader", "Siden sidst"]
        await pilot.press("down")  # the cursor may move at once
        real_load(app)
        await settle(pilot)
        assert app.group is not None and app.group.name == "Netværket i Vest"
        assert titles(screen)[screen.query_one("#history-table", DataTable).cursor_row] == "Relationen til kommunen"


async def test_enter_before_the_group_is_read_still_opens_the_meeting(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key typed ahead of the app's read of the group (rows from the kept view) reads it first: never "no group"."""
    async with build_app(["--data-dir", str(data_dir), "--lang", "en"], clock=FakeClock()).run_test(size=SIZE) as pilot:
        await settle(pilot)  # the home screen keeps its view

    calls: list[str] = []
    real_load = FacilitatorApp.load_state

    def load_state(app: FacilitatorApp) -> None:
        calls.append("load")
        if len(calls) > 1:  # the first, after the first frame, is held back as if the key came before it
            real_load(app)

    monkeypatch.setattr(FacilitatorApp, "load_state", load_state)
    app = history_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.group is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.sub_title == "Pædagogiske metoder"
        assert calls == ["load", "load"]
