"""The full-text index's database: its tables, connections, and filling it.

Kept apart from `store.corpus.fulltext` (the index as the app uses it) so that
the worker processes that fill it load only this: `index_articles` parses a
chunk of articles and writes their rows in one transaction of its own, and
every write waits its turn behind other processes' (`write`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from store.prestart import worker_context
from store.search import has_cjk

FULLTEXT_FORMAT = "2"
"""Layout of the database; a different value empties it."""

CHUNK = 200
"""Articles parsed and written per transaction (and per worker job)."""

LOCK_PATIENCE = 30.0
"""Seconds a write waits for another process's write before this sync gives up."""

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " source TEXT, date TEXT)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5("
    "title, body, tokenize='unicode61 remove_diacritics 2')",
    # Chinese, Japanese and Korean articles again, by trigram: words within runs
    # of those scripts are found as substrings (see `store.search.split_cjk`).
    "CREATE VIRTUAL TABLE IF NOT EXISTS cjk USING fts5(title, body, tokenize='trigram')",
)

Job = tuple[str, str, str, int | None, str]
"""An article to index: id, file, name to parse it under, offset, title in the list."""

_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether an error is another process holding the lock (worth waiting for)."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether an error says the file is not a (sound) database."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or type(exc) is sqlite3.DatabaseError


def connect(path: Path, busy_ms: int = 5000) -> sqlite3.Connection:
    """A connection in autocommit mode that waits up to `busy_ms` for a lock.

    Usable from any thread: searches come from whichever worker thread the
    screen runs them on, and a lock (`FullTextIndex._query`) keeps them one at
    a time.
    """
    conn = sqlite3.connect(
        path, timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout={busy_ms}")
    return conn


def write(path: Path, action: Callable[[sqlite3.Connection], None]) -> None:
    """Run `action` in one write transaction, retrying while another process writes."""
    deadline = time.monotonic() + LOCK_PATIENCE
    with contextlib.closing(connect(path)) as conn:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    action(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def index_articles(path: str, jobs: Sequence[Job]) -> int:
    """Parse articles and add those not yet indexed; returns how many were read.

    Runs in a worker process (or the syncing thread for a few articles). An
    article that cannot be read any more (its file changed since the corpus
    was opened) is left out: the next sync sees its file's new articles.
    """
    from store.corpus.read import ReadProblem, read_article

    rows: list[tuple[str, str | None, str | None, str, str]] = []
    for article_id, origin, name, offset, title in jobs:
        try:
            article = read_article(Path(origin), name, offset)
        except (ReadProblem, OSError):
            continue
        if article.id != article_id:
            continue
        source = article.source.casefold() if article.source else None
        rows.append((article_id, source, article.date, article.title or title, article.text))

    def insert(conn: sqlite3.Connection) -> None:
        for article_id, source, date, title, body in rows:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO docs(id, source, date) VALUES (?, ?, ?)",
                (article_id, source, date),
            )
            if cursor.rowcount == 1:  # another process may have indexed it meanwhile
                row = (cursor.lastrowid, title, body)
                conn.execute("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)", row)
                if has_cjk(title) or has_cjk(body):
                    conn.execute("INSERT INTO cjk(rowid, title, body) VALUES (?, ?, ?)", row)

    write(Path(path), insert)
    return len(jobs)


def lower_priority() -> None:
    """Worker processes give way to the app: the index is not what the user waits for."""
    with contextlib.suppress(AttributeError, OSError):  # no `nice` on Windows
        os.nice(10)


def run_chunks(
    path: Path, chunks: list[list[Job]], count: int, stop: threading.Event | None
) -> Iterator[int]:
    """Index the chunks, in worker processes when `count` > 1; yields each chunk's size.

    `stop`, once set, ends it between two chunks; the workers then finish the
    chunks they hold and take no more.
    """
    where = str(path)
    if count < 2:
        for chunk in chunks:
            if stop is not None and stop.is_set():
                return
            yield index_articles(where, chunk)
        return
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    context = worker_context()
    pending: set[Future[int]] = set()
    left = list(reversed(chunks))
    with ProcessPoolExecutor(count, context, lower_priority) as pool:
        try:
            while left or pending:
                if stop is not None and stop.is_set():
                    return
                while left and len(pending) < count * 2:
                    pending.add(pool.submit(index_articles, where, left.pop()))
                finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
