"""Who said it: news pages in several outlets' styles, written for these tests.

A small held-out-style evaluation of attribution: every quote of every page
has the speaker a reader would give it. The pages exercise one rule each
where they can (named in the test), so that a rule that stops working shows
up by name, and `test_speaker_accuracy_on_the_pages` keeps the whole set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store.text import Article, parse_article

PAGES = Path(__file__).parent / "speakers"

# Each page's quotes in reading order: (the quote's first words, its speaker).
EXPECTED: dict[str, list[tuple[str, str | None]]] = {
    "ap_clinic.txt": [
        ("We will fight this", "Maria Lopez"),
        ("The rules exist", "Carl Jensen"),
        ("Nobody is above them", "Carl Jensen"),
        ("This is a political decision", "Maria Lopez"),
        ("We are not going anywhere", "Maria Lopez"),
        ("We support our tenants", "Front Range Holdings Group"),
    ],
    "bbc_hospital.txt": [
        ("doing everything it can", "Mark Ellis"),
        ("We are running out of beds", "Sam Patel"),
        ("The funding will help", "Sam Patel"),
        ("Every ward I have seen", "Lucy Grant"),
        ("Nobody should have to wait", "Helen Carter"),
    ],
    "guardian_flood.txt": [
        ("We lost everything", "Jane Whitcombe"),
        ("The pumps were switched off", "Tom Baker"),
        ("We understand the frustration", "Environment Agency"),
        ("Our staff worked", "Environment Agency"),
        ("They always say that", "Jane Whitcombe"),
        ("Then they go home", "Jane Whitcombe"),
        ("This must never happen again", "Priya Shah"),
        ("I have asked ministers", "Priya Shah"),
        ("but I cannot promise anything", "Priya Shah"),
    ],
    "nyt_budget.txt": [
        ("I'm not going to be rushed", "Dana Whitfield"),
        ("My district needs", "Dana Whitfield"),
        ("We were promised", "Dana Whitfield"),
        ("Every week we wait", "Robert Alvarez"),
        ("We have made real progress", "Karen Doyle"),
        ("a model for other cities", "Tom Reilly"),
    ],
    "npr_schools.txt": [
        ("We were losing teachers", "Greg Hollis"),
        ("Now they stay", "Greg Hollis"),
        ("I work five days a week", "Kelly Dunn"),
        ("The early results", "Paul Grant"),
        ("Some districts see", "Paul Grant"),
        ("It's not perfect", "Greg Hollis"),
        ("But it beats losing", "Greg Hollis"),
    ],
    "aljazeera_port.txt": [
        ("Our members have not had", "Simon Kariuki"),
        ("Prices have doubled", "Simon Kariuki"),
        ("We remain committed", "Kenya Ports Authority"),
        ("Every day costs me", "Amina Hassan"),
        ("The port is a national asset", "David Otieno"),
        ("It cannot be held hostage", "David Otieno"),
        ("Let them try", "Simon Kariuki"),
    ],
    "local_council.txt": [
        ("a win for safety", "Denise Park"),
        ("We have had three cyclists", "Denise Park"),
        ("That has to stop", "Denise Park"),
        ("If they can't park", "Frank Russo"),
        ("It's that simple", "Frank Russo"),
        ("We should have listened", "Tony Alvarez"),
        ("We will work with every business", "Laura Chen"),
    ],
    "reuters_merger.txt": [
        ("a leader in electric drives", "Klaus Brandt"),
        ("Shareholders are being short-changed", "Northgate Capital"),
        ("We respect the vote", "Elena Vasquez"),
        ("but we will keep a close eye", "Elena Vasquez"),
        ("We have had constructive talks", "Klaus Brandt"),
        ("Together we will build", "Helix Energy"),
    ],
}


def load(name: str) -> Article:
    return parse_article((PAGES / name).read_text(encoding="utf-8"), name)


def attributions(name: str) -> list[tuple[str, str | None]]:
    """(the quote's first words as expected, its speaker) for each quote of a page."""
    article = load(name)
    starts = [start for start, _ in EXPECTED[name]]
    found = []
    for quote in article.quotes:
        text = article.text[quote.start : quote.end]
        start = next((s for s in starts if text.startswith(s)), text)
        found.append((start, quote.speaker))
    return found


def speaker_of(name: str, start: str) -> str | None:
    """The speaker of the one quote of a page that begins with `start`."""
    found = [speaker for s, speaker in attributions(name) if s == start]
    assert len(found) == 1, (start, found)
    return found[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_quote_has_its_speaker(name: str) -> None:
    assert attributions(name) == EXPECTED[name]


def test_speaker_accuracy_on_the_pages() -> None:
    """The figure the held-out pages are judged by: right speakers over all quotes."""
    right = total = 0
    for name, expected in EXPECTED.items():
        found = dict(attributions(name))
        total += len(expected)
        right += sum(found.get(start, "missing") == speaker for start, speaker in expected)
    assert right / total == 1.0


def article(*paragraphs: str) -> Article:
    """A short wire story: a title, a lede naming two people, then the paragraphs."""
    lede = (
        "DENVER (AP) — State Health Director Carl Jensen announced on Tuesday that "
        "the clinic run by Maria Lopez must close."
    )
    return parse_article("\n\n".join(("Clinic ordered to close", lede, *paragraphs)), "t.txt")


def speakers(a: Article) -> list[str | None]:
    return [q.speaker for q in a.quotes]


@pytest.mark.parametrize(
    "verb", ["fumed", "quipped", "conceded", "cautioned", "vowed", "countered", "insists"]
)
def test_uncommon_speech_verbs_in_both_orders(verb: str) -> None:
    a = article(
        f'"We will take this to the highest court in the land," Lopez {verb}.',
        f'"The state has no case against a clinic that has served us well," {verb} Lopez.',
    )
    assert speakers(a) == ["Maria Lopez", "Maria Lopez"]
    assert speaker_of("ap_clinic.txt", "This is a political decision") == "Maria Lopez"


def test_a_headline_in_title_case_names_nobody() -> None:
    # "Mayor Pushes Dana Whitfield to Back Budget" is no person "Pushes Dana Whitfield".
    assert speaker_of("nyt_budget.txt", "I'm not going to be rushed") == "Dana Whitfield"


@pytest.mark.parametrize(
    ("name", "start", "speaker"),
    [
        ("ap_clinic.txt", "The rules exist", "Carl Jensen"),  # "Unlike Carl Jensen, …"
        ("nyt_budget.txt", "Every week we wait", "Robert Alvarez"),  # "Unlike Robert Alvarez"
        ("nyt_budget.txt", "We were promised", "Dana Whitfield"),  # "Owning Whitfield's vote"
    ],
)
def test_a_word_opening_the_sentence_is_no_part_of_a_name(
    name: str, start: str, speaker: str
) -> None:
    assert speaker_of(name, start) == speaker


def test_where_a_person_is_from_is_not_the_speaker() -> None:
    assert speaker_of("nyt_budget.txt", "a model for other cities") == "Tom Reilly"
    a = article('Senator Ann Ruiz of Colorado called the ruling "a victory for patients."')
    assert speakers(a) == ["Ann Ruiz"]


def test_she_is_the_nearest_woman_by_first_name() -> None:
    a = article(
        "Maria Lopez, who opened the clinic in 2009, stood beside Jensen at the hearing.",
        "Jensen said the rules were clear.",
        '"We will fight this in court," she said.',
    )
    assert speakers(a) == ["Maria Lopez"]


def test_he_is_a_man_named_jean_as_in_most_news_that_names_one() -> None:
    a = article(
        "Jean Morel, the harbour master, stood beside Clara Voss at the hearing.",
        '"The ferry will sail on Monday," he said.',
    )
    assert speakers(a) == ["Jean Morel"]


def test_she_and_he_agree_with_the_titles_mr_and_ms() -> None:
    a = article(
        "Ms. Kim Rivera spoke first. Mr. Lee Chen answered the charges.",
        '"I will not be bullied by anyone," she said.',
        '"Nor will I," he said.',
    )
    assert speakers(a) == ["Kim Rivera", "Lee Chen"]


def test_she_is_the_woman_the_writer_calls_her() -> None:
    # "Lucy Grant, a nurse who has spent half her life on the wards, …"
    assert speaker_of("bbc_hospital.txt", "Every ward I have seen") == "Lucy Grant"


def test_the_nearest_subject_wins_over_an_official_named_earlier() -> None:
    # The health secretary is named first; the doctor opens the sentence before the quote.
    assert speaker_of("bbc_hospital.txt", "We are running out of beds") == "Sam Patel"
    assert speaker_of("guardian_flood.txt", "The pumps were switched off") == "Tom Baker"


def test_a_place_that_said_something_is_no_antecedent_of_he() -> None:
    a = article(
        '"The clinic will close on Friday," Jensen said.',
        "South Korea said it would send doctors to the region.",
        '"We need all the help we can get," he said.',
    )
    assert speakers(a) == ["Carl Jensen", "Carl Jensen"]


def test_a_speaker_named_in_the_next_sentence() -> None:
    # '"…"' then "That was the view of Dr Helen Carter, …"
    assert speaker_of("bbc_hospital.txt", "Nobody should have to wait") == "Helen Carter"
    # "'We lost everything in one night,' she said. Jane Whitcombe, 61, has lived …"
    assert speaker_of("guardian_flood.txt", "We lost everything") == "Jane Whitcombe"
    a = article('"The state has never listened to us." So says Maria Lopez, the founder.')
    assert speakers(a) == ["Maria Lopez"]


def test_a_quote_opening_a_paragraph_continues_the_last_speaker() -> None:
    a = article(
        '"We will appeal," said Maria Lopez, whose clinic Carl Jensen ordered closed.',
        '"This is not the end of the story."',
    )
    assert speakers(a) == ["Maria Lopez", "Maria Lopez"]


def test_the_company_is_the_organisation_that_spoke_last() -> None:
    # "Helix said it was delighted. '…,' the company said." Helix is Helix Energy.
    assert speaker_of("reuters_merger.txt", "Together we will build") == "Helix Energy"
    assert speaker_of("reuters_merger.txt", "Shareholders are being short-changed") == (
        "Northgate Capital"
    )


def test_the_doctor_is_the_doctor_named_last() -> None:
    a = article(
        "Health official Dr. Ann Lee briefed reporters on Monday.",
        "Dr. Raj Mehta, who runs the intensive care unit at St Mary's, treated the first patients.",
        '"We have never seen anything like it," the doctor said.',
    )
    assert speakers(a) == ["Raj Mehta"]


def test_an_inverted_attribution_names_the_subject_and_an_object_does_not() -> None:
    a = article(
        "Prices will fall, said Tom Baker, an analyst at the Mark Stevens brokerage. "
        'In a few years, he said, "nobody will remember the old prices."'
    )
    assert speakers(a) == ["Tom Baker"]


def test_a_surname_opening_its_sentence_before_a_verb_is_the_subject() -> None:
    # "Kariuki dismissed the threat. 'Let them try,' he told reporters …"
    assert speaker_of("aljazeera_port.txt", "Let them try") == "Simon Kariuki"


def test_a_first_name_ending_in_ly_is_no_adverb_opening_the_sentence() -> None:
    # "Kelly Dunn, who has two children …": not "Finally" or "Clearly".
    assert speaker_of("npr_schools.txt", "I work five days a week") == "Kelly Dunn"
