"""What went wrong with a file, and the errors the store raises: `Problem` names the file, the line or field.

Every error a `Store` method raises is a `StoreError` (or one of its kinds here);
`str(error)` is one message a person can act on, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.textlimits import visible

if TYPE_CHECKING:
    from facilitator.store.claims import Claim


@dataclass(frozen=True)
class Problem:
    """Something wrong with one file: where it is, and what is wrong."""

    path: Path
    message: str
    line: int | None = None
    col: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        """`PATH:LINE:COL: message` or `PATH: field: message`, control characters made visible (safe to print)."""
        path, message = visible(str(self.path)), visible(self.message)
        if self.line is not None:
            where = f"{path}:{self.line}" + (f":{self.col}" if self.col is not None else "")
            return f"{where}: {message}"
        if self.field:
            return f"{path}: {visible(self.field)}: {message}"
        return f"{path}: {message}"


class StoreError(Exception):
    """A file could not be read or written; `str(error)` is a message for the user."""

    def __init__(self, problem: Problem, problems: list[Problem] | None = None) -> None:
        self.problem = problem
        self.problems: list[Problem] = problems or [problem]
        super().__init__(str(problem))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class LockedError(StoreError):
    """The meeting is open in another process (`pid`, 0 when unknown)."""

    def __init__(self, problem: Problem, pid: int) -> None:
        super().__init__(problem)
        self.pid = pid


class ClaimedError(LockedError):
    """The meeting is open on another laptop (its claim, come with the synced data folder); `claim` says which."""

    def __init__(self, problem: Problem, claim: Claim) -> None:
        super().__init__(problem, claim.pid)
        self.claim = claim


class ConflictError(StoreError):
    """The file was changed by another program after this store read it; it was not overwritten."""


class _Invalid(Exception):
    """Internal: the problems that make a file unusable."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems
