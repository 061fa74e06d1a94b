"""The Textual application: themes, the store and the clock, and which screen opens.

`FacilitatorApp` holds what every screen needs:

- `app.store` (`facilitator.store.Store`, created on first use),
- `app.clock` (the clock given to `build_app`, else the real one),
- `app.language` ('da' or 'en'),
- `app.group` (the current `Group`, or None before one exists or while loading),
- `app.settings` (`AppSettings` from `<data>/settings.toml`).

Screens are found through a small registry (`SCREEN_REGISTRY`), imported only
when opened, so start-up stays fast and a screen that is not written yet gives
a notice instead of a crash. Open one with `app.open_screen(("meeting", id))`
(or `open_meeting(id)`, `open_history()`, `open_wall(id)`); leave one with
`app.go_back()`.

The error boundary (STYLE.md: one boundary, not many try/excepts): every error
Textual would let end the program, from a key's action, a message handler, a
timer, a callback, a worker or a screen being built, comes to
`FacilitatorApp.unexpected_error`. It first asks every open screen to save what
it holds (`emergency_save()`, an optional method of a screen: True saved,
False could not save, None nothing to save), then writes an error report
without minutes or local variables (facilitator/crashreport.py) and tells the
user in one sentence, with the report's path, and the program goes on: the
screen whose building failed is closed, any other stays. Only a storm of errors
(`ERROR_STORM` within `ERROR_STORM_SECONDS`) ends the program, with the same
sentence printed after the terminal is restored. No traceback is ever shown.

Textual ends a message pump's loop when a handler raises, which would leave a
screen (or the whole app, where the keys' actions run) deaf to every later
key; `_guarded_dispatch` wraps `MessagePump._dispatch_message` so that, in this
program only, the error goes to the boundary and the loop goes on. And
`_dismiss_once` makes a second `dismiss()` of a screen already gone (two keys
in one moment) a no-op instead of popping the screen below it.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual._context import active_app
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import WorkerFailed

from facilitator import (
    memory,
    textual_fixes,  # noqa: F401 - Textual's own bugs, worked around before any widget exists
)
from facilitator.i18n import set_language, t
from facilitator.palette import DEFAULT_THEME, HIGH_CONTRAST_THEME, THEMES, with_states
from facilitator.ui import localize_bindings, stylesheet
from facilitator.widgets import (
    plain_options,  # noqa: F401 - choices are text, never markup
    toggles,  # noqa: F401 - check boxes show [x] / [ ], not a colour
)

if TYPE_CHECKING:
    from facilitator.clock import Clock
    from facilitator.glance import HomeView
    from facilitator.model import AppSettings, Group
    from facilitator.store import Store

SCREEN_REGISTRY: dict[str, tuple[str, str]] = {
    "home": ("facilitator.screens.home", "HomeScreen"),
    "meeting": ("facilitator.screens.meeting", "MeetingScreen"),
    "history": ("facilitator.screens.history", "HistoryScreen"),
    "wall": ("facilitator.screens.wall", "WallScreen"),
    "members": ("facilitator.screens.members", "MembersScreen"),
    "plan": ("facilitator.screens.plan", "PlanScreen"),
    "agenda": ("facilitator.screens.agenda_editor", "AgendaEditorScreen"),
    "invitation": ("facilitator.screens.invitation", "InvitationScreen"),
    "agreements": ("facilitator.screens.agreements", "AgreementsScreen"),
    "themes": ("facilitator.screens.theme_ideas", "ThemeIdeasScreen"),
    "evaluation": ("facilitator.screens.evaluation", "EvaluationScreen"),
}
"""Command name -> (module, class). A screen is built as `cls(*arguments)`:
`MeetingScreen(meeting_id)`, `HistoryScreen()`, `WallScreen(meeting_id | None)`; the group's
screens: `MembersScreen()`, `PlanScreen()`, `AgendaEditorScreen(meeting_id)`,
`InvitationScreen(meeting_id)`, `AgreementsScreen()`, `ThemeIdeasScreen()`."""


ERROR_STORM = 5
"""This many unexpected errors ..."""
ERROR_STORM_SECONDS = 10.0
"""... within this many seconds end the program (with the message, never a traceback): it cannot go on."""

SETTLE_AFTER = 1.0
"""Seconds after the last change of screen before the garbage collector is settled (`memory.settle`)."""
SETTLE_QUIET = 0.6
"""... and after the last key: the settle is one full collection (120 ms at hour 3 of a meeting on a slow laptop),
which a key typed meanwhile would wait for."""
SETTLE_LATEST = 30.0
"""... but at most this many seconds after the change of screen, keys or not: the cycles are collected at last."""
TIDY_EVERY = 3.0
"""Seconds between two tidies of the garbage collector (`memory.tidy`: what was made since the last one)."""
TIDY_QUIET = 0.4
"""... each in a pause: at least this many seconds after the last key."""
RESETTLE_EVERY = 60.0
"""Seconds on one screen (a meeting of three hours) after which the collector is settled again (`memory.settle`,
which frees the cycles among what the tidies froze) ..."""
RESETTLE_QUIET = 2.0
"""... in a longer pause: a settle looks at everything alive (120 ms at hour 3 on a slow laptop)."""

EXIT_AFTER_FIRST_FRAME = "FACILITATOR_BENCH_EXIT_AFTER_FIRST_FRAME"
"""Environment variable: exit once the first screen is drawn (start-up benchmarks).
`FACILITATOR_HEADLESS=1` (read by cli.run) runs without a terminal."""


KEY_NAMES = ("space",)
"""Keys Textual shows by an English word that no key cap carries: each has a text `app.key_<name>` in both languages.
(esc, tab, home, end, pgup are written on the keys themselves, also on a Danish keyboard; enter is ⏎.)"""


class Palette(CommandPalette):
    """Textual's command palette with its own texts in the program's language.

    Its search field says "Search for commands…" and an empty search "No
    matches found", in English whatever the program speaks; here both come
    from the catalog (`app.palette_placeholder`, `app.palette_no_matches`).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", t("app.palette_placeholder"))
        super().__init__(**kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's (Textual 8.2.8), with the sentence translated."""
        from rich.align import Align
        from rich.text import Text
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("app.palette_no_matches"), style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def _home_screen_class() -> type[Screen[object]]:
    cls = screen_class("home")
    return cls if cls is not None else Screen


def screen_class(name: str) -> type[Screen[object]] | None:
    """The screen class registered for a command, or None when it is not available."""
    entry = SCREEN_REGISTRY.get(name)
    if entry is None:
        return None
    module_name, class_name = entry
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        if error.name is not None and module_name.startswith(error.name):
            return None  # the screen's module does not exist (yet)
        raise
    cls = getattr(module, class_name, None)
    return cls if isinstance(cls, type) and issubclass(cls, Screen) else None


_original_dispatch = MessagePump._dispatch_message


async def _guarded_dispatch(self: MessagePump, message: Message) -> None:
    """`MessagePump._dispatch_message`, with an error going to the program's boundary instead of ending the loop.

    Only inside a running FacilitatorApp; any other Textual app (a test's host app) keeps Textual's behaviour.
    """
    try:
        await _original_dispatch(self, message)
    except Exception as error:  # the error boundary (re-raises what it does not report): no traceback to a user
        app = active_app.get(None)
        if not isinstance(app, FacilitatorApp):
            raise
        app.unexpected_error(error, node=self, message=message)


MessagePump._dispatch_message = _guarded_dispatch  # type: ignore[method-assign]  # Textual's own method, wrapped on purpose

_original_dismiss = Screen.dismiss


def _dismiss_once(self: Screen[Any], result: Any = None) -> AwaitComplete:
    """`Screen.dismiss`, except that a screen no longer on top pops nothing.

    Textual's dismiss pops whatever screen is on top: a second enter that lands
    before a dialog (or the command palette) is gone dismissed it twice and took
    the screen below with it, down to an empty stack (found by
    tests/test_random_keys.py). In this program a screen already dismissed stays dismissed.
    """
    app = active_app.get(None)
    if isinstance(app, FacilitatorApp) and app.is_running:
        try:
            on_top = self is app.screen
        except Exception:  # noqa: BLE001 - no screen at all
            on_top = False
        if not on_top:
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call, no-any-return]  # Textual leaves nothing() unannotated
    return _original_dismiss(self, result)


Screen.dismiss = _dismiss_once  # type: ignore[method-assign]  # a patch of Textual's own method, on purpose


class FacilitatorApp(App[None]):
    """The facilitator program: opens the screen `start_command` names."""

    TITLE = "Facilitator"
    CSS_PATH = [stylesheet("app.tcss"), stylesheet("minutes.tcss")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "app.bind_quit", tooltip="app.tip_quit", id="app.quit", show=False, priority=True),
        Binding(
            "ctrl+p",
            "command_palette",
            "app.bind_palette",
            tooltip="app.tip_palette",
            id="app.command_palette",
            show=False,
            priority=True,
        ),
        # Any screen without an F1 of its own: the help lists its keys (screens/help.py).
        Binding("f1", "help", "app.bind_help", tooltip="app.tip_help", id="app.help", show=False),
    ]

    def __init__(
        self,
        *,
        data_dir: Path,
        language: str = "en",
        clock: Clock | None = None,
        start_command: tuple[str, ...] = ("home",),
    ) -> None:
        set_language(language)
        super().__init__()
        if clock is None:
            from facilitator.clock import RealClock

            clock = RealClock()
        self.data_dir: Path = data_dir
        """The folder with the group's files."""
        self.language: str = language
        """The language of the program ('da' or 'en')."""
        self.clock: Clock = clock
        """The clock every timing reads."""
        self.start_command: tuple[str, ...] = start_command or ("home",)
        """The first screen: ("home",), ("meeting", id), ("history",), ("wall",) or ("wall", id)."""
        self.read_only: bool = self.start_command[0] == "wall"
        """The room view (`wall`) writes nothing, not even the chosen theme."""
        self.group: Group | None = None
        """The current group (None before one exists, or until `load_state` ran)."""
        self.settings: AppSettings | None = None
        """The program's settings (None until `load_state` ran)."""
        self.glanced: HomeView | None = None
        """`facilitator history` only: the home screen's kept view it started from, before `load_state` (glance.py)."""
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        localize_bindings(self)
        self.error_reports: list[Path] = []
        """The error reports written in this run (the boundary's; tests read them)."""
        self._error_times: deque[float] = deque(maxlen=ERROR_STORM)
        self._in_boundary = False
        self._thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self._settle_timer: Timer | None = None
        self._settle_latest = 0.0
        """When the pending settle happens whatever the keys do (time.monotonic)."""
        self._last_key_time = 0.0
        """When the last key came (time.monotonic): no settle right after a key."""
        self._settled_screens: frozenset[int] = frozenset()
        """The screens alive (on the stack or installed) at the last settle, by id."""
        self.settled: int = 0
        """How many times the garbage collector was settled (`memory.settle`) in this run."""
        self.tidied: int = 0
        """How many times the garbage collector was tidied (`memory.tidy`) in this run."""
        self._tidied_at = 0.0
        self._settled_at = 0.0

    # --- state -------------------------------------------------------------------

    @cached_property
    def store(self) -> Store:
        """The store of the data folder (imported and created on first use)."""
        from facilitator.store import Store

        return Store(self.data_dir)

    def read_state(self) -> tuple[AppSettings, Group | None]:
        """Read the settings and the current group (safe to call from a worker thread)."""
        from facilitator.model import AppSettings
        from facilitator.store import StoreError

        if not self.read_only:
            self.store.secure_root()  # a data folder others can read is made 0700 (or listed as a problem)
        try:
            settings = self.store.load_settings()
        except StoreError:
            settings = AppSettings()
        try:
            group = self.store.current_group()
        except StoreError:
            group = None
        return settings, group

    def apply_state(self, settings: AppSettings, group: Group | None) -> None:
        """Take over freshly read settings and group (on the UI thread).

        Once the settings are known, the theme shown is the newest: a theme chosen while a
        worker was reading (the home screen re-reads when the command palette closes, and the
        palette's command runs after that) is saved at once, so a stale read must not undo it.
        """
        if self.settings is not None and self.theme in self.available_themes:
            settings.theme = self.theme
        self.settings = settings
        self.group = group
        self.title = group.name if group is not None else "Facilitator"
        if settings.theme in self.available_themes and settings.theme != self.theme:
            self.theme = settings.theme

    def load_state(self) -> None:
        """Read and apply the settings and the current group now (on the UI thread)."""
        self.apply_state(*self.read_state())

    def set_current_group(self, group: Group) -> None:
        """Make `group` the current group and remember it in settings.toml."""
        from facilitator.model import AppSettings

        self.group = group
        self.title = group.name
        settings = self.settings or AppSettings()
        settings.current_group = group.id
        self.settings = settings
        self._save_settings()

    def _save_settings(self) -> None:
        from facilitator.store import StoreError

        if self.settings is None:
            return
        try:
            self.store.save_settings(self.settings)
        except (StoreError, OSError) as error:
            self.notify(str(error), title=t("app.settings_not_saved"), severity="error", timeout=10)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables with the meeting's states (`$state-over`, ...: facilitator/palette.py)."""
        return with_states(super().get_css_variables())

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the app (after the settings were read)."""
        if self.settings is not None and self.settings.theme != theme and not self.read_only:
            self.settings.theme = theme
            self._save_settings()

    # --- the error boundary --------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unhandled error (timers, callbacks, workers, drawing): the boundary, not an exit."""
        self.unexpected_error(error)

    def _fatal_error(self) -> None:
        """Never Textual's traceback with local variables: the boundary says it in one sentence."""
        self.unexpected_error(RuntimeError("fatal error"))

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        """Run an action, but not one of a screen that is no longer in front.

        Textual checks a key against the screen in front and may run its action a moment
        later; two keys in one moment (enter, enter) then ran the second one's action on a
        screen that was already covered by the first one's, and opened the review or the
        export dialog twice (found by tests/test_random_keys.py). The app's own actions
        (quit, help, the palette) always run.
        """
        if namespace is not self and isinstance(namespace, DOMNode):
            try:
                screen = namespace if isinstance(namespace, Screen) else namespace.screen
                behind = screen is not self.screen
            except Exception:  # noqa: BLE001 - a widget no longer on any screen
                behind = True
            if behind:
                self.log.system(f"<action> {action_name!r} of a screen behind the one in front: not run")
                return False
        return await super()._dispatch_action(namespace, action_name, params)

    def emergency_save(self) -> bool | None:
        """Ask every open screen, the top first, to save what it holds: True saved, False failed, None nothing to save."""
        results: list[bool] = []
        try:
            stack = list(reversed(self.screen_stack))
        except Exception:  # noqa: BLE001 - no screen yet (an error while starting)
            stack = []
        for screen in stack:
            save = getattr(screen, "emergency_save", None)
            if not callable(save):
                continue
            try:
                result = save()
            except Exception:  # noqa: BLE001 - a failing save is reported as not saved, never raised
                result = False
            if result is not None:
                results.append(bool(result))
        if not results:
            return None
        return all(results)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notice, always shown as plain text (`markup` is ignored).

        The notices carry names, titles and paths from the files. Read as markup,
        "Anne [/] Hansen" made Textual raise MarkupError while drawing the toast,
        "/tmp/[bold]o/c.vcf" lost its brackets, and a member named
        "Mette [@click=app.quit]Q[/]" put a link in the notice that ended the
        program when clicked (tests/test_reliability_markup.py). No notice of this
        program is written as markup (the translations hold none).
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def unexpected_error(self, error: BaseException, *, node: object = None, message: object = None) -> None:
        """The one place an unexpected error ends up: save, report, one sentence, go on (see the module's docstring)."""
        if isinstance(error, WorkerFailed):
            error = error.error
        if self._from_closed_widget(error, node, message):
            self.log.warning("error of a closed screen's widget, dropped:", type(error).__name__)
            return
        if self._exception is None and isinstance(error, Exception):
            # As Textual does: a test's run_test() raises it at its end, so a crash still fails a test.
            self._exception = error
            self._exception_event.set()
        if self._in_boundary:  # the boundary itself failed: leave at once, quietly
            self._return_code = 1
            self._close_messages_no_wait()
            return
        self._in_boundary = True
        try:
            self._report_and_go_on(error, node, message)
        finally:
            self._in_boundary = False

    def _from_closed_widget(self, error: BaseException, node: object, message: object) -> bool:
        """True when the error comes from a widget whose screen was closed while it was still busy.

        A key that closes a screen right after the key that opened it (or a dialog dismissed
        twice, or quitting) leaves the closed screen's own handlers, callbacks and workers
        (Textual's Header and command palette among them) looking for widgets that are gone. Nothing the user
        sees or has typed lives there, so such an error is no error of the program. Found by
        tests/test_random_keys.py. Never for an Unmount: a screen saving as it closes is reported.
        The widget is the node whose handler raised, else the innermost `self` of the traceback
        that is a DOM node (read to decide, never written to a report).
        """
        if isinstance(message, events.Unmount):
            return False
        if self._exit:  # quitting: every screen is being closed (a save as it closes comes as an Unmount)
            return True
        found = node if isinstance(node, DOMNode) else None
        if found is None:
            tb = error.__traceback__
            while tb is not None:
                candidate = tb.tb_frame.f_locals.get("self")
                if isinstance(candidate, DOMNode) and candidate is not self:
                    found = candidate
                tb = tb.tb_next
        if found is None or found is self:
            return False
        try:
            stacks = [screen for stack in self._screen_stacks.values() for screen in stack]
            if isinstance(found, Screen):
                return found not in stacks
            return not found.is_attached or found.screen not in stacks
        except Exception:  # noqa: BLE001 - a node without a screen any more
            return True

    def _report_and_go_on(self, error: BaseException, node: object, message: object) -> None:
        from facilitator.crashreport import format_report, write_report

        saved = self.emergency_save()
        try:
            screens = [type(screen).__name__ for screen in self.screen_stack]
        except Exception:  # noqa: BLE001 - no screen yet
            screens = []
        where = ""
        if node is not None:
            where = type(node).__name__ + (f" handling {type(message).__name__}" if message is not None else "")
        saved_word = {True: "yes", False: "FAILED", None: "nothing to save"}[saved]
        report = write_report(format_report(error, screens=screens, saved=saved_word, where=where))
        if report is not None:
            self.error_reports.append(report)
        now = time.monotonic()
        self._error_times.append(now)
        storm = len(self._error_times) == ERROR_STORM and now - self._error_times[0] < ERROR_STORM_SECONDS
        parts = [t("app.error_happened", kind=type(error).__name__)]
        if saved is True:
            parts.append(t("app.error_saved"))
        elif saved is False:
            parts.append(t("app.error_not_saved"))
        parts.append(t("app.error_report", path=report) if report is not None else t("app.error_no_report"))
        building = isinstance(node, Screen) and isinstance(message, (events.Compose, events.Mount))
        starting = not self.is_running or not self._screen_stacks.get(self._current_mode)
        if storm or starting or self._exit:
            parts.append(t("app.error_closing"))
            self._return_code = 1
            self.exit(return_code=1, message=" ".join(parts))
            return
        if building and node is self.screen:
            self.call_later(self._close_broken_screen, node)
        self.call_later(self._ensure_screen)
        self.notify(" ".join(parts), title=t("app.error_title"), severity="error", timeout=30, markup=False)

    def _close_broken_screen(self, screen: object) -> None:
        """A screen that failed while it was built is closed (back to the one below, else home)."""
        if screen is not self.screen:
            return
        if len(self.screen_stack) > 1 and not isinstance(screen, _home_screen_class()):
            self.pop_screen()

    def _ensure_screen(self) -> None:
        """Never leave the user on Textual's empty default screen: open the home screen there."""
        try:
            stack = self.screen_stack
        except Exception:  # noqa: BLE001 - shutting down
            return
        if len(stack) <= 1 and not self._exit:
            self.open_screen(("home",))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """An error in one of the program's own threads comes to the boundary too (on the UI thread)."""
        if args.exc_value is None or not isinstance(args.exc_value, Exception):
            return
        try:
            self.call_from_thread(self.unexpected_error, args.exc_value)
        except Exception:  # noqa: BLE001 - the app has stopped: nothing to show it on
            pass

    def on_unmount(self) -> None:
        memory.release()
        if self._thread_hook is not None:
            threading.excepthook = self._thread_hook
            self._thread_hook = None

    # --- screens -----------------------------------------------------------------

    def on_mount(self) -> None:
        """Open the first screen."""
        self._thread_hook = threading.excepthook
        threading.excepthook = self._thread_excepthook
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.set_interval(1.0, self._pace_collector, name="pace the garbage collector")
        command = self.start_command
        if command[0] == "history" and self._glance_history():
            self.call_after_refresh(self.load_state)  # the rows are drawn first (screens/history.py)
        elif command[0] != "home":
            self.load_state()
        if not self.open_screen(command) and command[0] != "home":
            self.open_screen(("home",))

    def _glance_history(self) -> bool:
        """`facilitator history` with a kept view of the home screen (glance.py): its group's name and index, no read.

        The history's first rows then come from the index file before pydantic and
        the models are imported (issue 20); `load_state` follows after that frame.
        """
        from facilitator import laptop
        from facilitator.glance import read_view

        view = read_view(laptop.local_dir(self.data_dir), self.language, self.data_dir)
        if view is None or not view.group_id:
            return False
        self.glanced = view
        self.title = view.title
        if view.theme in self.available_themes:
            self.theme = view.theme
        return True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key_time = time.monotonic()  # the garbage collector's settle waits for a gap in the keys
        await super().on_event(event)

    def _alive_screens(self) -> frozenset[int]:
        """The screens on the stack or installed (kept for showing again, like the meeting's time-out), by id."""
        installed = (screen for screen in self._installed_screens.values() if isinstance(screen, Screen))
        return frozenset(id(screen) for screen in (*self.screen_stack, *installed))

    def _screen_changed(self, _screen: object = None) -> None:
        """A screen opened or closed: settle the garbage collector once things are quiet again (facilitator/memory.py).

        Showing or leaving a screen that stays installed (the meeting's time-out, built once and kept) makes
        nothing new and frees nothing, so it asks for no settle: a time-out and its end cost no full collection.
        """
        if self._alive_screens() == self._settled_screens:
            return
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_latest = time.monotonic() + SETTLE_LATEST
        self._settle_timer = self.set_timer(SETTLE_AFTER, self._settle)

    def _settle(self) -> None:
        """Settle, unless a key came within SETTLE_QUIET (the minute-taker types on, the moderator moves on): later."""
        now = time.monotonic()
        quiet = now - self._last_key_time
        if quiet < SETTLE_QUIET and now < self._settle_latest:
            wait = min(SETTLE_QUIET - quiet, self._settle_latest - now)
            self._settle_timer = self.set_timer(max(0.05, wait), self._settle)
            return
        self._settle_timer = None
        self._settled_screens = self._alive_screens()
        memory.settle()
        self.settled += 1
        self._settled_at = self._tidied_at = time.monotonic()

    def _pace_collector(self) -> None:
        """Every second: in a pause between keys, tidy the garbage collector (every TIDY_EVERY seconds) or,
        after RESETTLE_EVERY seconds on one screen and in a longer pause, settle it (facilitator/memory.py)."""
        if self._settle_timer is not None or not self.settled:
            return  # a settle is due anyway, or the first has not come yet (start-up holds the collector)
        now = time.monotonic()
        quiet = now - self._last_key_time
        if now - self._settled_at >= RESETTLE_EVERY and quiet >= RESETTLE_QUIET:
            self._settle()
        elif now - self._tidied_at >= TIDY_EVERY and quiet >= TIDY_QUIET and memory.tidy():
            self._tidied_at = now
            self.tidied += 1

    def on_ready(self) -> None:
        """Textual's Ready: the first frame has been displayed (the start-up benchmarks end here)."""
        if os.environ.get(EXIT_AFTER_FIRST_FRAME) == "1":
            self._end_after_first_frame()

    def _end_after_first_frame(self) -> None:
        """Start-up benchmark: the first frame is drawn, so end the process at once (as bench/bare_app.py).

        Headless, nothing needs restoring, and ending here keeps the work the
        first screen starts after its first frame (reading files in a worker)
        out of the figure, as the benchmark measures the time to the first frame.
        """
        if not self.is_headless:
            self.exit()
            return
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    def make_screen(self, command: tuple[str, ...]) -> Screen[object] | None:
        """Build the screen for `command`, or None (with a notice) when it is not available."""
        cls = screen_class(command[0])
        if cls is None:
            self.notify(t("app.screen_missing", name=command[0]), severity="warning", timeout=8)
            return None
        return cls(*command[1:])

    def open_screen(self, command: tuple[str, ...]) -> bool:
        """Push the screen for `command` (like `("meeting", "2026-03-19-x")`); False when unavailable."""
        screen = self.make_screen(command)
        if screen is None:
            return False
        self.push_screen(screen)
        return True

    def open_meeting(self, meeting_id: str) -> bool:
        """Open the live meeting screen for a meeting of the current group."""
        return self.open_screen(("meeting", meeting_id))

    def open_history(self) -> bool:
        """Open the history of the current group."""
        return self.open_screen(("history",))

    def open_wall(self, meeting_id: str | None = None) -> bool:
        """Open the room view (of the running meeting when no id is given)."""
        return self.open_screen(("wall",) if meeting_id is None else ("wall", meeting_id))

    def go_back(self) -> None:
        """Leave the current screen: back to the one below, or to the home screen."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
            return
        home = self.make_screen(("home",))
        if home is not None:
            self.switch_screen(home)

    async def action_quit(self) -> None:
        """ctrl+q: quit, unless a screen holds something that cannot be saved (then ask first)."""
        for screen in reversed(self.screen_stack):
            problem = getattr(screen, "leave_problem", None)
            message = problem() if callable(problem) else None
            if message:
                from facilitator.screens.meeting_dialogs import UnsavedDialog

                rescue = getattr(screen, "rescue_path", None)
                self.push_screen(UnsavedDialog(message, rescue), self._quit_answered)
                return
        self.exit()

    def _quit_answered(self, leave: object) -> None:
        if leave is True:
            self.exit()

    def action_help(self) -> None:
        """F1 (and the palette's "Help"): the keys of the current screen, in the help screen."""
        from facilitator.screens.help import HelpScreen, show_help

        if isinstance(self.screen, HelpScreen):
            return
        show_help(self.screen)

    # --- command palette and key names ----------------------------------------------

    def action_command_palette(self) -> None:
        """ctrl+p: the command palette, in the program's language."""
        # Textual types is_open's argument App[object], but App is invariant in its result type.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer, the help and the palette show it: "mellemrum" in Danish, not "space"."""
        if binding.key_display:
            return binding.key_display
        modifiers, key = binding.parse_key()
        if key in KEY_NAMES and not modifiers:
            return t(f"app.key_{key}")
        if not modifiers and len(key) > 1 and key[0] == "f" and key[1:].isdigit():
            return key.upper()  # F1, as the key cap says
        return super().get_key_display(binding)

    def toggle_theme(self) -> None:
        """Switch between the default and the high-contrast theme."""
        self.theme = HIGH_CONTRAST_THEME if self.theme == DEFAULT_THEME else DEFAULT_THEME

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The program-wide commands of the palette (translated; only our themes)."""
        for theme in THEMES:
            yield SystemCommand(
                t("app.cmd_theme", name=t(f"app.theme_{theme.name.replace('-', '_')}")),
                t("app.cmd_theme_help"),
                lambda name=theme.name: setattr(self, "theme", name),
            )
        if "f1" not in screen._bindings.key_to_bindings:  # a screen with its own F1 offers its own "Help"
            yield SystemCommand(t("app.cmd_help"), t("app.cmd_help_help"), self.action_help)
        yield SystemCommand(t("app.cmd_keys"), t("app.cmd_keys_help"), self.action_show_help_panel)
        yield SystemCommand(t("app.cmd_quit"), t("app.cmd_quit_help"), self.action_quit)
