"""The room view: the agenda and the clock on the wall, for a projector, a second screen or a browser.

`WallScreen(meeting_id | None)` shows the live meeting (the newest one whose
status is "live" when no id is given) in large type: the current item and the
time left, the next items with their clock times, during a break the time the
meeting starts again, during a time-out a calm full-screen TIME-OUT, and the
groups of three while a grouping is on. The time is drawn with Textual's
`Digits` on a short screen and in full-block letters (`BigDigits`) from 30
lines on, twice that size from 45 lines and 120 columns (`clock_scale`).

It follows the moderator's program through the meeting file: every
`POLL_SECONDS` (a tenth of a second) it asks `WallFollower.poll()`
(facilitator/wall.py: one `os.stat` per file, a reload only when the file
changed) and redraws from `WallFollower.state()` when the file changed, else
every `CLOCK_SECONDS` for the clock, touching a widget only when its text
changed. The moderator's program saves a change of state within 0.04 s of
the key (once its own screen has drawn it), so the room sees a time-out or
the next item within a moment of the key. Texts from the file are shown as
text, never read as markup. It is
read-only: it never writes the meeting file and takes no lock, so it runs
beside the moderator's program and survives its restart (a missing or
unreadable file keeps the last good view with a small note). There is no way
from here to any other screen: the served browser view (`wall --serve`) must
never reach the moderator's screens.

Keys: q quit, c switch to high contrast and back (not saved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Digits, Static

from facilitator.i18n import t
from facilitator.screens.timeout import big_word
from facilitator.ui import localize_bindings, stylesheet
from facilitator.wall import WallFollower, WallState
from facilitator.widgets.countdown import format_duration

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp

__all__ = ["CLOCK_SECONDS", "POLL_SECONDS", "WallScreen", "wall_texts"]

POLL_SECONDS = 0.1
"""How often the screen looks at the meeting file (two `os.stat` calls): a change shows within 0.3 s of the key."""
CLOCK_SECONDS = 0.5
"""How often the screen is drawn again while the file stays the same (the clock and the time left)."""

SHORT_HEIGHT = 30
"""Below this many rows the screen leaves out the detail line and lists fewer items."""
FIXED_ROWS = 15
"""Rows the normal view needs besides the list of next items (top bar, item, digits, detail, borders, keys)."""
CLOCK_ROWS = {1: 3, 2: 6, 3: 11}
"""Lines the clock takes at each scale, with its margin (1: Textual's Digits; 2 and 3: block letters)."""
NARROW_WIDTH = 100
"""Below this many columns the groups of three sit closer together."""


def clock_scale(width: int, height: int) -> int:
    """How large the clock is drawn: 1 (Digits) on a short screen, 2 from 30 lines, 3 from 45 lines and 120 columns."""
    if height < SHORT_HEIGHT:
        return 1
    return 3 if height >= 45 and width >= 120 else 2


def wall_texts(state: WallState) -> dict[str, str]:
    """The text of each part of the normal view (heading, label, title, lead, digits, word, detail)."""
    heading = " · ".join(part for part in (state.group_name, state.meeting_title) if part)
    texts = {"heading": heading, "now": state.clock, "label": "", "title": "", "lead": "", "digits": "", "word": "", "detail": ""}
    if state.mode == "waiting":
        texts.update(message=state.message, digits=state.clock)
        return texts
    if state.mode == "ended":
        message = t("wall.ended_at", time=state.ended_at) if state.ended_at else t("wall.ended")
        texts.update(message=message, digits=state.clock)
        return texts
    if state.mode == "planned":
        texts.update(
            label=t("wall.not_started"),
            title=state.meeting_title,
            lead=t("wall.starts_at"),
            digits=state.starts_at,
            detail=t("wall.planned_end", time=state.ends_at),
        )
        return texts
    if state.item_number is None:
        texts.update(title=t("wall.no_items"))
        return texts
    phase = {"ready": t("wall.phase_ready"), "paused": t("wall.phase_paused"), "running": "", "": ""}[state.item_phase]
    label = t("wall.item_of", number=state.item_number, count=state.item_count)
    texts["label"] = f"{label} · {phase}" if phase else label
    texts["title"] = state.item_title
    planned = t("wall.planned_minutes", minutes=state.planned_minutes)
    ends = t("wall.ends_about", time=state.ends_at)
    if state.is_break:
        left = max(0.0, state.remaining_seconds)
        texts.update(lead=t("wall.resume_lead"), digits=state.resume_at)
        if state.over:
            texts.update(
                word=t("wall.over_word"), detail=t("wall.break_over", over=format_duration(-state.remaining_seconds, sign=True))
            )
        else:
            texts["detail"] = t("wall.break_left", left=format_duration(left, up=True))
        return texts
    if state.group_phase == "talk":
        texts.update(lead=t("wall.group_talk"), digits=format_duration(state.group_phase_seconds, up=True))
        texts["detail"] = f"{t('wall.item_left', left=format_duration(max(0.0, state.remaining_seconds), up=True))} · {ends}"
        return texts
    if state.group_phase == "report":
        texts.update(
            lead=t("wall.group_report", group=state.reporting_group or 1),
            digits=format_duration(state.group_phase_seconds, up=True),
        )
        texts["detail"] = f"{t('wall.item_left', left=format_duration(max(0.0, state.remaining_seconds), up=True))} · {ends}"
        return texts
    if not state.timed:
        texts.update(lead=t("wall.untimed_lead"), digits=format_duration(state.elapsed_seconds), detail=ends)
        return texts
    if state.over:
        texts.update(
            lead=t("wall.over_lead"),
            digits=format_duration(-state.remaining_seconds, sign=True),
            word=t("wall.over_word"),
            detail=f"{planned} · {ends}",
        )
        return texts
    lead = t("wall.planned_lead") if state.item_phase == "ready" else t("wall.left_lead")
    texts.update(lead=lead, digits=format_duration(max(0.0, state.remaining_seconds), up=True), detail=f"{planned} · {ends}")
    return texts


def next_table(state: WallState, rows: int) -> Table | None:
    """The coming items (at most `rows`): clock time, number and title, planned minutes."""
    items = state.next_items[: max(0, rows)]
    if not items:
        return None
    # The gaps are part of the cells: a grid's padding can vanish when Textual measures it narrow.
    table = Table.grid(expand=True)
    table.add_column("at", no_wrap=True)
    table.add_column("title", ratio=1, overflow="ellipsis", no_wrap=True)
    table.add_column("minutes", justify="right", no_wrap=True)
    for item in items:
        minutes = "  " + t("wall.planned_minutes", minutes=item.minutes) if item.minutes else ""
        table.add_row(Text(item.at + "  ", style="bold"), Text(f"{item.number}. {item.title}"), minutes)
    return table


_PIXELS: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", "###", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
    "+": ("   ", " # ", "###", " # ", "   "),
    "-": ("   ", "   ", "###", "   ", "   "),
}
"""A 3x5 pixel font for clock times (see `big_digits`)."""


def big_digits(text: str, scale: int) -> list[str]:
    """`text` (digits, ':', '+', '-') in full blocks: a font pixel is `scale` lines by 2 * `scale` columns.

    Only whole blocks, no half blocks: every terminal and xterm.js in a browser draws them edge to edge.
    """
    glyphs = [_PIXELS[c] for c in text if c in _PIXELS]
    if not glyphs:
        return []
    gap = "  " * scale
    lines = []
    for r in range(5):
        row = gap.join("".join(("██" if px == "#" else "  ") * scale for px in glyph[r]) for glyph in glyphs)
        lines.extend([row] * scale)
    return lines


class BigDigits(Static):
    """A clock time in block letters larger than `Digits`, for a tall screen or a projector."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = ""
        """The time shown, like "12:34" or "+04:12"."""
        self.scale = 1
        """Lines (and twice as many columns) per pixel of the font."""

    def show(self, value: str, scale: int | None = None) -> None:
        """Show `value` (at `scale`, when given); redraws only when something changed."""
        scale = self.scale if scale is None else scale
        if (value, scale) == (self.value, self.scale):
            return
        self.value, self.scale = value, scale
        lines = big_digits(value, scale)
        self.styles.width = max((len(line) for line in lines), default=0)  # never wrapped to an older width
        self.update(Text("\n".join(lines), end="", no_wrap=True))


class WallScreen(Screen[None]):
    """The read-only room view of one meeting, following its file."""

    CSS_PATH = [stylesheet("wall.tcss")]
    BINDINGS = [
        Binding("q", "app.quit", "wall.bind_quit", tooltip="wall.tip_quit", id="wall.quit"),
        Binding("c", "contrast", "wall.bind_contrast", tooltip="wall.tip_contrast", id="wall.contrast"),
    ]

    def __init__(self, meeting_id: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        """The meeting asked for (None: the one running)."""
        self.follower: WallFollower | None = None
        """Finds and follows the meeting file (created on mount, from the app's store and clock)."""
        self.state: WallState | None = None
        """What the screen shows now."""
        self._shown: dict[str, str] = {}
        self._groups_shown: tuple[tuple[str, ...], ...] | None = None
        self._next_shown: tuple[object, ...] | None = None
        self.clock_scale = 1
        """How large the clock is drawn (see `clock_scale`), set from the screen's size."""
        self._drawn_at: float | None = None
        """When `poll` last drew (the app clock's monotonic time)."""
        localize_bindings(self)

    @property
    def facilitator(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)  # always the program's app; the type only for mypy

    def compose(self) -> ComposeResult:
        with Horizontal(id="wall-top"):
            yield Static(id="wall-heading")
            yield Static(id="wall-now")
        with Vertical(id="wall-main"):
            yield Static(id="wall-label")
            yield Static(id="wall-title")
            yield Static(id="wall-lead")
            with Horizontal(id="wall-digits-row"):
                yield Digits(id="wall-digits")
                yield BigDigits(id="wall-big-digits")
                yield Static(id="wall-word")
            yield Static(id="wall-detail")
            yield Horizontal(id="wall-groups")
            next_items = Static(id="wall-next")
            next_items.border_title = t("wall.next_title")
            yield next_items
        with Vertical(id="wall-message-view"):
            yield Static(id="wall-message")
            yield Digits(id="wall-message-digits")
        with Vertical(id="wall-timeout"):
            yield Static(big_word("TIME-OUT"), id="wall-timeout-word")
            yield Static(t("wall.timeout_line"), id="wall-timeout-line")
        yield Static(id="wall-note")
        yield Static(t("wall.keys"), id="wall-keys")

    def on_mount(self) -> None:
        app = self.facilitator
        group = app.group
        self.follower = WallFollower(app.store, app.clock, self.meeting_id, group.id if group is not None else None)
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self.clock_scale = clock_scale(event.size.width, event.size.height)
        big = self.query_one("#wall-big-digits", BigDigits)
        big.show(big.value, max(1, self.clock_scale - 1))
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self._next_shown = None
        if self.state is not None:
            self.show(self.state)

    def poll(self) -> None:
        """Look at the meeting file (reload it if it changed); redraw when it did, or when the clock is due."""
        if self.follower is None:
            return
        changed = self.follower.poll()
        now = self.facilitator.clock.monotonic()
        if changed or self._drawn_at is None or now - self._drawn_at >= CLOCK_SECONDS or now < self._drawn_at:
            self._drawn_at = now
            self.show(self.follower.state())

    # --------------------------------------------------------------- drawing

    def _set(self, widget_id: str, text: str) -> None:
        """Update a part only when its text changed; an empty part is hidden."""
        if self._shown.get(widget_id) == text:
            return
        self._shown[widget_id] = text
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, BigDigits):
            widget.show(text)
        elif isinstance(widget, Digits):
            widget.update(text)
        elif isinstance(widget, Static):
            widget.update(Content(text))  # titles and names are text, never markup ("[/]" would not draw)
            widget.display = bool(text) or widget_id == "wall-heading"  # the heading keeps the clock on the right

    def _next_rows(self) -> int:
        """How many coming items fit under the clock (and under the groups of three, when shown)."""
        state = self.state
        used = FIXED_ROWS - 3 + CLOCK_ROWS[self.clock_scale]
        if state is not None and state.groups:
            used += max(len(g) for g in state.groups) + 3  # the names, the box's border, the margin
        if state is not None and state.note:
            used += 1
        return max(1, self.size.height - used)

    def show(self, state: WallState) -> None:
        """Redraw from `state` (only what changed)."""
        self.state = state
        texts = wall_texts(state)
        message_mode = state.mode in ("waiting", "ended")
        self.set_class(message_mode, "-message")
        self.set_class(state.mode == "live" and state.timeout, "-timeout")
        self.set_class(state.over, "-over")
        self.set_class(state.mode == "live" and state.item_phase == "paused", "-paused")
        self.set_class(state.is_break, "-break")
        self.set_class(state.mode == "ended", "-ended")
        self._set("wall-heading", texts["heading"])
        self._set("wall-now", texts["now"])
        self._set("wall-note", state.note)
        if message_mode:
            self._set("wall-message", texts.get("message", ""))
            self._set("wall-message-digits", texts["digits"])
            return
        for part in ("label", "title", "lead", "word", "detail"):
            self._set(f"wall-{part}", texts[part])
        self._set("wall-digits", texts["digits"])
        self._set("wall-big-digits", texts["digits"])
        self._show_groups(state.groups)
        self._show_next(state)

    def _show_groups(self, groups: tuple[tuple[str, ...], ...]) -> None:
        if groups == self._groups_shown:
            return
        self._groups_shown = groups
        box = self.query_one("#wall-groups", Horizontal)
        box.remove_children()
        boxes = []
        for number, names in enumerate(groups, start=1):
            panel = Static(Content("\n".join(names)), classes="wall-group")
            panel.border_title = t("wall.group_title", number=number)
            boxes.append(panel)
        if boxes:
            box.mount_all(boxes)
        box.display = bool(boxes)
        self.set_class(bool(groups), "-groups")

    def _show_next(self, state: WallState) -> None:
        rows = self._next_rows()
        key = (state.mode, rows, state.next_items)
        if key == self._next_shown:
            return
        self._next_shown = key
        panel = self.query_one("#wall-next", Static)
        table = next_table(state, rows)
        panel.border_title = t("wall.agenda_title") if state.mode == "planned" else t("wall.next_title")
        panel.update(table if table is not None else "")
        panel.display = table is not None

    # --------------------------------------------------------------- keys

    def action_contrast(self) -> None:
        """Switch between the everyday and the high-contrast theme (for a lit room)."""
        self.facilitator.toggle_theme()
