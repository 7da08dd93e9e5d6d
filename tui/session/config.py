"""What the app was started with: corpus, annotation file, annotator, labels, paths."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tui.labels import DEFAULT_LABELS_PATH, LabelScheme
from tui.project import Project


def display_path(path: Path, default: Path | None = None) -> str:
    """A path as a person wants to read it: relative to here, or with ~ for home."""
    if default is not None and path == default:
        return "built-in"
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        pass
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class AppConfig:
    """Everything the app needs to know from the command line."""

    corpus: Path
    db: Path
    annotator: str
    project: Project
    cache_dir: Path | None = None
    state_file: Path | None = None
    """Where the theme and reading positions are kept (None: the user's state folder)."""
    read_only: bool = False
    """Open the annotation file without ever writing to it (to read or review)."""
    local_clipboard: bool = True
    """Also copy with pyperclip (off in tests: no desktop clipboard there)."""
    poll_seconds: float = 1.0
    """How often to look for labels saved by other sessions."""

    @property
    def scheme(self) -> LabelScheme:
        """The project's labels."""
        return self.project.scheme

    @cached_property
    def labels_display(self) -> str:
        """The project or labels file as shown in the status line and help."""
        return display_path(self.scheme.path, DEFAULT_LABELS_PATH)

    @cached_property
    def db_display(self) -> str:
        """The annotation file as shown in the status line and help."""
        return display_path(self.db)
