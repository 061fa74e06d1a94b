"""The group's purpose and form, as plain Python (no Textual).

The booklet's first meeting ends its wishes for the network with "Beslutning
om netværk" (Deciding on the network): what kind of network the group is
(support in daily life, a study group with a theoretical weight, professional
guidance on working with children in one's own home, or supervision), whether
it meets in person, by mail or both, how often and where. The booklet calls
agreeing on purpose and structure the key to a network that works.

The decision is stored in group.toml (`[purpose]`, `model.Purpose`) and kept
as versions the way the agreements are: `set_purpose` dates the new version and
keeps the one it replaces in `purpose_history`, unless that one was decided
the same day (a correction). It is shown on the home screen, in the agreements,
in the invitation and on the welcome sheet for new members, all from
`purpose_lines` / `purpose_summary` here.

The functions change the models they are given and never touch the disk.
"""

from __future__ import annotations

from datetime import date

from facilitator.i18n import t
from facilitator.model import NETWORK_KINDS, Group, Purpose, PurposeVersion

__all__ = [
    "decision_line",
    "is_blank",
    "purpose_lines",
    "purpose_on",
    "purpose_summary",
    "set_purpose",
]

TEXT_FIELDS = ("how_often", "where", "notes")


def _key(purpose: Purpose | None) -> tuple[object, ...]:
    """What a version says (dates and the meeting it came from left out), for comparisons."""
    if purpose is None:
        return ((), "", "", "", "")
    return (
        tuple(sorted(purpose.kinds, key=NETWORK_KINDS.index)),
        purpose.form,
        *(getattr(purpose, name).strip() for name in TEXT_FIELDS),
    )


def is_blank(purpose: Purpose | None) -> bool:
    """Nothing decided: no kind, no form and no text."""
    return _key(purpose) == _key(None)


def set_purpose(group: Group, new: Purpose, today: date, meeting_id: str = "") -> bool:
    """Set the group's purpose to `new`, dated `today` (decided at `meeting_id`, if any); False when nothing changed.

    The version in force is kept in `group.purpose_history` with the day it was replaced,
    unless it was blank or was itself decided `today` (a same-day correction keeps one
    version). A version dated after `today` (a clock set back) is replaced without a version
    of its own, dated `today`. Text is stripped; the kinds keep the booklet's order.
    """
    current = group.purpose
    if _key(current) == _key(new):
        return False
    if current is not None and not is_blank(current) and current.changed_on != today:
        if current.changed_on is None or current.changed_on < today:
            group.purpose_history.append(PurposeVersion(**current.model_dump(), replaced_on=today))
    data = new.model_dump()
    data.update({name: str(data.get(name, "")).strip() for name in TEXT_FIELDS})
    data["kinds"] = sorted(dict.fromkeys(new.kinds), key=NETWORK_KINDS.index)
    data["changed_on"] = today
    data["decided_at"] = meeting_id
    group.purpose = Purpose.model_validate(data)
    return True


def purpose_on(group: Group, day: date) -> Purpose | None:
    """The purpose in force on `day`, or None before any was decided."""
    current = group.purpose
    if current is not None and not is_blank(current) and (current.changed_on is None or day >= current.changed_on):
        return current
    for version in reversed(group.purpose_history):
        if day < version.replaced_on and (version.changed_on is None or version.changed_on <= day):
            data = version.model_dump()
            data.pop("replaced_on", None)
            return Purpose.model_validate(data)
    return None


def _kinds_text(purpose: Purpose, language: str) -> str:
    kinds = sorted(purpose.kinds, key=NETWORK_KINDS.index)
    return ", ".join(t(f"year.kind_{kind}", language=language) for kind in kinds)


def purpose_lines(purpose: Purpose | None, language: str) -> list[tuple[str, str]]:
    """(label, text) for each part of the purpose that is decided, in the order of the dialog."""
    if purpose is None:
        return []
    lines: list[tuple[str, str]] = []
    if purpose.kinds:
        lines.append((t("year.label_kinds", language=language), _kinds_text(purpose, language)))
    if purpose.form:
        lines.append((t("year.label_form", language=language), t(f"year.form_{purpose.form}", language=language)))
    if purpose.how_often.strip():
        lines.append((t("year.label_how_often", language=language), purpose.how_often.strip()))
    if purpose.where.strip():
        lines.append((t("year.label_where", language=language), purpose.where.strip()))
    if purpose.notes.strip():
        lines.append((t("year.label_notes", language=language), purpose.notes.strip()))
    return lines


def purpose_summary(purpose: Purpose | None, language: str, *, how_often: bool = True) -> str:
    """One line: the kinds, the form, how often ("support in daily life · in person · every four weeks").

    Without `how_often` (the home screen's narrow panel, beside the meeting plan) the rhythm is left out.
    """
    if purpose is None:
        return ""
    parts = []
    if purpose.kinds:
        parts.append(_kinds_text(purpose, language))
    if purpose.form:
        parts.append(t(f"year.form_{purpose.form}", language=language).lower())
    if how_often and purpose.how_often.strip():
        parts.append(purpose.how_often.strip())
    return " · ".join(parts)


def decision_line(purpose: Purpose, language: str) -> str:
    """The decision as a line of the minutes ("Decision: The network is ...; we meet ..."), read by the export."""
    parts = [f"{label}: {text}" for label, text in purpose_lines(purpose, language) if "\n" not in text]
    notes = purpose.notes.strip()
    if notes and "\n" in notes:
        parts.append(f"{t('year.label_notes', language=language)}: {' '.join(notes.split())}")
    return t("year.decision_line", language=language, text="; ".join(parts))
