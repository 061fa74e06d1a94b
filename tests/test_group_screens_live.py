"""The live meeting's "next meeting" key (o): the roles dialog saves the next meeting's roles
and the line goes into the minutes."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Callable

from facilitator.app import FacilitatorApp
from facilitator.cli import plan_meeting
from facilitator.screens.roles import RolesDialog
from facilitator.store import Store

from conftest import settle
from group_screens_helpers import meeting_file as group_meeting_file
from meeting_screen_helpers import GROUP_ID, make_meeting, meeting_file

MakeApp = Callable[..., FacilitatorApp]


async def test_o_hands_out_the_next_roles_and_notes_them(make_app: MakeApp, data_dir: Path) -> None:
    meeting_id = make_meeting(data_dir, language="da")
    store = Store(data_dir)
    group = store.load_group(GROUP_ID)
    following = plan_meeting(store, group, "following", date(2026, 4, 9), time(18, 0))
    app = make_app("meeting", meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
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
