"""The history index: summaries of finished meetings, kept in a small cache file, re-reading only what changed."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

import facilitator.store as store_module
import facilitator.store.datastore as datastore_module  # where the Store looks up parse_model and write_atomic
from facilitator.model import Attendance, Item, Meeting, Member, Span, TimeOut
from facilitator.store import MeetingSummary, Store

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 3, 12, 18, 0, tzinfo=TZ)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def finished(mid: str, day: date, title: str = "Møde", **extra: object) -> Meeting:
    return Meeting(id=mid, date=day, title=title, status="finished", **extra)  # type: ignore[arg-type]


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir, fsync=False)


@pytest.fixture
def gid(store: Store) -> str:
    return store.create_group("G", [Member(id=m, name=m) for m in ("anne", "bo", "carl", "dorte")]).id


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the store parses from now on."""
    seen: list[str] = []
    real = store_module.parse_model

    def counting(path: Path, data: bytes, cls: type) -> object:
        seen.append(path.name)
        return real(path, data, cls)

    monkeypatch.setattr(datastore_module, "parse_model", counting)
    return seen


def test_summary_counts_people_minutes_overruns_and_time_outs(store: Store, gid: str) -> None:
    items = [
        Item(title="Velkommen", planned_minutes=15, spans=[Span(start=at(0), end=at(10)), Span(start=at(12), end=at(18))]),
        Item(title="Runde", planned_minutes=45, spans=[Span(start=at(18), end=at(60))]),
        Item(title="Pause", planned_minutes=20, spans=[Span(start=at(60), end=at(85)), Span(start=at(90))]),
        Item(title="Eventuelt", planned_minutes=0, spans=[Span(start=at(85), end=at(90))]),
    ]
    meeting = finished(
        "2026-03-12-moede",
        date(2026, 3, 12),
        title="Første MØDE",
        place="Hos Anne",
        start=time(18, 0),
        items=items,
        attendance=Attendance(present=["anne", "bo"], absent_notified=["carl"], absent=["dorte"]),
        timeouts=[TimeOut(start=at(30), end=at(32)), TimeOut(start=at(40))],
    )
    store.save_meeting(gid, meeting)
    [summary] = Store(store.root).history_index(gid)  # read from the file, not from the save
    assert summary == MeetingSummary(
        id="2026-03-12-moede",
        title="Første MØDE",
        date=date(2026, 3, 12),
        start=time(18, 0),
        status="finished",
        place="Hos Anne",
        present=2,
        members=4,
        planned_minutes=80,
        actual_minutes=16 + 42 + 25 + 5,  # the open span of the break is left out
        items_over=2,  # Velkommen 16 > 15 and Pause 25 > 20; Eventuelt has no time set
        timeouts=2,
        mtime_ns=summary.mtime_ns,
        size=store.meeting_path(gid, "2026-03-12-moede").stat().st_size,
        search="første møde",
    )
    assert summary.mtime_ns == store.meeting_path(gid, "2026-03-12-moede").stat().st_mtime_ns


def test_only_finished_meetings_newest_first(store: Store, gid: str) -> None:
    store.save_meeting(gid, finished("a", date(2026, 1, 1)))
    store.save_meeting(gid, finished("c", date(2026, 3, 1)))
    store.save_meeting(gid, finished("b", date(2026, 2, 1)))
    store.save_meeting(gid, Meeting(id="planned", date=date(2026, 4, 1)))
    store.save_meeting(gid, Meeting(id="live", date=date(2026, 3, 12), status="live"))
    assert [s.id for s in store.history_index(gid)] == ["c", "b", "a"]


def test_unchanged_files_are_not_parsed_again(store: Store, gid: str, parses: list[str]) -> None:
    for n in range(1, 6):
        store.save_meeting(gid, finished(f"m{n}", date(2026, 1, n)))
    store.history_index(gid)
    assert parses == []  # the summaries of the store's own saves are taken as they are
    index = store.index_path(gid)
    assert index.exists() and json.loads(index.read_text())["version"] == 1

    fresh = Store(store.root)
    assert len(fresh.history_index(gid)) == 5
    assert parses == []


def test_a_changed_file_is_read_again_and_only_that_one(store: Store, gid: str, parses: list[str]) -> None:
    for n in range(1, 4):
        store.save_meeting(gid, finished(f"m{n}", date(2026, 1, n)))
    store.history_index(gid)
    other = Store(store.root)
    changed = other.load_meeting(gid, "m2")
    changed.title = "Ændret titel med en længere tekst"
    other.save_meeting(gid, changed)
    parses.clear()
    summaries = {s.id: s for s in store.history_index(gid)}
    assert parses == ["m2.toml"]
    assert summaries["m2"].title == "Ændret titel med en længere tekst"
    assert summaries["m2"].search == "ændret titel med en længere tekst"


def test_new_and_removed_files_are_picked_up(store: Store, gid: str) -> None:
    store.save_meeting(gid, finished("m1", date(2026, 1, 1)))
    store.save_meeting(gid, finished("m2", date(2026, 1, 2)))
    assert len(store.history_index(gid)) == 2
    store.meeting_path(gid, "m1").unlink()
    Store(store.root).save_meeting(gid, finished("m3", date(2026, 1, 3)))
    assert [s.id for s in store.history_index(gid)] == ["m3", "m2"]
    saved = json.loads((store.index_path(gid)).read_text())
    assert sorted(saved["meetings"]) == ["m2", "m3"]


def test_the_index_is_rewritten_only_when_something_changed(
    store: Store, gid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_meeting(gid, finished("m1", date(2026, 1, 1)))
    store.history_index(gid)
    writes: list[Path] = []
    real = store_module.write_atomic

    def spy(path: Path, data: bytes, *, fsync: bool = True) -> os.stat_result:
        writes.append(path)
        return real(path, data, fsync=fsync)

    monkeypatch.setattr(datastore_module, "write_atomic", spy)
    store.history_index(gid)
    Store(store.root).history_index(gid)
    store.upcoming_meetings(gid)
    assert writes == []
    store.save_meeting(gid, finished("m2", date(2026, 1, 2)))
    writes.clear()
    store.history_index(gid)
    assert writes == [store.index_path(gid)]


def test_a_bad_file_is_skipped_reported_and_does_not_rewrite_the_index(
    store: Store, gid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_meeting(gid, finished("good", date(2026, 1, 1)))
    store.meeting_path(gid, "bad").write_text("status = [\n")
    assert [s.id for s in store.history_index(gid)] == ["good"]
    assert [p.path.name for p in store.problems] == ["bad.toml"]
    writes: list[Path] = []
    monkeypatch.setattr(datastore_module, "write_atomic", lambda path, data, **kw: writes.append(path))
    assert [s.id for s in store.history_index(gid)] == ["good"]
    assert writes == []
    store.meeting_path(gid, "bad").unlink()
    store.history_index(gid)
    assert store.problems == []


def test_a_damaged_index_is_rebuilt(store: Store, gid: str, parses: list[str]) -> None:
    store.save_meeting(gid, finished("m1", date(2026, 1, 1)))
    store.history_index(gid)
    index = store.index_path(gid)
    for damage in ("{not json", json.dumps({"version": 99}), json.dumps({"version": 1, "fields": [], "meetings": {}})):
        index.write_text(damage)
        parses.clear()
        assert [s.id for s in Store(store.root).history_index(gid)] == ["m1"]
        assert parses == ["m1.toml"]
        assert json.loads(index.read_text())["version"] == 1


def test_a_read_only_index_folder_still_lists(store: Store, gid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save_meeting(gid, finished("m1", date(2026, 1, 1)))

    def refuse(path: Path, data: bytes, *, fsync: bool = True) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(datastore_module, "write_atomic", refuse)
    assert [s.id for s in Store(store.root).history_index(gid)] == ["m1"]


def test_the_index_ignores_lock_files_temporaries_and_hidden_files(store: Store, gid: str) -> None:
    store.save_meeting(gid, finished("m1", date(2026, 1, 1)))
    folder = store.meetings_dir(gid)
    (folder / "m1.lock").write_text("123\n")
    (folder / ".m1.toml.1.abcd.tmp").write_text("torn")
    (folder / ".hidden.toml").write_text("torn")
    (folder / "notes.txt").write_text("x")
    assert [s.id for s in store.history_index(gid)] == ["m1"]
    assert store.problems == []


def test_many_meetings_reopen_without_parsing(store: Store, gid: str, parses: list[str]) -> None:
    """A smaller cousin of the 10,000-meeting benchmark: a reopen reads no meeting file."""
    base = date(2000, 1, 1)
    for n in range(300):
        store.save_meeting(gid, finished(f"m{n:04d}", base + timedelta(days=n), title=f"Møde {n}"))
    assert len(store.history_index(gid)) == 300
    assert parses == []
    again = Store(store.root)
    summaries = again.history_index(gid)
    assert parses == []
    assert summaries[0].id == "m0299" and summaries[-1].id == "m0000"
    assert again.history_index(gid) == summaries


def test_a_bulk_writer_can_hand_the_index_its_summaries(store: Store, gid: str, parses: list[str]) -> None:
    meeting = finished("bulk", date(2026, 1, 1), title="Skrevet i bunke")
    st = store_module.write_atomic(store.meeting_path(gid, "bulk"), store_module.toml_bytes(meeting), fsync=False)
    fresh = Store(store.root)
    fresh.note_written(gid, store_module.summarize(meeting), st)
    [summary] = fresh.history_index(gid)
    assert parses == []
    assert (summary.id, summary.title, summary.mtime_ns, summary.size) == ("bulk", "Skrevet i bunke", st.st_mtime_ns, st.st_size)


def test_a_noted_summary_is_ignored_when_the_file_changed_after(store: Store, gid: str, parses: list[str]) -> None:
    meeting = finished("bulk", date(2026, 1, 1), title="Old")
    st = store_module.write_atomic(store.meeting_path(gid, "bulk"), store_module.toml_bytes(meeting), fsync=False)
    meeting.title = "New and longer"
    store_module.write_atomic(store.meeting_path(gid, "bulk"), store_module.toml_bytes(meeting), fsync=False)
    fresh = Store(store.root)
    fresh.note_written(gid, store_module.summarize(finished("bulk", date(2026, 1, 1), title="Old")), st)
    assert [s.title for s in fresh.history_index(gid)] == ["New and longer"]
    assert parses == ["bulk.toml"]


# --------------------------------------------------------------------------- a cold index, read with progress (issue 20)


@pytest.fixture
def cold_history(tmp_path: Path) -> Store:
    """120 finished meetings and 2 planned ones (the demo), the index file removed: every file is read."""
    from facilitator.demo import DEMO_GROUP_ID, write_demo

    write_demo(tmp_path, meetings=120, today=date(2026, 12, 1), language="en")
    Store(tmp_path).index_path(DEMO_GROUP_ID).unlink()
    return Store(tmp_path)


def test_a_cold_index_tells_of_the_newest_meetings_first_and_then_the_rest(
    cold_history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import facilitator.store.index as index_module
    from facilitator.store.index import PROGRESS_FIRST

    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 600.0)  # by count only, however slow the machine

    calls: list[tuple[list[MeetingSummary], int, int]] = []
    result = cold_history.history_index(
        "demo", verify=False, progress=lambda added, done, total: calls.append((added, done, total))
    )
    assert len(result) == 120
    assert calls, "a long read says what it has found before it ends"
    first, done, total = calls[0]
    assert (done, total) == (PROGRESS_FIRST, 122)  # 120 finished and 2 planned files to read
    # Newest first: the first call holds the newest finished meetings, the rows the history shows on top.
    newest = [summary.id for summary in result[: PROGRESS_FIRST - 2]]
    assert set(newest) <= {summary.id for summary in first}
    told = [summary.id for added, _, _ in calls for summary in added]
    assert len(told) == len(set(told))  # each meeting told once
    assert set(told) <= {summary.id for summary in result}
    assert {summary.status for added, _, _ in calls for summary in added} == {"finished"}


def test_later_calls_bring_only_what_was_read_since(cold_history: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import facilitator.store.index as index_module

    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 0.0)  # a call after every file once the first is made
    calls: list[tuple[list[str], int]] = []
    result = cold_history.history_index("demo", progress=lambda added, done, total: calls.append(([s.id for s in added], done)))
    dones = [done for _, done in calls]
    assert dones == sorted(dones) and len(set(dones)) == len(dones)
    assert dones[-1] == 121  # the last file's rows come with the whole index, not in a call
    assert all(len(ids) <= 1 for ids, _ in calls[1:])
    told = [mid for ids, _ in calls for mid in ids]
    assert len(told) == len(set(told)) and len(told) == len(result) - 1  # all but the last file's meeting


def test_a_warm_index_reads_no_file_and_tells_nothing(cold_history: Store) -> None:
    cold_history.history_index("demo")
    calls: list[int] = []
    again = Store(cold_history.root).history_index("demo", verify=False, progress=lambda added, done, total: calls.append(done))
    assert len(again) == 120 and calls == []
