"""Spot text that looks like it holds personal details about a real person.

Practitioners sometimes paste real details into a lookup or a note. When
:func:`find_personal_data` finds any, the bot answers the learning question
without echoing the text, reminds the person not to put identifiable details
in Slack, and keeps nothing of it.

The checks lean towards caution but avoid the obvious false alarms: an NHS
number must pass its check digit, a date must be a real calendar date, and a
phone number must look like a UK number.

Example::

    >>> find_personal_data("neglect referral for 943 476 5919")
    ('an NHS number',)
    >>> find_personal_data("disguised compliance")
    ()
"""

from __future__ import annotations

import re
from datetime import date

_NHS_CANDIDATE = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Full UK postcodes (outward and inward parts), e.g. "NR1 2DH", "sw1a1aa".
_POSTCODE = re.compile(
    r"\b(GIR ?0AA|[A-PR-UWYZ]"
    r"([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# UK phone numbers: 07xxx xxxxxx, 01/02/03 landlines, or +44 forms.
_PHONE = re.compile(r"(?<![\d+])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_WORDS = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE
)
_DOB_WORDS = re.compile(r"\b(d\.?o\.?b\.?|date of birth|born on)\b", re.IGNORECASE)


def nhs_number_is_valid(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _has_nhs_number(text: str) -> bool:
    return any(nhs_number_is_valid("".join(m.groups())) for m in _NHS_CANDIDATE.finditer(text))


def _real_date(day: int, month: int, year: int) -> bool:
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def _has_date_of_birth(text: str) -> bool:
    """A full calendar date (day, month and year), or the words "DOB"/"date of birth".

    A bare year ("Working Together 2018") or a month and year ("June 2012", as
    the reviews' timelines have them) is not personal data and is left alone.
    """
    if _DOB_WORDS.search(text):
        return True
    for d, m, y in _DATE_NUMERIC.findall(text):
        if _real_date(int(d), int(m), int(y)) or _real_date(int(m), int(d), int(y)):
            return True
    return bool(_DATE_WORDS.search(text))


def find_personal_data(text: str) -> tuple[str, ...]:
    """Name the kinds of personal detail that ``text`` seems to hold, if any."""
    if not text:
        return ()
    found: list[str] = []
    if _has_nhs_number(text):
        found.append("an NHS number")
    if _has_date_of_birth(text):
        found.append("a date of birth")
    if _POSTCODE.search(text):
        found.append("a postcode")
    if _EMAIL.search(text):
        found.append("an email address")
    # An NHS number can also look like a phone number; say it once.
    if "an NHS number" not in found and _PHONE.search(text):
        found.append("a phone number")
    return tuple(found)


def strip_personal_data(text: str) -> str:
    """``text`` with anything that looks personal removed, for answering the
    learning question that is left (e.g. "neglect" from "neglect at NR1 2DH")."""
    for pattern in (
        _EMAIL,
        _DATE_WORDS,
        _DATE_NUMERIC,
        _POSTCODE,
        _PHONE,
        _NHS_CANDIDATE,
        _DOB_WORDS,
    ):
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()
