"""Phone numbers: stored in one form, shown and exported in the form each reader expects.

A member's number is stored as E.164 (`+4524344454`) once it is saved through
a form (`normalise`); numbers typed by hand into `group.toml` in any form
("0045 22 32 42 52", "23334353") are read with the group's country as the
default region, so every screen and export shows them the same way:

- on screen and in the minutes: the national form for numbers of the group's
  country ("24 34 44 54"), the international form for others
  ("+46 70 123 45 67") (`display`);
- in the spreadsheet (CSV) file: the form one dials from the group's country
  ("24 34 44 54", "00 46 70 123 45 67"; `for_spreadsheet`): a spreadsheet
  never reads it as a number (spaces in groups of two) nor as a formula (no
  leading "+");
- in vCard: the international form ("+45 24 34 44 54"), with the TYPE the
  numbering plan gives (`vcard_type`).

A text the library cannot read as a phone number is kept and shown as typed.
The parsing is Google's libphonenumber metadata (the `phonenumbers` package),
imported only when a number needs it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")


@lru_cache(maxsize=1024)
def _parse(text: str, country: str) -> Any | None:
    """The parsed number (a phonenumbers.PhoneNumber), or None when it is not a possible number."""
    value = text.strip()
    if not value:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(value, country.upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return number


def normalise(text: str, country: str) -> str:
    """The number as stored: E.164 ("+4524344454"), or the text as typed when it is not a phone number."""
    if _E164_RE.match(text):
        return text
    number = _parse(text, country)
    if number is None:
        return text.strip()
    import phonenumbers

    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def is_possible(text: str, country: str) -> bool:
    """Whether `text` reads as a possible phone number (right length for its country)."""
    return _parse(text, country) is not None


def _region_of(number: Any) -> str:
    import phonenumbers

    return str(phonenumbers.region_code_for_number(number) or "")


def display(text: str, country: str) -> str:
    """National form for the group's own country ("24 34 44 54"), international for others."""
    number = _parse(text, country)
    if number is None:
        return text
    import phonenumbers

    if _region_of(number) == country.upper():
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def international(text: str, country: str) -> str:
    """The international form ("+45 24 34 44 54"), or the text as typed."""
    number = _parse(text, country)
    if number is None:
        return text
    import phonenumbers

    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def for_spreadsheet(text: str, country: str) -> str:
    """The form one dials from the group's country ("24 34 44 54", "00 46 70 123 45 67").

    A spreadsheet takes it as text: the digits come in groups with spaces, and it
    does not begin with "+", "=", "-" or "@" (which would make it a formula).
    """
    number = _parse(text, country)
    if number is None:
        return text
    import phonenumbers

    dialled = str(phonenumbers.format_out_of_country_calling_number(number, country.upper()))
    if dialled.startswith("+"):  # a country with no international prefix in the metadata
        dialled = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))[1:]
        dialled = "00 " + dialled
    return dialled


def vcard_type(text: str, country: str) -> str:
    """The vCard 3.0 TYPE of the number: CELL for a mobile, VOICE for a fixed line or when the plan cannot tell.

    Danish numbers are one plan for mobiles and fixed lines alike (the library
    says "fixed line or mobile"), so they are VOICE; a Swedish 070 number is CELL.
    """
    number = _parse(text, country)
    if number is None:
        return "VOICE"
    import phonenumbers

    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return "CELL"
    if kind == phonenumbers.PhoneNumberType.PAGER:
        return "PAGER"
    return "VOICE"
