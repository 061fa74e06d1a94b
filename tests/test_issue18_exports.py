"""Issue 18: the exports as real clients and Danish users take them, whatever the laptop's zone.

Each export is read back by a program nobody here wrote: khal (a calendar
client) imports two successive plans, vobject and khard read the vCards,
pandas reads the CSV as a Danish spreadsheet would (`;`, a byte order mark,
number detection on), Python's e-mail parser reads the drafts, icalendar the
attachment. Times are checked under several laptop zones (TZ and tzset).
"""

from __future__ import annotations

import csv
import email
import io
import subprocess
import sys
import time as systime
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from email import policy
from pathlib import Path

import pandas as pd
import pytest
import vobject
from icalendar import Calendar

from facilitator import export
from facilitator.cli import run
from facilitator.clock import FakeClock
from facilitator.meeting import LiveMeeting
from facilitator.model import Group, Item, Meeting, Member, Reopening, Roles, Settings, TimeOut
from facilitator.planning import stamp_calendar
from facilitator.store import Store

ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Europe/Copenhagen"]
UTC = UTC


@pytest.fixture(params=ZONES)
def laptop_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The laptop set to another zone than the group's."""
    monkeypatch.setenv("TZ", request.param)
    systime.tzset()
    yield request.param
    monkeypatch.undo()
    systime.tzset()


def group(**settings: object) -> Group:
    members = [
        Member(id="anne", name="Anne Ærø", phone="0045 22 32 42 52", email="anne@example.dk"),
        Member(id="bo", name="Bo Østergård", phone="23334353", email="bo@example.dk"),
        Member(id="carla", name="Carla Åby", phone="+4524344454", email="carla@example.dk"),
        Member(id="dina", name="Dina Sved", phone="+46 70 123 45 67"),
        Member(id="eik", name="=Eik", email="eik@example.dk"),
    ]
    return Group(name="Netværket Nord", id="nord", members=members, settings=Settings(**settings))  # type: ignore[arg-type]


def planned(day: date = date(2026, 6, 9), start: time = time(18, 0), **fields: object) -> Meeting:
    items = [Item(title="Siden sidst", planned_minutes=20), Item(title="Tema", planned_minutes=100),
             Item(title="Pause", planned_minutes=20, kind="break"), Item(title="Afrunding", planned_minutes=30)]
    return Meeting(id=f"{day.isoformat()}-moede", title="Netværksmøde", date=day, start=start, items=items, **fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- 18.1 the group's zone


def test_a_group_without_a_zone_gets_its_country_s_and_a_bad_zone_is_refused() -> None:
    assert Settings().timezone == "Europe/Copenhagen" and Settings().country == "DK"
    assert Settings(country="se").timezone == "Europe/Stockholm"
    assert Settings(timezone="America/New_York").zone().key == "America/New_York"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="Europe/Copenhagen"):
        Settings(timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="two-letter"):
        Settings(country="Danmark")


def test_the_running_meeting_plans_and_shows_the_group_s_time_in_any_laptop_zone(laptop_zone: str) -> None:
    # 17:00 UTC on 9 June 2026 is 19:00 in Copenhagen (summer time); the clock reads the laptop's zone.
    clock = FakeClock(datetime(2026, 6, 9, 17, 0, tzinfo=UTC).astimezone())
    live = LiveMeeting(group(), planned(), clock)
    assert live.hhmm(clock.now()) == "19:00"
    assert live.planned_start().strftime("%H:%M %Z") == "18:00 CEST"
    assert live.planned_end().strftime("%H:%M") == "20:50"
    assert live.end_by().strftime("%H:%M") == "21:00"
    assert live.meeting_day() == date(2026, 6, 9)


def test_the_calendar_is_in_the_group_s_zone_with_its_vtimezone(laptop_zone: str) -> None:
    data = export.plan_ics(group(), [planned()], now=datetime(2026, 6, 1, tzinfo=UTC))
    text = data.decode()
    assert "DTSTART;TZID=Europe/Copenhagen:20260609T180000" in text
    assert "X-WR-TIMEZONE:Europe/Copenhagen" in text and "T180000Z" not in text
    calendar = Calendar.from_ical(data)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(UTC).hour == 16


def test_the_minutes_show_the_meeting_s_times_in_the_group_s_zone(laptop_zone: str) -> None:
    meeting = planned(status="finished")
    meeting.started_at = datetime(2026, 6, 9, 16, 2, tzinfo=UTC).astimezone()
    meeting.ended_at = datetime(2026, 6, 9, 18, 55, tzinfo=UTC).astimezone()
    meeting.timeouts = [TimeOut(start=datetime(2026, 6, 9, 17, 10, tzinfo=UTC), end=datetime(2026, 6, 9, 17, 14, tzinfo=UTC))]
    text = export.minutes_markdown(group(), meeting, language="da")
    assert "- **Tidspunkt:** 18:02–20:55" in text
    assert "Kl. 19:10, punkt 1" in text


def test_settings_command_changes_the_zone_and_refuses_a_wrong_one(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(data_dir).create_group("Netværket", [])
    assert run(["--data-dir", str(data_dir), "--lang", "en", "settings"]) == 0
    assert "time zone Europe/Copenhagen, country DK" in capsys.readouterr().out
    assert run(["--data-dir", str(data_dir), "settings", "--timezone", "Europe/Nowhere"]) == 1
    assert "Europe/Nowhere" in capsys.readouterr().err
    assert run(["--data-dir", str(data_dir), "--lang", "en", "settings", "--timezone", "America/Godthab"]) == 0
    text = next((data_dir / "groups").glob("*/group.toml")).read_text(encoding="utf-8")
    assert 'timezone = "America/Godthab"' in text


# ------------------------------------------------------------------------- 18.2 calendars in step


def _khal(config: Path, *args: str) -> str:
    khal = Path(sys.executable).with_name("khal")
    done = subprocess.run([str(khal), "-c", str(config), *args], capture_output=True, text=True, timeout=60,
                          env={"TZ": "UTC", "PATH": str(khal.parent), "HOME": str(config.parent)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_khal_shows_a_moved_meeting_once_at_its_new_time(tmp_path: Path) -> None:
    vdir = tmp_path / "cal"
    vdir.mkdir()
    config = tmp_path / "config"
    config.write_text(
        f"[calendars]\n[[plan]]\npath = {vdir}\ntype = calendar\n[locale]\ntimeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\nlocal_timezone = Europe/Copenhagen\n"
        "default_timezone = Europe/Copenhagen\n[default]\ndefault_calendar = plan\n",
        encoding="utf-8",
    )
    the_group = group()
    moved, other = planned(), planned(date(2026, 7, 7))
    for meeting in (moved, other):
        stamp_calendar(the_group, meeting, datetime(2026, 6, 1, 9, tzinfo=UTC))
    one = tmp_path / "one.ics"
    one.write_bytes(export.plan_ics(the_group, [moved, other], now=datetime(2026, 6, 1, 9, tzinfo=UTC)))
    _khal(config, "import", "--batch", "-a", "plan", str(one))
    assert "18:00-20:50 Netværket Nord: Netværksmøde" in _khal(config, "list", "2026-06-09", "1d")

    moved.start, moved.place = time(19, 0), "Biblioteket"  # moved an hour later, and to the library
    assert stamp_calendar(the_group, moved, datetime(2026, 6, 2, 9, tzinfo=UTC))
    assert not stamp_calendar(the_group, other, datetime(2026, 6, 2, 9, tzinfo=UTC))
    two = tmp_path / "two.ics"
    two.write_bytes(export.plan_ics(the_group, [moved, other], now=datetime(2026, 6, 2, 9, tzinfo=UTC)))
    event = {str(e["UID"]): e for e in Calendar.from_ical(two.read_bytes()).walk("VEVENT")}
    assert int(event[export.event_uid(the_group, moved)]["SEQUENCE"]) == 1
    assert int(event[export.event_uid(the_group, other)]["SEQUENCE"]) == 0
    assert event[export.event_uid(the_group, moved)].decoded("LAST-MODIFIED") == datetime(2026, 6, 2, 9, tzinfo=UTC)
    _khal(config, "import", "--batch", "-a", "plan", str(two))
    shown = _khal(config, "list", "2026-06-09", "1d")
    assert shown.count("Netværket Nord: Netværksmøde") == 1, shown
    assert "19:00-21:50 Netværket Nord: Netværksmøde" in shown


def test_a_hand_edit_raises_the_sequence_at_the_next_export_and_a_cancelled_meeting_stays_cancelled(
    data_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    store = Store(data_dir)
    the_group = store.create_group("Netværket", [Member(id="anne", name="Anne")])
    today = date.today()
    kept, cancelled = planned(today + timedelta(days=10)), planned(today + timedelta(days=38))
    cancelled.evaluation = True
    for meeting in (kept, cancelled):
        store.save_meeting(the_group.id, meeting)
    assert run(["--data-dir", str(data_dir), "export", "plan"]) == 0
    first = {str(e["UID"]): e for e in Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")}
    assert [int(e["SEQUENCE"]) for e in first.values()] == [0, 0]
    path = store.meeting_path(the_group.id, kept.id)
    path.write_text(path.read_text(encoding="utf-8").replace("start = 18:00:00", "start = 18:30:00"), encoding="utf-8")
    again = store.load_meeting(the_group.id, cancelled.id)
    again.status = "cancelled"
    store.save_meeting(the_group.id, again)
    assert run(["--data-dir", str(data_dir), "export", "plan"]) == 0
    raw = capsysbinary.readouterr().out
    assert b"METHOD:PUBLISH" in raw
    second = {str(e["UID"]): e for e in Calendar.from_ical(raw).walk("VEVENT")}
    by_id = {uid.split("@")[0]: e for uid, e in second.items()}
    assert int(by_id[kept.id]["SEQUENCE"]) == 1 and by_id[kept.id].decoded("DTSTART").strftime("%H:%M") == "18:30"
    assert str(by_id[cancelled.id]["STATUS"]) == "CANCELLED" and int(by_id[cancelled.id]["SEQUENCE"]) == 1
    assert str(by_id[kept.id]["STATUS"]) == "CONFIRMED"
    assert "(evaluering)" in str(by_id[cancelled.id]["SUMMARY"])
    # the raised sequence was saved: a third export without changes keeps it
    assert store.load_meeting(the_group.id, kept.id).calendar.sequence == 1  # type: ignore[union-attr]
    assert run(["--data-dir", str(data_dir), "export", "plan"]) == 0
    third = {str(e["UID"]).split("@")[0]: e for e in Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")}
    assert int(third[kept.id]["SEQUENCE"]) == 1


# ------------------------------------------------------------------------- 18.4 contacts


def test_a_danish_spreadsheet_reads_the_csv_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "kontakter.csv"
    export.export_contacts(group(), path, language="da")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    # As Excel in a Danish setting: ; between fields, decimal comma, numbers and formulas recognised.
    sheet = pd.read_csv(path, sep=";", encoding="utf-8-sig", decimal=",", thousands=".")
    assert list(sheet.columns) == ["Navn", "Telefon", "E-mail"]
    assert sheet["Navn"].tolist()[:3] == ["Anne Ærø", "Bo Østergård", "Carla Åby"]
    phones = sheet["Telefon"].tolist()
    assert phones[:4] == ["22 32 42 52", "23 33 43 53", "24 34 44 54", "00 46 70 123 45 67"]
    assert not pd.api.types.is_numeric_dtype(sheet["Telefon"]) and all(isinstance(p, str) for p in phones[:4])
    assert not any(str(cell).startswith(("=", "+", "-", "@")) for cell in sheet.to_numpy().ravel())
    assert sheet["Navn"].tolist()[4] == "'=Eik"  # would be a formula otherwise
    # the old file (commas, E.164) is what broke: one column, and the number read as a number
    old = pd.read_csv(io.StringIO("Navn,Telefon\nCarla,+4524344454\n"), sep=";")
    assert list(old.columns) == ["Navn,Telefon"]
    assert pd.read_csv(io.StringIO("Telefon\n+4524344454\n"))["Telefon"].dtype.kind == "i"


def test_plain_csv_for_other_programs() -> None:
    text = export.contacts_csv(group(), language="en", style="plain")
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["Anne Ærø", "+45 22 32 42 52", "anne@example.dk"]
    assert rows[4] == ["Dina Sved", "+46 70 123 45 67", ""]


def test_vobject_and_khard_read_the_vcards_with_a_type_per_number(tmp_path: Path) -> None:
    text = export.contacts_vcard(group())
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == ["Anne Ærø", "Bo Østergård", "Carla Åby", "Dina Sved", "=Eik"]
    tel = {c.fn.value: (c.tel.value, c.tel.params["TYPE"]) for c in cards if hasattr(c, "tel")}
    assert tel["Anne Ærø"] == ("+45 22 32 42 52", ["VOICE"])  # a Danish number's plan does not say mobile
    assert tel["Dina Sved"] == ("+46 70 123 45 67", ["CELL"])  # a Swedish 070 is a mobile
    book = tmp_path / "book"
    book.mkdir()
    for card in cards:
        (book / f"{card.uid.value}.vcf").write_text(card.serialize(), encoding="utf-8")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[nord]]\npath = {book}\n[general]\ndefault_action = list\n", encoding="utf-8")
    khard = Path(sys.executable).with_name("khard")
    done = subprocess.run([str(khard), "-c", str(config), "phone", "--parsable"], capture_output=True, text=True,
                          timeout=60, env={"PATH": str(khard.parent), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "+45 24 34 44 54" in done.stdout and "Carla Åby" in done.stdout


# ------------------------------------------------------------------------- 18.5 invitations


def test_questions_follow_the_kind_of_meeting_and_are_kept_with_it() -> None:
    the_group = group(invitation_questions=["Hvad vil du gerne tale om?"])
    first = planned(template="first")
    evaluation = planned(evaluation=True)
    ordinary = planned()
    assert export.invitation_questions(the_group, first) == export.default_questions("da")
    assert "Indhold: Hvilke temaer" in export.invitation_text(the_group, evaluation)
    assert export.invitation_questions(the_group, ordinary) == ["Hvad vil du gerne tale om?"]
    from facilitator.model import Invitation

    ordinary.invitation = Invitation(reply_by=date(2026, 6, 1), sender="Anne", questions=["Tager du kage med?"])
    text = export.invitation_text(the_group, ordinary)
    assert "- Tager du kage med?" in text and "Hvad vil du gerne" not in text
    assert "mandag den 1. juni 2026" in text and text.rstrip().endswith("Anne")


def test_export_invitation_takes_a_prefix_and_names_the_ids_when_ambiguous(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(data_dir)
    the_group = store.create_group("Netværket", [Member(id="anne", name="Anne", email="anne@example.dk")])
    one, two = planned(date(2026, 6, 9)), planned(date(2026, 6, 23))
    for meeting in (one, two):
        store.save_meeting(the_group.id, meeting)
    assert run(["--data-dir", str(data_dir), "export", "invitation", "2026-06-2"]) == 0
    assert "tirsdag den 23. juni 2026" in capsys.readouterr().out
    assert run(["--data-dir", str(data_dir), "--lang", "en", "export", "invitation", "2026-06"]) == 1
    err = capsys.readouterr().err
    assert "fits several meetings" in err and one.id in err and two.id in err
    assert run(["--data-dir", str(data_dir), "--lang", "en", "export", "invitation", "2025"]) == 1
    assert "no meeting '2025'" in capsys.readouterr().err


# ------------------------------------------------------------------------- 18.6 ready to send


def test_the_invitation_draft_opens_in_a_mail_parser_with_the_calendar_attached(tmp_path: Path) -> None:
    the_group = group()
    meeting = planned(roles=Roles(moderator="anne"))
    text = export.invitation_text(the_group, meeting)
    raw = export.invitation_eml(the_group, meeting, text, now=datetime(2026, 5, 20, 10, tzinfo=UTC))
    assert b"\r\n" in raw and max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = email.message_from_bytes(raw, policy=policy.default)
    assert str(message["From"]) == "Anne Ærø <anne@example.dk>"
    to = [a.addr_spec for a in message["To"].addresses]
    assert to == ["anne@example.dk", "bo@example.dk", "carla@example.dk", "eik@example.dk"]
    assert [a.display_name for a in message["To"].addresses][:2] == ["Anne Ærø", "Bo Østergård"]
    assert str(message["Subject"]) == "Invitation: Netværksmøde, tirsdag den 9. juni 2026"
    assert message["X-Unsent"] == "1" and message["Date"].datetime.utcoffset() == timedelta(hours=2)
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar" and attachment.get_param("method") == "PUBLISH"
    calendar = Calendar.from_ical(attachment.get_content() if isinstance(attachment.get_content(), bytes)
                                  else attachment.get_content().encode())
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == export.event_uid(the_group, meeting)
    # The Debian/Python standard parser reads it too without defects.
    assert not message.defects and all(not part.defects for part in message.walk())


def test_minutes_draft_and_the_minutes_without_the_empty_heading(data_dir: Path, tmp_path: Path) -> None:
    store = Store(data_dir)
    the_group = store.create_group("Netværket", [Member(id="anne", name="Anne Ærø", email="anne@example.dk"),
                                                  Member(id="bo", name="Bo", email="bo@example.dk")])
    meeting = planned(status="finished", roles=Roles(moderator="anne", minute_taker="bo"))
    meeting.minutes = "## 1. Siden sidst\nAlle havde det godt.\nTime-out kl. 18.10 (Bo): fortsæt. Notat: vi tager det op igen\n"
    meeting.timeouts = [
        TimeOut(start=datetime(2026, 6, 9, 16, 10, tzinfo=UTC), end=datetime(2026, 6, 9, 16, 12, tzinfo=UTC),
                note="vi tager det op igen"),
        TimeOut(start=datetime(2026, 6, 9, 16, 40, tzinfo=UTC), end=datetime(2026, 6, 9, 16, 42, tzinfo=UTC),
                note="kun til os selv\n!! om barnet"),
    ]
    meeting.reopened = [Reopening(at=datetime(2026, 6, 10, 8, 0, tzinfo=UTC), closed_at=datetime(2026, 6, 10, 8, 20, tzinfo=UTC))]
    store.save_meeting(the_group.id, meeting)
    out = tmp_path / "referat.eml"
    assert run(["--data-dir", str(data_dir), "export", "minutes", "2026-06-09", "--eml", "-o", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert str(message["From"]) == "Bo <bo@example.dk>"
    assert str(message["Subject"]) == "Referat: Netværket, tirsdag den 9. juni 2026"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert "## Referat" not in body and "\n## 1. Siden sidst\n" in body
    assert "- **Rettet:** genåbnet for rettelser onsdag den 10. juni 2026 kl. 10:00–10:20" in body
    # the note chosen for the minutes is in the time-outs too; the other only with --timeout-notes
    assert body.count("vi tager det op igen") == 2 and "kun til os selv" not in body
    with_notes = export.minutes_markdown(the_group, meeting, include_timeout_notes=True)
    assert "kun til os selv" in with_notes and "om barnet" not in with_notes


def test_a_bad_from_is_a_usage_message(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(data_dir)
    the_group = store.create_group("Netværket", [])
    store.save_meeting(the_group.id, planned())
    assert run(["--data-dir", str(data_dir), "--lang", "en", "export", "invitation", "2026", "--eml", "--from", "nobody"]) == 1
    assert "not an e-mail address" in capsys.readouterr().err
