"""The project file: labels, targets, guidelines and team, every mistake one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.factory import make_app
from tui.labels import LabelsError
from tui.project import PROJECT_FILE_NAME, load_project, open_project, parse_project

LABELS = '[[label]]\nname = "favor"\nkey = "1"\n[[label]]\nname = "against"\nkey = "2"\n'
PROJECT = (
    '[project]\nname = "Russia and the US"\nguidelines = "guide.md"\n'
    'annotators = ["alice", "bob", "carol"]\noverlap = 2\n'
    '[[target]]\nname = "sanctions"\ndescription = "Economic  sanctions."\n'
    '[[target]]\nname = "US–Russia dialogue"\nkey = "F2"\n' + LABELS
)


def test_a_project_file_holds_labels_targets_guidelines_and_team(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text("# Guide\n\nLabel the stance.\n", encoding="utf-8")
    path = tmp_path / PROJECT_FILE_NAME
    path.write_text(PROJECT, encoding="utf-8")
    project = load_project(path)
    assert project.name == "Russia and the US"
    assert [t.name for t in project.targets] == ["sanctions", "US–Russia dialogue"]
    assert project.targets[0].description == "Economic sanctions."
    assert project.targets[1].binding_key == "f2"  # as Textual names it
    assert project.guidelines.startswith("# Guide")
    assert [label.name for label in project.scheme.labels] == ["favor", "against"]
    assert (project.annotators, project.overlap) == (("alice", "bob", "carol"), 2)
    # Each article goes to two of the three, the same two every time.
    shares = {who: 0 for who in project.annotators}
    for n in range(300):
        chosen = project.assigned(f"article-{n}")
        assert len(chosen) == 2 and chosen == project.assigned(f"article-{n}")
        for who in chosen:
            shares[who] += 1
    assert all(150 < count < 250 for count in shares.values())
    # Found beside the articles when none is named.
    assert open_project(tmp_path).targets == project.targets
    assert open_project(tmp_path / "corpus.jsonl").targets == project.targets


def test_the_next_target_goes_round_the_project_s_order(tmp_path: Path) -> None:
    project = parse_project(PROJECT.replace('guidelines = "guide.md"\n', ""), tmp_path / "p")
    first, second = (t.name for t in project.targets)
    assert project.target_after(first) == second
    assert project.target_after(second) == first
    assert project.target_after(first, -1) == second
    assert project.target_after(None) == first  # none chosen yet: forward is the first
    assert project.target_after(None, -1) == second  # and back is the last
    assert parse_project(LABELS, tmp_path / "labels").target_after(None) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[project]\nguidelin = "x.md"\n' + LABELS, "[project]: unknown key 'guidelin'"),
        ('[project]\nguidelines = "nowhere.md"\n' + LABELS, "nowhere.md: guidelines file"),
        ('[[target]]\ndescription = "x"\n' + LABELS, "target 1: needs a name"),
        ('[[target]]\nname = "a"\n[[target]]\nname = "a"\n' + LABELS, "'a' is defined twice"),
        ('[[target]]\nname = "a"\nkey = "1 2"\n' + LABELS, "one key"),
        ('[[target]]\nname = "a"\ncolour = "red"\n' + LABELS, "unknown key 'colour'"),
        ("[project]\noverlap = 2\n" + LABELS, "overlap needs the annotators"),
        ('[project]\nannotators = ["a"]\noverlap = 2\n' + LABELS, "more than the 1 annotators"),
        ('[project]\nannotators = ["a", "a"]\n' + LABELS, "names someone twice"),
        ('[project]\noverlap = 0\nannotators = ["a"]\n' + LABELS, "whole number"),
        ('[[label]]\nname = "skip"\nkey = "s"\n', "'skip' is reserved"),
        ("targets = 3\n" + LABELS, "unknown key 'targets'"),
    ],
)
def test_every_mistake_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "project.toml"
    with pytest.raises(LabelsError) as caught:
        parse_project(text, path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_target_key_may_not_hide_a_reader_key(tmp_path: Path) -> None:
    path = tmp_path / PROJECT_FILE_NAME
    path.write_text('[[target]]\nname = "a"\nkey = "j"\n' + LABELS, encoding="utf-8")
    with pytest.raises(LabelsError, match="'j' is given to both"):
        make_app(tmp_path, db=tmp_path / "db.json", annotator="t")


def test_labels_and_project_are_one_or_the_other(tmp_path: Path) -> None:
    labels = tmp_path / "labels.toml"
    labels.write_text(LABELS, encoding="utf-8")
    with pytest.raises(LabelsError, match="give one"):
        open_project(tmp_path, project=labels, labels=labels)
    assert open_project(tmp_path, labels=labels).targets == ()


def test_a_label_on_a_punctuation_key_the_reader_uses_is_refused(tmp_path: Path) -> None:
    path = tmp_path / PROJECT_FILE_NAME
    path.write_text('[[label]]\nname = "maybe"\nkey = "~"\n', encoding="utf-8")
    with pytest.raises(LabelsError, match="'tilde' is given to both"):
        make_app(tmp_path, db=tmp_path / "db.json", annotator="t")
