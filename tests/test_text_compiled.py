"""The guard that keeps compiled pipeline modules from running stale code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from store.text.compiled import RECORD, source_record, stale_sources

ROOT = Path(__file__).resolve().parent.parent


def test_every_recorded_module_counts_and_unrecorded_ones_are_stale(tmp_path: Path) -> None:
    for name in ("a.py", "b.py", "c.py", "d.py"):
        (tmp_path / name).write_text(f"X = {name!r}\n")
    (tmp_path / RECORD).write_text(source_record(tmp_path, ["a.py", "b.py", "c.py"]))
    # c has no compiled file of its own, but its code is in the shared library.
    for stem in ("a", "b", "native__mypyc"):
        (tmp_path / (stem + EXTENSION_SUFFIXES[0])).write_bytes(b"")
    assert stale_sources(tmp_path) == []
    for name in ("a.py", "c.py"):
        (tmp_path / name).write_text("X = 'edited'\n")
    assert stale_sources(tmp_path) == ["a.py", "c.py"]
    (tmp_path / "b.py").unlink()
    (tmp_path / ("d" + EXTENSION_SUFFIXES[0])).write_bytes(b"")  # left by another build
    assert stale_sources(tmp_path) == ["a.py", "b.py", "c.py", "d.py"]


def test_compiled_files_without_their_record_are_stale(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("X = 1\n")
    (tmp_path / RECORD).write_text(source_record(tmp_path, ["a.py"]))
    (tmp_path / "a.py").write_text("X = 2\n")
    assert stale_sources(tmp_path) == []  # nothing compiled: nothing can be stale
    (tmp_path / ("a" + EXTENSION_SUFFIXES[0])).write_bytes(b"")
    (tmp_path / RECORD).unlink()
    assert stale_sources(tmp_path) == ["a.py"]


def test_a_stale_build_runs_the_sources_with_a_warning(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "store", tmp_path / "store", ignore=shutil.ignore_patterns("*.so"))
    text = tmp_path / "store" / "text"
    (text / RECORD).write_text(source_record(text, ["lines.py", "layout.py"]))
    with (text / "lines.py").open("a") as source:
        source.write("# edited after the build\n")
    # A compiled module that cannot even load: the import must never touch it.
    (text / ("lines" + EXTENSION_SUFFIXES[0])).write_bytes(b"not a compiled module")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import store.text.lines as m; from store.text import parse_article; "
            "print(m.__file__); print(parse_article('Title of the page here').title)",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [str(text / "lines.py"), "Title of the page here"]
    assert "lines.py changed since the text pipeline was compiled" in run.stderr


@pytest.mark.skipif(
    shutil.which("gcc") is None
    or not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists(),
    reason="no C compiler or Python headers: the pipeline installs as plain Python",
)
@pytest.mark.skipif(
    bool(os.environ.get("MARGINALIA_PURE")), reason="MARGINALIA_PURE: the plain build is asked for"
)
def test_the_installed_pipeline_is_compiled_where_the_machine_can_compile() -> None:
    """`make` on a fresh clone builds in an isolated environment: a build need
    missing there (msgspec, once) makes mypyc give up quietly, and the app runs
    at the plain build's speed without anyone seeing why."""
    text = ROOT / "store" / "text"
    if stale_sources(text):
        pytest.skip("pipeline sources edited since the build: `make test` builds again first")
    import store.text.layout

    assert store.text.layout.__file__.endswith(tuple(EXTENSION_SUFFIXES)), (
        "the text pipeline was installed as plain Python: run "
        "`pip install -v -e .` and read why mypyc did not compile it"
    )
