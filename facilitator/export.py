"""Everything that leaves the app as text: minutes, contact list, meeting plan, invitation.

The functions here are pure: they take the models (`Group`, `Meeting`) and
return text or bytes, in the language asked for, with dates written by a small
formatter of our own (Danish weekday and month names come from
`locale/export.toml`, never from the system locale). Only `write_export` and
`export_contacts` touch the disk, and they do it through `store.write_atomic`.

Confidentiality: the `!!` rule lives in facilitator/confidential.py (a line
whose text begins with `!!`, also after a list, task, quote or heading marker
or after `Decision:`, and the whole paragraph such a line begins, never leaves
the app). `split_confidential` (from there) returns the public text and what
was left out, so the moderator can see it before exporting. Time-out notes
follow the same rule when they are exported.

Decisions are lines starting with `Decision:` or `Beslutning:` (also as a list
item, `- Beslutning: ...`); actions are task lines `- [ ] open` / `- [x] done`
(`*` or `+` bullets too). The minutes export reads both from the public text.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from facilitator.confidential import split_confidential
from facilitator.i18n import get_language, t
from facilitator.model import Group, Meeting, Roles, slugify

__all__ = [
    "DEFAULT_MEETING_MINUTES",
    "DEFAULT_TIME_ZONE",
    "PRODID",
    "actions",
    "agenda_lines",
    "contacts_csv",
    "contacts_vcard",
    "decisions",
    "default_questions",
    "event_uid",
    "export_contacts",
    "format_date",
    "format_time",
    "invitation_text",
    "local_zone_name",
    "minutes_left_out",
    "minutes_markdown",
    "plan_ics",
    "split_confidential",
    "write_export",
]

DEFAULT_MEETING_MINUTES = 150
"""Length of a meeting in the calendar when its agenda has no planned minutes (the booklet's usual meeting)."""
DEFAULT_TIME_ZONE = "Europe/Copenhagen"
"""The zone used when the system's own zone cannot be found."""
PRODID = "-//facilitator//facilitator meeting plan//EN"
PREP_QUESTION_KEYS = ("prep_q1", "prep_q2", "prep_q3", "prep_q4", "prep_q5", "prep_q6")
"""The booklet's preparation questions for a first meeting (texts in export.toml)."""
FIRST_MEETING_TEMPLATE = "first"
REPLY_DAYS_BEFORE = 7

_DECISION_RE = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?:decision|beslutning)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*?)\s*$",
    re.IGNORECASE,
)
_ACTION_RE = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*?)\s*$")


def _lang(language: str | None) -> str:
    return language or get_language()


# ---------------------------------------------------------------- dates


def format_date(day: date, language: str | None = None) -> str:
    """`day` written out: 'torsdag den 12. marts 2026' / 'Thursday 12 March 2026'."""
    lang = _lang(language)
    weekdays = t("export.weekdays", language=lang).split(",")
    months = t("export.months", language=lang).split(",")
    return t(
        "export.date_long",
        language=lang,
        weekday=weekdays[day.weekday()].strip(),
        day=day.day,
        month=months[day.month - 1].strip(),
        year=day.year,
    )


def format_time(moment: time | datetime, language: str | None = None) -> str:
    """A time of day: '18.00' in Danish, '18:00' in English."""
    return t("export.time_of_day", language=_lang(language), hh=f"{moment.hour:02d}", mm=f"{moment.minute:02d}")


def _time_range(start: time | datetime, end: time | datetime, language: str) -> str:
    return t(
        "export.time_range",
        language=language,
        start=format_time(start, language),
        end=format_time(end, language),
    )


# ---------------------------------------------------------------- confidentiality


def decisions(minutes: str) -> list[str]:
    """The decisions in `minutes`: the text after `Decision:` / `Beslutning:` on each such line."""
    found: list[str] = []
    for line in minutes.splitlines():
        match = _DECISION_RE.match(line)
        if match and match.group(1):
            found.append(match.group(1))
    return found


def actions(minutes: str) -> list[tuple[bool, str]]:
    """The task lines of `minutes` as (done, text): `- [ ] open`, `- [x] done`."""
    found: list[tuple[bool, str]] = []
    for line in minutes.splitlines():
        match = _ACTION_RE.match(line)
        if match and match.group(2):
            found.append((match.group(1).lower() == "x", match.group(2)))
    return found


def minutes_left_out(meeting: Meeting, *, include_timeout_notes: bool = False) -> list[str]:
    """What the minutes export leaves out as confidential (for the preview before exporting).

    With `include_timeout_notes` the confidential parts of the time-out notes
    are listed too (without it the notes are not exported at all).
    """
    left_out = split_confidential(meeting.minutes)[1]
    if include_timeout_notes:
        for timeout in meeting.timeouts:
            left_out.extend(split_confidential(timeout.note)[1])
    return left_out


# ---------------------------------------------------------------- shared pieces


def _names(group: Group, ids: Iterable[str]) -> str:
    return ", ".join(group.name_of(member_id) for member_id in ids if member_id)


def _role_fields(group: Group, roles: Roles, language: str) -> list[tuple[str, str]]:
    """(label, names) for every role that is given."""
    fields: list[tuple[str, str]] = []
    for key, member_id in (
        ("field_moderator", roles.moderator),
        ("field_minute_taker", roles.minute_taker),
        ("field_boundary_keeper", roles.boundary_keeper),
        ("field_host", roles.host),
    ):
        if member_id:
            fields.append((t(f"export.{key}", language=language), group.name_of(member_id)))
    if roles.theme_owners:
        fields.append((t("export.field_theme_owners", language=language), _names(group, roles.theme_owners)))
    return fields


def _planned_end(meeting: Meeting) -> datetime:
    start = datetime.combine(meeting.date, meeting.start)
    return start + timedelta(minutes=meeting.planned_minutes or DEFAULT_MEETING_MINUTES)


def _led_by(group: Group, meeting: Meeting, led_by: str, language: str) -> str:
    """Who leads an item, in words: 'ordstyrer: Anne Hansen', 'alle', a member's name."""
    roles = meeting.roles
    role_ids: dict[str, list[str]] = {
        "moderator": [roles.moderator] if roles.moderator else [],
        "host": [roles.host] if roles.host else [],
        "theme_owner": list(roles.theme_owners),
    }
    if led_by == "everyone":
        return t("export.led_by_everyone", language=language)
    if led_by in role_ids:
        role = t(f"export.led_by_{led_by}", language=language)
        ids = role_ids[led_by]
        if ids:
            return t("export.led_by_with_name", language=language, role=role, names=_names(group, ids))
        return role
    return group.name_of(led_by) if led_by else ""


def agenda_lines(group: Group, meeting: Meeting, language: str | None = None) -> list[str]:
    """The agenda with clock times: each item starts when the previous one's planned minutes end."""
    lang = _lang(language)
    clock = datetime.combine(meeting.date, meeting.start)
    lines: list[str] = []
    for item in meeting.items:
        details = [
            part
            for part in (
                _led_by(group, meeting, item.led_by, lang),
                t("common.minutes_short", language=lang, n=item.planned_minutes) if item.planned_minutes else "",
            )
            if part
        ]
        when = format_time(clock, lang)
        if details:
            joined = ", ".join(details)
            lines.append(t("export.agenda_item", language=lang, time=when, title=item.title, details=joined))
        else:
            lines.append(t("export.agenda_item_plain", language=lang, time=when, title=item.title))
        clock += timedelta(minutes=item.planned_minutes)
    if meeting.items:
        lines.append(t("export.agenda_end", language=lang, time=format_time(clock, lang)))
    return lines


# ---------------------------------------------------------------- minutes


def _outcome(outcome: str, language: str) -> str:
    if outcome:
        return t(f"export.outcome_{outcome}", language=language)
    return t("export.not_recorded", language=language)


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment


def minutes_markdown(
    group: Group,
    meeting: Meeting,
    *,
    include_timeout_notes: bool = False,
    next_meeting: Meeting | None = None,
    language: str | None = None,
) -> str:
    """The minutes as Markdown, ready to e-mail to the members.

    A header (group, date, time, place, roles, present, absent with notice),
    the public minutes, a summary of decisions and actions, the time-outs
    (their notes only with `include_timeout_notes`, and then without their
    confidential parts), and the next meeting where one is given. Nothing
    marked confidential appears anywhere in the result.
    """
    lang = _lang(language)
    dash = t("export.empty_field", language=lang)
    public, _ = split_confidential(meeting.minutes)
    zone = meeting.started_at.tzinfo if meeting.started_at is not None else None

    if meeting.started_at is not None and meeting.ended_at is not None:
        when = _time_range(meeting.started_at, _local(meeting.ended_at, zone), lang)
    else:
        when = _time_range(meeting.start, _planned_end(meeting), lang)
    roles = meeting.roles
    header = [
        (t("export.field_date", language=lang), format_date(meeting.date, lang)),
        (t("export.field_time", language=lang), when),
        (t("export.field_place", language=lang), meeting.place or dash),
        (t("export.field_moderator", language=lang), group.name_of(roles.moderator) if roles.moderator else dash),
        (
            t("export.field_minute_taker", language=lang),
            group.name_of(roles.minute_taker) if roles.minute_taker else dash,
        ),
    ]
    shown = {label for label, _ in header}
    header += [field for field in _role_fields(group, roles, lang) if field[0] not in shown]
    header += [
        (t("export.field_present", language=lang), _names(group, meeting.attendance.present) or dash),
        (t("export.field_absent_notified", language=lang), _names(group, meeting.attendance.absent_notified) or dash),
    ]

    out: list[str] = [f"# {t('export.minutes_title', language=lang, group=group.name)}", ""]
    if meeting.title:
        out += [f"**{meeting.title}**", ""]
    out += [f"- **{label}:** {value}" for label, value in header]

    out += ["", f"## {t('export.heading_minutes', language=lang)}", ""]
    out.append(public if public else f"_{t('export.no_minutes', language=lang)}_")

    out += ["", f"## {t('export.heading_summary', language=lang)}", ""]
    out += [f"### {t('export.heading_decisions', language=lang)}", ""]
    found_decisions = decisions(public)
    out += [f"- {text}" for text in found_decisions] or [t("export.no_decisions", language=lang)]
    out += ["", f"### {t('export.heading_actions', language=lang)}", ""]
    found_actions = actions(public)
    out += [f"- [{'x' if done else ' '}] {text}" for done, text in found_actions] or [
        t("export.no_actions", language=lang)
    ]

    if meeting.timeouts:
        out += ["", f"## {t('export.heading_timeouts', language=lang)}", ""]
        for timeout in meeting.timeouts:
            item_title = meeting.items[timeout.item].title if timeout.item < len(meeting.items) else dash
            values = {
                "time": format_time(_local(timeout.start, zone), lang),
                "number": timeout.item + 1,
                "item": item_title,
                "who": (
                    group.name_of(timeout.called_by)
                    if timeout.called_by
                    else t("export.not_recorded", language=lang)
                ),
                "outcome": _outcome(timeout.outcome, lang),
            }
            if timeout.end is not None:
                seconds = max(0.0, (timeout.end - timeout.start).total_seconds())
                values["minutes"] = max(1, math.floor(seconds / 60 + 0.5))
                out.append("- " + t("export.timeout_line", language=lang, **values))
            else:
                out.append("- " + t("export.timeout_line_open", language=lang, **values))
            if include_timeout_notes:
                note, _ = split_confidential(timeout.note)
                if note:
                    text = t("export.timeout_note", language=lang, note=note)
                    out += ["  " + line if line else "" for line in text.split("\n")]

    if next_meeting is not None:
        out += ["", f"## {t('export.heading_next_meeting', language=lang)}", ""]
        fields: list[tuple[str, str]] = []
        if next_meeting.title:
            fields.append((t("export.field_meeting", language=lang), next_meeting.title))
        fields.append((t("export.field_date", language=lang), format_date(next_meeting.date, lang)))
        fields.append(
            (t("export.field_time", language=lang), _time_range(next_meeting.start, _planned_end(next_meeting), lang))
        )
        if next_meeting.place:
            fields.append((t("export.field_place", language=lang), next_meeting.place))
        if next_meeting.theme:
            fields.append((t("export.field_theme", language=lang), next_meeting.theme))
        fields += _role_fields(group, next_meeting.roles, lang)
        out += [f"- **{label}:** {value}" for label, value in fields]

    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- contacts


def contacts_csv(group: Group, language: str | None = None) -> str:
    """The active members as CSV: name, phone, e-mail, with a header row in `language`."""
    lang = _lang(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(f"export.csv_{column}", language=lang) for column in ("name", "phone", "email")])
    for member in group.active_members:
        writer.writerow([member.name, member.phone, member.email])
    return buffer.getvalue()


def _vcard_escape(value: str) -> str:
    """A text value escaped for vCard 3.0 (RFC 2426 section 4): backslash, comma, semicolon, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (CRLF + space), never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    room = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > room:
            parts.append("".join(current))
            current, size, room = [], 0, limit - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for the vCard N property: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2 or not any(char.isalpha() for char in words[-1]):
        return "", name.strip()
    return words[-1], " ".join(words[:-1])


def _group_key(group: Group) -> str:
    return group.id or slugify(group.name, "group")


def contacts_vcard(group: Group) -> str:
    """The active members as vCard 3.0 cards (CRLF line endings, folded at 75 octets, UTF-8)."""
    lines: list[str] = []
    for member in group.active_members:
        family, given = _split_name(member.name)
        card = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"UID:{_vcard_escape(member.id)}@{_group_key(group)}.facilitator",
            f"FN:{_vcard_escape(member.name)}",
            f"N:{_vcard_escape(family)};{_vcard_escape(given)};;;",
        ]
        if member.phone:
            card.append(f"TEL;TYPE=CELL:{_vcard_escape(member.phone)}")
        if member.email:
            card.append(f"EMAIL;TYPE=INTERNET:{_vcard_escape(member.email)}")
        card.append(f"CATEGORIES:{_vcard_escape(group.name)}")
        card.append("END:VCARD")
        lines += [_fold(line) for line in card]
    return "".join(line + "\r\n" for line in lines)


def write_export(path: Path | str, data: bytes) -> None:
    """Write an export atomically, readable by the owner only (mode 0600)."""
    from facilitator import store  # lazily: exports need no disk access until here

    target = Path(path)
    store.write_atomic(target, data)
    os.chmod(target, 0o600)


def export_contacts(group: Group, path: Path | str, *, language: str | None = None) -> None:
    """Write the contact list to `path`: CSV for .csv, vCard for .vcf / .vcard.

    The CSV starts with a UTF-8 byte order mark so spreadsheet programs read
    æ, ø and å right. Any other extension raises ValueError with a message
    for the user.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        data = ("\ufeff" + contacts_csv(group, language)).encode("utf-8")
    elif suffix in (".vcf", ".vcard"):
        data = contacts_vcard(group).encode("utf-8")
    else:
        raise ValueError(t("export.unknown_contacts_format", language=_lang(language), name=target.name))
    write_export(target, data)


# ---------------------------------------------------------------- calendar


def _zone_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def local_zone_name() -> str:
    """The system's IANA zone name (TZ, /etc/timezone, /etc/localtime), else Europe/Copenhagen."""
    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env.split("zoneinfo/", 1)[1] if "zoneinfo/" in env else env)
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        candidates.append(link.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and _zone_ok(name):
            return name
    return DEFAULT_TIME_ZONE


def event_uid(group: Group, meeting: Meeting) -> str:
    """The calendar UID of a meeting: the same on every export, so calendars update the event."""
    return f"{meeting.id}@{_group_key(group)}.facilitator"


def _description(group: Group, meeting: Meeting, language: str) -> str:
    parts: list[str] = []
    if meeting.theme:
        parts += [f"{t('export.field_theme', language=language)}: {meeting.theme}", ""]
    if meeting.items:
        parts.append(t("export.ics_agenda", language=language) + ":")
        parts += agenda_lines(group, meeting, language)
    role_fields = _role_fields(group, meeting.roles, language)
    if role_fields:
        if parts:
            parts.append("")
        parts.append(t("export.ics_roles", language=language) + ":")
        parts += [f"{label}: {value}" for label, value in role_fields]
    return "\n".join(parts).strip()


def plan_ics(
    group: Group,
    meetings: list[Meeting],
    tz_name: str | None = None,
    *,
    now: datetime | None = None,
    language: str | None = None,
) -> bytes:
    """The meetings as an iCalendar file: one VEVENT per meeting given, with a VTIMEZONE.

    Times are local times in `tz_name` (default: the system's zone, see
    `local_zone_name`). DTEND is the start plus the planned minutes (150 when
    the agenda has none). `now` is the DTSTAMP (default: the current UTC time).
    """
    from icalendar import Calendar, Event

    lang = _lang(language)
    name = tz_name or local_zone_name()
    if not _zone_ok(name):
        raise ValueError(t("export.unknown_zone", language=lang, name=name))
    zone = ZoneInfo(name)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", group.name)
    calendar.add("x-wr-timezone", name)

    ordered = sorted(meetings, key=lambda m: (m.date, m.start, m.id))
    for meeting in ordered:
        start = datetime.combine(meeting.date, meeting.start, tzinfo=zone)
        end = start + timedelta(minutes=meeting.planned_minutes or DEFAULT_MEETING_MINUTES)
        event = Event()
        event.add("uid", event_uid(group, meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        title = meeting.title or t("export.untitled_meeting", language=lang)
        event.add("summary", f"{group.name}: {title}")
        if meeting.place:
            event.add("location", meeting.place)
        description = _description(group, meeting, lang)
        if description:
            event.add("description", description)
        calendar.add_component(event)

    add_timezones = getattr(calendar, "add_missing_timezones", None)  # icalendar >= 6.1
    if ordered and add_timezones is not None:
        add_timezones(
            first_date=date(ordered[0].date.year - 1, 1, 1),
            last_date=date(ordered[-1].date.year + 2, 1, 1),
        )
    return calendar.to_ical()


# ---------------------------------------------------------------- invitation


def default_questions(language: str | None = None) -> list[str]:
    """The booklet's preparation questions for a first meeting, in `language`."""
    lang = _lang(language)
    return [t(f"export.{key}", language=lang) for key in PREP_QUESTION_KEYS]


def invitation_text(
    group: Group,
    meeting: Meeting,
    *,
    reply_by: date | None = None,
    questions: list[str] | None = None,
    sender: str = "",
    language: str | None = None,
) -> str:
    """A plain-text invitation to `meeting`, ready to paste into an e-mail.

    In the group's language unless `language` is given. `reply_by` defaults to
    seven days before the meeting. `questions=None` means the booklet's
    preparation questions for a first meeting (template 'first') and none for
    other meetings; pass a list (or []) to choose. The closing is signed by
    `sender`, or by the group's name when no sender is given.
    """
    lang = language or group.settings.language
    day = format_date(meeting.date, lang)
    reply_day = reply_by or (meeting.date - timedelta(days=REPLY_DAYS_BEFORE))
    if questions is None:
        questions = default_questions(lang) if meeting.template == FIRST_MEETING_TEMPLATE else []

    out: list[str] = [t("export.inv_greeting", language=lang), ""]
    if meeting.title:
        out.append(t("export.inv_intro", language=lang, group=group.name, title=meeting.title))
    else:
        out.append(t("export.inv_intro_untitled", language=lang, group=group.name))
    out.append("")
    out.append(
        t(
            "export.inv_when",
            language=lang,
            date=day,
            start=format_time(meeting.start, lang),
            end=format_time(_planned_end(meeting), lang),
        )
    )
    if meeting.place:
        out.append(t("export.inv_where", language=lang, place=meeting.place))
    if meeting.theme:
        out.append(t("export.inv_theme", language=lang, theme=meeting.theme))
    if meeting.roles.moderator:
        out.append(t("export.inv_moderator", language=lang, name=group.name_of(meeting.roles.moderator)))
    out += ["", t("export.inv_reply_by", language=lang, date=format_date(reply_day, lang))]

    if questions:
        out += ["", t("export.inv_questions_intro", language=lang), ""]
        out += [f"- {question}" for question in questions]

    agenda = agenda_lines(group, meeting, lang)
    if agenda:
        out += ["", t("export.inv_agenda", language=lang), ""]
        out += agenda

    out += ["", t("export.inv_looking_forward", language=lang), "", t("export.inv_regards", language=lang)]
    out.append(sender or group.name)
    return "\n".join(out) + "\n"
