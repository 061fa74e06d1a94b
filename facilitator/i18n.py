"""The translation layer: every user-visible string goes through `t()`.

Strings live in `facilitator/locale/<namespace>.toml`, one table per key with
an `en` and a `da` text:

    [welcome]
    en = "Welcome, {name}"
    da = "Velkommen, {name}"

`t("home.welcome", name="Anne")` loads `home.toml` on first use (so start-up
reads only the catalogs a screen needs) and formats the text in the current
language. A missing key shows the key itself, so a gap is visible, never a crash.

Plural forms are written in the text itself, as `{count|one|other}`: the
value named (a number) chooses the form, in the rules of the language
(`plural_form`), so one text can hold several counts and inflect an
adjective with its noun:

    en = "{count} active {count|member|members}"
    da = "{count} {count|aktiv deltager|aktive deltagere}"

Times of day are written by `clock()`, in one format for both languages:
"18:00" (with seconds "19:42:10"), the form the time fields take, so what one
types is what one reads; a duration is never written as a bare "19:59" beside
it but with a word or unit ("19 min", "19:59 tilbage").
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime, time
from importlib import resources
from typing import Any

LANGUAGES = ("da", "en")
_language = "en"
_catalogs: dict[str, dict[str, dict[str, str]]] = {}


def detect_language(environ: dict[str, str] | None = None) -> str:
    """Danish when LC_ALL, LC_MESSAGES or LANG (the first one set) starts with 'da', else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "da" if value.lower().startswith("da") else "en"
    return "en"


def set_language(language: str) -> None:
    """Choose the language of every string from now on ('da' or 'en')."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    _language = language


def get_language() -> str:
    return _language


def catalog(namespace: str) -> dict[str, dict[str, str]]:
    """The strings of one namespace (loaded once)."""
    if namespace not in _catalogs:
        path = resources.files("facilitator") / "locale" / f"{namespace}.toml"
        try:
            _catalogs[namespace] = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            _catalogs[namespace] = {}
    return _catalogs[namespace]


def namespaces() -> list[str]:
    """Every catalog shipped with the program."""
    folder = resources.files("facilitator") / "locale"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}]*)\}")


def plural_form(language: str, n: object) -> str:
    """'one' or 'other' for the number `n` in `language`.

    Danish and English share the rule: exactly one (1, -1) takes the singular,
    everything else (0, 2, 1.5) the plural. A language with other rules adds
    them here, the one place plural forms are chosen.
    """
    if isinstance(n, bool):
        n = int(n)
    if isinstance(n, int):
        return "one" if abs(n) == 1 else "other"
    if isinstance(n, float) and n.is_integer():
        return "one" if abs(n) == 1 else "other"
    return "other"


def _plurals(text: str, language: str, values: dict[str, Any]) -> str:
    """Replace every `{name|one|other}` with the form the number `values[name]` needs."""

    def pick(found: re.Match[str]) -> str:
        name, one, other = found.groups()
        if name not in values:
            return other
        return one if plural_form(language, values[name]) == "one" else other

    return _PLURAL.sub(pick, text)


def clock(moment: datetime | time, seconds: bool = False) -> str:
    """A time of day as the program writes it: "18:00", with `seconds` "19:42:10" (both languages)."""
    return moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def t(key: str, /, language: str | None = None, **values: Any) -> str:
    """The text for `namespace.key` in the current (or given) language, formatted with `values`."""
    namespace, _, name = key.partition(".")
    entry = catalog(namespace).get(name)
    if entry is None:
        return key
    lang = language or _language
    text = entry.get(lang) or entry.get("en") or key
    if values and "|" in text:
        text = _plurals(text, lang if lang in entry else "en", values)
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text
