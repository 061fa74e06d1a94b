"""`facilitator export contacts|plan|invitation`: the files they write parse back."""

from __future__ import annotations

import csv
import io
from datetime import date, time
from pathlib import Path

import pytest
from icalendar import Calendar

from facilitator.cli import run
from facilitator.clock import FakeClock
from facilitator.model import Member
from facilitator.planning import plan_series
from facilitator.store import Store


def make_group(root: Path) -> Store:
    store = Store(root)
    members = [
        Member(id="anne", name="Anne Ørsted", phone="20 30 40 50", email="anne@example.dk"),
        Member(id="bo", name="Bo Hansen", phone="+45 31 32 33 34", email="bo@example.dk"),
        Member(id="carl", name="Carl Old", active=False),
    ]
    store.create_group("Netværk Nord", members)
    return store


def plan(store: Store) -> list[str]:
    group = store.current_group()
    assert group is not None
    group.settings.language = "en"
    store.save_group(group)
    meetings = plan_series(
        group,
        store.meeting_ids(group.id),
        first=date(2026, 3, 19),
        weeks=4,
        until=date(2026, 10, 1),
        start=time(18, 30),
        place="Library, room 2",
        host="anne",
        template="following",
        holidays=False,  # issue 18 would skip Kristi himmelfartsdag 2026-05-14; these tests are about the export
    )
    for meeting in meetings:
        store.save_meeting(group.id, meeting)
    return [m.id for m in meetings]


def test_contacts_csv_on_stdout(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_group(data_dir)
    assert run(["--data-dir", str(data_dir), "export", "contacts"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")  # issue 18: the spreadsheet style by default, on stdout too
    rows = list(csv.reader(io.StringIO(out[1:]), delimiter=";"))
    assert rows[0] == ["Name", "Phone", "E-mail"]
    assert rows[1:] == [["Anne Ørsted", "20 30 40 50", "anne@example.dk"], ["Bo Hansen", "31 32 33 34", "bo@example.dk"]]


def test_contacts_csv_and_vcard_files_parse_back(data_dir: Path, tmp_path: Path) -> None:
    make_group(data_dir)
    csv_path = tmp_path / "out" / "contacts.csv"
    vcf_path = tmp_path / "out" / "contacts.vcf"
    assert run(["--data-dir", str(data_dir), "export", "contacts", "-o", str(csv_path)]) == 0
    assert run(["--data-dir", str(data_dir), "export", "contacts", "-o", str(vcf_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["Name"] for r in rows] == ["Anne Ørsted", "Bo Hansen"]
    assert rows[1]["E-mail"] == "bo@example.dk"
    cards = vcf_path.read_text(encoding="utf-8").split("END:VCARD")
    assert len([c for c in cards if "BEGIN:VCARD" in c]) == 2  # the inactive member is left out
    assert "FN:Anne Ørsted" in cards[0] and "TEL;TYPE=VOICE:+45 20 30 40 50" in cards[0]
    assert "EMAIL;TYPE=INTERNET:bo@example.dk" in cards[1]
    assert (vcf_path.stat().st_mode & 0o777) == 0o600


def test_contacts_unknown_extension_is_refused(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_group(data_dir)
    assert run(["--data-dir", str(data_dir), "export", "contacts", "-o", str(tmp_path / "c.xlsx")]) == 1
    assert "c.xlsx" in capsys.readouterr().err
    assert not (tmp_path / "c.xlsx").exists()


def test_plan_ics_has_every_planned_meeting(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    store = make_group(data_dir)
    ids = plan(store)
    clock = FakeClock()
    out = tmp_path / "plan.ics"
    assert run(["--data-dir", str(data_dir), "export", "plan", "-o", str(out)], clock=clock) == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(ids) == 8
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in timezones] == ["Europe/Copenhagen"]
    for event, meeting_id in zip(events, ids, strict=True):
        start = event.decoded("DTSTART")
        assert start.date() == date.fromisoformat(meeting_id[:10])
        assert (start.hour, start.minute) == (18, 30)
        assert str(start.tzinfo) == "Europe/Copenhagen"
        assert str(event["UID"]) == f"{meeting_id}@netvaerk-nord.facilitator"
        assert str(event["LOCATION"]) == "Library, room 2"
        assert str(event["SUMMARY"]).startswith("Netværk Nord: ")
        assert event.decoded("DTSTAMP") == clock.now()
        assert event.decoded("DTEND") > start
    evaluation = [e for e in events if "Evaluation" in str(e.get("DESCRIPTION", ""))]
    assert len(evaluation) == 1 and evaluation[0].decoded("DTSTART").date() == date(2026, 10, 1)


def test_plan_on_stdout_is_icalendar(data_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    plan(make_group(data_dir))
    assert run(["--data-dir", str(data_dir), "export", "plan"], clock=FakeClock()) == 0
    calendar = Calendar.from_ical(capsysbinary.readouterr().out)
    assert len(list(calendar.walk("VEVENT"))) == 8


def test_invitation_text_on_stdout_and_in_a_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = make_group(data_dir)
    first = plan(store)[0]
    assert run(["--data-dir", str(data_dir), "export", "invitation", first, "--reply-by", "2026-03-15"]) == 0
    text = capsys.readouterr().out
    assert "Thursday 19 March 2026" in text
    assert "18:30" in text
    assert "Library, room 2" in text
    assert "15 March 2026" in text
    assert "Netværk Nord" in text
    out = tmp_path / "inv.txt"
    assert run(["--data-dir", str(data_dir), "export", "invitation", first, "-o", str(out)]) == 0
    assert "Library, room 2" in out.read_text(encoding="utf-8")


def test_invitation_unknown_meeting_is_a_message(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_group(data_dir)
    assert run(["--data-dir", str(data_dir), "export", "invitation", "2030-01-01-nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facilitator: ") and "Traceback" not in err


def test_export_without_group_is_a_message(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--data-dir", str(data_dir), "export", "contacts"]) == 1
    assert "facilitator:" in capsys.readouterr().err
