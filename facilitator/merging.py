"""Two versions of one file of the group, put together: the group member by member, a meeting's minutes one after the other.

Plain functions on the models, used by the import of a hand-over bundle
(facilitator/bundle.py) and by the resolver of conflict copies
(facilitator/conflicts.py), so a sync tool's copy and an import's are put
together the same way.

- `merge_groups(ours, theirs, prefer)`: members by id (one added on either
  side is kept; one changed on both sides is a `Difference` and the preferred
  side's version is taken), the theme ideas and the agreements' history as
  the union of both, and the name, agreements and settings each a
  `Difference` when they differ, unless the hashes of the values each side's
  version supersedes (`group_parts`) show that only one side changed it.
  Nothing is dropped that one side has and the other lacks; only where both
  sides changed a part does `prefer` choose.
- `join_minutes(first, second, heading)`: both texts, every line of each: a
  text the other one continues is taken whole, else the lines they share at
  the start once, then the rest of the first, the heading, the rest of the second.
- `keep_both_minutes(ours, theirs, heading)`: `ours` with both minutes.

Nothing here touches the disk or imports Textual.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from facilitator.i18n import t
from facilitator.model import Group, Meeting

__all__ = ["Difference", "Side", "group_parts", "join_minutes", "keep_both_minutes", "merge_groups", "part_hash"]

Side = Literal["ours", "theirs"]


@dataclass(frozen=True)
class Difference:
    """One part of the group that the two versions hold differently (a member, the name, the agreements ...)."""

    key: str
    """`member:<id>`, `name`, `agreements`, `settings` or the name of another key of the file."""
    label: str
    """What it is, for the user: "Anne Hansen (phone, e-mail)", "the agreements"."""


_UNIONS = ("themes", "agreements_history", "purpose_history")
"""Lists whose entries are only ever added: the union of both sides loses nothing."""

_LABELS = {
    "name": "sync.part_name",
    "agreements": "sync.part_agreements",
    "settings": "sync.part_settings",
    "purpose": "sync.part_purpose",
}


def _union(first: list[Any], second: list[Any]) -> list[Any]:
    result = list(first)
    for item in second:
        if item not in result:
            result.append(item)
    return result


def part_hash(value: Any) -> str:
    """The hash of one part of the group file (a member's table, the agreements ...), however its keys are ordered."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def group_parts(group: Group) -> dict[str, str]:
    """The hash of each part of the group file by its key (`member:<id>`, `name`, `agreements` ...)."""
    data = group.to_toml_dict()
    parts = {f"member:{m['id']}": part_hash(m) for m in data.get("members", [])}
    parts.update({key: part_hash(value) for key, value in data.items() if key != "members"})
    return parts


def _settled(key: str, mine: Any, other: Any, there: dict[str, list[str]], here: dict[str, list[str]]) -> Side | None:
    """Which side's value a part takes when only one side changed it (by what each side's version supersedes)."""
    if part_hash(mine) in there.get(key, ()):
        return "theirs"  # the other laptop's value supersedes this one: it had this one, and changed it
    if part_hash(other) in here.get(key, ()):
        return "ours"  # this laptop's value supersedes the other's: only this laptop changed the part
    return None


def merge_groups(
    ours: Group,
    theirs: Group,
    prefer: Side = "ours",
    seen_there: dict[str, list[str]] | None = None,
    seen_here: dict[str, list[str]] | None = None,
) -> tuple[Group, list[Difference]]:
    """Both versions of the group in one; the parts they hold differently, with `prefer`'s value taken there.

    `seen_there` and `seen_here` (part key -> `part_hash`es of the values each side's
    version supersedes: it had them and went on from them, or chose against them)
    settle a part only one side changed, so it is no difference. The result keeps `ours`' id and order of members (members
    only `theirs` has come after).
    """
    there, here = seen_there or {}, seen_here or {}
    mine, other = ours.to_toml_dict(), theirs.to_toml_dict()
    differences: list[Difference] = []
    members: list[dict[str, Any]] = []
    their_members = {m["id"]: m for m in other.get("members", [])}
    my_ids = set()
    for member in mine.get("members", []):
        my_ids.add(member["id"])
        theirs_too = their_members.get(member["id"])
        if theirs_too is None or theirs_too == member:
            members.append(member)
            continue
        settled = _settled(f"member:{member['id']}", member, theirs_too, there, here)
        if settled is not None:
            members.append(member if settled == "ours" else theirs_too)
            continue
        fields = sorted(k for k in set(member) | set(theirs_too) if member.get(k) != theirs_too.get(k))
        names = ", ".join(t(f"sync.field_{f}") if f in ("name", "phone", "email", "active") else f for f in fields)
        differences.append(Difference(f"member:{member['id']}", t("sync.part_member", name=member.get("name", ""), fields=names)))
        members.append(member if prefer == "ours" else theirs_too)
    members += [m for m in other.get("members", []) if m["id"] not in my_ids]

    merged: dict[str, Any] = {}
    for key in list(mine) + [k for k in other if k not in mine]:
        if key == "members":
            merged[key] = members
            continue
        if key not in other:
            merged[key] = mine[key]
        elif key not in mine:
            merged[key] = other[key]
        elif mine[key] == other[key]:
            merged[key] = mine[key]
        elif key in _UNIONS and isinstance(mine[key], list) and isinstance(other[key], list):
            merged[key] = _union(mine[key], other[key])
        elif (settled := _settled(key, mine[key], other[key], there, here)) is not None:
            merged[key] = mine[key] if settled == "ours" else other[key]
        else:
            differences.append(Difference(key, t(_LABELS[key]) if key in _LABELS else key))
            merged[key] = mine[key] if prefer == "ours" else other[key]
    if "members" not in merged:
        merged["members"] = members
    group = Group.model_validate(merged)
    group.id = ours.id
    return group, differences


def join_minutes(first: str, second: str, heading: str) -> str:
    """Both minutes, not a word of either lost (see the module's docstring)."""
    if first == second or not second.strip():
        return first
    if not first.strip():
        return second
    if second.startswith(first):
        return second
    if first.startswith(second):
        return first
    lines_a = first.splitlines(keepends=True)
    lines_b = second.splitlines(keepends=True)
    shared = 0
    while shared < min(len(lines_a), len(lines_b)) and lines_a[shared] == lines_b[shared]:
        shared += 1
    prefix = "".join(lines_a[:shared])
    rest_a = "".join(lines_a[shared:]).rstrip("\n")
    rest_b = "".join(lines_b[shared:]).strip("\n")
    parts = [prefix + rest_a] if (prefix + rest_a).strip() else []
    return "\n\n".join([*parts, heading, rest_b]) + "\n"


def keep_both_minutes(ours: Meeting, theirs: Meeting, heading: str) -> Meeting:
    """`ours` (its times, speakers and attendance) with the minutes of both, `theirs` after `heading`."""
    both = ours.model_copy(deep=True)
    both.minutes = join_minutes(ours.minutes, theirs.minutes, heading)
    return both
