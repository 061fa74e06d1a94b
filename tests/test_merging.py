"""Two versions put together (facilitator/merging.py): both minutes without losing a word, the group member by member."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator.merging import group_parts, join_minutes, merge_groups
from facilitator.model import Group, Member

HEADING = "--- Also written (the other laptop): ---"

lines = st.lists(
    st.sampled_from(["## 1. Welcome", "Anne said hello.", "Bo: the parents", "", "- [ ] Cai writes", "Decision: May"]), max_size=8
)


@given(lines, lines, lines)
def test_every_line_of_both_minutes_is_kept(shared: list[str], first: list[str], second: list[str]) -> None:
    a = "\n".join(shared + first) + "\n"
    b = "\n".join(shared + second) + "\n"
    joined = join_minutes(a, b, HEADING)
    kept = joined.splitlines()
    for line in a.splitlines() + b.splitlines():
        assert not line.strip() or line in kept  # every line with a word in it
    if a.startswith(b) or b.startswith(a):
        assert HEADING not in joined  # one continues the other: taken whole, nothing doubled


def test_the_shared_beginning_comes_once_then_each_rest() -> None:
    a = "## 1. Welcome\nWe were five.\nOn A: May.\n"
    b = "## 1. Welcome\nWe were five.\nOn B: Lone.\n"
    assert join_minutes(a, b, HEADING) == f"## 1. Welcome\nWe were five.\nOn A: May.\n\n{HEADING}\n\nOn B: Lone.\n"
    assert join_minutes(a, a + "More.\n", HEADING) == a + "More.\n"
    assert join_minutes("", b, HEADING) == b and join_minutes(a, "  \n", HEADING) == a


def group(*members: Member, name: str = "Netværket", themes: list[str] | None = None) -> Group:
    made = Group(name=name, members=list(members), themes=themes or [])
    made.id = "g"
    return made


def test_members_only_one_side_has_are_kept_and_the_order_is_ours() -> None:
    ours = group(Member(id="anne", name="Anne"), Member(id="dorte", name="Dorte"), themes=["Arbejdsskader"])
    theirs = group(Member(id="anne", name="Anne"), Member(id="emil", name="Emil"), themes=["Kommunen"])
    merged, differences = merge_groups(ours, theirs)
    assert [m.id for m in merged.members] == ["anne", "dorte", "emil"] and merged.id == "g"
    assert merged.themes == ["Arbejdsskader", "Kommunen"]  # theme ideas: the union
    assert differences == []


def test_a_member_both_changed_is_a_difference_and_prefer_chooses() -> None:
    ours = group(Member(id="anne", name="Anne", phone="+4511111111"))
    theirs = group(Member(id="anne", name="Anne H.", phone="+4522222222"), name="Netværket Nord")
    merged, differences = merge_groups(ours, theirs, "ours")
    assert [d.key for d in differences] == ["member:anne", "name"]
    assert "phone" in differences[0].label and "name" in differences[0].label
    assert merged.members[0].phone == "+4511111111" and merged.name == "Netværket"
    merged, _ = merge_groups(ours, theirs, "theirs")
    assert merged.members[0].phone == "+4522222222" and merged.name == "Netværket Nord"


def test_what_each_side_had_settles_a_part_only_one_changed() -> None:
    base = group(Member(id="anne", name="Anne"), Member(id="bo", name="Bo"))
    ours = group(Member(id="anne", name="Anne", phone="+4511111111"), Member(id="bo", name="Bo"))
    theirs = group(Member(id="anne", name="Anne"), Member(id="bo", name="Bo", email="bo@example.dk"))
    seen = {key: [value] for key, value in group_parts(base).items()}
    merged, differences = merge_groups(ours, theirs, "ours", seen_there=seen, seen_here=seen)
    assert differences == []
    assert merged.members[0].phone == "+4511111111" and merged.members[1].email == "bo@example.dk"


def test_the_purpose_changed_on_both_is_one_difference_and_its_history_the_union() -> None:
    """Issue 21's purpose in group.toml merges like the agreements: every version either side kept is kept, once."""
    from datetime import date

    from facilitator.model import Purpose
    from facilitator.purpose import set_purpose

    ours = group(Member(id="anne", name="Anne"))
    set_purpose(ours, Purpose(kinds=["support"], how_often="every four weeks"), date(2026, 3, 1))
    theirs = ours.model_copy(deep=True)
    set_purpose(ours, Purpose(kinds=["support", "study"], how_often="every four weeks"), date(2026, 4, 1))
    set_purpose(theirs, Purpose(kinds=["support"], how_often="every third week"), date(2026, 4, 2))
    merged, differences = merge_groups(ours, theirs, "theirs")
    assert [d.key for d in differences] == ["purpose"]
    assert differences[0].label == "the network's purpose and form"
    assert merged.purpose is not None and merged.purpose.how_often == "every third week"
    kept = ours.purpose_history + theirs.purpose_history  # the March version, replaced on 1 and 2 April
    assert merged.purpose_history == kept and {v.replaced_on for v in kept} == {date(2026, 4, 1), date(2026, 4, 2)}
    again, _ = merge_groups(merged, theirs, "theirs")
    assert again.purpose_history == kept  # merging once more adds nothing twice
