"""Issue 16, "one fact, one place": where two parts of the program show the same figure, they agree.

The statistics across meetings, the review of one meeting and the half-year
summary take their speaking figures from the live meeting's own rule
(`speaking.stats`, through `speaking.final_stats`), so what the room saw on the
speakers panel is what the history says afterwards.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.clock import FakeClock
from facilitator.history import history_stats, speaking_seconds
from facilitator.i18n import set_language
from facilitator.meeting import LiveMeeting
from facilitator.model import Group, Item, Meeting, Member
from facilitator.speaking import round_share_seconds, stats

CET = timezone(timedelta(hours=1))
START = datetime(2026, 3, 12, 18, 0, tzinfo=CET)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _group() -> Group:
    members = [Member(id=name.lower(), name=name) for name in ("Anne", "Bo", "Carla", "Dorte")]
    return Group.model_validate({"name": "Netværk Nord", "members": [m.model_dump() for m in members]})


def _held_meeting(clock: FakeClock) -> tuple[LiveMeeting, dict[str, tuple[float, float]]]:
    """A meeting with a late arrival, an early leave and a time-out in a turn; the panel's figures at its end."""
    items = [Item(title="Round", planned_minutes=40, kind="round"), Item(title="Theme", planned_minutes=60)]
    meeting = Meeting(id="2026-03-12-m", title="M", date=date(2026, 3, 12), start=time(18, 0), items=items)
    meeting.attendance.absent_notified = ["dorte"]
    live = LiveMeeting(_group(), meeting, clock)
    assert live.confirm_checkin()
    assert live.toggle_running()
    assert live.toggle_speaker("anne")
    clock.advance(300)
    assert live.toggle_speaker("bo")  # Anne stops, Bo speaks
    clock.advance(120)
    assert live.call_timeout("carla")
    clock.advance(60)
    assert live.end_timeout("continue")
    assert live.toggle_speaker("bo")
    clock.advance(60)
    assert live.mark_arrival("dorte")  # Dorte comes late: no part of what was said before
    assert live.toggle_speaker("dorte")
    clock.advance(200)
    assert live.mark_leave("anne")  # Anne leaves: she keeps the part she earned
    assert live.toggle_speaker("carla")
    clock.advance(100)
    assert live.stop_speaker()
    panel = {e.member: (e.meeting_seconds, e.fair_share_seconds) for e in stats(live.meeting, clock.now(), None)}
    assert live.end_meeting()
    return live, panel


def test_the_statistics_show_the_fair_share_the_speakers_panel_showed() -> None:
    clock = FakeClock(START)
    live, panel = _held_meeting(clock)
    whole = sum(spoken for spoken, _ in panel.values())
    trends = {trend.member_id: trend for trend in history_stats(_group(), [live.meeting]).speaking}
    # Everyone who took part, Anne who left included, has their panel figures in the statistics.
    for member in ("anne", "bo", "dorte"):
        spoken, fair = panel[member]
        assert trends[member].shares[0] == pytest.approx(spoken / whole)
        assert trends[member].fair[0] == pytest.approx(fair / whole)
    # Not 1/present: Dorte came late, Anne left early, and the panel weighs who was in the room when.
    assert trends["dorte"].fair[0] != pytest.approx(1 / 4)
    assert trends["anne"].fair[0] != pytest.approx(trends["dorte"].fair[0])


def test_history_speaking_time_leaves_out_the_time_out_like_the_panel() -> None:
    clock = FakeClock(START)
    live, panel = _held_meeting(clock)
    spoken = speaking_seconds(live.meeting)
    assert spoken == pytest.approx({member: seconds for member, (seconds, _) in panel.items() if seconds > 0})
    assert spoken["bo"] == pytest.approx(120 + 60)  # the minute of the time-out is not Bo's speaking time


def test_the_round_share_is_the_same_in_the_live_meeting_and_in_speaking() -> None:
    clock = FakeClock(START)
    live, _ = _held_meeting(clock)
    present = len(live.meeting.attendance.present)
    assert live.round_share_seconds(0) == pytest.approx(round_share_seconds(40, present))


# ----------------------------------------------------------------- the meeting's states as theme variables

_STATE_SELECTORS = (
    "-over", "-break", "-paused", "timeout-word", "timeout-view", "--over", "countdown-over", "#clock-word", ".-late",
)


def _rules(text: str) -> list[tuple[str, str]]:
    """(selector, body) of each rule of a stylesheet, comments left out."""
    import re

    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return [(head.strip(), body) for head, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text)]


def test_every_view_colours_the_meeting_s_states_with_the_state_variables() -> None:
    from facilitator.ui import themes_folder

    themes = Path(themes_folder())  # where the program finds them: beside the package, or in the installed wheel
    checked = 0
    for sheet in sorted(themes.glob("*.tcss")):
        for selector, body in _rules(sheet.read_text(encoding="utf-8")):
            if not any(mark in selector for mark in _STATE_SELECTORS):
                continue
            for line in body.splitlines():
                if "$state-" in line:
                    checked += 1
                named = [word for word in ("$warning", "$error", "$success", "$accent", "$primary", "$secondary")
                         if word in line]
                assert not named, f"{sheet.name}: {selector} colours a meeting state with {line.strip()}"
    assert checked >= 10  # the clock, the over-time bar, the wall, the speakers, the time-out view, the review's bars


def test_every_theme_has_the_state_variables_and_the_default_ones_follow_its_colours(tmp_path: Path) -> None:
    from facilitator.app import FacilitatorApp
    from facilitator.palette import HIGH_CONTRAST_THEME, STATE_COLOURS, THEMES

    app = FacilitatorApp(data_dir=tmp_path)
    for name in (*(theme.name for theme in THEMES), "nord"):  # ours, and one of Textual's own
        app.theme = name
        variables = app.get_css_variables()
        for state, colour in STATE_COLOURS.items():
            assert variables[state] == app.current_theme.variables.get(state, variables[colour])
    # The high-contrast break is cyan: its primary is the yellow of its over-time.
    app.theme = HIGH_CONTRAST_THEME
    variables = app.get_css_variables()
    assert variables["state-break"] == "#00ffff" != variables["state-over"]
