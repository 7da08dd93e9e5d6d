"""The compact listing: a reopen's whole article list in one small file read at once.

The cache index (`store.corpus.index`) keeps what each file produced, as JSON,
so that a changed file can be parsed again alone; reading it and building the
list from it took 0.3 s at 50,000 articles, before the first title could be
drawn. The listing is the list itself, as the last scan finished it: the
deduplicated entries in corpus order, their offsets, the problems, the date
order the library sorts by, the sources it filters by, and the size and mtime
of every file. A reopen
reads it (about 60 ms at 50,000 articles), shows it, then checks the files:
when every file is as the listing says, it *is* the corpus and the JSON index
is never read. Its first page (the first rows of the library's date order,
with the count of all) comes first in the file, in a block of its own: the
first screen draws it before the rest is read.

It is written with `marshal` (the fastest reader of plain tuples and strings in
the standard library), each block behind its length and its CRC-32
(2 ms for 6 MB, where BLAKE2 took 24 ms), so a torn or damaged file is never
unmarshalled. The garbage collector is paused while it is read and turned into
entries: its passes over the half million new objects cost three times the
reading itself. Its key holds the Python version
(marshal's format may change between versions), the pipeline version, a hash
of the library's sort code, and the size and mtime of the JSON index it was
written with: any difference voids it, and the slow path rebuilds it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from store.atomic import write_bytes_atomically

LISTING_FORMAT = 3
"""Layout of the listing; bump it when the payload's shape changes."""

FIRST_PAGE = 200
"""Rows kept a second time, in the library's date order, at the head of the file:
what a reopen's first screen shows before the whole list is read."""

_MAGIC = b"MARGINALIA-LISTING-3\n"
_CHECK = 12
"""Bytes after the magic: the payload's length (8) and CRC-32 (4)."""

Row = tuple[Any, ...]
"""An entry as the listing keeps it: `ArticleEntry`'s fields, in order."""
FileSig = tuple[str, int, int]
"""A file as the listing saw it: relative path, size, mtime in ns."""


@dataclass(frozen=True, slots=True)
class Listing:
    """A finished scan's list: what a reopen shows, and the files it came from."""

    files: list[FileSig]
    rows: list[Row]
    offsets: list[int | None]
    problems: list[Row]
    """(path, line, message, skipped) each."""
    date_order: list[int]
    """Positions of `rows` in the library's date order."""
    sources: list[str]
    """The sources the rows name, as the library's source filter lists them."""
    duplicates: int
    trusted: bool
    """Whether every file's mtime was old enough, when written, to be trusted alone."""

    def matches(self, files: list[FileSig]) -> bool:
        """Whether the files on disk are exactly those the listing was made from."""
        return self.trusted and files == self.files


@cache
def listing_key(pipeline: str) -> str:
    """What a listing must have been written under to be read: Python, pipeline, sort code."""
    library = Path(__file__).resolve().parent.parent / "library.py"
    try:
        sort_code = hashlib.blake2b(library.read_bytes(), digest_size=8).hexdigest()
    except OSError:
        sort_code = "?"
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{LISTING_FORMAT}/{python}/{marshal.version}/{pipeline}/{sort_code}"


def listing_path(index_file: Path) -> Path:
    """The listing beside its JSON index."""
    return index_file.with_suffix(".listing")


def _check(payload: bytes) -> bytes:
    return len(payload).to_bytes(8, "little") + zlib.crc32(payload).to_bytes(4, "little")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection inside (it finds no garbage in freshly read data), and
    what was made inside is frozen after (`gc.freeze`): 100,000 new tuples at 50,000
    articles, which the collector's next pass walked for 6-17 ms, and every later
    full pass again, though they live as long as the corpus (the store does the
    same with its labels)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _block(data: bytes, at: int) -> tuple[bytes, int] | None:
    """The checked block at `at` (its length and CRC-32, then itself), and where the
    next begins; None when it is cut short or damaged."""
    start = at + _CHECK
    if len(data) < start:
        return None
    size = int.from_bytes(data[at : at + 8], "little")
    block = data[start : start + size]
    if len(block) != size or data[at:start] != _check(block):
        return None
    return block, start + size


def load_first_page(path: Path, key: str, index_file: Path) -> tuple[list[Row], int] | None:
    """The listing's first page (rows in the library's date order) and how many rows
    the whole listing holds, read without the rest; None as for `load_listing`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(len(_MAGIC) + _CHECK)
            if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _CHECK:
                return None
            data += handle.read(int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little"))
    except OSError:
        return None
    found = _block(data, len(_MAGIC))
    if found is None:
        return None
    try:
        saved_key, index_sig, total, rows = marshal.loads(found[0])
    except (EOFError, ValueError, TypeError):
        return None
    if saved_key != key or index_sig != _signature(index_file):
        return None
    return rows, total


def load_listing(path: Path, key: str, index_file: Path) -> Listing | None:
    """The listing at `path`, or None when it is absent, damaged, or not for this key
    and this state of the JSON index (it is only a cache: never an error)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    first = _block(data, len(_MAGIC))
    found = _block(data, first[1]) if first is not None else None
    if found is None:
        return None
    try:
        saved_key, index_sig, *fields = marshal.loads(found[0])
        if saved_key != key or index_sig != _signature(index_file):
            return None
        return Listing(*fields)
    except (EOFError, ValueError, TypeError):
        return None


def _sharing_strings(rows: list[Row]) -> list[Row]:
    """The rows with each repeated string one object: marshal then writes the others
    as references to it, and a reopen makes one string where it made thousands (a
    source, a date). At 50,000 rows of six sources: 5.4 MB read in 30 ms before,
    4.6 MB in 20 ms after."""
    seen: dict[str, str] = {}
    return [
        tuple(seen.setdefault(value, value) if type(value) is str else value for value in row)
        for row in rows
    ]


def save_listing(path: Path, key: str, index_file: Path, listing: Listing) -> bool:
    """Write the listing atomically, tied to the JSON index as it is now; False if not."""
    index_sig = _signature(index_file)
    if index_sig is None:
        return False
    rows = _sharing_strings(listing.rows)
    fields = (
        listing.files, rows, listing.offsets, listing.problems,
        listing.date_order, listing.sources, listing.duplicates, listing.trusted,
    )  # fmt: skip
    first_page = [rows[i] for i in listing.date_order[:FIRST_PAGE]]
    try:
        head = marshal.dumps((key, index_sig, len(listing.rows), first_page))
        payload = marshal.dumps((key, index_sig, *fields))
        data = _MAGIC + _check(head) + head + _check(payload) + payload
        write_bytes_atomically(path, data, durable=False)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # a stale listing is never left to be read
            path.unlink()
        return False
    return True
