"""The garbage collector at a meeting's pace (facilitator/memory.py, issue 20): held at start, settled, released."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from meeting_screen_helpers import RunningMeeting, settle

from facilitator import memory
from facilitator.app import SETTLE_AFTER, SETTLE_QUIET, FacilitatorApp


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the collector, the next test finds Python's own."""
    thresholds = gc.get_threshold()
    yield
    memory.release()
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    gc.enable()


class Node:
    """An object in a reference cycle (only the cycle collector frees it)."""

    def __init__(self) -> None:
        self.me = self


def test_hold_stops_collection_and_settle_starts_it_again() -> None:
    memory.hold()
    assert not gc.isenabled()
    memory.settle()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what was alive is left out of later collections


def test_a_cycle_dropped_after_settle_is_freed_by_the_next_settle() -> None:
    node = Node()
    ref = weakref.ref(node)
    memory.settle()  # the node is alive: frozen
    del node
    gc.collect()
    assert ref() is not None  # frozen objects are not collected ...
    memory.settle()
    assert ref() is None  # ... until the next settle, which unfreezes first: nothing leaks for good


def test_a_cycle_made_after_settle_is_collected_as_usual() -> None:
    memory.settle()
    node = Node()
    ref = weakref.ref(node)
    del node
    gc.collect()
    assert ref() is None


def test_tidy_collects_what_is_new_and_freezes_what_is_left() -> None:
    memory.settle()
    frozen = gc.get_freeze_count()
    kept = Node()
    kept_ref = weakref.ref(kept)
    dropped = Node()
    ref = weakref.ref(dropped)
    del dropped
    assert memory.tidy()
    assert ref() is None  # the new cycle is collected ...
    assert gc.get_freeze_count() > frozen  # ... what is alive is frozen with the rest:
    del kept
    gc.collect()
    assert kept_ref() is not None  # no collection looks at it now ...
    memory.settle()
    assert kept_ref() is None  # ... until the next settle


def test_tidy_does_nothing_while_start_up_holds_the_collector() -> None:
    memory.hold()
    node = Node()
    ref = weakref.ref(node)
    del node
    assert not memory.tidy()
    assert ref() is not None and gc.get_freeze_count() == 0
    memory.settle()
    assert ref() is None


def test_settle_leaves_the_full_collections_to_the_app_and_release_gives_them_back() -> None:
    """Python's own full collection came every second or two of a meeting's redraws, in the middle of a frame."""
    own = gc.get_threshold()
    memory.settle()
    assert gc.get_threshold() == (own[0], own[1], memory.PACED_FULL_EVERY)
    memory.settle()  # again: still Python's own kept for release
    memory.release()
    assert gc.get_threshold() == own


def test_release_leaves_nothing_frozen_or_held() -> None:
    memory.hold()
    memory.settle()
    memory.hold()
    memory.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


async def test_the_app_settles_after_a_change_of_screen_and_releases_at_the_end(
    make_app: Callable[..., FacilitatorApp], meeting_id: str
) -> None:
    app = make_app()  # a group with a meeting: the home screen, whose h opens the history
    memory.hold()  # as cli.run does before the app starts
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE_AFTER + 0.5)
        assert app.settled == 1  # the home screen settled once
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        await pilot.press("h")  # the history
        await pilot.pause(0.1)
        assert app.settled == 1  # not at once: the screen is drawn first
        await pilot.pause(SETTLE_AFTER + 0.5)
        assert type(app.screen).__name__ == "HistoryScreen"
        assert app.settled == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


async def test_the_settle_waits_for_a_gap_in_the_keys_but_not_for_ever(
    make_app: Callable[..., FacilitatorApp], meeting_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection takes 120 ms at hour 3 on a slow laptop: not while the moderator goes on pressing keys."""
    import facilitator.app as app_module

    quiet = 1.5  # wide, so that a slow machine's keys still come within it
    monkeypatch.setattr(app_module, "SETTLE_QUIET", quiet)
    monkeypatch.setattr(app_module, "SETTLE_LATEST", 4.0)
    app = make_app()
    memory.hold()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE_AFTER + 0.5)
        assert app.settled == 1
        await pilot.press("h")  # the history: a change of screen
        for _ in range(8):  # keys every 0.2 s, past SETTLE_AFTER: no settle while they come
            await pilot.press("down")
            await pilot.pause(0.2)
            assert app.settled == 1
        await pilot.pause(quiet + 0.5)  # a gap: it settles now
        assert app.settled == 2
        await pilot.press("escape")  # back home; keys that never stop: it settles at SETTLE_LATEST anyway
        for _ in range(24):
            await pilot.press("down")
            await pilot.pause(0.2)
        assert app.settled == 3
    assert gc.get_freeze_count() == 0


async def test_a_time_out_and_its_end_ask_for_no_settle_but_leaving_the_meeting_does(
    running_meeting: RunningMeeting, meeting_id: str, monkeypatch: Any
) -> None:
    """The kept time-out screen (built once, installed) makes and frees nothing when shown: no full collection,
    which landed on the moderator's next key (issue 20). The screens that come and go still settle."""
    import facilitator.screens.meeting as meeting_module

    monkeypatch.setattr(meeting_module, "PREPARE_TIMEOUT_AFTER", 0.1)
    async with running_meeting(meeting_id, started=True) as (app, pilot, screen):
        await pilot.pause(SETTLE_AFTER + SETTLE_QUIET + 0.3)
        assert screen.prepared_timeout is not None
        settled = app.settled
        assert settled >= 1  # the meeting screen was settled
        for _ in range(2):
            await pilot.press("ctrl+t")
            await settle(pilot)
            assert app.screen is screen.prepared_timeout
            await pilot.pause(SETTLE_AFTER + SETTLE_QUIET + 0.3)
            await pilot.press("1")  # the time-out ends
            await settle(pilot)
            assert app.screen is screen and screen.live.running
            await pilot.pause(SETTLE_AFTER + SETTLE_QUIET + 0.3)
        assert app.settled == settled
        await pilot.press("f1")  # the help: a screen built anew, which settles
        await settle(pilot)
        await pilot.pause(SETTLE_AFTER + SETTLE_QUIET + 0.3)
        assert app.settled == settled + 1


async def test_the_app_tidies_in_the_pauses_and_settles_again_after_a_long_time_on_one_screen(
    make_app: Callable[..., FacilitatorApp], meeting_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tidy every TIDY_EVERY seconds, only when no key came within TIDY_QUIET; a new settle after RESETTLE_EVERY."""
    import facilitator.app as app_module

    monkeypatch.setattr(app_module, "TIDY_EVERY", 0.9)
    monkeypatch.setattr(app_module, "TIDY_QUIET", 0.8)
    app = make_app()
    memory.hold()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE_AFTER + SETTLE_QUIET + 0.3)
        assert app.settled == 1 and app.tidied == 0
        await pilot.press("h")  # the history (its settle comes after this)
        await pilot.pause(SETTLE_AFTER + SETTLE_QUIET + 0.3)
        assert app.settled == 2
        tidied = app.tidied
        for _ in range(12):  # 2.4 s of keys, never 0.8 s apart: no tidy
            await pilot.press("down")
            await pilot.pause(0.2)
        assert app.tidied == tidied
        await pilot.pause(2.5)  # a pause: tidied within the pacer's next seconds
        assert app.tidied > tidied
        assert app.settled == 2
        monkeypatch.setattr(app_module, "RESETTLE_EVERY", 0.5)
        monkeypatch.setattr(app_module, "RESETTLE_QUIET", 0.5)
        await pilot.pause(1.6)
        assert app.settled >= 3  # a long time on one screen, a longer pause: settled again
    assert gc.get_freeze_count() == 0
