"""Month names, and the month and day a date text gives, with no year made up."""

from __future__ import annotations

import re

MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
"""A regex alternation of the English month names and their abbreviations."""
MONTH_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH_NAMES})\b\.?\s+(?P<day>\d{{1,2}})\b"
    rf"|\b(?P<day_first>\d{{1,2}})\s+(?P<month_after>{MONTH_NAMES})\b",
    re.IGNORECASE,
)


def month_day(date_text: str | None) -> tuple[int, int] | None:
    """The month and day a date text names ("June 22", "20 September"), or None.

    For putting dates without a year in calendar order: the year stays unknown.
    """
    match = _MONTH_DAY.search(date_text or "")
    if match is None:
        return None
    month = (match["month"] or match["month_after"])[:3].lower()
    return MONTH_ABBREVIATIONS.index(month) + 1, int(match["day"] or match["day_first"])


def month_day_text(date_text: str | None) -> str | None:
    """The words of a date text that name its month and day: "September 20" of
    "September 20, 6:19 UTC+3"; None when it names none."""
    match = _MONTH_DAY.search(date_text or "")
    return match.group(0) if match else None
