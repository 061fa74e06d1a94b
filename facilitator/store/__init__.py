"""The only code that touches the disk: paths, atomic writes, readable errors, locks, the history index.

Layout of the data directory (`root`):

    settings.toml                          AppSettings
    agendas/<id>.toml                      the user's own agendas (Agenda)
    groups/<gid>/group.toml                Group
    groups/<gid>/meetings/<mid>.toml       Meeting
    groups/<gid>/meetings/<mid>.lock       the claim of an open meeting: process, laptop and since when (empty: free)
    .stignore                              for Syncthing, written when the data folder is a Syncthing folder

and outside it, in this laptop's own folder (`facilitator.laptop.local_dir`):

    locks/<gid>/<mid>.lock                 the system's lock (facilitator/locks.py) while a meeting is open here
    index/<gid>.json                       cache behind `history_index` (safe to delete)
    exchanged.json                         hashes of the versions of each file this laptop has reconciled with (bundle.py)

The data folder may be kept in step between laptops by a sync tool; nothing in
it belongs to one laptop only but the temporary files of a write, named so that
the tools skip them (`syncnames.TEMP_PREFIX`). A meeting open on another laptop
is refused by its claim, whatever that laptop's process numbers mean here.
The tools' conflict copies are listed by `conflict_copies` and never read as
meetings or groups (facilitator/conflicts.py resolves them).

Promises:

- Every write is atomic (`write_atomic`): a reader sees the old file or the new
  one, never a torn one. Folders are created 0700 and files 0600.
- A file that failed to load is remembered and never overwritten; a save to
  it raises `StoreError` naming the file. A group or meeting file that another
  program changed after this store read it is not overwritten either
  (`ConflictError`); `update_group` re-reads and changes the group under a lock.
- Keys the program does not know survive a load and save (the models keep them).
- A symbolic link that leads outside the data directory is never followed.
- Errors say what and where: `Problem` has the path, the line and column of a
  TOML syntax error, or the field path of a schema error.

Where each piece lives (everything is imported from `facilitator.store`):

    errors.py      Problem, StoreError and its kinds
    files.py       safe names, make_dirs, write_atomic, reading within MAX_FILE_BYTES, stale temporaries
    loading.py     toml_bytes (writing), parse_model (reading, errors with file, line and field)
    index.py       MeetingSummary, summarize, the rows of the history index
    claims.py      Claim: who holds a meeting open, in `<mid>.lock`
    datastore.py   Store: the folder layout, reads and writes with their guards, the index kept in step
    autosave.py    AutoSaver (debounced saving on a thread) and the rescue copy
"""

from __future__ import annotations

from facilitator.locks import MeetingLock
from facilitator.store.autosave import RESCUE_DIR_VARIABLE, AutoSaver, rescue_dirs, write_rescue_copy
from facilitator.store.claims import CLAIM_MAX_BYTES, Claim, claimed_message, read_claim
from facilitator.store.datastore import ConflictCopy, Store
from facilitator.store.errors import ClaimedError, ConflictError, LockedError, Problem, StoreError
from facilitator.store.errors import _Invalid as _Invalid  # bundle.py reads files the way the store does
from facilitator.store.files import (
    MAX_FILE_BYTES,
    make_dirs,
    remove_stale_temporaries,
    temporary_name,
    write_atomic,
)
from facilitator.store.files import _safe_name as _safe_name  # bundle.py checks names the way the store does
from facilitator.store.index import INDEX_NAME, INDEX_VERSION, IndexProgress, MeetingSummary, summarize
from facilitator.store.loading import MAX_DEPTH, member_references, parse_model, toml_bytes, toml_dict_bytes

__all__ = [
    "CLAIM_MAX_BYTES",
    "INDEX_NAME",
    "INDEX_VERSION",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "RESCUE_DIR_VARIABLE",
    "AutoSaver",
    "Claim",
    "ClaimedError",
    "ConflictCopy",
    "ConflictError",
    "IndexProgress",
    "LockedError",
    "MeetingLock",
    "MeetingSummary",
    "Problem",
    "Store",
    "StoreError",
    "claimed_message",
    "make_dirs",
    "member_references",
    "parse_model",
    "read_claim",
    "remove_stale_temporaries",
    "rescue_dirs",
    "summarize",
    "temporary_name",
    "toml_bytes",
    "toml_dict_bytes",
    "write_atomic",
    "write_rescue_copy",
]
