"""The built-in agendas that ship with the program (the booklet's three meetings).

They live as TOML in the package, `facilitator/agendas/<language>/<id>.toml`,
and are read with importlib.resources, so they work from a wheel as well as
from a checkout. This module only reads: the Store puts the user's own
agendas beside these. Each call returns fresh model objects, so a caller may
change what it gets without touching the next caller's copy.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from facilitator.model import Agenda

TEMPLATES: tuple[str, ...] = ("first", "second", "following")
"""The ids of the built-in agendas, in the order a group uses them."""

LANGUAGES: tuple[str, ...] = ("da", "en")

PLACEHOLDERS: tuple[str, ...] = ("share", "break_time", "resume_time", "planned_end", "group_talk")
"""The `{name}` placeholders a cue may hold; the live screen fills them with computed facts:
`share` (each person's share in a round, e.g. "6 min 26 s"), `break_time` (clock time of the
break), `resume_time` (clock time after the break), `planned_end` (planned end of the meeting)
and `group_talk` (minutes of talk in the groups of three)."""


class UnknownAgendaError(KeyError):
    """No built-in agenda has this id (or the language is not one the program speaks)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown agenda"


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise UnknownAgendaError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")


@cache
def _raw(agenda_id: str, language: str) -> dict[str, Any]:
    """The parsed TOML of one built-in agenda (read once per process)."""
    path = resources.files("facilitator") / "agendas" / language / f"{agenda_id}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnknownAgendaError(
            f"no built-in agenda {agenda_id!r} in {language!r}; the built-in ones are {', '.join(TEMPLATES)}"
        ) from None
    return tomllib.loads(text)


def builtin_agenda(agenda_id: str, language: str) -> Agenda:
    """The built-in agenda `agenda_id` ("first", "second" or "following") in `language` ("da"/"en").

    Raises UnknownAgendaError (a KeyError) for an unknown id or language.
    """
    _check_language(language)
    if agenda_id not in TEMPLATES:
        raise UnknownAgendaError(
            f"no built-in agenda {agenda_id!r}; the built-in ones are {', '.join(TEMPLATES)}"
        )
    return Agenda.model_validate(_raw(agenda_id, language))


def builtin_agendas(language: str) -> list[Agenda]:
    """Every built-in agenda in `language`, in the order of TEMPLATES."""
    return [builtin_agenda(agenda_id, language) for agenda_id in TEMPLATES]
