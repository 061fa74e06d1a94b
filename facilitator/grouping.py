"""Groups of three: how many groups of which size, and who sits with whom.

The booklet asks members to talk "3 og 3, eller hvordan det nu passer
antalsmæssigt". This module turns that into plain functions the grouping
dialog and the running meeting call; it knows nothing of Textual or the disk.

- `group_sizes(n)` chooses the sizes: as many threes as possible, the rest
  made of one group of two or four.
- `pair_history(groupings)` counts how often each pair of members already sat
  together (earlier meetings of the group and earlier splits in this meeting).
- `split(members, history=..., keep_apart=..., rng=...)` places everyone
  exactly once, keeping marked pairs apart whenever that is possible and
  putting as few old pairs together as it can.

`split` is deterministic for a given `random.Random` state, so a test (or a
reshuffle that should be repeatable) seeds the generator.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from facilitator.model import Meeting

__all__ = [
    "MIN_MEMBERS",
    "Split",
    "group_sizes",
    "pair_history",
    "pair_history_of_meetings",
    "repeated_pair_list",
    "repeated_pairs",
    "split",
]

MIN_MEMBERS = 2
"""The fewest members that can be split into groups; the dialog says so below that."""

MIN_SIZE, MAX_SIZE = 2, 4

KEEP_APART_WEIGHT = 1_000_000
"""Cost of one keep-apart pair in the same group: more than any history can add up to."""

RESTARTS = 24
"""Random starting splits tried per size pattern; the best after local improvement wins."""


def group_sizes(n: int) -> list[int]:
    """The sizes of the groups for `n` members.

    The rule: as many groups of three as possible such that the members left
    over can sit in groups of two or four. That leaves at most one group that
    is not a three, and it comes last:

    - n divisible by 3: only threes (3 -> [3], 6 -> [3, 3]);
    - remainder 2: threes and one two (2 -> [2], 5 -> [3, 2], 8 -> [3, 3, 2]);
    - remainder 1: threes and one four (4 -> [4], 7 -> [3, 4], 10 -> [3, 3, 4]).

    Fewer than two members cannot be split: 0 and 1 give [] (the caller says
    "fewer than two present"). Negative n is a ValueError.
    """
    if n < 0:
        raise ValueError(f"the number of members cannot be negative (got {n})")
    if n < MIN_MEMBERS:
        return []
    threes, rest = divmod(n, 3)
    if rest == 0:
        return [3] * threes
    if rest == 2:
        return [3] * threes + [2]
    # rest == 1 and n >= 4: one three fewer, and its members plus the one left over make a four.
    return [3] * (threes - 1) + [4]


def _size_patterns(n: int) -> list[list[int]]:
    """Every way to split `n` into groups of 2 to 4, the rule's choice first.

    After `group_sizes(n)` come the others, most threes first, then fewest
    groups. `split` only looks at them when keep-apart pairs cannot be honoured
    otherwise (4 members with one pair kept apart sit as two twos).
    """
    patterns: list[list[int]] = []
    for fours in range(n // 4 + 1):
        for threes in range((n - 4 * fours) // 3 + 1):
            rest = n - 4 * fours - 3 * threes
            if rest % 2 == 0:
                twos = rest // 2
                patterns.append([3] * threes + [4] * fours + [2] * twos)
    preferred = group_sizes(n)
    others = [p for p in patterns if sorted(p) != sorted(preferred)]
    others.sort(key=lambda p: (-p.count(3), len(p), -p.count(4)))
    return [preferred, *others] if preferred else []


def pair_history(groupings: Iterable[Iterable[Iterable[str]]]) -> Counter[frozenset[str]]:
    """How often each pair of members sat in the same group.

    `groupings` is a list of splits, each a list of groups, each a list of
    member ids (the shape of `Grouping.groups`). A member listed twice in one
    group counts once.
    """
    counts: Counter[frozenset[str]] = Counter()
    for grouping in groupings:
        for group in grouping:
            for a, b in combinations(sorted(set(group)), 2):
                counts[frozenset((a, b))] += 1
    return counts


def pair_history_of_meetings(meetings: Iterable[Meeting]) -> Counter[frozenset[str]]:
    """`pair_history` over every grouping stored in these meetings."""
    return pair_history(grouping.groups for meeting in meetings for grouping in meeting.groupings)


def repeated_pairs(groups: Iterable[Iterable[str]], history: Counter[frozenset[str]] | None) -> int:
    """How many pairs in `groups` sat together before (each pair counted once)."""
    return len(repeated_pair_list(groups, history))


def repeated_pair_list(groups: Iterable[Iterable[str]], history: Counter[frozenset[str]] | None) -> list[tuple[str, str]]:
    """The pairs in `groups` that sat together before, each once, in the order of the groups (a, b as given)."""
    if not history:
        return []
    found: list[tuple[str, str]] = []
    for group in groups:
        members = list(dict.fromkeys(group))
        for a, b in combinations(members, 2):
            if history.get(frozenset((a, b)), 0) > 0:
                found.append((a, b))
    return found


@dataclass(frozen=True, slots=True)
class Split:
    """The result of `split`: the groups and what could not be avoided.

    `groups` lists each group's member ids in the order the members were
    given (roster order); the groups of three come first, a group of two or
    four last. `repeated_pairs` counts pairs in the result that sat together
    before; `kept_apart_violations` counts keep-apart pairs that share a group
    (0 whenever some split allows it).
    """

    groups: list[list[str]]
    repeated_pairs: int = 0
    kept_apart_violations: int = 0
    repeated: tuple[tuple[str, str], ...] = ()
    """The pairs that sat together before (the dialog names them)."""

    @property
    def sizes(self) -> list[int]:
        return [len(group) for group in self.groups]


class _Search:
    """Local search over splits of members 0..n-1 with a symmetric pair-cost matrix."""

    def __init__(self, weights: list[list[int]], rng: random.Random) -> None:
        self.w = weights
        self.n = len(weights)
        self.rng = rng

    def cost(self, groups: list[list[int]]) -> int:
        w = self.w
        return sum(w[a][b] for group in groups for a, b in combinations(group, 2))

    def improve(self, groups: list[list[int]]) -> int:
        """Swap members between groups while a swap lowers the cost; return the final cost."""
        w, n = self.w, self.n
        where = [0] * n
        for g, group in enumerate(groups):
            for m in group:
                where[m] = g
        # to_group[m][g]: the cost member m adds by sitting in group g.
        to_group = [[sum(w[m][x] for x in group) for group in groups] for m in range(n)]
        cost = self.cost(groups)
        while cost > 0:
            best_delta, best = 0, None
            for a in range(n):
                ga = where[a]
                row_a = to_group[a]
                wa = w[a]
                for b in range(a + 1, n):
                    gb = where[b]
                    if ga == gb:
                        continue
                    row_b = to_group[b]
                    delta = (row_a[gb] - wa[b]) + (row_b[ga] - wa[b]) - row_a[ga] - row_b[gb]
                    if delta < best_delta:
                        best_delta, best = delta, (a, b)
            if best is None:
                break
            a, b = best
            ga, gb = where[a], where[b]
            groups[ga][groups[ga].index(a)] = b
            groups[gb][groups[gb].index(b)] = a
            where[a], where[b] = gb, ga
            for m in range(n):
                wm = w[m]
                change = wm[a] - wm[b]
                to_group[m][ga] -= change
                to_group[m][gb] += change
            cost += best_delta
        return cost

    def best(self, sizes: list[int], restarts: int) -> tuple[int, list[list[int]]]:
        """The cheapest split with these sizes found from `restarts` random starts."""
        best_cost, best_groups = -1, []
        order = list(range(self.n))
        for _ in range(restarts):
            self.rng.shuffle(order)
            groups, at = [], 0
            for size in sizes:
                groups.append(order[at : at + size])
                at += size
            cost = self.improve(groups)
            if best_cost < 0 or cost < best_cost:
                best_cost, best_groups = cost, [list(g) for g in groups]
            if best_cost == 0:
                break
        return best_cost, best_groups


def split(
    members: Sequence[str],
    *,
    history: Counter[frozenset[str]] | None = None,
    keep_apart: Collection[frozenset[str]] = (),
    rng: random.Random,
) -> Split:
    """Split `members` into groups of two to four, mostly threes.

    The cost of a split is, over every pair sharing a group, the number of
    times that pair sat together before (`history`) plus a weight larger than
    any history for each pair in `keep_apart`. The search starts from
    `RESTARTS` random splits and improves each by swapping two members of
    different groups while that lowers the cost; the cheapest wins (it stops
    early at cost 0, so without history or keep-apart pairs the split is
    simply random). The sizes are `group_sizes(len(members))`; only if that
    leaves a keep-apart pair together are the other size patterns tried (so 4
    members with one pair kept apart sit as two twos).

    Everyone is placed exactly once. The same `rng` state gives the same split.
    Raises ValueError for fewer than `MIN_MEMBERS` members or a member listed
    twice; callers check `len(members) >= MIN_MEMBERS` first and tell the user.
    """
    if len(set(members)) != len(members):
        raise ValueError("a member is listed twice")
    n = len(members)
    if n < MIN_MEMBERS:
        raise ValueError(f"cannot split fewer than {MIN_MEMBERS} members into groups (got {n})")
    index = {m: i for i, m in enumerate(members)}
    weights = [[0] * n for _ in range(n)]
    if history:
        for a, b in combinations(range(n), 2):
            count = history.get(frozenset((members[a], members[b])), 0)
            if count > 0:
                weights[a][b] = weights[b][a] = count
    apart: set[tuple[int, int]] = set()
    for pair in keep_apart:
        ids = sorted(index[m] for m in pair if m in index)
        if len(ids) == 2:
            a, b = ids
            apart.add((a, b))
            weights[a][b] += KEEP_APART_WEIGHT
            weights[b][a] += KEEP_APART_WEIGHT

    search = _Search(weights, rng)
    best_cost, best_groups = -1, []
    for sizes in _size_patterns(n):
        cost, groups = search.best(sizes, RESTARTS)
        if best_cost < 0 or cost // KEEP_APART_WEIGHT < best_cost // KEEP_APART_WEIGHT:
            best_cost, best_groups = cost, groups
        if not apart or best_cost < KEEP_APART_WEIGHT:
            break

    ordered = sorted((sorted(group) for group in best_groups), key=lambda g: (len(g) != 3, g[0]))
    groups_out = [[members[i] for i in group] for group in ordered]
    violations = sum(1 for group in ordered for a, b in combinations(group, 2) if (a, b) in apart)
    return Split(
        groups=groups_out,
        repeated_pairs=repeated_pairs(groups_out, history),
        repeated=tuple(repeated_pair_list(groups_out, history)),
        kept_apart_violations=violations,
    )
