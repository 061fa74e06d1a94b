"""The half-year evaluation prepared from the group's own data, as plain Python (no Textual).

The booklet: plan the meetings half a year to a year ahead, and after half a
year put an evaluation on the agenda, of the group's content, form, mood and
well-being, and adjust after it. The meeting plan marks that meeting (◆,
`Meeting.evaluation`); this module gathers what the program knows of the
half-year before it into one page (`HalfYearSummary`):

- attendance per member (present, absent with notice, absent);
- speaking time against the fair share, summed over the meetings: the fair
  share is `facilitator.speaking.stats`' (one fact, one place);
- the items that ran over and by how much (`history.overrun_stats`);
- the themes covered against the plan (each meeting's theme: held, cancelled
  or not held), and the group's own theme ideas not taken up yet;
- the roles each member held, and the open actions of the minutes (no
  confidential `!!` line);
- the conclusions of the previous evaluation (`Meeting.conclusions`), shown
  again as the booklet's four questions are asked anew.

The half-year runs from the previous evaluation meeting (else the group's first
meeting, at most `LOOK_BACK` back) up to the evaluation meeting. It is shown on
the evaluation screen, and written as Markdown to hand out
(`evaluation_markdown`, `facilitator export evaluation`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from facilitator.confidential import split_confidential
from facilitator.export import actions, conclusions_lines, format_date
from facilitator.history import AttendanceRow, OverrunStat, attendance_rows, chronological, overrun_stats
from facilitator.i18n import t
from facilitator.model import QUESTIONS, Group, Meeting

__all__ = [
    "LOOK_BACK",
    "Balance",
    "HalfYearSummary",
    "OpenAction",
    "RoleCount",
    "ThemeLine",
    "choose_evaluation",
    "cue_details",
    "evaluation_markdown",
    "half_year_summary",
    "page_sections",
    "load_summary",
]

LOOK_BACK = timedelta(days=366)
"""The summary reaches back at most this far (a group without an earlier evaluation, years old)."""
HALF_YEAR = timedelta(days=183)
"""Without an evaluation meeting the summary shows the half-year up to today."""
FEEDBACK_ROLE_KEYS = ("moderator", "minute_taker", "boundary_keeper", "host", "theme_owner")

ThemeStatus = Literal["covered", "cancelled", "not_held", "planned"]


@dataclass(frozen=True)
class Balance:
    """One member's speaking time against their fair share, summed over the half-year's meetings."""

    member_id: str
    name: str
    spoken_seconds: float
    fair_seconds: float
    meetings: int
    """Meetings in which speaking was timed while the member was there."""

    @property
    def ratio(self) -> float | None:
        """Spoken / fair share (1.0 exactly at the share), None without a share."""
        return self.spoken_seconds / self.fair_seconds if self.fair_seconds > 0 else None


@dataclass(frozen=True)
class ThemeLine:
    """A meeting of the half-year that had a theme, and whether it was held."""

    day: date
    meeting_id: str
    theme: str
    status: ThemeStatus


@dataclass(frozen=True)
class RoleCount:
    """How often a member held each role in the half-year."""

    member_id: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class OpenAction:
    """An action of the minutes still open, with the meeting it was first written down at."""

    day: date
    text: str


@dataclass(frozen=True)
class HalfYearSummary:
    """The one page for the evaluation meeting (see the module docstring)."""

    evaluation: Meeting | None
    """The evaluation meeting (None: no evaluation meeting, the last half-year up to `until`)."""
    since: date | None
    """The first meeting day counted (None: no meeting in the period)."""
    until: date
    """The period ends before this day (the evaluation meeting's date)."""
    meetings: tuple[Meeting, ...]
    """The finished meetings of the period, oldest first."""
    cancelled: int
    attendance: list[AttendanceRow]
    balance: list[Balance]
    overruns: list[OverrunStat]
    themes: list[ThemeLine]
    own_themes_open: list[str]
    roles: list[RoleCount]
    open_actions: list[OpenAction]
    previous: Meeting | None = None
    """The previous evaluation meeting (its conclusions are shown again)."""
    planned_themes: int = field(default=0)

    @property
    def covered_themes(self) -> int:
        return sum(1 for line in self.themes if line.status == "covered")


def _order(meeting: Meeting) -> tuple[date, Any, str]:
    return (meeting.date, meeting.start, meeting.id)


def _is_evaluation(meeting: Meeting) -> bool:
    return meeting.evaluation or meeting.conclusions is not None


def choose_evaluation(meetings: Iterable[Meeting], wanted_id: str | None = None, today: date | None = None) -> Meeting | None:
    """The evaluation meeting a summary is for: `wanted_id`, else the next one not held yet, else the latest held.

    Cancelled meetings are never chosen unless named. None when the group has no evaluation
    meeting (the summary then covers the half-year up to today).
    """
    meetings = list(meetings)
    if wanted_id is not None:
        return next((m for m in meetings if m.id == wanted_id), None)
    ahead = sorted((m for m in meetings if _is_evaluation(m) and m.status in ("planned", "live")), key=_order)
    if today is not None:
        ahead = [m for m in ahead if m.date >= today] or ahead
    if ahead:
        return ahead[0]
    held = sorted((m for m in meetings if _is_evaluation(m) and m.status == "finished"), key=_order)
    return held[-1] if held else None


def _fair_balance(group: Group, meetings: Sequence[Meeting]) -> list[Balance]:
    from facilitator.speaking import final_stats

    spoken: dict[str, float] = {}
    fair: dict[str, float] = {}
    counted: dict[str, int] = {}
    roster = [member.id for member in group.members]
    for meeting in meetings:
        if not meeting.speaking:
            continue
        for entry in final_stats(meeting, roster):
            spoken[entry.member] = spoken.get(entry.member, 0.0) + entry.meeting_seconds
            fair[entry.member] = fair.get(entry.member, 0.0) + entry.fair_share_seconds
            counted[entry.member] = counted.get(entry.member, 0) + 1
    order = [mid for mid in roster if mid in counted] + sorted(mid for mid in counted if mid not in roster)
    return [Balance(mid, group.name_of(mid), spoken[mid], fair[mid], counted[mid]) for mid in order]


def _themes(meetings: Sequence[Meeting], until: date) -> list[ThemeLine]:
    lines: list[ThemeLine] = []
    for meeting in meetings:
        theme = meeting.theme.strip()
        if not theme:
            continue
        if meeting.status == "finished":
            status: ThemeStatus = "covered"
        elif meeting.status == "cancelled":
            status = "cancelled"
        elif meeting.date < until:
            status = "not_held"
        else:
            status = "planned"
        lines.append(ThemeLine(meeting.date, meeting.id, theme, status))
    return lines


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _role_counts(group: Group, meetings: Sequence[Meeting]) -> list[RoleCount]:
    counts: dict[str, dict[str, int]] = {}
    for meeting in meetings:
        roles = meeting.roles
        held = [(role, getattr(roles, role)) for role in ("moderator", "minute_taker", "boundary_keeper", "host")]
        held += [("theme_owner", member) for member in roles.theme_owners]
        for role, member in held:
            if member:
                tally = counts.setdefault(member, {})
                tally[role] = tally.get(role, 0) + 1
    order = [m.id for m in group.members if m.active or m.id in counts]
    order += sorted(mid for mid in counts if mid not in order)
    return [RoleCount(mid, group.name_of(mid), dict(counts.get(mid, {}))) for mid in order]


def _open_actions(meetings: Sequence[Meeting]) -> list[OpenAction]:
    first_seen: dict[str, OpenAction] = {}
    for meeting in meetings:  # oldest first: a later "- [x]" closes an earlier "- [ ]"
        public = split_confidential(meeting.minutes)[0]
        for done, text in actions(public):
            key = _norm(text)
            if done:
                first_seen.pop(key, None)
            elif key not in first_seen:
                first_seen[key] = OpenAction(meeting.date, text)
    return list(first_seen.values())


def half_year_summary(
    group: Group, meetings: Iterable[Meeting], evaluation: Meeting | None = None, today: date | None = None
) -> HalfYearSummary:
    """The half-year before `evaluation` (or up to `today` without one), from `meetings` (any order).

    The period starts after the previous evaluation meeting (a finished one with the flag or with
    conclusions), else at the group's first meeting, and reaches back at most `LOOK_BACK`.
    """
    everything = chronological(meetings)
    if evaluation is not None:
        until = evaluation.date
    else:
        until = (today or date.today()) + timedelta(days=1)
    earlier = [m for m in everything if (evaluation is None or m.id != evaluation.id) and m.date < until]
    previous = None
    for meeting in reversed(earlier):
        if meeting.status == "finished" and _is_evaluation(meeting):
            previous = meeting
            break
    start = until - (LOOK_BACK if evaluation is not None else HALF_YEAR)
    if previous is not None:
        start = max(start, previous.date + timedelta(days=1))
    period = [m for m in earlier if m.date >= start and m is not previous]
    done = [m for m in period if m.status == "finished"]
    themes = _themes(period, until)
    covered = {_norm(line.theme) for line in themes if line.status == "covered"}
    covered |= {_norm(m.theme) for m in everything if m.status == "finished" and m.theme}
    own_open = [title for title in group.themes if _norm(title) not in covered]
    return HalfYearSummary(
        evaluation=evaluation,
        since=done[0].date if done else (period[0].date if period else None),
        until=until,
        meetings=tuple(done),
        cancelled=sum(1 for m in period if m.status == "cancelled"),
        attendance=attendance_rows(group, done),
        balance=_fair_balance(group, done),
        overruns=overrun_stats(done),
        themes=themes,
        own_themes_open=own_open,
        roles=_role_counts(group, done),
        open_actions=_open_actions(done),
        previous=previous,
        planned_themes=len(themes),
    )


def load_summary(store: Any, group: Group, wanted_id: str | None = None, today: date | None = None) -> HalfYearSummary:
    """`half_year_summary` from the group's files: the evaluation meeting `wanted_id` (an id), else as
    `choose_evaluation` picks it; only the files of the year before it are read.

    Raises the store's StoreError when the folder cannot be listed; a meeting file that cannot be
    read is left out (the home screen and `facilitator check` list it). `store` is a
    `facilitator.store.Store`.
    """
    ids = sorted(store.meeting_ids(group.id))
    loaded: dict[str, Meeting] = {}

    def load(mid: str) -> Meeting | None:
        if mid not in loaded:
            try:
                meeting = store.load_meeting(group.id, mid)
            except Exception:  # noqa: BLE001 - a broken file is reported elsewhere; it is left out here
                return None
            loaded[mid] = meeting
        return loaded[mid]

    if wanted_id is not None:
        evaluation = load(wanted_id)
    else:
        upcoming = list(store.upcoming_meetings(group.id))
        evaluation = choose_evaluation(upcoming, today=today)
        if evaluation is None:
            recent = [m for m in (load(mid) for mid in ids[-40:]) if m is not None]
            evaluation = choose_evaluation(recent, today=today)
    until = evaluation.date if evaluation is not None else (today or date.today()) + timedelta(days=1)
    first_day = (until - LOOK_BACK).isoformat()
    wanted = [mid for mid in ids if first_day <= mid[:10] <= until.isoformat()]
    meetings = [m for m in (load(mid) for mid in wanted) if m is not None]
    if evaluation is not None and all(m.id != evaluation.id for m in meetings):
        meetings.append(evaluation)
    return half_year_summary(group, meetings, evaluation, today)


# ---------------------------------------------------------------- Markdown


def _hours(seconds: float, language: str) -> str:
    from facilitator.speaking import format_duration

    return format_duration(round(seconds / 60) * 60, language=language)


def _percent(value: float) -> str:
    """"83 %", with a no-break space (a wrapped line never starts with the sign)."""
    return f"{round(value * 100)}\u00a0%"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _day(day: date, language: str) -> str:
    return format_date(day, language)


@dataclass(frozen=True)
class Section:
    """One part of the page: a heading, lines before a table, the table (header and rows), lines after."""

    title: str
    lines: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    after: tuple[str, ...] = ()
    numbered: bool = False
    """The lines are a numbered list (the four questions)."""
    bullets: bool = False
    """The lines are a bulleted list."""


def page_sections(group: Group, summary: HalfYearSummary, language: str) -> tuple[str, tuple[str, ...], list[Section]]:
    """The page as (title, lines under the title, sections): what the screen and the Markdown both show."""
    lang = language
    intro: list[str] = []
    meeting = summary.evaluation
    if meeting is not None:
        intro.append(f"{meeting.title or meeting.id}, {_day(meeting.date, lang)}")
    if summary.since is not None:
        last = summary.meetings[-1].date if summary.meetings else summary.since
        intro.append(t("year.eval_period", language=lang, since=_day(summary.since, lang), until=_day(last, lang)))
    intro.append(t("year.eval_held", language=lang, held=len(summary.meetings), cancelled=summary.cancelled))
    sections: list[Section] = []

    def col(*keys: str) -> tuple[str, ...]:
        return tuple(t(f"year.col_{key}", language=lang) for key in keys)

    rows: tuple[tuple[str, ...], ...]
    if summary.meetings and summary.attendance:
        rows = tuple(
            (row.name, str(row.present), str(row.notified), str(row.absent), _percent(row.rate))
            for row in summary.attendance
        )
        header = col("member", "present", "notified", "absent", "rate")
        sections.append(Section(t("year.eval_attendance", language=lang), header=header, rows=rows))
    else:
        sections.append(Section(t("year.eval_attendance", language=lang), (t("year.eval_nothing", language=lang),)))

    if summary.balance:
        rows = tuple(
            (
                entry.name,
                _hours(entry.spoken_seconds, lang),
                _hours(entry.fair_seconds, lang),
                _percent(entry.ratio) if entry.ratio is not None else "–",
            )
            for entry in summary.balance
        )
        sections.append(
            Section(
                t("year.eval_balance", language=lang),
                (t("year.eval_balance_intro", language=lang),),
                col("member", "spoken", "fair", "of_fair"),
                rows,
            )
        )
    else:
        sections.append(Section(t("year.eval_balance", language=lang), (t("year.eval_no_speaking", language=lang),)))

    if summary.overruns:
        shown = summary.overruns[:OVERRUNS_SHOWN]
        lines = tuple(
            t(
                "year.eval_overrun_line",
                language=lang,
                title=stat.title,
                over=stat.over_count,
                runs=stat.runs,
                average=round(stat.average_over),
                total=round(stat.total_over),
            )
            for stat in shown
        )
        more = len(summary.overruns) - len(shown)
        after = (t("year.eval_overruns_more", language=lang, n=more),) if more > 0 else ()
        sections.append(Section(t("year.eval_overruns", language=lang), lines, after=after, bullets=True))
    else:
        sections.append(Section(t("year.eval_overruns", language=lang), (t("year.eval_no_overruns", language=lang),)))

    own = (t("year.eval_own_open", language=lang, themes="; ".join(summary.own_themes_open)),) if summary.own_themes_open else ()
    if summary.themes:
        count = (t("year.eval_themes_count", language=lang, covered=summary.covered_themes, planned=summary.planned_themes),)
        rows = tuple((line.day.isoformat(), line.theme, t(f"year.theme_{line.status}", language=lang)) for line in summary.themes)
        sections.append(Section(t("year.eval_themes", language=lang), count, col("date", "theme", "status"), rows, own))
    else:
        sections.append(Section(t("year.eval_themes", language=lang), (t("year.eval_no_themes", language=lang),), after=own))

    if any(count.total for count in summary.roles):
        header = (t("year.col_member", language=lang), *(t(f"year.role_{role}", language=lang) for role in FEEDBACK_ROLE_KEYS))
        rows = tuple((count.name, *(str(count.counts.get(role, 0)) for role in FEEDBACK_ROLE_KEYS)) for count in summary.roles)
        sections.append(Section(t("year.eval_roles", language=lang), header=header, rows=rows))
    else:
        sections.append(Section(t("year.eval_roles", language=lang), (t("year.eval_nothing", language=lang),)))

    if summary.open_actions:
        lines = tuple(f"{action.text} ({action.day.isoformat()})" for action in summary.open_actions)
        sections.append(Section(t("year.eval_actions", language=lang), lines, bullets=True))
    else:
        sections.append(Section(t("year.eval_actions", language=lang), (t("year.eval_no_actions", language=lang),)))

    questions = tuple(t(f"year.question_{name}_long", language=lang) for name in QUESTIONS)
    sections.append(Section(t("year.eval_questions", language=lang), questions, numbered=True))

    previous = summary.previous
    if previous is not None:
        found = conclusions_lines(previous.conclusions, lang)
        lines = tuple(f"{label}: {' '.join(text.split())}" for label, text in found) or (
            t("year.eval_previous_none", language=lang),
        )
        sections.append(
            Section(t("year.eval_previous", language=lang, date=_day(previous.date, lang)), lines, bullets=bool(found))
        )
    return t("year.eval_title", language=lang, group=group.name), tuple(intro), sections


OVERRUNS_SHOWN = 6
"""The items that ran over most, shown on the page (the rest are counted)."""


def evaluation_markdown(group: Group, summary: HalfYearSummary, language: str) -> str:
    """The summary as one page of Markdown to hand out at the evaluation meeting (no confidential text)."""
    title, intro, sections = page_sections(group, summary, language)
    out: list[str] = [f"# {title}", ""]
    if intro:
        if summary.evaluation is not None:
            out += [f"**{intro[0]}**", ""]
            intro = intro[1:]
        out += ["  \n".join(intro)]
    for section in sections:
        out += ["", f"## {section.title}", ""]
        if section.numbered:
            out += [f"{n}. {line}" for n, line in enumerate(section.lines, start=1)]
        elif section.bullets:
            out += [f"- {line}" for line in section.lines]
        else:
            out += ["\n\n".join(section.lines)] if section.lines else []
        if section.header:
            if section.lines:
                out.append("")
            out += _table(section.header, section.rows)
        if section.after:
            out += ["", *section.after]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the cue card


UNDER_SHARE = 0.8
"""Below this share of the fair share, a member is named on the cue card as speaking little."""
OVER_SHARE = 1.25
"""Above it, as speaking much."""


def cue_details(group: Group, summary: HalfYearSummary, language: str | None = None) -> tuple[str, ...]:
    """The detail lines of the evaluation item's cue "the half-year in numbers" (the moderator's screen only)."""
    lang = language
    lines: list[str] = [t("year.eval_held", language=lang, held=len(summary.meetings), cancelled=summary.cancelled)]
    rows = [row for row in summary.attendance if row.present + row.notified + row.absent]
    if rows:
        average = sum(row.rate for row in rows) / len(rows)
        lowest = min(rows, key=lambda row: (row.rate, row.name))
        if lowest.rate < max(row.rate for row in rows):
            lines.append(
                t("year.cue_attendance", language=lang, rate=_percent(average), name=lowest.name, low=_percent(lowest.rate))
            )
        else:
            lines.append(t("year.cue_attendance_all", language=lang, rate=_percent(average)))
    under = [b for b in summary.balance if b.ratio is not None and b.ratio < UNDER_SHARE]
    over = [b for b in summary.balance if b.ratio is not None and b.ratio > OVER_SHARE]
    if under or over:

        def names(entries: list[Balance]) -> str:
            return ", ".join(f"{b.name} {_percent(b.ratio or 0)}" for b in entries) or "–"

        lines.append(t("year.cue_balance", language=lang, under=names(under), over=names(over)))
    if summary.overruns:
        top = summary.overruns[0]
        lines.append(
            t(
                "year.cue_overrun",
                language=lang,
                title=top.title,
                over=top.over_count,
                runs=top.runs,
                average=round(top.average_over),
            )
        )
    if summary.themes:
        lines.append(t("year.eval_themes_count", language=lang, covered=summary.covered_themes, planned=summary.planned_themes))
    lines.append(t("year.cue_actions", language=lang, n=len(summary.open_actions)))
    previous = summary.previous
    if previous is not None:
        found = conclusions_lines(previous.conclusions, lang or "en", public=False)
        if found:
            text = "; ".join(f"{label}: {' '.join(value.split())}" for label, value in found)
            lines.append(t("year.cue_previous", language=lang, date=previous.date.isoformat(), text=text))
    return tuple(lines)
