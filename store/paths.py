"""Where the annotations live by default and who writes them by default, the
files kept beside them, and how to say why a file could not be used.

Light on imports: the app asks for its defaults before its first frame."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

ENV_VAR = "MARGINALIA_DB"
DB_NAME = "annotations.json"


def os_error_message(exc: OSError) -> str:
    """A short, plain reason for an OSError: "no such file", "No space left on device"."""
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno is not None:
        return os.strerror(exc.errno)
    return str(exc)


def default_annotator() -> str:
    """The login name, or "anonymous" where there is none (some containers)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        return "anonymous"


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
