"""Read one corpus file (a page dump, an HTML page, a WARC crawl or a JSONL file).

The I/O half of the corpus: `store.corpus` decides which files to read and
keeps the results; this module reads a file, runs the text pipeline on each
article in it, and turns everything that goes wrong into a message.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.corpus.index import ENTRY_FIELDS, PROBLEM_FIELDS, FileRecord
from store.corpus.jsonl import JsonlProblem, jsonl_article
from store.corpus.sources import is_html_name, looks_like_html, read_dump_bytes
from store.corpus.warc import WarcPage, WarcProblem, is_warc_name, warc_page_at, warc_pages
from store.paths import os_error_message
from store.text.decode import MAX_DUMP_BYTES, DumpError, decode_dump

if TYPE_CHECKING:
    from store.text import Article

_CHUNK = 1 << 20


class ReadProblem(Exception):
    """A file or line that cannot become an article; the message names the problem."""


@dataclass(frozen=True, slots=True)
class FoundArticle:
    """The listing facts of one article read from a file, plus where to find it again."""

    id: str
    title: str
    source: str | None
    date: str | None
    date_text: str | None
    statements: int
    quotes: int
    line: int | None = None
    offset: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FoundProblem:
    """A problem in a file: a JSONL line number or None for the whole file."""

    line: int | None
    message: str
    skipped: bool = True


@dataclass(slots=True)
class Found:
    """Everything one file produced; `units` counts progress (lines or 1 per dump).

    With `parsed` set to a list, the whole parsed articles are kept there too
    (for `marginalia parse`); a corpus scan keeps only their listing facts.
    """

    articles: list[FoundArticle] = field(default_factory=list)
    problems: list[FoundProblem] = field(default_factory=list)
    hash: str = ""
    units: int = 0
    parsed: list[Article] | None = None

    def add(self, article: Article, fallback_title: str, **where: Any) -> None:
        """Keep an article read from the file; `fallback_title` when it has none."""
        self.articles.append(_listing(article, fallback_title, **where))
        if self.parsed is not None:
            self.parsed.append(article)


def record_from_found(found: Found, size: int, mtime_ns: int) -> FileRecord:
    """What the index keeps of a file: its stat, hash, and what it produced."""
    return FileRecord(
        size,
        mtime_ns,
        found.hash,
        [[getattr(a, name) for name in ENTRY_FIELDS] for a in found.articles],
        [[getattr(p, name) for name in PROBLEM_FIELDS] for p in found.problems],
    )


def is_jsonl(path: Path) -> bool:
    """Whether a file is read as JSONL (one article per line) rather than a page dump."""
    return path.suffix.lower() == ".jsonl"


def file_hash(path: Path) -> str | None:
    """Hash of a file's bytes (as the index stores it), or None if it can't be read."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def count_units(path: Path) -> int:
    """How many progress steps reading this file takes: its lines for JSONL, else 1."""
    if not is_jsonl(path):
        return 1
    lines, last = 0, b"\n"
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return max(1, lines + (last != b"\n"))


def _parse(raw: str, name: str, title: str | None = None) -> Article:
    from store.text.pipeline import parse_article  # the cleaner loads on the first parse

    try:
        return parse_article(raw, name, title)
    except Exception as exc:  # a pipeline bug on odd input must not stop the corpus
        raise ReadProblem(f"could not be parsed ({type(exc).__name__}: {exc})") from exc


def _parse_html(html: str, name: str, url: str | None) -> tuple[Article, str | None]:
    """The article of a decoded HTML page, and its URL; any failure is a `ReadProblem`."""
    from store.corpus.html import html_article  # loads the extractor

    try:
        return html_article(html, name, url)
    except DumpError as exc:
        raise ReadProblem(str(exc)) from None
    except Exception as exc:  # the extractor failing on odd markup must not stop the corpus
        raise ReadProblem(f"could not be parsed ({type(exc).__name__}: {exc})"[:300]) from exc


_TITLE_CHARS = 90
"""How much of an untitled article's first sentence stands in for its title."""


def stand_in_title(article: Article) -> str | None:
    """What names an untitled article in the list: its first sentence, cut at a word."""
    first = article.statements[0] if article.statements else None
    if first is None:
        return None
    sentence = " ".join(article.text[first.start : first.end].split())
    if len(sentence) <= _TITLE_CHARS:
        return sentence
    return sentence[:_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _listing(article: Article, fallback_title: str, **where: Any) -> FoundArticle:
    """The listing facts of an article; an untitled one is named by its first sentence."""
    return FoundArticle(
        id=article.id,
        title=article.title or stand_in_title(article) or fallback_title,
        source=article.source,
        date=article.date,
        date_text=article.date_text,
        statements=len(article.statements),
        quotes=len(article.quotes),
        **where,
    )


def _read_dump_bytes(path: Path) -> bytes:
    try:
        return read_dump_bytes(path)
    except DumpError as exc:
        raise ReadProblem(str(exc)) from None


def _page_article(
    data: bytes, name: str, html: bool = False, url: str | None = None
) -> tuple[Article, str | None, str | None]:
    """A page's article, a note on its decoding, and its URL.

    HTML (by its name, by `html`, or by how it starts) goes through the HTML
    extractor; anything else is a page dump.
    """
    try:
        if html or is_html_name(name) or looks_like_html(data):
            from store.corpus.html import decode_html  # loads the extractor

            decoded_html = decode_html(data)
            article, page_url = _parse_html(decoded_html.text, name, url)
            return article, decoded_html.warning, page_url
        decoded = decode_dump(data)
    except DumpError as exc:
        raise ReadProblem(str(exc)) from None
    return _parse(decoded.text, name), decoded.warning, None


def _iter_dump(found: Found, path: Path, name: str) -> Iterator[None]:
    found.units = 1
    try:
        data = _read_dump_bytes(path)
        found.hash = hashlib.blake2b(data, digest_size=16).hexdigest()
        article, warning, url = _page_article(data, name)
    except ReadProblem as exc:
        found.problems.append(FoundProblem(None, str(exc)))
        yield
        return
    if warning:
        found.problems.append(FoundProblem(None, warning, skipped=False))
    found.add(article, Path(name).stem, url=url)
    yield


def _warc_page_article(page: WarcPage, name: str) -> tuple[Article, str | None, str | None]:
    """The article of a crawl's page; `name` names the file and the record ("crawl.warc:4")."""
    return _page_article(page.body, name, html=True, url=page.url)


def _iter_warc(found: Found, path: Path, name: str) -> Iterator[None]:
    found.units = 1
    found.hash = file_hash(path) or ""
    try:
        for page in warc_pages(path):
            if isinstance(page, WarcProblem):
                found.problems.append(FoundProblem(None, str(page)))
                continue
            try:
                article, warning, url = _warc_page_article(page, f"{name}:{page.number}")
            except ReadProblem as exc:
                found.problems.append(FoundProblem(page.number, str(exc)))
                continue
            if warning:
                found.problems.append(FoundProblem(page.number, warning, skipped=False))
            fallback = f"{Path(name).name}:{page.number}"
            where = {"line": page.number, "offset": page.offset, "url": url}
            found.add(article, fallback, **where)
            yield
    except OSError as exc:
        found.problems.append(FoundProblem(None, os_error_message(exc)))
    if not found.articles and not found.problems:
        found.problems.append(FoundProblem(None, "no HTML pages in this WARC file"))
    yield


def _decode_line(raw_line: bytes, first: bool) -> tuple[str, str | None]:
    try:
        return raw_line.decode("utf-8-sig" if first else "utf-8"), None
    except UnicodeDecodeError as exc:
        text = raw_line.decode("utf-8", errors="replace")
        return text, f"invalid UTF-8 at byte {exc.start} of the line; bad bytes replaced"


def _line_article(
    raw_line: bytes, first: bool, name: str
) -> tuple[Article, str | None, str | None]:
    """The article of one JSONL line; any failure is that line's `ReadProblem`."""
    try:
        return _read_line(raw_line, first, name)
    except ReadProblem:
        raise
    except RecursionError:
        raise ReadProblem("JSON nested too deeply") from None
    except Exception as exc:  # one line's failure, whatever it is, never stops the rest
        raise ReadProblem(f"could not be read ({type(exc).__name__}: {exc})"[:300]) from None


def _read_line(raw_line: bytes, first: bool, name: str) -> tuple[Article, str | None, str | None]:
    if len(raw_line) > MAX_DUMP_BYTES:
        raise ReadProblem(f"line too long ({len(raw_line) / 1e6:.1f} MB)")
    text, warning = _decode_line(raw_line, first)
    try:
        obj = json.loads(text)
    except ValueError as exc:
        raise ReadProblem(f"invalid JSON ({exc})") from None
    try:
        article, url = jsonl_article(obj, name, _parse, _parse_html)
    except JsonlProblem as exc:
        raise ReadProblem(str(exc)) from None
    return article, url, warning


Span = tuple[int, int | None, int]
"""A run of JSONL lines: start byte, end byte (None: to the end), first line number."""


def _iter_jsonl(found: Found, path: Path, name: str, span: Span | None = None) -> Iterator[None]:
    start, end, number = span or (0, None, 1)
    digest = hashlib.blake2b(digest_size=16) if span is None else None
    offset = start
    try:
        with path.open("rb") as fh:
            fh.seek(start)
            while end is None or offset < end:
                raw_line = fh.readline()
                if not raw_line:
                    break
                found.units += 1
                if digest is not None:
                    digest.update(raw_line)
                if raw_line.strip():
                    _add_line(found, raw_line, number, offset, name)
                offset += len(raw_line)
                number += 1
                yield
    except OSError as exc:
        found.problems.append(FoundProblem(None, os_error_message(exc)))
        yield
        return
    if digest is not None:
        finish_jsonl(found, digest.hexdigest())
        yield


def finish_jsonl(found: Found, file_hash: str) -> None:
    """Complete a whole JSONL file's result: its hash, and a note if it held nothing."""
    found.hash = file_hash
    if not found.articles and not found.problems:
        found.problems.append(FoundProblem(None, "empty file"))


def read_span(path: Path, name: str, span: Span | None = None) -> Found:
    """Read a whole file, or only a span of a JSONL file's lines (for worker processes)."""
    found = Found()
    steps = _iter_jsonl(found, path, name, span) if span else iter_file(found, path, name)
    for _ in steps:
        pass
    return found


def _add_line(found: Found, raw_line: bytes, number: int, start: int, name: str) -> None:
    try:
        article, url, warning = _line_article(raw_line, number == 1, f"{name}:{number}")
    except ReadProblem as exc:
        found.problems.append(FoundProblem(number, str(exc)))
        return
    if warning:
        found.problems.append(FoundProblem(number, warning, skipped=False))
    fallback = f"{Path(name).stem}:{number}"
    found.add(article, fallback, line=number, offset=start, url=url)


def iter_file(found: Found, path: Path, name: str) -> Iterator[None]:
    """Read every article in one file into `found`, yielding after each line or dump.

    `name` is how the articles' `file` field names them. Yielding lets a caller
    report progress (`found.units`) and pass on results while a big JSONL file
    is still being read.
    """
    if is_jsonl(path):
        return _iter_jsonl(found, path, name)
    if is_warc_name(path.name):
        return _iter_warc(found, path, name)
    return _iter_dump(found, path, name)


def read_articles(path: Path) -> tuple[list[Article], list[FoundProblem]]:
    """Every article in one file, fully parsed, and the file's problems (`marginalia parse`).

    The file is read by its kind as in a corpus: a page dump, an HTML page, a
    WARC crawl or JSONL.
    """
    found = Found(parsed=[])
    for _ in iter_file(found, path, str(path)):
        pass
    assert found.parsed is not None
    return found.parsed, found.problems


def read_article(path: Path, name: str, offset: int | None) -> Article:
    """Read one article again: a whole page, or the JSONL line or WARC record at `offset`."""
    if offset is None:
        return _page_article(_read_dump_bytes(path), name)[0]
    if is_warc_name(path.name):
        try:
            return _warc_page_article(warc_page_at(path, offset), name)[0]
        except (WarcProblem, OSError) as exc:
            raise ReadProblem(str(exc)) from None
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            raw_line = fh.readline()
    except OSError as exc:
        raise ReadProblem(os_error_message(exc)) from None
    return _line_article(raw_line, offset == 0, name)[0]
