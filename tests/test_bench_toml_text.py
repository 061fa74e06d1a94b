"""facilitator.toml_text writes the text tomli_w writes (it makes saving a big meeting fast, see bench/)."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import toml_text
from facilitator.demo import write_demo
from facilitator.store import Store, toml_bytes

CET = timezone(timedelta(hours=1))


def same(data: dict[str, Any], multiline: bool = True) -> None:
    assert toml_text.dumps(data, multiline_strings=multiline) == tomli_w.dumps(data, multiline_strings=multiline)


def test_every_demo_file_is_written_as_tomli_w_writes_it(tmp_path: Path) -> None:
    write_demo(tmp_path, meetings=12, today=date(2026, 3, 12), language="da")
    store = Store(tmp_path)
    group = store.current_group()
    assert group is not None
    same(group.to_toml_dict())
    ids = store.meeting_ids(group.id)
    assert len(ids) == 14
    for mid in ids:
        data = store.load_meeting(group.id, mid).to_toml_dict()
        same(data, multiline=True)
        same(data, multiline=False)


def test_strings_keys_and_tables_that_need_care() -> None:
    data: dict[str, Any] = {
        "plain": "Anne",
        "quote": 'she said "yes" \\ no',
        "controls": "a\x01b\x7fc\td\be\ff",
        "lines": "first\nsecond\r\nthird\n",
        "key with space": 1,
        "": "empty key",
        "æøå": True,
        "float": -0.0,
        "when": datetime(2026, 3, 12, 18, 0, tzinfo=CET),
        "day": date(2026, 3, 12),
        "at": time(18, 30),
        "empty": [],
        "numbers": [1, 2, [3, 4]],
        "inline": [{"a": 1}, {"b": 2}],
        "nested": {"deep": {"x": "y"}, "list": [{"long": "z" * 120}]},
        "mixed": [{"member": "anne", "start": datetime(2026, 3, 12, 18, 0, tzinfo=CET)}, {"groups": [["a", "b"]]}],
        "empty_table": {},
        "empty_entries": [{}, {"k": "v" * 200}],
    }
    same(data, multiline=True)
    same(data, multiline=False)


def test_an_array_that_grows_between_saves_stays_right() -> None:
    turns = [
        {"member": f"m{n % 7}", "item": n % 5, "start": datetime(2026, 3, 12, 18, 0, tzinfo=CET) + timedelta(seconds=n)}
        for n in range(300)
    ]
    for step in range(5):
        data = {"speaking": [dict(t) for t in turns]}
        same(data)
        turns[-1]["end"] = turns[-1]["start"] + timedelta(seconds=30)
        turns.append({"member": "new", "item": step, "start": datetime(2026, 3, 12, 20, 0, tzinfo=CET)})
        turns[0]["member"] = f"changed{step}"  # a change at the front is seen as well
    same({"speaking": turns[:10]})  # shorter again


def test_equal_instants_in_other_zones_keep_their_offsets_when_rendered_anew() -> None:
    utc = datetime(2026, 3, 12, 17, 0, tzinfo=UTC)
    cet = utc.astimezone(CET)
    assert utc == cet
    same({"first": [{"at": utc, "x": "a" * 100}]})
    same({"second": [{"at": cet, "x": "a" * 100}]})
    same({"flags": [{"v": True, "x": "a" * 100}], "ints": [{"v": 1, "x": "a" * 100}]})


def test_store_text_with_carriage_returns_and_bad_surrogates_reads_back(tmp_path: Path) -> None:
    write_demo(tmp_path, meetings=2, today=date(2026, 3, 12), language="en")
    store = Store(tmp_path)
    group = store.current_group()
    assert group is not None
    meeting = store.load_meeting(group.id, store.meeting_ids(group.id)[0])
    meeting.minutes = "line one\r\nline two\nthree"
    text = toml_bytes(meeting)
    assert text == tomli_w.dumps(meeting.to_toml_dict(), multiline_strings=False).encode()
    assert tomllib.loads(text.decode())["minutes"] == meeting.minutes
    meeting.minutes = "broken \ud800 text\nnext"
    read = tomllib.loads(toml_bytes(meeting).decode())
    assert read["minutes"] == "broken \ufffd text\nnext"


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.sampled_from(["", "a\nb", "x\r\ny", '"', "\\"])
scalars = (
    text
    | st.integers(-(10**6), 10**6)
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.datetimes(timezones=st.sampled_from([UTC, CET]))
    | st.dates()
)
flat_tables = st.dictionaries(st.sampled_from(["member", "item", "start", "end", "note", "k y"]), scalars, max_size=4)
values = st.recursive(
    scalars | st.lists(flat_tables, max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(text, values, max_size=6), st.booleans())
def test_random_documents_match_tomli_w(data: dict[str, Any], multiline: bool) -> None:
    same(data, multiline)
