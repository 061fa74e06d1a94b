"""What belongs to one laptop: its name, and its own folder outside the (possibly synced) data folder.

The data folder may live in a folder that Syncthing, Nextcloud, Dropbox or
OneDrive keeps in step between laptops. What only makes sense on one laptop
must then stay out of it, or two laptops would overwrite each other's copy and
the sync tool would make conflict copies of files nobody cares about:

- the system locks of open meetings (`locks/<gid>/<mid>.lock`), which only
  ever protect against a second program on the same laptop;
- the history index (`index/<gid>.json`), a cache of this laptop's view;
- the record of what each file held when this laptop last exchanged the group
  with another one (`exchanged.json`: a content hash per file, never content),
  which tells an import "changed here only" from "changed on both".

They live in `local_dir(root)`: the user's state folder (platformdirs:
`~/.local/state/facilitator` on Linux, `~/Library/Application
Support/facilitator` on macOS, `%LOCALAPPDATA%\\facilitator` on Windows,
beside the default data folder there, not in it), in `folders/`, a subfolder
per data folder (its name and a hash of its real path), so two data folders
on one laptop never share one.
`$FACILITATOR_LOCAL_DIR` chooses another base folder.

`laptop_name()` is the name other laptops see in a meeting's claim ("open on
laptop X"): `$FACILITATOR_LAPTOP_NAME`, else the computer's host name.

Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from pathlib import Path

__all__ = ["LAPTOP_VARIABLE", "LOCAL_DIR_VARIABLE", "laptop_name", "local_dir", "name_token"]

LOCAL_DIR_VARIABLE = "FACILITATOR_LOCAL_DIR"
"""Environment variable: the base folder of every data folder's per-laptop files."""

LAPTOP_VARIABLE = "FACILITATOR_LAPTOP_NAME"
"""Environment variable: the name other laptops see (default: the host name)."""

_NAME_MAX = 60


def laptop_name() -> str:
    """This laptop's name as others see it: `$FACILITATOR_LAPTOP_NAME`, else the host name (one line, at most 60 characters)."""
    name = os.environ.get(LAPTOP_VARIABLE, "").strip()
    if not name:
        try:
            name = socket.gethostname().strip()
        except OSError:  # pragma: no cover - no host name at all
            name = ""
    name = "".join(c for c in name if c.isprintable() and c not in "\r\n")[:_NAME_MAX].strip()
    return name or "laptop"


def name_token(name: str) -> str:
    """`name` reduced to letters, digits and '-' (for file names): 'Anne's Mac' -> 'Anne-s-Mac'."""
    token = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    return token[:40].strip("-") or "laptop"


def local_dir(root: Path) -> Path:
    """The folder of this laptop's own files for the data folder `root` (not created here).

    `<state folder>/facilitator/folders/<name>-<hash>`, the hash taken of the
    data folder's real path, so a link to the same folder shares it and two
    data folders never do.
    """
    override = os.environ.get(LOCAL_DIR_VARIABLE)
    if override:
        base = Path(override)
    else:
        from platformdirs import user_state_dir

        # appauthor=False: on Windows %LOCALAPPDATA%\facilitator, beside the default data folder
        # (%LOCALAPPDATA%\facilitator\facilitator), never inside it; elsewhere the same as without it.
        base = Path(user_state_dir("facilitator", appauthor=False)) / "folders"
    real = os.path.realpath(root)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:16]
    return base / f"{name_token(os.path.basename(real) or 'data')}-{digest}"
