"""Reading a whole TinyDB file fast and lean: the bulk read when a store opens.

`json.loads` of a 364 MB file of 500,000 labels builds a dict per record and
peaks at about five times the file in memory before a single `Annotation`
exists. Here the file is mapped (not copied), msgspec finds every table's
records in one pass without building them (`msgspec.Raw`), and the two big
tables are decoded straight into their records (`Annotation`, `ArticleInfo`),
typed, with no dict per record in between. The records of small tables (meta,
tombstones, records set aside, tables of other programs) go through `json` as
before, so that nothing in them changes on a rewrite.

Records that don't fit the typed shape (a missing field, a wrong type) are
handed on as plain dicts, one by one, for `StoreState` to check and set aside
as it always did; a file msgspec can't read at all is read by `json`, which
says what is wrong with it.
"""

from __future__ import annotations

import json
import mmap
import os
from pathlib import Path
from typing import Any

import msgspec

from store.records import ANNOTATIONS, ARTICLES, Annotation, article_record, share_words

_TABLES = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw]])
_TYPED = frozenset({ANNOTATIONS, ARTICLES})
_ANNOTATION = msgspec.json.Decoder(Annotation)
_ANY = msgspec.json.Decoder()


class Unreadable(Exception):
    """The file is not one msgspec can read as an object of tables: let `json` say why."""


def read_tables(path: Path, words: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The tables of the TinyDB file at `path`; None for an empty file (TinyDB's
    "no tables yet"). The annotations and articles tables map each document id
    to its record, typed (`Annotation`, `ArticleInfo`, not yet checked) where it
    has the right shape, else as the plain JSON value.

    Each label's repeated words are made one string each, taken from `words`
    (`records.share_words`), as it is decoded: the copies it is decoded with are
    freed at once and their memory reused by the next label, where sharing them
    after the whole table left a hole of about 250 bytes a label that the
    allocator keeps (0.35x the file at 500,000 labels).

    Raises `Unreadable` for anything that is not a JSON object of objects, and
    OSError when the file can't be read.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            return None
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        tables = _decode(mapped, {} if words is None else words)
    finally:
        mapped.close()  # nothing refers to it now, not even a traceback
    if isinstance(tables, str):
        raise Unreadable(tables)
    return tables


def _decode(mapped: mmap.mmap, words: dict[str, str]) -> dict[str, Any] | str:
    """Decode the mapped file into tables, or say why it can't be (a str: no
    exception may leave this frame, its traceback would hold on to the buffer)."""
    pages = _Pages(mapped)
    try:  # one pass finds every table's records, without building them
        raw = _TABLES.decode(mapped)
    except msgspec.DecodeError as exc:  # includes a file of whitespace: json decides
        return str(exc)
    pages.release_all()  # read once to find the records: read again record by record
    tables: dict[str, Any] = {}
    try:
        for name in list(raw):
            table = raw.pop(name)
            if name in _TYPED:
                tables[name] = _typed_table(name, table, pages, words)
            else:
                tables[name] = {doc_id: json.loads(bytes(rec)) for doc_id, rec in table.items()}
            del table
    except (msgspec.DecodeError, ValueError) as exc:
        return str(exc)
    finally:
        raw.clear()
    return tables


def _typed_table(
    name: str, table: dict[str, msgspec.Raw], pages: _Pages, words: dict[str, str]
) -> dict[str, Any]:
    """A big table decoded record by record into typed records (the misfits as
    plain JSON values), giving back the file's pages behind as it goes. An
    article is made an `ArticleInfo` at once, so that its text is held as
    UTF-8 from the start, never all the texts as strings together."""
    records: dict[str, Any] = {}
    labels = name == ANNOTATIONS
    for count, (doc_id, record) in enumerate(table.items(), 1):
        if labels:
            try:
                records[doc_id] = typed = _ANNOTATION.decode(record)
                share_words(typed, words)
            except msgspec.ValidationError:
                records[doc_id] = json.loads(bytes(record))
        else:
            value = _ANY.decode(record)
            records[doc_id] = article_record(value) or value
        if count % _RELEASE_EVERY == 0:
            pages.release_before(record)
    return records


_RELEASE_EVERY = 8192
"""Records decoded between two releases of the pages behind them (a few MB)."""


class _Pages:
    """Gives the pages of the mapped file that are decoded back to the kernel, so
    that the file and the records made from it are not both in memory at the peak
    (they stay in the page cache: nothing is read from the disk again)."""

    def __init__(self, mapped: mmap.mmap) -> None:
        """Nothing released yet."""
        self._mapped = mapped
        self._released = 0
        self._can = hasattr(mapped, "madvise") and hasattr(mmap, "MADV_DONTNEED")

    def release_all(self) -> None:
        """Release every page (they are read again, from the page cache, when used)."""
        if self._can and len(self._mapped):
            self._mapped.madvise(mmap.MADV_DONTNEED)
            self._released = 0

    def release_before(self, record: msgspec.Raw) -> None:
        """Release the pages before `record` (which holds its unique id): the first
        place its bytes occur from the last release on is never past it."""
        if not self._can:
            return
        at = self._mapped.find(bytes(record), self._released)
        end = at - at % mmap.PAGESIZE
        if end > self._released:
            self._mapped.madvise(mmap.MADV_DONTNEED, self._released, end - self._released)
            self._released = end
