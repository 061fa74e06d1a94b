"""The data of a group and its meetings, as pydantic models.

These models *are* the TOML format: a file is `Model.model_validate(tomllib
data)` and is written back with `to_toml_dict()`. Users may read and hand-edit
the files, so every model keeps keys it does not know (`extra="allow"`) and
writes them back unchanged. Datetimes are timezone-aware (TOML offset
datetimes); a meeting's `start` is a local time of day. Every text field has a
length limit and loses control characters (`facilitator.textlimits`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, tzinfo
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from facilitator.textlimits import CUE_MAX, Cue, Email, Ident, MinutesText, Name, Notes, Phone, Place, Title, clean_line

Question = Annotated[str, StringConstraints(max_length=CUE_MAX), BeforeValidator(clean_line)]
"""One preparation question of an invitation: one line, at most as long as a cue."""

SCHEMA_VERSION = 1

ItemKind = Literal["talk", "round", "break", "groups", "open"]
ItemRecord = Literal["purpose", "role_feedback", "evaluation"]
FeedbackRole = Literal["moderator", "minute_taker", "boundary_keeper", "host", "theme_owner"]
MeetingStatus = Literal["planned", "live", "finished", "cancelled"]
PresenceStatus = Literal["present", "absent_notified", "absent"]
TimeOutOutcome = Literal["", "continue", "change_subject", "close_item"]
TemplateName = str

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def slugify(text: str, fallback: str = "x") -> str:
    """A lowercase ASCII slug of `text` (æ→ae, ø→oe, å→aa), or `fallback`."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:40].strip("-") or fallback


class Model(BaseModel):
    """Base of every stored model: unknown keys survive a rewrite."""

    model_config = ConfigDict(extra="allow", validate_assignment=False)

    def to_toml_dict(self) -> dict[str, Any]:
        """The dictionary tomli_w writes (None values are left out)."""
        return self.model_dump(mode="python", exclude_none=True)


class Member(Model):
    """One member of the group (the contact list)."""

    id: Ident
    name: Name
    phone: Phone = ""
    email: Email = ""
    active: bool = True

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("must be lowercase letters, digits and '-', like 'anne-hansen'")
        return value


class Agreements(Model):
    """The group's agreements, read out at the start of meetings."""

    confidentiality: Notes = ""
    ethics: Notes = ""
    attendance: Notes = ""
    personal_limits: Notes = ""
    changed_on: date | None = None
    """The day this version was agreed (set by planning.update_agreements)."""


class AgreementsVersion(Agreements):
    """An earlier version of the agreements, kept in `Group.agreements_history`."""

    replaced_on: date
    """The day a newer version took its place."""


NetworkKind = Literal["support", "study", "guidance", "supervision"]
"""The kinds of network the booklet's invitation names: support in daily life, a study group with a
theoretical weight, professional guidance on working with children in one's own home, supervision."""
NETWORK_KINDS: tuple[NetworkKind, ...] = ("support", "study", "guidance", "supervision")
NetworkForm = Literal["", "in_person", "mail", "both"]
"""How the network meets: in person, by mail, or both (the booklet's question); "" not decided."""
NETWORK_FORMS: tuple[NetworkForm, ...] = ("in_person", "mail", "both")


class Purpose(Model):
    """The group's purpose and form (`[purpose]`), decided at the first meeting's "Deciding on the network".

    Versioned like the agreements: a change keeps the version it replaces in
    `Group.purpose_history` (see facilitator/purpose.py).
    """

    kinds: list[NetworkKind] = Field(default_factory=list)
    """What kind of network it is (one or more of `NETWORK_KINDS`)."""
    form: NetworkForm = ""
    how_often: Place = ""
    """How often the group meets, in the group's words ("every four weeks, Tuesdays 18-21")."""
    where: Place = ""
    """Where it meets ("at the members' homes, in turn")."""
    notes: Notes = ""
    """Anything else the group decided about itself, in free text."""
    changed_on: date | None = None
    """The day this version was decided (set by purpose.set_purpose)."""
    decided_at: Ident = ""
    """The id of the meeting it was decided at ("" when edited between meetings)."""

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class PurposeVersion(Purpose):
    """An earlier version of the purpose, kept in `Group.purpose_history`."""

    replaced_on: date
    """The day a newer version took its place."""


class Settings(Model):
    """Settings of one group."""

    max_members: int = Field(default=10, ge=1, le=1000)
    end_by: str = "21:00"
    language: Literal["da", "en"] = "da"
    country: Ident = "DK"
    """The group's country (ISO 3166 code): its public holidays are skipped by the meeting plan, and
    phone numbers without a country code are read as numbers of this country."""
    timezone: Ident = ""
    """The group's time zone (IANA name, like "Europe/Copenhagen"): every time the program shows, plans
    and exports is in it, whatever the laptop's zone. Left out of the file, a group gets its country's
    zone (Europe/Copenhagen for DK) or else the laptop's, and keeps it from the next save on."""
    invitation_questions: list[Question] = Field(default_factory=list)
    """The group's own preparation questions for the invitation to an ordinary meeting."""

    @field_validator("end_by")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not HHMM_RE.match(value):
            raise ValueError("must be a time of day as HH:MM, like '21:00'")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.strip().upper()
        if not COUNTRY_RE.match(value):
            raise ValueError("must be a two-letter country code, like 'DK'")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from facilitator.zones import zone

        value = value.strip()
        if value:
            zone(value)  # ValueError: unknown time zone
        return value

    @model_validator(mode="after")
    def _default_zone(self) -> Settings:
        if not self.timezone:
            from facilitator.zones import default_zone_name

            self.timezone = default_zone_name(self.country)
        return self

    def end_by_time(self) -> time:
        """`end_by` as a time of day."""
        hours, minutes = self.end_by.split(":")
        return time(int(hours), int(minutes))

    def zone(self) -> tzinfo:
        """The group's time zone as a tzinfo."""
        from facilitator.zones import zone

        return zone(self.timezone)


class Group(Model):
    """A network group: `groups/<id>/group.toml`."""

    schema_version: int = SCHEMA_VERSION
    name: Name
    members: list[Member] = Field(default_factory=list)
    agreements: Agreements = Field(default_factory=Agreements)
    settings: Settings = Field(default_factory=Settings)
    themes: list[Title] = Field(default_factory=list)
    """The group's own theme ideas (the booklet's are built in, see planning.themes)."""
    agreements_history: list[AgreementsVersion] = Field(default_factory=list)
    """Earlier versions of the agreements, oldest first."""
    purpose: Purpose | None = None
    """The group's purpose and form, once decided (None before: left out of the file)."""
    purpose_history: list[PurposeVersion] = Field(default_factory=list)
    """Earlier versions of the purpose, oldest first."""
    id: str = Field(default="", exclude=True)
    """The folder name; not stored in the file."""

    @field_validator("schema_version")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unknown schema_version {value}; this program reads version {SCHEMA_VERSION}")
        return value

    @model_validator(mode="after")
    def _unique_members(self) -> Group:
        seen: set[str] = set()
        for member in self.members:
            if member.id in seen:
                raise ValueError(f"member id {member.id!r} appears twice")
            seen.add(member.id)
        return self

    def member(self, member_id: str) -> Member | None:
        """The member with this id, or None."""
        for member in self.members:
            if member.id == member_id:
                return member
        return None

    def name_of(self, member_id: str) -> str:
        """The member's name, or the id itself when no such member exists."""
        member = self.member(member_id)
        return member.name if member else member_id

    @property
    def active_members(self) -> list[Member]:
        return [m for m in self.members if m.active]

    def new_member_id(self, name: str) -> str:
        """A unique member id made from the name."""
        base = slugify(name, "member")
        candidate, n = base, 2
        taken = {m.id for m in self.members}
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate


class Span(Model):
    """One stretch of time an agenda item ran; `end` is missing while it runs."""

    start: AwareDatetime
    end: AwareDatetime | None = None


class AgendaItem(Model):
    """An item of an agenda template (no timing)."""

    title: Title
    planned_minutes: int = Field(default=0, ge=0, le=24 * 60)
    led_by: Ident = ""
    """Who leads: 'moderator', 'everyone', 'theme_owner', 'host' or a member id."""
    kind: ItemKind = "talk"
    cues: list[Cue] = Field(default_factory=list)
    """Short points for the moderator while the item runs."""
    records: ItemRecord | None = None
    """What the item's outcome is written into (ctrl+f on the meeting screen): the group's purpose at
    "Deciding on the network", feedback on the roles at the closing round, the evaluation's conclusions."""


class Item(AgendaItem):
    """An agenda item of a meeting, with the spans it ran."""

    spans: list[Span] = Field(default_factory=list)
    cues_done: list[int] = Field(default_factory=list)
    deferred: bool = False
    """Moved to the next meeting."""
    moved_from: Ident = ""
    """The id of the meeting this item was moved from (it was not reached or was deferred there)."""


class Roles(Model):
    """Who holds which role in a meeting (member ids)."""

    moderator: Ident = ""
    minute_taker: Ident = ""
    boundary_keeper: Ident = ""
    host: Ident = ""
    theme_owners: list[Ident] = Field(default_factory=list)


class AttendanceChange(Model):
    """A member marked present or absent during the meeting, with the time."""

    member: Ident
    status: PresenceStatus
    at: AwareDatetime


class Attendance(Model):
    """Who came. Before check-in, `absent_notified` holds the absence notices."""

    present: list[Ident] = Field(default_factory=list)
    absent_notified: list[Ident] = Field(default_factory=list)
    absent: list[Ident] = Field(default_factory=list)
    checked_in_at: AwareDatetime | None = None
    changes: list[AttendanceChange] = Field(default_factory=list)
    numbers: dict[Ident, int] = Field(default_factory=dict)
    """Each member's number for the whole meeting (the digit key, 10 = '0'), given at check-in;
    a late arrival without one takes the lowest free number. Nobody is ever renumbered."""

    @field_validator("numbers")
    @classmethod
    def _numbers(cls, value: dict[str, int]) -> dict[str, int]:
        if any(n < 1 for n in value.values()):
            raise ValueError("member numbers start at 1")
        if len(set(value.values())) != len(value):
            raise ValueError("two members have the same number")
        return value

    def status_of(self, member_id: str) -> PresenceStatus | None:
        if member_id in self.present:
            return "present"
        if member_id in self.absent_notified:
            return "absent_notified"
        if member_id in self.absent:
            return "absent"
        return None


class Speaking(Model):
    """One turn of a speaker."""

    member: Ident
    item: int = Field(ge=0)
    start: AwareDatetime
    end: AwareDatetime | None = None


class TimeOut(Model):
    """A time-out called by the boundary keeper."""

    called_by: Ident = ""
    item: int = Field(default=0, ge=0)
    start: AwareDatetime
    end: AwareDatetime | None = None
    outcome: TimeOutOutcome = ""
    note: Notes = ""
    item_was_running: bool = False
    """The item timer ran when the time-out was called (it runs again on continue / change of subject)."""


class Grouping(Model):
    """A split into groups of three, made during an item."""

    item: int = Field(ge=0)
    groups: list[list[Ident]] = Field(default_factory=list)
    at: AwareDatetime | None = None
    talk_minutes: int = Field(default=25, ge=0, le=600)


class RoleFeedback(Model):
    """Feedback on how one role was carried out at a meeting (`[[role_feedback]]`), for whoever holds it next.

    The booklet: in the first year, give feedback on each role after every meeting. It stays in the
    app: never in the exported minutes unless chosen at the export, never on the room view.
    """

    role: FeedbackRole
    member: Ident = ""
    """Who held the role (a theme owner has one entry each)."""
    worked: Notes = ""
    """What worked."""
    try_next: Notes = ""
    """What to try next time."""


class EvaluationConclusions(Model):
    """What the half-year evaluation concluded (`[conclusions]` of the evaluation meeting).

    The booklet's four questions (content, form, mood, well-being) and what the group adjusts; shown
    again at the next evaluation.
    """

    content: Notes = ""
    form: Notes = ""
    mood: Notes = ""
    wellbeing: Notes = ""
    adjust: Notes = ""
    """What the group changes for the next half year."""


QUESTIONS = ("content", "form", "mood", "wellbeing")
"""The booklet's four questions of the evaluation: content, form, mood and well-being."""
CONCLUSION_FIELDS = (*QUESTIONS, "adjust")
"""The fields of `EvaluationConclusions`: the four questions and what the group adjusts."""


class Reopening(Model):
    """An ended meeting opened again for corrections (`[[reopened]]`)."""

    at: AwareDatetime
    """When it was opened again."""
    closed_at: AwareDatetime | None = None
    """When the corrections were ended (the meeting's own `ended_at` stays as it was)."""


class CalendarState(Model):
    """What the calendar export last saw of a meeting (`[calendar]`), so calendars keep in step.

    `planning.stamp_calendar` raises `sequence` (iCalendar SEQUENCE) and sets `modified_at`
    (LAST-MODIFIED) whenever what the event shows (time, length, title, place, status,
    description) differs from `fingerprint`, the digest of the event as last stamped.
    """

    sequence: int = Field(default=0, ge=0)
    modified_at: AwareDatetime | None = None
    fingerprint: Ident = ""


class Invitation(Model):
    """The invitation to a planned meeting as the moderator last set it (`[invitation]`)."""

    reply_by: date | None = None
    sender: Name = ""
    questions: list[Question] | None = None
    """The preparation questions; None: the default for the meeting's kind (see export.default_questions)."""


class Meeting(Model):
    """One meeting: `groups/<group>/meetings/<id>.toml`."""

    schema_version: int = SCHEMA_VERSION
    id: Ident
    title: Title = ""
    date: date
    start: time = time(18, 0)
    place: Place = ""
    status: MeetingStatus = "planned"
    template: Ident = ""
    roles: Roles = Field(default_factory=Roles)
    attendance: Attendance = Field(default_factory=Attendance)
    items: list[Item] = Field(default_factory=list)
    minutes: MinutesText = ""
    speaking: list[Speaking] = Field(default_factory=list)
    timeouts: list[TimeOut] = Field(default_factory=list)
    groupings: list[Grouping] = Field(default_factory=list)
    current_item: int = Field(default=0, ge=0)
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    theme: Title = ""
    """The meeting's theme (temaoplæg), e.g. one of planning.themes()."""
    evaluation: bool = False
    """The evaluation meeting about half a year after the group's first meeting."""
    reopened: list[Reopening] = Field(default_factory=list)
    """Each time the ended meeting was opened again for corrections (the minutes say they were amended)."""
    calendar: CalendarState | None = None
    """SEQUENCE and LAST-MODIFIED of the meeting's calendar event (set by planning.stamp_calendar)."""
    invitation: Invitation | None = None
    """The invitation's reply-by date, sender and questions, once the moderator has set them."""
    role_feedback: list[RoleFeedback] = Field(default_factory=list)
    """Feedback on today's roles (ctrl+f at the closing round), shown to whoever holds each role next."""
    conclusions: EvaluationConclusions | None = None
    """The evaluation meeting's conclusions (ctrl+f at the evaluation item)."""

    @field_validator("schema_version")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unknown schema_version {value}; this program reads version {SCHEMA_VERSION}")
        return value

    @property
    def planned_minutes(self) -> int:
        return sum(item.planned_minutes for item in self.items)

    def start_datetime(self, tz: Any = None) -> datetime:
        """The planned start as an aware datetime in `tz` (give the group's zone, `Settings.zone()`;
        without it the laptop's zone is assumed)."""
        naive = datetime.combine(self.date, self.start)
        return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()

    def member_ids(self) -> set[str]:
        """Every member id the meeting names (for cross-checks with the group)."""
        ids = set(self.attendance.present) | set(self.attendance.absent_notified) | set(self.attendance.absent)
        ids |= {c.member for c in self.attendance.changes}
        ids |= {s.member for s in self.speaking}
        for grouping in self.groupings:
            for group in grouping.groups:
                ids |= set(group)
        roles = self.roles
        ids |= {r for r in (roles.moderator, roles.minute_taker, roles.boundary_keeper, roles.host) if r}
        ids |= set(roles.theme_owners)
        ids |= {entry.member for entry in self.role_feedback if entry.member}
        return ids


class Agenda(Model):
    """An agenda template: built-in (`facilitator/agendas/<lang>/`) or the group's own (`<data>/agendas/`)."""

    schema_version: int = SCHEMA_VERSION
    id: Ident
    title: Title
    language: Literal["da", "en"] = "da"
    description: Notes = ""
    items: list[AgendaItem] = Field(default_factory=list)

    @property
    def planned_minutes(self) -> int:
        return sum(item.planned_minutes for item in self.items)


class AppSettings(Model):
    """Settings of the program itself: `<data>/settings.toml`."""

    schema_version: int = SCHEMA_VERSION
    theme: Ident = "facilitator"
    current_group: Ident = ""
