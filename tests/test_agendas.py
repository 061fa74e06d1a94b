"""The built-in agendas: they load, follow the booklet, and da/en agree item for item."""

from __future__ import annotations

import re
import shutil
import string
import tomllib
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

import pytest

import facilitator.agendas
from facilitator.agendas import (
    LANGUAGES,
    PLACEHOLDERS,
    UnknownAgendaError,
    builtin_agenda,
    builtin_agendas,
    builtin_files,
    template_ids,
)
from facilitator.cli import run
from facilitator.clock import FakeClock
from facilitator.model import Agenda, Member
from facilitator.store import Store

TEMPLATES = template_ids()

# The booklet's items: (Danish title or None when the booklet gives no short title, minutes, led_by, kind).
BOOKLET: dict[str, list[tuple[str | None, int, str, str]]] = {
    "first": [
        ("Velkommen", 15, "moderator", "talk"),
        ("Præsentationsrunde", 45, "everyone", "round"),
        ("Pause", 20, "host", "break"),
        ("Netværksønsker", 40, "everyone", "groups"),
        ("Beslutning om netværk", 20, "everyone", "talk"),
        ("Fremtidige møder", 20, "everyone", "talk"),
    ],
    "second": [
        (None, 5, "moderator", "talk"),
        ("Siden sidst", 15, "everyone", "round"),
        ("Rammer for gruppens arbejde", 50, "everyone", "groups"),
        ("Pause", 20, "host", "break"),
        (None, 60, "everyone", "talk"),
        (None, 10, "everyone", "talk"),
        ("Eventuelt", 0, "everyone", "open"),
    ],
    "following": [
        ("Siden sidst", 20, "everyone", "round"),
        ("Temaoplæg", 100, "theme_owner", "talk"),
        ("Pause", 20, "host", "break"),
        ("Afrunding", 20, "everyone", "round"),
        ("Næste møde", 10, "everyone", "talk"),
        ("Eventuelt", 0, "everyone", "open"),
    ],
}
# The first and second agendas add up to the booklet's "2 timer og 40 minutter". For the following
# meetings the booklet says "2 timer og 30 minutter", but its own items add up to 170; we keep the items.
TOTALS = {"first": 160, "second": 160, "following": 170}

ALL = [(agenda_id, language) for agenda_id in TEMPLATES for language in LANGUAGES]


def _file_text(agenda_id: str, language: str) -> str:
    return dict(builtin_files(language))[agenda_id].read_text("utf-8")


@pytest.mark.parametrize(("agenda_id", "language"), ALL)
def test_file_validates_and_names_itself(agenda_id: str, language: str) -> None:
    data = tomllib.loads(_file_text(agenda_id, language))
    agenda = Agenda.model_validate(data)
    assert agenda.id == agenda_id
    assert agenda.language == language
    assert agenda.schema_version == 1
    assert agenda.title and agenda.description
    # No stray keys: a typo such as `planned_minute` would otherwise be kept silently as an extra.
    assert not agenda.model_extra
    for item in agenda.items:
        assert not item.model_extra, item.title


@pytest.mark.parametrize(("agenda_id", "language"), ALL)
def test_totals_match_the_booklet(agenda_id: str, language: str) -> None:
    agenda = builtin_agenda(agenda_id, language)
    assert agenda.planned_minutes == TOTALS[agenda_id]
    assert [i.planned_minutes for i in agenda.items] == [b[1] for b in BOOKLET[agenda_id]]


@pytest.mark.parametrize("agenda_id", TEMPLATES)
def test_items_follow_the_booklet(agenda_id: str) -> None:
    agenda = builtin_agenda(agenda_id, "da")
    assert len(agenda.items) == len(BOOKLET[agenda_id])
    for item, (title, minutes, led_by, kind) in zip(agenda.items, BOOKLET[agenda_id], strict=True):
        if title is not None:
            assert item.title == title
        assert (item.planned_minutes, item.led_by, item.kind) == (minutes, led_by, kind), item.title


@pytest.mark.parametrize("agenda_id", TEMPLATES)
def test_danish_and_english_agree(agenda_id: str) -> None:
    da, en = builtin_agenda(agenda_id, "da"), builtin_agenda(agenda_id, "en")
    assert len(da.items) == len(en.items)
    for d, e in zip(da.items, en.items, strict=True):
        assert (d.planned_minutes, d.led_by, d.kind) == (e.planned_minutes, e.led_by, e.kind)
        assert len(d.cues) == len(e.cues), d.title
        # The same placeholders in the same cue in both languages.
        for dc, ec in zip(d.cues, e.cues, strict=True):
            assert _placeholders(dc) == _placeholders(ec), (dc, ec)
        assert d.title != e.title or d.title == "Pause" and e.title == "Break"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize(("agenda_id", "language"), ALL)
def test_every_item_has_two_to_six_short_cues(agenda_id: str, language: str) -> None:
    for item in builtin_agenda(agenda_id, language).items:
        assert 2 <= len(item.cues) <= 6, item.title
        for cue in item.cues:
            assert cue.strip() == cue and cue
            assert len(cue) <= 120, cue


@pytest.mark.parametrize(("agenda_id", "language"), ALL)
def test_placeholders_are_documented_and_known(agenda_id: str, language: str) -> None:
    text = _file_text(agenda_id, language)
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for name in PLACEHOLDERS:
        assert "{" + name + "}" in header
    for item in builtin_agenda(agenda_id, language).items:
        for cue in item.cues:
            assert _placeholders(cue) <= set(PLACEHOLDERS), cue
            # Formatting with every placeholder filled leaves no brace behind.
            filled = cue.format(**dict.fromkeys(PLACEHOLDERS, "X"))
            assert "{" not in filled and "}" not in filled


def test_computed_facts_sit_where_the_booklet_needs_them() -> None:
    for language in LANGUAGES:
        first = builtin_agenda("first", language)
        welcome, intro, pause, wishes = first.items[:4]
        joined = " ".join(welcome.cues)
        assert "{break_time}" in joined and "{planned_end}" in joined
        assert any("{share}" in c for c in intro.cues)
        assert any("{resume_time}" in c for c in pause.cues)
        assert any("{group_talk}" in c for c in wishes.cues)


def test_danish_cues_carry_the_booklet_advice() -> None:
    first = builtin_agenda("first", "da")
    welcome = " ".join(first.items[0].cues).lower()
    for word in ("initiativ", "dagsorden", "ordstyrer", "pause", "rygning", "referat"):
        assert word in welcome, word
    future = " ".join(first.items[5].cues).lower()
    for word in ("sted", "dato", "ordstyrer", "referent", "kontaktliste", "telefon", "e-mail", "betaler"):
        assert word in future, word
    wishes = " ".join(first.items[3].cues).lower()
    assert "tre og tre" in wishes and "fremlægger" in wishes and "uenige" in wishes


def test_builtin_agendas_lists_the_templates_in_order() -> None:
    for language in LANGUAGES:
        assert [a.id for a in builtin_agendas(language)] == list(TEMPLATES)


def test_each_call_returns_a_fresh_copy() -> None:
    a = builtin_agenda("first", "da")
    a.items[0].cues.append("changed")
    a.items.pop()
    b = builtin_agenda("first", "da")
    assert len(b.items) == 6 and "changed" not in b.items[0].cues


@pytest.mark.parametrize(("agenda_id", "language"), [("fourth", "da"), ("first", "de"), ("../first", "da")])
def test_unknown_agenda_or_language_raises(agenda_id: str, language: str) -> None:
    with pytest.raises(UnknownAgendaError) as info:
        builtin_agenda(agenda_id, language)
    assert re.search(r"agenda|language", str(info.value))


# --------------------------------------------------------------------------- found from the folder alone


def test_the_ids_come_from_the_folder_in_the_order_a_group_uses_them() -> None:
    assert template_ids() == ("first", "second", "following")
    folder = resources.files("facilitator") / "agendas"
    for language in LANGUAGES:
        names = sorted(entry.name for entry in (folder / language).iterdir() if entry.name.endswith(".toml"))
        assert names == ["1-first.toml", "2-second.toml", "3-following.toml"]
        assert [agenda_id for agenda_id, _file in builtin_files(language)] == list(TEMPLATES)


@pytest.fixture
def walk_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in agendas with a fourth one, `4-walk.toml`, in each language, used as the folder."""
    folder = tmp_path / "agendas"
    for language in LANGUAGES:
        shutil.copytree(Path(str(resources.files("facilitator") / "agendas" / language)), folder / language)
        text = _file_text("first", language).replace('id = "first"', 'id = "walk"', 1)
        (folder / language / "4-walk.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(facilitator.agendas, "FOLDER", folder)
    return folder


def test_a_new_agenda_file_is_offered_by_new_template_and_by_the_store(
    walk_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert template_ids() == ("first", "second", "following", "walk")
    data_dir = tmp_path / "data"
    store = Store(data_dir)
    gid = store.create_group("Netværk", [Member(id="anne", name="Anne Hansen")]).id
    assert [a.id for a in store.agendas("da")] == ["first", "second", "following", "walk"]
    assert [a.id for a in builtin_agendas("en")] == ["first", "second", "following", "walk"]
    capsys.readouterr()
    clock = FakeClock(datetime(2026, 3, 12, 18, 0, tzinfo=timezone(timedelta(hours=1))))
    assert run(["--data-dir", str(data_dir), "--lang", "en", "new", "--template", "walk"], clock=clock) == 0
    meeting_id = capsys.readouterr().out.strip()
    meeting = Store(data_dir).load_meeting(gid, meeting_id)
    assert meeting.template == "walk"
    assert [i.title for i in meeting.items] == [i.title for i in builtin_agenda("first", "da").items]


def test_a_new_agenda_file_is_named_in_the_home_screen_s_palette_by_its_title(walk_folder: Path) -> None:
    from facilitator.i18n import set_language, t
    from facilitator.screens.home import _agenda_label

    set_language("da")
    assert _agenda_label("walk") == builtin_agenda("walk", "da").title  # no catalog text for it: its own title
    assert _agenda_label("first") == t("home.template_first")  # the built-in ones keep theirs
    assert "home.template_" not in _agenda_label("walk")
