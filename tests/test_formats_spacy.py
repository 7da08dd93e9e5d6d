"""`marginalia export --format spacy`: a DocBin that `spacy train` reads as is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store.annotations import AnnotationStore
from store.records import ArticleInfo

MARGINALIA = Path(sys.executable).with_name("marginalia")
TEXT = "Sanctions are pointless. The talks went well. Nobody knows what comes next."


def labelled_db(tmp_path: Path) -> Path:
    db = tmp_path / "db.json"
    for annotator, labels in (("alice", ["against", "favor", "neutral"]),
                              ("bob", ["against", "favor", "against"])):  # fmt: skip
        with AnnotationStore(db, annotator=annotator) as store:
            store.remember_articles([ArticleInfo("a1", "Talks", text=TEXT)])
            for (start, end), label in zip(((0, 24), (25, 45), (46, 75)), labels, strict=True):
                store.add("a1", start, end, label, TEXT[start:end], target="sanctions")
    return db


def test_the_gold_labels_load_as_a_docbin_with_cats(tmp_path: Path) -> None:
    import spacy  # a dev dependency (and the spacy extra)
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    result = subprocess.run(
        [str(MARGINALIA), "export", "--db", str(labelled_db(tmp_path)), "--format", "spacy",
         "-o", str(out)], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 annotations (spacy DocBin)" in result.stderr  # the third is disagreed on
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("xx").vocab))
    assert [d.text for d in docs] == ["Sanctions are pointless.", "The talks went well."]
    assert [d.cats for d in docs] == [
        {"against": 1.0, "favor": 0.0},
        {"against": 0.0, "favor": 1.0},
    ]
    assert docs[0].user_data["target"] == "sanctions"


def test_without_spacy_the_message_says_how_to_get_it(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "spacy.py").write_text("raise ImportError('no spacy here')\n")
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    result = subprocess.run(
        [str(MARGINALIA), "export", "--db", str(labelled_db(tmp_path)), "--format", "spacy",
         "-o", str(tmp_path / "x.spacy")], capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert "pip install 'marginalia[spacy]'" in result.stderr
    assert not (tmp_path / "x.spacy").exists()


def test_spacy_needs_an_output_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(MARGINALIA), "export", "--db", str(labelled_db(tmp_path)), "--format", "spacy"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "give -o FILE.spacy" in result.stderr
