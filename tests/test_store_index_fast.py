"""The history index's quick path: an unchanged meetings folder is trusted; the full check still finds hand edits."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import facilitator.store as store_module
import facilitator.store.datastore as datastore_module  # where the Store looks up parse_model
from facilitator.model import Meeting, Member
from facilitator.store import Store


def finished(mid: str, day: date, title: str) -> Meeting:
    return Meeting(id=mid, date=day, title=title, status="finished")  # type: ignore[arg-type]


@pytest.fixture
def written(data_dir: Path) -> tuple[Path, str]:
    """A data folder with two finished meetings and an index brought up to date by a full check."""
    store = Store(data_dir, fsync=False)
    gid = store.create_group("G", [Member(id="anne", name="anne")]).id
    store.save_meeting(gid, finished("2026-01-05-a", date(2026, 1, 5), "Januar"))
    store.save_meeting(gid, finished("2026-02-05-b", date(2026, 2, 5), "Februar"))
    assert [s.title for s in store.history_index(gid)] == ["Februar", "Januar"]
    # The folder's last change a second back, so the mark below lies in a later clock tick (not racy).
    folder = store.meetings_dir(gid)
    past = os.stat(folder).st_mtime_ns - 1_000_000_000
    os.utime(folder, ns=(past, past))
    assert [s.title for s in store.history_index(gid)] == ["Februar", "Januar"]
    return data_dir, gid


def test_unchanged_folder_is_trusted_and_a_hand_edit_in_place_is_found_by_the_full_check(
    written: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, gid = written
    store = Store(data_dir, fsync=False)  # as a new start of the program
    folder = store.meetings_dir(gid)
    path = store.meeting_path(gid, "2026-01-05-a")
    before = os.stat(folder).st_mtime_ns
    text = path.read_text(encoding="utf-8")
    with open(path, "w", encoding="utf-8") as handle:  # in place: the folder's mtime stays
        handle.write(text.replace('"Januar"', '"Januar, rettet i hånden"'))
    assert os.stat(folder).st_mtime_ns == before

    parsed: list[str] = []
    real = store_module.parse_model
    monkeypatch.setattr(datastore_module, "parse_model", lambda p, d, c: (parsed.append(p.name), real(p, d, c))[1])
    quick = store.history_index(gid, verify=False)
    assert [s.title for s in quick] == ["Februar", "Januar"]  # trusted as written, no file read
    assert parsed == []

    checked = store.history_index(gid)
    assert [s.title for s in checked] == ["Februar", "Januar, rettet i hånden"]
    assert parsed == ["2026-01-05-a.toml"]
    assert [s.title for s in Store(data_dir).history_index(gid)] == ["Februar", "Januar, rettet i hånden"]


def test_quick_path_is_not_taken_when_a_meeting_was_saved_since(written: tuple[Path, str]) -> None:
    data_dir, gid = written
    other = Store(data_dir, fsync=False)  # another program saves a meeting (os.replace moves the folder's mtime)
    other.save_meeting(gid, finished("2026-03-05-c", date(2026, 3, 5), "Marts"))
    quick = Store(data_dir).history_index(gid, verify=False)
    assert [s.title for s in quick] == ["Marts", "Februar", "Januar"]


def test_index_file_carries_the_folders_mtime_after_a_full_check(written: tuple[Path, str]) -> None:
    data_dir, gid = written
    folder = Store(data_dir).meetings_dir(gid)
    (folder / ".stray").write_text("x")  # the folder moves, no meeting changes
    (folder / ".stray").unlink()
    Store(data_dir).history_index(gid)
    assert os.stat(Store(data_dir).index_path(gid)).st_mtime_ns == os.stat(folder).st_mtime_ns
