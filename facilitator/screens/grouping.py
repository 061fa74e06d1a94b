"""The grouping dialog: the members present split into groups of three (issue 4).

Pushed by the meeting screen's g key::

    app.push_screen(GroupingDialog(live, store, group), on_closed)   # dismisses True when accepted

- `live` is the running meeting; the members split are `live.present_members()`.
- `store` (may be None) gives the pair history of earlier meetings of the same
  group: only the newest `HISTORY_LIMIT` finished meetings of
  `store.history_index(group.id)` are read (a group meeting every few weeks
  has met about 20 times in a year; old pairings matter little and reading
  10,000 files would not do). They are read in a worker thread when the
  dialog opens; the split is shown when they are in. The groupings made
  earlier in this meeting always count. `history=` skips the reading
  (a precomputed Counter, as from `earlier_pair_history`).
- `group` (default `live.group`) names the group whose history is read.
- `rng` or `seed` makes the splits reproducible (tests); without either the
  system's randomness is used.

Keys: r reshuffle (a different split whenever one exists); 1-9, 0 and the
arrows choose a member, k marks them and then a second one to keep apart
(backspace forgets the last pair); + and - change the group-talk minutes
(default 25, the booklet's figure); enter accepts (`live.accept_grouping`:
stored in `[[groupings]]`, written into the minutes, the group-talk timer
starts); escape cancels. With fewer than two present the dialog says so.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from facilitator.grouping import MIN_MEMBERS, Split, pair_history, pair_history_of_meetings, split
from facilitator.i18n import t
from facilitator.meeting import LiveMeeting, number_key
from facilitator.screens.dialog_base import Dialog, cancel_binding
from facilitator.screens.typing_catch import CatchesTyping
from facilitator.ui import stylesheet

if TYPE_CHECKING:
    from facilitator.model import Group, Meeting
    from facilitator.store import Store

__all__ = ["HISTORY_LIMIT", "GroupingDialog", "earlier_pair_history"]

HISTORY_LIMIT = 20
"""How many of the newest finished meetings of the group give the pair history."""

MIN_TALK, MAX_TALK = 1, 180
RESHUFFLE_TRIES = 12
"""Splits drawn by r until one differs from the shown one (when every draw is the same, there is no other)."""

SELECTED = Style(reverse=True, bold=True)
"""The chosen member: reverse video, so it shows without colour."""


def earlier_pair_history(store: Store, group_id: str, exclude: str = "", limit: int = HISTORY_LIMIT) -> Counter[frozenset[str]]:
    """How often each pair sat together in the newest `limit` finished meetings of the group.

    Reads the history index (cheap, cached by the store) and then only those
    meetings' files; a file that fails to load is skipped. `exclude` is the
    running meeting's id.
    """
    from facilitator.store import StoreError

    try:
        summaries = store.history_index(group_id)
    except (StoreError, OSError):
        return Counter()
    meetings: list[Meeting] = []
    for summary in summaries:
        if len(meetings) >= limit:
            break
        if summary.id == exclude:
            continue
        try:
            meetings.append(store.load_meeting(group_id, summary.id))
        except (StoreError, OSError):
            continue
    return pair_history_of_meetings(meetings)


def _partition(groups: Sequence[Sequence[str]]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(g) for g in groups)


class GroupingDialog(CatchesTyping[bool], Dialog[bool]):
    """Split the members present into groups of three; enter accepts, escape cancels. See the module docstring."""

    CSS_PATH = [stylesheet("panels.tcss")]
    FOOTER = False  # the keys are the dialog's last line (grouping-keys)
    BINDINGS = [
        Binding("enter", "accept", "panels.bind_accept", tooltip="panels.tip_accept", id="grouping.accept", priority=True),
        cancel_binding("grouping.cancel", "panels"),
        Binding("r", "reshuffle", "panels.bind_reshuffle", tooltip="panels.tip_reshuffle", id="grouping.reshuffle"),
        Binding("k", "keep_apart", "panels.bind_keep_apart", tooltip="panels.tip_keep_apart", id="grouping.keep_apart"),
        Binding(
            "backspace",
            "forget_pair",
            "panels.bind_forget_pair",
            tooltip="panels.tip_forget_pair",
            id="grouping.forget_pair",
            show=False,
        ),
        Binding("plus", "talk(1)", "panels.bind_talk_more", tooltip="panels.tip_talk", key_display="+", id="grouping.talk_more"),
        Binding(
            "minus", "talk(-1)", "panels.bind_talk_less", tooltip="panels.tip_talk", key_display="-", id="grouping.talk_less"
        ),
        Binding(
            "down,right", "move(1)", "panels.bind_choose", tooltip="panels.tip_choose", id="grouping.next_member", show=False
        ),
        Binding(
            "up,left", "move(-1)", "panels.bind_choose", tooltip="panels.tip_choose", id="grouping.previous_member", show=False
        ),
        *[
            Binding(
                str(d),
                f"choose('{d}')",
                "panels.bind_choose",
                tooltip="panels.tip_choose",
                key_display="0-9",
                id=f"grouping.choose_{d}",
                show=False,
            )
            for d in (1, 2, 3, 4, 5, 6, 7, 8, 9, 0)
        ],
        Binding("f1", "help", "panels.bind_help", tooltip="panels.tip_help", id="grouping.help"),
    ]

    def __init__(
        self,
        live: LiveMeeting,
        store: Store | None = None,
        group: Group | None = None,
        *,
        history: Counter[frozenset[str]] | None = None,
        rng: random.Random | None = None,
        seed: int | None = None,
        talk_minutes: int | None = None,
    ) -> None:
        """`talk_minutes` defaults to what fits the current item (`LiveMeeting.suggested_group_talk`)."""
        super().__init__(cancel=False)  # escape: close without grouping
        self.live = live
        self.store = store
        self.group = group if group is not None else live.group
        self.rng = rng if rng is not None else random.Random(seed)
        self.members: list[str] = live.present_members()
        """The members to split, in number order (each shown with their number of the meeting)."""
        if talk_minutes is None:
            talk_minutes = live.suggested_group_talk()
        self.talk_minutes = max(MIN_TALK, min(MAX_TALK, talk_minutes))
        """The group-talk minutes the grouping starts with (+ / - change them)."""
        self.keep_apart: list[frozenset[str]] = []
        """Pairs the moderator asked to keep apart, in the order marked."""
        self.pending: str | None = None
        """The first member of a keep-apart pair being marked."""
        self.selected: str | None = self.members[0] if self.members else None
        """The member chosen with the digits or the arrows."""
        self.split: Split | None = None
        """The split shown (None until the history is read, or with fewer than two present)."""
        self._earlier = history
        self._history: Counter[frozenset[str]] | None = None

    # ----------------------------------------------------------------- layout

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog", id="grouping"):
            yield Static(t("panels.grouping_title", n=len(self.members)), classes="dialog-title", id="grouping-title")
            yield Static(id="grouping-groups")
            yield Static(id="grouping-info")
            yield Static(id="grouping-talk")
            yield Static(t("panels.grouping_keys"), id="grouping-keys", classes="muted")

    def on_mount(self) -> None:
        if len(self.members) < MIN_MEMBERS:
            self._show()
            return
        if self._earlier is None and self.store is not None and self.group.id:
            self.query_one("#grouping-groups", Static).update(t("panels.grouping_reading"))
            self.run_worker(self._read_history, thread=True, exclusive=True, group="grouping-history", exit_on_error=False)
            return
        self._history_ready(self._earlier or Counter())

    def _read_history(self) -> Counter[frozenset[str]]:
        assert self.store is not None
        return earlier_pair_history(self.store, self.group.id, exclude=self.live.meeting.id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "grouping-history":
            return
        if event.state == WorkerState.SUCCESS:
            self._history_ready(event.worker.result or Counter())
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._history_ready(Counter())

    def _history_ready(self, earlier: Counter[frozenset[str]]) -> None:
        history = Counter(earlier)
        history.update(pair_history(g.groups for g in self.live.meeting.groupings))
        self._history = history
        self._resplit()

    # ----------------------------------------------------------------- splitting

    def _draw(self) -> Split:
        return split(self.members, history=self._history, keep_apart=self.keep_apart, rng=self.rng)

    def _resplit(self) -> None:
        if len(self.members) >= MIN_MEMBERS and self._history is not None:
            self.split = self._draw()
        self._show()

    def action_reshuffle(self) -> None:
        """r: another split (different from the one shown whenever there is another)."""
        if self.split is None:
            return
        shown = _partition(self.split.groups)
        for _ in range(RESHUFFLE_TRIES):
            candidate = self._draw()
            if _partition(candidate.groups) != shown:
                self.split = candidate
                break
        self._show()

    # ----------------------------------------------------------------- choosing

    def action_choose(self, digit: str) -> None:
        """1-9, 0: choose the member with that number (their number for the whole meeting)."""
        member = self.live.member_for_digit(digit)
        if member in self.members:
            self.selected = member
            self._show()

    def action_move(self, step: int) -> None:
        """The arrows: choose the next or previous member (in the order shown in the groups)."""
        order = [m for group in self.split.groups for m in group] if self.split else list(self.members)
        if not order:
            return
        at = order.index(self.selected) if self.selected in order else -step
        self.selected = order[(at + step) % len(order)]
        self._show()

    def action_keep_apart(self) -> None:
        """k: mark the chosen member; k on a second member keeps the two apart (and splits again)."""
        if self.selected is None or len(self.members) < MIN_MEMBERS:
            return
        if self.pending is None:
            self.pending = self.selected
        elif self.pending == self.selected:
            self.pending = None
        else:
            pair = frozenset((self.pending, self.selected))
            if pair not in self.keep_apart:
                self.keep_apart.append(pair)
            self.pending = None
            self._resplit()
            return
        self._show()

    def action_forget_pair(self) -> None:
        """Backspace: forget the last keep-apart pair (or the half-marked one)."""
        if self.pending is not None:
            self.pending = None
        elif self.keep_apart:
            self.keep_apart.pop()
            self._resplit()
            return
        self._show()

    def action_talk(self, delta: int) -> None:
        """+ / -: one minute more or less of group talk."""
        self.talk_minutes = max(MIN_TALK, min(MAX_TALK, self.talk_minutes + delta))
        self._show()

    # ----------------------------------------------------------------- closing

    def action_accept(self) -> None:
        """Enter: store the grouping, write it into the minutes, start the group talk."""
        if self.split is None:
            if len(self.members) < MIN_MEMBERS:
                self.dismiss(False)
            return
        if self.live.accept_grouping([list(g) for g in self.split.groups], self.talk_minutes):
            self.dismiss(True)
        else:
            self.app.notify(t("panels.grouping_refused"), severity="warning")
            self.dismiss(False)

    def action_help(self) -> None:
        """F1: the keys of this dialog."""
        from facilitator.screens.help import show_help

        show_help(self)

    # ----------------------------------------------------------------- drawing

    def _number(self, member: str) -> str:
        return number_key(self.live.number_of(member)) or " "

    def _groups_text(self) -> Text:
        text = Text(end="")
        assert self.split is not None
        apart = {m for pair in self.keep_apart for m in pair}
        for g, group in enumerate(self.split.groups):
            if g:
                text.append("\n")
            text.append(t("panels.group_label", k=g + 1), Style(bold=True))
            text.append(" ")
            for n, member in enumerate(group):
                if n:
                    text.append(" · ")
                label = f"{self._number(member)} {self.live.name_of(member)}"
                if member == self.pending:
                    label += " ≠?"
                elif member in apart:
                    label += " ≠"
                if member == self.selected:
                    text.append(f"[{label}]", SELECTED)
                else:
                    text.append(label)
        return text

    def _info_lines(self) -> list[str]:
        lines: list[str] = []
        if self.split is not None:
            n = self.split.repeated_pairs
            if n == 0:
                lines.append(t("panels.repeated_none"))
            else:
                names = [t("panels.pair", a=self.live.name_of(a), b=self.live.name_of(b)) for a, b in self.split.repeated]
                lines.append(t("panels.repeated_named", n=n, pairs="; ".join(names)))
            if self.split.kept_apart_violations:
                lines.append(t("panels.apart_impossible"))
        for pair in self.keep_apart:
            a, b = sorted(pair, key=lambda m: self.members.index(m) if m in self.members else 99)
            lines.append(t("panels.kept_apart", a=self.live.name_of(a), b=self.live.name_of(b)))
        if self.pending is not None:
            lines.append(t("panels.apart_pending", a=self.live.name_of(self.pending)))
        return lines

    def _show(self) -> None:
        if not self.query("#grouping-groups"):
            return  # not composed yet
        groups = self.query_one("#grouping-groups", Static)
        info = self.query_one("#grouping-info", Static)
        talk = self.query_one("#grouping-talk", Static)
        if len(self.members) < MIN_MEMBERS:
            groups.update(t("panels.grouping_too_few", n=len(self.members)))
            info.update("")
            talk.display = False
            self.query_one("#grouping-keys", Static).update(t("panels.grouping_keys_few"))
            return
        if self.split is None:
            return
        groups.update(self._groups_text())
        info.update(Text("\n".join(self._info_lines()), end=""))
        item = self.live.current
        planned = item.planned_minutes if item is not None else 0
        key = "panels.grouping_talk" if planned > self.talk_minutes else "panels.grouping_talk_long"
        talk.update(t(key, minutes=self.talk_minutes, planned=planned))

    @property
    def groups(self) -> list[list[str]]:
        """The groups shown (member ids), empty when there is no split."""
        return [list(g) for g in self.split.groups] if self.split else []
