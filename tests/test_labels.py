"""The label scheme: TOML loading, defaults, and one clear line for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.labels import DEFAULT_LABELS_PATH, LabelsError, load_labels, parse_labels


def test_default_scheme_is_favor_against_neutral() -> None:
    scheme = load_labels()
    assert scheme.path == DEFAULT_LABELS_PATH
    assert [(label.name, label.key) for label in scheme.labels] == [
        ("favor", "1"),
        ("against", "2"),
        ("neutral", "3"),
    ]
    assert all(label.description and label.colour.startswith("#") for label in scheme.labels)


def test_custom_scheme_with_keys_table(tmp_path: Path) -> None:
    path = tmp_path / "labels.toml"
    path.write_text(
        """
[[label]]
name = "support"
key = "a"
color = "green"
description = "Backs   the claim."

[[label]]
name = "deny"
key = "."

[keys]
"reader.next" = "j,down,space"
reader.undo = "u,ctrl+z"
""",
        encoding="utf-8",
    )
    scheme = load_labels(path)
    support, deny = scheme.labels
    assert (support.colour, support.description) == ("#3fb950", "Backs the claim.")
    assert deny.binding_key == "full_stop"
    assert deny.colour.startswith("#")
    assert scheme.keys == {"reader.next": "j,down,space", "reader.undo": "u,ctrl+z"}
    assert scheme.colour_of("unknown") == "#8b949e"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[label]\nname=", "not valid TOML"),
        ("", "no labels"),
        ("[keys]\nhelp = 'h'", "no labels"),
        ('[[label]]\nkey = "1"', "needs a name"),
        ('[[label]]\nname = "a"', "needs one key"),
        ('[[label]]\nname = "a"\nkey = "1 2"', "needs one key"),
        ('[[label]]\nname = "a"\nkey = "1"\ncolour = "plaid"', "is not #rrggbb"),
        ('[[label]]\nname = "a"\nkey = "1"\n[[label]]\nname = "a"\nkey = "2"', "defined twice"),
        ('[[label]]\nname = "a"\nkey = "1"\n[[label]]\nname = "b"\nkey = "1"', "used by two"),
        ('[[label]]\nname = "a"\nkey = "1"\n[keys]\nx = 3', "[keys] must map"),
        (
            'target = "sanctions"\n[[label]]\nname = "a"\nkey = "1"',
            "mine.toml: unknown key 'target' (known: label, keys)",
        ),
        ("title = 'x'", "unknown key 'title'"),  # before "no labels": the likelier mistake
        ('[[lables]]\nname = "a"\nkey = "1"', "unknown key 'lables'"),
        (
            'a = 1\nb = 2\n[[label]]\nname = "a"\nkey = "1"',
            "mine.toml: unknown keys 'a', 'b' (known: label, keys)",
        ),
        (
            '[[label]]\nname = "favor"\nkey = "1"\ncolur = "red"',
            "mine.toml: label 'favor': unknown key 'colur' "
            "(known: name, key, colour, color, description)",
        ),
        (
            '[[label]]\nname = "a"\nkey = "1"\n[[label]]\nname = "b"\nkey = "2"\ndescripton = "x"',
            "mine.toml: label 'b': unknown key 'descripton'",
        ),
        ('[[label]]\nnmae = "a"\nkey = "1"', "mine.toml: label 1: unknown key 'nmae'"),
        ('[[labels]]\nname = "a"\nkey = "1"\ncolour.dark = "red"', "colour must be a string"),
    ],
)
def test_mistakes_give_one_line(text: str, message: str) -> None:
    with pytest.raises(LabelsError) as err:
        parse_labels(text, Path("mine.toml"))
    assert message in str(err.value)
    assert str(err.value).startswith("mine.toml: ")
    assert "\n" not in str(err.value)


def test_plural_labels_tables_are_read_too() -> None:
    scheme = parse_labels('[[labels]]\nname = "a"\nkey = "1"\ncolor = "red"', Path("mine.toml"))
    assert [(label.name, label.colour) for label in scheme.labels] == [("a", "#f85149")]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(LabelsError, match="not found"):
        load_labels(tmp_path / "missing.toml")
    with pytest.raises(LabelsError, match="is a folder"):
        load_labels(tmp_path)
    binary = tmp_path / "bad.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(LabelsError, match="cannot read"):
        load_labels(binary)


def test_label_key_may_not_hide_a_reader_key(tmp_path: Path) -> None:
    from tui.factory import make_app

    path = tmp_path / "labels.toml"
    path.write_text('[[label]]\nname = "a"\nkey = "j"\n', encoding="utf-8")
    with pytest.raises(LabelsError, match=r"'j' is given to both reader\.next and label\.a"):
        make_app(tmp_path, db=tmp_path / "db.json", labels=path)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[label]]\nname = "a"\nkey = "ab"\n', "'ab' of label 'a' is not one key"),
        ('[[label]]\nname = "a"\nkey = "1"\n[keys]\nreader.nope = "z"\n', "no binding"),
        ('[[label]]\nname = "a"\nkey = "1"\n[keys]\nreader.next = "1"\n', "given to both"),
        ('[[label]]\nname = "a"\nkey = "1"\n[keys]\nreader.next = "k"\n', "given to both"),
    ],
)
def test_keys_that_cannot_work_are_refused(tmp_path: Path, toml: str, message: str) -> None:
    from tui.factory import make_app

    path = tmp_path / "labels.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(LabelsError, match=message):
        make_app(tmp_path, db=tmp_path / "db.json", labels=path)


def test_a_reader_key_moved_away_frees_it_for_a_label(tmp_path: Path) -> None:
    from tui.factory import make_app

    path = tmp_path / "labels.toml"
    path.write_text(
        '[[label]]\nname = "a"\nkey = "j"\n[keys]\nreader.next = "down"\n', encoding="utf-8"
    )
    assert make_app(tmp_path, db=tmp_path / "db.json", labels=path) is not None
