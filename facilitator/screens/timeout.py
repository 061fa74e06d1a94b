"""The boundary keeper's time-out, covering the whole screen (issue 4).

Pushed by the meeting screen's t and ctrl+t::

    live.call_timeout()                      # optional: the screen calls it if no time-out runs yet
    app.push_screen(TimeOutScreen(live), on_closed)   # dismisses with the outcome, or None

or, as the meeting screen does, built in advance (its composing and styling
took 50-100 ms of the boundary keeper's key) and kept for every time-out::

    screen = TimeOutScreen(live, standby=True)  # installed and registered while nothing happens
    live.call_timeout(); screen.prepare(); app.push_screen(screen, on_closed)

and at once when a meeting is reopened with a time-out still running (a crash).

It shows a calm, large TIME-OUT, who called it (today's boundary keeper by
default; w opens the list of the members present to choose another) and how long it has lasted
(`live.timeout_elapsed()`, read from the clock each second). The item timer and
the speaker are stopped by the meeting; time-out time counts nowhere.

To resume the moderator picks an outcome: 1 continue, 2 change the subject,
3 close the item (`live.end_timeout`). ctrl+z takes back a time-out started by
mistake (the item ran on through it). A note can be written first (n or tab
focuses it; enter or escape leaves it), and m (or the checkbox) decides
whether the note goes into the minutes; the short line about the time-out
always does.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.events import ScreenResume
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Checkbox, Digits, Input, Select, Static

from facilitator.i18n import t
from facilitator.meeting import LiveMeeting
from facilitator.screens.dialog_base import Dialog
from facilitator.screens.typing_catch import CatchesTyping
from facilitator.speaking import clock_text
from facilitator.ui import stylesheet

__all__ = ["OUTCOMES", "TimeOutScreen", "big_lines", "big_word"]

Outcome = Literal["continue", "change_subject", "close_item"]
OUTCOMES: dict[str, Outcome] = {"1": "continue", "2": "change_subject", "3": "close_item"}
"""The digit keys of the three ways to resume."""

# Each glyph is five rows of pixels; two pixel rows make one line of half blocks.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  "),
    "I": ("###", " # ", " # ", " # ", "###"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "E": ("#####", "#    ", "#### ", "#    ", "#####"),
    "-": ("    ", "    ", "####", "    ", "    "),
    "O": (" ### ", "#   #", "#   #", "#   #", " ### "),
    "U": ("#   #", "#   #", "#   #", "#   #", " ### "),
}


def big_lines(word: str) -> list[str]:
    """`word` in large letters, three lines of half blocks (letters of TIME-OUT only; others are left out)."""
    glyphs = [_GLYPHS[c] for c in word.upper() if c in _GLYPHS]
    if not glyphs:
        return [word]
    rows = [" ".join(glyph[r] for glyph in glyphs) for r in range(5)] + [" " * (sum(len(g[0]) for g in glyphs) + len(glyphs) - 1)]
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        line = "".join(
            "█" if a == "#" and b == "#" else "▀" if a == "#" else "▄" if b == "#" else " "
            for a, b in zip(top, bottom, strict=True)
        )
        lines.append(line.rstrip())
    return lines


def big_word(word: str) -> Text:
    """`word` in large letters as a Text (three lines)."""
    return Text("\n".join(big_lines(word)), end="")


def _clock(seconds: float) -> str:
    """How long the time-out has lasted, as the big clocks write it ("04:10"): `speaking.clock_text`."""
    return clock_text(max(0.0, seconds), rounding="down", pad=True)


class TimeOutScreen(CatchesTyping[str | None], Dialog[str | None]):
    """The running time-out over everything; dismisses with the outcome chosen. See the module docstring."""

    CSS_PATH = [stylesheet("panels.tcss")]
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("1", "resume('1')", "panels.bind_continue", tooltip="panels.tip_continue", id="timeout.continue"),
        Binding(
            "2", "resume('2')", "panels.bind_change_subject", tooltip="panels.tip_change_subject", id="timeout.change_subject"
        ),
        Binding("3", "resume('3')", "panels.bind_close_item", tooltip="panels.tip_close_item", id="timeout.close_item"),
        Binding("n", "note", "panels.bind_note", tooltip="panels.tip_note", id="timeout.note"),
        Binding("m", "toggle_in_minutes", "panels.bind_in_minutes", tooltip="panels.tip_in_minutes", id="timeout.in_minutes"),
        Binding("w", "cycle_caller", "panels.bind_caller", tooltip="panels.tip_caller", id="timeout.caller"),
        Binding(
            "escape", "leave_note", "panels.bind_leave_note", tooltip="panels.tip_leave_note", id="timeout.leave_note", show=False
        ),
        Binding("f1", "help", "panels.bind_help", tooltip="panels.tip_help", id="timeout.help"),
        Binding("ctrl+z", "undo", "meeting_screen.bind_undo", tooltip="panels.tip_undo_timeout", id="timeout.undo"),
    ]

    def __init__(self, live: LiveMeeting, *, standby: bool = False) -> None:
        """Shows the running time-out of `live`; calls one (by the boundary keeper) when none runs yet.

        With `standby` it is built in advance and kept (the meeting screen installs it): nothing is
        called now, and each showing begins with `prepare()`.
        """
        super().__init__(cancel=None)  # no key cancels a time-out: escape only leaves the note
        self.live = live
        self.standby = standby
        if not live.timeout_running and not standby:
            live.call_timeout()
        self._shown: tuple[str, str] | None = None
        self._ticker: Timer | None = None
        self._options_given: tuple[tuple[str, str], ...] | None = None
        """The caller list the Select holds (`prepare` gives it a new one only when today's members changed)."""

    # ----------------------------------------------------------------- layout

    def compose_dialog(self) -> ComposeResult:
        with Vertical(id="timeout-view"):
            with Center():
                yield Static(big_word("TIME-OUT"), id="timeout-word")
            yield Static(id="timeout-who")
            with Center(id="timeout-caller-row"):
                options = self._caller_options()
                self._options_given = self._options_key(options)
                yield Select(
                    options,
                    value=self._caller_value(),
                    allow_blank=True,
                    prompt=t("panels.called_by_nobody"),
                    compact=True,
                    id="timeout-caller",
                )
            with Center():
                yield Digits("00:00", id="timeout-elapsed")
            yield Static(id="timeout-item", classes="muted")
            with Center(id="timeout-form"):
                yield Input(placeholder=t("panels.note_placeholder"), id="timeout-note", max_length=500)
            with Center():
                yield Checkbox(t("panels.note_in_minutes"), False, id="timeout-in-minutes")
            yield Static(t("panels.timeout_choices"), id="timeout-choices")

    def _caller_options(self) -> list[tuple[Text, str]]:
        live = self.live
        # A name is text, never markup: the option list would read "Anne [/] Hansen" as markup.
        return [(Text(f"{live.number_of(mid) or ''} {live.name_of(mid)}".strip()), mid) for mid in live.present_members()]

    @staticmethod
    def _options_key(options: list[tuple[Text, str]]) -> tuple[tuple[str, str], ...]:
        return tuple((text.plain, mid) for text, mid in options)

    def _caller_value(self) -> str | object:
        timeout = self.live.current_timeout
        caller = timeout.called_by if timeout is not None else ""
        return caller if caller in self.live.present_members() else Select.NULL

    @on(Select.Changed, "#timeout-caller")
    def _caller_chosen(self, event: Select.Changed) -> None:
        value = event.value
        self.live.set_timeout_caller(value if isinstance(value, str) else "")
        self.refresh_from(self.live)
        if isinstance(self.focused, Select) and not event.select.expanded:
            self.set_focus(None)

    def on_mount(self) -> None:
        if self.standby:
            self._styled_with = self._style_inputs()  # styled now, as it was registered
            return  # built in advance: shown later, after prepare()
        if not self.live.timeout_running:
            self.app.notify(t("panels.timeout_not_running"), severity="warning")
            self.dismiss(None)
            return
        self.refresh_from(self.live)

    _styled_with: tuple[object, ...] | None = None
    """What the styles of its widgets were computed from (a screen built in advance, `_style_inputs`)."""

    def _style_inputs(self) -> tuple[object, ...]:
        """What the styles of this screen depend on besides its own classes: the theme and its colours."""
        return (self.app.theme, self.app.ansi_color)

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """Textual's resume, without styling every widget anew when nothing they depend on changed.

        Textual restyles a screen each time it is pushed (22 ms of the 51 ms a time-out took to show at
        hour 3): right for a new screen, wasted on the one built in advance and styled at its build.
        """
        inputs = self._style_inputs()
        if event.refresh_styles and inputs == self._styled_with:
            event.prevent_default()  # Screen's own handler would run next, with the restyling
            Screen._on_screen_resume(self, ScreenResume(refresh_styles=False))
        self._styled_with = inputs
        if self._ticker is None:
            self._ticker = self.set_interval(1.0, self.refresh_from)

    def on_screen_suspend(self) -> None:
        if self._ticker is not None:  # a screen kept for the next time-out ticks only while it shows
            self._ticker.stop()
            self._ticker = None

    def prepare(self) -> None:
        """Make a screen built in advance show the time-out running now, as a new one would: an empty note,
        not in the minutes, today's members to choose the caller from, nothing handed back as typing."""
        self.handed_back = False
        self._catch_handler = None
        self._catch_until = 0.0
        # `_shown` stays: the caller's and the item's lines still show what they showed, and writing the same
        # text again laid the screen out anew (a Static's update always does) in the key's frame (issue 20).
        self.query_one("#timeout-note", Input).value = ""
        self.query_one("#timeout-in-minutes", Checkbox).value = False
        select = self.query_one("#timeout-caller", Select)
        with self.prevent(Select.Changed):  # setting the choices is no choice of the moderator's
            options = self._caller_options()
            key = self._options_key(options)
            if key != self._options_given:  # rebuilding the list took 2 ms of the key that calls a time-out
                self._options_given = key
                select.set_options(options)
            value = self._caller_value()
            if select.value != value:
                select.value = value
        self.set_focus(None)
        self.refresh_from(self.live)

    def refresh_from(self, live: LiveMeeting | None = None) -> None:
        """Show who called the time-out and how long it has lasted (read from the clock)."""
        live = live or self.live
        timeout = live.current_timeout
        if timeout is None or not self.query("#timeout-who"):
            return
        caller = timeout.called_by
        if caller:
            who = t("panels.called_by", name=escape(live.name_of(caller)))  # a name is text, never markup
            if caller == live.meeting.roles.boundary_keeper:
                who += " " + t("panels.boundary_keeper_suffix")
        else:
            who = t("panels.called_by_nobody")
        item = live.items[timeout.item] if 0 <= timeout.item < len(live.items) else None
        where = t("panels.timeout_item", n=timeout.item + 1, title=escape(item.title)) if item is not None else ""
        shown = (who, where)
        if shown != self._shown:
            self._shown = shown
            self.query_one("#timeout-who", Static).update(who)
            self.query_one("#timeout-item", Static).update(where + " " + t("panels.timeout_counts_nowhere"))
        self.query_one("#timeout-elapsed", Digits).update(_clock(live.timeout_elapsed()))

    # ----------------------------------------------------------------- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letter and digit keys type into the note while it has the focus."""
        if isinstance(self.focused, (Input, Select)) and action in ("resume", "note", "toggle_in_minutes", "cycle_caller"):
            return False
        return True

    def action_resume(self, digit: str) -> None:
        """1 / 2 / 3: end the time-out with that outcome."""
        outcome = OUTCOMES.get(digit)
        if outcome is None:
            return
        note = self.query_one("#timeout-note", Input).value.strip()
        in_minutes = self.query_one("#timeout-in-minutes", Checkbox).value
        if self.live.end_timeout(outcome, note, note_in_minutes=in_minutes):
            self.dismiss(outcome)
        else:
            self.dismiss(None)

    def action_note(self) -> None:
        """n: write a note."""
        self.query_one("#timeout-note", Input).focus()

    def action_leave_note(self) -> None:
        """Escape: leave the note (the time-out goes on until an outcome is chosen)."""
        self.set_focus(None)

    @on(Input.Submitted, "#timeout-note")
    def _note_done(self) -> None:
        self.set_focus(None)

    def action_toggle_in_minutes(self) -> None:
        """m: whether the note goes into the minutes."""
        box = self.query_one("#timeout-in-minutes", Checkbox)
        box.value = not box.value

    def action_cycle_caller(self) -> None:
        """w: someone else called the time-out: the list of the members present opens to choose them."""
        select = self.query_one("#timeout-caller", Select)
        select.focus()
        select.expanded = True

    def action_undo(self) -> None:
        """ctrl+z: the time-out was started by mistake (or its caller changed): take that back."""
        label = self.live.undo()
        if label is not None:
            self.app.notify(t("meeting_screen.undone", what=label), timeout=6)
        if not self.live.timeout_running:
            self.dismiss(None)
        else:
            self.refresh_from(self.live)

    def action_help(self) -> None:
        """F1: the keys of this view."""
        from facilitator.screens.help import show_help

        show_help(self)

    @property
    def note(self) -> str:
        """The note as typed so far."""
        return self.query_one("#timeout-note", Input).value
