"""The hand-over bundle: the group's files in one file, encrypted with a passphrase, and the import that merges them in.

`export_bundle(store, gid, passphrase)` packs group.toml, every meeting and
the user's own agendas; `import_bundle(store, data, passphrase)` reads such a
file into another data folder. Nothing is ever overwritten silently:

- a file new here is added; an identical one (the same content, however it
  is written) is skipped;
- a file changed on one side only takes that side. Each laptop keeps a
  record, in its own folder (`Store.exchanged`, content hashes only), of the
  versions of each file its own version supersedes: the ones it exported, the
  ones it received and went on from, the ones it chose against. A bundle
  carries the exporter's record. This laptop's version being one the
  exporter's supersedes means only the exporter changed the file since: its
  version is taken; the bundle's being one this laptop's supersedes means only
  this laptop did: this one stays;
- a file changed on both sides: a meeting (or agenda) stays as it is here and
  the bundle's version is written beside it as a conflict copy
  (`NAME.bundle-conflict-….toml`), which the home screen shows and the
  resolver (facilitator/conflicts.py) settles: keep this, keep that, or for a
  meeting both minutes one after the other. The group file is merged member by
  member at once (facilitator/merging.py, with the same record for each
  member and part: what only one side changed or added is taken); only parts
  both sides changed leave a conflict copy to choose from;
- a meeting open in the live meeting screen (its lock is held, here or on a
  laptop whose claim came with a synced folder) is not touched: that file is
  refused with the reason, the rest goes on;
- a wrong passphrase or a damaged bundle is found before anything is written,
  and then nothing is.

The file (format 1):

    facilitator-bundle 1\\n
    {"kdf": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": "…", "nonce": "…"}\\n
    AES-256-GCM ciphertext and tag

The key is scrypt(passphrase, salt); the two header lines are the cipher's
associated data, so a changed header fails like a wrong passphrase. The
plaintext is zlib-compressed JSON: the group's id and name, the exporting
laptop, the moment, `files` (path in the data folder -> TOML text) and
`seen` (the exporter's record: path or `path#part` -> the hashes its version supersedes).
Through `cryptography` (its Scrypt and AESGCM, OpenSSL underneath).

Nothing here imports Textual; every read and write of the data folder goes through the store.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from facilitator import laptop as laptops
from facilitator.i18n import t
from facilitator.merging import group_parts, merge_groups
from facilitator.model import Agenda, AppSettings, Group, Meeting, Model
from facilitator.store import (
    MAX_FILE_BYTES,
    LockedError,
    Problem,
    Store,
    StoreError,
    _Invalid,
    _safe_name,
    parse_model,
    toml_dict_bytes,
)
from facilitator.syncnames import conflict_copy

__all__ = [
    "BundleError",
    "DEFAULT_COST",
    "ExportReport",
    "ImportReport",
    "MIN_PASSPHRASE",
    "content_hash",
    "export_bundle",
    "import_bundle",
    "note_version",
    "open_bundle",
]

MAGIC = b"facilitator-bundle 1\n"
FORMAT = 1
DEFAULT_COST = 2**17
"""scrypt's N: 128 MiB and about half a second on a laptop, for each export and import."""
MAX_COST = 2**20
"""The most an import will spend (a bundle asking for more is refused, not obeyed)."""
MIN_PASSPHRASE = 8
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_PLAINTEXT_BYTES = 1024 * 1024 * 1024
_HEADER_MAX = 1024
_MEETING = re.compile(r"^groups/(?P<gid>[^/]+)/meetings/(?P<id>[^/]+)\.toml$")
_AGENDA = re.compile(r"^agendas/(?P<id>[^/]+)\.toml$")
_GROUP = re.compile(r"^groups/(?P<gid>[^/]+)/group\.toml$")


class BundleError(Exception):
    """The bundle could not be written or read; `str(error)` is a message for the user. Nothing was changed."""


# --------------------------------------------------------------------------- the sealed file


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(plaintext: bytes, passphrase: str, *, cost: int = DEFAULT_COST) -> bytes:
    """`plaintext` encrypted with a key made from `passphrase` (see the module's docstring)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    header = {"kdf": "scrypt", "n": cost, "r": 8, "p": 1,
              "salt": base64.b64encode(salt).decode("ascii"), "nonce": base64.b64encode(nonce).decode("ascii")}  # fmt: skip
    head = MAGIC + json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n"
    key = _key(passphrase, salt, cost, 8, 1)
    return head + AESGCM(key).encrypt(nonce, plaintext, head)


def unseal(data: bytes, passphrase: str) -> bytes:
    """The plaintext of a sealed bundle; BundleError for a file that is no bundle, a wrong passphrase or damage."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not data.startswith(MAGIC):
        raise BundleError(t("sync.not_a_bundle"))
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + _HEADER_MAX)
    if end < 0:
        raise BundleError(t("sync.damaged_bundle"))
    head = data[: end + 1]
    try:
        header = json.loads(head[len(MAGIC) :])
        n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise BundleError(t("sync.damaged_bundle")) from None
    if header.get("kdf") != "scrypt" or not (2 <= n <= MAX_COST and n & (n - 1) == 0) or not 1 <= r <= 32 or not 1 <= p <= 4:
        raise BundleError(t("sync.damaged_bundle"))
    if len(salt) < 8 or len(nonce) != 12 or len(data) - len(head) < 16:
        raise BundleError(t("sync.damaged_bundle"))
    try:
        key = _key(passphrase, salt, n, r, p)
        return AESGCM(key).decrypt(nonce, data[len(head) :], head)
    except InvalidTag:
        raise BundleError(t("sync.wrong_passphrase")) from None
    except (ValueError, MemoryError):  # scrypt refused its parameters
        raise BundleError(t("sync.damaged_bundle")) from None


# --------------------------------------------------------------------------- contents


def content_hash(model: Model) -> str:
    """The hash of a file's content as the program writes it (the same data, however it was written, hashes the same)."""
    return hashlib.sha256(toml_dict_bytes(model.to_toml_dict())).hexdigest()


@dataclass
class Contents:
    """What a bundle holds, every file read and checked."""

    group_id: str
    group_name: str
    laptop: str
    created: datetime | None
    files: dict[str, Model]
    """Path in the data folder -> the file's model (group.toml first, then meetings and agendas)."""
    seen: dict[str, list[str]]
    """The exporting laptop's record: path (or `path#part`) -> the hashes of the versions its own supersedes."""


def _kind(path: str, gid: str) -> type[Model] | None:
    group = _GROUP.match(path)
    if group:
        return Group if group["gid"] == gid else None
    meeting = _MEETING.match(path)
    if meeting:
        ok = meeting["gid"] == gid and _safe_name(meeting["id"]) and conflict_copy(meeting["id"] + ".toml") is None
        return Meeting if ok else None
    agenda = _AGENDA.match(path)
    if agenda and _safe_name(agenda["id"]) and conflict_copy(agenda["id"] + ".toml") is None:
        return Agenda
    return None


def open_bundle(data: bytes, passphrase: str) -> Contents:
    """Decrypt and check a bundle; BundleError naming what is wrong. Nothing is written."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(t("sync.bundle_too_big"))
    packed = unseal(data, passphrase)
    try:
        inflate = zlib.decompressobj()
        plain = inflate.decompress(packed, MAX_PLAINTEXT_BYTES)
        if inflate.unconsumed_tail or not inflate.eof:
            raise BundleError(t("sync.damaged_bundle"))
        payload = json.loads(plain.decode("utf-8"))
    except (zlib.error, ValueError, UnicodeDecodeError):
        raise BundleError(t("sync.damaged_bundle")) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        newer = isinstance(payload, dict) and isinstance(payload.get("format"), int)
        raise BundleError(t("sync.newer_bundle") if newer else t("sync.damaged_bundle"))
    gid, files, seen = payload.get("group"), payload.get("files"), payload.get("seen", {})
    if not isinstance(gid, str) or not _safe_name(gid) or not isinstance(files, dict) or not isinstance(seen, dict):
        raise BundleError(t("sync.damaged_bundle"))
    models: dict[str, Model] = {}
    group_path = f"groups/{gid}/group.toml"
    if group_path not in files:
        raise BundleError(t("sync.damaged_bundle"))
    for path in sorted(files, key=lambda p: (p != group_path, p)):
        text = files[path]
        cls = _kind(path, gid) if isinstance(path, str) else None
        if cls is None or not isinstance(text, str):
            raise BundleError(t("sync.bad_bundle_file", file=str(path)[:200]))
        raw = text.encode("utf-8", "surrogatepass")
        if len(raw) > MAX_FILE_BYTES:
            raise BundleError(t("sync.bad_bundle_file", file=path))
        try:
            model = parse_model(Path(path), raw, cls)
        except _Invalid as invalid:
            raise BundleError(t("sync.bad_bundle_file", file=f"{path}: {invalid.problems[0].message}")) from None
        if isinstance(model, (Meeting, Agenda)) and model.id != Path(path).stem:
            raise BundleError(t("sync.bad_bundle_file", file=path))
        if isinstance(model, Group):
            model.id = gid
        models[path] = model
    created: datetime | None = None
    try:
        created = datetime.fromisoformat(str(payload.get("created", "")))
    except ValueError:
        created = None
    group = models[group_path]
    assert isinstance(group, Group)
    laptop = str(payload.get("laptop", ""))[:100]
    clean = {k: [h for h in v if isinstance(h, str)] for k, v in seen.items() if isinstance(k, str) and isinstance(v, list)}
    return Contents(gid, group.name, laptop, created, models, clean)


# --------------------------------------------------------------------------- export


@dataclass
class ExportReport:
    """What an export packed."""

    group_name: str
    meetings: int
    agendas: int
    left_out: list[str] = field(default_factory=list)
    """Problems of files that could not be read and are not in the bundle."""
    conflicts: int = 0
    """Conflict copies not yet resolved (not in the bundle: the file's own version is)."""


def export_bundle(
    store: Store, gid: str, passphrase: str, *, cost: int = DEFAULT_COST, now: datetime | None = None
) -> tuple[bytes, ExportReport]:
    """The bundle of group `gid`, sealed with `passphrase`; raises StoreError when the group cannot be read."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BundleError(t("sync.passphrase_short", count=MIN_PASSPHRASE))
    models, problems = store.group_files(gid)
    group = models[f"groups/{gid}/group.toml"]
    assert isinstance(group, Group)
    record = store.exchanged()
    for path, model in models.items():  # what is exported, this laptop's later versions supersede
        note_version(record, path, model)
    files = {path: toml_dict_bytes(model.to_toml_dict()).decode("utf-8", "surrogatepass") for path, model in models.items()}
    moment = now or datetime.now(UTC)
    payload = {
        "format": FORMAT,
        "group": gid,
        "name": group.name,
        "laptop": store.laptop,
        "created": moment.isoformat(),
        "files": files,
        "seen": {key: value for key, value in record.items() if key.split("#", 1)[0] in files},
    }
    packed = zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass"), 6)
    data = seal(packed, passphrase, cost=cost)
    store.save_exchanged(record)
    report = ExportReport(
        group.name,
        meetings=sum(1 for p in files if _MEETING.match(p)),
        agendas=sum(1 for p in files if _AGENDA.match(p)),
        left_out=[str(p) for p in problems],
        conflicts=len(store.conflict_copies(gid)),
    )
    return data, report


# --------------------------------------------------------------------------- import


@dataclass
class ImportReport:
    """What an import did, file by file (paths in the data folder)."""

    group_id: str
    group_name: str
    laptop: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    """Changed on the other laptop only: its version taken."""
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Changed on this laptop only: this laptop's version kept."""
    merged: list[str] = field(default_factory=list)
    """The group file, merged member by member."""
    conflicts: list[str] = field(default_factory=list)
    """Changed on both sides: the bundle's version written beside this one as a conflict copy."""
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason): files left as they are here (a meeting open, a file that cannot be read or written)."""
    record_saved: bool = True

    def summary(self) -> str:
        """One sentence for the user."""
        text = t(
            "sync.import_summary",
            group=self.group_name,
            added=len(self.added),
            updated=len(self.updated) + len(self.merged),
            unchanged=len(self.unchanged),
            kept=len(self.kept),
            conflicts=len(self.conflicts),
        )
        if self.refused:
            text += " " + t("sync.import_refused", count=len(self.refused))
        return text


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def import_bundle(store: Store, data: bytes, passphrase: str, *, now: datetime | None = None) -> ImportReport:
    """Merge a bundle into `store`'s data folder (see the module's docstring); BundleError before anything is written."""
    contents = open_bundle(data, passphrase)
    gid = contents.group_id
    moment = now or datetime.now(UTC)
    report = ImportReport(gid, contents.group_name, contents.laptop)
    record = store.exchanged()
    who = contents.laptop or "bundle"
    for path, incoming in contents.files.items():
        try:
            outcome = _merge_one(store, gid, path, incoming, record, contents.seen, who, moment)
        except StoreError as error:
            report.refused.append((path, str(error)))
            continue
        getattr(report, outcome).append(path)
        if outcome != "conflicts":  # taken, kept or merged: this laptop's version now supersedes the bundle's
            note_version(record, path, incoming)
            for key, hashes in contents.seen.items():  # and whatever the bundle's superseded
                if key == path or key.startswith(path + "#"):
                    record[key] = list(dict.fromkeys(record.get(key, []) + hashes))
        # a conflict: noted once the user has chosen (conflicts.resolve), never before
    try:
        store.save_exchanged(record)
    except StoreError:
        report.record_saved = False
    settings = store.load_settings()
    if not settings.current_group or settings.current_group not in store.group_ids():
        settings = (
            settings.model_copy(update={"current_group": gid})
            if settings.current_group
            else AppSettings(theme=settings.theme, current_group=gid)
        )
        try:
            store.save_settings(settings)
        except StoreError as error:
            report.refused.append(("settings.toml", str(error)))
    return report


def _local(store: Store, gid: str, path: str) -> Model | None:
    """This laptop's version of a file (None when it has none); StoreError when it cannot be read."""
    meeting = _MEETING.match(path)
    if meeting:
        if not store.meeting_path(gid, meeting["id"]).exists():
            return None
        return store.load_meeting(gid, meeting["id"])
    if _GROUP.match(path):
        if not store.group_path(gid).exists():
            return None
        return store.load_group(gid)
    agenda = _AGENDA.match(path)
    assert agenda is not None
    if not store.agenda_path(agenda["id"]).exists():
        return None
    return store.load_user_agenda(agenda["id"])


def _write(store: Store, gid: str, path: str, model: Model, existed: bool) -> None:
    """Write a file of the bundle over (or beside nothing of) this laptop's; a meeting only while nobody has it open."""
    if isinstance(model, Meeting):
        if not existed:
            store.save_meeting(gid, model)
            return
        try:
            lock = store.lock_meeting(gid, model.id, claim=False)
        except LockedError as error:
            raise StoreError(Problem(error.problem.path, t("sync.import_open", reason=error.problem.message))) from None
        try:
            store.save_meeting(gid, model)
        finally:
            lock.release()
    elif isinstance(model, Group):
        model.id = gid
        store.save_group(model)
    elif isinstance(model, Agenda):
        store.save_agenda(model)


def note_version(record: dict[str, list[str]], path: str, model: Model) -> None:
    """Note in a record that this laptop's version of `path` supersedes `model` (and, for the group, each part)."""
    record[path] = [*record.get(path, []), content_hash(model)]
    if isinstance(model, Group):
        for part, value in group_parts(model).items():
            key = f"{path}#{part}"
            record[key] = [*record.get(key, []), value]


def _parts(record: dict[str, list[str]], path: str) -> dict[str, list[str]]:
    """The part hashes a record holds for the group file `path` (`path#member:anne` -> `member:anne`)."""
    prefix = path + "#"
    return {key[len(prefix) :]: value for key, value in record.items() if key.startswith(prefix)}


def _merge_one(
    store: Store,
    gid: str,
    path: str,
    incoming: Model,
    record: dict[str, list[str]],
    seen: dict[str, list[str]],
    who: str,
    moment: datetime,
) -> str:
    """Merge one file of the bundle; the name of the report's list it goes to. StoreError: refused."""
    theirs = content_hash(incoming)
    seen_there, seen_here = seen.get(path, []), record.get(path, [])
    local = _local(store, gid, path)
    if local is None:
        if theirs in seen_here:
            return "kept"  # removed here after this laptop had that version: it stays removed
        _write(store, gid, path, incoming, existed=False)
        return "added"
    mine = content_hash(local)
    if mine == theirs:
        return "unchanged"
    if mine in seen_there:  # the other laptop had this version and went on from it: only it changed
        _write(store, gid, path, incoming, existed=True)
        return "updated"
    if theirs in seen_here:  # this laptop had that version and went on from it: only this laptop changed
        return "kept"
    if isinstance(local, Group) and isinstance(incoming, Group):
        there, here = _parts(seen, path), _parts(record, path)
        merged, differences = merge_groups(local, incoming, "ours", there, here)
        changed = content_hash(merged) != mine
        if changed:
            _write(store, gid, path, merged, existed=True)
        if differences:  # the copy: the same merge, the other laptop's values where both changed a part
            copy = merge_groups(local, incoming, "theirs", there, here)[0]
            store.write_copy(store.group_path(gid), who, toml_dict_bytes(copy.to_toml_dict()), moment)
            return "conflicts"
        return "merged" if changed else "unchanged"
    original = (
        store.meeting_path(gid, incoming.id) if isinstance(incoming, Meeting) else store.agenda_path(getattr(incoming, "id", ""))
    )
    store.write_copy(original, who, toml_dict_bytes(incoming.to_toml_dict()), moment)
    return "conflicts"


def read_bundle_file(path: Path) -> bytes:
    """The bytes of a bundle file; BundleError when it cannot be read or is far too large."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except OSError as error:
        raise BundleError(t("sync.bundle_unreadable", file=str(path), reason=error.strerror or str(error))) from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(t("sync.bundle_too_big"))
    return data


def read_passphrase_file(path: Path) -> str:
    """The passphrase in the first line of a file (for scripts and tests); BundleError when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline(4096)
    except (OSError, UnicodeDecodeError) as error:
        raise BundleError(
            t("sync.passphrase_file", file=str(path), reason=getattr(error, "strerror", None) or str(error))
        ) from None
    return first.rstrip("\r\n")


def bundle_name(group_id: str, day: datetime | None = None) -> str:
    """The default file name of a bundle: `<group>-<YYYY-MM-DD>.facilitator`."""
    moment = day or datetime.now()
    return f"{laptops.name_token(group_id)}-{moment.date().isoformat()}.facilitator"
