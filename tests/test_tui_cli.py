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


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_version_and_python_dash_m(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    result = run_cli("--version", env={"MARGINALIA_CONFIG": str(config)})
    assert result.returncode == 0
    assert (
        result.stdout.startswith("marginalia ") and f"user config file: {config}" in result.stdout
    )


def test_help_gives_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        open_app.main(["--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "marginalia ~/corpus --project stance.toml" in out


def test_the_user_config_fills_what_the_command_line_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.user_config import load_user_config

    config = tmp_path / "config.toml"
    config.write_text('annotator = "alice"\ndb = "~/team.json"\nlabels = "/x/stance.toml"\n')
    monkeypatch.delenv("MARGINALIA_DB", raising=False)
    args = open_app.build_parser().parse_args(["--annotator", "bob"])
    open_app._apply_user_config(args, load_user_config(config))
    assert args.annotator == "bob"  # the command line wins
    assert args.db == Path("~/team.json").expanduser() and args.labels == Path("/x/stance.toml")
    monkeypatch.setenv("MARGINALIA_DB", "/env.json")
    args = open_app.build_parser().parse_args([])
    open_app._apply_user_config(args, load_user_config(config))
    assert args.db is None  # $MARGINALIA_DB wins over the file


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("annotator = ", "not valid TOML"),
        ('annotater = "x"', "unknown setting 'annotater'"),
        ("db = 5", "db must be a non-empty string"),
    ],
)
def test_a_broken_user_config_is_one_line(tmp_path: Path, content: str, problem: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(content)
    result = run_cli(str(tmp_path), env={"MARGINALIA_CONFIG": str(config)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"marginalia: {config}: {problem}")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["marginalia", "ex"], ["export"]),
        (["marginalia", "export", "--f"], ["--format"]),
        (["marginalia", "export", "--format", "la"], ["labelstudio"]),
        (["marginalia", "import-annotations", "--allow"], ["--allow-new-labels"]),
        (["marginalia", "--read"], ["--read-only"]),
    ],
)
def test_bash_completion_offers_what_the_parsers_take(
    words: list[str], expected: list[str]
) -> None:
    script = run_cli("completion", "bash").stdout
    probe = (
        f"{script}\nCOMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}\n"
        '_marginalia; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.stdout.split() == expected, result.stderr
