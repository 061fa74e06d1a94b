"""The grouping dialog (issue 4): sizes for 0-13 present, keep-apart, reshuffle, accept, history from the store."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date, time
from pathlib import Path

import tomli_w
from panels_host import START, PanelsHost, make_group, make_live
from rich.text import Text
from textual.widgets import Static

from facilitator.clock import FakeClock
from facilitator.grouping import group_sizes
from facilitator.model import Grouping, Meeting
from facilitator.screens.grouping import GroupingDialog, earlier_pair_history
from facilitator.store import Store


def text_of(app: PanelsHost, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def partition(groups: list[list[str]]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(g) for g in groups)


def at_wishes(clock: FakeClock, present: int = 7, **kwargs: object) -> object:
    """A checked-in meeting at item 4, Wishes for the network (40 min), running."""
    live = make_live(clock, present=present, **kwargs)  # type: ignore[arg-type]
    live.toggle_running()
    for _ in range(3):
        live.next_item()
    return live


async def test_every_number_present_from_0_to_13_is_split_by_the_rule() -> None:
    clock = FakeClock(START)
    host = make_live(clock, present=3)
    app = PanelsHost(host, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(14):
            live = make_live(clock, present=n, members=13)
            dialog = GroupingDialog(live, None, live.group, seed=n)
            await app.push_screen(dialog)
            await pilot.pause()
            if n < 2:
                assert dialog.split is None and dialog.groups == []
                assert "at least two" in text_of(app, "#grouping-groups")
                await pilot.press("enter")  # closes, stores nothing
                assert live.meeting.groupings == []
            else:
                assert sorted(map(len, dialog.groups)) == sorted(group_sizes(n)), n
                placed = [m for g in dialog.groups for m in g]
                assert sorted(placed) == sorted(live.present_members()), n
                assert "Group 1:" in text_of(app, "#grouping-groups")
                await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not dialog


async def test_digits_and_k_keep_two_members_apart() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=4)
    app = PanelsHost(live, show=(), seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        for seed in range(3):  # whatever the draw, the pair ends up apart
            dialog = GroupingDialog(live, None, seed=seed)
            await app.push_screen(dialog)
            await pilot.press("1", "k", "2", "k")
            assert dialog.keep_apart == [frozenset({"anne", "bo"})]
            assert not any({"anne", "bo"} <= set(g) for g in dialog.groups)
            assert "Kept apart: Anne Holm ≠ Bo Jensen" in text_of(app, "#grouping-info")
            assert sorted(m for g in dialog.groups for m in g) == ["anne", "bo", "carla", "dorte"]
            await pilot.press("escape")


async def test_arrows_choose_and_k_twice_on_the_same_member_unmarks() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=6)
    app = PanelsHost(live, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = GroupingDialog(live, None, seed=1)
        await app.push_screen(dialog)
        first = dialog.selected
        await pilot.press("down")
        assert dialog.selected != first
        await pilot.press("k")
        assert dialog.pending == dialog.selected
        assert "choose a member and press k" in text_of(app, "#grouping-info")
        await pilot.press("k")
        assert dialog.pending is None and dialog.keep_apart == []
        await pilot.press("3", "k", "4", "k", "backspace")
        assert dialog.keep_apart == []


async def test_r_reshuffles_to_a_different_split() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=7)
    app = PanelsHost(live, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = GroupingDialog(live, None, seed=11)
        await app.push_screen(dialog)
        seen = [partition(dialog.groups)]
        for _ in range(3):
            await pilot.press("r")
            assert partition(dialog.groups) != seen[-1]
            assert sorted(map(len, dialog.groups)) == [3, 4]
            seen.append(partition(dialog.groups))


async def test_same_seed_same_split() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=9)
    app = PanelsHost(live, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        splits = []
        for _ in range(2):
            dialog = GroupingDialog(live, None, seed=42)
            await app.push_screen(dialog)
            await pilot.press("r")
            splits.append(dialog.groups)
            await pilot.press("escape")
        assert splits[0] == splits[1]


async def test_enter_stores_the_grouping_writes_the_minutes_and_starts_the_talk() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=7)
    app = PanelsHost(live, seed=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        dialog = app.screen
        assert isinstance(dialog, GroupingDialog)
        await pilot.press("plus", "plus", "minus")
        assert dialog.talk_minutes == 26
        assert "Group talk: 26 min of the item's 40 min" in text_of(app, "#grouping-talk")
        groups = dialog.groups
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        stored = live.meeting.groupings
        assert len(stored) == 1
        assert stored[0].groups == groups and stored[0].item == 3 and stored[0].talk_minutes == 26
        assert stored[0].at == clock.now()
        # In the minutes, under the item's heading.
        minutes = live.minutes
        section = minutes[minutes.index("## 4. Wishes for the network"):]
        assert "Groups of three (26 min group talk):" in section
        for group in groups:
            assert "- " + ", ".join(live.name_of(m) for m in group) in section
        # The file says the same.
        data = tomllib.loads(tomli_w.dumps(live.snapshot_toml_dict()))
        assert data["groupings"][0]["groups"] == groups and data["groupings"][0]["talk_minutes"] == 26
        # The group talk runs.
        phase = live.group_phase()
        assert phase is not None and phase.phase == "talk" and phase.remaining_seconds == 26 * 60


async def test_escape_stores_nothing() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=5)
    app = PanelsHost(live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, GroupingDialog)
        await pilot.press("escape")
        assert live.meeting.groupings == [] and "Groups of three" not in live.minutes


async def test_earlier_groupings_of_this_meeting_count_as_history() -> None:
    clock = FakeClock(START)
    live = at_wishes(clock, present=6)
    live.accept_grouping([["anne", "bo", "carla"], ["dorte", "erik", "fie"]])
    app = PanelsHost(live, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = GroupingDialog(live, None, seed=2)
        await app.push_screen(dialog)
        await pilot.pause()
        # Three from each old group in groups of three: at least one old pair per group.
        assert dialog.split is not None and dialog.split.repeated_pairs == 2
        assert "2 repeated pairs" in text_of(app, "#grouping-info")


def finished_meeting(mid: str, day: date, groups: list[list[str]]) -> Meeting:
    meeting = Meeting(id=mid, title="Meeting", date=day, start=time(18, 0), status="finished")
    meeting.groupings.append(Grouping(item=0, groups=groups))
    return meeting


def store_with_history(tmp_path: Path) -> tuple[Store, str]:
    store = Store(tmp_path / "data", fsync=False)
    group = make_group("en")
    created = store.create_group(group.name, group.members)
    store.save_meeting(created.id, finished_meeting("2026-01-08-a", date(2026, 1, 8), [["anne", "bo"], ["carla", "dorte"]]))
    store.save_meeting(created.id, finished_meeting("2026-02-05-b", date(2026, 2, 5), [["anne", "carla"], ["bo", "dorte"]]))
    return store, created.id


def test_earlier_pair_history_reads_only_the_newest_meetings(tmp_path: Path) -> None:
    store, gid = store_with_history(tmp_path)
    both = earlier_pair_history(store, gid)
    assert both == Counter({frozenset({"anne", "bo"}): 1, frozenset({"carla", "dorte"}): 1,
                            frozenset({"anne", "carla"}): 1, frozenset({"bo", "dorte"}): 1})
    newest = earlier_pair_history(store, gid, limit=1)
    assert set(newest) == {frozenset({"anne", "carla"}), frozenset({"bo", "dorte"})}
    assert earlier_pair_history(store, gid, exclude="2026-02-05-b", limit=1) == Counter(
        {frozenset({"anne", "bo"}): 1, frozenset({"carla", "dorte"}): 1}
    )


async def test_the_dialog_reads_earlier_meetings_of_the_group_and_avoids_old_pairs(tmp_path: Path) -> None:
    store, gid = store_with_history(tmp_path)
    group = store.load_group(gid)
    clock = FakeClock(START)
    live = at_wishes(clock, present=4, group=group)
    app = PanelsHost(live, show=())
    async with app.run_test(size=(120, 40)) as pilot:
        for seed in range(2):
            dialog = GroupingDialog(live, store, group, seed=seed)
            await app.push_screen(dialog)
            await app.workers.wait_for_complete()
            await pilot.pause()
            # Four members sit as one group of four: all six pairs, four of them old.
            assert dialog.split is not None and dialog.split.repeated_pairs == 4
            await pilot.press("escape")
        # Keeping Anne and Dorte apart makes two pairs; both possible pairings sat together before.
        dialog = GroupingDialog(live, store, group, seed=0)
        await app.push_screen(dialog)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("1", "k", "4", "k")
        assert sorted(map(len, dialog.groups)) == [2, 2]
        assert not any({"anne", "dorte"} <= set(g) for g in dialog.groups)
        assert dialog.split is not None and dialog.split.repeated_pairs == 2
