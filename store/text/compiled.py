"""Never run compiled pipeline code that its sources no longer match.

The build may compile this package's modules with mypyc (see `setup.py`),
next to their sources, with a record of what each was compiled from. When a
source has changed since (an edit, a checkout), the compiled module would
run old code: then every module of the package is loaded from its source
instead, with a warning, until the next build compiles them again.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

RECORD = "compiled_sources.txt"


def _digest(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()


def source_record(directory: Path, names: list[str]) -> str:
    """The record of the sources a build compiles: one 'name digest' line each."""
    return "".join(f"{name} {_digest(directory / name)}\n" for name in sorted(names))


def _is_compiled(directory: Path, name: str) -> bool:
    stem = name.removesuffix(".py")
    return any((directory / (stem + s)).exists() for s in importlib.machinery.EXTENSION_SUFFIXES)


def stale_sources(directory: Path) -> list[str]:
    """The compiled modules of a directory whose sources changed since the build."""
    record = directory / RECORD
    if not record.exists():
        return []
    stale = []
    for line in record.read_text().splitlines():
        name, _, digest = line.partition(" ")
        if not _is_compiled(directory, name):
            continue
        source = directory / name
        if not source.exists() or _digest(source) != digest:
            stale.append(name)
    return stale


class _FromSource(importlib.abc.MetaPathFinder):
    """Finds the modules of one package in their .py sources, not compiled files."""

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


def use_sources_if_stale(package: str, directory: Path) -> None:
    """Load a package's modules from source when its compiled ones are out of date.

    All of them or none: compiled modules call one another directly, so one
    stale module taints those compiled with it.
    """
    stale = stale_sources(directory)
    if not stale:
        return
    sys.meta_path.insert(0, _FromSource(package, directory))
    warnings.warn(
        f"{', '.join(stale)} changed since the text pipeline was compiled: it runs as "
        "plain Python (slower) until `make` or `pip install -e .` compiles it again",
        RuntimeWarning,
        stacklevel=2,
    )
