"""The meeting screen reads at 80x24 (issue 17, points 2 and 3).

- the current item, its clock and who has the word stay on the screen whatever
  the column below them is scrolled to; all ten speakers fit;
- the footer offers the moderator's most needed keys first at every width,
  whole keys only, and F1 always;
- notices stand in a bar above the footer and cover nothing;
- cues take one line each until opened;
- check boxes say their state in text: [x] / [ ].
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from meeting_screen_helpers import RunningMeeting, demo_meeting, moderator_keys, settle
from textual.app import App, ComposeResult
from textual.widgets import Checkbox, SelectionList
from textual.widgets._footer import FooterKey
from wall_helpers import screen_text

from facilitator.app import FacilitatorApp
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import Store
from facilitator.widgets import toggles  # noqa: F401 - the marks, as the app has them
from facilitator.widgets.cues import CuePanel
from facilitator.widgets.footer import Footer, FooterEntry, fit_entries
from facilitator.widgets.notices import NoticeBar

MakeApp = Callable[..., FacilitatorApp]


@pytest.mark.parametrize("language", ["da", "en"])
async def test_clock_item_and_speaker_stay_in_view_and_all_ten_speakers_fit(
    running_meeting: RunningMeeting, data_dir: Path, language: str
) -> None:
    planned = demo_meeting(data_dir, language=language)
    async with running_meeting(planned, language=language, size=(80, 24)) as (app, pilot, screen):
        await settle(pilot)
        for row in screen.live.checkin_rows():  # everyone came: ten members
            screen.live.set_presence(row.member_id, "present")
        await pilot.press("enter")
        await settle(pilot)
        await moderator_keys(pilot, "space", "3")
        await settle(pilot)
        text = screen_text(app)
        name = screen.live.name_of(screen.live.current_speaker or "")
        item = screen.live.current
        assert item is not None and f"1. {item.title}" in text
        speaker_line = screen.query_one("#clock-speaker")
        assert name in str(speaker_line.render())
        present = screen.live.present_members()
        assert len(present) == 10
        side = screen.query_one("#side")
        # the speakers list (one row each) fits in the column under the clock
        speakers = screen.query_one("#speakers")
        assert speakers.region.height <= side.region.height
        assert speakers.region.height >= len(present) + 3  # border, header, one row each
        for _ in range(3):
            await pilot.press("pagedown")
            await pilot.pause()
        assert side.scroll_y > 0
        text = screen_text(app)
        assert f"1. {item.title}" in text  # the clock's border title
        assert name in text  # who has the word
        clock = screen.query_one("#clock")
        assert clock.region.y <= 2 and clock.region.height <= 7  # compact: border, digits, the speaker


def test_fit_keeps_the_order_whole_keys_and_f1() -> None:
    keys = [
        FooterEntry(k, k, d, a, True, "") for k, d, a in (("space", "Start", "s"), ("n", "Next", "n"), ("t", "Time-out", "t"))
    ]
    help_key = FooterEntry("f1", "F1", "Help", "help", True, "")
    assert [e.key for e in fit_entries(keys, 200, help_key)] == ["space", "n", "t", "f1"]
    # room for space and n only, then F1: a key that does not fit is left out whole, never cut
    room = keys[0].width() + keys[1].width() + help_key.width() + 3
    assert [e.key for e in fit_entries(keys, room, help_key)] == ["space", "n", "f1"]
    assert [e.key for e in fit_entries(keys, 4, help_key)] == ["f1"]  # F1 always
    # a shorter key further down fills the room a long one left
    long_first = [FooterEntry("a", "a", "x" * 30, "a", True, ""), keys[1]]
    assert [e.key for e in fit_entries(long_first, 20, None)] == ["n"]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_footer_leads_with_the_moderators_keys_and_always_shows_f1(
    running_meeting: RunningMeeting, data_dir: Path, language: str, size: tuple[int, int]
) -> None:
    planned = demo_meeting(data_dir, language=language)
    async with running_meeting(planned, language=language, size=size) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        footer = screen.query_one(Footer)
        shown = [entry.binding_id for entry in footer.shown_entries]
        assert shown[:4] == ["meeting.start", "meeting.next", "meeting.speaker_1", "meeting.timeout"], shown
        assert shown[-1] == "meeting.help"
        if size[0] >= 100:
            assert "meeting.undo" in shown
        if size[0] >= 120:
            assert "meeting.end" in shown
        order = [key for key in MeetingScreen.FOOTER_ORDER if key in shown]
        assert [key for key in shown if key in MeetingScreen.FOOTER_ORDER] == order
        width = footer.region.width
        for key in footer.query(FooterKey):
            assert key.region.right <= footer.region.x + width, key  # every key whole on the screen
        # in the minutes: leave them, and the time-out that works there
        await pilot.press("tab")
        await pilot.pause()
        await settle(pilot)
        shown = [entry.binding_id for entry in footer.shown_entries]
        assert shown[:2] == ["meeting.leave_minutes_now", "meeting.timeout_anywhere"] and shown[-1] == "meeting.help"


async def test_notices_stand_above_the_footer_and_cover_nothing(running_meeting: RunningMeeting, data_dir: Path) -> None:
    planned = demo_meeting(data_dir, language="da")
    async with running_meeting(planned, language="da", size=(80, 24), notifications=True) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        bar = screen.query_one(NoticeBar)
        assert bar.display and bar.shown
        assert "Tjek-ind bekræftet" in bar.shown[-1].message
        assert not screen.query("Toast")  # no toast laid over the screen
        body = screen.query_one("#body")
        assert body.region.bottom <= bar.region.y  # the column and the minutes end above it
        screen.notify("kort besked", severity="warning", timeout=1.0)
        for _ in range(40):  # polled, not a fixed pause: a loaded machine (or a garbage collection) may be slow
            await pilot.pause(0.05)
            if bar.shown and bar.shown[-1].message == "kort besked":
                break
        assert bar.shown[-1].message == "kort besked" and bar.has_class("-warning")
        assert NoticeBar._line(bar.shown[-1]).plain == "! kort besked"  # a warning says so without colour
        for _ in range(80):
            await pilot.pause(0.05)
            if all(n.message != "kort besked" for n in bar.shown):
                break
        assert all(n.message != "kort besked" for n in bar.shown)


async def test_a_click_on_the_notices_takes_them_away(running_meeting: RunningMeeting, data_dir: Path) -> None:
    """A toast went away when clicked; the bar that took the toasts' place does the same (the minutes get the rows back)."""
    planned = demo_meeting(data_dir, language="da")
    async with running_meeting(planned, language="da", size=(80, 24), notifications=True) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        bar = screen.query_one(NoticeBar)
        screen.notify("første", timeout=30)
        screen.notify("anden", timeout=30)
        await settle(pilot)
        assert [n.message for n in bar.shown][-2:] == ["første", "anden"]
        minutes = screen.query_one("#minutes")
        height = minutes.region.height
        depth = screen.live.undo_depth
        await pilot.click(NoticeBar)
        await settle(pilot)
        assert all(n.message not in ("første", "anden") for n in app._notifications)  # gone, not only hidden
        # only what the moderator saw goes: an older notice still alive (the check-in's) shows now
        assert [n.message for n in bar.shown] == [n.message for n in app._notifications][-2:]
        while bar.shown:
            await pilot.click(NoticeBar)
            await settle(pilot)
        assert not bar.display
        assert minutes.region.height > height  # the minutes get the rows back
        assert screen.live.undo_depth == depth and app.screen is screen  # the clicks changed nothing else
        screen.notify("tredje", timeout=30)  # a later notice shows as before
        await settle(pilot)
        assert bar.display and bar.shown[-1].message == "tredje"

async def test_cues_take_one_line_until_opened(running_meeting: RunningMeeting, data_dir: Path) -> None:
    planned = demo_meeting(data_dir, language="da")
    async with running_meeting(planned, language="da", size=(80, 24)) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await moderator_keys(pilot, "space")
        await settle(pilot)
        panel = screen.query_one(CuePanel)
        lines = panel._wrapped(36)
        long = [cue for cue in panel.cue_lines if len(cue.text) > 40 and cue.index != -1]
        assert long, "the first item has a long cue"
        next_open = next(cue for cue in panel.cue_lines if not cue.done)
        others = [cue for cue in long if cue.index != next_open.index]
        for cue in others:
            shown = [line for line, _style in lines if cue.text.split()[0] in line]
            assert len(shown) == 1 and shown[0].endswith("…")
        # the agreements: one line; the first x opens them, the second ticks them
        assert "x viser dem" in panel.cue_lines[0].text
        await moderator_keys(pilot, "x")
        assert panel.agreements_open and not panel.agreements_read
        await moderator_keys(pilot, "x")
        assert panel.agreements_read


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Checkbox("Skriv bemærkningen i referatet", id="box")
        yield SelectionList[str](("Anne", "anne"), ("Bo", "bo", True), id="list")


async def test_check_boxes_say_their_state_in_text() -> None:
    app = _Boxes()
    async with app.run_test(size=(60, 10)) as pilot:
        text = screen_text(app)
        assert "[ ] Skriv bemærkningen i referatet" in text
        assert "[ ] Anne" in text and "[x] Bo" in text
        app.query_one(Checkbox).value = True
        await pilot.pause()
        assert "[x] Skriv bemærkningen i referatet" in screen_text(app)


async def test_the_topbar_keeps_the_word_on_saving_at_80_columns(
    running_meeting: RunningMeeting, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns the topbar leaves out the date, then the roles, never "saved" or "NOT SAVED"."""
    planned = demo_meeting(data_dir, language="en")
    async with running_meeting(planned, size=(80, 24)) as (app, pilot, screen):
        await settle(pilot)

        def topbar(screen: MeetingScreen) -> str:
            """The topbar as drawn: what fits its width."""
            widget = screen.query_one("#topbar")
            return "".join(strip.text for strip in widget.render_lines(widget.region.reset_offset)).rstrip()

        await pilot.press("enter")
        await moderator_keys(pilot, "space")
        await settle(pilot)
        line = topbar(screen)
        assert "saved " in line and screen.live.meeting.title in line
        assert screen.live.meeting.date.strftime("%d.%m.%Y") not in line  # the first to go
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        wide = topbar(screen)
        assert screen.live.meeting.date.strftime("%d.%m.%Y") in wide and "saved " in wide

        def full_disk(self: Store, gid: str, meeting: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Store, "save_meeting", full_disk)
        await pilot.resize_terminal(80, 24)
        await moderator_keys(pilot, "space")  # a change to save: it fails
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(1.2)  # the topbar follows within the screen's second
        line = topbar(screen)
        assert line.rstrip().endswith("NOT SAVED"), line


async def test_the_footer_is_not_built_again_for_the_same_keys(running_meeting: RunningMeeting, data_dir: Path) -> None:
    """Issue 20: Textual asks the footer to rebuild on every change of focus and bindings; the same keys keep their
    widgets, and other keys are shown by the widgets there are (a rebuild cost 20-40 ms of a next item)."""
    planned = demo_meeting(data_dir, language="en")

    def shown(footer: Footer) -> list[tuple[str, str, str, bool]]:
        return [(key.key, key.key_display, key.description, key.has_class("-disabled")) for key in footer.query(FooterKey)]

    async with running_meeting(planned, language="en", size=(120, 40)) as (app, pilot, screen):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        footer = screen.query_one(Footer)
        before = list(footer.query(FooterKey))
        keys_before = shown(footer)
        await footer.recompose()  # nothing changed
        assert list(footer.query(FooterKey)) == before
        await pilot.press("tab")  # into the minutes: other keys
        await settle(pilot)
        after = list(footer.query(FooterKey))
        assert set(after) & set(before)  # the same widgets ...
        assert shown(footer) != keys_before  # ... showing the minutes' keys
        assert [entry.binding_id for entry in footer.shown_entries][:1] == ["meeting.leave_minutes_now"]
        palette = [key for key in after if key.has_class("-command-palette")]
        entries = [(entry.key, entry.display, entry.description, not entry.enabled) for entry in footer.shown_entries]
        assert shown(footer) == [*entries, *((key.key, key.key_display, key.description, key.has_class("-disabled"))
                                             for key in palette)]
        assert footer.prune_watchers() == 0  # the keys removed left no watcher behind
        assert "Leave minutes" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("tab")  # back to the agenda: the first keys again
        await settle(pilot)
        assert shown(footer) == keys_before
        footer_line = app.export_screenshot().replace("&#160;", " ")
        assert "Leave minutes" not in footer_line and keys_before[0][2] in footer_line  # drawn, not only set
