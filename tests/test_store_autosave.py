"""AutoSaver: debounced saves on a thread, never more than `delay` unsaved, flush, errors kept dirty.

The waits here are `Event.wait(timeout)`: they return as soon as the saver acts;
the timeout only bounds a failure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from facilitator.store import AutoSaver

WAIT = 5.0


class FakeSave:
    """A save function that counts calls, can fail, and can be held inside the save."""

    def __init__(self) -> None:
        self.calls = 0
        self.threads: list[str] = []
        self.saved = threading.Event()
        self.fail_with: Exception | None = None
        self.hold: threading.Event | None = None
        self.inside = threading.Event()
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.inside.set()
            if self.hold is not None:
                assert self.hold.wait(WAIT)
            self.calls += 1
            self.threads.append(threading.current_thread().name)
            if self.fail_with is not None:
                raise self.fail_with
            self.saved.set()
        finally:
            with self._lock:
                self.active -= 1


def errors_into(box: list[Exception], event: threading.Event) -> Callable[[Exception], None]:
    def on_error(error: Exception) -> None:
        box.append(error)
        event.set()

    return on_error


def test_a_request_is_saved_on_the_background_thread() -> None:
    save = FakeSave()
    saver = AutoSaver(save, delay=0.01)
    try:
        assert not saver.dirty
        saver.request()
        assert save.saved.wait(WAIT)
        assert save.threads == ["facilitator-autosave"]
        assert not saver.dirty
    finally:
        saver.close()


def test_requests_in_a_burst_make_few_saves() -> None:
    save = FakeSave()
    saver = AutoSaver(save, delay=0.2)
    try:
        for _ in range(50):
            saver.request()
        assert save.saved.wait(WAIT)
        assert save.calls == 1
    finally:
        saver.close()
    assert save.calls == 1  # nothing was left to save on close


def test_a_stream_of_requests_does_not_postpone_the_save() -> None:
    """Requests keep coming without a pause; the first one is still saved after `delay`."""
    save = FakeSave()
    saver = AutoSaver(save, delay=0.01)
    try:
        requests = 0
        while not save.saved.is_set():
            saver.request()
            requests += 1
            assert requests < 50_000_000, "the save never came while requests kept coming"
        assert save.calls >= 1
    finally:
        saver.close()


def test_flush_saves_now_on_the_callers_thread_and_only_when_dirty() -> None:
    save = FakeSave()
    saver = AutoSaver(save, delay=60)
    try:
        assert saver.flush() is True
        assert save.calls == 0
        saver.request()
        assert saver.flush() is True
        assert save.calls == 1 and save.threads == [threading.current_thread().name]
        assert saver.flush() is True
        assert save.calls == 1
    finally:
        saver.close()


def test_close_flushes_and_stops_the_thread() -> None:
    save = FakeSave()
    saver = AutoSaver(save, delay=60)
    saver.request()
    saver.close()
    assert save.calls == 1
    assert not saver._thread.is_alive()


def test_a_failed_save_goes_to_on_error_stays_dirty_and_is_retried_on_request() -> None:
    save = FakeSave()
    save.fail_with = OSError(28, "No space left on device")
    errors: list[Exception] = []
    failed = threading.Event()
    saver = AutoSaver(save, delay=0.01, on_error=errors_into(errors, failed))
    try:
        saver.request()
        assert failed.wait(WAIT)
        assert errors == [save.fail_with] and saver.dirty and saver.last_error is save.fail_with
        assert not save.saved.wait(0.05)  # no busy retry loop while nothing new happens
        assert save.calls == 1

        save.fail_with = None
        saver.request()
        assert save.saved.wait(WAIT)
        assert save.calls == 2 and not saver.dirty and saver.last_error is None
    finally:
        saver.close()


def test_flush_retries_a_failed_save_and_reports_failure() -> None:
    save = FakeSave()
    save.fail_with = PermissionError(13, "Read-only file system")
    errors: list[Exception] = []
    saver = AutoSaver(save, delay=60, on_error=errors_into(errors, threading.Event()))
    try:
        saver.request()
        assert saver.flush() is False
        assert saver.dirty and len(errors) == 1
        save.fail_with = None
        assert saver.flush() is True
        assert not saver.dirty and save.calls == 2
    finally:
        saver.close()


def test_a_broken_error_handler_does_not_stop_saving() -> None:
    save = FakeSave()
    save.fail_with = OSError("boom")

    def bad_handler(error: Exception) -> None:
        raise RuntimeError("handler broke")

    saver = AutoSaver(save, delay=60, on_error=bad_handler)
    try:
        saver.request()
        assert saver.flush() is False
        save.fail_with = None
        assert saver.flush() is True
    finally:
        saver.close()


def test_saves_never_overlap_and_a_change_during_a_save_is_saved_after() -> None:
    save = FakeSave()
    save.hold = threading.Event()
    saver = AutoSaver(save, delay=0.01)
    try:
        saver.request()
        assert save.inside.wait(WAIT)  # the background save is running and held
        saver.request()  # a change while it runs
        flushed = threading.Event()
        flusher = threading.Thread(target=lambda: (saver.flush(), flushed.set()))
        flusher.start()
        assert not flushed.wait(0.05)  # flush waits for the running save
        save.hold.set()
        assert flushed.wait(WAIT)
        flusher.join(WAIT)
        assert save.max_active == 1
        assert save.calls == 2  # the held save, then the change made during it
        assert not saver.dirty
    finally:
        save.hold.set()
        saver.close()


def test_request_after_close_does_not_save_on_a_thread() -> None:
    save = FakeSave()
    saver = AutoSaver(save, delay=0.01)
    saver.close()
    saver.request()
    assert saver.dirty
    assert save.calls == 0


def test_an_urgent_request_is_saved_at_once_by_the_thread() -> None:
    """A change of state (next item, time-out) does not wait for the typing delay: the room view follows it."""
    save = FakeSave()
    saver = AutoSaver(save, delay=60)
    try:
        saver.request()  # typing: would wait a minute
        saver.request(urgent=True)  # a change of state: now, and the typing goes with it
        assert save.saved.wait(WAIT)
        assert save.calls == 1 and save.threads == ["facilitator-autosave"]
        assert not saver.dirty
        save.saved.clear()
        saver.request()  # typing after it waits for the delay again
        assert not save.saved.wait(0.1)
        assert saver.dirty and save.calls == 1
    finally:
        saver.close()
    assert save.calls == 2  # closing saved the typing


def test_an_urgent_request_waits_soon_seconds_so_the_screen_draws_the_change_first() -> None:
    """The meeting screen's saver (SAVE_SOON): a change of state is saved a moment later, not at once, and not after `delay`."""
    save = FakeSave()
    saver = AutoSaver(save, delay=60, soon=0.3)
    try:
        started = time.monotonic()
        saver.request(urgent=True)
        assert not save.saved.wait(0.1)  # not yet: the screen draws first
        assert save.saved.wait(WAIT)
        assert time.monotonic() - started >= 0.3 and save.calls == 1
        save.saved.clear()
        saver.request()
        saver.request(urgent=True)  # typing waiting for the minute goes along with the next change of state
        assert save.saved.wait(WAIT) and save.calls == 2 and not saver.dirty
    finally:
        saver.close()


def test_urgent_requests_during_a_save_make_one_more_save() -> None:
    save = FakeSave()
    save.hold = threading.Event()
    saver = AutoSaver(save, delay=60)
    try:
        saver.request(urgent=True)
        assert save.inside.wait(WAIT)  # the first save runs and is held
        for _ in range(20):  # a burst of changes while it runs
            saver.request(urgent=True)
        save.saved.clear()
        save.hold.set()
        for _ in range(2):
            assert save.saved.wait(WAIT)
            save.saved.clear()
            if save.calls == 2:
                break
        assert save.calls == 2 and save.max_active == 1
        assert not saver.dirty
    finally:
        save.hold.set()
        saver.close()
    assert save.calls == 2
