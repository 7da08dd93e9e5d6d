"""The text pipeline: a raw scraped page dump in, a clean `Article` out.

Everything here is pure: strings in, frozen dataclasses out, no I/O.
"""

from store.text.decode import DecodedText, DumpError, decode_dump, strip_control
from store.text.model import Article, Paragraph, Quote, RemovedLine, Statement
from store.text.pipeline import PIPELINE_VERSION, article_id, parse_article

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
