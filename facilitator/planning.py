"""Running the group between meetings, as plain Python (no Textual).

Everything the booklet asks a group to organise around its meetings:

- the role rota: `suggest_roles` fills moderator, minute-taker, boundary
  keeper and host for the next meeting from the history;
- the meeting plan: `plan_series` makes a series every N weeks, half a year or
  a year ahead, and marks the evaluation meeting about six months after the
  group's first meeting;
- themes: the booklet's theme ideas built in, merged with the group's own, with
  the date each was covered (`themes`, `add_theme`);
- the agreements, versioned by date (`update_agreements`, `agreements_on`);
- carry-over from the last meeting: deferred items and open actions
  (`carry_over`, `follow_up_item`, `add_to_agenda`);
- agenda editing helpers (`move_item`, `agenda_total`, `agenda_fits`,
  `booklet_advice`, `save_as_template`);
- member checks for the forms (`validate_email`, `validate_phone`,
  `validate_name`, `attendance_record`, `over_max_members`,
  `set_absence_notice`).

The functions change the model objects they are given and never touch the
disk: the caller saves through the Store. Validation functions return an i18n
key (`"planning.<name>"`, show it with `t(key)`) or None; functions that refuse
a change raise `PlanningError`, a ValueError whose `str()` is the translated
message.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import permutations, product
from typing import Any, Literal, NamedTuple

from facilitator.confidential import split_confidential
from facilitator.i18n import LANGUAGES, t
from facilitator.model import (
    SLUG_RE,
    Agenda,
    AgendaItem,
    Agreements,
    AgreementsVersion,
    Group,
    Item,
    Meeting,
    Roles,
    slugify,
)

RoleName = Literal["moderator", "minute_taker", "boundary_keeper", "host"]
ROLES: tuple[RoleName, ...] = ("moderator", "minute_taker", "boundary_keeper", "host")
"""The four one-person roles that rotate between meetings, in the order `suggest_roles` fills them."""
ALL_ROLES: tuple[str, ...] = (*ROLES, "theme_owners")
"""The five roles the rota covers: the four above and the theme owner (attribute names of `model.Roles`)."""

DOUBLE_COST: dict[frozenset[str], int] = {
    frozenset({"moderator", "minute_taker"}): 4,
    frozenset({"moderator", "boundary_keeper"}): 3,
    frozenset({"minute_taker", "boundary_keeper"}): 2,
    frozenset({"moderator", "host"}): 1,
    frozenset({"minute_taker", "host"}): 1,
    frozenset({"boundary_keeper", "host"}): 1,
}
"""How badly two roles go together in one person, when a small group must double up: nobody can run
the meeting and write its minutes at once, and the boundary keeper is there to stop the moderator;
the host's role (the room, the coffee) goes with any other."""
THEME_DOUBLE_ORDER: tuple[RoleName, ...] = ("host", "boundary_keeper", "minute_taker", "moderator")
"""Whom a theme owner is taken from when nobody is free: the host first, the moderator last."""

ThemeCategory = Literal["work", "group", "own"]

MAX_WEEKS = 52
MAX_SERIES = 100
MAX_HORIZON = timedelta(days=731)
"""A plan reaches at most two years past its first meeting."""
EVALUATION_AFTER = timedelta(days=182)
"""The evaluation meeting is the first one at least this long after the group's first meeting."""
EVALUATION_MINUTES = 30
FOLLOW_UP_MINUTES = 10
MAX_NAME = 80
MAX_THEME = 120

BOOKLET_ADVICE: dict[str, int] = {"first": 180, "second": 160, "following": 170}
"""Minutes to set aside per built-in template. The booklet says "set 3 hours aside" for the
first meeting and gives 2 h 40 for the second; for the following meetings it states 2 h 30,
but its own items add up to 170 minutes (as the built-in agenda notes), so 170 is used."""

BUILTIN_THEMES: tuple[tuple[str, ThemeCategory], ...] = (
    ("children_relatives", "work"),
    ("municipality", "work"),
    ("organising_work", "work"),
    ("pedagogical_methods", "work"),
    ("home_workplace", "work"),
    ("work_injury", "work"),
    ("ergonomics", "work"),
    ("children_mix", "work"),
    ("furnishing", "work"),
    ("appreciative", "group"),
    ("informal_roles", "group"),
    ("communication", "group"),
    ("group_development", "group"),
    ("feedback", "group"),
    ("reflecting_teams", "group"),
    ("conflict", "group"),
)
"""The booklet's theme ideas: (key in planning.toml as `theme_<key>`, category)."""

_TAIL_RE = re.compile(r"^(næste møde|eventuelt|evt|next meeting|any other business|aob)\b")
_DATE_ID_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-|$)")
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
_EMAIL_RE = re.compile(
    r"^[\w.!#$%&'*+/=?^`{|}~-]+"  # letters like æ, ø, å are fine (internationalised addresses)
    rf"@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,63}}|xn--[a-z0-9-]{{2,59}})$"
)
_PHONE_CHARS_RE = re.compile(r"^[0-9 +()\-]*$")


class PlanningError(ValueError):
    """A change the planning functions refuse; `str()` is the message in the current language."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        """The i18n key of the message, e.g. "planning.series_weeks"."""
        self.values = values

    def __str__(self) -> str:
        return t(self.key, **self.values)


def _language(group: Group) -> str:
    return group.settings.language


def _norm(text: str) -> str:
    """Text for comparisons: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _chronological(meetings: Iterable[Meeting]) -> list[Meeting]:
    return sorted(meetings, key=lambda m: (m.date, m.start, m.id))


def _require_planned(meeting: Meeting) -> None:
    if meeting.status != "planned":
        raise PlanningError("planning.not_planned", status=meeting.status)


# ---------------------------------------------------------------------------
# Role rota


def _has_roles(roles: Roles) -> bool:
    return any(getattr(roles, role) for role in ROLES)


def suggest_roles(
    group: Group,
    past: Sequence[Meeting],
    absent: Iterable[str] = frozenset(),
    previous: Roles | None = None,
    *,
    current: Roles | None = None,
    theme_owners: bool = True,
    explain: dict[str, str] | None = None,
) -> Roles:
    """The suggested moderator, minute-taker, boundary keeper, host and theme owner for the next meeting.

    `past` are the group's meetings before the one being planned (any order, any status;
    meetings with none of the four roles set are ignored). `previous` are the roles of the
    meeting just before, when it is not in `past` (e.g. the live meeting whose "next meeting"
    item is running); it counts as the latest meeting. `absent` are member ids with an absence
    notice for the next meeting. `current` are the roles already set for the meeting being
    planned: its theme owners are kept; without any (and with `theme_owners`), one theme owner is
    suggested after the four roles (see below). `explain`, a dict, is filled with one sentence per
    role of `ALL_ROLES` saying why that member was chosen (or that nobody could be).

    Hard rules: only active members without an absence notice are chosen; nobody gets the role
    they held in the latest meeting; as many roles as possible are filled, by as many different
    people as possible (one role each when enough members are available, else the fewest doubles).
    A role nobody may take (e.g. the only available member held it last time) stays empty.

    Within those rules, who gets a role is decided first: the members who have gone longest
    without any role (never first, then roster order) are chosen, and a double goes to the one
    who waited longest. Then the roles are shared among them: for each role in `ROLES` order, the
    one who held that role longest ago (or never) comes first, then the one who held any role
    longest ago, then roster order.

    Guarantee (fairness by construction): with at least four members available, the holders are
    exactly the four available members who waited longest, so an available member who gets no
    role sees four members ranked before them move behind them. When a small group must double up,
    the roles doubled are the ones that go together best (`DOUBLE_COST`: never moderator and
    minute-taker while another pairing is possible).

    The theme owner comes after: the available member without one of the four roles who was theme
    owner longest ago (or never), then who waited longest; with nobody free, the host takes it too
    (then the boundary keeper, the minute-taker, the moderator). Nobody is suggested as theme owner
    twice in a row while someone else can be. So while the n active members
    stay the same (a new member, never having held a role, goes first) and at least four are
    available at each meeting, nobody attends more than (n - 1) // 4 meetings in a row without a
    role (meetings they sent an absence notice for don't count): in a group of 10, anyone who
    attends 3 meetings holds a role in one of them. The result is deterministic: the same
    history, in any order, gives the same roles.
    """
    absent_ids = set(absent)
    history = [m.roles for m in _chronological(past) if _has_roles(m.roles)]
    if previous is not None and _has_roles(previous):
        history.append(previous)

    last_role: dict[str, dict[str, int]] = {role: {} for role in ROLES}
    last_any: dict[str, int] = {}
    turns: dict[str, list[int]] = {}  # the meetings each member held a role in, latest first
    for index, roles in enumerate(history):
        for role in ROLES:
            holder = getattr(roles, role)
            if holder:
                last_role[role][holder] = index
                last_any[holder] = index
                if turns.setdefault(holder, [])[:1] != [index]:
                    turns[holder].insert(0, index)
    latest = history[-1] if history else Roles()

    candidates = [m.id for m in group.members if m.active and m.id not in absent_ids]
    position = {member_id: n for n, member_id in enumerate(candidates)}
    # Who waited longest without any role (never first); among those whose last turn was in the
    # same meeting, the one whose turn before that was longest ago (a queue), then roster order.
    waited = sorted(candidates, key=lambda mid: (tuple(turns.get(mid, ())), position[mid]))
    wait_rank = {member_id: n for n, member_id in enumerate(waited)}
    allowed: dict[str, list[str]] = {
        mid: [role for role in ROLES if getattr(latest, role) != mid] for mid in candidates
    }
    # For each role: who held it longest ago (or never), then any role longest ago, then roster order.
    role_rank: dict[str, dict[str, int]] = {}
    for role in ROLES:
        held_role = last_role[role]

        def rank(mid: str, held_role: dict[str, int] = held_role) -> tuple[int, int, int]:
            return held_role.get(mid, -1), last_any.get(mid, -1), position[mid]

        ranked = sorted(candidates, key=rank)
        role_rank[role] = {mid: n for n, mid in enumerate(ranked)}
    fillable = [role for role in ROLES if any(role in allowed[mid] for mid in candidates)]

    # The holders: greedily the longest waiting who can still each get a role of their own. The
    # sets of members that can hold distinct roles form a (transversal) matroid, so the greedy
    # choice is a largest such set, and the best one in waiting order.
    holders: list[str] = []
    for member_id in waited:
        if len(holders) == len(fillable):
            break
        if allowed[member_id] and _distinct_roles(holders + [member_id], allowed) is not None:
            holders.append(member_id)

    # Every fillable role is allowed for one of the holders (else the one allowed it would
    # make the set larger), so share all fillable roles among the holders, each at least one.
    best: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None = None
    chosen: dict[str, str] = {}
    options = [[mid for mid in holders if role in allowed[mid]] for role in fillable]
    for pick in product(*options):
        if len(set(pick)) != len(holders):
            continue
        key = (
            tuple(sorted(wait_rank[mid] for mid in pick)),
            (_double_cost(fillable, pick),),
            tuple(role_rank[role][mid] for role, mid in zip(fillable, pick, strict=True)),
        )
        if best is None or key < best:
            best = key
            chosen = dict(zip(fillable, pick, strict=True))

    result = Roles(theme_owners=list(current.theme_owners) if current is not None else [])
    for role in ROLES:
        setattr(result, role, chosen.get(role, ""))
    reasons: dict[str, str] = {}
    if not result.theme_owners and theme_owners:
        owner = _theme_owner(history, candidates, result, wait_rank)
        if owner:
            result.theme_owners = [owner]
    elif result.theme_owners:
        reasons["theme_owners"] = t("planning.why_kept")
    if explain is not None:
        explain.update(_reasons(group, history, candidates, result, turns, reasons))
    return result


def _double_cost(roles: Sequence[str], holders: Sequence[str]) -> int:
    """How badly the doubled roles go together (0 when everyone holds one role)."""
    by_holder: dict[str, list[str]] = {}
    for role, holder in zip(roles, holders, strict=True):
        by_holder.setdefault(holder, []).append(role)
    cost = 0
    for held in by_holder.values():
        for i, first in enumerate(held):
            for second in held[i + 1 :]:
                cost += DOUBLE_COST.get(frozenset({first, second}), 1)
    return cost


def _theme_owner(history: Sequence[Roles], candidates: Sequence[str], chosen: Roles, wait_rank: dict[str, int]) -> str:
    """A theme owner: the available member without a role who was theme owner longest ago (or never),
    then who waited longest; when everyone available has a role, the host (then the boundary keeper,
    the minute-taker, the moderator). Nobody is theme owner twice in a row while another can be."""
    last_theme: dict[str, int] = {}
    for index, roles in enumerate(history):
        for member_id in roles.theme_owners:
            last_theme[member_id] = index
    latest = set(history[-1].theme_owners) if history else set()
    holders = {getattr(chosen, role) for role in ROLES} - {""}
    free = [mid for mid in candidates if mid not in holders and mid not in latest]
    if free:
        return min(free, key=lambda mid: (last_theme.get(mid, -1), wait_rank[mid]))
    for role in THEME_DOUBLE_ORDER:
        holder = getattr(chosen, role)
        if holder and holder not in latest:
            return str(holder)
    return ""


def _ago(history_length: int, index: int | None) -> int | None:
    """How many meetings ago an index of the history was (1: the latest), or None for never."""
    return None if index is None else history_length - index


def _reasons(
    group: Group,
    history: Sequence[Roles],
    candidates: Sequence[str],
    chosen: Roles,
    turns: dict[str, list[int]],
    given: dict[str, str],
) -> dict[str, str]:
    """Why each role went to whom, in the program's language: one sentence per role of `ALL_ROLES`."""
    reasons: dict[str, str] = {}
    holders = [getattr(chosen, role) for role in ROLES] + list(chosen.theme_owners)
    available = len(candidates)
    for role in ALL_ROLES:
        if role in given:
            reasons[role] = given[role]
            continue
        holder = chosen.theme_owners[0] if role == "theme_owners" and chosen.theme_owners else getattr(chosen, role, "")
        if not isinstance(holder, str) or not holder:
            reasons[role] = t("planning.why_nobody")
            continue
        parts: list[str] = []
        last_role = None
        for index, roles in enumerate(history):
            value = roles.theme_owners if role == "theme_owners" else [getattr(roles, role)]
            if holder in value:
                last_role = index
        label = t(f"planning.role_{'theme_owner' if role == 'theme_owners' else role}").lower()
        ago = _ago(len(history), last_role)
        parts.append(t("planning.why_role_never", role=label) if ago is None else t("planning.why_role_ago", role=label, n=ago))
        own_turns = turns.get(holder, [])
        if not own_turns:
            parts.append(t("planning.why_never_any"))
        else:
            since = _ago(len(history), own_turns[0]) or 0
            parts.append(t("planning.why_waited", n=since - 1) if since > 1 else t("planning.why_last_time"))
        if holders.count(holder) > 1:
            parts.append(t("planning.why_double", count=available))
        reasons[role] = f"{group.name_of(holder)}: " + "; ".join(parts)
    return reasons


def _distinct_roles(members: list[str], allowed: dict[str, list[str]]) -> dict[str, str] | None:
    """A role for each of `members` (at most four), no two the same and each allowed, or None."""
    for order in permutations(ROLES, len(members)):
        if all(role in allowed[mid] for mid, role in zip(members, order, strict=True)):
            return dict(zip(members, order, strict=True))
    return None


def _copy_items(items: Iterable[AgendaItem]) -> list[Item]:
    """Fresh meeting items from template items (no spans, nothing done, not deferred)."""
    copies = []
    for item in items:
        data = item.model_dump()
        for runtime in ("spans", "cues_done", "deferred"):
            data.pop(runtime, None)
        copies.append(Item.model_validate(data))
    return copies


def _is_tail(item: AgendaItem) -> bool:
    """Whether the item is one of the closing ones ("Næste møde", "Eventuelt")."""
    return item.kind == "open" or bool(_TAIL_RE.match(_norm(item.title).rstrip(".:")))


def tail_index(items: Sequence[AgendaItem]) -> int:
    """Where new items go: before the closing "Næste møde"/"Eventuelt" items (else at the end)."""
    index = len(items)
    while index > 0 and _is_tail(items[index - 1]):
        index -= 1
    return index


def evaluation_item(language: str) -> Item:
    """The booklet's half-year evaluation item: content, form, mood and well-being (30 min).

    One cue per question (the same words as the handout, `evaluation.evaluation_markdown`),
    then what to adjust and the shared meal; it records the conclusions (ctrl+f).
    """
    cues = [t(f"year.question_{name}_long", language=language) for name in ("content", "form", "mood", "wellbeing")]
    cues += [t(f"planning.evaluation_cue_{name}", language=language) for name in ("adjust", "meal")]
    return Item(
        title=t("planning.evaluation_title", language=language),
        planned_minutes=EVALUATION_MINUTES,
        led_by="moderator",
        kind="talk",
        cues=cues,
        records="evaluation",
    )


def _date_of_id(meeting_id: str) -> date | None:
    match = _DATE_ID_RE.match(meeting_id)
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _unique_id(day: date, slug: str, taken: set[str]) -> str:
    base = f"{day.isoformat()}-{slug}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def plan_series(
    group: Group,
    store_ids: Iterable[str],
    *,
    first: date,
    weeks: int,
    count: int | None = None,
    until: date | None = None,
    start: time,
    place: str = "",
    host: str = "",
    template_items: Sequence[AgendaItem] | Agenda = (),
    template: str = "",
    skip: Iterable[date] = frozenset(),
    title: str = "",
    holidays: bool = True,
) -> list[Meeting]:
    """A series of planned meetings every `weeks` weeks from `first`, same weekday and time.

    The series runs until the date `until` (inclusive) or until it holds `count` meetings,
    whichever comes first (at least one of them is needed). The public holidays of the group's
    country (`public_holidays`, unless `holidays=False`) and the dates in `skip` (the group's own:
    school holidays, a summer break) leave a gap: the series keeps its rhythm and `count` counts
    the meetings actually made (`series_days` tells which dates were skipped and why). Each
    meeting gets a unique id "YYYY-MM-DD-<slug of the title>" that is neither in `store_ids`
    (the group's existing meeting ids) nor earlier in the series, status "planned", the place,
    `host` as its host role and a fresh copy of the template items. The title defaults to
    "Netværksmøde"/"Network meeting" in the group's language.

    The group's first meeting is the earliest of the existing meetings (dates read from their
    ids) and this series. The first meeting of the series at least 182 days after it is marked
    `evaluation` and gets the evaluation item before the closing items, unless an existing
    meeting already lies past that point.

    Raises PlanningError for a rhythm outside 1..52 weeks, a missing or impossible end, a
    plan reaching more than two years ahead or a host who is not a member.
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise PlanningError("planning.series_weeks", max=MAX_WEEKS)
    if count is None and until is None:
        raise PlanningError("planning.series_end")
    if count is not None and not 1 <= count <= MAX_SERIES:
        raise PlanningError("planning.series_count", max=MAX_SERIES)
    if until is not None:
        if until < first:
            raise PlanningError("planning.series_until_before_first")
        if until - first > MAX_HORIZON:
            raise PlanningError("planning.series_too_long")
    if host and group.member(host) is None:
        raise PlanningError("planning.unknown_member", member=host)

    store_ids = set(store_ids)  # read once: it may be a one-shot iterable
    days, _ = series_days(group, first=first, weeks=weeks, count=count, until=until, skip=skip, holidays=holidays)

    language = _language(group)
    title = title.strip() or t("planning.meeting_title", language=language)
    slug = slugify(title, "moede")
    items = template_items.items if isinstance(template_items, Agenda) else template_items
    taken = set(store_ids)

    meetings: list[Meeting] = []
    for day in days:
        meeting_id = _unique_id(day, slug, taken)
        taken.add(meeting_id)
        meetings.append(
            Meeting(
                id=meeting_id,
                title=title,
                date=day,
                start=start,
                place=place,
                status="planned",
                template=template,
                roles=Roles(host=host),
                items=_copy_items(items),
            )
        )

    existing = [d for d in (_date_of_id(mid) for mid in store_ids) if d is not None]
    if meetings:
        start_of_group = min([*existing, meetings[0].date])
        threshold = start_of_group + EVALUATION_AFTER
        if not any(d >= threshold for d in existing):
            for meeting in meetings:
                if meeting.date >= threshold:
                    mark_evaluation(meeting, language)
                    break
    return meetings


_HOLIDAY_CATEGORIES: dict[str, tuple[str, ...]] = {"DK": ("public", "optional")}
"""Per country, the `holidays` categories skipped. Denmark's optional days (Grundlovsdag, juleaften,
nytårsaften, 1. maj) are evenings nobody plans a meeting for."""


def public_holidays(country: str, first: date, last: date, language: str = "da") -> dict[date, str]:
    """The public holidays of `country` from `first` to `last` (inclusive), with their names.

    From the `holidays` package (the names in `language` where it has them). A country it
    does not know gives no holidays (the group's own dates are still skipped).
    """
    return dict(_public_holidays(country, first, last, language))


@lru_cache(maxsize=32)
def _public_holidays(country: str, first: date, last: date, language: str) -> tuple[tuple[date, str], ...]:
    import holidays as library

    code = country.upper()
    years = list(range(first.year, last.year + 1))
    categories = _HOLIDAY_CATEGORIES.get(code, ("public",))
    try:
        found = library.country_holidays(code, years=years, categories=categories, language=language)
    except NotImplementedError:
        return ()
    except ValueError:  # a category or language the country does not have
        try:
            found = library.country_holidays(code, years=years)
        except NotImplementedError:
            return ()
    return tuple((day, str(name)) for day, name in sorted(found.items()) if first <= day <= last)


def series_days(
    group: Group,
    *,
    first: date,
    weeks: int,
    count: int | None = None,
    until: date | None = None,
    skip: Iterable[date] = frozenset(),
    holidays: bool = True,
) -> tuple[list[date], list[tuple[date, str]]]:
    """The days of a series (every `weeks` weeks from `first`) and the ones skipped, with why.

    A day is skipped when it is one of the group's country's public holidays (the holiday's
    name is the reason) or one of `skip` (the group's own dates). Raises PlanningError for a
    series reaching more than two years ahead.
    """
    own = set(skip)
    step = timedelta(weeks=weeks)
    last = until or (first + MAX_HORIZON)
    names = public_holidays(group.settings.country, first, last, _language(group)) if holidays else {}
    days: list[date] = []
    skipped: list[tuple[date, str]] = []
    day = first
    while True:
        if until is not None and day > until:
            break
        if count is not None and len(days) >= count:
            break
        if day - first > MAX_HORIZON:
            raise PlanningError("planning.series_too_long")
        if day in names:
            skipped.append((day, names[day]))
        elif day in own:
            skipped.append((day, t("planning.skipped_own", language=_language(group))))
        else:
            days.append(day)
        day += step
    return days, skipped


def mark_evaluation(meeting: Meeting, language: str) -> None:
    """Make `meeting` the evaluation meeting: set the flag and add the evaluation item once."""
    meeting.evaluation = True
    titles = {_norm(t("planning.evaluation_title", language=lang)) for lang in LANGUAGES}
    if not any(_norm(item.title) in titles for item in meeting.items):
        meeting.items.insert(tail_index(meeting.items), evaluation_item(language))


# ---------------------------------------------------------------------------
# Themes


@dataclass(frozen=True)
class ThemeEntry:
    """One theme idea, with when it was covered (a finished meeting) or is planned."""

    title: str
    category: ThemeCategory
    """The booklet's "work" or "group" ideas, or the group's "own"."""
    builtin: bool
    covered_on: date | None = None
    """The latest finished meeting with this theme."""
    planned_on: date | None = None
    """The earliest planned (or live) meeting with this theme."""


def builtin_themes(language: str) -> list[tuple[str, ThemeCategory]]:
    """The booklet's theme ideas as (title, category) in `language`."""
    return [(t(f"planning.theme_{key}", language=language), category) for key, category in BUILTIN_THEMES]


def themes(group: Group, meetings: Iterable[Meeting]) -> list[ThemeEntry]:
    """The booklet's themes, then the group's own, then other themes meetings had.

    Titles are in the group's language; a meeting's theme matches a title in either
    language, ignoring case and spacing. Each entry says when it was last covered by a
    finished meeting and when it is next planned.
    """
    language = _language(group)
    entries: list[tuple[str, ThemeCategory, bool]] = []
    index: dict[str, int] = {}
    for key, category in BUILTIN_THEMES:
        entries.append((t(f"planning.theme_{key}", language=language), category, True))
        for lang in LANGUAGES:
            index.setdefault(_norm(t(f"planning.theme_{key}", language=lang)), len(entries) - 1)

    def add_own(title: str) -> None:
        norm = _norm(title)
        if norm and norm not in index:
            entries.append((title.strip(), "own", False))
            index[norm] = len(entries) - 1

    for title in group.themes:
        add_own(title)
    meetings = _chronological(meetings)
    for meeting in meetings:
        add_own(meeting.theme)

    covered: dict[int, date] = {}
    planned: dict[int, date] = {}
    for meeting in meetings:
        position = index.get(_norm(meeting.theme))
        if position is None:
            continue
        if meeting.status == "finished":
            covered[position] = meeting.date
        elif position not in planned:
            planned[position] = meeting.date
    return [
        ThemeEntry(title, category, builtin, covered.get(n), planned.get(n))
        for n, (title, category, builtin) in enumerate(entries)
    ]


def add_theme(group: Group, title: str) -> str | None:
    """Add one of the group's own themes; returns an error key (and adds nothing) or None."""
    text = " ".join(title.split())
    if not text:
        return "planning.theme_empty"
    if len(text) > MAX_THEME:
        return "planning.theme_long"
    known = {_norm(entry.title) for entry in themes(group, [])}
    for key, _category in BUILTIN_THEMES:
        known |= {_norm(t(f"planning.theme_{key}", language=lang)) for lang in LANGUAGES}
    if _norm(text) in known:
        return "planning.theme_exists"
    group.themes.append(text)
    return None


# ---------------------------------------------------------------------------
# Agreements

AGREEMENT_TEXTS: tuple[str, ...] = ("confidentiality", "ethics", "attendance", "personal_limits")


def _texts(agreements: Agreements) -> tuple[str, ...]:
    return tuple(getattr(agreements, name).strip() for name in AGREEMENT_TEXTS)


def update_agreements(group: Group, new: Agreements, today: date) -> bool:
    """Set the group's agreements to `new`, dated `today`; False when no text changed.

    When a text changed (leading and trailing whitespace ignored), the version in force is
    kept in `group.agreements_history` with the day it was replaced, unless it was blank
    and undated (nothing agreed yet) or was itself agreed today (a same-day correction).
    Raises PlanningError when `today` is before the date of the version in force.
    """
    current = group.agreements
    if _texts(current) == _texts(new):
        return False
    if current.changed_on is not None and today < current.changed_on:
        raise PlanningError("planning.agreements_date", day=current.changed_on.isoformat())
    blank = not any(_texts(current)) and current.changed_on is None
    if not blank and current.changed_on != today:
        group.agreements_history.append(AgreementsVersion(**current.model_dump(), replaced_on=today))
    group.agreements = Agreements(**{**new.model_dump(), "changed_on": today})
    return True


def agreements_on(group: Group, day: date) -> Agreements | None:
    """The agreements in force on `day` (e.g. for an old meeting), or None before any."""
    current = group.agreements
    if current.changed_on is None or day >= current.changed_on:
        if current.changed_on is None and not any(_texts(current)):
            return None
        return current
    for version in reversed(group.agreements_history):
        if day < version.replaced_on and (version.changed_on is None or version.changed_on <= day):
            data = version.model_dump()
            data.pop("replaced_on", None)
            return Agreements(**data)
    return None


# ---------------------------------------------------------------------------
# Carry-over and agenda editing


@dataclass
class CarryOver:
    """What the last meeting leaves for the next one's agenda."""

    deferred_items: list[Item] = field(default_factory=list)
    """Fresh copies of the items deferred in the last meeting."""
    open_actions: list[str] = field(default_factory=list)
    """The text of each open action (`- [ ] ...`) in the last minutes, confidential lines left out."""

    @property
    def empty(self) -> bool:
        return not self.deferred_items and not self.open_actions


def open_actions(minutes: str) -> list[str]:
    """The open actions (`- [ ] text`) of the minutes, without confidential ones.

    Confidentiality follows the `!!` rule of facilitator/confidential.py: a marked line (also
    `- [ ] !! ...`), or a whole paragraph whose first line is marked, never leaves the meeting.
    """
    from facilitator.export import actions  # the task-line rule lives there once, open and done alike

    public, _left_out = split_confidential(minutes)
    return [text for done, text in actions(public) if not done]


def last_finished(meetings: Iterable[Meeting]) -> Meeting | None:
    """The latest finished meeting, or None."""
    finished = [m for m in _chronological(meetings) if m.status == "finished"]
    return finished[-1] if finished else None


def carry_over(last: Meeting | None) -> CarryOver:
    """Deferred items and open actions of `last` (the last finished meeting) for the next agenda."""
    if last is None:
        return CarryOver()
    deferred = _copy_items(item for item in last.items if item.deferred)
    return CarryOver(deferred_items=deferred, open_actions=open_actions(last.minutes))


def follow_up_item(actions: Sequence[str], language: str) -> Item:
    """An agenda item that goes through the open actions (one cue each)."""
    return Item(
        title=t("planning.follow_up_title", language=language),
        planned_minutes=FOLLOW_UP_MINUTES,
        led_by="moderator",
        kind="talk",
        cues=list(actions),
    )


def add_to_agenda(meeting: Meeting, items: Iterable[AgendaItem]) -> int:
    """Add copies of `items` before the meeting's closing items; returns how many were added.

    An item whose title the agenda already has is left out (offering twice adds nothing).
    Raises PlanningError unless the meeting is planned.
    """
    _require_planned(meeting)
    titles = {_norm(item.title) for item in meeting.items}
    new = []
    for item in _copy_items(items):
        if _norm(item.title) not in titles:
            titles.add(_norm(item.title))
            new.append(item)
    at = tail_index(meeting.items)
    meeting.items[at:at] = new
    return len(new)


def move_item(target: Meeting | list[Any], index: int, delta: int) -> int:
    """Move the item at `index` by `delta` places (clamped to the agenda); returns its new index.

    `target` is a planned meeting or a list of items. Raises IndexError for an index outside
    the agenda and PlanningError for a meeting that is live or finished.
    """
    if isinstance(target, Meeting):
        _require_planned(target)
        items: list[Any] = target.items
    else:
        items = target
    if not 0 <= index < len(items):
        raise IndexError(f"no item {index} in an agenda of {len(items)}")
    new_index = max(0, min(len(items) - 1, index + delta))
    items.insert(new_index, items.pop(index))
    return new_index


def agenda_total(items: Iterable[AgendaItem]) -> int:
    """The planned minutes of the items together."""
    return sum(item.planned_minutes for item in items)


class AgendaFit(NamedTuple):
    """When a planned meeting ends, and whether that is after the group's end_by time."""

    end: time
    over: bool
    minutes_over: int


def agenda_fits(meeting: Meeting, end_by: time) -> AgendaFit:
    """The planned end (start + the items' minutes) against `end_by` (Settings.end_by_time()).

    A plan that runs past midnight is over whatever `end_by` says.
    """
    start = datetime.combine(meeting.date, meeting.start)
    end = start + timedelta(minutes=agenda_total(meeting.items))
    limit = datetime.combine(meeting.date, end_by)
    if limit < start:  # an end_by before the start: the limit is the next morning
        limit += timedelta(days=1)
    over_by = int((end - limit).total_seconds() // 60)
    midnight = datetime.combine(meeting.date + timedelta(days=1), time(0, 0))
    over = over_by > 0 or end > midnight
    return AgendaFit(end.time(), over, max(over_by, 0))


TRIM_MIN_MINUTES = 5
"""An item trimmed to fit the latest end keeps at least this many minutes (and at least half of its own)."""


def trim_proposal(meeting: Meeting, end_by: time) -> list[int]:
    """The planned minutes of each item after trimming the agenda to end by `end_by`.

    The minutes over are taken from the timed items (not breaks) in proportion to what each
    can give: half its minutes, keeping at least `TRIM_MIN_MINUTES`. Largest remainders
    make the total exact. When the items cannot give enough, each gives what it can (the
    agenda still runs over; `agenda_fits` says by how much). Unchanged when it fits.
    """
    minutes = [item.planned_minutes for item in meeting.items]
    fit = agenda_fits(meeting, end_by)
    if not fit.over:
        return minutes
    start = datetime.combine(meeting.date, meeting.start)
    limit = datetime.combine(meeting.date, end_by)
    if limit < start:
        limit += timedelta(days=1)
    midnight = datetime.combine(meeting.date + timedelta(days=1), time(0, 0))
    limit = min(limit, midnight)
    over = sum(minutes) - max(0, int((limit - start).total_seconds() // 60))
    give = [
        0
        if item.kind == "break" or item.deferred
        else max(0, item.planned_minutes - max(TRIM_MIN_MINUTES, (item.planned_minutes + 1) // 2))
        for item in meeting.items
    ]
    capacity = sum(give)
    if capacity <= 0 or over <= 0:
        return minutes
    cut = min(over, capacity)
    shares = [cut * g / capacity for g in give]
    taken = [math.floor(share) for share in shares]
    rest = cut - sum(taken)
    order = sorted(range(len(give)), key=lambda i: (-(shares[i] - taken[i]), -give[i], i))
    for i in order:
        if rest <= 0:
            break
        if taken[i] < give[i]:
            taken[i] += 1
            rest -= 1
    return [m - c for m, c in zip(minutes, taken, strict=True)]


def trim_to_end_by(meeting: Meeting, end_by: time) -> list[tuple[int, int, int]]:
    """Trim a planned meeting's items to end by `end_by` (see `trim_proposal`).

    Returns (index, minutes before, minutes after) of each item changed. Raises PlanningError
    unless the meeting is planned, or when no item can give up time.
    """
    _require_planned(meeting)
    proposal = trim_proposal(meeting, end_by)
    changes = [
        (index, item.planned_minutes, new)
        for index, (item, new) in enumerate(zip(meeting.items, proposal, strict=True))
        if item.planned_minutes != new
    ]
    if not changes and agenda_fits(meeting, end_by).over:
        raise PlanningError("planning.trim_nothing")
    for index, _before, after in changes:
        meeting.items[index].planned_minutes = after
    return changes


def stamp_calendar(group: Group, meeting: Meeting, now: datetime) -> bool:
    """Record the meeting's calendar event as it is now; True when that changed anything.

    A meeting stamped for the first time gets SEQUENCE 0; afterwards, each time what its
    event shows (time, length, title, place, status, description; `export.calendar_fingerprint`)
    differs from the last stamp, `sequence` goes up by one and `modified_at` becomes `now`. The
    plan screen stamps each meeting it saves, and the calendar export stamps (and saves) every
    meeting it writes, so a change made by hand is caught too. Calendars that imported an
    earlier file then replace the event instead of keeping the old time.
    """
    from facilitator.export import calendar_fingerprint
    from facilitator.model import CalendarState

    fingerprint = calendar_fingerprint(group, meeting)
    state = meeting.calendar
    if state is None:
        meeting.calendar = CalendarState(sequence=0, modified_at=now, fingerprint=fingerprint)
        return True
    if state.fingerprint == fingerprint:
        return False
    if state.fingerprint:
        state.sequence += 1
    state.modified_at = now
    state.fingerprint = fingerprint
    return True


def cancel_meeting(meeting: Meeting, cancelled: bool = True) -> None:
    """Cancel a planned meeting (status "cancelled": the calendar shows it as cancelled), or plan it again."""
    if cancelled:
        _require_planned(meeting)
        meeting.status = "cancelled"
    elif meeting.status == "cancelled":
        meeting.status = "planned"


def booklet_advice(template: str) -> int | None:
    """The minutes the booklet advises setting aside for a built-in template, or None."""
    return BOOKLET_ADVICE.get(template)


def save_as_template(items: Iterable[AgendaItem], agenda_id: str, title: str, language: str, description: str = "") -> Agenda:
    """The items as a new agenda template (the Store's `save_agenda` writes it).

    Timing (spans, cues done, deferred) is left out. Raises PlanningError for an id that is
    not a slug, an empty title, an unknown language or no items.
    """
    if not SLUG_RE.match(agenda_id):
        raise PlanningError("planning.template_id")
    if not title.strip():
        raise PlanningError("planning.template_title")
    if language not in LANGUAGES:
        raise PlanningError("planning.language_unknown", language=language)
    fields = set(AgendaItem.model_fields)
    agenda_items = []
    for item in items:
        data = {k: v for k, v in item.model_dump().items() if k in fields or k in (item.model_extra or {})}
        agenda_items.append(AgendaItem.model_validate(data))
    if not agenda_items:
        raise PlanningError("planning.template_empty")
    data = {"id": agenda_id, "title": title.strip(), "language": language, "description": description}
    return Agenda.model_validate({**data, "items": agenda_items})


# ---------------------------------------------------------------------------
# Members


def validate_email(text: str) -> str | None:
    """None for an empty or plausible e-mail address, else the error key."""
    value = text.strip()
    if not value:
        return None
    if len(value) > 254 or ".." in value or not _EMAIL_RE.match(value):
        return "planning.email_invalid"
    local = value.split("@", 1)[0]
    if local.startswith(".") or local.endswith(".") or len(local) > 64:
        return "planning.email_invalid"
    return None


def validate_phone(text: str, country: str | None = None) -> str | None:
    """None for an empty phone number or one of digits, spaces, +, - and () with 8-15 digits.

    With `country` (the group's), the number must also be a possible number of that country or
    carry a country code (`phones.is_possible`, Google's numbering plans): the key is then
    "planning.phone_impossible" (show it with `t(key, country=country)`).
    """
    value = text.strip()
    if not value:
        return None
    if not _PHONE_CHARS_RE.match(value):
        return "planning.phone_chars"
    if "+" in value.lstrip("(")[1:]:
        return "planning.phone_plus"
    digits = sum(ch.isdigit() for ch in value)
    if digits < 8:
        return "planning.phone_short"
    if digits > 15:
        return "planning.phone_long"
    if country is not None:
        from facilitator.phones import is_possible

        if not is_possible(value, country):
            return "planning.phone_impossible"
    return None


def normalise_phone(text: str, country: str) -> str:
    """A phone number as stored: E.164 ("+4524344454") when it reads as one, else as typed (`phones.normalise`)."""
    from facilitator.phones import normalise

    return normalise(text, country)


def validate_name(text: str, group: Group | None = None, member_id: str = "") -> str | None:
    """None for a usable member name, else the error key.

    With `group`, a name another member (not `member_id`) already has is refused.
    """
    value = text.strip()
    if not value:
        return "planning.name_empty"
    if len(value) > MAX_NAME:
        return "planning.name_long"
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        return "planning.name_chars"
    if group is not None:
        for member in group.members:
            if member.id != member_id and _norm(member.name) == _norm(value):
                return "planning.name_taken"
    return None


def over_max_members(group: Group) -> bool:
    """Whether the active members are more than the group's max_members (booklet: about 10)."""
    return len(group.active_members) > group.settings.max_members


class AttendanceRecord(NamedTuple):
    """How often a member came, sent notice of absence, or stayed away without notice."""

    present: int = 0
    with_notice: int = 0
    without: int = 0


def attendance_record(group: Group, meetings: Iterable[Meeting]) -> dict[str, AttendanceRecord]:
    """Each member's attendance over the finished meetings (every member of the group, in roster order)."""
    counts = {member.id: [0, 0, 0] for member in group.members}
    slot = {"present": 0, "absent_notified": 1, "absent": 2}
    for meeting in meetings:
        if meeting.status != "finished":
            continue
        for member_id, tally in counts.items():
            status = meeting.attendance.status_of(member_id)
            if status is not None:
                tally[slot[status]] += 1
    return {member_id: AttendanceRecord(*tally) for member_id, tally in counts.items()}


def set_absence_notice(meeting: Meeting, member_id: str, notice: bool = True) -> None:
    """Record (or withdraw) a member's absence notice (afbud) ahead of a planned meeting."""
    _require_planned(meeting)
    notified = meeting.attendance.absent_notified
    if notice and member_id not in notified:
        notified.append(member_id)
    elif not notice and member_id in notified:
        notified.remove(member_id)
