"""The live meeting's "next meeting" key (o): the roles dialog saves the next meeting's roles
and the line goes into the minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path

from conftest import settle
from group_screens_helpers import meeting_file as group_meeting_file
from meeting_screen_helpers import GROUP_ID, RunningMeeting, dialog_key, make_meeting, meeting_file

from facilitator.app import FacilitatorApp
from facilitator.cli import plan_meeting
from facilitator.screens.roles import RolesDialog
from facilitator.store import Store

MakeApp = Callable[..., FacilitatorApp]


async def test_o_hands_out_the_next_roles_and_notes_them(running_meeting: RunningMeeting, data_dir: Path) -> None:
    meeting_id = make_meeting(data_dir, language="da")
    store = Store(data_dir)
    group = store.load_group(GROUP_ID)
    following = plan_meeting(store, group, "following", date(2026, 4, 9), time(18, 0))
    async with running_meeting(meeting_id) as (app, pilot, screen):
        await settle(pilot)
        await dialog_key(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, RolesDialog)
        assert dialog.meeting.id == following.id
        suggestion = dialog.suggestion
        assert suggestion is not None
        # nobody keeps the role they hold tonight; Erik (afbud tonight) may well be chosen for next time
        assert suggestion.moderator not in ("", "anne") and suggestion.minute_taker not in ("", "bo")
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RolesDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
    roles = group_meeting_file(data_dir, GROUP_ID, following.id)["roles"]
    assert roles["moderator"] == suggestion.moderator and roles["host"] == suggestion.host
    minutes = meeting_file(data_dir, meeting_id)["minutes"]
    assert "Næste møde torsdag den 9. april 2026: ordstyrer " + group.name_of(suggestion.moderator) in minutes


async def test_home_keys_open_the_group_screens(make_app: MakeApp, data_dir: Path) -> None:
    from facilitator.screens.agenda_editor import AgendaEditorScreen
    from facilitator.screens.agreements import AgreementsScreen
    from facilitator.screens.home import HomeScreen
    from facilitator.screens.invitation import InvitationScreen
    from facilitator.screens.members import MembersScreen
    from facilitator.screens.plan import PlanScreen
    from facilitator.screens.theme_ideas import ThemeIdeasScreen

    meeting_id = make_meeting(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, cls in (
            ("u", MembersScreen), ("l", PlanScreen), ("r", AgreementsScreen), ("t", ThemeIdeasScreen),
            ("a", AgendaEditorScreen), ("i", InvitationScreen),
        ):  # fmt: skip
            assert isinstance(app.screen, HomeScreen)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, cls), key
            if cls in (AgendaEditorScreen, InvitationScreen):
                assert app.screen.meeting_id == meeting_id
            app.screen.action_back()
            await settle(pilot)


async def test_the_palette_offers_the_screen_keys(make_app: MakeApp, data_dir: Path) -> None:
    from facilitator.screens.group_common import ScreenKeys
    from facilitator.screens.members import MemberForm

    make_meeting(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        commands = {title: (help_text, run) for title, help_text, run in ScreenKeys(app.screen)._commands()}
        assert set(commands) == {"Add member", "Edit", "Deactivate/reactivate", "Export", "Welcome sheet"}
        assert commands["Export"][0] == "Write the contact list as CSV (.csv) or vCard (.vcf)"
        await commands["Add member"][1]()
        await settle(pilot)
        assert isinstance(app.screen, MemberForm)
