"""Where news writing puts an attribution, and the subject it names.

The lexicon of cue verbs ("said", "added", "according to", "сказал"), and the
readers of the text around a quote: right after it ('…," Lavrov said',
'…," said the minister'), or before it in its sentence ('Lavrov stressed that
"…"'), with the noun phrase that is the subject. Resolving that subject to a
person or an organisation is `speakers.Attributor`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.text.names import (
    INITIALS,
    ORG_DESCRIPTORS,
    ORG_HEADS,
    PARTICLES,
    POSSESSIVE,
    ROLE_WORDS,
    is_capitalised,
)
from store.text.patterns import trie_pattern
from store.text.quotes import QuoteSpan
from store.text.sentences import ABBREVIATIONS

_VERB_FORMS = """said says say saying added adds adding noted notes noting stressed stresses
stressing told tells telling wrote writes writing stated states explained explains warned
warns argued argues claimed claims insisted insists asked asks replied replies responded
continued continues emphasized emphasised emphasizes emphasises underlined underlines
reiterated reiterates announced announces declared declares commented comments remarked
recalled recalls suggested suggests acknowledged acknowledges admitted admits urged urges
reads read quoted described describes called calls tweeted tweets posted concluded
observed believes believed thinks thought hoped hopes affirmed asserted asserts confirmed
confirms denied mentioned reported pointed
fumed fumes quipped quips conceded concedes cautioned cautions countered counters vowed vows
predicted predicts complained complains joked jokes lamented laments boasted boasts scoffed
scoffs retorted retorts snapped protested protests objected objects contended contends
pleaded pleads testified testifies mused muses recounted recounts instructed exclaimed
exclaims demanded demands promised estimated estimates conceding cautioning warning insisting
offers offered concludes agrees agreed laughed shouted whispered sighed laughs shouts
whispers sighs smiled smiles shrugged shrugs grumbled grumbles snaps admitting adding
stressing explaining recalling joking
сказал сказала сказали заявил заявила заявили отметил отметила отметили подчеркнул
подчеркнула подчеркнули добавил добавила добавили сообщил сообщила сообщили пояснил
пояснила пояснили написал написала написали рассказал рассказала рассказали говорится
считает уверен уверена признал признала""".split()
# Case matters: "States" in "the United States" is not the verb "states".
_CUE_PHRASES = [
    "according to", "According to", "по словам", "По словам", "went on to say",
    "goes on to say", "pointed out", "points out", *_VERB_FORMS,
]  # fmt: skip


CUE = re.compile(r"\b" + trie_pattern(_CUE_PHRASES) + r"\b")
PRONOUNS = {
    "he": "person", "she": "person", "they": "org", "it": "org",
    "он": "person", "она": "person", "его": "person", "её": "person", "ее": "person",
    "они": "org", "их": "org",
}  # fmt: skip
STATEMENT_WORDS = frozenset(
    "statement communique communiqué release report letter post message note text document "
    "заявлении сообщении заявление".split()
)
ACCORDING = frozenset({"according to", "по словам"})
_SKIP_BEFORE_VERB = frozenset(
    """also then later further again has have had was is would will repeatedly once however
    on yesterday today tonight earlier recently previously monday tuesday wednesday thursday
    friday saturday sunday""".split()
)
_FUNCTION = frozenset(
    "the a an in on at as but and however meanwhile also then when while after before".split()
)
_DEMONSTRATIVES = frozenset({"that", "this"})
_CLAUSE_WORD = re.compile(r"\b(?:at|on|in|during|after|before|to|that|when|while)\b")
_COMMA_OR_COLON = re.compile(r"[,:]")
_COMMA = re.compile(",")
_CLAUSE_STOP = re.compile(r"[.!?;\"“”«»]")
# Where a new sentence starts after a stop (the start of a text is one too): not after
# initials ("the U.N. General Assembly", "John F. Kennedy") or a title ("Dr. Lee").
SENTENCE_START = re.compile(
    r"[.!?…](?<![\s.][A-Z]\.)(?<!Mr\.)(?<!Ms\.)(?<!Mrs\.)(?<!Dr\.)(?<!St\.)"
    r"[\"'”’»)]*\s+(?=[\"“«‘']?[A-Z])"
)


@dataclass
class Found:
    """An attribution found near a quote: its subject phrase, cue and where the cue is."""

    subject: str
    cue: str
    position: int


def _clean(word: str) -> str:
    return word.strip(",;:\"“”«»‘’'()")


_NAME_THEN_COMMA = re.compile(
    r"((?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.\-]*[ \u00a0]+){0,3}[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’\-]*)"
    r"(?:[ \u00a0]+(?:of|from)(?:[ \u00a0]+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’\-]*){1,3})?,"
)


def _appositive_subject(clause: str) -> str | None:
    """'Rich Santos, president of X, said' or 'the minister, Teresa Ribera, told'.

    The subject is the first name in the clause that a comma sets apart.
    """
    for match in _NAME_THEN_COMMA.finditer(clause):
        name = [w for w in match.group(1).split() if is_capitalised(w) or INITIALS.match(w)]
        owners = [i for i, w in enumerate(name) if w.endswith(POSSESSIVE)]
        if owners:
            name = name[owners[-1] + 1 :]  # "Al Jazeera’s Catherine Soi" -> "Catherine Soi"
        if name and name[-1].lower() not in _FUNCTION:
            return " ".join(name)
    return None


# Lower-case words a subject phrase may hold: "the Russian foreign ministry's statement".
_PHRASE_WORDS = (
    ROLE_WORDS | ORG_HEADS | ORG_DESCRIPTORS | STATEMENT_WORDS | {"of", "top", "for", "on", "the"}
)


def subject_before(chunk: str) -> str | None:
    """The noun phrase ending a chunk of text: a pronoun, a name or 'the … minister'."""
    ws = chunk.split()
    while ws and _clean(ws[-1]).lower() in _SKIP_BEFORE_VERB:
        ws.pop()
    if not ws:
        return None
    if ws[-1].endswith(","):
        return _appositive_subject(" ".join(ws))
    last = _clean(ws[-1])
    if last.lower() in PRONOUNS:
        return last.lower()
    if last == "and":
        return _coordinated_subject(ws[:-1])
    phrase: list[str] = []
    window = ws[-12:]
    for k in range(len(window) - 1, -1, -1):
        word = window[k]
        bare = _clean(word)
        low = bare.lower()
        if word.endswith((",", ";", ":")) and phrase:
            break
        phrase.insert(0, bare)
        inside_name = k > 0 and window[k - 1].lower() in ("of", "for", "on")
        if (low in ("the", "a", "an") and not inside_name) or (
            bare[:1].isupper() and bare.endswith(POSSESSIVE) and len(phrase) > 1
        ):
            return " ".join(phrase)
        if not (low in _PHRASE_WORDS or is_capitalised(bare) or bare.isupper()):
            phrase.pop(0)
            break
    if phrase and any(is_capitalised(w) or w.isupper() for w in phrase):
        return " ".join(phrase)
    return _unnamed_subject(" ".join(ws))


def _coordinated_subject(ws: list[str]) -> str | None:
    """'Uber stepped in and tweeted': the subject of the clause's first verb."""
    start = max((i + 1 for i, w in enumerate(ws) if w.endswith((",", ";", ":"))), default=0)
    clause = ws[start:]
    for i, word in enumerate(clause):
        bare = _clean(word)
        if i and bare.islower() and bare not in _PHRASE_WORDS:
            return subject_before(" ".join(clause[:i]))  # the words before the verb
    return None


# Someone the writer does not name: "the source", "an unknown caller", "one user", "A
# review of trials … found and concluded".
_UNNAMED_BEFORE_VERB = re.compile(
    r"(?:^|\s)((?:the|a|an|one|another)\s+(?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)$"
)
_UNNAMED_OPENING = re.compile(r"\s*((?:The|A|An)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)\b")


def _unnamed_subject(chunk: str) -> str | None:
    """The subject of a verb when the writer names nobody: a lower-case noun phrase
    right before it, or opening a sentence that names no one and has no pronoun."""
    right_before = _UNNAMED_BEFORE_VERB.search(chunk)
    if right_before:
        return right_before.group(1)
    opening = _UNNAMED_OPENING.match(chunk)
    if opening is None:
        return None
    rest = chunk[opening.end() :].split()
    if any(w[:1].isupper() or _clean(w).lower() in PRONOUNS for w in rest):
        return None
    return opening.group(1)


def _clause_end(rest: str) -> int:
    """Where the attribution clause after a quote ends: its sentence's end, not 'Sen.'."""
    for stop in _CLAUSE_STOP.finditer(rest):
        if stop.group() == ".":
            word = rest[: stop.start()].rsplit(None, 1)[-1:] or [""]
            if word[0].lower() in ABBREVIATIONS or INITIALS.match(word[0] + "."):
                continue  # "said Sen. Jon Tester", "said Dr. Ann Lee"
        return stop.start()
    return len(rest)


def _opens_attribution(clause: str) -> bool:
    """Whether a clause can open an attribution: a pronoun, a name, 'the …' or a cue."""
    ws = clause.split(None, 1)
    if not ws:
        return False
    first = _clean(ws[0])
    return bool(
        first.lower() in PRONOUNS
        or first[:1].isupper()
        or (first in PARTICLES and ws[1:2] != [] and ws[1][:1].isupper())  # "de Miranda"
        or first.lower() in ("the", "a", "one", "another")
        or CUE.match(clause)
        or _role_led(clause)
    )


_OWNERS = frozenset({"his", "her", "their", "its"})


def _role_led(clause: str) -> bool:
    """A subject that opens in lower case with its role: 'incident commander Rosa
    Vale said', 'board President Gloria Hayes said', 'his mother, Laura Penn, said'."""
    return any(_clean(w).lower() in ROLE_WORDS or w in _OWNERS for w in clause.split()[:3])


def _short_attribution(clause: str) -> bool:
    """Whether a clause opens with an attribution: a cue, or a subject of a few
    words and then its cue ('Ruiz said', 'said Ruiz, a welder')."""
    if not _opens_attribution(clause):
        return False
    cue = CUE.search(clause)
    if cue is None:
        return False
    subject = clause[: cue.start()]
    return "," not in subject and len(subject.split()) <= 4


def after_quote(text: str, span: QuoteSpan, limit: int, past_clause: bool = False) -> Found | None:
    """'…," Lavrov said' or '…," said the minister': the attribution right after a quote.

    `past_clause` looks for it past a clause that goes on from the quote instead
    ('"…" to hold off, Ruiz said'), which an attribution before the quote outranks.
    """
    if span.close_mark is None:
        return None
    rest = text[span.close_mark + 1 : limit]
    clause = rest[: _clause_end(rest)]
    clause = clause.lstrip(" ,\u00a0—–-")
    if clause.startswith("So ") and CUE.match(clause, 3):
        clause = clause[3:]  # '"…" So says Maria Lopez': the cue, then its subject
    if past_clause:
        # '"…" to hold off, Ruiz said' or '"…," which can wait, said Ruiz, a welder':
        # the quoted sentence goes on, then the attribution opens after a comma.
        if _opens_attribution(clause):
            return None
        tails = (clause[m.end() :].lstrip() for m in _COMMA.finditer(clause))
        clause = next((t for t in tails if _short_attribution(t)), "")
    if not _opens_attribution(clause):
        return None
    cue = CUE.search(clause)
    if cue is None:
        return None
    position = span.close_mark + 1 + rest.index(clause) + cue.start()
    if len(clause[: cue.start()].split()) > 7:
        # '…," Sen. Maria Delgado, the Democrat who wrote the bill, said': a long
        # appositive between the name and the verb.
        named = _appositive_subject(clause[: cue.start()])
        return Found(named, cue.group(0), position) if named else None
    if cue.start() == 0:
        after = clause[cue.end() :]
        if cue.group(0).lower() in ACCORDING:
            subject = after.split(",")[0].strip()
        else:
            after = after.split(",")[0]
            subject = _CLAUSE_WORD.split(after, 1)[0].strip(" ,")
        subject = _leading_subject(subject)
        return Found(subject, cue.group(0), position) if subject else None
    before = subject_before(clause[: cue.start()])
    if before is None or before.lower() in _DEMONSTRATIVES:
        return None  # '"…." That said, experts …': an idiom, not an attribution
    return Found(before, cue.group(0), position)


def subject_after(chunk: str) -> str | None:
    """The subject of an inverted attribution, from the text after its verb:
    '…steady, said Ann Quill, who follows the port' -> 'Ann Quill'."""
    clause = chunk[: _clause_end(chunk)].split(",", 1)[0]
    subject = _leading_subject(_CLAUSE_WORD.split(clause, 1)[0].strip())
    return subject if subject[:1].isupper() and subject.lower() not in PRONOUNS else None


def _leading_subject(phrase: str) -> str:
    """The subject opening an inverted attribution: 'he told reporters' -> 'he'."""
    ws = phrase.split()
    if not ws or ws[0].lower() in ("the", "a", "an"):
        return phrase
    if ws[0].lower() in PRONOUNS:
        return ws[0].lower()
    names = []
    for word in ws:
        if not (is_capitalised(word) or word.isupper() or INITIALS.match(word)):
            break
        names.append(word)
    return " ".join(names) if names else phrase


def before_quote(text: str, window_start: int, span: QuoteSpan) -> Found | None:
    """'Lavrov stressed that "…"' or 'According to X, "…"': attribution in the lead-in."""
    lead = text[window_start : span.open_mark]
    cues = list(CUE.finditer(lead))
    if not cues:
        return None
    cue = cues[-1]
    if cue.group(0).lower() in ACCORDING:
        subject = _COMMA_OR_COLON.split(lead[cue.end() :], 1)[0].strip()
        return Found(subject, cue.group(0), window_start + cue.start()) if subject else None
    if cue.group(0).lower().endswith("ing"):
        # "Lavrov stressed …, adding that …": the participle's subject is the sentence's.
        subject = subject_before(lead[: cues[0].start()]) if len(cues) > 1 else None
        return Found(subject or "", cue.group(0), window_start + cue.start())
    subject = subject_before(lead[: cue.start()])
    if subject is None:
        return None
    return Found(subject, cue.group(0), window_start + cue.start())
