"""What the session tells screens: one message class per kind of result.

Each is posted to the screen that asked (or, for news that concerns every
screen, to each screen that listens), on the UI thread, after the session has
updated its own state, so a handler only has to redraw. None bubbles: a
screen's news does not reach the app a second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from store import Annotation, Article, ScanBatch
    from tui.session.history import Edit


class LabelsRead(Message, bubble=False):
    """An article's labels were read from the store (or could not be: `error`);
    `moved` were found again elsewhere in its changed text, `orphaned` were not."""

    def __init__(
        self, article_id: str, error: str | None = None, moved: int = 0, orphaned: int = 0
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.error = error
        self.moved = moved
        self.orphaned = orphaned


class EditSaved(Message, bubble=False):
    """An edit is on disk, or failed (`error`); `conflict` when another session had
    changed the label since, so it was left as that session made it."""

    def __init__(
        self, article_id: str, edit: Edit, error: str | None = None, conflict: bool = False
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.edit = edit
        self.error = error
        self.conflict = conflict


class LabelsChanged(Message, bubble=False):
    """Another process changed labels of these articles (`everything`: of any)."""

    def __init__(self, article_ids: frozenset[str], everything: bool) -> None:
        super().__init__()
        self.article_ids = article_ids
        self.everything = everything

    def touches(self, article_id: str) -> bool:
        """Whether the labels of `article_id` may have changed."""
        return self.everything or article_id in self.article_ids


class CountsReady(Message, bubble=False):
    """The labelled-statement counts per article are known (or known anew)."""


class ExportDone(Message, bubble=False):
    """An export was written to `path` (`count` labels), or failed (`error`)."""

    def __init__(self, path: Path, count: int, error: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.count = count
        self.error = error


class StoreOpened(Message, bubble=False):
    """The annotation file is open; `read_only_reason` says why nothing will be saved,
    `set_aside_note` which broken records the file held (kept aside, unused)."""

    def __init__(self, read_only_reason: str | None, set_aside_note: str | None = None) -> None:
        super().__init__()
        self.read_only_reason = read_only_reason
        self.set_aside_note = set_aside_note


class StoreFailed(Message, bubble=False):
    """The annotation file could not be opened: nothing can be saved in this session."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CorpusBatch(Message, bubble=False):
    """More articles found while the corpus opens (`batch.corpus` is set on the last)."""

    def __init__(self, batch: ScanBatch) -> None:
        super().__init__()
        self.batch = batch


class CorpusFailed(Message, bubble=False):
    """The corpus could not be opened at all."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AllLabelsRead(Message, bubble=False):
    """Every label of the file, everyone's (for review and statistics), or `error`."""

    def __init__(self, annotations: list[Annotation], error: str | None = None) -> None:
        super().__init__()
        self.annotations = annotations
        self.error = error


class DecisionSaved(Message, bubble=False):
    """A reviewer's decision is on disk (its annotation), or failed (`error`)."""

    def __init__(self, decision: Annotation | None, error: str | None = None) -> None:
        super().__init__()
        self.decision = decision
        self.error = error


class ArticleLoaded(Message, bubble=False):
    """An article was read and parsed for the reader (or could not be: `error`)."""

    def __init__(self, article: Article | None, error: str | None = None) -> None:
        super().__init__()
        self.article = article
        self.error = error
