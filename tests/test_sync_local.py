"""Safe in a synced folder (issue 19, point 2): per-laptop files outside it, claims that name the laptop, conflict copies.

A data folder that Syncthing, Nextcloud, Dropbox or OneDrive keeps in step
holds nothing that belongs to one laptop: the system locks, the history index
and the hand-over record are in the laptop's own folder; temporaries are named
so the tools skip them; a meeting's claim names the laptop, and one from
another laptop is never taken for stale. The tools' conflict copies are found
by their names (OneDrive's by their content), never read as meetings, and
listed for the resolver.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator import laptop
from facilitator.model import Agenda, AppSettings, Meeting, Member
from facilitator.store import ClaimedError, LockedError, Store, remove_stale_temporaries, write_atomic
from facilitator.syncnames import TEMP_PREFIX, conflict_copy

DAY = date(2026, 3, 12)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def store(data_dir: Path) -> Store:
    store = Store(data_dir, laptop_name="anne-laptop")
    group = store.create_group("G", [Member(id="anne", name="Anne")])
    assert group.id == "g"
    store.save_meeting("g", Meeting(id="m", date=DAY, status="finished", minutes="Hello\n"))
    return store


def files_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- per-laptop files


def test_the_data_folder_holds_only_the_groups_files_and_claims(store: Store) -> None:
    store.history_index("g")
    store.upcoming_meetings("g")
    store.save_settings(AppSettings(current_group="g"))
    store.save_agenda(Agenda(id="mine", title="Mine"))
    with store.lock_meeting("g", "m"):
        pass
    assert files_in(store.root) == [
        "agendas/mine.toml", "groups/g/group.toml", "groups/g/meetings/m.lock", "groups/g/meetings/m.toml", "settings.toml",
    ]  # fmt: skip
    assert store.index_path("g").is_file() and store.local_dir.is_dir()
    assert not store.local_dir.resolve().is_relative_to(store.root.resolve())
    assert (store.local_dir / "locks" / "g" / "m.lock").is_file()


def test_each_data_folder_has_a_local_folder_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(laptop.LOCAL_DIR_VARIABLE)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "one").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "one")
    first, second = laptop.local_dir(tmp_path / "one"), laptop.local_dir(tmp_path / "two")
    assert first != second and laptop.local_dir(tmp_path / "link") == first  # the same folder through a link
    assert first.parent == tmp_path / "state" / "facilitator" / "folders"  # the user's state folder (platformdirs)
    assert first.name.startswith("one-")


def test_the_old_index_beside_the_meetings_is_removed(store: Store) -> None:
    old = store.meetings_dir("g") / ".index.json"
    old.write_text("{}")
    store.save_meeting("g", Meeting(id="n", date=DAY, status="finished"))
    assert [s.id for s in store.history_index("g")] == ["n", "m"]
    assert not old.exists()


def test_the_laptop_name_comes_from_the_variable_or_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(laptop.LAPTOP_VARIABLE, "Annes bærbare\x1b[31m")
    assert laptop.laptop_name() == "Annes bærbare[31m"  # one printable line
    monkeypatch.delenv(laptop.LAPTOP_VARIABLE)
    import socket

    assert laptop.laptop_name() == (socket.gethostname().strip() or "laptop")[:60]
    assert laptop.name_token("Anne's Mac (2)") == "Anne-s-Mac-2"


# --------------------------------------------------------------------------- temporaries


def test_temporaries_carry_the_prefix_the_sync_tools_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.open

    def spy(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if flags & os.O_EXCL:
            seen.append(os.path.basename(path))
        return real(path, flags, mode)

    monkeypatch.setattr(os, "open", spy)
    monkeypatch.setenv(laptop.LAPTOP_VARIABLE, "anne-laptop")
    write_atomic(tmp_path / "m.toml", b"x = 1\n")
    [name] = seen
    assert name.startswith(TEMP_PREFIX + "m.toml.anne-laptop.") and name.endswith(".tmp")
    assert name.startswith("~") and name.endswith(".tmp")  # Nextcloud's and Dropbox's ~*.tmp as well
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.toml"]


def test_only_this_laptops_temporaries_of_dead_processes_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(laptop.LAPTOP_VARIABLE, "anne-laptop")
    gone = dead_pid()
    mine_dead = tmp_path / f"{TEMP_PREFIX}m.toml.anne-laptop.{gone}.0123abcd.tmp"
    mine_alive = tmp_path / f"{TEMP_PREFIX}m.toml.anne-laptop.{os.getpid()}.0123abcd.tmp"
    other_laptop = tmp_path / f"{TEMP_PREFIX}m.toml.bo-laptop.{gone}.89abcdef.tmp"  # synced by a tool after all
    old_style = tmp_path / f".m.toml.{gone}.0123abcd.tmp"  # an earlier version's name
    for path in (mine_dead, mine_alive, other_laptop, old_style):
        path.write_text("torn")
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted([mine_dead, old_style])
    assert mine_alive.exists() and other_laptop.exists()


# --------------------------------------------------------------------------- claims


def test_a_claim_names_the_laptop_and_is_emptied_on_release(store: Store) -> None:
    with store.lock_meeting("g", "m") as lock:
        claim = store.meeting_claim("g", "m")
        assert claim is not None and (claim.pid, claim.laptop) == (os.getpid(), "anne-laptop") and claim.since
        assert lock.path == store.meetings_dir("g") / "m.lock"
    assert store.meeting_claim("g", "m") is None
    assert (store.meetings_dir("g") / "m.lock").read_bytes() == b""


def test_a_claim_from_another_laptop_is_never_stale(store: Store) -> None:
    claim_file = store.meetings_dir("g") / "m.lock"
    claim_file.write_text(f"{dead_pid()}\nbo-laptop\n2026-03-12T17:02:00+00:00\n")  # its process is not alive *here*
    for _attempt in range(2):
        with pytest.raises(ClaimedError) as caught:
            store.lock_meeting("g", "m")
        assert isinstance(caught.value, LockedError) and caught.value.claim.laptop == "bo-laptop"
        message = str(caught.value)
        assert "bo-laptop" in message and str(claim_file) in message
    assert claim_file.read_text().startswith(str(caught.value.pid))  # left as it was
    with pytest.raises(ClaimedError):
        store.lock_meeting("g", "m", claim=False)  # an import asks the same way
    claim_file.write_text("")  # that laptop closed it (or the user deleted its claim)
    with store.lock_meeting("g", "m") as lock:
        assert lock.held


def test_this_laptops_stale_claim_is_taken_over(store: Store) -> None:
    claim_file = store.meetings_dir("g") / "m.lock"
    claim_file.write_text(f"{dead_pid()}\nanne-laptop\n2026-03-12T17:02:00+00:00\n")
    with store.lock_meeting("g", "m"):
        assert claim_file.read_text().splitlines()[:2] == [str(os.getpid()), "anne-laptop"]
    claim_file.write_text("4242\n")  # an earlier version's claim (no laptop in it): this laptop's
    with store.lock_meeting("g", "m"):
        assert claim_file.read_text().splitlines()[0] == str(os.getpid())


def test_a_second_program_on_the_same_laptop_is_refused_by_the_system_lock(store: Store) -> None:
    holder = (
        "import sys\nfrom pathlib import Path\nfrom facilitator.store import Store\n"
        "lock = Store(Path(sys.argv[1]), laptop_name='anne-laptop').lock_meeting('g', 'm')\n"
        "print('locked', flush=True)\nsys.stdin.readline()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", holder, str(store.root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as caught:
            store.lock_meeting("g", "m")
        assert not isinstance(caught.value, ClaimedError) and caught.value.pid == child.pid
    finally:
        child.kill()
        child.wait(timeout=10)


def test_claim_false_holds_without_writing_a_claim(store: Store) -> None:
    with store.lock_meeting("g", "m", claim=False):
        assert not (store.meetings_dir("g") / "m.lock").exists()
        with pytest.raises(LockedError):
            Store(store.root, laptop_name="anne-laptop").lock_meeting("g", "m")


def test_conflict_copies_of_a_claim_are_removed(store: Store) -> None:
    copy = store.meetings_dir("g") / "m.sync-conflict-20260312-180000-ABCDEFG.lock"
    copy.write_text("1\nbo-laptop\n")
    with store.lock_meeting("g", "m"):
        assert not copy.exists()


# --------------------------------------------------------------------------- .stignore


def test_stignore_is_written_in_a_syncthing_folder_only_and_once(store: Store) -> None:
    assert not store.write_stignore()
    assert not (store.root / ".stignore").exists()
    (store.root / ".stfolder").mkdir()
    (store.root / ".stignore").write_text("// mine\n*.bak\n")
    fresh = Store(store.root)
    assert fresh.write_stignore()
    text = (store.root / ".stignore").read_text()
    assert text.startswith("// mine\n*.bak\n") and "(?d)~syncthing~*.tmp" in text and "(?d).index.json" in text
    assert not Store(store.root).write_stignore()  # already there
    assert (store.root / ".stignore").read_text() == text


# --------------------------------------------------------------------------- conflict copies


@pytest.mark.parametrize(
    ("name", "tool", "who"),
    [
        ("m.sync-conflict-20260312-181500-ABCDEFG.toml", "syncthing", "ABCDEFG"),
        ("m (Anne Hansen's conflicted copy 2026-03-12).toml", "dropbox", "Anne Hansen"),
        ("m (Anne Hansen's conflicted copy 2026-03-12) (1).toml", "dropbox", "Anne Hansen"),
        ("m (conflicted copy 2026-03-12 181500).toml", "nextcloud", ""),
        ("m_conflict-20260312-181500.toml", "nextcloud", ""),
        ("m.bundle-conflict-20260312-181500-bo-laptop.toml", "bundle", "bo-laptop"),
    ],
)
def test_conflict_copies_are_found_and_never_read_as_meetings(store: Store, name: str, tool: str, who: str) -> None:
    copy = store.meetings_dir("g") / name
    copy.write_bytes(store.meeting_path("g", "m").read_bytes().replace(b"Hello", b"Hello from the other laptop"))
    fresh = Store(store.root)
    assert fresh.meeting_ids("g") == ["m"]
    assert [s.id for s in fresh.history_index("g")] == ["m"]
    assert fresh.problems == []  # not a meeting with a wrong name: a conflict
    [found] = fresh.conflict_copies("g")
    assert (found.kind, found.ident, found.copy, found.name.tool, found.name.who) == ("meeting", "m", copy, tool, who)
    assert "other laptop" in fresh.read_copy(found).minutes  # type: ignore[attr-defined]
    assert [p.path for p in fresh.check()] == [copy]
    assert conflict_copy(name) is not None


def test_a_onedrive_copy_is_known_by_its_content(store: Store) -> None:
    folder = store.meetings_dir("g")
    (folder / "m-ANNE-PC.toml").write_bytes(store.meeting_path("g", "m").read_bytes())
    store.save_meeting("g", Meeting(id="m-2", date=DAY))  # an ordinary meeting whose id looks alike
    fresh = Store(store.root)
    fresh.history_index("g")
    assert fresh.meeting_ids("g") == ["m", "m-2"]
    assert fresh.problems == []
    [found] = fresh.conflict_copies("g")
    assert (found.copy.name, found.name.tool, found.name.who, found.ident) == ("m-ANNE-PC.toml", "onedrive", "ANNE-PC", "m")


def test_copies_of_the_group_settings_and_agendas_are_listed(store: Store) -> None:
    group_dir = store.group_dir("g")
    (group_dir / "group-ANNE-PC.toml").write_bytes(store.group_path("g").read_bytes())
    (group_dir / "group.sync-conflict-20260312-181500-ABCDEFG.toml").write_bytes(store.group_path("g").read_bytes())
    store.save_settings(AppSettings(current_group="g"))
    (store.root / "settings (conflicted copy 2026-03-12 181500).toml").write_text('current_group = "g"\n')
    store.save_agenda(Agenda(id="mine", title="Mine"))
    (store.root / "agendas" / "mine.sync-conflict-20260312-181500-ABCDEFG.toml").write_text('id = "mine"\ntitle = "Other"\n')
    kinds = sorted((c.kind, c.copy.name) for c in Store(store.root).conflict_copies("g"))
    assert kinds == [
        ("agenda", "mine.sync-conflict-20260312-181500-ABCDEFG.toml"),
        ("group", "group-ANNE-PC.toml"),
        ("group", "group.sync-conflict-20260312-181500-ABCDEFG.toml"),
        ("settings", "settings (conflicted copy 2026-03-12 181500).toml"),
    ]
    assert [a.id for a in Store(store.root).agendas("da") if a.id == "mine"] == ["mine"]  # the copy is no second agenda


def test_ordinary_names_are_no_conflict_copies() -> None:
    for name in ("2026-03-12-x.toml", "2026-03-12-x-2.toml", "group.toml", "notes (draft).toml", "sync-conflict.toml"):
        assert conflict_copy(name) is None, name


async def test_the_meeting_screen_names_the_laptop_that_has_it_open(
    make_app: object, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(data_dir)
    group = store.create_group("G", [Member(id="anne", name="Anne")])
    store.save_settings(AppSettings(current_group=group.id))
    store.save_meeting(group.id, Meeting(id="2026-03-12-m", date=DAY, status="live"))
    claim = store.meetings_dir(group.id) / "2026-03-12-m.lock"
    claim.write_text("4242\nbo-laptop\n2026-03-12T17:02:00+00:00\n")
    app = make_app("meeting", "2026-03-12-m")  # type: ignore[operator]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 1
    error = " ".join(capsys.readouterr().err.split())
    assert "open on the laptop “bo-laptop”" in error and "process 4242 there" in error and "2026-03-12-m.lock" in error
    assert claim.read_text().startswith("4242\nbo-laptop\n")  # left as it was
