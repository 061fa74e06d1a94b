"""The cue panel (issue 10): cues of every built-in item in both languages, ticking, computed facts, custom agendas."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from panels_host import START, PanelsHost, agenda_items, host_panels, make_group, make_live

from facilitator.clock import FakeClock
from facilitator.meeting import LiveMeeting
from facilitator.model import Item, Meeting
from facilitator.store import Store
from facilitator.widgets.cues import AGREEMENTS_CUE, CuePanel


def panel_text(panel: CuePanel) -> str:
    return "\n".join(strip.text.rstrip() for strip in panel.render_lines(panel.region.reset_offset))


def go_to(live: LiveMeeting, index: int) -> None:
    if not live.running and live.current_index == 0 and not live.items[0].spans:
        live.toggle_running()
    while live.current_index < index:
        live.next_item()


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("template", ["first", "second", "following"])
async def test_every_built_in_item_shows_its_cues(template: str, language: str) -> None:
    async with host_panels(template=template, language=language, agreements=False, show=("cues",)) as (app, pilot, live, clock):
        panel = app.query_one(CuePanel)
        for index, item in enumerate(live.items):
            go_to(live, index)
            app.redraw()
            await pilot.pause()
            assert item.cues, f"{template}/{language} item {index + 1} has no cues"
            texts = [line.text for line in panel.cue_lines]
            assert texts == [cue.text for cue in live.cues()]
            assert len(texts) == len(item.cues)
            assert not any("{" in text for text in texts), texts  # every placeholder filled
            shown = panel_text(panel)
            assert f"{index + 1}. {item.title}" in shown
            assert texts[0][:30] in shown.replace("\n│      ", " ")
            assert "[ ]" in shown or "[x]" in shown


async def test_computed_facts_share_break_end_and_group_talk() -> None:
    async with host_panels(present=7, agreements=False, show=("cues",), running=True) as (app, pilot, live, clock):
        panel = app.query_one(CuePanel)
        # Welcome, 18:00: the break starts after 15 + 45 minutes, the meeting is planned to end at 20:40.
        assert panel.facts == "Break at 19:00 · planned end 20:40"
        assert "Say that the break is at 19:00 and that you expect to finish at 20:40." in [c.text for c in panel.cue_lines]
        await pilot.press("n")
        assert panel.facts == "Each has 6 min 26 s (7 present, 45 min)"
        assert "Each person has about 6 min 26 s; keep an eye on the time." in panel_text(panel)
        clock.advance(45 * 60)
        await pilot.press("n")  # the break starts at 18:45 (the welcome was skipped): back 20 min later
        assert panel.facts == "Back at 19:05"
        await pilot.press("n")
        assert panel.facts == "Group talk: 25 min"
        assert "The groups have 25 min to talk about how the network should work." in panel_text(panel)


async def test_danish_share_is_six_minutes_twenty_six_seconds() -> None:
    clock = FakeClock(START)
    live = make_live(clock, present=7, language="da", agreements=False)
    go_to(live, 1)
    app = PanelsHost(live, language="da", show=("cues",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one(CuePanel)
        assert panel.facts == "Hver har 6 min 26 sek (7 til stede, 45 min)"
        assert "Hver har ca. 6 min 26 sek; hold øje med tiden." in [c.text for c in panel.cue_lines]


async def test_x_ticks_the_next_cue_and_the_tick_is_saved_in_the_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", fsync=False)
    group = make_group("en", agreements=False)
    group = store.create_group(group.name, group.members)
    async with host_panels(group=group, agreements=False, show=("cues",), running=True) as (app, pilot, live, clock):
        panel = app.query_one(CuePanel)
        await pilot.press("x", "x")
        assert [line.done for line in panel.cue_lines][:3] == [True, True, False]
        shown = panel_text(panel)
        assert "[x] Say who took the initiative" in shown
        assert "›[ ] Present yourself" in shown
        panel.toggle(0)  # ticked off by mistake: on again
        assert live.items[0].cues_done == [1]
    store.save_meeting(group.id, live.meeting)
    data = tomllib.loads(store.meeting_path(group.id, live.meeting.id).read_text(encoding="utf-8"))
    assert data["items"][0]["cues_done"] == [1]
    assert store.load_meeting(group.id, live.meeting.id).items[0].cues_done == [1]


async def test_the_agreements_are_offered_at_the_first_item() -> None:
    async with host_panels(agreements=True, show=("cues",), running=True) as (app, pilot, live, clock):
        panel = app.query_one(CuePanel)
        first = panel.cue_lines[0]
        # Issue 17: one line until opened, so the card stays small at 80x24; the first x opens it.
        assert first.index == AGREEMENTS_CUE and first.text.startswith("Read out the group's agreements.")
        assert "2 agreements: x shows them" in first.text and "Confidentiality:" not in panel_text(panel)
        await pilot.press("x")
        assert not panel.agreements_read and panel.agreements_open
        shown = panel_text(panel)
        assert "Confidentiality: What is said in the group stays in the group." in shown
        assert "Ethics: We speak of the children with respect" in shown
        await pilot.press("x")
        assert panel.agreements_read and panel.cue_lines[0].done
        assert "Confidentiality:" not in panel_text(panel)  # folded once read
        assert live.items[0].cues_done == []  # not one of the item's own cues
        await pilot.press("n")
        assert all(line.index != AGREEMENTS_CUE for line in panel.cue_lines)


async def test_no_agreements_cue_when_the_group_has_none() -> None:
    async with host_panels(agreements=False, show=("cues",), running=True) as (app, pilot, live, clock):
        await pilot.pause()
        assert app.query_one(CuePanel).cue_lines[0].index == 0


@pytest.mark.parametrize("language", ["en", "da"])
async def test_a_grouping_ticks_the_group_cues(language: str) -> None:
    clock = FakeClock(START)
    live = make_live(clock, language=language, agreements=False)
    go_to(live, 3)
    app = PanelsHost(live, language=language, show=("cues",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert live.items[3].cues_done == []
        live.accept_grouping([["anne", "bo", "carla"], ["dorte", "erik", "fie", "gitte"]])
        app.redraw()
        assert live.items[3].cues_done == [0, 1]  # "in threes" and the group-talk minutes


async def test_a_break_ticks_its_resume_time_cue_once() -> None:
    clock = FakeClock(START)
    live = make_live(clock, agreements=False)
    go_to(live, 1)
    app = PanelsHost(live, show=("cues",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")  # the break starts
        assert live.items[2].cues_done == [0]
        app.query_one(CuePanel).toggle(0)  # the moderator had not said it after all
        app.redraw()
        assert live.items[2].cues_done == []


async def test_c_hides_and_shows_the_cue_panel() -> None:
    async with host_panels(show=("cues",), size=(80, 24)) as (app, pilot, live, clock):
        panel = app.query_one(CuePanel)
        await pilot.press("c")
        assert not panel.display
        await pilot.press("c")
        assert panel.display


async def test_a_custom_agenda_shows_its_own_cues(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "agendas").mkdir(parents=True)
    (data / "agendas" / "walk.toml").write_text(
        """schema_version = 1
id = "walk"
title = "Walk and talk"
language = "en"

[[items]]
title = "Check-in round"
planned_minutes = 30
kind = "round"
cues = ["Everybody gets {share}.", "Ask how the week went."]

[[items]]
title = "Walk"
planned_minutes = 60
cues = ["Walk in pairs; swap at the bridge."]
""",
        encoding="utf-8",
    )
    store = Store(data, fsync=False)
    agenda = store.agenda("walk", "en")
    items = [Item.model_validate(item.model_dump()) for item in agenda.items]
    async with host_panels(present=6, items=items, agreements=False, show=("cues",), running=True) as (app, pilot, live, clock):
        await pilot.pause()
        panel = app.query_one(CuePanel)
        assert [c.text for c in panel.cue_lines] == ["Everybody gets 5 min 0 s.", "Ask how the week went."]
        assert "[ ] Everybody gets 5 min 0 s." in panel_text(panel)
        await pilot.press("n")
        assert [c.text for c in panel.cue_lines] == ["Walk in pairs; swap at the bridge."]


async def test_an_item_without_cues_says_so() -> None:
    async with host_panels(
        items=[Item(title="Coffee", planned_minutes=10)], agreements=False, show=("cues",), running=True, size=(80, 24)
    ) as (app, pilot, live, clock):
        await pilot.pause()
        assert "No cues for this item." in panel_text(app.query_one(CuePanel))
        await pilot.press("x")  # nothing to tick, nothing breaks
        assert live.items[0].cues_done == []


def test_built_in_meeting_from_an_agenda_keeps_cues() -> None:
    items = agenda_items("following", "da")
    meeting = Meeting(id="x", date=START.date(), items=items)
    assert all(item.cues for item in meeting.items)


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize(("template", "index", "cue"), [("first", 5, 2), ("second", 5, 0), ("following", 4, 0)])
async def test_roles_set_ticks_the_roles_cue(template: str, index: int, cue: int, language: str) -> None:
    clock = FakeClock(START)
    live = make_live(clock, template=template, language=language, agreements=False)
    go_to(live, index)
    app = PanelsHost(live, language=language, show=("cues",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one(CuePanel).roles_set() == [cue]
        assert live.items[index].cues_done == [cue]
