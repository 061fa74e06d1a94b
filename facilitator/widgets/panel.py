"""`LivePanel`: the base of the meeting screen's panels that draw themselves from the running meeting.

The speakers panel, the groups of three and the cue panel each hold the
`LiveMeeting` they draw (never a copy of its state) and take Textual's usual
`name`, `id` and `classes`; this class is that constructor, written once.
"""

from __future__ import annotations

from textual.widget import Widget

from facilitator.meeting import LiveMeeting

__all__ = ["LivePanel"]


class LivePanel(Widget):
    """A panel drawn from `live`, the running meeting (see the module docstring)."""

    def __init__(
        self,
        live: LiveMeeting,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.live = live
