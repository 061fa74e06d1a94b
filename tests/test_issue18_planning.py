"""Issue 18 in the planning core: public holidays, trimming to the latest end, the five-role rota, phones."""

from __future__ import annotations

from datetime import date, time

import pytest

from facilitator import phones
from facilitator.agendas import builtin_agenda
from facilitator.model import Group, Item, Meeting, Member, Roles, Settings
from facilitator.planning import (
    ALL_ROLES,
    ROLES,
    PlanningError,
    agenda_fits,
    plan_series,
    public_holidays,
    series_days,
    suggest_roles,
    trim_proposal,
    trim_to_end_by,
    validate_phone,
)


def make_group(n: int = 6, **settings: object) -> Group:
    members = [Member(id=f"m{i}", name=f"Member {i}") for i in range(n)]
    return Group(name="Netværket", members=members, settings=Settings(**settings))  # type: ignore[arg-type]


# ------------------------------------------------------------------------- holidays


def test_danish_public_holidays_are_skipped_without_being_typed_and_own_dates_too() -> None:
    group = make_group()
    # Thursdays every week from 11 March 2027: skærtorsdag is 25 March, Kristi himmelfartsdag 6 May.
    meetings = plan_series(group, set(), first=date(2027, 3, 11), weeks=1, until=date(2027, 5, 13), start=time(18),
                           template_items=builtin_agenda("following", "da"), skip={date(2027, 4, 15)})
    days = {m.date for m in meetings}
    assert date(2027, 3, 25) not in days and date(2027, 5, 6) not in days
    assert date(2027, 4, 15) not in days  # the group's own date (a school holiday)
    assert date(2027, 3, 18) in days and date(2027, 4, 1) in days
    _days, skipped = series_days(group, first=date(2027, 3, 11), weeks=1, until=date(2027, 5, 13), skip={date(2027, 4, 15)})
    assert skipped == [
        (date(2027, 3, 25), "Skærtorsdag"),
        (date(2027, 4, 15), "jeres dato"),
        (date(2027, 5, 6), "Kristi himmelfartsdag"),
    ]


def test_holidays_follow_the_group_s_country_and_grundlovsdag_juleaften_count_in_denmark() -> None:
    danish = public_holidays("DK", date(2027, 1, 1), date(2027, 12, 31))
    assert danish[date(2027, 6, 5)] == "Grundlovsdag" and date(2027, 12, 24) in danish
    swedish = public_holidays("SE", date(2027, 1, 1), date(2027, 12, 31), "en")
    assert date(2027, 6, 6) in swedish and date(2027, 6, 5) not in swedish  # Sweden's national day
    assert public_holidays("XX", date(2027, 1, 1), date(2027, 12, 31)) == {}


# ------------------------------------------------------------------------- trimming


def _meeting(start: time = time(18, 30)) -> Meeting:
    items = [
        Item(title="Siden sidst", planned_minutes=20),
        Item(title="Tema", planned_minutes=100),
        Item(title="Pause", planned_minutes=20, kind="break"),
        Item(title="Evaluering", planned_minutes=30),
        Item(title="Næste møde", planned_minutes=10),
        Item(title="Eventuelt", kind="open"),
    ]
    return Meeting(id="2027-03-18-moede", date=date(2027, 3, 18), start=start, items=items)


def test_an_agenda_past_the_latest_end_is_trimmed_to_end_by_it() -> None:
    meeting = _meeting()
    assert agenda_fits(meeting, time(21)).minutes_over == 30
    proposal = trim_proposal(meeting, time(21))
    assert sum(proposal) == 150 and proposal[2] == 20  # the break keeps its 20 minutes
    assert all(new >= min(5, old) and new >= (old + 1) // 2 for new, old in zip(proposal, [20, 100, 20, 30, 10, 0], strict=True))
    changes = trim_to_end_by(meeting, time(21))
    assert [i for i, _, _ in changes] == [
        i for i, (a, b) in enumerate(zip(proposal, [20, 100, 20, 30, 10, 0], strict=True)) if a != b
    ]
    assert not agenda_fits(meeting, time(21)).over and agenda_fits(meeting, time(21)).end == time(21)


def test_trimming_gives_what_it_can_and_refuses_when_nothing_can_give() -> None:
    meeting = _meeting(time(20, 30))  # 180 minutes from 20:30: even halved it runs past 21:00
    trim_to_end_by(meeting, time(21))
    assert [item.planned_minutes for item in meeting.items] == [10, 50, 20, 15, 5, 0]
    assert agenda_fits(meeting, time(21)).over  # still over: each item gave half, no more
    tight = Meeting(
        id="2027-03-18-kort",
        date=date(2027, 3, 18),
        start=time(20, 55),
        items=[Item(title="Velkommen", planned_minutes=5), Item(title="Pause", planned_minutes=20, kind="break")],
    )
    with pytest.raises(PlanningError):
        trim_to_end_by(tight, time(21))
    fits = _meeting(time(17))
    assert trim_to_end_by(fits, time(21)) == []


# ------------------------------------------------------------------------- the rota


def test_the_rota_covers_five_roles_one_each_and_says_why() -> None:
    group = make_group(6)
    reasons: dict[str, str] = {}
    roles = suggest_roles(group, [], explain=reasons)
    holders = [getattr(roles, role) for role in ROLES] + roles.theme_owners
    assert len(holders) == 5 and len(set(holders)) == 5
    assert set(reasons) == set(ALL_ROLES)
    assert reasons["moderator"].startswith("Member 0: never moderator before; has had no role yet")


def test_a_small_group_never_gets_moderator_and_minute_taker_in_one_person() -> None:
    for n in (2, 3, 4):
        group = make_group(n)
        previous = Roles(moderator="m0", minute_taker="m1")
        reasons: dict[str, str] = {}
        roles = suggest_roles(group, [], previous=previous, explain=reasons)
        assert roles.moderator and roles.minute_taker and roles.moderator != roles.minute_taker, n
        assert roles.theme_owners, n
        doubled = [r for r in ALL_ROLES if "takes two roles" in reasons[r]]
        assert doubled, n


def test_the_theme_owner_rotates_and_kept_owners_stay() -> None:
    group = make_group(8)
    from facilitator.model import Meeting as M

    past = [
        M(
            id="2027-01-07-a",
            date=date(2027, 1, 7),
            status="finished",
            roles=Roles(moderator="m0", minute_taker="m1", boundary_keeper="m2", host="m3", theme_owners=["m4"]),
        )
    ]
    roles = suggest_roles(group, past)
    assert roles.theme_owners and roles.theme_owners != ["m4"]
    reasons: dict[str, str] = {}
    kept = suggest_roles(group, past, current=Roles(theme_owners=["m4"]), explain=reasons)
    assert kept.theme_owners == ["m4"] and reasons["theme_owners"] == "chosen with the meeting's theme"


# ------------------------------------------------------------------------- phone numbers


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("0045 22 32 42 52", "+4522324252", "22 32 42 52"),
        ("23334353", "+4523334353", "23 33 43 53"),
        ("+4524344454", "+4524344454", "24 34 44 54"),
        ("+46 70 123 45 67", "+46701234567", "+46 70 123 45 67"),
    ],
)
def test_phone_numbers_are_stored_as_e164_and_shown_in_national_form(typed: str, stored: str, shown: str) -> None:
    assert phones.normalise(typed, "DK") == stored
    assert phones.display(stored, "DK") == shown and phones.display(typed, "DK") == shown
    assert validate_phone(typed, "DK") is None


def test_an_impossible_number_is_refused_and_kept_as_typed() -> None:
    assert validate_phone("123456789", "DK") == "planning.phone_impossible"
    assert phones.normalise("ring efter kl. 16", "DK") == "ring efter kl. 16"
    assert phones.display("ring efter kl. 16", "DK") == "ring efter kl. 16"
