"""Attribute each quotation to its speaker, with the cue that says so.

Looks for the attribution where news writing puts it: right after the quote
('…," Lavrov said', '…," said the minister'), before it in the same sentence
('Lavrov stressed that "…"', 'According to the ministry, "…"'), or not at all
(a second quote continuing the first, a paragraph continuing a quote). The
subject found is then resolved: a surname to the fullest name in the
article, "he" to the last person who spoke or was the subject, "the Russian
top diplomat" to the person whose role fits, "the statement" to the
organisation it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from store.text.names import (
    NOT_NAMES,
    ORG_HEADS,
    ROLE_WORDS,
    Registry,
    capital_runs,
    is_capitalised,
    org_names,
    strip_possessive,
)
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
сказал сказала сказали заявил заявила заявили отметил отметила отметили подчеркнул
подчеркнула подчеркнули добавил добавила добавили сообщил сообщила сообщили пояснил
пояснила пояснили написал написала написали рассказал рассказала рассказали говорится
считает уверен уверена признал признала""".split()
# Case matters: "States" in "the United States" is not the verb "states".
_CUE_PHRASES = [
    "according to", "According to", "по словам", "По словам", "went on to say",
    "goes on to say", "pointed out", "points out", *_VERB_FORMS,
]  # fmt: skip


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation for many words, branching letter by letter.

    Python's engine tries a flat alternation's branches one after another at
    every position; a trie fails at the first letter, which makes scanning a
    whole article for attribution verbs several times faster.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_CUE = re.compile(r"\b" + _trie_pattern(_CUE_PHRASES) + r"\b")
_PRONOUNS = {
    "he": "person", "she": "person", "they": "org", "it": "org",
    "он": "person", "она": "person", "его": "person", "её": "person", "ее": "person",
    "они": "org", "их": "org",
}  # fmt: skip
_STATEMENT_WORDS = frozenset(
    "statement communique communiqué release report letter post message note text document "
    "заявлении сообщении заявление".split()
)
_ACCORDING = frozenset({"according to", "по словам"})
_SKIP_BEFORE_VERB = frozenset(
    """also then later further again has have had was is would will repeatedly once however
    on yesterday today tonight earlier recently previously monday tuesday wednesday thursday
    friday saturday sunday""".split()
)
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")
_FUNCTION = frozenset(
    "the a an in on at as but and however meanwhile also then when while after before".split()
)
_CLAUSE_STOP = re.compile(r"[.!?;\"“”«»]")
_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"'”’»)]*\s+)(?=[\"“«‘']?[A-Z])")


@dataclass
class _Found:
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
        name = [w for w in match.group(1).split() if is_capitalised(w) or _INITIALS.match(w)]
        owners = [i for i, w in enumerate(name) if re.search(r"['’]s$", w)]
        if owners:
            name = name[owners[-1] + 1 :]  # "Al Jazeera’s Catherine Soi" -> "Catherine Soi"
        if name and name[-1].lower() not in _FUNCTION:
            return " ".join(name)
    return None


def _subject_before(chunk: str) -> str | None:
    """The noun phrase ending a chunk of text: a pronoun, a name or 'the … minister'."""
    ws = chunk.split()
    while ws and _clean(ws[-1]).lower() in _SKIP_BEFORE_VERB:
        ws.pop()
    if not ws:
        return None
    if ws[-1].endswith(","):
        return _appositive_subject(" ".join(ws))
    last = _clean(ws[-1])
    if last.lower() in _PRONOUNS:
        return last.lower()
    phrase: list[str] = []
    window = ws[-12:]
    for k in range(len(window) - 1, -1, -1):
        word = window[k]
        bare = _clean(word)
        if word.endswith((",", ";", ":")) and phrase:
            break
        phrase.insert(0, bare)
        inside_name = k > 0 and window[k - 1].lower() in ("of", "for", "on")
        if (bare.lower() in ("the", "a", "an") and not inside_name) or (
            bare[:1].isupper() and re.search(r"['’]s$", bare) and len(phrase) > 1
        ):
            return " ".join(phrase)
        if not (
            is_capitalised(bare)
            or bare.lower() in ROLE_WORDS
            or bare.lower() in ORG_HEADS
            or bare.lower() in _STATEMENT_WORDS
            or bare.lower() in ("of", "top", "for", "on", "the")
            or bare.isupper()
        ):
            phrase.pop(0)
            break
    if phrase and any(is_capitalised(w) or w.isupper() for w in phrase):
        return " ".join(phrase)
    return None


def _clause_end(rest: str) -> int:
    """Where the attribution clause after a quote ends: its sentence's end, not 'Sen.'."""
    for stop in _CLAUSE_STOP.finditer(rest):
        if stop.group() == ".":
            word = rest[: stop.start()].rsplit(None, 1)[-1:] or [""]
            if word[0].lower() in ABBREVIATIONS or _INITIALS.match(word[0] + "."):
                continue  # "said Sen. Jon Tester", "said Dr. Ann Lee"
        return stop.start()
    return len(rest)


def _after_quote(text: str, span: QuoteSpan, limit: int) -> _Found | None:
    """'…," Lavrov said' or '…," said the minister': the attribution right after a quote."""
    if span.close_mark is None:
        return None
    rest = text[span.close_mark + 1 : limit]
    clause = rest[: _clause_end(rest)]
    clause = clause.lstrip(" ,\u00a0—–-")
    ws = clause.split()
    if not ws:
        return None
    first = _clean(ws[0])
    if not (
        first.lower() in _PRONOUNS
        or first[:1].isupper()
        or first.lower() in ("the", "a")
        or _CUE.match(clause)
    ):
        return None
    cue = _CUE.search(clause)
    if cue is None:
        return None
    position = span.close_mark + 1 + rest.index(clause) + cue.start()
    if len(clause[: cue.start()].split()) > 7:
        # '…," Sen. Maria Delgado, the Democrat who wrote the bill, said': a long
        # appositive between the name and the verb.
        named = _appositive_subject(clause[: cue.start()])
        return _Found(named, cue.group(0), position) if named else None
    if cue.start() == 0:
        after = clause[cue.end() :]
        if cue.group(0).lower() in _ACCORDING:
            subject = after.split(",")[0].strip()
        else:
            after = after.split(",")[0]
            subject = re.split(r"\b(?:at|on|in|during|after|before|to|that|when|while)\b", after)[
                0
            ].strip(" ,")
        subject = _leading_subject(subject)
        return _Found(subject, cue.group(0), position) if subject else None
    before = _subject_before(clause[: cue.start()])
    return _Found(before, cue.group(0), position) if before else None


def _leading_subject(phrase: str) -> str:
    """The subject opening an inverted attribution: 'he told reporters' -> 'he'."""
    ws = phrase.split()
    if not ws or ws[0].lower() in ("the", "a", "an"):
        return phrase
    if ws[0].lower() in _PRONOUNS:
        return ws[0].lower()
    names = []
    for word in ws:
        if not (is_capitalised(word) or word.isupper() or _INITIALS.match(word)):
            break
        names.append(word)
    return " ".join(names) if names else phrase


def _before_quote(text: str, window_start: int, span: QuoteSpan) -> _Found | None:
    """'Lavrov stressed that "…"' or 'According to X, "…"': attribution in the lead-in."""
    lead = text[window_start : span.open_mark]
    cues = list(_CUE.finditer(lead))
    if not cues:
        return None
    cue = cues[-1]
    if cue.group(0).lower() in _ACCORDING:
        subject = re.split(r"[,:]", lead[cue.end() :])[0].strip()
        return _Found(subject, cue.group(0), window_start + cue.start()) if subject else None
    if cue.group(0).lower().endswith("ing"):
        # "Lavrov stressed …, adding that …": the participle's subject is the sentence's.
        subject = _subject_before(lead[: cues[0].start()]) if len(cues) > 1 else None
        return _Found(subject or "", cue.group(0), window_start + cue.start())
    subject = _subject_before(lead[: cue.start()])
    if subject is None:
        return None
    return _Found(subject, cue.group(0), window_start + cue.start())


class Attributor:
    """Resolves the speakers of an article's quotes, in reading order."""

    def __init__(self, text: str, registry: Registry, quoted: list[tuple[int, int]]) -> None:
        self.text = text
        self.registry = registry
        self.timeline: list[tuple[int, str, str]] = []  # (position, kind, name)
        self._orgs: dict[str, list[str]] = {}
        self._index_subjects(quoted)

    def _index_subjects(self, quoted: list[tuple[int, int]]) -> None:
        """Who is talked about where: speech verbs with named subjects outside quotes."""
        starts = [a for a, _ in quoted]
        for match in _CUE.finditer(self.text):
            k = bisect.bisect_right(starts, match.start()) - 1
            if k >= 0 and match.start() < quoted[k][1]:
                continue
            lead = self.text[max(0, match.start() - 80) : match.start()].rsplit("\n", 1)[-1]
            found = _subject_before(lead)
            if match.group(0).lower() in _ACCORDING:
                found = re.split(r"[,.:;\"“]", self.text[match.end() : match.end() + 80])[0]
            if found and found not in _PRONOUNS:
                self._remember(match.start(), found)
        for pos, org in self.registry.orgs:
            self.timeline.append((pos, "org", org))
        for pos, surname in self.registry.subjects:
            name = self.registry.person(surname)
            if name:
                self.timeline.append((pos, "person", name))
        self.timeline.sort()

    def _remember(self, position: int, subject: str) -> None:
        name, kind = self._name_of(subject.strip(), position)
        if name:
            self.timeline.append((position, kind, name))

    def _last(self, position: int, kind: str) -> str | None:
        for pos, k, name in reversed(self.timeline):
            if pos < position and k == kind:
                return name
        return None

    def _name_of(self, subject: str, position: int) -> tuple[str | None, str]:
        """Resolve a subject phrase to (name, 'person' | 'org' | 'statement')."""
        low = subject.lower()
        if low in _PRONOUNS:
            kind = _PRONOUNS[low]
            return self._last(position, kind), kind
        words_ = [strip_possessive(w) for w in re.findall(r"[\w'’.\-]+", subject)]
        lowered = {w.lower() for w in words_}
        known = self.registry.person(words_[-1]) if words_ else None
        if known and words_[-1].lower() not in ORG_HEADS:
            return known, "person"  # "Kremlin spokesman Dmitry Peskov": the person, not the Kremlin
        if subject not in self._orgs:
            self._orgs[subject] = org_names(subject)
        orgs = self._orgs[subject]
        if orgs:
            return orgs[0], "org"
        if lowered & _STATEMENT_WORDS:
            return None, "statement"
        heads = lowered & ORG_HEADS
        if heads and not (lowered & ROLE_WORDS):
            return self._last_org_with(heads, position) or self._last(position, "org"), "org"
        if re.fullmatch(r"(?:the\s+)?[A-Z]{2,6}", subject):
            return re.sub(r"^the\s+", "", subject), "org"  # "the GDL", "NATO"
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

    def _described(self, subject: str, words_: list[str], position: int) -> str | None:
        """'the Russian top diplomat': the person whose role fits, else the phrase itself."""
        named = self.registry.by_role(subject)
        if named:
            return named
        if any(is_capitalised(w) for w in words_[1:]):
            return re.sub(r"^(?:the|a|an)\s+", "", subject, flags=re.IGNORECASE)
        return self._last(position, "person")

    def _last_org_with(self, heads: set[str], position: int) -> str | None:
        for pos, kind, name in reversed(self.timeline):
            if kind == "org" and pos < position and heads & set(name.lower().split()):
                return name
        return None

    def attribute(
        self, paragraphs: list[tuple[int, int, list[QuoteSpan]]]
    ) -> list[tuple[QuoteSpan, str | None, str | None]]:
        """(quote, speaker, cue) for every quote of every paragraph, in order."""
        results: list[list] = []
        chain_speaker: tuple[str | None, str | None] | None = None
        for p_start, p_end, spans in paragraphs:
            para_results: list[list] = []
            for i, span in enumerate(spans):
                window = self._window(p_start, spans, i)
                found = _after_quote(self.text, span, p_end) or _before_quote(
                    self.text, window, span
                )
                speaker: str | None = None
                kind = "person"
                cue: str | None = None
                if found and not found.subject:
                    subject = self._sentence_subject(window, span)
                    found = _Found(subject.subject, found.cue, found.position) if subject else None
                if found:
                    speaker, kind = self._name_of(found.subject, span.start)
                    cue = found.cue.lower()
                elif para_results:
                    speaker, cue, kind = para_results[-1][1], para_results[-1][2], "carried"
                elif span.continues and chain_speaker:
                    speaker, cue = chain_speaker
                    kind = "carried"
                else:
                    found = self._sentence_subject(window, span)
                    if found:
                        speaker, kind = self._name_of(found.subject, span.start)
                        cue = found.cue.lower()
                    else:
                        kind = "unknown"
                para_results.append([span, speaker, cue, kind])
                if speaker and kind in ("person", "org"):
                    self.timeline.append((span.start, kind, speaker))
                    self.timeline.sort()
            self._fill_within(para_results)
            if para_results:
                last = para_results[-1]
                chain_speaker = (last[1], last[2]) if not last[0].closed else None
            results.extend(para_results)
        self._resolve_statements(results)
        return [(r[0], r[1], r[2]) for r in results]

    def _sentence_subject(self, window_start: int, span: QuoteSpan) -> _Found | None:
        """'John Kerry thanked … for the "…"': the first person the sentence names."""
        lead = self.text[window_start : span.open_mark]
        for run in capital_runs(lead):
            words_ = [strip_possessive(w) for _, w in run]
            if run[-1][1].endswith(("'s", "’s")):
                continue  # "Spain's energy minister": a possessive, not a subject
            name = self.registry.person(words_[-1])
            plain = [w for w in words_ if w.lower() not in NOT_NAMES and w != "I"]
            if name is None and len(plain) >= 2 and plain == words_:
                name = " ".join(words_) if all(is_capitalised(w) for w in words_) else None
            if name:
                end = run[-1][0] + len(run[-1][1])
                verb = re.match(r"[\s,]*([a-z]+)", lead[end:])
                return _Found(name, verb.group(1) if verb else "", window_start + run[0][0])
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
        boundaries = list(_SENTENCE_START.finditer(lead))
        return start + boundaries[-1].end() if boundaries else start

    def _fill_within(self, para_results: list[list]) -> None:
        """A quote with no attribution of its own takes the next one's in its paragraph."""
        for i in range(len(para_results) - 2, -1, -1):
            if para_results[i][3] == "unknown" and para_results[i + 1][1]:
                para_results[i][1:3] = para_results[i + 1][1:3]
                para_results[i][3] = "carried"
        for row in para_results:
            if row[3] == "unknown":
                row[1] = self._last(row[0].start, "person")

    def _resolve_statements(self, results: list[list]) -> None:
        """'the statement reads': the organisation whose words the article quotes nearby."""
        for i, row in enumerate(results):
            if row[3] != "statement":
                continue
            nearby = [r for r in results[i + 1 :] + results[:i][::-1] if r[3] == "org"]
            before = [r for r in results[:i][::-1] if r[3] == "org"]
            pick = before or nearby
            row[1] = pick[0][1] if pick else self._last(row[0].start, "org")
            row[3] = "org"
