"""Length limits and control-character trimming for every text field of the stored models.

The models in `facilitator.model` annotate their text fields with the types
below. Each type

- trims control characters before anything else looks at the text: C0
  (U+0000-U+001F), DEL and C1 (U+0080-U+009F). A one-line field (a name, a
  phone number, a title) turns tab, line break and carriage return into a
  space and drops the rest; a multi-line field (notes, minutes, cues) keeps
  line breaks and tabs, turns CR LF and a lone CR into a line break and drops
  the rest. Lone surrogates (not characters, no file can hold them) become
  U+FFFD. Nothing else changes: letters of any script, emoji, quotes and
  backslashes stay as they are;
- has a maximum length in characters (code points): a file holding a longer
  text is refused with a clear problem naming the field (and left unchanged),
  and the store never writes a model it could not read back (see
  `Store._write`).

The input fields of the screens carry the same or smaller `max_length`.
This module never imports Textual.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

__all__ = [
    "CUE_MAX",
    "EMAIL_MAX",
    "IDENT_MAX",
    "MINUTES_MAX",
    "NAME_MAX",
    "NOTES_MAX",
    "PHONE_MAX",
    "PLACE_MAX",
    "TITLE_MAX",
    "Cue",
    "Email",
    "Ident",
    "MinutesText",
    "Name",
    "Notes",
    "Phone",
    "Place",
    "Title",
    "clean_line",
    "clean_multiline",
    "max_length",
    "visible",
]

NAME_MAX = 100
"""A member's or a group's name."""
PHONE_MAX = 40
EMAIL_MAX = 254
"""The longest e-mail address the standards allow."""
TITLE_MAX = 200
"""A meeting's, an agenda's or an item's title; a theme."""
PLACE_MAX = 200
IDENT_MAX = 100
"""Member ids, role holders, template names, who leads an item."""
NOTES_MAX = 10_000
"""The agreements, an agenda's description, a time-out's note."""
CUE_MAX = 500
"""One cue for the moderator."""
MINUTES_MAX = 1_000_000
"""The minutes of one meeting (about 500 pages)."""

_LINE_SPACES = re.compile(r"[\t\n\r\x0b\x0c]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MULTI_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _scalar_values(value: str) -> str:
    """Lone surrogates (not characters; no file can hold them) become U+FFFD; split pairs are joined."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def clean_line(value: Any) -> Any:
    """A one-line text without control characters (tab and line breaks become spaces); non-text as it is."""
    if not isinstance(value, str):
        return value
    value = _scalar_values(value)
    if not _ANY_CONTROL.search(value):
        return value
    return _CONTROLS.sub("", _LINE_SPACES.sub(" ", value.replace("\r\n", "\n")))


def clean_multiline(value: Any) -> Any:
    """A text that keeps its line breaks and tabs (CR LF and CR become LF) but no other control character."""
    if not isinstance(value, str):
        return value
    value = _scalar_values(value)
    if not _ANY_CONTROL.search(value):
        return value
    return _MULTI_CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


Name = Annotated[str, StringConstraints(max_length=NAME_MAX), BeforeValidator(clean_line)]
Phone = Annotated[str, StringConstraints(max_length=PHONE_MAX), BeforeValidator(clean_line)]
Email = Annotated[str, StringConstraints(max_length=EMAIL_MAX), BeforeValidator(clean_line)]
Title = Annotated[str, StringConstraints(max_length=TITLE_MAX), BeforeValidator(clean_line)]
Place = Annotated[str, StringConstraints(max_length=PLACE_MAX), BeforeValidator(clean_line)]
Ident = Annotated[str, StringConstraints(max_length=IDENT_MAX), BeforeValidator(clean_line)]
Notes = Annotated[str, StringConstraints(max_length=NOTES_MAX), BeforeValidator(clean_multiline)]
Cue = Annotated[str, StringConstraints(max_length=CUE_MAX), BeforeValidator(clean_multiline)]
MinutesText = Annotated[str, StringConstraints(max_length=MINUTES_MAX), BeforeValidator(clean_multiline)]


def max_length(metadata: Any) -> int | None:
    """The maximum length in a field's metadata (`FieldInfo.metadata` or `Annotated` arguments), or None."""
    for meta in metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    return None


_SHOWN_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\n`, `\\u202e`), safe to print.

    For names and messages that come from files or from the file system (a file
    name, a member's name read from a broken file) before they reach a terminal
    or the screen: an escape sequence is shown, never obeyed. Line separators
    and bidirectional overrides are shown too, so a name cannot reorder what
    follows it (joiners stay: emoji need them).
    """
    if not _SHOWN_CONTROLS.search(text):
        return text

    def show(match: re.Match[str]) -> str:
        char = match.group(0)
        code = ord(char)
        if char == "\n":
            return "\\n"
        if char == "\t":
            return "\\t"
        if char == "\r":
            return "\\r"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _SHOWN_CONTROLS.sub(show, text)
