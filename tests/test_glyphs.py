"""Every character the program draws is in Windows Terminal's default font, Cascadia Mono (issue 15, point 3).

A character Cascadia Mono lacks is drawn from another font at best, and as a
box or a question mark in the older Windows console. Checked here against the
font's character map (tests/cascadia_mono_coverage.txt, says where it comes from):

- every string the program's code holds (docstrings and comments aside), the
  texts of both languages in facilitator/locale, the built-in agendas and the
  stylesheets;
- what the screens really show: the text of every SVG snapshot in
  tests/__snapshots__ (Textual's own glyphs included: borders, the big
  digits, scroll bars, the header's icon);
- the table of symbols, facilitator/glyphs.py.
"""

from __future__ import annotations

import ast
import html
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import glyphs

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "facilitator"


def coverage() -> set[int]:
    covered: set[int] = set()
    for line in (Path(__file__).parent / "cascadia_mono_coverage.txt").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        first, _, last = line.partition("-")
        covered.update(range(int(first, 16), int(last or first, 16) + 1))
    return covered


COVERED = coverage()


NOT_DRAWN = {"\ufeff"}
"""Characters in the code that never reach a screen: the byte order mark a CSV export starts with."""


def missing(text: str) -> set[str]:
    """The characters of `text` Cascadia Mono does not have (line ends and tabs aside)."""
    return {c for c in text if ord(c) > 0x7E and ord(c) not in COVERED and c not in NOT_DRAWN}


def describe(found: dict[str, set[str]]) -> str:
    return "\n".join(
        f"{where}: " + ", ".join(f"{c} U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in sorted(chars))
        for where, chars in sorted(found.items())
    )


def code_strings(path: Path) -> Iterator[str]:
    """The string constants of a module, without its docstrings (those are never drawn)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))  # an attribute's docstring
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def toml_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from toml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from toml_strings(item)


def test_the_coverage_is_cascadia_mono_s() -> None:
    assert len(COVERED) == 2426
    for c in "æøåÆØÅ✓•→─│╭╮╰╯━┃█▀▄▁▏◐●○×■□◆◯║▶":
        assert ord(c) in COVERED, c
    for c in "✉✗⏸⏹⚠★☐☑✂⭘":  # what the program used to draw
        assert ord(c) not in COVERED, c


def test_the_table_of_symbols_is_in_the_font() -> None:
    table = {name: getattr(glyphs, name) for name in glyphs.__all__}
    assert table and all(isinstance(v, str) and v for v in table.values())
    assert {name: missing(v) for name, v in table.items() if missing(v)} == {}


def test_every_string_the_code_draws_is_in_the_font() -> None:
    found: dict[str, set[str]] = {}
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 40
    for path in modules:
        chars = set().union(*(missing(s) for s in code_strings(path)))
        if chars:
            found[str(path.relative_to(ROOT))] = chars
    assert found == {}, "characters Cascadia Mono lacks:\n" + describe(found)


def test_every_text_agenda_and_stylesheet_is_in_the_font() -> None:
    found: dict[str, set[str]] = {}
    files = sorted((PACKAGE / "locale").glob("*.toml")) + sorted((PACKAGE / "agendas").rglob("*.toml"))
    assert len(files) > 10
    for path in files:
        chars = set().union(*(missing(s) for s in toml_strings(tomllib.loads(path.read_text(encoding="utf-8")))))
        if chars:
            found[str(path.relative_to(ROOT))] = chars
    for path in sorted((ROOT / "themes").glob("*.tcss")):
        chars = missing(re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S))
        if chars:
            found[str(path.relative_to(ROOT))] = chars
    assert found == {}, "characters Cascadia Mono lacks:\n" + describe(found)


def test_every_header_has_the_program_s_icon() -> None:
    """Textual's Header draws ⭘ unless given an icon; every screen gives it glyphs.HEADER_ICON."""
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Header":
                if not any(keyword.arg == "icon" for keyword in node.keywords):
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []


SNAPSHOTS = sorted((Path(__file__).parent / "__snapshots__").rglob("*.svg"))


def snapshot_text(path: Path) -> str:
    """The characters a snapshot's screen shows (the text of its <text> elements)."""
    svg = path.read_text(encoding="utf-8")
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)))


def test_every_screen_of_the_snapshots_is_in_the_font() -> None:
    assert len(SNAPSHOTS) > 50
    found = {path.name: missing(snapshot_text(path)) for path in SNAPSHOTS}
    found = {name: chars for name, chars in found.items() if chars}
    assert found == {}, "characters Cascadia Mono lacks:\n" + describe(found)


@pytest.mark.parametrize("name", ["test_home_with_the_demo_group[80x24-en].svg"])
def test_the_header_s_icon_is_the_program_s(name: str) -> None:
    path = next(p for p in SNAPSHOTS if p.name == name)
    assert glyphs.HEADER_ICON in snapshot_text(path)
