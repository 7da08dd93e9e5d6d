"""Build hook: compile the text pipeline with mypyc where the machine can.

`store/text` is plain, fully typed Python. mypyc (the compiler that comes
with mypy) turns its hot modules into C extensions that parse a page about a
quarter faster; they behave the same, and the test suite runs on them. Where
compiling cannot work (no C compiler or no Python headers), or with
MARGINALIA_PURE=1 set, the package installs as plain Python: slower, the
same otherwise. Each build first removes the compiled modules of the last.

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


# Commands that build the package; the others (metadata) need nothing compiled.
BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def _load_guard() -> ModuleType:
    """`store/text/compiled.py`, loaded alone: importing the package would run it."""
    spec = importlib.util.spec_from_file_location("marginalia_guard", TEXT / "compiled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GUARD = _load_guard()
# The digests of the sources as mypyc is about to read them, not as they are
# after the build: an edit made meanwhile must show as stale.
SOURCES = GUARD.source_record(TEXT, [Path(m).name for m in COMPILED])


def _announce_fallback(problem: object) -> None:
    print(
        f"warning: the text pipeline was not compiled ({problem}); it will run as "
        "plain Python, the same but slower",
        file=sys.stderr,
    )


def _remove_earlier_build() -> None:
    """Compiled modules and their record from an earlier build would outrank this one."""
    for stale in [*GUARD.compiled_files(TEXT), TEXT / GUARD.RECORD]:
        stale.unlink(missing_ok=True)


class BuildPipeline(build_ext):
    """Compile what can be compiled; on failure, leave plain Python in place."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # a missing compiler or header fails in many ways
            for output in self.get_outputs():  # no half-built package
                Path(output).unlink(missing_ok=True)
            _announce_fallback(exc)
            return
        if self.extensions:
            record = Path(self.get_ext_fullpath("store.text.lines")).parent / GUARD.RECORD
            record.write_text(SOURCES)


def _extensions() -> list:
    if not BUILDS & set(sys.argv[1:]):
        return []
    _remove_earlier_build()
    if os.environ.get("MARGINALIA_PURE"):
        return []
    try:
        from mypyc.build import mypycify

        return mypycify(COMPILED, group_name="store.text.native", opt_level="3")
    except Exception as exc:  # no mypyc
        _announce_fallback(exc)
    except SystemExit:  # mypyc exits on code it cannot compile, having said why
        _announce_fallback("mypyc could not compile it")
    return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildPipeline})
