"""Issue 21 through the core: the group's purpose, feedback on the roles, the half-year evaluation, new members.

Plain Python with a FakeClock: the purpose versioned in the group, the feedback and the
conclusions stored with the meeting as undo steps (the purpose too, though it lives in the
group), the half-year summary computed from the group's own meetings (the fair share is
speaking.stats'), readiness for new members and the welcome sheet, and what the exports and
the room view leave out.
"""

from __future__ import annotations

import os
import stat
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from facilitator import evaluation, export, purpose, rolefeedback, welcome
from facilitator.clock import FakeClock
from facilitator.i18n import set_language
from facilitator.meeting import LiveMeeting
from facilitator.model import (
    Attendance,
    AttendanceChange,
    EvaluationConclusions,
    Group,
    Item,
    Meeting,
    Member,
    Purpose,
    RoleFeedback,
    Roles,
    Span,
    Speaking,
)
from facilitator.planning import evaluation_item
from facilitator.speaking import stats
from facilitator.store import Store

CET = timezone(timedelta(hours=1))
NAMES = ["Anne Hansen", "Bo Jensen", "Carla Nielsen", "Dorte Lund", "Erik Larsen"]


def make_group(language: str = "en", members: int = 5) -> Group:
    group = Group(
        name="Netværk Nord",
        members=[Member(id=name.split()[0].lower(), name=name) for name in NAMES[:members]],
        settings={"language": language},
    )
    group.id = "nord"
    return group


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CET)


def finished(
    day: date,
    *,
    title: str = "Network meeting",
    theme: str = "",
    present: tuple[str, ...] = ("anne", "bo", "carla", "dorte", "erik"),
    notified: tuple[str, ...] = (),
    roles: Roles | None = None,
    minutes: str = "",
    speaking: tuple[tuple[str, int, int], ...] = (),
    items: tuple[tuple[str, int, int], ...] = (("Theme talk", 60, 60),),
    feedback: tuple[RoleFeedback, ...] = (),
    evaluation_meeting: bool = False,
    conclusions: EvaluationConclusions | None = None,
    status: str = "finished",
) -> Meeting:
    """A finished meeting at 18:00 on `day`: items (title, planned, ran minutes) one after another,
    speaking turns (member, start minute, seconds) and everyone in `present` checked in at 18:00."""
    start = at(day, 18)
    spans_items = []
    clock = start
    for title_, planned, ran in items:
        spans_items.append(
            Item(title=title_, planned_minutes=planned, spans=[Span(start=clock, end=clock + timedelta(minutes=ran))])
        )
        clock += timedelta(minutes=ran)
    turns = [
        Speaking(member=mid, item=0, start=start + timedelta(minutes=m), end=start + timedelta(minutes=m, seconds=s))
        for mid, m, s in speaking
    ]
    meeting = Meeting(
        id=f"{day.isoformat()}-{'evaluering' if evaluation_meeting else 'moede'}",
        title=title,
        date=day,
        status=status,
        theme=theme,
        roles=roles or Roles(),
        attendance=Attendance(
            present=list(present),
            absent_notified=list(notified),
            checked_in_at=start,
            changes=[AttendanceChange(member=mid, status="present", at=start) for mid in present],
        ),
        items=spans_items if status == "finished" else [Item(title=t, planned_minutes=p) for t, p, _ in items],
        minutes=minutes,
        speaking=turns if status == "finished" else [],
        started_at=start if status == "finished" else None,
        ended_at=clock if status == "finished" else None,
        role_feedback=list(feedback),
        evaluation=evaluation_meeting,
        conclusions=conclusions,
    )
    return meeting


# --------------------------------------------------------------------------- the purpose


def test_the_first_decision_is_dated_and_keeps_no_history() -> None:
    group = make_group()
    decided = Purpose(kinds=["guidance", "support"], form="in_person", how_often=" every four weeks ", where="at home")
    assert purpose.set_purpose(group, decided, date(2026, 3, 12), "2026-03-12-first")
    assert group.purpose is not None
    assert group.purpose.kinds == ["support", "guidance"]  # the booklet's order
    assert group.purpose.how_often == "every four weeks"
    assert group.purpose.changed_on == date(2026, 3, 12) and group.purpose.decided_at == "2026-03-12-first"
    assert group.purpose_history == []
    assert not purpose.set_purpose(
        group,
        Purpose(kinds=["support", "guidance"], form="in_person", how_often="every four weeks", where="at home  "),
        date(2026, 4, 1),
    )


def test_a_later_change_keeps_the_version_it_replaces_and_a_same_day_correction_does_not() -> None:
    group = make_group()
    purpose.set_purpose(group, Purpose(kinds=["support"], form="in_person"), date(2026, 3, 12))
    purpose.set_purpose(group, Purpose(kinds=["support"], form="both"), date(2026, 9, 1))
    assert [v.form for v in group.purpose_history] == ["in_person"]
    assert group.purpose_history[0].replaced_on == date(2026, 9, 1)
    purpose.set_purpose(group, Purpose(kinds=["support"], form="mail"), date(2026, 9, 1))  # the same day
    assert len(group.purpose_history) == 1 and group.purpose is not None and group.purpose.form == "mail"
    old = purpose.purpose_on(group, date(2026, 5, 1))
    assert old is not None and old.form == "in_person"
    now = purpose.purpose_on(group, date(2026, 10, 1))
    assert now is not None and now.form == "mail"
    assert purpose.purpose_on(group, date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("language", "expected", "decision"),
    [
        ("en", "support in daily life, study group · in person · every four weeks", "Decision:"),
        ("da", "støtte i dagligdagen, studiegruppe · fysiske møder · every four weeks", "Beslutning:"),
    ],
)
def test_the_purpose_in_words(language: str, expected: str, decision: str) -> None:
    chosen = Purpose(kinds=["study", "support"], form="in_person", how_often="every four weeks", where="Viby")
    assert purpose.purpose_summary(chosen, language) == expected
    labels = [label for label, _ in purpose.purpose_lines(chosen, language)]
    assert len(labels) == 4
    line = purpose.decision_line(chosen, language)
    assert line.startswith(decision)
    assert export.decisions(line)  # the minutes export lists it among the decisions


# --------------------------------------------------------------------------- the live meeting


@pytest.fixture
def live() -> LiveMeeting:
    group = make_group()
    items = [
        Item(title="Welcome", planned_minutes=15),
        Item(title="Deciding on the network", planned_minutes=20, records="purpose"),
        Item(title="Closing round", planned_minutes=20, records="role_feedback"),
    ]
    meeting = Meeting(
        id="2026-03-12-first",
        title="First meeting",
        date=date(2026, 3, 12),
        items=items,
        roles=Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla", theme_owners=["dorte", "erik"]),
    )
    running = LiveMeeting(group, meeting, FakeClock(at(date(2026, 3, 12), 18)))
    running.confirm_checkin()
    return running


def test_feedback_on_the_roles_is_one_undo_step(live: LiveMeeting) -> None:
    changes: list[int] = []
    live.on_change = lambda urgent: changes.append(1)
    held = rolefeedback.roles_held(live.meeting)
    assert held == [
        ("moderator", "anne"),
        ("minute_taker", "bo"),
        ("boundary_keeper", "carla"),
        ("theme_owner", "dorte"),
        ("theme_owner", "erik"),
    ]
    entries = [RoleFeedback(role=role, member=member) for role, member in held]
    entries[0] = RoleFeedback(role="moderator", member="anne", worked=" Kept the time ", try_next="Sum up more")
    entries[4] = RoleFeedback(role="theme_owner", member="erik", worked="A good article")
    assert live.set_role_feedback(entries)
    assert [(e.role, e.member, e.worked) for e in live.meeting.role_feedback] == [
        ("moderator", "anne", "Kept the time"),
        ("theme_owner", "erik", "A good article"),
    ]
    assert changes
    assert not live.set_role_feedback(entries)  # the same again: no step
    assert live.undo() == "feedback on the roles"
    assert live.meeting.role_feedback == []
    live.redo()
    assert len(live.meeting.role_feedback) == 2


def test_the_conclusions_are_one_undo_step_and_blank_ones_are_none(live: LiveMeeting) -> None:
    assert live.set_conclusions(EvaluationConclusions(content="Good themes", adjust=" Shorter talks "))
    assert live.meeting.conclusions == EvaluationConclusions(content="Good themes", adjust="Shorter talks")
    assert live.set_conclusions(EvaluationConclusions())
    assert live.meeting.conclusions is None
    live.undo()
    assert live.meeting.conclusions is not None and live.meeting.conclusions.content == "Good themes"
    live.undo()
    assert live.meeting.conclusions is None


def test_the_purpose_decided_at_the_meeting_goes_into_the_group_and_the_minutes_and_undo_takes_both_back(
    live: LiveMeeting,
) -> None:
    group_writes: list[Purpose | None] = []
    live.on_group_change = lambda: group_writes.append(live.group.purpose)
    earlier = Purpose(kinds=["study"], form="mail", changed_on=date(2025, 11, 1))
    live.group.purpose = earlier
    live.next_item()
    live.toggle_running()
    decided = Purpose(kinds=["support"], form="in_person", how_often="every four weeks")
    assert live.decide_purpose(decided)
    group = live.group
    assert group.purpose is not None and group.purpose.kinds == ["support"]
    assert group.purpose.changed_on == date(2026, 3, 12) and group.purpose.decided_at == "2026-03-12-first"
    assert [v.kinds for v in group.purpose_history] == [["study"]]
    section = live.minutes.split("## 2. Deciding on the network", 1)[1]
    assert "Decision: The network's purpose and form. Kind of network: support in daily life" in section
    assert len(group_writes) == 1

    # A second choice at the same meeting replaces the line instead of adding one.
    assert live.decide_purpose(decided.model_copy(update={"form": "both"}))
    assert live.minutes.count("Decision: The network's purpose") == 1
    assert "Both in person and by mail" in live.minutes
    assert len(group.purpose_history) == 1  # a same-day correction

    live.undo()
    live.undo()
    assert group.purpose == earlier and group.purpose_history == []
    assert "Decision: The network" not in live.minutes
    assert len(group_writes) == 4  # every step, undo and redo that changed the group asks for a write
    live.redo()
    assert group.purpose is not None and group.purpose.kinds == ["support"] and len(group_writes) == 5


def test_a_meeting_step_that_leaves_the_group_alone_asks_for_no_group_write(live: LiveMeeting) -> None:
    calls: list[int] = []
    live.on_group_change = lambda: calls.append(1)
    live.toggle_running()
    live.set_role_feedback([RoleFeedback(role="moderator", member="anne", worked="x")])
    live.undo()
    live.undo()
    assert calls == []


# --------------------------------------------------------------------------- earlier feedback


def test_the_next_holder_sees_the_latest_feedback_on_each_role(tmp_path: Path) -> None:
    store = Store(tmp_path)
    group = store.create_group("Netværk Nord", make_group().members)
    first = finished(
        date(2026, 1, 8),
        feedback=(
            RoleFeedback(role="moderator", member="anne", worked="Old"),
            RoleFeedback(role="host", member="bo", try_next="More coffee"),
        ),
    )
    second = finished(
        date(2026, 2, 5),
        feedback=(
            RoleFeedback(role="moderator", member="bo", worked="Clear start"),
            RoleFeedback(role="theme_owner", member="carla", worked="Film"),
            RoleFeedback(role="theme_owner", member="dorte", worked="Cases"),
        ),
    )
    planned_later = finished(
        date(2026, 4, 2), status="planned", feedback=(RoleFeedback(role="moderator", member="erik", worked="Future"),)
    )
    for meeting in (first, second, planned_later):
        store.save_meeting(group.id, meeting)
    today = Meeting(id="2026-03-05-moede", date=date(2026, 3, 5))
    found = rolefeedback.load_earlier_feedback(store, group.id, today)
    assert [e.worked for e in found["moderator"]] == ["Clear start"]
    assert [e.try_next for e in found["host"]] == ["More coffee"]  # from the meeting before
    assert [e.member for e in found["theme_owner"]] == ["carla", "dorte"]
    assert "minute_taker" not in found
    roles_today = [("moderator", "erik"), ("host", "anne")]
    details = rolefeedback.cue_details(found, group, roles_today, "en")
    assert details[0].startswith("Moderator (Bo Jensen, 2026-02-05): Worked: Clear start")
    assert details[1] == "Host (Bo Jensen, 2026-01-08): Try next time: More coffee"


def test_feedback_leaves_the_minutes_export_unless_chosen_and_never_with_its_confidential_lines() -> None:
    group = make_group()
    meeting = finished(
        date(2026, 2, 5),
        minutes="## 1. Theme talk\n\nWe talked.",
        feedback=(
            RoleFeedback(role="moderator", member="anne", worked="Kept time", try_next="!! Talk less about her own child"),
        ),
    )
    plain = export.minutes_markdown(group, meeting, language="en")
    assert "Kept time" not in plain and "Feedback on the roles" not in plain
    chosen = export.minutes_markdown(group, meeting, language="en", include_role_feedback=True)
    assert "## Feedback on the roles" in chosen and "Worked: Kept time" in chosen
    assert "own child" not in chosen
    assert export.minutes_left_out(meeting, include_role_feedback=True) == ["!! Talk less about her own child"]
    assert export.minutes_left_out(meeting) == []


def test_the_room_view_never_shows_feedback_or_conclusions() -> None:
    from facilitator.wall import wall_state

    group = make_group()
    meeting = finished(
        date(2026, 2, 5),
        feedback=(RoleFeedback(role="moderator", member="anne", worked="FEEDBACK-TEXT"),),
        conclusions=EvaluationConclusions(content="CONCLUSION-TEXT"),
    )
    meeting.status = "live"
    state = wall_state(meeting, group, FakeClock(at(date(2026, 2, 5), 19)))
    assert "FEEDBACK-TEXT" not in repr(state) and "CONCLUSION-TEXT" not in repr(state)


# --------------------------------------------------------------------------- the half-year


def half_year() -> tuple[Group, list[Meeting]]:
    group = make_group()
    group.themes = ["Night shifts", "Ergonomics at home"]
    earlier_eval = finished(
        date(2025, 9, 4),
        evaluation_meeting=True,
        conclusions=EvaluationConclusions(content="More on the municipality", mood="!! Bo is unhappy"),
    )
    meetings = [
        earlier_eval,
        finished(
            date(2025, 10, 2),
            theme="Relations with the municipality",
            roles=Roles(moderator="anne", minute_taker="bo", theme_owners=["carla"]),
            speaking=(("anne", 0, 600), ("bo", 15, 300)),
            items=(("Theme talk", 60, 75), ("Break", 20, 20)),
            minutes="- [ ] Anne phones the union\n- [ ] !! Carla talks to the parents\n- [ ] Bo books the room",
        ),
        finished(
            date(2025, 10, 30),
            theme="Night shifts",
            notified=("erik",),
            present=("anne", "bo", "carla", "dorte"),
            roles=Roles(moderator="bo", minute_taker="carla", host="anne"),
            speaking=(("carla", 0, 900), ("dorte", 20, 300)),
            items=(("Theme talk", 60, 70), ("Break", 20, 21)),
            minutes="- [x] Anne phones the union\n- [ ] Dorte sends the article",
        ),
        finished(date(2025, 11, 27), theme="Work injuries", status="cancelled"),
        finished(date(2026, 3, 5), title="Evaluation", evaluation_meeting=True, status="planned"),
    ]
    return group, meetings


def test_the_summary_covers_the_half_year_since_the_last_evaluation() -> None:
    group, meetings = half_year()
    chosen = evaluation.choose_evaluation(meetings, today=date(2026, 1, 15))
    assert chosen is not None and chosen.date == date(2026, 3, 5)
    summary = evaluation.half_year_summary(group, meetings, chosen)
    assert [m.date for m in summary.meetings] == [date(2025, 10, 2), date(2025, 10, 30)]
    assert summary.previous is not None and summary.previous.date == date(2025, 9, 4)
    assert summary.cancelled == 1 and summary.since == date(2025, 10, 2)

    rows = {row.member_id: (row.present, row.notified, row.absent) for row in summary.attendance}
    assert rows["erik"] == (1, 1, 0) and rows["anne"] == (2, 0, 0)

    # The fair share is speaking.stats', summed over the meetings (one fact, one place).
    expected: dict[str, tuple[float, float]] = {}
    for meeting in summary.meetings:
        assert meeting.ended_at is not None
        for entry in stats(meeting, meeting.ended_at, None, [m.id for m in group.members]):
            spoken, fair = expected.get(entry.member, (0.0, 0.0))
            expected[entry.member] = (spoken + entry.meeting_seconds, fair + entry.fair_share_seconds)
    assert {b.member_id: (b.spoken_seconds, b.fair_seconds) for b in summary.balance} == expected
    anne = next(b for b in summary.balance if b.member_id == "anne")
    assert anne.spoken_seconds == 600 and anne.ratio is not None and anne.ratio > 1

    over = {stat.title: (stat.over_count, stat.runs, round(stat.total_over)) for stat in summary.overruns}
    assert over == {"Theme talk": (2, 2, 25), "Break": (1, 2, 1)}
    assert [(line.theme, line.status) for line in summary.themes] == [
        ("Relations with the municipality", "covered"),
        ("Night shifts", "covered"),
        ("Work injuries", "cancelled"),
    ]
    assert summary.own_themes_open == ["Ergonomics at home"]
    counts = {row.member_id: row.counts for row in summary.roles}
    assert counts["anne"] == {"moderator": 1, "host": 1} and counts["carla"] == {"theme_owner": 1, "minute_taker": 1}
    assert counts["erik"] == {}
    # "- [x]" later closes an action; a confidential one never shows.
    assert [(a.day, a.text) for a in summary.open_actions] == [
        (date(2025, 10, 2), "Bo books the room"),
        (date(2025, 10, 30), "Dorte sends the article"),
    ]


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_handout_has_every_part_and_nothing_confidential(language: str) -> None:
    group, meetings = half_year()
    summary = evaluation.half_year_summary(group, meetings, meetings[-1])
    text = evaluation.evaluation_markdown(group, summary, language)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 8
    if language == "en":
        assert "## Attendance" in headings and "## Speaking time against the fair share" in headings
        assert "1. Content: which themes gave us most" in text and "4. Well-being:" in text
        assert "- Content: More on the municipality" in text
    else:
        assert "## Fremmøde" in headings and "## De fire spørgsmål" in headings
        assert "4. Trivsel:" in text and "- Indhold: More on the municipality" in text
    assert "unhappy" not in text and "parents" not in text
    assert "| Anne Hansen | 2 | 0 | 0 | 100\u00a0% |" in text


def test_without_an_evaluation_meeting_the_summary_is_the_last_half_year() -> None:
    group, meetings = half_year()
    plain = [m for m in meetings if not m.evaluation]
    assert evaluation.choose_evaluation(plain) is None
    summary = evaluation.half_year_summary(group, plain, None, today=date(2026, 1, 15))
    assert summary.evaluation is None and summary.previous is None
    assert [m.date for m in summary.meetings] == [date(2025, 10, 2), date(2025, 10, 30)]


def test_the_evaluation_item_asks_the_four_questions_and_records_the_conclusions() -> None:
    for language, words in (
        ("en", ("Content", "Form", "Mood", "Well-being")),
        ("da", ("Indhold", "Form", "Stemning", "Trivsel")),
    ):
        item = evaluation_item(language)
        assert item.records == "evaluation"
        assert [cue.split(":")[0] for cue in item.cues[:4]] == list(words)


def test_load_summary_reads_the_files_of_the_year_before_only(tmp_path: Path) -> None:
    store = Store(tmp_path)
    group = store.create_group("Netværk Nord", make_group().members)
    _, meetings = half_year()
    old = finished(date(2024, 6, 6), theme="Long ago")
    for meeting in (*meetings, old):
        store.save_meeting(group.id, meeting)
    loaded: list[str] = []
    original = store.load_meeting

    def counting(gid: str, mid: str, **kw: object) -> Meeting:
        loaded.append(mid)
        return original(gid, mid, **kw)  # type: ignore[arg-type]

    store.load_meeting = counting  # type: ignore[method-assign]
    summary = evaluation.load_summary(store, group, "2026-03-05-evaluering", date(2026, 1, 15))
    assert old.id not in loaded
    assert len(summary.meetings) == 2 and summary.previous is not None


def test_the_cue_card_numbers_name_who_spoke_little_and_the_last_conclusions() -> None:
    group, meetings = half_year()
    summary = evaluation.half_year_summary(group, meetings, meetings[-1])
    lines = evaluation.cue_details(group, summary, "en")
    assert lines[0] == "Meetings held: 2; cancelled: 1."
    assert any(line.startswith("Attendance: ") for line in lines)
    assert any("Over time most: Theme talk, 2 of 2 times" in line for line in lines)
    assert lines[-1].startswith("Last evaluation (2025-09-04): Content: More on the municipality")


# --------------------------------------------------------------------------- new members


@pytest.mark.parametrize(
    ("members", "held", "state"),
    [(5, 3, "forming"), (5, 7, "ready"), (5, 12, "ready"), (3, 8, "ready")],
)
def test_readiness_for_new_members(members: int, held: int, state: str) -> None:
    group = make_group(members=members)
    ready = welcome.readiness(group, held)
    assert ready.state == state and ready.held == held and ready.active == members
    assert ready.room == 10 - members


def test_a_full_group_is_full_however_established() -> None:
    group = make_group()
    group.settings.max_members = 5
    ready = welcome.readiness(group, 20)
    assert ready.state == "full" and ready.room == 0
    text = welcome.readiness_text(ready, "en")
    assert "full" in text and "5 of at most 5" in text
    assert "klar" in welcome.readiness_text(welcome.readiness(make_group(), 8), "da")


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_welcome_sheet_has_no_minutes_and_nothing_confidential(language: str) -> None:
    group = make_group(language)
    group.members[0].phone = "+4524344454"
    group.members[0].email = "anne@example.dk"
    group.members[4].active = False
    group.agreements.confidentiality = "What is said here stays here.\n\n!! Except what Bo told about his neighbour"
    group.agreements.changed_on = date(2025, 9, 4)
    purpose.set_purpose(group, Purpose(kinds=["support"], form="in_person", how_often="every four weeks"), date(2025, 9, 4))
    meetings = [
        finished(date(2026, 3, 5), title="Spring meeting", status="planned"),
        finished(
            date(2026, 2, 5),
            title="Held already",
            minutes="SECRET MINUTES",
            status="finished",
            feedback=(RoleFeedback(role="moderator", member="anne", worked="FEEDBACK"),),
        ),
        finished(date(2026, 4, 2), title="Called off", status="cancelled"),
    ]
    text = welcome.welcome_markdown(group, meetings, language, today=date(2026, 3, 1))
    assert "SECRET MINUTES" not in text and "FEEDBACK" not in text and "Held already" not in text
    assert "Called off" not in text and "neighbour" not in text
    assert "Spring meeting" in text and "What is said here stays here." in text
    assert "24 34 44 54" in text and "anne@example.dk" in text and "Erik Larsen" not in text
    assert ("support in daily life" if language == "en" else "støtte i dagligdagen") in text
    assert text.count("\n## ") == 5


def test_the_invitation_says_what_the_network_is() -> None:
    group = make_group()
    meeting = finished(date(2026, 3, 5), status="planned")
    assert "About the network" not in export.invitation_text(group, meeting)
    purpose.set_purpose(group, Purpose(kinds=["guidance"], form="both"), date(2025, 9, 4))
    text = export.invitation_text(group, meeting, language="en")
    assert "About the network: professional guidance · both in person and by mail" in text


def test_the_conclusions_go_into_the_minutes_of_the_evaluation_meeting() -> None:
    group = make_group()
    meeting = finished(date(2026, 3, 5), conclusions=EvaluationConclusions(form="Shorter talks", mood="!! Bo"))
    text = export.minutes_markdown(group, meeting, language="en")
    assert "## The evaluation's conclusions" in text and "- **Form:** Shorter talks" in text
    assert "Bo" not in text.split("## The evaluation's conclusions")[1]


# --------------------------------------------------------------------------- the command line


def test_export_evaluation_and_welcome_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator.cli import run as main

    store = Store(tmp_path)
    group = store.create_group("Netværk Nord", make_group().members)
    group.settings.language = "en"
    store.save_group(group)
    settings = store.load_settings()
    settings.current_group = group.id
    store.save_settings(settings)
    _, meetings = half_year()
    for meeting in meetings:
        store.save_meeting(group.id, meeting)
    out = tmp_path / "eval.md"
    clock = FakeClock(at(date(2026, 1, 15), 12))
    assert main(["--data-dir", str(tmp_path), "export", "evaluation", "2026-03", "-o", str(out)], clock=clock) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Half-year evaluation: Netværk Nord") and "Bo books the room" in text
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert main(["--data-dir", str(tmp_path), "--lang", "da", "export", "evaluation"], clock=clock) == 0
    assert capsys.readouterr().out.startswith("# Evaluering efter et halvt år: Netværk Nord")

    sheet = tmp_path / "welcome.md"
    assert main(["--data-dir", str(tmp_path), "export", "welcome", "-o", str(sheet)], clock=clock) == 0
    text = sheet.read_text(encoding="utf-8")
    assert text.startswith("# Welcome to Netværk Nord") and "Evaluation" in text
    assert "Anne phones the union" not in text
    if os.name == "posix":
        assert stat.S_IMODE(sheet.stat().st_mode) == 0o600


def test_the_minutes_export_takes_the_feedback_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator.cli import run as main

    store = Store(tmp_path)
    group = store.create_group("Netværk Nord", make_group().members)
    settings = store.load_settings()
    settings.current_group = group.id
    store.save_settings(settings)
    meeting = finished(date(2026, 2, 5), feedback=(RoleFeedback(role="host", member="bo", worked="Warm room"),))
    store.save_meeting(group.id, meeting)
    assert main(["--data-dir", str(tmp_path), "--lang", "en", "export", "minutes", "2026-02-05"]) == 0
    assert "Warm room" not in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "--lang", "en", "export", "minutes", "2026-02-05", "--role-feedback"]) == 0
    assert "- **Host** (Bo Jensen)\n  - Worked: Warm room" in capsys.readouterr().out


def test_the_group_file_keeps_the_purpose_and_check_knows_its_dates(tmp_path: Path) -> None:
    store = Store(tmp_path)
    group = store.create_group("Netværk Nord", make_group().members)
    purpose.set_purpose(group, Purpose(kinds=["support"]), date(2025, 9, 4), "2025-09-04-first")
    purpose.set_purpose(group, Purpose(kinds=["study"]), date(2026, 1, 8))
    store.save_group(group)
    data = tomllib.loads(store.group_path(group.id).read_text(encoding="utf-8"))
    assert data["purpose"]["kinds"] == ["study"] and data["purpose_history"][0]["kinds"] == ["support"]
    assert store.load_group(group.id).purpose == group.purpose
    text = store.group_path(group.id).read_text(encoding="utf-8").replace("changed_on = 2026-01-08", "changed_on = 1800-01-08")
    store.group_path(group.id).write_text(text, encoding="utf-8")
    problems = Store(tmp_path).check()
    assert any(p.field == "purpose.changed_on" for p in problems)


def teardown_module() -> None:
    set_language("en")
