"""People and organisations named in an article, and the roles given to them.

Built from capitalised runs of words: "Russian Foreign Minister Sergey Lavrov"
gives the person "Sergey Lavrov" with the role words {russian, foreign,
minister}; "the Russian Foreign Ministry" gives an organisation. The registry
answers "who is 'Lavrov'?" (the fullest name) and "who is 'the Russian top
diplomat'?" (the person whose role fits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLE_WORDS = frozenset(
    """president minister foreign prime secretary state deputy chairman chairwoman chair
    spokesman spokeswoman spokesperson senator sen rep representative governor mayor general
    gen colonel ambassador envoy director chief head leader ceo chancellor king queen prince
    pope judge justice attorney commissioner undersecretary under vice speaker member professor
    dr mr mrs ms defense defence interior finance economy trade health energy affairs aide
    adviser advisor press officer commander admiral lt major captain senior former ex top
    diplomat lawmaker mp official analyst expert executive founder premier emir sheikh
    counterpart colleague host anchor reporter correspondent editor author""".split()
)
ORG_HEADS = frozenset(
    """ministry department office council committee commission agency service services kremlin
    pentagon house government administration party union organization organisation bank
    court parliament duma assembly congress senate embassy army navy forces force coalition
    front federation group company corporation inc ltd association foundation institute
    university police board bureau authority authorities cabinet command staff states
    nations kingdom republic times post news network channel guard""".split()
)
NOT_NAMES = frozenset(
    """the a an in on at as but and of for with during after before according when while if
    this that these those both earlier later meanwhile however moreover nonetheless following
    addressing today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    he she it they we i you his her its their our my there here what who why how where not
    no yes also then mr mrs ms""".split()
)
PARTICLES = frozenset({"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "le", "la"})
# Role phrases that stand for one another ("top diplomat" is a foreign minister
# or a secretary of state, depending on the country).
ROLE_SYNONYMS = {
    "diplomat": ({"foreign", "minister"}, {"secretary", "state"}, {"foreign", "secretary"}),
    "fm": ({"foreign", "minister"},),
    "premier": ({"prime", "minister"},),
}

_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\S")


@dataclass
class Person:
    """Someone the article names: every form of the name and every role word seen."""

    name: str
    roles: set[str] = field(default_factory=set)
    nationality: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        """The last word of the name, the key that short mentions share."""
        return self.name.split()[-1]


def nationality_key(word: str) -> str:
    """A coarse key shared by 'Russia', 'Russian' and 'Russia's'; 'US' and 'U.S.' alike."""
    bare = re.sub(r"['’]s$", "", word).replace(".", "").lower()
    if bare in ("us", "usa", "american", "america", "united"):
        return "us"
    return bare[:5]


def tokens(text: str) -> list[tuple[int, str]]:
    """(offset, token) pairs: words with inner apostrophes, dots and hyphens, or symbols."""
    return [(m.start(), m.group(0)) for m in _TOKEN.finditer(text)]


def strip_possessive(word: str) -> str:
    """'Russia’s' -> 'Russia'."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def is_capitalised(word: str) -> bool:
    """A proper-noun-looking word: capital first letter, some lower case after."""
    rest = word[1:]
    return word[:1].isupper() and rest != rest.upper()


def _name_part(word: str) -> bool:
    bare = strip_possessive(word).rstrip(".")
    low = bare.lower()
    if low in NOT_NAMES or low in ROLE_WORDS or low in ORG_HEADS:
        return False
    if "-" in bare and bare.split("-")[0].lower() in PARTICLES:
        return True
    return is_capitalised(bare) and len(bare) >= 2


@dataclass
class Registry:
    """The people and organisations of one article."""

    people: dict[str, Person] = field(default_factory=dict)
    orgs: list[tuple[int, str]] = field(default_factory=list)

    def person(self, mention: str) -> str | None:
        """The fullest name of a person mentioned by any form of the name, if known."""
        parts = [strip_possessive(p) for p in mention.split()]
        if not parts:
            return None
        key = parts[-1]
        best = self.people.get(key)
        return best.name if best else None

    def by_role(self, description: str) -> str | None:
        """The person a description like 'the Russian top diplomat' points to."""
        ws = [w for w in re.findall(r"[\w'’.]+", description) if w.lower() not in ("the", "a")]
        roles = {w.lower() for w in ws if w.lower() in ROLE_WORDS}
        nations = {nationality_key(w) for w in ws if is_capitalised(w) or w.isupper()}
        if not roles:
            return None
        wanted = [roles]
        for word in list(roles):
            for alt in ROLE_SYNONYMS.get(word, ()):
                wanted.append((roles - {word, "top"}) | alt)
        found = [
            p
            for p in self.people.values()
            if any(want - {"top"} <= p.roles for want in wanted)
            and (not nations or not p.nationality or nations & p.nationality)
        ]
        return found[0].name if len(found) == 1 else (found[0].name if found else None)

    def org_in(self, phrase: str) -> str | None:
        """The organisation a phrase names ('the Russian Foreign Ministry’s statement')."""
        for name in org_names(phrase):
            return name
        return None


def org_names(text: str) -> list[str]:
    """Capitalised runs that end in an organisation word ('Russian Foreign Ministry')."""
    out = []
    for run in capital_runs(text):
        words_ = [strip_possessive(w) for _, w in run]
        last = next((i for i in range(len(words_) - 1, -1, -1) if _is_org_head(words_[i])), None)
        if last is not None:
            name = " ".join(words_[: last + 1])
            name = re.sub(r"^(?:The|A)\s+", "", name)
            if name:
                out.append(name)
    return out


def _is_org_head(word: str) -> bool:
    return word.lower() in ORG_HEADS and word[:1].isupper()


_NAME_WORD = r"(?:[A-Z]|(?:al|el|bin|ibn|abu)-[A-Z])(?:[\w'’\-]|\.(?=\w))*"
_RUN = re.compile(
    rf"{_NAME_WORD}(?:[ \t\u00a0]+(?:(?:of|the|al|el|bin|ibn|de|da|van|von|der|le|la)"
    rf"[ \t\u00a0]+)*{_NAME_WORD})*"
)


def capital_runs(text: str) -> list[list[tuple[int, str]]]:
    """Runs of capitalised words, joined by 'of', 'the' and name particles."""
    runs = []
    for match in _RUN.finditer(text):
        if not any(ch.isalpha() for ch in match.group(0)):
            continue
        base = match.start()
        runs.append([(base + m.start(), m.group(0)) for m in _WORD_IN_RUN.finditer(match.group(0))])
    return runs


_WORD_IN_RUN = re.compile(r"\S+")


def build_registry(text: str) -> Registry:
    """Find the people and organisations of an article's text (title included)."""
    registry = Registry()
    for run in capital_runs(text):
        words_ = [w for _, w in run]
        lone = len(words_) == 1 and not _is_org_head(strip_possessive(words_[0]))
        # A lone capitalised word is a name only after a role ("President Putin").
        if lone and not (_role_before(text, run[0][0]) and _name_part(words_[0])):
            continue
        name_words: list[str] = []
        for word in reversed(words_):
            if _name_part(word) or (name_words and strip_possessive(word).lower() in PARTICLES):
                name_words.insert(0, strip_possessive(word))
            else:
                break
        prefix = words_[: len(words_) - len(name_words)]
        if _is_org_head(strip_possessive(words_[-1])):
            name = " ".join(strip_possessive(w) for w in words_)
            registry.orgs.append((run[0][0], re.sub(r"^(?:The|A)\s+", "", name)))
            continue
        has_role = any(w.lower() in ROLE_WORDS for w in prefix) or _role_before(text, run[0][0])
        if not name_words or (len(name_words) < 2 and not has_role):
            continue
        _add_person(registry, name_words, prefix, text, run[0][0])
    return registry


def _role_before(text: str, pos: int) -> bool:
    before = text[max(0, pos - 30) : pos].split()
    return bool(before) and before[-1].strip(",").lower() in ROLE_WORDS


def _add_person(
    registry: Registry, name_words: list[str], prefix: list[str], text: str, pos: int
) -> None:
    surname = name_words[-1]
    person = registry.people.get(surname)
    full = " ".join(name_words)
    if person is None:
        person = Person(full)
        registry.people[surname] = person
    elif len(name_words) > len(person.name.split()):
        person.name = full
    lower_before = text[max(0, pos - 30) : pos].split()
    role_words = [w.lower() for w in prefix] + [
        w.strip(",").lower() for w in lower_before[-1:] if w.strip(",").lower() in ROLE_WORDS
    ]
    person.roles |= {w for w in role_words if w in ROLE_WORDS}
    person.nationality |= {
        nationality_key(w) for w in prefix if w.lower() not in ROLE_WORDS and w.lower() != "of"
    }
