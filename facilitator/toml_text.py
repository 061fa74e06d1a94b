"""TOML text for the store: the same text `tomli_w.dumps` writes, in a fraction of the time.

A meeting file of a three-hour meeting holds 60 KB of minutes and a couple of
thousand `[[speaking]]` tables, and the autosave writes it every second while
someone types. `tomli_w` looks at every character of every string in Python
and renders every table of an array twice (once to see whether it fits on a
line); that is most of a save (about 30 ms for such a file). This writer
follows tomli_w's layout rules exactly (the output is identical, which
tests/test_bench_toml_text.py checks against tomli_w) and is quick because:

- strings are escaped with `str.translate` (one pass in C) instead of a
  Python loop over the characters;
- an array of flat tables (speaking turns, time-outs, attendance changes:
  only plain values) is compared as a whole with the one written before
  under its name, and the text of the tables that did not change is reused,
  so the next save of the same meeting renders only the turns that are new
  (the memory this takes is one copy of the arrays' text, not a growing cache).

Only `dumps` is public. It never imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

__all__ = ["CarriageReturnFound", "dumps"]

_ASCII_CTRL = frozenset(chr(i) for i in range(32)) | frozenset(chr(127))
_ILLEGAL = frozenset('"\\') | _ASCII_CTRL - frozenset("\t")
_BARE_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_MAX_LINE_LENGTH = 100
_INDENT = "    "
_COMPACT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(char: str) -> str:
    return _COMPACT.get(char) or "\\u" + hex(ord(char))[2:].rjust(4, "0")


_ONE_LINE = str.maketrans({char: _escape(char) for char in _ILLEGAL})
"""Escapes of a basic string on one line."""
_MULTI_LINE = str.maketrans({char: ("\n" if char == "\n" else _escape(char)) for char in _ILLEGAL})
"""Escapes inside a multi-line basic string (newlines stay)."""

_LAST_ARRAY: dict[tuple[str, bool, bool], tuple[list[Any], list[tuple[bool, str]]]] = {}
"""(array name, options) -> the entries last written under that name and their renderings."""


class CarriageReturnFound(Exception):
    """Some string holds CR LF (raised by `dumps(..., refuse_crlf=True)`)."""


def format_string(s: str, *, allow_multiline: bool) -> str:
    """A TOML basic string (multi-line when allowed and `s` has a newline), as tomli_w writes it."""
    if allow_multiline and "\n" in s:
        return '"""\n' + s.replace("\r\n", "\n").translate(_MULTI_LINE) + '"""'
    return '"' + s.translate(_ONE_LINE) + '"'


def _check_crlf(s: str) -> None:
    if "\r\n" in s:
        raise CarriageReturnFound


def _key(part: str, refuse_crlf: bool = False) -> str:
    if not isinstance(part, str):
        raise TypeError(f"Invalid mapping key '{part}' of type '{type(part).__qualname__}'. A string is required.")
    if part and _BARE_KEY_CHARS.issuperset(part):
        return part
    if refuse_crlf:
        _check_crlf(part)
    return format_string(part, allow_multiline=False)


class _Writer:
    """One `dumps` call: tomli_w's rules, with its cache of inline tables (by object id)."""

    def __init__(self, allow_multiline: bool, refuse_crlf: bool = False) -> None:
        self.allow_multiline = allow_multiline
        self.refuse_crlf = refuse_crlf
        self.inline_cache: dict[int, str] = {}

    def key(self, part: str) -> str:
        return _key(part, self.refuse_crlf)

    def literal(self, obj: object, nest_level: int = 0) -> str:
        if isinstance(obj, bool):
            return "true" if obj else "false"
        if isinstance(obj, (int, float, date, datetime)):
            return str(obj)
        if isinstance(obj, time):
            if obj.tzinfo:
                raise ValueError("TOML does not support offset times")
            return str(obj)
        if isinstance(obj, str):
            if self.refuse_crlf:
                _check_crlf(obj)
            return format_string(obj, allow_multiline=self.allow_multiline)
        if isinstance(obj, (list, tuple)):
            return self.inline_array(obj, nest_level)
        if isinstance(obj, Mapping):
            return self.inline_table(obj)
        from decimal import Decimal

        if isinstance(obj, Decimal):
            if obj.is_nan():
                return "nan"
            if obj.is_infinite():
                return "-inf" if obj.is_signed() else "inf"
            text = str(obj).lower()
            return text if "." in text or "e" in text else text + ".0"
        raise TypeError(f"Object of type '{type(obj).__qualname__}' is not TOML serializable")

    def inline_table(self, obj: Mapping[str, Any]) -> str:
        key = id(obj)
        cached = self.inline_cache.get(key)
        if cached is not None:
            return cached
        if not obj:
            rendered = "{}"
        else:
            rendered = "{ " + ", ".join(f"{self.key(k)} = {self.literal(v)}" for k, v in obj.items()) + " }"
        self.inline_cache[key] = rendered
        return rendered

    def inline_array(self, obj: list[Any] | tuple[Any, ...], nest_level: int) -> str:
        if not obj:
            return "[]"
        item_indent = _INDENT * (1 + nest_level)
        return (
            "[\n"
            + ",\n".join(item_indent + self.literal(item, nest_level + 1) for item in obj)
            + f",\n{_INDENT * nest_level}]"
        )

    def suitable_inline(self, obj: Mapping[str, Any]) -> bool:
        rendered = f"{_INDENT}{self.inline_table(obj)},"
        return len(rendered) <= _MAX_LINE_LENGTH and "\n" not in rendered

    def flat_entry(self, name: str, entry: Mapping[str, Any]) -> tuple[bool, str] | None:
        """(fits inline, `[[name]]` chunk) of an array entry holding only plain values; None otherwise."""
        for value in entry.values():
            kind = value.__class__
            if not (kind is str or kind is int or kind is bool or kind is float or kind is date or kind is datetime):
                return None  # anything else (a list, a table, a time, a subclass) is rendered the slow way
        items = entry.items()
        inline = "{ " + ", ".join(f"{self.key(k)} = {self.literal(v)}" for k, v in items) + " }" if items else "{}"
        fits = len(f"{_INDENT}{inline},") <= _MAX_LINE_LENGTH and "\n" not in inline
        return fits, f"[[{name}]]\n" + "".join(f"{self.key(k)} = {self.literal(v)}\n" for k, v in items)

    def flat_array(self, name: str, entries: list[Any] | tuple[Any, ...]) -> list[tuple[bool, str]] | None:
        """`flat_entry` of each entry (None when one is not flat).

        The entries the array had the last time it was written under this name
        are compared first, all at once: a meeting saved again mostly has the
        same turns plus a new one, so only the changed tail is looked at.
        (Entries equal by == count as unchanged: 1 and True, or one instant
        in two time zones, read back as equal values.)
        """
        memo = (name, self.allow_multiline, self.refuse_crlf)
        last = _LAST_ARRAY.get(memo)
        rendered: list[tuple[bool, str]] = []
        start = 0
        if last is not None:
            old, old_rendered = last
            same = min(len(old), len(entries)) - 1  # the last one may have changed (a turn that ended)
            if same > 0 and list(entries[:same]) == old[:same]:
                rendered = old_rendered[:same]
                start = same
        for entry in entries[start:]:
            one = self.flat_entry(name, entry)
            if one is None:
                return None
            rendered.append(one)
        _LAST_ARRAY[memo] = (list(entries), rendered)
        return rendered

    def table(self, table: Mapping[str, Any], name: str, inside_aot: bool = False) -> list[str]:
        """tomli_w's gen_table_chunks, as a list of chunks."""
        out: list[str] = []
        yielded = False
        literals: list[tuple[str, Any]] = []
        tables: list[tuple[str, Any, bool]] = []
        for k, v in table.items():
            if isinstance(v, Mapping):
                tables.append((k, v, False))
            elif isinstance(v, (list, tuple)) and v and all(type(t) is dict or isinstance(t, Mapping) for t in v):
                entry_name = f"{name}.{self.key(k)}" if name else self.key(k)
                flat = self.flat_array(entry_name, v)
                if flat is not None:
                    if all(f[0] for f in flat):
                        literals.append((k, v))
                    else:  # the whole array as one chunk: its tables, a blank line between them
                        tables.append((k, "\n".join([f[1] for f in flat]), True))
                elif not all(self.suitable_inline(t) for t in v):
                    tables.extend((k, t, True) for t in v)
                else:
                    literals.append((k, v))
            else:
                literals.append((k, v))

        if inside_aot or name and (literals or not tables):
            yielded = True
            out.append(f"[[{name}]]\n" if inside_aot else f"[{name}]\n")
        if literals:
            yielded = True
            for k, v in literals:
                out.append(f"{self.key(k)} = {self.literal(v)}\n")
        for k, v, in_aot in tables:
            if yielded:
                out.append("\n")
            else:
                yielded = True
            if isinstance(v, str):  # the tables of a flat array, rendered (or remembered) above
                out.append(v)
                continue
            key_part = self.key(k)
            out.extend(self.table(v, f"{name}.{key_part}" if name else key_part, in_aot))
        return out


def dumps(obj: Mapping[str, Any], /, *, multiline_strings: bool = False, refuse_crlf: bool = False) -> str:
    """The TOML document for `obj`, exactly as `tomli_w.dumps(obj, multiline_strings=...)` (indent 4).

    With `refuse_crlf`, a string (or key) holding CR LF raises CarriageReturnFound
    (the store then writes every string on one line, see `store.toml_bytes`).
    """
    return "".join(_Writer(multiline_strings, refuse_crlf).table(obj, ""))
