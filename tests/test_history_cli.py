"""`facilitator export minutes ID [-o FILE]` on the demo group: header, summary, confidentiality."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import run
from facilitator.demo import write_demo
from facilitator.export import actions, decisions, format_date, format_time, split_confidential
from facilitator.i18n import t
from facilitator.model import Group, Meeting
from facilitator.store import Store

TODAY = date(2026, 12, 15)


def field(name: str) -> str:
    """A header label of the Danish minutes export."""
    return t(f"export.field_{name}", language="da")


@pytest.fixture()
def demo(tmp_path: Path) -> tuple[Path, Group, Meeting]:
    root = tmp_path / "data"
    write_demo(root, meetings=6, today=TODAY, language="da")
    store = Store(root)
    group = store.load_group("demo")
    ids = [mid for mid in store.meeting_ids("demo") if "kommunen" in mid]
    assert len(ids) == 1, store.meeting_ids("demo")
    return root, group, store.load_meeting("demo", ids[0])


def test_export_minutes_prints_every_header_field_the_summary_and_no_secret(
    demo: tuple[Path, Group, Meeting], capsys: pytest.CaptureFixture[str]
) -> None:
    root, group, meeting = demo
    assert run(["--data-dir", str(root), "export", "minutes", meeting.id]) == 0
    out = capsys.readouterr().out
    names = group.name_of
    assert meeting.started_at is not None and meeting.ended_at is not None
    end = meeting.ended_at.astimezone(meeting.started_at.tzinfo)
    # The group's language (Danish) is used: no --lang was given.
    assert "- **Ordstyrer:** " in out and "- **Afbud:** " in out
    assert out.startswith(f"# {t('export.minutes_title', language='da', group=group.name)}\n")
    assert f"- **{field('date')}:** {format_date(meeting.date, 'da')}" in out
    assert f"- **{field('time')}:** {format_time(meeting.started_at, 'da')}–{format_time(end, 'da')}" in out
    assert f"- **{field('place')}:** {meeting.place}" in out
    assert f"- **{field('moderator')}:** {names(meeting.roles.moderator)}" in out
    assert f"- **{field('minute_taker')}:** {names(meeting.roles.minute_taker)}" in out
    present = ", ".join(names(m) for m in meeting.attendance.present)
    assert f"- **{field('present')}:** {present}" in out
    notified = ", ".join(names(m) for m in meeting.attendance.absent_notified)
    assert f"- **{field('absent_notified')}:** {notified or t('export.empty_field', language='da')}" in out

    public, left_out = split_confidential(meeting.minutes)
    assert left_out, "the demo meeting has a confidential line"
    for passage in left_out:
        assert passage.lstrip("! ") not in out
    assert "!!" not in out
    found = decisions(public)
    assert found
    summary = out.split(f"## {t('export.heading_summary', language='da')}", 1)[1]
    for decision in found:
        assert f"- {decision}" in summary
    for done, text in actions(public):
        assert f"- [{'x' if done else ' '}] {text}" in summary


def test_export_minutes_to_a_file_in_english_by_date(
    demo: tuple[Path, Group, Meeting], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, group, meeting = demo
    target = tmp_path / "minutes.md"
    status = run(["--data-dir", str(root), "--lang", "en", "export", "minutes", meeting.id[:10], "-o", str(target)])
    assert status == 0
    assert capsys.readouterr().out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# Minutes – {group.name}")
    assert "- **Moderator:** " in text and "- **Absent with notice:** " in text
    for passage in split_confidential(meeting.minutes)[1]:
        assert passage.lstrip("! ") not in text


def test_unknown_or_ambiguous_meeting_is_a_one_line_error(
    demo: tuple[Path, Group, Meeting], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _, _ = demo
    assert run(["--data-dir", str(root), "--lang", "en", "export", "minutes", "1999-01-01"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facilitator: no meeting '1999-01-01'") and "Traceback" not in err
    assert run(["--data-dir", str(root), "--lang", "en", "export", "minutes", "2026"]) == 1
    assert "fits several meetings" in capsys.readouterr().err


def test_absence_notices_are_named_in_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data"
    write_demo(root, meetings=6, today=TODAY, language="da")
    store = Store(root)
    group = store.load_group("demo")
    with_notice = [
        meeting
        for meeting in (store.load_meeting("demo", mid) for mid in store.meeting_ids("demo"))
        if meeting.status == "finished" and meeting.attendance.absent_notified
    ]
    assert with_notice, "the demo has a meeting with notices of absence"
    meeting = with_notice[0]
    assert run(["--data-dir", str(root), "export", "minutes", meeting.id]) == 0
    out = capsys.readouterr().out
    notified = ", ".join(group.name_of(m) for m in meeting.attendance.absent_notified)
    assert f"- **{field('absent_notified')}:** {notified}\n" in out
