"""Snapshots of the room view at 80x24 and 200x50, in the everyday and the high-contrast theme.

Four moments of the booklet's first meeting: an item running with the next
ones listed, the groups of three talking, the break, and a time-out. The
FakeClock fixes every time shown. Look at a changed snapshot before accepting
it (`pytest --snapshot-update`, then /work/shared/tools/svg2png).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import settle
from wall_helpers import Moderator, plan

from facilitator.app import FacilitatorApp
from facilitator.clock import FakeClock

MakeApp = Callable[..., FacilitatorApp]


def play_until(moment: str, data_dir: Path, clock: FakeClock, language: str = "en") -> None:
    """Run the first meeting in the 'moderator's program' up to `moment`."""
    gid, mid = plan(data_dir, language=language)
    moderator = Moderator(data_dir, gid, mid, clock)
    moderator.start()
    clock.advance(6 * 60 + 20)
    if moment == "item":
        return
    moderator.go_to(2)
    clock.advance(7 * 60 + 5)
    if moment == "break":
        return
    moderator.go_to(3)
    clock.advance(2 * 60)
    if moment == "timeout":
        moderator.call_timeout()
        clock.advance(40)
        return
    moderator.accept_grouping()
    clock.advance(3 * 60 + 30)


def use_theme(data_dir: Path, theme: str) -> None:
    (data_dir / "settings.toml").write_text(f'schema_version = 1\ntheme = "{theme}"\n', encoding="utf-8")


@pytest.mark.parametrize("theme", ["facilitator", "facilitator-high-contrast"], ids=["default", "high-contrast"])
@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
@pytest.mark.parametrize("moment", ["item", "groups", "break", "timeout"])
def test_wall(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    data_dir: Path,
    clock: FakeClock,
    moment: str,
    size: tuple[int, int],
    theme: str,
) -> None:
    play_until(moment, data_dir, clock)
    use_theme(data_dir, theme)
    assert snap_compare(make_app("wall"), terminal_size=size, run_before=settle)


def test_wall_in_danish(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, clock: FakeClock) -> None:
    play_until("groups", data_dir, clock, language="da")
    assert snap_compare(make_app("--lang", "da", "wall"), terminal_size=(80, 24), run_before=settle)


def test_wall_waiting(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path) -> None:
    plan(data_dir)
    assert snap_compare(make_app("wall"), terminal_size=(80, 24), run_before=settle)
