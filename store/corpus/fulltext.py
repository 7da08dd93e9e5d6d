"""The full-text index: every article's cleaned title and body, searchable by word.

An SQLite database with an FTS5 table (the standard library's `sqlite3`),
kept beside the corpus index in the cache folder and, like it, only a cache:
a damaged file is deleted and rebuilt, an index made by another text
pipeline is emptied and refilled. It is kept up to date by article id, which
is a hash of the article's raw content: `sync` adds what the opened corpus
lists and the index lacks (a new or changed file's articles) and removes what
it no longer lists (a changed or deleted file's old articles), so an
unchanged file costs nothing and a changed one only its own articles.

Filling it parses each article again, milliseconds apiece: for many articles
worker processes (at a lower priority) do it and write their rows themselves,
so the app's own process (and its screen) stays free. Several processes may
open the same corpus: SQLite's locks order their writes (WAL, so searches
never wait for them), a write that stays locked is retried, and the same
article is never indexed twice. The tokenizer is `unicode61` without
diacritics, so "Zürich" is found by "zurich" and other scripts are words too;
Chinese, Japanese and Korean articles are also kept in a trigram table, for
words inside the runs those scripts write without spaces.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from store.corpus.fulltext_db import (
    CHUNK,
    FULLTEXT_FORMAT,
    SCHEMA,
    Job,
    connect,
    is_busy,
    is_damage,
    run_chunks,
    write,
)
from store.corpus.index import index_path, pipeline_version
from store.search import SearchText, fts_expression, fts_string, split_cjk

if TYPE_CHECKING:
    from store.corpus.scan import Corpus

HIT_START, HIT_END = "\ue000", "\ue001"
"""Marks around each hit in a snippet (private-use characters, never in cleaned text)."""

ProgressCallback = Callable[[int, int], None]
"""Called as `on_progress(done, total)` with articles added so far."""


class FullTextUnavailable(Exception):
    """The index cannot be used (no FTS5, or a file that cannot be read): title search only."""


@cache
def fts5_available() -> bool:
    """Whether this Python's SQLite has FTS5 (some builds leave it out)."""
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as conn:
            conn.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
    except sqlite3.Error:
        return False
    return True


def fulltext_path(location: Path, cache_dir: Path | None = None) -> Path:
    """The index database of a corpus location, beside its corpus index."""
    corpus_index = index_path(location, cache_dir)
    return corpus_index.with_name(corpus_index.stem + ".fts.sqlite")


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did: articles added and removed, and a note to show (once) or None."""

    added: int
    removed: int
    note: str | None = None


class FullTextIndex:
    """The full-text index of one corpus: `sync` it with the corpus, then `search` it.

    `search` and `snippet` may be called from any thread while a sync runs
    elsewhere; a new search interrupts one still running (its answer is stale).
    """

    def __init__(self, path: Path) -> None:
        """Open (creating, emptying or rebuilding as needed) the index at `path`.

        Raises `FullTextUnavailable` when SQLite has no FTS5 or the file
        cannot be made at all. `note` says if the index had to be rebuilt.
        """
        if not fts5_available():
            raise FullTextUnavailable("this Python's SQLite has no full-text search (FTS5)")
        self.path = path
        self.note: str | None = None
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise FullTextUnavailable(f"full-text index unusable ({exc})") from None
            self._discard()
            self.note = "full-text index was damaged: rebuilt"
            try:
                self._prepare()
            except sqlite3.Error as again:
                raise FullTextUnavailable(f"full-text index unusable: {again}") from None
        except OSError as exc:
            raise FullTextUnavailable(f"full-text index unusable: {exc}") from None
        self._reader = connect(path, busy_ms=200)
        self._reader_lock = threading.Lock()
        self._reader_gate = threading.Lock()

    @classmethod
    def for_location(cls, location: Path, cache_dir: Path | None = None) -> FullTextIndex:
        """The index of a corpus location, in the cache folder beside its corpus index."""
        return cls(fulltext_path(location, cache_dir))

    def _prepare(self) -> None:
        """Create the tables, or empty them when another pipeline or layout made them."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        version = pipeline_version()
        with contextlib.closing(connect(self.path)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")  # searches never wait for a writer
            stamp = (FULLTEXT_FORMAT, version)

            def create(conn: sqlite3.Connection) -> None:
                for statement in SCHEMA:
                    conn.execute(statement)
                found = tuple(
                    conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
                    for key in ("format", "pipeline")
                )
                if found != tuple((value,) for value in stamp):
                    conn.execute("DELETE FROM docs")
                    conn.execute("DELETE FROM fts")
                    conn.execute("DELETE FROM cjk")
                    conn.executemany(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                        zip(("format", "pipeline"), stamp, strict=True),
                    )
                conn.execute("SELECT count(*) FROM docs").fetchone()

            write(self.path, create)

    def _discard(self) -> None:
        """Delete a damaged database (and its journal files)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        """Close the search connection."""
        with self._reader_lock:
            self._reader.close()

    def __len__(self) -> int:
        """How many articles are indexed."""
        with contextlib.closing(connect(self.path)) as conn:
            return int(conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    # -- keeping it up to date ----------------------------------------------------------

    def sync(
        self,
        corpus: Corpus,
        on_progress: ProgressCallback | None = None,
        *,
        workers: int | None = None,
        stop: threading.Event | None = None,
    ) -> SyncReport:
        """Make the index hold exactly the corpus's articles; see the module's notes.

        `on_progress(done, total)` counts articles to add. `stop`, once set,
        ends the sync between two chunks (the app is quitting); what was
        written stays. A sync locked out for `LOCK_PATIENCE` seconds gives up
        with a note: the next one carries on where it stopped.
        """
        wanted = {entry.id for entry in corpus}
        try:
            with contextlib.closing(connect(self.path)) as conn:
                known = dict(conn.execute("SELECT id, rowid FROM docs").fetchall())
            gone = [rowid for article_id, rowid in known.items() if article_id not in wanted]
            self._remove(gone)
            jobs = [(e.id, *corpus.where(e.id), e.title) for e in corpus if e.id not in known]
            self._add(jobs, on_progress, workers, stop)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._discard()
                raise FullTextUnavailable(f"full-text index damaged ({exc})") from None
            if not is_busy(exc):
                raise FullTextUnavailable(f"full-text index unusable ({exc})") from None
            return SyncReport(0, 0, "full-text index busy in another Marginalia: try later")
        return SyncReport(len(jobs), len(gone), self.note)

    def _remove(self, rowids: list[int]) -> None:
        def delete(conn: sqlite3.Connection) -> None:
            for start in range(0, len(rowids), 500):
                part = [(rowid,) for rowid in rowids[start : start + 500]]
                conn.executemany("DELETE FROM fts WHERE rowid = ?", part)
                conn.executemany("DELETE FROM cjk WHERE rowid = ?", part)
                conn.executemany("DELETE FROM docs WHERE rowid = ?", part)

        if rowids:
            write(self.path, delete)

    def _add(
        self,
        jobs: list[Job],
        on_progress: ProgressCallback | None,
        workers: int | None,
        stop: threading.Event | None,
    ) -> None:
        from store.corpus.pool import worker_count

        chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
        done = 0
        if on_progress is not None:
            on_progress(0, len(jobs))
        count = worker_count(workers, len(jobs))
        for size in run_chunks(self.path, chunks, count, stop):
            done += size
            if on_progress is not None:
                on_progress(done, len(jobs))

    # -- searching ----------------------------------------------------------------------

    def _query(
        self, sql: str, params: Sequence[object], *, interrupts: bool = True
    ) -> list[tuple[object, ...]] | None:
        """Run a read; None when a newer query interrupted it (its answer is stale) or
        another process keeps the file locked (rare with WAL: the list keeps its
        title matches). A query that `interrupts` stops the one running (a newer
        search makes the older one stale); one that doesn't waits its turn (a
        snippet must never cost the search its answer)."""
        if interrupts:
            with self._reader_gate:  # one waiting search at most: a newer one stops the older
                self._reader.interrupt()
                self._reader_lock.acquire()
        else:
            self._reader_lock.acquire()
        try:
            return self._reader.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if "interrupt" in str(exc).lower() or is_busy(exc):
                return None
            if is_damage(exc):
                self._discard()  # the next start builds it afresh
                raise FullTextUnavailable(f"full-text index damaged ({exc})") from None
            raise FullTextUnavailable(f"full-text index unusable ({exc})") from None
        finally:
            self._reader_lock.release()

    def search(self, search: SearchText) -> list[str] | None:
        """The ids of the articles whose title or body hold every word and phrase
        and that pass the source and date filters (in no particular order).

        None when there are no words to look for, or a newer search interrupted
        this one. Raises `FullTextUnavailable` when the file is damaged (it is
        then deleted, to be built afresh next time).
        """
        words, cjk = split_cjk(search)
        expression = fts_expression(words)
        if expression is None and not cjk:
            return None
        if expression is not None:
            sql = ["SELECT d.id FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?"]
            params: list[object] = [expression]
        else:
            sql, params = ["SELECT d.id FROM docs d WHERE 1"], []
        for term in cjk:
            if len(term) >= 3:  # a trigram's length: the index answers
                sql.append("AND d.rowid IN (SELECT rowid FROM cjk WHERE cjk MATCH ?)")
                params.append(fts_string(term))
            else:  # shorter: read through the articles in those scripts only
                sql.append(
                    "AND d.rowid IN (SELECT rowid FROM cjk WHERE instr(title, ?) OR instr(body, ?))"
                )
                params += [term, term]
        if search.source:
            sql.append("AND instr(d.source, ?) > 0")
            params.append(search.source)
        if search.date:
            sql.append("AND substr(d.date, 1, ?) = ?")
            params += [len(search.date), search.date]
        if search.after:
            sql.append("AND substr(d.date, 1, ?) >= ?")
            params += [len(search.after), search.after]
        if search.before:
            sql.append("AND substr(d.date, 1, ?) < ?")
            params += [len(search.before), search.before]
        rows = self._query(" ".join(sql), params)
        return None if rows is None else [str(row[0]) for row in rows]

    def snippet(self, article_id: str, search: SearchText, words: int = 12) -> str | None:
        """A few words of the article around its first hit, each hit between `HIT_START`
        and `HIT_END`; None when the article is not indexed or does not match."""
        rest, cjk = split_cjk(search)
        table, expression = "fts", fts_expression(rest)
        if expression is None and cjk and all(len(term) >= 3 for term in cjk):
            table, expression = "cjk", " AND ".join(str(fts_string(term)) for term in cjk)
        if expression is None:
            return None
        rows = self._query(
            f"SELECT snippet({table}, -1, ?, ?, '…', ?) FROM {table} "
            f"WHERE {table} MATCH ? AND rowid = (SELECT rowid FROM docs WHERE id = ?)",
            (HIT_START, HIT_END, words, expression, article_id),
            interrupts=False,
        )
        return str(rows[0][0]) if rows else None
