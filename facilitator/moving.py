"""Items not reached at a meeting, moved onto the next planned meeting's agenda (issue 13).

When a meeting ends with items it did not reach, the moderator is offered to
move them: `LiveMeeting.end_meeting(move_unreached=True)` marks them deferred
in the ended meeting, and `move_items` copies them onto the next planned
meeting's agenda, before its closing items ("Næste møde", "Eventuelt"), each
marked with `moved_from` (the ended meeting's id). Undoing the end takes them
off again (`unmove_items`). The next meeting is written through the Store under
its lock, so a program that has it open is never overwritten.
This module never imports Textual.
"""

from __future__ import annotations

from facilitator.model import Item, Meeting
from facilitator.planning import add_to_agenda
from facilitator.store import Store

__all__ = ["move_items", "next_planned", "unmove_items"]


def next_planned(store: Store, group_id: str, after: Meeting) -> Meeting | None:
    """The first planned meeting after `after` (by date, time and id), or None."""
    later = [
        meeting
        for meeting in store.upcoming_meetings(group_id)
        if meeting.status == "planned"
        and meeting.id != after.id
        and (meeting.date, meeting.start) >= (after.date, after.start)
    ]
    return later[0] if later else None


def move_items(store: Store, group_id: str, source: Meeting, indices: list[int], target_id: str) -> list[str]:
    """Copy the source's items at `indices` onto the target meeting's agenda; the titles added.

    An item the target already has (same title) is left out. Raises StoreError
    (the target is open in another program, or cannot be read or written).
    """
    with store.lock_meeting(group_id, target_id):
        target = store.load_meeting(group_id, target_id)
        copies = []
        for n in indices:
            data = source.items[n].model_dump(exclude={"spans", "cues_done", "deferred"})
            data["moved_from"] = source.id
            copies.append(Item.model_validate(data))
        before = {item.title for item in target.items}
        if add_to_agenda(target, copies) == 0:
            return []
        store.save_meeting(group_id, target)
        return [item.title for item in target.items if item.title not in before]


def unmove_items(store: Store, group_id: str, source_id: str, target_id: str) -> int:
    """Take the items moved from `source_id` off the target (still planned) again; how many."""
    with store.lock_meeting(group_id, target_id):
        target = store.load_meeting(group_id, target_id)
        if target.status != "planned":
            return 0
        kept = [item for item in target.items if item.moved_from != source_id]
        removed = len(target.items) - len(kept)
        if removed:
            target.items = kept
            store.save_meeting(group_id, target)
        return removed
