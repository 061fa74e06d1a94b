"""Snapshots of the history list, the review of a meeting and the statistics, at 80x24 and 120x40.

The demo group is written with the FakeClock's day as `today`, so the files and
the screens are the same on every run. Look at a changed snapshot before
accepting it (`pytest --snapshot-update`, then /work/shared/tools/svg2png).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, settle
from textual.pilot import Pilot

from facilitator.app import FacilitatorApp
from facilitator.demo import write_demo

MakeApp = Callable[..., FacilitatorApp]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def open_municipality_meeting(pilot: Pilot[None]) -> None:
    """Search for the meeting about the municipality and open it, as a member would."""
    await settle(pilot)
    await pilot.press("slash", *"relations with the municipality")
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


@SIZES
def test_history_list(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, size: tuple[int, int]) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")
    assert snap_compare(make_app("history"), terminal_size=size, run_before=settle)


def test_history_list_in_danish_sorted_by_length(
    snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path
) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="da")

    async def sort_by_actual(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)

    app = make_app("--lang", "da", "history")
    assert snap_compare(app, terminal_size=(120, 40), run_before=sort_by_actual)


@SIZES
def test_review_of_a_meeting(
    snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, size: tuple[int, int]
) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")
    assert snap_compare(make_app("history"), terminal_size=size, run_before=open_municipality_meeting)


def test_review_minutes_with_a_confidential_passage(
    snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path
) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")

    async def minutes(pilot: Pilot[None]) -> None:
        await open_municipality_meeting(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(make_app("history"), terminal_size=(120, 40), run_before=minutes)


def test_review_in_high_contrast(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")
    (data_dir / "settings.toml").write_text(
        'schema_version = 1\ntheme = "facilitator-high-contrast"\ncurrent_group = "demo"\n'
    )
    assert snap_compare(make_app("history"), terminal_size=(120, 40), run_before=open_municipality_meeting)


def test_export_dialog(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")

    async def export(pilot: Pilot[None]) -> None:
        await open_municipality_meeting(pilot)
        await pilot.press("x")
        await settle(pilot)
        pilot.app.screen.query_one("#export-path").value = "minutes.md"  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(make_app("history"), terminal_size=(80, 24), run_before=export)


@SIZES
def test_statistics(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, size: tuple[int, int]) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")

    async def stats(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(make_app("history"), terminal_size=size, run_before=stats)
