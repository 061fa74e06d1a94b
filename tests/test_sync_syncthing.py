"""Two laptops, one group, on the real engine (issue 19, point 3): two Syncthing daemons keep two data folders in step.

Each "laptop" is a Syncthing device on 127.0.0.1 with a data folder of its
own, the folder shared between them, and a Store that names its laptop:

1. a meeting planned on A appears on B;
2. a meeting held on A while B edits the member list keeps both changes, and
   no conflict copy appears anywhere;
3. the same meeting changed on both while they are apart ends, once they
   meet again, as one conflict copy on both, shown on B's home screen and
   resolved there (keep both minutes) without losing a word of either side;
   the resolution reaches A and leaves no copy there either.

Every wait polls with a deadline (Syncthing with its file-system watcher syncs
a change in about a second). The test needs Debian's `syncthing` (.ci/run
installs it); under CI=true a missing one fails the test instead of skipping it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from conftest import START, settle
from syncthing_helpers import Device, pair, start_device, syncthing_binary, wait_until

from facilitator.cli import build_app, plan_meeting
from facilitator.clock import FakeClock
from facilitator.meeting import LiveMeeting
from facilitator.model import Member
from facilitator.store import Store

pytestmark = pytest.mark.xdist_group("syncthing")

MEMBERS = [Member(id="anne", name="Anne Hansen"), Member(id="bo", name="Bo Jensen"), Member(id="cai", name="Cai Lund")]


class Laptops:
    """The two laptops: their Syncthing devices and data folders."""

    def __init__(self, a: Device, b: Device, data_a: Path, data_b: Path) -> None:
        self.a, self.b = a, b
        self.data_a, self.data_b = data_a, data_b

    def store_a(self) -> Store:
        return Store(self.data_a, laptop_name="laptop-a")

    def store_b(self) -> Store:
        return Store(self.data_b, laptop_name="laptop-b")

    def in_step(self) -> bool:
        return self.a.in_step_with(self.b) and self.b.in_step_with(self.a)


@pytest.fixture(scope="module")
def laptops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Laptops]:
    binary = syncthing_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("syncthing is not installed: .ci/run installs Debian's syncthing package")
        pytest.skip("syncthing is not installed here (apt-get install syncthing); CI runs this test")
    root = tmp_path_factory.mktemp("syncthing")
    a = start_device(binary, root / "home-a", "laptop-a")
    try:
        b = start_device(binary, root / "home-b", "laptop-b")
    except BaseException:
        a.stop()
        raise
    try:
        pair(a, b, root / "a" / "data", root / "b" / "data")
        wait_until(lambda: (root / "a" / "data" / ".stfolder").exists() and (root / "b" / "data" / ".stfolder").exists(),
                   "Syncthing's folder markers")  # fmt: skip
        yield Laptops(a, b, root / "a" / "data", root / "b" / "data")
    finally:
        a.stop()
        b.stop()


@pytest.fixture(scope="module")
def group_id(laptops: Laptops) -> str:
    """The group, created on A and synced to B (B's settings name it too, as B's moderator would choose it)."""
    store = laptops.store_a()
    group = store.create_group("Netværket", list(MEMBERS))
    wait_until(lambda: laptops.store_b().load_group(group.id).name == "Netværket", "the group on B")
    from facilitator.model import AppSettings

    store.save_settings(AppSettings(current_group=group.id))
    wait_until(lambda: laptops.store_b().load_settings().current_group == group.id, "the settings on B")
    return group.id


def copies(store: Store, gid: str) -> list[str]:
    return [c.copy.name for c in store.conflict_copies(gid)]


def test_a_meeting_planned_on_a_appears_on_b(laptops: Laptops, group_id: str) -> None:
    store_a = laptops.store_a()
    meeting = plan_meeting(store_a, store_a.load_group(group_id), "following", date(2026, 3, 19), time(18, 0), "Forår")
    found = wait_until(
        lambda: [m for m in laptops.store_b().upcoming_meetings(group_id) if m.id == meeting.id], "the planned meeting on B"
    )
    assert found[0].title == "Forår" and found[0].status == "planned"
    assert (laptops.data_a / ".stignore").read_text().count("~syncthing~*.tmp") == 1  # written once, in the folder's root
    wait_until(laptops.in_step, "the two laptops in step")
    assert copies(laptops.store_a(), group_id) == [] and copies(laptops.store_b(), group_id) == []


def test_a_meeting_held_on_a_while_b_edits_the_members_keeps_both(laptops: Laptops, group_id: str) -> None:
    store_a, store_b = laptops.store_a(), laptops.store_b()
    meeting = plan_meeting(store_a, store_a.load_group(group_id), "following", date(2026, 3, 12), time(18, 0), "Held on A")
    wait_until(lambda: store_b.meeting_path(group_id, meeting.id).exists(), "the meeting on B")

    clock = FakeClock(START)
    lock = store_a.lock_meeting(group_id, meeting.id)
    claim = wait_until(lambda: store_b.meeting_claim(group_id, meeting.id), "A's claim on B")
    assert claim.laptop == "laptop-a"
    with pytest.raises(Exception, match="laptop-a"):  # open on A: B is told so, whatever A's process number means on B
        store_b.lock_meeting(group_id, meeting.id)
    live = LiveMeeting(store_a.load_group(group_id), store_a.load_meeting(group_id, meeting.id), clock)
    for member in MEMBERS:
        live.set_presence(member.id, "present")
    live.confirm_checkin()
    live.toggle_running()
    live.set_minutes(live.minutes + "Anne opened the meeting; Bo told about his new client.\n")
    store_a.save_meeting(group_id, live.snapshot_toml_dict())

    # Meanwhile on B: a new member and a new phone number.
    def edit(group: object) -> None:
        group.members.append(Member(id="dorte", name="Dorte Friis"))  # type: ignore[attr-defined]
        group.members[0].phone = "+4524344454"  # type: ignore[attr-defined]

    store_b.update_group(group_id, edit)

    clock.advance(20 * 60)
    live.next_item()
    live.set_minutes(live.minutes + "Decision: we meet every fourth Tuesday.\n")
    live.end_meeting()
    store_a.save_meeting(group_id, live.snapshot_toml_dict())
    lock.release()

    wait_until(lambda: [m.id for m in laptops.store_a().load_group(group_id).members][-1] == "dorte", "B's member on A")
    wait_until(lambda: laptops.store_b().load_meeting(group_id, meeting.id).status == "finished", "A's meeting on B")
    wait_until(laptops.in_step, "the two laptops in step")
    for store in (laptops.store_a(), laptops.store_b()):
        group = store.load_group(group_id)
        assert [m.id for m in group.members] == ["anne", "bo", "cai", "dorte"] and group.members[0].phone == "+4524344454"
        held = store.load_meeting(group_id, meeting.id)
        assert "Bo told about his new client" in held.minutes and "every fourth Tuesday" in held.minutes
        assert store.meeting_claim(group_id, meeting.id) is None  # A let go, and B knows it
        assert copies(store, group_id) == []
    assert laptops.store_b().lock_meeting(group_id, meeting.id).held  # now B may open it


async def test_one_meeting_changed_on_both_while_apart_is_one_conflict_resolved_on_b(
    laptops: Laptops, group_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = laptops.a, laptops.b
    store_a = laptops.store_a()
    meeting = plan_meeting(store_a, store_a.load_group(group_id), "following", date(2026, 4, 9), time(18, 0), "Apart")
    meeting.minutes = "## 1. Welcome\nWe were five.\n"
    store_a.save_meeting(group_id, meeting)
    wait_until(lambda: "We were five" in laptops.store_b().load_meeting(group_id, meeting.id).minutes, "the meeting on B")
    wait_until(laptops.in_step, "the two laptops in step")

    a.pause(b)
    b.pause(a)
    wait_until(lambda: not a.connected_to(b) and not b.connected_to(a), "the two laptops apart")
    for store, words, device in (
        (laptops.store_a(), "On A: the parents' evening moves to May; Anne writes to the municipality.\n", a),
        (laptops.store_b(), "On B: Lone takes over the contact list from Cai.\n", b),
    ):
        before = device.sequence()
        changed = store.load_meeting(group_id, meeting.id)
        changed.minutes += words
        store.save_meeting(group_id, changed)
        wait_until(lambda device=device, before=before: device.sequence() > before, f"{device.name} to see its change")
    a.pause(b, False)
    b.pause(a, False)
    wait_until(lambda: a.connected_to(b) and b.connected_to(a), "the two laptops together again")

    def one_copy_on_both() -> bool:
        return len(copies(laptops.store_a(), group_id)) == 1 and len(copies(laptops.store_b(), group_id)) == 1

    wait_until(lambda: one_copy_on_both() and laptops.in_step(), "one conflict copy on both laptops, in step")
    [copy] = laptops.store_b().conflict_copies(group_id)
    assert copy.kind == "meeting" and copy.ident == meeting.id and copy.name.tool == "syncthing"
    assert copy.name.who in (a.short_id(), b.short_id())
    texts = {path.read_text() for path in (copy.original, copy.copy)}
    assert any("parents' evening" in x for x in texts) and any("Lone takes over" in x for x in texts)

    # On B's home screen: the conflict is shown; k opens the resolver; b keeps both minutes.
    monkeypatch.setenv("FACILITATOR_LAPTOP_NAME", "laptop-b")
    app = build_app(["--data-dir", str(laptops.data_b), "--lang", "en"], clock=FakeClock(START))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        panel = str(app.screen.query_one("#conflicts").render())
        assert meeting.id in panel and "Syncthing" in panel
        await pilot.press("k")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictsScreen"
        assert "Apart" in str(app.screen.query_one("#conflict-about").render())
        await pilot.press("b")
        await settle(pilot)
        assert "No file has two versions" in str(app.screen.query_one("#conflict-about").render())
    resolved = laptops.store_b().load_meeting(group_id, meeting.id).minutes
    for words in ("We were five.", "the parents' evening moves to May; Anne writes to the municipality.",
                  "Lone takes over the contact list from Cai."):  # fmt: skip
        assert words in resolved
    assert resolved.count("We were five.") == 1
    assert copies(laptops.store_b(), group_id) == []

    wait_until(lambda: copies(laptops.store_a(), group_id) == [] and laptops.in_step(), "the resolution on A")
    assert laptops.store_a().load_meeting(group_id, meeting.id).minutes == resolved
    for store in (laptops.store_a(), laptops.store_b()):
        assert store.check() == []
