"""What is wrong with a file, said in the program's language (issue 17).

The TOML reader (tomllib) and the model's validation (pydantic) explain a
problem in English ("Illegal character '\\x01'", "Input should be a valid
integer"). `check` and the home screen show these sentences to the user, so
they are translated here, in one place, for facilitator/store/:

- `toml_message(detail)`: tomllib's sentence (without its "(at line 3,
  column 5)", which the store keeps as the problem's line and column);
- `validation_message(error)`: one entry of `ValidationError.errors()`,
  translated by its `type` with the numbers and choices of its `ctx`; the
  model's own checks (a `value_error`) by their sentence. The field is not
  part of the message: the store names it before it ("members.0.active: ...").

In English the reader's own sentence is shown as it is (it is English, and
the one a search on the web finds); the `en` texts of the catalog only
follow it. A sentence this module does not know keeps a translated frame
around the original ("værdien kan ikke bruges: ..."), so nothing is ever
hidden. Plain Python; never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from facilitator.i18n import get_language, t

__all__ = ["toml_message", "validation_message"]

_TOML: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Illegal character (?P<char>.+)$"), "illegal_character"),
    (re.compile(r"^Found invalid character (?P<char>.+)$"), "illegal_character"),
    (re.compile(r"^Invalid value$"), "invalid_value"),
    (re.compile(r"^Invalid statement$"), "invalid_statement"),
    (re.compile(r"^Cannot overwrite a value$"), "overwrite"),
    (re.compile(r"^Cannot declare (?P<key>.+) twice$"), "declared_twice"),
    (re.compile(r"^Cannot mutate immutable namespace (?P<key>.+)$"), "immutable"),
    (re.compile(r"^Cannot redefine namespace (?P<key>.+)$"), "immutable"),
    (re.compile(r"^Duplicate inline table key (?P<key>.+)$"), "declared_twice"),
    (re.compile(r"^Unterminated string$"), "unterminated_string"),
    (re.compile(r"^Unclosed array$"), "unclosed_array"),
    (re.compile(r"^Unclosed inline table$"), "unclosed_table"),
    (re.compile(r"^Unescaped '\\' in a string$"), "unescaped_backslash"),
    (re.compile(r"^Escaped character is not a Unicode scalar value$"), "bad_escape"),
    (re.compile(r"^Invalid hex value$"), "bad_escape"),
    (re.compile(r"^Invalid date or datetime$"), "invalid_date"),
    (re.compile(r"^Invalid initial character for a key part$"), "invalid_key"),
    (re.compile(r"^Expected '=' after a key in a key/value pair$"), "expected_equals"),
    (re.compile(r"^Expected '\]' at the end of a table declaration$"), "expected_bracket"),
    (re.compile(r"^Expected '\]\]' at the end of an array declaration$"), "expected_brackets"),
    (re.compile(r"^Expected newline or end of document after a statement$"), "expected_newline"),
    (re.compile(r"^Expected (?P<char>.+)$"), "expected_char"),
]


def toml_message(detail: str) -> str:
    """tomllib's sentence (its position already cut off) in the program's language."""
    detail = detail.strip()
    if get_language() == "en":
        return detail
    for pattern, key in _TOML:
        found = pattern.match(detail)
        if found:
            return t(f"problems.toml_{key}", **found.groupdict())
    return t("problems.toml_other", detail=detail)


_VALUE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^must be lowercase letters, digits and '-', like 'anne-hansen'$"), "ident"),
    (re.compile(r"^must be a time of day as HH:MM, like '21:00'$"), "time_of_day"),
    (re.compile(r"^must be a two-letter country code, like 'DK'$"), "country"),
    (re.compile(r"^unknown time zone (?P<name>.+); use a name like 'Europe/Copenhagen'$"), "zone"),
    (re.compile(r"^unknown schema_version (?P<version>\S+); this program reads version (?P<expected>\S+)$"), "schema"),
    (re.compile(r"^member id (?P<id>.+) appears twice$"), "member_twice"),
    (re.compile(r"^member numbers start at 1$"), "numbers_start"),
    (re.compile(r"^two members have the same number$"), "numbers_twice"),
]

_BY_TYPE = {
    "missing": "missing",
    "extra_forbidden": "extra",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "int_parsing_size": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "string_type": "string",
    "string_unicode": "string",
    "string_sub_type": "string",
    "list_type": "list",
    "tuple_type": "list",
    "set_type": "list",
    "dict_type": "table",
    "model_type": "table",
    "model_attributes_type": "table",
    "dataclass_type": "table",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "time_type": "time",
    "time_parsing": "time",
    "datetime_type": "datetime",
    "datetime_parsing": "datetime",
    "datetime_from_date_parsing": "datetime",
    "datetime_object_invalid": "datetime",
    "timezone_aware": "timezone_aware",
    "timezone_naive": "timezone_naive",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "too_short": "list_too_short",
    "too_long": "list_too_long",
    "greater_than": "greater_than",
    "greater_than_equal": "at_least",
    "less_than": "less_than",
    "less_than_equal": "at_most",
    "literal_error": "one_of",
    "enum": "one_of",
    "string_pattern_mismatch": "pattern",
    "date_past": "date",
    "date_future": "date",
    "value_error": "value",
    "assertion_error": "value",
    "recursion_loop": "too_deep",
}


def _choices(expected: object) -> str:
    """pydantic's "'talk', 'round' or 'break'" as the program lists choices."""
    names: list[str] = re.findall(r"'([^']*)'", str(expected))
    if not names:
        return str(expected)
    if len(names) == 1:
        return names[0]
    return t("problems.choices", first=", ".join(names[:-1]), last=names[-1])


def _plain(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def validation_message(error: Mapping[str, Any]) -> str:
    """One entry of `ValidationError.errors()` as a sentence in the program's language (the field is named apart)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    message = str(error.get("msg", ""))
    if get_language() == "en":
        return _plain(message)
    if kind in ("value_error", "assertion_error"):
        original = ctx.get("error")
        text = _plain(str(original) if original is not None else message)
        for pattern, key in _VALUE_ERRORS:
            found = pattern.match(text)
            if found:
                return t(f"problems.model_{key}", **found.groupdict())
        return t("problems.valid_value", detail=text)
    by_type = _BY_TYPE.get(kind)
    if by_type is None:
        return t("problems.valid_other", detail=message)
    values: dict[str, Any] = {name: value for name, value in ctx.items() if name != "error"}
    if "expected" in values:
        values["expected"] = _choices(values["expected"])
    for bound in ("gt", "ge", "lt", "le", "min_length", "max_length"):
        values.setdefault(bound, "")
    return t(f"problems.valid_{by_type}", **values)
