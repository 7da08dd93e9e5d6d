"""Importing: bad lines, duplicates, other tools' files, and the two CLI commands."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import tinydb

from store.annotations import AnnotationStore
from store.formats.importer import import_lines
from tui.commands import export as export_command
from tui.commands import import_annotations as import_command

GOOD = {"article_id": "a1", "start": 0, "end": 5, "label": "favour", "text": "Hello"}


def lines(*objects: object) -> io.StringIO:
    """A file-like of JSON lines (strings are written as they are)."""
    return io.StringIO(
        "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objects) + "\n"
    )


def test_bad_lines_are_reported_with_line_numbers_and_skipped(tmp_path: Path) -> None:
    source = lines(
        GOOD,
        "{broken",
        [1, 2],
        {"hello": "world"},
        {**GOOD, "start": 9, "end": 2},
        "",
        {"text": "abc", "label": [[0, 99, "X"]]},
        {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "target": {}},
        {**GOOD, "start": 6, "end": 11, "text": "world"},
    )
    with AnnotationStore(tmp_path / "db.json") as store:
        report = import_lines(store, source, "in.jsonl")
        assert report.added == 2
        assert [e.split(":")[1] for e in report.errors] == ["2", "3", "4", "5", "7", "8"]
        assert report.errors[0].startswith("in.jsonl:2: invalid JSON")
        assert "not a JSON object" in report.errors[1]
        assert "known format" in report.errors[2]
        assert "bad offsets" in report.errors[3]
        assert "bad offsets" in report.errors[4]
        assert "no source" in report.errors[5]


def test_same_label_with_another_id_is_not_duplicated(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        original = store.add("a1", 0, 5, "favour", "Hello")
        report = import_lines(
            store, lines({**GOOD, "id": "other", "annotator": "alice"}, GOOD), "in.jsonl"
        )
        # Same article, offsets, label and annotator: a duplicate whatever its id.
        assert (report.added, report.duplicates) == (0, 2)
        assert store.annotations() == [original]
        report = import_lines(store, lines({**GOOD, "annotator": "bob"}), "in.jsonl")
        assert report.added == 1


def test_doccano_text_classification_and_labels_key(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        report = import_lines(
            store,
            lines(
                {"id": 7, "text": "Talks failed.", "label": ["against"]},
                {"text": "Deal done.", "labels": [[0, 4, "favour"]]},
            ),
            "doccano.jsonl",
        )
        assert report.errors == [] and report.added == 2
        whole = store.annotations("7")[0]
        assert (whole.start, whole.end, whole.text, whole.label) == (
            0,
            13,
            "Talks failed.",
            "against",
        )
        assert store.article_info("7") is not None
        assert store.article_info("7").text == "Talks failed."  # type: ignore[union-attr]


def test_prodigy_from_elsewhere(tmp_path: Path) -> None:
    accepted = {
        "text": "The envoy spoke.",
        "spans": [{"start": 4, "end": 9, "label": "PERSON"}],
        "answer": "accept",
        "_timestamp": 1700000000,
        "_annotator_id": "team-ann1",
    }
    rejected = {**accepted, "answer": "reject", "text": "Other."}
    with AnnotationStore(tmp_path / "db.json") as store:
        report = import_lines(store, lines(accepted, rejected), "prodigy.jsonl")
        assert report.errors == [] and report.added == 1
        (ann,) = store.annotations()
        assert (ann.text, ann.annotator, ann.created) == (
            "envoy",
            "team-ann1",
            "2023-11-14T22:13:20.000+00:00",
        )
        assert ann.prefix == "The " and ann.suffix == " spoke."


def make_db(tmp_path: Path) -> Path:
    """A database with two labels."""
    db = tmp_path / "db.json"
    with AnnotationStore(db, annotator="alice") as store:
        store.add("a1", 0, 5, "favour", "Hello")
        store.add("a1", 6, 11, "against", "world")
    return db


def test_export_command_to_stdout_and_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path)
    out = tmp_path / "out.jsonl"
    assert export_command.main(["--db", str(db), "--format", "w3c", "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 2
    assert "2 annotations (w3c)" in capsys.readouterr().err
    assert export_command.main(["--db", str(tmp_path / "missing.json")]) == 2
    assert "no such annotation database" in capsys.readouterr().err
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [json.loads(line)["label"] for line in result.stdout.splitlines()] == [
        "favour",
        "against",
    ]


def test_import_command_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_db(tmp_path)
    exported = tmp_path / "labels.jsonl"
    export_command.main(["--db", str(db), "-o", str(exported)])
    target = tmp_path / "target.json"
    allow = "--allow-new-labels"  # "favour" is not in the built-in scheme
    assert import_command.main([str(exported), "--db", str(target), allow]) == 0
    assert "2 added, 0 replaced by a later edit, 0 already present, 0 lines skipped" in (
        capsys.readouterr().err
    )
    assert len(tinydb.TinyDB(target).table("annotations")) == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text(exported.read_text() + "oops\n")
    assert import_command.main([str(broken), "--db", str(target), allow]) == 1
    err = capsys.readouterr().err
    assert f"skipped {broken}:3: invalid JSON" in err and "2 already present" in err
    assert import_command.main([str(tmp_path / "nope.jsonl"), "--db", str(target), allow]) == 2


def test_import_takes_only_the_schemes_labels_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "labels.jsonl"
    export_command.main(["--db", str(make_db(tmp_path)), "-o", str(exported)])
    target = tmp_path / "target.json"
    assert import_command.main([str(exported), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"skipped {exported}:1: label 'favour' is not in the label scheme" in err
    assert "1 added" in err  # "against" is in the built-in scheme
    scheme = tmp_path / "labels.toml"
    scheme.write_text(
        '[[label]]\nname = "favour"\nkey = "1"\n[[label]]\nname = "against"\nkey = "2"\n'
    )
    assert import_command.main([str(exported), "--db", str(target), "--labels", str(scheme)]) == 0
    assert "1 added, 0 replaced by a later edit, 1 already present" in capsys.readouterr().err


def test_commands_do_not_import_textual() -> None:
    code = (
        "import sys, tui.commands.export, tui.commands.import_annotations, store;"
        "from store.annotations import AnnotationStore;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_import_fills_article_details_but_keeps_known_text(tmp_path: Path) -> None:
    from store.annotations import ArticleInfo

    with AnnotationStore(tmp_path / "db.json") as store:
        store.remember_articles([ArticleInfo("a1", "", None, None, "a.txt", "Hello world")])
        report = import_lines(
            store, lines({**GOOD, "title": "Greeting", "source": "Wire"}), "in.jsonl"
        )
        assert report.added == 1
        assert store.article_info("a1") == ArticleInfo(
            "a1", "Greeting", "Wire", None, "a.txt", "Hello world"
        )


def test_an_export_never_replaces_the_annotation_file(tmp_path: Path) -> None:
    from store.formats import write_export_file

    db = tmp_path / "labels.jsonl"
    with AnnotationStore(db, annotator="alice") as store:
        store.add("a1", 0, 4, "favor", "text")
        with pytest.raises(ValueError, match="annotation file itself"):
            write_export_file(store, "jsonl", db)
        assert write_export_file(store, "jsonl", tmp_path / "out.jsonl") == 1
    with AnnotationStore(db, annotator="alice") as store:
        assert len(store.annotations()) == 1
    assert not list(tmp_path.glob(".*tmp*"))
