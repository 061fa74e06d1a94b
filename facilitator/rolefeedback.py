"""Feedback on the roles, as plain Python (no Textual).

The booklet advises formal roles in the network's first year (moderator,
minute-taker, boundary keeper, theme owners), taken in turn, with feedback on
how each was carried out after every meeting. At the closing round the
moderator opens one short entry per role held today (ctrl+f on the meeting
screen): what worked, and what to try next time. The entries are stored with
the meeting (`[[role_feedback]]`, `model.RoleFeedback`, written through
`LiveMeeting.set_role_feedback`, so ctrl+z takes them back).

Whoever holds a role next sees the last feedback given on it, on the cue card
of their meeting's first item (`earlier_feedback`, `load_earlier_feedback`).
The feedback stays in the app: the exported minutes carry it only when the
export asks for it (`feedback_markdown`, without `!!` confidential lines), and
the room view never shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from facilitator.confidential import split_confidential
from facilitator.i18n import t
from facilitator.model import FeedbackRole, Group, Meeting, RoleFeedback

__all__ = [
    "FEEDBACK_ROLES",
    "EarlierFeedback",
    "earlier_feedback",
    "feedback_for",
    "feedback_markdown",
    "load_earlier_feedback",
    "roles_held",
    "tidy_feedback",
]

FEEDBACK_ROLES: tuple[FeedbackRole, ...] = ("moderator", "minute_taker", "boundary_keeper", "host", "theme_owner")
"""The roles that get feedback, in the order the dialog and the exports show them."""
LOOK_BACK = 12
"""How many earlier meetings `load_earlier_feedback` reads at most (a year of four-weekly meetings)."""


def roles_held(meeting: Meeting) -> list[tuple[FeedbackRole, str]]:
    """(role, member id) for every role held at the meeting: the four single roles, then each theme owner."""
    roles = meeting.roles
    held: list[tuple[FeedbackRole, str]] = []
    for role in ("moderator", "minute_taker", "boundary_keeper", "host"):
        member = getattr(roles, role)
        if member:
            held.append((role, member))
    held += [("theme_owner", member) for member in roles.theme_owners if member]
    return held


def feedback_for(meeting: Meeting, role: str, member: str) -> RoleFeedback | None:
    """The feedback stored for `member` in `role` at the meeting, or None."""
    for entry in meeting.role_feedback:
        if entry.role == role and entry.member == member:
            return entry
    return None


def _has_text(entry: RoleFeedback) -> bool:
    return bool(entry.worked.strip() or entry.try_next.strip())


def tidy_feedback(entries: Iterable[RoleFeedback]) -> list[RoleFeedback]:
    """The entries with any text, stripped, one per (role, member) (the last wins), in `FEEDBACK_ROLES` order."""
    chosen: dict[tuple[str, str], RoleFeedback] = {}
    for entry in entries:
        key = (entry.role, entry.member)
        if not _has_text(entry):
            chosen.pop(key, None)
            continue
        chosen[key] = RoleFeedback(
            role=entry.role, member=entry.member, worked=entry.worked.strip(), try_next=entry.try_next.strip()
        )
    order = {role: n for n, role in enumerate(FEEDBACK_ROLES)}
    return sorted(chosen.values(), key=lambda e: order[e.role])


@dataclass(frozen=True)
class EarlierFeedback:
    """Feedback given on a role at an earlier meeting, for today's holder of the role."""

    role: FeedbackRole
    member: str
    """Who held the role then."""
    meeting_id: str
    day: date
    worked: str
    try_next: str


def _order(meeting: Meeting) -> tuple[date, Any, str]:
    return (meeting.date, meeting.start, meeting.id)


def earlier_feedback(meetings: Iterable[Meeting], before: Meeting) -> dict[FeedbackRole, list[EarlierFeedback]]:
    """Per role, the feedback of the latest meeting before `before` that gave any on that role.

    Only finished meetings count. A role with several holders (theme owners) gets every entry of
    that meeting. Roles nobody gave feedback on are left out.
    """
    found: dict[FeedbackRole, list[EarlierFeedback]] = {}
    earlier = [m for m in meetings if m.status == "finished" and m.id != before.id and _order(m) < _order(before)]
    for meeting in sorted(earlier, key=_order, reverse=True):
        seen_here: set[FeedbackRole] = set()
        for entry in meeting.role_feedback:
            if not _has_text(entry) or (entry.role in found and entry.role not in seen_here):
                continue
            seen_here.add(entry.role)
            found.setdefault(entry.role, []).append(
                EarlierFeedback(entry.role, entry.member, meeting.id, meeting.date, entry.worked, entry.try_next)
            )
        if len(found) == len(FEEDBACK_ROLES):
            break
    return found


def load_earlier_feedback(
    store: Any, group_id: str, meeting: Meeting, limit: int = LOOK_BACK
) -> dict[FeedbackRole, list[EarlierFeedback]]:
    """`earlier_feedback` from the group's meeting files before `meeting`, newest first, at most `limit` files.

    Meeting ids start with their date, so only files of earlier days are read; a file that
    cannot be read is skipped. `store` is a `facilitator.store.Store`.
    """
    try:
        ids = sorted(store.meeting_ids(group_id), reverse=True)
    except Exception:  # noqa: BLE001 - an unreadable folder: no earlier feedback to show
        return {}
    day = meeting.date.isoformat()
    meetings: list[Meeting] = []
    for mid in ids:
        if mid == meeting.id or mid[:10] > day:
            continue
        if len(meetings) >= limit:
            break
        try:
            loaded = store.load_meeting(group_id, mid)
        except Exception:  # noqa: BLE001 - a broken file is listed on the home screen; skip it here
            continue
        if isinstance(loaded, Meeting) and loaded.status == "finished":
            meetings.append(loaded)
            if len(earlier_feedback(meetings, meeting)) == len(FEEDBACK_ROLES):
                break
    return earlier_feedback(meetings, meeting)


def role_label(role: str, language: str | None = None) -> str:
    """The role's name ("Moderator", "Ordstyrer")."""
    return t(f"year.role_{role}", language=language)


def feedback_markdown(group: Group, meeting: Meeting, language: str) -> list[str]:
    """The minutes' section with the feedback on the roles (only when the export asks for it).

    Confidential (`!!`) lines of the feedback are left out, like everything in an export.
    """
    entries = [entry for entry in meeting.role_feedback if _has_text(entry)]
    lines: list[str] = []
    for entry in entries:
        worked = split_confidential(entry.worked)[0]
        try_next = split_confidential(entry.try_next)[0]
        if not (worked or try_next):
            continue
        who = group.name_of(entry.member) if entry.member else t("export.not_recorded", language=language)
        lines.append(f"- **{role_label(entry.role, language)}** ({who})")
        if worked:
            lines.append("  - " + t("year.feedback_worked_line", language=language, text=_one_line(worked)))
        if try_next:
            lines.append("  - " + t("year.feedback_try_line", language=language, text=_one_line(try_next)))
    if not lines:
        return []
    return ["", f"## {t('year.heading_role_feedback', language=language)}", "", *lines]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cue_details(
    found: dict[FeedbackRole, list[EarlierFeedback]],
    group: Group,
    roles_today: Sequence[tuple[str, str]],
    language: str | None = None,
) -> tuple[str, ...]:
    """The detail lines of the cue "feedback from last time": one or two per role held today."""
    details: list[str] = []
    done: set[str] = set()
    for role, _member in roles_today:
        if role in done or role not in found:
            continue
        done.add(role)
        for entry in found[role]:
            head = t(
                "year.cue_feedback_head",
                language=language,
                role=role_label(role, language),
                name=group.name_of(entry.member),
                date=entry.day.isoformat(),
            )
            parts = []
            if entry.worked.strip():
                parts.append(t("year.feedback_worked_line", language=language, text=_one_line(entry.worked)))
            if entry.try_next.strip():
                parts.append(t("year.feedback_try_line", language=language, text=_one_line(entry.try_next)))
            details.append(f"{head} {' · '.join(parts)}")
    return tuple(details)
