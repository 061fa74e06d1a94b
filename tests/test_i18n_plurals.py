"""Plural forms and the clock format of the translation layer (facilitator/i18n.py, issue 17)."""

from __future__ import annotations

import re
from datetime import datetime, time

import pytest

from facilitator.i18n import catalog, clock, namespaces, plural_form, set_language, t

SELECTOR = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}]*)\}")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(
    ("n", "form"), [(0, "other"), (1, "one"), (-1, "one"), (2, "other"), (11, "other"), (1.0, "one"), (1.5, "other")]
)
def test_the_plural_rule(language: str, n: float, form: str) -> None:
    assert plural_form(language, n) == form


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("da", 1, "1 aktiv deltager"),
        ("da", 2, "2 aktive deltagere"),
        ("da", 0, "0 aktive deltagere"),
        ("en", 1, "1 active member"),
        ("en", 10, "10 active members"),
    ],
)
def test_a_count_inflects_its_noun_and_adjective(language: str, count: int, expected: str) -> None:
    assert t("home.member_count", language=language, count=count) == expected


def test_several_counts_in_one_text_each_choose_their_own_form() -> None:
    text = t(
        "history.role_rotation_line", language="da", role="Ordstyrer", distinct=1, meetings=2, changes=1, streak=2, holders="Anne"
    )
    assert text.startswith("Ordstyrer: 1 forskellig i 2 møder, skiftet 1 gang;")
    text = t("history.overrun_note", language="en", average=3, count=1, runs=1)
    assert text == "+3 min on average, 1 of 1 time"
    assert t("history.overrun_note", language="da", average=3, count=1, runs=4) == "+3 min i gns., 1 af 4 gange"


def test_the_current_language_chooses_the_forms() -> None:
    set_language("da")
    try:
        assert t("meeting_screen.moved_later", count=1).startswith("1 punkt er markeret som flyttet; det tilbydes")
        assert t("meeting_screen.moved_later", count=3).startswith("3 punkter er markeret som flyttet; de tilbydes")
    finally:
        set_language("en")
    assert t("meeting_screen.moved_later", count=1).startswith("1 item is marked as moved; it is offered")


def test_every_plural_selector_names_a_value_of_its_text() -> None:
    """A selector whose value the text never receives would always show its plural: a typo in a name."""
    for namespace in namespaces():
        for name, entry in catalog(namespace).items():
            if not isinstance(entry, dict):
                continue
            texts = [text for text in entry.values() if isinstance(text, str)]
            placeholders = {found for text in texts for found in re.findall(r"\{(\w+)\}", text)}
            for text in texts:
                for value, one, other in SELECTOR.findall(text):
                    assert value in placeholders, f"{namespace}.{name}: {{{value}|…}} names no value of the text"
                    assert one and other, f"{namespace}.{name}: a selector needs both forms"


def test_no_text_hedges_its_plural_with_brackets() -> None:
    """ "problem(s)", "møde(r)": the forms are chosen now, never left to the reader."""
    hedge = re.compile(r"\w\((s|er|r|e)\)")
    for namespace in namespaces():
        for name, entry in catalog(namespace).items():
            for language in ("en", "da"):
                text = entry.get(language, "") if isinstance(entry, dict) else ""
                assert not hedge.search(text), f"{namespace}.{name} ({language}): {text}"


def test_one_clock_format_in_both_languages() -> None:
    moment = datetime(2026, 3, 17, 18, 5, 9)
    assert clock(moment) == "18:05"
    assert clock(moment, seconds=True) == "18:05:09"
    assert clock(time(9, 0)) == "09:00"
    for language in ("da", "en"):
        assert t("export.time_of_day", language=language, hh="18", mm="00") == "18:00"
