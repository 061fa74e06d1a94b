"""Issue 21 through the screens (Pilot + FakeClock), pressing the keys a moderator would press.

- the first meeting's "Deciding on the network": ctrl+f, the purpose dialog, the group file and the
  minutes; ctrl+z takes both back; the agreements screen shows and edits it, with its history;
  the home screen shows it;
- the closing round: ctrl+f, one entry per role; the next meeting's cue card shows it to the next
  holder; the minutes export takes it only when ticked;
- the evaluation item: the half-year in numbers on the cue card, ctrl+f for the conclusions, F2 the
  summary; the plan's `v` and the export of the summary;
- the members screen: when the group is ready for new members, and `w` the welcome sheet.
"""

from __future__ import annotations

import os
import stat
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from meeting_screen_helpers import RunningMeeting, check_in, end_meeting, moderator_keys, settle, shown
from textual.widgets import Input, SelectionList, Static
from year_helpers import GID, TODAY, MakeApp, evaluation_setup, following_meeting, group_file, make_group, meeting_file, past

from facilitator.cli import plan_meeting
from facilitator.model import (
    Member,
    Purpose,
    RoleFeedback,
    Roles,
)
from facilitator.screens.evaluation import EvaluationScreen
from facilitator.screens.feedback import ConclusionsDialog, PurposeDialog, RoleFeedbackDialog
from facilitator.widgets.cues import CuePanel


def screen_text(screen: Any) -> str:
    """What the screen's texts show (their drawn lines)."""
    return "\n".join(shown(widget) for widget in screen.query(Static))


async def no_blink(pilot: Any) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


# --------------------------------------------------------------------------- the purpose


@pytest.mark.parametrize("language", ["en", "da"])
async def test_the_purpose_is_decided_at_the_first_meeting_and_ctrl_z_takes_it_back(
    running_meeting: RunningMeeting, data_dir: Path, language: str
) -> None:
    store, group = make_group(data_dir, language)
    meeting = plan_meeting(store, group, "first", TODAY, time(18, 0))
    meeting.roles = Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla")
    store.save_meeting(group.id, meeting)
    async with running_meeting(meeting.id, language=language) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("ctrl+f")  # before the check-in: it says what to do
        await settle(pilot)
        assert not isinstance(app.screen, PurposeDialog)
        await check_in(pilot)
        await moderator_keys(pilot, "n", "n", "n", "n")
        deciding = "Deciding on the network" if language == "en" else "Beslutning om netværk"
        assert app.screen.live.current.title == deciding  # type: ignore[attr-defined]
        cues = app.screen.query_one(CuePanel)
        assert "ctrl+f" in cues.facts

        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PurposeDialog)
        assert isinstance(dialog.focused, SelectionList)
        await pilot.press("space", "down", "down", "space")  # support in daily life, professional guidance
        dialog.query_one("#purpose-form").value = "in_person"  # type: ignore[attr-defined]
        dialog.query_one("#purpose-how-often", Input).focus()
        await pilot.press(*"every 4 weeks")
        await pilot.press("enter")  # on to "where"
        await pilot.press(*"Viby library")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PurposeDialog)

        data = group_file(data_dir)
        assert data["purpose"]["kinds"] == ["support", "guidance"]
        assert data["purpose"]["form"] == "in_person" and data["purpose"]["where"] == "Viby library"
        assert data["purpose"]["decided_at"] == meeting.id and data["purpose"]["changed_on"] == TODAY
        minutes = meeting_file(data_dir, meeting.id)["minutes"]
        word = "Decision" if language == "en" else "Beslutning"
        assert f"{word}: " in minutes.split(f"## 5. {deciding}")[1]

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "purpose" not in group_file(data_dir)
        assert f"{word}: " not in meeting_file(data_dir, meeting.id)["minutes"]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert group_file(data_dir)["purpose"]["how_often"] == "every 4 weeks"


async def test_the_agreements_screen_shows_the_purpose_and_changes_it_with_its_history(
    make_app: MakeApp, data_dir: Path, clock: Any
) -> None:
    store, group = make_group(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_screen(("agreements",))
        await settle(pilot)
        assert "Not written down yet" in str(app.screen.query_one("#agreements-purpose", Static).render())
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, PurposeDialog)
        await pilot.press("down", "space")  # a study group
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert group_file(data_dir)["purpose"]["kinds"] == ["study"]
        assert "study group" in str(app.screen.query_one("#agreements-purpose", Static).render())

        clock.advance(timedelta(days=60).total_seconds())
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("space")  # support in daily life too
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = group_file(data_dir)
        assert data["purpose"]["kinds"] == ["support", "study"]
        assert data["purpose_history"][0]["kinds"] == ["study"]
        history = str(app.screen.query_one("#agreements-history-text", Static).render())
        assert "Purpose and form in force 2026-03-12 to 2026-05-11" in history


@pytest.mark.parametrize("language", ["en", "da"])
async def test_the_home_screen_shows_the_purpose_in_the_group_panel(make_app: MakeApp, data_dir: Path, language: str) -> None:
    from facilitator.purpose import set_purpose

    store, group = make_group(data_dir, language)
    set_purpose(group, Purpose(kinds=["support"], form="in_person", how_often="every four weeks"), TODAY)
    store.save_group(group)
    app = make_app("--lang", language)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = str(app.screen.query_one("#group", Static).render())
        expected = "support in daily life · in person" if language == "en" else "støtte i dagligdagen · fysiske møder"
        assert expected in panel and "every four weeks" not in panel  # the rhythm is in the plan beside it


# --------------------------------------------------------------------------- feedback on the roles


async def test_feedback_at_the_closing_round_reaches_the_next_holder_and_stays_out_of_the_minutes(
    running_meeting: RunningMeeting, data_dir: Path, clock: Any
) -> None:
    store, group = make_group(data_dir)
    today = following_meeting(store, group, TODAY, Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla"))
    async with running_meeting(today.id) as (app, pilot, screen):
        await settle(pilot)
        await check_in(pilot)
        await moderator_keys(pilot, "n", "n", "n")
        assert app.screen.live.current.records == "role_feedback"  # type: ignore[attr-defined]
        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RoleFeedbackDialog)
        labels = [str(label.render()) for label in dialog.query(".field-label")]
        assert labels == ["Moderator: Anne Hansen", "Minute-taker: Bo Jensen", "Boundary keeper: Carla Nielsen"]
        await pilot.press(*"Kept the time")
        await pilot.press("enter")
        await pilot.press(*"Sum up more often")
        await pilot.press("enter")
        await pilot.press(*"Clear minutes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = meeting_file(data_dir, today.id)["role_feedback"]
        assert saved == [
            {"role": "moderator", "member": "anne", "worked": "Kept the time", "try_next": "Sum up more often"},
            {"role": "minute_taker", "member": "bo", "worked": "Clear minutes", "try_next": ""},
        ]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert meeting_file(data_dir, today.id)["role_feedback"] == []
        await pilot.press("ctrl+y")
        await settle(pilot)
        await end_meeting(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)

    # The minutes export leaves the feedback out unless asked.
    from facilitator.history import export_minutes_text

    _, text = export_minutes_text(store, store.load_group(GID), today.id, language="en")
    assert "Kept the time" not in text
    _, text = export_minutes_text(store, store.load_group(GID), today.id, language="en", include_role_feedback=True)
    assert "Worked: Kept the time" in text

    # Four weeks later Dorte moderates: her cue card at the first item has Anne's feedback.
    clock.advance(timedelta(weeks=4).total_seconds())
    following = following_meeting(store, group, TODAY + timedelta(weeks=4), Roles(moderator="dorte", minute_taker="erik"))
    async with running_meeting(following.id) as (app, pilot, screen):
        await settle(pilot)
        await check_in(pilot)
        await settle(pilot)
        cues = app.screen.query_one(CuePanel)
        # One line until x opens it (as the agreements), so an 80x24 column keeps room for the next cue.
        lines = {line.text: line.details for line in cues.cue_lines}
        assert lines["Feedback on today's roles from last time (2 lines: x shows them)"] == ()
        await moderator_keys(pilot, "x")
        lines = {line.text: line.details for line in cues.cue_lines}
        details = lines["Feedback on today's roles from last time"]
        assert details[0] == "Moderator (Anne Hansen, 2026-03-12): Worked: Kept the time · Try next time: Sum up more often"
        assert details[1].startswith("Minute-taker (Bo Jensen, 2026-03-12): Worked: Clear minutes")
        assert "Kept the time" in shown(cues)
        cues.tick_next()  # the agreements cue (none here) would come first; this one is ticked in memory
        assert all(line.done for line in cues.cue_lines if line.text.startswith("Feedback on today's roles"))


async def test_ctrl_f_without_roles_today_says_how_to_set_them(running_meeting: RunningMeeting, data_dir: Path) -> None:
    store, group = make_group(data_dir)
    today = following_meeting(store, group, TODAY, Roles())
    async with running_meeting(today.id) as (app, pilot, screen):
        await settle(pilot)
        await check_in(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert not isinstance(app.screen, RoleFeedbackDialog)
        assert any("ctrl+r" in str(n.message) for n in app._notifications)


async def test_the_export_dialog_offers_the_feedback_unticked(make_app: MakeApp, data_dir: Path, tmp_path: Path) -> None:
    from textual.widgets import Checkbox

    from facilitator.screens.review import ExportMinutesDialog

    store, group = make_group(data_dir)
    meeting = past(store, group, date(2026, 2, 12), minutes="## 1. Theme talk\n\nWe talked.",
                   role_feedback=[RoleFeedback(role="host", member="bo", worked="Warm room", try_next="!! private")])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_screen(("history",))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        out = tmp_path / "minutes.md"
        for tick, expected in ((False, False), (True, True)):
            await pilot.press("x")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportMinutesDialog)
            box = dialog.query_one("#export-role-feedback", Checkbox)
            assert box.value is False
            if tick:
                box.value = True
                await pilot.pause()
                assert "private" in str(dialog.query_one("#export-left-out", Static).render())
            dialog.query_one("#export-path", Input).value = str(out)
            await pilot.press("ctrl+s")
            await settle(pilot)
            text = out.read_text(encoding="utf-8")
            assert ("Warm room" in text) is expected and "private" not in text
    assert meeting.id


# --------------------------------------------------------------------------- the evaluation


@pytest.mark.parametrize("language", ["en", "da"])
async def test_the_evaluation_item_has_the_numbers_the_conclusions_and_the_summary(
    running_meeting: RunningMeeting, data_dir: Path, language: str
) -> None:
    store, group = make_group(data_dir, language)
    meeting = evaluation_setup(store, group)
    async with running_meeting(meeting.id, language=language) as (app, pilot, screen):
        await settle(pilot)
        await check_in(pilot)
        await moderator_keys(pilot, "n", "n", "n", "n")
        assert app.screen.live.current.records == "evaluation"  # type: ignore[attr-defined]
        cues = app.screen.query_one(CuePanel)
        numbers = next(line for line in cues.cue_lines if line.index == -3)
        assert numbers.details == () and ("x" in numbers.text)  # one line until x opens it
        await moderator_keys(pilot, "x")
        numbers = next(line for line in cues.cue_lines if line.index == -3)
        assert numbers.text == ("The half-year in numbers" if language == "en" else "Det halve år i tal")
        held = "Meetings held: 2; cancelled: 0." if language == "en" else "Holdte møder: 2; aflyste: 0."
        assert numbers.details[0] == held
        assert any("More on the municipality" in line for line in numbers.details)

        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConclusionsDialog)
        await pilot.press(*"The themes were good")
        await pilot.press("f2")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, EvaluationScreen)
        assert summary.page is not None and summary.page.meeting_id == meeting.id
        text = screen_text(summary)
        assert ("Bo books the room" in text) and ("Anne Hansen" in text)
        titles = [str(p.border_title) for p in summary.query(".evaluation-section")]
        assert ("Attendance" if language == "en" else "Fremmøde") in titles
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert meeting_file(data_dir, meeting.id)["conclusions"]["content"] == "The themes were good"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "conclusions" not in meeting_file(data_dir, meeting.id)


async def test_the_plan_opens_the_summary_and_it_is_exported(make_app: MakeApp, data_dir: Path, tmp_path: Path) -> None:
    store, group = make_group(data_dir)
    meeting = evaluation_setup(store, group)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_screen(("plan",))
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EvaluationScreen) and screen.page is not None
        assert screen.page.meeting_id == meeting.id
        out = tmp_path / "evaluation.md"
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#text", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        text = out.read_text(encoding="utf-8")
        assert text.startswith("# Half-year evaluation: Netværk Nord")
        assert "More on the municipality" in text
        if os.name == "posix":
            assert stat.S_IMODE(out.stat().st_mode) == 0o600
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "PlanScreen"


# --------------------------------------------------------------------------- new members


@pytest.mark.parametrize(
    ("held", "members", "expected"),
    [
        (2, 5, "still finding its form (meetings held: 2)"),
        (7, 5, "ready (meetings held: 7; active members: 5 of at most 10; room for 5)"),
        (7, 10, "full (active members: 10 of at most 10)"),
    ],
)
async def test_the_members_screen_says_when_to_take_new_members(
    make_app: MakeApp, data_dir: Path, held: int, members: int, expected: str
) -> None:
    store, group = make_group(data_dir)
    group.members += [Member(id=f"x{n}", name=f"Extra {n}") for n in range(members - len(group.members))]
    store.save_group(group)
    for n in range(held):
        past(store, group, date(2025, 6, 5) + timedelta(weeks=4 * n))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_screen(("members",))
        await settle(pilot)
        assert expected in str(app.screen.query_one("#members-readiness", Static).render())


@pytest.mark.parametrize("language", ["en", "da"])
async def test_w_writes_the_welcome_sheet_without_minutes(
    make_app: MakeApp, data_dir: Path, tmp_path: Path, language: str
) -> None:
    store, group = make_group(data_dir, language)
    group.agreements.confidentiality = "What is said here stays here."
    store.save_group(group)
    past(store, group, date(2026, 2, 12), minutes="SECRET MINUTES TEXT")
    following_meeting(store, group, date(2026, 4, 9), Roles(moderator="erik"))
    app = make_app("--lang", language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_screen(("members",))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        field = app.screen.query_one("#text", Input)
        assert field.value.endswith("welcome.md" if language == "en" else "velkommen.md")
        out = tmp_path / "sheet.md"
        field.value = str(out)
        await pilot.press("enter")
        await settle(pilot)
    text = out.read_text(encoding="utf-8")
    assert "SECRET MINUTES TEXT" not in text and "What is said here stays here." in text
    assert ("Welcome to Netværk Nord" if language == "en" else "Velkommen i Netværk Nord") in text
    assert "Erik Larsen" in text
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
