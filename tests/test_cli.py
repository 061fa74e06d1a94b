"""The command line: options, data folder and language, and the commands without a UI."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from facilitator import __version__
from facilitator.cli import build_app, data_dir_from, run
from facilitator.clock import FakeClock
from facilitator.i18n import get_language
from facilitator.model import Member
from facilitator.store import Store


def make_group(root: Path, name: str = "Netværk Nord") -> str:
    store = Store(root)
    group = store.create_group(name, [Member(id="anne", name="Anne Hansen", email="anne@example.dk")])
    return group.id


def cli(argv: list[str], data_dir: Path, clock: FakeClock) -> int:
    return run(["--data-dir", str(data_dir), "--lang", "en", *argv], clock=clock)


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"facilitator {__version__}"


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    option, env = tmp_path / "option", tmp_path / "env"
    assert data_dir_from(option, {"FACILITATOR_DATA_DIR": str(env)}) == option
    assert data_dir_from(None, {"FACILITATOR_DATA_DIR": str(env)}) == env
    fallback = data_dir_from(None, {})
    assert fallback.name == "facilitator" and fallback not in (option, env)

    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(env))
    assert build_app([]).data_dir == env
    assert build_app(["--data-dir", str(option)]).data_dir == option


def test_language_from_the_environment_and_the_option(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    app = build_app(["--data-dir", str(tmp_path)])
    assert app.language == "da" and get_language() == "da"
    assert build_app(["--data-dir", str(tmp_path), "--lang", "en"]).language == "en"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert build_app(["--data-dir", str(tmp_path)]).language == "en"


def test_ui_commands_set_the_first_screen(tmp_path: Path) -> None:
    base = ["--data-dir", str(tmp_path)]
    assert build_app(base).start_command == ("home",)
    assert build_app([*base, "meeting", "2026-03-19-x"]).start_command == ("meeting", "2026-03-19-x")
    assert build_app([*base, "history"]).start_command == ("history",)
    assert build_app([*base, "wall"]).start_command == ("wall",)
    assert build_app(["wall", "2026-03-19-x", *base]).start_command == ("wall", "2026-03-19-x")


def test_usage_errors_exit_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["bogus"], ["--lang", "fr"], ["new", "--date", "19-03-2026"], ["new", "--time", "25:00"], ["meeting"]):
        with pytest.raises(SystemExit) as exit_info:
            run(argv)
        assert exit_info.value.code == 2, argv
        err = capsys.readouterr().err
        assert "usage: facilitator" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        run(["new", "--date", "19-03-2026"])
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_new_prints_the_id_of_a_valid_planned_meeting(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    gid = make_group(data_dir)
    assert cli(["new", "--template", "first", "--place", "Anne's home"], data_dir, clock) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    meeting_id = out.strip()
    assert meeting_id.startswith("2026-03-19-")  # one week after the FakeClock's day
    store = Store(data_dir)
    assert store.meeting_path(gid, meeting_id).is_file()
    meeting = store.load_meeting(gid, meeting_id)
    agenda = store.agenda("first", "da")  # the group's language
    assert meeting.status == "planned" and meeting.template == "first"
    assert meeting.date == date(2026, 3, 19) and meeting.start == time(18, 0)
    assert meeting.title == agenda.title and meeting.place == "Anne's home"
    assert [i.title for i in meeting.items] == [i.title for i in agenda.items]
    assert [i.planned_minutes for i in meeting.items] == [i.planned_minutes for i in agenda.items]
    assert meeting.roles.moderator == "" and meeting.attendance.present == []
    assert store.check() == []


def test_new_with_date_time_and_title_makes_unique_ids(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    gid = make_group(data_dir)
    argv = ["new", "--date", "2026-04-02", "--time", "17:30", "--title", "Theme: work injuries"]
    assert cli(argv, data_dir, clock) == 0
    assert cli(argv, data_dir, clock) == 0
    first, second = capsys.readouterr().out.split()
    assert first == "2026-04-02-theme-work-injuries" and second != first
    meeting = Store(data_dir).load_meeting(gid, second)
    assert meeting.start == time(17, 30) and meeting.title == "Theme: work injuries"


def test_new_without_a_group_says_what_to_do(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["new"], data_dir, clock) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no group" in captured.err and "facilitator demo" in captured.err


def test_check_of_an_empty_folder_and_of_good_files(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["check"], data_dir, clock) == 0
    assert capsys.readouterr().out.strip() == "Checked 0 files: no problems."
    make_group(data_dir)
    cli(["new"], data_dir, clock)
    capsys.readouterr()
    assert cli(["check"], data_dir, clock) == 0
    assert capsys.readouterr().out.strip() == "Checked 2 files: no problems."


def test_check_reports_syntax_and_schema_errors(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    gid = make_group(data_dir)
    meetings = data_dir / "groups" / gid / "meetings"
    meetings.mkdir(parents=True)
    broken = meetings / "2026-01-01-broken.toml"
    broken.write_text('schema_version = 1\nid = "2026-01-01-broken"\ntitle = "unterminated\n')
    wrong = meetings / "2026-01-02-wrong.toml"
    wrong.write_text('schema_version = 1\nid = "2026-01-02-wrong"\ndate = 2026-01-02\nstatus = "sleeping"\n')
    before = broken.read_bytes(), wrong.read_bytes()

    assert cli(["check"], data_dir, clock) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    syntax = next(line for line in lines if line.startswith(str(broken)))
    assert syntax.startswith(f"{broken}:3:")  # PATH:LINE:COL: message
    assert syntax.split(":", 3)[2].isdigit()
    schema = next(line for line in lines if line.startswith(str(wrong)))
    assert schema.startswith(f"{wrong}: status: ")  # PATH: field.path: message
    assert "2 problem" in captured.err
    assert (broken.read_bytes(), wrong.read_bytes()) == before


def test_demo_refuses_without_force(data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["demo", "--meetings", "2"], data_dir, clock) == 0
    assert "2 finished" in capsys.readouterr().out
    group_file = data_dir / "groups" / "demo" / "group.toml"
    before = group_file.read_bytes()
    assert cli(["demo"], data_dir, clock) == 1
    err = capsys.readouterr().err
    assert "--force" in err and "Traceback" not in err
    assert group_file.read_bytes() == before
    assert cli(["demo", "--force", "--meetings", "1"], data_dir, clock) == 0
    store = Store(data_dir)
    assert len(store.meeting_ids("demo")) == 1 + 2  # one finished, two planned
    assert store.check() == []


def test_commands_without_a_screen_never_import_textual(data_dir: Path) -> None:
    code = (
        "import sys\n"
        "from facilitator.cli import run\n"
        f"run(['--data-dir', {str(data_dir)!r}, 'check'])\n"
        f"run(['--data-dir', {str(data_dir)!r}, 'new'])\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=data_dir.parent
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_the_console_script_shows_no_traceback(tmp_path: Path) -> None:
    code = "from facilitator.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(tmp_path / "x"), "new", "--template", "nine"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--lang", "da", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "netværksgruppe" in out and "demogruppe" in out
