"""The over-time prompt: a bar under the item clock, never a modal.

It stands in the agenda column, not across the screen, so its coming and going
never changes the size of the minutes pane (the minute-taker's text does not
jump, and the pane is not drawn again at every next item, issue 20). Each
choice has a line of its own.

When the current item runs over its plan, the bar offers three ways on,
each on a function key so it works while the minute-taker types (digits and
letters belong to the speakers and the minutes):

- F2: take a step of minutes from the later items (spread evenly over them),
- F3: give the item a step of minutes more, the meeting ends later,
- F4: move the item to the next meeting (asks first whether to start the next item),
- F5 (or escape outside the minutes): hide the prompt for this item.

A step is the overrun rounded up to 5 minutes (`LiveMeeting.overrun_step`):
5 minutes, or 10 when the item is 6 minutes over, so once answered the prompt
comes back only when that step has run out too, not a minute later. The bar
says how many minutes the later items have to give.

The keys are bindings of the meeting screen (they show in its footer while
the bar is up); the bar only shows the choices with what each would do.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from facilitator.i18n import t
from facilitator.meeting import LiveMeeting

__all__ = ["OvertimeBar"]


class OvertimeBar(Static):
    """The prompt shown while the current item is over and the moderator has not chosen yet."""

    def __init__(self, live: LiveMeeting, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live = live
        self._shown_text: str | None = None
        self.display = False

    def text_for(self, live: LiveMeeting) -> str:
        """The prompt's text (empty when no prompt is due)."""
        item = live.current
        if item is None or not live.overtime_prompt_due:
            return ""
        minutes = live.over_minutes
        step = live.overrun_step()
        later_end = live.hhmm(live.planned_end() + timedelta(minutes=step))
        head = t("meeting_screen.overtime_head", minutes=minutes)  # the item's title is in the clock above
        choices = t("meeting_screen.overtime_choices", step=step, give=live.later_can_give(), end=later_end)
        return f"{head}\n{choices}"

    def refresh_from(self, live: LiveMeeting) -> None:
        """Show, update or hide the bar."""
        text = self.text_for(live)
        if text == self._shown_text:
            return
        self._shown_text = text
        self.update(text)
        self.display = bool(text)

    @property
    def shown(self) -> bool:
        """The prompt is up."""
        return bool(self._shown_text)
