"""`Store.check()`: every TOML file under the data folder is read and validated; every problem comes back.

Each bad file of issue 8 (truncated, empty, binary, wrong types, unknown schema
version, duplicate ids, unknown members, a link outside) gives a clear line with
its path, and the file is left byte for byte as it was.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from facilitator.i18n import set_language
from facilitator.model import Agenda, AppSettings, Attendance, Meeting, Member
from facilitator.store import Problem, Store, StoreError


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


@pytest.fixture
def good(data_dir: Path) -> Store:
    """A data folder where everything is fine: settings, a group, meetings, an agenda."""
    store = Store(data_dir, fsync=False)
    group = store.create_group("Gruppen", [Member(id="anne", name="Anne"), Member(id="bo", name="Bo")])
    store.save_settings(AppSettings(current_group=group.id))
    store.save_meeting(group.id, Meeting(id="m1", date=date(2026, 1, 8), status="finished",
                                         attendance=Attendance(present=["anne", "bo"])))
    store.save_meeting(group.id, Meeting(id="m2", date=date(2026, 2, 5)))
    store.save_agenda(Agenda(id="ours", title="Ours"))
    store.history_index(group.id)
    store.lock_meeting(group.id, "m2").release()
    return store


def lines(problems: list[Problem], root: Path) -> list[str]:
    return [str(p).replace(str(root) + "/", "") for p in problems]


def test_a_good_data_folder_has_no_problems(good: Store) -> None:
    assert good.check() == []
    assert Store(good.root).check() == []


def test_an_empty_or_missing_data_folder_has_no_problems(tmp_path: Path) -> None:
    assert Store(tmp_path / "missing").check() == []
    assert Store(tmp_path).check() == []


BAD_FILES: dict[str, bytes] = {
    "settings.toml": b'theme = "x"\ncurrent_group = \n',
    "groups/gruppen/meetings/truncated.toml": (
        b'schema_version = 1\nid = "truncated"\ndate = 2026-03-12\n[[items]]\ntitle = "Velk'
    ),
    "groups/gruppen/meetings/empty.toml": b"",
    "groups/gruppen/meetings/binary.toml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8",
    "groups/gruppen/meetings/types.toml": (
        b'id = "types"\ndate = 2026-03-12\nstatus = "done"\n[[items]]\ntitle = "A"\n'
        b'[[items]]\ntitle = "B"\nplanned_minutes = "ten"\n'
    ),
    "groups/gruppen/meetings/newer.toml": b'schema_version = 7\nid = "newer"\ndate = 2026-03-12\n',
    "groups/gruppen/meetings/copy.toml": b'id = "m1"\ndate = 2026-03-12\n',
    "groups/gruppen/meetings/strangers.toml": (
        b'id = "strangers"\ndate = 2026-03-12\n[roles]\nmoderator = "zoe"\n[attendance]\npresent = ["anne", "yan"]\n'
    ),
    "groups/other/group.toml": b'name = "Other"\n[[members]]\nid = "a"\nname = "A"\n[[members]]\nid = "a"\nname = "B"\n',
    "agendas/wrong.toml": b'id = "wrong"\ntitle = "W"\n[[items]]\ntitle = "X"\nkind = "party"\n',
    "notes/free.toml": b"a = 1\nb = \n",
}

EXPECTED = [
    "agendas/wrong.toml: items.0.kind: Input should be 'talk', 'round', 'break', 'groups' or 'open'",
    "groups/gruppen/meetings/binary.toml:1:1: the file is not text (UTF-8); it may be damaged",
    "groups/gruppen/meetings/copy.toml: id: the id 'm1' is already used by m1.toml; change it to the file name 'copy'",
    "groups/gruppen/meetings/empty.toml: the file is empty",
    "groups/gruppen/meetings/newer.toml: schema_version: schema_version 7 is unknown; this program reads version 1"
    " (the file may come from a newer version of the program)",
    "groups/gruppen/meetings/strangers.toml: roles.moderator: 'zoe' is not a member of the group 'gruppen'",
    "groups/gruppen/meetings/strangers.toml: attendance.present.1: 'yan' is not a member of the group 'gruppen'",
    "groups/gruppen/meetings/truncated.toml:5:14: TOML syntax error: Unterminated string",
    # issue 18: cancelled
    "groups/gruppen/meetings/types.toml: status: Input should be 'planned', 'live', 'finished' or 'cancelled'",
    "groups/gruppen/meetings/types.toml: items.1.planned_minutes: "
    "Input should be a valid integer, unable to parse string as an integer",
    "groups/other/group.toml: members.1.id: member id 'a' is used twice (also in members.0); give each member its own id",
    "notes/free.toml:2:5: TOML syntax error: Invalid value",
    "settings.toml:2:17: TOML syntax error: Invalid value",
]


def test_every_bad_file_gets_a_clear_line_and_stays_unchanged(good: Store) -> None:
    root = good.root
    for name, data in BAD_FILES.items():
        write(root / name, data)
    store = Store(root)
    assert lines(store.check(), root) == EXPECTED
    for name, data in BAD_FILES.items():
        assert (root / name).read_bytes() == data, name
    # the program runs with the rest
    assert store.current_group() is not None and store.current_group().id == "gruppen"  # type: ignore[union-attr]
    assert [s.id for s in store.history_index("gruppen")] == ["m1"]
    assert [m.id for m in store.upcoming_meetings("gruppen")] == ["m2", "strangers"]
    assert store.load_settings() == AppSettings()
    # and it never writes over what it could not read
    for name, data in BAD_FILES.items():
        assert (root / name).read_bytes() == data, name


def test_a_link_outside_the_data_folder_is_reported_not_followed(good: Store, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.toml", "this is [not toml\n")
    write(outside / "group.toml", 'name = "Elsewhere"\n')
    meetings = good.meetings_dir("gruppen")
    (meetings / "linked.toml").symlink_to(outside / "secret.toml")
    (good.root / "groups" / "away").symlink_to(outside, target_is_directory=True)
    found = lines(good.check(), good.root)
    assert found == [
        f"groups/away: is a link to {outside}, outside the data folder; it is not read",
        f"groups/gruppen/meetings/linked.toml: is a link to {outside / 'secret.toml'}, outside the data folder; it is not read",
    ]


def test_check_ignores_the_index_lock_and_temporary_files(good: Store) -> None:
    meetings = good.meetings_dir("gruppen")
    write(meetings / ".m1.toml.123.abcd.tmp", b"torn [")
    write(meetings / ".index.json", b"{ damaged")
    write(meetings / "m1.lock", b"99999\n")
    write(good.root / "README.txt", b"not toml [")
    assert good.check() == []


def test_check_speaks_danish(good: Store) -> None:
    write(good.root / "groups" / "gruppen" / "meetings" / "empty.toml", b"")
    set_language("da")
    assert lines(good.check(), good.root) == ["groups/gruppen/meetings/empty.toml: filen er tom"]


def test_check_reports_a_file_again_after_the_store_already_saw_it(good: Store) -> None:
    write(good.root / "settings.toml", b"theme = [")
    good.load_settings()
    assert len(good.problems) == 1
    first = good.check()
    assert first == good.check() and len(first) == 1
    write(good.root / "settings.toml", b'theme = "dark"\n')
    assert good.check() == []
    assert good.problems == []


def test_a_named_pipe_or_folder_with_a_toml_name_does_not_hang(good: Store) -> None:
    meetings = good.meetings_dir("gruppen")
    os.mkfifo(meetings / "pipe.toml")
    (meetings / "folder.toml").mkdir()
    assert lines(good.check(), good.root) == [  # issue 14: the folder named like a file is a problem too
        "groups/gruppen/meetings/folder.toml: this is not an ordinary file (a folder, a pipe or a device)",
        "groups/gruppen/meetings/pipe.toml: this is not an ordinary file (a folder, a pipe or a device)",
    ]
    with pytest.raises(StoreError, match="not an ordinary file"):
        good.load_meeting("gruppen", "folder")
    assert [s.id for s in good.history_index("gruppen")] == ["m1"]
