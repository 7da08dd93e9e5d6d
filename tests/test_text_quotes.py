"""Quote forms and speaker resolution, on small articles written for the test."""

from __future__ import annotations

import pytest

from store.text import Article, parse_article
from store.text.names import build_registry, capital_runs

INTRO = (
    "PARIS (AFP) - French Foreign Minister Marie Dubois met German Foreign Minister "
    "Klaus Weber on Monday to discuss the trade dispute."
)


def article(*paragraphs: str) -> Article:
    raw = "Ministers meet over trade dispute in Paris\n\n" + "\n\n".join((INTRO, *paragraphs))
    return parse_article(raw, "quotes.txt")


def quotes(a: Article) -> list[tuple[str, str | None, str | None]]:
    return [(a.text[q.start : q.end], q.speaker, q.cue) for q in a.quotes]


@pytest.mark.parametrize(
    ("open_mark", "close_mark"),
    [('"', '"'), ("“", "”"), ("«", "»"), ("“", '"'), ("„", "“"), ("‘", "’"), ("'", "'")],
)
def test_quote_marks_and_mixed_pairs(open_mark: str, close_mark: str) -> None:
    a = article(f"{open_mark}We will not give up on this agreement,{close_mark} Dubois said.")
    assert quotes(a) == [("We will not give up on this agreement,", "Marie Dubois", "said")]


def test_quote_interrupted_by_attribution_is_two_quotes() -> None:
    a = article('"We talked for hours," Weber said, "and we agreed on almost everything."')
    assert quotes(a) == [
        ("We talked for hours,", "Klaus Weber", "said"),
        ("and we agreed on almost everything.", "Klaus Weber", "said"),
    ]


def test_missing_closing_mark_runs_to_the_end_of_the_paragraph() -> None:
    a = article('Dubois said: "The tariffs must go before the summit in June.')
    assert quotes(a) == [("The tariffs must go before the summit in June.", "Marie Dubois", "said")]


def test_doubled_closing_mark_is_one_quote() -> None:
    a = article('"There is no alternative to dialogue."" Weber added.')
    texts = [t for t, _, _ in quotes(a)]
    assert texts == ["There is no alternative to dialogue."]


def test_stray_full_stop_after_closing_mark() -> None:
    a = article('He also said that "then it will be easier to decide the details.".')
    assert quotes(a)[0][0] == "then it will be easier to decide the details."


def test_paragraphs_that_continue_a_quote_keep_the_speaker() -> None:
    a = article(
        'Dubois told reporters: "We have waited long enough for an answer.',
        '"Our patience is not endless, and our partners know it."',
    )
    assert [s for _, s, _ in quotes(a)] == ["Marie Dubois", "Marie Dubois"]


def test_single_words_and_titles_are_not_quotes() -> None:
    a = article(
        'Weber called the talks "useful" and cited the "Fair Trade Enforcement Act" twice.',
        "The ministers’ aides said the countries' positions were close.",
    )
    assert quotes(a) == []


def test_apostrophes_do_not_open_quotes() -> None:
    a = article("France's position hasn't changed since the ministers' meeting, Weber's aide said.")
    assert quotes(a) == []


def test_pronoun_resolves_to_the_last_speaker() -> None:
    a = article(
        "Weber said Germany was ready to compromise.",
        '"We can find a solution within weeks," he said.',
    )
    assert quotes(a)[0][1] == "Klaus Weber"


def test_role_description_resolves_to_the_person() -> None:
    a = article(
        "Weber said Germany was ready to compromise.",
        '"France will defend its farmers," the French foreign minister added.',
    )
    assert quotes(a)[0][1:] == ("Marie Dubois", "added")


def test_top_diplomat_is_a_foreign_minister() -> None:
    a = article('"We expect an answer this week," the German top diplomat stressed.')
    assert quotes(a)[0][1:] == ("Klaus Weber", "stressed")


def test_surname_resolves_to_the_fullest_name() -> None:
    a = article('"Nobody wants a trade war," Weber told journalists.')
    assert quotes(a)[0][1:] == ("Klaus Weber", "told")


def test_inverted_attribution() -> None:
    a = article('"Nobody wants a trade war," said Weber.')
    assert quotes(a)[0][1:] == ("Klaus Weber", "said")


def test_attribution_before_the_quote() -> None:
    a = article('Dubois stressed that "no deal is better than a bad deal" for French farmers.')
    assert quotes(a)[0][1:] == ("Marie Dubois", "stressed")


def test_according_to() -> None:
    a = article('According to Weber, the talks were "constructive and open."')
    assert quotes(a)[0][1:] == ("Klaus Weber", "according to")


def test_organisation_statement() -> None:
    a = article(
        '"The ministers agreed to meet again in May," the statement reads. '
        '"Both sides want a fair solution," the French Foreign Ministry added.'
    )
    assert [s for _, s, _ in quotes(a)] == ["French Foreign Ministry", "French Foreign Ministry"]


def test_second_quote_in_a_paragraph_takes_the_first_speaker() -> None:
    a = article('"This is a good day," Dubois said. "We have made real progress today."')
    assert [s for _, s, _ in quotes(a)] == ["Marie Dubois", "Marie Dubois"]


def test_quote_offsets_exclude_the_marks() -> None:
    a = article("“Trade must be fair,” Weber said.")
    q = a.quotes[0]
    assert a.text[q.start - 1] == "“" and a.text[q.end] == "”"


def test_quotes_with_non_breaking_spaces() -> None:
    a = article("\u201cWe will meet again\u00a0in\u00a0May,\u201d Weber said.")
    assert quotes(a)[0][0] == "We will meet again\u00a0in\u00a0May,"


def test_pronoun_looks_back_only() -> None:
    a = article(
        '"We will not give up on this agreement," Dubois said.',
        '"We can find a solution within weeks," she said.',
        "Weber said Germany was ready to compromise.",
        '"Germany will wait," he said.',
    )
    # Weber's verb comes after the second quote: it only counts for the third.
    assert [speaker for _, speaker, _ in quotes(a)] == [
        "Marie Dubois",
        "Marie Dubois",
        "Klaus Weber",
    ]


def test_a_verb_subject_is_resolved_from_the_verbs_before_it() -> None:
    a = article(
        '"We will not give up on this agreement," Dubois said.',
        "Weber spoke next. He told reporters Germany was ready.",
        '"Germany will wait," he said.',
    )
    # "He told" is Weber, who opens the sentence before it, never Dubois (a woman):
    # the pronoun of the last quote then finds him nearest.
    assert [speaker for _, speaker, _ in quotes(a)] == ["Marie Dubois", "Klaus Weber"]


def test_a_long_chain_of_look_backs_is_read_without_recursing() -> None:
    chain = ["He told reporters the talks went on."] * 3000
    a = article(
        '"We will not give up on this agreement," Weber said.', *chain, '"That is fine," he said.'
    )
    assert [speaker for _, speaker, _ in quotes(a)] == ["Klaus Weber", "Klaus Weber"]


def test_name_particles_start_names_only_at_a_word_start() -> None:
    registry = build_registry(
        "The steel-Workers Union was shut. President Bashar al-Assad said the al-Nusra Front "
        "would be defeated, al-Assad added."
    )
    assert {surname: p.name for surname, p in registry.people.items()} == {
        "al-Assad": "Bashar al-Assad"
    }
    # "steel-Workers" holds "el-", but not at a word start: no "el-Workers Union".
    assert [org for _, org in registry.orgs] == ["Workers Union", "al-Nusra Front"]


def test_a_capital_run_after_a_particle_run_is_kept() -> None:
    assert [[w for _, w in run] for run in capital_runs("He met al-A. Smith today.")] == [
        ["He"],
        ["al-A"],
        ["Smith"],
    ]


@pytest.mark.parametrize(
    "said",
    [
        "'The residents' anger is real and it is growing,' Dubois said.",
        "'It is the farmers' livelihoods that are at stake,' said Dubois.",
    ],
)
def test_a_plural_possessive_inside_single_quotes_does_not_close_them(said: str) -> None:
    a = article(said)
    assert [(text.count(" ") > 5, speaker) for text, speaker, _ in quotes(a)] == [
        (True, "Marie Dubois")
    ]


def test_a_partial_quote_ending_in_s_still_closes() -> None:
    a = article("Weber called the talks 'a waste of hours' on Monday, as Dubois left.")
    assert [text for text, _, _ in quotes(a)] == ["a waste of hours"]
