"""Title, standfirst, source, date and dateline: a year is never invented."""

from __future__ import annotations

import pytest

from store.text import parse_article
from store.text.dates import month_day, month_day_text
from store.text.metadata import find_dateline, iso_date, source_from_copyright

BODY = "The council voted on Tuesday to close the old bridge to heavy traffic for good."


@pytest.mark.parametrize(
    ("line", "dateline", "source", "date_text"),
    [
        ("MOSCOW, June 22. /TASS/. " + BODY, "MOSCOW, June 22. /TASS/.", "TASS", "June 22"),
        ("MOSCOW (Sputnik)\u00a0— " + BODY, "MOSCOW (Sputnik)\u00a0—", "Sputnik", None),
        (
            "LONDON, March 3 (Reuters) - " + BODY,
            "LONDON, March 3 (Reuters) -",
            "Reuters",
            "March 3",
        ),
        ("Paris (AFP) - " + BODY, "Paris (AFP) -", "AFP", None),
        ("KYIV, Ukraine — " + BODY, "KYIV, Ukraine —", None, None),
    ],
)
def test_datelines(line: str, dateline: str, source: str | None, date_text: str | None) -> None:
    found = find_dateline(line)
    assert found is not None
    assert (found.text, found.source, found.date_text) == (dateline, source, date_text)


def test_no_dateline_in_ordinary_sentences() -> None:
    assert find_dateline(BODY) is None
    assert find_dateline("President Biden said on Monday that talks would go on.") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("May 13 2015, 12:12", "2015-05-13"),
        ("12 June 2024", "2024-06-12"),
        ("March 14, 2023 4:05 PM GMT", "2023-03-14"),
        ("14.03.2023", "2023-03-14"),
        ("June 22", None),
        ("September 20, 6:19 UTC+3", None),
        ("2015", None),
    ],
)
def test_iso_date_only_with_a_stated_year(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_dateline_without_year_gives_no_date() -> None:
    a = parse_article("Bridge to close for good after vote\n\nMOSCOW, June 22. /TASS/. " + BODY)
    assert (a.date, a.date_text, a.source) == (None, "June 22", "TASS")
    assert a.dateline == "MOSCOW, June 22. /TASS/."


def test_timestamp_under_the_title_wins_over_the_dateline() -> None:
    raw = (
        "Bridge to close for good after vote\n\nSeptember 20, 2019 6:19\n\n"
        "UN, September 20. /TASS/. " + BODY
    )
    a = parse_article(raw)
    assert (a.date, a.date_text) == ("2019-09-20", "September 20, 2019 6:19")


def test_clock_in_a_ticker_above_the_title_is_not_the_date() -> None:
    raw = (
        "Atyrau, October 20 15:01\n$ 426.14\n\nBridge to close for good after vote\n\n"
        + BODY
        + "\n\nMay 13 2015, 12:12"
    )
    a = parse_article(raw)
    assert (a.date, a.date_text) == ("2015-05-13", "May 13 2015, 12:12")


def test_no_date_on_the_page() -> None:
    a = parse_article("Bridge to close for good after vote\n\n" + BODY)
    assert (a.date, a.date_text, a.source) == (None, None, None)


def test_subtitle_and_source_line() -> None:
    raw = (
        "Bridge to close for good after vote\n\n"
        "Drivers will have to take a 20-minute detour from next month\n\n"
        "Source: Springfield Herald\n\n" + BODY
    )
    a = parse_article(raw)
    assert a.title == "Bridge to close for good after vote"
    assert a.subtitle == "Drivers will have to take a 20-minute detour from next month"
    assert a.source == "Springfield Herald"


def test_given_title_makes_all_of_the_text_body() -> None:
    text = "Good one.\n\nThe council voted on Tuesday to close the bridge.\n\nShare\n\nMore soon"
    a = parse_article(text, "x.jsonl", title="Council closes bridge")
    assert a.title == "Council closes bridge" and a.subtitle is None
    assert a.text.split("\n\n") == [
        "Good one.",
        "The council voted on Tuesday to close the bridge.",
        "More soon",
    ]
    assert [r.reason for r in a.removed] == ["share/ad label"]


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Posted Tue 19 Mar 2024 at 3:45pm, updated Tue 19 Mar 2024 at 5:10pm", "2024-03-19"),
        ("Updated on March 7, 2024 at 4:05 PM GMT+9", "2024-03-07"),
        ("March 5, 2024 4:39 PM 2 min read", "2024-03-05"),
        ("Updated: 10:42pm, 7 Mar 2024", "2024-03-07"),
    ],
)
def test_stamp_lines_with_a_second_date_or_a_reading_time(line: str, iso: str) -> None:
    a = parse_article(f"Bridge to close for good after vote\n\n{line}\n\n{BODY}")
    assert a.date == iso


@pytest.mark.parametrize(
    ("text", "order", "words"),
    [
        ("June 22", (6, 22), "June 22"),
        ("September 20, 6:19 UTC+3", (9, 20), "September 20"),
        ("Posted 3 Sept. 2024", (9, 3), "3 Sept"),
        ("Updated 12:45 PM", None, None),
        (None, None, None),
    ],
)
def test_month_and_day_of_a_date_text(
    text: str | None, order: tuple[int, int] | None, words: str | None
) -> None:
    assert month_day(text) == order
    assert month_day_text(text) == words


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("Copyright © 2025 NPR. All rights reserved.", "NPR"),
        ("© Copyright 2024 The Daily Example. All rights reserved.", "The Daily Example"),
        ("Copyright 2019 The Daily Example", "The Daily Example"),
        # A link to a policy page is no notice: it names no owner.
        ("Copyright Policy", None),
        ("Copyright", None),
    ],
)
def test_the_owner_of_a_copyright_notice(line: str, owner: str | None) -> None:
    assert source_from_copyright(line) == owner
