"""The home screen as it was last shown, kept so that the next start draws it in its first frame (issue 20).

Reading the group and the planned meetings needs pydantic and the models,
about 0.1 s of imports after the terminal is ready, so a start showed
"loading" for that long. After each read the home screen keeps what it showed
(`HomeView`: the texts of its panels and the rows of its table) in this
laptop's own folder (`home.json` in `laptop.local_dir`, never in the synced
data folder), with the stamp (modification time and size) of every file and
folder that read depended on. The next start compares those stamps
(`read_view`): when every one is the same, nothing the view came from has
changed, and the screen draws the view at once; the read follows as always
and shows anything else it finds. When anything differs, or the file is
missing or not ours, the screen shows "loading" as before.

`facilitator history` uses the same view for the group's name and the
history's first page of rows (with the number of meetings and each column's
width over all of them): with 10,000 meetings too, its first frame holds rows
without reading the index, and the store's rows replace them a moment later.

A view is kept only when there is a group and nothing to warn about (no
problem with a file, no conflict copy): a warning is always shown from a
fresh read. This module never imports pydantic, Textual or the store.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

VIEW_NAME = "home.json"
"""The kept view, in the laptop's own folder for the data folder."""
VIEW_VERSION = 3
MAX_VIEW_BYTES = 1_000_000
"""A bigger file is not ours: never read."""

Stamp = tuple[str, int, int]
"""(path, mtime in ns, size); -1, -1 for a path that does not exist."""


@dataclass(frozen=True)
class HomeView:
    """What the home screen shows of a group: ready-made texts (Textual markup) and the table's rows."""

    title: str
    """The app's title (the group's name)."""
    group_text: str
    next_title: str
    next_text: str
    rows: tuple[tuple[str, str, str, str, str, str], ...]
    """The planned meetings: (meeting id, date, time, title, moderator, place)."""
    planned_subtitle: str
    theme: str
    """The theme in the settings, so that the first frame has the right colours."""
    group_id: str = ""
    history: tuple[tuple[Any, ...], ...] = ()
    """The history's first page, newest first (`history.row_cells`): `facilitator history` draws it in its
    first frame, with the group's name from `title`, before pydantic is imported or the index is read."""
    history_total: int = 0
    """How many finished meetings the history holds (the page is the first of them)."""
    history_widths: tuple[tuple[str, int], ...] = ()
    """(column, width) of each column's widest value over the whole history, the title's longest too:
    the first page is drawn with the widths the whole list has."""


def view_path(local_dir: Path) -> Path:
    return Path(local_dir) / VIEW_NAME


def stamps(paths: Iterable[Path]) -> list[Stamp]:
    """The stamp of each path now (a file or a folder)."""
    found: list[Stamp] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            found.append((str(path), -1, -1))
            continue
        found.append((str(path), st.st_mtime_ns, st.st_size))
    return found


def write_view(local_dir: Path, view: HomeView, language: str, data_dir: Path, kept: list[Stamp]) -> None:
    """Keep `view` for the next start with `kept`, the stamps of the files it came from (atomic; errors are the caller's).

    Take the stamps before the files are read where the paths are known (the home
    screen does for the settings, the groups folder, the group and its meetings
    folder): a file changed during the read then has another stamp at the next
    start, and the view is not used. The planned meetings are known only once read;
    a change in the moment between their read and their stamp is shown for the
    fraction of a second until the next start's read, which always follows.
    """
    from facilitator.store.files import write_atomic  # the store is imported by then (the read needs it)

    payload = {
        "version": VIEW_VERSION,
        "language": language,
        "data_dir": str(data_dir),
        "stamps": [list(s) for s in kept],
        "view": asdict(view),
    }
    write_atomic(view_path(local_dir), json.dumps(payload, ensure_ascii=False).encode("utf-8"), fsync=False)


def forget_view(local_dir: Path) -> None:
    """No view for the next start (there is something to warn about, or no group)."""
    try:
        os.unlink(view_path(local_dir))
    except OSError:
        pass


def read_view(local_dir: Path, language: str, data_dir: Path) -> HomeView | None:
    """The kept view if every file it came from is unchanged, in `language`, for `data_dir`; else None.

    Never raises: a missing, foreign or damaged file is simply no view (it is a
    cache of this laptop's; the next read writes it anew).
    """
    path = view_path(local_dir)
    try:
        if os.stat(path).st_size > MAX_VIEW_BYTES:
            return None
        with open(path, "rb") as handle:
            payload = json.loads(handle.read().decode("utf-8"))
        if not isinstance(payload, dict) or payload.get("version") != VIEW_VERSION:
            return None
        if payload.get("language") != language or payload.get("data_dir") != str(data_dir):
            return None
        kept = [tuple(s) for s in payload["stamps"]]
        if not kept or kept != [tuple(s) for s in stamps(Path(s[0]) for s in kept)]:
            return None
        raw = payload["view"]
        rows = tuple(tuple(str(cell) for cell in row) for row in raw["rows"])
        if any(len(row) != 6 for row in rows):
            return None
        return HomeView(
            title=str(raw["title"]),
            group_text=str(raw["group_text"]),
            next_title=str(raw["next_title"]),
            next_text=str(raw["next_text"]),
            rows=rows,  # type: ignore[arg-type]
            planned_subtitle=str(raw["planned_subtitle"]),
            theme=str(raw["theme"]),
            group_id=str(raw["group_id"]),
            history=tuple(tuple(cells) for cells in raw["history"]),
            history_total=_count(raw["history_total"]),
            history_widths=tuple((str(name), _count(width)) for name, width in raw["history_widths"]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("not a count")
    return value
