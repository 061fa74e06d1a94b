"""The moderator's cue card for the current agenda item (issue 10).

`CuePanel(live, id=...)` shows the current item's cue points (`live.cues()`,
their `{placeholders}` filled with computed facts) with a tick box each,
`[x]` done and `[ ]` open, the next open one marked `›`. Above them a line of
facts for the item: each person's share in a round ("6 min 26 s"), the break's
clock time and the planned end in the first item, the resume time in a break,
the group-talk minutes in a groups item.

Each cue takes one line (cut with "…"), so the card stays small at 80x24;
the next open one (marked `›`) is shown whole, and a click on a cue opens or
closes it. At the first item the group's agreements (confidentiality,
ethics, and attendance and personal limits when set) are offered as an extra
cue, "Read out the agreements", as one line: the first x opens it (their
texts show under it), the next x ticks it.
That tick lives in this widget only (the meeting file stores ticks as indexes
into the item's own cues, `cues_done`, and the agreements are not one of them).

Ticking: the meeting screen's x key calls `tick_next()`. Automatic ticks,
done in `refresh_from` once per item and reason while the panel lives (so a
cue the moderator un-ticks stays open):

- a grouping was made in the current item: the cues naming `{group_talk}` and
  the one that puts people in threes (matched by the words in
  `panels.auto_group_words`, both languages);
- a break item has started: its first open cue naming `{resume_time}` (the
  resume time is on the screen in large type).

Next meeting's roles are handed out by issue 5's dialog; the screen then calls
`roles_set()`, which ticks the cues asking for a moderator and minute-taker.

What today's role holders need from earlier meetings (issue 21) comes as two
more extra cues, one line until x opens them and ticked in this widget only,
like the agreements, their texts
read in a worker when the panel is mounted (`set_background` takes them):

- at the first item, "Feedback on today's roles from last time": for each role
  held today, what worked and what to try next time, as said to its last
  holder (`rolefeedback.load_earlier_feedback`);
- at the evaluation item, "The half-year in numbers": attendance, speaking
  time against the fair share, items over time, themes, open actions and the
  last evaluation's conclusions (`evaluation.cue_details`).

An item that records something with ctrl+f (`Item.records`: the purpose, the
feedback on the roles, the conclusions) says so in its facts line.

The panel never writes a file itself; every tick goes through `LiveMeeting`
(`toggle_cue`, `tick_cue_matching`) into the meeting's `cues_done`. Hiding is
the screen's business (it toggles `display`). Styles: `themes/panels.tcss`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.events import Click

from facilitator import glyphs
from facilitator.i18n import get_language, t
from facilitator.meeting import LiveMeeting, format_share
from facilitator.widgets.panel import LivePanel

if TYPE_CHECKING:
    from facilitator.model import FeedbackRole
    from facilitator.rolefeedback import EarlierFeedback

__all__ = ["AGREEMENT_FIELDS", "AGREEMENTS_CUE", "FEEDBACK_CUE", "HALF_YEAR_CUE", "CueLine", "CuePanel", "item_facts"]

AGREEMENT_FIELDS = ("confidentiality", "ethics", "attendance", "personal_limits")
"""The agreement texts read out at the first item, in this order (empty ones are left out)."""

AGREEMENTS_CUE = -1
"""The index `CueLine.index` uses for the extra agreements cue."""
FEEDBACK_CUE = -2
"""The index of the extra cue with the feedback on today's roles from last time."""
HALF_YEAR_CUE = -3
"""The index of the extra cue with the half-year in numbers, at the evaluation item."""


@dataclass(frozen=True, slots=True)
class CueLine:
    """One cue as shown: its index in the item's cues (-1 for the agreements), text, tick, and detail lines."""

    index: int
    text: str
    done: bool
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Picture:
    title: str
    facts: str
    cues: tuple[CueLine, ...]


def item_facts(live: LiveMeeting, index: int | None = None, language: str | None = None) -> str:
    """The computed facts of an item, in the program's language (empty when it has none).

    Round: each person's share and the count present; break: the clock time
    the meeting resumes; groups: the group-talk minutes; the first item: the
    break's clock time and the planned end.
    """
    i = live.current_index if index is None else index
    if not 0 <= i < len(live.items):
        return ""
    lang = language or get_language()
    item = live.items[i]
    values = live.cue_values(i)
    parts: list[str] = []
    if item.kind == "round":
        share = live.round_share_seconds(i)
        if share is not None:
            parts.append(
                t("panels.fact_share", language=lang, share=format_share(share, lang),
                  n=len(live.meeting.attendance.present), minutes=item.planned_minutes)
            )
    elif item.kind == "break":
        parts.append(t("panels.fact_resume", language=lang, time=values["resume_time"]))
    elif item.kind == "groups":
        parts.append(t("panels.fact_group_talk", language=lang, minutes=values["group_talk"]))
    if i == 0:
        if values.get("break_time", "–") != "–":
            parts.append(t("panels.fact_break", language=lang, time=values["break_time"]))
        parts.append(t("panels.fact_end", language=lang, time=values["planned_end"]))
    if item.records:
        parts.append(t(f"year.fact_record_{item.records}", language=lang))
    return " · ".join(parts)


class CuePanel(LivePanel):
    """The current item's cue points with tick boxes. See the module docstring."""

    COMPONENT_CLASSES = {"cues--title", "cues--facts", "cues--done", "cues--open", "cues--next", "cues--detail"}

    def __init__(self, live: LiveMeeting, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(live, name=name, id=id, classes=classes)
        self._picture: _Picture | None = None
        self._auto_done: set[tuple[int, str]] = set()
        """(item index, reason) of the automatic ticks already made."""
        self.agreements_read = False
        """The agreements cue was ticked (kept in memory only, see the module docstring)."""
        self.agreements_open = False
        """The agreements' texts are shown under their cue (x opens them before it ticks them)."""
        self.opened: set[tuple[int, int]] = set()
        """(item, cue index) of the cues opened by a click (shown whole)."""
        self._line_cues: list[int | None] = []
        self.extra_read: set[int] = set()
        """The extra cues of issue 21 that were ticked (FEEDBACK_CUE, HALF_YEAR_CUE; in memory only)."""
        self.extra_open: set[int] = set()
        """The extra cues whose details x opened."""
        self.earlier_feedback: dict[FeedbackRole, list[EarlierFeedback]] = {}
        """Per role, the feedback given to its last holder (`rolefeedback.EarlierFeedback`, read in a worker)."""
        self.half_year_details: tuple[str, ...] = ()
        """The half-year in numbers for the evaluation item (read in a worker)."""
        self.border_title = t("panels.cues_title")

    def on_mount(self) -> None:
        store = getattr(self.app, "store", None)
        if store is not None and self.live.group.id:
            self.run_worker(partial(self._read_background, store), thread=True, group="cues-background", exit_on_error=False)

    def _read_background(self, store: object) -> None:
        """What today's role holders need from earlier meetings (off the UI thread)."""
        from facilitator.evaluation import cue_details, load_summary
        from facilitator.model import Meeting
        from facilitator.rolefeedback import load_earlier_feedback

        live = self.live
        with live.lock:
            now = live.meeting
            probe = Meeting(id=now.id, date=now.date, start=now.start, status=now.status)
            evaluation = any(item.records == "evaluation" for item in now.items)
        group = live.group
        found = load_earlier_feedback(store, group.id, probe)
        half_year: tuple[str, ...] = ()
        if evaluation:
            try:
                summary = load_summary(store, group, probe.id, probe.date)
            except Exception:  # noqa: BLE001 - the folder cannot be listed: the cue card goes without the numbers
                summary = None
            if summary is not None:
                half_year = cue_details(group, summary, get_language())
        self.app.call_from_thread(self.set_background, dict(found), half_year)

    def set_background(self, earlier_feedback: dict[FeedbackRole, list[EarlierFeedback]], half_year: tuple[str, ...]) -> None:
        """Take what was read of earlier meetings and show it with the cues."""
        self.earlier_feedback = dict(earlier_feedback)
        self.half_year_details = tuple(half_year)
        self.refresh_from(self.live)

    @property
    def feedback_details(self) -> tuple[str, ...]:
        """The feedback from last time on the roles held today (today's roles as they are now)."""
        if not self.earlier_feedback:
            return ()
        from facilitator.rolefeedback import cue_details, roles_held

        live = self.live
        return cue_details(self.earlier_feedback, live.group, roles_held(live.meeting))

    # ----------------------------------------------------------------- data

    @property
    def cue_lines(self) -> tuple[CueLine, ...]:
        """The cues shown now (after the last `refresh_from`)."""
        return self._picture.cues if self._picture else ()

    @property
    def facts(self) -> str:
        """The facts line shown now."""
        return self._picture.facts if self._picture else ""

    def _agreements(self, live: LiveMeeting) -> tuple[str, ...]:
        agreements = live.group.agreements
        details = []
        for field in AGREEMENT_FIELDS:
            text = str(getattr(agreements, field, "") or "").strip()
            if text:
                details.append(f"{t(f'panels.agreement_{field}')}: {text}")
        return tuple(details)

    def _lines(self, live: LiveMeeting) -> tuple[CueLine, ...]:
        lines: list[CueLine] = []
        if live.current_index == 0 and live.current is not None:
            details = self._agreements(live)
            if details:
                shown = details if self.agreements_open and not self.agreements_read else ()
                text = t("panels.cue_agreements")
                if not shown and not self.agreements_read:
                    text = t("panels.cue_agreements_closed", text=text, count=len(details))
                lines.append(CueLine(AGREEMENTS_CUE, text, self.agreements_read, shown))
            feedback = self.feedback_details
            if feedback:
                lines.append(self._extra(FEEDBACK_CUE, t("year.cue_feedback"), feedback))
        item = live.current
        if item is not None and item.records == "evaluation" and self.half_year_details:
            lines.append(self._extra(HALF_YEAR_CUE, t("year.cue_half_year"), self.half_year_details))
        lines += [CueLine(cue.index, cue.text, cue.done) for cue in live.cues()]
        return tuple(lines)

    def _extra(self, index: int, text: str, details: tuple[str, ...]) -> CueLine:
        """An extra cue with details, one line until x opens it (as the agreements), then whole until ticked."""
        done = index in self.extra_read
        shown = details if index in self.extra_open and not done else ()
        if not shown and not done:
            text = t("panels.cue_details_closed", text=text, count=len(details))
        return CueLine(index, text, done, shown)

    def refresh_from(self, live: LiveMeeting | None = None) -> None:
        """Make the automatic ticks that are due, then recompute; repaint only on change."""
        if live is not None:
            self.live = live
        live = self.live
        self._auto_tick(live)
        item = live.current
        title = f"{live.current_index + 1}. {item.title}" if item is not None else ""
        picture = _Picture(title, item_facts(live), self._lines(live))
        if picture != self._picture:
            self._picture = picture
            self.border_title = t("panels.cues_title")
            self.refresh(layout=True)

    def tick_next(self) -> int | None:
        """x: tick the next open cue (the agreements first, at the first item). Its index, or None when all are done."""
        live = self.live
        for line in self._lines(live):
            if line.done:
                continue
            if line.index == AGREEMENTS_CUE:
                if not self.agreements_open:
                    self.agreements_open = True  # the first x opens the agreements, the next ticks them
                    self.refresh_from(live)
                    return line.index
                self.agreements_read = True
            elif line.index < 0:
                if line.index not in self.extra_open:
                    self.extra_open.add(line.index)  # the first x opens the details, the next ticks them
                    self.refresh_from(live)
                    return line.index
                self.extra_read.add(line.index)
            else:
                live.toggle_cue(line.index)
            self.refresh_from(live)
            return line.index
        return None

    def toggle(self, index: int) -> bool | None:
        """Tick a cue off or on again by its index (AGREEMENTS_CUE for the agreements). The new state."""
        if index == AGREEMENTS_CUE:
            self.agreements_read = not self.agreements_read
            result: bool | None = self.agreements_read
        elif index < 0:
            self.extra_read ^= {index}
            result = index in self.extra_read
        else:
            result = self.live.toggle_cue(index)
        self.refresh_from(self.live)
        return result

    def roles_set(self) -> list[int]:
        """Next meeting's roles were handed out (issue 5's dialog): tick the cues that ask for it.

        Matched by the words in `panels.auto_roles_words` (both languages).
        Returns the indexes ticked. The meeting screen calls it after the roles dialog.
        """
        ticked: list[int] = []
        for language in ("en", "da"):
            for word in t("panels.auto_roles_words", language=language).split("|"):
                if word.strip():
                    ticked += self.live.tick_cue_matching(word.strip())
        self.refresh_from(self.live)
        return sorted(set(ticked))

    def _auto_tick(self, live: LiveMeeting) -> None:
        item = live.current
        if item is None or not item.cues or not live.is_live:
            return
        index = live.current_index
        if live.current_grouping() is not None and (index, "groups") not in self._auto_done:
            self._auto_done.add((index, "groups"))
            live.tick_cue_matching("{group_talk}")
            for language in ("en", "da"):
                for word in t("panels.auto_group_words", language=language).split("|"):
                    if word.strip():
                        live.tick_cue_matching(word.strip())
        if item.kind == "break" and item.spans and (index, "break") not in self._auto_done:
            self._auto_done.add((index, "break"))
            for n, text in enumerate(item.cues):
                if "{resume_time}" in text:
                    if n not in item.cues_done:
                        live.toggle_cue(n)
                    break

    # ----------------------------------------------------------------- drawing

    def on_click(self, event: Click) -> None:
        """A click on a cue opens it (whole text; the agreements' texts) or closes it again."""
        y = event.y - self.styles.gutter.top
        if not 0 <= y < len(self._line_cues):
            return
        index = self._line_cues[y]
        if index is None:
            return
        if index == AGREEMENTS_CUE:
            self.agreements_open = not self.agreements_open
        else:
            key = (self.live.current_index, index)
            self.opened.symmetric_difference_update({key})
        self._picture = None
        self.refresh_from(self.live)

    def _wrapped(self, width: int) -> list[tuple[str, str]]:
        """(line, component class) for every screen line at this width (and which cue each line is)."""
        picture = self._picture
        self._line_cues = []
        if picture is None:
            return []
        width = max(12, width)
        out: list[tuple[str, str]] = []
        cues_of: list[int | None] = []
        if picture.title:
            out.append((picture.title, "cues--title"))
            cues_of.append(None)
        if picture.facts:
            for line in textwrap.wrap(picture.facts, width, subsequent_indent="  "):
                out.append((line, "cues--facts"))
                cues_of.append(None)
        if not picture.cues:
            out.append((t("panels.no_cues"), "cues--detail"))
            self._line_cues = cues_of + [None]
            return out
        next_open = next((c.index for c in picture.cues if not c.done), None)
        item = self.live.current_index
        for cue in picture.cues:
            box = glyphs.CHECKED if cue.done else glyphs.UNCHECKED
            mark = "›" if cue.index == next_open else " "
            style = "cues--done" if cue.done else ("cues--next" if mark == "›" else "cues--open")
            first = f"{mark}{box} "
            whole = cue.index == next_open or (item, cue.index) in self.opened or bool(cue.details)
            lines = textwrap.wrap(cue.text, width, initial_indent=first, subsequent_indent="     ")
            if not whole and len(lines) > 1:
                lines = [(first + " ".join(cue.text.split()))[: width - 1] + "…"]
            for line in lines:
                out.append((line, style))
                cues_of.append(cue.index)
            for detail in cue.details:
                for line in textwrap.wrap(detail, width, initial_indent="     ", subsequent_indent="       "):
                    out.append((line, "cues--detail"))
                    cues_of.append(cue.index)
        self._line_cues = cues_of
        return out

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self._wrapped(width)))

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for n, (line, style) in enumerate(self._wrapped(self.content_size.width or 40)):
            if n:
                text.append("\n")
            text.append(line, self.get_component_rich_style(style, partial=True))
        return text
