"""Real processes on one store: kill -9 at random moments, and concurrent writers."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tinydb

from store.annotations import AnnotationStore

WORKER = Path(__file__).with_name("store_worker.py")
pytestmark = pytest.mark.xdist_group("store-subprocess")


def start_worker(db: Path, count: int, *extra: str) -> subprocess.Popen[str]:
    """A worker process adding `count` labels and printing each acknowledged id."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(db), str(count), *extra],
        stdin=subprocess.PIPE,  # for --wait-for-go; closed with the process
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(output: str) -> list[str]:
    """The ids on complete lines (a line cut by the kill was never acknowledged)."""
    lines = output.split("\n")[:-1]
    return [line for line in lines if line != "ready"]


def test_kill_9_never_loses_an_acknowledged_label(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    rng = random.Random(20240301)
    promised: set[str] = set()
    for _ in range(10):
        # A small fold threshold makes kills land in folds too, not only appends.
        worker = start_worker(db, 100_000, "--fold-threshold", "20000")
        assert worker.stdout is not None
        assert worker.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.01, 0.25))
        worker.kill()
        out, err = worker.communicate()
        assert "Traceback" not in err, err
        promised.update(acknowledged(out))
        with AnnotationStore(db, read_only=True) as store:
            present = {a.id for a in store.annotations()}
        assert promised <= present
    assert len(promised) > 50
    with AnnotationStore(db) as store:
        assert promised <= {a.id for a in store.annotations()}
    plain = {doc["id"] for doc in tinydb.TinyDB(db).table("annotations").all()}
    assert promised <= plain


def test_four_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    AnnotationStore(db).close()
    workers = [
        start_worker(db, 300, "--annotator", f"w{n}", "--fold-threshold", "30000", "--close")
        for n in range(4)
    ]
    ids: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        ids += acknowledged(out)
    assert len(ids) == len(set(ids)) == 1200
    with AnnotationStore(db) as store:
        stored = store.annotations()
        assert {a.id for a in stored} == set(ids)
        assert {a.annotator for a in stored} == {"w0", "w1", "w2", "w3"}
    assert len(tinydb.TinyDB(db).table("annotations")) == 1200


def test_a_running_store_sees_another_process_write(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db, annotator="me") as mine:
        own = mine.add("article-0", 0, 1, "favour", "x")
        out, err = start_worker(db, 20, "--fold-threshold", "2000").communicate(timeout=30)
        theirs = set(acknowledged(out))
        assert len(theirs) == 20, err
        # The worker folded (and never closed): we reload and keep our own label.
        assert {a.id for a in mine.annotations()} == theirs | {own.id}
        assert len(mine.annotations("article-0")) == 4
