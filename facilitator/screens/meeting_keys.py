"""The live meeting screen's keys: its bindings, the footer's order, which actions wait or need a running meeting, the palette.

`BINDINGS` and `FOOTER_ORDER` are `MeetingScreen`'s (screens/meeting.py),
written here so that what each key does, in which order the footer offers
it, and which keys are letters that typing may take over can be read in one
place. Each binding is a catalog key with a tooltip and an `id` (a keymap
remaps it by id); `MeetingScreen.__init__` turns them into text.
`MeetingCommands` offers them in the command palette.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding, BindingType

from facilitator.screens.checkin import DIGIT_KEYS
from facilitator.screens.command_list import CommandList

__all__ = [
    "BINDINGS",
    "DELAYED_ACTIONS",
    "FOOTER_ORDER",
    "LETTER_ACTIONS",
    "MEETING_ACTIONS",
    "OVERTIME_ACTIONS",
    "MeetingCommands",
    "digit_bindings",
]

LETTER_ACTIONS = frozenset(
    {
        "toggle_running",
        "next_item",
        "previous_item",
        "more_time",
        "less_time",
        "undo",
        "redo",
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
"""Actions of the meeting keys: they do not fire while the minutes have the focus (the keys edit text there;
ctrl+z and ctrl+y undo typing in the minutes)."""

DELAYED_ACTIONS = frozenset({"timeout_key", "attendance", "grouping", "next_roles"})
"""Letter keys that open a dialog: they wait `typing_guard.GRACE` for a following key (typing) first."""

MEETING_ACTIONS = frozenset(
    {"toggle_running", "next_item", "previous_item", "more_time", "less_time", "end_meeting"}
)
"""Actions that need a checked-in meeting that has not ended."""

OVERTIME_ACTIONS = frozenset(
    {"overtime_spread", "overtime_extend", "overtime_defer", "overtime_dismiss", "dismiss_overtime_escape"}
)


class MeetingCommands(CommandList):
    """The command palette on the meeting screen: every key of the screen, by its description."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            commands += extra()
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            if not (binding.id and "." in binding.id):
                continue  # Textual's own keys (scrolling, focus, copy) have no id of ours and no translation
            if binding.action.startswith(("speaker(", "presence(")):
                continue
            seen.add(binding.action)
            shown = binding.key_display or screen.app.get_key_display(binding)
            title = f"{binding.description} ({shown})"
            # the App's run_action with the binding's node as namespace: what the node's own run_action does
            commands.append((title, binding.tooltip, partial(screen.app.run_action, binding.action, active.node)))
        return commands


PLUS_MINUS = Binding.Group("meeting_screen.bind_plus_minus")
"""+ and - stand together in the footer as one key, "+/- ±1 min"."""


def digit_bindings() -> list[Binding]:
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


FOOTER_ORDER = (
    # The moderator's keys, the most needed first; the footer shows as many as fit, and F1 always.
    "meeting.leave_minutes_now",
    "meeting.start",
    "meeting.next",
    "meeting.speaker_1",
    "meeting.presence_1",
    "meeting.timeout",
    "meeting.timeout_anywhere",  # shown where t is not (in the minutes): one key per description
    "meeting.overtime_spread",
    "meeting.overtime_extend",
    "meeting.overtime_defer",
    "meeting.overtime_dismiss",
    "meeting.undo",
    "meeting.end",
    "meeting.end_corrections",
    "meeting.more",
    "meeting.less",
    "meeting.attendance",
    "meeting.grouping",
    "meeting.roles",
    "meeting.previous",
    "meeting.redo",
    "meeting.next_roles",
    "meeting.tick_cue",
    "meeting.speakers",
    "meeting.cues",
    "meeting.save",
    "meeting.leave",
)
"""Binding ids in the order the footer offers them (facilitator/widgets/footer.py)."""

BINDINGS: list[BindingType] = [
    # The footer shows the first keys first: the moderator's most needed keys lead.
    Binding("space", "toggle_running", "meeting_screen.bind_start", tooltip="meeting_screen.tip_start", id="meeting.start"),
    Binding("n", "next_item", "meeting_screen.bind_next", tooltip="meeting_screen.tip_next", id="meeting.next"),
    *digit_bindings(),
    Binding("t", "timeout_key", "meeting_screen.bind_timeout", tooltip="meeting_screen.tip_timeout", id="meeting.timeout"),
    Binding("ctrl+z", "undo", "meeting_screen.bind_undo", tooltip="meeting_screen.tip_undo", id="meeting.undo"),
    # tab has priority: the focus moves at once, before the keys typed right after it are handed on
    Binding(
        "tab",
        "focus_minutes",
        "meeting_screen.bind_minutes",
        tooltip="meeting_screen.tip_minutes",
        id="meeting.minutes",
        priority=True,
        show=False,
    ),
    Binding("ctrl+e", "end_meeting", "meeting_screen.bind_end", tooltip="meeting_screen.tip_end", id="meeting.end"),
    Binding(
        "ctrl+e",
        "end_corrections",
        "meeting_screen.bind_end_corrections",
        tooltip="meeting_screen.tip_end_corrections",
        id="meeting.end_corrections",
    ),
    Binding("ctrl+y", "redo", "meeting_screen.bind_redo", tooltip="meeting_screen.tip_redo", id="meeting.redo"),
    Binding(
        "p", "previous_item", "meeting_screen.bind_previous", tooltip="meeting_screen.tip_previous", id="meeting.previous"
    ),
    Binding(
        "plus",
        "more_time",
        "meeting_screen.bind_more",
        tooltip="meeting_screen.tip_more",
        key_display="+",
        id="meeting.more",
        group=PLUS_MINUS,
    ),
    Binding(
        "minus",
        "less_time",
        "meeting_screen.bind_less",
        tooltip="meeting_screen.tip_less",
        key_display="-",
        id="meeting.less",
        group=PLUS_MINUS,
    ),
    Binding(
        "a", "attendance", "meeting_screen.bind_attendance", tooltip="meeting_screen.tip_attendance", id="meeting.attendance"
    ),
    Binding("g", "grouping", "meeting_screen.bind_grouping", tooltip="meeting_screen.tip_grouping", id="meeting.grouping"),
    Binding("ctrl+r", "roles", "meeting_screen.bind_roles", tooltip="meeting_screen.tip_roles", id="meeting.roles"),
    # issue 21: what the item decides (the purpose, the evaluation's conclusions, feedback on the roles)
    Binding("ctrl+f", "record", "year.bind_record", tooltip="year.tip_record", id="meeting.record", show=False),
    Binding(
        "ctrl+s", "save", "meeting_screen.bind_save", tooltip="meeting_screen.tip_save", id="meeting.save", priority=True
    ),
    Binding("ctrl+l", "leave", "meeting_screen.bind_leave", tooltip="meeting_screen.tip_leave", id="meeting.leave"),
    Binding(
        "ctrl+t",
        "timeout",
        "meeting_screen.bind_timeout",
        tooltip="meeting_screen.tip_timeout_anywhere",
        id="meeting.timeout_anywhere",
        priority=True,
    ),
    Binding(
        "s", "toggle_speakers", "meeting_screen.bind_speakers", tooltip="meeting_screen.tip_speakers", id="meeting.speakers"
    ),
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
    Binding(
        "o", "next_roles", "group_screens.bind_next_roles", tooltip="group_screens.tip_next_roles", id="meeting.next_roles"
    ),
    Binding(
        "f2",
        "overtime_spread",
        "meeting_screen.bind_spread",
        tooltip="meeting_screen.tip_spread",
        id="meeting.overtime_spread",
        priority=True,
    ),
    Binding(
        "f3",
        "overtime_extend",
        "meeting_screen.bind_extend",
        tooltip="meeting_screen.tip_extend",
        id="meeting.overtime_extend",
        priority=True,
    ),
    Binding(
        "f4",
        "overtime_defer",
        "meeting_screen.bind_defer",
        tooltip="meeting_screen.tip_defer",
        id="meeting.overtime_defer",
        priority=True,
    ),
    Binding(
        "f5",
        "overtime_dismiss",
        "meeting_screen.bind_dismiss",
        tooltip="meeting_screen.tip_dismiss",
        id="meeting.overtime_dismiss",
        priority=True,
    ),
    Binding("escape", "dismiss_overtime_escape", "meeting_screen.bind_dismiss", show=False, id="meeting.overtime_escape"),
    # Escape in the minutes has priority: the focus leaves at once, so a key typed right
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
