"""The layer rules hold, and `make check` would fail if one were broken.

`make check` runs `lint-imports` with the contracts in pyproject.toml. Here it
runs on a copy of the packages, as it is and with one forbidden import added
to a module: the copy passes, each broken copy fails, naming the contract.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, module: str = "", line: str = "") -> subprocess.CompletedProcess[str]:
    """Run the layer check on a copy of the packages, with `line` added to `module`."""
    for package in ("store", "tui"):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if module:
        path = tmp_path / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_check_runs_the_layer_rules() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    check = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in check


def test_the_layers_hold(tmp_path: Path) -> None:
    result = lint_copy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("store/paths.py", "import textual", "store is headless"),
        ("store/records.py", "from tui.labels import LabelScheme", "store is headless"),
        (
            "tui/widgets/side_panel.py",
            "from store.annotations import AnnotationStore",
            "public face",
        ),
        ("tui/screens/library.py", "from tui.app import MarginaliaApp", "interface layers"),
        ("tui/session/session.py", "from tui.widgets import article_view", "interface layers"),
    ],
)
def test_a_broken_rule_fails_the_check(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    result = lint_copy(tmp_path, module, line)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [row for row in result.stdout.splitlines() if row.endswith(" BROKEN")]
    assert len(broken) == 1 and contract in broken[0], result.stdout
