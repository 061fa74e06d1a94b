"""Shared set-up for the room view tests: a group, a meeting, and a moderator's program writing its file.

Not a test module (no `test_` prefix): tests/test_wall*.py import it. The
`Moderator` stands for the moderator's program in another process: it has
its own `Store` and `LiveMeeting` and writes the meeting file after every
change (as its autosaver would), while the wall only reads.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from textual.app import App

from facilitator.cli import plan_meeting
from facilitator.clock import Clock
from facilitator.meeting import LiveMeeting
from facilitator.model import Member, Roles
from facilitator.store import Store

MEMBERS = [
    ("anne", "Anne Hansen", "+45 11 11 11 11", "anne@example.org"),
    ("bo", "Bo Jensen", "+45 22 22 22 22", "bo@example.org"),
    ("carla", "Carla Nielsen", "+45 33 33 33 33", "carla@example.org"),
    ("dorte", "Dorte Pedersen", "+45 44 44 44 44", "dorte@example.org"),
    ("erik", "Erik Larsen", "+45 55 55 55 55", "erik@example.org"),
    ("fatima", "Fatima Ali", "+45 66 66 66 66", "fatima@example.org"),
    ("gitte", "Gitte Holm", "+45 77 77 77 77", "gitte@example.org"),
]
"""Seven members with contact details (which must never reach the wall)."""

GROUP_NAME = "Netværk Nord"
TODAY = date(2026, 3, 12)
"""The FakeClock's day (tests/conftest.py START)."""

SECRET_MINUTES = "Bo fortalte fortroligt om sit barns diagnose"
"""A line of the minutes: it must never be on the wall."""
SECRET_NOTE = "Stop: a child's name was said"
"""A time-out note: it must never be on the wall."""
GROUPS = [["anne", "bo", "carla"], ["dorte", "fatima", "gitte"]]
"""The groups of three the moderator accepts."""


def make_group(root: Path, *, language: str = "en") -> tuple[Store, str]:
    """Write the group of seven; (its store, its id)."""
    store = Store(root, fsync=False)
    group = store.create_group(GROUP_NAME, [Member(id=m, name=n, phone=p, email=e) for m, n, p, e in MEMBERS])
    group.settings.language = language  # type: ignore[assignment]
    store.save_group(group)
    return store, group.id


def plan(root: Path, *, template: str = "first", start: time = time(18, 0), language: str = "en") -> tuple[str, str]:
    """A group and a planned meeting today (the booklet's first meeting by default); (group id, meeting id)."""
    store, gid = make_group(root, language=language)
    meeting = plan_meeting(store, store.load_group(gid), template, TODAY, start)
    meeting.roles = Roles(moderator="anne", minute_taker="bo", boundary_keeper="carla")
    meeting.attendance.absent_notified = ["erik"]
    store.save_meeting(gid, meeting)
    return gid, meeting.id


class Moderator:
    """The moderator's program: a LiveMeeting over its own Store, saving the file after every change."""

    def __init__(self, root: Path, gid: str, mid: str, clock: Clock) -> None:
        self.store = Store(root, fsync=False)
        self.gid = gid
        self.live = LiveMeeting(self.store.load_group(gid), self.store.load_meeting(gid, mid), clock)

    def save(self) -> None:
        """Write the meeting file (atomically, as the autosaver does)."""
        self.store.save_meeting(self.gid, self.live.meeting)

    def start(self) -> None:
        """Check in, start the first item, and write a confidential line into the minutes."""
        self.live.confirm_checkin()
        self.live.toggle_running()
        self.live.set_minutes(self.live.minutes + "\n!! " + SECRET_MINUTES + "\n")
        self.live.toggle_speaker("bo")
        self.save()

    def next_item(self) -> None:
        self.live.next_item()
        self.save()

    def go_to(self, index: int) -> None:
        """Move on (n) until item `index` (0-based) runs."""
        while self.live.current_index < index:
            self.live.next_item()
        self.save()

    def call_timeout(self) -> None:
        self.live.call_timeout()
        self.save()

    def end_timeout(self) -> None:
        self.live.end_timeout("continue", SECRET_NOTE, note_in_minutes=True)
        self.save()

    def accept_grouping(self) -> None:
        self.live.accept_grouping(GROUPS, talk_minutes=25)
        self.save()

    def end(self) -> None:
        self.live.end_meeting()
        self.save()


def screen_text(app: App[object]) -> str:
    """Everything the screen shows now, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)
