"""Whole pages in the styles of other outlets (written for the tests, not scraped).

The cleaner is measured on outlets that are not in the repository; these pages
keep its rules honest: wire datelines, bylines, share bars, copyright lines,
British single quotes and caption credits it has not seen in the samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store.text import Article, parse_article

OUTLETS = Path(__file__).parent / "outlets"


def load(name: str) -> Article:
    return parse_article((OUTLETS / name).read_text(encoding="utf-8"), name)


def speakers_of(article: Article, start: str) -> list[str | None]:
    """The speakers of the quotes that begin with `start`."""
    return [q.speaker for q in article.quotes if article.text[q.start : q.end].startswith(start)]


def assert_speakers(name: str, speaker_of: dict[str, str]) -> None:
    """Each quote beginning with a key is there once, with the speaker given."""
    article = load(name)
    for start, speaker in speaker_of.items():
        assert speakers_of(article, start) == [speaker], start


def speakers(article: Article) -> list[str | None]:
    return [q.speaker for q in article.quotes]


@pytest.mark.parametrize(
    ("name", "title", "source", "date"),
    [
        ("reuters.txt", "EU leaders agree to extend sanctions on Belarus", "Reuters", "2023-03-14"),
        ("bbc.txt", "Minister quits over 'unacceptable' housing plan", None, "2024-06-12"),
        ("ap.txt", "Judge blocks state's new voting law ahead of midterms", "AP", "2022-10-04"),
        ("guardian.txt", "Heatwave pushes Europe's power grids to the limit", None, "2022-07-19"),
    ],
)
def test_metadata(name: str, title: str, source: str | None, date: str) -> None:
    article = load(name)
    assert (article.title, article.source, article.date) == (title, source, date)


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        (
            "reuters.txt",
            [
                "REUTERS/Gonzalo Fuentes",
                "Related:",
                "Reporting by",
                "Most Read",
                "Markets tumble",
                "Our Standards",
                "LinkedIn",
                "$82.14",
            ],
        ),
        ("bbc.txt", ["Image source", "Image caption", "Related Topics", "3 days ago", "iPlayer"]),
        (
            "ap.txt",
            ["AP Photo", "By MARIA GARCIA", "Copyright 2022", "contributed to this report", "___"],
        ),
        (
            "guardian.txt",
            [
                "Photograph:",
                "Share on Facebook",
                "Sign in",
                "Kim Willsher in Paris",
                "Explore more",
                "Reuse this content",
                "more than 2 years old",
            ],
        ),
    ],
)
def test_junk_is_gone(name: str, junk: list[str]) -> None:
    text = load(name).text
    for piece in junk:
        assert piece not in text, piece


def test_standfirst_set_apart_by_a_date() -> None:
    article = load("bbc.txt")
    assert article.subtitle == (
        "The housing minister has resigned, saying the government's new policy would hurt families."
    )
    assert article.text.startswith("Housing Minister Sarah Jones said")


def test_speakers_across_outlets() -> None:
    assert speakers(load("reuters.txt")) == [
        "Olaf Scholz",
        "Olaf Scholz",
        "Alexander Lukashenko",
        "Olaf Scholz",
        "Olaf Scholz",
        "European Commission",
    ]
    assert speakers(load("ap.txt")) == ["Robert Miles", "Brad Rivers", "Brad Rivers"]
    assert speakers(load("guardian.txt")) == ["RTE", "RTE", "Teresa Ribera"]
    bbc = speakers(load("bbc.txt"))
    assert bbc[:3] == ["Sarah Jones"] * 3
    assert bbc[3] == bbc[4] == "Downing Street spokesman"  # a continued quote keeps its speaker
    assert bbc[-1] == "Home Builders Federation"


@pytest.mark.parametrize(
    ("name", "title", "subtitle_start"),
    [
        (
            "aljazeera.txt",
            "Thousands displaced as record floods hit northern Kenya",
            "Authorities warn",
        ),
        ("cnn.txt", "Senate passes bipartisan bill to fund air traffic controller hiring", None),
        ("npr.txt", "Schools are banning phones. Teachers say it's working", None),
        (
            "thehindu.txt",
            "Bengaluru water crisis: BWSSB to cap supply to bulk users, fines for car washing",
            "Board says restrictions",
        ),
        ("xinhua.txt", "China, ASEAN pledge to deepen digital economy cooperation", None),
        (
            "localpaper.txt",
            "City council OKs $14M bond for new water treatment plant",
            "Ratepayers",
        ),
    ],
)
def test_titles_on_pages_with_and_without_blank_lines(
    name: str, title: str, subtitle_start: str | None
) -> None:
    article = load(name)
    assert article.title == title
    if subtitle_start is None:
        assert article.subtitle is None
    else:
        assert (article.subtitle or "").startswith(subtitle_start)


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("localpaper.txt", ["free articles", "continue reading", "Reach her at", "brown water"]),
        (
            "npr.txt",
            ["hide caption", "lock their phones in pouches", "Sponsor Message", "Copyright"],
        ),
        ("cnn.txt", ["The US Capitol is seen", "Kent Nishimura", "Related article"]),
        ("aljazeera.txt", ["Ahmed Farouk/Al Jazeera", "Save articles to read later"]),
        ("xinhua.txt", ["Editor: Huaxia", "Français"]),
    ],
)
def test_more_junk_kinds_are_gone(name: str, junk: list[str]) -> None:
    text = load(name).text
    for piece in junk:
        assert piece not in text, piece


def test_headings_on_a_page_without_blank_lines() -> None:
    article = load("localpaper.txt")
    headings = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "heading"]
    assert "What residents will pay" in headings


def test_the_end_mark_does_not_cut_the_last_paragraph() -> None:
    assert load("xinhua.txt").text.rstrip().endswith("■")


@pytest.mark.parametrize(
    ("name", "speaker_of"),
    [
        ("aljazeera.txt", {"We have never seen water": "Halima Abdi",
                           "too little, too late": "Raila Mwangi",
                           "Our teams are seeing more": "Wanjiru Otieno"}),
        ("cnn.txt", {"This is a safety crisis": "Maria Delgado",
                     "can still get things done": "Tom Becker",
                     "welcomes any effort": "Federal Aviation Administration",
                     "People are working six-day": "Rich Santos"}),
        ("npr.txt", {"We have correlations, not": "Candice Odgers",
                     "What if there's a shooting": "Jennifer Ruiz"}),
        ("thehindu.txt", {"Nobody should panic": "D.K. Shivakumar"}),
        ("xinhua.txt", {"China will always be a good": "Li Qiang",
                        "must not become a proxy": "Joko Widodo"}),
        ("localpaper.txt", {"I’m on a fixed income": "Eleanor Pratt",
                            "could reduce the impact": "Lisa Tran"}),
    ],
)  # fmt: skip
def test_speakers_with_appositives_titles_and_family_names(
    name: str, speaker_of: dict[str, str]
) -> None:
    assert_speakers(name, speaker_of)


def test_a_report_titled_in_quotes_is_not_a_quote() -> None:
    article = load("npr.txt")
    assert not any("A tool on whose terms" in article.text[q.start : q.end] for q in article.quotes)


def test_date_read_from_a_line_in_another_script() -> None:
    assert load("ru_service.txt").date == "2024-01-12"


def test_russian_dash_attribution_and_nested_quotes() -> None:
    article = load("ru_service.txt")
    assert speakers_of(article, "Мы рассчитываем") == ["Андрей Петренко"]
    assert speakers_of(article, "Ответственность за") == ["Дмитрий Песков"]
    assert len(speakers_of(article, "Программа „Чистый")) == 1
    assert not speakers_of(article, "Чистый воздух")  # the inner „…“ is part of the outer one


def test_source_from_a_copyright_line_when_there_is_no_dateline() -> None:
    assert load("npr.txt").source == "NPR"
    assert load("cnn.txt").source == "Cable News Network"
    assert load("ap.txt").source == "AP"  # the dateline's agency comes first


def test_screen_reader_list_of_recommended_stories_is_gone() -> None:
    text = load("aljazeera.txt").text
    for piece in ("list 2 of 4", "end of list", "Somalia declares state of emergency"):
        assert piece not in text, piece


@pytest.mark.parametrize(
    ("name", "speaker_of"),
    [
        ("politico.txt", {"We got it done": "Chuck Schumer",
                          "I’m not going to lose": "Jon Tester"}),
        ("moscowtimes.txt", {"The elections will be": "Dmitry Peskov",
                             "Everything is ready": "Ella Pamfilova"}),
        ("scmp.txt", {"manage differences": "Wang Yi"}),
        ("substack.txt", {"Ask me in February": "Marla Jensen"}),
    ],
)  # fmt: skip
def test_role_and_name_speakers(name: str, speaker_of: dict[str, str]) -> None:
    """'Kremlin spokesman Dmitry Peskov' is Peskov, 'said Sen. Jon Tester' is Tester."""
    assert_speakers(name, speaker_of)


def test_titles_of_books_in_quotes_are_not_quotes() -> None:
    article = load("substack.txt")
    assert not any("Unsettling of America" in article.text[q.start : q.end] for q in article.quotes)


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("moscowtimes.txt", ["AFP contributed reporting"]),
        ("bloomberg.txt", ["With assistance from", "(Updates with"]),
        ("politico.txt", ["Filed under:", "is a congressional reporter at"]),
    ],
)
def test_closing_credits_and_bios(name: str, junk: list[str]) -> None:
    text = load(name).text
    for piece in junk:
        assert piece not in text, piece


def test_copyright_owner_without_company_suffix() -> None:
    assert load("politico.txt").source == "POLITICO"
    assert load("scmp.txt").source == "South China Morning Post"


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("abc_au.txt", ["Households cut spending as mortgage stress", "not out of the woods"]),
        ("kyivindependent.txt", ["Macron's troop remarks", "Independent journalism costs"]),
        ("moscowtimes.txt", ["Nadezhdin Barred From"]),
        ("scmp.txt", ["More on this story", "joined the Post in 2021"]),
        ("meduza.txt", ["Support Meduza"]),
    ],
)
def test_teasers_after_labels_appeals_and_bios(name: str, junk: list[str]) -> None:
    text = load(name).text
    for piece in junk:
        assert piece not in text, piece


def test_a_latest_news_banner_is_not_the_title() -> None:
    assert (
        load("kyivindependent.txt").title == "Russian drone attack on Odesa port kills 2, injures 8"
    )


def test_a_caption_with_a_photographer_and_outlet_is_no_standfirst() -> None:
    assert load("moscowtimes.txt").subtitle is None


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("abc_au.txt", "What does it mean for mortgage holders?"),  # a question between blanks
        ("meduza.txt", "How did people react?"),  # glued under a removed appeal
    ],
)
def test_question_headings(name: str, heading: str) -> None:
    article = load(name)
    headings = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "heading"]
    assert heading in headings
