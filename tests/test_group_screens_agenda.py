"""The agenda editor, the invitation, the agreements and the theme ideas, driven by keys."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import settle
from group_screens_helpers import finished, group_file, make_group, meeting_file, open_screen, plan, text_of, type_into
from textual.widgets import Button, DataTable, Input, Select, SelectionList, TextArea

from facilitator.app import FacilitatorApp
from facilitator.model import Item, Roles
from facilitator.screens.agenda_editor import AgendaEditorScreen, CarryOverDialog, ItemDialog
from facilitator.screens.agreements import AgreementsScreen
from facilitator.screens.group_common import TextDialog
from facilitator.screens.invitation import InvitationScreen
from facilitator.screens.theme_ideas import AssignThemeDialog, ThemeIdeasScreen

MakeApp = Callable[..., FacilitatorApp]


def titles(data: dict) -> list[str]:
    return [item["title"] for item in data["items"]]


async def test_reorder_remove_add_and_save(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    meeting = plan(store, group, date(2026, 3, 19), date(2026, 3, 20))[0]
    original = [item.title for item in meeting.items]
    assert original[:3] == ["Since last time", "Theme talk", "Break"]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "agenda", meeting.id)
        screen = app.screen
        assert isinstance(screen, AgendaEditorScreen)
        await pilot.press("right_square_bracket")  # Since last time down
        await pilot.press("down", "ctrl+up")  # and Break up above it
        await pilot.pause()
        assert [item.title for item in screen.draft.items][:3] == ["Theme talk", "Break", "Since last time"]
        assert titles(meeting_file(data_dir, group.id, meeting.id)) == original  # not written yet
        assert "not saved" in text_of(screen, "#agenda-heading")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert titles(meeting_file(data_dir, group.id, meeting.id))[:3] == ["Theme talk", "Break", "Since last time"]

        await pilot.press("delete")  # removes Break (the cursor stayed on it)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        await pilot.press(*"Coffee round")
        await type_into(pilot, "#minutes", "abc")
        assert "whole minutes" in text_of(dialog, "#minutes-error")
        assert dialog.query_one("#save", Button).disabled
        await type_into(pilot, "#minutes", "15")
        dialog.query_one("#kind", Select).value = "round"
        dialog.query_one("#cues", TextArea).text = "Who starts?\nKeep it short"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await settle(pilot)
    data = meeting_file(data_dir, group.id, meeting.id)
    assert "Break" not in titles(data)
    added = next(item for item in data["items"] if item["title"] == "Coffee round")
    assert (added["planned_minutes"], added["kind"], added["cues"]) == (15, "round", ["Who starts?", "Keep it short"])
    assert titles(data).index("Coffee round") < titles(data).index("Next meeting")  # before the closing items


async def test_fit_against_end_by_and_booklet(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    meeting = plan(store, group, date(2026, 3, 19), date(2026, 3, 20), template="first")[0]
    meeting.start = meeting.start.replace(hour=19)
    store.save_meeting(group.id, meeting)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_screen(pilot, "agenda", meeting.id)
        fit = app.screen.query_one("#agenda-fit")
        text = text_of(app.screen, "#agenda-fit")
        assert "Total 160 min (2:40): 19:00–21:40" in text
        assert "40 min past 21:00" in text
        assert "the booklet advises 180 min (3:00)" in text
        assert fit.has_class("-over")


async def test_save_as_template_and_carry_over(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    finished(
        store, group, date(2026, 2, 26),
        items=[Item(title="Since last time", planned_minutes=20), Item(title="Work injuries", planned_minutes=30, deferred=True)],
        minutes="## 1. Since last time\n\n- [ ] Call the municipality\n- [x] Book the room\n!! - [ ] Talk to Bo's family\n",
    )  # fmt: skip
    meeting = plan(store, group, date(2026, 3, 19), date(2026, 3, 20))[0]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "agenda", meeting.id)
        screen = app.screen
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CarryOverDialog)
        options = dialog.query_one("#carry", SelectionList)
        assert options.selected == ["item-0", "actions"]
        assert "Talk to Bo" not in text_of(dialog, ".preview")  # confidential action left out
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        items = screen.draft.items
        names = [item.title for item in items]
        assert "Work injuries" in names and "Follow-up on open actions" in names
        follow = items[names.index("Follow-up on open actions")]
        assert follow.cues == ["Call the municipality"]
        assert names.index("Work injuries") < names.index("Next meeting")
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"following")
        assert "built-in" in text_of(app.screen, "#text-error")
        await type_into(pilot, "#text", "Our theme evening")
        await pilot.press("enter")
        await settle(pilot)
    assert "Follow-up on open actions" in titles(meeting_file(data_dir, group.id, meeting.id))
    template = tomllib.loads((data_dir / "agendas" / "our-theme-evening.toml").read_text(encoding="utf-8"))
    assert template["title"] == "Our theme evening" and template["language"] == "en"
    assert "Work injuries" in [item["title"] for item in template["items"]]
    assert "spans" not in str(template)
    assert "our-theme-evening" in [a.id for a in store.agendas("en")]


async def test_invitation_shows_every_field_copies_and_saves(make_app: MakeApp, data_dir: Path, tmp_path: Path) -> None:
    store, group = make_group(data_dir)
    meeting = plan(store, group, date(2026, 3, 19), date(2026, 3, 20), template="first")[0]
    meeting.roles = Roles(moderator="m1")
    meeting.theme = "Communication"
    store.save_meeting(group.id, meeting)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "invitation", meeting.id)
        screen = app.screen
        assert isinstance(screen, InvitationScreen)
        assert screen.query_one("#reply-by", Input).value == "2026-03-12"
        text = screen.text
        for expected in (
            "Thursday 19 March 2026",
            "18:00",
            "Library",
            "Thursday 12 March 2026",
            "Bo Jensen",
            "Communication",
            "What do you need and hope for from a network?",
            "Welcome",
            "Network North",
        ):
            assert expected in text, expected
        await type_into(pilot, "#reply-by", "2026-03-1")
        assert "YYYY-MM-DD" in text_of(screen, "#reply-by-error")
        await type_into(pilot, "#reply-by", "2026-03-10")
        await type_into(pilot, "#sender", "Anne Hansen")
        screen.query_one("#questions", TextArea).text = "- Which day suits you?\n\n"
        await pilot.pause()
        assert "Tuesday 10 March 2026" in screen.text
        assert "- Which day suits you?" in screen.text and "hope for from a network" not in screen.text
        assert screen.text.rstrip().endswith("Anne Hansen")
        await pilot.press("ctrl+b")
        assert app.clipboard == screen.text
        await pilot.press("ctrl+s")
        await pilot.pause()
        await type_into(pilot, "#text", str(tmp_path / "inv.txt"))
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "inv.txt").read_text(encoding="utf-8") == screen.text


async def test_agreements_versioned_by_date(make_app: MakeApp, data_dir: Path, clock: object) -> None:
    store, group = make_group(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "agreements")
        screen = app.screen
        assert isinstance(screen, AgreementsScreen)
        screen.query_one("#agreement-confidentiality", TextArea).text = "What is said here stays here."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        clock.advance(86400 * 30)  # type: ignore[attr-defined]
        screen.query_one("#agreement-confidentiality", TextArea).text = "What is said here stays here, also online."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        history = text_of(screen, "#agreements-history-text")
        assert "In force 2026-03-12 to 2026-04-11" in history and "stays here." in history
    data = group_file(data_dir, group.id)
    assert data["agreements"]["confidentiality"] == "What is said here stays here, also online."
    assert data["agreements"]["changed_on"] == date(2026, 4, 11)
    assert data["agreements_history"][0]["replaced_on"] == date(2026, 4, 11)


async def test_themes_add_own_refuse_duplicate_and_assign(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    finished(store, group, date(2026, 2, 12), theme="Feedback")
    meetings = plan(store, group, date(2026, 3, 19), date(2026, 5, 1))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "themes")
        screen = app.screen
        assert isinstance(screen, ThemeIdeasScreen)
        table = screen.query_one("#themes", DataTable)
        rows = [table.get_row_at(n) for n in range(table.row_count)]
        feedback = next(row for row in rows if row[2] == "Feedback")
        assert feedback[0] == "✓ 2026-02-12"
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"feedback")
        assert "already" in text_of(app.screen, "#text-error")
        assert app.screen.query_one("#ok", Button).disabled
        await type_into(pilot, "#text", "Sleep and night shifts")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.entries[table.cursor_row].title == "Sleep and night shifts"
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AssignThemeDialog)
        assert dialog.query_one("#meeting", Select).value == meetings[0].id
        dialog.query_one("#owners", SelectionList).select("m4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = table.get_row_at(table.cursor_row)
        assert row[2] == "Sleep and night shifts" and row[1] == "2026-03-19"
    assert group_file(data_dir, group.id)["themes"] == ["Sleep and night shifts"]
    data = meeting_file(data_dir, group.id, meetings[0].id)
    assert data["theme"] == "Sleep and night shifts" and data["roles"]["theme_owners"] == ["m4"]
