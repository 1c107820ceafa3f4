"""Publication dates, only where the document states one.

A date counts when a label says it is the publication date ("Published:
March 2021", "Date of publication 4 May 2022", "Date: 12/03/2021") or when it
stands alone on the title page, or ends a short line there ("Overview report –
June 2019"), or stands in a running footer or header ("Child D review | June
2019", printed on every page). Dates in the narrative (when a child was seen,
when a policy changed) are never taken for the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d{2}"
DATE = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>{_YEAR})"
    rf"|(?P<month2>{_MONTH})\.?\s+(?:(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year2>{_YEAR})"
    rf"|(?P<iso>{_YEAR}-[01]\d(?:-[0-3]\d)?)(?![\d-])"
    rf"|(?P<dd>\d{{1,2}})[/.](?P<mm>\d{{1,2}})[/.](?P<yyyy>{_YEAR})",
    re.I,
)
#: "Published: …", "Date of publication …", "Publication date …", "Publication: …",
#: "Report date …", "Dated …", "Issued …", a line starting "Date:".
LABELLED = re.compile(
    r"(?:\b(?:first )?published(?: on| in)?|\bpublication date|\bdate of publication"
    r"|\bdate published|\byear of publication|\byear published|\bpublication year"
    r"|\bissued(?: on| in)?|\bdated|\b(?:report|review|briefing) date|\bpublication(?=\s*:)"
    r"|^\s*date|^\s*year(?=\s*:))\s*[:\-–—]?\s*",
    re.I,
)
_YEAR_ONLY = re.compile(rf"^\s*(?:in\s+)?({_YEAR})\b(?!\s*[-/–]\s*\d)")
#: Labels for dates that are not the publication date.
_OTHER_DATE = re.compile(
    r"date of (?:birth|death|incident|review|meeting)|updated|reviewed|due|accessed|printed"
    r"|retrieved|revised|draft",
    re.I,
)
#: Words that put a date inside a phrase ("reviews from June 2019"), not on a cover line.
_LEADS_INTO = frozenset(
    "in on from since until till to by of between after before and during than at for within"
    " since about around".split()
)
#: The most words a cover line or footer holds before its date.
_COVER_LINE_WORDS = 14


@dataclass(frozen=True)
class StatedDate:
    """A date as the document states it, and the same in ISO form (year, or year-month,
    or year-month-day: only as precise as the document)."""

    words: str
    iso: str

    @property
    def year(self) -> int:
        return int(self.iso[:4])


def parse_date(text: str) -> StatedDate | None:
    """The first date in ``text``.

    ``"4 May 2022"`` -> ``StatedDate("4 May 2022", "2022-05-04")``.
    """
    match = DATE.search(text)
    if not match:
        return None
    words = match.group(0)
    if match.group("iso"):
        return StatedDate(words, match.group("iso"))
    if match.group("yyyy"):
        day, month = int(match.group("dd")), int(match.group("mm"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return StatedDate(words, f"{match.group('yyyy')}-{month:02d}-{day:02d}")
    year = match.group("year") or match.group("year2")
    month_name = (match.group("month") or match.group("month2")).lower().rstrip(".")
    found_month = MONTHS.get(month_name) or MONTHS.get(month_name[:3])
    if found_month is None:
        return None
    day_text = match.group("day") or match.group("day2")
    if day_text:
        return StatedDate(words, f"{year}-{found_month:02d}-{int(day_text):02d}")
    return StatedDate(words, f"{year}-{found_month:02d}")


def labelled_date(line: str) -> StatedDate | None:
    """A publication date a label states on ``line`` ("Published: 3 March 2021")."""
    for label in LABELLED.finditer(line):
        if _OTHER_DATE.search(line[max(0, label.start() - 20) : label.end() + 5]):
            continue
        rest = line[label.end() : label.end() + 40]
        found = parse_date(rest)
        if found and rest.find(found.words) <= 3:
            return found
        year = _YEAR_ONLY.match(rest)
        if year:  # "Published: 2021", "Year of publication 2019"
            return StatedDate(year.group(1), year.group(1))
    return None


def title_page_date(line: str) -> StatedDate | None:
    """A date standing alone on a title page: "March 2021", "Final report, 4 May 2022"."""
    found = parse_date(line)
    if not found:
        return None
    rest = line.replace(found.words, " ")
    if len(re.findall(r"[A-Za-z]+", rest)) > 4 or re.search(r"\d", rest):
        return None
    return found


def cover_line_date(line: str) -> StatedDate | None:
    """A date that ends a short line of a cover page, header or footer:
    "Overview report – June 2019", "Child D | Final | 4 May 2022", "(March 2021)".
    Not a date inside a sentence ("The family moved in June 2019.")."""
    text = line.strip()
    found = parse_date(text)
    if found is None or _OTHER_DATE.search(text) or text.endswith("."):
        return None
    end = text.rfind(found.words)
    if text[end + len(found.words) :].strip(" )]") or end < 0:
        return None
    before = text[:end].rstrip(" ([")
    words = re.findall(r"[A-Za-z][\w'’]*", before)
    if len(words) > _COVER_LINE_WORDS or re.search(r"[.!?;]\s", before):
        return None
    if words and before.endswith(words[-1]) and words[-1].lower() in _LEADS_INTO:
        return None
    return found
