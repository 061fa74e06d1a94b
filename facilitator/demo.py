"""The demo group: a realistic, deterministic group with a history of meetings.

`write_demo(root, meetings=N)` writes `groups/demo/` under the data directory:
ten members with Danish names, phone numbers and e-mails, the group's
agreements, N finished meetings every four weeks back from `today` (the
first uses the booklet's first agenda, the second the second one, the rest
the following meetings' agenda, each with a theme), and two planned meetings
ahead. A finished meeting carries what the live screen would have recorded:
rotating roles, attendance with notices of absence, item spans (some over
time, a break, a time-out splitting an item), speaking turns, time-outs,
groupings and Markdown minutes in the group's language with decisions,
actions and one confidential (`!!`) line.

The same arguments give byte-identical files: every meeting draws from its
own `random.Random` seeded by a fixed number and the meeting's date. It backs
`facilitator demo [--meetings N] [--force]` and the benchmarks, which ask for
10,000 meetings, so the bulk path builds plain dictionaries (no model
validation), formats them as tomli_w does and writes them through the Store
(`Store.write_meeting_file`: atomic, without fsync).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from facilitator import demo_text
from facilitator.agendas import builtin_agenda
from facilitator.consistency import YEARS
from facilitator.grouping import group_sizes
from facilitator.i18n import t
from facilitator.model import SCHEMA_VERSION, Meeting, slugify
from facilitator.store import Store, StoreError, summarize
from facilitator.zones import hhmm

DEMO_GROUP_ID = "demo"
SEED = 2006
"""The booklet's year; changing it changes every demo file."""
MEETING_START = time(18, 0)
MEETING_WEEKDAY = 1  # Tuesday
CADENCE = timedelta(weeks=4)
PLANNED_AHEAD = 2
GROUP_TALK_MINUTES = 25
MAX_MEETINGS = 20_000
"""Four-weekly meetings this far back still fit the calendar (year 1 is the floor)."""
EVALUATION_INDEX = 6
"""The 7th meeting, about half a year after the first, is the evaluation."""
FEEDBACK_YEAR = 13
"""The meetings of the first year (four-weekly) get feedback on their moderator and minute-taker."""


class DemoExistsError(Exception):
    """The demo group exists already and `force` was not given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(t("demo.exists", path=str(path)))


@dataclass(frozen=True)
class DemoResult:
    """What `write_demo` wrote."""

    group_id: str
    group_dir: Path
    finished: int
    planned: int
    first_date: date | None
    """Date of the oldest finished meeting (None when none was written)."""
    planned_ids: tuple[str, ...] = field(default=())
    current_group_set: bool = False
    """Whether settings.toml now names the demo group (it is set only when no group was chosen)."""


# --------------------------------------------------------------------------- small helpers


def _danish_offset(day: date) -> timezone:
    """Denmark's UTC offset at 18:00 on `day`: +02:00 from the last Sunday of March to the last of October."""

    def last_sunday(month: int) -> date:
        d = date(day.year, month, 31)
        return d - timedelta(days=(d.weekday() + 1) % 7)

    summer = last_sunday(3) <= day < last_sunday(10)
    return _CEST if summer else _CET


_CET = timezone(timedelta(hours=1))
_CEST = timezone(timedelta(hours=2))


def _skip_holiday(day: date, step: timedelta) -> date:
    """Move `day` by `step` until it leaves the summer holiday (July) and Christmas (20 Dec - 6 Jan)."""
    while day.month == 7 or (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 6):
        day += step
    return day


def meeting_dates(today: date, finished: int, planned: int = PLANNED_AHEAD) -> tuple[list[date], list[date]]:
    """The dates of the finished meetings (oldest first) and the planned ones.

    Meetings fall on Tuesdays every four weeks, skipping July and Christmas:
    the first planned one on the first Tuesday after `today`, the finished ones
    going back from there. So many finished meetings that four weeks apart they
    would go back past 2000 (the store reads meeting dates from `consistency.YEARS`
    only) come closer together, down to one a day, then two or more on a day
    (10,000 for the benchmarks: two a day from 2011 on).
    """
    anchor = today + timedelta(days=(MEETING_WEEKDAY - today.weekday()) % 7 or 7)
    floor = date(YEARS.start, 1, 1) + timedelta(days=7)  # a week of margin for the holidays skipped at the start
    room = max(1.0, (anchor - floor).days * 0.8 - CADENCE.days)  # July and Christmas take about a fifth of the year
    back_step = CADENCE if finished * CADENCE.days <= room else timedelta(days=max(1, int(room // max(1, finished))))
    per_day = max(1, -(-finished // int(room)))  # more meetings than days: this many share a day
    ahead: list[date] = []
    day = anchor
    for _ in range(planned):
        day = _skip_holiday(day, CADENCE)
        ahead.append(day)
        day += CADENCE
    back: list[date] = []
    day = anchor
    for n in range(finished):
        if n == 0:  # the last one held four weeks before the next, as ever
            day = _skip_holiday(day - CADENCE, -CADENCE)
        elif (n - 1) % per_day == 0:  # the first of each day's share steps back (the last meeting stands alone)
            day = _skip_holiday(day - back_step, -back_step)
        back.append(day)
    back.reverse()
    return back, ahead


def _phone(rng: random.Random) -> str:
    digits = str(rng.choice((2, 3, 4, 5, 6))) + "".join(str(rng.randrange(10)) for _ in range(7))
    return "+45 " + " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def _and(names: list[str], word: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


# --------------------------------------------------------------------------- the plan of the whole group


@dataclass
class _Plan:
    """What every meeting needs to know about the group and its calendar."""

    language: str
    ids: list[str]
    names: dict[str, str]
    first_names: dict[str, str]
    weights: list[float]
    absence: list[float]
    dates: list[date]
    """Every meeting, finished then planned, oldest first."""
    finished: int
    themes: list[str]
    """Theme per meeting index ("" for the first and second meeting)."""
    text: dict[str, Any]
    agendas: dict[str, list[dict[str, Any]]]

    def template(self, k: int) -> str:
        if k >= self.finished:
            return "following"
        return ("first", "second")[k] if k < 2 else "following"

    def title(self, k: int) -> str:
        template = self.template(k)
        if template == "first":
            return str(self.text["title_first"])
        if template == "second":
            return str(self.text["title_second"])
        return self.themes[k]

    def roles(self, k: int) -> dict[str, Any]:
        """The rota: moderator and minute-taker follow the contact list, the boundary keeper every third meeting."""
        n = len(self.ids)
        mod = k % n
        mt = (k + 3) % n
        bk = (k // 3 + 6) % n
        while bk in (mod, mt):
            bk = (bk + 1) % n
        host = demo_text.HOSTS[k % len(demo_text.HOSTS)]
        owners: list[str] = []
        if self.template(k) == "following":
            # One or two theme owners who neither chair nor take the minutes.
            free = [i for i in range(n) if i not in (mod, mt)]
            first_owner = free[(k * 7 + 1) % len(free)]
            owners.append(self.ids[first_owner])
            if k % 3 == 0:
                owners.append(self.ids[free[(k * 7 + 5) % len(free)]])
        return {
            "moderator": self.ids[mod],
            "minute_taker": self.ids[mt],
            "boundary_keeper": self.ids[bk],
            "host": self.ids[host],
            "theme_owners": owners,
        }

    def place(self, k: int) -> str:
        places = self.text["places"]
        if k == 0 or k % 5 == 4:
            return str(places["library"])
        return str(places["home"][k % len(demo_text.HOSTS)])

    def meeting_id(self, k: int) -> str:
        return f"{self.dates[k].isoformat()}-{slugify(self.title(k), 'moede')}"

    def first(self, member_ids: list[str]) -> list[str]:
        return [self.first_names[m] for m in member_ids]

    def long_date(self, day: date) -> str:
        month = demo_text.MONTHS[self.language][day.month - 1]
        return f"{day.day}. {month} {day.year}" if self.language == "da" else f"{day.day} {month} {day.year}"


def _assign_themes(dates: list[date], finished: int, text: dict[str, Any]) -> list[str]:
    """A theme for every meeting from the third on; each spring's last theme meeting is about the municipality."""
    cycle = [th[0] for th in text["themes"] if th[0] != text["municipality"]]
    themes = [""] * len(dates)
    n = 0
    for k in range(len(dates)):
        if k < min(2, finished):
            continue
        if k == EVALUATION_INDEX:
            themes[k] = text["evaluation"]
            continue
        themes[k] = cycle[n % len(cycle)]
        n += 1
    # The last finished theme meeting of each spring (March-May) is about the municipality.
    spring: dict[int, int] = {}
    candidates = [k for k in range(2, finished) if k != EVALUATION_INDEX]
    for k in candidates:
        if 3 <= dates[k].month <= 5:
            spring[dates[k].year] = k
    for k in spring.values():
        themes[k] = text["municipality"]
    if not spring and candidates:
        themes[candidates[0]] = text["municipality"]
    return themes


def _agenda_items(language: str) -> dict[str, list[dict[str, Any]]]:
    items: dict[str, list[dict[str, Any]]] = {}
    for template in ("first", "second", "following"):
        agenda = builtin_agenda(template, language)
        items[template] = [
            {
                "title": i.title,
                "planned_minutes": i.planned_minutes,
                "led_by": i.led_by,
                "kind": i.kind,
                "cues": list(i.cues),
                **({"records": i.records} if i.records else {}),
            }
            for i in agenda.items
        ]
    return items


def _make_plan(language: str, dates: list[date], finished: int) -> _Plan:
    text = demo_text.TEXT[language]
    ids = [slugify(name) for name, _, _ in demo_text.MEMBERS]
    return _Plan(
        language=language,
        ids=ids,
        names={i: m[0] for i, m in zip(ids, demo_text.MEMBERS, strict=True)},
        first_names={i: m[0].split()[0] for i, m in zip(ids, demo_text.MEMBERS, strict=True)},
        weights=[m[1] for m in demo_text.MEMBERS],
        absence=[m[2] for m in demo_text.MEMBERS],
        dates=dates,
        finished=finished,
        themes=_assign_themes(dates, finished, text),
        text=text,
        agendas=_agenda_items(language),
    )


# --------------------------------------------------------------------------- the group file


def _group_dict(plan: _Plan) -> dict[str, Any]:
    rng = random.Random(SEED)
    members = []
    for member_id in plan.ids:
        name = plan.names[member_id]
        members.append(
            {
                "id": member_id,
                "name": name,
                "phone": _phone(rng),
                "email": member_id.replace("-", ".") + "@example.dk",
                "active": True,
            }
        )
    agreements: dict[str, Any] = dict(plan.text["agreements"])
    if plan.finished >= 2:
        agreements["changed_on"] = plan.dates[1]
    group: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "name": plan.text["group_name"],
        "members": members,
        "agreements": agreements,
        "settings": {"max_members": 10, "end_by": "21:00", "language": plan.language},
        "themes": list(plan.text["own_themes"]),
    }
    if plan.finished >= 1:  # decided at the first meeting's "Deciding on the network" (issue 21)
        group["purpose"] = {
            **plan.text["purpose"],
            "changed_on": plan.dates[0],
            "decided_at": plan.meeting_id(0),
        }
    return group


# --------------------------------------------------------------------------- one finished meeting


def _attendance(plan: _Plan, k: int, rng: random.Random, roles: dict[str, Any]) -> dict[str, list[str]]:
    needed = {roles["moderator"], roles["minute_taker"], roles["boundary_keeper"], roles["host"], *roles["theme_owners"]}
    present: list[str] = []
    notified: list[str] = []
    absent: list[str] = []
    for member_id, rate in zip(plan.ids, plan.absence, strict=True):
        r = rng.random()
        if member_id in needed or k == 0 or r >= rate + 0.02:
            present.append(member_id)
        elif r < rate:
            notified.append(member_id)
        else:
            absent.append(member_id)
    return {"present": present, "absent_notified": notified, "absent": absent}


def _groups(rng: random.Random, present: list[str]) -> list[list[str]]:
    """A random split by the rule of grouping.group_sizes (threes, with one four or one two)."""
    people = list(present)
    rng.shuffle(people)
    groups, i = [], 0
    for size in group_sizes(len(people)):
        groups.append(people[i : i + size])
        i += size
    return groups


def _turns(
    rng: random.Random,
    speaking: list[dict[str, Any]],
    item: int,
    start: datetime,
    end: datetime,
    present: list[str],
    weights: list[float],
    first: str | None = None,
) -> None:
    """Free discussion between `start` and `end`: turns of 20 s to a few minutes with short gaps."""
    t = start + timedelta(seconds=rng.randint(3, 20))
    last = ""
    speaker = first
    while True:
        length = 25 + int(rng.expovariate(1 / 125))
        if length > 420:
            length = 420
        turn_end = t + timedelta(seconds=length)
        if turn_end > end:
            if (end - t).total_seconds() >= 30 and speaker is None:
                turn_end = end - timedelta(seconds=rng.randint(2, 10))
            else:
                break
        if speaker is None:
            speaker = rng.choices(present, weights)[0]
            if speaker == last:
                speaker = rng.choices(present, weights)[0]
        speaking.append({"member": speaker, "item": item, "start": t, "end": turn_end})
        last, speaker = speaker, None
        t = turn_end + timedelta(seconds=rng.randint(2, 25))
        if turn_end >= end - timedelta(seconds=10):
            break


def _finished_meeting(plan: _Plan, k: int) -> dict[str, Any]:
    day = plan.dates[k]
    rng = random.Random(SEED * 1_000_003 + day.toordinal())
    text = plan.text
    lang = plan.language
    template = plan.template(k)
    roles = plan.roles(k)
    attendance = _attendance(plan, k, rng, roles)
    present = attendance["present"]
    weight_of = dict(zip(plan.ids, plan.weights, strict=True))
    weights = [weight_of[m] for m in present]
    tz = _danish_offset(day)
    start = datetime.combine(day, MEETING_START, tzinfo=tz)
    now = start + timedelta(seconds=rng.randint(30, 300))
    started_at = now
    fn = plan.first_names
    mod, mt, bk = fn[roles["moderator"]], fn[roles["minute_taker"]], fn[roles["boundary_keeper"]]
    owners = _and(plan.first(roles["theme_owners"]), text["and"]) if roles["theme_owners"] else ""

    # Which item may see a time-out: the theme talk, or a groups item in the second meeting.
    timeout_item = -1
    if template == "following" and rng.random() < 0.4:
        timeout_item = 1
    elif template == "second" and rng.random() < 0.5:
        timeout_item = 2

    items: list[dict[str, Any]] = []
    speaking: list[dict[str, Any]] = []
    timeouts: list[dict[str, Any]] = []
    groupings: list[dict[str, Any]] = []
    sections: list[list[str]] = []
    for index, base in enumerate(plan.agendas[template]):
        kind = base["kind"]
        planned = base["planned_minutes"] * 60
        if kind == "open":
            active = rng.randint(60, 420) if rng.random() < 0.8 else 0
        elif kind == "break":
            active = planned + rng.randint(-120, 360)
        else:
            active = int(planned * rng.uniform(0.85, 1.2))
        item = dict(base)
        cues = base["cues"]
        item["cues_done"] = [i for i in range(len(cues)) if rng.random() < 0.85] if active else []
        lines: list[str] = []
        spans: list[dict[str, Any]] = []
        if active:
            # Time-outs split the item's time: the item stands still while one runs.
            cuts: list[tuple[int, int]] = []
            if index == timeout_item:
                first_cut = rng.randint(15 * 60, max(15 * 60 + 1, active - 20 * 60))
                cuts = [(first_cut, rng.randint(120, 420))]
                if rng.random() < 0.25 and first_cut + 10 * 60 < active - 5 * 60:
                    cuts.append((rng.randint(first_cut + 5 * 60, active - 5 * 60), rng.randint(120, 300)))
            done = 0
            span_start = now
            for offset, length in cuts:
                span_end = span_start + timedelta(seconds=offset - done)
                spans.append({"start": span_start, "end": span_end})
                to_end = span_end + timedelta(seconds=length)
                outcome = rng.choice(("continue", "continue", "change_subject", "close_item"))
                note = rng.choice(text["timeout_notes"])
                timeouts.append(
                    {"called_by": roles["boundary_keeper"], "item": index, "start": span_end, "end": to_end,
                     "outcome": outcome, "note": note}
                )
                line = t("meeting.timeout_line", language=lang, who=plan.names[roles["boundary_keeper"]],
                         time=hhmm(span_end, span_end.tzinfo), outcome=t(f"meeting.outcome_{outcome}", language=lang))
                # The note is always in [[timeouts]]; like the live program (`end_timeout(note_in_minutes=)`)
                # it goes into the minutes only where the moderator chose so: here when the time-out
                # changed the meeting's course (new subject, item closed), not after "continue".
                rng.random()  # drawn as before the rule above, so the rest of the demo stays the same
                if outcome != "continue":
                    line += " " + t("meeting.timeout_note", language=lang, note=note)
                lines.append(line)
                done = offset
                span_start = to_end
                if outcome == "close_item":
                    break
            else:
                spans.append({"start": span_start, "end": span_start + timedelta(seconds=active - done)})
            now = max(spans[-1]["end"], span_start)  # a time-out that closed the item ends after the last span
        item["spans"] = spans
        items.append(item)

        # Speaking turns inside the spans.
        if kind == "round" and spans:
            a, b = spans[0]["start"], spans[0]["end"]
            order = present[present.index(roles["moderator"]) :] + present[: present.index(roles["moderator"])]
            share = (b - a).total_seconds() / len(order)
            t0 = a + timedelta(seconds=rng.randint(5, 30))
            for member in order:
                length = int(share * rng.uniform(0.6, 0.92))
                turn_end = t0 + timedelta(seconds=length)
                if turn_end > b:
                    break
                speaking.append({"member": member, "item": index, "start": t0, "end": turn_end})
                t0 = turn_end + timedelta(seconds=rng.randint(4, 15))
        elif kind == "groups" and spans:
            a = spans[0]["start"]
            explain_end = a + timedelta(seconds=rng.randint(60, 150))
            speaking.append({"member": roles["moderator"], "item": index, "start": a, "end": explain_end})
            groups = _groups(rng, present)
            at = explain_end + timedelta(seconds=rng.randint(10, 40))
            groupings.append({"item": index, "groups": groups, "at": at, "talk_minutes": GROUP_TALK_MINUTES})
            lines.insert(0, "\n".join(
                [t("meeting.groups_heading", language=lang, minutes=GROUP_TALK_MINUTES)]
                + [f"- {', '.join(plan.names[m] for m in g)}" for g in groups]
            ))
            # Group talk (no speaker), then one from each group presents, then the moderator sums up.
            t0 = at + timedelta(minutes=GROUP_TALK_MINUTES, seconds=rng.randint(30, 120))
            to_report = list(groups)
            for span in spans:
                b = span["end"]
                s0 = max(t0, span["start"])
                if s0 >= b:
                    continue
                while to_report:
                    length = rng.randint(100, 240)
                    if s0 + timedelta(seconds=length) > b:
                        break
                    presenter = to_report.pop(0)[0]
                    speaking.append({"member": presenter, "item": index, "start": s0, "end": s0 + timedelta(seconds=length)})
                    s0 += timedelta(seconds=length + rng.randint(5, 20))
                if s0 < b and not to_report:
                    _turns(rng, speaking, index, s0, b, present, weights, first=roles["moderator"])
        elif kind in ("talk", "open") and spans:
            lead: str | None = roles["moderator"] if base["led_by"] == "moderator" else None
            for n_span, span in enumerate(spans):
                a, b = span["start"], span["end"]
                if base["led_by"] == "theme_owner" and n_span == 0 and roles["theme_owners"]:
                    for owner in roles["theme_owners"]:
                        talk_end = a + timedelta(seconds=rng.randint(6 * 60, 14 * 60))
                        if talk_end >= b:
                            break
                        speaking.append({"member": owner, "item": index, "start": a, "end": talk_end})
                        a = talk_end + timedelta(seconds=rng.randint(5, 30))
                if kind == "open":
                    b = min(b, a + timedelta(seconds=180))
                if a < b:
                    _turns(rng, speaking, index, a, b, present, weights, first=lead)
                lead = None

        sections.append(_section_text(plan, k, index, base, template, rng, roles, present, lines,
                                      spans, mod, mt, bk, owners))
        now = now + timedelta(seconds=rng.randint(5, 40))

    minutes = "\n\n".join(
        f"## {i + 1}. {base['title']}\n" + "\n\n".join(section)
        if section else f"## {i + 1}. {base['title']}"
        for i, (base, section) in enumerate(zip(plan.agendas[template], sections, strict=True))
    ) + "\n"
    ended_at = max((s["end"] for item in items for s in item["spans"]), default=started_at)
    meeting: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": plan.meeting_id(k),
        "title": plan.title(k),
        "date": day,
        "start": MEETING_START,
        "place": plan.place(k),
        "status": "finished",
        "template": template,
        "roles": roles,
        "attendance": {**attendance, "checked_in_at": started_at},
        "items": items,
        "minutes": minutes,
        "speaking": speaking,
        "timeouts": timeouts,
        "groupings": groupings,
        "current_item": len(items) - 1,
        "started_at": started_at,
        "ended_at": ended_at,
    }
    if template == "following":
        meeting["theme"] = plan.themes[k]
    if template == "following" and k < FEEDBACK_YEAR:  # the first year: feedback on the roles (issue 21)
        pools = plan.text["role_feedback"]
        meeting["role_feedback"] = [
            {"role": role, "member": roles[role], "worked": pools[role][k % len(pools[role])][0],
             "try_next": pools[role][k % len(pools[role])][1]}
            for role in ("moderator", "minute_taker")
            if roles[role]
        ]
    if k == EVALUATION_INDEX:
        meeting["evaluation"] = True
        meeting["conclusions"] = dict(plan.text["conclusions"])
    return meeting


def _section_text(
    plan: _Plan, k: int, index: int, base: dict[str, Any], template: str, rng: random.Random,
    roles: dict[str, Any], present: list[str], lines: list[str],
    spans: list[dict[str, Any]], mod: str, mt: str, bk: str, owners: str,
) -> list[str]:
    """The paragraphs of the minutes under one item (`lines` already holds groupings and time-outs)."""
    text = plan.text
    fn = plan.first_names
    kind = base["kind"]
    others = [m for m in present if m not in (roles["moderator"], roles["minute_taker"])] or present
    out: list[str] = []
    if kind == "break":
        if spans:
            start, end = spans[0]["start"], spans[-1]["end"]
            out.append(text["break_line"].format(start=hhmm(start, start.tzinfo), end=hhmm(end, end.tzinfo)))
        return out
    if kind == "open":
        out.append(rng.choice(text["aob"]).format(a=fn[rng.choice(present)]))
        return out
    f = {"mod": mod, "mt": mt, "bk": bk, "o": owners, "org": fn[plan.ids[0]]}
    if template == "first":
        part = text["first"]
        if index == 0:
            out.append(part["welcome"].format(**f))
        elif index == 1:
            out.append(part["intro"])
            out.append(rng.choice(text["confidential"]).format(a=fn[rng.choice(others)]))
        elif index == 3:
            out.extend(lines)
            out.append(part["wishes"])
            return out
        elif index == 4:
            out.append(part["decide"].format(**f))
            out.append("\n".join(part["decisions"]))
        elif index == 5:
            out.append(_next_meeting(plan, k))
            out.append(part["future"])
            out.append("\n".join(["- [ ] " + text["minutes_action"].format(**f),
                                  "- [ ] " + part["contact_action"].format(**f)]))
    elif template == "second":
        part = text["second"]
        if index == 0:
            out.append(part["purpose"].format(**f))
        elif index == 1:
            out.append(_since(plan, rng, others))
        elif index == 2:
            out.extend(lines)
            out.append(part["frame"].format(**f))
            out.append("\n".join(d.format(**f) for d in part["decisions"]))
            out.append("- [ ] " + part["frame_action"].format(**f))
            return out
        elif index == 4:
            coming = [plan.themes[j] for j in range(2, min(len(plan.themes), 8)) if plan.themes[j]]
            out.append(part["plan"].format(themes="\n".join(f"- {theme}" for theme in coming or [text["municipality"]])))
        elif index == 5:
            out.append(part["roles"])
            out.append(_next_meeting(plan, k))
            out.append("- [ ] " + text["minutes_action"].format(**f))
    else:
        if index == 0:
            out.append(_since(plan, rng, others))
        elif index == 1:
            out.extend(_theme_text(plan, k, rng, owners))
        elif index == 3:
            out.append(" ".join(rng.sample(text["closing"], 2)) + " " + rng.choice(text["feedback"]).format(**f))
        elif index == 4:
            out.append(_next_meeting(plan, k))
            out.append("- [ ] " + text["minutes_action"].format(**f))
    out.extend(lines)
    return out


def _since(plan: _Plan, rng: random.Random, others: list[str]) -> str:
    """The 'since last time' round: two pieces of news and the meeting's confidential line."""
    text = plan.text
    fn = plan.first_names
    a, b, c = rng.sample(others, 3) if len(others) >= 3 else (others * 3)[:3]
    news = rng.sample(text["since"], 2)
    return "\n".join([news[0].format(a=fn[a]), news[1].format(a=fn[b]),
                      "", rng.choice(text["confidential"]).format(a=fn[c])])


def _theme_text(plan: _Plan, k: int, rng: random.Random, owners: str) -> list[str]:
    text = plan.text
    theme = plan.themes[k]
    out = [rng.choice(text["theme_forms"]).format(o=owners or plan.first_names[plan.ids[0]])]
    if k == EVALUATION_INDEX:
        out.append(" ".join(text["evaluation_lines"]))
        out.append(text["evaluation_decision"])
        out.append("- [ ] " + text["evaluation_action"].format(o=owners))
        return out
    for name, discussion, decision, action in text["themes"]:
        if name == theme:
            out.append(" ".join(line.format(o=owners) for line in discussion))
            if decision and (name == text["municipality"] or rng.random() < 0.6):
                out.append(decision)
            if action and (name == text["municipality"] or rng.random() < 0.7):
                out.append("- [ ] " + action.format(o=owners))
            break
    return out


def _next_meeting(plan: _Plan, k: int) -> str:
    """The 'next meeting' line: date, place and roles of meeting k + 1."""
    text = plan.text
    fn = plan.first_names
    nxt = k + 1
    roles = plan.roles(nxt)
    place = plan.place(nxt)
    if place.startswith(("Hos ", "At ")):  # "..., hos Anne, Skovvej 14" inside a sentence
        place = place[0].lower() + place[1:]
    line: str = text["next_line"].format(
        date=plan.long_date(plan.dates[nxt]), place=place, mod=fn[roles["moderator"]],
        mt=fn[roles["minute_taker"]], bk=fn[roles["boundary_keeper"]], host=fn[roles["host"]],
    )
    if plan.themes[nxt] and roles["theme_owners"]:
        line += " " + text["next_theme"].format(
            theme=plan.themes[nxt], o=_and(plan.first(roles["theme_owners"]), text["and"])
        )
    return line


# --------------------------------------------------------------------------- a planned meeting


def _planned_meeting(plan: _Plan, k: int) -> dict[str, Any]:
    day = plan.dates[k]
    rng = random.Random(SEED * 1_000_003 + day.toordinal())
    roles = plan.roles(k)
    needed = {roles["moderator"], roles["minute_taker"], roles["boundary_keeper"], roles["host"], *roles["theme_owners"]}
    free = [m for m in plan.ids if m not in needed]
    notice = [rng.choice(free)]
    meeting: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": plan.meeting_id(k),
        "title": plan.title(k),
        "date": day,
        "start": MEETING_START,
        "place": plan.place(k),
        "status": "planned",
        "template": "following",
        "roles": roles,
        "attendance": {"present": [], "absent_notified": notice, "absent": []},
        "items": [dict(base, spans=[], cues_done=[]) for base in plan.agendas["following"]],
        "minutes": "",
        "speaking": [],
        "timeouts": [],
        "groupings": [],
        "current_item": 0,
        "theme": plan.themes[k],
    }
    if k == EVALUATION_INDEX:
        meeting["evaluation"] = True
        from facilitator.planning import evaluation_item  # the booklet's item, as the meeting plan adds it

        item = evaluation_item(plan.language).model_dump(exclude={"spans", "cues_done", "deferred", "moved_from"})
        meeting["items"].insert(len(meeting["items"]) - 2, {**item, "spans": [], "cues_done": []})
    return meeting


# --------------------------------------------------------------------------- writing


def _dump(data: dict[str, Any]) -> bytes:
    """The TOML text of `data`, exactly as the Store writes it (tomli_w, multi-line strings), only faster."""
    return _TomlWriter().table(data).encode("utf-8")


_ILLEGAL = frozenset('"\\') | frozenset(chr(i) for i in range(32)) - frozenset("\t") | frozenset(chr(127))
_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_STRING_CACHE: dict[str, str] = {}
_LIST_CACHE: dict[tuple[str, ...], str] = {}


def _toml_string(s: str) -> str:
    """A TOML basic string as tomli_w writes it with multiline_strings=True."""
    cached = _STRING_CACHE.get(s)
    if cached is not None:
        return cached
    multiline = "\n" in s
    if multiline:
        s = s.replace("\r\n", "\n")
    if _ILLEGAL.isdisjoint(s):
        body = s
    else:
        parts = []
        for char in s:
            if char in _ILLEGAL:
                if multiline and char == "\n":
                    parts.append("\n")
                elif char in _ESCAPES:
                    parts.append(_ESCAPES[char])
                else:
                    parts.append("\\u" + hex(ord(char))[2:].rjust(4, "0"))
            else:
                parts.append(char)
        body = "".join(parts)
    out = f'"""\n{body}"""' if multiline else f'"{body}"'
    if len(s) < 200:
        _STRING_CACHE[s] = out
    return out


_KEY_CACHE: dict[str, str] = {}


def _key(k: str) -> str:
    cached = _KEY_CACHE.get(k)
    if cached is None:
        cached = _KEY_CACHE[k] = k if k and _BARE.issuperset(k) else _toml_string(k)
    return cached


_TURN_KEYS = ("member", "item", "start", "end")


def _speaking_chunks(turns: list[dict[str, Any]]) -> str:
    """`[[speaking]]` tables as tomli_w writes them (each turn: member, item, start, end)."""
    if any(tuple(turn) != _TURN_KEYS or type(turn["member"]) is not str for turn in turns):
        writer = _TomlWriter()
        return "\n".join(writer.table(turn, "speaking", True) for turn in turns)
    return "\n".join(
        f"[[speaking]]\nmember = {_toml_string(turn['member'])}\nitem = {turn['item']}\n"
        f"start = {turn['start']}\nend = {turn['end']}\n"
        for turn in turns
    )


class _TomlWriter:
    """A copy of tomli_w's layout rules (same bytes), quick for the demo's many small tables.

    tomli_w decides per array of tables whether each fits inline in 100 columns;
    that check renders every entry, which dominates the time for thousands of
    speaking turns. Here each inline table is rendered once and reused.
    """

    def __init__(self) -> None:
        self._inline: dict[int, str] = {}

    def literal(self, v: Any, nest: int = 0) -> str:
        kind = type(v)
        if kind is str:
            return _toml_string(v)
        if kind is bool:
            return "true" if v else "false"
        if kind is int or kind is datetime or kind is date or kind is time:
            return str(v)
        if kind is list or kind is tuple:
            if not v:
                return "[]"
            if nest == 0 and all(type(x) is str for x in v):
                key = tuple(v)
                cached = _LIST_CACHE.get(key)
                if cached is None:
                    cached = "[\n" + ",\n".join("    " + _toml_string(x) for x in v) + ",\n]"
                    if len(_LIST_CACHE) < 10_000:
                        _LIST_CACHE[key] = cached
                return cached
            indent = "    " * (1 + nest)
            return "[\n" + ",\n".join(indent + self.literal(x, nest + 1) for x in v) + ",\n" + "    " * nest + "]"
        if kind is dict:
            return self.inline_table(v)
        raise TypeError(f"not TOML serialisable here: {kind.__name__}")

    def inline_table(self, v: dict[str, Any]) -> str:
        key = id(v)
        rendered = self._inline.get(key)
        if rendered is None:
            rendered = "{ " + ", ".join(f"{_key(k)} = {self.literal(x)}" for k, x in v.items()) + " }" if v else "{}"
            self._inline[key] = rendered
        return rendered

    def _inline_ok(self, v: dict[str, Any]) -> bool:
        rendered = self.inline_table(v)
        return len(rendered) <= 95 and "\n" not in rendered

    def table(self, table: dict[str, Any], name: str = "", inside_aot: bool = False) -> str:
        if inside_aot:  # the common case: one flat entry of an array of tables (a speaking turn)
            parts = [f"[[{name}]]\n"]
            for k, v in table.items():
                kind = type(v)
                if kind is dict or (kind is list and v and type(v[0]) is dict):
                    break
                parts.append(f"{_key(k)} = {self.literal(v)}\n")
            else:
                return "".join(parts)
        out: list[str] = []
        literals: list[tuple[str, Any]] = []
        tables: list[tuple[str, Any, bool | None]] = []  # None: the meeting's turns, one f-string each
        for k, v in table.items():
            if type(v) is dict:
                tables.append((k, v, False))
            elif (
                type(v) is list and v and all(type(x) is dict for x in v)
                and not all(self._inline_ok(x) for x in v)
            ):
                if k == "speaking" and not name:  # thousands of these: one f-string per turn
                    tables.append((k, v, None))
                else:
                    tables.extend((k, x, True) for x in v)
            else:
                literals.append((k, v))
        yielded = False
        if inside_aot or name and (literals or not tables):
            yielded = True
            out.append(f"[[{name}]]\n" if inside_aot else f"[{name}]\n")
        if literals:
            yielded = True
            out.extend(f"{_key(k)} = {self.literal(v)}\n" for k, v in literals)
        for k, v, in_aot in tables:
            if yielded:
                out.append("\n")
            else:
                yielded = True
            key = _key(k)
            if in_aot is None:
                out.append(_speaking_chunks(v))
                continue
            out.append(self.table(v, f"{name}.{key}" if name else key, in_aot))
        return "".join(out)


def _set_current_group(store: Store) -> bool:
    """Make the demo the current group when no group is chosen yet; False when left alone."""
    try:
        settings = store.load_settings()
        if settings.current_group or store.problems:
            return False  # a group is chosen, or settings.toml is broken (never overwritten)
        settings.current_group = DEMO_GROUP_ID
        store.save_settings(settings)
    except StoreError:
        return False
    return True


def _remember(store: Store, meeting: dict[str, Any], st: os.stat_result) -> None:
    """Tell the store what was just written, so its history index needs no re-reading of the file."""
    light = dict(meeting, speaking=[], minutes="", groupings=[])
    summary = summarize(Meeting.model_validate(light), st.st_mtime_ns, st.st_size)
    store.note_written(DEMO_GROUP_ID, summary, st)


def write_demo(
    store_root: Path,
    meetings: int = 6,
    force: bool = False,
    today: date | None = None,
    language: str = "da",
) -> DemoResult:
    """Write the demo group under `store_root` and return what was written.

    `meetings` finished meetings (0 to MAX_MEETINGS) go back every four weeks
    from `today` (default: the real date; pass it for identical output), plus
    two planned ones ahead. Without `force` an existing `groups/demo` raises
    DemoExistsError; with it the demo group's folder is removed first. The
    store's history index is written too, and settings.toml gets
    `current_group = "demo"` when no group was chosen yet.
    """
    if meetings < 0:
        raise ValueError(t("demo.negative", n=meetings))
    if meetings > MAX_MEETINGS:
        raise ValueError(t("demo.too_many", most=MAX_MEETINGS, n=meetings))
    if language not in demo_text.TEXT:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(demo_text.TEXT)}")
    root = Path(store_root)
    store = Store(root)
    group_dir = store.group_dir(DEMO_GROUP_ID)
    if os.path.lexists(group_dir):
        if not force:
            raise DemoExistsError(group_dir)
        store.remove_group(DEMO_GROUP_ID)
    day = today or date.today()
    finished_dates, planned_dates = meeting_dates(day, meetings)
    plan = _make_plan(language, finished_dates + planned_dates, meetings)

    store.write_group_file(DEMO_GROUP_ID, _dump(_group_dict(plan)))
    planned_ids: list[str] = []
    for k in range(meetings + PLANNED_AHEAD):
        meeting = _finished_meeting(plan, k) if k < meetings else _planned_meeting(plan, k)
        st = store.write_meeting_file(DEMO_GROUP_ID, meeting["id"], _dump(meeting), fsync=False)
        _remember(store, meeting, st)
        if k >= meetings:
            planned_ids.append(meeting["id"])
    store.history_index(DEMO_GROUP_ID)  # writes the index file from what _remember noted
    return DemoResult(
        group_id=DEMO_GROUP_ID,
        group_dir=group_dir,
        finished=meetings,
        planned=PLANNED_AHEAD,
        first_date=finished_dates[0] if finished_dates else None,
        planned_ids=tuple(planned_ids),
        current_group_set=_set_current_group(store),
    )
