"""The bundled sample articles: what `marginalia` opens when given no arguments."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR_NAME = "sample_data"


class SamplesMissing(FileNotFoundError):
    """The sample articles are not where the source tree keeps them."""


def sample_corpus_path() -> Path:
    """The folder of bundled sample page dumps (`sample_data/` at the repository root).

    It is found relative to this file, so it works from a checkout or an
    editable install; raises `SamplesMissing` (a `FileNotFoundError`) with the
    expected path when the folder is not there, e.g. in a plain wheel install.
    """
    path = Path(__file__).resolve().parent.parent / SAMPLE_DIR_NAME
    if not path.is_dir():
        raise SamplesMissing(
            f"the bundled sample articles are missing: expected a folder at {path} "
            "(they ship with the source tree; open a folder of your own instead)"
        )
    return path
