"""Tests of the exports that become files: contact list (CSV, vCard), meeting plan (iCalendar), invitation."""

from __future__ import annotations

import csv
import io
import stat
import sys
import types
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

import facilitator
from facilitator import export
from facilitator.model import Group, Item, Meeting, Member, Roles
from facilitator.textlimits import clean_line

NAMES = [
    "Anne Hansen",
    "Bo Ærø; \"Junior\", jr.",
    "Back\\slash Line\nBreak",
    "李小龍",
    "Ελένη Παπαδοπούλου",
    "محمد الأحمد",
    "Dina 🌻 Møller " + "🎉" * 30,
]


def _group() -> Group:
    members = [
        Member(id=f"m{i}", name=name, phone=f"+45 20 30 40 {i:02d}", email=f"m{i}@example.dk")
        for i, name in enumerate(NAMES)
    ]
    members.append(Member(id="gone", name="Former Member", phone="999", active=False))
    members.append(Member(id="nophone", name="No Phone"))
    return Group(name="Netværket Nord, Aarhus", id="nord", members=members)


# ---------------------------------------------------------------- contacts: CSV


@pytest.mark.parametrize(("language", "header"), [("da", ["Navn", "Telefon", "E-mail"]), ("en", ["Name", "Phone", "E-mail"])])
def test_contacts_csv_parses_back(language: str, header: list[str]) -> None:
    text = export.contacts_csv(_group(), language=language, style="plain")  # issue 18: RFC 4180 commas
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == header
    # a name cannot hold a line break (facilitator.textlimits turns it into a space)
    expected = [[clean_line(n), f"+45 20 30 40 {i:02d}", f"m{i}@example.dk"] for i, n in enumerate(NAMES)]
    assert rows[1:] == [*expected, ["No Phone", "", ""]]
    assert "Former Member" not in text


def test_export_contacts_picks_format_by_extension(tmp_path: Path, fake_store: list[Path]) -> None:
    group = _group()
    export.export_contacts(group, tmp_path / "liste.CSV", language="da")
    export.export_contacts(group, tmp_path / "liste.vcf")
    export.export_contacts(group, tmp_path / "liste.vcard")
    csv_bytes = (tmp_path / "liste.CSV").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # spreadsheets then read æøå right
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline=""), delimiter=";"))  # issue 18
    assert rows[0] == ["Navn", "Telefon", "E-mail"]
    assert (tmp_path / "liste.vcf").read_bytes().decode("utf-8") == export.contacts_vcard(group)
    assert (tmp_path / "liste.vcard").read_bytes() == (tmp_path / "liste.vcf").read_bytes()
    for name in ("liste.CSV", "liste.vcf", "liste.vcard"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert fake_store == [tmp_path / "liste.CSV", tmp_path / "liste.vcf", tmp_path / "liste.vcard"]


@pytest.mark.parametrize("name", ["contacts.txt", "contacts", "contacts.csv.bak"])
def test_export_contacts_refuses_unknown_extension(tmp_path: Path, name: str, fake_store: list[Path]) -> None:
    with pytest.raises(ValueError, match=r"\.csv.*\.vcf"):
        export.export_contacts(_group(), tmp_path / name, language="en")
    with pytest.raises(ValueError, match="regneark"):
        export.export_contacts(_group(), tmp_path / name, language="da")
    assert fake_store == []
    assert not (tmp_path / name).exists()


# ---------------------------------------------------------------- contacts: vCard


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _split_unescaped(value: str, sep: str) -> list[str]:
    parts, current, i = [], "", 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            current += value[i : i + 2]
            i += 2
        elif value[i] == sep:
            parts.append(current)
            current = ""
            i += 1
        else:
            current += value[i]
            i += 1
    parts.append(current)
    return parts


def _parse_vcards(text: str) -> list[dict[str, str]]:
    """A small vCard reader: checks CRLF and folding, unfolds, returns raw property values per card."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    cards: list[dict[str, str]] = []
    card: dict[str, str] = {}
    for line in unfolded[:-2].split("\r\n"):
        name, _, value = line.partition(":")
        if line == "BEGIN:VCARD":
            card = {}
        elif line == "END:VCARD":
            cards.append(card)
        else:
            card[name] = value
    return cards


def test_vcard_parses_back_with_escaping_and_folding() -> None:
    group = _group()
    text = export.contacts_vcard(group)
    cards = _parse_vcards(text)
    active = group.active_members
    assert len(cards) == len(active)
    for card, member in zip(cards, active, strict=True):
        assert card["VERSION"] == "3.0"
        assert _unescape(card["FN"]) == member.name
        n_parts = _split_unescaped(card["N"], ";")
        assert len(n_parts) == 5
        assert " ".join(p for p in (_unescape(n_parts[1]), _unescape(n_parts[0])) if p) == " ".join(member.name.split())
        assert card["UID"] == f"{member.id}@nord.facilitator"
        if member.phone:
            assert _unescape(card["TEL;TYPE=VOICE"]) == member.phone  # issue 18: a Danish number's plan does not say mobile
            assert card["EMAIL;TYPE=INTERNET"] == member.email
        else:
            assert not any(key.startswith("TEL") for key in card)
        assert _unescape(card["CATEGORIES"]) == "Netværket Nord, Aarhus"
    # the special characters really are escaped on the wire
    assert 'FN:Bo Ærø\\; "Junior"\\, jr.' in text
    assert "FN:Back\\\\slash Line Break" in text  # the name's line break became a space (textlimits)
    assert "Former Member" not in text


def test_vcard_folding_never_splits_a_character() -> None:
    text = export.contacts_vcard(Group(name="G", id="g", members=[Member(id="x", name="🎉" * 40 + "ø" * 40)]))
    # every physical line decodes on its own: no UTF-8 sequence was cut
    for line in text.encode("utf-8").split(b"\r\n"):
        line.decode("utf-8")
        assert len(line) <= 75
    assert _unescape(_parse_vcards(text)[0]["FN"]) == "🎉" * 40 + "ø" * 40


# ---------------------------------------------------------------- meeting plan (iCalendar)


def _plan() -> tuple[Group, list[Meeting]]:
    group = Group(
        name="Netværket Nord",
        id="nord",
        members=[Member(id="anne", name="Anne Hansen"), Member(id="bo", name="Bo Ærø"), Member(id="cy", name="李小龍")],
    )
    meetings = [
        Meeting(
            id="2026-03-12-foerste-moede",
            title="Første møde",
            date=date(2026, 3, 12),
            start=time(18, 0),
            place="Biblioteket, lokale 2; 1. sal",
            status="finished",
            roles=Roles(moderator="anne", minute_taker="bo"),
            items=[
                Item(title="Velkommen", planned_minutes=15, led_by="moderator"),
                Item(title="Præsentationsrunde", planned_minutes=45, led_by="everyone"),
                Item(title="Pause", planned_minutes=20, kind="break"),
                Item(title="Netværksønsker", planned_minutes=40, led_by="everyone", kind="groups"),
                Item(title="Beslutning om netværk", planned_minutes=20, led_by="everyone"),
                Item(title="Fremtidige møder", planned_minutes=20, led_by="everyone"),
            ],
        ),
        Meeting(
            id="2026-07-02-sommer",
            title="Evaluering",
            date=date(2026, 7, 2),
            start=time(17, 30),
            place="Hos Cy",
            roles=Roles(moderator="cy", host="cy", theme_owners=["anne", "bo"]),
            theme="Forholdet til kommunen",
            items=[Item(title="Siden sidst", planned_minutes=20), Item(title="Eventuelt")],
        ),
        Meeting(id="2026-11-26-uden-dagsorden", date=date(2026, 11, 26), start=time(19, 0)),
    ]
    return group, meetings


def _events(data: bytes) -> tuple[Calendar, dict[str, object]]:
    calendar = Calendar.from_ical(data)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_plan_ics_parses_back_with_every_event() -> None:
    group, meetings = _plan()
    data = export.plan_ics(group, meetings, "Europe/Copenhagen", now=datetime(2026, 1, 5, 9, 0, tzinfo=UTC), language="da")
    calendar, events = _events(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == export.PRODID
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert set(events) == {
        "2026-03-12-foerste-moede@nord.facilitator",
        "2026-07-02-sommer@nord.facilitator",
        "2026-11-26-uden-dagsorden@nord.facilitator",
    }
    expected = {
        "2026-03-12-foerste-moede@nord.facilitator": (
            datetime(2026, 3, 12, 18, 0),
            160,
            "Netværket Nord: Første møde",
            "Biblioteket, lokale 2; 1. sal",
            timedelta(hours=1),
        ),
        "2026-07-02-sommer@nord.facilitator": (
            datetime(2026, 7, 2, 17, 30),
            20,
            "Netværket Nord: Evaluering",
            "Hos Cy",
            timedelta(hours=2),
        ),
        "2026-11-26-uden-dagsorden@nord.facilitator": (
            datetime(2026, 11, 26, 19, 0),
            export.DEFAULT_MEETING_MINUTES,
            "Netværket Nord: Møde",
            None,
            timedelta(hours=1),
        ),
    }
    for uid, (start, minutes, summary, location, offset) in expected.items():
        event = events[uid]
        dtstart = event.decoded("DTSTART")
        dtend = event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
        assert event["DTEND"].params["TZID"] == "Europe/Copenhagen"
        assert dtstart.replace(tzinfo=None) == start
        assert dtstart.utcoffset() == offset  # winter +01:00, summer +02:00
        assert dtend - dtstart == timedelta(minutes=minutes)
        assert str(event["SUMMARY"]) == summary
        assert (str(event["LOCATION"]) if "LOCATION" in event else None) == location
        assert event.decoded("DTSTAMP") == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_plan_ics_description_has_agenda_times_and_roles() -> None:
    group, meetings = _plan()
    _, events = _events(export.plan_ics(group, meetings, "Europe/Copenhagen", language="da"))
    first = str(events["2026-03-12-foerste-moede@nord.facilitator"]["DESCRIPTION"])
    assert "18:00  Velkommen (ordstyrer: Anne Hansen, 15 min)" in first
    assert "18:15  Præsentationsrunde (alle, 45 min)" in first
    assert "20:40  Slut" in first
    assert "Referent: Bo Ærø" in first
    summer = str(events["2026-07-02-sommer@nord.facilitator"]["DESCRIPTION"])
    assert "Tema: Forholdet til kommunen" in summer
    assert "Temaansvarlige: Anne Hansen, Bo Ærø" in summer
    assert "DESCRIPTION" not in events["2026-11-26-uden-dagsorden@nord.facilitator"]


def test_plan_ics_uids_are_stable_across_exports() -> None:
    group, meetings = _plan()
    one = export.plan_ics(group, meetings, "Europe/Copenhagen", now=datetime(2026, 1, 1, tzinfo=UTC))
    two = export.plan_ics(group, list(reversed(meetings)), "Europe/Copenhagen", now=datetime(2026, 2, 1, tzinfo=UTC))
    uids_one = [str(e["UID"]) for e in Calendar.from_ical(one).walk("VEVENT")]
    uids_two = [str(e["UID"]) for e in Calendar.from_ical(two).walk("VEVENT")]
    assert uids_one == uids_two
    assert len(set(uids_one)) == 3
    # the same input gives the same bytes
    assert one == export.plan_ics(group, meetings, "Europe/Copenhagen", now=datetime(2026, 1, 1, tzinfo=UTC))


def test_plan_ics_other_zone_and_default_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    group, meetings = _plan()
    _, events = _events(export.plan_ics(group, meetings, "America/New_York"))
    event = events["2026-07-02-sommer@nord.facilitator"]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=-4)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert export.local_zone_name() == "Asia/Tokyo"
    # issue 18: the default is the group's zone, whatever the laptop's
    calendar, events = _events(export.plan_ics(group, meetings))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    monkeypatch.setenv("TZ", ":/usr/share/zoneinfo/Europe/Oslo")
    assert export.local_zone_name() == "Europe/Oslo"


def test_plan_ics_unknown_zone_is_a_clear_error() -> None:
    group, meetings = _plan()
    with pytest.raises(ValueError, match="Europe/Copenhagen"):
        export.plan_ics(group, meetings, "Mars/Olympus_Mons", language="en")


def test_plan_ics_without_group_id_uses_name_slug_and_empty_plan() -> None:
    group, meetings = _plan()
    group = group.model_copy(update={"id": ""})
    assert export.event_uid(group, meetings[0]) == "2026-03-12-foerste-moede@netvaerket-nord.facilitator"
    calendar = Calendar.from_ical(export.plan_ics(group, [], "Europe/Copenhagen"))
    assert calendar.walk("VEVENT") == []


# ---------------------------------------------------------------- invitation


def _invitation_meeting(**changes: object) -> tuple[Group, Meeting]:
    group, meetings = _plan()
    return group, meetings[0].model_copy(update={"template": "first", **changes})


def test_invitation_in_danish_has_every_field() -> None:
    group, meeting = _invitation_meeting()
    text = export.invitation_text(group, meeting, sender="Anne Hansen")
    assert group.settings.language == "da"
    assert text.startswith("Kære alle\n")
    assert "»Første møde«" in text and "Netværket Nord" in text
    assert "Hvornår: torsdag den 12. marts 2026 kl. 18:00–20:40" in text
    assert "Hvor: Biblioteket, lokale 2; 1. sal" in text
    assert "Ordstyrer: Anne Hansen" in text
    assert "senest torsdag den 5. marts 2026" in text
    assert "afbud" in text
    assert "Hvor meget tid kan du bruge på netværket?" in text
    assert len([line for line in text.splitlines() if line.startswith("- ")]) == len(export.PREP_QUESTION_KEYS)
    agenda = text.split("Dagsorden:", 1)[1]
    for line in (
        "18:00  Velkommen (ordstyrer: Anne Hansen, 15 min)",
        "18:15  Præsentationsrunde (alle, 45 min)",
        "19:00  Pause (20 min)",
        "19:20  Netværksønsker (alle, 40 min)",
        "20:00  Beslutning om netværk (alle, 20 min)",
        "20:20  Fremtidige møder (alle, 20 min)",
        "20:40  Slut",
    ):
        assert line in agenda
    assert text.rstrip().endswith("Med venlig hilsen\nAnne Hansen")


def test_invitation_in_english_with_chosen_reply_date_and_questions() -> None:
    group, meeting = _invitation_meeting()
    text = export.invitation_text(
        group,
        meeting,
        reply_by=date(2026, 3, 1),
        questions=["What do you want from the network?", "Can you host a meeting?"],
        language="en",
    )
    assert text.startswith("Dear all,\n")
    assert "“Første møde”" in text
    assert "When: Thursday 12 March 2026, 18:00–20:40" in text
    assert "Where: Biblioteket, lokale 2; 1. sal" in text
    assert "Moderator: Anne Hansen" in text
    assert "by Sunday 1 March 2026" in text
    assert "- What do you want from the network?\n- Can you host a meeting?" in text
    assert "How much time" not in text
    assert "18:15  Præsentationsrunde (everyone, 45 min)" in text
    assert "20:40  End" in text
    assert text.rstrip().endswith("Best regards,\nNetværket Nord")


def test_invitation_default_questions_only_for_a_first_meeting() -> None:
    group, meeting = _invitation_meeting(template="following")
    text = export.invitation_text(group, meeting, language="en")
    assert "think about these questions" not in text
    group, meeting = _invitation_meeting()
    assert "think about these questions" not in export.invitation_text(group, meeting, questions=[], language="en")
    assert export.default_questions("da") != export.default_questions("en")
    assert all(q for q in export.default_questions("da"))


def test_invitation_with_theme_and_no_place_or_moderator() -> None:
    group, meetings = _plan()
    meeting = meetings[1].model_copy(update={"place": "", "roles": Roles(host="cy")})
    text = export.invitation_text(group, meeting, language="da")
    assert "Tema: Forholdet til kommunen" in text
    assert "Hvor:" not in text
    assert "Ordstyrer:" not in text
    assert "Hvornår: torsdag den 2. juli 2026 kl. 17:30–17:50" in text
    assert "17:50  Eventuelt" in text


# ---------------------------------------------------------------- writing files


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stand in for facilitator.store (written by another helper) and record the writes."""
    written: list[Path] = []

    def write_atomic(path: Path, data: bytes, *, fsync: bool = True) -> None:
        path.write_bytes(data)
        path.chmod(0o644)  # write_export must tighten it
        written.append(path)

    module = types.ModuleType("facilitator.store")
    module.write_atomic = write_atomic  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "facilitator.store", module)
    monkeypatch.setattr(facilitator, "store", module, raising=False)
    return written


def test_write_export_with_the_real_store(tmp_path: Path) -> None:
    import facilitator.store as real_store

    assert sys.modules["facilitator.store"] is real_store  # not the stand-in of `fake_store`
    target = tmp_path / "new" / "referat.md"
    export.write_export(target, "Referat – æøå\n".encode())
    assert target.read_text(encoding="utf-8") == "Referat – æøå\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
