"""Build hook: compile the text pipeline with mypyc where the machine can.

`store/text` is plain, fully typed Python. mypyc (the compiler that comes
with mypy) turns its hot modules into C extensions that parse a page about a
fifth faster; they behave the same, and the test suite runs on them. Where
compiling cannot work (no C compiler or no Python headers), or with
MARGINALIA_PURE=1 set, the package installs as plain Python: slower, the
same otherwise.

Next to the compiled modules goes a record of the sources they were built
from, so that `store.text` refuses to run compiled code its sources no
longer match (see `store/text/compiled.py`).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_ext import build_ext

TEXT = Path("store/text")
# Not compiled: the package's own loader, the data model other packages build
# on, and the attribution module, whose generators run no faster compiled.
INTERPRETED = {"__init__.py", "compiled.py", "model.py", "version.py", "speakers.py"}
COMPILED = sorted(str(p) for p in TEXT.glob("*.py") if p.name not in INTERPRETED)


class BuildPipeline(build_ext):
    """Compile what can be compiled; on failure, leave plain Python in place."""

    def run(self) -> None:
        guard = _load_guard()
        outputs = [Path(self.get_ext_fullpath(ext.name)) for ext in self.extensions]
        record = Path(self.get_ext_fullpath("store.text.lines")).parent / guard.RECORD
        try:
            super().run()
        except Exception as exc:  # a missing compiler or header fails in many ways
            for output in [*outputs, record]:  # no half-built package
                output.unlink(missing_ok=True)
            self.announce_fallback(exc)
            return
        if self.extensions:
            record.write_text(guard.source_record(TEXT, [Path(m).name for m in COMPILED]))

    @staticmethod
    def announce_fallback(exc: Exception) -> None:
        print(
            f"warning: the text pipeline was not compiled ({exc}); it will run as "
            "plain Python, the same but slower",
            file=sys.stderr,
        )


def _load_guard() -> ModuleType:
    """`store/text/compiled.py`, loaded alone: importing the package would run it."""
    spec = importlib.util.spec_from_file_location("marginalia_guard", TEXT / "compiled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extensions() -> list:
    if os.environ.get("MARGINALIA_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        BuildPipeline.announce_fallback(exc)
        return []
    return mypycify(COMPILED, group_name="store.text.native", opt_level="3")


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildPipeline})
