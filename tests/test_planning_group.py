"""Themes, versioned agreements, member checks and attendance records."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w

import facilitator.planning as planning
from facilitator.i18n import catalog, t
from facilitator.model import Agreements, Group, Meeting, Member
from facilitator.planning import (
    AttendanceRecord,
    PlanningError,
    add_theme,
    agreements_on,
    attendance_record,
    builtin_themes,
    over_max_members,
    set_absence_notice,
    themes,
    update_agreements,
    validate_email,
    validate_name,
    validate_phone,
)


def make_group(n: int = 3, language: str = "da") -> Group:
    group = Group(name="Netværket", members=[Member(id=f"m{i}", name=f"Member {i}") for i in range(n)])
    group.settings.language = language  # type: ignore[assignment]
    return group


def meeting(day: date, status: str = "finished", theme: str = "") -> Meeting:
    return Meeting(id=f"{day.isoformat()}-moede", date=day, status=status, theme=theme)  # type: ignore[arg-type]


# --- themes -----------------------------------------------------------------


def test_the_booklets_themes_are_built_in_in_both_languages() -> None:
    for language in ("da", "en"):
        entries = builtin_themes(language)
        assert len(entries) == 16
        assert [c for _, c in entries].count("work") == 9
        assert [c for _, c in entries].count("group") == 7
        assert all(title and not title.startswith("planning.") for title, _ in entries)
        assert len({title for title, _ in entries}) == 16
    danish = [title for title, _ in builtin_themes("da")]
    assert "Forholdet til kommunen" in danish
    assert "Konflikthåndtering" in danish
    assert "Reflecting teams: the structured conversation" in [title for title, _ in builtin_themes("en")]


def test_themes_merge_the_groups_own_and_mark_covered_and_planned() -> None:
    group = make_group()
    group.themes = ["Søvn og børn med epilepsi", "forholdet til kommunen"]  # the second is a built-in
    meetings = [
        meeting(date(2026, 2, 5), theme="Forholdet til kommunen"),
        meeting(date(2026, 4, 2), theme="  forholdet  til KOMMUNEN "),
        meeting(date(2026, 3, 5), theme="Søvn og børn med epilepsi"),
        meeting(date(2026, 5, 28), theme="Et tema kun mødet havde"),
        meeting(date(2026, 6, 25), status="planned", theme="Feedback"),
        meeting(date(2026, 7, 23), status="planned", theme="Feedback"),
        meeting(date(2026, 8, 20), status="planned"),
    ]
    entries = themes(group, meetings)
    by_title = {entry.title: entry for entry in entries}
    assert len(entries) == 16 + 2
    municipality = by_title["Forholdet til kommunen"]
    assert municipality.builtin and municipality.category == "work"
    assert municipality.covered_on == date(2026, 4, 2)  # the latest time it was covered
    own = by_title["Søvn og børn med epilepsi"]
    assert (own.builtin, own.category, own.covered_on) == (False, "own", date(2026, 3, 5))
    assert by_title["Et tema kun mødet havde"].covered_on == date(2026, 5, 28)
    feedback = by_title["Feedback"]
    assert feedback.covered_on is None and feedback.planned_on == date(2026, 6, 25)
    assert by_title["Konflikthåndtering"].covered_on is None
    assert [e.builtin for e in entries[:16]] == [True] * 16


def test_a_theme_in_the_other_language_is_still_recognised() -> None:
    group = make_group(language="en")
    entries = themes(group, [meeting(date(2026, 2, 5), theme="Ergonomiske belastninger")])
    ergonomics = next(e for e in entries if e.title == "Ergonomic strain")
    assert ergonomics.covered_on == date(2026, 2, 5)
    assert len(entries) == 16


def test_add_theme_refuses_empty_long_and_duplicate_themes() -> None:
    group = make_group()
    assert add_theme(group, "   ") == "planning.theme_empty"
    assert add_theme(group, "x" * 121) == "planning.theme_long"
    assert add_theme(group, "feedback") == "planning.theme_exists"
    assert add_theme(group, "Conflict handling") == "planning.theme_exists"  # built-in, other language
    assert group.themes == []
    assert add_theme(group, "  Tavshedspligt   i praksis ") is None
    assert group.themes == ["Tavshedspligt i praksis"]
    assert add_theme(group, "tavshedspligt i praksis") == "planning.theme_exists"


# --- agreements -------------------------------------------------------------


def texts(**values: str) -> Agreements:
    return Agreements.model_validate(values)


def test_the_first_agreements_leave_no_empty_version_behind() -> None:
    group = make_group()
    assert update_agreements(group, texts(confidentiality="Det, der siges her, bliver her."), date(2026, 1, 8))
    assert group.agreements.changed_on == date(2026, 1, 8)
    assert group.agreements.confidentiality == "Det, der siges her, bliver her."
    assert group.agreements_history == []


def test_a_change_keeps_the_previous_version_with_its_dates() -> None:
    group = make_group()
    update_agreements(group, texts(confidentiality="A", ethics="B"), date(2026, 1, 8))
    assert not update_agreements(group, texts(confidentiality="A  \n", ethics=" B"), date(2026, 2, 5))
    assert group.agreements_history == [] and group.agreements.changed_on == date(2026, 1, 8)

    assert update_agreements(group, texts(confidentiality="A", ethics="B", attendance="Meld afbud"), date(2026, 2, 5))
    assert len(group.agreements_history) == 1
    old = group.agreements_history[0]
    assert (old.confidentiality, old.ethics, old.attendance) == ("A", "B", "")
    assert (old.changed_on, old.replaced_on) == (date(2026, 1, 8), date(2026, 2, 5))
    assert group.agreements.attendance == "Meld afbud"
    assert group.agreements.changed_on == date(2026, 2, 5)


def test_a_same_day_correction_makes_no_new_version() -> None:
    group = make_group()
    update_agreements(group, texts(ethics="v1"), date(2026, 1, 8))
    update_agreements(group, texts(ethics="v2"), date(2026, 3, 5))
    update_agreements(group, texts(ethics="v2, rettet"), date(2026, 3, 5))
    assert [v.ethics for v in group.agreements_history] == ["v1"]
    assert group.agreements.ethics == "v2, rettet"


def test_agreements_cannot_be_dated_before_the_current_version() -> None:
    group = make_group()
    update_agreements(group, texts(ethics="v1"), date(2026, 3, 5))
    with pytest.raises(PlanningError) as caught:
        update_agreements(group, texts(ethics="v0"), date(2026, 1, 8))
    assert caught.value.key == "planning.agreements_date"
    assert "2026-03-05" in str(caught.value)
    assert group.agreements.ethics == "v1" and group.agreements_history == []


def test_agreements_on_a_day() -> None:
    group = make_group()
    assert agreements_on(group, date(2026, 1, 1)) is None
    update_agreements(group, texts(ethics="v1"), date(2026, 1, 8))
    update_agreements(group, texts(ethics="v2"), date(2026, 3, 5))
    update_agreements(group, texts(ethics="v3"), date(2026, 6, 4))
    assert agreements_on(group, date(2026, 1, 7)) is None
    assert agreements_on(group, date(2026, 1, 8)).ethics == "v1"  # type: ignore[union-attr]
    assert agreements_on(group, date(2026, 3, 4)).ethics == "v1"  # type: ignore[union-attr]
    assert agreements_on(group, date(2026, 3, 5)).ethics == "v2"  # type: ignore[union-attr]
    assert agreements_on(group, date(2027, 1, 1)).ethics == "v3"  # type: ignore[union-attr]


def test_agreements_history_survives_a_toml_round_trip() -> None:
    group = make_group()
    update_agreements(group, texts(confidentiality="v1"), date(2026, 1, 8))
    update_agreements(group, texts(confidentiality="v2"), date(2026, 3, 5))
    group.themes = ["Eget tema"]
    text = tomli_w.dumps(group.to_toml_dict())
    again = Group.model_validate(tomllib.loads(text))
    assert again.agreements_history == group.agreements_history
    assert again.agreements.changed_on == date(2026, 3, 5)
    assert again.themes == ["Eget tema"]


def test_an_old_file_without_the_new_fields_still_loads() -> None:
    group = Group.model_validate({"schema_version": 1, "name": "Gammel", "agreements": {"ethics": "x"}})
    assert group.themes == [] and group.agreements_history == []
    assert group.agreements.changed_on is None
    assert agreements_on(group, date(2026, 1, 1)).ethics == "x"  # type: ignore[union-attr]
    assert update_agreements(group, texts(ethics="y"), date(2026, 1, 8))
    assert group.agreements_history[0].ethics == "x" and group.agreements_history[0].changed_on is None
    assert agreements_on(group, date(2026, 1, 1)).ethics == "x"  # type: ignore[union-attr]


# --- member checks ----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "anne@example.dk", " bo.hansen+net@post.tele.dk ", "søren@æblehaven.dk"])
def test_valid_emails(text: str) -> None:
    assert validate_email(text) is None


@pytest.mark.parametrize(
    "text",
    ["anne", "anne@", "@example.dk", "anne@example", "anne@@example.dk", "an ne@example.dk",
     "anne@example..dk", "anne.@example.dk", ".anne@example.dk", "anne@-example.dk", "anne@example.d",
     "a" * 65 + "@example.dk", "anne@example.dk,bo@example.dk"],
)
def test_refused_emails(text: str) -> None:
    assert validate_email(text) == "planning.email_invalid"


@pytest.mark.parametrize("text", ["", "12345678", "+45 12 34 56 78", "(+45) 1234-5678", " 20 30 40 50 "])
def test_valid_phones(text: str) -> None:
    assert validate_phone(text) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1234 567", "planning.phone_short"),
        ("+45", "planning.phone_short"),
        ("12 34 56 78 ext 2", "planning.phone_chars"),
        ("12.34.56.78", "planning.phone_chars"),
        ("45+12345678", "planning.phone_plus"),
        ("1234567890123456", "planning.phone_long"),
    ],
)
def test_refused_phones(text: str, key: str) -> None:
    assert validate_phone(text) == key


def test_names() -> None:
    group = make_group()
    assert validate_name("Anne Hansen") is None
    assert validate_name("  ") == "planning.name_empty"
    assert validate_name("x" * 81) == "planning.name_long"
    assert validate_name("Anne\tHansen") == "planning.name_chars"
    assert validate_name("member 1", group) == "planning.name_taken"
    assert validate_name("Member 1", group, member_id="m1") is None  # editing one's own name
    assert validate_name("Member 9", group) is None


def test_over_max_members() -> None:
    group = make_group(10)
    assert not over_max_members(group)
    group.members.append(Member(id="m10", name="Member 10"))
    assert over_max_members(group)
    group.members[0].active = False
    assert not over_max_members(group)
    group.settings.max_members = 5
    assert over_max_members(group)
    assert "10" in t("planning.over_max_members", language="da", count=12, max=10)


def test_attendance_record_counts_finished_meetings_only() -> None:
    group = make_group(4)
    a = meeting(date(2026, 1, 8))
    a.attendance.present = ["m0", "m1"]
    a.attendance.absent_notified = ["m2"]
    a.attendance.absent = ["m3"]
    b = meeting(date(2026, 2, 5))
    b.attendance.present = ["m0", "m2", "m3"]
    b.attendance.absent_notified = ["m1"]
    planned = meeting(date(2026, 3, 5), status="planned")
    planned.attendance.absent_notified = ["m0"]
    record = attendance_record(group, [a, b, planned])
    assert list(record) == ["m0", "m1", "m2", "m3"]
    assert record["m0"] == AttendanceRecord(present=2, with_notice=0, without=0)
    assert record["m1"] == (1, 1, 0)
    assert record["m2"] == (1, 1, 0)
    assert record["m3"] == (1, 0, 1)
    assert attendance_record(group, [])["m0"] == (0, 0, 0)


def test_absence_notices_ahead_of_a_planned_meeting() -> None:
    planned = meeting(date(2026, 3, 5), status="planned")
    set_absence_notice(planned, "m1")
    set_absence_notice(planned, "m1")
    set_absence_notice(planned, "m2")
    assert planned.attendance.absent_notified == ["m1", "m2"]
    set_absence_notice(planned, "m1", notice=False)
    assert planned.attendance.absent_notified == ["m2"]
    done = meeting(date(2026, 1, 8))
    with pytest.raises(PlanningError):
        set_absence_notice(done, "m1")
    assert done.attendance.absent_notified == []


# --- strings and boundaries -------------------------------------------------


def test_every_planning_string_has_danish_and_english() -> None:
    strings = catalog("planning")
    assert strings
    for key, entry in strings.items():
        assert entry.get("en", "").strip(), key
        assert entry.get("da", "").strip(), key
    source = Path(planning.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"planning\.([a-z_]+)"', source))
    used |= {f"theme_{key}" for key, _ in planning.BUILTIN_THEMES}
    used |= {f"evaluation_cue_{n}" for n in ("content", "form", "mood", "adjust", "meal")}
    assert used - set(strings) == set()


def test_the_planning_core_does_not_import_textual() -> None:
    code = "import sys, facilitator.planning; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
