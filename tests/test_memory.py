"""The garbage collector at a meeting's pace (facilitator/memory.py, issue 20): held at start, settled, released."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator

import pytest

from facilitator import memory
from facilitator.app import SETTLE_AFTER, FacilitatorApp


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the collector, the next test finds Python's own."""
    yield
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
