"""Shared set-up for the tests of issue 21 (the group's year): a group of five, meetings held and planned.

Not a test module (no `test_` prefix): tests/test_year_screens.py and test_year_snapshots.py import it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from facilitator.app import FacilitatorApp
from facilitator.cli import plan_meeting
from facilitator.model import Attendance, EvaluationConclusions, Item, Meeting, Member, Roles, Span, Speaking
from facilitator.planning import mark_evaluation
from facilitator.store import Store

MakeApp = Callable[..., FacilitatorApp]
CET = timezone(timedelta(hours=1))
TODAY = date(2026, 3, 12)
MEMBERS = [("anne", "Anne Hansen"), ("bo", "Bo Jensen"), ("carla", "Carla Nielsen"), ("dorte", "Dorte Lund"),
           ("erik", "Erik Larsen")]
GID = "netvaerk-nord"


def make_group(root: Path, language: str = "en") -> tuple[Store, Any]:
    store = Store(root)
    group = store.create_group("Netværk Nord", [Member(id=mid, name=name) for mid, name in MEMBERS])
    group.settings.language = language  # type: ignore[assignment]
    store.save_group(group)
    settings = store.load_settings()
    settings.current_group = group.id
    store.save_settings(settings)
    return store, store.load_group(group.id)


def group_file(root: Path) -> dict[str, Any]:
    return tomllib.loads((root / "groups" / GID / "group.toml").read_text(encoding="utf-8"))


def meeting_file(root: Path, mid: str) -> dict[str, Any]:
    data = tomllib.loads((root / "groups" / GID / "meetings" / f"{mid}.toml").read_text(encoding="utf-8"))
    Meeting.model_validate(data)
    return data


def past(store: Store, group: Any, day: date, **fields: Any) -> Meeting:
    """A finished meeting on `day` (18:00-20:00), everyone present, one item that ran 70 of 60 minutes."""
    start = datetime.combine(day, time(18, 0), tzinfo=CET)
    present = fields.pop("present", [mid for mid, _ in MEMBERS])
    meeting = Meeting(
        id=f"{day.isoformat()}-moede", title="Meeting", date=day, status="finished",
        attendance=Attendance(present=present, checked_in_at=start),
        items=[Item(title="Theme talk", planned_minutes=60, spans=[Span(start=start, end=start + timedelta(minutes=70))])],
        speaking=[Speaking(member="anne", item=0, start=start, end=start + timedelta(minutes=10))],
        started_at=start, ended_at=start + timedelta(hours=2), **fields,
    )
    store.save_meeting(group.id, meeting)
    return meeting


def following_meeting(store: Store, group: Any, day: date, roles: Roles) -> Meeting:
    meeting = plan_meeting(store, group, "following", day, time(18, 0))
    meeting.roles = roles
    store.save_meeting(group.id, meeting)
    return meeting


def evaluation_setup(store: Store, group: Any) -> Meeting:
    """Two finished meetings (the last with conclusions of an earlier evaluation) and an evaluation today."""
    past(store, group, date(2025, 9, 4), evaluation=True,
         conclusions=EvaluationConclusions(content="More on the municipality"))
    past(store, group, date(2026, 1, 15), theme="Ergonomics", minutes="- [ ] Bo books the room",
         roles=Roles(moderator="anne", minute_taker="bo"))
    past(store, group, date(2026, 2, 12), theme="Work injuries", present=["anne", "bo", "carla"],
         roles=Roles(moderator="bo", minute_taker="carla"))
    meeting = following_meeting(store, group, TODAY, Roles(moderator="carla", minute_taker="dorte"))
    mark_evaluation(meeting, group.settings.language)
    store.save_meeting(group.id, meeting)
    return meeting
