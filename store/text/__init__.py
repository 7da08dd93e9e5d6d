"""The text pipeline: a raw scraped page dump in, a clean `Article` out.

Everything here is pure: strings in, frozen dataclasses out, no I/O. The
cleaner's modules compile many patterns, so they are loaded only when a page
is first parsed, and the data model (its dataclasses take milliseconds to
make) when first named: a reopen that parses nothing never loads either.

The build may compile the pipeline's modules to C with mypyc (`setup.py`);
on import, `compiled.py` checks that they still match their sources, the
one file access here.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.text.compiled import use_sources_if_stale
from store.text.version import PIPELINE_VERSION

use_sources_if_stale(__name__, Path(__file__).parent)  # before any compiled module loads

if TYPE_CHECKING:
    from store.text.decode import DecodedText, DumpError, decode_dump, strip_control
    from store.text.model import Article, Paragraph, Quote, RemovedLine, Statement
    from store.text.pipeline import article_id, parse_article

_LAZY = {
    **dict.fromkeys(
        ["Article", "Paragraph", "Quote", "RemovedLine", "Statement"], "store.text.model"
    ),
    "DecodedText": "store.text.decode",
    "DumpError": "store.text.decode",
    "decode_dump": "store.text.decode",
    "strip_control": "store.text.decode",
    "article_id": "store.text.pipeline",
    "parse_article": "store.text.pipeline",
}

__all__ = [
    "PIPELINE_VERSION",
    "Article",
    "DecodedText",
    "DumpError",
    "Paragraph",
    "Quote",
    "RemovedLine",
    "Statement",
    "article_id",
    "decode_dump",
    "parse_article",
    "strip_control",
]


def __getattr__(name: str) -> Any:
    """Load a pipeline function from its module the first time it is asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'store.text' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
