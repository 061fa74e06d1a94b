"""A small test host for the moderator's panels (not a test module).

`make_live()` builds a group of ten members and a LiveMeeting on the booklet's
first agenda (built-in, `en` or `da`) with a FakeClock; `PanelsHost` is an App
that composes the speakers panel, the group-phase view and the cue panel
around it and offers the meeting screen's keys for them, so the panels can be
tested before (and apart from) the real meeting screen. `host_panels()` does
the three under Pilot at once:

    async with host_panels(present=5, running=True, show=("speakers",)) as (app, pilot, live, clock): ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.pilot import Pilot

from facilitator.clock import FakeClock
from facilitator.i18n import set_language
from facilitator.meeting import LiveMeeting
from facilitator.model import Group, Item, Meeting, Member
from facilitator.palette import DEFAULT_THEME, THEMES, with_states
from facilitator.ui import stylesheet

CET = timezone(timedelta(hours=1))
START = datetime(2026, 3, 12, 18, 0, tzinfo=CET)
NAMES = ["Anne Holm", "Bo Jensen", "Carla Berg", "Dorte Lund", "Erik Møller", "Fie Hansen", "Gitte Krogh",
         "Hans Ravn", "Ida Skov", "Jens Bach", "Karen Dahl", "Lars Friis", "Mette Kure"]


def make_group(language: str = "en", n: int = 10, agreements: bool = True) -> Group:
    members = [Member(id=name.split()[0].lower(), name=name) for name in NAMES[:n]]
    data = {"name": "Netværk Nord", "members": [m.model_dump() for m in members], "settings": {"language": language}}
    if agreements:
        data["agreements"] = {
            "confidentiality": "What is said in the group stays in the group."
            if language == "en" else "Det, der bliver sagt i gruppen, bliver i gruppen.",
            "ethics": "We speak of the children with respect and never by name."
            if language == "en" else "Vi taler om børnene med respekt og aldrig med navn.",
        }
    group = Group.model_validate(data)
    group.id = "nord"
    return group


def agenda_items(template: str = "first", language: str = "en") -> list[Item]:
    """The built-in agenda's items as meeting items."""
    from facilitator.store import Store

    agenda = Store(Path("/nonexistent-facilitator-test")).agenda(template, language)
    return [Item.model_validate(item.model_dump()) for item in agenda.items]


def make_live(
    clock: FakeClock,
    *,
    language: str = "en",
    present: int = 7,
    template: str = "first",
    items: list[Item] | None = None,
    check_in: bool = True,
    agreements: bool = True,
    members: int = 10,
    group: Group | None = None,
) -> LiveMeeting:
    """A meeting of the group (`members` strong) with the first `present` members present, checked in now."""
    if group is None:
        group = make_group(language, n=max(members, present), agreements=agreements)
    meeting = Meeting(
        id="2026-03-12-first", title="First meeting", date=date(2026, 3, 12), start=time(18, 0),
        items=items if items is not None else agenda_items(template, language),
    )
    ids = [m.id for m in group.members]
    meeting.attendance.absent_notified = ids[present:]
    meeting.roles.boundary_keeper = ids[2] if present > 2 else ""
    meeting.roles.moderator = ids[0]
    live = LiveMeeting(group, meeting, clock)
    if check_in:
        for mid in ids[present:]:
            live.set_presence(mid, "absent_notified")
        live.confirm_checkin()
    return live


class PanelsHost(App[None]):
    """Composes the panels around a LiveMeeting, with the meeting screen's keys for them."""

    CSS_PATH = [stylesheet("app.tcss"), stylesheet("panels.tcss")]
    BINDINGS = [
        *[Binding(str(d), f"speaker('{d}')", "speaker", show=False) for d in range(10)],
        Binding("space", "toggle_running", "start/pause"),
        Binding("n", "next_item", "next"),
        Binding("s", "toggle_speakers", "speakers"),
        Binding("c", "toggle_cues", "cues"),
        Binding("x", "tick_cue", "tick"),
        Binding("g", "grouping", "groups"),
        Binding("t", "timeout", "time-out"),
        Binding("ctrl+t", "timeout", "time-out", priority=True),
        Binding("f1", "help", "help"),
    ]

    def get_css_variables(self) -> dict[str, str]:
        return with_states(super().get_css_variables())  # the meeting's states, as the program has them

    def __init__(
        self, live: LiveMeeting, language: str = "en", seed: int = 7, show: tuple[str, ...] = ("speakers", "phase", "cues")
    ) -> None:
        set_language(language)
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        self.live = live
        self.clock = live.clock
        self.language = language
        self.seed = seed
        self.show = show

    def compose(self) -> ComposeResult:
        from textual.widgets import Footer, TextArea

        from facilitator.widgets.cues import CuePanel
        from facilitator.widgets.speakers import GroupPhaseView, SpeakersPanel

        with Horizontal():
            with Vertical(id="left"):
                if "speakers" in self.show:
                    yield SpeakersPanel(self.live, id="speakers")
                if "phase" in self.show:
                    yield GroupPhaseView(self.live, id="group-phase")
                if "cues" in self.show:
                    yield CuePanel(self.live, id="cues")
            if "minutes" in self.show:
                yield TextArea(id="minutes")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        for widget in self.query("#speakers, #group-phase, #cues"):
            widget.refresh_from(self.live)  # type: ignore[attr-defined]

    def action_speaker(self, digit: str) -> None:
        member = self.live.member_for_digit(digit)
        if member is not None:
            self.live.toggle_speaker(member)
        self.redraw()

    def action_toggle_running(self) -> None:
        self.live.toggle_running()
        self.redraw()

    def action_next_item(self) -> None:
        self.live.next_item()
        self.redraw()

    def action_toggle_speakers(self) -> None:
        widget = self.query_one("#speakers")
        widget.display = not widget.display

    def action_toggle_cues(self) -> None:
        widget = self.query_one("#cues")
        widget.display = not widget.display

    def action_tick_cue(self) -> None:
        from facilitator.widgets.cues import CuePanel

        self.query_one(CuePanel).tick_next()
        self.redraw()

    def action_grouping(self) -> None:
        from facilitator.screens.grouping import GroupingDialog

        self.push_screen(GroupingDialog(self.live, None, self.live.group, seed=self.seed), lambda _: self.redraw())

    def action_timeout(self) -> None:
        from facilitator.screens.timeout import TimeOutScreen

        if self.live.call_timeout():
            self.push_screen(TimeOutScreen(self.live), lambda _: self.redraw())

    def action_help(self) -> None:
        from facilitator.screens.help import show_help

        show_help(self.screen)


class HostedPanels(NamedTuple):
    """The panels under Pilot: the host app, its pilot, the LiveMeeting and its FakeClock."""

    app: PanelsHost
    pilot: Pilot[None]
    live: LiveMeeting
    clock: FakeClock


@asynccontextmanager
async def host_panels(
    *,
    language: str = "en",
    show: tuple[str, ...] = ("speakers", "phase", "cues"),
    seed: int = 7,
    size: tuple[int, int] = (120, 40),
    running: bool = False,
    **live: Any,
) -> AsyncIterator[HostedPanels]:
    """A FakeClock at START, `make_live(clock, language=language, **live)`, its first item started if
    `running`, and a PanelsHost (`language`, `show`, `seed`) running under Pilot at `size`."""
    clock = FakeClock(START)
    meeting = make_live(clock, language=language, **live)
    if running:
        meeting.toggle_running()
    app = PanelsHost(meeting, language=language, seed=seed, show=show)
    async with app.run_test(size=size) as pilot:
        yield HostedPanels(app, pilot, meeting, clock)
