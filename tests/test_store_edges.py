"""Hostile files around the store: links, folders, damaged copies, foreign writes,
read-only folders, stray NUL bytes. Real files, and real processes where another
program is what the store has to survive."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import tinydb

from store.annotations import AnnotationStore
from store.atomic import write_bytes_atomically
from store.corpus import Corpus
from store.errors import CorruptStoreError, StoreBusy
from store.text.decode import decode_dump

WORKER = Path(__file__).with_name("store_worker.py")


def run_worker(db: Path, count: int, *extra: str) -> list[str]:
    """Run the worker to its end; returns the acknowledged ids (stderr is checked)."""
    result = subprocess.run(
        [sys.executable, str(WORKER), str(db), str(count), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stdout.splitlines() if line != "ready"]


def plain_ids(db: Path) -> set[str]:
    """The annotation ids plain TinyDB reads from `db`."""
    with tinydb.TinyDB(db) as plain:
        return {doc["id"] for doc in plain.table("annotations").all()}


# -- symbolic links --------------------------------------------------------------------


def test_a_linked_database_is_written_through_the_link(tmp_path: Path) -> None:
    target = tmp_path / "kept" / "labels.json"
    target.parent.mkdir()
    AnnotationStore(target).close()
    link = tmp_path / "project" / "annotations.json"
    link.parent.mkdir()
    link.symlink_to(target)
    # A small fold threshold folds many times while it runs, then once more at close.
    ids = run_worker(link, 40, "--fold-threshold", "2000", "--close")
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert plain_ids(target) == set(ids) and len(ids) == 40
    leftovers = [
        p.name for d in (target.parent, link.parent) for p in d.iterdir() if ".tmp-" in p.name
    ]
    assert leftovers == []


def test_every_atomic_rewrite_keeps_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"old")
    link = tmp_path / "state.json"
    link.symlink_to(target)
    write_bytes_atomically(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


# -- a folder where the journal should be --------------------------------------------------


def test_a_journal_that_is_a_folder_is_one_line_in_export(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db) as store:
        store.add("a1", 0, 1, "favour", "x")
    Path(f"{db}.journal").unlink()
    Path(f"{db}.journal").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "journal" in lines[0] and "not a file" in lines[0], lines


# -- backups of damaged files ------------------------------------------------------------


def test_one_backup_per_damaged_content_not_per_attempt(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    db.write_bytes(b"{not json")
    copies = set()
    for _ in range(3):
        with pytest.raises(CorruptStoreError) as raised:
            AnnotationStore(db)
        copies.add(raised.value.backup)
    assert len(list(tmp_path.glob("annotations.json.corrupt-*"))) == 1 == len(copies)
    db.write_bytes(b"{other damage")
    with pytest.raises(CorruptStoreError):
        AnnotationStore(db)
    assert len(list(tmp_path.glob("annotations.json.corrupt-*"))) == 2
    assert db.read_bytes() == b"{other damage"


# -- another program writes the TinyDB file -------------------------------------------------

_PLAIN_INSERT = """
import json, sys, tinydb
with tinydb.TinyDB(sys.argv[1]) as db:
    db.table("annotations").insert(json.loads(sys.argv[2]))
"""


def foreign_record(tmp_path: Path) -> dict[str, object]:
    """A well-formed annotation record, as a label made elsewhere is stored."""
    with AnnotationStore(tmp_path / "elsewhere.json", annotator="them") as other:
        return other.add("a2", 5, 9, "against", "word").to_dict()


def test_a_plain_tinydb_write_while_open_is_kept_at_the_fold(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    record = foreign_record(tmp_path)
    with AnnotationStore(db, annotator="me") as store:
        mine = store.add("a1", 0, 1, "favour", "x")
        subprocess.run(
            [sys.executable, "-c", _PLAIN_INSERT, str(db), json.dumps(record)],
            check=True,
            timeout=60,
        )
        assert {a.id for a in store.annotations()} == {mine.id, record["id"]}
        assert store.take_external_changes().everything
        later = store.add("a1", 2, 3, "favour", "y")  # appended after the foreign write
    assert plain_ids(db) == {mine.id, later.id, record["id"]}
    with AnnotationStore(db) as again:
        assert len(again) == 3


# -- a read-only folder ---------------------------------------------------------------------


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """No file can be made or removed in `folder` for the block; its files stay
    writable. Root ignores permission bits, so for root the folder is made
    immutable (chattr +i) instead; the test is skipped where neither works."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    elif shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)]).returncode == 0:
        undo = ["chattr", "-i", str(folder)]
    else:
        pytest.skip("this file system can't make a folder read-only for root")
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def test_close_in_a_read_only_folder_is_quiet_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    first = run_worker(db, 2, "--close")
    with read_only_folder(tmp_path):
        result = subprocess.run(
            [sys.executable, str(WORKER), str(db), "3", "--close"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    said = result.stderr.strip().splitlines()
    assert len(said) == 1 and said[0].startswith("fold problem:") and "could not" in said[0]
    acknowledged = [line for line in result.stdout.splitlines() if line != "ready"]
    assert len(acknowledged) == 3
    with AnnotationStore(db) as store:  # the folder is writable again: folded now
        assert {a.id for a in store.annotations()} == set(first) | set(acknowledged)
    assert plain_ids(db) == set(first) | set(acknowledged)


# -- stray NUL bytes in a page ----------------------------------------------------------------


def test_a_few_stray_nul_bytes_are_stripped_not_binary(tmp_path: Path) -> None:
    page = (
        "Talks ran late into the night\n\nThe ministers met on Thursday, officials\x00 said."
        " They agreed on very little.\x00\n\nAnother paragraph follows here with more words.\n"
    )
    assert decode_dump(page.encode()).text == page.replace("\x00", "")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "page.txt").write_bytes(page.encode())
    corpus = Corpus.open(tmp_path / "corpus", cache_dir=tmp_path / "cache")
    assert [e.title for e in corpus] == ["Talks ran late into the night"]
    assert not corpus.problems


def test_a_page_mostly_of_nul_bytes_is_still_binary() -> None:
    with pytest.raises(ValueError, match="binary"):
        decode_dump("UTF-16 text is half NUL bytes".encode("utf-16-le"))


# -- the notice of a save waiting for another process ----------------------------------------


def test_a_busy_notice_names_the_holder_and_how_long() -> None:
    lock = Path("annotations.json.lock")
    named = StoreBusy(lock, 4242, "lab-3", held_since=100.0, waiting_since=105.0)
    assert named.message(now=112.0) == (
        "annotations.json.lock: waiting 7 s for process 4242 on lab-3, which has held the "
        "lock for 12 s; the save completes when it lets go"
    )
    unnamed = StoreBusy(lock, None, None, held_since=None, waiting_since=105.0)
    assert "waiting 0 s for another process, which holds the lock" in unnamed.message(now=104.0)
