"""Tests of facilitator.grouping: sizes, placement, keep-apart and history avoidance."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from itertools import combinations

import pytest

from facilitator.grouping import (
    MIN_MEMBERS,
    Split,
    group_sizes,
    pair_history,
    pair_history_of_meetings,
    repeated_pairs,
    split,
)
from facilitator.model import Grouping, Meeting

EXPECTED_SIZES = {
    0: [],
    1: [],
    2: [2],
    3: [3],
    4: [4],
    5: [3, 2],
    6: [3, 3],
    7: [3, 4],
    8: [3, 3, 2],
    9: [3, 3, 3],
    10: [3, 3, 4],
    11: [3, 3, 3, 2],
    12: [3, 3, 3, 3],
    13: [3, 3, 3, 4],
}


def names(n: int) -> list[str]:
    return [f"m{i:02d}" for i in range(n)]


def all_patterns(n: int) -> list[tuple[int, ...]]:
    """Every multiset of group sizes 2..4 summing to n (brute force)."""
    found: set[tuple[int, ...]] = set()

    def walk(rest: int, parts: tuple[int, ...]) -> None:
        if rest == 0:
            found.add(tuple(sorted(parts)))
            return
        for size in (2, 3, 4):
            if size <= rest and (not parts or size >= parts[-1]):
                walk(rest - size, (*parts, size))

    walk(n, ())
    return sorted(found)


@pytest.mark.parametrize("n", range(14))
def test_group_sizes_table(n: int) -> None:
    assert group_sizes(n) == EXPECTED_SIZES[n]


@pytest.mark.parametrize("n", range(14))
def test_group_sizes_follow_the_rule(n: int) -> None:
    sizes = group_sizes(n)
    if n < 2:
        assert sizes == []
        return
    assert sum(sizes) == n
    assert all(2 <= s <= 4 for s in sizes)
    most_threes = max(p.count(3) for p in all_patterns(n))
    assert sizes.count(3) == most_threes
    # At most one group is not a three, and it comes last.
    assert all(s == 3 for s in sizes[:-1])


def test_group_sizes_rejects_negative() -> None:
    with pytest.raises(ValueError):
        group_sizes(-1)


@pytest.mark.parametrize("n", range(MIN_MEMBERS, 14))
def test_everyone_placed_exactly_once(n: int) -> None:
    members = names(n)
    history = pair_history([[members[i : i + 3] for i in range(0, n, 3)]])
    for seed in range(40):
        result = split(members, history=history if seed % 2 else None, rng=random.Random(seed))
        placed = [m for group in result.groups for m in group]
        assert sorted(placed) == members
        assert result.sizes == group_sizes(n)
        # Inside a group the members keep the order they were given in.
        for group in result.groups:
            assert group == sorted(group)


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_is_refused(n: int) -> None:
    with pytest.raises(ValueError, match="fewer than 2"):
        split(names(n), rng=random.Random(0))


def test_duplicate_member_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        split(["a", "b", "a"], rng=random.Random(0))


def test_same_seed_same_split() -> None:
    members = names(10)
    history = pair_history([[members[:3], members[3:6], members[6:]]])
    apart = {frozenset(("m00", "m05"))}
    first = split(members, history=history, keep_apart=apart, rng=random.Random(42))
    again = split(members, history=history, keep_apart=apart, rng=random.Random(42))
    assert first == again
    others = {
        tuple(map(tuple, split(members, rng=random.Random(seed)).groups)) for seed in range(10)
    }
    assert len(others) > 1, "different seeds should give different splits"


def test_without_history_the_split_is_random() -> None:
    """Every member lands with every other one over many seeds (no fixed pattern)."""
    members = names(6)
    seen: Counter[frozenset[str]] = Counter()
    for seed in range(200):
        seen += pair_history([split(members, rng=random.Random(seed)).groups])
    assert len(seen) == 15


@pytest.mark.parametrize("n", range(4, 14))
def test_one_pair_kept_apart(n: int) -> None:
    members = names(n)
    for seed in range(30):
        rng = random.Random(seed)
        a, b = rng.sample(members, 2)
        result = split(members, keep_apart={frozenset((a, b))}, rng=rng)
        assert result.kept_apart_violations == 0
        assert not any(a in g and b in g for g in result.groups)
        assert sorted(m for g in result.groups for m in g) == members


def test_four_with_a_pair_apart_sit_as_two_twos() -> None:
    result = split(["a", "b", "c", "d"], keep_apart={frozenset(("a", "b"))}, rng=random.Random(3))
    assert result.sizes == [2, 2]
    assert result.kept_apart_violations == 0
    assert all(not {"a", "b"} <= set(g) for g in result.groups)


@pytest.mark.parametrize("n", range(6, 14))
def test_two_pairs_kept_apart_even_against_history(n: int) -> None:
    members = names(n)
    for seed in range(20):
        rng = random.Random(seed)
        a, b, c, d = rng.sample(members, 4)
        apart = {frozenset((a, b)), frozenset((c, d))}
        # A history that has everyone but the kept-apart pairs together many times.
        history = Counter({frozenset(p): 5 for p in combinations(members, 2) if frozenset(p) not in apart})
        result = split(members, history=history, keep_apart=apart, rng=rng)
        assert result.kept_apart_violations == 0
        assert result.sizes == group_sizes(n)


def test_keep_apart_impossible_is_counted() -> None:
    result = split(["a", "b", "c"], keep_apart={frozenset(("a", "b"))}, rng=random.Random(0))
    assert result.groups == [["a", "b", "c"]]
    assert result.kept_apart_violations == 1


def test_keep_apart_with_absent_member_is_ignored() -> None:
    result = split(["a", "b", "c"], keep_apart={frozenset(("a", "zz"))}, rng=random.Random(0))
    assert result.kept_apart_violations == 0
    assert result.groups == [["a", "b", "c"]]


def test_pair_history_counts_each_meeting() -> None:
    history = pair_history(
        [
            [["a", "b", "c"], ["d", "e"]],
            [["a", "b"], ["c", "d", "e"]],
        ]
    )
    assert history[frozenset(("a", "b"))] == 2
    assert history[frozenset(("a", "c"))] == 1
    assert history[frozenset(("d", "e"))] == 2
    assert history[frozenset(("c", "d"))] == 1
    assert history[frozenset(("a", "d"))] == 0
    assert sum(history.values()) == 3 + 1 + 1 + 3


def test_pair_history_of_meetings_reads_every_grouping() -> None:
    meetings = [
        Meeting(id="m1", date=date(2026, 1, 1), groupings=[Grouping(item=3, groups=[["a", "b", "c"], ["d", "e"]])]),
        Meeting(
            id="m2",
            date=date(2026, 2, 1),
            groupings=[Grouping(item=2, groups=[["a", "b"], ["c", "d", "e"]]), Grouping(item=4, groups=[["a", "e"]])],
        ),
    ]
    history = pair_history_of_meetings(meetings)
    assert history[frozenset(("a", "b"))] == 2
    assert history[frozenset(("a", "e"))] == 1
    assert history[frozenset(("c", "e"))] == 1


def test_repeated_pairs_on_a_handcrafted_example() -> None:
    history = pair_history([[["a", "b", "c"], ["d", "e", "f"]], [["a", "b", "d"]]])
    # a-b sat together twice, e-f once, c-d never: two distinct repeated pairs.
    assert repeated_pairs([["a", "b", "d"], ["c", "e", "f"]], history) == 4  # a-b, a-d, b-d, e-f
    assert repeated_pairs([["a", "c", "e"], ["b", "d", "f"]], history) == 3  # a-c, b-d, d-f
    assert repeated_pairs([["a", "e"], ["b", "f"], ["c", "d"]], history) == 0
    assert repeated_pairs([["a", "b"]], None) == 0


def test_split_reports_its_repeated_pairs() -> None:
    members = names(6)
    history = pair_history([[members[:3], members[3:]]])
    for seed in range(20):
        result = split(members, history=history, rng=random.Random(seed))
        assert result.repeated_pairs == repeated_pairs(result.groups, history)
        # Any three of six people include two from the same old group: 2 repeats at best.
        assert result.repeated_pairs == 2


def test_split_finds_a_split_without_repeats_when_one_exists() -> None:
    members = names(9)
    history = pair_history([[members[0:3], members[3:6], members[6:9]]])
    for seed in range(20):
        result = split(members, history=history, rng=random.Random(seed))
        assert result.repeated_pairs == 0
        assert isinstance(result, Split)


def test_pairs_seen_more_often_are_avoided_first() -> None:
    """When every pair sat together before, the split avoids the pair seen most often."""
    members = ["a", "b", "c", "d", "e"]  # [3, 2]: four pairs share a group, all of them repeats
    history = Counter({frozenset(p): 1 for p in combinations(members, 2)})
    history[frozenset(("a", "b"))] = 5
    for seed in range(20):
        result = split(members, history=history, rng=random.Random(seed))
        assert result.repeated_pairs == 4
        assert not any({"a", "b"} <= set(g) for g in result.groups)


def repeat_weight(groups: list[list[str]], history: Counter[frozenset[str]]) -> int:
    """Pairs sharing a group, each weighted by how often it sat together before."""
    return sum(history[frozenset(p)] for g in groups for p in combinations(g, 2))


def simulate(avoid: bool, seed: int, members: int = 10, meetings: int = 10) -> dict[str, int]:
    """A series of meetings with one grouping each; what the repeats add up to."""
    rng = random.Random(seed)
    roster = names(members)
    past: list[list[list[str]]] = []
    totals = {"repeats": 0, "weight": 0, "repeats_first_3": 0}
    for number in range(meetings):
        history = pair_history(past)
        result = split(roster, history=history if avoid else None, rng=rng)
        repeats = repeated_pairs(result.groups, history)
        totals["repeats"] += repeats
        totals["weight"] += repeat_weight(result.groups, history)
        if number < 3:
            totals["repeats_first_3"] += repeats
        past.append(result.groups)
    final = pair_history(past)
    totals["most_together"] = max(final.values())
    totals["never_met"] = members * (members - 1) // 2 - len(final)
    return totals


def test_history_avoidance_beats_a_random_split() -> None:
    """Ten meetings of ten members, averaged over 20 seeds, against a purely random split.

    Ten members have 45 pairs and a [3, 3, 4] split seats 12 of them, so after
    four meetings every pair has met and 120 - 45 = 75 repeated pairs over ten
    meetings cannot be avoided: the plain count of repeated pairs can only show
    that avoidance reaches that minimum. The difference shows before the pairs
    run out (the first three meetings) and in how often pairs repeat.
    """
    seeds = range(20)
    avoid = [simulate(True, s) for s in seeds]
    plain = [simulate(False, s) for s in seeds]

    def mean(runs: list[dict[str, int]], key: str) -> float:
        return sum(r[key] for r in runs) / len(runs)

    assert all(r["repeats"] == 75 for r in avoid)  # the unavoidable minimum, every time
    assert mean(plain, "repeats") > 75
    assert mean(avoid, "repeats_first_3") <= mean(plain, "repeats_first_3") / 2
    assert mean(avoid, "weight") <= 0.8 * mean(plain, "weight")
    assert mean(avoid, "most_together") < mean(plain, "most_together")
    assert all(r["never_met"] == 0 for r in avoid)
    assert mean(plain, "never_met") > 0


def test_second_meeting_repeats_only_the_unavoidable_pair() -> None:
    """The group of four takes four people from three old groups: one old pair at least."""
    for seed in range(20):
        rng = random.Random(seed)
        roster = names(10)
        first = split(roster, rng=rng)
        second = split(roster, history=pair_history([first.groups]), rng=rng)
        assert second.repeated_pairs == 1


def all_splits(members: list[str], sizes: list[int]) -> list[list[list[str]]]:
    """Every split of `members` into groups of these sizes (brute force, small n only)."""
    if not sizes:
        return [[]]
    first, rest = members[0], members[1:]
    found = []
    for size in sorted(set(sizes)):
        remaining = list(sizes)
        remaining.remove(size)
        for mates in combinations(rest, size - 1):
            left = [m for m in rest if m not in mates]
            for tail in all_splits(left, remaining):
                found.append([[first, *mates], *tail])
    return found


def test_the_search_finds_the_cheapest_split() -> None:
    """Against every one of the 2,100 splits of ten members into [3, 3, 4]."""
    roster = names(10)
    candidates = all_splits(roster, [3, 3, 4])
    assert len(candidates) == 2100
    for seed in range(8):
        rng = random.Random(seed)
        history: Counter[frozenset[str]] = Counter()
        for pair in combinations(roster, 2):
            if rng.random() < 0.6:
                history[frozenset(pair)] = rng.randint(1, 4)
        best = min(repeat_weight(c, history) for c in candidates)
        result = split(roster, history=history, rng=rng)
        assert repeat_weight(result.groups, history) == best


def test_thirteen_members_with_heavy_history_and_impossible_keep_apart() -> None:
    """The worst case runs (the benchmark times it): every pattern is tried."""
    members = names(13)
    rng = random.Random(5)
    history = pair_history([split(members, rng=rng).groups for _ in range(12)])
    apart = {frozenset(p) for p in combinations(members[:5], 2)}  # five people, all pairwise apart
    result = split(members, history=history, keep_apart=apart, rng=rng)
    assert result.kept_apart_violations == 0  # five groups of 13 exist: [3, 3, 3, 2, 2]
    assert sorted(m for g in result.groups for m in g) == members
