"""The live meeting screen: check-in, the agenda with its timers, and the minutes beside it.

`MeetingScreen(meeting_id)` opens a meeting of the current group (or of any
group that has it). It takes the meeting's lock, so two running programs never
write the same file; a locked, missing, broken or finished meeting is refused
with a message (back on the home screen, or on the terminal when the meeting
was opened from the command line). A meeting whose status is `live` is
resumed where it was: what ran still runs, and the time since counts.

The screen is thin. A key press is one call on `LiveMeeting`
(facilitator/meeting.py); the meeting reports every change to an `AutoSaver`,
which writes the file within a second on its own thread (the model is copied
under the meeting's lock, the disk is touched outside it). Item changes,
ctrl+s and leaving the screen save at once. A one-second interval only asks
the widgets to redraw from the meeting; time is read from the clock.

Keys: space start/pause, n next, p previous, + / - one minute, m minutes,
escape leave the minutes, ctrl+s save, e end (asks), q back home without
ending, a late arrival / early leave, 0-9 presence at check-in and speakers
after it, g groups of three,
t / ctrl+t time-out, s speakers panel, c cue panel, x tick the next cue,
o next meeting's roles, page up / down scroll the column, F1 help, F2-F5 the
over-time prompt.
Letter and digit keys type text while the minutes have the focus; the
control and function keys work everywhere.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from facilitator.app import localize_bindings, stylesheet
from facilitator.i18n import t
from facilitator.meeting import LiveMeeting
from facilitator.screens.checkin import DIGIT_KEYS, CheckinList, PresenceDialog
from facilitator.screens.overtime import OvertimeBar
from facilitator.widgets.agenda import AgendaList, MeetingEnd
from facilitator.widgets.countdown import ItemClock
from facilitator.widgets.footer import Footer  # prunes the keys it replaced (a Textual leak)
from facilitator.widgets.minutes import MinutesPane

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.model import Group
    from facilitator.store import AutoSaver, MeetingLock, Store

__all__ = ["MeetingCommands", "MeetingScreen", "open_live_meeting"]

SAVE_DELAY = 1.0
"""Seconds the autosaver waits after a change (a kill loses at most this much typing, plus a write)."""

NARROW_WIDTH = 100
"""Below this many columns the agenda column gets narrower (80x24 stays usable)."""
SHORT_HEIGHT = 32
"""Below this many rows details collapse."""

LETTER_ACTIONS = frozenset(
    {
        "toggle_running",
        "next_item",
        "previous_item",
        "more_time",
        "less_time",
        "focus_minutes",
        "end_meeting",
        "leave",
        "attendance",
        "speaker",
        "presence",
        "grouping",
        "timeout_key",
        "toggle_speakers",
        "toggle_cues",
        "tick_cue",
        "dismiss_overtime_escape",
        "next_roles",
    }
)
"""Actions on printable keys: they do not fire while the minutes have the focus (the keys type text)."""

MEETING_ACTIONS = frozenset(
    {"toggle_running", "next_item", "previous_item", "more_time", "less_time", "end_meeting", "attendance"}
)
"""Actions that need a checked-in meeting that has not ended."""

OVERTIME_ACTIONS = frozenset(
    {"overtime_spread", "overtime_extend", "overtime_defer", "overtime_dismiss", "dismiss_overtime_escape"}
)


def _optional_class(module_name: str, class_name: str) -> type[Any] | None:
    """A class from a module that may not exist yet (another part of the program), else None."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        if error.name is not None and module_name.startswith(error.name):
            return None
        raise
    cls = getattr(module, class_name, None)
    return cls if isinstance(cls, type) else None


class OpenedMeeting:
    """A meeting opened for running: the group, the running meeting and the lock held on its file."""

    def __init__(self, group: Group, live: LiveMeeting, lock: MeetingLock) -> None:
        self.group = group
        self.live = live
        self.lock = lock


def open_live_meeting(app: FacilitatorApp, meeting_id: str) -> OpenedMeeting | str:
    """Lock and load a meeting of the current group (or of any group that has it).

    Returns the opened meeting, or a message for the user saying why it cannot
    be run (locked by another process, not found, unreadable, finished).
    """
    from facilitator.store import StoreError

    store = app.store
    group = app.group
    candidates: list[str] = []
    if group is not None:
        candidates.append(group.id)
    try:
        candidates += [gid for gid in store.group_ids() if gid not in candidates]
    except (StoreError, OSError):
        pass
    gid = next((g for g in candidates if store.meeting_path(g, meeting_id).exists()), None)
    if gid is None:
        return t("meeting_screen.not_found", id=meeting_id, root=str(store.root))
    try:
        lock = store.lock_meeting(gid, meeting_id)
    except StoreError as error:
        return t("meeting_screen.locked", error=str(error))
    except OSError as error:
        return t("meeting_screen.cannot_open", error=str(error))
    try:
        if group is None or group.id != gid:
            group = store.load_group(gid)
        meeting = store.load_meeting(gid, meeting_id, for_running=True)  # a file with any problem is refused, never rewritten
    except (StoreError, OSError) as error:
        lock.release()
        return t("meeting_screen.cannot_open", error=str(error))
    if meeting.status == "finished":
        lock.release()
        return t("meeting_screen.already_finished", title=meeting.title or meeting.id)
    live = LiveMeeting(group, meeting, app.clock)
    return OpenedMeeting(group, live, lock)


class MeetingCommands(Provider):
    """The command palette on the meeting screen: every key of the screen, by its description."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            if binding.action.startswith(("speaker(", "presence(")):
                continue
            seen.add(binding.action)
            shown = binding.key_display or screen.app.get_key_display(binding)
            title = f"{binding.description} ({shown})"
            commands.append((title, binding.tooltip, partial(active.node.run_action, binding.action)))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


def _digit_bindings() -> list[Binding]:
    """0-9: at check-in the presence of the member in that row, later the speakers. Only '1' shows, as "0-9".

    Two bindings per digit; `check_action` turns on one of them, so the footer
    describes what the digits do now (a disabled binding lets the key fall through to the other).
    """
    return [
        binding
        for key in DIGIT_KEYS
        for binding in (
            Binding(
                key,
                f"presence('{key}')",
                "meeting_screen.bind_presence",
                tooltip="meeting_screen.tip_presence",
                key_display="0-9",
                show=key == "1",
                id=f"meeting.presence_{key}",
            ),
            Binding(
                key,
                f"speaker('{key}')",
                "meeting_screen.bind_speaker",
                tooltip="meeting_screen.tip_speaker",
                key_display="0-9",
                show=key == "1",
                id=f"meeting.speaker_{key}",
            ),
        )
    ]


class MeetingScreen(Screen[None]):
    """The running meeting: check-in, the agenda with the current item's countdown, and the minutes."""

    CSS_PATH = [stylesheet(name) for name in ("meeting.tcss", "panels.tcss") if stylesheet(name).exists()]
    COMMANDS = {MeetingCommands}
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("space", "toggle_running", "meeting_screen.bind_start", tooltip="meeting_screen.tip_start", id="meeting.start"),
        Binding("n", "next_item", "meeting_screen.bind_next", tooltip="meeting_screen.tip_next", id="meeting.next"),
        # m and t come early: the footer shows the first keys, and these must show at 80x24 (issue 8)
        Binding("m", "focus_minutes", "meeting_screen.bind_minutes", tooltip="meeting_screen.tip_minutes", id="meeting.minutes", priority=True),
        Binding("t", "timeout_key", "meeting_screen.bind_timeout", tooltip="meeting_screen.tip_timeout", id="meeting.timeout"),
        Binding("p", "previous_item", "meeting_screen.bind_previous", tooltip="meeting_screen.tip_previous", id="meeting.previous"),
        Binding("plus", "more_time", "meeting_screen.bind_more", tooltip="meeting_screen.tip_more", key_display="+", id="meeting.more"),
        Binding("minus", "less_time", "meeting_screen.bind_less", tooltip="meeting_screen.tip_less", key_display="-", id="meeting.less"),
        Binding("ctrl+s", "save", "meeting_screen.bind_save", tooltip="meeting_screen.tip_save", id="meeting.save", priority=True),
        Binding("e", "end_meeting", "meeting_screen.bind_end", tooltip="meeting_screen.tip_end", id="meeting.end"),
        Binding("q", "leave", "meeting_screen.bind_leave", tooltip="meeting_screen.tip_leave", id="meeting.leave"),
        Binding("a", "attendance", "meeting_screen.bind_attendance", tooltip="meeting_screen.tip_attendance", id="meeting.attendance"),
        *_digit_bindings(),
        Binding("g", "grouping", "meeting_screen.bind_grouping", tooltip="meeting_screen.tip_grouping", id="meeting.grouping"),
        Binding(
            "ctrl+t",
            "timeout",
            "meeting_screen.bind_timeout",
            tooltip="meeting_screen.tip_timeout_anywhere",
            id="meeting.timeout_anywhere",
            priority=True,
        ),
        Binding("s", "toggle_speakers", "meeting_screen.bind_speakers", tooltip="meeting_screen.tip_speakers", id="meeting.speakers"),
        Binding("c", "toggle_cues", "meeting_screen.bind_cues", tooltip="meeting_screen.tip_cues", id="meeting.cues"),
        Binding("x", "tick_cue", "meeting_screen.bind_tick", tooltip="meeting_screen.tip_tick", id="meeting.tick_cue"),
        Binding("pageup", "scroll_side(-1)", "meeting_screen.bind_scroll_up", show=False, id="meeting.scroll_up"),
        Binding("pagedown", "scroll_side(1)", "meeting_screen.bind_scroll_down", show=False, id="meeting.scroll_down"),
        Binding("f1", "help", "meeting_screen.bind_help", tooltip="meeting_screen.tip_help", id="meeting.help"),
        Binding(
            "ctrl+o",
            "save_copy",
            "reliability.bind_save_copy",
            tooltip="reliability.tip_save_copy",
            id="meeting.save_copy",
            priority=True,
            show=False,
        ),
        Binding("o", "next_roles", "group_screens.bind_next_roles", tooltip="group_screens.tip_next_roles", id="meeting.next_roles"),
        Binding("f2", "overtime_spread", "meeting_screen.bind_spread", tooltip="meeting_screen.tip_spread", id="meeting.overtime_spread", priority=True),
        Binding("f3", "overtime_extend", "meeting_screen.bind_extend", tooltip="meeting_screen.tip_extend", id="meeting.overtime_extend", priority=True),
        Binding("f4", "overtime_defer", "meeting_screen.bind_defer", tooltip="meeting_screen.tip_defer", id="meeting.overtime_defer", priority=True),
        Binding("f5", "overtime_dismiss", "meeting_screen.bind_dismiss", tooltip="meeting_screen.tip_dismiss", id="meeting.overtime_dismiss", priority=True),
        Binding("escape", "dismiss_overtime_escape", "meeting_screen.bind_dismiss", show=False, id="meeting.overtime_escape"),
        # Escape in the minutes has priority like m: the focus leaves at once, so a key typed right
        # after it works as a key of the meeting even when the program lags (it landed in the minutes).
        Binding(
            "escape",
            "leave_minutes",
            "meeting_screen.bind_leave_minutes",
            tooltip="meeting_screen.tip_leave_minutes",
            id="meeting.leave_minutes_now",
            priority=True,
        ),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.meeting_id = meeting_id
        """The id of the meeting (its file name without .toml)."""
        self.refusal: str | None = None
        """Why the meeting could not be opened (None when it runs)."""
        self.opened: OpenedMeeting | None = None
        self.saver: AutoSaver | None = None
        """The autosaver of the meeting file (None when the meeting was refused)."""
        self.save_problem: str | None = None
        """The message of the last failed save (None while saving works)."""
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        self._ui_thread: int | None = None
        self._panels: list[Widget] = []
        self._bindings_state: tuple[bool, ...] | None = None
        self._topbar: str | None = None
        self._shown_index: int | None = None
        self._meeting_closed = False
        self._store: Store = self.facilitator.store
        result = open_live_meeting(self.facilitator, meeting_id)
        if isinstance(result, str):
            self.refusal = result
        else:
            self.opened = result

    # --- access -------------------------------------------------------------------

    @property
    def facilitator(self) -> FacilitatorApp:
        from facilitator.app import FacilitatorApp

        app = self.app
        assert isinstance(app, FacilitatorApp)
        return app

    @property
    def live(self) -> LiveMeeting:
        """The running meeting."""
        assert self.opened is not None
        return self.opened.live

    @property
    def group(self) -> Group:
        assert self.opened is not None
        return self.opened.group

    @property
    def store(self) -> Store:
        """The app's store (kept from the start: the saver's thread reads it without asking the app)."""
        return self._store

    @property
    def minutes_pane(self) -> MinutesPane:
        return self.query_one("#minutes", MinutesPane)

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.opened is None:
            yield Static(self.refusal or "", id="refusal", classes="error")
            return
        live = self.live
        yield Static(id="save-error")
        yield Static(id="topbar")
        with Horizontal(id="body"):
            with VerticalScroll(id="side"):
                with Vertical(id="checkin-view"):
                    yield Static(t("meeting_screen.checkin_title"), id="checkin-title")
                    yield Static(t("meeting_screen.checkin_help"), id="checkin-help", classes="muted")
                    yield CheckinList(live, id="checkin")
                with Vertical(id="run-view"):
                    clock = ItemClock(live, id="clock")
                    yield clock
                    phase = _optional_class("facilitator.widgets.speakers", "GroupPhaseView")
                    if phase is not None:
                        clock.show_groups = False  # the group phase has its own view
                        panel = phase(live, id="group-phase")
                        self._panels.append(panel)
                        yield panel
                    yield AgendaList(live, id="agenda")
                    yield MeetingEnd(live, id="end")
                    speakers = _optional_class("facilitator.widgets.speakers", "SpeakersPanel")
                    if speakers is not None:
                        panel = speakers(live, id="speakers")
                        self._panels.append(panel)
                        yield panel
                    cues = _optional_class("facilitator.widgets.cues", "CuePanel")
                    if cues is not None:
                        panel = cues(live, id="cues")
                        self._panels.append(panel)
                        yield panel
            minutes = MinutesPane(live.minutes, id="minutes")
            minutes.border_title = t("meeting_screen.minutes_title")
            minutes.border_subtitle = t("meeting_screen.minutes_hint")
            yield minutes
        yield OvertimeBar(live, id="overtime")
        yield Footer()

    def on_mount(self) -> None:
        self._ui_loop = asyncio.get_running_loop()
        self._ui_thread = threading.get_ident()
        if self.opened is None:
            self.call_after_refresh(self._refuse)
            return
        from facilitator.store import AutoSaver

        self.saver = AutoSaver(self._save, delay=SAVE_DELAY, on_error=self._save_failed)
        self.live.on_change = self.saver.request
        self.query_one("#save-error").display = False
        self._show_mode()
        self.refresh_clock()
        self.set_interval(1.0, self.refresh_clock)
        if self.live.resumed:
            self.notify(self._resumed_text(), title=t("meeting_screen.resumed_title"), timeout=12)
        if self.live.timeout_running:
            self.call_after_refresh(self.action_timeout)  # a time-out survives a crash: show it at once

    def _resumed_text(self) -> str:
        live = self.live
        item = live.current
        if item is not None and live.running:
            since = live.hhmm(item.spans[-1].start)
            return t("meeting_screen.resumed_running", title=item.title, since=since)
        if live.timeout_running and live.current_timeout is not None:
            return t("meeting_screen.resumed_timeout", since=live.hhmm(live.current_timeout.start))
        return t("meeting_screen.resumed_paused", title=item.title if item else "")

    def _refuse(self) -> None:
        """The meeting cannot be run: say why, on the home screen or on the terminal."""
        message = self.refusal or ""
        app = self.app
        if len(app.screen_stack) > 2:
            app.pop_screen()
            app.notify(message, title=t("meeting_screen.refused_title"), severity="error", timeout=15)
        else:
            app.exit(return_code=1, message=f"facilitator: {message}")

    def _show_mode(self) -> None:
        """Check-in until it is confirmed; then the agenda. The focus goes where the keys belong."""
        checked_in = self.live.checked_in
        self.query_one("#checkin-view").display = not checked_in
        self.query_one("#run-view").display = checked_in
        if not isinstance(self.focused, MinutesPane):
            target = self.query_one("#agenda" if checked_in else "#checkin")
            target.focus(scroll_visible=False)  # the current item stays in view

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    # --- redraw -------------------------------------------------------------------

    def refresh_clock(self) -> None:
        """Redraw everything from the running meeting (every second, and after every key)."""
        if self.opened is None or not self.is_attached:
            return
        live = self.live
        self._sync_minutes()
        self._set_topbar()
        if live.checked_in:
            self.query_one(ItemClock).refresh_from(live)
            self.query_one(AgendaList).refresh_from(live)
            self.query_one(MeetingEnd).refresh_from(live)
            for panel in self._panels:
                if panel.display:
                    refresh = getattr(panel, "refresh_from", None)
                    if callable(refresh):
                        refresh(live)
                else:
                    check_bell = getattr(panel, "check_bell", None)  # a hidden speakers panel still rings
                    if callable(check_bell):
                        check_bell(live)
        self.query_one(OvertimeBar).refresh_from(live)
        if live.bell_due():
            self.app.bell()
        if live.current_index != self._shown_index:
            self._shown_index = live.current_index
            self.query_one("#side", VerticalScroll).scroll_home(animate=False)  # a new item: show its clock
        state = (live.checked_in, live.is_live, self.query_one(OvertimeBar).shown, live.timeout_running)
        if state != self._bindings_state:
            self._bindings_state = state
            self.refresh_bindings()

    def _set_topbar(self) -> None:
        live = self.live
        meeting = live.meeting
        roles = meeting.roles
        parts = [t("meeting_screen.now", time=live.hhmm(live.clock.now())), meeting.title or meeting.id]
        if roles.moderator:
            parts.append(t("meeting_screen.role_moderator", name=live.name_of(roles.moderator)))
        if roles.minute_taker:
            parts.append(t("meeting_screen.role_minute_taker", name=live.name_of(roles.minute_taker)))
        parts.append(meeting.date.strftime("%d.%m.%Y"))
        text = " · ".join(parts)
        if text != self._topbar:
            self._topbar = text
            self.query_one("#topbar", Static).update(text)

    # --- minutes ------------------------------------------------------------------

    def _sync_minutes(self) -> None:
        """Typed text goes to the meeting; the meeting's own additions go into the editor (cursor kept)."""
        if self.opened is None:
            return
        found = self.query("#minutes").results(MinutesPane)
        pane = next(iter(found), None)
        if pane is None:  # the screen is being taken down
            return
        live = self.live
        typed = pane.pull()
        if live.minutes == pane.synced:
            if typed is not None:
                live.set_minutes(typed)
                pane.agree(typed)
            return
        merged = pane.sync_from(live.minutes)
        if merged != live.minutes:
            live.set_minutes(merged)

    @on(TextArea.Changed, "#minutes")
    def _minutes_changed(self, event: TextArea.Changed) -> None:
        """A key in the minutes: hand the text to the meeting (cheap; the saver writes it later)."""
        self._sync_minutes()

    def _act(self, call: Callable[[], Any]) -> Any:
        """Run one call on the meeting with the minutes in step before and after, then redraw."""
        self._sync_minutes()
        result = call()
        self.refresh_clock()
        return result

    # --- saving -------------------------------------------------------------------

    def _save(self) -> None:
        """Write the meeting file (on the saver's thread): dump under the lock, write outside it.

        The dumped dictionary is the snapshot (no deep copy of the model: at a
        three-hour meeting that copy was one more whole meeting alive at each save).
        """
        self.store.save_meeting(self.group.id, self.live.snapshot_toml_dict())
        if self.save_problem is not None:
            self._to_ui(self._save_recovered)

    def _save_failed(self, error: Exception) -> None:
        message = t("meeting_screen.save_failed", error=str(error)) + "\n" + t("reliability.save_copy_hint")
        self._to_ui(self._show_save_problem, message)

    def _to_ui(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run `callback` on the UI thread without waiting (safe from the saver while the UI waits for it)."""
        if self._ui_thread == threading.get_ident() or self._ui_loop is None:
            callback(*args)
            return
        try:
            self._ui_loop.call_soon_threadsafe(partial(callback, *args))
        except RuntimeError:  # the loop closed: the program is ending
            pass

    def _show_save_problem(self, message: str) -> None:
        self.save_problem = message
        if not self.is_attached:
            return
        bar = self.query_one("#save-error", Static)
        bar.update(message)
        bar.display = True

    def _save_recovered(self) -> None:
        if self.save_problem is None:
            return
        self.save_problem = None
        if not self.is_attached:
            return
        self.query_one("#save-error").display = False
        self.notify(t("meeting_screen.saved_again"), timeout=6)

    def _flush_soon(self, announce: bool = False) -> None:
        """Save at once on a worker thread (item changes, ctrl+s)."""
        saver = self.saver
        if saver is None:
            return
        path = self.store.meeting_path(self.group.id, self.meeting_id)

        def flush() -> None:
            ok = saver.flush()
            if announce and ok:
                self._to_ui(partial(self.notify, t("meeting_screen.saved", path=str(path)), timeout=4))

        self.run_worker(flush, thread=True, group="meeting-save", name="save the meeting")

    def close_meeting(self) -> None:
        """Save what is unsaved, stop the saver and let go of the lock (leaving the screen, quitting)."""
        if self._meeting_closed or self.opened is None:
            return
        self._meeting_closed = True
        if self.is_attached:
            self._sync_minutes()
        if self.saver is not None:
            self.saver.close()
        self.opened.lock.release()

    def on_unmount(self) -> None:
        self.close_meeting()

    # --- keys: checks ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys work now (the footer shows only those)."""
        if self.opened is None:
            return action not in LETTER_ACTIONS
        if action == "leave_minutes":
            return isinstance(self.focused, MinutesPane)  # else escape goes on to the widgets and the prompt
        if action in LETTER_ACTIONS and isinstance(self.focused, MinutesPane):
            return False
        live = self.live
        if action == "presence":
            return not live.checked_in
        if action == "speaker" and not live.checked_in:
            return False  # at check-in the digits change presence (the "presence" binding)
        if action in MEETING_ACTIONS and not live.is_live:
            return False
        if action in ("grouping", "timeout_key", "timeout", "tick_cue", "toggle_speakers", "toggle_cues"):
            return live.is_live
        if action in OVERTIME_ACTIONS:
            return self.is_attached and bool(self.query(OvertimeBar)) and self.query_one(OvertimeBar).shown
        return True

    # --- keys: the meeting ------------------------------------------------------------

    def action_toggle_running(self) -> None:
        """Space: start or pause the current item."""
        result = self._act(self.live.toggle_running)
        if result is None:
            self._explain_refusal()

    def _explain_refusal(self) -> None:
        live = self.live
        if live.timeout_running:
            self.notify(t("meeting_screen.during_timeout"), severity="warning")
        elif not live.checked_in:
            self.notify(t("meeting_screen.checkin_first"), severity="warning")

    def action_next_item(self) -> None:
        """n: close the current item and start the next one."""
        live = self.live
        was_last = live.current_index + 1 >= len(live.items)
        had_spans = live.current is not None and bool(live.current.spans)
        moved = self._act(live.next_item)
        if moved:
            self._flush_soon()
        elif was_last and not live.timeout_running:
            self._flush_soon()
            if had_spans or live.current is not None:
                self.notify(t("meeting_screen.last_item"), timeout=6)
        else:
            self._explain_refusal()

    def action_previous_item(self) -> None:
        """p: back to the previous item."""
        if self._act(self.live.previous_item):
            self._flush_soon()
        else:
            self._explain_refusal()

    def action_more_time(self) -> None:
        """+: one minute more for the current item."""
        self._act(partial(self.live.adjust_plan, 1))

    def action_less_time(self) -> None:
        """-: one minute less for the current item."""
        self._act(partial(self.live.adjust_plan, -1))

    def action_focus_minutes(self) -> None:
        """m: write in the minutes.

        The binding has priority and the focus moves at once (not after the
        queued events), so keys typed right after m go into the minutes even
        when the program lags behind the typing (they were lost before).
        The first time (cursor still at the top of a text) the cursor goes to
        the end, where the current item's heading is.
        """
        pane = self.minutes_pane
        if pane.cursor_location == (0, 0) and pane.text:
            pane.move_cursor(pane.document.end)
        self.set_focus(pane)

    def action_scroll_side(self, direction: int) -> None:
        """Page up / down: scroll the agenda column (speakers and cues below the agenda on a small screen)."""
        side = self.query_one("#side", VerticalScroll)
        if direction < 0:
            side.scroll_page_up()
        else:
            side.scroll_page_down()

    def action_leave_minutes(self) -> None:
        """Escape in the minutes: the keys belong to the meeting again.

        A priority binding, and the focus moves at once (`set_focus`, not the deferred
        `focus()`), so the next key, already on its way, goes to the meeting, not the minutes.
        """
        if self.opened is None:
            return
        target = self.query_one("#agenda" if self.live.checked_in else "#checkin")
        self.set_focus(target, scroll_visible=False)

    def action_save_copy(self) -> None:
        """ctrl+o: write the minutes to a file the user chooses (0600), e.g. when the data folder is full."""
        from facilitator.screens.group_common import PathDialog, default_export_dir

        if self.opened is None:
            return
        self._sync_minutes()
        default = default_export_dir() / f"{self.meeting_id}-minutes.md"
        self.app.push_screen(PathDialog(t("reliability.save_copy_title"), default), self._copy_chosen)

    def _copy_chosen(self, text: str | None) -> None:
        from facilitator.export import write_export
        from facilitator.screens.group_common import chosen_path

        if not text or self.opened is None:
            return
        path = chosen_path(text)
        try:
            write_export(path, self.live.minutes.encode("utf-8"))
        except OSError as error:
            message = t("reliability.copy_failed", path=str(path), error=error.strerror or str(error))
            self.notify(message, severity="error", timeout=20)
            return
        self.notify(t("reliability.copy_saved", path=str(path)), timeout=10)

    def action_save(self) -> None:
        """ctrl+s: save now."""
        if self.opened is None:
            return
        self._sync_minutes()
        if self.saver is not None:
            self.saver.request()
        self._flush_soon(announce=True)

    def action_end_meeting(self) -> None:
        """e: end the meeting (asks first; y confirms)."""
        from facilitator.screens.dialogs import ConfirmDialog

        question = t("meeting_screen.end_question", title=self.live.meeting.title or self.meeting_id)
        self.app.push_screen(
            ConfirmDialog(question, yes=t("meeting_screen.end_yes"), no=t("meeting_screen.end_no")),
            self._end_answered,
        )

    def _end_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        self._act(self.live.end_meeting)
        title = self.live.meeting.title or self.meeting_id
        self.close_meeting()
        if self.save_problem is not None:
            self.notify(self.save_problem, severity="error", timeout=20)
        self.app.notify(t("meeting_screen.ended", title=title), timeout=8)
        self.facilitator.go_back()

    def action_leave(self) -> None:
        """q: back to the home screen without ending; a running meeting goes on and resumes when opened again."""
        running = self.opened is not None and self.live.is_live
        self.close_meeting()
        if running:
            self.app.notify(t("meeting_screen.left_running"), timeout=8)
        self.facilitator.go_back()

    def action_attendance(self) -> None:
        """a: mark a late arrival or an early leave."""
        self.app.push_screen(PresenceDialog(self.live), lambda _result: self.refresh_clock())

    def action_presence(self, digit: str) -> None:
        """0-9 at check-in: change the presence of the member in that row."""
        if self.live.checked_in:
            return
        if self.query_one(CheckinList).toggle_digit(digit):
            self.refresh_clock()

    def action_speaker(self, digit: str) -> None:
        """0-9 after check-in: the speaker with that number (at check-in: the member in that row)."""
        live = self.live
        if not live.checked_in:
            self.action_presence(digit)
            return
        member = live.member_for_digit(digit)
        if member is None:
            self.notify(t("meeting_screen.no_speaker", digit=digit), severity="warning")
            return
        if not self._act(partial(live.toggle_speaker, member)):
            key = t("meeting_screen.key_space")
            message = t("meeting_screen.during_timeout") if live.timeout_running else t("meeting_screen.speaker_needs_running", key=key)
            self.notify(message, severity="warning")

    def on_checkin_list_confirmed(self, event: CheckinList.Confirmed) -> None:
        """Enter on the check-in list: confirm it and show the agenda."""
        event.stop()
        if self._act(self.live.confirm_checkin):
            self._show_mode()
            self.refresh_clock()
            self._flush_soon()
            present = len(self.live.meeting.attendance.present)
            self.notify(t("meeting_screen.checked_in", present=present, key=t("meeting_screen.key_space")), timeout=8)

    # --- keys: the other panels and dialogs ---------------------------------------------

    def _panel(self, panel_id: str) -> Widget | None:
        found = self.query(f"#{panel_id}")
        return found.first() if found else None

    def _toggle_panel(self, panel_id: str) -> None:
        panel = self._panel(panel_id)
        if panel is None:
            self.notify(t("meeting_screen.not_available"), severity="warning")
            return
        panel.display = not panel.display
        if panel.display:
            self.refresh_clock()

    def action_toggle_speakers(self) -> None:
        """s: hide or show the speakers panel."""
        self._toggle_panel("speakers")

    def action_toggle_cues(self) -> None:
        """c: hide or show the cue panel."""
        self._toggle_panel("cues")

    def action_tick_cue(self) -> None:
        """x: tick off the first cue of the current item not yet done."""
        panel = self._panel("cues")
        tick_next = getattr(panel, "tick_next", None)
        if callable(tick_next):
            self._sync_minutes()
            if tick_next() is None:
                self.notify(t("meeting_screen.no_cue"), timeout=4)
            self.refresh_clock()
            return
        cues = self.live.cues()
        first = next((cue for cue in cues if not cue.done), None)
        if first is None:
            self.notify(t("meeting_screen.no_cue"), timeout=4)
            return
        self._act(partial(self.live.toggle_cue, first.index))

    def action_grouping(self) -> None:
        """g: the groups of three."""
        dialog = _optional_class("facilitator.screens.grouping", "GroupingDialog")
        if dialog is None:
            self.notify(t("meeting_screen.not_available"), severity="warning")
            return
        self._sync_minutes()
        self.app.push_screen(dialog(self.live, self.store, self.group), self._dialog_closed)

    def action_timeout_key(self) -> None:
        """t: a time-out (the letter key; ctrl+t works while typing too)."""
        self.action_timeout()

    def action_timeout(self) -> None:
        """t / ctrl+t: the boundary keeper's time-out."""
        screen = _optional_class("facilitator.screens.timeout", "TimeOutScreen")
        if screen is None:
            self.notify(t("meeting_screen.not_available"), severity="warning")
            return
        self._sync_minutes()
        self.app.push_screen(screen(self.live), self._dialog_closed)

    def _dialog_closed(self, _result: object = None) -> None:
        self.refresh_clock()
        self._flush_soon()

    def action_next_roles(self) -> None:
        """o: hand out the next planned meeting's roles (the rota's suggestion) and note them in the minutes."""
        from facilitator.screens.roles import roles_dialog_after

        dialog = roles_dialog_after(self.store, self.group, self.live.meeting, self.live.clock.now().date())
        if dialog is None:
            self.notify(t("group_screens.no_next_meeting"), severity="warning", timeout=8)
            return
        self.app.push_screen(dialog, self._next_roles_chosen)

    def _next_roles_chosen(self, line: str | None) -> None:
        """The roles were saved in the next meeting: add the line to the end of the minutes."""
        if not line:
            return
        self._sync_minutes()
        text = self.live.minutes.rstrip("\n")
        self.live.set_minutes((text + "\n\n" if text else "") + line + "\n")
        self._sync_minutes()
        roles_set = getattr(self._panel("cues"), "roles_set", None)
        if callable(roles_set):
            roles_set()  # tick the cue that asks for next meeting's moderator and minute-taker

    def action_help(self) -> None:
        """F1: the keys of this screen and a short guide."""
        help_screen = _optional_class("facilitator.screens.help", "HelpScreen")
        if help_screen is None:
            self.app.action_show_help_panel()
            return
        try:
            screen = help_screen(self)
        except TypeError:
            screen = help_screen()
        self.app.push_screen(screen)

    # --- keys: over-time -------------------------------------------------------------

    def action_overtime_spread(self) -> None:
        """F2: take the over-time from the later items."""
        taken = self._act(self.live.take_from_later)
        if taken:
            parts = [f"{self.live.items[i].title} −{m}" for i, m in taken.items()]
            self.notify(t("meeting_screen.spread_done", parts=", ".join(parts)), timeout=8)
        else:
            self.notify(t("meeting_screen.spread_nothing"), severity="warning", timeout=8)

    def action_overtime_extend(self) -> None:
        """F3: the meeting ends later by the over-time."""
        added = self._act(self.live.extend)
        if added:
            self.notify(t("meeting_screen.extended", minutes=added, end=self.live.hhmm(self.live.planned_end())), timeout=8)

    def action_overtime_defer(self) -> None:
        """F4: move the current item to the next meeting."""
        title = self.live.current.title if self.live.current else ""
        if self._act(self.live.defer_current) or (self.live.current and self.live.current.deferred):
            self._flush_soon()
            self.notify(t("meeting_screen.deferred", title=title), timeout=8)

    def action_overtime_dismiss(self) -> None:
        """F5: hide the prompt for this item."""
        self._act(self.live.dismiss_overtime_prompt)

    def action_dismiss_overtime_escape(self) -> None:
        """Escape (outside the minutes) hides the over-time prompt."""
        self.action_overtime_dismiss()
