"""The command line: argument parsing, `build_app()`, and the commands with no UI.

`facilitator [--data-dir DIR] [--lang da|en] [COMMAND ...]`

Commands without a UI (`demo`, `new`, `check`, `--version`) never import
Textual, so they start fast; the commands that open the app (none, `meeting`,
`history`, `wall`) build a `FacilitatorApp` whose first screen follows
`app.start_command`. `serve` and `wall --serve` run a web server whose browser
tabs each run the program in a process of its own (facilitator/serve.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from facilitator import __version__
from facilitator.agendas import template_ids  # the built-in agendas `new` can start from: their folder's files
from facilitator.commands import DEFAULT_START, default_meeting_day, plan_calendar, plan_meeting
from facilitator.i18n import LANGUAGES, detect_language, set_language, t

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.clock import Clock
    from facilitator.model import Group
    from facilitator.store import Store

class UsageError(Exception):
    """A problem with what the user asked for; printed as one line, exit status 1."""


# --- argument types --------------------------------------------------------------


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text)) from None


def _parse_time(text: str) -> time:
    try:
        parsed = datetime.strptime(text, "%H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_time", value=text)) from None
    return parsed.time()


def _parse_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_count", value=text)) from None
    if value < 0 or value > 100_000:
        raise argparse.ArgumentTypeError(t("cli.bad_count", value=text))
    return value


def _parse_port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("wall.bad_port", value=text)) from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(t("wall.bad_port", value=text))
    return value


def _pre_language(argv: Sequence[str]) -> str:
    """The language chosen by --lang (looked up before parsing, so help texts are translated)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGUAGES:
            return arg[7:]
    return detect_language()


_help_wanted = False
"""True while parsing a command line that asks for --help (help texts are only read then)."""


def _h(key: str) -> str:
    """A help text, translated only when help will be shown (start-up parses fewer catalogs)."""
    return t(key) if _help_wanted else ""


def make_parser() -> argparse.ArgumentParser:
    """The argument parser (texts in the current language)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS, help=_h("cli.help_data_dir"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_h("cli.help_lang"))

    parser = argparse.ArgumentParser(
        prog="facilitator", description=_h("cli.description"), parents=[common], allow_abbrev=False
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=_h("cli.commands_title"))

    demo = commands.add_parser("demo", parents=[common], help=_h("cli.help_demo"), description=_h("cli.help_demo"))
    demo.add_argument("--meetings", type=_parse_count, default=6, metavar="N", help=_h("cli.help_meetings"))
    demo.add_argument("--force", action="store_true", help=_h("cli.help_force"))

    new = commands.add_parser("new", parents=[common], help=_h("cli.help_new"), description=_h("cli.help_new"))
    new.add_argument("--template", choices=template_ids(), default="following", help=_h("cli.help_template"))
    new.add_argument("--date", type=_parse_date, metavar="YYYY-MM-DD", help=_h("cli.help_date"))
    new.add_argument("--time", type=_parse_time, metavar="HH:MM", help=_h("cli.help_time"))
    new.add_argument("--title", metavar="TEXT", help=_h("cli.help_title"))
    new.add_argument("--place", metavar="TEXT", default="", help=_h("cli.help_place"))

    commands.add_parser("check", parents=[common], help=_h("cli.help_check"), description=_h("cli.help_check"))

    meeting = commands.add_parser(
        "meeting", parents=[common], help=_h("cli.help_meeting"), description=_h("cli.help_meeting")
    )
    meeting.add_argument("meeting_id", metavar="ID", help=_h("cli.help_meeting_id"))
    meeting.add_argument("--reopen", action="store_true", help=_h("cli.help_reopen"))
    commands.add_parser("history", parents=[common], help=_h("cli.help_history"), description=_h("cli.help_history"))
    wall = commands.add_parser("wall", parents=[common], help=_h("cli.help_wall"), description=_h("cli.help_wall"))
    wall.add_argument("meeting_id", metavar="ID", nargs="?", default=None, help=_h("cli.help_wall_id"))
    wall.add_argument("--serve", action="store_true", help=_h("wall.help_serve"))
    wall.add_argument("--port", type=_parse_port, default=8000, metavar="N", help=_h("wall.help_port"))
    wall.add_argument("--host", default="127.0.0.1", metavar="H", help=_h("wall.help_host"))
    text = _h("cli.help_settings")
    settings = commands.add_parser("settings", parents=[common], help=text, description=text)
    settings.add_argument("--timezone", metavar="ZONE", help=_h("cli.help_timezone"))
    settings.add_argument("--country", metavar="CC", help=_h("cli.help_country"))
    serve = commands.add_parser("serve", parents=[common], help=_h("serve.help_serve"), description=_h("serve.help_serve"))
    serve.add_argument("--port", type=_parse_port, default=None, metavar="N", help=_h("serve.help_port"))
    serve.add_argument("--no-browser", action="store_true", help=_h("serve.help_no_browser"))
    kinds = add_export_parser(commands, common)
    text = _h("sync.cli_help_export_group")
    bundle = kinds.add_parser("group", parents=[common], help=text, description=text)
    bundle.add_argument("-o", "--output", type=Path, metavar="FILE", required=True, help=_h("sync.cli_help_bundle_out"))
    bundle.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_h("sync.cli_help_passphrase_file"))
    text = _h("sync.cli_help_import")
    imports = commands.add_parser("import", parents=[common], help=text, description=text)
    imports.add_argument("bundle", type=Path, metavar="FILE", help=_h("sync.cli_help_bundle_in"))
    imports.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_h("sync.cli_help_passphrase_file"))
    return parser


def add_export_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """`export contacts|plan|invitation ...`; returns the `export` sub-commands so more can be added."""
    text = _h("group_screens.cli_help_export")
    export = commands.add_parser("export", parents=[common], help=text, description=text)
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    text = _h("group_screens.cli_help_contacts")
    contacts = kinds.add_parser("contacts", parents=[common], help=text, description=text)
    contacts.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("group_screens.cli_help_contacts_out"))
    style = contacts.add_mutually_exclusive_group()
    style.add_argument(
        "--excel", dest="csv_style", action="store_const", const="excel", help=_h("cli.help_excel")
    )
    style.add_argument(
        "--plain", dest="csv_style", action="store_const", const="plain", help=_h("cli.help_plain")
    )
    contacts.set_defaults(csv_style="excel")
    text = _h("group_screens.cli_help_plan")
    plan = kinds.add_parser("plan", parents=[common], help=text, description=text)
    plan.add_argument("-o", "--output", type=Path, metavar="FILE.ics", help=_h("group_screens.cli_help_out"))
    text = _h("group_screens.cli_help_invitation")
    invitation = kinds.add_parser("invitation", parents=[common], help=text, description=text)
    invitation.add_argument("meeting_id", metavar="ID", help=_h("history.cli_help_minutes_id"))
    invitation.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("group_screens.cli_help_out"))
    invitation.add_argument(
        "--reply-by", type=_parse_date, metavar="YYYY-MM-DD", help=_h("group_screens.cli_help_reply_by")
    )
    invitation.add_argument("--eml", action="store_true", help=_h("cli.help_eml_invitation"))
    invitation.add_argument("--from", dest="sender", metavar="ADDRESS", help=_h("cli.help_from"))
    text = _h("history.cli_help_minutes")
    minutes = kinds.add_parser("minutes", parents=[common], help=text, description=text)
    minutes.add_argument("meeting_id", metavar="ID", help=_h("history.cli_help_minutes_id"))
    minutes.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("history.cli_help_output"))
    minutes.add_argument("--timeout-notes", action="store_true", help=_h("history.cli_help_timeout_notes"))
    minutes.add_argument("--eml", action="store_true", help=_h("cli.help_eml_minutes"))
    minutes.add_argument("--from", dest="sender", metavar="ADDRESS", help=_h("cli.help_from"))
    minutes.add_argument("--role-feedback", action="store_true", help=_h("year.cli_help_role_feedback"))
    text = _h("year.cli_help_evaluation")  # issue 21: the half-year summary and the welcome sheet
    evaluation = kinds.add_parser("evaluation", parents=[common], help=text, description=text)
    evaluation.add_argument("meeting_id", nargs="?", metavar="ID", help=_h("year.cli_help_evaluation_id"))
    evaluation.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("group_screens.cli_help_out"))
    text = _h("year.cli_help_welcome")
    welcome = kinds.add_parser("welcome", parents=[common], help=text, description=text)
    welcome.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("group_screens.cli_help_out"))
    return kinds


def data_dir_from(option: Path | None, environ: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """--data-dir, else $FACILITATOR_DATA_DIR, else the platform's user data folder."""
    env = os.environ if environ is None else environ
    if option is not None:
        return Path(option).expanduser()
    from_env = env.get("FACILITATOR_DATA_DIR", "")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("facilitator"))


def parse(argv: Sequence[str]) -> tuple[argparse.Namespace, Path, str]:
    """Parse `argv` (without the program name); sets the language. Exits 2 on a usage error."""
    global _help_wanted
    set_language(_pre_language(argv))
    _help_wanted = any(arg in ("-h", "--help") for arg in argv)
    args = make_parser().parse_args(list(argv))
    language = getattr(args, "lang", None) or detect_language()
    set_language(language)
    return args, data_dir_from(getattr(args, "data_dir", None)), language


# --- the app ---------------------------------------------------------------------


def build_app(argv: list[str], clock: Clock | None = None) -> FacilitatorApp:
    """The Textual app exactly as `facilitator ARGV` would run it, not yet running."""
    args, root, language = parse(argv)
    if args.command in ("demo", "new", "check", "export", "settings", "serve", "import"):
        raise SystemExit(f"facilitator: {t('cli.no_ui', command=args.command)}")
    return _app_for(args, root, language, clock)


def resolve_id(root: Path, wanted: str, *, unknown_ok: bool = False) -> str:
    """The id of the current group's meeting that `wanted` names: the id, or a unique start of it.

    Raises `history.MeetingNotFound` (its message names the ids that fit) when several fit, or
    none does unless `unknown_ok` (the wall looks in every group); without a current group,
    `wanted` is returned as it is.
    """
    from facilitator.history import resolve_meeting_id
    from facilitator.store import Store

    store = Store(root)
    try:
        group = store.current_group()
    except Exception:  # noqa: BLE001 - a broken group file: the app itself says which and where
        return wanted
    if group is None:
        return wanted
    from facilitator.history import MeetingNotFound

    try:
        return resolve_meeting_id(store.meeting_ids(group.id), wanted, group.name)
    except MeetingNotFound as error:
        if unknown_ok and not error.fitting:
            return wanted
        raise


def _app_for(args: argparse.Namespace, root: Path, language: str, clock: Clock | None) -> FacilitatorApp:
    from facilitator.app import FacilitatorApp

    command: tuple[str, ...]
    if args.command == "meeting":
        command = ("meeting", args.meeting_id, "reopen") if args.reopen else ("meeting", args.meeting_id)
    elif args.command == "wall":
        command = ("wall",) if args.meeting_id is None else ("wall", args.meeting_id)
    elif args.command == "history":
        command = ("history",)
    else:
        command = ("home",)
    return FacilitatorApp(data_dir=root, language=language, clock=clock, start_command=command)


# --- commands without a UI -------------------------------------------------------


def _real_clock(clock: Clock | None) -> Clock:
    if clock is not None:
        return clock
    from facilitator.clock import RealClock

    return RealClock()


def cmd_new(args: argparse.Namespace, root: Path, clock: Clock | None) -> int:
    from facilitator.store import Store

    store = Store(root)
    group = store.current_group()
    if group is None:
        raise UsageError(t("cli.no_group", root=root))
    day = args.date or default_meeting_day(_real_clock(clock))
    meeting = plan_meeting(store, group, args.template, day, args.time or DEFAULT_START, args.title, args.place)
    print(meeting.id)
    return 0


def cmd_check(root: Path) -> int:
    from facilitator.store import Store

    store = Store(root)
    problems = store.check()
    for problem in problems:
        print(problem)  # control characters made visible (Problem.__str__)
    files = sum(1 for _ in root.rglob("*.toml")) if root.is_dir() else 0
    if problems:
        print(t("cli.check_problems", files=files, count=len(problems)), file=sys.stderr)
        return 1
    print(t("cli.check_ok", files=files))
    return 0


def cmd_demo(args: argparse.Namespace, root: Path, language: str, clock: Clock | None) -> int:
    from facilitator.demo import write_demo

    today = _real_clock(clock).now().date()
    result = write_demo(root, meetings=args.meetings, force=args.force, today=today, language=language)
    print(t("cli.demo_written", meetings=result.finished, planned=result.planned, path=result.group_dir))
    if not result.current_group_set:
        from facilitator.store import Store

        if Store(root).load_settings().current_group != result.group_id:
            print(t("cli.demo_not_current"))
    return 0


def _export_group(root: Path) -> tuple[Store, Group]:
    from facilitator.store import Store

    store = Store(root)
    group = store.current_group()
    if group is None:
        raise UsageError(t("cli.no_group", root=root))
    return store, group


def _emit(data: bytes, output: Path | None) -> None:
    """Write an export to `output`, or as text to stdout."""
    from facilitator.export import write_export

    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_export(output, data)
    print(t("group_screens.cli_written", path=output), file=sys.stderr)


def _sender(text: str | None) -> tuple[str, str] | None:
    """--from "Name <address>" or "address" as (name, address)."""
    if not text:
        return None
    from email.utils import parseaddr

    name, address = parseaddr(text)
    if "@" not in address:
        raise UsageError(t("cli.bad_from", value=text))
    return name, address


def cmd_export(args: argparse.Namespace, root: Path, clock: Clock | None) -> int:
    """`export contacts [-o FILE] [--excel|--plain]`, `export plan [-o FILE.ics]`,
    `export invitation ID [-o FILE] [--eml]`, `export minutes ID [-o FILE] [--eml] [--role-feedback]`,
    `export evaluation [ID] [-o FILE]`, `export welcome [-o FILE]`."""
    from facilitator import export

    kind = args.export_kind
    store, group = _export_group(root)
    output: Path | None = getattr(args, "output", None)
    if kind == "contacts":
        style = args.csv_style
        if output is None:
            _emit(export.contacts_csv(group, style=style).encode("utf-8"), None)
        else:
            export.export_contacts(group, output, style=style)
            print(t("group_screens.cli_written", path=output), file=sys.stderr)
        return 0
    if kind == "plan":
        unreadable = store.unreadable_meetings(group.id)
        if unreadable:  # one of them may be a planned meeting: a plan without it would mislead
            for problem in unreadable:
                print(problem, file=sys.stderr)
            return _fail(t("cli.plan_not_written", count=len({p.path for p in unreadable})))
        now = _real_clock(clock).now()
        data, problems = plan_calendar(store, group, now)
        for message in problems:
            print(f"facilitator: {message}", file=sys.stderr)
        _emit(data, output)
        return 0
    if kind == "invitation":
        from facilitator.history import resolve_meeting_id

        meeting_id = resolve_meeting_id(store.meeting_ids(group.id), args.meeting_id, group.name)
        meeting = store.load_meeting(group.id, meeting_id)
        text = export.invitation_text(group, meeting, reply_by=args.reply_by)
        if args.eml:
            now = _real_clock(clock).now()
            _emit(export.invitation_eml(group, meeting, text, now=now, sender=_sender(args.sender)), output)
        else:
            _emit(text.encode("utf-8"), output)
        return 0
    if kind == "group":  # the hand-over bundle (facilitator/bundle.py, issue 19)
        return cmd_export_group(args, store, group)
    if kind == "minutes":  # facilitator.history (issue 6); --lang chooses the language, else the group's
        from facilitator.history import export_minutes_text

        language = getattr(args, "lang", None)
        meeting, text = export_minutes_text(
            store,
            group,
            args.meeting_id,
            include_timeout_notes=args.timeout_notes,
            language=language,
            include_role_feedback=args.role_feedback,
        )
        if args.eml:
            now = _real_clock(clock).now()
            data = export.minutes_eml(group, meeting, text, now=now, sender=_sender(args.sender), language=language)
            _emit(data, output)
        else:
            _emit(text.encode("utf-8"), output)
        return 0
    if kind in ("evaluation", "welcome"):
        return _export_year(args, store, group, output, clock)
    raise UsageError(t("group_screens.cli_unknown_export", kind=kind))


def _export_year(args: argparse.Namespace, store: Store, group: Group, output: Path | None, clock: Clock | None) -> int:
    """`export evaluation [ID]` (the half-year summary) and `export welcome` (the sheet for a new member)."""
    from facilitator.zones import today_in

    language = getattr(args, "lang", None) or group.settings.language
    today = today_in(_real_clock(clock), group.settings.zone())
    if args.export_kind == "evaluation":
        from facilitator.evaluation import evaluation_markdown, load_summary
        from facilitator.history import resolve_meeting_id

        wanted = None
        if args.meeting_id:
            wanted = resolve_meeting_id(store.meeting_ids(group.id), args.meeting_id, group.name)
        summary = load_summary(store, group, wanted, today)
        _emit(evaluation_markdown(group, summary, language).encode("utf-8"), output)
        return 0
    from facilitator.welcome import welcome_markdown

    text = welcome_markdown(group, store.upcoming_meetings(group.id), language, today)
    _emit(text.encode("utf-8"), output)
    return 0


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    """--passphrase-file's first line, else asked (twice for an export) without echo; never stored."""
    from facilitator.bundle import MIN_PASSPHRASE, read_passphrase_file

    if args.passphrase_file is not None:
        passphrase = read_passphrase_file(args.passphrase_file)
    else:
        import getpass

        passphrase = getpass.getpass(t("sync.ask_passphrase"))
        if twice and getpass.getpass(t("sync.ask_passphrase_again")) != passphrase:
            raise UsageError(t("sync.passphrases_differ"))
    if twice and len(passphrase) < MIN_PASSPHRASE:
        raise UsageError(t("sync.passphrase_short", count=MIN_PASSPHRASE))
    if not passphrase:
        raise UsageError(t("sync.passphrase_empty"))
    return passphrase


def cmd_export_group(args: argparse.Namespace, store: Store, group: Group) -> int:
    """`export group -o FILE [--passphrase-file FILE]`: the hand-over bundle of the current group."""
    from facilitator.bundle import export_bundle
    from facilitator.export import write_export

    passphrase = _passphrase(args, twice=True)
    data, report = export_bundle(store, group.id, passphrase)
    write_export(args.output, data)
    print(t("sync.cli_exported", path=args.output, meetings=report.meetings, group=group.name), file=sys.stderr)
    for problem in report.left_out:
        print(f"facilitator: {t('sync.cli_left_out', problem=problem)}", file=sys.stderr)
    if report.conflicts:
        print(f"facilitator: {t('sync.cli_export_conflicts', count=report.conflicts)}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, root: Path) -> int:
    """`import FILE [--passphrase-file FILE]`: merge a hand-over bundle into this data folder."""
    from facilitator.bundle import import_bundle, read_bundle_file
    from facilitator.store import Store

    data = read_bundle_file(args.bundle)
    passphrase = _passphrase(args, twice=False)
    report = import_bundle(Store(root), data, passphrase)
    print(report.summary())
    for path, reason in report.refused:
        print(f"facilitator: {path}: {reason}", file=sys.stderr)
    if report.conflicts:
        print(t("sync.cli_conflicts", count=len(report.conflicts)))
    return 1 if report.refused else 0


def cmd_settings(args: argparse.Namespace, root: Path) -> int:
    """`settings [--timezone ZONE] [--country CC]`: change the current group's settings, then print them."""
    from facilitator.model import Settings
    from facilitator.store import Store

    store = Store(root)
    group = store.current_group()
    if group is None:
        raise UsageError(t("cli.no_group", root=root))
    if args.timezone is not None or args.country is not None:
        changes: dict[str, str] = {}
        if args.timezone is not None:
            changes["timezone"] = args.timezone
        if args.country is not None:
            changes["country"] = args.country
        try:  # validate before taking the lock: a wrong zone or country is the user's mistake
            Settings.model_validate({**group.settings.model_dump(), **changes})
        except ValueError as error:
            errors: list[dict[str, Any]] = getattr(error, "errors", list)()
            message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors) or str(error)
            raise UsageError(t("cli.bad_settings", message=message)) from None

        def change(stored: Group) -> None:
            stored.settings = Settings.model_validate({**stored.settings.model_dump(), **changes})

        group = store.update_group(group.id, change)
    settings = group.settings
    print(
        t(
            "cli.settings_line",
            group=group.name,
            timezone=settings.timezone,
            country=settings.country,
            end_by=settings.end_by,
            lang=settings.language,
        )
    )
    return 0


def run(argv: Sequence[str], clock: Clock | None = None) -> int:
    """Run `facilitator ARGV` and return the exit status (the app runs for UI commands)."""
    args, root, language = parse(argv)
    if args.command in ("new", "demo", "export", "import"):
        _secure(root)
    try:
        if args.command == "new":
            return cmd_new(args, root, clock)
        if args.command == "check":
            return cmd_check(root)
        if args.command == "demo":
            return cmd_demo(args, root, language, clock)
        if args.command == "export":
            return cmd_export(args, root, clock)
        if args.command == "settings":
            return cmd_settings(args, root)
        if args.command == "import":
            return cmd_import(args, root)
        if args.command in ("meeting", "wall") and args.meeting_id is not None:
            # a unique start of an id will do; the wall may follow a meeting of another group
            args.meeting_id = resolve_id(root, args.meeting_id, unknown_ok=args.command == "wall")
        if args.command == "wall" and args.serve:  # the room view in a browser (facilitator/serve.py)
            from facilitator.serve import serve_wall

            return serve_wall(root, language, args.meeting_id, host=args.host, port=args.port)
        if args.command == "serve":  # the whole program in a browser tab (facilitator/serve.py)
            from facilitator.serve import serve_program

            return serve_program(root, language, port=args.port, browser=not args.no_browser)
    except (UsageError, OSError, ValueError, KeyError, LookupError) as error:
        return _fail(str(error))
    except Exception as error:  # noqa: BLE001 - StoreError, DemoExistsError: a message, never a traceback
        if type(error).__module__.startswith("facilitator."):
            return _fail(str(error))
        return _unexpected(error)
    from facilitator import memory

    memory.hold()  # no garbage collection while the program starts; the app settles it (facilitator/memory.py)
    try:
        app = _app_for(args, root, language, clock)
        app.run(headless=os.environ.get("FACILITATOR_HEADLESS") == "1")
    except Exception as error:  # noqa: BLE001 - past the app's own boundary (starting, stopping): a report, no traceback
        return _unexpected(error)
    finally:
        memory.release()
    return app.return_code or 0


def _secure(root: Path) -> None:
    """A data folder others can read is made 0700; where that cannot be done, one line says so (and goes on)."""
    from facilitator.store import Store

    problem = Store(root).secure_root()
    if problem is not None:
        print(f"facilitator: {problem}", file=sys.stderr)


def _fail(message: str) -> int:
    from facilitator.textlimits import visible

    print("facilitator: " + "\n".join(visible(line) for line in message.split("\n")), file=sys.stderr)
    return 1


def _unexpected(error: BaseException) -> int:
    """An error nothing expected: an error report (facilitator/crashreport.py), one line, exit status 1."""
    from facilitator.crashreport import format_report, write_report

    report = write_report(format_report(error, where="command line"))
    print(f"facilitator: {t('cli.unexpected', kind=type(error).__name__)}", file=sys.stderr)
    print(t("cli.unexpected_report", path=report) if report else t("cli.unexpected_no_report"), file=sys.stderr)
    return 1


def main() -> NoReturn:
    """The console script `facilitator`."""
    try:
        status = run(sys.argv[1:])
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)
