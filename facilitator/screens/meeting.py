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

Keys: space start/pause, n next, p previous, + / - one minute, 0-9 presence
at check-in and speakers after it (each member keeps one number for the whole
meeting), t / ctrl+t time-out, a late arrival / early leave, g groups of
three, ctrl+r today's roles, s speakers panel, c cue panel, x tick the next
cue, o next meeting's roles, ctrl+z / ctrl+y undo / redo (every change to the
meeting), ctrl+e end (asks, with the items not reached), ctrl+l back home
without ending, tab (or just typing) writes the minutes, escape leaves them,
ctrl+s save, ctrl+o a copy of the minutes, page up / down scroll the column,
F1 help, F2-F5 the over-time prompt; in the palette also "reset to planned".

Typing is safe (facilitator/typing_guard.py): while the meeting has the
keys, a key that is no command (a capital, most letters, punctuation, enter)
goes into the minutes together with the run of keys typed just before it,
and what those keys did is undone; the keys that open a dialog (t a g o)
wait a moment for a following key first. Ending needs a button, not a letter.
Letter and digit keys type text while the minutes have the focus; the
control and function keys work everywhere.

A meeting resumed hours after it last ran asks whether to go on with the
old times, start afresh or count the time since; an ended meeting opened with
`reopen=True` (`facilitator meeting ID --reopen`, or a key on the home screen
and in the history) is open for corrections: the minutes, the roles and the
attendance, never its times. While saving fails, the screen says so, tries
again every few seconds, keeps a rescue copy outside the data folder, and
does not let the user leave without saying what is not saved.

This module is the screen itself: its layout and redraw, the minutes, typing
that is safe, saving and leaving, and the keys that act on the meeting
(start, next, time, speakers and presence, undo). Around it, along its seams:
meeting_keys.py (every binding, the footer's order, the palette),
meeting_open.py (opening a meeting: the lock and the refusals),
meeting_launch.py (the dialogs a key opens and what their answers do),
meeting_dialogs.py (those dialogs), checkin.py, overtime.py, timeout.py and
grouping.py (the check-in list, the over-time prompt, the time-out and the
groups of three).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.events import Key, Resize
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from facilitator.i18n import clock, t
from facilitator.meeting import LiveMeeting
from facilitator.screens import meeting_keys as keys
from facilitator.screens import meeting_launch as launch
from facilitator.screens.checkin import CheckinList, PresenceDialog
from facilitator.screens.meeting_keys import DELAYED_ACTIONS, LETTER_ACTIONS, MEETING_ACTIONS, OVERTIME_ACTIONS, MeetingCommands
from facilitator.screens.meeting_open import OpenedMeeting, open_live_meeting, optional_class
from facilitator.screens.overtime import OvertimeBar
from facilitator.screens.typing_catch import CatchesTyping
from facilitator.typing_guard import CHAIN, GRACE, KeyKind, TypingGuard, Verdict
from facilitator.ui import localize_bindings, stylesheet
from facilitator.widgets.agenda import AgendaList, MeetingEnd
from facilitator.widgets.countdown import ItemClock
from facilitator.widgets.footer import Footer  # prunes the keys it replaced (a Textual leak)
from facilitator.widgets.minutes import MinutesPane
from facilitator.widgets.notices import NoticeBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from facilitator.app import FacilitatorApp
    from facilitator.model import Group, Meeting
    from facilitator.screens.timeout import TimeOutScreen
    from facilitator.store import AutoSaver, Store

__all__ = ["MeetingCommands", "MeetingScreen", "open_live_meeting"]

PartT = TypeVar("PartT", bound=Widget)

TICK_YIELD = 0.1
"""Seconds after a key in the minutes before the once-a-second redraw runs (a gap in the typing)."""
TICK_YIELD_MOST = 0.4
"""The redraw waits for a gap at most this long (a fast typist never stops the clocks)."""
PREPARE_TIMEOUT_AFTER = 1.5
"""Seconds after the meeting screen opens before the time-out screen is built in advance (a moment of quiet)."""
SAVE_DELAY = 1.0
"""Seconds the autosaver waits after a change (a kill loses at most this much typing, plus a write)."""
SAVE_SOON = 0.04
"""Seconds a change of the meeting's state (a speaker, the next item, a time-out) waits before it is saved.

Long enough for the screen to draw the key's change first: a save started at once
took the interpreter from the drawing and made such a key about 10 ms slower to
show (30 ms instead of 40 in a pseudo-terminal at hour 3; issue 20). Short against
the room view's 0.3 s.
"""

NARROW_WIDTH = 100
"""Below this many columns the agenda column gets narrower (80x24 stays usable)."""
SHORT_HEIGHT = 32
"""Below this many rows details collapse."""

STALE_AFTER = 3 * 3600
"""Seconds after which a resumed meeting asks whether to go on with the old times (a meeting lasts about three hours)."""


class MeetingScreen(Screen[None]):
    """The running meeting: check-in, the agenda with the current item's countdown, and the minutes."""

    CSS_PATH = [stylesheet(name) for name in ("meeting.tcss", "panels.tcss") if stylesheet(name).exists()]
    COMMANDS = {MeetingCommands}
    FOOTER_ORDER = keys.FOOTER_ORDER
    """Binding ids in the order the footer offers them (facilitator/widgets/footer.py)."""
    AUTO_FOCUS = None
    BINDINGS = keys.BINDINGS

    def __init__(self, meeting_id: str, reopen: bool | str = False) -> None:
        """`reopen` (True, or "reopen" from a command tuple) opens an ended meeting for corrections."""
        super().__init__()
        localize_bindings(self)
        self.meeting_id = meeting_id
        """The id of the meeting (its file name without .toml)."""
        self.refusal: str | None = None
        """Why the meeting could not be opened (None when it runs)."""
        self.opened: OpenedMeeting | None = None
        self._typed_at = float("-inf")
        """When the last key changed the minutes (time.monotonic()): the second's redraw waits for a gap."""
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
        self.guard = TypingGuard()
        """Tells typing from the meeting keys (facilitator/typing_guard.py)."""
        self._held_timer: Any = None
        self._toggled: list[tuple[float, str]] = []
        self.rescue_path: str | None = None
        """Where the last rescue copy was written (while saving fails), or None."""
        self._roles_shown: str | None = None
        self.prepared_timeout: TimeOutScreen | None = None
        self.ticker: Timer | None = None
        self._minutes: MinutesPane | None = None
        """The minutes pane (kept: a query of the screen for it took 1-2 ms, three times a command)."""
        self._parts: dict[str, Widget] = {}
        """The widgets the redraw updates, found once (`_part`): each query walked the screen's widgets."""
        """The once-a-second redraw's timer (from on_mount)."""
        """The time-out screen built in advance (screens/meeting_launch.py prepare_timeout), or None."""
        self._saved_at: datetime | None = None
        """When the last save reached the disk, on the meeting's clock (what the topbar shows)."""
        self._next_meeting: Meeting | None = None
        self._next_meeting_id: str | None = None
        """The planned meeting the unreached items were moved to (undoing the end takes them off)."""
        result = open_live_meeting(self.facilitator, meeting_id, reopen=bool(reopen))
        if isinstance(result, str):
            self.refusal = result
        else:
            self.opened = result

    # --- access -------------------------------------------------------------------

    @property
    def facilitator(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)  # always the program's app; the type only for mypy

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
        pane = self._minutes
        if pane is None or pane.parent is None:
            return self.query_one("#minutes", MinutesPane)  # raises NoMatches, as it always did
        return pane

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.opened is None:
            yield Static(self.refusal or "", id="refusal", classes="error")
            return
        live = self.live
        yield Static(id="save-error")
        yield Static(id="topbar")
        with Horizontal(id="body"):
            # The column: the current item's clock (with who has the word) stays at the top whatever is
            # scrolled below it; speakers, agenda and cues scroll (page up / page down) under it.
            with Vertical(id="column"):
                clock = ItemClock(live, id="clock")
                yield clock
                # The over-time prompt stands under the clock that says OVER, in the column: its coming and
                # going never changes the minutes pane's size (no jump under the minute-taker's cursor, and
                # no redraw of 60 KB of minutes at every next item).
                yield OvertimeBar(live, id="overtime")
                phase = optional_class("facilitator.widgets.speakers", "GroupPhaseView")
                if phase is not None:
                    clock.show_groups = False  # the group phase has its own view
                    panel = phase(live, id="group-phase")
                    self._panels.append(panel)
                    yield panel
                with VerticalScroll(id="side"):
                    with Vertical(id="checkin-view"):
                        yield Static(t("meeting_screen.checkin_title"), id="checkin-title")
                        yield Static(t("meeting_screen.checkin_help"), id="checkin-help", classes="muted")
                        yield CheckinList(live, id="checkin")
                        yield Static(id="checkin-roles")
                    with Vertical(id="run-view"):
                        speakers = optional_class("facilitator.widgets.speakers", "SpeakersPanel")
                        if speakers is not None:
                            panel = speakers(live, id="speakers")
                            self._panels.append(panel)
                            yield panel
                        yield AgendaList(live, id="agenda")
                        yield MeetingEnd(live, id="end")
                        cues = optional_class("facilitator.widgets.cues", "CuePanel")
                        if cues is not None:
                            panel = cues(live, id="cues")
                            self._panels.append(panel)
                            yield panel
            minutes = self._minutes = MinutesPane(live.minutes, id="minutes")
            minutes.border_title = t("meeting_screen.minutes_title")
            minutes.border_subtitle = t("meeting_screen.minutes_hint")
            yield minutes
        yield NoticeBar(id="notices")
        yield Footer()

    def on_mount(self) -> None:
        self._ui_loop = asyncio.get_running_loop()
        self._ui_thread = threading.get_ident()
        if self.opened is None:
            self.call_after_refresh(self._refuse)
            return
        from facilitator.store import AutoSaver

        self.query_one(NoticeBar).take_over(self)
        self.saver = AutoSaver(self._save, delay=SAVE_DELAY, soon=SAVE_SOON, on_error=self._save_failed)
        self.live.on_change = self.saver.request
        self.query_one("#save-error").display = False
        self._show_mode()
        self.refresh_clock()
        self.ticker = self.set_interval(1.0, self._second)
        self.set_timer(PREPARE_TIMEOUT_AFTER, partial(launch.prepare_timeout, self))
        live = self.live
        if live.correcting:
            self.saver.request()  # the [[reopened]] entry goes to disk at once
            self.notify(t("meeting_screen.correcting_notice"), title=t("meeting_screen.correcting_title"), timeout=12)
            return
        gap = live.gap_since(self._file_saved_at())
        if live.resumed and gap > STALE_AFTER:
            from facilitator.screens.meeting_dialogs import ResumeDialog

            self.app.push_screen(ResumeDialog(live, gap), self._resume_answered)
            return
        if live.resumed:
            self.notify(self._resumed_text(), title=t("meeting_screen.resumed_title"), timeout=12)
        if live.timeout_running:
            self.call_after_refresh(self.action_timeout)  # a time-out survives a crash: show it at once

    def _file_saved_at(self) -> datetime | None:
        """When the meeting file was last written (its modification time), in the clock's zone."""
        try:
            mtime = self.store.meeting_path(self.group.id, self.meeting_id).stat().st_mtime
        except OSError:
            return None
        return datetime.fromtimestamp(mtime, tz=self.live.clock.now().tzinfo)

    def _resume_answered(self, answer: object) -> None:
        """The meeting was opened long after it last ran: the moderator chose how to go on."""
        live = self.live
        if answer in ("afresh", "afresh_keep"):
            live.reset_to_planned(keep_minutes=answer == "afresh_keep")
            self.minutes_pane.load_text(live.minutes)
            self.minutes_pane.agree(live.minutes)
            self._show_mode()
            self.notify(t("meeting_screen.reset_done"), timeout=10)
        elif answer == "count":
            self.notify(self._resumed_text(), title=t("meeting_screen.resumed_title"), timeout=12)
            if live.timeout_running:
                self.action_timeout()
        else:
            live.continue_from(self._file_saved_at())
            self.notify(t("meeting_screen.continued", key=t("meeting_screen.key_space")), timeout=10)
        self.refresh_clock()
        self._flush_soon()

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
        self.guard.reset()
        checked_in = self.live.checked_in
        self.query_one("#checkin-view").display = not checked_in
        self.query_one("#run-view").display = checked_in
        self.query_one("#clock").display = checked_in
        if not isinstance(self.focused, MinutesPane):
            target = self.query_one("#agenda" if checked_in else "#checkin")
            target.focus(scroll_visible=False)  # the current item stays in view

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        short = event.size.height < SHORT_HEIGHT
        self.set_class(short, "-short")
        if self.opened is not None:
            clock = self._part("#clock", ItemClock)
            if clock.compact != short:
                clock.compact = short  # the detail line goes into the clock's border: more rows for the speakers
                clock.refresh_from(self.live)
            self._set_topbar()  # what fits the new width

    # --- redraw -------------------------------------------------------------------

    def _part(self, selector: str, kind: type[PartT]) -> PartT:
        """`query_one(selector, kind)`, kept while the widget stays mounted (refresh_clock runs every second and
        after every key, and check_action for every binding the footer shows)."""
        found = self._parts.get(selector)
        if found is None or found.parent is None or not isinstance(found, kind):
            found = self._parts[selector] = self.query_one(selector, kind)
        return found

    def refresh_clock(self) -> None:
        """Redraw everything from the running meeting (every second, and after every key)."""
        if self.opened is None or not self.is_attached:
            return
        live = self.live
        self._sync_minutes()
        self._set_topbar()
        if not live.checked_in:
            roles = self._roles_text()
            if roles != self._roles_shown:
                self._roles_shown = roles
                self.query_one("#checkin-roles", Static).update(roles)
        if live.checked_in:
            self._part("#clock", ItemClock).refresh_from(live)
            self._part("#agenda", AgendaList).refresh_from(live)
            self._part("#end", MeetingEnd).refresh_from(live)
            for panel in self._panels:
                if panel.display:
                    refresh = getattr(panel, "refresh_from", None)
                    if callable(refresh):
                        refresh(live)
                else:
                    check_bell = getattr(panel, "check_bell", None)  # a hidden speakers panel still rings
                    if callable(check_bell):
                        check_bell(live)
        self._part("#overtime", OvertimeBar).refresh_from(live)
        if live.bell_due():
            self.app.bell()
        if live.current_index != self._shown_index:
            self._shown_index = live.current_index
            self._part("#side", VerticalScroll).scroll_home(animate=False)  # a new item: show its clock
        state = (live.checked_in, live.is_live, self._part("#overtime", OvertimeBar).shown, live.timeout_running)
        if state != self._bindings_state:
            self._bindings_state = state
            self.refresh_bindings()

    def _roles_text(self) -> str:
        """Today's roles in one line, from the plan or as set (ctrl+r), with who is missing."""
        from rich.markup import escape

        live = self.live
        roles = live.meeting.roles
        present = (
            set(live.present_members())
            if live.checked_in
            else {row.member_id for row in live.checkin_rows() if row.status == "present"}
        )
        parts = []
        for role in ("moderator", "minute_taker", "boundary_keeper", "host"):
            holder = getattr(roles, role)
            if not holder:
                name = t("meeting_screen.roles_nobody")
            elif holder in present:
                name = live.name_of(holder)
            else:
                name = t("meeting_screen.roles_not_here", name=live.name_of(holder))
            parts.append(f"{t(f'meeting_screen.role_name_{role}')}: {name}")
        owners = [live.name_of(mid) for mid in roles.theme_owners]
        if owners:
            parts.append(f"{t('meeting_screen.role_name_theme_owners')}: {', '.join(owners)}")
        return escape(t("meeting_screen.roles_line", roles=" · ".join(parts)))

    def _set_topbar(self) -> None:
        live = self.live
        meeting = live.meeting
        roles = meeting.roles
        parts = [t("meeting_screen.now", time=live.hhmm(live.clock.now())), escape(meeting.title or meeting.id)]
        if live.correcting:
            parts.insert(0, t("meeting_screen.correcting_mark"))
        elif live.finished:
            parts.insert(0, t("meeting_screen.ended_mark"))
        # Left out from the last when the line is too wide (80 columns): the date, the minute-taker, the
        # moderator. The word on saving always shows: "NOT SAVED" must never be cut off.
        optional = [meeting.date.strftime("%d.%m.%Y")]
        if roles.minute_taker:
            optional.insert(0, t("meeting_screen.role_minute_taker", name=escape(live.name_of(roles.minute_taker))))
        if roles.moderator:
            optional.insert(0, t("meeting_screen.role_moderator", name=escape(live.name_of(roles.moderator))))
        saved = [text for text in (self._saved_text(),) if text]
        room = max(20, (self.size.width or self.app.size.width) - 2)
        while optional and cell_len(" · ".join(parts + optional + saved)) > room:
            optional.pop()
        if cell_len(" · ".join(parts + saved)) > room:
            parts[1:1] = saved  # even the title is too long: the word on saving comes right after the time
            saved = []
        text = " · ".join(parts + optional + saved)
        if text != self._topbar:
            self._topbar = text
            self._part("#topbar", Static).update(text)

    # --- minutes ------------------------------------------------------------------

    def _sync_minutes(self) -> None:
        """Typed text goes to the meeting; the meeting's own additions go into the editor (cursor kept)."""
        if self.opened is None:
            return
        pane = self._minutes
        if pane is None or pane.parent is None:  # the screen is being taken down
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
        self._typed_at = time.monotonic()
        self._sync_minutes()

    def _second(self, waited: float = 0.0) -> None:
        """The once-a-second redraw; while the minute-taker types, it waits for a gap between two keys.

        The redraw takes 5-15 ms at hour 3 (the speakers' figures over 2,000 turns, the panels); a key
        that came meanwhile waited for it (issue 20's typing p99). The clocks are computed from the
        clock, never counted, so a redraw `TICK_YIELD` later shows the right time; it waits at most
        `TICK_YIELD_MOST` in all.
        """
        if waited < TICK_YIELD_MOST and time.monotonic() - self._typed_at < TICK_YIELD:
            self.set_timer(TICK_YIELD, partial(self._second, waited + TICK_YIELD))
            return
        self.refresh_clock()

    def _act(self, call: Callable[[], Any]) -> Any:
        """Run one call on the meeting with the minutes in step before and after, then redraw."""
        self._sync_minutes()
        result = call()
        self._sync_minutes()
        self.refresh_clock()
        return result

    # --- typing is safe -----------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """A key the focused widget did not take, before the screen's bindings: is it typing?

        Only while the meeting has the keys (the minutes pane takes its own
        keys; a dialog is another screen). See facilitator/typing_guard.py.
        """
        if self.opened is None:
            return
        if isinstance(self.focused, MinutesPane):
            # The minutes take their own keys; a printable key reaching the screen now was handed on before
            # the focus moved into them (typing faster than the program): it belongs to the minutes too.
            if event.is_printable or event.key == "enter":
                event.stop()
                event.prevent_default()
                self.minutes_pane.insert("\n" if event.key == "enter" else (event.character or ""))
            return
        if not (event.is_printable or event.key == "enter"):
            if event.key not in ("shift", "ctrl", "alt"):
                self.guard.reset()
            return
        text = "\n" if event.key == "enter" else (event.character or "")
        active = self.active_bindings.get(event.key)
        kind: KeyKind = "text"
        action = ""
        if active is not None and active.enabled and event.key != "escape":
            action = active.binding.action.split("(")[0]
            kind = "delayed" if action in DELAYED_ACTIONS else "instant"
        verdict = self.guard.press(text, kind, time.monotonic(), self.live.undo_depth, action)
        if verdict.do == "run":
            return  # the binding runs (App._on_key, after this)
        event.stop()
        event.prevent_default()
        if verdict.do == "wait":
            self._cancel_held()
            self._held_timer = self.set_timer(GRACE, partial(self._fire_held, active))
            return
        self._take_typing(verdict)

    def _cancel_held(self) -> None:
        if self._held_timer is not None:
            self._held_timer.stop()
            self._held_timer = None

    async def _fire_held(self, active: Any) -> None:
        """No key followed a dialog key within its grace time: it was meant, run it.

        The dialog it opens hands keys typed right after back as typing (screens/typing_catch.py).
        """
        self._held_timer = None
        held = self.guard.fire()
        if held is None or active is None or not self.is_current:
            return
        await active.node.run_action(active.binding.action)
        self._catch_typing_in(self.app.screen, held.undo_depth, held.text)

    def _catch_typing_in(self, dialog: object, depth: int, prefix: str = "") -> None:
        """Keys typed into `dialog` right after it opened are typing: arm it to hand them back."""
        if dialog is not self and isinstance(dialog, CatchesTyping):
            dialog.catch(time.monotonic() + CHAIN, partial(self._typing_from_dialog, dialog, depth, prefix))

    def _typing_from_dialog(self, dialog: CatchesTyping[Any], depth: int, prefix: str, text: str) -> None:
        """A key typed into a dialog that had just opened: it was typing; close the dialog, undo what opened it.

        Keys that reach the dialog after that, while it closes, are the typing that went on: into the minutes.
        """
        if dialog.handed_back:
            self.minutes_pane.insert(text)
            self._sync_minutes()
            return
        self._sync_minutes()
        undone = list(reversed(self.live.undo_to(depth)))
        dialog.dismiss(None)
        self._type_into_minutes(prefix + text, undone)

    def _take_typing(self, verdict: Verdict) -> None:
        """The keys were typing: undo what they did, put their text into the minutes, give the minutes the keys."""
        self._cancel_held()
        self._sync_minutes()
        undone = list(reversed(self.live.undo_to(verdict.undo_to)))
        for press in verdict.undone:
            if press.action in ("toggle_speakers", "toggle_cues"):
                panel = self._panel("speakers" if press.action == "toggle_speakers" else "cues")
                if panel is not None:
                    panel.display = not panel.display
        self._type_into_minutes(verdict.text, undone)

    def _type_into_minutes(self, text: str, undone: list[str]) -> None:
        """Put typed `text` into the minutes at the minute-taker's cursor and give the minutes the keys."""
        if undone:
            self._show_mode()
        pane = self.minutes_pane
        self._sync_minutes()
        if pane.cursor_location == (0, 0) and pane.text:
            pane.move_cursor(pane.document.end)
        if text == "\n" and not undone:
            return  # a lone enter is no typing: it changes nothing
        pane.insert(text)
        self.set_focus(pane)
        self._sync_minutes()
        self.refresh_clock()
        if undone:
            self.notify(
                t("meeting_screen.typing_undone", what=", ".join(undone)),
                title=t("meeting_screen.typing_title"),
                timeout=10,
            )

    # --- saving -------------------------------------------------------------------

    def _save(self) -> None:
        """Write the meeting file (on the saver's thread): dump under the lock, write outside it.

        The dumped dictionary is the snapshot (no deep copy of the model: at a
        three-hour meeting that copy was one more whole meeting alive at each save).
        When the write fails, the same text goes to a rescue copy outside the
        data folder before the error is reported.
        """
        data = self.live.snapshot_toml_dict()
        try:
            self.store.save_meeting(self.group.id, data)
        except Exception:  # whatever stopped the save, the meeting goes to the rescue copy first (re-raised)
            self._write_rescue(data)
            raise
        self._saved_at = self.live.clock.now()
        if self.save_problem is not None:
            self._to_ui(self._save_recovered)

    def _write_rescue(self, data: dict[str, Any]) -> None:
        """A copy of the meeting as TOML outside the data folder (0600), for when the data folder takes nothing."""
        from facilitator.store import toml_dict_bytes, write_rescue_copy

        try:
            payload = toml_dict_bytes(data)
        except Exception:  # noqa: BLE001 - a text the model refuses is still rescued, as written
            payload = repr(data).encode("utf-8", "replace")
        path = write_rescue_copy(f"{self.group.id}-{self.meeting_id}.toml", payload, self.store.root)
        self.rescue_path = str(path) if path is not None else None

    def _save_failed(self, error: Exception) -> None:
        hint = t("reliability.save_copy_hint")
        if self.rescue_path:
            hint = t("meeting_screen.rescue_written", path=self.rescue_path) + " " + hint
        message = t("meeting_screen.save_failed", error=str(error)) + "\n" + hint
        self._to_ui(self._show_save_problem, message)

    @property
    def unsaved(self) -> bool:
        """Something the meeting holds is not on disk because saving fails."""
        saver = self.saver
        return saver is not None and saver.failing

    def _saved_text(self) -> str:
        """The topbar's word on saving, from the last write that reached the disk (never from a request)."""
        saver = self.saver
        if saver is None:
            return ""
        if saver.failing:
            return t("meeting_screen.not_saved_mark")
        if self._saved_at is None:
            return ""
        return t("meeting_screen.saved_mark", time=clock(self.live.local(self._saved_at), seconds=True))

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
        """Save on a worker thread in SAVE_SOON seconds, once the change is drawn (item changes, ctrl+s)."""
        saver = self.saver
        if saver is None:
            return
        path = self.store.meeting_path(self.group.id, self.meeting_id)

        def flush() -> None:
            ok = saver.flush()
            if announce and ok:
                self._to_ui(partial(self.notify, t("meeting_screen.saved", path=str(path)), timeout=4))

        self.set_timer(SAVE_SOON, partial(self.run_worker, flush, thread=True, group="meeting-save", name="save the meeting"))

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
        launch.discard_timeout(self)

    # --- keys: checks ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys work now (the footer shows only those)."""
        if self.opened is None:
            return action == "help"  # a refused meeting: nothing to act on while the screen closes
        if action == "leave_minutes":
            return isinstance(self.focused, MinutesPane)  # else escape goes on to the widgets and the prompt
        if action in LETTER_ACTIONS and isinstance(self.focused, MinutesPane):
            return False
        live = self.live
        if action == "presence":
            return not live.checked_in and not live.finished
        if action == "speaker" and not live.is_live:
            return False  # at check-in the digits change presence (the "presence" binding); after the end nothing
        if action == "undo":
            return True if live.can_undo else None  # shown dimmed while there is nothing to undo
        if action == "redo":
            return live.can_redo
        if action == "end_meeting":
            return live.is_live
        if action == "end_corrections":
            return live.correcting
        if action in ("attendance", "roles"):
            return live.is_live or live.correcting or (action == "roles" and not live.finished)
        if action in MEETING_ACTIONS and not live.is_live:
            return False
        if action in ("grouping", "timeout_key", "timeout", "tick_cue", "toggle_speakers", "toggle_cues"):
            return live.is_live
        if action in OVERTIME_ACTIONS:
            if not self.is_attached:
                return False
            try:
                return self._part("#overtime", OvertimeBar).shown
            except NoMatches:  # the screen is not composed yet, or taken down
                return False
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
        """-: one minute less for the current item (never below the time it has used)."""
        live = self.live
        before = live.current.planned_minutes if live.current is not None else None
        after = self._act(partial(live.adjust_plan, -1))
        if before is not None and after == before and before > 0:
            self.notify(t("meeting_screen.less_refused", minutes=live.used_minutes()), severity="warning", timeout=5)

    def action_focus_minutes(self) -> None:
        """tab: write in the minutes (tab again, or escape, gives the keys back to the meeting).

        The focus moves at once (not after the queued events), so keys typed
        right after it go into the minutes even when the program lags. The
        first time (cursor still at the top of a text) the cursor goes to the
        end, where the current item's heading is.
        """
        pane = self.minutes_pane
        if isinstance(self.focused, MinutesPane):
            self.action_leave_minutes()
            return
        self.guard.reset()
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
        self.guard.reset()
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

    # --- undo -------------------------------------------------------------------------

    def action_undo(self) -> None:
        """ctrl+z: take back the newest change to the meeting (in the minutes ctrl+z undoes typing)."""
        self._history_step(self.live.undo, "meeting_screen.undone")

    def action_redo(self) -> None:
        """ctrl+y: make the newest undone change again."""
        self._history_step(self.live.redo, "meeting_screen.redone")

    def _history_step(self, call: Callable[[], str | None], key: str) -> None:
        live = self.live
        was_finished = live.finished
        label = self._act(call)
        if label is None:
            self.notify(t("meeting_screen.nothing_to_undo"), timeout=4)
            return
        self._after_structure_change(was_finished)
        self.notify(t(key, what=label), timeout=6)
        if live.timeout_running:
            self.action_timeout()  # the time-out runs again (its end was undone): its view comes back

    def _after_structure_change(self, was_finished: bool) -> None:
        """Check-in, end, reset undone or redone: the right view, the moved items, saved at once."""
        live = self.live
        self._show_mode()
        if was_finished and not live.finished:
            launch.unmove_items(self)
        self._flush_soon()

    # --- ending ------------------------------------------------------------------------

    def action_end_meeting(self) -> None:
        """ctrl+e: end the meeting (asks, listing the items not reached); in corrections: done correcting."""
        launch.end_meeting(self)

    def action_end_corrections(self) -> None:
        """ctrl+e in corrections after the end: they are done (the reopening gets its end), back home."""
        live = self.live
        self._act(live.close_corrections)
        self._leave_when_saved(t("meeting_screen.corrections_done", title=live.meeting.title or self.meeting_id))

    # --- leaving -----------------------------------------------------------------------

    def action_leave(self) -> None:
        """ctrl+l: back to the home screen without ending; a running meeting goes on and resumes when opened again."""
        if self.opened is None:
            self.facilitator.go_back()
            return
        live = self.live
        if live.correcting:
            live.close_corrections()
        if live.is_live:
            message = t("meeting_screen.left_running")
        elif live.finished:
            message = t("meeting_screen.ended", title=live.meeting.title or self.meeting_id)
        else:
            message = ""
        self._leave_when_saved(message)

    def _leave_when_saved(self, message: str) -> None:
        """Leave once everything is on disk; while saving fails, say what is not saved and stay (or leave anyway)."""
        from facilitator.screens.meeting_dialogs import UnsavedDialog

        self._sync_minutes()
        saver = self.saver
        if saver is not None and saver.dirty and not saver.flush():
            self._show_save_problem(self.save_problem or t("meeting_screen.save_failed", error=str(saver.last_error)))
            self.app.push_screen(
                UnsavedDialog(self.save_problem or "", self.rescue_path),
                partial(self._unsaved_answered, message),
            )
            return
        self._leave(message)

    def _unsaved_answered(self, message: str, leave: object) -> None:
        if leave is True:
            self._leave(t("meeting_screen.left_unsaved", path=self.rescue_path or "–"))
        elif self.saver is not None:
            self.saver.request()  # try again now; the bar stays until it works

    def _leave(self, message: str) -> None:
        self.close_meeting()
        if message:
            self.app.notify(message, timeout=10)
        self.facilitator.go_back()

    def emergency_save(self) -> bool | None:
        """The app's error boundary asks before it reports: write the meeting now (True saved, False failed)."""
        if self.opened is None or self.saver is None or self._meeting_closed:
            return None
        try:
            self._sync_minutes()
        except Exception:  # noqa: BLE001 - the editor may be what failed; the meeting's own text is saved
            pass
        self.saver.request()
        return self.saver.flush()

    def leave_problem(self) -> str | None:
        """Why quitting now would lose something (saving fails), or None; the app asks before it quits."""
        if self.opened is None:
            return None
        self._sync_minutes()
        saver = self.saver
        if saver is not None and saver.dirty and not saver.flush():
            return self.save_problem or t("meeting_screen.save_failed", error=str(saver.last_error))
        return None

    # --- roles, reset ------------------------------------------------------------------

    def action_roles(self) -> None:
        """ctrl+r: today's roles, chosen from the members present."""
        launch.today_roles(self)

    def action_record(self) -> None:
        """ctrl+f: write down what the current item decides (facilitator/screens/feedback.py)."""
        from facilitator.screens.feedback import open_record_dialog

        open_record_dialog(self)

    def action_reset(self) -> None:
        """Palette: put a meeting that was tried out back to planned (asks; keeps the minutes if ticked)."""
        launch.reset(self)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """Commands of the palette that have no key of their own."""
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        if self.opened is not None and not self.live.finished and self.live.tried_out:
            commands.append((t("meeting_screen.cmd_reset"), t("meeting_screen.cmd_reset_help"), self.action_reset))
        return commands

    def action_attendance(self) -> None:
        """a: mark a late arrival or an early leave."""
        self.app.push_screen(PresenceDialog(self.live), lambda _result: self.refresh_clock())

    def action_presence(self, digit: str) -> None:
        """0-9 at check-in: change the presence of the member with that number."""
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
            message = (
                t("meeting_screen.during_timeout") if live.timeout_running else t("meeting_screen.speaker_needs_running", key=key)
            )
            self.notify(message, severity="warning")

    def on_checkin_list_confirmed(self, event: CheckinList.Confirmed) -> None:
        """Enter on the check-in list: confirm it and show the agenda; ask for today's roles when some are missing."""
        event.stop()
        if self._act(self.live.confirm_checkin):
            self._show_mode()
            self.refresh_clock()
            self._flush_soon()
            present = len(self.live.meeting.attendance.present)
            self.notify(t("meeting_screen.checked_in", present=present, key=t("meeting_screen.key_space")), timeout=8)
            if self.live.roles_missing:
                self.notify(self._roles_text(), title=t("meeting_screen.roles_missing_title"), severity="warning", timeout=12)

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
        launch.grouping(self)

    def action_timeout_key(self) -> None:
        """t: a time-out (the letter key; ctrl+t works while typing too)."""
        self.action_timeout()

    def action_timeout(self) -> None:
        """t / ctrl+t: the boundary keeper's time-out."""
        launch.timeout(self)

    def action_next_roles(self) -> None:
        """o: hand out the next planned meeting's roles (the rota's suggestion) and note them in the minutes."""
        launch.next_roles(self)

    def action_help(self) -> None:
        """F1: the keys of this screen and a short guide."""
        launch.open_help(self)

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
        """F4: move the current item to the next meeting; asks first, and whether to start the next item."""
        launch.defer_item(self)

    def action_overtime_dismiss(self) -> None:
        """F5: hide the prompt for this item."""
        self._act(self.live.dismiss_overtime_prompt)

    def action_dismiss_overtime_escape(self) -> None:
        """Escape (outside the minutes) hides the over-time prompt."""
        self.action_overtime_dismiss()
