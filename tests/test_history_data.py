"""Small, fully known meetings for the history tests (and a check that they are what the tests assume).

`make_meeting` builds a finished meeting from a compact description: who came,
who held the roles, how long each item ran and who spoke how long. Times are
fixed instants, so every figure the tests check can be worked out by hand.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from facilitator.model import (
    Attendance,
    AttendanceChange,
    Group,
    Grouping,
    Item,
    Meeting,
    Member,
    Roles,
    Span,
    Speaking,
    TimeOut,
    slugify,
)

TZ = timezone(timedelta(hours=1))
MEMBERS = [
    Member(id="anne", name="Anne Holm"),
    Member(id="bo", name="Bo Jensen"),
    Member(id="carla", name="Carla Nielsen"),
    Member(id="dorte", name="Dorte Madsen"),
]

MUNICIPALITY_MINUTES = """Vi talte om samarbejdet med kommunen og sagsbehandleren.

Beslutning: Vi inviterer en konsulent fra kommunen til mødet i juni.
- [ ] Anne skriver til kommunen
- [x] Bo har fundet lokalet

!! Carla fortalte om en konkret sag med et barn i familiepleje.
Det bliver i gruppen.

En almindelig linje.
!! En enkelt fortrolig linje midt i et afsnit.
Og en sidste linje.
"""


def make_group() -> Group:
    group = Group(name="Netværket i Vest", members=[m.model_copy() for m in MEMBERS])
    group.id = "vest"
    return group


def make_meeting(
    day: date,
    title: str,
    *,
    present: list[str],
    notified: list[str] = (),  # type: ignore[assignment]
    items: list[tuple[str, int, int]] = (),  # type: ignore[assignment]
    speaking: list[tuple[str, int]] = (),  # type: ignore[assignment]
    roles: Roles | None = None,
    minutes: str = "",
    timeouts: int = 0,
    grouping: bool = False,
) -> Meeting:
    """A finished meeting: `items` are (title, planned minutes, actual minutes); `speaking` (member, seconds)."""
    start = datetime.combine(day, time(18, 0), TZ)
    moment = start
    meeting_items: list[Item] = []
    for item_title, planned, actual in items:
        spans = [Span(start=moment, end=moment + timedelta(minutes=actual))] if actual >= 0 else []
        meeting_items.append(Item(title=item_title, planned_minutes=planned, spans=spans))
        moment += timedelta(minutes=max(actual, 0))
    turns: list[Speaking] = []
    at = start
    for member, seconds in speaking:
        turns.append(Speaking(member=member, item=0, start=at, end=at + timedelta(seconds=seconds)))
        at += timedelta(seconds=seconds)
    absent = [m.id for m in MEMBERS if m.id not in present and m.id not in notified]
    changes = [AttendanceChange(member=m, status="present", at=start) for m in present]
    outs = [
        TimeOut(
            called_by="dorte",
            item=0,
            start=start + timedelta(minutes=5 + n),
            end=start + timedelta(minutes=5 + n, seconds=30),
            outcome="continue",
            note=f"Note {n + 1} om tavshedspligt",
        )
        for n in range(timeouts)
    ]
    groupings = [Grouping(item=0, groups=[present[:3], present[3:]], at=start, talk_minutes=25)] if grouping else []
    return Meeting(
        id=f"{day.isoformat()}-{slugify(title)}",
        title=title,
        date=day,
        start=time(18, 0),
        place="Medborgerhuset",
        status="finished",
        roles=roles or Roles(),
        attendance=Attendance(
            present=list(present), absent_notified=list(notified), absent=absent, checked_in_at=start, changes=changes
        ),
        items=meeting_items,
        minutes=minutes,
        speaking=turns,
        timeouts=outs,
        groupings=groupings,
        started_at=start,
        ended_at=moment,
    )


def sample_meetings() -> list[Meeting]:
    """Four finished meetings in spring 2026, one about the municipality, with known figures."""
    return [
        make_meeting(
            date(2026, 2, 12),
            "Siden sidst",
            present=["anne", "bo", "carla"],
            notified=["dorte"],
            items=[("Siden sidst", 20, 30), ("Temaoplæg", 100, 90), ("Eventuelt", 0, 5)],
            speaking=[("anne", 600), ("bo", 300), ("carla", 300)],
            roles=Roles(moderator="anne", minute_taker="bo", host="carla"),
            minutes="Kort møde om vagtplaner og om kommunens nye regler.",
        ),
        make_meeting(
            date(2026, 3, 12),
            "Arbejdsskader",
            present=["anne", "bo", "carla", "dorte"],
            items=[("Siden sidst", 20, 26), ("Temaoplæg", 100, 100), ("Eventuelt", 0, 5)],
            speaking=[("anne", 300), ("bo", 300), ("carla", 300), ("dorte", 300)],
            roles=Roles(moderator="anne", minute_taker="carla", boundary_keeper="dorte", theme_owners=["bo"]),
            minutes="Ergonomi og løft.",
            timeouts=1,
        ),
        make_meeting(
            date(2026, 4, 16),
            "Relationen til kommunen",
            present=["anne", "bo", "dorte"],
            notified=["carla"],
            items=[("Siden sidst", 20, 22), ("Temaoplæg", 100, 110), ("Afrunding", 20, 20)],
            speaking=[("anne", 200), ("bo", 700), ("dorte", 300)],
            roles=Roles(moderator="bo", minute_taker="anne", boundary_keeper="dorte", theme_owners=["anne", "dorte"]),
            minutes=MUNICIPALITY_MINUTES,
            timeouts=2,
            grouping=True,
        ),
        make_meeting(
            date(2026, 5, 21),
            "Pædagogiske metoder",
            present=["bo", "carla", "dorte"],
            items=[("Siden sidst", 20, 20), ("Temaoplæg", 100, 95)],
            speaking=[("bo", 400), ("carla", 400), ("dorte", 400)],
            roles=Roles(moderator="carla", minute_taker="dorte", boundary_keeper="dorte"),
            minutes="Vi læste en artikel om ICDP.",
        ),
    ]


def write_sample(root: Path) -> tuple[Group, list[Meeting]]:
    """The sample group and meetings written through the store under `root`."""
    from facilitator.store import Store

    store = Store(root)
    group = store.create_group("Netværket i Vest", [m.model_copy() for m in MEMBERS])
    meetings = sample_meetings()
    for meeting in meetings:
        store.save_meeting(group.id, meeting)
    return group, meetings


def test_sample_meetings_are_finished_and_ordered() -> None:
    meetings = sample_meetings()
    assert [m.status for m in meetings] == ["finished"] * 4
    assert [m.date for m in meetings] == sorted(m.date for m in meetings)
    assert meetings[2].ended_at - meetings[2].started_at == timedelta(minutes=152)
