"""Opening a meeting for the live screen: the lock on its file, the refusals, the parts loaded by name.

`open_live_meeting(app, meeting_id, reopen)` finds the meeting in the current
group (or any group that has it), takes its lock and loads it for running;
it answers an `OpenedMeeting` or the sentence that says why not (locked, not
found, unreadable, finished). `optional_class` loads a panel or dialog of the
screen by name, None when that part of the program is not there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t
from facilitator.meeting import LiveMeeting

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.model import Group
    from facilitator.store import MeetingLock

__all__ = ["OpenedMeeting", "open_live_meeting", "optional_class"]


def optional_class(module_name: str, class_name: str) -> type[Any] | None:
    """A class from a module that may not exist yet (another part of the program), else None."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        if error.name is not None and module_name.startswith(error.name):
            return None
        raise
    cls = getattr(module, class_name, None)
    return cls if isinstance(cls, type) else None


class OpenedMeeting:
    """A meeting opened for running: the group, the running meeting and the lock held on its file."""

    def __init__(self, group: Group, live: LiveMeeting, lock: MeetingLock) -> None:
        self.group = group
        self.live = live
        self.lock = lock


def open_live_meeting(app: FacilitatorApp, meeting_id: str, reopen: bool = False) -> OpenedMeeting | str:
    """Lock and load a meeting of the current group (or of any group that has it).

    Returns the opened meeting, or a message for the user saying why it cannot
    be run (locked by another process, not found, unreadable, finished). With
    `reopen`, an ended meeting is opened again for corrections (a
    `[[reopened]]` entry); a meeting still open for corrections opens so too.
    """
    from facilitator.store import StoreError

    store = app.store
    group = app.group
    candidates: list[str] = []
    if group is not None:
        candidates.append(group.id)
    try:
        candidates += [gid for gid in store.group_ids() if gid not in candidates]
    except (StoreError, OSError):
        pass
    gid = next((g for g in candidates if store.meeting_path(g, meeting_id).exists()), None)
    if gid is None:
        return t("meeting_screen.not_found", id=meeting_id, root=str(store.root))
    try:
        lock = store.lock_meeting(gid, meeting_id)
    except StoreError as error:
        return t("meeting_screen.locked", error=str(error))
    except OSError as error:
        return t("meeting_screen.cannot_open", error=str(error))
    try:
        if group is None or group.id != gid:
            group = store.load_group(gid)
        meeting = store.load_meeting(gid, meeting_id, for_running=True)  # a file with any problem is refused, never rewritten
    except (StoreError, OSError) as error:
        lock.release()
        return t("meeting_screen.cannot_open", error=str(error))
    live = LiveMeeting(group, meeting, app.clock)
    if meeting.status == "finished" and not live.correcting:
        if not reopen:
            lock.release()
            return t("meeting_screen.already_finished", title=meeting.title or meeting.id, id=meeting.id)
        live.reopen()
        live.history.clear()  # the reopening itself is no step to undo: leaving ends the corrections
    return OpenedMeeting(group, live, lock)
