"""The corpus cache: what each file on disk produced last time, so reopening is fast.

A corpus of 10,000 page dumps takes seconds or minutes to parse, but only
milliseconds to `stat`. The index remembers, per file, its size, mtime and a
content hash, and the entries and problems parsing it produced. On reopen a
file whose size and mtime are unchanged is not read at all; one modified too
close to the last scan for its mtime to be trusted ("racy", as git calls it) is
read and hashed, and reparsed only when its content really changed.

The index is one small JSON file per corpus location, in the user's cache
folder, written atomically (temp file, then `os.replace`). It is only a cache:
an index that is missing, corrupt, unwritable or made by another version of
the text pipeline is ignored and rebuilt, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs

from store.atomic import write_bytes_atomically
from store.paths import os_error_message
from store.text.version import PIPELINE_VERSION

INDEX_FORMAT = 2
"""Layout of the index file; bump it when the JSON shape changes."""

ENTRY_FIELDS = (
    "id", "title", "source", "date", "date_text", "statements", "quotes", "line", "offset", "url"
)  # fmt: skip
"""The order of an entry's values in the index (a list each: a third smaller than dicts)."""

PROBLEM_FIELDS = ("line", "message", "skipped")
"""The order of a problem's values in the index."""

CACHE_ENV = "MARGINALIA_CACHE"
"""Environment variable naming the folder for index files (overrides the default)."""

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".html", ".htm", ".xhtml", ".warc", ".warc.gz")
"""File kinds a corpus folder is searched for (case-insensitive)."""

RACY_NS = 2_000_000_000
"""Files modified this close to the last scan are checked by content (2 s: FAT's mtime step)."""

# Source files whose change can change what a file parses into. Hashing them
# means a parser edit invalidates old entries even if nobody bumps a version.
_PIPELINE_SOURCES = (
    "text", "corpus/scan.py", "corpus/read.py", "corpus/jsonl.py", "corpus/index.py",
    "corpus/html.py", "corpus/warc.py", "corpus/entries.py", "corpus/collect.py",
)  # fmt: skip
# Not corpus/listing.py: the compact listing has its own format number and key, and
# an edit to it must not throw away every parsed article and the full-text index.


@cache
def pipeline_version() -> str:
    """Identify the code that turns files into entries; a different value voids an index.

    `store.text.PIPELINE_VERSION` plus a hash of the pipeline's source files, so
    an edited parser never serves stale entries from the cache even when its
    version was not bumped.
    """
    declared = PIPELINE_VERSION
    digest = hashlib.blake2b(digest_size=8)
    store_dir = Path(__file__).resolve().parent.parent
    for name in _PIPELINE_SOURCES:
        target = store_dir / name
        paths = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in paths:
            with contextlib.suppress(OSError):
                digest.update(path.relative_to(store_dir).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{declared}+{digest.hexdigest()}"


def default_cache_dir() -> Path:
    """Where index files go: `$MARGINALIA_CACHE`, else the platform's user cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("marginalia")) / "corpus-index"


def index_path(location: Path, cache_dir: Path | None = None) -> Path:
    """The index file for a corpus location (a hash of its absolute path, plus its name)."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    key = hashlib.blake2b(str(location).encode("utf-8"), digest_size=8).hexdigest()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", location.name)[:40] or "root"
    return folder / f"{name}-{key}.json"


@dataclass(frozen=True, slots=True)
class DiskFile:
    """One article file found under a corpus location, with what `stat` said."""

    rel: str
    path: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class FileRecord:
    """What one file produced: entries and problems as JSON lists (see `ENTRY_FIELDS`)."""

    size: int
    mtime_ns: int
    hash: str
    entries: list[list[Any]] = field(default_factory=list)
    problems: list[list[Any]] = field(default_factory=list)

    def to_json(self) -> list[Any]:
        """The record as it is stored in the index file."""
        return [self.size, self.mtime_ns, self.hash, self.entries, self.problems]


@dataclass(slots=True)
class LoadedIndex:
    """An index read from disk: its file records, when it was scanned, and a note."""

    records: dict[str, FileRecord]
    scanned_ns: int
    note: str | None = None


_DIGITS = re.compile(r"\d+")


def _natural_key(rel: str) -> tuple[str, str]:
    # "2.txt" before "10.txt": a person's order; the path itself breaks ties.
    return _DIGITS.sub(lambda m: m.group().zfill(20), rel), rel


def _is_article_file(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")


def walk_corpus(location: Path) -> list[DiskFile]:
    """Every article file at `location`, in stable (natural path) order.

    A file is returned as itself whatever its suffix. A folder is searched
    recursively for article files (`ARTICLE_SUFFIXES`), skipping hidden files and
    folders and not following symlinked folders (no loops).
    """
    if not location.is_dir():
        st = location.stat()
        return [DiskFile(location.name, str(location), st.st_size, st.st_mtime_ns)]
    found: list[DiskFile] = []
    pending: list[tuple[str, str]] = [(str(location), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError:
            continue  # an unreadable subfolder is skipped; the rest still opens
        for item in items:
            if item.name.startswith("."):
                continue
            try:
                if item.is_dir(follow_symlinks=False):
                    pending.append((item.path, f"{prefix}{item.name}/"))
                elif _is_article_file(item.name) and item.is_file():
                    st = item.stat()
                    rel = prefix + item.name
                    found.append(DiskFile(rel, item.path, st.st_size, st.st_mtime_ns))
            except OSError:
                continue  # vanished or dangling symlink while we looked
    found.sort(key=lambda f: _natural_key(f.rel))
    return found


def _record_from_json(raw: Any) -> FileRecord:
    size, mtime_ns, hash_, entries, problems = raw
    if not isinstance(entries, list) or not isinstance(problems, list):
        raise TypeError("entries/problems are not lists")
    return FileRecord(int(size), int(mtime_ns), str(hash_), entries, problems)


def load_index(path: Path | None, version: str) -> LoadedIndex:
    """Read an index file; an absent, corrupt or outdated one gives an empty index and a note."""
    if path is None:
        return LoadedIndex({}, 0, "cache disabled")
    try:
        with path.open("rb") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return LoadedIndex({}, 0, "no index yet")
    except (OSError, ValueError) as exc:
        return LoadedIndex({}, 0, f"index unreadable ({type(exc).__name__}), rebuilt")
    try:
        if data.get("format") != INDEX_FORMAT:
            return LoadedIndex({}, 0, "index from another version of Marginalia, rebuilt")
        if data.get("pipeline_version") != version:
            return LoadedIndex({}, 0, "text pipeline changed since the index was made, rebuilt")
        records = {str(rel): _record_from_json(rec) for rel, rec in data["files"].items()}
        return LoadedIndex(records, int(data["scanned_ns"]))
    except (AttributeError, KeyError, TypeError, ValueError):
        return LoadedIndex({}, 0, "index damaged, rebuilt")


def save_index(
    path: Path, location: Path, version: str, records: dict[str, FileRecord], scanned_ns: int
) -> str | None:
    """Write the index atomically; returns None, or a note saying why it could not be written."""
    payload = {
        "format": INDEX_FORMAT,
        "pipeline_version": version,
        "location": str(location),
        "scanned_ns": scanned_ns,
        "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": {rel: rec.to_json() for rel, rec in records.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One dumps() call runs the C encoder; json.dump() streams in Python, 3x slower.
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # Not durable: a torn cache after a power cut is detected as damaged and rebuilt.
        write_bytes_atomically(path, data, durable=False)
    except OSError as exc:
        return f"index not saved: {os_error_message(exc)}"
    except (TypeError, ValueError) as exc:
        return f"index not saved: {exc}"
    return None
