"""The hand-over bundle (issue 19, point 1): one encrypted file from one laptop's data folder into another's, merged.

Two data folders stand for two laptops. The round trips go through the real
file (export, bytes, import) with the same cases as the Syncthing test: a
planned meeting reaches the other laptop; a meeting held on one while the
other edits the members keeps both; the same meeting changed on both becomes
one conflict, shown on the home screen and resolved with both minutes. Then
what an import must never do: overwrite an open meeting, a file it cannot
read, or anything at all with a wrong passphrase or a damaged bundle.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from facilitator import bundle
from facilitator.bundle import BundleError, content_hash, export_bundle, import_bundle, open_bundle, seal
from facilitator.cli import plan_meeting, run
from facilitator.conflicts import describe, resolve
from facilitator.model import Group, Meeting, Member
from facilitator.store import Store

PASS = "the river runs north"
COST = 2**12
"""A small scrypt cost keeps these tests quick; the command line's tests use the real one."""
MEMBERS = [Member(id="anne", name="Anne Hansen"), Member(id="bo", name="Bo Jensen"), Member(id="cai", name="Cai Lund")]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def hand_over(source: Store, target: Store, gid: str = "netvaerket") -> bundle.ImportReport:
    data, _ = export_bundle(source, gid, PASS, cost=COST)
    return import_bundle(target, data, PASS)


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Store, Store]:
    """Laptop A with the group and one meeting, handed over once to laptop B."""
    a = Store(tmp_path / "a", laptop_name="laptop-a")
    b = Store(tmp_path / "b", laptop_name="laptop-b")
    group = a.create_group("Netværket", list(MEMBERS))
    assert group.id == "netvaerket"
    a.save_meeting(group.id, Meeting(id="2026-03-05-first", date=date(2026, 3, 5), status="finished", minutes="## 1. Welcome\n"))
    report = hand_over(a, b)
    assert sorted(report.added) == ["groups/netvaerket/group.toml", "groups/netvaerket/meetings/2026-03-05-first.toml"]
    assert b.load_settings().current_group == "netvaerket"  # B had no group: the bundle's is the current one
    return a, b


# --------------------------------------------------------------------------- the three cases


def test_a_meeting_planned_on_a_appears_on_b(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    meeting = plan_meeting(a, a.load_group("netvaerket"), "following", date(2026, 3, 19), time(18, 0), "Forår")
    report = hand_over(a, b)
    assert report.added == [f"groups/netvaerket/meetings/{meeting.id}.toml"]
    assert sorted(report.unchanged) == ["groups/netvaerket/group.toml", "groups/netvaerket/meetings/2026-03-05-first.toml"]
    assert [m.title for m in b.upcoming_meetings("netvaerket")] == ["Forår"]
    assert b.conflict_copies("netvaerket") == []


def test_a_meeting_held_on_a_while_b_edits_the_members_keeps_both(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    held = a.load_meeting("netvaerket", "2026-03-05-first")
    held.minutes += "Anne opened; Bo told about his new client.\nDecision: every fourth Tuesday.\n"
    a.save_meeting("netvaerket", held)

    def edit(group: Group) -> None:
        group.members.append(Member(id="dorte", name="Dorte Friis"))
        group.members[0].phone = "+4524344454"

    b.update_group("netvaerket", edit)
    to_b = hand_over(a, b)
    assert to_b.updated == ["groups/netvaerket/meetings/2026-03-05-first.toml"]  # changed on A only: A's
    assert to_b.kept == ["groups/netvaerket/group.toml"]  # changed on B only: B's stays
    to_a = hand_over(b, a)
    assert to_a.updated == ["groups/netvaerket/group.toml"] and to_a.unchanged == [
        "groups/netvaerket/meetings/2026-03-05-first.toml"
    ]
    for store in (a, b):
        group = store.load_group("netvaerket")
        assert [m.id for m in group.members] == ["anne", "bo", "cai", "dorte"] and group.members[0].phone == "+4524344454"
        assert "every fourth Tuesday" in store.load_meeting("netvaerket", "2026-03-05-first").minutes
        assert store.conflict_copies("netvaerket") == []
    assert snapshot(a.root / "groups") == snapshot(b.root / "groups")


async def test_the_same_meeting_changed_on_both_is_one_conflict_resolved_on_b(
    laptops: tuple[Store, Store], clock: object, settle: Callable
) -> None:
    a, b = laptops
    for store, words in ((a, "On A: the parents' evening moves to May.\n"), (b, "On B: Lone takes over the contact list.\n")):
        changed = store.load_meeting("netvaerket", "2026-03-05-first")
        changed.minutes += words
        store.save_meeting("netvaerket", changed)
    before = b.meeting_path("netvaerket", "2026-03-05-first").read_bytes()
    report = hand_over(a, b)
    assert report.conflicts == ["groups/netvaerket/meetings/2026-03-05-first.toml"]
    assert b.meeting_path("netvaerket", "2026-03-05-first").read_bytes() == before  # nothing overwritten
    [copy] = b.conflict_copies("netvaerket")
    assert copy.name.tool == "bundle" and copy.name.who == "laptop-a"
    assert describe(b, copy).choices == ["file", "copy", "both"]

    from facilitator.cli import build_app

    app = build_app(["--data-dir", str(b.root), "--lang", "en"], clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        panel = str(app.screen.query_one("#conflicts").render())
        assert "2026-03-05-first" in panel and "laptop-a" in panel
        await pilot.press("k")
        await settle(pilot)
        file_panel = str(app.screen.query_one("#file-text").render())
        copy_panel = str(app.screen.query_one("#copy-text").render())
        assert "Only in this version" in file_panel and "Lone takes over" in file_panel
        assert "parents' evening" in copy_panel
        await pilot.click("#choose-both")
        await settle(pilot)
    minutes = b.load_meeting("netvaerket", "2026-03-05-first").minutes
    assert minutes.count("## 1. Welcome") == 1
    assert "Lone takes over the contact list." in minutes and "the parents' evening moves to May." in minutes
    assert b.conflict_copies("netvaerket") == []
    back = hand_over(b, a)  # A had that version and B went on from it (both minutes): B's is taken
    assert back.updated == ["groups/netvaerket/meetings/2026-03-05-first.toml"]
    assert a.load_meeting("netvaerket", "2026-03-05-first").minutes == minutes
    again = hand_over(a, b)
    assert again.conflicts == [] and again.updated == [] and again.added == []


# --------------------------------------------------------------------------- the group, member by member


def test_members_changed_on_different_sides_merge_without_asking(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    a.update_group("netvaerket", lambda g: setattr(g.members[0], "phone", "+4524344454"))
    b.update_group("netvaerket", lambda g: setattr(g.members[1], "email", "bo@example.dk"))
    b.update_group("netvaerket", lambda g: g.members.append(Member(id="dorte", name="Dorte Friis")))
    report = hand_over(a, b)
    assert report.merged == ["groups/netvaerket/group.toml"] and report.conflicts == []
    group = b.load_group("netvaerket")
    assert (group.members[0].phone, group.members[1].email, group.members[3].id) == ("+4524344454", "bo@example.dk", "dorte")


def test_a_member_changed_on_both_sides_is_asked_about_and_nothing_else(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    a.update_group("netvaerket", lambda g: setattr(g.members[0], "phone", "+4511111111"))
    b.update_group("netvaerket", lambda g: setattr(g.members[0], "phone", "+4522222222"))
    b.update_group("netvaerket", lambda g: g.members.append(Member(id="dorte", name="Dorte Friis")))
    a.update_group("netvaerket", lambda g: g.members.append(Member(id="emil", name="Emil Holm")))
    report = hand_over(a, b)
    assert report.conflicts == ["groups/netvaerket/group.toml"]
    group = b.load_group("netvaerket")
    assert [m.id for m in group.members] == ["anne", "bo", "cai", "dorte", "emil"]  # both additions kept at once
    assert group.members[0].phone == "+4522222222"  # the part both changed: this laptop's until chosen
    [copy] = b.conflict_copies("netvaerket")
    view = describe(b, copy)
    assert [d.key for d in view.differences] == ["member:anne"] and "phone" in view.differences[0].label
    resolve(b, copy, "copy")
    group = b.load_group("netvaerket")
    assert group.members[0].phone == "+4511111111" and [m.id for m in group.members][-2:] == ["dorte", "emil"]
    assert b.conflict_copies("netvaerket") == []


# --------------------------------------------------------------------------- never overwritten


def test_a_meeting_open_on_the_live_screen_is_refused_the_rest_goes_on(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    changed = a.load_meeting("netvaerket", "2026-03-05-first")
    changed.minutes += "Corrected on A.\n"
    a.save_meeting("netvaerket", changed)
    plan_meeting(a, a.load_group("netvaerket"), "following", date(2026, 3, 19), time(18, 0), "Forår")
    data, _ = export_bundle(a, "netvaerket", PASS, cost=COST)
    before = b.meeting_path("netvaerket", "2026-03-05-first").read_bytes()
    with b.lock_meeting("netvaerket", "2026-03-05-first"):  # the live meeting screen holds it
        report = import_bundle(Store(b.root, laptop_name="laptop-b"), data, PASS)
        [(path, reason)] = report.refused
        assert path == "groups/netvaerket/meetings/2026-03-05-first.toml" and "open" in reason and "import again" in reason
        assert len(report.added) == 1  # the new meeting came all the same
        assert b.meeting_path("netvaerket", "2026-03-05-first").read_bytes() == before
    report = import_bundle(b, data, PASS)  # closed: now it is taken
    assert report.updated == ["groups/netvaerket/meetings/2026-03-05-first.toml"] and report.refused == []
    assert "Corrected on A." in b.load_meeting("netvaerket", "2026-03-05-first").minutes


def test_a_file_this_laptop_cannot_read_is_never_overwritten(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    changed = a.load_meeting("netvaerket", "2026-03-05-first")
    changed.minutes += "More.\n"
    a.save_meeting("netvaerket", changed)
    broken = b.meeting_path("netvaerket", "2026-03-05-first")
    broken.write_text("minutes = [\n")
    report = hand_over(a, b)
    assert [p for p, _ in report.refused] == ["groups/netvaerket/meetings/2026-03-05-first.toml"]
    assert broken.read_text() == "minutes = [\n"


def test_the_same_content_written_another_way_is_unchanged(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    path = b.meeting_path("netvaerket", "2026-03-05-first")
    path.write_text("# edited by hand\n" + path.read_text())  # a comment: the same data
    report = hand_over(a, b)
    assert report.unchanged == ["groups/netvaerket/group.toml", "groups/netvaerket/meetings/2026-03-05-first.toml"]


def test_a_wrong_passphrase_or_a_damaged_bundle_changes_nothing(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    changed = a.load_meeting("netvaerket", "2026-03-05-first")
    changed.minutes += "More.\n"
    a.save_meeting("netvaerket", changed)
    data, _ = export_bundle(a, "netvaerket", PASS, cost=COST)
    before = snapshot(b.root)
    record = b.exchanged()
    head_end = data.index(b"\n", len(bundle.MAGIC)) + 1
    tampered_header = data.replace(b'"r":8', b'"r":9')
    flipped = bytearray(data)
    flipped[head_end + 10] ^= 0x01
    cases = {
        "wrong passphrase": (data, "the river runs south"),
        "cut short": (data[: len(data) // 2], PASS),
        "a byte changed": (bytes(flipped), PASS),
        "header changed": (tampered_header, PASS),
        "not a bundle": (b"PK\x03\x04 a zip file", PASS),
        "empty": (b"", PASS),
    }
    for what, (blob, passphrase) in cases.items():
        with pytest.raises(BundleError) as caught:
            import_bundle(b, blob, passphrase)
        assert "nothing was changed" in str(caught.value), what
    assert snapshot(b.root) == before and b.exchanged() == record


def test_a_bundle_with_a_bad_file_is_refused_before_anything_is_written(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    good = a.group_path("netvaerket").read_text()
    for files in (
        {"groups/netvaerket/group.toml": good, "groups/netvaerket/meetings/x.toml": 'id = "x"\ndate = 2026-13-40\n'},
        {"groups/netvaerket/group.toml": good, "groups/netvaerket/meetings/../../../evil.toml": 'id = "x"\n'},
        {"groups/netvaerket/group.toml": good, "groups/other/group.toml": good},
        {"groups/netvaerket/meetings/x.toml": 'id = "x"\ndate = 2026-03-05\n'},  # no group file
    ):
        payload = {"format": 1, "group": "netvaerket", "name": "N", "laptop": "x", "created": "", "files": files, "seen": {}}
        blob = seal(zlib.compress(json.dumps(payload).encode()), PASS, cost=COST)
        before = snapshot(b.root)
        with pytest.raises(BundleError):
            import_bundle(b, blob, PASS)
        assert snapshot(b.root) == before


def test_a_bundle_asking_for_a_huge_scrypt_cost_is_refused_unopened(laptops: tuple[Store, Store]) -> None:
    a, _ = laptops
    data, _ = export_bundle(a, "netvaerket", PASS, cost=COST)
    greedy = data.replace(f'"n":{COST}'.encode(), f'"n":{2**30}'.encode())
    with pytest.raises(BundleError, match="damaged"):
        open_bundle(greedy, PASS)


def test_the_bundle_holds_no_plain_text_and_the_record_no_content(laptops: tuple[Store, Store]) -> None:
    a, b = laptops
    data, report = export_bundle(a, "netvaerket", PASS, cost=COST)
    assert report.meetings == 1 and report.group_name == "Netværket"
    for secret in (b"Anne Hansen", b"Welcome", "Netværket".encode(), b"netvaerket"):
        assert secret not in data
    header = json.loads(data[len(bundle.MAGIC) : data.index(b"\n", len(bundle.MAGIC))])
    assert header["kdf"] == "scrypt" and len(base64.b64decode(header["salt"])) == 16
    record = json.loads(b.exchanged_path.read_text())
    assert not b.exchanged_path.resolve().is_relative_to(b.root.resolve())
    for hashes in record["files"].values():
        assert all(len(h) == 64 and int(h, 16) >= 0 for h in hashes)
    meeting = b.load_meeting("netvaerket", "2026-03-05-first")
    assert content_hash(meeting) in record["files"]["groups/netvaerket/meetings/2026-03-05-first.toml"]
    assert hashlib.sha256(b"x").hexdigest() not in str(record)


def test_a_short_passphrase_is_refused_for_an_export(laptops: tuple[Store, Store]) -> None:
    a, _ = laptops
    with pytest.raises(BundleError, match="at least 8"):
        export_bundle(a, "netvaerket", "short", cost=COST)


# --------------------------------------------------------------------------- the command line


def test_export_and_import_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = Store(tmp_path / "a")
    group = a.create_group("Netværket", list(MEMBERS))
    a.save_meeting(group.id, Meeting(id="2026-03-05-first", date=date(2026, 3, 5), status="finished", minutes="Hi\n"))
    from facilitator.model import AppSettings

    a.save_settings(AppSettings(current_group=group.id))
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")
    out = tmp_path / "usb" / "netvaerket.facilitator"
    out.parent.mkdir()
    assert (
        run(["--data-dir", str(a.root), "--lang", "en", "export", "group", "-o", str(out), "--passphrase-file", str(secret)]) == 0
    )
    assert out.stat().st_mode & 0o077 == 0 and out.read_bytes().startswith(bundle.MAGIC)
    assert "1 meetings" in capsys.readouterr().err

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    target = tmp_path / "b"
    assert run(["--data-dir", str(target), "--lang", "en", "import", str(out), "--passphrase-file", str(wrong)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert not (target / "groups").exists()
    assert run(["--data-dir", str(target), "--lang", "en", "import", str(out), "--passphrase-file", str(secret)]) == 0
    assert "2 added" in capsys.readouterr().out
    assert Store(target).load_meeting("netvaerket", "2026-03-05-first").minutes == "Hi\n"
    assert run(["--data-dir", str(target), "--lang", "en", "import", str(tmp_path / "missing.facilitator")]) == 1
    assert "could not be read" in capsys.readouterr().err


def test_the_passphrase_is_asked_twice_for_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a = Store(tmp_path / "a")
    a.create_group("G", [])
    answers = iter(["a long passphrase", "a long passphrase, not the same"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out = tmp_path / "g.facilitator"
    assert run(["--data-dir", str(a.root), "--lang", "en", "export", "group", "-o", str(out)]) == 1
    assert "differ" in capsys.readouterr().err and not out.exists()
    answers = iter(["a long passphrase", "a long passphrase"])
    assert run(["--data-dir", str(a.root), "--lang", "en", "export", "group", "-o", str(out)]) == 0
    assert out.exists()


# --------------------------------------------------------------------------- the home screen


async def test_b_on_the_home_screen_imports_and_a_wrong_passphrase_asks_again(
    tmp_path: Path, clock: object, settle: Callable
) -> None:
    a = Store(tmp_path / "a")
    group = a.create_group("Netværket", list(MEMBERS))
    a.save_meeting(group.id, Meeting(id="2026-03-19-spring", date=date(2026, 3, 19), title="Forår"))
    data, _ = export_bundle(a, group.id, PASS, cost=COST)
    path = tmp_path / "netvaerket.facilitator"
    path.write_bytes(data)
    from facilitator.cli import build_app
    from facilitator.screens.handover import ImportDialog

    target = tmp_path / "b"
    app = build_app(["--data-dir", str(target), "--lang", "en"], clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        await pilot.press(*str(path), "tab", *"wrong words", "enter")
        for _ in range(40):
            await settle(pilot)
            if isinstance(app.screen, ImportDialog) and "wrong passphrase" in str(app.screen.query_one("#bundle-error").render()):
                break
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        assert "wrong passphrase" in str(dialog.query_one("#bundle-error").render())
        assert not (target / "groups").exists()
        dialog.query_one("#passphrase").value = ""  # type: ignore[attr-defined]
        await pilot.press(*PASS, "enter")
        for _ in range(40):
            await settle(pilot)
            if (target / "groups" / "netvaerket" / "group.toml").exists() and not isinstance(app.screen, ImportDialog):
                break
        await settle(pilot)
        assert any("2 added" in str(n.message) for n in app._notifications)
        table = app.screen.query_one("#planned")
        assert table.row_count == 1  # type: ignore[attr-defined]
    assert Store(target).load_meeting("netvaerket", "2026-03-19-spring").title == "Forår"
