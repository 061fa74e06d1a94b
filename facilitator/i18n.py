"""The translation layer: every user-visible string goes through `t()`.

Strings live in `facilitator/locale/<namespace>.toml`, one table per key with
an `en` and a `da` text:

    [welcome]
    en = "Welcome, {name}"
    da = "Velkommen, {name}"

`t("home.welcome", name="Anne")` loads `home.toml` on first use (so start-up
reads only the catalogs a screen needs) and formats the text in the current
language. A missing key shows the key itself, so a gap is visible, never a crash.
"""

from __future__ import annotations

import os
import tomllib
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


def t(key: str, /, language: str | None = None, **values: Any) -> str:
    """The text for `namespace.key` in the current (or given) language, formatted with `values`."""
    namespace, _, name = key.partition(".")
    entry = catalog(namespace).get(name)
    if entry is None:
        return key
    text = entry.get(language or _language) or entry.get("en") or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text
