"""Marginalia's headless core: text pipeline, corpus, annotation store, formats.

This module is the store's public face: the interface and scripts import what
they use from `store` itself, never from its modules (`make check` holds the
interface to that). It never imports Textual or Rich, so scripts and servers
can use it alone. Names are loaded on first use, so `import store` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.agreement import Agreement, measure_agreement, ratings_of
    from store.anchoring import context_of
    from store.annotations import AnnotationStore, info_of
    from store.atomic import write_bytes_atomically
    from store.corpus import ArticleEntry, ArticleUnavailable, Corpus, CorpusProblem, ScanBatch
    from store.corpus.fulltext import (
        HIT_END,
        HIT_START,
        FullTextIndex,
        FullTextUnavailable,
        SyncReport,
    )
    from store.corpus.read import FoundProblem, read_articles
    from store.early import EarlySaves, slot_ops
    from store.errors import (
        ConflictError,
        CorruptStoreError,
        ReadOnlyStoreError,
        StoreError,
        StoreWriteError,
        UnknownAnnotationError,
    )
    from store.formats import FORMATS, GOLD_ONLY, write_export, write_export_file
    from store.formats.docbin import SpacyMissing, write_docbin
    from store.formats.importer import ImportReport, import_lines
    from store.labelling import (
        Change,
        LabelDraft,
        Slot,
        StoreChanges,
        draft_label,
        labelled_counts,
    )
    from store.library import (
        NO_SOURCE,
        PROGRESS_FILTERS,
        SORT_ORDERS,
        LibraryIndex,
        LibraryQuery,
        Progress,
        SortOrder,
        progress_state,
        short_date,
    )
    from store.paths import default_annotator, default_db_path, os_error_message
    from store.prestart import prestart_parsers
    from store.records import Annotation, ArticleInfo, MergeResult, Unit
    from store.review import (
        Disagreement,
        GoldReport,
        UnitKey,
        disagreements,
        gold_labels,
        reviewer_name,
        select_disagreements,
    )
    from store.samples import sample_corpus_path
    from store.search import SearchText, parse_search
    from store.text import Article, DumpError, Quote, RemovedLine, parse_article, strip_control

_EXPORTS = {
    "Agreement": "store.agreement",
    "measure_agreement": "store.agreement",
    "ratings_of": "store.agreement",
    "context_of": "store.anchoring",
    "write_bytes_atomically": "store.atomic",
    "AnnotationStore": "store.annotations",
    "prestart_parsers": "store.prestart",
    "default_annotator": "store.paths",
    "info_of": "store.annotations",
    "ArticleEntry": "store.corpus",
    "ArticleUnavailable": "store.corpus",
    "Corpus": "store.corpus",
    "CorpusProblem": "store.corpus",
    "ScanBatch": "store.corpus",
    "NO_SOURCE": "store.library",
    "PROGRESS_FILTERS": "store.library",
    "SORT_ORDERS": "store.library",
    "LibraryIndex": "store.library",
    "LibraryQuery": "store.library",
    "Progress": "store.library",
    "SortOrder": "store.library",
    "progress_state": "store.library",
    "short_date": "store.library",
    "HIT_END": "store.corpus.fulltext",
    "HIT_START": "store.corpus.fulltext",
    "FullTextIndex": "store.corpus.fulltext",
    "FullTextUnavailable": "store.corpus.fulltext",
    "SyncReport": "store.corpus.fulltext",
    "FoundProblem": "store.corpus.read",
    "read_articles": "store.corpus.read",
    "EarlySaves": "store.early",
    "slot_ops": "store.early",
    "ConflictError": "store.errors",
    "CorruptStoreError": "store.errors",
    "ReadOnlyStoreError": "store.errors",
    "StoreError": "store.errors",
    "StoreWriteError": "store.errors",
    "UnknownAnnotationError": "store.errors",
    "FORMATS": "store.formats",
    "GOLD_ONLY": "store.formats",
    "write_export": "store.formats",
    "write_export_file": "store.formats",
    "SpacyMissing": "store.formats.docbin",
    "write_docbin": "store.formats.docbin",
    "ImportReport": "store.formats.importer",
    "import_lines": "store.formats.importer",
    "Change": "store.labelling",
    "LabelDraft": "store.labelling",
    "Slot": "store.labelling",
    "StoreChanges": "store.labelling",
    "draft_label": "store.labelling",
    "labelled_counts": "store.labelling",
    "default_db_path": "store.paths",
    "os_error_message": "store.paths",
    "Annotation": "store.records",
    "ArticleInfo": "store.records",
    "MergeResult": "store.records",
    "Unit": "store.records",
    "Disagreement": "store.review",
    "GoldReport": "store.review",
    "disagreements": "store.review",
    "gold_labels": "store.review",
    "reviewer_name": "store.review",
    "select_disagreements": "store.review",
    "UnitKey": "store.review",
    "sample_corpus_path": "store.samples",
    "SearchText": "store.search",
    "parse_search": "store.search",
    "Article": "store.text",
    "DumpError": "store.text",
    "Quote": "store.text",
    "RemovedLine": "store.text",
    "parse_article": "store.text",
    "strip_control": "store.text",
}

__all__ = [
    "FORMATS",
    "GOLD_ONLY",
    "HIT_END",
    "HIT_START",
    "NO_SOURCE",
    "PROGRESS_FILTERS",
    "SORT_ORDERS",
    "Agreement",
    "Annotation",
    "AnnotationStore",
    "Article",
    "ArticleEntry",
    "ArticleInfo",
    "ArticleUnavailable",
    "Change",
    "ConflictError",
    "Corpus",
    "CorpusProblem",
    "CorruptStoreError",
    "Disagreement",
    "DumpError",
    "EarlySaves",
    "FoundProblem",
    "FullTextIndex",
    "FullTextUnavailable",
    "GoldReport",
    "ImportReport",
    "LabelDraft",
    "LibraryIndex",
    "LibraryQuery",
    "MergeResult",
    "Progress",
    "Quote",
    "ReadOnlyStoreError",
    "RemovedLine",
    "ScanBatch",
    "SearchText",
    "Slot",
    "SortOrder",
    "SpacyMissing",
    "StoreChanges",
    "StoreError",
    "StoreWriteError",
    "SyncReport",
    "Unit",
    "UnitKey",
    "UnknownAnnotationError",
    "context_of",
    "default_annotator",
    "default_db_path",
    "disagreements",
    "draft_label",
    "gold_labels",
    "import_lines",
    "info_of",
    "labelled_counts",
    "load_text_pipeline",
    "measure_agreement",
    "os_error_message",
    "parse_article",
    "parse_search",
    "preload_parser",
    "prestart_parsers",
    "progress_state",
    "ratings_of",
    "read_articles",
    "reviewer_name",
    "sample_corpus_path",
    "select_disagreements",
    "short_date",
    "slot_ops",
    "strip_control",
    "write_bytes_atomically",
    "write_docbin",
    "write_export",
    "write_export_file",
]


def load_text_pipeline() -> None:
    """Import the text pipeline now: one compiled from outdated sources says so (on
    standard error) before an app starts, instead of in the middle of its screen."""
    importlib.import_module("store.text")


def preload_parser() -> None:
    """Import the parser's modules (compiling their patterns takes most of a tenth of
    a second), so that the first article opened does not wait for them."""
    importlib.import_module("store.text.pipeline")


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value
