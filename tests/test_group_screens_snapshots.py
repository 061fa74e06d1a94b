"""Snapshots of the group's screens at 80x24 and 120x40 (English, and the plan in Danish).

The files are written with fixed dates and the FakeClock, so every run draws the same
screens. Look at a changed snapshot before accepting it (`pytest --snapshot-update`,
then /work/shared/tools/svg2png FILE.svg).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import settle
from group_screens_helpers import finished, make_group, plan

from facilitator.app import FacilitatorApp
from facilitator.model import Agreements, Roles
from facilitator.planning import update_agreements

MakeApp = Callable[..., FacilitatorApp]
SIZES = [(80, 24), (120, 40)]


def setup(data_dir: Path, language: str = "en") -> list[str]:
    """A group of six with two finished meetings, agreements, and a planned half year; returns planned ids."""
    store, group = make_group(data_dir, members=6, language=language)
    group.themes.append("Sleep and night shifts" if language == "en" else "Søvn og nattevagter")
    update_agreements(group, Agreements(confidentiality="Old text."), date(2026, 1, 15))
    update_agreements(
        group,
        Agreements(confidentiality="What is said here stays here.", attendance="Send notice of absence in good time."),
        date(2026, 2, 12),
    )
    store.save_group(group)
    roles = Roles(moderator="m0", minute_taker="m1", boundary_keeper="m2", host="m3")
    finished(store, group, date(2026, 1, 15), roles=roles, present=["m0", "m1", "m2", "m3"], notified=["m4"], absent=["m5"])
    finished(
        store,
        group,
        date(2026, 2, 12),
        roles=Roles(moderator="m1", minute_taker="m2"),
        present=["m0", "m1", "m2"],
        theme="Feedback",
    )
    meetings = plan(store, group, date(2026, 3, 19), date(2026, 9, 17))
    meetings[0].roles = Roles(moderator="m2", minute_taker="m3", boundary_keeper="m4", host="m5", theme_owners=["m0"])
    meetings[0].theme = "Ergonomic strain"
    meetings[0].attendance.absent_notified = ["m1"]
    store.save_meeting(group.id, meetings[0])
    return [m.id for m in meetings]


def opener(*command: str, keys: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.open_screen(tuple(command))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        # A blinking cursor would make the picture depend on the moment: inputs stop blinking,
        # and a text area gives up the focus (its drawn lines are cached with the cursor in them).
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False
            widget.refresh()
        if pilot.app.screen.focused is not None and pilot.app.screen.focused.__class__.__name__ == "TextArea":
            pilot.app.screen.set_focus(None)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", ["members", "plan", "agreements", "themes"])
def test_group_screen(
    snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, name: str, size: tuple[int, int]
) -> None:
    setup(data_dir)
    assert snap_compare(make_app(), terminal_size=size, run_before=opener(name))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", ["agenda", "invitation"])
def test_meeting_screen_of_the_group(
    snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, name: str, size: tuple[int, int]
) -> None:
    first = setup(data_dir)[0]
    assert snap_compare(make_app(), terminal_size=size, run_before=opener(name, first))


@pytest.mark.parametrize("keys", [("s",), ("o",), ("e",)], ids=["series", "roles", "edit"])
def test_plan_dialogs(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, keys: tuple[str, ...]) -> None:
    setup(data_dir)
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=opener("plan", keys=keys))


def test_member_form_80x24(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path) -> None:
    setup(data_dir)
    run = opener("members", keys=("a", "A", "n", "n", "e", "tab", "1", "2", "tab", "a", "n", "n", "e", "@"))
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run)


def test_plan_in_danish_80x24(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path) -> None:
    setup(data_dir, language="da")
    assert snap_compare(make_app("--lang", "da"), terminal_size=(80, 24), run_before=opener("plan"))
