"""Sentence splitting with the abbreviations and initials common in news."""

from __future__ import annotations

import pytest

from store.text import parse_article
from store.text.sentences import split_sentences


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones in St. Petersburg on Sept. 5. They talked for an hour.",
            ["Mr. Smith met Gen. Jones in St. Petersburg on Sept. 5.", "They talked for an hour."],
        ),
        (
            "The U.S. embassy will close. Staff leave on Friday.",
            ["The U.S. embassy will close.", "Staff leave on Friday."],
        ),
        (
            "Aid arrived from the U.S. The first trucks crossed at dawn.",
            ["Aid arrived from the U.S.", "The first trucks crossed at dawn."],
        ),
        (
            "John F. Kennedy Jr. was there. Prices rose 3.5 percent. Really? Yes!",
            ["John F. Kennedy Jr. was there.", "Prices rose 3.5 percent.", "Really?", "Yes!"],
        ),
        (
            'He said: "It is over." Then he left.',
            ['He said: "It is over."', "Then he left."],
        ),
        (
            'It will be "easier to decide.". Tillerson disagreed.',
            ['It will be "easier to decide.".', "Tillerson disagreed."],
        ),
        (
            "Acme Inc. shares fell. Acme Inc. The company declined to comment.",
            ["Acme Inc. shares fell.", "Acme Inc.", "The company declined to comment."],
        ),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_dateline_stays_with_its_sentence() -> None:
    raw = (
        "Talks end without a deal in Moscow today\n\n"
        "MOSCOW, June 22. /TASS/. The talks ended without a deal. Both sides will meet again."
    )
    article = parse_article(raw)
    sentences = [article.text[s.start : s.end] for s in article.statements]
    assert sentences == [
        "MOSCOW, June 22. /TASS/. The talks ended without a deal.",
        "Both sides will meet again.",
    ]


def test_statements_cover_paragraphs_not_headings() -> None:
    raw = (
        "A title that is long enough to count\n\n"
        "First paragraph has two sentences in it. Here is the second.\n\n"
        "A heading here\n\nThe last paragraph has one sentence only in it."
    )
    article = parse_article(raw)
    heading = next(p for p in article.paragraphs if p.kind == "heading")
    assert all(not (heading.start <= s.start < heading.end) for s in article.statements)
    assert len(article.statements) == 3
