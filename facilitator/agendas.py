"""The built-in agendas that ship with the program (the booklet's three meetings), found from their folder alone.

They live as TOML in the package, `facilitator/agendas/<language>/<n>-<id>.toml`,
and are read with importlib.resources, so they work from a wheel as well as
from a checkout. The number `<n>` is the agenda's place in the order a group
uses them (1-first, 2-second, 3-following); a file put in the folder is a
built-in agenda everywhere: `template_ids()` lists it for `facilitator new
--template`, the Store and the home screen. This module only reads: the Store
puts the user's own agendas beside these. Each call returns fresh model
objects, so a caller may change what it gets without touching the next
caller's copy. Loading it imports no pydantic (the command line asks for the
ids before it knows whether it needs a model).
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.model import Agenda

FOLDER: Traversable = resources.files("facilitator") / "agendas"
"""Where the built-in agendas are: one folder per language."""

LANGUAGES: tuple[str, ...] = ("da", "en")

PLACEHOLDERS: tuple[str, ...] = ("share", "break_time", "resume_time", "planned_end", "group_talk")
"""The `{name}` placeholders a cue may hold; the live screen fills them with computed facts:
`share` (each person's share in a round, e.g. "6 min 26 s"), `break_time` (clock time of the
break), `resume_time` (clock time after the break), `planned_end` (planned end of the meeting)
and `group_talk` (minutes of talk in the groups of three)."""

_NAME = re.compile(r"^(?:(\d+)-)?([a-z0-9][a-z0-9-]*)\.toml$")
"""`<n>-<id>.toml` (or `<id>.toml`, placed after the numbered ones)."""


def _place(name: str) -> tuple[int, int, str] | None:
    """The sort key of a file name, (numbered?, n, id), None for a file that is no agenda."""
    found = _NAME.match(name)
    if found is None:
        return None
    number, agenda_id = found.groups()
    return (0, int(number), agenda_id) if number is not None else (1, 0, agenda_id)


def builtin_files(language: str) -> list[tuple[str, Traversable]]:
    """The built-in agenda files of one language, as (id, file), in the order a group uses them.

    The id is the file's name without the number and `.toml`. No files for a
    language that has no folder (or is no plain name).
    """
    if not language.isalnum():
        return []
    try:
        entries = list(FOLDER.joinpath(language).iterdir())
    except (FileNotFoundError, NotADirectoryError, OSError):
        return []
    placed = sorted(
        ((key, entry) for entry in entries if (key := _place(entry.name)) is not None and entry.is_file()),
        key=lambda pair: pair[0],
    )
    return [(key[2], entry) for key, entry in placed]


def template_ids() -> tuple[str, ...]:
    """The ids of the built-in agendas (in any language), in the order a group uses them: first, second, following."""
    keys: dict[str, tuple[int, int, str]] = {}
    for language in LANGUAGES:
        try:
            names = [entry.name for entry in FOLDER.joinpath(language).iterdir() if entry.is_file()]
        except (FileNotFoundError, NotADirectoryError, OSError):
            continue
        for name in names:
            key = _place(name)
            if key is not None:
                keys[key[2]] = min(key, keys.get(key[2], key))
    return tuple(sorted(keys, key=keys.__getitem__))


class UnknownAgendaError(KeyError):
    """No built-in agenda has this id (or the language is not one the program speaks)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown agenda"


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise UnknownAgendaError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")


_RAW: dict[str, dict[str, Any]] = {}
"""The parsed TOML of each built-in agenda file read so far, by its path."""


def _raw(file: Traversable) -> dict[str, Any]:
    """The parsed TOML of one built-in agenda file (read once per process)."""
    key = str(file)
    raw = _RAW.get(key)
    if raw is None:
        raw = _RAW[key] = tomllib.loads(file.read_text(encoding="utf-8"))
    return raw


def builtin_agenda(agenda_id: str, language: str) -> Agenda:
    """The built-in agenda `agenda_id` ("first", "second" or "following") in `language` ("da"/"en").

    Raises UnknownAgendaError (a KeyError) for an unknown id or language.
    """
    from facilitator.model import Agenda

    _check_language(language)
    files = dict(builtin_files(language))
    if agenda_id not in files:
        raise UnknownAgendaError(
            f"no built-in agenda {agenda_id!r}; the built-in ones are {', '.join(files)}"
        )
    try:
        raw = _raw(files[agenda_id])
    except FileNotFoundError:  # gone since the folder was listed
        raise UnknownAgendaError(f"no built-in agenda {agenda_id!r} in {language!r}") from None
    return Agenda.model_validate(raw)


def builtin_agendas(language: str) -> list[Agenda]:
    """Every built-in agenda in `language`, in the order a group uses them (`builtin_files`)."""
    _check_language(language)
    return [builtin_agenda(agenda_id, language) for agenda_id, _file in builtin_files(language)]
