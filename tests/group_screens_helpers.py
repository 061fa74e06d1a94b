"""Shared set-up for the tests of the group's screens (members, plan, roles, agenda, invitation ...)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from conftest import settle
from textual.widgets import Input, Static

from facilitator.model import Attendance, Group, Item, Meeting, Member, Roles, Span
from facilitator.planning import plan_series
from facilitator.store import Store

NAMES = ["Anne Hansen", "Bo Jensen", "Carla Nielsen", "Dorte Berg", "Erik Holm", "Fie Lund"]


def make_group(root: Path, members: int = 5, language: str = "en", name: str = "Network North") -> tuple[Store, Group]:
    """A group with `members` members (ids m0, m1, ...) written to `root`."""
    store = Store(root)
    people = [
        Member(id=f"m{i}", name=NAMES[i] if i < len(NAMES) else f"Member {i}", phone=f"2030405{i}", email=f"m{i}@example.dk")
        for i in range(members)
    ]
    group = store.create_group(name, people)
    group.settings.language = language  # type: ignore[assignment]
    store.save_group(group)
    return store, store.load_group(group.id)


def finished(
    store: Store,
    group: Group,
    day: date,
    *,
    roles: Roles | None = None,
    present: list[str] | None = None,
    notified: list[str] | None = None,
    absent: list[str] | None = None,
    minutes: str = "",
    items: list[Item] | None = None,
    theme: str = "",
) -> Meeting:
    """A finished meeting on `day`, saved."""
    start = datetime.combine(day, time(18, 0), tzinfo=timezone(timedelta(hours=1)))
    meeting = Meeting(
        id=f"{day.isoformat()}-moede",
        title="Meeting",
        date=day,
        start=time(18, 0),
        status="finished",
        roles=roles or Roles(),
        attendance=Attendance(present=present or [], absent_notified=notified or [], absent=absent or []),
        items=items
        or [Item(title="Since last time", planned_minutes=20, spans=[Span(start=start, end=start + timedelta(minutes=20))])],
        minutes=minutes,
        started_at=start,
        ended_at=start + timedelta(hours=2),
        theme=theme,
    )
    store.save_meeting(group.id, meeting)
    return meeting


def plan(store: Store, group: Group, first: date, until: date, weeks: int = 4, template: str = "following") -> list[Meeting]:
    """A saved series of planned meetings from the built-in template."""
    agenda = store.agenda(template, group.settings.language)
    meetings = plan_series(
        group, store.meeting_ids(group.id), first=first, weeks=weeks, until=until, start=time(18, 0),
        place="Library", template_items=agenda, template=template,
    )  # fmt: skip
    for meeting in meetings:
        store.save_meeting(group.id, meeting)
    return meetings


def group_file(root: Path, gid: str) -> dict[str, Any]:
    return tomllib.loads((root / "groups" / gid / "group.toml").read_text(encoding="utf-8"))


def meeting_file(root: Path, gid: str, mid: str) -> dict[str, Any]:
    return tomllib.loads((root / "groups" / gid / "meetings" / f"{mid}.toml").read_text(encoding="utf-8"))


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_screen(pilot: Any, *command: str) -> None:
    """Open one of the app's screens by its command and wait for it to read its files."""
    await settle(pilot)
    assert pilot.app.open_screen(tuple(command))
    await settle(pilot)


async def type_into(pilot: Any, selector: str, text: str) -> None:
    """Focus an input, clear it and type `text` key by key."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    if text:
        await pilot.press(*text)
    await pilot.pause()
