"""A file's bytes and its model, both ways: TOML text to write, and parsing with errors naming the file, line and field.

`parse_model` reads (syntax, nesting depth, schema version, the model's own
checks, `consistency`) and raises `_Invalid` with every `Problem` found;
`toml_bytes` writes what `parse_model` reads back, and `_readable_back`
refuses to write what it would not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import ValidationError

try:  # tomllib's own code (the same author, the same results and messages), compiled: a big meeting reads 2-3x faster
    import tomli as tomllib
except ImportError:  # pragma: no cover - the standard library's, pure Python
    import tomllib  # type: ignore[no-redef]  # the same module under its standard name

from facilitator import consistency, toml_text
from facilitator.i18n import t
from facilitator.model import SCHEMA_VERSION, Group, Meeting, Model
from facilitator.problem_text import toml_message, validation_message
from facilitator.store.errors import Problem, StoreError, _Invalid

M = TypeVar("M", bound=Model)

MAX_DEPTH = 32
"""Tables and arrays nested deeper than this are refused (the program's own files nest 5 deep)."""
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


# --------------------------------------------------------------------------- writing: the TOML text


def _clean_text(value: Any) -> Any:
    """Strings with lone surrogates (not valid UTF-8) get U+FFFD in their place; pairs are joined."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_clean_text(k): _clean_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_text(v) for v in value]
    return value


def toml_bytes(model: Model) -> bytes:
    """The file contents for `model`.

    Text with newlines is written as multi-line strings so the minutes stay
    readable by hand, unless some text holds a carriage return: a TOML parser
    turns CR LF inside a multi-line string into LF, so then every string is
    written on one line with escapes, which round-trips exactly. Lone
    surrogates (not valid UTF-8, so not storable) become U+FFFD.
    """
    return toml_dict_bytes(model.to_toml_dict())


def toml_dict_bytes(data: dict[str, Any]) -> bytes:
    """`toml_bytes` of an already dumped model (`model.to_toml_dict()`).

    toml_text writes what tomli_w writes, only quicker (a big meeting is saved
    every second while someone types), and notices CR LF while it writes.
    """
    try:
        try:
            return toml_text.dumps(data, multiline_strings=True, refuse_crlf=True).encode("utf-8")
        except toml_text.CarriageReturnFound:
            return toml_text.dumps(data, multiline_strings=False).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: replaced, and (as before) every string on one line
        return tomli_w.dumps(_clean_text(data), multiline_strings=False).encode("utf-8")


def _readable_back(path: Path, model: Model | None, cls: type[M], data: dict[str, Any] | None = None) -> M:
    """Refuse to write what this program could not read back (a text over its limit, a field changed in memory).

    Raises StoreError naming the field; the file on disk stays as it was.
    `data` is `model.to_toml_dict()` when the caller has it already (then `model` may be None).
    Returns the model read back.
    """
    if data is None:
        assert model is not None
        data = model.to_toml_dict()
    try:
        model = cls.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(path, t("store.write_failed", reason=validation_message(item)), field=".".join(map(str, item["loc"])) or None)
            for item in error.errors(include_url=False)
        ]
        raise StoreError(problems[0], problems) from None
    findings: list[tuple[str, str]] = []
    if isinstance(model, Meeting):
        findings = consistency.meeting_errors(model)
    elif isinstance(model, Group):
        findings = consistency.group_errors(model)
    if findings:  # it would be refused when read: never written (the file on disk stays as it was)
        problems = [Problem(path, t("store.write_failed", reason=message), field=field) for field, message in findings]
        raise StoreError(problems[0], problems)
    return model


# --------------------------------------------------------------------------- reading: the model and its problems


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _plain(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def parse_model(path: Path, data: bytes, cls: type[M]) -> M:
    """Validate the bytes of one file as `cls`; raises _Invalid with the problems found."""
    if not data.strip():
        raise _Invalid([Problem(path, t("store.empty"))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        at_line, at_col = _line_col(data.decode("utf-8", "replace"), len(data[: error.start].decode("utf-8", "replace")))
        raise _Invalid([Problem(path, t("store.not_text"), at_line, at_col)]) from None
    try:
        raw = tomllib.loads(text)
    except RecursionError:
        raise _Invalid([_too_deep(path, text)]) from None
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        line: int | None = None
        col: int | None = None
        found = _TOML_POSITION.search(detail)
        if found:
            line, col = int(found.group(1)), int(found.group(2))
            detail = detail[: found.start()]
        elif _TOML_AT_END.search(detail):
            detail = _TOML_AT_END.sub("", detail)
            line, col = _line_col(text, len(text))
        raise _Invalid([Problem(path, t("store.toml_syntax", detail=toml_message(detail)), line, col)]) from None
    if _depth(raw) > MAX_DEPTH:
        raise _Invalid([_too_deep(path, text)])
    version = raw.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        raise _Invalid(
            [Problem(path, t("store.schema_version", version=version, expected=SCHEMA_VERSION), field="schema_version")]
        )
    problems: list[Problem] = []
    if cls is Group:
        problems += _duplicate_members(path, raw)
    try:
        model = cls.model_validate(raw)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc = ".".join(str(part) for part in item["loc"])
            if not loc and problems and "appears twice" in _plain(str(item["msg"])):
                continue  # said better, with the field path, by _duplicate_members
            problems.append(Problem(path, validation_message(item), field=loc or None))
        raise _Invalid(problems) from None
    findings: list[tuple[str, str]] = []
    if isinstance(model, Meeting):
        findings = consistency.meeting_errors(model)
    elif isinstance(model, Group):
        findings = consistency.group_errors(model)
    if findings:
        raise _Invalid([Problem(path, message, field=field) for field, message in findings])
    return model


def _depth(value: Any) -> int:
    """How deep tables and arrays nest in parsed TOML (without recursion: the value may nest thousands deep)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                return deepest
        if isinstance(current, dict):
            stack.extend((v, depth + 1) for v in current.values() if isinstance(v, (dict, list)))
        elif isinstance(current, list):
            stack.extend((v, depth + 1) for v in current if isinstance(v, (dict, list)))
    return deepest


def _too_deep(path: Path, text: str) -> Problem:
    """The problem of a file nested deeper than MAX_DEPTH, with the line where the nesting passes it.

    The line is found by counting brackets outside strings (roughly: enough to point a person at it).
    """
    depth = 0
    line = 1
    quote = ""
    for char in text:
        if char == "\n":
            line += 1
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(path, t("store.too_deep", most=MAX_DEPTH), line)
        elif char in "]}":
            depth = max(0, depth - 1)
    return Problem(path, t("store.too_deep", most=MAX_DEPTH))


def _duplicate_members(path: Path, raw: dict[str, Any]) -> list[Problem]:
    members = raw.get("members")
    if not isinstance(members, list):
        return []
    first: dict[str, int] = {}
    problems = []
    for index, member in enumerate(members):
        if not isinstance(member, dict) or not isinstance(member.get("id"), str):
            continue
        mid = member["id"]
        if mid in first:
            problems.append(
                Problem(path, t("store.duplicate_member", id=mid, other=f"members.{first[mid]}"), field=f"members.{index}.id")
            )
        else:
            first[mid] = index
    return problems


def member_references(meeting: Meeting) -> Iterator[tuple[str, str]]:
    """Every (field path, member id) a meeting names."""
    roles = meeting.roles
    for name in ("moderator", "minute_taker", "boundary_keeper", "host"):
        value = getattr(roles, name)
        if value:
            yield f"roles.{name}", value
    for i, value in enumerate(roles.theme_owners):
        yield f"roles.theme_owners.{i}", value
    attendance = meeting.attendance
    for name in ("present", "absent_notified", "absent"):
        for i, value in enumerate(getattr(attendance, name)):
            yield f"attendance.{name}.{i}", value
    for i, change in enumerate(attendance.changes):
        yield f"attendance.changes.{i}.member", change.member
    for i, turn in enumerate(meeting.speaking):
        yield f"speaking.{i}.member", turn.member
    for i, grouping in enumerate(meeting.groupings):
        for j, group in enumerate(grouping.groups):
            for k, value in enumerate(group):
                yield f"groupings.{i}.groups.{j}.{k}", value


class _AnyToml(Model):
    """Any TOML table (for files whose schema the store does not know)."""
