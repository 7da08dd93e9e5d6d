"""HTML pages, JSONL lines with `html` and WARC crawls, read into articles."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree
from web_pages import PAGE, RUSSIAN_TEXT, SECOND_PAGE, russian_page, warc_bytes, write_warc

from store.corpus import Corpus
from store.corpus.html import body_blocks, decode_html, headline, sift_blocks
from store.corpus.read import read_articles
from store.formats.importer import import_lines

BRIDGE = "Harbour bridge to close for repairs"


def test_an_html_page_gives_its_metadata_and_its_article_text(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(PAGE, encoding="utf-8")
    [article], problems = read_articles(path)
    assert problems == []
    assert article.title == BRIDGE  # the site's name after "|" is not the headline's
    assert article.source == "The Daily Example"
    assert article.author == "Ann Writer"
    assert article.date == "2024-05-02"
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paragraphs[0].startswith("The council voted on Tuesday")  # the headline isn't repeated
    assert len(paragraphs) == 4
    assert "Ferry fares" not in article.text and "Home" not in article.text
    assert "All rights reserved" not in article.text
    [quote] = article.quotes
    assert article.text[quote.start : quote.end] == "It is simply not safe any more,"
    assert quote.speaker == "Ann Lee"
    reasons = {line.text: line.reason for line in article.removed}
    assert reasons["Also read: Ferry fares to rise in June as fuel costs climb"] == (
        "related headline"
    )


def test_a_txt_file_holding_html_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(PAGE, encoding="utf-8")
    [article], _ = read_articles(path)
    assert article.title == BRIDGE and "<p>" not in article.text


def blocks_of(markup: str) -> list[tuple[str, str]]:
    """What is kept of a body in trafilatura's own markup."""
    kept, _, _ = sift_blocks(body_blocks(etree.fromstring(markup)))
    return kept


PROSE = "<p>The minister said the talks had gone on well into the night and would go on.</p>"


def test_links_trailing_the_article_are_related_stories() -> None:
    links = "".join(
        f'<item><ref target="/{n}">Another story about the city number {n}</ref></item>'
        for n in range(4)
    )
    kept = blocks_of(f"<body>{PROSE}{PROSE}<list>{links}</list></body>")
    assert [kind for _, kind in kept] == ["paragraph", "paragraph"]
    lone = blocks_of(f'<body>{PROSE}<p><ref target="/x">A story you may like</ref></p></body>')
    assert len(lone) == 1


def test_a_list_of_links_among_the_paragraphs_is_kept() -> None:
    links = "".join(
        f'<item><ref target="/{n}">Tool number {n}</ref> does one thing well</item>'
        f'<item><ref target="/t{n}">Tool {n}b</ref></item>'
        for n in range(3)
    )
    kept = blocks_of(f"<body>{PROSE}<list>{links}</list>{PROSE}</body>")
    assert len(kept) == 8


def test_a_label_before_a_link_makes_it_a_related_story_anywhere() -> None:
    markup = f'<body><p>Read more: <ref target="/x">Fares to rise in June</ref></p>{PROSE}</body>'
    assert [text for text, _ in blocks_of(markup)] == [PROSE[3:-4]]


def test_line_breaks_part_lines_and_table_rows_keep_their_cells() -> None:
    markup = (
        "<body><p>The rankings were:<lb/>1. Finland<lb/>2. Norway</p>"
        "<table><row><cell>Oslo</cell><cell>12%</cell></row></table></body>"
    )
    assert [text for text, _ in blocks_of(markup)] == [
        "The rankings were:", "1. Finland", "2. Norway", "Oslo | 12%"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Prices climb | The Daily Example", "The Daily Example", None, "Prices climb"),
        ("Example Post - Prices climb", "Example Post", None, "Prices climb"),
        ("Prices climb – Brewnews", None, "https://www.brewnews.com/a", "Prices climb"),
        ("Ferries: a winter timetable", "Harbour News", None, "Ferries: a winter timetable"),
        # A part that names the site among other words is the headline's own.
        ("How we designed Acme's queue - a task framework", "Acme", None,
         "How we designed Acme's queue - a task framework"),
    ],
)  # fmt: skip
def test_the_site_name_is_cut_from_the_title(
    title: str, site: str | None, url: str | None, expected: str
) -> None:
    assert headline(title, site, url) == expected


def test_utf8_that_says_it_is_latin1_is_read_as_utf8() -> None:
    decoded = decode_html(russian_page("iso-8859-1").encode("utf-8"))
    assert RUSSIAN_TEXT.strip() in decoded.text
    assert decoded.warning is not None and "UTF-8" in decoded.warning


def test_cp1251_that_says_it_is_utf8_is_detected() -> None:
    decoded = decode_html(russian_page("utf-8").encode("cp1251"))
    assert RUSSIAN_TEXT.strip() in decoded.text
    assert decoded.warning is not None


def test_a_declared_charset_that_fits_is_used() -> None:
    decoded = decode_html(russian_page("windows-1251").encode("cp1251"))
    assert RUSSIAN_TEXT.strip() in decoded.text and decoded.warning is None


def test_jsonl_lines_with_html_become_articles_and_a_bad_one_is_reported(tmp_path: Path) -> None:
    lines = [
        {"html": PAGE, "id": "bridge-1"},
        {"html": "<html><body></body></html>"},
        {"html": SECOND_PAGE, "url": "https://post.example.com/rail", "title": "Given title"},
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    corpus = Corpus.open(path, tmp_path / "cache")
    first = corpus.entries[0]
    assert (first.id, first.title) == ("bridge-1", BRIDGE)
    second = corpus.entries[1]
    assert second.title == "Given title" and second.url == "https://post.example.com/rail"
    assert [(p.line, p.message) for p in corpus.problems] == [
        (2, "no article text found in the page")
    ]
    article = corpus.article("bridge-1")
    assert article.author == "Ann Writer" and article.quotes[0].speaker == "Ann Lee"


def test_a_warc_crawl_gives_its_html_pages_and_passes_over_the_rest(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "corpus" / "crawl.warc.gz",
        [("https://news.example.org/bridge", PAGE), ("https://post.example.com/rail", SECOND_PAGE)],
    )
    corpus = Corpus.open(path.parent, tmp_path / "cache")
    assert corpus.problems == []
    titles = [e.title for e in corpus.entries]
    assert titles == [BRIDGE, "Rail strike called off after late talks"]
    rail = corpus.entries[1]
    assert rail.url == "https://post.example.com/rail" and rail.source == "Example Post"
    article = corpus.article(rail.id)  # read again from its record's offset
    assert article.quotes[0].speaker == "Raj Patel"
    assert article.file == "crawl.warc.gz:4"  # records 2 and 3 are the image and the 404


def test_a_broken_warc_is_reported_and_the_pages_before_the_break_kept(tmp_path: Path) -> None:
    good = warc_bytes([("https://news.example.org/bridge", PAGE)], extra=False)
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(good + b"\x1f\x8b this is not a gzip member")
    articles, problems = read_articles(path)
    assert [a.title for a in articles] == [BRIDGE]
    assert len(problems) == 1 and "record 2" in problems[0].message


def test_a_warc_without_html_pages_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    articles, problems = read_articles(path)
    assert articles == [] and problems[0].message == "no HTML pages in this WARC file"


def test_a_heading_that_reads_as_a_sentence_is_a_paragraph_to_label() -> None:
    standfirst = "The council says the old bridge is no longer safe for heavy lorries."
    kept = blocks_of(f"<body><head>{standfirst}</head><head>What happens next</head>{PROSE}</body>")
    assert [kind for _, kind in kept] == ["paragraph", "heading", "paragraph"]


def test_the_headline_repeated_with_a_tail_is_not_kept() -> None:
    body = etree.fromstring(f"<body><head>{BRIDGE} (example.org) 87</head>{PROSE}</body>")
    kept, removed, _ = sift_blocks(body_blocks(body), BRIDGE)
    assert [text for text, _ in kept] == [PROSE[3:-4]]
    assert removed[0].reason == "repeated page line"


def test_a_pages_url_is_the_w3c_target_and_comes_back_on_import(tmp_path: Path) -> None:
    from store.annotations import AnnotationStore, info_of
    from store.formats import write_export

    path = tmp_path / "bridge.html"
    path.write_text(PAGE, encoding="utf-8")
    [article], _ = read_articles(path)
    assert article.url == "https://news.example.org/2024/05/02/bridge"
    first = article.statements[0]
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        store.remember_article(article)
        store.add(article.id, first.start, first.end, "favor", article.text[: first.end])
        out = io.StringIO()
        write_export(store, "w3c", out)
    [line] = out.getvalue().splitlines()
    assert json.loads(line)["target"]["source"] == article.url
    with AnnotationStore(tmp_path / "other.json", annotator="bob") as other:
        report = import_lines(other, io.StringIO(line + "\n"), "w3c.jsonl")
        assert report.added == 1 and report.unknown_articles == set()
        assert other.annotations()[0].article_id == article.id
        assert other.article_info(article.id) == info_of(article).changed(text=None)
