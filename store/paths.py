"""Where the annotations live by default, and the files kept beside them."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "MARGINALIA_DB"
DB_NAME = "annotations.json"


def default_db_path() -> Path:
    """The annotations database: `$MARGINALIA_DB`, else the user data folder.

    The user data folder comes from platformdirs, e.g.
    `~/.local/share/marginalia/annotations.json` on Linux.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("marginalia", appauthor=False)) / DB_NAME


def journal_path(db_path: str | os.PathLike[str]) -> Path:
    """The append-only journal of edits not yet folded into the database."""
    return Path(f"{os.fspath(db_path)}.journal")


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The file whose OS lock serialises writers across processes."""
    return Path(f"{os.fspath(db_path)}.lock")
