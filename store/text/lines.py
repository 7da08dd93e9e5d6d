"""Recognise kinds of page junk line by line, and prose by its shape.

Every rule here is about a *kind* of line that scraped news pages carry
(menus, tickers, counters, captions, placeholders, timestamps, chrome in
another script), never about a particular site's wording.
"""

from __future__ import annotations

import re

from store.text.dates import MONTH_ABBREVIATIONS, MONTH_NAMES
from store.text.patterns import WHITESPACE, has_any

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_CLOSERS = "\"'”’»)]」』）"
# Full stops, Latin and CJK (full width).
_STOPS = (".", "!", "?", "…", "。", "！", "？")
# A full stop, or a mark that leaves the sentence open: not how a headline ends.
_CLAUSE_ENDS = (".", "…", ",", ";", ":", "。", "，", "；", "：", "、")
_INITIALISM_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
# Bullets, and every character `\s` matches (all of them are below U+3001).
_TRAILING_MARKS = "■□▪◆•" + WHITESPACE

NAVIGATION = "navigation"
TICKER = "ticker"
COUNTER = "counter"
CAPTION = "caption"
RELATED = "related headline"
MOST_READ = "most-read list"
PLACEHOLDER = "placeholder"
LOGIN = "login prompt"
TIMESTAMP = "timestamp"
BYLINE = "byline"
CREDITS = "credits"
BIO = "author bio"
PROMO = "promo"
COMMENTS = "comments"
OTHER_SCRIPT = "other-language chrome"
LABEL = "share/ad label"
IMAGE = "image placeholder"
SYMBOL = "symbols only"
DUPLICATE = "repeated page line"
HEADER = "page header"
FOOTER = "after the article"

# Rules written in lower case without re.IGNORECASE run on a line `folded` to
# lower case: searched through a whole line, a case-blind pattern takes the
# engine about three times longer. A test checks they hold no capital letter.
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|<%.*?%>|\[\[[^\]]*\]\]")
_CURRENCY = re.compile(r"[$€£¥₽₸₴₺₹₩]|\b(?:USD|EUR|RUB|GBP|JPY|CNY|KZT|BTC|Brent|WTI)\b")
# A temperature: "+12 °C", "Moscow −5", "Kyiv − 5", "18°"; not a hyphen and a space
# before a number ("#282 - 0.17").
_WEATHER = re.compile(r"(?:^|\s)(?:[+\-−]|[+−]\s)\d{1,2}(?:\s*°?\s*[CF]\b|(?!\d|[.,]\d))|\d\s*°")
_COUNTER = re.compile(
    r"^\s*\d[\d\s.,]*[kKmM]?\s*"
    r"(?:views?|reads?|comments?|shares?|likes?|replies|pages?\b.*|min(?:ute)?s?\s+read|"
    r"просмотр\w*|комментари\w*)\b",
    re.IGNORECASE,
)
_LOGIN = re.compile(
    r"\b(?:log\s?in|sign\s?in|sign\s?up|register|subscribe|create an account|"
    r"to (?:comment|participate)|join the discussion|войти|зарегистр\w+)\b",
)
_IMAGE_ONLY = re.compile(
    r"^(?:image|photo|picture|video|gallery|infographic|фото|видео)\s*\d*$", re.IGNORECASE
)
IMAGE_PREFIX = re.compile(r"^(?:Image|Photo|Picture|Video|Фото)\s*\d+(?=[A-ZА-Я“\"«‘'])")

# Labels of site chrome that stand alone on a line, in any site's menus and bars.
_UI_PHRASES = frozenset(
    w.strip()
    for w in """share|tweet|email|print|comments|advertisement|ad|ads|sponsored|promoted|
    реклама|поделиться|read more|show more|load more|more news|loading|menu|search|
    all news|news feed|sections|subscribe|follow us|back to top|top stories|
    partner news|related|related news|related stories|read also|see also|
    most read|most popular|infographics|photo|video|gallery|now|today|this week|yesterday|
    home|next|previous|close|recommended|trending|latest|editor's picks|you may also like|
    more stories|more on this topic|tags|topics|related article|
    related story|explore more|sponsor message|save|share this article|table of contents|
    table of content|contents|about the author|about the authors|share this post|
    share this link|share this story|share this page|get started|get started for free|
    get started today|get started now|request a quote|request a demo|book a demo|
    talk to sales|talk to an expert|talk to us|contact us|contact sales|start free trial|
    start your free trial|start free|sign up for free|sign up now|get in touch|find a partner|
    read full review|read the full review|buy now|shop now""".split("|")
)
_AUTHOR_BOX = frozenset({"about the author", "about the authors"})
MOST_READ_HEADERS = frozenset({"most read", "most popular", "top stories", "trending"})
LIST_HEADERS = frozenset(
    {
        "most read",
        "most popular",
        "related article",
        "related articles",
        "recommended stories",
        "recommended for you",
        "more stories from",
        "related story",
        "explore more",
        "top stories",
        "infographics",
        "related",
        "related news",
        "related stories",
        "read also",
        "see also",
        "more stories",
        "you may also like",
        "partner news",
        "recommended",
        "trending",
        "more on this topic",
        "more on this story",
        "read more",
        # The same labels on pages in French, Spanish, Portuguese, Italian, German,
        # Dutch, Czech and Polish.
        "sur le même sujet",
        "à lire aussi",
        "lire aussi",
        "articles similaires",
        "lea también",
        "noticias relacionadas",
        "artículos relacionados",
        "leia também",
        "veja também",
        "notícias relacionadas",
        "leggi anche",
        "articoli correlati",
        "mehr zum thema",
        "das könnte sie auch interessieren",
        "lees ook",
        "gerelateerde artikelen",
        "související",
        "související články",
        "czytaj także",
        "zobacz także",
    }
)
# Labels over a list of other articles, in the forms sites vary them with: "Related
# coverage", "More in Science", "Latest news", "Popular in: Health", "Read this next".
_LIST_LABEL = re.compile(
    r"(?:related (?:coverage|content|posts|reading|links|topics|videos|articles?|stories)|"
    r"recommended (?:for you|reading|stories|articles|posts|videos|related \w+)|"
    r"more (?:from|in|on|to read|stories|news|articles|posts)\b[^.!?]{0,30}|"
    r"(?:latest|popular) (?:in|on|from|now|news|stories|articles|posts)\b[^.!?]{0,30}|"
    r"read (?:this )?next|you (?:might|may) also like|what to read next)\s*:?$",
    re.IGNORECASE,
)
_LIST_LABEL_LENGTH = 48
_LIST_LABEL_FIRST = "RrMmLlPpYyWw"  # the first letters the pattern's forms start with


def opens_author_box(text: str) -> bool:
    """A label over the author's bio ("About the author:"), where an article ends."""
    return _NOT_WORD_OR_SPACE.sub("", text).strip().lower() in _AUTHOR_BOX


def is_paywall(text: str) -> bool:
    """A promo line where a paywall cuts the article ("Subscribe to keep reading")."""
    return _PAYWALL.search(folded(text)) is not None


def is_list_header(text: str) -> bool:
    """A label over a list of other articles' headlines ("Related stories", "More in Travel")."""
    if len(text) > _LIST_LABEL_LENGTH:
        return False
    if text.lower() in LIST_HEADERS:
        return True
    return text[:1] in _LIST_LABEL_FIRST and _LIST_LABEL.match(text) is not None


MONTH = re.compile(r"\b(?:" + MONTH_NAMES + r")\b\.?", re.IGNORECASE)
_FOLDED_MONTH = re.compile(MONTH.pattern)
_RELATIVE_TIME = re.compile(
    r"^(?:updated|published|posted)?\s*(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month)s?"
    r"\s+ago$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"^[+\-−]?\s?\d+(?:[.,]\d+)?\s?%$")
_BYLINE = re.compile(
    r"^(?:(?:by|written by|text by|photos? by|editor:|edited by|author:|source:)\s*\S|by$)",
    re.IGNORECASE,
)
# "By" in French, German, Spanish and Portuguese, and Dutch: then one or two names of
# two to four capitalised words, and nothing more but a date or a place after a dash
# or comma ("Par Alexandre Roux et Jeanne Piette — 24 novembre 2017"). A headline in
# Title Case ("Door County Fire Destroys Barn Near Harbour") names more than a person.
_CAPITAL = "[A-ZÀ-ÖØ-Þ]"
_NAME_WORD = rf"{_CAPITAL}[\w'’.-]*(?![\w'’.-])"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:de|da|van|der|von|del|di|le|la)\s+)?{_NAME_WORD}){{1,3}}"
_FOREIGN_BYLINE = re.compile(
    rf"^(?:Par|PAR|Von|VON|Por|POR|Door|DOOR)\s+{_NAME}"
    rf"(?:(?:,|\s+(?:et|und|y|e|en|and))\s+{_NAME})?\s*(?:$|[—–|,(-]|\d)"
)
# The post's own meta line: "Posted on 3 May 2024 by Sam Reed - 5 Comments", "Last
# updated on …", "Published by …": however long, it names no news.
_POSTED = re.compile(r"^(?:last )?(?:posted|published|updated)\s+(?:on|by|at|in)\b", re.IGNORECASE)
_POSTED_WORDS = 30
# "3 May 2024 by Sam Reed, Staff Writer": a date, then the author.
_DATE_THEN_BY = re.compile(r"(.{4,30}?),?\s+(?:by|By|BY)\s+(?=[A-Z])")
# "By the end of this tutorial, …": a sentence, not a byline, opens with "by" and a
# word in lower case.
_SENTENCE_AFTER_BY = re.compile(
    r"[Bb]y\s+(?:the|a|an|this|that|these|those|now|then|using|doing)\b"
)
# Credits that close an article: nothing after them is body. Tried only where a
# line starts (`match`): the one form found further on comes after `.*`.
_CREDITS = re.compile(
    r"(?:reporting by|writing by|editing by|additional reporting by|compiled by)\s+\S|"
    r".*contributed (?:reporting|to this (?:report|story|article))\.?$|"
    r"[-—–]*\s*with assistance from\b|\(updates? with\b|filed under\s*:",
)
# Promotions: phrases that are site chrome even inside a sentence...
_PROMO = re.compile(
    r"\b(?:free articles?|continue reading|to read later|"
    r"subscribe (?:now|today|for|to)|sign up (?:now )?(?:for|to)|already a subscriber|"
    # A newsletter offered ("Get our newsletter in your inbox", "Newsletter sign-up"), not
    # one a sentence or headline is about ("She edits the newsletter", "I built a tool that
    # creates a weekly newsletter digest"): an offer asks the reader to get or join it.
    r"(?:get|join|receive|subscribe to|sign up for|try) (?:[\w-]+ ){0,3}newsletters?|"
    r"newsletters?\b.{0,40}\b(?:inbox|sign[- ]?up|subscribe)|^newsletters?$|"
    r"subscriber-only|we use cookies|"
    r"accept (?:all )?cookies|cookie (?:policy|settings)|download (?:our|the) app|"
    r"support (?:our|independent) journalism|sponsor(?:ed)? (?:message|content)|"
    r"paid (?:post|content)|turn on (?:desktop )?notifications|"
    r"help us keep|journalism costs|become a (?:member|patron|supporter)|"
    r"(?:become a|upgrade to) paid subscri\w*|to unlock (?:this|the (?:full|rest))|"
    r"note from the (?:author|editor))\b",
)
# A notice about the reader's browser ("Please upgrade your browser"), which can run
# to a few sentences; the cheap test is that the line names a browser.
_BROWSER_NOTICE = re.compile(
    r"\b(?:(?:upgrade|update) your (?:web )?browser|(?:outdated|unsupported|out of date) "
    r"(?:web )?browser|(?:no longer|not) supports? internet explorer|"
    r"internet explorer \d+ or (?:older|earlier))\b"
)
_BROWSER_NOTICE_WORDS = 40
# Where a paywall cuts the article (a promo line): what follows is the offer, not the piece.
_PAYWALL = re.compile(
    r"\b(?:to unlock (?:this|the (?:full|rest))|subscribe to (?:continue|keep) reading)\b"
)
# A form's small print and its answers (the consent a "By signing up…" line asks
# for, thanks for subscribing, a submission gone wrong), however long.
_FORM_NOTICE = re.compile(
    r"^(?:by (?:signing up|subscribing|clicking|submitting|registering|providing|continuing|"
    r"entering|creating)\b[^.!?]{0,200}?\byou(?:'re| are)? (?:agree|confirm|consent|accept|"
    r"acknowledge|consenting)|thanks?(?: you)? for (?:signing up|subscribing)\b|"
    r"thanks?(?: you)?[!.,]? your (?:submission|message|request) has been (?:received|sent)|"
    r"oops[!.,]? something went wrong while submitting)"
)
_FORM_NOTICE_WORDS = 60
_FORM_OPENINGS = ("By ", "by ", "BY ", "Thank", "thank", "THANK", "Oops", "oops", "OOPS")
# A cookie banner's text, however long (the site says it uses cookies), and its list
# of what each cookie does ("<a tool> sets this cookie…", "<a kind of> cookies are …
# for the website").
_COOKIE_NOTICE = re.compile(
    r"\b(?:sets? (?:this|these) cookies?|(?:this (?:web)?site|we) uses? cookies|"
    r"(?:necessary|functional|performance|analytical|advertisement|analytics|marketing|"
    r"uncategori[sz]ed) cookies (?:are|help|may)\b.*\bwebsite)"
)
_COOKIE_NOTICE_WORDS = 60
# The most characters of a line of 26 words or more that may be a notice.
_NOTICE_CHARS = 450
# A button with a site or a shop in it: share ("Click to share on <a site>", with its
# hint of a new window), the stand-in for an embedded post ("View this post on <a
# site>"), a review's shopping buttons ("See on <a shop>", "Check price at <a shop>").
# The buttons without one are among the UI phrases ("Get started for free").
_BUTTON = re.compile(
    r"^\d*\s*(?:(?:click to )?share on [\w+.]+(?: \w+)?"
    r"(?:\s*\(opens in (?:a )?new (?:window|tab)\))?|"
    r"view this post on \w+|(?:see|view|buy|shop) (?:it )?(?:on|at) \w[\w ]{0,30}|"
    r"check (?:\w+ )?price(?: (?:on|at) \w[\w ]{0,30})?|view all posts by [\w .'-]{1,40}|"
    r"see all [\w ]{1,40})\s*\w*?\d*$"
)
_BUTTON_HINTS = (" on ", " at ", "price", "see all", "posts by")
_BUTTON_FIRST = "0123456789csvb"  # the first characters of the pattern's forms
_BUTTON_WORDS = 10
# ... and words that news prose uses too ("pledged to donate", "its privacy
# policy", "support us," a minister said): chrome only on a line that is no sentence.
_PROMO_LABEL = re.compile(
    r"\b(?:donate|support us|privacy policy|advertisement|reading list)\b",
)
# A reader appeal is long, but it always asks for support of the outlet's journalism,
# and in the outlet's own voice: a news paragraph about a foundation's grants is not one.
_APPEAL = re.compile(
    r"\b(?:journalism costs|support (?:our|independent) journalism|become a (?:member|patron|"
    r"supporter)|support our work)\b",
)
_OWN_VOICE = re.compile(r"\b(?:we|our|us|you|your)\b")
# An author's bio. News prose can read the same ("Evan Gershkovich is a reporter
# for The Wall Street Journal"), so a bio line is junk only after the last paragraph
# (see layout); "joined X in 2021" only after a full name opening the line.
_BIO = re.compile(
    r"\b(?:reach (?:him|her|them|me) at|follow (?:him|her|them|me) on|"
    r"(?:is|was) (?:a|an|the) [\w ,'’-]{0,40}?(?:writer|reporter|correspondent|editor|"
    r"journalist|columnist|producer) (?:at|for|with|of)\b|covers [\w ,&]+ for (?:the |The )?[A-Z])"
    r"|^(?:[A-Z][\w'’.\-]*\s+){1,3}joined (?:the )?[A-Z][\w ]{1,40} in \d{4}\b",
)


# Cheap tests that must pass before the full patterns are tried. The hint words
# of a rule are words one of which a line (lower-cased) must hold: `has_any`
# looks for them, faster than a regex over the line.
_DIGIT = re.compile(r"\d")
_DATE_SEPARATORS = (".", "/", "-")
_LEAD_MARKS = (":", ">", "»", "|", "-", "–", "—")  # after a related-story label
_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s']")
_CREDITS_HINTS = ("by", "contributed", "assistance", "update", "filed")
_LOGIN_HINTS = (
    "log", "sign", "regist", "subscribe", "account", "to comment", "to participate", "join",
    "войти", "зарегистр",
)  # fmt: skip
_COPYRIGHT_HINTS = ("©", "copyright", "(c)", "rights reserved")
_BIO_HINTS = (
    "reach ", "follow ", "covers ", "writer", "reporter", "correspondent", "editor",
    "journalist", "columnist", "producer", "joined ",
)  # fmt: skip
_PROMO_HINTS = (
    "article", "continue reading", "read later", "reading list", "subscri", "sign up",
    "newsletter", "cookie", "app", "journalism", "sponsor", "advertis", "paid ", "notification",
    "donat", "support", "help us", "member", "patron", "note from", "privacy", "browser",
    "explorer",
)  # fmt: skip
_COPYRIGHT = re.compile(r"^(?:©|copyright\b|\(c\)\s*\d{4})|\ball rights reserved\b")
_COMMENTS = re.compile(
    r"^(?:(?:view|show|expand|hide|load|read|see|post|add a(?: new)?)\s+)?(?:\d+\s+)?"
    r"comments?\s*(?:\(\d+\)|\+)?$|^(?:join|start) the (?:conversation|discussion)|"
    r"^(?:leave a (?:comment|reply)|show comments|add a comment|reader comments\s*(?:\(\d+\))?$|"
    r"there (?:are|is) (?:\d+|no) comments?|comments are closed|reply to this\b|comment via\b)",
    re.IGNORECASE,
)
# The label in German, French, Spanish, Portuguese, Italian, Dutch, Czech, Polish and
# Danish or Norwegian: "Kommentare lesen (3 Beiträge)", "12 commentaires". Tried only
# on a short line opening with a digit or one of the labels' first letters.
_OTHER_COMMENTS = re.compile(
    r"(?:\d+\s+)?(?:kommentare|commentaires|comentarios|comentários|commenti|reacties|"
    r"komentáře|komentarze|kommentarer)(?:\s+(?:lesen|anzeigen))?\s*(?:\(\d+[^)]{0,20}\))?$",
    re.IGNORECASE,
)
_OTHER_COMMENTS_FIRST = "KkCcRr0123456789"
_OTHER_COMMENTS_LENGTH = 48
_ACCESSIBILITY = re.compile(
    r"^(?:skip to|jump to|keyboard shortcuts|accessibility|open navigation|close navigation|"
    r"expand/collapse|toggle (?:navigation|menu|more)|zum inhalt|aller au contenu|saltar a|"
    r"перейти к)",
    re.IGNORECASE,
)
_SKIP_LINK_END = re.compile(r"\bspringen$", re.IGNORECASE)
# Screen-reader text around lists ("list 2 of 4", "end of list").
_LIST_MARKER = re.compile(r"^(?:list \d+ of \d+|list of \d+ items?|end of list)$", re.I)
_GLUED = re.compile(r"[a-zà-ÿ][A-Z]")
_CODE_CHARS = re.compile(r"[=@\"(){};/#]")
_GLUED_LEAST = 3
_GLUED_WORDS = 4
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
# The comment, skip-link, list-marker and URL rules tried at once: nearly every
# line fails them all, and then none of them is tried alone.
_ANY_OPENING = re.compile(
    "|".join(f"(?i:{rule.pattern})" for rule in (_COMMENTS, _ACCESSIBILITY, _LIST_MARKER))
    + f"|{_URL.pattern}"
)
_RELATED_LEAD = re.compile(
    r"^(?:related|read more|read also|also read|see also|more|watch|listen|recommended|"
    r"related articles?|related stories|more on this|[\w’' ]{2,30}\blatest)\s*[:>»|\-–—]\s*\S",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_DATE_NOISE = re.compile(
    r"\b(?:" + MONTH_NAMES + r"|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|utc|gmt|msk|est|edt|cet|cest|pst|pdt|bst|am|pm|updated|"
    r"published|posted|last|modified|on|at|min|read)\b\.?",
)


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence, judged on its last 12 characters.

    A stop (. ! ? … or a CJK one), then maybe closing quotes or brackets and one more full
    stop, then only spaces or bullet marks; or a closing double quote, then only
    spaces.
    """
    tail = line[-12:]
    if tail.rstrip().endswith(('"', "”", "»")):
        return True
    end = tail.rstrip(_TRAILING_MARKS)
    return end.endswith(".") or _bare_end(end).endswith(_STOPS)


def ends_clause(line: str) -> bool:
    """Whether a line ends with a full stop or a comma, semicolon or colon (Latin or
    CJK), before any closing quotes or brackets: a standfirst or a paragraph, never
    a headline ("?" and "!" end headlines too). The dot of an initialism ("… in the
    U.S.") is no full stop."""
    end = _bare_end(line[-12:])
    return end.endswith(_CLAUSE_ENDS) and not _INITIALISM_END.search(end)


def _bare_end(text: str) -> str:
    """A line's end without the spaces, bullets, closing quotes and brackets after its
    last mark."""
    return text.rstrip(_TRAILING_MARKS + _CLOSERS)


def words(text: str) -> list[str]:
    """The words of a line (letters, with inner apostrophes and hyphens)."""
    return WORD.findall(text)


_MARKS_AROUND_WORDS = "\"'“”‘’«»„()[]{}<>.,;:!?…—–-/*&%$#@|•"
PROSE_WORDS = 25
"""A line of this many words reads as running text, however it ends."""
COUNT_LIMIT = PROSE_WORDS + 1
"""Where counting a line's words may stop: most rules on a line's length are decided
below it, and the few that look further count again (`_words_at_most`)."""


def word_count(text: str, limit: int = 0) -> int:
    """How many words `words` would find, without building the list.

    With a `limit`, a count of `limit` or more may stop early: it is then only
    known to be at least the number returned, which is `limit` or more.
    """
    others = []  # tokens that are not one plain word each
    n = 0
    for token in text.split():
        if token.isalpha():
            n += 1
        else:
            others.append(token)
    if limit and n >= limit:
        return n
    for token in others:
        # Marks around a word cannot join it to another: count inside them.
        core = token.strip(_MARKS_AROUND_WORDS)
        if core.isalpha() or _one_joined_word(core):
            n += 1
        elif core:
            n += WORD.subn("", core)[1]
    return n


_JOINERS_AS_HYPHENS = str.maketrans("'’", "--")


def _one_joined_word(token: str) -> bool:
    """Letters joined by single apostrophes or hyphens: "Russia’s", "co-op"."""
    joined = token.translate(_JOINERS_AS_HYPHENS)
    return (
        joined[:1] != "-"
        and joined[-1:] != "-"
        and "--" not in joined
        and joined.replace("-", "").isalpha()
    )


def cjk_words(text: str) -> int:
    """Words of a CJK text, which has no spaces between them: one for every two
    Han, kana or Hangul characters (a Chinese word is one to two characters long)."""
    return _count(_SCRIPTS["cjk"], text) // 2


def has_words(text: str, n: int) -> bool:
    """Whether a text has at least `n` words; mostly looks no further than the nth."""
    # The first n tokens, when all are plain words, are enough.
    if sum(map(str.isalpha, text.split(None, n)[:n])) >= n:
        return True
    return word_count(text, n) >= n


def _words_at_most(line: str, n_words: int, most: int) -> bool:
    """Whether a line has at most `most` words, from a count that may have stopped
    early at COUNT_LIMIT or more (and is then a lower bound)."""
    if n_words < COUNT_LIMIT or n_words > most:
        return n_words <= most
    return word_count(line) <= most


_SCRIPT_LETTERS = {
    "latin": "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]",  # not × ÷
    "cyrillic": "[\u0400-\u04ff]",
    "greek": "[\u0370-\u03ff]",
    "arabic": "[\u0600-\u06ff]",
    "hebrew": "[\u0590-\u05ff]",
    "cjk": "[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]",
}
_LETTER_CLASS = r"[^\W\d_]"
# Runs of a class, not single characters: counting them takes one match a word.
_SCRIPTS = {name: re.compile(cls + cls + "*") for name, cls in _SCRIPT_LETTERS.items()}
_LETTERS = re.compile(_LETTER_CLASS + _LETTER_CLASS + "*")
_LETTER = re.compile(_LETTER_CLASS)
_ALNUM = re.compile(r"[^\W_]")
# Anything beyond Latin letters, digits, punctuation and common symbols.
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u20cf\u2100-\u214f]")
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _ranges(codes: list[int]) -> str:
    """The inside of a regex character class matching exactly these code points."""
    spans: list[list[int]] = []
    for code in sorted(codes):
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in spans)


# Characters that may be letters of another script than Latin: the non-Latin ones,
# and the letter-like signs of the Latin blocks that no script claims ("ª", "½", "ℓ").
_LATIN_BLOCKS = [
    *range(0x250),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x20D0),
    *range(0x2100, 0x2150),
]
_FOREIGN = re.compile(
    "[^"
    + _ranges(
        [
            c
            for c in _LATIN_BLOCKS
            if not (_LETTER.match(chr(c)) and not _SCRIPTS["latin"].match(chr(c)))
        ]
    )
    + "]"
)


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of a text the runs of a class cover."""
    return len(text) - len(runs.sub("", text))


def _latin_outweighs(text: str, factor: int) -> bool:
    """Whether a text has `factor` times as many Latin letters as foreign characters,
    or more: then no other script can have more than 1 / (factor + 1) of its letters.

    The A to Z letters count fewer than the Latin ones; the characters beyond
    ASCII, counted without a search, count more than the foreign ones.
    """
    ascii_part = text.encode("ascii", "ignore")
    ascii_letters = len(ascii_part.translate(None, _ASCII_NOT_LETTERS))
    if (len(text) - len(ascii_part)) * factor <= ascii_letters or not _NOT_LATIN.search(text):
        return True
    return len(_FOREIGN.findall(text)) * factor <= ascii_letters


def script_counts(text: str) -> dict[str, int]:
    """How many letters of each writing system a text has ('other' for the rest)."""
    total = _count(_LETTERS, text)
    if not _NOT_LATIN.search(text):
        return {"latin": total} if total else {}
    counts: dict[str, int] = {}
    rest = total
    for script, runs in _SCRIPTS.items():
        if rest <= 0:
            break
        n = _count(runs, text)
        if n:
            counts[script] = n
            rest -= n
    if rest > 0:
        counts["other"] = rest
    return counts


def _most_letters(counts: dict[str, int]) -> str:
    """The script with the most letters; of a tie, the first counted."""
    return max(counts, key=counts.__getitem__)


def dominant_script(text: str) -> str | None:
    """The script most letters of a text are written in (judged on its first 4,000 characters)."""
    sample = text[:4000]
    if _latin_outweighs(sample, 1):
        return "latin"  # it wins, or ties and comes first
    counts = script_counts(sample)
    return _most_letters(counts) if counts else None


# A line of program code: it opens with a comment or prompt mark, or ends with a
# brace, a semicolon, an opening bracket or an arrow ("x = 1;", "});", "if (a) {"),
# or with a call ("print(x)"); "Reviews (12)" is no call.
_CODE_START = re.compile(r"^(?://|/\*|#!|<!--|\$ |>>> )")
_CODE_TAIL = 80
_CODE_FIRST = "/#<$>"
_CODE_LAST = "{};([>),:"
_CODE_END = re.compile(r"(?:[{};(\[]|=>|->|\w\([^()]*\)+[;,:]?)\s*$")


def is_code(line: str) -> bool:
    """Whether a short line reads as a line of program code rather than words."""
    # Cheap tests of the first and last character go first; the end pattern is
    # searched in the line's tail only, as it is tried at every place.
    if line[:1] in _CODE_FIRST and _CODE_START.match(line):
        return True
    return line[-1:] in _CODE_LAST and _CODE_END.search(line[-_CODE_TAIL:]) is not None


def is_prose(line: str, n_words: int | None = None) -> bool:
    """A line shaped like running text: a real sentence, or a long run of words."""
    n = word_count(line) if n_words is None else n_words
    if n >= PROSE_WORDS:
        return True
    return n >= 7 and ends_sentence(line)


def is_timestamp(line: str) -> bool:
    """A standalone date or time line ('May 13 2015, 12:12', 'Atyrau, October 20 15:01')."""
    if len(line) > 90 or not _DIGIT.search(line):
        return False  # every date or time form below has a digit
    low = folded(line)
    has_date = bool(
        (":" in low and _TIME.search(low))
        or (has_any(low, _DATE_SEPARATORS) and _NUMERIC_DATE.search(low))
        or (
            has_any(low, MONTH_ABBREVIATIONS)
            and _FOLDED_MONTH.search(low)
            and _DAY_NUMBER.search(low)
        )
    )
    if not has_date:
        return False
    rest = _DATE_NOISE.sub(" ", _TIME.sub(" ", low))
    return word_count(rest) <= 2


def folded(text: str) -> str:
    """Lower case as a case-blind pattern sees it, for substring tests and for
    lower-case rules that stand in for case-blind patterns.

    A case-blind pattern's "s" and "i" also match "ſ", "ı" and "İ": lower
    casing keeps the first two and makes the last two characters, and all
    become "s" and "i" here. The folded text is as long as the text.
    """
    if text.isascii():
        return text.lower()
    if "İ" in text:
        text = text.replace("İ", "I")
    low = text.lower()
    if "ſ" in low or "ı" in low:
        low = low.replace("ſ", "s").replace("ı", "i")
    return low


def _ui_phrase(line: str) -> bool:
    key = _NOT_WORD_OR_SPACE.sub("", line).strip().lower()
    return key in _UI_PHRASES


def _other_script(text: str, main_script: str | None) -> bool:
    """Most of the line's letters are in another writing system than the article's."""
    if main_script is None or (main_script == "latin" and text.isascii()):
        return False
    if main_script == "latin" and _latin_outweighs(text, 2):
        return False  # no other script can have more than half of the letters
    letters = script_counts(text)
    if not letters:
        return False
    top = _most_letters(letters)
    return top != main_script and letters[top] * 2 > sum(letters.values())


def _glued_links(line: str) -> bool:
    """Links copied without spaces between them ("Market NewsStock TipsIPO Calendar"),
    in a line that is no sentence (`line_kind` tells):
    a word in lower case running into a capital, in one word of every four or more
    ("PictureInPictureParent" is one name).
    Code and addresses glue words too ("getElementById"): they are left alone."""
    if not _GLUED.search(line) or _CODE_CHARS.search(line):
        return False
    glued = sum(1 for token in line.split() if _GLUED.search(token))
    return glued >= _GLUED_LEAST and glued * 4 >= word_count(line)


def _dated_byline(text: str) -> bool:
    """A date, then "by" and the author's name: the post's byline."""
    match = _DATE_THEN_BY.match(text)
    return match is not None and is_timestamp(match.group(1))


def line_kind(line: str, main_script: str | None, n_words: int | None = None) -> str | None:
    """The junk kind of one line taken alone, or None when it may be article text.

    `n_words` is the line's word count, or for a line of COUNT_LIMIT words or
    more, a lower bound of it that is COUNT_LIMIT or more (see `word_count`).
    """
    stripped = line.strip()
    if (
        ("{" in stripped or "<%" in stripped or "[[" in stripped)
        and _PLACEHOLDER.search(stripped)
        and word_count(_PLACEHOLDER.sub("", stripped)) <= 3
    ):
        return PLACEHOLDER
    if not _ALNUM.search(stripped):
        return SYMBOL
    opening = _ANY_OPENING.match(stripped) is not None
    if opening and _COMMENTS.match(stripped):
        return COMMENTS
    if (
        len(stripped) <= _OTHER_COMMENTS_LENGTH
        and stripped[:1] in _OTHER_COMMENTS_FIRST
        and _OTHER_COMMENTS.match(stripped)
    ):
        return COMMENTS
    if len(stripped) <= 60 and is_timestamp(stripped):
        return TIMESTAMP  # before the script test: dates are read from any line
    if _other_script(stripped, main_script):
        return OTHER_SCRIPT
    if n_words is None:
        n_words = word_count(stripped)
    if (
        stripped[:1] in "BbTtOo"
        and stripped.startswith(_FORM_OPENINGS)
        and _words_at_most(stripped, n_words, _FORM_NOTICE_WORDS)
        and _FORM_NOTICE.match(folded(stripped))
    ):
        return PROMO  # before the byline test: "By signing up, you agree…" names no author
    if n_words <= 16 and (
        (_BYLINE.search(stripped) and not _SENTENCE_AFTER_BY.match(stripped))
        or (stripped[:1] in "PpVvDd" and _FOREIGN_BYLINE.match(stripped))
    ):
        return BYLINE
    if stripped[:1] in "PpUuLl" and n_words <= _POSTED_WORDS and _POSTED.match(stripped):
        return BYLINE
    if (
        n_words <= 16
        and (" by " in stripped or " By " in stripped or " BY " in stripped)
        and _dated_byline(stripped)
    ):
        return BYLINE
    low = folded(stripped)
    if n_words <= 25 and has_any(low, _CREDITS_HINTS) and _CREDITS.match(low):
        return CREDITS
    if (
        n_words <= 40
        and has_any(low, _COPYRIGHT_HINTS)
        and _words_at_most(stripped, n_words, 40)
        and _COPYRIGHT.search(low)
    ):
        return CREDITS
    if (
        3 <= n_words <= 40  # "reach him at", "covers Ukraine for The Times": three words or more
        and has_any(low, _BIO_HINTS)
        and _words_at_most(stripped, n_words, 40)
        and _BIO.search(stripped)
    ):
        return BIO
    # Skip links are short: "Перейти к полноценным переговорам…" is a sentence.
    accessibility = opening and n_words <= 6 and _ACCESSIBILITY.match(stripped)
    if (
        (opening and _URL.match(stripped))
        or accessibility
        or (low.endswith("springen") and _SKIP_LINK_END.search(stripped))
    ):
        return NAVIGATION
    if opening and _LIST_MARKER.match(stripped):
        return LABEL
    promo_words = n_words <= 25 and has_any(low, _PROMO_HINTS)
    if promo_words and _PROMO.search(low):
        return PROMO
    # A notice may run longer than a promo: a long line is looked at if it is short enough
    # in characters, a shorter one only if it holds a promo word ("cookie", "browser").
    # A long browser notice names Internet Explorer: only a short one is looked for by
    # "browser" alone.
    notice = promo_words or (n_words >= COUNT_LIMIT and len(stripped) <= _NOTICE_CHARS)
    if (
        notice
        and "cookie" in low
        and _words_at_most(stripped, n_words, _COOKIE_NOTICE_WORDS)
        and _COOKIE_NOTICE.search(low)
    ):
        return PROMO
    if (
        notice
        and ("explorer" in low or (promo_words and "browser" in low))
        and _words_at_most(stripped, n_words, _BROWSER_NOTICE_WORDS)
        and _BROWSER_NOTICE.search(low)
    ):
        return PROMO
    if (
        n_words <= 80
        and "journalism" in low
        and _words_at_most(stripped, n_words, 80)
        and _APPEAL.search(low)
        and _OWN_VOICE.search(low)
    ):
        return PROMO
    sentence = n_words >= 7 and ends_sentence(stripped)
    glued = not sentence and main_script == "latin" and n_words >= _GLUED_WORDS
    if glued and _glued_links(stripped):
        return NAVIGATION
    if n_words >= PROSE_WORDS or sentence:
        return None  # prose: none of the short-line kinds below can apply
    return _short_line_kind(stripped, low, n_words, promo_words)


def _short_line_kind(stripped: str, low: str, n_words: int, promo_words: bool) -> str | None:
    """Kinds that only short, non-sentence lines can have (after `line_kind`'s tests).

    `promo_words` says the line holds one of the promotion hint words.
    """
    if _IMAGE_ONLY.match(stripped):
        return IMAGE
    digits = bool(_DIGIT.search(stripped))
    if digits:
        if _COUNTER.match(stripped):
            return COUNTER
        if _PERCENT.match(stripped):
            return TICKER
        if _RELATIVE_TIME.match(stripped):
            return TIMESTAMP
    elif low.endswith("ago") and _RELATIVE_TIME.match(stripped):
        return TIMESTAMP  # "an hour ago"
    if (
        has_any(stripped, _LEAD_MARKS)  # the mark after a related-story label
        and _RELATED_LEAD.match(stripped)
        and not is_prose(stripped.split(":", 1)[-1])
    ):
        return RELATED
    if digits:
        # `line_kind` found no date or time in lines of up to 60 characters.
        stamp = len(stripped) > 60 and is_timestamp(stripped)
        if n_words <= 3 and stamp:
            return TIMESTAMP
        if not n_words:
            return TICKER if _CURRENCY.search(stripped) else COUNTER
        if n_words <= 4 and (_CURRENCY.search(stripped) or _WEATHER.search(stripped)):
            return TICKER
        if stamp:
            return TIMESTAMP
    if _ui_phrase(stripped):
        return LABEL
    if (
        n_words <= _BUTTON_WORDS
        and low[:1] in _BUTTON_FIRST
        and has_any(low, _BUTTON_HINTS)
        and _BUTTON.match(low)
    ):
        return LABEL
    if promo_words and _PROMO_LABEL.search(low):
        return PROMO
    if n_words <= 10 and has_any(low, _LOGIN_HINTS) and _LOGIN.search(low):
        return LOGIN
    return None
