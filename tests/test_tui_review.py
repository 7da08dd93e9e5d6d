"""The review and statistics screens under Pilot: a disagreement resolved on screen is
in the file, and `export --gold` holds it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from test_tui_support import build, open_library, settle, until, write_corpus
from textual.widgets import OptionList

from store import AnnotationStore, Corpus, draft_label, write_export


def disagreeing_labels(corpus: Path, db: Path, cache: Path) -> str:
    """alice and bob disagree on the Oil article's first statement and agree on its
    second; returns that first statement's text."""
    opened = Corpus.open(corpus, cache_dir=cache)
    entry = next(e for e in opened.entries if e.title.startswith("Oil"))
    article = opened.article(entry.id)
    first, second = article.statements[0], article.statements[1]
    for who, label in (("alice", "favor"), ("bob", "against")):
        with AnnotationStore(db, annotator=who) as store:
            for statement, value in ((first, label), (second, "neutral")):
                store.set_label(
                    draft_label(
                        article.id, article.text, "sentence", statement.start, statement.end, value
                    )
                )
    return article.text[first.start : first.end]


async def test_the_review_screen_resolves_a_disagreement(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    text = disagreeing_labels(corpus, db, tmp_path / "cache")
    app = build(corpus, db, tmp_path)  # annotator "tester", the reviewer
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("R")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        review = app.screen
        await until(pilot, lambda: review.query_one(OptionList).option_count == 1)
        detail = str(review.query_one("#review-unit").render())
        assert text in detail and "alice: favor" in detail and "bob: against" in detail
        await pilot.press("2")  # decide: against
        await until(pilot, lambda: review.query_one(OptionList).option_count == 0)
        await pilot.press("D")  # show decided ones too
        await pilot.pause()
        assert review.query_one(OptionList).option_count == 1
        assert "Decided: against by tester/gold" in str(review.query_one("#review-unit").render())
        await pilot.press("escape")
        await settle(pilot)
    with AnnotationStore(db, annotator="check") as store:
        decisions = [a for a in store.annotations() if "adjudicated" in a.flags]
        assert [(a.annotator, a.label, a.text) for a in decisions] == [
            ("tester/gold", "against", text)
        ]
        out = io.StringIO()
        write_export(store, "jsonl", out, gold=True)
    gold = sorted(
        (row["text"], row["label"]) for row in map(json.loads, out.getvalue().splitlines())
    )
    assert gold == sorted([(text, "against"), ("Traders expect further declines.", "neutral")])


async def test_the_statistics_screen(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    disagreeing_labels(corpus, db, tmp_path / "cache")
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("S")
        await until(pilot, lambda: type(app.screen).__name__ == "StatisticsScreen")
        screen = app.screen
        await until(
            pilot, lambda: "Agreement" in str(screen.query_one("#statistics-text").render())
        )
        shown = str(screen.query_one("#statistics-text").render())
        assert "alice" in shown and "2 labels in 1 article" in shown
        assert "favor" in shown and "█" in shown
        assert "2 units labelled by two or more annotators" in shown
        assert "alice – bob" in shown
