"""Danish through and through (issue 17, point 1): every screen and dialog in Danish shows no English word.

The English words are taken from the program's own English texts (every `en`
text of facilitator/locale that is not a word of any Danish text too) and from
the texts Textual brings along (the command palette, its system commands, key
names). The walk opens, in Danish, with a Danish demo group and files that
cannot be read: the home screen with its problems and its dialogs, the command
palette (its list, a search without matches), the help, the history, a
meeting's review and the statistics, the group's screens (members, plan,
agenda, invitation, agreements, themes), the room view, and the live meeting
from the check-in through its dialogs (today's roles, a late arrival, the
groups of three, a time-out, the over-time prompt and moving an item, the end)
to its help. It reads the whole screen each time (`screen_text`) and finds no
English word. `facilitator check` is read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import settle
from meeting_screen_helpers import RunningMeeting, demo_meeting
from textual.pilot import Pilot
from wall_helpers import screen_text

from facilitator.app import FacilitatorApp
from facilitator.cli import run
from facilitator.i18n import catalog, namespaces
from facilitator.store import Store

MakeApp = Callable[..., FacilitatorApp]

WORD = re.compile(r"[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå'-]*[A-Za-zÆØÅæøå]|[A-Za-zÆØÅæøå]")

TEXTUAL_STRINGS = (
    "Search for commands…",
    "No matches found",
    "Search for themes…",
    "Scroll Up",
    "Scroll Down",
    "Scroll Left",
    "Scroll Right",
    "Scroll Home",
    "Scroll End",
    "Page Up",
    "Page Down",
    "Page Left",
    "Page Right",
    "Focus Next",
    "Focus Previous",
    "Copy selected text",
    "Change theme",
    "Show keys and help panel",
    "Save screenshot",
    "Quit the application",
    "Select",
    "space",
)
"""Texts Textual shows of its own (palette, system commands, a Select's prompt, a key's name)."""

SAME_IN_BOTH = {
    "demo", "facilitator", "check", "toml", "csv", "vcard", "markdown", "icalendar", "e-mail", "ok",
    "dk", "min", "pdf", "utc", "url", "id", "ids",
}
"""Words the Danish texts use as they are (names of the program, its commands and formats)."""


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text) if len(word) >= 3}


def english_words() -> set[str]:
    """Words of the program's English texts and Textual's that no Danish text has."""
    english: set[str] = set()
    danish: set[str] = set()
    for namespace in namespaces():
        for entry in catalog(namespace).values():
            if not isinstance(entry, dict):
                continue
            english |= _words(str(entry.get("en", "")))
            danish |= _words(str(entry.get("da", "")))
    for text in TEXTUAL_STRINGS:
        english |= _words(text)
    return english - danish - SAME_IN_BOTH


ENGLISH = english_words()


def english_in(text: str, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The English words in a text (in the order found, each once)."""
    found = [word for word in dict.fromkeys(w.lower() for w in WORD.findall(text)) if word in ENGLISH]
    return [word for word in found if word not in allowed]


def test_the_list_of_english_words_is_a_real_one() -> None:
    """The list holds the program's English and Textual's, and none of the Danish words."""
    for word in ("search", "commands", "matches", "scroll", "focus", "copy", "select", "space", "speakers", "quit"):
        assert word in ENGLISH, word
    for word in ("møde", "referat", "ordstyrer", "pause", "time-out", "mellemrum"):
        assert word not in ENGLISH, word
    assert english_in("Søg efter kommandoer… Ingen kommandoer passer") == []
    assert english_in("Search for commands… No matches found") == ["search", "commands", "matches", "found"]


class Walk:
    """Looks at each screen of a walk and keeps what was English, by screen."""

    def __init__(self, pilot: Pilot[None], allowed: set[str]) -> None:
        self.pilot = pilot
        self.allowed = allowed
        self.found: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self.seen: list[str] = []

    async def look(self, where: str) -> None:
        await settle(self.pilot)
        text = screen_text(self.pilot.app)
        self.seen.append(where)
        words = english_in(text, self.allowed)
        if words:
            self.found[where] = words
            self.texts[where] = text

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
        await self.pilot.pause()

    def on(self, name: str) -> None:
        """The walk is where it means to be (a dialog did open)."""
        assert type(self.pilot.app.screen).__name__ == name, (name, self.pilot.app.screen)


def _names(data_dir: Path) -> set[str]:
    """The demo's own words (names, places, titles) in lower case: data, not the program's text."""
    store = Store(data_dir)
    gid = store.group_ids()[0]
    group = store.load_group(gid)
    words: set[str] = set()
    for member in group.members:
        words |= _words(member.name) | _words(member.email or "")
    return words


def _demo(data_dir: Path) -> tuple[str, str, str]:
    planned = demo_meeting(data_dir, language="da", meetings=3)
    store = Store(data_dir)
    gid = store.group_ids()[0]
    done = store.history_index(gid)[0].id
    return gid, planned, done


def _break_files(data_dir: Path, gid: str) -> None:
    """Two meeting files the program cannot read: a TOML error and a wrong type."""
    meetings = data_dir / "groups" / gid / "meetings"
    broken = 'schema_version = 1\nid = "2026-01-01-broken"\ntitle = "a\x01"\n'
    (meetings / "2026-01-01-broken.toml").write_text(broken, encoding="utf-8")
    (meetings / "2026-01-02-wrong.toml").write_text(
        'schema_version = 1\nid = "2026-01-02-wrong"\ntitle = "X"\ndate = 2026-01-02\nstart = 18:00:00\n'
        'status = "planned"\n[[items]]\ntitle = "A"\nplanned_minutes = "ti"\n',
        encoding="utf-8",
    )


async def _palette(walk: Walk, where: str) -> None:
    await walk.press("ctrl+p")
    await walk.look(f"{where}: command palette")
    walk.on("Palette")
    for key in "zqzqx":
        await walk.pilot.press(key)
    await walk.pilot.pause(0.8)  # "no matches" shows after half a second
    await walk.look(f"{where}: palette without matches")
    await walk.press("escape")


def _report(walk: Walk) -> str:
    """Where English was found, which words, and the screen (to see them in their place)."""
    return "\n".join(f"{where}: {', '.join(words)}\n{walk.texts[where]}" for where, words in walk.found.items())


def _allowed(data_dir: Path) -> set[str]:
    # The problems name the files by their paths and fields by their TOML keys, which are the files' own words.
    allowed = _names(data_dir) | {"groups", "meetings", "items", "planned_minutes", "broken", "wrong"}
    allowed.add("let")  # the end of a place name, Mårslet, that a dialog's edge cuts off
    allowed.add("sender")  # Danish ("sends"), in the demo's minutes
    allowed |= _words(str(data_dir))  # the data folder's path, shown with the problems
    return allowed


async def test_home_and_history_in_danish(make_app: MakeApp, data_dir: Path) -> None:
    gid, _planned, done = _demo(data_dir)
    _break_files(data_dir, gid)
    app = make_app("--lang", "da")
    async with app.run_test(size=(120, 40)) as pilot:
        walk = Walk(pilot, _allowed(data_dir))
        await walk.look("home with problems")
        await _palette(walk, "home")
        await walk.press("f1")
        await walk.look("home: help")
        walk.on("HelpScreen")
        await walk.press("escape")
        for key, where in (("n", "new meeting"), ("g", "new group"), ("d", "demo again")):
            await walk.press(key)
            await walk.look(f"home: {where}")
            await walk.press("escape")
        assert app.open_screen(("history",))
        await walk.look("history")
        await _palette(walk, "history")
        from facilitator.screens.review import ReviewScreen
        from facilitator.screens.stats import StatsScreen

        await app.push_screen(ReviewScreen(done))
        await walk.look("review")
        app.pop_screen()
        await app.push_screen(StatsScreen())
        await walk.look("statistics")
        assert len(walk.seen) >= 11
        assert not walk.found, _report(walk)


async def test_the_group_screens_in_danish(make_app: MakeApp, data_dir: Path) -> None:
    gid, planned, _done = _demo(data_dir)
    _break_files(data_dir, gid)
    app = make_app("--lang", "da")
    async with app.run_test(size=(120, 40)) as pilot:
        walk = Walk(pilot, _allowed(data_dir))
        await settle(pilot)
        for command in (("members",), ("plan",), ("agenda", planned), ("invitation", planned), ("agreements",), ("themes",)):
            assert app.open_screen(command)
            await walk.look(command[0])
            await walk.press("f1")
            await walk.look(f"{command[0]}: help")
            walk.on("HelpScreen")
            await walk.press("escape")
            app.go_back()
        assert len(walk.seen) == 12
        assert not walk.found, _report(walk)


async def test_the_live_meeting_and_its_dialogs_in_danish(running_meeting: RunningMeeting, data_dir: Path, clock: object) -> None:
    gid, planned, _done = _demo(data_dir)
    allowed = _names(data_dir)
    async with running_meeting(planned, language="da") as (app, pilot, screen):
        walk = Walk(pilot, allowed)
        await walk.look("check-in")
        await walk.press("ctrl+r")
        await walk.look("check-in: today's roles")
        walk.on("TodayRolesDialog")
        await walk.press("escape")
        await walk.press("enter")
        await walk.look("agenda after check-in")
        await walk.press("space")
        await pilot.pause(0.6)
        await walk.press("1")
        await walk.look("first item running, a speaker")
        await _palette(walk, "meeting")
        walk.on("MeetingScreen")
        await walk.press("f1")
        await walk.look("meeting: help")
        walk.on("HelpScreen")
        await walk.press("end")
        await walk.look("meeting: help, the keys")
        await walk.press("escape")
        await walk.press("a")
        await pilot.pause(0.6)
        await walk.look("late arrival")
        walk.on("PresenceDialog")
        await walk.press("escape")
        await walk.press("g")
        await pilot.pause(0.6)
        await walk.look("groups of three")
        walk.on("GroupingDialog")
        await walk.press("escape")
        await walk.press("ctrl+t")
        await walk.look("time-out")
        walk.on("TimeOutScreen")
        await walk.press("1")
        await walk.look("after the time-out")
        live = app.screen.live  # type: ignore[attr-defined]
        clock.advance(live.remaining() + 125)  # type: ignore[attr-defined]
        app.screen.refresh_clock()  # type: ignore[attr-defined]
        await walk.look("over time")
        assert app.screen.query_one("#overtime").display  # type: ignore[union-attr]
        await walk.press("f4")
        await walk.look("move the item?")
        walk.on("DeferDialog")
        await walk.press("escape")
        await walk.press("ctrl+e")
        await walk.look("end the meeting?")
        walk.on("EndDialog")
        await walk.press("escape")
        await walk.press("tab")
        await walk.look("writing the minutes")
        assert len(walk.seen) >= 15
        assert not walk.found, _report(walk)


async def test_the_room_view_in_danish(make_app: MakeApp, data_dir: Path) -> None:
    _gid, planned, _done = _demo(data_dir)
    app = make_app("--lang", "da", "wall", planned)
    async with app.run_test(size=(120, 40)) as pilot:
        walk = Walk(pilot, _names(data_dir))
        await walk.look("wall")
        await walk.press("f1")
        await walk.look("wall: help")
        assert not walk.found, _report(walk)


def test_check_speaks_danish(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gid, _planned, _done = _demo(data_dir)
    _break_files(data_dir, gid)
    status = run(["--data-dir", str(data_dir), "--lang", "da", "check"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert status == 1
    assert "2026-01-01-broken.toml:3:" in text and "et tegn, TOML ikke tillader her: '\\x01'" in text
    assert "items.0.planned_minutes: skal være et helt tal" in text
    paths = _words(str(data_dir)) | {"groups", "meetings", "items", "planned_minutes", "broken", "wrong"}
    assert english_in(text, _names(data_dir) | paths) == []
