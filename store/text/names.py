"""People and organisations named in an article, and the roles given to them.

Built from capitalised runs of words: "Russian Foreign Minister Sergey Lavrov"
gives the person "Sergey Lavrov" with the role words {russian, foreign,
minister}; "the Russian Foreign Ministry" gives an organisation. The registry
answers "who is 'Lavrov'?" (the fullest name) and "who is 'the Russian top
diplomat'?" (the person whose role fits).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from store.text.gender import first_name_gender, pronoun_after, title_gender
from store.text.patterns import trie_pattern
from store.text.standing import (
    OPENER,
    is_headline,
    is_lone_subject,
    is_subject,
    without_opener,
    word_before,
)

ROLE_WORDS = frozenset(
    """president minister foreign prime secretary state deputy chairman chairwoman chair
    spokesman spokeswoman spokesperson senator sen rep representative governor mayor general
    gen colonel ambassador envoy director chief head leader ceo chancellor king queen prince
    pope judge justice attorney commissioner undersecretary under vice speaker member professor
    dr mr mrs ms defense defence interior finance economy trade health energy affairs aide
    adviser advisor press officer commander admiral lt major captain senior former ex top
    diplomat lawmaker mp official analyst expert executive founder premier emir sheikh
    counterpart colleague host anchor reporter correspondent editor author principal manager
    chief police superintendent councilmember councilman councilwoman sheriff coach inspector
    detective sergeant nurse doctor teacher student grader resident trader farmer worker
    activist lawyer economist scientist researcher psychologist lieutenant mp spokesperson
    chairperson president-elect prosecutor minister-president miss physician surgeon
    reviewer critic columnist councillor cllr challenger striker midfielder
    goalkeeper defender boxer fighter teammate veteran firefighter paramedic engineer
    novelist poet artist actor actress filmmaker entrepreneur investor landlord tenant
    shopkeeper florist owner neighbour neighbor witness victim survivor
    father wife husband daughter sister brother grandmother grandfather aunt uncle
    promoter prof producer guitarist drummer bassist vocalist frontman frontwoman
    photographer architect curator historian presenter playwright comedian choreographer
    composer pianist violinist cellist illustrator journalist broadcaster commentator
    pundit referee umpire jockey cyclist sprinter swimmer golfer batsman midwife
    pharmacist dentist veterinarian accountant consultant strategist pollster
    campaigner organiser organizer volunteer headteacher headmaster headmistress
    lecturer reverend rev imam rabbi archbishop gov det sgt insp supt""".split()
)
ORG_HEADS = frozenset(
    """ministry department office council committee commission agency service services kremlin
    pentagon house government administration party union organization organisation bank
    court parliament duma assembly congress senate embassy army navy forces force coalition
    front federation group company corporation inc ltd association foundation institute
    university police board bureau authority authorities cabinet command staff states
    nations kingdom republic times post news network channel guard hospital college school
    clinic fund capital holdings partners energy motors airlines trust market
    therapeutics pharmaceuticals pharma foods digital technologies systems labs logistics
    industries insurance ventures studios publishing campaign alliance society league
    club partnership charity utilities airways""".split()
)
# Nouns by which a report names an organisation it named before ("the firm said"),
# besides the head words above ("the company said").
ORG_DESCRIPTORS = frozenset(
    """firm publisher utility maker manufacturer retailer lender insurer carrier airline
    operator developer regulator watchdog broadcaster startup team""".split()
)
NOT_NAMES = frozenset(
    """the a an in on at as but and of for with during after before according when while if
    this that these those both earlier later meanwhile however moreover nonetheless following
    addressing today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    he she it they we i you his her its their our my there here what who why how where not
    no yes also then mr mrs ms unlike despite although though because since until unless
    whereas without within under over among amid against like beyond besides beside behind
    between through throughout toward towards upon via once even still yet just only asked
    told says inside outside across around near including regarding whether perhaps instead
    from into about above below every each many most some several such other another all
    any thus hence indeed""".split()
)
# Role words that say what a title is about, not who holds it: "Energy Control" is
# no person "Control" the way "Minister Control" would be.
FIELD_WORDS = frozenset(
    """foreign state defense defence interior finance economy trade health energy
    affairs press senior former ex top under vice""".split()
)
PROPER_ORGS = frozenset({"kremlin", "pentagon", "duma", "congress", "senate", "parliament"})
PARTICLES = frozenset({"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "le", "la"})
# Role phrases that stand for one another ("top diplomat" is a foreign minister
# or a secretary of state, depending on the country).
ROLE_SYNONYMS = {
    "diplomat": ({"foreign", "minister"}, {"secretary", "state"}, {"foreign", "secretary"}),
    "fm": ({"foreign", "minister"},),
    "premier": ({"prime", "minister"},),
    "doctor": ({"dr"},),
    "physician": ({"dr"},),
    "councillor": ({"cllr"},),
    "cllr": ({"councillor"},),
}

INITIALS = re.compile(r"^(?:[A-ZА-ЯЁ]\.)+$")
"""Initials standing for a name: "D.K.", "А."."""
_LEADING_ARTICLE = re.compile(r"^(?:The|A)\s+")
_DESCRIPTION_WORD = re.compile(r"[\w'’.]+")


@dataclass
class Person:
    """Someone the article names: every form of the name and every role word seen."""

    name: str
    order: int = 0
    """How many people the article named before this one."""
    roles: set[str] = field(default_factory=set)
    nationality: set[str] = field(default_factory=set)
    gender_votes: dict[str, int] = field(default_factory=dict)
    """How often the article says the person is a man ('m') or a woman ('f')."""

    @property
    def surname(self) -> str:
        """The last word of the name, the key that short mentions share."""
        return self.name.split()[-1]


def nationality_key(word: str) -> str:
    """A coarse key shared by 'Russia', 'Russian' and 'Russia's'; 'US' and 'U.S.' alike."""
    bare = strip_possessive(word).replace(".", "").lower()
    if bare in ("us", "usa", "american", "america", "united"):
        return "us"
    return bare[:5]


POSSESSIVE = ("'s", "’s")
"""The endings of a possessive: "Russia's", "Russia’s"."""


def strip_possessive(word: str) -> str:
    """'Russia’s' -> 'Russia'."""
    return word[:-2] if word.endswith(POSSESSIVE) else word


def is_capitalised(word: str) -> bool:
    """A proper-noun-looking word: capital first letter, some lower case after."""
    rest = word[1:]
    return word[:1].isupper() and rest != rest.upper()


@functools.lru_cache(maxsize=8192)
def _name_part(word: str) -> bool:
    if INITIALS.match(word):
        return True  # "D.K." in "D.K. Shivakumar"
    bare = strip_possessive(word).rstrip(".")
    low = bare.lower()
    if low in NOT_NAMES or low in ROLE_WORDS or low in ORG_HEADS:
        return False
    if "-" in low and any(part in ROLE_WORDS for part in low.split("-")):
        return False  # "Secretary-General", "Eighth-grader"
    if "-" in bare and bare.split("-")[0].lower() in PARTICLES:
        return True
    return is_capitalised(bare) and len(bare) >= 2


@dataclass
class Registry:
    """The people and organisations of one article."""

    people: dict[str, Person] = field(default_factory=dict)
    orgs: list[tuple[int, str]] = field(default_factory=list)
    subjects: list[tuple[int, str]] = field(default_factory=list)
    """(position, surname) where a person is the subject of a verb ('Mwangi accused') or
    opens a sentence ('Dr Sam Patel, a physician, …')."""
    mentions: list[tuple[int, str]] = field(default_factory=list)
    """(position, surname) of every name of a person, in text order."""
    length: int = 0
    """The length of the text read: the body's positions are its last ones."""
    _found: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Answers of `person`, forgotten whenever `add` adds or renames a person."""

    def add(
        self,
        name_words: tuple[str, ...],
        roles: frozenset[str],
        nationality: frozenset[str],
    ) -> None:
        """Register a person by the words of their name, with role and nationality words."""
        self._found.clear()
        surname = name_words[-1]
        person = self.people.get(surname)
        if person is None:
            person = self.people[surname] = Person(" ".join(name_words), len(self.people))
        elif len(name_words) > len(person.name.split()):
            person.name = " ".join(name_words)
        person.roles |= roles
        person.nationality |= nationality

    def person(self, mention: str) -> str | None:
        """The fullest name of a person mentioned by any form of the name, if known."""
        if mention not in self._found:
            self._found[mention] = self._look_up(mention)
        return self._found[mention]

    def _look_up(self, mention: str) -> str | None:
        parts = [strip_possessive(p) for p in mention.split()]
        if not parts:
            return None
        best = self.people.get(parts[-1])
        if best is None:
            # An inflected surname ("Пескова" for "Песков"): the known surname it extends.
            stems = [p for key, p in self.people.items() if parts[-1].startswith(key)]
            best = (
                stems[0]
                if len(stems) == 1 and len(parts[-1]) - len(stems[0].surname) <= 2
                else None
            )
        # Family name first ("Li Qiang" ... "Li said", "President Li"), or the first
        # words of a longer name: the one fuller name (by two words at most) the words
        # stand in, before its last word. A name of two words or more stands for one
        # named before it ("Ana Rosa" for "Ana Rosa Tuilagi"), not for one met later.
        short = best.name.split() if best else parts
        before = best.order if best and len(short) > 1 else len(self.people)
        found = [
            p
            for p in self.people.values()
            if p.order < before
            and (fuller := p.name.split()[:-1])
            and len(fuller) <= len(short) + 1
            and _within(short, fuller)
        ]
        if len(found) == 1:
            best = found[0]
        return best.name if best else None

    def gender(self, name: str) -> str | None:
        """'m', 'f' or None: what the article says of a person, else the first name."""
        person = self.people.get(name.split()[-1])
        if person is None or person.name != name:
            return None
        votes = person.gender_votes
        male, female = votes.get("m", 0), votes.get("f", 0)
        # A common first name counts as much as one pronoun after the name, and wins a
        # tie: "Helen Marsh argued that Ardley … after he knew" says nothing of her.
        first = first_name_gender(name.split()[0]) if " " in name else None
        if first == "m":
            male += 1
        elif first == "f":
            female += 1
        if male != female:
            return "m" if male > female else "f"
        return first

    def by_role(self, description: str, before: int | None = None) -> str | None:
        """The person a description like 'the Russian top diplomat' points to: of those
        it fits, the one named last before a position, else the first one named."""
        ws = [w for w in _DESCRIPTION_WORD.findall(description) if w.lower() not in ("the", "a")]
        roles = {w.lower() for w in ws if w.lower() in ROLE_WORDS}
        nations = {nationality_key(w) for w in ws if is_capitalised(w) or w.isupper()}
        if not roles:
            return None
        wanted = [roles - {"top"}]
        for word in list(roles):
            for alt in ROLE_SYNONYMS.get(word, ()):
                wanted.append((roles - {word, "top"}) | alt)
        found = [
            p
            for p in self.people.values()
            if any(want <= p.roles for want in wanted)
            and (not nations or not p.nationality or nations & p.nationality)
        ]
        if len(found) > 1 and before is not None:
            fitting = {p.surname for p in found}
            for pos, surname in reversed(self.mentions):
                if pos < before and surname in fitting:
                    return self.people[surname].name
        return found[0].name if found else None


def _within(parts: list[str], words_: list[str]) -> bool:
    """Whether some words appear together, in order, among others."""
    n = len(parts)
    return any(words_[i : i + n] == parts for i in range(len(words_) - n + 1))


def org_names(text: str) -> list[str]:
    """Organisations named in a text ('the Russian Foreign Ministry’s statement')."""
    found = (_org_name([strip_possessive(w) for _, w in run]) for run in capital_runs(text))
    return [name for name in found if name]


_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
# A word's letters, with inner dots ("U.S", "St.Petersburg") but not a final one.
_WORD_BODY = r"[\w'’\-]*(?:\.(?=\w)[\w'’\-]*)*"
# Initials ("D.K.") only before another capitalised word.
_CAPITAL_WORD = rf"[{_UPPER}](?:(?:\.[{_UPPER}]){{0,2}}\.(?=[ \t\u00a0]+[{_UPPER}])|{_WORD_BODY})"
_PARTICLE_WORD = rf"(?<![\w-])(?:al|el|bin|ibn|abu)-[A-Z]{_WORD_BODY}"  # "al-Assad", "bin-Salman"
_NAME_WORD = rf"(?:{_CAPITAL_WORD}|{_PARTICLE_WORD})"
_JOINERS = trie_pattern(
    ("of", "the", "for", "al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "le", "la")
)
_RUN_REST = rf"(?:[ \t\u00a0]+(?:{_JOINERS}[ \t\u00a0]+)*{_NAME_WORD})*"
_RUN = re.compile(_NAME_WORD + _RUN_REST)
# The same runs on a text where no name starts with a lower-case particle: a
# pattern whose first character is a capital, which the engine scans for fast.
_CAPITAL_RUN = re.compile(_CAPITAL_WORD + _RUN_REST)
# A name that starts with a lower-case particle: "… said al-Sisi".
_PARTICLE_START = re.compile(
    "-(?:"
    + "|".join(rf"(?<={p}-)(?<![\w-]{p}-)" for p in ("al", "el", "bin", "ibn", "abu"))
    + ")[A-Z]"
)


def _runs(text: str) -> Iterator[re.Match[str]]:
    """Matches of runs of capitalised words in a text, in order.

    Runs are found from their capitals, which the engine skips to quickly; the
    rare run that opens with a particle ("… said al-Sisi") is matched where
    the particle stands, and takes the place of the capital run inside it.
    """
    particles = [_particle_start(text, m.start()) for m in _PARTICLE_START.finditer(text)]
    if not particles:
        return _CAPITAL_RUN.finditer(text)
    return _with_particle_runs(text, particles)


def _with_particle_runs(text: str, particles: list[int]) -> Iterator[re.Match[str]]:
    """The capital runs of a text, with the runs that open with a particle put in."""
    done = 0  # where the last run ended
    next_particle = 0
    for match in _CAPITAL_RUN.finditer(text):
        while next_particle < len(particles) and particles[next_particle] < match.start():
            start = particles[next_particle]
            next_particle += 1
            run = _RUN.match(text, start) if start >= done else None
            if run is not None:
                yield run
                done = run.end()
        if match.start() >= done:
            yield match
            done = match.end()
        elif match.end() > done:
            # A capital run that starts inside a particle run and goes on past it
            # ("al-A. Smith"): read the rest of the text the slow way.
            yield from _RUN.finditer(text, done)
            return
    for start in particles[next_particle:]:
        run = _RUN.match(text, start) if start >= done else None
        if run is not None:
            yield run
            done = run.end()


def _particle_start(text: str, hyphen: int) -> int:
    """Where the particle before a hyphen starts: 'al' in 'al-Sisi'."""
    return hyphen - (3 if text[hyphen - 3 : hyphen] in ("bin", "ibn", "abu") else 2)


def capital_runs(text: str) -> list[list[tuple[int, str]]]:
    """Runs of capitalised words, joined by 'of', 'the' and name particles."""
    return [_words_of(match) for match in _runs(text)]


def _words_of(run: re.Match[str]) -> list[tuple[int, str]]:
    """The words of a run with their positions in the text."""
    base = run.start()
    return [(base + at, word) for at, word in _split_with_offsets(run.group(0))]


_CONNECTORS = frozenset({"of", "the", "for"})


def _org_name(words_: list[str], lowered: list[str] | None = None) -> str | None:
    """The organisation a run of capitalised words names, if it names one.

    `lowered` are the words in lower case, when the caller has them.
    """
    lowered = lowered if lowered is not None else [w.lower() for w in words_]
    if ORG_HEADS.isdisjoint(lowered):
        return None
    heads = [i for i, low in enumerate(lowered) if low in ORG_HEADS and words_[i][:1].isupper()]
    if not heads:
        return None
    last = heads[-1]
    if last + 1 < len(words_) and words_[last + 1].lower() in ("of", "for"):
        last = len(words_) - 1  # "Office for the Coordination of Humanitarian Affairs"
    name = _LEADING_ARTICLE.sub("", " ".join(words_[: last + 1]))
    if " " not in name and name.lower() not in PROPER_ORGS:
        return None  # a bare "Union" or "Ministry" names no particular organisation
    return name or None


def _segments(words_: list[str], lowered: list[str]) -> list[tuple[int, list[str]]]:
    """A run cut at 'of', 'the' and 'for': a person's name never spans them.

    `lowered` are the words in lower case.
    """
    if _CONNECTORS.isdisjoint(lowered):
        return [(0, words_)]
    out: list[tuple[int, list[str]]] = []
    start = 0
    for i, low in enumerate([*lowered, "of"]):
        if low in _CONNECTORS:
            if i > start:
                out.append((start, words_[start:i]))
            start = i + 1
    return out


def build_registry(text: str) -> Registry:
    """Find the people and organisations of an article's text (title included).

    Headlines in Title Case name nobody: "Senator Flattered Obama" is no person.
    """
    registry = Registry(length=len(text))
    shapes: dict[str, _RunShape] = {}  # a name is mostly repeated word for word
    headline_lines: dict[int, bool] = {}  # by a line's start
    for match in _runs(text):
        whole, start = match.group(), match.start()
        one_word = whole.isalpha() or (
            " " not in whole and "\t" not in whole and "\u00a0" not in whole
        )
        if not one_word and OPENER.match(whole):
            whole, start = without_opener(text, whole, start)
            one_word = not any(space in whole for space in " \t\u00a0")
        if one_word:
            # Most runs are one word opening a sentence: "The", "He", "In".
            lone = _lone_word(whole)
            if lone == _NAME and not _role_before(text, start):
                if is_lone_subject(text, start, start + len(whole)):
                    registry.subjects.append((start, whole))  # "Bassi, a fisherman, keeps …"
                registry.mentions.append((start, strip_possessive(whole)))  # "Asked, Bassi …"
                continue
            if lone == _NOTHING:
                continue
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in headline_lines:
            headline_lines[line_start] = is_headline(text, line_start)
        if headline_lines[line_start]:
            continue
        shape = shapes.get(whole)
        if shape is None:
            shape = shapes[whole] = _shape_of(whole)
        if shape.org:
            registry.orgs.append((start, shape.org))
        if shape.candidates:
            _add_people(registry, text, start, shape)
    return registry


_NOTHING, _INSTITUTION, _NAME = range(3)
_TITLE_WORDS = ROLE_WORDS - FIELD_WORDS


@functools.lru_cache(maxsize=8192)
def _lone_word(word: str) -> int:
    """What a capitalised word standing alone can be: an institution ("the Kremlin
    said"), a name when a role comes right before it ("President Putin"), or nothing."""
    bare = strip_possessive(word)
    if bare.lower() in PROPER_ORGS:
        return _INSTITUTION
    return _NAME if _name_part(bare) else _NOTHING


class _Candidate(NamedTuple):
    """A person a run of capitalised words may name, as far as the run alone tells."""

    name_words: tuple[str, ...]
    first: int
    """Index of the name's first word in the run."""
    roles: frozenset[str]
    """Role words before the name in the run ("foreign minister")."""
    nationality: frozenset[str]


class _RunShape(NamedTuple):
    """What a run of capitalised words says wherever it stands."""

    words: list[tuple[int, str]]
    """Its words, with their offsets from the start of the run."""
    org: str | None
    candidates: list[_Candidate]


_NOTHING_BEFORE: frozenset[str] = frozenset()
# First words of place names, which look like people's: "South Korea", "New Zealand".
_PLACE_STARTS = frozenset(
    """north south east west northern southern eastern western central new los las san santa
    saint st hong sri saudi united costa puerto greater upper lower""".split()
)


def _shape_of(whole: str) -> _RunShape:
    """Read a run: the organisation it names and the people it may name."""
    run = _split_with_offsets(whole)
    words_ = [strip_possessive(w) for _, w in run]
    lowered_words = [w.lower() for w in words_]
    owners = [i for i, (_, w) in enumerate(run) if w.endswith(POSSESSIVE)]
    candidates = []
    named_until: int | None = None  # where the last segment's name ended
    after_org = False  # the segment before ends with an organisation's head word
    for seg_start, segment in _segments(words_, lowered_words):
        if named_until is not None and named_until < seg_start - 2:
            named_until = None  # a segment without a name came between
        follows_org, after_org = after_org, segment[-1].lower() in ORG_HEADS
        if owners:
            cut = max(
                (i + 1 - seg_start for i in owners if i < seg_start + len(segment) - 1),
                default=0,
            )
            if cut > 0:
                seg_start, segment = seg_start + cut, segment[cut:]
        name_words: list[str] = []
        for word in reversed(segment):
            if _name_part(word) or (name_words and word.lower() in PARTICLES):
                name_words.insert(0, word)
            else:
                break
        if not name_words or name_words[0].lower() in _PLACE_STARTS:
            continue
        first = seg_start + len(segment) - len(name_words)
        if first == seg_start and named_until is not None and named_until > 0:
            named_until = None
            continue  # "Tom Reilly of Ohio": where the person named is from
        if first == seg_start and follows_org:
            continue  # "the University of Portree": the organisation's place
        named_until = seg_start + len(segment)
        roles = nationality = _NOTHING_BEFORE
        if first:
            prefix = words_[:first]
            lowered = lowered_words[:first]
            roles = frozenset(w for w in lowered if w in ROLE_WORDS)
            nationality = frozenset(
                nationality_key(w)
                for w, low in zip(prefix, lowered, strict=True)
                if low not in ROLE_WORDS and low != "of" and low not in NOT_NAMES
            )
        candidates.append(_Candidate(tuple(name_words), first, roles, nationality))
    return _RunShape(run, _org_name(words_, lowered_words), candidates)


def _split_with_offsets(whole: str) -> list[tuple[int, str]]:
    """The words of a text with where each starts: `str.split` with offsets."""
    words_ = []
    at = 0
    for word in whole.split():
        at = whole.index(word, at)
        words_.append((at, word))
        at += len(word)
    return words_


def _add_people(registry: Registry, text: str, start: int, shape: _RunShape) -> None:
    """Register the people a run names where it stands, and where they are a subject."""
    before = word_before(text, start)
    for candidate in shape.candidates:
        names = candidate.name_words
        if len(names) < 2 and (candidate.roles | {before}).isdisjoint(_TITLE_WORDS):
            continue  # one word is a name only after a title ("President Putin")
        roles = candidate.roles | {before} if before in ROLE_WORDS else candidate.roles
        registry.add(names, roles, candidate.nationality)
        last_offset, last_word = shape.words[candidate.first + len(names) - 1]
        end = start + last_offset + len(last_word)
        subject = is_subject(text, start, end)
        _note_gender(registry.people[names[-1]], text, end if subject else -1, [before, *roles])
        registry.mentions.append((start + shape.words[candidate.first][0], names[-1]))
        if subject:
            registry.subjects.append((start + shape.words[candidate.first][0], names[-1]))


def _note_gender(person: Person, text: str, end: int, titles: list[str]) -> None:
    """Count what one mention says of a person's gender: a title counts most, and the
    pronoun after a subject ('Lucy Grant, a nurse who spent her life …', `end` ≥ 0)."""
    votes = person.gender_votes
    for title in titles:
        if found := title_gender(title):
            votes[found] = votes.get(found, 0) + 3
    if end >= 0 and (found := pronoun_after(text, end)):
        votes[found] = votes.get(found, 0) + 1


def _role_before(text: str, pos: int) -> bool:
    return word_before(text, pos) in ROLE_WORDS
