"""The cleaner, one kind of junk at a time, on small pages written for the test."""

from __future__ import annotations

import re

import pytest

from store.text import lines, parse_article
from store.text.decode import strip_control
from store.text.lines import (
    ends_clause,
    ends_sentence,
    folded,
    has_words,
    line_kind,
    script_counts,
    word_count,
    words,
)
from store.text.patterns import WHITESPACE

BODY_1 = "Officials said on Monday that the new bridge would open to traffic next spring."
BODY_2 = "The project has cost twice the original estimate, according to the city council."
BODY_3 = "Residents have complained about the noise for more than three years now."


def page(*middle: str, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> str:
    """A page: optional chrome, a title, the body with `middle` lines, optional chrome."""
    lines = [*before, "", "City bridge to open next spring after long delay", ""]
    lines += [BODY_1, "", BODY_2, "", *middle, "", BODY_3, "", *after]
    return "\n".join(lines)


def removed_reasons(raw: str) -> dict[str, str]:
    """Removed line text -> reason."""
    return {r.text.strip(): r.reason for r in parse_article(raw, "t.txt").removed}


def assert_clean(raw: str, junk: list[str], reason: str | None = None) -> None:
    article = parse_article(raw, "t.txt")
    for line in junk:
        assert line not in article.text, line
    for body in (BODY_1, BODY_2, BODY_3):
        assert body in article.text
    if reason is not None:
        reasons = removed_reasons(raw)
        for line in junk:
            assert reasons.get(line) == reason, (line, reasons.get(line))


def test_menu_before_title_is_navigation() -> None:
    menu = ("Home", "World", "Business", "Opinion", "Sport", "Culture")
    raw = page(before=menu)
    assert_clean(raw, list(menu[1:]), "navigation")
    assert parse_article(raw).title == "City bridge to open next spring after long delay"


@pytest.mark.parametrize("line", ["Share", "Advertisement", "Реклама", "Read more", "Tweet"])
def test_share_and_ad_labels(line: str) -> None:
    assert_clean(page(line), [line])


@pytest.mark.parametrize(
    "line",
    ["$ 426.14", "€ 497.05", "USD 1.0842", "+1.2%", "Oil $82.14", "Moscow -5", "Kyiv +12 °C"],
)
def test_tickers(line: str) -> None:
    assert_clean(page(before=(line,)), [line], "ticker")


def test_a_dash_before_a_number_in_a_headline_is_no_temperature() -> None:
    assert lines.line_kind("Harbour Notes #282 - 0.17 in sight", "latin") is None


@pytest.mark.parametrize("line", ["759 views", "1,204 comments", "3 min read", "12 просмотров"])
def test_view_counters(line: str) -> None:
    assert_clean(page(line), [line])


@pytest.mark.parametrize(
    "line",
    [
        "© AFP / John Smith",
        "Workers inspect the bridge in May 2023 (Reuters / Jane Roe)",
        "The mayor (C) opens the first section of the bridge, June 1, 2023. REUTERS/Jane Roe",
        "Photo: City of Springfield",
        "Image caption, The bridge spans the river",
        "The old ferry crosses the river at dawn. (AP Photo/Sam Lee)",
    ],
)
def test_captions_and_photo_credits(line: str) -> None:
    assert_clean(page(line), [line], "caption")


def test_related_headline_after_a_caption_card() -> None:
    caption = "The mayor speaks to reporters in Springfield, May 3, 2023 - Springfield Herald"
    headline = "Mayor Promises Bridge Will Be Finished on Time"
    raw = page(f"{caption}\n{headline}\n{caption.replace('May 3', 'May 4')}\n{headline} Again")
    reasons = removed_reasons(raw)
    assert reasons[headline] == "related headline"
    assert headline not in parse_article(raw).text


@pytest.mark.parametrize(
    "line", ["Related: Council votes to raise parking fees", "READ MORE: Bridge costs soar"]
)
def test_related_headline_lead_ins(line: str) -> None:
    assert_clean(page(line), [line], "related headline")


def test_most_read_list_after_the_article() -> None:
    tail = ("Most read", "1", "Storm closes schools across the region", "2", "Local team wins cup")
    raw = page(after=tail)
    assert_clean(raw, ["Storm closes schools across the region", "Local team wins cup"])


@pytest.mark.parametrize(
    "line", ["{{item.group_date}}", '{{item.suffix?", "+item.suffix:""}}', "${headline}"]
)
def test_template_placeholders(line: str) -> None:
    assert_clean(page(line), [line], "placeholder")


@pytest.mark.parametrize("line", ["log in or register", "Sign in to comment", "Subscribe"])
def test_login_prompts(line: str) -> None:
    assert_clean(page(after=("To join the discussion", line)), [line])


@pytest.mark.parametrize(
    "line", ["12:45", "Atyrau, October 20 15:01", "Updated 2 hours ago", "14.03.2023"]
)
def test_standalone_timestamps(line: str) -> None:
    assert_clean(page(line), [line], "timestamp")


def test_chrome_in_another_script() -> None:
    chrome = "Нашли ошибку? Выделите её мышью и нажмите Ctrl + Enter."
    assert_clean(page(after=(chrome,)), [chrome], "other-language chrome")


def test_a_heading_with_one_foreign_letter_is_kept() -> None:
    # The first letter is a Cyrillic "С" typed by mistake: still an English heading.
    raw = page("\u0421onference on Afghanistan")
    article = parse_article(raw)
    headings = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "heading"]
    assert headings == ["\u0421onference on Afghanistan"]


def test_image_label_glued_to_a_paragraph_is_cut() -> None:
    raw = page(f"Image 0{BODY_1.replace('Officials', 'Engineers')}")
    article = parse_article(raw)
    assert "Image 0" not in article.text
    assert BODY_1.replace("Officials", "Engineers") in article.text
    assert any(r.text == "Image 0" and r.reason == "image placeholder" for r in article.removed)


def test_headings_and_paragraph_offsets() -> None:
    raw = page("Why it matters")
    article = parse_article(raw)
    kinds = [(article.text[p.start : p.end], p.kind) for p in article.paragraphs]
    assert ("Why it matters", "heading") in kinds
    assert (BODY_1, "paragraph") in kinds
    assert article.text.split("\n\n")[0] == BODY_1


def test_hard_wrapped_paragraph_is_joined() -> None:
    raw = (
        "A title for a wrapped article here\n\n"
        "The committee met for six hours on Friday afternoon and then\n"
        "agreed to publish its report next week.\n\n" + BODY_2
    )
    article = parse_article(raw)
    assert "Friday afternoon and then agreed to publish" in article.text


def test_every_dropped_line_is_listed_with_its_number() -> None:
    raw = page("Share", before=("Home", "News", "Sport"))
    removed = {r.line: r for r in parse_article(raw).removed}
    lines = raw.split("\n")
    for number, entry in removed.items():
        assert lines[number - 1].strip().endswith(entry.text.strip())
    assert any(r.text == "Share" for r in removed.values())


def test_control_characters_never_reach_the_text() -> None:
    raw = page("\x1b[31mRed alert\x1b[0m: the council\x07 met again on Tuesday evening.")
    article = parse_article(raw)
    assert "\x1b" not in article.text and "\x07" not in article.text
    assert "Red alert: the council met again" in article.text


def test_every_control_character_is_removed_and_nothing_else() -> None:
    controls = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0))} - {"\t", "\n", "\r"}
    controls |= {"\u200b", "\u2028", "\u2029", "\ufeff", *map(chr, range(0xD800, 0xE000))}
    for code in [*range(0x3000), *range(0xD7F0, 0xE010), 0xFEFF, 0xFFFD, 0x1F600]:
        char = chr(code)
        if char in "\t\n\r\x1b\x9b":
            continue  # kept, or read as a line end or an escape sequence
        for text in (f"a{char}b", f"Жж{char}", char):
            expected = text.replace(char, "") if char in controls else text
            assert strip_control(text) == expected, hex(code)


def test_a_lone_surrogate_is_dropped_and_the_page_still_parses() -> None:
    # JSON can carry one ("\\ud800"); before, hashing the page for its id failed.
    article = parse_article(page("The council met \ud800again on Tuesday evening to vote."))
    assert "\ud800" not in article.text
    assert "The council met again on Tuesday" in article.text


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("He left the room.", True),
        ("Is that the plan?", True),
        ('"We will not give in," he said.', True),
        ("“That is all we can say.”", True),
        ("He said it was over (for now).", True),
        ("The end of the story …   ", True),
        ("Read the full report here. ■", True),
        ("He said it was “absolutely necessary”", True),
        ("Markets closed higher on Monday", False),
        ("The minister, who spoke in Moscow,", False),
        ("Photo: Jane Doe/Reuters", False),
        ("", False),
    ],
)
def test_ends_sentence(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("The ferry sails again on Monday.", True),
        ("The ferry, which sailed for years,", True),
        ("Why the ferry stopped: the full story…”", True),
        ("渡し船は月曜日に運航を再開します。」", True),
        ("渡し船は月曜日に運航を再開します，", True),
        ("A new ferry for the U.S.", False),
        ("Is the ferry back?", False),
        ("The ferry is back!", False),
        ("渡し船が戻ってきた」", False),
    ],
)
def test_ends_clause_tells_a_standfirst_from_a_headline(line: str, ends: bool) -> None:
    assert ends_clause(line) is ends


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The U.S. embassy's rock-'n'-roll night", 8),
        ("“Hello,” she said — twice (2015).", 4),
        ("Home World Business", 3),
        ("2,000 of 3.5 % —", 1),
    ],
)
def test_word_count_matches_the_word_pattern(text: str, count: int) -> None:
    assert word_count(text) == count == len(words(text))
    # With a limit the count may stop early, somewhere at or above the limit.
    limited = word_count(text, 2)
    assert limited == count if count < 2 else 2 <= limited <= count


@pytest.mark.parametrize(
    ("text", "n", "has"),
    [
        ("two words", 2, True),
        ("one", 2, False),
        ("U.S.", 2, True),  # two words, in one token
        ("— 2015 —", 1, False),
        ("“Yes,” he said", 3, True),
        ("co-op", 2, False),
        ("", 0, True),
    ],
)
def test_has_words_counts_as_the_word_pattern(text: str, n: int, has: bool) -> None:
    assert has_words(text, n) is has is (len(words(text)) >= n)


def test_times_and_divide_signs_are_not_latin_letters() -> None:
    assert script_counts("a×b÷c Жж") == {"latin": 3, "cyrillic": 2}


@pytest.mark.parametrize(
    ("line", "script", "kind"),
    [
        ("Share ****************************************", "latin", "share/ad label"),
        ("Please ſign in", "latin", "login prompt"),  # a case-blind "s" matches "ſ" too
        ("PLEASE LOG İN TO COMMENT", "latin", "login prompt"),  # and "i" matches "İ"
        ("REPORTING BY JANE DOE; EDITING BY JOHN ROE", "latin", "credits"),
        ("Subscribe NOW for unlimited access", "latin", "promo"),
        ("Become a paid subscriber to Harbour Notes to unlock this post:", "latin", "promo"),
        ("Updated 12:45 PM GMT", "latin", "timestamp"),
        ("٢٠٢٤ Reuters", "arabic", "other-language chrome"),
        ("Kommentare lesen (3 Beiträge)", "latin", "comments"),  # a comments label in German
        ("12 commentaires", "latin", "comments"),
        ("Komentáře", "latin", "comments"),
        # A sign-up form's small print, however long, and its thanks.
        (
            "By signing up, you accept the harbour club's rules and how it keeps your data.",
            "latin",
            "promo",
        ),
        (
            "By submitting this form you consent to calls and texts from the harbour office "
            "about timetables, fares and offers; reply STOP to any of them to end them, or "
            "write to the office and we will take your number off the list.",
            "latin",
            "promo",
        ),
        ("Thanks for signing up!", "latin", "promo"),
        ("Thanks! Your request has been sent.", "latin", "promo"),
        ("Oops! Something went wrong while submitting your answers.", "latin", "promo"),
        # A cookie banner's text, however long.
        (
            "This website uses cookies so that the timetable remembers your home port and "
            "your favourite routes. Some of them are set by other services we rely on, and "
            "you can turn each of them off below.",
            "latin",
            "promo",
        ),
        ("Harbourmap sets this cookie to remember the last route you looked at.", "latin", "promo"),
        ("Table of Contents", "latin", "share/ad label"),
        ("Get started for free", "latin", "share/ad label"),  # a company page's buttons
        ("Request a demo", "latin", "share/ad label"),
        ("Check price at Harbour Outfitters", "latin", "share/ad label"),  # a review's buttons
        ("READ FULL REVIEW", "latin", "share/ad label"),
        ("See on Amazon", "latin", "share/ad label"),
        ("About the author:", "latin", "share/ad label"),
        # Share buttons and the stand-in for an embedded post.
        ("Click to share on Harbourgram (Opens in a new tab)", "latin", "share/ad label"),
        ("7Click to share on Quaynet (Opens in a new tab)7", "latin", "share/ad label"),
        ("Share this post", "latin", "share/ad label"),
        ("View this post on Instagram", "latin", "share/ad label"),
    ],
)
def test_line_kinds_at_the_edges(line: str, script: str, kind: str) -> None:
    assert line_kind(line, script) == kind


@pytest.mark.parametrize(
    "rule",
    [
        lines._CREDITS,
        lines._PROMO,
        lines._PROMO_LABEL,
        lines._APPEAL,
        lines._OWN_VOICE,
        lines._COPYRIGHT,
        lines._LOGIN,
        lines._TIME,
        lines._DATE_NOISE,
        lines._FOLDED_MONTH,
    ],
)
def test_rules_for_folded_lines_are_written_in_lower_case(rule: re.Pattern[str]) -> None:
    # They run on lines `folded` to lower case: a capital in them would never match.
    assert not rule.flags & re.IGNORECASE
    letters = re.sub(r"\\[A-Za-z]", "", rule.pattern)  # not the escapes: \b, \d, \S
    assert letters == letters.lower()


def test_folding_keeps_the_length_and_matches_as_a_case_blind_pattern() -> None:
    for text in ("İSTANBUL", "ſign ın", "Straße", "\u212aELVIN"):
        low = folded(text)
        assert len(low) == len(text)
        assert all(
            re.fullmatch(re.escape(a), b, re.IGNORECASE) for a, b in zip(low, text, strict=True)
        )


def test_the_whitespace_list_is_every_space_character() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


@pytest.mark.parametrize(
    "prose",
    [
        # Read alone, each looks like a bio, a promotion, an appeal or a skip link.
        "Evan Gershkovich is a reporter for The Wall Street Journal and was detained in 2023.",
        "Sweden joined NATO in 2024, ending two centuries of military non-alignment.",
        '"Our partners continue to support us, and we are grateful," the mayor said.',
        "The billionaire pledged to donate $100 million to the city's hospitals.",
        "Meta said it had updated its privacy policy after the ruling.",
        "The foundation, which has spent decades trying to support independent journalism in "
        "small towns across the country, said the new grants would go to forty local "
        "newsrooms over the next five years, with the first payments due in the spring.",
    ],
)
def test_news_prose_that_reads_like_page_chrome_stays(prose: str) -> None:
    article = parse_article(page(prose), "t.txt")
    assert prose in article.text and BODY_3 in article.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Jane Doe is a reporter at The Daily Planet.", "author bio"),
        ("Donate", "promo"),
        ("Privacy Policy", "promo"),
        ("Journalism costs money. Please support our work so we can keep reporting.", "promo"),
    ],
)
def test_chrome_after_the_last_paragraph_goes(line: str, reason: str) -> None:
    assert_clean(page(after=(line,)), [line], reason)


def test_a_bio_inside_an_article_with_a_known_title_stays() -> None:
    # A JSONL record comes with its title: the same rule as for page dumps holds.
    bio = "Evan Gershkovich is a reporter for The Wall Street Journal and was detained in 2023."
    text = "\n\n".join([BODY_1, bio, BODY_3, "Jane Doe is a reporter at The Daily Planet."])
    article = parse_article(text, "t.jsonl", title="Reporter detained")
    assert bio in article.text and BODY_3 in article.text
    assert [r.reason for r in article.removed] == ["author bio"]


def test_a_live_page_banner_is_the_title_when_it_is_the_only_headline() -> None:
    raw = "Ukraine war latest: Kyiv hit by drones overnight\n\n" + "\n\n".join(
        (BODY_1, BODY_2, BODY_3)
    )
    assert parse_article(raw, "t.txt").title == "Ukraine war latest: Kyiv hit by drones overnight"


def test_a_sentence_is_no_skip_link_though_it_opens_like_one() -> None:
    body = (
        "Переговоры в Стамбуле продолжатся на следующей неделе, сообщили в министерстве.",
        "Перейти к полноценным переговорам стороны пока не готовы, признал он.",
        "Делегации обменялись проектами документов и договорились о новой встрече.",
    )
    raw = "\n\n".join(("Перейти к содержанию", "Стороны обсудили ход переговоров", *body))
    article = parse_article(raw, "t.txt")
    assert all(line in article.text for line in body)
    assert removed_reasons(raw)["Перейти к содержанию"] == "navigation"


def test_a_date_then_by_and_a_name_is_a_byline() -> None:
    for line in (
        "3 March 2024 by Sam Reed, Harbour Reporter",
        "03/03/2024 by Sam Reed",
        "3/3/2024 7:11 AM PST BY HARBOUR STAFF",
        "March 3, 2024 By Sam Reed",
    ):
        assert lines.line_kind(line, "latin") == lines.BYLINE, line
    sentence = "Fares rose by a third in 2024 by the council's own count."
    assert lines.line_kind(sentence, "latin") != lines.BYLINE


@pytest.mark.parametrize(
    "line",
    ["Par Alexandre Roux et Jeanne Piette", "Von Anna Müller", "Por Juan Pérez", "Door Jan Vos"],
)
def test_by_in_other_languages_before_a_name_is_a_byline(line: str) -> None:
    assert lines.line_kind(line, "latin") == lines.BYLINE


@pytest.mark.parametrize(
    "line",
    [
        "Von der Leyen said the talks would go on",
        "Por eso el gobierno cambió de rumbo",
        "Door County Fire Destroys Barn Near Harbour",
        "Von Miller Signs With Harbour Rovers",
    ],
)
def test_a_sentence_opening_with_those_words_is_no_byline(line: str) -> None:
    assert lines.line_kind(line, "latin") != lines.BYLINE


@pytest.mark.parametrize(
    ("line", "promo"),
    [
        ("Get our newsletter in your inbox every morning", True),
        ("Newsletter sign-up", True),
        ("Sign up for our newsletter", True),
        ("She edits the harbour newsletter.", False),
        ("I built a tool that creates a weekly newsletter digest", False),
    ],
)
def test_a_newsletter_offered_is_a_promo_one_written_about_is_not(line: str, promo: bool) -> None:
    assert (lines.line_kind(line, "latin") == lines.PROMO) is promo
