"""The bulk read of a big annotation file (store/tinyfile.py): the same labels as
the json module reads, misfit records set aside as before, files msgspec refuses
still opened, nothing rewritten by a close that changed nothing, and plain
TinyDB still reading what the store writes. Real files in tmp_path."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import tinydb

from store.annotations import AnnotationStore
from store.formats import write_export, write_export_file
from store.records import FORMAT_META, Annotation, ArticleInfo
from store.tinyfile import read_tables


def record(n: int, **changes: Any) -> dict[str, Any]:
    """A stored label, varied by `n` (units, speakers, notes, flags, non-ASCII text)."""
    base: dict[str, Any] = {
        "id": f"id{n:05d}",
        "article_id": f"art{n % 3}",
        "start": n * 10,
        "end": n * 10 + 8,
        "text": f"“Quoted” words {n} — été",
        "label": ("favor", "against", "neutral")[n % 3],
        "annotator": ("alice", "bob")[n % 2],
        "created": "2026-01-01T00:00:00.000+00:00",
        "updated": "2026-01-01T00:00:00.000+00:00" if n % 2 else "2026-02-01T00:00:00.000+00:00",
        "unit": ("sentence", "quote", "span")[n % 3],
        "prefix": "before ",
        "suffix": " after",
        "speaker": "Jane Doe" if n % 4 == 0 else None,
        "target": "the plan" if n % 5 == 0 else None,
        "note": "a note\nover two lines" if n % 6 == 0 else None,
        "anchor": "exact",
        "flags": ["unsure", "review", "unsure"] if n % 7 == 0 else [],
    }
    if n % 8 == 0:
        del base["flags"]  # written before labels had flags
    base.update(changes)
    return base


def write_file(path: Path, records: list[Any], **tables: Any) -> None:
    """A TinyDB file (ASCII, as TinyDB and the store write it) with these records."""
    doc = {
        "_meta": {"1": FORMAT_META},
        "annotations": {str(i): rec for i, rec in enumerate(records, 1)},
        "articles": {"1": {"id": "art0", "title": "Title", "text": "Some text."}},
        **tables,
    }
    path.write_text(json.dumps(doc), encoding="ascii")


def by_json(path: Path) -> dict[str, Annotation]:
    """The labels the json module and `Annotation.from_dict` read from the file."""
    table = json.loads(path.read_text(encoding="ascii"))["annotations"]
    return {rec["id"]: Annotation.from_dict(rec) for rec in table.values()}


def test_the_bulk_read_gives_the_labels_json_gives(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    write_file(db, [record(n) for n in range(60)])
    with AnnotationStore(db, read_only=True) as store:
        read = {ann.id: ann for ann in store.annotations()}
        assert store.article_info("art0") == ArticleInfo("art0", "Title", text="Some text.")
        assert store.set_aside_note is None
    assert read == by_json(db)
    assert read["id00007"].flags == ("review", "unsure")  # sorted, once each
    assert read["id00008"].flags == ()


def test_a_file_of_many_batches_is_read_whole(tmp_path: Path) -> None:
    # Past 8,192 records the read gives the file's pages back behind it as it goes.
    db = tmp_path / "labels.json"
    write_file(db, [record(n, id=f"id{n:06d}", text=f"words {n}") for n in range(20_000)])
    with AnnotationStore(db, read_only=True) as store:
        read = {ann.id: ann for ann in store.annotations()}
    assert read == by_json(db)


def test_repeated_words_are_one_string_in_memory(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    write_file(db, [record(n) for n in range(12)])
    with AnnotationStore(db, read_only=True) as store:
        first, *others = [a for a in store.annotations() if a.annotator == "bob"]
        same_article = [a for a in others if a.article_id == first.article_id]
        assert others and same_article
        assert all(a.annotator is first.annotator for a in others)
        assert all(a.article_id is first.article_id for a in same_article)
        assert all(a.updated is a.created for a in others)  # bob's were never edited


def test_the_bulk_read_shares_repeated_words_as_it_decodes(tmp_path: Path) -> None:
    # Shared label by label, so the copies freed are reused by the next label's decode.
    db = tmp_path / "labels.json"
    write_file(db, [record(n) for n in range(12)])
    words: dict[str, str] = {}
    tables = read_tables(db, words)
    assert tables is not None
    bobs = [a for a in tables["annotations"].values() if a.annotator == "bob"]
    assert len(bobs) == 6 and all(a.annotator is words["bob"] for a in bobs)
    assert all(a.label is words[a.label] for a in tables["annotations"].values())


def test_misfit_records_are_set_aside_and_the_rest_is_read(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    misfits = [
        record(1, start="10"),  # a string offset: msgspec refuses the whole table
        record(2, label=""),
        record(3, annotator="eve\x1b[31m"),
        record(4, start=50, end=40),
        {"id": "no-label", "article_id": "art0", "start": 0, "end": 1},
        ["not", "an", "object"],
        record(6, label="x" * 401),  # sizes and offsets: checked by msgspec as it decodes
        record(7, start=-1),
        record(8, speaker="s" * 501),
        record(9, note="see \x1b]52;c;aGk=\x07"),  # controls: checked after
    ]
    write_file(db, [record(0), *misfits, record(5)])
    with AnnotationStore(db, read_only=True) as store:
        assert {a.id for a in store.annotations()} == {"id00000", "id00005"}
        note = store.set_aside_note
    assert note is not None and "10 broken label records are kept aside" in note
    with AnnotationStore(db) as store:  # a writable open keeps them in the file
        store.add("art0", 0, 4, "favor", "Some")
    with tinydb.TinyDB(db) as plain:
        reasons = [entry["reason"] for entry in plain.table("set_aside").all()]
    assert len(reasons) == 10
    assert "empty label" in reasons and "bad offsets 50..40" in reasons
    assert "annotator holds terminal control characters" in reasons
    assert "label too long (401 characters, at most 200)" in reasons
    assert "bad offsets -1..78" in reasons
    assert "speaker too long (501 characters, at most 500)" in reasons
    assert "note holds terminal control characters" in reasons


def test_a_field_past_its_own_size_in_a_group_within_its_size_is_read_as_before(
    tmp_path: Path,
) -> None:
    # Names, context and time stamps have always been checked as groups: labels
    # an earlier version kept (a long label beside short names, a long prefix
    # beside a short suffix) must not be set aside on an upgrade.
    db = tmp_path / "labels.json"
    kept = [record(1, label="x" * 300), record(2, prefix="p" * 3_000, suffix="s")]
    refused = [record(3, label="x" * 250, annotator="a" * 160)]  # the names past 400
    write_file(db, [record(0), *kept, *refused])
    with AnnotationStore(db, read_only=True) as store:
        assert {a.id for a in store.annotations()} == {"id00000", "id00001", "id00002"}
        assert store.set_aside_note is not None


def test_a_file_msgspec_refuses_is_read_by_json(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    # A lone surrogate (JSON may escape one) and a NaN in another program's table.
    write_file(db, [record(0, text="half \ud800 pair"), record(1)])
    text = db.read_text(encoding="ascii").replace('"_meta"', '"theirs": {"1": {"x": NaN}}, "_meta"')
    db.write_text(text, encoding="ascii")
    with AnnotationStore(db) as store:
        assert store.get("id00000") is not None and store.get("id00000").text == "half \ud800 pair"
        store.add("art1", 0, 4, "favor", "more")
    with tinydb.TinyDB(db) as plain:
        assert len(plain.table("annotations")) == 3
        assert plain.table("theirs").all()[0]["x"] != plain.table("theirs").all()[0]["x"]  # NaN


def test_closing_an_unchanged_store_rewrites_nothing(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    write_file(db, [record(n) for n in range(200)])
    before, stat = db.read_bytes(), os.stat(db)
    store = AnnotationStore(db, annotator="carol")
    assert len(store.annotations("art1")) > 0
    store.close()
    after = os.stat(db)
    assert db.read_bytes() == before
    assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_plain_tinydb_reads_every_label_after_a_write(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    write_file(db, [record(n) for n in range(50)])
    with AnnotationStore(db, annotator="carol") as store:
        added = store.add("art2", 0, 6, "against", "“Worte”")
    with tinydb.TinyDB(db) as plain:
        rows = {row["id"]: row for row in plain.table("annotations").all()}
    assert set(rows) == {*by_json(tmp_path / "labels.json"), added.id}
    assert Annotation.from_dict(rows["id00007"]).flags == ("review", "unsure")
    assert rows[added.id]["text"] == "“Worte”"


def test_the_fast_jsonl_export_writes_what_the_text_one_writes(tmp_path: Path) -> None:
    db = tmp_path / "labels.json"
    write_file(db, [record(n) for n in range(40)] + [record(40, note="lone \udc80 half")])
    out = tmp_path / "export.jsonl"
    text = io.StringIO()
    with AnnotationStore(db, read_only=True) as store:
        assert write_export_file(store, "jsonl", out) == 41
        assert write_export(store, "jsonl", text) == 41
    expected = text.getvalue().encode("utf-8", "replace")  # as a UTF-8 file writes it
    assert out.read_bytes() == expected
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "lone ? half" in {line["note"] for line in lines}
    titles = {line["article_id"]: line["title"] for line in lines}
    assert titles == {"art0": "Title", "art1": None, "art2": None}  # art0 alone is known
    first = next(line for line in lines if line["id"] == "id00007")
    assert list(first) == [
        "id", "article_id", "title", "source", "date", "date_text", "url", "unit", "start",
        "end", "text", "prefix", "suffix", "label", "speaker", "target", "note", "annotator",
        "created", "updated", "anchor", "flags",
    ]  # fmt: skip
    assert first["flags"] == ["review", "unsure"] and first["text"] == "“Quoted” words 7 — été"


def test_article_texts_kept_as_utf8_come_back_whole_and_are_rewritten_as_they_were(
    tmp_path: Path,
) -> None:
    db = tmp_path / "labels.json"
    texts = {
        "art0": "“Curly” quotes, a dash — and été.",
        "art1": "A lone half \ud800 of a pair, from a hostile file.",
        "art2": None,
    }
    articles = {
        str(n): {"id": art, "title": f"T{n}", "text": text}
        for n, (art, text) in enumerate(texts.items(), 1)
    }
    articles["4"] = {"id": "art3", "title": "T4", "text": 42}  # not text: kept as it is
    write_file(db, [record(n) for n in range(3)], articles=articles)
    with AnnotationStore(db, annotator="carol") as store:
        assert {a.id: a.text for a in store.articles()} == {**texts, "art3": 42}
        info = store.article_info("art0")
        assert info == ArticleInfo("art0", "T1", text=texts["art0"]) and info is not None
        assert info.to_dict()["text"] == texts["art0"]
        store.add("art0", 0, 6, "favor", "“Curly”")  # a write rewrites the articles table
    with tinydb.TinyDB(db) as plain:
        rows = {row["id"]: row["text"] for row in plain.table("articles").all()}
    assert rows == {**texts, "art3": 42}
