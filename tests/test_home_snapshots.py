"""Snapshots of the home screen at 80x24 and 120x40, in Danish and English.

The demo group is written with the FakeClock's day as `today`, so the files and
the screen are the same on every run. Look at a changed snapshot before
accepting it (`pytest --snapshot-update`, then /work/shared/tools/svg2png).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, settle

from facilitator.app import FacilitatorApp
from facilitator.demo import write_demo

MakeApp = Callable[..., FacilitatorApp]


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_home_with_the_demo_group(
    snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path, language: str, size: tuple[int, int]
) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language=language)
    app = make_app("--lang", language)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("language", ["en", "da"])
def test_home_on_first_start(
    snap_compare: Callable[..., bool], make_app: MakeApp, language: str
) -> None:
    app = make_app("--lang", language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_home_in_high_contrast(snap_compare: Callable[..., bool], make_app: MakeApp, data_dir: Path) -> None:
    write_demo(data_dir, meetings=6, today=TODAY, language="en")
    (data_dir / "settings.toml").write_text('schema_version = 1\ntheme = "facilitator-high-contrast"\ncurrent_group = "demo"\n')
    app = make_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)
