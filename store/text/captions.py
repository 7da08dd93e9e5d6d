"""Photo captions and credits, in the many shapes news pages give them.

"© REUTERS / Name", "(AP Photo/Name)", "… - Sputnik International",
"Photograph: Name/Agency", "Image caption, …", "Name Surname / Outlet", and
bare credit lines under a caption ("Kent Nishimura/Getty Images").
"""

from __future__ import annotations

import re

from store.text.lines import ends_sentence, folded, word_count
from store.text.patterns import has_any

_CREDIT_WORDS = (
    r"Reuters|AP|AFP|Getty(?: Images)?|EPA|Xinhua|Bloomberg|Shutterstock|Sputnik|TASS|"
    r"RIA Novosti|Anadolu|Photo|Photos|Images|Pool|File"
)
_CAPTION_START = re.compile(
    r"^\s*(?:©(?!\s*\d{4})|\(c\)\s|(?:photo|image|picture|caption|credit)s?\s*:|"
    r"(?:image|photo|picture|video)\s+(?:source|caption|credit)s?\b|photograph\s*:)",
    re.IGNORECASE,
)


# An artwork's size ("25.4 × 20.3 cm", "40 x 52 7/8 in"), its year, and the longest caption.
_DIMENSIONS = re.compile(r"\d\s*(?:[×x]\s*\d[\d.,/ ]*)+\s*(?:cm|mm|in|inches)\b")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_ARTWORK_WORDS = 50
_ARTWORK_CHARS = 400  # longer than any line of 50 words a caption has
# A lender's credit: "Courtesy the artist", "courtesy of Harbour Gallery" (not "as a
# courtesy to passengers").
_COURTESY = re.compile(
    r"\b[Cc]ourtesy(?: of)? (?:the (?:artist|photographer|gallery|estate|museum)|[A-Z])"
)


# How a caption's credit ends it: each form has its own pattern, tried only when
# the tail holds what that form cannot do without.
def _end(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern + r"\s*$", re.IGNORECASE)


_PAREN_CREDIT_END = _end(
    r"\((?:[^()]*/[^()]*|[^()]*\b(?:" + _CREDIT_WORDS + r")\b[^()]*)\)"
)  # (AP Photo/Name)
_SLASH_CREDIT_END = _end(r"[/|]\s*(?:" + _CREDIT_WORDS + r")\b[^/|]{0,40}")  # … / Reuters
_AGENCY_END = _end(r"[,:|]\s*(?:Getty Images|Shutterstock|Reuters|AFP|AP|EPA)(?:\s+\w+)?")  # …, AFP
_AGENCIES = ("getty images", "shutterstock", "reuters", "afp", "ap", "epa")
_BRACKET_CREDIT_END = _end(r"\[[^\[\]]*/[^\[\]]*\]")  # [Name/Agency]
_FILE_PHOTO_END = _end(r"[.(]\s*(?:file )?(?:photo|image)\)?")  # … (file photo)
_AGENCY_SLASH_END = re.compile(
    r"\b(?:" + _CREDIT_WORDS + r")\s*/\s*[A-Z][\w .'\-]{1,40}\s*$", re.IGNORECASE
)  # … Reuters/Name
_PHOTO_BY_END = re.compile(
    r"(?:photograph\s*:\s*[^.]{2,60}"
    r"|(?:\b|(?<=[a-z]))(?:photo|image|picture)s?\s*(?:by|:)\s*[^.]{2,60})\s*$",
    re.IGNORECASE,
)  # … Photograph: Name, … Photo by Name


def _credit_at_end(tail: str, low_tail: str) -> bool:
    """Whether a line's tail is a photo credit closing a caption."""
    last = tail.rstrip()[-1:]
    slash = "/" in tail
    photo = "photo" in low_tail or "image" in low_tail
    return bool(
        (last == ")" and _PAREN_CREDIT_END.search(tail))
        or ((slash or "|" in tail) and _SLASH_CREDIT_END.search(tail))
        or (has_any(low_tail, _AGENCIES) and _AGENCY_END.search(tail))
        or (last == "]" and _BRACKET_CREDIT_END.search(tail))
        or (photo and _FILE_PHOTO_END.search(tail))
        or (slash and _AGENCY_SLASH_END.search(tail))
        or ((photo or "picture" in low_tail) and _PHOTO_BY_END.search(tail))
    )


_BARE_CREDIT = re.compile(
    r"^(?:[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){0,3}\s?/\s?"
    r"[A-Za-z][\w.'’\-]*(?:\s[A-Za-z][\w.'’\-]*){0,3}\s?(?:/[\w .'’\-]+)?"
    r"|(?:hide|show|toggle) caption|(?:photo|image|picture)\s*:.*)$",
    re.IGNORECASE,
)
_CREDIT_SUFFIX = re.compile(r"\s[-–—]\s+((?:[A-Z][\w.&']*\s?){1,4})$")
_CREDIT_WORD = re.compile(r"\b(?:" + _CREDIT_WORDS + r")\b")
_POSITION_MARK = re.compile(r"\((?:R|L|C|centre|center|left|right)\)")


def credit_suffix(line: str) -> str | None:
    """The ' - Outlet Name' tail a caption carries, if the line has one."""
    tail = line[-80:]
    if "-" not in tail and "–" not in tail and "—" not in tail:
        return None
    match = _CREDIT_SUFFIX.search(tail)
    return match.group(1).strip() if match else None


# Words in the longest photo caption: a longer line is a paragraph, whatever its end.
_LONGEST_CAPTION = 60
_CREDIT_MARKS = ("/", ")", "]", "|", ":")
_CREDIT_NAMES = ("photo", "image", "picture", "getty", "reuters", "afp", "ap", "epa")


def _artwork_caption(line: str) -> bool:
    """A caption under a work of art or a photograph in a gallery: "Name, Title, 1936.
    Gelatin silver print – 25 × 20 cm. Courtesy the artist": its size with a unit, or
    a lender's credit, beside the year; a short line, not a paragraph."""
    if word_count(line, _ARTWORK_WORDS + 1) > _ARTWORK_WORDS or not _YEAR.search(line):
        return False
    return _COURTESY.search(line) is not None or _DIMENSIONS.search(line) is not None


def _caption_hint(line: str, low: str) -> bool:
    """Something a caption or credit always has: a mark, a dash or a photo word."""
    return (
        "(" in line
        or ")" in line
        or "/" in line
        or "|" in line
        or "[" in line
        or "©" in line
        or " - " in line
        or " – " in line
        or " — " in line
        or "photo" in low
        or "image" in low
        or "picture" in low
        or "getty" in low
        or "caption" in low
    )


# "… in Moscow. Sergei Kiselev / Moskva News Agency": a photographer and an outlet.
_PHOTOGRAPHER_CREDIT = re.compile(
    r"(?:^|[.!?]\s+|\s{2})[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){1,2}\s?/\s?"
    r"[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){0,3}$"
)


def is_bare_credit(line: str) -> bool:
    """A line that is only a photo credit or a caption toggle: 'Kent Nishimura/Getty Images'."""
    return bool(_BARE_CREDIT.match(line.strip()))


def is_caption(
    line: str, source: str | None, repeated_suffixes: set[str], suffix: str | None
) -> bool:
    """A photo caption or credit: '© ...', '(Reuters / Name)', '... - Outlet International'.

    `suffix` is the line's `credit_suffix`, which the caller has already read.
    """
    low = folded(line)
    if (
        len(line) <= _ARTWORK_CHARS
        and ("courtesy" in low or "×" in line or " x " in line)
        and _artwork_caption(line)
    ):
        return True
    if not _caption_hint(line, low):
        return False
    if len(line) <= 80 and is_bare_credit(line) and word_count(line) <= 8:
        return True
    # Credits close a caption: only its tail needs the (costly) end patterns.
    tail, low_tail = line[-90:], low[-90:]
    tail_hint = has_any(tail, _CREDIT_MARKS) or has_any(low_tail, _CREDIT_NAMES)
    if _CAPTION_START.search(line):
        return True
    if word_count(line, _LONGEST_CAPTION + 1) > _LONGEST_CAPTION:
        return False  # a paragraph ending in "[… / …]" or "(… Reuters)" is no caption
    if tail_hint and _credit_at_end(tail, low_tail):
        return True
    if "/" in tail and _PHOTOGRAPHER_CREDIT.search(tail):
        return True
    if suffix is None:
        return bool(_POSITION_MARK.search(line) and not ends_sentence(line))
    if suffix in repeated_suffixes or _CREDIT_WORD.search(suffix):
        return True
    return bool(source and source.lower() in suffix.lower())
