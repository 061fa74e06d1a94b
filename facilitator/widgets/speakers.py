"""The speakers panel and the group-phase line of the live meeting screen (issue 4).

`SpeakersPanel(live, id=...)` lists the members present in number order,
each with the number they keep for the whole meeting (1-9 and 0 for the
tenth, like the digit keys; nobody is renumbered when someone comes or goes), with:

- the current speaker marked `▶` (and bold);
- speaking time in the current item and in the whole meeting;
- a bar against the member's fair share (`facilitator.speaking.stats`) and the
  difference with its sign and a symbol ("+1:20 ▲" over, "−0:45 ▼" under,
  "±0:00 =" at the share), so nothing is told by colour alone;
- "○ not yet" for who has not spoken in the current item, "→ next" for the
  suggested next speaker (`speaking.suggest_next`);
- in round items, the current speaker's personal countdown from their share
  (`speaking.turn_remaining` with `live.round_share_seconds()`), with a
  terminal bell once per turn when it runs out.

`GroupPhaseView(live, id=...)` shows where the groups of three are: the talk
time left, then "Group 2 of 3 presents: 04:10", and the groups with the
presenting one marked. It takes no room (class `-idle`, height 0 but still
displayed, so it keeps being refreshed) when the current item has no grouping.

Both widgets hold no truth of their own: the meeting screen calls
`refresh_from(live)` once a second and after every action; the figures are
recomputed from the meeting and the clock, and the widget only repaints when
what it shows changed. Hiding is the screen's business (it toggles `display`).
Styles: `themes/panels.tcss` (the meeting screen loads it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text

from facilitator.i18n import get_language, t
from facilitator.meeting import LiveMeeting, number_key
from facilitator.speaking import MemberStats, stats, suggest_next, turn_remaining
from facilitator.speaking import clock_text as speaking_clock  # the rule; clock_text here never goes negative
from facilitator.widgets.panel import LivePanel
from facilitator.widgets.rows import Row, RowsWidget, Run

__all__ = ["GroupPhaseView", "SpeakerRow", "SpeakersPanel", "clock_text", "delta_text", "share_bar"]

FULL = "█"
"""Speaking time within the fair share."""
UNUSED = "░"
"""The part of the fair share not used."""
OVER = "▓"
"""Speaking time beyond the fair share."""
MINUS = "\u2212"
"""The minus sign of an under-share difference (U+2212, wider and clearer than '-')."""


def clock_text(seconds: float) -> str:
    """A duration as a clock: "0:05", "6:26", "1:02:03" (rounded to the second, never negative)."""
    return speaking_clock(max(0.0, seconds))


def delta_text(delta_seconds: float) -> str:
    """How far over or under the fair share: "+1:20 ▲", "−0:45 ▼", "±0:00 =" (sign and symbol, not colour)."""
    total = round(delta_seconds)
    if total > 0:
        return f"+{clock_text(total)} ▲"
    if total < 0:
        return f"{MINUS}{clock_text(-total)} ▼"
    return "±0:00 ="


def share_bar(spoken: float, share: float, width: int) -> str:
    """A bar of `width` cells: the fair share fills half of it; `█` spoken within, `░` unused, `▓` beyond."""
    if width <= 0:
        return ""
    if share <= 0:
        return (FULL if spoken > 0 else UNUSED) + " " * (width - 1)
    half = width / 2
    value = min(width, round(spoken / share * half)) if spoken > 0 else 0
    if spoken > 0:
        value = max(1, value)
    reference = max(1, round(half))
    if value <= reference:
        cells = FULL * value + UNUSED * (reference - value)
    else:
        cells = FULL * reference + OVER * (value - reference)
    return cells.ljust(width)


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """One member's line, with every figure rounded to the second (so equal rows mean an equal picture)."""

    digit: str
    """The key that makes this member speak ("1"-"9", "0"), or "" beyond the tenth / for someone who left."""
    member: str
    name: str
    speaking: bool
    item_seconds: int
    meeting_seconds: int
    share_seconds: int
    delta_seconds: int
    spoken_in_item: bool
    suggested: bool
    present: bool


@dataclass(frozen=True, slots=True)
class _Picture:
    """Everything the panel shows; compared with the last one to skip repaints."""

    rows: tuple[SpeakerRow, ...]
    countdown: tuple[str, int, int] | None
    """(speaker name, seconds left (negative: over), share seconds) in a round item."""
    language: str
    round_share: int | None = None
    """A round item's share in seconds: the turn line is there, a speaker or not (None: no turn line).

    The line stays while nobody speaks, so a speaker starting or stopping changes a line,
    not the panel's height: the panels keep their place, and the key needs no new layout
    of the screen (issue 20)."""


class SpeakersPanel(LivePanel, RowsWidget):
    """Who speaks, how long, and how that compares with the fair share. See the module docstring."""

    COMPONENT_CLASSES = {
        "speakers--header",
        "speakers--current",
        "speakers--over",
        "speakers--under",
        "speakers--even",
        "speakers--next",
        "speakers--notyet",
        "speakers--muted",
        "speakers--countdown",
        "speakers--countdown-over",
        "speakers--bar",
    }

    def __init__(
        self,
        live: LiveMeeting,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        bell: Callable[[], None] | None = None,
    ) -> None:
        """`bell` rings the terminal bell (default: `app.bell`); tests may pass a counter."""
        super().__init__(live, name=name, id=id, classes=classes)
        self._bell = bell
        self._picture: _Picture | None = None
        self._rung: set[tuple[str, int, float]] = set()
        """Turns (member, item, start as POSIX seconds) whose countdown bell has rung."""
        self.border_title = t("panels.speakers_title")
        self.repaints = 0
        """How often the content changed (tests check that an unchanged second costs nothing)."""

    # ----------------------------------------------------------------- data

    def refresh_from(self, live: LiveMeeting | None = None) -> None:
        """Recompute from the meeting and the clock; repaint only when something shown changed."""
        if live is not None:
            self.live = live
        live = self.live
        picture = self._compute(live)
        self._ring_if_due(live, picture.countdown)
        if picture != self._picture:
            self._picture = picture
            self.repaints += 1
            self.border_title = t("panels.speakers_title")
            self.show_rows()  # only the rows that changed are drawn

    @property
    def rows(self) -> tuple[SpeakerRow, ...]:
        """The rows shown now (after the last `refresh_from`)."""
        return self._picture.rows if self._picture else ()

    def _compute(self, live: LiveMeeting) -> _Picture:
        meeting = live.meeting
        now = live.clock.now()
        current = live.current_index if live.current is not None else None
        roster = [m.id for m in live.group.members]
        member_stats: list[MemberStats] = stats(meeting, now, current, roster)
        suggestion = suggest_next(member_stats) if live.is_live else None
        present = live.present_members()
        digits = {mid: number_key(live.number_of(mid)) for mid in present}
        by_member = {s.member: s for s in member_stats}
        present_set = set(present)
        order = [*present, *[s.member for s in member_stats if s.member not in present_set]]
        rows: list[SpeakerRow] = []
        for mid in order:
            s = by_member.get(mid)
            rows.append(
                SpeakerRow(
                    digit=digits.get(mid, ""),
                    member=mid,
                    name=live.name_of(mid),
                    speaking=bool(s and s.is_speaking),
                    item_seconds=round(s.item_seconds) if s else 0,
                    meeting_seconds=round(s.meeting_seconds) if s else 0,
                    share_seconds=round(s.fair_share_seconds) if s else 0,
                    delta_seconds=round(s.delta_seconds) if s else 0,
                    spoken_in_item=bool(s and s.spoken_in_item),
                    suggested=mid == suggestion,
                    present=mid in present_set,
                )
            )
        return _Picture(tuple(rows), self._countdown(live), get_language(), self._round_share(live))

    @staticmethod
    def _round_share(live: LiveMeeting) -> int | None:
        item = live.current
        if item is None or item.kind != "round":
            return None
        share = live.round_share_seconds()
        return round(share) if share else None

    @staticmethod
    def _countdown(live: LiveMeeting) -> tuple[str, int, int] | None:
        """(speaker's name, seconds left, share) of the current turn in a round item, else None."""
        item = live.current
        speaker = live.current_speaker
        if item is None or item.kind != "round" or speaker is None:
            return None
        share = live.round_share_seconds()
        if not share:
            return None
        left = turn_remaining(live.meeting, live.clock.now(), share)
        return None if left is None else (live.name_of(speaker), round(left), round(share))

    def check_bell(self, live: LiveMeeting | None = None) -> None:
        """Ring the round countdown's bell if it is due, without redrawing.

        For the meeting screen to call while the panel is hidden (s): the
        figures are hidden, the bell still tells the moderator a turn ran out.
        """
        live = live or self.live
        countdown = self._countdown(live)
        if countdown is not None:
            self._ring_if_due(live, countdown)

    def _ring_if_due(self, live: LiveMeeting, countdown: tuple[str, int, int] | None) -> None:
        """Ring once per turn when the speaker's round countdown reaches zero during that turn."""
        if countdown is None or countdown[1] > 0:
            return
        if countdown[1] + live.current_turn_seconds() <= 0:
            return  # the share was used up before this turn began: nothing ran out now
        turn = live.meeting.speaking[-1]
        key = (turn.member, turn.item, turn.start.timestamp())
        if key in self._rung:
            return
        self._rung.add(key)
        if self._bell is not None:
            self._bell()
        elif self.is_attached:
            self.app.bell()

    # ----------------------------------------------------------------- drawing

    def rows_for(self, width: int) -> tuple[Row, ...]:
        """The panel's rows at `width`: the turn line of a round item, the header, one row per member."""
        picture = self._picture
        if picture is None:
            return ((),)
        width = width or 60
        rows: list[Row] = []
        if picture.countdown is not None:
            name, left, share = picture.countdown
            if left > 0:
                line = t("panels.turn_left", name=name, left=clock_text(left), share=clock_text(share))
                rows.append(((line, "speakers--countdown"),))
            else:
                line = t("panels.turn_over", name=name, over=clock_text(-left), share=clock_text(share))
                rows.append(((line, "speakers--countdown-over"),))
        elif picture.round_share is not None:
            rows.append(((t("panels.turn_nobody", share=clock_text(picture.round_share)), "speakers--muted"),))
        if not picture.rows:
            rows.append(((t("panels.nobody_present"), "speakers--muted"),))
            return tuple(rows)
        rows.extend(self._table_rows(picture.rows, width))
        return tuple(rows)

    def _table_rows(self, rows: tuple[SpeakerRow, ...], width: int) -> list[Row]:
        next_note = t("panels.next")
        notyet_note = t("panels.not_yet")
        note_w = max(len(next_note), len(notyet_note))
        item_w = max(5, len(t("panels.col_item")), *(len(clock_text(r.item_seconds)) for r in rows))
        meet_w = max(5, len(t("panels.col_meeting")), *(len(clock_text(r.meeting_seconds)) for r in rows))
        delta_w = max(len(t("panels.col_delta")), *(len(delta_text(r.delta_seconds)) for r in rows))
        names_w = max(len(r.name) for r in rows)
        bar_w = 10
        # Columns, dropped from the least needed when the panel is narrow: bar, meeting time, words of the note.
        show_bar, show_meeting, short_note = True, True, False

        def fixed() -> int:
            total = 4 + (1 + item_w) + (1 + delta_w) + (1 + (1 if short_note else note_w))
            total += (1 + meet_w) if show_meeting else 0
            total += (1 + bar_w) if show_bar else 0
            return total

        # A narrow column (80x24) keeps the names readable ("Birgitte Pedersen") before the meeting's total.
        min_name = min(max(8, names_w), 16)
        if fixed() + min_name > width:
            show_bar = False
        if fixed() + min_name > width:
            short_note = True
        if fixed() + min_name > width:
            show_meeting = False
        name_w = max(4, min(names_w, width - fixed()))
        # The marks alone need their words somewhere: the panel's bottom border says them.
        legend = f"{notyet_note} · {next_note}" if short_note else ""
        if (self.border_subtitle or "") != legend:
            self.call_after_refresh(setattr, self, "border_subtitle", legend)

        cols = ["  ", "  ", t("panels.col_name")[:name_w].ljust(name_w), " ", t("panels.col_item").rjust(item_w)]
        if show_meeting:
            cols += [" ", t("panels.col_meeting").rjust(meet_w)]
        if show_bar:
            cols += [" ", t("panels.col_share").ljust(bar_w)[:bar_w]]
        cols += [" ", t("panels.col_delta").rjust(delta_w)]
        out: list[Row] = [(("".join(cols).rstrip(), "speakers--header"),)]
        for row in rows:
            base = "speakers--current" if row.speaking else ""
            if not row.present:
                base = "speakers--current+speakers--muted" if row.speaking else "speakers--muted"
            runs: list[Run] = [((row.digit or " ") + " ", base), (("▶" if row.speaking else " ") + " ", base)]
            name = row.name if len(row.name) <= name_w else row.name[: name_w - 1] + "…"
            runs += [(name.ljust(name_w), base), (" ", "")]
            if row.spoken_in_item:
                runs.append((clock_text(row.item_seconds).rjust(item_w), base))
            else:
                runs.append(("○".rjust(item_w), "speakers--notyet"))
            if show_meeting:
                runs += [(" ", ""), (clock_text(row.meeting_seconds).rjust(meet_w), base)]
            kind = "over" if row.delta_seconds > 0 else ("under" if row.delta_seconds < 0 else "even")
            if show_bar:
                runs += [(" ", ""), (share_bar(row.meeting_seconds, row.share_seconds, bar_w), "speakers--bar")]
            runs += [(" ", ""), (delta_text(row.delta_seconds).rjust(delta_w), f"speakers--{kind}")]
            if row.suggested:
                runs += [(" ", ""), ("→" if short_note else next_note, "speakers--next")]
            elif not row.spoken_in_item and row.present:
                runs += [(" ", ""), ("○" if short_note else notyet_note, "speakers--notyet")]
            out.append(tuple(runs))
        return out


@dataclass(frozen=True, slots=True)
class _PhasePicture:
    lines: tuple[tuple[str, str], ...]
    """(text, component class) per line."""


class GroupPhaseView(LivePanel):
    """The groups of three in the current item: talk time left, then each group's report in turn.

    Idle (class `-idle`: height 0 in `themes/panels.tcss`, still displayed so the
    screen keeps refreshing it) when the current item has no grouping. The meeting screen places it near the agenda and calls
    `refresh_from(live)` with the other panels.
    """

    COMPONENT_CLASSES = {"groupphase--phase", "groupphase--group", "groupphase--presenting", "groupphase--done"}

    def __init__(self, live: LiveMeeting, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(live, name=name, id=id, classes=classes)
        self._picture: _PhasePicture | None = None
        self.border_title = t("panels.groups_title")
        self.add_class("-idle")

    @property
    def lines(self) -> list[str]:
        """The text lines shown now."""
        return [line for line, _ in self._picture.lines] if self._picture else []

    def refresh_from(self, live: LiveMeeting | None = None) -> None:
        """Recompute the phase from the meeting and the clock; repaint only on change."""
        if live is not None:
            self.live = live
        live = self.live
        grouping = live.current_grouping()
        if grouping is None:
            picture = _PhasePicture(())
        else:
            phase = live.group_phase()
            lines: list[tuple[str, str]] = []
            n = len(grouping.groups)
            if phase is None:
                lines.append((t("panels.phase_done"), "groupphase--done"))
            elif phase.phase == "talk":
                lines.append((t("panels.phase_talk", left=_mmss(phase.remaining_seconds), n=n), "groupphase--phase"))
            else:
                k = (phase.group or 0) + 1
                lines.append((t("panels.phase_report", k=k, n=n, left=_mmss(phase.remaining_seconds)), "groupphase--phase"))
            for g, members in enumerate(grouping.groups):
                presenting = phase is not None and phase.phase == "report" and phase.group == g
                mark = "▶" if presenting else " "
                names = ", ".join(live.name_of(m) for m in members)
                lines.append((f"{mark} {g + 1}. {names}", "groupphase--presenting" if presenting else "groupphase--group"))
            picture = _PhasePicture(tuple(lines))
        if picture != self._picture:
            rows_changed = self._picture is None or len(self._picture.lines) != len(picture.lines)
            self._picture = picture
            self.set_class(not picture.lines, "-idle")
            self.border_title = t("panels.groups_title")
            self.refresh(layout=rows_changed)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self._picture.lines) if self._picture else 0

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if not self._picture:
            return text
        for n, (line, style) in enumerate(self._picture.lines):
            if n:
                text.append("\n")
            text.append(line, self.get_component_rich_style(style, partial=True))
        return text


def _mmss(seconds: float) -> str:
    """A countdown as MM:SS ("04:10"), hours folded into the minutes."""
    return speaking_clock(max(0.0, seconds), pad=True, fold_hours=True)
