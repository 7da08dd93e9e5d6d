"""Attribute each quotation to its speaker, with the cue that says so.

Looks for the attribution where news writing puts it: right after the quote
('…," Lavrov said', '…," said the minister'), before it in the same sentence
('Lavrov stressed that "…"', 'According to the ministry, "…"'), or not at all
(a second quote continuing the first, a paragraph continuing a quote), or
right after it ('That was the view of Dr Helen Carter'). The subject found is
then resolved: a surname to the fullest name in the article, "she" to the
nearest subject who can be a woman (or, with nobody before, the person who
opens the next sentence), "the Russian top diplomat" to the person whose role
fits, "the statement" or "the company" to the organisation it came from.
"""

from __future__ import annotations

import bisect
import heapq
import re
import sys
from collections.abc import Iterator
from typing import Any

from store.text.cues import (
    ACCORDING,
    CUE,
    PRONOUNS,
    SENTENCE_START,
    STATEMENT_WORDS,
    Found,
    after_quote,
    before_quote,
    subject_after,
    subject_before,
)
from store.text.names import (
    NOT_NAMES,
    ORG_DESCRIPTORS,
    ORG_HEADS,
    POSSESSIVE,
    ROLE_WORDS,
    Registry,
    capital_runs,
    is_capitalised,
    org_names,
    strip_possessive,
)
from store.text.quotes import QuoteSpan

_SUBJECT_WORD = re.compile(r"[\w'’.\-]+")
# How far after a quote the next sentence may name its speaker.
_NEXT_SENTENCE = 250
_VIEW_OF = re.compile(
    r"[\s.,;:!?\"'”’]*(?:(?:That|This|Those|These|Such)\s+(?:is|was|are|were|has\s+been)"
    r"\s+(?:the\s+|a\s+)?(?:[a-z]+\s+){0,2}?(?:of|from)|So\s+(?:says|said))"
    r"\s+((?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Gov|Rep)\.\s+)?[^,.;:\n]+)"
)
# '"…" - Jo Lee' or '"…". — J. Lee, Ohio': a speaker who signs off after a dash.
_SIGNED = re.compile(
    r"[.,]?[ \t\u00a0]*[-–—][ \t\u00a0]*((?:[A-Z][\w'’.\-]*[ \t\u00a0]+){0,3}[A-Z][\w'’\-]*)"
    r"(?:,[^\n]*)?\s*$"
)
_WORD = re.compile(r"\w+")
_TERM_WORDS = 3
_Carried = tuple[str | None, str | None]
"""A speaker and cue that a quote without its own attribution takes."""
# The gender each personal pronoun asks of the person it stands for.
_PRONOUN_GENDER = {"he": "m", "she": "f", "он": "m", "она": "f", "его": "m", "её": "f", "ее": "f"}
_SENTENCE_STOPS = (".", "!", "?", "…")
_ACRONYM = re.compile(r"(?:the\s+)?[A-Z]{2,6}")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_VERB_AFTER = re.compile(r"[\s,]*([a-z]+)")
_ACCORDING_TO = re.compile(r"[,.:;\"“]")
# A name, then where the person is from: the name is the word before "of".
_OF_PLACE = re.compile(r".*?([\w'’\-]+)\s+(?:of|from)\s+(?:the\s+)?[A-Z]")


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether a position is inside one of some sorted spans: a name in a quote is
    no one's attribution."""
    at = bisect.bisect_right(spans, (position, sys.maxsize)) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]


class Attributor:
    """Resolves the speakers of an article's quotes, in reading order."""

    def __init__(self, text: str, registry: Registry, quoted: list[tuple[int, int]]) -> None:
        self.text = text
        self.registry = registry
        # The registry read the headline before the body: its positions run ahead.
        shift = self._shift = registry.length - len(text)
        # The people who are the subject of a sentence, where, in order.
        self._subjects = [
            (pos - shift, name)
            for pos, surname in registry.subjects
            if (name := registry.person(surname)) and not _inside(quoted, pos - shift)
        ]
        # Who is talked about where, sorted: (position, 'person' | 'org', name).
        self._timeline: list[tuple[int, str, str]] = sorted(
            [(pos - shift, "org", org) for pos, org in registry.orgs]
            + [(pos, "person", name) for pos, name in self._subjects]
        )
        self._orgs: dict[str, list[str]] = {}
        self._people: dict[str, str] = {}  # subject phrase -> the known person it names
        self._spoke: set[str] = set()  # the speakers found so far
        # An organisation by its first word, as the article shortens it: "Helix" said.
        self._org_by_word: dict[str, str] = {}
        for _, org in reversed(registry.orgs):
            self._org_by_word[org.split()[0]] = org  # the first named wins
        self._mentions = [(pos - shift, surname) for pos, surname in registry.mentions]
        # Speech verbs outside the quotes put their subjects on the timeline too. They
        # are read backwards from a look-up's position, only as far as it goes: most
        # look-ups stop at the nearest name, and many articles never look back at all.
        ends = [0] + [b for _, b in quoted]  # one more than the quotes: zip stops at the last
        # Only what comes before a quote can tell who spoke it.
        self._gaps = [(a, b) for a, b in zip(ends, [a for a, _ in quoted], strict=False) if a < b]
        self._gap_starts = [a for a, _ in self._gaps]
        self._gap_verbs: dict[int, list[re.Match[str]]] = {}
        self._verb_entries: dict[int, tuple[int, str, str] | None] = {}  # by the verb's start
        self._filled = (0, 0)  # (gap, verb in it): every verb before it has been read
        self._reading_verbs = False

    def _verbs_in_gap(self, gap: int) -> list[re.Match[str]]:
        if gap not in self._gap_verbs:
            self._gap_verbs[gap] = list(CUE.finditer(self.text, *self._gaps[gap]))
        return self._gap_verbs[gap]

    def _verbs_before(self, position: int) -> Iterator[re.Match[str]]:
        """The speech verbs that start before a position, nearest first."""
        for gap in range(bisect.bisect_left(self._gap_starts, position) - 1, -1, -1):
            for match in reversed(self._verbs_in_gap(gap)):
                if match.start() < position:
                    yield match

    def _verb_entry(self, match: re.Match[str]) -> tuple[int, str, str] | None:
        """The timeline entry of one speech verb's subject, if it names someone.

        Each subject is resolved as if the verbs were read from the start of the
        article with nothing else known: only the verbs before it count.
        """
        if match.start() not in self._verb_entries:
            reading, self._reading_verbs = self._reading_verbs, True
            try:
                self._verb_entries[match.start()] = self._read_verb(match)
            finally:
                self._reading_verbs = reading
        return self._verb_entries[match.start()]

    def _read_all_verbs_before(self, position: int) -> None:
        """Read every speech verb before a position, in text order.

        A subject that looks back reads the verbs before it this way, so that
        resolving one verb never waits on resolving a chain of others.
        """
        gap, at = self._filled
        while gap < len(self._gaps) and self._gaps[gap][0] < position:
            verbs = self._verbs_in_gap(gap)
            while at < len(verbs) and verbs[at].start() < position:
                self._filled = (gap, at)  # a verb being read looks back only before itself
                self._verb_entry(verbs[at])
                at += 1
            if at < len(verbs):
                break
            gap, at = gap + 1, 0
        self._filled = (gap, at)

    def _read_verb(self, match: re.Match[str]) -> tuple[int, str, str] | None:
        """The subject of one speech verb as a timeline entry, if it names someone."""
        if match.group(0).lower() in ACCORDING:
            found = _ACCORDING_TO.split(self.text[match.end() : match.end() + 80], 1)[0]
        else:
            lead = self.text[max(0, match.start() - 80) : match.start()].rsplit("\n", 1)[-1]
            found = subject_before(lead)
            if found is None and lead.rstrip().endswith(","):
                found = subject_after(self.text[match.end() : match.end() + 80])  # ", said X"
        if found and found not in PRONOUNS:
            name, kind = self._name_of(found.strip(), match.start())
            if name:
                return (match.start(), kind, name)
        return None

    def _before(self, position: int) -> Iterator[tuple[int, str, str]]:
        """Timeline entries before a position, nearest first.

        While a speech verb is read, only the subjects of the verbs before it count.
        """
        if self._reading_verbs:
            self._read_all_verbs_before(position)
        verbs = (
            entry
            for match in self._verbs_before(position)
            if (entry := self._verb_entry(match)) is not None
        )
        if self._reading_verbs:
            return verbs
        others = reversed(self._timeline[: bisect.bisect_left(self._timeline, (position,))])
        return heapq.merge(others, verbs, reverse=True)

    def _last(self, position: int, kind: str) -> str | None:
        for _, k, name in self._before(position):
            if k == kind:
                return name
        return None

    def _last_person(self, position: int, gender: str | None = None) -> str | None:
        """The nearest person before a position that 'he' or 'she' can stand for: the
        nearest subject that fits, unless a name known to be of that gender comes
        after a subject whose gender is unknown; with no subject, the nearest name
        of that gender, else the nearest name of unknown gender."""
        subject: tuple[int, str] | None = None
        for at, kind, name in self._before(position):
            if kind == "person" and self._may_be(name, gender):
                subject = (at, name)
                break
        if gender is None:
            return subject[1] if subject else None
        if subject and self.registry.gender(subject[1]) == gender:
            return subject[1]
        since = subject[0] if subject else -1
        unknown: str | None = None  # the nearest name of no known gender
        for at in range(bisect.bisect_left(self._mentions, (position,)) - 1, -1, -1):
            mentioned, surname = self._mentions[at]
            if mentioned < since:
                break
            named = self.registry.person(surname)
            if named and (known := self.registry.gender(named)) == gender:
                return named
            if named and known is None and unknown is None:
                unknown = named
        # With no subject that fits, the person named last whom the pronoun may be.
        return subject[1] if subject else unknown

    def _may_be(self, name: str, gender: str | None) -> bool:
        """Whether a name is a person the article names (or a speaker), of a gender."""
        if name not in self._spoke and self.registry.person(name.split()[-1]) != name:
            return False  # "In Seattle, …": a capitalised word, not a person
        known = self.registry.gender(name)
        return gender is None or known is None or known == gender

    def _name_of(self, subject: str, position: int) -> tuple[str | None, str]:
        """Resolve a subject phrase to (name, 'person' | 'org' | 'statement')."""
        if subject in self._people:
            return self._people[subject], "person"  # a name met before, wherever it stands
        low = subject.lower()
        if low in PRONOUNS:
            kind = PRONOUNS[low]
            if kind == "person":
                return self._last_person(position, _PRONOUN_GENDER.get(low)), kind
            return self._last(position, kind), kind
        words_ = [strip_possessive(w) for w in _SUBJECT_WORD.findall(subject)]
        lowered = {w.lower() for w in words_}
        known = self.registry.person(words_[-1]) if words_ else None
        if known is None and (of_place := _OF_PLACE.match(subject)):
            # "Sen. Tom Reilly of Ohio", "inspector Ann Lee from the city police"
            known = self.registry.person(of_place.group(1))
            if known:
                self._people[subject] = known
                return known, "person"
        if known is None and len(words_) == 1 and is_capitalised(words_[0]):
            nearest = self._nearest_named(words_[0], position)
            if nearest:
                return nearest, "person"  # not kept: further on, another may be nearer
        if known and words_[-1].lower() not in ORG_HEADS:
            # "Kremlin spokesman Dmitry Peskov": the person, not the Kremlin.
            self._people[subject] = known
            return known, "person"
        if subject not in self._orgs:
            self._orgs[subject] = org_names(subject)
        orgs = self._orgs[subject]
        if orgs:
            return orgs[0], "org"
        if len(words_) == 1 and words_[0] in self._org_by_word:
            return self._org_by_word[words_[0]], "org"
        if lowered & STATEMENT_WORDS:
            return None, "statement"
        heads = lowered & ORG_HEADS
        if not heads and words_ and words_[-1].lower() in ORG_DESCRIPTORS:
            heads = {words_[-1].lower()}  # "the utility", not "the grid operator RTE"
        if heads and not (lowered & ROLE_WORDS):
            return self._last_org_with(heads, position) or self._last(position, "org"), "org"
        if _ACRONYM.fullmatch(subject):
            return subject.removeprefix("the").strip(), "org"  # "the GDL", "NATO"
        if lowered & ROLE_WORDS and (
            low.startswith(("the ", "a ", "an "))
            or not is_capitalised(words_[-1])
            or words_[-1].lower() in ROLE_WORDS
        ):
            return self._described(subject, words_, position), "person"
        if words_ and (is_capitalised(words_[-1]) or words_[-1].isupper()):
            tail: list[str] = []
            for word in reversed(words_):
                if not (is_capitalised(word) or word.isupper()) or word.lower() in NOT_NAMES:
                    break
                tail.insert(0, word)
            if not tail:
                return None, "person"  # "When I asked": no name at all
            return self.registry.person(words_[-1]) or " ".join(tail), "person"
        return None, "person"

    def _nearest_named(self, word: str, position: int) -> str | None:
        """The person named last before a position whose name holds a word that two
        people's names share: "Kim said" after "Kim Soo-ah" and "Kim Dae-ho"."""
        for at in range(bisect.bisect_left(self._mentions, (position,)) - 1, -1, -1):
            named = self.registry.person(self._mentions[at][1])
            if named and word in named.split():
                return named
        return None

    def _described(self, subject: str, words_: list[str], position: int) -> str | None:
        """'the Russian top diplomat': the person whose role fits, else the phrase itself."""
        named = self.registry.by_role(subject, position + self._shift)
        if named:
            return named
        if any(is_capitalised(w) for w in words_[1:]):
            return _ARTICLE.sub("", subject)
        return self._last(position, "person")

    def _last_org_with(self, heads: set[str], position: int) -> str | None:
        for _, kind, name in self._before(position):
            if kind == "org" and heads & set(name.lower().split()):
                return name
        return None

    def attribute(
        self, paragraphs: list[tuple[int, int, list[QuoteSpan]]]
    ) -> list[tuple[QuoteSpan, str | None, str | None]]:
        """(quote, speaker, cue) for every quote of every paragraph, in order."""
        results: list[list[Any]] = []
        chain_speaker: _Carried | None = None  # an open quote's, for the paragraph going on
        previous: _Carried | None = None  # of a paragraph that ends with a quote
        for p_start, p_end, spans in paragraphs:
            para_results: list[list[Any]] = []
            for i, span in enumerate(spans):
                if i > 0:
                    carried: _Carried | None = (para_results[-1][1], para_results[-1][2])
                elif span.continues:
                    carried = chain_speaker
                elif not self.text[p_start : span.open_mark].strip():
                    carried = previous  # a quote opening a paragraph, after one ending with one
                else:
                    carried = None
                speaker, cue, kind = self._attribute_one(p_start, p_end, spans, i, carried)
                para_results.append([span, speaker, cue, kind])
                if speaker and kind in ("person", "org"):
                    bisect.insort(self._timeline, (span.start, kind, speaker))
                    self._spoke.add(speaker)
            self._fill_within(para_results)
            if para_results:
                last = para_results[-1]
                chain_speaker = (last[1], last[2]) if not last[0].closed else None
            previous = self._ending_speaker(para_results, p_end)
            results.extend(para_results)
        self._resolve_statements(results)
        return [(r[0], r[1], r[2]) for r in results if r[2] is not None or not self._term(r[0])]

    def _term(self, span: QuoteSpan) -> bool:
        """Whether a quote is a term in quotation marks ('the "sharing economy"', 'a
        "query builder"'): three words or fewer that no speech verb attributes."""
        return len(_WORD.findall(self.text, span.start, span.end)) <= _TERM_WORDS

    def _attribute_one(
        self, p_start: int, p_end: int, spans: list[QuoteSpan], i: int, carried: _Carried | None
    ) -> tuple[str | None, str | None, str]:
        """(speaker, cue, kind) of quote i of a paragraph; `carried` is the attribution
        it takes when it has none of its own (the quote before it goes on)."""
        span = spans[i]
        window = self._window(p_start, spans, i)
        found = after_quote(self.text, span, p_end)
        if found and self.text[span.end - 1 : span.end] in _SENTENCE_STOPS:
            # 'Ruiz said that "… schedules." Haddad agreed that …': the quote ended
            # its sentence, and the next one is about the next quote.
            found = before_quote(self.text, window, span) or found
        found = (
            found
            or before_quote(self.text, window, span)
            or after_quote(self.text, span, p_end, past_clause=True)
        )
        if found and not found.subject:
            subject = self._sentence_subject(window, span)
            found = Found(subject.subject, found.cue, found.position) if subject else None
        if found:
            speaker, kind = self._name_of(found.subject, span.start)
            gender = _PRONOUN_GENDER.get(found.subject.lower(), "")
            if speaker is None and gender:
                speaker = self._named_next(found.position, gender)  # '…," she said. Jane Doe, …'
            return speaker, found.cue.lower(), kind
        named = self._named_after(span, p_end)
        if named:
            return named, None, "person"
        if carried:
            return carried[0], carried[1], "carried"
        found = self._sentence_subject(window, span)
        if found:
            speaker, kind = self._name_of(found.subject, span.start)
            return speaker, found.cue.lower(), kind
        return None, None, "unknown"

    def _named_next(self, position: int, gender: str) -> str | None:
        """The person opening the next sentence, if they fit a pronoun that has nobody
        before it to stand for."""
        next_sentence = SENTENCE_START.search(self.text, position, position + _NEXT_SENTENCE)
        if next_sentence is None:
            return None
        at = bisect.bisect_left(self._subjects, (next_sentence.end(),))
        if at == len(self._subjects) or self._subjects[at][0] > next_sentence.end() + 40:
            return None
        name = self._subjects[at][1]
        return name if self._may_be(name, gender) else None

    def _named_after(self, span: QuoteSpan, p_end: int) -> str | None:
        """'"…" That was the view of Dr Helen Carter, …' or '"…" - Jo Lee' ending the
        paragraph: a speaker named right after."""
        after = span.close_mark + 1 if span.close_mark is not None else span.end
        named = _VIEW_OF.match(self.text, after, after + _NEXT_SENTENCE) or _SIGNED.match(
            self.text, after, p_end
        )
        if named is None:
            return None
        speaker, kind = self._name_of(named.group(1).strip(), after)
        return speaker if kind in ("person", "org") else None

    def _ending_speaker(self, para_results: list[list[Any]], p_end: int) -> _Carried | None:
        """The attribution of a paragraph's last quote, if the paragraph ends in its
        sentence: a quote opening the next paragraph continues it."""
        if not para_results or not para_results[-1][1]:
            return None
        span = para_results[-1][0]
        if span.close_mark is None or SENTENCE_START.search(self.text, span.close_mark, p_end):
            return None
        return para_results[-1][1], para_results[-1][2]

    def _sentence_subject(self, window_start: int, span: QuoteSpan) -> Found | None:
        """'John Kerry thanked … for the "…"': the first person the sentence names."""
        lead = self.text[window_start : span.open_mark]
        for run in capital_runs(lead):
            words_ = [strip_possessive(w) for _, w in run]
            if run[-1][1].endswith(POSSESSIVE):
                continue  # "Spain's energy minister": a possessive, not a subject
            name = self.registry.person(words_[-1])
            plain = [w for w in words_ if w.lower() not in NOT_NAMES and w != "I"]
            if name is None and len(plain) >= 2 and plain == words_:
                name = " ".join(words_) if all(is_capitalised(w) for w in words_) else None
            if name:
                end = run[-1][0] + len(run[-1][1])
                verb = _VERB_AFTER.match(lead, end)
                return Found(name, verb.group(1) if verb else "", window_start + run[0][0])
        return None

    def _window(self, p_start: int, spans: list[QuoteSpan], i: int) -> int:
        """Where the lead-in of quote i starts: its sentence, after any earlier quote."""
        start = p_start
        previous_close = spans[i - 1].close_mark if i > 0 else None
        if previous_close is not None:
            start = previous_close + 1
        # The quote itself may open a new sentence ("she laughed. “Ask me…”"): the "A"
        # stands in for its first word, so a stop right before the mark counts.
        lead = self.text[start : spans[i].open_mark] + "A"
        boundaries = list(SENTENCE_START.finditer(lead))
        return start + boundaries[-1].end() if boundaries else start

    def _fill_within(self, para_results: list[list[Any]]) -> None:
        """A quote with no attribution of its own takes the next one's in its paragraph."""
        for i in range(len(para_results) - 2, -1, -1):
            if para_results[i][3] == "unknown" and para_results[i + 1][1]:
                para_results[i][1:3] = para_results[i + 1][1:3]
                para_results[i][3] = "carried"
        for row in para_results:
            if row[3] == "unknown":
                row[1] = self._last_person(row[0].start)

    def _resolve_statements(self, results: list[list[Any]]) -> None:
        """'the statement reads': the organisation whose words the article quotes nearby."""
        for i, row in enumerate(results):
            if row[3] != "statement":
                continue
            # The organisation quoted last before, else the one quoted next.
            before = (r for r in results[:i][::-1] if r[3] == "org")
            after = (r for r in results[i + 1 :] if r[3] == "org")
            pick = next(before, None) or next(after, None)
            row[1] = pick[1] if pick else self._last(row[0].start, "org")
            row[3] = "org"
