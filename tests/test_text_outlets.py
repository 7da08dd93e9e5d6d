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
