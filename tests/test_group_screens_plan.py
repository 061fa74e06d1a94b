"""The meeting plan: a series with preview written to files, single edits, absence notices and roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from pathlib import Path

from conftest import TODAY, settle
from group_screens_helpers import finished, make_group, meeting_file, open_screen, plan, text_of, type_into
from textual.widgets import Button, DataTable, Select, SelectionList

from facilitator.app import FacilitatorApp
from facilitator.model import Roles
from facilitator.planning import suggest_roles
from facilitator.screens.plan import AbsenceDialog, MeetingEditDialog, PlanScreen, SeriesDialog
from facilitator.screens.roles import RolesDialog, roles_dialog_after, roles_line
from facilitator.store import Store

MakeApp = Callable[..., FacilitatorApp]


async def test_series_preview_then_files_with_evaluation(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "plan")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SeriesDialog)
        await type_into(pilot, "#first", "2026-03-19")
        await type_into(pilot, "#weeks", "4")
        dialog.query_one("#horizon", Select).value = "year"
        dialog.query_one("#host", Select).value = "m1"
        await type_into(pilot, "#place", "Library")
        await type_into(pilot, "#time", "18:30")
        await type_into(pilot, "#skip", "2026-07-09, 2026-12-24")
        await pilot.pause()
        preview = text_of(dialog, "#series-preview")
        # Issue 18: Kristi himmelfartsdag (14 May 2026) is skipped without being typed, and the
        # preview says which dates it skips and why; 18:30 + 170 min ends after 21:00 (⚠).
        assert preview.startswith("11 meetings:")
        assert "Thursday 1 October 2026 18:30  ◆ evaluation" in preview
        planned_lines = [line for line in preview.splitlines() if not line.startswith("  skipped")]
        assert not any("9 July" in line or "24 December" in line or "14 May" in line for line in planned_lines)
        assert "skipped Thursday 14 May 2026: Kristi himmelfartsdag" in preview
        assert "skipped Thursday 9 July 2026: your date" in preview
        assert meeting_ids(store, group.id) == []  # nothing written before Create
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.query_one("#plan", DataTable).row_count == 11
    ids = meeting_ids(store, group.id)
    assert len(ids) == 11
    days = [date.fromisoformat(mid[:10]) for mid in ids]
    assert days[0] == date(2026, 3, 19) and days[-1] == date(2027, 3, 18)
    assert all((b - a).days % 28 == 0 for a, b in pairwise(days))
    files = [meeting_file(data_dir, group.id, mid) for mid in ids]
    assert [f["date"] for f in files if f.get("evaluation")] == [date(2026, 10, 1)]
    assert all(f["place"] == "Library" and f["roles"]["host"] == "m1" and f["status"] == "planned" for f in files)
    assert all(str(f["start"]) == "18:30:00" for f in files)
    evaluation = next(f for f in files if f.get("evaluation"))
    assert any(item["title"].startswith("Evaluation") for item in evaluation["items"])


def meeting_ids(store: Store, gid: str) -> list[str]:
    return store.meeting_ids(gid)


async def test_series_refuses_a_bad_skip_date(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "plan")
        await pilot.press("s")
        await pilot.pause()
        await type_into(pilot, "#skip", "2026-13-01")
        dialog = app.screen
        assert "Not a date (YYYY-MM-DD): 2026-13-01" in text_of(dialog, "#series-preview")
        assert dialog.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        await type_into(pilot, "#skip", "")
        await type_into(pilot, "#weeks", "99")
        assert "52" in text_of(dialog, "#series-preview")
    assert store.meeting_ids(group.id) == []


async def test_edit_one_meeting_and_absence_notices(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    meetings = plan(store, group, date(2026, 3, 19), date(2026, 6, 1))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "plan")
        await pilot.press("down", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeetingEditDialog)
        await type_into(pilot, "#time", "25:00")
        assert "HH:MM" in text_of(dialog, "#time-error")
        assert dialog.query_one("#save", Button).disabled
        await type_into(pilot, "#time", "19:00")
        await type_into(pilot, "#title", "Ergonomics evening")
        await type_into(pilot, "#theme", "Ergonomic strain")
        dialog.query_one("#theme-owners", SelectionList).select("m2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)

        await pilot.press("b")
        await pilot.pause()
        absence = app.screen
        assert isinstance(absence, AbsenceDialog)
        absence.query_one("#absent", SelectionList).select("m3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Absence notices: Dorte Berg" in text_of(app.screen, "#plan-details")
    data = meeting_file(data_dir, group.id, meetings[1].id)
    assert (data["title"], data["theme"], str(data["start"])) == ("Ergonomics evening", "Ergonomic strain", "19:00:00")
    assert data["roles"]["theme_owners"] == ["m2"]
    assert data["attendance"]["absent_notified"] == ["m3"]
    assert meeting_file(data_dir, group.id, meetings[0].id)["title"] == meetings[0].title  # the others untouched


async def test_suggest_fills_the_roles_form_skipping_absence(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    past = [
        finished(
            store, group, date(2026, 1, 15), roles=Roles(moderator="m0", minute_taker="m1", boundary_keeper="m2", host="m3")
        ),
        finished(
            store, group, date(2026, 2, 12), roles=Roles(moderator="m1", minute_taker="m2", boundary_keeper="m3", host="m4")
        ),
    ]
    first = plan(store, group, date(2026, 3, 19), date(2026, 4, 30))[0]
    first.attendance.absent_notified = ["m0"]
    store.save_meeting(group.id, first)
    expected = suggest_roles(store.load_group(group.id), past, ["m0"])
    assert expected.moderator and "m0" not in (expected.moderator, expected.minute_taker, expected.boundary_keeper, expected.host)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "plan")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RolesDialog)
        assert dialog.query_one("#role-moderator", Select).value == Select.NULL
        await pilot.press("ctrl+g")
        await pilot.pause()
        for role in ("moderator", "minute_taker", "boundary_keeper", "host"):
            assert dialog.query_one(f"#role-{role}", Select).value == getattr(expected, role)
        dialog.query_one("#role-host", Select).value = "m0"  # the moderator changes one by hand
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "Moderator: " + store.load_group(group.id).name_of(expected.moderator) in text_of(app.screen, "#plan-details")
    roles = meeting_file(data_dir, group.id, first.id)["roles"]
    assert roles["moderator"] == expected.moderator and roles["minute_taker"] == expected.minute_taker
    assert roles["host"] == "m0"


async def test_roles_dialog_after_a_live_meeting_returns_the_minutes_line(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir, language="da")
    meetings = plan(store, group, date(2026, 3, 12), date(2026, 5, 1))
    live = meetings[0]
    live.status = "live"
    live.roles = Roles(moderator="m0", minute_taker="m1", boundary_keeper="m2", host="m3")
    store.save_meeting(group.id, live)
    dialog = roles_dialog_after(store, group, live, TODAY)
    assert dialog is not None and dialog.meeting.id == meetings[1].id
    assert dialog.suggestion is not None and dialog.suggestion.moderator not in ("", "m0")
    lines: list[str | None] = []
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        app.push_screen(dialog, lines.append)
        await pilot.pause()
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
    suggestion = dialog.suggestion
    assert lines == [roles_line(group, meetings[1], suggestion)]
    assert lines[0].startswith("Næste møde torsdag den 9. april 2026: ordstyrer ")
    assert f"referent {group.name_of(suggestion.minute_taker)}" in lines[0]
    assert meeting_file(data_dir, group.id, meetings[1].id)["roles"]["moderator"] == suggestion.moderator


async def test_plan_export_writes_icalendar(make_app: MakeApp, data_dir: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    store, group = make_group(data_dir)
    meetings = plan(store, group, date(2026, 3, 19), date(2026, 6, 30))
    target = tmp_path / "plan.ics"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "plan")
        await pilot.press("x")
        await pilot.pause()
        await type_into(pilot, "#text", str(target))
        await pilot.press("enter")
        await settle(pilot)
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [e.decoded("DTSTART").date() for e in events] == [m.date for m in meetings]
