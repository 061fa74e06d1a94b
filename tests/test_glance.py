"""The home screen's kept view (facilitator/glance.py): used only while every file it came from is unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

from facilitator.glance import MAX_VIEW_BYTES, HomeView, forget_view, read_view, stamps, view_path, write_view

VIEW = HomeView(
    title="Network North",
    group_text="[b]Network North[/b]\n3 active members",
    next_title="Next meeting",
    next_text="[b]Thursday 26 March 2026, 17:30[/b]",
    rows=(("2026-03-26-second", "2026-03-26", "17:30", "Second meeting", "Member 1", "Library"),),
    planned_subtitle="enter opens",
    theme="facilitator-dark",
    group_id="g",
    history=(("2026-03-12-first", "2026-03-12", "First meeting", 3, 3, 150, None, 0, 1),),
    history_total=1,
    history_widths=(("date", 10), ("title", 13), ("present", 3), ("planned", 7), ("actual", 1), ("over", 1), ("timeouts", 1)),
)


def setup(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    data, local = tmp_path / "data", tmp_path / "local"
    meetings = data / "groups" / "g" / "meetings"
    meetings.mkdir(parents=True)
    group = data / "groups" / "g" / "group.toml"
    group.write_text('name = "Network North"\n')
    planned = meetings / "2026-03-26-second.toml"
    planned.write_text('title = "Second meeting"\n')
    return data, local, [data / "settings.toml", group, meetings, planned]  # settings.toml does not exist


def test_the_view_comes_back_while_nothing_changed(tmp_path: Path) -> None:
    data, local, paths = setup(tmp_path)
    write_view(local, VIEW, "en", data, stamps(paths))
    assert read_view(local, "en", data) == VIEW
    assert oct(view_path(local).stat().st_mode & 0o777) == "0o600"


def test_any_change_to_a_file_it_came_from_and_it_is_not_used(tmp_path: Path) -> None:
    data, local, paths = setup(tmp_path)
    planned = paths[3]

    def kept_after(change: object) -> HomeView | None:
        write_view(local, VIEW, "en", data, stamps(paths))
        assert callable(change)
        change()
        return read_view(local, "en", data)

    # an edit in place (same size, another time: what an editor that does not rename does)
    assert kept_after(lambda: os.utime(planned, ns=(1, 1))) is None
    # a new file beside the meetings (the folder changes), a settings file that now exists, one removed
    assert kept_after(lambda: (paths[2] / "2026-04-16-new.toml").write_text("x")) is None
    assert kept_after(lambda: paths[0].write_text('current_group = "g"\n')) is None
    assert kept_after(lambda: planned.unlink()) is None


def test_another_language_or_data_folder_or_a_damaged_file_is_no_view(tmp_path: Path) -> None:
    data, local, paths = setup(tmp_path)
    write_view(local, VIEW, "en", data, stamps(paths))
    assert read_view(local, "da", data) is None  # the texts are English
    assert read_view(local, "en", tmp_path / "other") is None
    for damaged in (b"", b"{not json", b'{"version": 1}', b'{"version": 99}', b"[1, 2]", "ø".encode("latin-1")):
        view_path(local).write_bytes(damaged)
        assert read_view(local, "en", data) is None  # never raises: it is a cache
    view_path(local).write_bytes(b" " * (MAX_VIEW_BYTES + 1))
    assert read_view(local, "en", data) is None
    forget_view(local)
    assert not view_path(local).exists()
    forget_view(local)  # nothing to forget: no error
    assert read_view(local, "en", data) is None


def test_a_view_whose_history_is_not_a_count_and_widths_is_no_view(tmp_path: Path) -> None:
    data, local, paths = setup(tmp_path)
    damaged = (("history_total", -1), ("history_total", "1"), ("history_total", True), ("history_widths", [["title", 2.5]]))
    for field, value in damaged:
        write_view(local, VIEW, "en", data, stamps(paths))
        payload = json.loads(view_path(local).read_text())
        payload["view"][field] = value
        view_path(local).write_text(json.dumps(payload))
        assert read_view(local, "en", data) is None, (field, value)
