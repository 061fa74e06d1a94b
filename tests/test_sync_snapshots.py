"""Snapshots of two laptops, one group (issue 19): the home screen with a conflict, the resolver, the import dialog.

A small group with one meeting changed on two laptops: the file and a
Syncthing conflict copy beside it, both given a fixed modification time (and
the test a fixed time zone), so the "saved" times are the same on every run.
Look at a changed snapshot before accepting it (`pytest --snapshot-update`,
then /work/shared/tools/svg2png).
"""

from __future__ import annotations

import os
import time as systime
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import settle

from facilitator.app import FacilitatorApp
from facilitator.model import AppSettings, Meeting, Member
from facilitator.store import Store, toml_bytes

MakeApp = Callable[..., FacilitatorApp]
SAVED = datetime(2026, 3, 12, 20, 41, tzinfo=UTC).timestamp()


@pytest.fixture
def conflicted(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    store = Store(data_dir)
    group = store.create_group("Netværket Aarhus", [Member(id="anne", name="Anne Hansen"), Member(id="bo", name="Bo Jensen")])
    store.save_settings(AppSettings(current_group=group.id))
    shared = "## 1. Velkommen\nAnne bød velkommen; vi var fem.\n\n## 2. Runden\nBo fortalte om sin nye borger.\n"
    meeting = Meeting(id="2026-03-05-foraar", date=date(2026, 3, 5), title="Forår", status="finished", minutes=shared)
    other = meeting.model_copy(update={"minutes": shared + "Beslutning: forældreaftenen flyttes til maj.\n"})
    meeting.minutes += "- [ ] Lone overtager kontaktlisten fra Cai\n"
    store.save_meeting(group.id, meeting)
    copy = store.meetings_dir(group.id) / "2026-03-05-foraar.sync-conflict-20260312-204100-ABCDEFG.toml"
    copy.write_bytes(toml_bytes(other))
    for path in (store.meeting_path(group.id, meeting.id), copy):
        os.utime(path, (SAVED, SAVED))
    yield data_dir
    monkeypatch.delenv("TZ")
    systime.tzset()


@pytest.mark.parametrize("language", ["en", "da"])
def test_home_shows_the_conflict(snap_compare: Callable[..., bool], make_app: MakeApp, conflicted: Path, language: str) -> None:
    app = make_app("--lang", language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize(("language", "size"), [("en", (80, 24)), ("da", (120, 40))], ids=["en-80x24", "da-120x40"])
def test_the_resolver(
    snap_compare: Callable[..., bool], make_app: MakeApp, conflicted: Path, language: str, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)

    app = make_app("--lang", language)
    assert snap_compare(app, terminal_size=size, run_before=open_it)


def test_the_import_dialog(snap_compare: Callable[..., bool], make_app: MakeApp) -> None:
    async def open_it(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"/media/usb/netvaerket.facilitator", "tab", *"hemmelig")
        await settle(pilot)

    app = make_app("--lang", "da")
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)
