"""The meeting screen's notices: a bar above the footer instead of toasts over the screen (issue 17).

Textual shows a notice (`notify`) as a toast laid over the bottom right of the
screen; on the meeting screen at 80x24 that covered the speakers and the
minutes, the two things that change while it is up. `NoticeBar` takes the
notices of its screen instead: the screen hands it the toast rack's work
(`take_over(screen)`), and the bar shows the newest notices, one line each
(two at most), in the flow above the footer, so the column and the minutes
get shorter for those seconds and nothing is covered.
A warning or an error starts with `!` (not colour alone). Each line goes when
its notice times out, as the toast would have, or when the bar is clicked (a
toast went away on a click too); the notices stay Textual's own
(`app._notifications`), so everything else about them is unchanged.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.notifications import Notification, Notifications
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._toast import ToastRack

from facilitator import glyphs

__all__ = ["NoticeBar"]

MOST = 2
"""Notices shown at once (the newest)."""


class NoticeBar(Static):
    """The newest notices of the screen, one line each, above the footer. See the module docstring."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False
        self._timer: Any = None
        self.shown: list[Notification] = []
        """The notices on the bar now (tests read them)."""

    def take_over(self, screen: Screen[Any]) -> None:
        """Show the screen's notices here instead of in its toast rack (which then stays hidden)."""
        for rack in screen.query_children(ToastRack):
            rack.show = self.show  # type: ignore[method-assign]  # this one rack's method, on purpose
            rack.display = False

    def show(self, notifications: Notifications) -> None:
        """Draw the newest notices that have not timed out; come back when the first of them does."""
        alive = [notification for notification in notifications if not notification.has_expired]
        self.shown = alive[-MOST:]
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.shown:
            self.display = False
            return
        text = Text(end="")
        for n, notification in enumerate(self.shown):
            if n:
                text.append("\n")
            text.append_text(self._line(notification))
        severities = {notification.severity for notification in self.shown}
        self.set_class("error" in severities, "-error")
        self.set_class("warning" in severities and "error" not in severities, "-warning")
        self.update(text)
        self.display = True
        soonest = min(notification.time_left for notification in self.shown)
        self._timer = self.set_timer(max(0.1, soonest + 0.05), lambda: self.show(notifications))

    def on_click(self, event: events.Click) -> None:
        """A click takes the notices shown away, as it took a toast away."""
        event.stop()
        shown, self.shown = self.shown, []
        notifications = self.app._notifications
        for notification in shown:
            if notification in notifications:
                self.app._unnotify(notification, refresh=False)
        self.show(notifications)

    @staticmethod
    def _line(notification: Notification) -> Text:
        line = Text(no_wrap=False, end="")
        if notification.severity in ("warning", "error"):
            line.append(glyphs.WARNING + " ", "bold")
        if notification.title:
            line.append(notification.title + ": ", "bold")
        body = Text.from_markup(notification.message) if notification.markup else Text(notification.message)
        line.append_text(body)
        return line
