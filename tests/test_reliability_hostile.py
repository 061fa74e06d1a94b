"""Issue 14.3 and 14.4: hostile files are reported, never fatal, never hidden, never changed; the data folder is private.

Each file here is made by the test: 5,000 nested arrays, a file over 5 MB, a
meeting whose id is a path, a folder named like a meeting file, a file name
holding an escape sequence, well-formed nonsense (a current item 999, a turn on
item 500, a time-out on item 77, a span ending before it starts, a date in the
year 9999), a meeting naming members the group does not have. For each:
`check` names the file (and the line where there is one), the rest of the group
works on the home screen, `export plan` and the plan screen say which meeting
could not be read and write no plan, the live meeting screen refuses the
meeting, and the file is byte for byte what it was.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from facilitator.cli import run
from facilitator.model import Attendance, Item, Meeting, Member, Span, Speaking, TimeOut
from facilitator.store import MAX_DEPTH, MAX_FILE_BYTES, Store, StoreError

MakeApp = Callable[..., Any]
TZ = timezone(timedelta(hours=1))
AT = datetime(2026, 3, 12, 18, 0, tzinfo=TZ)


def write(path: Path, data: str | bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(raw)
    return raw


@pytest.fixture
def store(data_dir: Path) -> Store:
    """A group of two with one planned meeting that is fine, and the settings pointing at it."""
    from facilitator.model import AppSettings

    store = Store(data_dir, fsync=False)
    group = store.create_group("Gruppen", [Member(id="anne", name="Anne"), Member(id="bo", name="Bo")])
    store.save_settings(AppSettings(current_group=group.id))
    store.save_meeting(group.id, Meeting(id="2026-04-02-good", title="Good", date=date(2026, 4, 2),
                                         items=[Item(title="Welcome", planned_minutes=10)]))
    return store


def meetings(store: Store) -> Path:
    return store.meetings_dir("gruppen")


def nonsense(**changes: Any) -> str:
    """A well-formed meeting file that is wrong as a whole (see `changes`)."""
    from facilitator.store import toml_bytes

    meeting = Meeting(id="2026-05-07-bad", title="Bad", date=date(2026, 5, 7),
                      items=[Item(title="One", planned_minutes=10), Item(title="Two", planned_minutes=10)])
    for name, value in changes.items():
        setattr(meeting, name, value)
    return toml_bytes(meeting).decode()


def problems_of(store: Store, name: str) -> list[str]:
    return [str(p) for p in Store(store.root).check() if p.path.name == name]


# --------------------------------------------------------------------------- check


def test_5000_nested_arrays_are_one_problem_with_the_line(store: Store) -> None:
    deep = 'schema_version = 1\nid = "2026-05-07-bad"\ndate = 2026-05-07\nx = ' + "[" * 5000 + "]" * 5000 + "\n"
    write(meetings(store) / "2026-05-07-bad.toml", deep)
    [line] = problems_of(store, "2026-05-07-bad.toml")
    assert line.endswith(f"2026-05-07-bad.toml:4: tables or arrays nest more than {MAX_DEPTH} deep; "
                         "this program reads no such file (it may be damaged)")
    with pytest.raises(StoreError, match="nest more than"):
        store.load_meeting("gruppen", "2026-05-07-bad")
    assert [m.id for m in store.upcoming_meetings("gruppen")] == ["2026-04-02-good"]


def test_a_file_over_5_mb_is_refused_before_it_is_read(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    big = meetings(store) / "2026-05-07-bad.toml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: 5 MB of nothing, never written
    read_sizes: list[int] = []
    real_fdopen = os.fdopen

    def spy(fd: int, *args: Any, **kwargs: Any) -> Any:
        read_sizes.append(os.fstat(fd).st_size)
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr("facilitator.store.files.os.fdopen", spy)
    [line] = problems_of(store, "2026-05-07-bad.toml")
    assert "the file is 5.0 MB, more than the 5 MB this program reads; it was not read" in line
    assert MAX_FILE_BYTES + 1 not in read_sizes  # refused on its size, before a byte was read
    assert [m.id for m in store.upcoming_meetings("gruppen")] == ["2026-04-02-good"]


def test_badly_named_files_are_one_problem_each(store: Store) -> None:
    good = (meetings(store) / "2026-04-02-good.toml").read_text()
    write(meetings(store) / "2026-05-07-bad.toml", good.replace('id = "2026-04-02-good"', 'id = "../../x"'))
    (meetings(store) / "x.toml").mkdir()
    write(meetings(store) / "2026-05-08-evil\x1b[31m.toml", good.replace("2026-04-02-good", "2026-05-08-other"))
    found = [line.replace(str(store.root) + "/", "") for line in map(str, Store(store.root).check())]
    assert found == [
        "groups/gruppen/meetings/2026-05-07-bad.toml: id: the id '../../x' differs from the file name "
        "'2026-05-07-bad'; they must be the same",
        "groups/gruppen/meetings/2026-05-08-evil\\x1b[31m.toml: id: the id '2026-05-08-other' differs from the file "
        "name '2026-05-08-evil\\x1b[31m'; they must be the same",
        "groups/gruppen/meetings/x.toml: this is not an ordinary file (a folder, a pipe or a device)",
    ]
    assert not any("\x1b" in line for line in found)  # the escape is shown, never obeyed
    assert [m.id for m in store.upcoming_meetings("gruppen")] == ["2026-04-02-good"]
    assert not (store.root.parent.parent / "x.toml").exists()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"current_item": 999}, "current_item: item 999 does not exist: the agenda has 2 items (0 to 1)"),
        ({"speaking": [Speaking(member="anne", item=500, start=AT)]},
         "speaking.0.item: item 500 does not exist: the agenda has 2 items (0 to 1)"),
        ({"timeouts": [TimeOut(item=77, start=AT)]},
         "timeouts.0.item: item 77 does not exist: the agenda has 2 items (0 to 1)"),
        ({"date": date(9999, 12, 31)}, "date: 9999-12-31 lies outside the years 2000 to 2100; correct the date"),
        ({"started_at": datetime(3500, 1, 1, tzinfo=TZ)},
         "started_at: 3500-01-01T00:00:00+01:00 lies outside the years 1900 to 2999"),
    ],
)
def test_well_formed_nonsense_is_refused_everywhere(store: Store, changes: dict[str, Any], expected: str) -> None:
    raw = write(meetings(store) / "2026-05-07-bad.toml", nonsense(**changes))
    [line] = problems_of(store, "2026-05-07-bad.toml")
    assert expected in line
    with pytest.raises(StoreError):
        store.load_meeting("gruppen", "2026-05-07-bad")
    assert [m.id for m in store.upcoming_meetings("gruppen")] == ["2026-04-02-good"]
    assert (meetings(store) / "2026-05-07-bad.toml").read_bytes() == raw


def test_the_store_never_writes_nonsense_it_would_refuse_to_read(store: Store) -> None:
    path = meetings(store) / "2026-04-02-good.toml"
    before = path.read_bytes()
    meeting = store.load_meeting("gruppen", "2026-04-02-good")
    meeting.current_item = 7
    with pytest.raises(StoreError, match="current_item: .*item 7 does not exist"):
        store.save_meeting("gruppen", meeting)
    meeting.current_item, meeting.date = 0, date(2150, 1, 1)
    with pytest.raises(StoreError, match="2150-01-01 lies outside the years 2000 to 2100"):
        store.save_meeting("gruppen", meeting.to_toml_dict())
    assert path.read_bytes() == before
    assert run(["--data-dir", str(store.root), "new", "--date", "2150-01-01"]) == 1


def test_a_span_out_of_order_is_shown_but_never_run_or_rewritten(store: Store) -> None:
    items = [Item(title="One", spans=[Span(start=AT, end=AT - timedelta(minutes=5)),
                                      Span(start=AT - timedelta(minutes=10), end=AT + timedelta(minutes=1))]),
             Item(title="Two")]
    path = meetings(store) / "2026-05-07-bad.toml"
    raw = write(path, nonsense(items=items))
    found = problems_of(store, "2026-05-07-bad.toml")
    assert [line.split(": ", 1)[1] for line in found] == [
        "items.0.spans.0.end: ends before it starts",
        "items.0.spans.1.start: starts before items.0.spans.0 ended (the item cannot run twice at once)",
    ]
    meeting = store.load_meeting("gruppen", "2026-05-07-bad")  # the history may still show it
    with pytest.raises(StoreError, match="not opened for running"):
        store.load_meeting("gruppen", "2026-05-07-bad", for_running=True)
    meeting.title = "changed"
    with pytest.raises(StoreError, match="has problems .listed with the file., so the program does not change it"):
        store.save_meeting("gruppen", meeting)
    assert path.read_bytes() == raw


def test_unknown_members_are_shown_but_never_run_or_rewritten(store: Store) -> None:
    path = meetings(store) / "2026-05-07-bad.toml"
    raw = write(path, nonsense(attendance=Attendance(present=["anne", "zoe"])))
    meeting = store.load_meeting("gruppen", "2026-05-07-bad")
    assert meeting.attendance.present == ["anne", "zoe"]
    with pytest.raises(StoreError, match="'zoe' is not a member of the group 'gruppen'; the meeting is not opened"):
        store.load_meeting("gruppen", "2026-05-07-bad", for_running=True)
    with pytest.raises(StoreError, match="has problems .listed with the file., so the program does not change it"):
        store.save_meeting("gruppen", meeting)
    assert path.read_bytes() == raw


def test_check_prints_control_characters_visibly(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    write(meetings(store) / "2026-05-07-\x1b]0;owned\x07.toml", "not toml at all")
    assert run(["--data-dir", str(store.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "2026-05-07-\\x1b]0;owned\\x07.toml:1:5: TOML syntax error" in out


# --------------------------------------------------------------------------- export plan and the plan screen


def test_export_plan_names_the_meeting_it_could_not_read_and_writes_nothing(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(meetings(store) / "2026-05-07-bad.toml", nonsense(current_item=999))
    out = tmp_path / "plan.ics"
    assert run(["--data-dir", str(store.root), "export", "plan", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "2026-05-07-bad.toml: current_item: item 999 does not exist" in err
    assert "the plan was not written: 1 meeting file could not be read" in err
    assert not out.exists()
    (meetings(store) / "2026-05-07-bad.toml").unlink()
    assert run(["--data-dir", str(store.root), "export", "plan", "-o", str(out)]) == 0
    assert b"SUMMARY:" in out.read_bytes() and b"Good" in out.read_bytes()


async def test_the_plan_screen_says_which_meeting_it_could_not_read(store: Store, make_app: MakeApp, settle: Any) -> None:
    write(meetings(store) / "2026-05-07-bad.toml", "id = [")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#plan", DataTable)
        assert table.row_count == 1
        assert "1 meeting file could not be read" in str(table.border_subtitle)
        details = str(app.screen.query_one("#plan-details", Static).render())
        assert "2026-05-07-bad.toml:1:" in details
        await pilot.press("x")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlanScreen"  # no path asked for: nothing is written
        assert any("the plan was not written" in n.message for n in app._notifications)


# --------------------------------------------------------------------------- the home screen and the meeting screen


async def test_the_home_screen_shows_the_group_and_each_hostile_file(
    store: Store, make_app: MakeApp, settle: Any
) -> None:
    folder = meetings(store)
    write(folder / "2026-05-07-bad.toml", 'id = "2026-05-07-bad"\ndate = 2026-05-07\nx = ' + "[" * 5000 + "]" * 5000)
    good = (folder / "2026-04-02-good.toml").read_text()
    write(folder / "2026-05-08-path.toml", good.replace('id = "2026-04-02-good"', 'id = "../../x"'))
    (folder / "x.toml").mkdir()
    write(folder / "2026-05-09-far.toml", nonsense(date=date(9999, 12, 31)).replace("2026-05-07-bad", "2026-05-09-far"))
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#overview").display  # the group, not "There is no group here yet"
        assert not app.screen.query_one("#empty").display
        assert app.screen.query_one("#planned", DataTable).row_count == 1
        shown = str(app.screen.query_one("#problems", Static).render())
        for name in ("2026-05-07-bad.toml:3", "2026-05-08-path.toml", "x.toml", "2026-05-09-far.toml"):
            assert name in shown
        assert app._exception is None
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} == before


@pytest.mark.parametrize(
    "changes",
    [{"date": date(9999, 12, 31)}, {"attendance": Attendance(present=["zoe"])}, {"current_item": 999}],
    ids=["year-9999", "unknown-member", "current-item-999"],
)
async def test_the_meeting_screen_refuses_a_meeting_with_a_problem_and_leaves_it_as_it_is(
    store: Store, make_app: MakeApp, settle: Any, changes: dict[str, Any]
) -> None:
    path = meetings(store) / "2026-05-07-bad.toml"
    raw = write(path, nonsense(**changes))
    app = make_app("meeting", "2026-05-07-bad")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space", "m", *"typed", "escape", "q")
        await settle(pilot)
        assert app._exception is None and app.error_reports == []
    assert path.read_bytes() == raw


# --------------------------------------------------------------------------- 14.4: the data folder


@pytest.mark.parametrize("mode", [0o777, 0o755, 0o750])
def test_a_loose_data_folder_is_made_private(store: Store, mode: int) -> None:
    os.chmod(store.root, mode)
    assert Store(store.root).check() == []
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700


async def test_the_program_makes_the_data_folder_private_at_start(store: Store, make_app: MakeApp, settle: Any) -> None:
    os.chmod(store.root, 0o755)
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700


def test_a_data_folder_that_cannot_be_made_private_is_said(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(store.root, 0o755)

    def refuse(path: Any, mode: int, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("facilitator.store.datastore.os.chmod", refuse)
    problems = Store(store.root).check()
    assert [str(p) for p in problems] == [
        f"{store.root}: others can read the data folder (mode 755) and it could not be made private "
        "(Operation not permitted); the minutes are confidential: move the folder to your own disk or change "
        "its permissions"
    ]
    assert run(["--data-dir", str(store.root), "new", "--date", "2026-06-04"]) == 0
    assert "others can read the data folder (mode 755)" in capsys.readouterr().err
