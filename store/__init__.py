"""Marginalia's headless core: text pipeline, corpus, annotation store, formats.

Never imports textual or rich, so scripts and servers can use it alone.
Public names are loaded on first use, so `import store` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.annotations import Annotation, AnnotationStore
    from store.corpus import ArticleEntry, Corpus

_EXPORTS = {
    "Annotation": "store.annotations",
    "AnnotationStore": "store.annotations",
    "ArticleEntry": "store.corpus",
    "Corpus": "store.corpus",
}

__all__ = ["Annotation", "AnnotationStore", "ArticleEntry", "Corpus"]


def __getattr__(name: str) -> Any:
    """Import a public class from its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
