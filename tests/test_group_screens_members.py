"""The members screen: the form refuses bad input with the message next to the field and saves good input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import settle
from group_screens_helpers import finished, group_file, make_group, open_screen, text_of, type_into
from textual.widgets import Button, DataTable, Input

from facilitator.app import FacilitatorApp
from facilitator.model import Member
from facilitator.screens.group_common import PathDialog
from facilitator.screens.members import MemberForm, MembersScreen

MakeApp = Callable[..., FacilitatorApp]


async def test_add_member_refuses_bad_phone_and_email_then_saves(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir, members=3)
    before = (data_dir / "groups" / group.id / "group.toml").read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "members")
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        await pilot.press(*"Dorte Berg", "enter")
        await pilot.press(*"12 34")
        await pilot.pause()
        assert "at least 8 digits" in text_of(form, "#phone-error")
        assert form.query_one("#save", Button).disabled
        await type_into(pilot, "#email", "dorte@")
        assert "e-mail" in text_of(form, "#email-error").lower()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: the form stays with what was typed
        assert form.query_one("#name", Input).value == "Dorte Berg"
        assert (data_dir / "groups" / group.id / "group.toml").read_bytes() == before

        await type_into(pilot, "#phone", "20 30 40 50")
        await type_into(pilot, "#email", "dorte@example.dk")
        assert text_of(form, "#phone-error") == "" and text_of(form, "#email-error") == ""
        assert not form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        assert app.screen.query_one("#members", DataTable).row_count == 4
    members = group_file(data_dir, group.id)["members"]
    # issue 18: a phone number is stored as E.164 (shown as "20 30 40 50")
    assert members[-1] == {
        "id": "dorte-berg",
        "name": "Dorte Berg",
        "phone": "+4520304050",
        "email": "dorte@example.dk",
        "active": True,
    }
    assert [m["name"] for m in members[:3]] == ["Anne Hansen", "Bo Jensen", "Carla Nielsen"]  # nothing lost


async def test_edit_refuses_a_taken_name_and_keeps_the_file(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir, members=3)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "members")
        await pilot.press("down", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        assert form.query_one("#name", Input).value == "Bo Jensen"
        await type_into(pilot, "#name", "anne hansen")
        assert "already" in text_of(form, "#name-error")
        assert form.query_one("#save", Button).disabled
        await type_into(pilot, "#name", "Bo Jensen-Holm")
        await type_into(pilot, "#phone", "+45 99 88 77 66")
        await pilot.press("ctrl+s")
        await settle(pilot)
    member = group_file(data_dir, group.id)["members"][1]
    assert (member["id"], member["name"], member["phone"]) == ("m1", "Bo Jensen-Holm", "+4599887766")  # issue 18: E.164


async def test_an_edit_keeps_a_member_added_by_another_program(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir, members=2)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "members")
        other = store.load_group(group.id)
        other.members.append(Member(id="zoe", name="Zoe Other"))
        store.save_group(other)
        await pilot.press("d")  # deactivate Anne
        await settle(pilot)
    members = group_file(data_dir, group.id)["members"]
    assert [m["id"] for m in members] == ["m0", "m1", "zoe"]
    assert members[0]["active"] is False


async def test_deactivate_and_warning_over_max_members(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir, members=3)
    group.settings.max_members = 2
    store.save_group(group)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "members")
        warning = app.screen.query_one("#members-warning")
        assert warning.display
        assert "splitting" in text_of(app.screen, "#members-warning")
        await pilot.press("d")
        await settle(pilot)
        assert not warning.display
        assert "former" in str(app.screen.query_one("#members", DataTable).get_row_at(0))
        await pilot.press("d")  # and back
        await settle(pilot)
        assert warning.display
    assert group_file(data_dir, group.id)["members"][0]["active"] is True


async def test_attendance_counts_the_last_year(make_app: MakeApp, data_dir: Path) -> None:
    store, group = make_group(data_dir, members=3)
    finished(store, group, date(2026, 1, 8), present=["m0", "m1"], notified=["m2"])
    finished(store, group, date(2026, 2, 5), present=["m0"], notified=["m1"], absent=["m2"])
    finished(store, group, date(2024, 2, 5), present=["m2"])  # more than a year ago: not counted
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "members")
        table = app.screen.query_one("#members", DataTable)
        rows = {key.value: table.get_row(key) for key in table.rows}
        assert rows["m0"][4:] == ["2", "0", "0"]
        assert rows["m1"][4:] == ["1", "1", "0"]
        assert rows["m2"][4:] == ["0", "1", "1"]
        assert "2 finished meetings" in text_of(app.screen, "#members-summary")


async def test_export_contacts_as_vcard(make_app: MakeApp, data_dir: Path, tmp_path: Path) -> None:
    make_group(data_dir, members=2)
    target = tmp_path / "out" / "contacts.vcf"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "members")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await type_into(pilot, "#text", str(tmp_path / "out" / "contacts.xlsx"))
        assert ".csv" in text_of(app.screen, "#text-error")  # refused: wrong extension
        await type_into(pilot, "#text", str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2 and "FN:Anne Hansen" in text
