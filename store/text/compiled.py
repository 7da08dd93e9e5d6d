"""Never run compiled pipeline code that its sources no longer match.

The build may compile this package's modules with mypyc (see `setup.py`),
next to their sources, with a record of what each was compiled from. When a
source has changed since (an edit, a checkout), the compiled module would
run old code: then every module of the package is loaded from its source
instead, with a warning, until the next build compiles them again.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

RECORD = "compiled_sources.txt"
_WARNED = "MARGINALIA_PIPELINE_FROM_SOURCE"


def _digest(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()


def source_record(directory: Path, names: list[str]) -> str:
    """The record of the sources a build compiles: one 'name digest' line each."""
    return "".join(f"{name} {_digest(directory / name)}\n" for name in sorted(names))


def compiled_files(directory: Path) -> list[Path]:
    """The compiled modules of a directory (and the library they share)."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(p for p in directory.iterdir() if p.name.endswith(suffixes))


def stale_sources(directory: Path) -> list[str]:
    """The sources in a directory that its compiled modules no longer match.

    Every module the record names counts, with or without its own compiled
    file: the code of all of them lives in the one library they share. A
    compiled module the record does not name (or with no record at all) is
    from another build, and stale too.
    """
    compiled = {p.name.split(".", 1)[0] for p in compiled_files(directory)}
    if not compiled:
        return []
    record = directory / RECORD
    recorded = dict(
        line.split(" ", 1) for line in (record.read_text().splitlines() if record.exists() else [])
    )
    names = set(recorded) | {stem + ".py" for stem in compiled if not stem.endswith("__mypyc")}
    return [
        name
        for name in sorted(names)
        if name not in recorded
        or not (directory / name).exists()
        or _digest(directory / name) != recorded[name]
    ]


class _FromSource:
    """Finds the modules of one package in their .py sources, not compiled files.

    (A plain class: `importlib.abc` would add milliseconds to every start.)
    """

    def __init__(self, package: str, directory: Path) -> None:
        self.prefix = package + "."
        self.directory = directory

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(self.prefix):
            return None
        source = self.directory / (fullname.removeprefix(self.prefix) + ".py")
        return importlib.util.spec_from_file_location(fullname, source) if source.exists() else None


def load_from_sources(package: str, directory: Path) -> None:
    """Load a package's modules from their sources from now on, compiled or not
    (the benchmark times the plain-Python build this way beside the compiled one)."""
    sys.meta_path.insert(0, _FromSource(package, directory))


def use_sources_if_stale(package: str, directory: Path) -> None:
    """Load a package's modules from source when its compiled ones are out of date.

    All of them or none: compiled modules call one another directly, so one
    stale module taints those compiled with it.
    """
    stale = stale_sources(directory)
    if not stale:
        return
    load_from_sources(package, directory)
    if os.environ.get(_WARNED):
        return  # a worker process of one that has said it already
    os.environ[_WARNED] = "1"
    print(
        f"marginalia: {', '.join(stale)} changed since the text pipeline was compiled; it "
        "runs as plain Python (slower) until `make run`, `make test` or `pip install -e .` "
        "compiles it again",
        file=sys.stderr,
    )
