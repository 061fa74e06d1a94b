"""What the command line and the screens both do with the store, as plain Python (no Textual).

- `plan_meeting`: a planned meeting made from an agenda and saved (`facilitator
  new`, and `n` on the home screen), so both write the same file; the day and
  time it gets when none is given (`default_meeting_day`, `DEFAULT_START`);
- `calendar_meetings` and `plan_calendar`: the meetings the calendar file of the
  plan holds, and that file (`facilitator export plan`, and the plan screen).

They lived in cli.py, which the screens then imported, and the app that runs
the screens is started by cli.py: an import circle (tests/test_architecture.py).
The module imports only the standard library when it is loaded, so the command
line starts as fast as before.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.clock import Clock
    from facilitator.model import Group, Meeting
    from facilitator.store import Store

__all__ = ["DEFAULT_DAYS_AHEAD", "DEFAULT_START", "calendar_meetings", "default_meeting_day", "plan_calendar", "plan_meeting"]

DEFAULT_START = time(18, 0)
"""Start time of a new meeting when none is given."""

DEFAULT_DAYS_AHEAD = 7
"""A new meeting without --date is planned this many days after today (same weekday next week)."""


def plan_meeting(
    store: Store,
    group: Group,
    template: str,
    day: date,
    start: time = DEFAULT_START,
    title: str | None = None,
    place: str = "",
    language: str | None = None,
) -> Meeting:
    """Create and save a planned meeting from an agenda: items copied, roles and attendance empty.

    The agenda is read in the group's language (the meeting's items are the
    group's text) unless `language` is given. Used by `facilitator new` and
    by the home screen, so both write the same file.
    """
    from facilitator.model import Item, Meeting

    agenda = store.agenda(template, language or group.settings.language)
    name = (title or "").strip() or agenda.title
    meeting = Meeting(
        id=store.new_meeting_id(group.id, day, name),
        title=name,
        date=day,
        start=start,
        place=place.strip(),
        status="planned",
        template=agenda.id,
        items=[Item.model_validate(item.model_dump()) for item in agenda.items],
    )
    store.save_meeting(group.id, meeting)
    return meeting


def default_meeting_day(clock: Clock) -> date:
    """The day a new meeting gets when none is given: one week from today."""
    return clock.now().date() + timedelta(days=DEFAULT_DAYS_AHEAD)


def calendar_meetings(store: Store, group: Group, today: date) -> list[Meeting]:
    """The meetings the calendar file holds: the planned ones and the cancelled ones still ahead.

    A cancelled meeting stays in the file (as STATUS:CANCELLED) so calendars that have it
    remove it. Meeting ids start with their date, so only the files of the last 60 days on
    are read to find them.
    """
    meetings = [m for m in store.upcoming_meetings(group.id) if m.status == "planned"]
    seen = {m.id for m in meetings}
    since = (today - timedelta(days=60)).isoformat()
    for mid in store.meeting_ids(group.id):
        if mid in seen or mid[:10] < since:
            continue
        try:
            meeting = store.load_meeting(group.id, mid)
        except Exception:  # noqa: BLE001 - a broken file is listed by `facilitator check` and on the home screen
            continue
        if meeting.status == "cancelled" and meeting.date >= today:
            meetings.append(meeting)
    return sorted(meetings, key=lambda m: (m.date, m.start, m.id))


def plan_calendar(store: Store, group: Group, now: datetime, meetings: list[Meeting] | None = None) -> tuple[bytes, list[str]]:
    """The calendar file of the group's plan, each meeting stamped first (`planning.stamp_calendar`).

    A meeting whose event changed since the last export gets its SEQUENCE raised and is saved
    with it; one that cannot be saved (open in another program) is exported with the raised
    SEQUENCE all the same, and its problem is returned for the user.
    """
    from facilitator import export
    from facilitator.planning import stamp_calendar
    from facilitator.zones import today_in

    if meetings is not None:
        chosen = meetings
    else:
        chosen = calendar_meetings(store, group, today_in(_FixedNow(now), group.settings.zone()))
    problems: list[str] = []
    for meeting in chosen:
        if stamp_calendar(group, meeting, now):
            try:
                store.save_meeting(group.id, meeting)
            except Exception as error:  # noqa: BLE001 - StoreError, ConflictError: the export goes on
                problems.append(str(error))
    data = export.plan_ics(group, chosen, now=now, language=group.settings.language)
    return data, problems


class _FixedNow:
    """A clock that always says `now` (for `zones.today_in`)."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now
