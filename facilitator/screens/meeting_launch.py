"""The dialogs the live meeting's keys open, and what their answers do to the meeting.

`MeetingScreen` (screens/meeting.py) turns a key into one of these calls and
stays about the meeting itself (the clock, the speakers, the minutes, saving);
here is what happens around a dialog: what it is opened with and what each
answer changes.

- ctrl+e `end_meeting`: `EndDialog`; "move" ends the meeting and moves the
  items not reached to the next planned meeting (`unmove_items` takes them off
  again when the end is undone), "keep" ends it without moving them.
- F4 `defer_item`: `DeferDialog`; the current item goes to the next meeting,
  and the next item starts now or waits.
- palette `reset`: `ResetDialog`; a meeting tried out goes back to planned.
- ctrl+r `today_roles`: `TodayRolesDialog`; o `next_roles`: the next planned
  meeting's `RolesDialog`, whose line is added to the minutes.
- g `grouping`, t `timeout`, F1 `open_help`: the groups of three, the
  time-out, the keys of the screen.

Each function takes the screen; an answer is one call on the running meeting
through `screen._act`, as a key is.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from facilitator.i18n import t
from facilitator.screens.meeting_open import optional_class

if TYPE_CHECKING:
    from facilitator.screens.meeting import MeetingScreen

__all__ = ["defer_item", "end_meeting", "grouping", "next_roles", "open_help", "reset", "timeout", "today_roles", "unmove_items"]


# --------------------------------------------------------------------------- ending (ctrl+e)


def end_meeting(screen: MeetingScreen) -> None:
    """ctrl+e: end the meeting (asks, listing the items not reached); in corrections: done correcting."""
    from facilitator.moving import next_planned
    from facilitator.screens.meeting_dialogs import EndDialog

    live = screen.live
    if live.correcting:
        screen.action_end_corrections()
        return
    try:
        following = next_planned(screen.store, screen.group.id, live.meeting)
    except Exception:  # noqa: BLE001 - unreadable plans: ending must still work (the items stay marked)
        following = None
    screen._next_meeting = following
    screen._next_meeting_id = following.id if following is not None else None
    screen.app.push_screen(EndDialog(live, following), partial(_end_answered, screen))


def _end_answered(screen: MeetingScreen, answer: object) -> None:
    if answer not in ("move", "keep"):
        return
    from facilitator.screens.meeting_dialogs import next_titles

    live = screen.live
    move = answer == "move"
    titles = next_titles(screen._next_meeting)
    unreached = live.unreached_items(titles) if move else []
    if not screen._act(partial(live.end_meeting, move_unreached=move, on_next_agenda=titles)):
        return
    title = live.meeting.title or screen.meeting_id
    if unreached and screen._next_meeting_id is not None:
        _move_items(screen, unreached)
    elif unreached:
        screen.notify(t("meeting_screen.moved_later", count=len(unreached)), timeout=10)
    screen._show_mode()
    screen._flush_soon(announce=False)
    screen.notify(t("meeting_screen.ended_here", title=title), title=t("meeting_screen.ended_title"), timeout=12)


def _move_items(screen: MeetingScreen, indices: list[int]) -> None:
    from facilitator.moving import move_items
    from facilitator.store import StoreError

    target = screen._next_meeting_id
    if target is None:
        return
    try:
        added = move_items(screen.store, screen.group.id, screen.live.meeting, indices, target)
    except (StoreError, OSError) as error:
        screen.notify(t("meeting_screen.move_failed", error=str(error)), severity="error", timeout=15)
        return
    if added:
        screen.notify(t("meeting_screen.moved", count=len(added), titles=", ".join(added)), timeout=10)


def unmove_items(screen: MeetingScreen) -> None:
    """The end was undone: the items it moved leave the next meeting again."""
    from facilitator.moving import unmove_items as take_back
    from facilitator.store import StoreError

    target = getattr(screen, "_next_meeting_id", None)
    if target is None:
        return
    try:
        take_back(screen.store, screen.group.id, screen.meeting_id, target)
    except (StoreError, OSError) as error:
        screen.notify(t("meeting_screen.move_failed", error=str(error)), severity="error", timeout=15)


# --------------------------------------------------------------------------- an item to the next meeting (F4)


def defer_item(screen: MeetingScreen) -> None:
    """F4: move the current item to the next meeting; asks first, and whether to start the next item."""
    from facilitator.screens.meeting_dialogs import DeferDialog

    screen._sync_minutes()
    screen.app.push_screen(DeferDialog(screen.live), partial(_defer_answered, screen))


def _defer_answered(screen: MeetingScreen, answer: object) -> None:
    if answer not in ("defer_start", "defer_wait"):
        return
    live = screen.live
    title = live.current.title if live.current else ""
    moved = screen._act(partial(live.defer_current, start_next=answer == "defer_start"))
    if moved or (live.current and live.current.deferred):
        screen._flush_soon()
        screen.notify(t("meeting_screen.deferred", title=title), timeout=8)


# --------------------------------------------------------------------------- back to planned (palette)


def reset(screen: MeetingScreen) -> None:
    """Palette: put a meeting that was tried out back to planned (asks; keeps the minutes if ticked)."""
    from facilitator.screens.meeting_dialogs import ResetDialog

    live = screen.live
    if live.finished or not live.tried_out:
        screen.notify(t("meeting_screen.reset_nothing"), severity="warning", timeout=6)
        return
    screen.app.push_screen(ResetDialog(live), partial(_reset_answered, screen))


def _reset_answered(screen: MeetingScreen, answer: object) -> None:
    if answer not in ("reset", "reset_keep"):
        return
    if screen._act(partial(screen.live.reset_to_planned, keep_minutes=answer == "reset_keep")):
        screen._show_mode()
        screen._flush_soon()
        screen.notify(t("meeting_screen.reset_done"), timeout=10)


# --------------------------------------------------------------------------- roles (ctrl+r, o)


def today_roles(screen: MeetingScreen) -> None:
    """ctrl+r: today's roles, chosen from the members present."""
    from facilitator.screens.meeting_dialogs import TodayRolesDialog

    screen._sync_minutes()
    screen.app.push_screen(TodayRolesDialog(screen.live), partial(_roles_chosen, screen))


def _roles_chosen(screen: MeetingScreen, roles: object) -> None:
    from facilitator.model import Roles

    if isinstance(roles, Roles) and screen._act(partial(screen.live.set_roles, roles)):
        screen.notify(t("meeting_screen.roles_set"), timeout=5)


def next_roles(screen: MeetingScreen) -> None:
    """o: hand out the next planned meeting's roles (the rota's suggestion) and note them in the minutes."""
    from facilitator.screens.roles import roles_dialog_after

    dialog = roles_dialog_after(screen.store, screen.group, screen.live.meeting, screen.live.clock.now().date())
    if dialog is None:
        screen.notify(t("group_screens.no_next_meeting"), severity="warning", timeout=8)
        return
    screen.app.push_screen(dialog, partial(_next_roles_chosen, screen))


def _next_roles_chosen(screen: MeetingScreen, line: str | None) -> None:
    """The roles were saved in the next meeting: add the line to the end of the minutes."""
    if not line:
        return
    screen._sync_minutes()
    text = screen.live.minutes.rstrip("\n")
    screen.live.set_minutes((text + "\n\n" if text else "") + line + "\n")
    screen._sync_minutes()
    roles_set = getattr(screen._panel("cues"), "roles_set", None)
    if callable(roles_set):
        roles_set()  # tick the cue that asks for next meeting's moderator and minute-taker


# --------------------------------------------------------------------------- groups of three, time-out, help (g, t, F1)


def grouping(screen: MeetingScreen) -> None:
    """g: the groups of three."""
    _open_over_meeting(screen, "grouping", "GroupingDialog", screen.live, screen.store, screen.group)


def timeout(screen: MeetingScreen) -> None:
    """t / ctrl+t: the boundary keeper's time-out, on the screen built in advance when there is one."""
    view = screen.prepared_timeout
    if view is None or not view.is_running or view in screen.app.screen_stack:
        _open_over_meeting(screen, "timeout", "TimeOutScreen", screen.live)
        return
    live = screen.live
    screen._sync_minutes()
    if not live.timeout_running:
        live.call_timeout()
    if not live.timeout_running:
        screen.notify(t("panels.timeout_not_running"), severity="warning")
        return
    view.prepare()
    screen.app.push_screen(view, partial(_dialog_closed, screen))


def prepare_timeout(screen: MeetingScreen) -> None:
    """Build the time-out screen now, while nothing happens, and keep it for every time-out of this meeting.

    Composing and styling it took 50-100 ms (at hour 3, on a slow laptop) of the key that calls a
    time-out, the one moment the screen must change at once (issue 20). It is installed (so that
    closing it keeps it) and registered as Textual's push_screen would (its widgets composed and
    styled), but not shown. `discard_timeout` lets go of it when the meeting screen closes.
    """
    if screen.prepared_timeout is not None or screen.opened is None or not screen.is_attached:
        return
    view_class = optional_class("facilitator.screens.timeout", "TimeOutScreen")
    if view_class is None:
        return
    app = screen.app
    view = view_class(screen.live, standby=True)
    app.install_screen(view, f"timeout-{id(screen)}")
    app._load_screen_css(view)  # as push_screen does (Textual 8.2.8): its stylesheet, before its widgets
    app._register(app, view)  # as _get_screen does for a screen not yet running: composed and styled now
    screen.prepared_timeout = view


def discard_timeout(screen: MeetingScreen) -> None:
    """The meeting screen closes: the time-out screen built for it goes too."""
    view = screen.prepared_timeout
    if view is None:
        return
    screen.prepared_timeout = None
    app = screen.app
    if any(view in stack for stack in app._screen_stacks.values()):
        return  # the meeting closes under a time-out (the program ends): the time-out goes with the app
    app.uninstall_screen(view)
    view.remove()


def _open_over_meeting(screen: MeetingScreen, module: str, class_name: str, *args: object) -> None:
    """Open screens/`module`'s `class_name` with `args` (the minutes synced first); its close redraws and saves."""
    dialog = optional_class(f"facilitator.screens.{module}", class_name)
    if dialog is None:
        screen.notify(t("meeting_screen.not_available"), severity="warning")
        return
    screen._sync_minutes()
    screen.app.push_screen(dialog(*args), partial(_dialog_closed, screen))


def _dialog_closed(screen: MeetingScreen, _result: object = None) -> None:
    screen.refresh_clock()
    screen._flush_soon()


def open_help(screen: MeetingScreen) -> None:
    """F1: the keys of this screen and a short guide."""
    help_screen = optional_class("facilitator.screens.help", "HelpScreen")
    if help_screen is None:
        screen.app.action_show_help_panel()
        return
    try:
        shown = help_screen(screen)
    except TypeError:
        shown = help_screen()
    screen.app.push_screen(shown)
