"""Saving a meeting from its dumped dictionary (the live meeting's snapshot): the same file and checks as from the model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.model import Meeting, Member, Speaking
from facilitator.store import ConflictError, Store, StoreError

TZ = timezone(timedelta(hours=1))
DAY = date(2026, 3, 12)


def meeting(mid: str) -> Meeting:
    start = datetime(2026, 3, 12, 19, 0, tzinfo=TZ)
    return Meeting(
        id=mid,
        date=DAY,
        start=time(19, 0),
        title="Ærø, tirsdag",
        status="finished",
        minutes="Punkt 1\nBeslutning: ja\n",
        speaking=[
            Speaking(member="anne", item=0, start=start + timedelta(minutes=n), end=start + timedelta(minutes=n, seconds=30))
            for n in range(5)
        ],
    )


def test_a_dumped_meeting_is_written_as_the_model_is_and_reaches_the_index(data_dir: Path) -> None:
    by_model, by_dict = Store(data_dir / "a"), Store(data_dir / "b")
    for store in (by_model, by_dict):
        store.create_group("G", [])
    by_model.save_meeting("g", meeting("m"))
    by_dict.save_meeting("g", meeting("m").to_toml_dict())
    assert by_dict.meeting_path("g", "m").read_bytes() == by_model.meeting_path("g", "m").read_bytes()
    assert by_dict.load_meeting("g", "m").model_dump() == meeting("m").model_dump()
    [from_dict] = by_dict.history_index("g")
    [from_model] = by_model.history_index("g")
    assert (from_dict.id, from_dict.title, from_dict.status, from_dict.search) == (
        "m",
        "Ærø, tirsdag",
        "finished",
        "ærø, tirsdag",
    )
    assert from_dict.size == by_dict.meeting_path("g", "m").stat().st_size
    assert from_dict.mtime_ns == by_dict.meeting_path("g", "m").stat().st_mtime_ns
    assert replace(from_dict, mtime_ns=0) == replace(from_model, mtime_ns=0)


def test_a_dumped_meeting_that_could_not_be_read_back_is_refused_with_the_field(data_dir: Path) -> None:
    store = Store(data_dir)
    store.create_group("G", [])
    store.save_meeting("g", meeting("m").to_toml_dict())
    before = store.meeting_path("g", "m").read_bytes()
    data = meeting("m").to_toml_dict()
    data["title"] = "x" * 10_000
    with pytest.raises(StoreError) as caught:
        store.save_meeting("g", data)
    assert caught.value.problem.field == "title"
    assert store.meeting_path("g", "m").read_bytes() == before


def test_a_dumped_meeting_does_not_overwrite_another_programs_change(data_dir: Path) -> None:
    first = Store(data_dir)
    first.create_group("G", [Member(id="anne", name="Anne")])  # a meeting naming unknown members is never rewritten
    first.save_meeting("g", meeting("m").to_toml_dict())
    second = Store(data_dir)
    theirs = second.load_meeting("g", "m")
    theirs.title = "Theirs"
    second.save_meeting("g", theirs)
    with pytest.raises(ConflictError):
        first.save_meeting("g", meeting("m").to_toml_dict())
    assert Store(data_dir).load_meeting("g", "m").title == "Theirs"
