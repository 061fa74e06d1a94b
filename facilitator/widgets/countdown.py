"""The current agenda item, large: its title, a countdown in big digits and one line of detail.

`ItemClock.refresh_from(live)` reads everything from the running meeting (time
comes from the clock through `LiveMeeting`, never from counting ticks) and
touches a child widget only when its text changed, so a redraw every second
costs next to nothing.

What the big digits show:

- a timed item: the time left ("12:34"); once over, the over-time with a sign
  ("+04:12"), the word OVER beside it and the `-over` class (colour as well,
  never colour alone);
- a break: the clock time the meeting resumes ("19:35" under "We start again
  at"), the countdown in the detail line;
- an item with no time set (like "any other business"): the time it has run.

Below the digits stands who has the word, with the length of their turn
("Ordet: 3 Lone Nielsen · 1:23"), so the clock and the speaker stay in view
whatever the column below them is scrolled to. `compact` (the meeting
screen sets it below 32 rows) moves the detail line into the border, so a
small screen keeps its rows for the speakers.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Digits, Static

from facilitator.i18n import t
from facilitator.meeting import LiveMeeting, format_share, number_key
from facilitator.speaking import clock_text

__all__ = ["ItemClock", "format_duration"]


def format_duration(seconds: float, sign: bool = False, *, up: bool = False) -> str:
    """Seconds as "MM:SS" (or "H:MM:SS" from an hour on), cut to whole seconds.

    A countdown rounds up (`up=True`: 0.4 s left still shows "00:01", so "00:00"
    means the time is out); a count of elapsed or over-time rounds down. With
    `sign` the text starts with "+" (or "-" for a negative value).
    """
    return clock_text(seconds, rounding="up" if up else "down", pad=True, signed=sign)


def same_size(widget: Widget, old: str, new: str) -> bool:
    """Showing `new` instead of `old` keeps `widget`'s size (no layout of the screen needed).

    True when both have the same lines, and the same length or every line fits
    the widget's width (which its text does not set): nothing wraps, nothing grows.
    Markup counts as text, so a line near the edge asks for a layout: safe.
    """
    if bool(old) != bool(new) or old.count("\n") != new.count("\n"):
        return False
    if len(old) == len(new):
        return True
    width = widget.styles.width
    room = widget.content_region.width
    if (width is not None and width.is_auto) or room <= 0:
        return False
    return all(cell_len(line) <= room for line in (*old.split("\n"), *new.split("\n")))


class ItemClock(Vertical):
    """The current item with its countdown, over-time count, break resume time or round share."""

    DEFAULT_CSS = """
    ItemClock { height: auto; }
    ItemClock #clock-row { height: auto; }
    ItemClock Digits { width: auto; }
    """

    def __init__(self, live: LiveMeeting, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live = live
        self._shown: dict[str, str] = {}
        self._classes_shown: tuple[bool, bool, bool, bool] | None = None
        self.show_groups = True
        """Show the phase of the groups of three in the detail line (off when the screen has a view for it)."""
        self.compact = False
        """The detail line's first line goes into the border (a small screen); the rest is left out."""

    def compose(self) -> ComposeResult:
        yield Static(id="clock-lead", classes="muted")
        with Horizontal(id="clock-row"):
            yield Digits(id="clock-digits")
            yield Static(id="clock-word")
        yield Static(id="clock-detail")
        yield Static(id="clock-speaker")

    def on_mount(self) -> None:
        self.refresh_from(self.live)

    def _set(self, widget_id: str, text: str) -> None:
        """Update a child only when its text changed."""
        old = self._shown.get(widget_id)
        if old == text:
            return
        self._shown[widget_id] = text
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Digits):
            widget.update(text)
        elif isinstance(widget, Static):
            # The per-second change keeps the text's length and lines (12:34 -> 12:33), and a new
            # speaker's line fits the same one line: a repaint is enough. A text that may wrap
            # or change the line count may change the size, so it asks for a layout.
            widget.update(text, layout=old is None or not same_size(widget, old, text))
            widget.display = bool(text)

    def texts(self, live: LiveMeeting) -> dict[str, str]:
        """What each part shows now (title, lead, digits, word, detail); also used by tests."""
        item = live.current
        if item is None:
            return {"title": t("meeting_screen.no_items"), "lead": "", "digits": "", "word": "", "detail": ""}
        index = live.current_index
        number = f"{index + 1}. {item.title}"
        if live.finished:
            return {"title": t("meeting_screen.finished"), "lead": "", "digits": "", "word": "", "detail": ""}
        if live.timeout_running:
            state = t("meeting_screen.state_timeout")
        elif live.running:
            state = t("meeting_screen.state_running")
        elif item.spans:
            state = t("meeting_screen.state_paused")
        else:
            state = t("meeting_screen.state_ready")
        title = f"{state}  {number}"
        elapsed = live.elapsed()
        if item.kind == "break":
            resume = live.resume_at()
            left = max(0.0, live.remaining())
            digits = live.hhmm(resume) if resume is not None else ""
            if live.is_over:
                detail = t("meeting_screen.break_over", over=format_duration(live.over_seconds, sign=True))
                word = t("meeting_screen.over_word")
            else:
                detail = t("meeting_screen.break_left", left=format_duration(left, up=True))
                word = ""
            return {
                "title": title,
                "lead": t("meeting_screen.resume_at_lead"),
                "digits": digits,
                "word": word,
                "detail": detail,
            }
        if not live.is_timed():
            return {
                "title": title,
                "lead": "",
                "digits": format_duration(elapsed),
                "word": "",
                "detail": t("meeting_screen.untimed"),
            }
        if live.is_over:
            over = format_duration(live.over_seconds, sign=True)
            digits = over
            word = t("meeting_screen.over_word")
            detail = t("meeting_screen.over_detail", over=over, minutes=item.planned_minutes)
        else:
            digits = format_duration(max(0.0, live.remaining()), up=True)
            word = ""
            detail = t("meeting_screen.left_detail", elapsed=format_duration(elapsed), minutes=item.planned_minutes)
        extra = self._extra(live)
        if extra:
            detail = f"{detail}\n{extra}"
        return {"title": title, "lead": "", "digits": digits, "word": word, "detail": detail}

    def _extra(self, live: LiveMeeting) -> str:
        """A round's share per person, or the phase of the groups of three."""
        item = live.current
        if item is None:
            return ""
        if item.kind == "round":
            share = live.round_share_seconds()
            if share is not None:
                return t(
                    "meeting_screen.round_share",
                    share=format_share(share),
                    present=len(live.meeting.attendance.present),
                )
        phase = live.group_phase() if self.show_groups else None
        if phase is not None:
            left = format_duration(phase.remaining_seconds)
            if phase.phase == "talk":
                return t("meeting_screen.group_talk", left=left)
            return t("meeting_screen.group_report", group=(phase.group or 0) + 1, left=left)
        return ""

    @staticmethod
    def speaker_text(live: LiveMeeting) -> str:
        """Who has the word and for how long ("" when the meeting is not running)."""
        if not live.is_live or live.current is None:
            return ""
        member = live.current_speaker
        if member is None:
            return t("meeting_screen.speaker_none") if live.running else ""
        digit = number_key(live.number_of(member))
        return t(
            "meeting_screen.speaker_now",
            digit=digit,
            name=escape(live.name_of(member)),  # a name is text, never markup
            time=format_duration(live.current_turn_seconds()),
        )

    def refresh_from(self, live: LiveMeeting) -> None:
        """Redraw from the running meeting (only what changed)."""
        texts = self.texts(live)
        if self._shown.get("clock-title") != texts["title"]:
            self._shown["clock-title"] = texts["title"]
            self.border_title = escape(texts["title"])  # an item title is text, never markup
        self._set("clock-lead", texts["lead"])
        self._set("clock-digits", texts["digits"])
        self._set("clock-word", texts["word"])
        detail = texts["detail"]
        subtitle = detail.split("\n", 1)[0] if self.compact else ""
        if self._shown.get("clock-subtitle") != subtitle:
            self._shown["clock-subtitle"] = subtitle
            self.border_subtitle = escape(subtitle)
        self._set("clock-detail", "" if self.compact else detail)
        speaker = self.speaker_text(live)
        self._set("clock-speaker", speaker)
        nobody = live.current_speaker is None
        if self._shown.get("clock-nobody") != str(nobody):
            self._shown["clock-nobody"] = str(nobody)
            self.query_one("#clock-speaker").set_class(nobody, "-nobody")
        current = live.current
        paused = current is not None and bool(current.spans) and not live.running and not live.finished
        flags = (live.is_over and not live.finished, live.running, (current is not None and current.kind == "break"), paused)
        # During a time-out the time-out screen covers this one: the classes stay as they were, so the end
        # of the time-out (the item running on) finds them unchanged. A new class restyles the clock and
        # everything in it, 3 ms of the key that ends the time-out (issue 20).
        if flags != self._classes_shown and not (live.timeout_running and self._classes_shown is not None):
            self._classes_shown = flags
            self.set_class(flags[0], "-over")
            self.set_class(flags[1], "-running")
            self.set_class(flags[2], "-break")
            self.set_class(flags[3], "-paused")
