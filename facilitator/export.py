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
import hashlib
import io
import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from facilitator import phones
from facilitator.confidential import split_confidential
from facilitator.i18n import get_language, t
from facilitator.model import CONCLUSION_FIELDS, EvaluationConclusions, Group, Meeting, Roles, slugify
from facilitator.zones import DEFAULT_TIME_ZONE, local_zone_name, zone_ok

__all__ = [
    "DEFAULT_MEETING_MINUTES",
    "DEFAULT_TIME_ZONE",
    "PRODID",
    "actions",
    "agenda_lines",
    "CSV_STYLES",
    "contacts_csv",
    "contacts_vcard",
    "decisions",
    "QUESTION_SETS",
    "default_questions",
    "evaluation_questions",
    "invitation_questions",
    "meeting_kind",
    "question_set",
    "calendar_fingerprint",
    "calendar_state",
    "conclusions_lines",
    "event_uid",
    "export_contacts",
    "format_date",
    "format_time",
    "email_draft",
    "invitation_eml",
    "invitation_text",
    "minutes_eml",
    "local_zone_name",
    "minutes_left_out",
    "minutes_markdown",
    "plan_ics",
    "split_confidential",
    "write_export",
]

DEFAULT_MEETING_MINUTES = 150
"""Length of a meeting in the calendar when its agenda has no planned minutes (the booklet's usual meeting)."""
PRODID = "-//facilitator//facilitator meeting plan//EN"
PREP_QUESTION_KEYS = ("prep_q1", "prep_q2", "prep_q3", "prep_q4", "prep_q5", "prep_q6")
"""The booklet's preparation questions for a first meeting (texts in export.toml)."""
EVALUATION_QUESTION_KEYS = ("eval_q1", "eval_q2", "eval_q3", "eval_q4", "eval_q5")
"""Questions to prepare the evaluation meeting (texts in export.toml)."""
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


def note_in_minutes(note: str, public_minutes: str) -> bool:
    """Whether a time-out's note was chosen for the minutes: its text stands in the public minutes.

    The time-out view writes a chosen note into the minutes with the time-out's
    line; a note the minute-taker later took out (or marked `!!`) no longer counts.
    """
    text = " ".join(note.split())
    return bool(text) and text in " ".join(public_minutes.split())


def minutes_left_out(
    meeting: Meeting, *, include_timeout_notes: bool = False, include_role_feedback: bool = False
) -> list[str]:
    """What the minutes export leaves out as confidential (for the preview before exporting).

    With `include_timeout_notes` the confidential parts of the time-out notes
    are listed too (without it only the notes chosen for the minutes are
    exported, and they are in the minutes' public text already); with
    `include_role_feedback` those of the feedback on the roles. The
    evaluation's conclusions are always exported, so theirs are always listed.
    """
    left_out = split_confidential(meeting.minutes)[1]
    if include_timeout_notes:
        for timeout in meeting.timeouts:
            left_out.extend(split_confidential(timeout.note)[1])
    if include_role_feedback:
        for entry in meeting.role_feedback:
            left_out.extend(split_confidential(entry.worked)[1] + split_confidential(entry.try_next)[1])
    if meeting.conclusions is not None:
        for value in meeting.conclusions.model_dump().values():
            if isinstance(value, str):
                left_out.extend(split_confidential(value)[1])
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


def _zone(group: Group) -> tzinfo:
    """The group's time zone: every time an export writes is in it."""
    return group.settings.zone()


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


def _amended(at: datetime, closed_at: datetime | None, zone: tzinfo, language: str) -> str:
    """'opened again for corrections on <date> at <time>, closed <time>' for the header."""
    opened = _local(at, zone)
    values = {"date": format_date(opened.date(), language), "time": format_time(opened, language)}
    if closed_at is None:
        return t("export.amended_open", language=language, **values)
    closed = _local(closed_at, zone)
    if closed.date() == opened.date():
        return t("export.amended_same_day", language=language, closed=format_time(closed, language), **values)
    return t(
        "export.amended",
        language=language,
        closed_date=format_date(closed.date(), language),
        closed=format_time(closed, language),
        **values,
    )


def conclusions_lines(conclusions: EvaluationConclusions | None, language: str, *, public: bool = True) -> list[tuple[str, str]]:
    """(label, text) of each conclusion of a half-year evaluation written down (without `!!` lines when `public`).

    The minutes show them under their own heading; the next evaluation's page shows them again.
    """
    if conclusions is None:
        return []
    out: list[tuple[str, str]] = []
    for name in CONCLUSION_FIELDS:
        text = getattr(conclusions, name).strip()
        if public:
            text = split_confidential(text)[0]
        if text:
            out.append((t(f"year.question_{name}", language=language), text))
    return out


def minutes_markdown(
    group: Group,
    meeting: Meeting,
    *,
    include_timeout_notes: bool = False,
    next_meeting: Meeting | None = None,
    language: str | None = None,
    include_role_feedback: bool = False,
) -> str:
    """The minutes as Markdown, ready to e-mail to the members.

    A header (group, date, time, place, roles, present, absent with notice,
    and when the meeting was opened again for corrections), the public minutes
    (under their own item headings), a summary of decisions and actions, the
    time-outs, and the next meeting where one is given. A time-out's note is
    shown when it was chosen for the minutes (it stands in them), and every
    note with `include_timeout_notes`; never their confidential parts. Times
    are in the group's zone. Nothing marked confidential appears anywhere.
    An evaluation meeting's conclusions follow the summary; the feedback on
    the roles only with `include_role_feedback` (it is for the role holders).
    """
    lang = _lang(language)
    dash = t("export.empty_field", language=lang)
    public, _ = split_confidential(meeting.minutes)
    zone = _zone(group)

    if meeting.started_at is not None and meeting.ended_at is not None:
        when = _time_range(_local(meeting.started_at, zone), _local(meeting.ended_at, zone), lang)
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

    for reopening in meeting.reopened:
        header.append((t("export.field_amended", language=lang), _amended(reopening.at, reopening.closed_at, zone, lang)))

    out: list[str] = [f"# {t('export.minutes_title', language=lang, group=group.name)}", ""]
    if meeting.title:
        out += [f"**{meeting.title}**", ""]
    out += [f"- **{label}:** {value}" for label, value in header]

    # The minutes follow the header directly: their own `## N. Item` headings are the sections.
    out += ["", public if public else f"_{t('export.no_minutes', language=lang)}_"]

    out += ["", f"## {t('export.heading_summary', language=lang)}", ""]
    out += [f"### {t('export.heading_decisions', language=lang)}", ""]
    found_decisions = decisions(public)
    out += [f"- {text}" for text in found_decisions] or [t("export.no_decisions", language=lang)]
    out += ["", f"### {t('export.heading_actions', language=lang)}", ""]
    found_actions = actions(public)
    out += [f"- [{'x' if done else ' '}] {text}" for done, text in found_actions] or [
        t("export.no_actions", language=lang)
    ]

    if meeting.conclusions is not None:  # the evaluation's conclusions (issue 21)
        found = conclusions_lines(meeting.conclusions, lang)
        if found:
            out += ["", f"## {t('year.heading_conclusions', language=lang)}", ""]
            out += [f"- **{label}:** {' '.join(text.split())}" for label, text in found]
    if include_role_feedback:
        from facilitator.rolefeedback import feedback_markdown

        out += feedback_markdown(group, meeting, lang)

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
            note, _ = split_confidential(timeout.note)
            if include_timeout_notes or note_in_minutes(note, public):
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


CsvStyle = str
"""'excel' (semicolons, a byte order mark: what a Danish spreadsheet opens) or 'plain' (RFC 4180 commas)."""
CSV_STYLES = ("excel", "plain")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_text(value: str) -> str:
    """A cell a spreadsheet shows as the text it is: a leading = + - @ would start a formula (OWASP's advice)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def contacts_csv(group: Group, language: str | None = None, *, style: CsvStyle = "excel") -> str:
    """The active members as CSV: name, phone, e-mail, with a header row in `language`.

    `style="excel"` (the default) is what Excel and LibreOffice open as they are
    in a Danish setting: `;` between the fields (a Danish spreadsheet's list
    separator, since `,` is its decimal comma), CRLF, a UTF-8 byte order mark
    (so æ, ø and å are read as UTF-8), the phone numbers as one dials them from
    the group's country ("24 34 44 54", "00 46 70 123 45 67", never a number
    nor a formula), and a name beginning with = + - @ quoted with `'`.
    `style="plain"` is RFC 4180 for other programs: `,`, no byte order mark,
    the numbers in international form ("+45 24 34 44 54"), the names as they are.
    """
    if style not in CSV_STYLES:
        raise ValueError(f"unknown CSV style {style!r}")
    lang = _lang(language)
    country = group.settings.country
    excel = style == "excel"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([t(f"export.csv_{column}", language=lang) for column in ("name", "phone", "email")])
    for member in group.active_members:
        if excel:
            phone = phones.for_spreadsheet(member.phone, country) if member.phone else ""
            writer.writerow([_spreadsheet_text(member.name), _spreadsheet_text(phone), _spreadsheet_text(member.email)])
        else:
            phone = phones.international(member.phone, country) if member.phone else ""
            writer.writerow([member.name, phone, member.email])
    text = buffer.getvalue()
    return "\ufeff" + text if excel else text


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
    """The active members as vCard 3.0 cards (CRLF line endings, folded at 75 octets, UTF-8).

    Each phone number is written in international form with its TYPE (CELL for a
    mobile number, VOICE for a fixed line or a number whose plan does not say, as
    Danish numbers do not; see `phones.vcard_type`).
    """
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
            country = group.settings.country
            kind = phones.vcard_type(member.phone, country)
            card.append(f"TEL;TYPE={kind}:{_vcard_escape(phones.international(member.phone, country))}")
        if member.email:
            card.append(f"EMAIL;TYPE=INTERNET:{_vcard_escape(member.email)}")
        card.append(f"CATEGORIES:{_vcard_escape(group.name)}")
        card.append("END:VCARD")
        lines += [_fold(line) for line in card]
    return "".join(line + "\r\n" for line in lines)


def write_export(path: Path | str, data: bytes) -> None:
    """Write an export atomically, readable by the owner only (mode 0600)."""
    from facilitator import oscompat, store  # lazily: exports need no disk access until here

    target = Path(path)
    store.write_atomic(target, data)
    oscompat.chmod_path(target, 0o600)  # where the platform has modes; a USB stick's FAT has none


def export_contacts(group: Group, path: Path | str, *, language: str | None = None, style: CsvStyle = "excel") -> None:
    """Write the contact list to `path`: CSV for .csv (in `style`, see `contacts_csv`), vCard for .vcf / .vcard.

    Any other extension raises ValueError with a message for the user.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        data = contacts_csv(group, language, style=style).encode("utf-8")
    elif suffix in (".vcf", ".vcard"):
        data = contacts_vcard(group).encode("utf-8")
    else:
        raise ValueError(t("export.unknown_contacts_format", language=_lang(language), name=target.name))
    write_export(target, data)


# ---------------------------------------------------------------- calendar


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


def _summary(group: Group, meeting: Meeting, language: str) -> str:
    """'<group>: <title>', with the evaluation meeting marked (unless its title says so already)."""
    title = meeting.title or t("export.untitled_meeting", language=language)
    if meeting.evaluation:
        mark = t("export.ics_evaluation", language=language)
        if mark.casefold() not in title.casefold():
            title = f"{title} ({mark})"
    return f"{group.name}: {title}"


def _event_times(meeting: Meeting, zone: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(meeting.date, meeting.start, tzinfo=zone)
    return start, start + timedelta(minutes=meeting.planned_minutes or DEFAULT_MEETING_MINUTES)


def calendar_fingerprint(group: Group, meeting: Meeting, language: str | None = None) -> str:
    """A digest of what a meeting's calendar event shows: time, length, title, place, status, description.

    When it differs from the one stored with the meeting (`Meeting.calendar`),
    the event changed and its SEQUENCE must go up (`planning.stamp_calendar`). It is taken in
    the group's language whatever language the file is written in (`language` is not used, so
    a file written in another language does not count as a change).
    """
    lang = group.settings.language
    start, end = _event_times(meeting, _zone(group))
    parts = [
        start.isoformat(),
        end.isoformat(),
        group.settings.timezone,
        _summary(group, meeting, lang),
        meeting.place,
        "cancelled" if meeting.status == "cancelled" else "confirmed",
        _description(group, meeting, lang),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def calendar_state(group: Group, meeting: Meeting, now: datetime, language: str | None = None) -> tuple[int, datetime]:
    """(SEQUENCE, LAST-MODIFIED) of the meeting's event as of `now`, without changing the meeting.

    The stored sequence and time when the event is as last stamped; one more and
    `now` when it changed since (a hand edit, or a change not yet stamped);
    0 and `now` for a meeting never stamped.
    """
    state = meeting.calendar
    if state is None or not state.fingerprint:
        return (state.sequence if state is not None else 0), (state.modified_at if state and state.modified_at else now)
    if state.fingerprint != calendar_fingerprint(group, meeting, language):
        return state.sequence + 1, now
    return state.sequence, state.modified_at or now


def plan_ics(
    group: Group,
    meetings: list[Meeting],
    tz_name: str | None = None,
    *,
    now: datetime | None = None,
    language: str | None = None,
) -> bytes:
    """The meetings as an iCalendar file (METHOD:PUBLISH): one VEVENT per meeting, and a VTIMEZONE.

    Times are local times in the group's zone (`tz_name` overrides it), written
    with a TZID and its VTIMEZONE, so a phone anywhere shows the meeting at the
    group's 18:00. DTEND is the start plus the planned minutes (150 when the
    agenda has none). Each event keeps its UID; SEQUENCE and LAST-MODIFIED come
    from the meeting's `[calendar]` state (see `calendar_state`), so a calendar
    that imported an earlier file replaces the event instead of keeping the old
    time. A cancelled meeting is STATUS:CANCELLED, the others CONFIRMED; the
    evaluation meeting says so in its SUMMARY. `now` is the DTSTAMP (default:
    the current UTC time).
    """
    from icalendar import Calendar, Event

    lang = _lang(language)
    name = tz_name or group.settings.timezone
    if not zone_ok(name):
        raise ValueError(t("export.unknown_zone", language=lang, name=name))
    zone = ZoneInfo(name)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", group.name)
    calendar.add("x-wr-timezone", name)

    ordered = sorted(meetings, key=lambda m: (m.date, m.start, m.id))
    for meeting in ordered:
        start, end = _event_times(meeting, zone)
        sequence, modified = calendar_state(group, meeting, stamp, lang)
        event = Event()
        event.add("uid", event_uid(group, meeting))
        event.add("dtstamp", stamp)
        event.add("last-modified", modified.astimezone(UTC))
        event.add("sequence", sequence)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", _summary(group, meeting, lang))
        event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        if meeting.place:
            event.add("location", meeting.place)
        description = _description(group, meeting, lang)
        if description:
            event.add("description", description)
        calendar.add_component(event)

    if ordered:
        calendar.add_missing_timezones(
            first_date=date(ordered[0].date.year - 1, 1, 1),
            last_date=date(ordered[-1].date.year + 2, 1, 1),
        )
    data: bytes = calendar.to_ical()  # icalendar's to_ical() is typed to return Any
    return data


# ---------------------------------------------------------------- invitation


def default_questions(language: str | None = None) -> list[str]:
    """The booklet's preparation questions for a first meeting, in `language`."""
    lang = _lang(language)
    return [t(f"export.{key}", language=lang) for key in PREP_QUESTION_KEYS]


def evaluation_questions(language: str | None = None) -> list[str]:
    """Questions to prepare the half-year evaluation: content, form, mood and well-being (the booklet's four)."""
    lang = _lang(language)
    return [t(f"export.{key}", language=lang) for key in EVALUATION_QUESTION_KEYS]


QuestionSet = str
QUESTION_SETS: tuple[QuestionSet, ...] = ("first", "evaluation", "group", "none")
"""The sets of preparation questions an invitation can start from."""


def question_set(group: Group, kind: QuestionSet, language: str | None = None) -> list[str]:
    """One set of questions: the booklet's for a first meeting, the evaluation's, the group's own, or none."""
    lang = language or group.settings.language
    if kind == "first":
        return default_questions(lang)
    if kind == "evaluation":
        return evaluation_questions(lang)
    if kind == "group":
        return list(group.settings.invitation_questions)
    return []


def meeting_kind(meeting: Meeting) -> QuestionSet:
    """Which set of questions fits the meeting: 'first' (template first), 'evaluation', else 'group'."""
    if meeting.template == FIRST_MEETING_TEMPLATE:
        return "first"
    if meeting.evaluation:
        return "evaluation"
    return "group"


def invitation_questions(group: Group, meeting: Meeting, language: str | None = None) -> list[str]:
    """The meeting's preparation questions: as stored with it (`[invitation] questions`), else its kind's set."""
    stored = meeting.invitation.questions if meeting.invitation is not None else None
    if stored is not None:
        return list(stored)
    return question_set(group, meeting_kind(meeting), language)


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

    In the group's language unless `language` is given. What is not given comes
    from the meeting's stored `[invitation]`: `reply_by` (else seven days before
    the meeting), the questions (`questions=None`: the stored ones, else the set
    for the meeting's kind, see `invitation_questions`; pass a list, or [], to
    choose) and the sender (else the group's name signs it).
    """
    lang = language or group.settings.language
    stored = meeting.invitation
    day = format_date(meeting.date, lang)
    reply_day = reply_by or (stored.reply_by if stored is not None else None)
    reply_day = reply_day or (meeting.date - timedelta(days=REPLY_DAYS_BEFORE))
    if questions is None:
        questions = invitation_questions(group, meeting, lang)
    if not sender and stored is not None:
        sender = stored.sender

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
    from facilitator.purpose import purpose_summary  # the group's purpose and form, once decided (issue 21)

    about = split_confidential(purpose_summary(group.purpose, lang))[0]
    if about:
        out.append(t("year.inv_purpose", language=lang, text=about))
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


# ---------------------------------------------------------------- e-mail drafts


def _recipients(group: Group) -> list[tuple[str, str]]:
    """(name, address) of every active member with an e-mail address, in roster order."""
    return [(member.name, member.email) for member in group.active_members if member.email]


def _address(name: str, address: str) -> object:
    from email.headerregistry import Address

    return Address(display_name=name, addr_spec=address)


def email_draft(
    group: Group,
    *,
    subject: str,
    body: str,
    now: datetime,
    sender: tuple[str, str] | None = None,
    attachments: Iterable[tuple[str, str, bytes, dict[str, str]]] = (),
) -> bytes:
    """An e-mail draft (RFC 5322, UTF-8) to the group's active members, as a mail program opens it.

    `sender` is (name, address) for From; without it the draft has no From and
    the mail program fills in the user's own account. `X-Unsent: 1` makes
    Outlook open it as a draft ready to send; Thunderbird and others open it
    as a message ("Edit as new"). Each attachment is (file name, MIME type,
    bytes, extra Content-Type parameters). Names and text in any script work:
    headers are encoded as RFC 2047 words, the body is UTF-8, and an address
    with non-ASCII letters makes it an RFC 6532 (SMTPUTF8) message.
    """
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    people = _recipients(group)
    addresses = [address for _, address in people] + ([sender[1]] if sender else [])
    chosen = policy.SMTPUTF8 if any(not a.isascii() for a in addresses) else policy.SMTP
    message = EmailMessage(policy=chosen)
    if sender is not None:
        message["From"] = _address(*sender)
    if people:
        message["To"] = [_address(name, address) for name, address in people]
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone(_zone(group)))
    message["Message-ID"] = make_msgid(domain=f"{_group_key(group)}.facilitator")
    message["X-Unsent"] = "1"
    message.set_content(body, subtype="plain", charset="utf-8")
    for filename, mime, data, params in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=params)
    return message.as_bytes()


def _member_address(group: Group, member_id: str) -> tuple[str, str] | None:
    member = group.member(member_id) if member_id else None
    if member is None or not member.email:
        return None
    return member.name, member.email


def minutes_eml(
    group: Group,
    meeting: Meeting,
    markdown: str,
    *,
    now: datetime,
    sender: tuple[str, str] | None = None,
    language: str | None = None,
) -> bytes:
    """The minutes (`minutes_markdown`'s text) as an e-mail draft to the members, from the minute-taker.

    The sender defaults to the meeting's minute-taker when they have an e-mail address.
    """
    lang = language or group.settings.language
    subject = t("export.eml_minutes_subject", language=lang, group=group.name, date=format_date(meeting.date, lang))
    who = sender or _member_address(group, meeting.roles.minute_taker)
    return email_draft(group, subject=subject, body=markdown, now=now, sender=who)


def invitation_eml(
    group: Group,
    meeting: Meeting,
    text: str,
    *,
    now: datetime,
    sender: tuple[str, str] | None = None,
    language: str | None = None,
) -> bytes:
    """The invitation text as an e-mail draft to the members, with the meeting's calendar file attached.

    The attachment is the meeting's event as `plan_ics` writes it (the same UID,
    so a later plan updates it). The sender defaults to the moderator when they
    have an e-mail address.
    """
    lang = language or group.settings.language
    title = meeting.title or t("export.untitled_meeting", language=lang)
    subject = t("export.eml_invitation_subject", language=lang, title=title, date=format_date(meeting.date, lang))
    who = sender or _member_address(group, meeting.roles.moderator)
    ics = plan_ics(group, [meeting], now=now, language=lang)
    name = f"{slugify(title, 'meeting')}-{meeting.date.isoformat()}.ics"
    attachment = (name, "text/calendar", ics, {"method": "PUBLISH", "charset": "utf-8"})
    return email_draft(group, subject=subject, body=text, now=now, sender=who, attachments=[attachment])
