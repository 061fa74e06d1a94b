"""The meeting plan: plan_series, the evaluation meeting, and refused plans."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from facilitator.agendas import builtin_agenda
from facilitator.i18n import t
from facilitator.model import AgendaItem, Group, Meeting, Member
from facilitator.planning import (
    EVALUATION_MINUTES,
    PlanningError,
    mark_evaluation,
    plan_series,
    tail_index,
)

FIRST = date(2026, 1, 8)  # a Thursday


def make_group(language: str = "da") -> Group:
    group = Group(name="Netværket", members=[Member(id="anne", name="Anne"), Member(id="bo", name="Bo")])
    group.settings.language = language  # type: ignore[assignment]
    return group


def series(group: Group | None = None, ids: set[str] | None = None, **kwargs: object) -> list[Meeting]:
    options: dict[str, object] = {
        "first": FIRST,
        "weeks": 4,
        "start": time(18, 30),
        "place": "Biblioteket, mødelokale 2",
        "host": "anne",
        "template_items": builtin_agenda("following", "da"),
        "template": "following",
        # The rhythm is tested without the country's public holidays (FIRST + 12 weeks is
        # skærtorsdag 2026); tests/test_issue18_planning.py tests the holidays.
        "holidays": False,
    }
    options.update(kwargs)
    return plan_series(group or make_group(), ids or set(), **options)  # type: ignore[arg-type]


def test_a_series_by_count_every_four_weeks() -> None:
    meetings = series(count=7)
    assert [m.date for m in meetings] == [FIRST + timedelta(weeks=4 * n) for n in range(7)]
    assert {m.date.weekday() for m in meetings} == {FIRST.weekday()}
    for meeting in meetings:
        assert meeting.status == "planned"
        assert meeting.start == time(18, 30)
        assert meeting.place == "Biblioteket, mødelokale 2"
        assert meeting.roles.host == "anne"
        assert meeting.template == "following"
        assert meeting.title == "Netværksmøde"
        assert meeting.id == f"{meeting.date.isoformat()}-netvaerksmoede"
    assert len({m.id for m in meetings}) == 7


def test_a_series_until_a_date_half_a_year_ahead() -> None:
    until = FIRST + timedelta(days=182)
    meetings = series(until=until, weeks=2)
    assert meetings[0].date == FIRST
    assert all(m.date <= until for m in meetings)
    assert meetings[-1].date + timedelta(weeks=2) > until
    assert len(meetings) == 14


def test_count_and_until_together_stop_at_whichever_comes_first() -> None:
    assert len(series(count=3, until=FIRST + timedelta(days=365))) == 3
    assert len(series(count=30, until=FIRST + timedelta(weeks=8))) == 3


def test_skipped_dates_leave_a_gap_and_the_series_keeps_its_rhythm() -> None:
    holiday = FIRST + timedelta(weeks=8)
    meetings = series(count=5, skip={holiday, date(2026, 12, 24)})
    dates = [m.date for m in meetings]
    assert holiday not in dates
    assert dates == [FIRST + timedelta(weeks=w) for w in (0, 4, 12, 16, 20)]
    until = FIRST + timedelta(weeks=16)
    assert [m.date for m in series(until=until, skip={holiday})] == [
        FIRST + timedelta(weeks=w) for w in (0, 4, 12, 16)
    ]


def test_ids_never_collide_with_the_store_or_each_other() -> None:
    taken = {f"{FIRST.isoformat()}-netvaerksmoede", f"{FIRST.isoformat()}-netvaerksmoede-2"}
    meetings = series(ids=taken, count=2)
    assert meetings[0].id == f"{FIRST.isoformat()}-netvaerksmoede-3"
    assert meetings[1].id == f"{(FIRST + timedelta(weeks=4)).isoformat()}-netvaerksmoede"


def test_title_follows_the_group_language_or_is_given() -> None:
    english = series(make_group("en"), count=1)[0]
    assert english.title == "Network meeting"
    assert english.id.endswith("-network-meeting")
    own = series(count=1, title="  Temaaften om ergonomi ")[0]
    assert own.title == "Temaaften om ergonomi"
    assert own.id == f"{FIRST.isoformat()}-temaaften-om-ergonomi"


def test_each_meeting_gets_its_own_copy_of_the_template() -> None:
    template = [AgendaItem(title="Siden sidst", planned_minutes=20, cues=["Runde"])]
    meetings = series(count=2, template_items=template)
    meetings[0].items[0].cues.append("changed")
    meetings[0].items[0].planned_minutes = 5
    assert meetings[1].items[0].cues == ["Runde"]
    assert template[0].cues == ["Runde"] and template[0].planned_minutes == 20
    assert meetings[1].items[0].spans == [] and meetings[1].items[0].deferred is False


def test_the_meeting_half_a_year_after_the_first_is_the_evaluation_meeting() -> None:
    meetings = series(until=FIRST + timedelta(days=365))
    marked = [m for m in meetings if m.evaluation]
    assert len(marked) == 1
    evaluation = marked[0]
    threshold = FIRST + timedelta(days=182)
    assert evaluation.date == min(m.date for m in meetings if m.date >= threshold)
    assert evaluation.date == FIRST + timedelta(weeks=28)

    titles = [item.title for item in evaluation.items]
    assert titles[-3:] == ["Evaluering: indhold, form, stemning og trivsel", "Næste møde", "Eventuelt"]
    item = evaluation.items[-3]
    assert item.planned_minutes == EVALUATION_MINUTES == 30
    assert item.led_by == "moderator" and item.kind == "talk"
    assert any("trivsel" in cue for cue in item.cues)
    others = [m for m in meetings if not m.evaluation]
    assert all(len(m.items) == len(builtin_agenda("following", "da").items) for m in others)


def test_the_evaluation_item_is_in_the_group_language() -> None:
    meetings = series(make_group("en"), until=FIRST + timedelta(days=365),
                      template_items=builtin_agenda("following", "en"))
    evaluation = next(m for m in meetings if m.evaluation)
    titles = [item.title for item in evaluation.items]
    assert titles[-3:] == ["Evaluation: content, form, mood and well-being", "Next meeting", "Any other business"]


def test_the_group_started_before_the_series() -> None:
    existing = {"2025-11-13-foerste-moede", "2025-12-11-andet-moede", "not-a-dated-id"}
    meetings = series(ids=existing, until=FIRST + timedelta(days=365))
    evaluation = [m for m in meetings if m.evaluation]
    assert len(evaluation) == 1
    assert evaluation[0].date >= date(2025, 11, 13) + timedelta(days=182)
    assert evaluation[0].date - timedelta(weeks=4) < date(2025, 11, 13) + timedelta(days=182)


def test_no_evaluation_when_an_existing_meeting_is_already_past_half_a_year() -> None:
    existing = {"2025-01-09-foerste-moede", "2025-08-14-evaluering"}
    assert not any(m.evaluation for m in series(ids=existing, until=FIRST + timedelta(days=365)))


def test_no_evaluation_in_a_short_series() -> None:
    assert not any(m.evaluation for m in series(count=6))


def test_mark_evaluation_adds_the_item_once_and_at_the_end_without_closing_items() -> None:
    meeting = Meeting(id="x", date=FIRST, items=[])
    meeting.items.append(builtin_agenda("first", "da").items[0].model_copy(deep=True))  # type: ignore[arg-type]
    mark_evaluation(meeting, "da")
    mark_evaluation(meeting, "da")
    assert meeting.evaluation
    assert [i.title for i in meeting.items] == ["Velkommen", t("planning.evaluation_title", language="da")]


def test_tail_index_finds_the_closing_items() -> None:
    items = builtin_agenda("following", "da").items
    assert [i.title for i in items[tail_index(items):]] == ["Næste møde", "Eventuelt"]
    first = builtin_agenda("first", "en").items
    assert tail_index(first) == len(first)
    assert tail_index([]) == 0
    odd = [AgendaItem(title="Evt."), AgendaItem(title="Siden sidst"), AgendaItem(title="Next meeting: roles")]
    assert tail_index(odd) == 2


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"weeks": 0, "count": 3}, "planning.series_weeks"),
        ({"weeks": 53, "count": 3}, "planning.series_weeks"),
        ({}, "planning.series_end"),
        ({"count": 0}, "planning.series_count"),
        ({"count": 101}, "planning.series_count"),
        ({"until": FIRST - timedelta(days=1)}, "planning.series_until_before_first"),
        ({"until": FIRST + timedelta(days=800)}, "planning.series_too_long"),
        ({"weeks": 52, "count": 4}, "planning.series_too_long"),
        ({"count": 3, "host": "nobody"}, "planning.unknown_member"),
    ],
)
def test_refused_plans(kwargs: dict[str, object], key: str) -> None:
    with pytest.raises(PlanningError) as caught:
        series(**kwargs)  # type: ignore[arg-type]
    assert caught.value.key == key
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert message and message != key  # a translated message, not the bare key


def test_every_date_skipped_gives_an_empty_plan_with_until() -> None:
    assert series(until=FIRST, skip={FIRST}) == []


def test_store_ids_may_be_a_one_shot_iterable() -> None:
    existing = ["2025-11-13-foerste-moede", f"{FIRST.isoformat()}-netvaerksmoede"]
    from_list = series(ids=set(existing), until=FIRST + timedelta(days=365))
    from_iterator = plan_series(
        make_group(), iter(existing), first=FIRST, weeks=4, until=FIRST + timedelta(days=365), start=time(18, 30),
        template_items=builtin_agenda("following", "da"), holidays=False,
    )
    assert [m.id for m in from_iterator] == [m.id for m in from_list]
    assert from_iterator[0].id.endswith("-2")
    assert [m.evaluation for m in from_iterator] == [m.evaluation for m in from_list]
    assert any(m.evaluation for m in from_iterator)
