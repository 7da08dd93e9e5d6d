"""Label Studio: tasks with their annotations, the labelling config, and the way back."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_formats_roundtrip import TEXT, fill

from store.annotations import AnnotationStore
from store.formats import write_export
from store.formats.importer import import_lines
from tui.commands import export as export_command
from tui.commands import import_annotations as import_command


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with four labels on a known article (two annotators) and one on an
    article whose text it doesn't know."""
    path = tmp_path / "labels.json"
    with AnnotationStore(path, annotator="alice") as store:
        fill(store)
    return path


def export_tasks(db: Path) -> tuple[list[dict[str, object]], list[str]]:
    """The tasks of a Label Studio export, and what it had to say."""
    out, notes = io.StringIO(), []
    with AnnotationStore(db, read_only=True) as store:
        assert write_export(store, "labelstudio", out, notes=notes) == 4
    return json.loads(out.getvalue()), notes


def test_one_task_per_article_one_annotation_per_annotator(db: Path) -> None:
    tasks, notes = export_tasks(db)
    assert len(tasks) == 1
    task = tasks[0]
    assert task["data"] == {
        "text": TEXT,
        "article_id": "art-1",
        "title": "Envoy: close to a deal",
        "source": "Wire",
        "date": "2024-03-01",
        "date_text": "1 March 2024",
    }
    annotations = task["annotations"]
    assert isinstance(annotations, list) and len(annotations) == 2
    annotators = [{r["meta"]["marginalia"]["annotator"] for r in a["result"]} for a in annotations]
    assert annotators == [{"alice"}, {"bob"}]
    for annotation in annotations:
        assert annotation["was_cancelled"] is False
        for region in annotation["result"]:
            assert (region["from_name"], region["to_name"], region["type"]) == (
                "label",
                "text",
                "labels",
            )
            value = region["value"]
            assert TEXT[value["start"] : value["end"]] == value["text"]
            assert len(value["labels"]) == 1
    assert notes == [
        "left out 1 label of 1 article whose text this database does not know (art-unknown): "
        "open them in the app once, then export again"
    ]


def test_round_trip_keeps_labels_annotators_targets_and_notes(db: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    with AnnotationStore(db, read_only=True) as store:
        write_export(store, "labelstudio", out)
        known = sorted((a for a in store.annotations() if a.article_id == "art-1"), key=str)
    with AnnotationStore(tmp_path / "copy.json", annotator="carol") as copy:
        report = import_lines(copy, io.StringIO(out.getvalue()), "tasks.json")
        assert (report.added, report.errors, dict(report.formats)) == (4, [], {"labelstudio": 1})
        assert sorted(copy.annotations(), key=str) == known
        assert {a.target for a in copy.annotations()} == {None, "the deal"}
        again = io.StringIO()
        write_export(copy, "labelstudio", again)
        assert again.getvalue() == out.getvalue()
        assert import_lines(copy, io.StringIO(out.getvalue()), "tasks.json").duplicates == 4


def test_label_studios_own_export_imports(tmp_path: Path) -> None:
    """Regions without our meta take the annotator from `completed_by` and their first
    label (one stance per unit and annotator); cancelled annotations bring nothing."""
    task = {
        "id": 7,
        "data": {"text": "Talks resume on Friday. Critics disagree."},
        "annotations": [
            {
                "completed_by": {"email": "dana@example.org"},
                "updated_at": "2021-03-09T22:16:08.746926+00:00",
                "result": [
                    {
                        "id": "Dx_aB91ISN",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 24, "end": 41, "labels": ["against", "neutral"]},
                    }
                ],
            },
            {"completed_by": 3, "was_cancelled": True, "result": []},
        ],
    }
    with AnnotationStore(tmp_path / "db.json", annotator="carol") as store:
        report = import_lines(store, io.StringIO(json.dumps([task], indent=2)), "export.json")
        assert report.errors == []
        got = sorted((a.label, a.annotator, a.text) for a in store.annotations())
    assert got == [("against", "dana@example.org", "Critics disagree.")]


def test_bad_tasks_are_reported_by_number(tmp_path: Path) -> None:
    good = {"data": {"text": "abc"}, "annotations": []}
    bad = {
        "data": {"text": "abc"},
        "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 9}}]}],
    }
    with AnnotationStore(tmp_path / "db.json") as store:
        report = import_lines(store, io.StringIO(json.dumps([good, bad])), "tasks.json")
    assert len(report.errors) == 1
    assert report.errors[0].startswith("tasks.json:2: region None has bad offsets 0..9")


def test_json_lines_still_number_lines_after_blank_ones(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json") as store:
        report = import_lines(store, io.StringIO("\n\nnot json\n"), "x.jsonl")
    assert [e.split(": ")[0] for e in report.errors] == ["x.jsonl:3"]


def test_cli_writes_tasks_config_and_says_what_it_left_out(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, config = tmp_path / "tasks.json", tmp_path / "config.xml"
    args = ["--db", str(db), "-f", "labelstudio", "-o", str(out)]
    assert export_command.main([*args, "--labelstudio-config", str(config)]) == 0
    err = capsys.readouterr().err
    assert "4 annotations (labelstudio) written to" in err
    assert "left out 1 label of 1 article whose text this database does not know" in err
    assert f"labelling config written to {config}" in err
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 1
    view = ET.fromstring(config.read_text(encoding="utf-8"))
    labels = view.find("Labels")
    assert labels is not None and labels.attrib == {"name": "label", "toName": "text"}
    assert [label.get("value") for label in labels] == ["favor", "against", "neutral", "favour"]
    text = view.find("Text")
    assert text is not None and text.attrib == {"name": "text", "value": "$text"}

    target = tmp_path / "target.json"
    assert import_command.main([str(out), "--db", str(target), "--allow-new-labels"]) == 0
    assert "4 added" in capsys.readouterr().err


def test_config_only_with_labelstudio(db: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--db", str(db), "--labelstudio-config",
         str(tmp_path / "c.xml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--labelstudio-config goes with --format labelstudio" in result.stderr
    assert not (tmp_path / "c.xml").exists()
