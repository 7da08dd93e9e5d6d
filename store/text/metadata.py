"""Article metadata from the page: dateline, source (publisher) and date.

A date is only made ISO when the page states a full date with its year;
"June 22" stays as `date_text` with `date` None, because a year is never
invented from today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as date_parser

from store.text.lines import MONTH

_MONTH_DAY = (
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
)
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]+(?:[\s\u00a0]+[A-Z][A-Z'’.\-]+){0,3}"
_ANY_PLACE = r"[A-Z][\w'’.\-]+(?:[\s\u00a0]+[A-Z][\w'’.\-]+){0,3}"
_REGION = r"(?:,[\s\u00a0]*[A-Z][\w.'’\-]+(?:[\s\u00a0]+[A-Z][\w.'’\-]+){0,2})?"
_SOURCE_NAME = r"[A-Za-z][\w .&\-]{0,30}?"

# "MOSCOW, June 22. /TASS/." and "UN, September 20. /TASS/."
_SLASH_FORM = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}){_REGION}(?:,[\s\u00a0]*(?P<date>{_MONTH_DAY}))?\.?"
    rf"[\s\u00a0]*/(?P<source>{_SOURCE_NAME})/\.?"
)
# "MOSCOW (Sputnik) —", "Paris (AFP) -", "LONDON, March 3 (Reuters) -"
_PAREN_FORM = re.compile(
    rf"^(?P<place>{_ANY_PLACE}){_REGION}(?:,[\s\u00a0]*(?P<date>{_MONTH_DAY}))?"
    rf"[\s\u00a0]*\((?P<source>{_SOURCE_NAME})\)[\s\u00a0]*(?:[-–—]{{1,2}}|:)"
)
# "KYIV, Ukraine —", "WASHINGTON —": all-caps place, no agency
_PLAIN_FORM = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}){_REGION}(?:,[\s\u00a0]*(?P<date>{_MONTH_DAY}))?"
    r"[\s\u00a0]+(?:[-–—]{1,2})"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_DATE_START = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|" + MONTH.pattern + r"|\b\d", re.IGNORECASE
)
# A time of day ("12:12", "14.05 BST", "4:05 PM"), dropped before parsing the date.
_CLOCK = re.compile(
    r"(?<![\d.])\d{1,2}[:.]\d{2}(?::\d{2})?(?![\d.])\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:UTC|GMT)?[+\-]\d{1,2}|\s*[A-Z]{2,4}\b)?",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^\s*(?:source|источник)\s*:\s*(?P<source>[^|]{2,60})$", re.I)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline opening the first paragraph, and what it says."""

    text: str
    source: str | None
    date_text: str | None


def find_dateline(line: str) -> Dateline | None:
    """The dateline at the start of a paragraph, if it has one."""
    for form in (_SLASH_FORM, _PAREN_FORM, _PLAIN_FORM):
        match = form.match(line)
        if match is None:
            continue
        if form is _PLAIN_FORM and len(match.group("place")) < 2:
            continue
        source = match.groupdict().get("source")
        return Dateline(
            text=match.group(0).rstrip(),
            source=source.strip() if source else None,
            date_text=match.group("date"),
        )
    return None


_COPYRIGHT_OWNER = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<owner>[A-Z][\w&.'’ -]{1,40}?)\s*(?:\.(?=\s|$)|,|\s+all rights|$)",
    re.IGNORECASE,
)
# A notice has a © or a year: "Copyright Policy" is a link to a page, not a notice.
_NOTICE_MARK = re.compile(r"©|\(c\)|\b(?:19|20)\d{2}\b", re.IGNORECASE)


_CORPORATE = re.compile(
    r"(?:,?\s+(?:LLC|L\.?L\.?C\.?|Ltd\.?|Limited|Inc\.?|L\.P\.?|LP|plc|GmbH|"
    r"Publishers?|Publishing|Group|Holdings|Corp\.?|Corporation|Co\.))+$",
)


def source_from_line(line: str) -> str | None:
    """A publisher named by a 'Source: X' line."""
    match = _SOURCE_LINE.match(line)
    return match.group("source").strip() if match else None


def source_from_copyright(line: str) -> str | None:
    """The owner a copyright line names: '© 2025 NPR. All rights reserved.' -> 'NPR'."""
    if not re.match(r"\s*(?:copyright|©|\(c\))", line, re.IGNORECASE):
        return None
    if not _NOTICE_MARK.search(line):
        return None
    match = _COPYRIGHT_OWNER.match(line.strip())
    owner = match.group("owner").strip() if match else ""
    owner = _CORPORATE.sub("", owner).strip(" ,.")
    return owner if owner and owner[0].isupper() else None


_SECOND_STAMP = re.compile(r"[,|;]?\s*\b(?:updated|modified|last updated)\b|\s\|\s", re.I)
_READING_TIME = re.compile(r"\s*\d+\s*min(?:ute)?s?\s+read\s*$", re.I)


def date_words(line: str) -> str:
    """The part of a timestamp line that gives the date: no leading place name, and
    only the first of 'Posted …, updated …' or a trailing '2 min read'."""
    match = _DATE_START.search(line)
    text = line[match.start() :] if match else line
    second = _SECOND_STAMP.search(text, 1)
    if second and _DATE_START.search(text[: second.start()]):
        text = text[: second.start()]
    return _READING_TIME.sub("", text).strip(" ,")


def has_year(text: str) -> bool:
    """Whether a date text states its year."""
    return bool(_YEAR.search(text))


def iso_date(date_text: str | None) -> str | None:
    """The ISO date of a text that states day, month and year; None otherwise."""
    if not date_text or not has_year(date_text):
        return None
    dotted = re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", date_text)
    date_only = _CLOCK.sub(" ", date_text)
    try:
        parsed = date_parser.parse(
            date_only,
            fuzzy=True,
            ignoretz=True,
            dayfirst=bool(dotted),
            default=datetime(1900, 1, 1),
        )
    except (ValueError, OverflowError):
        return None
    has_day = MONTH.search(date_text) or re.search(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", date_text)
    return parsed.date().isoformat() if has_day else None
