"""The annotation store's API on real files: add, update, remove, restore, read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tinydb

from store.annotations import (
    AnnotationStore,
    ArticleInfo,
    ReadOnlyStoreError,
    StoreError,
    UnknownAnnotationError,
)
from store.paths import default_db_path, journal_path
from store.text.model import Article


def make_article(text: str, article_id: str = "art-1") -> Article:
    """A minimal article with the given cleaned text."""
    return Article(
        id=article_id, file="a.txt", title="Title", subtitle=None, source="Wire",
        date="2024-03-01", date_text=None, dateline=None, text=text,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database path in an empty folder."""
    return tmp_path / "annotations.json"


def test_add_is_durable_and_visible_to_plain_tinydb_after_close(db: Path) -> None:
    with AnnotationStore(db, annotator="alice") as store:
        ann = store.add("a1", 0, 5, "favour", "Hello", unit="quote", speaker="Bob",
                        prefix="", suffix=" world", target="NATO", note="sure?")  # fmt: skip
        assert len(ann.id) == 32
        assert ann.annotator == "alice" and ann.anchor == "exact"
        assert ann.created == ann.updated and ann.created.endswith("+00:00")
        # Durable before close: the journal already holds the record.
        assert ann.id in journal_path(db).read_text()
    table = tinydb.TinyDB(db).table("annotations")
    (doc,) = table.all()
    assert doc["id"] == ann.id and doc["label"] == "favour" and doc["speaker"] == "Bob"
    assert journal_path(db).read_bytes() == b""


def test_update_remove_restore_undo_sequence(db: Path) -> None:
    with AnnotationStore(db, annotator="alice") as store:
        first = store.add("a1", 0, 5, "favour", "Hello")
        second = store.add("a1", 6, 11, "against", "world")
        changed = store.update(second.id, label="neutral", note="unsure")
        assert changed.label == "neutral" and changed.created == second.created
        assert changed.updated >= second.updated
        removed = store.remove(first.id)
        assert [a.id for a in store.annotations("a1")] == [second.id]
        store.restore(removed)  # undo the removal
        store.restore(second)  # undo the update
        assert store.annotations("a1") == [first, second]
        with pytest.raises(UnknownAnnotationError, match="no annotation with id nope"):
            store.update("nope", label="x")
        with pytest.raises(UnknownAnnotationError):
            store.remove("nope")
        with pytest.raises(TypeError, match="created"):
            store.update(first.id, created="yesterday")
        with pytest.raises(TypeError, match="colour"):
            store.add("a1", 0, 1, "x", "H", colour="red")
        with pytest.raises(ValueError, match="offsets"):
            store.add("a1", 5, 2, "x", "H")
        with pytest.raises(ValueError, match="empty label"):
            store.add("a1", 0, 1, "", "H")
    with AnnotationStore(db) as again:
        assert again.annotations("a1") == [first, second]


def test_annotations_by_article_sorted_and_counts(db: Path) -> None:
    with AnnotationStore(db, annotator="alice") as store:
        late = store.add("a1", 50, 60, "favour", "x" * 10)
        early = store.add("a1", 0, 10, "against", "y" * 10)
        other = store.add("a2", 0, 1, "favour", "z")
        assert store.annotations("a1") == [early, late]
        assert store.annotations("missing") == []
        assert store.counts() == {"a1": 2, "a2": 1}
        assert len(store) == 3
        store.remove(other.id)
        assert store.counts() == {"a1": 2}
        assert store.get(late.id) == late


def test_two_stores_on_one_file_see_each_other(db: Path) -> None:
    alice = AnnotationStore(db, annotator="alice", fold_threshold=300)
    bob = AnnotationStore(db, annotator="bob", fold_threshold=300)
    try:
        mine = [alice.add("a1", i, i + 1, "favour", "x") for i in range(5)]
        theirs = [bob.add("a1", i, i + 1, "against", "y") for i in range(5)]
        # Small fold threshold: both have folded several times meanwhile.
        assert {a.id for a in alice.annotations("a1")} == {a.id for a in mine + theirs}
        bob.remove(mine[0].id)
        assert mine[0].id not in {a.id for a in alice.annotations()}
        with pytest.raises(UnknownAnnotationError):
            alice.update(mine[0].id, label="x")
    finally:
        alice.close()
        bob.close()
    assert len(tinydb.TinyDB(db).table("annotations")) == 9


def test_remember_article_and_info(db: Path) -> None:
    article = make_article("Some cleaned text.")
    with AnnotationStore(db) as store:
        store.remember_article(article)
        size = journal_path(db).stat().st_size
        store.remember_article(article)  # unchanged: no new journal record
        assert journal_path(db).stat().st_size == size
        info = store.article_info("art-1")
        assert info == ArticleInfo("art-1", "Title", "Wire", "2024-03-01", "a.txt", article.text)
        assert store.article_info("nope") is None
    (doc,) = tinydb.TinyDB(db).table("articles").all()
    assert doc["text"] == "Some cleaned text." and doc["title"] == "Title"


def test_unknown_tables_are_kept(db: Path) -> None:
    with tinydb.TinyDB(db) as plain:
        plain.table("settings").insert({"theme": "dark"})
    with AnnotationStore(db) as store:
        store.add("a1", 0, 1, "favour", "x")
    assert tinydb.TinyDB(db).table("settings").all() == [{"theme": "dark"}]


def test_closed_store_refuses_use(db: Path) -> None:
    store = AnnotationStore(db)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.annotations()


def test_read_only_store_reads_but_refuses_writes(db: Path) -> None:
    with AnnotationStore(db, annotator="alice") as store:
        ann = store.add("a1", 0, 1, "favour", "x")
    before = db.read_bytes()
    with AnnotationStore(db, read_only=True) as reader:
        assert reader.annotations("a1") == [ann]
        with pytest.raises(ReadOnlyStoreError, match="read-only"):
            reader.add("a1", 0, 1, "favour", "x")
    assert db.read_bytes() == before


def test_read_only_store_on_missing_file_is_empty(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "none.json", read_only=True) as reader:
        assert reader.annotations() == []
    assert list(tmp_path.iterdir()) == []


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARGINALIA_DB", str(tmp_path / "x.json"))
    assert default_db_path() == tmp_path / "x.json"
    monkeypatch.delenv("MARGINALIA_DB")
    path = default_db_path()
    assert path.name == "annotations.json" and "marginalia" in str(path)


def test_database_file_format(db: Path) -> None:
    with AnnotationStore(db) as store:
        store.add("a1", 0, 1, "favour", "é")
    data = json.loads(db.read_text(encoding="ascii"))
    assert set(data) == {"_meta", "annotations", "articles"}
    assert data["_meta"]["1"]["version"] == 1
    assert list(data["annotations"]) == ["1"]


def test_any_text_round_trips(db: Path) -> None:
    odd = "Кремль «цитата» 😀 \udcff [b]not markup[/b] {{item.group_date}}"
    with AnnotationStore(db) as store:
        ann = store.add("a1", 0, len(odd), "favour", odd, note=odd)
    with AnnotationStore(db) as store:
        assert store.annotations("a1") == [ann]


def test_journal_is_folded_when_it_grows(db: Path) -> None:
    store = AnnotationStore(db, fold_threshold=2000)
    try:
        ids = [store.add("a1", i, i + 1, "favour", "x").id for i in range(20)]
        assert journal_path(db).stat().st_size < 2000
        # Folded while open: plain TinyDB already sees most labels.
        folded = {doc["id"] for doc in tinydb.TinyDB(db).table("annotations").all()}
        assert len(folded) >= 10 and folded <= set(ids)
    finally:
        store.close()
    assert {doc["id"] for doc in tinydb.TinyDB(db).table("annotations").all()} == set(ids)
