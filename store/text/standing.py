"""Where a name stands in its text, which says what it can be.

A run of capitalised words in a Title Case headline names nobody; the verb or
adverb opening a sentence ("Owning", "Reportedly") is no part of a name; a
name opening its sentence, or followed by its verb, is the sentence's subject,
the person a later "he" or "she" most likely stands for.
"""

from __future__ import annotations

import re

from store.text.gender import first_name_gender

_NOT_VERBS = frozenset(
    """of and or nor in on at to for with from by as but than the a an who whom whose which
    that is was are were be been has have had will would said""".split()
)


OPENER = re.compile(r"[A-Z][a-z]{2,}(?:ing|ly)\s+")
_SENTENCE_END_BEFORE = re.compile(r"(?:^|[.!?:][\"'”’)]*)[\s\"'“‘(]*$")


def without_opener(text: str, run: str, start: int) -> tuple[str, int]:
    """A run without the verb or adverb that opens its sentence: "Owning Time Warner"
    names Time Warner, "Reportedly John Smith" John Smith."""
    opener = OPENER.match(run)
    if (
        opener
        and first_name_gender(opener.group().strip()) is None  # "Kimberly", "Beverly"
        and _SENTENCE_END_BEFORE.search(text, max(0, start - 4), start)
    ):
        return run[opener.end() :], start + opener.end()
    return run, start


_LONG_WORD = re.compile(r"[^\W\d_][\w'’\-]{3,}")
_LONG_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-zß-öø-ÿа-яё][\w'’\-]{3,}")


def is_headline(text: str, line_start: int) -> bool:
    """Whether a line is a headline in Title Case: every word of four letters or more
    capitalised, with at least three of them."""
    line_end = text.find("\n", line_start)
    line_end = line_end if line_end >= 0 else len(text)
    if _LONG_LOWER_WORD.search(text, line_start, line_end):
        return False  # most lines: a sentence shows a long lower-case word early on
    return len(_LONG_WORD.findall(text, line_start, line_end)) >= 3


_PREPOSITIONS = frozenset("the a an at of in on for from to with by into about".split())
# Where a sentence starts: after a stop that does not close a title ("Mr.", "Dr.").
_SENTENCE_START_BEFORE = re.compile(
    r"(?:(?<!Mr)(?<!Ms)(?<!Mrs)(?<!Dr)(?<!St)[.!?][\"'”’)]*\s+|\n)([^.!?\n]*)$"
)


def is_subject(text: str, start: int, end: int) -> bool:
    """Whether a name is a subject: a verb follows it ('Mwangi accused'), or it is
    among the first words of its sentence, set apart ('Her neighbour, Tom Baker, …')."""
    if word_before(text, start) in _PREPOSITIONS:
        return False  # "at the J.P. Norton bank": the object of a preposition
    after = text[end : end + 20].split()
    if after and after[0].islower() and after[0] not in _NOT_VERBS:
        return True
    if after and after[0] in _AFFILIATIONS:
        return _verb_past_affiliation(text, end)
    return text[end : end + 1] == "," and _opens_sentence(text, start)


_AFFILIATIONS = frozenset({"of", "from", "at"})
_IN_AFFILIATION = frozenset({"of", "from", "at", "the", "for", "in", "and", "&"})


def _verb_past_affiliation(text: str, end: int) -> bool:
    """Whether a verb follows the place a name is from: 'Keiko Sato of the Harbour
    Institute for Tides in Portree said …'."""
    words = text[end : end + 120].split()
    i = 0
    while i < len(words) and (words[i] in _IN_AFFILIATION or words[i][:1].isupper()):
        if words[i].endswith((".", "!", "?", ";", ":")):
            return False  # the sentence ends with the place: no verb of the name's
        i += 1
    verb = words[i] if 1 < i < len(words) else ""
    return verb.isalpha() and (verb == "said" or verb not in _NOT_VERBS)


_VERB_AFTER = re.compile(r" ([a-z]+(?:ed|s)|had)\b")
_NOT_LONE_VERBS = _NOT_VERBS - {"was", "is", "has", "had"}


def is_lone_subject(text: str, start: int, end: int) -> bool:
    """Whether a surname standing alone is a subject: it opens its sentence, and a
    comma or a verb in the past or present follows ('Kariuki dismissed the threat').
    A plain noun after it is no verb: "Harlow council officials"."""
    if text[end : end + 1] != ",":
        verb = _VERB_AFTER.match(text, end)
        if verb is None or verb.group(1) in _NOT_LONE_VERBS:
            return False  # "Holt was defiant" is a subject; "Harlow council officials" not
    return word_before(text, start) not in _PREPOSITIONS and _opens_sentence(text, start)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a name is among the first words of its sentence, outside a heading."""
    lead_start = max(0, start - 40)
    opening = _SENTENCE_START_BEFORE.search(text, lead_start, start)
    if opening is None:
        opens = lead_start == 0 and len(text[:start].split()) <= 3  # the text's first words
    else:
        opens = len(opening.group(1).split()) <= 3
    return opens and not _in_heading(text, start)


def _in_heading(text: str, position: int) -> bool:
    """Whether a position is in a heading: a short line that ends without a stop."""
    line_end = text.find("\n", position)
    line = text[text.rfind("\n", 0, position) + 1 : line_end if line_end >= 0 else len(text)]
    # Split no further than a seventh word: most lines are whole paragraphs.
    return len(line.split(None, 6)) <= 6 and not line.rstrip().endswith(
        (".", "!", "?", ":", '"', "”")
    )


def word_before(text: str, pos: int) -> str:
    """The word right before a position (within 30 characters), lower-cased, without a comma."""
    before = text[max(0, pos - 30) : pos].rsplit(None, 1)
    if not before:
        return ""
    word = before[-1].strip(",").lower()
    return word.rstrip(".") if len(word) <= 4 else word  # "Ms." but not "president."
