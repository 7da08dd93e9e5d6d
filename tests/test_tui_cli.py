"""`marginalia [CORPUS] [--db] [--annotator] [--labels]`: clear one-line errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.commands import open_app


def test_help_names_the_default_annotation_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        open_app.main(["--help"])
    out = capsys.readouterr().out
    assert "--annotator" in out and "annotations.json" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/no/such/folder"], "/no/such/folder: no such file or folder"),
        (["--labels", "/no/such.toml"], "labels file not found"),
    ],
)
def test_bad_arguments_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert open_app.main([*argv, "--db", str(tmp_path / "db.json")]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_db_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert open_app.main(["--db", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_console_script_without_textual_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "labels.toml"
    bad.write_text("[[label]]\nname = 'x'\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--labels", str(bad), "--db", str(tmp_path / "d.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith('needs one key, like key = "1"')
