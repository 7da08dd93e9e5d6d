"""WARC crawl files (`.warc`, `.warc.gz`): every HTML page in them is an article.

A crawl keeps each fetched page as a `response` record (HTTP headers, then
the body); a `resource` record holds a page without HTTP headers. Pages that
are not HTML (images, scripts, robots.txt) and failed fetches are passed
over; redirects and errors are not articles. Each page is found again by the
byte offset of its record, which both plain and gzipped WARC files allow:
a gzipped WARC compresses each record as a member of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WARC_SUFFIXES = (".warc", ".warc.gz")


class WarcProblem(ValueError):
    """A WARC file or record that cannot be read; the message names the problem."""


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML page of a crawl: its record number (from 1), offset, URL and body."""

    number: int
    offset: int
    url: str | None
    body: bytes


def is_warc_name(name: str) -> bool:
    """Whether a file name says the file is a WARC crawl."""
    return name.lower().endswith(WARC_SUFFIXES)


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    return (headers.get_header("Content-Type") or "").lower()


def _is_page(record: Any) -> bool:
    """Whether a record is an HTML page fetched successfully."""
    if record.rec_type not in ("response", "resource"):
        return False
    if "html" not in _content_type(record):
        return False
    if record.http_headers is None:
        return True
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def _body(record: Any, number: int) -> bytes:
    try:
        return bytes(record.content_stream().read())
    except Exception as exc:  # a broken chunked or gzip body in one record
        raise WarcProblem(f"record {number}: unreadable body ({exc})") from None


def _url(record: Any) -> str | None:
    url = record.rec_headers.get_header("WARC-Target-URI")
    return str(url) if url else None


def warc_pages(path: Path) -> Iterator[WarcPage | WarcProblem]:
    """The HTML pages of a WARC file, in order; a broken record is yielded as a problem.

    Reading stops at a record that cannot be parsed (the rest of the file cannot
    be found without it); the problem says where.
    """
    from warcio.archiveiterator import ArchiveIterator  # loaded only for WARC files

    number = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                number += 1
                if not _is_page(record):
                    continue
                try:
                    body = _body(record, number)
                except WarcProblem as exc:
                    yield exc
                    continue
                # The offset is known once the body is read (asked before, it skips the body).
                yield WarcPage(number, records.get_record_offset(), _url(record), body)
        except Exception as exc:  # warcio raises its own errors and zlib's on a broken file
            yield WarcProblem(f"record {number + 1}: not a WARC record ({exc}); the rest skipped")


def warc_page_at(path: Path, offset: int) -> WarcPage:
    """The page whose record starts at `offset` (as `warc_pages` found it)."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        fh.seek(offset)
        try:
            record = next(iter(ArchiveIterator(fh)), None)
        except Exception as exc:
            raise WarcProblem(f"no WARC record at byte {offset} ({exc})") from None
        if record is None or not _is_page(record):
            raise WarcProblem(f"no HTML page at byte {offset}")
        return WarcPage(0, offset, _url(record), _body(record, 0))
