"""The demo group: deterministic, valid against the models, and realistic where the screens look."""

from __future__ import annotations

import re
import time
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w

from facilitator import i18n
from facilitator.agendas import builtin_agenda
from facilitator.demo import DEMO_GROUP_ID, DemoExistsError, meeting_dates, write_demo
from facilitator.model import AppSettings, Group, Meeting
from facilitator.store import Store, summarize

TODAY = date(2026, 11, 28)


def _files(root: Path) -> dict[str, bytes]:
    """Every TOML file under root by relative path (the index holds inode numbers, so it is left out)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def _load(root: Path) -> tuple[Group, list[Meeting]]:
    group_dir = root / "groups" / DEMO_GROUP_ID
    group = Group.model_validate(tomllib.loads((group_dir / "group.toml").read_text("utf-8")))
    meetings = [
        Meeting.model_validate(tomllib.loads(p.read_text("utf-8")))
        for p in sorted((group_dir / "meetings").glob("*.toml"))
    ]
    return group, meetings


@pytest.fixture(scope="module")
def demo12(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Group, list[Meeting]]:
    root = tmp_path_factory.mktemp("demo12")
    write_demo(root, meetings=12, today=TODAY)
    group, meetings = _load(root)
    return root, group, meetings


def _finished(meetings: list[Meeting]) -> list[Meeting]:
    return [m for m in meetings if m.status == "finished"]


# --------------------------------------------------------------------------- determinism and validity


def test_two_runs_write_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_demo(a, meetings=9, today=TODAY)
    write_demo(b, meetings=9, today=TODAY)
    files_a, files_b = _files(a), _files(b)
    assert len(files_a) == 1 + 1 + 9 + 2  # settings, group, meetings
    assert files_a == files_b


def test_other_day_or_language_gives_other_files(tmp_path: Path) -> None:
    write_demo(tmp_path / "a", meetings=3, today=TODAY)
    write_demo(tmp_path / "b", meetings=3, today=TODAY + timedelta(days=7))
    write_demo(tmp_path / "c", meetings=3, today=TODAY, language="en")
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a != b and a != c


def test_files_are_what_tomli_w_would_write(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    """The fast writer produces the very bytes the Store's tomli_w would, so a later save changes nothing needless."""
    root, _, _ = demo12
    for name, data in _files(root).items():
        if name == "settings.toml":
            continue
        text = data.decode("utf-8")
        assert text == tomli_w.dumps(tomllib.loads(text), multiline_strings=True), name


def test_store_check_finds_no_problem(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    root, _, meetings = demo12
    store = Store(root)
    assert store.check() == []
    assert sorted(store.meeting_ids(DEMO_GROUP_ID)) == sorted(m.id for m in meetings)
    assert store.load_group(DEMO_GROUP_ID).name


def test_files_and_folders_are_private(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    root, _, _ = demo12
    for path in (root / "groups" / DEMO_GROUP_ID).rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), path


# --------------------------------------------------------------------------- the group


def test_ten_members_with_danish_contacts(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, group, _ = demo12
    assert len(group.members) == 10 and all(m.active for m in group.members)
    assert len({m.id for m in group.members}) == 10
    assert len({m.name.split()[0] for m in group.members}) == 10  # first names tell them apart in the minutes
    assert any(ch in "".join(m.name for m in group.members) for ch in "æøå")
    for member in group.members:
        assert re.fullmatch(r"\+45 \d\d \d\d \d\d \d\d", member.phone), member.phone
        assert re.fullmatch(r"[a-z.]+@example\.dk", member.email), member.email
    assert len({m.phone for m in group.members}) == 10
    assert group.settings.max_members == 10 and group.settings.end_by == "21:00"
    assert group.settings.language == "da"
    agreements = group.agreements
    assert "gruppen" in agreements.confidentiality and "afbud" in agreements.attendance
    assert "time-out" in agreements.ethics and agreements.personal_limits
    assert agreements.changed_on == _finished(demo12[2])[1].date  # agreed at the second meeting


def test_every_member_id_referenced_exists(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, group, meetings = demo12
    ids = {m.id for m in group.members}
    for meeting in meetings:
        assert meeting.member_ids() <= ids, meeting.id
        assert meeting.roles.moderator and meeting.roles.minute_taker and meeting.roles.boundary_keeper
        assert meeting.roles.host


# --------------------------------------------------------------------------- the calendar


def test_n_finished_and_two_planned(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    finished = _finished(meetings)
    planned = [m for m in meetings if m.status == "planned"]
    assert len(finished) == 12 and len(planned) == 2
    assert [m.template for m in finished] == ["first", "second"] + ["following"] * 10
    assert all(m.date < TODAY for m in finished) and all(m.date > TODAY for m in planned)
    for meeting in planned:
        assert meeting.template == "following" and meeting.theme
        assert meeting.attendance.absent_notified and not meeting.attendance.present
        assert meeting.roles.moderator and meeting.roles.theme_owners
        assert meeting.attendance.absent_notified[0] not in (meeting.roles.moderator, meeting.roles.minute_taker)
        assert not meeting.minutes and not meeting.speaking
        assert all(not item.spans for item in meeting.items)
        assert [i.title for i in meeting.items] == [i.title for i in builtin_agenda("following", "da").items]


def test_meetings_every_four_weeks_on_tuesdays(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    days = [m.date for m in meetings]
    assert days == sorted(days)
    assert all(d.weekday() == 1 for d in days)
    assert all((b - a).days % 28 == 0 and (b - a).days >= 28 for a, b in zip(days, days[1:], strict=False))
    assert not any(d.month == 7 for d in days)  # summer holiday
    assert len({m.id for m in meetings}) == len(meetings)
    assert all(m.id.startswith(m.date.isoformat() + "-") for m in meetings)


def test_meeting_dates_skip_holidays_but_keep_the_count() -> None:
    back, ahead = meeting_dates(date(2026, 8, 20), 30)
    assert len(back) == 30 and len(ahead) == 2
    assert all(d.month != 7 and not (d.month == 12 and d.day >= 20) and not (d.month == 1 and d.day <= 6)
               for d in back + ahead)


def test_roles_rotate(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    finished = _finished(meetings)
    assert len({m.roles.moderator for m in finished}) == 10
    assert len({m.roles.minute_taker for m in finished}) == 10
    assert all(m.roles.moderator != m.roles.minute_taker for m in meetings)
    assert len({m.roles.boundary_keeper for m in finished}) >= 3


def test_last_spring_meeting_about_the_municipality(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    spring = [m for m in _finished(meetings) if m.date.year == 2026 and 3 <= m.date.month <= 5]
    about = [m for m in spring if m.title == "Forholdet til kommunen"]
    assert len(about) == 1 and about[0].theme == "Forholdet til kommunen"
    assert "kommunen" in about[0].minutes and "Beslutning:" in about[0].minutes


def test_evaluation_after_half_a_year(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    evaluations = [m for m in meetings if m.evaluation]
    assert len(evaluations) == 1
    first = meetings[0].date
    assert 150 <= (evaluations[0].date - first).days <= 240
    assert "trivsel" in evaluations[0].minutes


# --------------------------------------------------------------------------- one meeting as it ran


def test_spans_and_turns_lie_inside_the_meeting(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    for meeting in _finished(meetings):
        assert meeting.started_at is not None and meeting.ended_at is not None
        start, end = meeting.started_at, meeting.ended_at
        assert start.date() == meeting.date and start.time() >= meeting.start
        assert end - start < timedelta(hours=3, minutes=45)
        last_end: datetime = start
        for item in meeting.items:
            for span in item.spans:
                assert span.end is not None and last_end <= span.start < span.end <= end, (meeting.id, item.title)
                last_end = span.end
        for turn in meeting.speaking:
            assert turn.end is not None and turn.start < turn.end
            spans = meeting.items[turn.item].spans
            assert any(s.start <= turn.start and turn.end <= s.end for s in spans), (meeting.id, turn)
            assert turn.member in meeting.attendance.present
        for timeout in meeting.timeouts:
            assert timeout.end is not None and start < timeout.start < timeout.end <= end
            assert not any(t.start < timeout.end and timeout.start < t.end for t in meeting.speaking)
            # The item stood still during the time-out: one span ends where the time-out starts.
            assert any(s.end == timeout.start for s in meeting.items[timeout.item].spans)


def test_turns_are_realistic(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    finished = _finished(meetings)
    for meeting in finished:
        assert len(meeting.speaking) >= 24, meeting.id  # dozens of turns
        turns = sorted(meeting.speaking, key=lambda s: s.start)
        assert all(a.end is not None and a.end <= b.start for a, b in zip(turns, turns[1:], strict=False))
        assert not any(t.item == i for i, item in enumerate(meeting.items) if item.kind == "break"
                       for t in meeting.speaking)
        rounds = [i for i, item in enumerate(meeting.items) if item.kind == "round"]
        for index in rounds:
            speakers = [t.member for t in meeting.speaking if t.item == index]
            assert sorted(speakers) == sorted(meeting.attendance.present), (meeting.id, index)
    over = sum(1 for m in finished for i in m.items if i.planned_minutes and
               sum((s.end - s.start).total_seconds() for s in i.spans if s.end) > i.planned_minutes * 60)
    assert over > 0
    assert 1 <= sum(1 for m in finished if m.timeouts) < len(finished)


def test_attendance_mostly_present_with_some_notices(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    finished = _finished(meetings)
    for meeting in finished:
        att = meeting.attendance
        assert len(att.present) + len(att.absent_notified) + len(att.absent) == 10
        assert len(att.present) >= 6
        assert {meeting.roles.moderator, meeting.roles.minute_taker, meeting.roles.boundary_keeper} <= set(att.present)
    assert sum(len(m.attendance.absent_notified) for m in finished) >= 3


def test_groupings_for_groups_items(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    for meeting in _finished(meetings):
        group_items = [i for i, item in enumerate(meeting.items) if item.kind == "groups"]
        assert [g.item for g in meeting.groupings] == group_items
        for grouping in meeting.groupings:
            members = [m for g in grouping.groups for m in g]
            assert sorted(members) == sorted(meeting.attendance.present)
            assert all(2 <= len(g) <= 4 for g in grouping.groups)
            assert sum(len(g) == 3 for g in grouping.groups) >= len(grouping.groups) - 1
            spans = meeting.items[grouping.item].spans
            assert grouping.at is not None and spans[0].start <= grouping.at <= spans[-1].end
            # Nobody is logged as speaking during the group talk.
            talk_end = grouping.at + timedelta(minutes=grouping.talk_minutes)
            assert not any(t.item == grouping.item and grouping.at < t.end and t.start < talk_end
                           for t in meeting.speaking if t.end)


def test_minutes_have_headings_decisions_actions_and_one_confidential_line(
    demo12: tuple[Path, Group, list[Meeting]],
) -> None:
    _, _, meetings = demo12
    finished = _finished(meetings)
    for meeting in finished:
        headings = re.findall(r"(?m)^## (\d+)\. (.+)$", meeting.minutes)
        assert headings == [(str(i + 1), item.title) for i, item in enumerate(meeting.items)], meeting.id
        assert len(re.findall(r"(?m)^!!", meeting.minutes)) == 1, meeting.id
        assert re.search(r"(?m)^- \[ \] \S", meeting.minutes), meeting.id
        for timeout in meeting.timeouts:
            assert f"kl. {timeout.start:%H:%M}" in meeting.minutes
    assert sum(1 for m in finished if re.search(r"(?m)^Beslutning: ", m.minutes)) >= len(finished) // 2
    first = finished[0]
    assert "Beslutning: Vi mødes hver fjerde uke" in first.minutes
    assert "Tremandsgrupper" in first.minutes


def test_time_out_notes_reach_the_minutes_only_where_the_moderator_would_choose(tmp_path: Path) -> None:
    # As in the live program, the note is always kept with the time-out; the minutes carry it only
    # for some (here: a time-out that changed the course, not one after which the talk continued).
    write_demo(tmp_path, meetings=30, today=date(2026, 3, 12), language="en")
    _, meetings = _load(tmp_path)
    timeouts = [(meeting, timeout) for meeting in _finished(meetings) for timeout in meeting.timeouts]
    assert timeouts and all(timeout.note for _, timeout in timeouts)
    in_minutes = [f"Note: {timeout.note}" in meeting.minutes for meeting, timeout in timeouts]
    assert any(in_minutes) and not all(in_minutes)
    for (meeting, timeout), noted in zip(timeouts, in_minutes, strict=True):
        assert noted == (timeout.outcome != "continue"), (meeting.id, timeout.outcome)
        assert meeting.minutes.count(f"Note: {timeout.note}") <= len(meeting.timeouts)


def test_items_come_from_the_builtin_agendas(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    _, _, meetings = demo12
    for meeting in meetings:
        agenda = builtin_agenda(meeting.template, "da")
        assert [(i.title, i.planned_minutes, i.kind, i.cues) for i in meeting.items] == [
            (i.title, i.planned_minutes, i.kind, i.cues) for i in agenda.items
        ]
        for item in meeting.items:
            assert all(0 <= c < len(item.cues) for c in item.cues_done)


def test_english_demo(tmp_path: Path) -> None:
    write_demo(tmp_path, meetings=4, today=TODAY, language="en")
    group, meetings = _load(tmp_path)
    assert group.settings.language == "en"
    finished = _finished(meetings)
    assert finished[0].title == "First meeting"
    for meeting in meetings:
        assert [i.title for i in meeting.items] == [i.title for i in builtin_agenda(meeting.template, "en").items]
    text = "\n".join(m.minutes for m in finished)
    assert "Decision: " in text and "Beslutning" not in text and "Groups of three" in text


# --------------------------------------------------------------------------- replacing, settings, index, size


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    write_demo(tmp_path, meetings=2, today=TODAY)
    before = _files(tmp_path)
    for language in ("en", "da"):
        old = i18n.get_language()
        i18n.set_language(language)
        try:
            with pytest.raises(DemoExistsError) as info:
                write_demo(tmp_path, meetings=5, today=TODAY)
        finally:
            i18n.set_language(old)
        assert "--force" in str(info.value) and str(tmp_path) in str(info.value)
        assert ("findes allerede" if language == "da" else "already exists") in str(info.value)
    assert _files(tmp_path) == before


def test_force_replaces_the_demo_group(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write_demo(root, meetings=6, today=TODAY)
    stray = root / "groups" / DEMO_GROUP_ID / "meetings" / "2001-01-01-old.toml"
    stray.write_text("schema_version = 1\n", encoding="utf-8")
    other = root / "groups" / "other" / "group.toml"
    other.parent.mkdir(parents=True)
    other.write_text('schema_version = 1\nname = "Another"\n', encoding="utf-8")
    result = write_demo(root, meetings=3, force=True, today=TODAY)
    names = sorted(p.name for p in (root / "groups" / DEMO_GROUP_ID / "meetings").glob("*.toml"))
    assert len(names) == 3 + 2 and not stray.exists()
    assert other.exists()
    assert result.finished == 3 and result.planned == 2 and len(result.planned_ids) == 2
    fresh = tmp_path / "fresh"
    write_demo(fresh, meetings=3, today=TODAY)
    assert {k: v for k, v in _files(root).items() if "demo" in k} == {
        k: v for k, v in _files(fresh).items() if "demo" in k
    }


def test_current_group_set_only_when_none_chosen(tmp_path: Path) -> None:
    result = write_demo(tmp_path / "a", meetings=1, today=TODAY)
    assert result.current_group_set
    assert Store(tmp_path / "a").load_settings().current_group == DEMO_GROUP_ID

    store = Store(tmp_path / "b")
    store.save_settings(AppSettings(current_group="other", theme="high-contrast"))
    result = write_demo(tmp_path / "b", meetings=1, today=TODAY)
    assert not result.current_group_set
    settings = Store(tmp_path / "b").load_settings()
    assert settings.current_group == "other" and settings.theme == "high-contrast"


def test_history_index_is_ready_and_right(demo12: tuple[Path, Group, list[Meeting]]) -> None:
    root, _, meetings = demo12
    assert Store(root).index_path(DEMO_GROUP_ID).is_file()  # in the laptop's own folder
    summaries = Store(root).history_index(DEMO_GROUP_ID)
    assert len(summaries) == 12
    by_id = {m.id: m for m in meetings}
    for summary in summaries:
        expected = summarize(by_id[summary.id], summary.mtime_ns, summary.size)
        assert summary == expected


def test_no_finished_meetings_still_plans_two(tmp_path: Path) -> None:
    result = write_demo(tmp_path, meetings=0, today=TODAY)
    _, meetings = _load(tmp_path)
    assert result.first_date is None
    assert [m.status for m in meetings] == ["planned", "planned"] and all(m.title for m in meetings)


def test_bad_counts_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_demo(tmp_path, meetings=-1, today=TODAY)
    with pytest.raises(ValueError):
        write_demo(tmp_path, meetings=10**6, today=TODAY)
    assert not (tmp_path / "groups").exists()


def test_three_hundred_meetings_are_quick(tmp_path: Path) -> None:
    began = time.perf_counter()
    result = write_demo(tmp_path, meetings=300, today=TODAY)
    elapsed = time.perf_counter() - began
    assert result.finished == 300
    assert len(list((tmp_path / "groups" / DEMO_GROUP_ID / "meetings").glob("*.toml"))) == 302
    # About 0.5 s here; 10,000 meetings take seconds. The bound leaves room for a slow CI machine.
    assert elapsed < 8.0
    assert result.first_date is not None and result.first_date.year < 2004


def test_ten_thousand_meetings_stay_in_the_years_the_store_reads() -> None:
    """`demo --meetings 10000` (the benchmarks' history) gave dates back to 1141, then to 1932; the store reads 2000-2100.

    With dates before 2000, 7,164 of the 10,000 meetings were unreadable: the benchmarks' history held 2,836.
    """
    from facilitator.consistency import YEARS
    from facilitator.demo import meeting_dates

    today = date(2026, 12, 1)
    finished, planned = meeting_dates(today, 10_000)
    assert len(finished) == 10_000 and finished == sorted(finished)
    assert date(YEARS.start, 1, 1) <= finished[0] and finished[-1] < today < planned[0]
    assert all(day.month != 7 for day in finished)
    assert max(finished.count(day) for day in set(finished)) == 2  # more meetings than days: two share a day
    assert finished.count(finished[-1]) == 1  # but the last one held stands alone, four weeks before the next
    assert meeting_dates(today, 6)[0][-1] == planned[0] - timedelta(weeks=4)  # a group's own history: four weeks apart


def test_more_meetings_than_days_since_2000_are_all_readable(tmp_path: Path) -> None:
    """Two meetings on one day have ids of their own, and the store reads every one of them (no date before 2000)."""
    result = write_demo(tmp_path, meetings=600, today=date(2001, 6, 1), language="en")
    assert result.first_date is not None and result.first_date.year == 2000
    store = Store(tmp_path)
    assert store.unreadable_meetings(DEMO_GROUP_ID) == []
    assert len(store.history_index(DEMO_GROUP_ID)) == 600
    days = [summary.date for summary in store.history_index(DEMO_GROUP_ID)]
    assert len(set(days)) < 600  # some days held two
