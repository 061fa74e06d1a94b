"""The store: layout, atomic writes and permissions, readable problems, bad files left alone, conflicts."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

import facilitator.store.files as store_files  # write_atomic's module: its os calls are spied on
from facilitator.i18n import set_language
from facilitator.locks import FOLDER_LOCK_NAME
from facilitator.model import Agenda, AgendaItem, AppSettings, Attendance, Group, Meeting, Member
from facilitator.oscompat import WINDOWS
from facilitator.store import ConflictError, Problem, Store, StoreError, toml_bytes, write_atomic

TZ = timezone(timedelta(hours=1))
DAY = date(2026, 3, 12)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def members(*ids: str) -> list[Member]:
    return [Member(id=i, name=i.title()) for i in ids]


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


@pytest.fixture
def group(store: Store) -> Group:
    return store.create_group("Netværk Ærø", members("anne", "bo", "carl"))


def write(path: Path, text: str | bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(data)
    return data


# --------------------------------------------------------------------------- empty data folder


def test_an_empty_data_folder_reads_as_nothing_and_creates_nothing(data_dir: Path) -> None:
    store = Store(data_dir)
    assert store.current_group() is None
    assert store.group_ids() == []
    assert store.meeting_ids("nobody") == []
    assert store.history_index("nobody") == []
    assert store.upcoming_meetings("nobody") == []
    assert store.check() == []
    assert store.load_settings() == AppSettings()
    assert store.problems == []
    assert not data_dir.exists()


def test_problem_formats_path_line_col_or_field() -> None:
    path = Path("/d/x.toml")
    assert str(Problem(path, "bad", line=3, col=7)) == "/d/x.toml:3:7: bad"
    assert str(Problem(path, "bad", field="members.2.email")) == "/d/x.toml: members.2.email: bad"
    assert str(Problem(path, "bad")) == "/d/x.toml: bad"


def test_names_that_would_leave_the_folder_are_refused(store: Store) -> None:
    for name in ("", "../x", "a/b", ".hidden", "x\0y"):
        with pytest.raises(StoreError):
            store.meeting_path("g", name)
        with pytest.raises(StoreError):
            store.load_group(name)


# --------------------------------------------------------------------------- permissions and atomic writes


@pytest.mark.parametrize("umask", [0o022, 0o000, 0o077])
def test_folders_are_0700_and_files_0600_whatever_the_umask(data_dir: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        store = Store(data_dir)
        group = store.create_group("G", members("anne"))
        store.save_meeting(group.id, Meeting(id="m1", date=DAY, status="finished"))
        store.save_settings(AppSettings(current_group=group.id))
        store.save_agenda(Agenda(id="mine", title="Mine"))
        store.history_index(group.id)
        lock = store.lock_meeting(group.id, "m1")
        lock.release()
    finally:
        os.umask(old)
    folders = [data_dir, data_dir / "groups", data_dir / "groups" / group.id, store.meetings_dir(group.id), data_dir / "agendas"]
    for folder in folders:
        assert mode(folder) == 0o700, folder
    files = [
        store.group_path(group.id),
        store.meeting_path(group.id, "m1"),
        data_dir / "settings.toml",
        data_dir / "agendas" / "mine.toml",
        store.index_path(group.id),  # in the laptop's own folder, outside the data folder
        store.local_dir / "locks" / group.id / "m1.lock",
        store.meetings_dir(group.id) / "m1.lock",  # the claim beside the meeting
    ]
    for file in files:
        assert mode(file) == 0o600, file


def test_an_existing_parent_folder_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    write_atomic(tmp_path / "new" / "x.toml", b"a = 1\n")
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "new") == 0o700


def test_the_temporary_file_is_0600_in_the_same_folder_and_gone_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sub" / "file.toml"
    seen: list[tuple[Path, int, bytes]] = []
    real_replace = os.replace

    def spy(src: str | Path, dst: str | Path) -> None:
        seen.append((Path(src), mode(Path(src)), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(store_files.os, "replace", spy)
    old = os.umask(0)
    try:
        write_atomic(target, b"secret = true\n")
    finally:
        os.umask(old)
    [(tmp, tmp_mode, content)] = seen
    assert tmp.parent == target.parent and tmp != target
    assert tmp_mode == 0o600
    assert content == b"secret = true\n"
    assert not tmp.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.toml"]


def test_fsync_of_file_and_folder_unless_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(store_files.os, "fsync", counting)
    write_atomic(tmp_path / "a.toml", b"a = 1\n")
    assert calls == ([False] if WINDOWS else [False, True])  # the file, then its folder (Windows cannot open one)
    calls.clear()
    write_atomic(tmp_path / "b.toml", b"a = 1\n", fsync=False)
    assert calls == []
    Store(tmp_path / "d", fsync=False).save_settings(AppSettings())
    assert calls == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.toml"
    write_atomic(target, b"old = 1\n")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files.os, "write", full)
    with pytest.raises(OSError):
        write_atomic(target, b"new = 2\n")
    assert target.read_bytes() == b"old = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.toml"]


def test_a_full_disk_on_save_is_a_store_error_naming_the_file(
    store: Store, group: Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = Meeting(id="m1", date=DAY, minutes="first")
    store.save_meeting(group.id, meeting)
    path = store.meeting_path(group.id, "m1")
    before = path.read_bytes()

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files.os, "write", full)
    meeting.minutes = "second"
    with pytest.raises(StoreError) as caught:
        store.save_meeting(group.id, meeting)
    assert str(path) in str(caught.value) and "No space left" in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
    assert path.read_bytes() == before
    monkeypatch.undo()
    store.save_meeting(group.id, meeting)  # works again once there is room
    assert store.load_meeting(group.id, "m1").minutes == "second"


def test_a_read_only_file_system_is_a_store_error_and_the_file_stays(
    store: Store, group: Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.group_path(group.id)
    before = path.read_bytes()
    real_open = os.open

    def read_only(file: str | Path, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(store_files.os, "open", read_only)
    group.name = "Changed"
    with pytest.raises(StoreError) as caught:
        store.save_group(group)
    assert f"{path}: could not be saved: Read-only file system" == str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name != FOLDER_LOCK_NAME) == ["group.toml"]  # Windows: a lock file


# --------------------------------------------------------------------------- groups and meetings


def test_create_group_makes_a_unique_id_from_the_name(store: Store) -> None:
    first = store.create_group("Netværk Ærø", members("anne"))
    second = store.create_group("Netværk Ærø", [])
    third = store.create_group("!!!", [])
    assert (first.id, second.id, third.id) == ("netvaerk-aeroe", "netvaerk-aeroe-2", "gruppe")
    assert store.group_ids() == ["gruppe", "netvaerk-aeroe", "netvaerk-aeroe-2"]
    loaded = store.load_group("netvaerk-aeroe")
    assert loaded.id == "netvaerk-aeroe" and loaded.name == "Netværk Ærø"
    assert [m.id for m in loaded.members] == ["anne"]
    assert "id" not in tomllib.loads(store.group_path(first.id).read_text())


def test_meeting_save_and_load(store: Store, group: Group) -> None:
    meeting = Meeting(
        id="2026-03-12-moede",
        title="Møde",
        date=DAY,
        start=time(18, 30),
        minutes='Line "one"\n\nBeslutning: vi mødes igen\r\n- [ ] Anne sender referat\n',
        started_at=datetime(2026, 3, 12, 18, 31, 5, 123456, tzinfo=TZ),
    )
    store.save_meeting(group.id, meeting)
    assert store.meeting_ids(group.id) == ["2026-03-12-moede"]
    assert store.load_meeting(group.id, "2026-03-12-moede").model_dump() == meeting.model_dump()


def test_minutes_are_written_as_readable_multi_line_text(store: Store, group: Group) -> None:
    store.save_meeting(group.id, Meeting(id="m", date=DAY, minutes="Punkt 1\nPunkt 2\n"))
    text = store.meeting_path(group.id, "m").read_text()
    assert 'minutes = """\nPunkt 1\nPunkt 2\n"""' in text


def test_a_lone_surrogate_cannot_be_stored_and_becomes_a_replacement_character(store: Store, group: Group) -> None:
    store.save_meeting(group.id, Meeting(id="m", date=DAY, minutes="a\ud800b \ud83d\ude00"))
    assert store.load_meeting(group.id, "m").minutes == "a\ufffdb \U0001f600"


def test_new_meeting_id_is_date_and_slug_made_unique(store: Store, group: Group) -> None:
    assert store.new_meeting_id(group.id, DAY, "Første møde") == "2026-03-12-foerste-moede"
    assert store.new_meeting_id(group.id, DAY, "") == "2026-03-12-moede"
    store.save_meeting(group.id, Meeting(id="2026-03-12-moede", date=DAY))
    assert store.new_meeting_id(group.id, DAY, "Møde") == "2026-03-12-moede-2"
    store.save_meeting(group.id, Meeting(id="2026-03-12-moede-2", date=DAY))
    assert store.new_meeting_id(group.id, DAY, "møde!") == "2026-03-12-moede-3"


def test_upcoming_meetings_are_planned_or_live_by_date_and_start(store: Store, group: Group) -> None:
    gid = group.id
    store.save_meeting(gid, Meeting(id="late", date=DAY, start=time(19, 0)))
    store.save_meeting(gid, Meeting(id="early", date=DAY, start=time(17, 0), status="live"))
    store.save_meeting(gid, Meeting(id="next-month", date=date(2026, 4, 1), start=time(9, 0)))
    store.save_meeting(gid, Meeting(id="before", date=date(2026, 1, 1), status="planned"))
    store.save_meeting(gid, Meeting(id="done", date=date(2026, 2, 1), status="finished"))
    bad = write(store.meeting_path(gid, "broken"), "id = [\n")
    assert [m.id for m in store.upcoming_meetings(gid)] == ["before", "early", "late", "next-month"]
    assert [p.path.name for p in store.problems] == ["broken.toml"]
    assert store.meeting_path(gid, "broken").read_bytes() == bad


def test_current_group_prefers_the_settings_then_the_first_readable(store: Store) -> None:
    a = store.create_group("A", [])
    b = store.create_group("B", [])
    assert store.current_group().id == a.id  # type: ignore[union-attr]
    store.save_settings(AppSettings(current_group=b.id))
    assert store.current_group().id == b.id  # type: ignore[union-attr]
    write(store.group_path(b.id), "name = 3\n")
    assert store.current_group().id == a.id  # type: ignore[union-attr]
    write(store.group_path(a.id), "\0\0\0")
    assert store.current_group() is None
    store.save_settings(AppSettings(current_group="gone"))
    c = store.create_group("C", [])
    assert store.current_group().id == c.id  # type: ignore[union-attr]


def test_current_group_survives_broken_settings_and_stray_folders(store: Store, data_dir: Path) -> None:
    write(data_dir / "settings.toml", "theme = [")
    (data_dir / "groups" / "empty-folder").mkdir(parents=True)
    (data_dir / "groups" / "a-file").write_text("x")
    assert store.load_settings() == AppSettings()
    assert store.current_group() is None
    group = store.create_group("Z", [])
    assert store.current_group().id == group.id  # type: ignore[union-attr]
    assert [p.path.name for p in store.problems] == ["settings.toml"]


# --------------------------------------------------------------------------- unknown keys


GROUP_BY_HAND = """\
# written by hand
schema_version = 1
name = "Gruppen"
favourite_colour = "blå"      # unknown top-level key
future = { level = 2, tags = ["a", "b"] }

[[members]]
id = "anne"
name = "Anne"
pronouns = "hun"              # unknown key in an array of tables

[[members]]
id = "bo"
name = "Bo"

[members.address]             # unknown nested table inside a member
street = "Vej 1"
[members.address.geo]
lat = 55.6

[settings]
max_members = 8
beamer = true                 # unknown key in a known table

[newer_section]               # unknown table
deep = { deeper = { deepest = 1979-05-27T07:32:00-08:00 } }
[[newer_section.list]]
x = 1
[[newer_section.list]]
x = 2
"""


def test_unknown_keys_survive_load_and_save(store: Store, data_dir: Path) -> None:
    path = data_dir / "groups" / "g" / "group.toml"
    write(path, GROUP_BY_HAND)
    before = tomllib.loads(GROUP_BY_HAND)
    group = store.load_group("g")
    group.name = "Gruppen 2"
    store.save_group(group)
    after = tomllib.loads(path.read_text())
    before["name"] = "Gruppen 2"
    for key in ("favourite_colour", "future", "newer_section"):
        assert after[key] == before[key]
    assert after["members"][0]["pronouns"] == "hun"
    assert after["members"][1]["address"] == {"street": "Vej 1", "geo": {"lat": 55.6}}
    assert after["settings"]["beamer"] is True
    assert Store(data_dir).load_group("g").model_dump() == group.model_dump()


def test_unknown_keys_in_meeting_spans_survive(store: Store, group: Group) -> None:
    path = store.meeting_path(group.id, "m")
    write(
        path,
        'schema_version = 1\nid = "m"\ndate = 2026-03-12\nextra = 1\n'
        "[[items]]\ntitle = \"Velkommen\"\nnote = \"x\"\n"
        "[[items.spans]]\nstart = 2026-03-12T18:00:00+01:00\nend = 2026-03-12T18:10:00+01:00\nwho = \"anne\"\n",
    )
    store.save_meeting(group.id, store.load_meeting(group.id, "m"))
    data = tomllib.loads(path.read_text())
    assert data["extra"] == 1 and data["items"][0]["note"] == "x" and data["items"][0]["spans"][0]["who"] == "anne"


# --------------------------------------------------------------------------- bad files: clear problems


def load_problems(store: Store, load: object) -> list[Problem]:
    with pytest.raises(StoreError) as caught:
        load()  # type: ignore[operator]
    assert str(caught.value)
    return caught.value.problems


def test_toml_syntax_error_has_line_and_column(store: Store, data_dir: Path) -> None:
    path = data_dir / "groups" / "g" / "group.toml"
    write(path, 'schema_version = 1\nname = "x"\nfoo = [1,\n  2 3]\n')
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert (problem.path, problem.line, problem.col) == (path, 4, 5)
    assert problem.message.startswith("TOML syntax error:")
    assert str(problem).startswith(f"{path}:4:5: ")
    assert "(at line" not in problem.message


def test_truncated_file_points_at_its_end(store: Store, data_dir: Path) -> None:
    path = data_dir / "groups" / "g" / "group.toml"
    write(path, 'schema_version = 1\nname = "x"\n[[members]]\nid = ')
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert problem.line == 4 and problem.col is not None


def test_empty_file(store: Store, data_dir: Path) -> None:
    write(data_dir / "groups" / "g" / "group.toml", "\n  \n")
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert problem.message == "the file is empty"


def test_binary_garbage(store: Store, data_dir: Path) -> None:
    write(data_dir / "groups" / "g" / "group.toml", b'name = "ok"\n\xff\xfe\x00\x81garbage')
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert "not text (UTF-8)" in problem.message
    assert problem.line == 2 and problem.col == 1


def test_wrong_types_name_the_field_path(store: Store, data_dir: Path) -> None:
    write(
        data_dir / "groups" / "g" / "group.toml",
        'name = "G"\n[[members]]\nid = "a"\nname = "A"\n[[members]]\nid = "b"\nname = "B"\n'
        '[[members]]\nid = "c"\nname = "C"\nemail = 42\n[settings]\nmax_members = "ten"\n',
    )
    problems = load_problems(store, lambda: store.load_group("g"))
    fields = {p.field: p.message for p in problems}
    assert set(fields) == {"members.2.email", "settings.max_members"}
    assert fields["members.2.email"] == "Input should be a valid string"
    assert str(problems[0]).endswith(": members.2.email: Input should be a valid string")


def test_a_bad_member_id_says_what_an_id_looks_like(store: Store, data_dir: Path) -> None:
    write(data_dir / "groups" / "g" / "group.toml", 'name = "G"\n[[members]]\nid = "Anne H"\nname = "A"\n')
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert problem.field == "members.0.id"
    assert problem.message.startswith("must be lowercase")  # pydantic's "Value error, " is dropped


def test_unknown_schema_version_is_one_clear_problem(store: Store, data_dir: Path) -> None:
    write(data_dir / "groups" / "g" / "group.toml", "schema_version = 2\nname = 5\nwhatever = true\n")
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert problem.field == "schema_version"
    assert "schema_version 2 is unknown" in problem.message and "version 1" in problem.message


def test_duplicate_member_ids(store: Store, data_dir: Path) -> None:
    write(
        data_dir / "groups" / "g" / "group.toml",
        'name = "G"\n[[members]]\nid = "anne"\nname = "A"\n[[members]]\nid = "bo"\nname = "B"\n'
        '[[members]]\nid = "anne"\nname = "Anne 2"\n',
    )
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert problem.field == "members.2.id"
    assert "'anne'" in problem.message and "members.0" in problem.message


def test_meeting_id_must_match_its_file_name(store: Store, group: Group) -> None:
    path = store.meeting_path(group.id, "b")
    write(path, 'id = "other"\ndate = 2026-03-12\n')
    [problem] = load_problems(store, lambda: store.load_meeting(group.id, "b"))
    assert problem.field == "id" and "'other'" in problem.message and "'b'" in problem.message


def test_two_meeting_files_with_the_same_id(store: Store, group: Group) -> None:
    store.save_meeting(group.id, Meeting(id="a", date=DAY))
    write(store.meeting_path(group.id, "copy-of-a"), 'id = "a"\ndate = 2026-03-12\n')
    [problem] = load_problems(store, lambda: store.load_meeting(group.id, "copy-of-a"))
    assert "already used by a.toml" in problem.message
    assert store.load_meeting(group.id, "a").id == "a"
    assert [s.id for s in store.history_index(group.id)] == []  # planned, and the copy is skipped
    assert [p.path.name for p in store.problems] == ["copy-of-a.toml"]


def test_a_meeting_naming_unknown_members_loads_with_a_problem(store: Store, group: Group) -> None:
    meeting = Meeting(id="m", date=DAY, attendance=Attendance(present=["anne", "zoe"], absent=["zoe", "yan"]))
    meeting.roles.moderator = "bo"
    store.save_meeting(group.id, meeting)
    loaded = store.load_meeting(group.id, "m")
    assert loaded.attendance.present == ["anne", "zoe"]
    found = {(p.field, p.message) for p in store.problems}
    assert found == {
        ("attendance.present.1", f"'zoe' is not a member of the group '{group.id}'"),
        ("attendance.absent.1", f"'yan' is not a member of the group '{group.id}'"),
    }


def test_a_symlink_outside_the_data_folder_is_not_followed(store: Store, group: Group, tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    secret = write(outside, 'id = "m"\ndate = 2026-03-12\ntitle = "not mine"\n')
    link = store.meeting_path(group.id, "m")
    link.parent.mkdir()
    link.symlink_to(outside)
    [problem] = load_problems(store, lambda: store.load_meeting(group.id, "m"))
    assert problem.path == link and "outside the data folder" in problem.message
    assert store.history_index(group.id) == [] and store.upcoming_meetings(group.id) == []
    with pytest.raises(StoreError):
        store.save_meeting(group.id, Meeting(id="m", date=DAY, title="overwrite"))
    assert outside.read_bytes() == secret and link.is_symlink()


def test_a_group_folder_linked_outside_is_neither_read_nor_written(store: Store, data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "group.toml", 'name = "Elsewhere"\n')
    (data_dir / "groups").mkdir(parents=True, exist_ok=True)
    (data_dir / "groups" / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(StoreError, match="outside the data folder"):
        store.load_group("linked")
    with pytest.raises(StoreError, match="outside the data folder"):
        store.save_meeting("linked", Meeting(id="m", date=DAY))
    assert sorted(p.name for p in elsewhere.iterdir()) == ["group.toml"]


def test_a_bulk_writer_writes_through_the_store_inside_the_data_folder_only(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    """The demo's path: contents it made itself, written atomically (0600), never through a link outside."""
    st = store.write_group_file("bulk", b'name = "Bulk"\n')
    store.write_meeting_file("bulk", "m1", toml_bytes(Meeting(id="m1", date=DAY)), fsync=False)
    assert st.st_size == len(b'name = "Bulk"\n') and store.load_group("bulk").name == "Bulk"
    assert mode(store.group_path("bulk")) == 0o600 and mode(store.meeting_path("bulk", "m1")) == 0o600
    assert mode(store.meetings_dir("bulk")) == 0o700 and store.load_meeting("bulk", "m1").id == "m1"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir / "groups" / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(StoreError, match="outside the data folder"):
        store.write_group_file("linked", b'name = "X"\n')
    with pytest.raises(StoreError, match="outside the data folder"):
        store.write_meeting_file("linked", "m", b"id = 'm'\n")
    assert list(elsewhere.iterdir()) == []


def test_remove_group_removes_the_folder_or_only_the_link_in_its_place(store: Store, data_dir: Path, tmp_path: Path) -> None:
    group = store.create_group("Væk", members("anne"))
    store.save_meeting(group.id, Meeting(id="m1", date=DAY))
    store.remove_group(group.id)
    assert not store.group_dir(group.id).exists() and store.group_ids() == []
    store.write_group_file(group.id, b'name = "Igen"\n')  # made anew: nothing of the old folder is remembered
    assert store.load_group(group.id).name == "Igen" and store.meeting_ids(group.id) == []
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "group.toml", 'name = "Elsewhere"\n')
    (data_dir / "groups" / "linked").symlink_to(elsewhere, target_is_directory=True)
    store.remove_group("linked")
    assert not os.path.lexists(data_dir / "groups" / "linked") and (elsewhere / "group.toml").is_file()


def test_a_symlink_inside_the_data_folder_is_read(store: Store, group: Group, data_dir: Path) -> None:
    store.save_meeting(group.id, Meeting(id="real", date=DAY))
    target = write(data_dir / "kept" / "alias.toml", 'id = "alias"\ndate = 2026-03-12\n')
    store.meeting_path(group.id, "alias").symlink_to(data_dir / "kept" / "alias.toml")
    assert store.load_meeting(group.id, "alias").id == "alias"
    assert target


def test_problems_are_kept_once_per_file_and_cleared_when_fixed(store: Store, data_dir: Path) -> None:
    path = data_dir / "groups" / "g" / "group.toml"
    write(path, "name = [")
    for _ in range(3):
        with pytest.raises(StoreError):
            store.load_group("g")
    assert len(store.problems) == 1
    write(path, 'name = "fixed"\n')
    assert store.load_group("g").name == "fixed"
    assert store.problems == []


def test_messages_are_translated(store: Store, data_dir: Path) -> None:
    write(data_dir / "groups" / "g" / "group.toml", "")
    set_language("da")
    [problem] = load_problems(store, lambda: store.load_group("g"))
    assert problem.message == "filen er tom"


# --------------------------------------------------------------------------- bad files are never overwritten


BROKEN = b'name = "G"\n[[members]\nid = "anne"\n\xff'


def test_a_file_that_failed_to_load_is_left_byte_for_byte(store: Store, data_dir: Path) -> None:
    path = write(data_dir / "groups" / "g" / "group.toml", BROKEN) and data_dir / "groups" / "g" / "group.toml"
    with pytest.raises(StoreError):
        store.load_group("g")
    group = Group(name="Replacement")
    group.id = "g"
    with pytest.raises(StoreError) as caught:
        store.save_group(group)
    assert str(path) in str(caught.value) and "does not overwrite" in str(caught.value)
    with pytest.raises(StoreError):
        store.update_group("g", lambda g: None)
    assert path.read_bytes() == BROKEN


@pytest.mark.parametrize("kind", ["settings", "group", "meeting", "agenda"])
def test_a_broken_file_never_read_before_is_not_overwritten_either(data_dir: Path, kind: str) -> None:
    store = Store(data_dir)
    paths = {
        "settings": data_dir / "settings.toml",
        "group": data_dir / "groups" / "g" / "group.toml",
        "meeting": data_dir / "groups" / "g" / "meetings" / "m.toml",
        "agenda": data_dir / "agendas" / "a.toml",
    }
    write(paths["group"], 'name = "G"\n')
    write(paths[kind], BROKEN)
    group = Group(name="G")
    group.id = "g"
    save = {
        "settings": lambda: store.save_settings(AppSettings(theme="x")),
        "group": lambda: store.save_group(group),
        "meeting": lambda: store.save_meeting("g", Meeting(id="m", date=DAY)),
        "agenda": lambda: store.save_agenda(Agenda(id="a", title="A")),
    }[kind]
    with pytest.raises(StoreError, match="does not overwrite"):
        save()
    assert paths[kind].read_bytes() == BROKEN
    assert [p.path for p in store.problems] == [paths[kind]]


def test_a_meeting_that_failed_in_the_history_is_not_overwritten(store: Store, group: Group) -> None:
    path = store.meeting_path(group.id, "m")
    write(path, b'id = "m"\ndate = "not a date"\n')
    assert store.history_index(group.id) == []
    with pytest.raises(StoreError):
        store.save_meeting(group.id, Meeting(id="m", date=DAY))
    assert path.read_bytes() == b'id = "m"\ndate = "not a date"\n'


# --------------------------------------------------------------------------- two programs, one group


def test_a_group_changed_by_another_program_is_not_overwritten(data_dir: Path) -> None:
    first = Store(data_dir)
    group = first.create_group("G", members("anne"))
    second = Store(data_dir)
    theirs = second.load_group(group.id)
    theirs.members.append(Member(id="bo", name="Bo"))
    second.save_group(theirs)

    group.name = "Renamed"
    with pytest.raises(ConflictError) as caught:
        first.save_group(group)
    assert str(first.group_path(group.id)) in str(caught.value)
    assert [m.id for m in Store(data_dir).load_group(group.id).members] == ["anne", "bo"]

    changed = first.update_group(group.id, lambda g: setattr(g, "name", "Renamed"))
    on_disk = Store(data_dir).load_group(group.id)
    assert (on_disk.name, [m.id for m in on_disk.members]) == ("Renamed", ["anne", "bo"])
    assert changed.model_dump() == on_disk.model_dump()
    changed.settings.max_members = 12
    first.save_group(changed)  # its own last write is known: no conflict
    assert Store(data_dir).load_group(group.id).settings.max_members == 12


def test_update_group_from_two_processes_loses_no_change(data_dir: Path) -> None:
    store = Store(data_dir)
    group = store.create_group("G", [])
    code = (
        "import sys\nfrom pathlib import Path\nfrom facilitator.store import Store\nfrom facilitator.model import Member\n"
        "s = Store(Path(sys.argv[1]), fsync=False)\n"
        "for i in range(15):\n"
        "    s.update_group(sys.argv[2], lambda g: g.members.append(Member(id=f'{sys.argv[3]}-{i}', name='x')))\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(data_dir), group.id, who]) for who in ("a", "b")
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    ids = {m.id for m in Store(data_dir).load_group(group.id).members}
    assert ids == {f"{who}-{i}" for who in "ab" for i in range(15)}


def test_saving_a_meeting_twice_in_a_row_is_no_conflict(store: Store, group: Group) -> None:
    meeting = Meeting(id="m", date=DAY)
    for n in range(5):
        meeting.minutes = f"version {n}"
        store.save_meeting(group.id, meeting)
    assert Store(store.root).load_meeting(group.id, "m").minutes == "version 4"


# --------------------------------------------------------------------------- agendas


def test_user_agendas_appear_beside_the_built_in_ones(store: Store, data_dir: Path) -> None:
    builtin = [a.id for a in store.agendas("da")]
    store.save_agenda(Agenda(id="vores", title="Vores dagsorden", language="da", items=[AgendaItem(title="Kaffe")]))
    store.save_agenda(Agenda(id="ours", title="Ours", language="en"))
    assert [a.id for a in store.agendas("da")] == builtin + ["vores"]
    assert "vores" not in [a.id for a in store.agendas("en")]
    assert store.agenda("vores", "da").items[0].title == "Kaffe"
    assert mode(data_dir / "agendas" / "vores.toml") == 0o600
    with pytest.raises(StoreError, match="no agenda 'nope'"):
        store.agenda("nope", "da")


def test_built_in_agendas_come_in_their_order(store: Store) -> None:
    ids = [a.id for a in store.agendas("en")]
    assert ids[:3] == ["first", "second", "following"]
    assert all(a.language == "en" for a in store.agendas("en"))
    assert store.problems == []


def test_a_user_agenda_takes_the_place_of_a_built_in_one_with_its_id(store: Store) -> None:
    store.save_agenda(Agenda(id="following", title="Our own following", language="en"))
    ids = [a.id for a in store.agendas("en")]
    assert ids.count("following") == 1
    assert store.agenda("following", "en").title == "Our own following"


def test_a_broken_user_agenda_is_skipped_with_a_problem(store: Store, data_dir: Path) -> None:
    write(data_dir / "agendas" / "bad.toml", 'id = "bad"\ntitle = "Bad"\nlanguage = "de"\n')
    write(data_dir / "agendas" / "renamed.toml", 'id = "other"\ntitle = "X"\n')
    assert "bad" not in [a.id for a in store.agendas("da")]
    assert {(p.path.name, p.field) for p in store.problems} == {("bad.toml", "language"), ("renamed.toml", "id")}


def test_store_module_does_not_import_textual() -> None:
    code = "import sys, facilitator.store; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
