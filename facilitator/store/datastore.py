"""The `Store`: the data folder's files read and written with their guards (the layout is in `facilitator.store`).

A read remembers each file's stamp and problems; a write is refused for a
file that failed to load, lies outside the data folder, or changed since it
was read. The pieces one file needs live beside this module: `files` (atomic
writes, reading within limits), `loading` (TOML both ways, errors with file
and line), `index` (the history's summaries), `claims` (who holds a meeting).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from facilitator import consistency, laptop, locks, oscompat, syncnames
from facilitator.agendas import builtin_files, template_ids
from facilitator.i18n import t
from facilitator.indexfile import trusted
from facilitator.locks import MeetingLock
from facilitator.model import Agenda, AppSettings, Group, Meeting, Member, Model, slugify
from facilitator.store.claims import Claim, claimed_message, read_claim
from facilitator.store.errors import ClaimedError, ConflictError, LockedError, Problem, StoreError, _Invalid
from facilitator.store.files import (
    MAX_FILE_BYTES,
    _copy_name,
    _read_regular,
    _safe_name,
    _Stamp,
    _stamp,
    _too_big_problem,
    _TooBig,
    make_dirs,
    remove_stale_temporaries,
    write_atomic,
)
from facilitator.store.index import (
    _ROW_FIELDS,
    _SUMMARY_ORDER,
    INDEX_VERSION,
    IndexProgress,
    MeetingSummary,
    _row,
    _summary,
    _Told,
    drop_old_index,
    mark_index,
    read_index,
    summarize,
)
from facilitator.store.loading import M, _AnyToml, _readable_back, member_references, parse_model, toml_bytes, toml_dict_bytes
from facilitator.textlimits import visible


@dataclass(frozen=True)
class ConflictCopy:
    """A second version of one of the group's files, kept beside it by a sync tool or an import."""

    kind: str
    """'meeting', 'group', 'agenda' or 'settings'."""
    gid: str
    """The group ('' for the settings and the user's agendas)."""
    ident: str
    """The meeting's or agenda's id, the group's id, or 'settings'."""
    original: Path
    """The file it is a version of (it may be missing: then the copy is all there is)."""
    copy: Path
    name: syncnames.CopyName
    """What its name says: the tool that made it, who and when."""


class _CopyFound(Exception):
    """Internal: a file read as a meeting or an agenda is a OneDrive conflict copy (`NAME-COMPUTER.toml`)."""

    def __init__(self, name: syncnames.CopyName) -> None:
        super().__init__(name)
        self.name = name


class Store:
    """The data directory: read and write settings, groups, meetings and agendas.

    Nothing is created until the first write. Loads that fail raise StoreError
    and are remembered in `problems` (one entry per file, the latest) and in a
    set of files that are never overwritten.
    """

    def __init__(self, root: Path, *, fsync: bool = True, local_dir: Path | None = None, laptop_name: str | None = None) -> None:
        self.root = Path(root)
        self.fsync = fsync
        """False makes every write skip fsync (bulk writers such as the demo)."""
        self.local_dir = Path(local_dir) if local_dir is not None else laptop.local_dir(self.root)
        """This laptop's own files for this data folder (locks, the index, the hand-over record): outside it."""
        self.laptop = laptop_name or laptop.laptop_name()
        """This laptop's name, written into the claim of a meeting it opens."""
        self._stignore_checked = False
        self._onedrive: dict[tuple[Path, str], syncnames.CopyName] = {}
        """OneDrive conflict copies found while reading (folder, name): known by their content, not their name."""
        self._real_root = os.path.realpath(self.root)
        self._problems: dict[Path, list[Problem]] = {}
        self._failed: set[Path] = set()
        self._kept: set[Path] = set()
        """Files that were read but have problems (`meeting_warnings`): never rewritten either."""
        self._stamps: dict[Path, _Stamp] = {}
        self._members: dict[str, tuple[_Stamp, frozenset[str]]] = {}
        self._pending: dict[tuple[str, str], tuple[_Stamp, MeetingSummary]] = {}
        self._index: dict[str, tuple[_Stamp | None, dict[str, list[Any]]]] = {}
        self._summaries: dict[str, dict[str, tuple[list[Any], MeetingSummary]]] = {}
        self._lock = threading.RLock()

    # ----------------------------------------------------------------- problems

    @property
    def problems(self) -> list[Problem]:
        """Problems of the files read so far, in the order the files were first found wanting."""
        with self._lock:
            return [p for problems in self._problems.values() for p in problems]

    def _record(self, path: Path, problems: list[Problem]) -> None:
        with self._lock:
            self._problems.pop(path, None)
            if problems:
                self._problems[path] = problems

    # ----------------------------------------------------------------- paths

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.toml"

    def group_dir(self, gid: str) -> Path:
        self._check_name(gid)
        return self.root / "groups" / gid

    def group_path(self, gid: str) -> Path:
        return self.group_dir(gid) / "group.toml"

    def meetings_dir(self, gid: str) -> Path:
        return self.group_dir(gid) / "meetings"

    def meeting_path(self, gid: str, mid: str) -> Path:
        self._check_name(mid)
        return self.meetings_dir(gid) / f"{mid}.toml"

    def agenda_path(self, agenda_id: str) -> Path:
        self._check_name(agenda_id)
        return self.root / "agendas" / f"{agenda_id}.toml"

    def _check_name(self, name: str) -> None:
        if not _safe_name(name):
            raise StoreError(Problem(self.root, t("store.bad_name", name=name)))

    def secure_root(self) -> Problem | None:
        """Make an existing data folder 0700 when others may read or enter it; the problem when it cannot be done.

        A folder made by the program is 0700 already; one made by hand, by an unpacked
        archive or on a shared disk may be 0755 or 0777, and the minutes are confidential.
        When the mode cannot be changed (another user's folder, a file system without
        permissions, like a FAT-formatted USB stick) the problem is recorded for the data
        folder (the home screen and `check` list it) and returned.
        """
        try:
            st = os.stat(self.root)
        except OSError:
            return None  # not there yet: it is created 0700
        if not stat.S_ISDIR(st.st_mode) or not stat.S_IMODE(st.st_mode) & 0o077:
            self._record(self.root, [])
            return None
        before = stat.S_IMODE(st.st_mode)
        reason = ""
        try:
            os.chmod(self.root, before & 0o700 | 0o700)
            after = stat.S_IMODE(os.stat(self.root).st_mode)
        except OSError as error:
            after, reason = before, error.strerror or str(error)
        if not after & 0o077:
            self._record(self.root, [])
            return None
        problem = Problem(self.root, t("store.root_loose", mode=f"{after:o}", reason=reason or t("store.root_no_modes")))
        self._record(self.root, [problem])
        return problem

    def _inside(self, path: Path | str) -> bool:
        real = os.path.realpath(path)
        return real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)

    def _outside_problem(self, path: Path) -> Problem:
        return Problem(path, t("store.link_outside", target=os.path.realpath(path)))

    # ----------------------------------------------------------------- reading

    def _load(self, path: Path, cls: type[M], *, trusted: bool = False) -> tuple[M, _Stamp]:
        """Read and validate one file; record its problems; raise StoreError when it is unusable."""
        try:
            if not trusted and not self._inside(path):
                if not os.path.lexists(path):
                    raise FileNotFoundError(errno.ENOENT, "not found", str(path))
                raise _Invalid([self._outside_problem(path)])
            st, data = _read_regular(path)
            model = parse_model(path, data, cls)
        except FileNotFoundError:
            raise StoreError(Problem(path, t("store.not_found"))) from None
        except IsADirectoryError:
            problems = [Problem(path, t("store.not_a_file"))]
            self._fail(path, problems)
            raise StoreError(problems[0], problems) from None
        except _TooBig as too_big:
            problems = [_too_big_problem(path, too_big.size)]
            self._fail(path, problems)
            raise StoreError(problems[0], problems) from None
        except _Invalid as invalid:
            self._fail(path, invalid.problems)
            raise StoreError(invalid.problems[0], invalid.problems) from None
        except OSError as error:
            problems = [Problem(path, t("store.unreadable", reason=error.strerror or str(error)))]
            self._fail(path, problems)
            raise StoreError(problems[0], problems) from None
        stamp = _stamp(st)
        with self._lock:
            self._failed.discard(path)
            self._kept.discard(path)
            self._stamps[path] = stamp
        self._record(path, [])
        return model, stamp

    def _keep(self, path: Path, problems: list[Problem]) -> None:
        """A file that was read but has problems: recorded, and never rewritten until it is read without them."""
        self._fail(path, problems)
        with self._lock:
            self._kept.add(path)

    def _fail(self, path: Path, problems: list[Problem]) -> None:
        with self._lock:
            self._failed.add(path)
            self._stamps.pop(path, None)
        self._record(path, problems)

    def load_settings(self) -> AppSettings:
        """The program's settings; the defaults when the file is missing or broken (the problem is recorded)."""
        try:
            return self._load(self.settings_path, AppSettings)[0]
        except StoreError:
            return AppSettings()

    def load_settings_strict(self) -> AppSettings:
        """The program's settings; raises StoreError when the file is missing or cannot be read."""
        return self._load(self.settings_path, AppSettings)[0]

    def group_ids(self) -> list[str]:
        """The ids of the groups (folders under groups/ holding a group.toml), sorted."""
        folder = self.root / "groups"
        try:
            with os.scandir(folder) as entries:
                names = [e.name for e in entries if _safe_name(e.name)]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(n for n in names if os.path.lexists(folder / n / "group.toml"))

    def load_group(self, gid: str) -> Group:
        """The group `gid` (its `id` set to the folder name); raises StoreError."""
        group, stamp = self._load(self.group_path(gid), Group)
        group.id = gid
        with self._lock:
            self._members[gid] = (stamp, frozenset(m.id for m in group.members))
        return group

    def current_group(self) -> Group | None:
        """The group named in the settings if it can be read, else the first readable group, else None."""
        wanted = self.load_settings().current_group
        if wanted and _safe_name(wanted):
            try:
                return self.load_group(wanted)
            except StoreError:
                pass
        for gid in self.group_ids():
            if gid == wanted:
                continue
            try:
                return self.load_group(gid)
            except StoreError:
                continue
        return None

    def meeting_ids(self, gid: str) -> list[str]:
        """The ids of the group's meeting files, sorted."""
        folder = self.meetings_dir(gid)
        try:
            with os.scandir(folder) as entries:
                return sorted(
                    e.name[:-5]
                    for e in entries
                    if e.name.endswith(".toml") and _safe_name(e.name) and _copy_name(e.name) is None
                    and (folder, e.name) not in self._onedrive
                )  # fmt: skip
        except (FileNotFoundError, NotADirectoryError):
            return []

    def meeting_text(self, gid: str, mid: str) -> str:
        """The raw TOML text of a meeting file, not parsed or validated (the history's full-text search).

        Raises StoreError when the file cannot be read or lies outside the data folder.
        """
        path = self.meeting_path(gid, mid)
        if not self._inside(path):
            raise StoreError(self._outside_problem(path))
        try:
            return _read_regular(path)[1].decode("utf-8", errors="replace")
        except _TooBig as too_big:
            raise StoreError(_too_big_problem(path, too_big.size)) from None
        except IsADirectoryError:
            raise StoreError(Problem(path, t("store.not_a_file"))) from None
        except FileNotFoundError:
            raise StoreError(Problem(path, t("store.not_found"))) from None
        except OSError as error:
            raise StoreError(Problem(path, t("store.unreadable", reason=error.strerror or str(error)))) from None

    def _member_ids(self, gid: str) -> frozenset[str] | None:
        """The group's member ids (None when the group cannot be read)."""
        path = self.group_path(gid)
        try:
            stamp = _stamp(os.stat(path))
        except OSError:
            return None
        with self._lock:
            cached = self._members.get(gid)
        if cached and cached[0] == stamp:
            return cached[1]
        try:
            self.load_group(gid)
        except StoreError:
            return None
        with self._lock:
            cached = self._members.get(gid)
        return cached[1] if cached else None

    def load_meeting(self, gid: str, mid: str, *, for_running: bool = False) -> Meeting:
        """The meeting `mid` of group `gid`; raises StoreError.

        The id in the file must match the file name. A meeting with warnings
        (`meeting_warnings`: member ids the group does not have, spans out of
        order) loads for reading, the warnings recorded as problems, and the
        program shows such an id as it is; but the file is never rewritten
        (it stays byte for byte as it is until the user fixes it), and with
        `for_running` (the live meeting screen) it is refused: StoreError
        naming the file and every problem.
        """
        meeting = self._load_meeting(gid, mid)[0]
        path = self.meeting_path(gid, mid)
        warnings = self.meeting_warnings(gid, meeting, path)
        if warnings:
            self._keep(path, warnings)
            if for_running:
                refused = [replace(p, message=t("store.not_run", problem=p.message)) for p in warnings]
                raise StoreError(refused[0], refused)
        else:
            self._record(path, [])
        return meeting

    def meeting_warnings(self, gid: str, meeting: Meeting, path: Path | None = None) -> list[Problem]:
        """What a meeting may be read with but not run or rewritten with: unknown members, spans out of order."""
        path = path or self.meeting_path(gid, meeting.id)
        problems = self.check_members(gid, meeting, path)
        problems += [Problem(path, message, field=field) for field, message in consistency.meeting_warnings(meeting)]
        return problems

    def _load_meeting(self, gid: str, mid: str, *, trusted: bool = False) -> tuple[Meeting, _Stamp]:
        path = self.meeting_path(gid, mid)
        meeting, stamp = self._load(path, Meeting, trusted=trusted)
        if meeting.id != mid and _safe_name(meeting.id):
            copy = syncnames.onedrive_copy(path.name, meeting.id)
            if copy is not None and os.path.isfile(path.with_name(copy.original)):
                self._found_copy(path, copy)
                raise StoreError(Problem(path, t("sync.is_conflict_copy", original=copy.original)))
        if meeting.id != mid:
            other = path.with_name(f"{meeting.id}.toml") if _safe_name(meeting.id) else None
            if other is not None and os.path.lexists(other):
                message = t("store.meeting_id_taken", id=visible(meeting.id), other=visible(other.name), name=visible(mid))
            else:  # an id that is a path (`../../x`) is named, never followed
                message = t("store.meeting_id_mismatch", id=visible(meeting.id), name=visible(mid))
            problems = [Problem(path, message, field="id")]
            self._fail(path, problems)
            raise StoreError(problems[0], problems)
        return meeting, stamp

    def check_members(self, gid: str, meeting: Meeting, path: Path | None = None) -> list[Problem]:
        """Problems for member ids the meeting names that the group does not have (one per id)."""
        known = self._member_ids(gid)
        if known is None:
            return []
        path = path or self.meeting_path(gid, meeting.id)
        seen: set[str] = set()
        problems = []
        for field, member_id in member_references(meeting):
            if member_id not in known and member_id not in seen:
                seen.add(member_id)
                problems.append(Problem(path, t("store.unknown_member", id=member_id, group=gid), field=field))
        return problems

    # ----------------------------------------------------------------- writing

    def _guard(self, path: Path, cls: type[Model], *, conflicts: bool) -> None:
        """Refuse to overwrite a file that failed to load, lies outside, or changed since it was read."""
        if not self._inside(path.parent):
            raise StoreError(self._outside_problem(path.parent))
        with self._lock:
            failed = path in self._failed
            known = self._stamps.get(path)
        if failed:
            with self._lock:
                kept = path in self._kept
            raise StoreError(Problem(path, t("store.kept_as_is" if kept else "store.not_overwritten")))
        try:
            current = _stamp(os.stat(path))
        except FileNotFoundError:
            return
        if known is not None and current == known:
            return
        if known is not None and conflicts:
            raise ConflictError(Problem(path, t("store.conflict")))
        try:
            self._load(path, cls)
        except StoreError as error:
            if path in self._failed:
                raise StoreError(Problem(path, t("store.not_overwritten"))) from error

    def _write(self, path: Path, model: Model, cls: type[Model], *, conflicts: bool, fsync: bool | None) -> _Stamp:
        dumped = model.to_toml_dict()
        _readable_back(path, model, cls, dumped)
        return self._write_bytes(path, toml_dict_bytes(dumped), cls, conflicts=conflicts, fsync=fsync)

    def _write_bytes(self, path: Path, data: bytes, cls: type[Model], *, conflicts: bool, fsync: bool | None) -> _Stamp:
        """Write checked file contents under the folder's lock (the guard against conflicts included).

        A file that would be over MAX_FILE_BYTES is refused (it could not be read back).
        """
        if len(data) > MAX_FILE_BYTES:
            problem = _too_big_problem(path, len(data))
            raise StoreError(Problem(path, t("store.write_failed", reason=problem.message)))
        folder = path.parent
        if not self._inside(folder):
            raise StoreError(self._outside_problem(folder))
        self.write_stignore()  # once per store: a data folder that became a Syncthing folder gets its .stignore
        try:
            make_dirs(folder)
            fd = locks.open_folder_lock(folder)
        except OSError as error:
            raise StoreError(Problem(path, t("store.write_failed", reason=error.strerror or str(error)))) from error
        try:
            locks.lock_folder(fd)
            self._guard(path, cls, conflicts=conflicts)
            try:
                st = write_atomic(path, data, fsync=self.fsync if fsync is None else fsync)
            except OSError as error:
                raise StoreError(Problem(path, t("store.write_failed", reason=error.strerror or str(error)))) from error
        finally:
            locks.close_folder_lock(fd)
        stamp = _stamp(st)
        with self._lock:
            self._stamps[path] = stamp
        return stamp

    def save_settings(self, settings: AppSettings, *, fsync: bool | None = None) -> None:
        """Write settings.toml (the last writer wins; a broken file is not overwritten)."""
        self._write(self.settings_path, settings, AppSettings, conflicts=False, fsync=fsync)

    def save_group(self, group: Group, *, fsync: bool | None = None) -> None:
        """Write the group's group.toml; raises StoreError, or ConflictError when another program changed it."""
        if not group.id:
            raise ValueError("group.id is empty; create groups with Store.create_group")
        stamp = self._write(self.group_path(group.id), group, Group, conflicts=True, fsync=fsync)
        with self._lock:
            self._members[group.id] = (stamp, frozenset(m.id for m in group.members))

    def update_group(self, gid: str, change: Callable[[Group], None], *, fsync: bool | None = None) -> Group:
        """Re-read the group, apply `change` to it and write it, all under the folder's lock.

        Two programs changing one group this way never lose each other's change.
        """
        path = self.group_path(gid)
        folder = path.parent
        try:
            fd = locks.open_folder_lock(folder)
        except FileNotFoundError:
            raise StoreError(Problem(path, t("store.not_found"))) from None
        try:
            locks.lock_folder(fd)
            group = self.load_group(gid)
            change(group)
            group.id = gid
            try:
                st = write_atomic(path, toml_bytes(group), fsync=self.fsync if fsync is None else fsync)
            except OSError as error:
                raise StoreError(Problem(path, t("store.write_failed", reason=error.strerror or str(error)))) from error
        finally:
            locks.close_folder_lock(fd)
        with self._lock:
            self._stamps[path] = _stamp(st)
            self._members[gid] = (_stamp(st), frozenset(m.id for m in group.members))
        return group

    def create_group(self, name: str, members: list[Member]) -> Group:
        """A new group with a unique id made from its name, written at once."""
        base = slugify(name, "gruppe")
        groups = self.root / "groups"
        if not self._inside(groups):
            raise StoreError(self._outside_problem(groups))
        make_dirs(groups)
        candidate, n = base, 2
        while True:
            try:
                os.mkdir(groups / candidate, 0o700)  # claims the id, also against another process
                break
            except FileExistsError:
                candidate, n = f"{base}-{n}", n + 1
        oscompat.chmod_path(groups / candidate, 0o700)
        group = Group(name=name, members=list(members))
        group.id = candidate
        self.save_group(group)
        return group

    def save_meeting(self, gid: str, meeting: Meeting | dict[str, Any], *, fsync: bool | None = None) -> None:
        """Write the meeting to `<mid>.toml`; raises StoreError, or ConflictError when another program changed it.

        `meeting` may be the meeting already dumped (`Meeting.to_toml_dict()`, as a
        live meeting's `snapshot_toml_dict()`): the autosave then needs no deep copy
        of the model, which at a three-hour meeting's size is several MiB at the peak.
        """
        if isinstance(meeting, dict):
            self._save_meeting_data(gid, meeting, fsync=fsync)
            return
        path = self.meeting_path(gid, meeting.id)
        stamp = self._write(path, meeting, Meeting, conflicts=True, fsync=fsync)
        with self._lock:
            self._pending[(gid, meeting.id)] = (stamp, summarize(meeting, stamp[0], stamp[1]))

    def _save_meeting_data(self, gid: str, data: dict[str, Any], *, fsync: bool | None = None) -> None:
        """`save_meeting` of a dumped meeting: the same checks (read back, conflicts, a broken file kept).

        No model of the meeting is alive while the text is made: the one read
        back lives only long enough to give the index its summary.
        """
        path = self.meeting_path(gid, str(data.get("id", "")))
        summary = summarize(_readable_back(path, None, Meeting, data))
        stamp = self._write_bytes(path, toml_dict_bytes(data), Meeting, conflicts=True, fsync=fsync)
        with self._lock:
            self._pending[(gid, summary.id)] = (stamp, replace(summary, mtime_ns=stamp[0], size=stamp[1]))

    def note_written(self, gid: str, summary: MeetingSummary, st: os.stat_result) -> None:
        """Tell the index about a meeting file a bulk writer wrote (`write_meeting_file`, or `write_atomic` itself).

        `st` is what the write returned; the next `history_index` takes the
        summary instead of reading the file, as long as the file is unchanged.
        """
        with self._lock:
            self._pending[(gid, summary.id)] = (_stamp(st), summary)

    # ----------------------------------------------------------------- bulk writers (facilitator/demo.py)

    def write_group_file(self, gid: str, data: bytes, *, fsync: bool | None = None) -> os.stat_result:
        """Write a group's group.toml from contents a bulk writer made itself; the new file's stat.

        For the demo, which makes thousands of files as plain dictionaries: no model
        is read back (`save_group` does that), and the file is not guarded as one
        read before, because the writer made the group's folder anew. Written
        atomically, into the data folder only; raises StoreError naming the file.
        """
        return self._write_made(self.group_path(gid), data, fsync=fsync)

    def write_meeting_file(self, gid: str, mid: str, data: bytes, *, fsync: bool | None = None) -> os.stat_result:
        """Write a meeting file from contents a bulk writer made itself (as `write_group_file`); the new file's stat.

        The stat is what `note_written` takes, so the history index needs no reading of the file.
        """
        return self._write_made(self.meeting_path(gid, mid), data, fsync=fsync)

    def _write_made(self, path: Path, data: bytes, *, fsync: bool | None) -> os.stat_result:
        if not self._inside(path.parent):
            raise StoreError(self._outside_problem(path.parent))
        try:
            st = write_atomic(path, data, fsync=self.fsync if fsync is None else fsync)
        except OSError as error:
            raise StoreError(Problem(path, t("store.write_failed", reason=error.strerror or str(error)))) from error
        with self._lock:
            self._stamps[path] = _stamp(st)
        return st

    def remove_group(self, gid: str) -> None:
        """Remove a group's folder with everything in it (a link or a file in its place: only that); raises StoreError.

        For a writer that makes the group anew (`facilitator demo --force`). What the
        store remembers of the group's files is forgotten with them.
        """
        folder = self.group_dir(gid)
        try:
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder)
            else:
                folder.unlink()
        except OSError as error:
            raise StoreError(Problem(folder, t("store.write_failed", reason=error.strerror or str(error)))) from error
        with self._lock:
            for known in (self._stamps, self._problems):
                for path in [p for p in known if p.is_relative_to(folder)]:
                    del known[path]
            self._failed = {p for p in self._failed if not p.is_relative_to(folder)}
            self._kept = {p for p in self._kept if not p.is_relative_to(folder)}
            for key in [k for k in self._pending if k[0] == gid]:
                del self._pending[key]
            self._members.pop(gid, None)
            self._index.pop(gid, None)
            self._summaries.pop(gid, None)

    def new_meeting_id(self, gid: str, day: date, title: str) -> str:
        """`YYYY-MM-DD-<slug of title>`, with -2, -3 ... when that id is taken."""
        base = f"{day.isoformat()}-{slugify(title, 'moede')}"
        candidate, n = base, 2
        while os.path.lexists(self.meeting_path(gid, candidate)):
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # ----------------------------------------------------------------- meeting lists and the index

    def upcoming_meetings(self, gid: str) -> list[Meeting]:
        """Planned and live meetings, by date and start time. Files that fail are skipped (see problems)."""
        rows = self._refresh_index(gid)
        meetings = []
        for mid, row in rows.items():
            if row[6] in ("planned", "live"):
                try:
                    meetings.append(self.load_meeting(gid, mid))
                except StoreError:
                    continue
        return sorted(meetings, key=lambda m: (m.date, m.start, m.id))

    def unreadable_meetings(self, gid: str) -> list[Problem]:
        """The problems of the group's meeting files that could not be read (as of the last listing).

        Warnings (unknown members, spans out of order) are not here: those meetings can be read.
        The folder is listed first (only new or changed files are read). A file that may be a
        planned meeting is among these, so a plan made without it says so.
        """
        self._refresh_index(gid)
        folder = self.meetings_dir(gid)
        with self._lock:
            candidates = [(path, list(problems)) for path, problems in self._problems.items() if path.parent == folder]
        found: list[Problem] = []
        for path, problems in candidates:
            mid = path.name[:-5] if path.name.endswith(".toml") else ""
            if mid and _safe_name(mid) and os.path.isfile(path):
                try:
                    self._load_meeting(gid, mid)
                except StoreError:
                    pass
                else:
                    continue  # it reads (with warnings only)
            found.extend(problems)
        return found

    def history_index(
        self, gid: str, *, verify: bool = True, progress: IndexProgress | None = None
    ) -> list[MeetingSummary]:
        """The finished meetings, newest first, from the index file (only new or changed files are read).

        `verify=False` trusts the index file without a stat of every meeting file
        when the meetings folder is unchanged since the index was written (its
        mtime, which every create, rename and delete in the folder moves). A hand
        edit of a file in place does not move it: a caller that takes the quick
        answer asks again with `verify=True` (the history screen does, once the quick rows are drawn).

        `progress(added, done, total)`, when given, hears of the finished meetings found so far while
        many files are read (a cold index: years of meetings): first after `PROGRESS_FIRST` files,
        then every `PROGRESS_EVERY` seconds, each time with the summaries found since the last call
        (in no order) and how many of the `total` files to read are read. The files are read newest
        first by name (a meeting's id starts with its date), so the first rows are the ones shown on top.
        """
        rows = self._refresh_index(gid, verify=verify, progress=progress)
        with self._lock:
            cache = self._summaries.setdefault(gid, {})
        summaries = []
        for mid, row in rows.items():
            if row[6] != "finished":
                continue
            cached = cache.get(mid)
            if cached is None or cached[0] is not row:
                cached = cache[mid] = (row, _summary(mid, row))
            summaries.append(cached[1])
        if len(cache) > len(rows):
            for mid in [m for m in cache if m not in rows]:
                del cache[mid]
        summaries.sort(key=_SUMMARY_ORDER, reverse=True)
        return summaries

    def index_path(self, gid: str) -> Path:
        """The history index of a group: in this laptop's own folder, never in the (maybe synced) data folder."""
        self._check_name(gid)
        return self.local_dir / "index" / f"{gid}.json"

    def _refresh_index(
        self, gid: str, *, verify: bool = True, progress: IndexProgress | None = None
    ) -> dict[str, list[Any]]:
        """Bring the index of one group up to date with its folder; rewrite it only when something changed.

        `verify=False`: when the folder's mtime equals the index file's (see `index.mark_index`), take
        the index as it is, without a stat of each meeting file. `progress`: see `history_index`.
        """
        folder = self.meetings_dir(gid)
        index_path = self.index_path(gid)
        if not os.path.isdir(folder):
            return {}
        if not self._inside(folder):
            self._record(folder, [self._outside_problem(folder)])
            return {}
        with self._lock:
            cached_stamp, rows = self._index.get(gid, (None, {}))
        try:
            index_st: os.stat_result | None = os.stat(index_path)
        except OSError:
            index_st = None
        current = None if index_st is None else _stamp(index_st)
        if current is None or current != cached_stamp:
            cached_stamp, rows = read_index(index_path)
        if not verify and index_st is not None and cached_stamp == current:
            try:
                folder_ns: int | None = os.stat(folder).st_mtime_ns
            except OSError:
                folder_ns = None
            if trusted(index_st, folder_ns):  # the folder has not changed since the index was marked
                with self._lock:
                    self._index[gid] = (cached_stamp, rows)
                return rows
        fresh: dict[str, list[Any]] = {}
        seen: set[str] = set()
        to_read: list[str] = []
        changed = cached_stamp is None
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name[-5:] != ".toml" or name[0] == ".":
                    continue
                seen.add(name)
                if _copy_name(name) is not None:  # a sync tool's conflict copy: listed by conflict_copies, never a meeting
                    continue
                mid = name[:-5]
                if not _safe_name(mid):  # `a\b.toml`: no meeting can have this id; one problem, never hidden
                    self._fail(folder / name, [Problem(folder / name, t("store.bad_file_name", name=visible(name)))])
                    continue
                if entry.is_symlink() and not self._inside(folder / name):
                    self._fail(folder / name, [self._outside_problem(folder / name)])
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    continue
                row = rows.get(mid)
                if row is not None and row[0] == st.st_mtime_ns and row[1] == st.st_size and row[2] == st.st_ino:
                    fresh[mid] = row
                    continue
                stamp = _stamp(st)
                with self._lock:
                    pending = self._pending.pop((gid, mid), None)
                if pending is not None and pending[0] == stamp:
                    fresh[mid] = _row(pending[1], stamp)
                    changed = True
                    continue
                to_read.append(mid)
        if to_read:
            to_read.sort(reverse=True)  # newest first: an id starts with the meeting's date
            told = _Told(progress, fresh, len(to_read)) if progress is not None else None
            for done, mid in enumerate(to_read, 1):
                try:
                    meeting, stamp = self._load_meeting(gid, mid, trusted=True)
                except StoreError:
                    continue
                fresh[mid] = _row(summarize(meeting), stamp)
                changed = True
                if told is not None:
                    told.read(mid, done)
        changed = changed or len(fresh) != len(rows)
        with self._lock:  # forget problems of files that are gone
            for gone in [p for p in self._problems if p.parent == folder and p.name not in seen]:
                del self._problems[gone]
                self._failed.discard(gone)
        if changed:
            payload = {"version": INDEX_VERSION, "fields": _ROW_FIELDS, "meetings": fresh}
            drop_old_index(folder)  # first: removing it moves the folder's mtime, which the mark takes
            try:
                write_atomic(index_path, json.dumps(payload, separators=(",", ":")).encode("utf-8"), fsync=False)
                cached_stamp = mark_index(index_path, folder)
            except OSError:
                cached_stamp = None  # a read-only folder: the index is only a cache
        elif cached_stamp is not None:
            try:
                folder_now = os.stat(folder).st_mtime_ns
                index_now = os.stat(index_path)
                unmarked = folder_now != index_now.st_mtime_ns or index_now.st_ctime_ns <= folder_now
            except OSError:
                unmarked = False
            if unmarked:  # the folder changed but no meeting did (a lock, a temporary), or a racy mark: mark again
                cached_stamp = mark_index(index_path, folder) or cached_stamp
        with self._lock:
            self._index[gid] = (cached_stamp, fresh)
        return fresh

    # ----------------------------------------------------------------- agendas

    def _builtin_agendas(self, language: str) -> dict[str, Agenda]:
        """The built-in agendas of `language` by id, in the order a group uses them (their folder says it)."""
        found: dict[str, Agenda] = {}
        for _name, file in builtin_files(language):
            path = Path(str(file))
            try:
                agenda = parse_model(path, file.read_bytes(), Agenda)
            except _Invalid as invalid:
                self._record(path, invalid.problems)
                continue
            except OSError:
                continue
            found[agenda.id] = agenda
        return found

    def _user_agendas(self) -> dict[str, Agenda]:
        folder = self.root / "agendas"
        found: dict[str, Agenda] = {}
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    e.name for e in entries if e.name.endswith(".toml") and _safe_name(e.name) and _copy_name(e.name) is None
                )
        except (FileNotFoundError, NotADirectoryError):
            return found
        for name in names:
            path = folder / name
            try:
                agenda = self._load(path, Agenda)[0]
            except StoreError:
                continue
            if agenda.id != name[:-5]:
                copy = syncnames.onedrive_copy(name, agenda.id) if _safe_name(agenda.id) else None
                if copy is not None and os.path.isfile(folder / copy.original):
                    self._found_copy(path, copy)
                    continue
                problems = [Problem(path, t("store.agenda_id_mismatch", id=agenda.id, name=name[:-5]), field="id")]
                self._fail(path, problems)
                continue
            found[agenda.id] = agenda
        return found

    def agendas(self, language: str) -> list[Agenda]:
        """The built-in agendas in `language` (first, second, following), then the user's own in that language.

        A user agenda with the id of a built-in one takes its place.
        """
        builtin = self._builtin_agendas(language)
        user = {k: a for k, a in self._user_agendas().items() if a.language == language}
        ids = template_ids()
        order = [k for k in ids if k in builtin] + sorted(k for k in builtin if k not in ids)
        result = [user.pop(k, builtin[k]) for k in order]
        return result + [user[k] for k in sorted(user)]

    def agenda(self, agenda_id: str, language: str) -> Agenda:
        """One agenda by id (the user's own wins over a built-in); raises StoreError when there is none."""
        for agenda in self.agendas(language):
            if agenda.id == agenda_id:
                return agenda
        where = self.agenda_path(agenda_id) if _safe_name(agenda_id) else self.root / "agendas"
        raise StoreError(Problem(where, t("store.no_agenda", id=agenda_id, lang=language)))

    def load_user_agenda(self, agenda_id: str) -> Agenda:
        """One of the user's own agendas, `<data>/agendas/<id>.toml`; raises StoreError."""
        path = self.agenda_path(agenda_id)
        agenda = self._load(path, Agenda)[0]
        if agenda.id != agenda_id:
            problems = [Problem(path, t("store.agenda_id_mismatch", id=agenda.id, name=agenda_id), field="id")]
            self._fail(path, problems)
            raise StoreError(problems[0], problems)
        return agenda

    def save_agenda(self, agenda: Agenda, *, fsync: bool | None = None) -> None:
        """Write one of the user's own agendas to `<data>/agendas/<id>.toml`."""
        self._write(self.agenda_path(agenda.id), agenda, Agenda, conflicts=False, fsync=fsync)

    # ----------------------------------------------------------------- check

    def check(self) -> list[Problem]:
        """Read and validate every TOML file under the data directory; return every problem, sorted by path.

        Links are not followed; one that leads outside the data directory is a problem.
        """
        problems: list[Problem] = []
        if not os.path.isdir(self.root):
            return problems
        loose = self.secure_root()
        if loose is not None:
            problems.append(loose)
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            folder = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in dirnames:
                if os.path.islink(folder / name) and not self._inside(folder / name):
                    problems.append(self._outside_problem(folder / name))
                elif name.endswith(".toml"):  # a folder where a file belongs: one problem, not silence
                    problems.append(Problem(folder / name, t("store.not_a_file")))
            for name in sorted(filenames):
                if name.endswith(".toml") and not name.startswith("."):
                    copy = _copy_name(name)
                    if copy is not None:  # two versions of one file: to be chosen between on the home screen
                        problems.append(Problem(folder / name, t("sync.check_conflict", original=copy.original)))
                        continue
                    problems += self._check_file(folder / name)
        problems.sort(key=lambda p: str(p.path))  # stable: a file's problems keep their order
        return problems

    def _check_file(self, path: Path) -> list[Problem]:
        parts = path.relative_to(self.root).parts
        try:
            if parts == ("settings.toml",):
                self._load(path, AppSettings)
            elif len(parts) == 3 and parts[0] == "groups" and parts[2] == "group.toml":
                self.load_group(parts[1])
            elif len(parts) == 4 and parts[0] == "groups" and parts[2] == "meetings":
                gid, mid = parts[1], parts[3][:-5]
                if not _safe_name(gid) or not _safe_name(mid):
                    return [Problem(path, t("store.bad_file_name", name=visible(path.name)))]
                meeting = self._load_meeting(gid, mid)[0]
                warnings = self.meeting_warnings(gid, meeting, path)
                if warnings:
                    self._keep(path, warnings)
                return warnings
            elif len(parts) == 2 and parts[0] == "agendas":
                agenda = self._load(path, Agenda)[0]
                if agenda.id != path.stem:
                    problem = Problem(path, t("store.agenda_id_mismatch", id=agenda.id, name=path.stem), field="id")
                    self._fail(path, [problem])
                    return [problem]
            else:
                return self._check_syntax(path)
        except StoreError as error:
            return error.problems
        return []

    def _check_syntax(self, path: Path) -> list[Problem]:
        """Any other TOML file: only its syntax is checked."""
        if not self._inside(path):
            return [self._outside_problem(path)]
        try:
            data = _read_regular(path)[1]
        except IsADirectoryError:
            return [Problem(path, t("store.not_a_file"))]
        except _TooBig as too_big:
            return [_too_big_problem(path, too_big.size)]
        except OSError as error:
            return [Problem(path, t("store.unreadable", reason=error.strerror or str(error)))]
        if not data.strip():
            return []
        try:
            parse_model(path, data, _AnyToml)
        except _Invalid as invalid:
            return invalid.problems
        return []

    # ----------------------------------------------------------------- locks

    def lock_meeting(self, gid: str, mid: str, *, claim: bool = True) -> MeetingLock:
        """Hold the meeting open in this process; raises LockedError naming the process (and laptop) that holds it.

        Two things hold it: the system's lock on a file in this laptop's own folder
        (a second program here is refused with its process number), and the claim
        `<mid>.lock` beside the meeting, which names this laptop and process and
        travels with the data folder when a sync tool keeps it in step: a meeting
        claimed by another laptop is refused (`ClaimedError`) however old the claim
        and whatever its process number means here. A claim naming this laptop is
        stale once the system's lock is ours (its program is gone) and is taken over.
        The claim is emptied when the lock is released. `claim=False` (an import writing
        the file) refuses the same way but writes no claim: it holds the meeting for a moment only.
        """
        path = self.meeting_path(gid, mid)
        claim_path = path.with_suffix(".lock")
        if not self._inside(path.parent):
            raise StoreError(self._outside_problem(path.parent))
        lock_path = self.local_dir / "locks" / gid / f"{mid}.lock"
        try:
            make_dirs(lock_path.parent)
            held = locks.take_meeting_lock(lock_path)
        except locks.Held as other:
            message = t("store.locked", pid=other.pid) if other.pid else t("store.locked_unknown")
            raise LockedError(Problem(path, message), other.pid) from None
        except OSError as error:
            raise StoreError(Problem(lock_path, t("store.lock_failed", reason=error.strerror or str(error)))) from error
        mine = Claim(os.getpid(), self.laptop, datetime.now(UTC).replace(microsecond=0))
        try:
            if os.path.islink(claim_path):  # never followed: the claim is written, a link would be written through
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(claim_path))
            current = read_claim(claim_path)
            if current is not None and current.laptop and current.laptop != self.laptop:
                raise ClaimedError(Problem(path, claimed_message(current, claim_path)), current)
            if claim:
                make_dirs(claim_path.parent)
                write_atomic(claim_path, mine.text().encode("utf-8"), fsync=self.fsync)
        except ClaimedError:
            held.release()
            raise
        except OSError as error:
            held.release()
            raise StoreError(Problem(claim_path, t("store.lock_failed", reason=error.strerror or str(error)))) from error
        if not claim:
            return held
        lock = MeetingLock(claim_path, held.detach(), on_release=lambda: self._free_claim(claim_path, mine))
        for folder in (claim_path.parent, claim_path.parent.parent):  # the meetings and the group.toml
            remove_stale_temporaries(folder)
        self._remove_claim_copies(claim_path)
        self.write_stignore()
        return lock

    def _free_claim(self, claim_path: Path, mine: Claim) -> None:
        """Empty the claim if it is still this program's (another laptop's claim that replaced it stays)."""
        if os.path.islink(claim_path):
            return
        current = read_claim(claim_path)
        if current is not None and (current.pid, current.laptop) == (mine.pid, mine.laptop):
            write_atomic(claim_path, b"", fsync=self.fsync)

    def _remove_claim_copies(self, claim_path: Path) -> None:
        """Conflict copies a sync tool made of a claim (two laptops opened the meeting while apart): never data."""
        try:
            with os.scandir(claim_path.parent) as entries:
                names = [e.name for e in entries if e.name.endswith(".lock") and e.is_file(follow_symlinks=False)]
        except OSError:
            return
        for name in names:
            copy = syncnames.conflict_copy(name)
            if copy is not None and copy.original == claim_path.name:
                try:
                    os.unlink(claim_path.parent / name)
                except OSError:
                    pass

    def meeting_claim(self, gid: str, mid: str) -> Claim | None:
        """Who has the meeting open, as its claim says (None when nobody; the claim may be stale)."""
        return read_claim(self.meeting_path(gid, mid).with_suffix(".lock"))

    # ----------------------------------------------------------------- hand-over (facilitator/bundle.py)

    @property
    def exchanged_path(self) -> Path:
        """This laptop's record of the versions of each file it has reconciled with: outside the data folder."""
        return self.local_dir / "exchanged.json"

    SEEN_KEEP = 64
    """Versions remembered per file (and per part of the group file): the newest ones."""

    def exchanged(self) -> dict[str, list[str]]:
        """The content hashes of the versions of each file (by its path in the data folder, `#part` for the
        group's parts) that this laptop's own version supersedes: ones it exported, received, or chose
        against. {} when there is no record."""
        try:
            raw = json.loads(_read_regular(self.exchanged_path)[1])
        except (OSError, ValueError, _TooBig):
            return {}
        files = raw.get("files") if isinstance(raw, dict) and raw.get("version") == 1 else None
        if not isinstance(files, dict):
            return {}
        return {
            k: [h for h in v if isinstance(h, str)][-self.SEEN_KEEP :]
            for k, v in files.items()
            if isinstance(k, str) and isinstance(v, list)
        }

    def save_exchanged(self, files: dict[str, list[str]]) -> None:
        """Write the record (only hashes: no content leaves the data folder); raises StoreError."""
        kept = {k: list(dict.fromkeys(v))[-self.SEEN_KEEP :] for k, v in sorted(files.items())}
        data = json.dumps({"version": 1, "files": kept}, indent=1).encode("utf-8")
        try:
            write_atomic(self.exchanged_path, data, fsync=self.fsync)
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreError(Problem(self.exchanged_path, t("store.write_failed", reason=reason))) from error

    def group_files(self, gid: str) -> tuple[dict[str, Model], list[Problem]]:
        """The group's files as models, by their path in the data folder: group.toml, every meeting, the user's agendas.

        Only files that read without any problem (a meeting with warnings included: the
        warnings travel with it); the others are returned as problems. Conflict copies are
        not among them.
        """
        files: dict[str, Model] = {}
        problems: list[Problem] = []
        group = self.load_group(gid)
        files[f"groups/{gid}/group.toml"] = group
        for mid in self.meeting_ids(gid):
            try:
                files[f"groups/{gid}/meetings/{mid}.toml"] = self._load_meeting(gid, mid)[0]
            except StoreError as error:
                if (self.meetings_dir(gid), f"{mid}.toml") not in self._onedrive:
                    problems += error.problems
        for agenda in self._user_agendas().values():
            files[f"agendas/{agenda.id}.toml"] = agenda
        return files, problems

    # ----------------------------------------------------------------- sync tools

    def _found_copy(self, path: Path, copy: syncnames.CopyName) -> None:
        """Remember a OneDrive copy found by its content; it is no problem of the file (it is a conflict)."""
        with self._lock:
            self._onedrive[(path.parent, path.name)] = copy
            self._failed.discard(path)
        self._record(path, [])

    def conflict_copies(self, gid: str | None = None) -> list[ConflictCopy]:
        """Every conflict copy of the group's files (and of the settings and the user's agendas), by file.

        Found by their names (Syncthing, Dropbox, Nextcloud, an import), and OneDrive's
        (`NAME-COMPUTER.toml`) by their content: a meeting or agenda file whose id names
        another file beside it, a `group-….toml` beside `group.toml`, a `settings-….toml`.
        Only what the folders hold now; a copy whose file is gone is listed too.
        """
        found: list[ConflictCopy] = []
        if gid is not None:
            self._check_name(gid)
            folder = self.meetings_dir(gid)
            for name in self._toml_names(folder):
                copy = _copy_name(name)
                if copy is None:
                    with self._lock:
                        copy = self._onedrive.get((folder, name))
                    if copy is not None and not os.path.isfile(folder / copy.original):
                        copy = None
                if copy is not None and copy.original.endswith(".toml") and _safe_name(copy.original[:-5]):
                    found.append(ConflictCopy("meeting", gid, copy.original[:-5], folder / copy.original, folder / name, copy))
            folder = self.group_dir(gid)
            for name in self._toml_names(folder):
                if name == "group.toml":
                    continue
                copy = _copy_name(name) or syncnames.onedrive_copy(name, "group")
                if copy is not None and copy.original == "group.toml":
                    found.append(ConflictCopy("group", gid, gid, folder / "group.toml", folder / name, copy))
        for name in self._toml_names(self.root):
            if name == "settings.toml":
                continue
            copy = _copy_name(name) or syncnames.onedrive_copy(name, "settings")
            if copy is not None and copy.original == "settings.toml":
                found.append(ConflictCopy("settings", "", "settings", self.settings_path, self.root / name, copy))
        folder = self.root / "agendas"
        for name in self._toml_names(folder):
            copy = _copy_name(name)
            if copy is None:
                with self._lock:
                    copy = self._onedrive.get((folder, name))
            if copy is not None and copy.original.endswith(".toml") and _safe_name(copy.original[:-5]):
                found.append(ConflictCopy("agenda", "", copy.original[:-5], folder / copy.original, folder / name, copy))
        return sorted(found, key=lambda c: (c.kind != "group", str(c.copy)))

    def modified_at(self, path: Path) -> datetime | None:
        """When a file of the data folder was last written (this laptop's zone), None when it is not there."""
        try:
            return datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
        except (OSError, ValueError, OverflowError):
            return None

    def _toml_names(self, folder: Path) -> list[str]:
        """The names of the regular `.toml` files in `folder` that are not hidden (none when it is missing or outside)."""
        if not self._inside(folder):
            return []
        try:
            with os.scandir(folder) as entries:
                return sorted(
                    e.name for e in entries if e.name.endswith(".toml") and e.name[0] != "." and e.is_file(follow_symlinks=False)
                )
        except OSError:
            return []

    def read_copy(self, copy: ConflictCopy) -> Model:
        """The version a conflict copy holds, validated as the file it is a copy of; raises StoreError.

        A meeting's copy must name the same meeting (its `id`); it is never remembered as a
        file to guard, so reading it changes nothing about the original.
        """
        classes: dict[str, type[Model]] = {"meeting": Meeting, "group": Group, "agenda": Agenda, "settings": AppSettings}
        cls = classes[copy.kind]
        if not self._inside(copy.copy):
            raise StoreError(self._outside_problem(copy.copy))
        try:
            data = _read_regular(copy.copy)[1]
            model = parse_model(copy.copy, data, cls)
        except _Invalid as invalid:
            raise StoreError(invalid.problems[0], invalid.problems) from None
        except _TooBig as too_big:
            raise StoreError(_too_big_problem(copy.copy, too_big.size)) from None
        except OSError as error:
            raise StoreError(Problem(copy.copy, t("store.unreadable", reason=error.strerror or str(error)))) from None
        if isinstance(model, (Meeting, Agenda)) and model.id != copy.ident:
            raise StoreError(
                Problem(copy.copy, t("sync.copy_other_id", id=visible(model.id), original=copy.original.name), field="id")
            )
        if isinstance(model, Group):
            model.id = copy.gid
        return model

    def discard_copy(self, copy: ConflictCopy) -> None:
        """Remove a conflict copy (its version was chosen against, or taken into the file); raises StoreError."""
        if not self._inside(copy.copy.parent) or os.path.islink(copy.copy):
            raise StoreError(self._outside_problem(copy.copy))
        try:
            os.unlink(copy.copy)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(Problem(copy.copy, t("store.write_failed", reason=error.strerror or str(error)))) from error
        with self._lock:
            self._onedrive.pop((copy.copy.parent, copy.copy.name), None)
            self._problems.pop(copy.copy, None)
            self._failed.discard(copy.copy)

    def write_copy(self, folder_file: Path, tool_note: str, data: bytes, when: datetime) -> Path:
        """Write another version of `folder_file` beside it as a conflict copy (an import's): its path.

        Named `NAME.bundle-conflict-YYYYMMDD-HHMMSS-WHO.toml`, found again by `conflict_copies`.
        """
        stamp = when.strftime("%Y%m%d-%H%M%S")
        stem = folder_file.name[:-5] if folder_file.name.endswith(".toml") else folder_file.name
        who = laptop.name_token(tool_note)
        path = folder_file.with_name(f"{stem}.bundle-conflict-{stamp}-{who}.toml")
        n = 2
        while os.path.lexists(path):
            path = folder_file.with_name(f"{stem}.bundle-conflict-{stamp}-{who}-{n}.toml")
            n += 1
        if not self._inside(path.parent):
            raise StoreError(self._outside_problem(path.parent))
        try:
            write_atomic(path, data, fsync=self.fsync)
        except OSError as error:
            raise StoreError(Problem(path, t("store.write_failed", reason=error.strerror or str(error)))) from error
        return path

    STIGNORE_MARK = "// facilitator:"

    def write_stignore(self) -> bool:
        """In a Syncthing folder (`.stfolder` in the data folder), make `.stignore` name what Syncthing must not sync.

        Syncthing skips the program's temporary files by itself; the lines also cover the
        temporary files and index of earlier versions and the lock file a Windows writer
        keeps in each folder. An existing `.stignore` keeps its lines; the program's are
        added once at its end. True when the file was written (checked once per store).
        """
        if self._stignore_checked:
            return False
        self._stignore_checked = True
        if not os.path.isdir(self.root / ".stfolder"):
            return False
        path = self.root / ".stignore"
        try:
            if os.path.islink(path):
                return False
            current = _read_regular(path)[1].decode("utf-8", "replace") if os.path.exists(path) else ""
        except (OSError, _TooBig):
            return False
        if self.STIGNORE_MARK in current:
            return False
        block = "\n".join([
            f"{self.STIGNORE_MARK} files of one laptop, never to be synced (written by the program)",
            "(?d)~syncthing~*.tmp",
            "(?d).*.tmp",
            "(?d).index.json",
            "(?d).write.lock",
        ]) + "\n"  # fmt: skip
        text = (current.rstrip("\n") + "\n\n" if current.strip() else "") + block
        try:
            write_atomic(path, text.encode("utf-8"), fsync=self.fsync)
        except OSError:
            return False
        return True
