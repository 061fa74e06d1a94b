"""Two versions of one file: what each holds, and the user's choice between them.

A conflict is a file of the group and a conflict copy beside it
(`Store.conflict_copies`): made by a sync tool when two laptops changed the
file while apart, or by the import of a hand-over bundle (facilitator/bundle.py)
for a file changed on both sides. Both are settled here, the same way:

- `describe(store, copy)`: both versions, readable for a person (for a
  meeting: title, status, when each was saved, the minutes; for the group:
  its members), and for the group the parts they hold differently;
- `resolve(store, copy, choice)`: "file" keeps the file's version, "copy"
  takes the copy's, "both" (a meeting) keeps the file's times, speakers and
  attendance with both minutes one after the other, not a word of either
  lost (merging.join_minutes). For the group every choice merges member by
  member (merging.merge_groups): what only one version has is kept, and the
  choice says whose value counts where both hold different ones. The copy
  is removed once its version is in the file or was chosen against.

A meeting open in the live meeting screen (here, or on a laptop whose claim
came with the synced folder) is not changed: `resolve` raises StoreError
saying so. Nothing here imports Textual; the store does every read and write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from facilitator.i18n import t
from facilitator.merging import Difference, keep_both_minutes, merge_groups
from facilitator.model import Agenda, AppSettings, Group, Meeting, Model
from facilitator.store import ConflictCopy, LockedError, MeetingLock, Problem, Store, StoreError

__all__ = ["Choice", "ConflictView", "Version", "both_heading", "copy_label", "describe", "resolve", "title_of"]

Choice = Literal["file", "copy", "both"]


@dataclass
class Version:
    """One of the two versions, as the resolver shows it."""

    label: str
    model: Model | None
    problem: str = ""
    """Why it cannot be read ('' when it can)."""
    saved: datetime | None = None
    facts: list[str] = field(default_factory=list)
    """Short lines: title, status, members, when saved."""
    text: str = ""
    """The minutes (a meeting), the members (the group), or the file's main text."""
    only: list[str] = field(default_factory=list)
    """The lines of `text` the other version does not have (what would be lost by keeping the other)."""


@dataclass
class ConflictView:
    """A conflict, ready to be shown."""

    copy: ConflictCopy
    title: str
    file: Version
    other: Version
    differences: list[Difference] = field(default_factory=list)
    """The group's parts both versions hold differently (the choice decides these only)."""
    choices: list[Choice] = field(default_factory=list)


def copy_label(copy: ConflictCopy) -> str:
    """Who made the copy, for the user: "Syncthing's conflict copy (device ABCDEFG)"."""
    name = copy.name
    key = (
        f"sync.made_by_{name.tool}"
        if name.tool in ("syncthing", "dropbox", "nextcloud", "onedrive", "bundle")
        else "sync.made_by_other"
    )
    return t(key, who=name.who or "?")


def title_of(store: Store, copy: ConflictCopy) -> str:
    """What the conflict is about: the meeting's date and title, "the group's members and agreements", an agenda."""
    if copy.kind == "meeting":
        return t("sync.about_meeting", id=copy.ident)
    if copy.kind == "group":
        return t("sync.about_group")
    if copy.kind == "agenda":
        return t("sync.about_agenda", id=copy.ident)
    return t("sync.about_settings")


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "?"


def _facts(model: Model, saved: datetime | None) -> tuple[list[str], str]:
    facts = [t("sync.saved_at", when=_when(saved))]
    if isinstance(model, Meeting):
        words = len(model.minutes.split())
        facts[:0] = [f"{model.date.isoformat()} {model.title or model.id}", t(f"sync.status_{model.status}")]
        facts.append(t("sync.minutes_words", count=words))
        return facts, model.minutes
    if isinstance(model, Group):
        facts[:0] = [model.name, t("sync.member_count", count=len(model.members))]
        lines = []
        for member in model.members:
            parts = [member.name, member.phone, member.email]
            line = " · ".join(p for p in parts if p)
            lines.append(line if member.active else f"{line} ({t('sync.inactive')})")
        return facts, "\n".join(lines)
    if isinstance(model, Agenda):
        facts[:0] = [model.title]
        return facts, "\n".join(f"{item.planned_minutes:>3} min  {item.title}" for item in model.items)
    if isinstance(model, AppSettings):
        return facts, f"theme = {model.theme}\ncurrent_group = {model.current_group}"
    return facts, ""


def _load_file(store: Store, copy: ConflictCopy) -> Model:
    if copy.kind == "meeting":
        return store.load_meeting(copy.gid, copy.ident)
    if copy.kind == "group":
        return store.load_group(copy.gid)
    if copy.kind == "agenda":
        return store.load_user_agenda(copy.ident)
    return store.load_settings_strict()


def _version(store: Store, copy: ConflictCopy, which: Literal["file", "copy"]) -> Version:
    path = copy.original if which == "file" else copy.copy
    label = t("sync.version_file") if which == "file" else copy_label(copy)
    saved = store.modified_at(path)
    if which == "file" and saved is None:
        return Version(label, None, t("sync.file_missing"), None)
    try:
        model = _load_file(store, copy) if which == "file" else store.read_copy(copy)
    except StoreError as error:
        return Version(label, None, str(error), saved)
    facts, text = _facts(model, saved)
    return Version(label, model, "", saved, facts, text)


def describe(store: Store, copy: ConflictCopy) -> ConflictView:
    """Both versions of a conflict and what may be chosen (only what can be done: a missing file has no "file")."""
    file, other = _version(store, copy, "file"), _version(store, copy, "copy")
    title = title_of(store, copy)
    shown = file.model if file.model is not None else other.model
    if isinstance(shown, Meeting):
        title = t("sync.about_meeting_titled", day=shown.date.isoformat(), title=shown.title or shown.id)
    for mine, others in ((file, other), (other, file)):
        theirs = set(others.text.splitlines())
        mine.only = [line for line in mine.text.splitlines() if line.strip() and line not in theirs]
    view = ConflictView(copy, title, file, other)
    if isinstance(file.model, Group) and isinstance(other.model, Group):
        view.differences = merge_groups(file.model, other.model, "ours")[1]
    if file.model is not None and other.model is not None:
        view.choices = ["file", "copy", "both"] if copy.kind == "meeting" else ["file", "copy"]
    elif other.model is not None and file.problem == t("sync.file_missing"):
        view.choices = ["copy"]
    elif file.model is not None:
        view.choices = ["file"]  # the copy cannot be read: it can only be set aside
    return view


def both_heading(copy: ConflictCopy, saved: datetime | None) -> str:
    """The line between the two minutes kept one after the other."""
    return t("sync.both_heading", who=copy_label(copy), when=_when(saved))


def _hold(store: Store, copy: ConflictCopy) -> MeetingLock:
    """The meeting's lock for a moment (never while it is open anywhere): StoreError saying so."""
    try:
        return store.lock_meeting(copy.gid, copy.ident, claim=False)
    except LockedError as error:
        raise StoreError(Problem(error.problem.path, t("sync.resolve_open", reason=error.problem.message))) from None


def _note_settled(store: Store, copy: ConflictCopy, theirs: Model | None) -> None:
    """Remember that the file's version now supersedes the copy's (a later hand-over takes it as settled)."""
    from facilitator.bundle import note_version

    if theirs is None:
        return
    path = copy.original.relative_to(store.root).as_posix()
    record = store.exchanged()
    note_version(record, path, theirs)
    try:
        store.save_exchanged(record)
    except StoreError:
        pass  # without the note a later import asks again: nothing is lost


def resolve(store: Store, copy: ConflictCopy, choice: Choice) -> str:
    """Settle a conflict as chosen (see the module's docstring); a sentence saying what was done. StoreError: nothing done.

    The record of hand-overs notes that the file's version now supersedes the copy's, so a
    later import of a bundle holding the copy's version keeps the file as it is.
    """
    view = describe(store, copy)
    if choice not in view.choices:
        raise StoreError(Problem(copy.copy, view.other.problem or view.file.problem or t("sync.cannot_choose")))
    ours, theirs = view.file.model, view.other.model
    if copy.kind == "group":
        if choice == "file" and theirs is None:
            store.discard_copy(copy)
            return t("sync.resolved_file")
        assert isinstance(theirs, Group)
        if isinstance(ours, Group):
            merged, _ = merge_groups(ours, theirs, "ours" if choice == "file" else "theirs")
        else:
            merged = theirs
        merged.id = copy.gid
        store.save_group(merged)
        _note_settled(store, copy, theirs)
        store.discard_copy(copy)
        return t("sync.resolved_group")
    if choice == "file":
        _note_settled(store, copy, theirs)
        store.discard_copy(copy)
        return t("sync.resolved_file")
    assert theirs is not None
    chosen: Model = theirs
    if choice == "both":
        assert isinstance(ours, Meeting) and isinstance(theirs, Meeting)
        chosen = keep_both_minutes(ours, theirs, both_heading(copy, view.other.saved))
    if copy.kind == "meeting":
        assert isinstance(chosen, Meeting)
        lock = _hold(store, copy)
        try:
            store.save_meeting(copy.gid, chosen)
        finally:
            lock.release()
    elif copy.kind == "agenda":
        assert isinstance(chosen, Agenda)
        store.save_agenda(chosen)
    else:
        assert isinstance(chosen, AppSettings)
        store.save_settings(chosen)
    _note_settled(store, copy, theirs)
    store.discard_copy(copy)
    return t("sync.resolved_both" if choice == "both" else "sync.resolved_copy")
