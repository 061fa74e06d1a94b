"""Carry-over from the last meeting and the agenda editing helpers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from facilitator.agendas import builtin_agenda
from facilitator.model import Agenda, AgendaItem, Item, Meeting, Span
from facilitator.planning import (
    AgendaFit,
    CarryOver,
    PlanningError,
    add_to_agenda,
    agenda_fits,
    agenda_total,
    booklet_advice,
    carry_over,
    follow_up_item,
    last_finished,
    move_item,
    open_actions,
    save_as_template,
)

TZ = timezone(timedelta(hours=1))

MINUTES = """\
Siden sidst: alle var med.

- [ ] Anne sender referatet ud
- [x] Bo har booket lokalet
  - [ ]   Carl finder en artikel om ergonomi  
Beslutning: vi mødes kl. 18.30 fremover.

!! Om barnet hos Dorte (fortroligt)
- [ ] Dorte ringer til kommunen om barnets hjælpemidler
- [ ] også fortroligt, samme afsnit

Opfølgning:
- [ ] Eva undersøger kursus i konflikthåndtering
!! - [ ] Fortroligt: Frank taler med sin leder
- [ ] Gitte laver kontaktlisten
* [ ] Hanne tager kage med
"""  # noqa: W291 - the trailing spaces of a task line are part of what the test reads


def planned(template: str = "following", language: str = "da", **kwargs: object) -> Meeting:
    agenda = builtin_agenda(template, language)
    items = [Item.model_validate(i.model_dump()) for i in agenda.items]
    day = date(2026, 3, 5)
    return Meeting(id="2026-03-05-moede", date=day, start=time(18, 0), items=items, **kwargs)  # type: ignore[arg-type]


def test_open_actions_leave_out_done_and_confidential_lines() -> None:
    assert open_actions(MINUTES) == [
        "Anne sender referatet ud",
        "Carl finder en artikel om ergonomi",
        "Eva undersøger kursus i konflikthåndtering",
        "Gitte laver kontaktlisten",
        "Hanne tager kage med",
    ]
    assert open_actions("") == []
    assert open_actions("- [] not a task\n-[ ] nor this\n- [ ]\n") == []


def test_carry_over_from_the_last_meeting() -> None:
    last = planned(status="finished", minutes=MINUTES)
    theme = last.items[1]
    theme.deferred = True
    theme.spans = [Span(start=datetime(2026, 3, 5, 18, 20, tzinfo=TZ), end=datetime(2026, 3, 5, 18, 40, tzinfo=TZ))]
    theme.cues_done = [0, 1]
    last.items[3].deferred = True
    result = carry_over(last)
    assert [i.title for i in result.deferred_items] == ["Temaoplæg", "Afrunding"]
    copy = result.deferred_items[0]
    assert copy.spans == [] and copy.cues_done == [] and copy.deferred is False
    assert copy.planned_minutes == theme.planned_minutes and copy.cues == theme.cues
    assert copy is not theme
    assert len(result.open_actions) == 5
    assert not result.empty


def test_no_last_meeting_or_nothing_to_carry() -> None:
    assert carry_over(None) == CarryOver()
    assert carry_over(None).empty
    assert carry_over(planned(status="finished")).empty


def test_last_finished_skips_planned_and_live_meetings() -> None:
    a = Meeting(id="a", date=date(2026, 1, 8), status="finished")
    b = Meeting(id="b", date=date(2026, 2, 5), status="finished")
    c = Meeting(id="c", date=date(2026, 3, 5), status="live")
    d = Meeting(id="d", date=date(2026, 4, 2))
    assert last_finished([d, b, c, a]) is b
    assert last_finished([c, d]) is None


def test_add_to_agenda_puts_items_before_the_closing_ones_once() -> None:
    meeting = planned()
    deferred = Item(title="Tavshedspligt i praksis", planned_minutes=15, deferred=True)
    follow_up = follow_up_item(["Anne sender referatet ud", "Gitte laver kontaktlisten"], "da")
    assert add_to_agenda(meeting, [deferred, follow_up]) == 2
    titles = [i.title for i in meeting.items]
    assert titles[-4:] == ["Tavshedspligt i praksis", "Opfølgning på aftalte opgaver", "Næste møde", "Eventuelt"]
    added = meeting.items[-4]
    assert added.deferred is False and added is not deferred
    assert meeting.items[-3].cues == ["Anne sender referatet ud", "Gitte laver kontaktlisten"]
    assert meeting.items[-3].planned_minutes == 10 and meeting.items[-3].led_by == "moderator"
    # Offering the same items again adds nothing.
    assert add_to_agenda(meeting, [deferred, follow_up]) == 0
    assert len(meeting.items) == len(titles)


def test_the_follow_up_item_speaks_the_language_given() -> None:
    assert follow_up_item([], "en").title == "Follow-up on open actions"


def test_add_to_agenda_refuses_a_live_meeting() -> None:
    meeting = planned(status="live")
    before = list(meeting.items)
    with pytest.raises(PlanningError) as caught:
        add_to_agenda(meeting, [Item(title="Nyt punkt")])
    assert caught.value.key == "planning.not_planned"
    assert meeting.items == before


def test_move_item_in_a_meeting_and_in_a_list() -> None:
    meeting = planned()
    titles = [i.title for i in meeting.items]
    assert move_item(meeting, 1, 1) == 2
    assert [i.title for i in meeting.items][:3] == [titles[0], titles[2], titles[1]]
    assert move_item(meeting, 2, -1) == 1
    assert [i.title for i in meeting.items] == titles
    assert move_item(meeting, 0, -5) == 0  # clamped at the top
    assert move_item(meeting, 0, 99) == len(titles) - 1  # clamped at the bottom
    assert meeting.items[-1].title == titles[0]

    items = [AgendaItem(title="a"), AgendaItem(title="b"), AgendaItem(title="c")]
    assert move_item(items, 2, -2) == 0
    assert [i.title for i in items] == ["c", "a", "b"]


def test_move_item_refuses_bad_indexes_and_started_meetings() -> None:
    meeting = planned()
    with pytest.raises(IndexError):
        move_item(meeting, len(meeting.items), -1)
    with pytest.raises(IndexError):
        move_item(meeting, -1, 1)
    with pytest.raises(IndexError):
        move_item([], 0, 1)
    done = planned(status="finished")
    titles = [i.title for i in done.items]
    with pytest.raises(PlanningError):
        move_item(done, 0, 1)
    assert [i.title for i in done.items] == titles


def test_agenda_total_and_booklet_advice() -> None:
    assert agenda_total(builtin_agenda("first", "da").items) == 160
    assert agenda_total(builtin_agenda("following", "en").items) == 170
    assert agenda_total([]) == 0
    assert booklet_advice("first") == 180
    assert booklet_advice("second") == 160
    assert booklet_advice("following") == 170
    assert booklet_advice("our-own") is None
    for template in ("first", "second", "following"):
        advice = booklet_advice(template)
        assert advice is not None and agenda_total(builtin_agenda(template, "da").items) <= advice


def test_agenda_fits_against_end_by() -> None:
    meeting = planned()  # 18:00 + 170 min
    assert agenda_fits(meeting, time(21, 0)) == AgendaFit(time(20, 50), False, 0)
    meeting.items.append(Item(title="Evaluering", planned_minutes=30))
    fit = agenda_fits(meeting, time(21, 0))
    assert fit == (time(21, 20), True, 20)
    end, over, _ = fit
    assert over and end == time(21, 20)
    assert agenda_fits(meeting, time(21, 20)).over is False


def test_agenda_fits_past_midnight_is_over() -> None:
    meeting = planned()
    meeting.start = time(22, 30)
    fit = agenda_fits(meeting, time(21, 0))
    assert fit.over and fit.end == time(1, 20)
    late = planned()
    late.start = time(23, 30)
    late.items = [Item(title="Kort", planned_minutes=60)]
    assert agenda_fits(late, time(0, 30)).over  # the limit is after midnight, and so is the end


def test_save_as_template_strips_the_timing() -> None:
    meeting = planned()
    meeting.items[0].spans = [Span(start=datetime(2026, 3, 5, 18, 0, tzinfo=TZ))]
    meeting.items[0].deferred = True
    meeting.items[0].cues_done = [1]
    agenda = save_as_template(meeting.items, "vores-moede", "  Vores møde ", "da", description="Med kaffe")
    assert isinstance(agenda, Agenda)
    assert (agenda.id, agenda.title, agenda.language) == ("vores-moede", "Vores møde", "da")
    assert agenda.description == "Med kaffe"
    assert [i.title for i in agenda.items] == [i.title for i in meeting.items]
    dumped = agenda.to_toml_dict()
    for item in dumped["items"]:
        assert not {"spans", "deferred", "cues_done"} & set(item)
    assert agenda.planned_minutes == 170
    agenda.items[0].cues.append("x")
    assert "x" not in meeting.items[0].cues


@pytest.mark.parametrize(
    ("agenda_id", "title", "language", "items", "key"),
    [
        ("Vores møde", "Vores møde", "da", [AgendaItem(title="a")], "planning.template_id"),
        ("", "Vores møde", "da", [AgendaItem(title="a")], "planning.template_id"),
        ("vores", "   ", "da", [AgendaItem(title="a")], "planning.template_title"),
        ("vores", "Vores", "de", [AgendaItem(title="a")], "planning.language_unknown"),
        ("vores", "Vores", "en", [], "planning.template_empty"),
    ],
)
def test_save_as_template_refuses_bad_input(
    agenda_id: str, title: str, language: str, items: list[AgendaItem], key: str
) -> None:
    with pytest.raises(PlanningError) as caught:
        save_as_template(items, agenda_id, title, language)
    assert caught.value.key == key
