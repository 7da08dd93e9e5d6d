"""Re-anchoring: finding labels again after the cleaned text of an article changed."""

from __future__ import annotations

from pathlib import Path

from store.anchoring import context_of, reanchor
from store.annotations import AnnotationStore
from store.text.model import Article

OLD = "Intro line.\n\nThe minister said the talks were useful. Critics disagreed. The end."


def article(text: str) -> Article:
    """An article with id "art" and the given cleaned text."""
    return Article(
        id="art", file="a.txt", title="T", subtitle=None, source=None, date=None,
        date_text=None, dateline=None, text=text,
    )  # fmt: skip


def label(store: AnnotationStore, text: str, sentence: str, name: str = "favour") -> str:
    """Label the first occurrence of `sentence` in `text` the way the TUI does."""
    start = text.index(sentence)
    end = start + len(sentence)
    prefix, suffix = context_of(text, start, end)
    return store.add("art", start, end, name, sentence, prefix=prefix, suffix=suffix).id


def test_context_of_clips_at_the_edges() -> None:
    assert context_of("abcdef", 1, 3, width=2) == ("a", "de")
    assert context_of("abcdef", 0, 6) == ("", "")


def test_exact_when_nothing_changed() -> None:
    found = reanchor(OLD, 13, 53, OLD[13:53])
    assert (found.start, found.end, found.status) == (13, 53, "exact")


def test_moved_when_text_shifted() -> None:
    sentence = "Critics disagreed."
    start = OLD.index(sentence)
    new = "A new dateline. " + OLD
    found = reanchor(new, start, start + len(sentence), sentence)
    assert found.status == "moved" and new[found.start : found.end] == sentence


def test_context_picks_the_right_one_of_several_occurrences() -> None:
    text = "He said yes. Then she said no. Later he said yes. Finally: he said yes."
    target = text.index("he said yes. Finally")
    prefix, suffix = context_of(text, target, target + 12)
    shifted = "PREAMBLE " * 10 + text
    found = reanchor(shifted, 0, 12, "he said yes.", prefix, suffix)
    assert found.status == "moved"
    assert found.start == shifted.index("he said yes. Finally")


def test_nearest_occurrence_wins_without_context() -> None:
    text = "Yes. " * 20
    found = reanchor("x" + text, 50, 54, "Yes.")  # occurrences at 1, 6, ..., 46, 51
    assert (found.start, found.status) == (51, "moved")


def test_whitespace_changes_still_match() -> None:
    found = reanchor("The talks   were\nuseful indeed.", 0, 22, "The talks were useful")
    assert found.status == "moved" and (found.start, found.end) == (0, 23)


def test_orphaned_keeps_offsets_and_never_deletes() -> None:
    found = reanchor("Completely different text.", 5, 10, "missing words")
    assert (found.start, found.end, found.status) == (5, 10, "orphaned")


def test_annotations_for_reanchors_and_persists(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db) as store:
        kept = label(store, OLD, "Intro line.")
        moved = label(store, OLD, "Critics disagreed.", "against")
        gone = label(store, OLD, "The minister said the talks were useful.")
    new_text = "Intro line.\n\nBreaking: The minister said talks went well. Critics disagreed."
    with AnnotationStore(db) as store:
        result = {a.id: a for a in store.annotations_for(article(new_text))}
        assert result[kept].anchor == "exact"
        assert result[moved].anchor == "moved"
        assert new_text[result[moved].start : result[moved].end] == "Critics disagreed."
        assert result[moved].prefix == new_text[: result[moved].start][-32:]
        assert result[gone].anchor == "orphaned" and result[gone].text.startswith("The minister")
    with AnnotationStore(db) as store:  # persisted, and orphans are still there
        stored = {a.id: a for a in store.annotations("art")}
        assert stored[moved].anchor == "moved" and stored[moved].start == result[moved].start
        assert stored[gone].anchor == "orphaned"
        again = {a.id: a for a in store.annotations_for(article(new_text))}
        assert again == stored  # nothing more to change
        assert store.update(moved, label="neutral").anchor == "exact"  # seen by a person
        assert store.update(gone, note="lost").anchor == "orphaned"
        # The old text comes back: the orphan is found again at its old place.
        back = {a.id: a for a in store.annotations_for(article(OLD))}
        assert back[gone].anchor == "exact"


def test_annotations_for_on_read_only_store_returns_without_saving(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db) as store:
        moved = label(store, OLD, "Critics disagreed.")
    with AnnotationStore(db, read_only=True) as store:
        (ann,) = store.annotations_for(article("New start. " + OLD))
        assert ann.id == moved and ann.anchor == "moved"
        assert store.annotations("art")[0].anchor == "exact"


EDITED = (
    "The council met on Monday. "
    "“It is simply not safe any more,” Mayor Ann Lee said after the long vote. "
    "Ferries will run every ten minutes until the repairs are done."
)


def find_again(new_text: str, exact: str) -> tuple[str, str]:
    start = EDITED.index(exact)
    end = start + len(exact)
    prefix, suffix = context_of(EDITED, start, end)
    found = reanchor(new_text, start, end, exact, prefix, suffix)
    return found.status, new_text[found.start : found.end]


def test_a_sentence_with_a_word_changed_is_found_whole() -> None:
    exact = "Ferries will run every ten minutes until the repairs are done."
    new = EDITED.replace("every ten minutes", "every twelve minutes")
    assert find_again(new, exact) == (
        "moved", "Ferries will run every twelve minutes until the repairs are done."
    )  # fmt: skip


def test_quotes_straightened_are_no_change() -> None:
    exact = "“It is simply not safe any more,”"
    new = EDITED.replace("“", '"').replace("”", '"')
    assert find_again(new, exact) == ("moved", '"It is simply not safe any more,"')


def test_a_sentence_split_in_two_is_found_across_both() -> None:
    exact = "“It is simply not safe any more,” Mayor Ann Lee said after the long vote."
    new = EDITED.replace("safe any more,” Mayor", "safe any more.” Mayor")
    assert find_again(new, exact) == (
        "moved", "“It is simply not safe any more.” Mayor Ann Lee said after the long vote."
    )  # fmt: skip


def test_a_sentence_gone_is_orphaned_not_matched_elsewhere() -> None:
    exact = "Ferries will run every ten minutes until the repairs are done."
    new = EDITED.replace(exact, "")
    assert find_again(new, exact)[0] == "orphaned"
    assert find_again(EDITED.replace("Monday", "Friday"), "met on Monday")[0] == "orphaned"
