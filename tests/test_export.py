"""Tests of the minutes export: the confidentiality rule, decisions and actions, the Markdown minutes, dates."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import export
from facilitator.export import actions, decisions, format_date, format_time, split_confidential
from facilitator.model import Attendance, Group, Item, Meeting, Member, Roles, TimeOut

CET = timezone(timedelta(hours=1))


# ---------------------------------------------------------------- confidentiality


def test_marked_line_inside_paragraph_is_left_out_alone() -> None:
    public, left_out = split_confidential("We talked about the rota.\n!! Anne's child was ill.\nWe agreed to swap.")
    assert public == "We talked about the rota.\nWe agreed to swap."
    assert left_out == ["!! Anne's child was ill."]


def test_marked_first_line_hides_the_whole_paragraph() -> None:
    minutes = "Opening.\n\n!! A hard case from Bo's week\nthe municipality said no\nBo will call them.\n\nBreak."
    public, left_out = split_confidential(minutes)
    assert public == "Opening.\n\nBreak."
    assert left_out == ["!! A hard case from Bo's week\nthe municipality said no\nBo will call them."]
    assert "municipality" not in public


def test_indented_marker_counts() -> None:
    public, left_out = split_confidential("- item one\n  !! secret detail\n- item two\n\n\t!! tab secret\nstill secret")
    assert public == "- item one\n- item two"
    assert left_out == ["  !! secret detail", "\t!! tab secret\nstill secret"]


def test_marker_at_end_leaves_no_trailing_blank_lines() -> None:
    public, left_out = split_confidential("Public start.\n\n!! Private end\nmore private\n")
    assert public == "Public start."
    assert left_out == ["!! Private end\nmore private"]


def test_multiple_passages_in_order_and_no_runs_of_blank_lines() -> None:
    minutes = "A\n\n!! one\n\nB\n!! two\n!! two b\nC\n\n\n\n!! three\n\nD"
    public, left_out = split_confidential(minutes)
    assert public == "A\n\nB\nC\n\nD"
    assert left_out == ["!! one", "!! two\n!! two b", "!! three"]
    assert "\n\n\n" not in public


def test_marker_not_at_line_start_is_ordinary_text() -> None:
    public, left_out = split_confidential("Remember: !! means confidential.")
    assert public == "Remember: !! means confidential."
    assert left_out == []


def test_crlf_minutes_are_handled() -> None:
    public, left_out = split_confidential("A\r\n!! b\r\nC")
    assert public == "A\nC"
    assert left_out == ["!! b"]


def test_only_confidential_gives_empty_public_text() -> None:
    public, left_out = split_confidential("!! all of it\nreally all")
    assert public == ""
    assert len(left_out) == 1


_line = st.one_of(
    st.just(""),
    st.just("   "),
    st.text(alphabet="abcæø -[]x:", min_size=1, max_size=12).map(lambda s: "w" + s),
    st.text(alphabet="abc ", max_size=8).map(lambda s: "!!SECRET" + s),
    st.text(alphabet="abc ", max_size=8).map(lambda s: "  !!SECRET" + s),
)


@given(st.lists(_line, max_size=30))
def test_no_marked_line_ever_survives(lines: list[str]) -> None:
    minutes = "\n".join(lines)
    public, left_out = split_confidential(minutes)
    assert "SECRET" not in public
    assert "\n\n\n" not in public
    assert public == public.strip("\n")
    # every marked line is in some passage, and nothing is lost or invented
    hidden = "\n".join(left_out)
    assert hidden.count("SECRET") == minutes.count("SECRET")
    kept_words = [line for line in public.split("\n") if line]
    assert all(line.lstrip().startswith("w") for line in kept_words)


# ---------------------------------------------------------------- decisions and actions


def test_decisions_in_both_languages_and_forms() -> None:
    minutes = (
        "Decision: meet every third Thursday\n"
        "- Beslutning: Anne er ordstyrer næste gang\n"
        "  * BESLUTNING:   vi holder pause kl. 19\n"
        "**Beslutning:** tavshedspligt gælder\n"
        "1. decision: evaluate in June\n"
        "No decision: this is prose\n"
        "Beslutning:\n"
    )
    assert decisions(minutes) == [
        "meet every third Thursday",
        "Anne er ordstyrer næste gang",
        "vi holder pause kl. 19",
        "tavshedspligt gælder",
        "evaluate in June",
    ]


def test_actions_open_and_done() -> None:
    minutes = "- [ ] Anne books the room\n* [x] Bo sends the minutes\n  + [X] nested done\n- [] not a task\n- [ ]\nprose [ ] too"
    assert actions(minutes) == [
        (False, "Anne books the room"),
        (True, "Bo sends the minutes"),
        (True, "nested done"),
    ]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (date(2026, 3, 12), "da", "torsdag den 12. marts 2026"),
        (date(2026, 3, 12), "en", "Thursday 12 March 2026"),
        (date(2026, 5, 3), "da", "søndag den 3. maj 2026"),
        (date(2026, 12, 5), "en", "Saturday 5 December 2026"),
        (date(2027, 2, 1), "da", "mandag den 1. februar 2027"),
    ],
)
def test_format_date(day: date, language: str, expected: str) -> None:
    assert format_date(day, language) == expected


def test_format_time() -> None:
    assert format_time(time(9, 5), "da") == "09:05"
    assert format_time(time(18, 0), "en") == "18:00"


def test_catalog_has_both_languages_and_same_placeholders() -> None:
    text = (resources.files("facilitator") / "locale" / "export.toml").read_text(encoding="utf-8")
    catalog = tomllib.loads(text)
    for key, entry in catalog.items():
        assert set(entry) == {"en", "da"}, key
        assert all(isinstance(value, str) and value for value in entry.values()), key
        assert set(re.findall(r"{(\w+)}", entry["en"])) == set(re.findall(r"{(\w+)}", entry["da"])), key
    assert len(catalog["weekdays"]["da"].split(",")) == 7
    assert len(catalog["months"]["da"].split(",")) == 12


# ---------------------------------------------------------------- minutes export

MINUTES = """Vi startede med en runde.

!! Anne fortalte om et barn, Emil, der var meget syg
og om forældrenes skilsmisse.

- Beslutning: Vi mødes hver tredje torsdag
- [ ] Bo booker lokalet på biblioteket
- [x] Cy sender kontaktlisten
  !! Cy's private telefon: 11 22 33 44
Decision: the boundary keeper may call a time-out at any time

!! Beslutning: hemmelig beslutning
- [ ] hemmelig opgave
"""


def _group() -> Group:
    return Group(
        name="Netværket Nord",
        id="nord",
        members=[
            Member(id="anne", name="Anne Hansen"),
            Member(id="bo", name="Bo Ærø"),
            Member(id="cy", name="Cy Ólafsdóttir"),
            Member(id="dina", name="Dina 🌻 Møller"),
            Member(id="eva", name="Eva Lund"),
        ],
    )


def _meeting(**changes: object) -> Meeting:
    meeting = Meeting(
        id="2026-03-12-andet-moede",
        title="Andet møde",
        date=date(2026, 3, 12),
        start=time(18, 0),
        place="Biblioteket, lokale 2",
        status="finished",
        roles=Roles(moderator="anne", minute_taker="bo", boundary_keeper="cy", host="eva"),
        attendance=Attendance(present=["anne", "bo", "cy"], absent_notified=["dina"], absent=["eva"]),
        items=[
            Item(title="Velkommen", planned_minutes=5, led_by="moderator"),
            Item(title="Siden sidst", planned_minutes=15, led_by="everyone"),
            Item(title="Pause", planned_minutes=20, kind="break"),
        ],
        minutes=MINUTES,
        started_at=datetime(2026, 3, 12, 18, 3, tzinfo=CET),
        ended_at=datetime(2026, 3, 12, 19, 50, tzinfo=UTC),
        timeouts=[
            TimeOut(
                called_by="cy",
                item=1,
                start=datetime(2026, 3, 12, 18, 21, tzinfo=CET),
                end=datetime(2026, 3, 12, 18, 25, 40, tzinfo=CET),
                outcome="change_subject",
                note="We stopped talking about a named child.\n!! It was Emil, Anne's boy",
            )
        ],
    )
    return meeting.model_copy(update=changes)


def test_minutes_header_has_every_field_in_danish() -> None:
    text = export.minutes_markdown(_group(), _meeting(), language="da")
    assert text.startswith("# Referat – Netværket Nord\n")
    assert "**Andet møde**" in text
    assert "- **Dato:** torsdag den 12. marts 2026" in text
    # actual times, the end shown in the start's zone (19:50 UTC = 20:50 +01:00)
    assert "- **Tidspunkt:** 18:03–20:50" in text
    assert "- **Sted:** Biblioteket, lokale 2" in text
    assert "- **Ordstyrer:** Anne Hansen" in text
    assert "- **Referent:** Bo Ærø" in text
    assert "- **Grænsevogter:** Cy Ólafsdóttir" in text
    assert "- **Vært:** Eva Lund" in text
    assert "- **Til stede:** Anne Hansen, Bo Ærø, Cy Ólafsdóttir" in text
    assert "- **Afbud:** Dina 🌻 Møller" in text
    # member ids never stand in for names
    assert not re.search(r"\b(anne|bo|cy|dina)\b", text)


def test_minutes_header_in_english_and_planned_time_when_not_run() -> None:
    meeting = _meeting(started_at=None, ended_at=None, status="planned")
    text = export.minutes_markdown(_group(), meeting, language="en")
    assert text.startswith("# Minutes – Netværket Nord\n")
    assert "- **Date:** Thursday 12 March 2026" in text
    assert "- **Time:** 18:00–18:40" in text
    assert "- **Place:** Biblioteket, lokale 2" in text
    assert "- **Moderator:** Anne Hansen" in text
    assert "- **Minute-taker:** Bo Ærø" in text
    assert "- **Present:** Anne Hansen, Bo Ærø, Cy Ólafsdóttir" in text
    assert "- **Absent with notice:** Dina 🌻 Møller" in text


def test_minutes_empty_fields_show_a_dash() -> None:
    meeting = _meeting(place="", roles=Roles(), attendance=Attendance(), minutes="", timeouts=[])
    text = export.minutes_markdown(_group(), meeting, language="en")
    assert "- **Place:** —" in text
    assert "- **Moderator:** —" in text
    assert "- **Present:** —" in text
    assert "_No minutes were written._" in text
    assert "No decisions recorded." in text
    assert "No actions recorded." in text
    assert "## Time-outs" not in text


def test_confidential_text_never_appears_in_the_minutes() -> None:
    for include_notes in (False, True):
        for language in ("da", "en"):
            text = export.minutes_markdown(
                _group(), _meeting(), include_timeout_notes=include_notes, language=language
            )
            for secret in ("Emil", "skilsmisse", "11 22 33 44", "hemmelig", "!!"):
                assert secret not in text, (secret, include_notes, language)
    assert "Vi startede med en runde." in text


def test_minutes_summary_lists_public_decisions_and_actions() -> None:
    text = export.minutes_markdown(_group(), _meeting(), language="da")
    summary = text.split("## Resumé", 1)[1].split("## Time-outs", 1)[0]
    decisions_part, actions_part = summary.split("### Opgaver")
    assert "### Beslutninger" in decisions_part
    assert "- Vi mødes hver tredje torsdag" in decisions_part
    assert "- the boundary keeper may call a time-out at any time" in decisions_part
    assert "- [ ] Bo booker lokalet på biblioteket" in actions_part
    assert "- [x] Cy sender kontaktlisten" in actions_part
    assert "hemmelig" not in summary


def test_timeouts_without_notes_by_default() -> None:
    text = export.minutes_markdown(_group(), _meeting(), language="en")
    section = text.split("## Time-outs", 1)[1]
    assert "18:21, item 2 (Siden sidst): called by Cy Ólafsdóttir, 5 min. Outcome: the subject was changed." in section
    assert "named child" not in text
    assert "Note:" not in text


def test_timeout_notes_when_chosen_without_their_confidential_part() -> None:
    text = export.minutes_markdown(_group(), _meeting(), include_timeout_notes=True, language="da")
    section = text.split("## Time-outs", 1)[1]
    assert "Kl. 18:21, punkt 2 (Siden sidst): kaldt af Cy Ólafsdóttir, 5 min. Udfald: emnet blev skiftet." in section
    assert "  Notat: We stopped talking about a named child." in section
    assert "Emil" not in text


def test_timeout_without_end_or_outcome() -> None:
    meeting = _meeting(timeouts=[TimeOut(item=0, start=datetime(2026, 3, 12, 18, 4, tzinfo=CET))])
    text = export.minutes_markdown(_group(), meeting, language="en")
    assert "- 18:04, item 1 (Velkommen): called by not recorded. Outcome: not recorded." in text


def test_next_meeting_section() -> None:
    nxt = Meeting(
        id="2026-04-02-tema",
        title="Forholdet til kommunen",
        date=date(2026, 4, 2),
        start=time(18, 30),
        place="Hos Eva, Lærkevej 4",
        items=[Item(title="Siden sidst", planned_minutes=20), Item(title="Tema", planned_minutes=100)],
        roles=Roles(moderator="bo", minute_taker="dina", theme_owners=["anne", "cy"]),
    )
    text = export.minutes_markdown(_group(), _meeting(), next_meeting=nxt, language="da")
    section = text.split("## Næste møde", 1)[1]
    assert "- **Møde:** Forholdet til kommunen" in section
    assert "- **Dato:** torsdag den 2. april 2026" in section
    assert "- **Tidspunkt:** 18:30–20:30" in section
    assert "- **Sted:** Hos Eva, Lærkevej 4" in section
    assert "- **Ordstyrer:** Bo Ærø" in section
    assert "- **Referent:** Dina 🌻 Møller" in section
    assert "- **Temaansvarlige:** Anne Hansen, Cy Ólafsdóttir" in section
    assert "Grænsevogter" not in section
    assert "## Næste møde" not in export.minutes_markdown(_group(), _meeting(), language="da")


def test_minutes_left_out_is_the_preview() -> None:
    meeting = _meeting()
    left = export.minutes_left_out(meeting)
    assert left == [
        "!! Anne fortalte om et barn, Emil, der var meget syg\nog om forældrenes skilsmisse.",
        "  !! Cy's private telefon: 11 22 33 44",
        "!! Beslutning: hemmelig beslutning\n- [ ] hemmelig opgave",
    ]
    with_notes = export.minutes_left_out(meeting, include_timeout_notes=True)
    assert with_notes == [*left, "!! It was Emil, Anne's boy"]


def test_minutes_markdown_is_deterministic_and_uses_current_language() -> None:
    from facilitator import i18n

    before = i18n.get_language()
    try:
        i18n.set_language("da")
        first = export.minutes_markdown(_group(), _meeting())
        assert first == export.minutes_markdown(_group(), _meeting(), language="da")
        i18n.set_language("en")
        assert export.minutes_markdown(_group(), _meeting()).startswith("# Minutes")
    finally:
        i18n.set_language(before)


def test_export_module_does_not_import_textual() -> None:
    source = (resources.files("facilitator") / "export.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+textual", source, re.MULTILINE)
