"""The names sync tools give their files: conflict copies to find, temporaries they leave alone.

When two laptops changed one file while apart, a sync tool keeps both: the
file under its own name, and the other version as a *conflict copy* beside it.
Each tool names the copy its own way (checked against the tools' sources and
documentation, see README "Two laptops, one group"):

- Syncthing: `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT` (DEVICE: the
  first 7 characters of the device id of the laptop whose change lost);
- Dropbox: `NAME (Anne's conflicted copy 2026-05-19).EXT`, sometimes with a
  ` (1)` after it;
- Nextcloud: `NAME (conflicted copy 2026-05-19 101010).EXT`; older
  Nextcloud and ownCloud clients: `NAME_conflict-20260519-101010.EXT`;
- OneDrive: `NAME-COMPUTER.EXT` (the computer's name appended, `-2` ... after
  it for more). That name could be an ordinary meeting id (`2026-05-19-x-2`
  is one), so such a file is only taken for a copy when `NAME.EXT` exists and
  the file's own `id` says it is NAME (the store checks that: `onedrive_copy`);
- this program's import of a hand-over bundle, for a file changed on both
  sides: `NAME.bundle-conflict-YYYYMMDD-HHMMSS-LAPTOP.EXT`.

`TEMP_PREFIX` is the start of the names of the program's own temporary files
(`write_atomic`), chosen so that the sync tools skip them: Syncthing treats
every name starting with `~syncthing~` (or `.syncthing.`) as its own
temporary and never syncs it (lib/fs/tempname.go, `IsTemporary`, checked by
its scanner before anything else), and Nextcloud's built-in exclude list and
Dropbox skip names that start with `~` and end in `.tmp`.

Nothing here touches the disk or imports Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TEMP_PREFIX", "CopyName", "conflict_copy", "onedrive_copy"]

TEMP_PREFIX = "~syncthing~"
"""The start of every temporary file name the program writes (see the module's docstring)."""


@dataclass(frozen=True)
class CopyName:
    """What a conflict copy's name says: the file it is a copy of, which tool made it, and who."""

    original: str
    """The name of the file it is a version of (`2026-05-19-x.toml`)."""
    tool: str
    """'syncthing', 'dropbox', 'nextcloud', 'onedrive' or 'bundle'."""
    who: str = ""
    """The device, laptop or person the name gives ('' when it gives none)."""
    when: str = ""
    """The date (and time) in the name, as written there ('' when none)."""


_SYNCTHING = re.compile(r"^(?P<stem>.+)\.sync-conflict-(?P<when>\d{8}-\d{6})-(?P<who>[A-Z0-9]{7})(?P<ext>\.[^.]*)?$")
_BUNDLE = re.compile(r"^(?P<stem>.+)\.bundle-conflict-(?P<when>\d{8}-\d{6})-(?P<who>[A-Za-z0-9-]+)(?P<ext>\.[^.]*)?$")
_PARENTHESIS = re.compile(
    r"^(?P<stem>.+?) \((?P<note>[^()]*conflicted copy[^()]*)\)(?: \(\d+\))?(?P<ext>\.[^.]*)?$", re.IGNORECASE
)
_OWNCLOUD = re.compile(r"^(?P<stem>.+)_conflict-(?P<when>\d{8}-\d{6})(?P<ext>\.[^.]*)?$")
_DROPBOX_WHO = re.compile(r"^(?P<who>.+?)['’]s conflicted copy\s*(?P<when>.*)$", re.IGNORECASE)
_NEXTCLOUD_WHEN = re.compile(r"conflicted copy\s*(?P<who>.*?)\s*(?P<when>\d{4}-\d{2}-\d{2}(?: \d{6})?)?$", re.IGNORECASE)


def conflict_copy(name: str) -> CopyName | None:
    """The conflict copy `name` is, by its name alone (every tool but OneDrive); None for any other name."""
    found = _SYNCTHING.match(name)
    if found:
        return CopyName(found["stem"] + (found["ext"] or ""), "syncthing", found["who"], found["when"])
    found = _BUNDLE.match(name)
    if found:
        return CopyName(found["stem"] + (found["ext"] or ""), "bundle", found["who"], found["when"])
    found = _PARENTHESIS.match(name)
    if found:
        note = found["note"].strip()
        original = found["stem"] + (found["ext"] or "")
        dropbox = _DROPBOX_WHO.match(note)
        if dropbox:
            return CopyName(original, "dropbox", dropbox["who"].strip(), dropbox["when"].strip())
        nextcloud = _NEXTCLOUD_WHEN.search(note)
        if nextcloud:
            return CopyName(original, "nextcloud", (nextcloud["who"] or "").strip(), (nextcloud["when"] or "").strip())
        return CopyName(original, "dropbox")
    found = _OWNCLOUD.match(name)
    if found:
        return CopyName(found["stem"] + (found["ext"] or ""), "nextcloud", "", found["when"])
    return None


def onedrive_copy(name: str, original_stem: str) -> CopyName | None:
    """The OneDrive copy of `ORIGINAL_STEM.EXT` that `name` may be (`ORIGINAL_STEM-COMPUTER.EXT`), else None.

    Only a candidate: the caller knows `original_stem` from the file's content (a meeting's
    `id`), or from the folder (`group` in a group's folder, `settings` in the data folder),
    and checks that `ORIGINAL_STEM.EXT` exists.
    """
    stem, dot, ext = name.rpartition(".")
    prefix = original_stem + "-"
    if not dot or not original_stem or not stem.startswith(prefix) or len(stem) == len(prefix):
        return None
    who = re.sub(r"-\d+$", "", stem[len(prefix) :]) or stem[len(prefix) :]
    return CopyName(f"{original_stem}.{ext}", "onedrive", who)
