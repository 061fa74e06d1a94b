"""The claim of an open meeting: `<mid>.lock` beside the meeting names the process and laptop that hold it, since when.

It travels with the data folder when a sync tool keeps it in step, so another
laptop sees that the meeting is open (the system's lock, facilitator/locks.py,
only says so on this laptop).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.i18n import t
from facilitator.store.files import _read_regular, _TooBig
from facilitator.textlimits import visible

CLAIM_MAX_BYTES = 4096
"""A claim file longer than this is no claim of this program (it is ignored, never followed)."""


@dataclass(frozen=True)
class Claim:
    """Who holds a meeting open: a process on a laptop, since when (the `<mid>.lock` beside it)."""

    pid: int
    laptop: str
    """'' in a claim written by an earlier version (which only ever ran on one laptop)."""
    since: datetime | None = None

    def text(self) -> str:
        """The claim's file: the process, the laptop and the moment, one a line."""
        since = self.since.isoformat() if self.since is not None else ""
        return f"{self.pid}\n{self.laptop}\n{since}\n"


def read_claim(path: Path) -> Claim | None:
    """The claim in `path`; None when there is none (missing, empty, a link, not a claim)."""
    try:
        if os.path.islink(path):
            return None
        st, data = _read_regular(path)
    except (OSError, _TooBig):
        return None
    if st.st_size > CLAIM_MAX_BYTES:
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0].strip().isdigit():
        return None
    name = visible(lines[1].strip())[:100] if len(lines) > 1 else ""
    since: datetime | None = None
    if len(lines) > 2 and lines[2].strip():
        try:
            since = datetime.fromisoformat(lines[2].strip())
        except ValueError:
            since = None
    return Claim(int(lines[0].strip()), name, since)


def claimed_message(claim: Claim, path: Path) -> str:
    """'The meeting is open on laptop X since ...', with what to do when that laptop is gone."""
    if claim.since is not None:
        local = claim.since.astimezone() if claim.since.tzinfo is not None else claim.since
        since = local.strftime("%Y-%m-%d %H:%M")
        return t("sync.claimed", laptop=claim.laptop, since=since, pid=claim.pid, file=str(path))
    return t("sync.claimed_no_time", laptop=claim.laptop, pid=claim.pid, file=str(path))
