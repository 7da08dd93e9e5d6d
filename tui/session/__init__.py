"""The session layer between screens and the store: what a screen asks for and
gets back as typed messages (see `session.py`)."""

from __future__ import annotations

from tui.session.config import AppConfig, display_path
from tui.session.history import Edit
from tui.session.labels import ArticleLabels, Mark, MarkState
from tui.session.messages import (
    AllLabelsRead,
    ArticleLoaded,
    CorpusBatch,
    CorpusFailed,
    CountsReady,
    DecisionSaved,
    EditSaved,
    ExportDone,
    LabelsChanged,
    LabelsRead,
    StoreFailed,
    StoreOpened,
)
from tui.session.session import SaveStatus, Session, WriteHandle, short_words

__all__ = [
    "AllLabelsRead",
    "AppConfig",
    "ArticleLabels",
    "ArticleLoaded",
    "CorpusBatch",
    "CorpusFailed",
    "CountsReady",
    "DecisionSaved",
    "Edit",
    "EditSaved",
    "ExportDone",
    "LabelsChanged",
    "LabelsRead",
    "Mark",
    "MarkState",
    "SaveStatus",
    "Session",
    "StoreFailed",
    "StoreOpened",
    "WriteHandle",
    "display_path",
    "short_words",
]
