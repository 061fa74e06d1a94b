"""New members at the right time, as plain Python (no Textual).

The booklet: keep the group at about 10 members (a larger one can split), with
a fixed membership; an established group takes new members more easily, after
about 7 to 10 meetings, when it has a culture and ground rules to hand on and a
new voice brings fresh life. `readiness` says where the group stands (meetings
held, members active, the size limit), for the members screen.

A new member then gets a welcome sheet (`welcome_markdown`, `facilitator
export welcome`): the group's purpose and form, the agreements, the roles,
the meeting plan and the contact list. It holds no minutes at all, no
feedback and no evaluation, and no confidential (`!!`) line of the agreements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from facilitator.confidential import split_confidential
from facilitator.i18n import t
from facilitator.model import Group, Meeting
from facilitator.purpose import purpose_lines

__all__ = ["READY_AFTER", "ESTABLISHED_BY", "Readiness", "readiness", "readiness_text", "welcome_markdown"]

READY_AFTER = 7
"""Meetings held before the group is established enough for new members (the booklet: about 7-10)."""
ESTABLISHED_BY = 10

ReadinessState = Literal["forming", "ready", "full"]


@dataclass(frozen=True)
class Readiness:
    """Whether the group is ready for new members, and why."""

    held: int
    """Finished meetings."""
    active: int
    limit: int
    """The group's `max_members` (10 by default, the booklet's advice)."""
    state: ReadinessState

    @property
    def room(self) -> int:
        """How many new members fit before the limit."""
        return max(0, self.limit - self.active)


def readiness(group: Group, held: int) -> Readiness:
    """Where the group stands for new members: still forming (fewer than 7 meetings), full, or ready."""
    active = len(group.active_members)
    limit = group.settings.max_members
    if active >= limit:
        state: ReadinessState = "full"
    elif held < READY_AFTER:
        state = "forming"
    else:
        state = "ready"
    return Readiness(held, active, limit, state)


def readiness_text(ready: Readiness, language: str | None = None) -> str:
    """One sentence for the members screen, with the numbers behind it."""
    values = {
        "held": ready.held,
        "active": ready.active,
        "limit": ready.limit,
        "room": ready.room,
        "after": READY_AFTER,
        "by": ESTABLISHED_BY,
        "left": max(0, READY_AFTER - ready.held),
    }
    return t(f"year.ready_{ready.state}", language=language, **values)


def _public(text: str) -> str:
    return split_confidential(text)[0]


def welcome_markdown(group: Group, upcoming: Iterable[Meeting], language: str, today: date | None = None) -> str:
    """The welcome sheet for a new member, as Markdown (see the module docstring).

    `upcoming` are the group's meetings ahead (planned ones are listed; a cancelled or
    finished one is not); with `today` a meeting before it is left out.
    """
    from facilitator.export import format_date, format_time
    from facilitator.phones import display as display_phone

    lang = language
    out: list[str] = [f"# {t('year.welcome_title', language=lang, group=group.name)}", ""]
    out += [t("year.welcome_intro", language=lang), ""]

    out += [f"## {t('year.welcome_purpose', language=lang)}", ""]
    lines = [(label, _public(text)) for label, text in purpose_lines(group.purpose, lang)]
    lines = [(label, text) for label, text in lines if text]
    out += [f"- **{label}:** {' '.join(text.split())}" for label, text in lines] or [
        t("year.welcome_no_purpose", language=lang)
    ]

    out += ["", f"## {t('year.welcome_agreements', language=lang)}", ""]
    agreements = group.agreements
    found = False
    for name in ("confidentiality", "ethics", "attendance", "personal_limits"):
        text = _public(getattr(agreements, name))
        if text:
            found = True
            out.append(f"### {t(f'year.agreement_{name}', language=lang)}")
            out += ["", text, ""]
    if found and agreements.changed_on is not None:
        out.append(t("year.welcome_agreed_on", language=lang, date=format_date(agreements.changed_on, lang)))
    if not found:
        out.append(t("year.welcome_no_agreements", language=lang))

    out += ["", f"## {t('year.welcome_roles', language=lang)}", ""]
    out.append(t("year.welcome_roles_intro", language=lang))
    out.append("")
    out += [
        f"- **{t(f'year.role_{role}', language=lang)}:** {t(f'year.role_{role}_does', language=lang)}"
        for role in ("moderator", "minute_taker", "boundary_keeper", "host", "theme_owner")
    ]

    out += ["", f"## {t('year.welcome_plan', language=lang)}", ""]
    planned = sorted(
        (m for m in upcoming if m.status == "planned" and (today is None or m.date >= today)),
        key=lambda m: (m.date, m.start, m.id),
    )
    for meeting in planned:
        parts = [f"**{format_date(meeting.date, lang)}, {format_time(meeting.start, lang)}**"]
        if meeting.title:
            parts.append(meeting.title)
        if meeting.place:
            parts.append(meeting.place)
        if meeting.theme and meeting.theme != meeting.title:
            parts.append(t("year.welcome_theme", language=lang, theme=meeting.theme))
        if meeting.roles.moderator:
            parts.append(t("year.welcome_moderator", language=lang, name=group.name_of(meeting.roles.moderator)))
        out.append("- " + " · ".join(parts))
    if not planned:
        out.append(t("year.welcome_no_plan", language=lang))

    out += ["", f"## {t('year.welcome_contacts', language=lang)}", ""]
    members = group.active_members
    if members:
        columns = (t("year.col_member", language=lang), t("year.col_phone", language=lang), t("year.col_email", language=lang))
        out.append("| " + " | ".join(columns) + " |")
        out.append("|---|---|---|")
        for member in members:
            phone = display_phone(member.phone, group.settings.country) if member.phone else "–"
            cells = [member.name, phone, member.email or "–"]
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    else:
        out.append(t("year.welcome_no_members", language=lang))
    return "\n".join(out) + "\n"
