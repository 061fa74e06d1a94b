"""Issue 8, promise 9: every text field has a length limit and trims control characters; any script works.

- Every text field of every stored model has a maximum length (a field that is
  checked against a pattern instead is named here), and control characters
  are trimmed from each: a one-line field keeps no line break, a multi-line
  field keeps line breaks and tabs and nothing else below U+0020 or in C1.
- A file with a text over its limit is refused with the field's path and left
  as it is; the store refuses to write such a text (see test_reliability_disk).
- Every `Input(` of the screens has a `max_length`, no larger than the model's limit.
- Names in any script (emoji with skin tones and joiners, Arabic, Hebrew,
  CJK, Greek, Danish letters) survive everywhere: the meeting file, the check-in
  list on the screen, the Markdown minutes, the contact list (CSV and vCard),
  the iCalendar plan and the invitation.
"""

from __future__ import annotations

import ast
import csv
import io
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from meeting_screen_helpers import RunningMeeting
from meeting_screen_helpers import shown as screen_text
from pydantic import BaseModel

import facilitator.model as model
from facilitator import export
from facilitator.model import Attendance, Group, Item, Meeting, Member, Roles, Speaking
from facilitator.store import Store
from facilitator.textlimits import NAME_MAX, TITLE_MAX, clean_line, clean_multiline, max_length

MakeApp = Callable[..., Any]

PATTERN_CHECKED = {("Settings", "end_by")}
"""Text fields checked against a pattern (HH:MM) instead of a length."""
SLUG_CHECKED = {("Member", "id"), ("Settings", "country"), ("Settings", "timezone")}
"""Limited and trimmed too, but then checked as a slug: a control character is refused with a message."""
MULTI_LINE = {
    ("Agreements", f) for f in ("confidentiality", "ethics", "attendance", "personal_limits")
} | {("AgreementsVersion", f) for f in ("confidentiality", "ethics", "attendance", "personal_limits")} | {
    ("TimeOut", "note"),
    ("Meeting", "minutes"),
    ("Agenda", "description"),
    ("AgendaItem", "cues"),
    ("Item", "cues"),
    # Issue 21: the free texts of the role feedback, the evaluation's conclusions and the purpose
    ("RoleFeedback", "worked"),
    ("RoleFeedback", "try_next"),
    *(("EvaluationConclusions", f) for f in ("content", "form", "mood", "wellbeing", "adjust")),
    ("Purpose", "notes"),
    ("PurposeVersion", "notes"),
}
NASTY = "a\x00b\x07c\x1b[31md\x7fe\x85f\x9bg\tx\r\ny\rz\u2028 ✓"


def _models() -> list[type[BaseModel]]:
    return [
        cls
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Model) and cls is not model.Model
    ]


def _text_fields() -> list[tuple[type[BaseModel], str, Any]]:
    """(model, field, annotation) of every field holding text (str, list[str], list[list[str]])."""
    found = []
    for cls in _models():
        for name, info in cls.model_fields.items():
            if info.exclude:
                continue
            annotation: Any = info.annotation
            while typing.get_origin(annotation) is list:
                annotation = typing.get_args(annotation)[0]
            base = typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation
            if base is str:
                found.append((cls, name, info))
    return found


def test_every_text_field_has_a_length_limit() -> None:
    fields = _text_fields()
    assert len(fields) > 30
    unlimited = []
    for cls, name, info in fields:
        annotation: Any = info.annotation
        while typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
        metadata = list(info.metadata)
        if typing.get_origin(annotation) is typing.Annotated:
            metadata += list(typing.get_args(annotation)[1:])
        if max_length(metadata) is None and (cls.__name__, name) not in PATTERN_CHECKED:
            unlimited.append(f"{cls.__name__}.{name}")
    assert unlimited == []


def _value_for(info: Any, text: str) -> Any:
    annotation: Any = info.annotation
    depth = 0
    while typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
        depth += 1
    value: Any = text
    for _ in range(depth):
        value = [value]
    return value


def _inner(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0]
    return value


REQUIRED: dict[str, dict[str, Any]] = {
    "Member": {"id": "anne", "name": "Anne"},
    "Group": {"name": "G"},
    "AgendaItem": {"title": "T"},
    "Item": {"title": "T"},
    "AttendanceChange": {"member": "anne", "status": "present", "at": datetime(2026, 3, 12, 18, tzinfo=UTC)},
    "Speaking": {"member": "anne", "item": 0, "start": datetime(2026, 3, 12, 18, tzinfo=UTC)},
    "TimeOut": {"start": datetime(2026, 3, 12, 18, tzinfo=UTC)},
    "Grouping": {"item": 0},
    "Meeting": {"id": "m", "date": date(2026, 3, 12)},
    "Agenda": {"id": "a", "title": "A"},
    "AgreementsVersion": {"replaced_on": date(2026, 3, 12)},
    "Span": {"start": datetime(2026, 3, 12, 18, tzinfo=UTC)},
    "RoleFeedback": {"role": "moderator"},
    "PurposeVersion": {"replaced_on": date(2026, 3, 12)},
}


@pytest.mark.parametrize(
    ("cls", "name"),
    [(cls, name) for cls, name, _ in _text_fields() if (cls.__name__, name) not in PATTERN_CHECKED | SLUG_CHECKED],
    ids=lambda v: v.__name__ if isinstance(v, type) else v,
)
def test_every_text_field_trims_control_characters(cls: type[BaseModel], name: str) -> None:
    info = cls.model_fields[name]
    data = {**REQUIRED.get(cls.__name__, {}), name: _value_for(info, NASTY)}
    value = _inner(getattr(cls.model_validate(data), name))
    if (cls.__name__, name) in MULTI_LINE:
        assert value == "abc[31mdefg\tx\ny\nz\u2028 ✓" == clean_multiline(NASTY)
    else:
        assert value == "abc[31mdefg x y z\u2028 ✓" == clean_line(NASTY)
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in value)


def test_a_file_with_a_text_over_its_limit_is_refused_with_the_field_and_left_alone(data_dir: Path) -> None:
    store = Store(data_dir)
    group = store.create_group("G", [Member(id="anne", name="Anne")])
    path = store.group_path(group.id)
    text = path.read_text(encoding="utf-8").replace('name = "Anne"', f'name = "{"A" * (NAME_MAX + 1)}"')
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    fresh = Store(data_dir)
    with pytest.raises(Exception) as caught:
        fresh.load_group(group.id)
    assert f"members.0.name: String should have at most {NAME_MAX} characters" in str(caught.value)
    assert [str(p).replace(str(data_dir) + "/", "") for p in fresh.check()] == [
        f"groups/g/group.toml: members.0.name: String should have at most {NAME_MAX} characters"
    ]
    assert path.read_bytes() == before


def test_every_input_of_the_screens_has_a_max_length() -> None:
    folder = Path(model.__file__).parent / "screens"
    missing = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Input":
                limits = [k.value for k in node.keywords if k.arg == "max_length"]
                if not limits:
                    missing.append(f"{path.name}:{node.lineno}")
                elif isinstance(limits[0], ast.Constant):
                    assert 0 < limits[0].value <= 4096, f"{path.name}:{node.lineno}"
    assert missing == []


# --- names in any script, everywhere --------------------------------------------------------

NAMES = {
    "dina": "Dina 🌻 Møller",
    "anne": "👩🏽‍🦽 Anne Ærø",
    "mohammad": "محمد الأحمد",
    "sara": "שׂרה לוי",
    "li": "李小龍",
    "eleni": "Ελένη Παπαδοπούλου",
    "hang": "Nguyễn Thị Hằng",
}


def _group() -> Group:
    group = Group(
        name="Netværk 🌍 شبكة 网络",
        members=[Member(id=k, name=v, phone="+45 20 30 40 50", email=f"{k}@example.dk") for k, v in NAMES.items()],
    )
    group.id = "g"
    return group


def _meeting() -> Meeting:
    start = datetime(2026, 3, 12, 18, tzinfo=timezone(timedelta(hours=1)))
    return Meeting(
        id="2026-03-12-moede",
        title="Møde 🌻 اجتماع 会议",
        date=date(2026, 3, 12),
        place="Li's home 李家 · بيت",
        status="finished",
        roles=Roles(moderator="mohammad", minute_taker="li", boundary_keeper="sara", host="dina"),
        attendance=Attendance(present=["dina", "anne", "mohammad", "li", "eleni", "hang"], absent_notified=["sara"]),
        items=[Item(title="Velkommen 👋 مرحبا 欢迎", planned_minutes=15)],
        speaking=[Speaking(member="mohammad", item=0, start=start, end=start + timedelta(minutes=3))],
        minutes="## 1. Velkommen\nمحمد الأحمد told about 李小龍's idea 🌻.\nDecision: Dina 🌻 Møller hosts next time.\n",
    )


def test_names_in_any_script_survive_the_file_and_every_export(data_dir: Path) -> None:
    store = Store(data_dir)
    group = store.create_group(_group().name, _group().members)
    meeting = _meeting()
    store.save_meeting(group.id, meeting)
    again = Store(data_dir)
    assert [m.name for m in again.load_group(group.id).members] == list(NAMES.values())
    loaded = again.load_meeting(group.id, meeting.id)
    assert loaded == meeting

    markdown = export.minutes_markdown(group, loaded, language="en")
    for key in ("dina", "anne", "mohammad", "li", "eleni", "hang"):  # present, and the roles
        assert NAMES[key] in markdown, key
    assert NAMES["sara"] in markdown  # absent with notice, and boundary keeper
    assert "李小龍's idea 🌻" in markdown and meeting.title in markdown

    # issue 18: the spreadsheet style by default (a byte order mark and semicolons); the plain style too
    excel = export.contacts_csv(group, language="en")
    rows = list(csv.reader(io.StringIO(excel.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == list(NAMES.values())
    rows = list(csv.reader(io.StringIO(export.contacts_csv(group, language="en", style="plain"), newline="")))
    assert [r[0] for r in rows[1:]] == list(NAMES.values())

    vcard = export.contacts_vcard(group).replace("\r\n ", "")  # unfold
    names = [line[3:] for line in vcard.split("\r\n") if line.startswith("FN:")]
    assert names == list(NAMES.values())

    planned = meeting.model_copy(update={"status": "planned", "date": date(2026, 4, 9)})
    ics = Calendar.from_ical(export.plan_ics(group, [planned], "Europe/Copenhagen", now=datetime(2026, 3, 12, tzinfo=UTC)))
    event = next(c for c in ics.walk("VEVENT"))
    assert meeting.title in str(event["SUMMARY"]) and str(event["LOCATION"]) == meeting.place
    assert NAMES["mohammad"] in str(event.get("DESCRIPTION", "")) or group.name in str(ics.to_ical().decode())

    invitation = export.invitation_text(group, planned, language="en")
    assert meeting.title in invitation and meeting.place in invitation


async def test_names_in_any_script_on_the_check_in_screen(running_meeting: RunningMeeting, data_dir: Path) -> None:
    store = Store(data_dir)
    group = store.create_group(_group().name, _group().members)
    meeting = _meeting().model_copy(update={"status": "planned", "attendance": Attendance(), "speaking": []})
    store.save_meeting(group.id, meeting)
    async with running_meeting(meeting.id, size=(100, 30)) as (app, pilot, screen):
        await pilot.pause()
        from facilitator.screens.checkin import CheckinList

        shown = screen_text(app.screen.query_one(CheckinList))
        for name in NAMES.values():
            assert name in shown, name
        await pilot.press("enter", "space", "m")
        app.screen.query_one("#minutes").insert("Tak 🙏 شكرا 谢谢")  # as a paste or an input method types it
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    assert Store(data_dir).load_meeting(group.id, meeting.id).minutes.endswith("Tak 🙏 شكرا 谢谢")
    assert TITLE_MAX >= len(meeting.title)
