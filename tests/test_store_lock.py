"""The store's lock against hostile peers: a deleted lock file, a writer stopped
(SIGSTOP) while it holds the lock. Real processes; outcomes, never timings."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import tinydb
from test_store_processes import start_worker

from store.annotations import AnnotationStore
from store.paths import lock_path

pytestmark = pytest.mark.xdist_group("store-subprocess")


def finish(worker: subprocess.Popen[str]) -> list[str]:
    """Wait for a worker; returns its acknowledged ids after checking it ended well."""
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    assert "Traceback" not in err and "damaged" not in err, err
    return [line for line in out.split("\n")[:-1] if line not in ("ready", "holding")]


def stored_ids(db: Path) -> set[str]:
    """Every id a fresh store finds, after checking plain TinyDB finds the same."""
    with AnnotationStore(db) as store:
        found = {a.id for a in store.annotations()}
    with tinydb.TinyDB(db) as plain:
        assert {doc["id"] for doc in plain.table("annotations").all()} == found
    return found


def test_deleting_the_lock_file_while_writers_run_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    lock = lock_path(db)
    AnnotationStore(db).close()
    args = ("--fold-threshold", "20000", "--close")  # folds while the others append
    workers = [start_worker(db, 400, "--annotator", f"w{n}", *args) for n in range(2)]
    deletions = 0
    while any(w.poll() is None for w in workers):
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
            deletions += 1
            if deletions in (3, 30):  # newcomers open after a deletion: a fresh lock file
                workers.append(start_worker(db, 300, "--annotator", f"w{len(workers)}", *args))
        time.sleep(0.002)
    ids = [i for w in workers for i in finish(w)]
    assert deletions >= 3 and len(workers) == 4
    assert len(ids) == len(set(ids)) == 2 * 400 + 2 * 300
    assert stored_ids(db) == set(ids)


def lines_of(stream: object) -> queue.Queue[str]:
    """The lines a child writes to `stream`, read on a thread as they come."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_a_writer_stopped_holding_the_lock_is_named_and_nothing_is_lost(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    AnnotationStore(db).close()
    # An annotator's session is open when another one stops in the middle of a save.
    waiting = start_worker(db, 30, "--annotator", "waiting", "--report-busy", "--wait-for-go")
    assert waiting.stdout is not None and waiting.stdin is not None and waiting.stderr is not None
    assert waiting.stdout.readline() == "ready\n"
    stalled = start_worker(db, 30, "--annotator", "stalled", "--stop-holding-lock")
    assert stalled.stdout is not None
    assert stalled.stdout.readline() == "ready\n"
    assert stalled.stdout.readline() == "holding\n"  # then it stops itself, lock held
    waiting.stdin.write("go\n")
    waiting.stdin.flush()
    reported = lines_of(waiting.stderr)
    said = reported.get(timeout=120)  # a guard against hanging, not a timing
    try:
        assert said.startswith("busy: ")
        assert f"process {stalled.pid} on {socket.gethostname()}" in said
        assert "waiting" in said and "which has held the lock for" in said
        assert waiting.poll() is None  # still waiting: the save is not dropped
    finally:
        os.kill(stalled.pid, signal.SIGCONT)
    # Its stdout was read in part above; the rest comes with communicate.
    ids = finish(stalled) + finish_quietly(waiting)
    assert len(ids) == len(set(ids)) == 60
    assert stored_ids(db) == set(ids)
    while not reported.empty():
        assert reported.get().startswith("busy: ")  # nothing else: no traceback


def finish_quietly(worker: subprocess.Popen[str]) -> list[str]:
    """The stdout lines of a worker whose stderr is read elsewhere; checks its exit."""
    assert worker.stdout is not None
    out = worker.stdout.read()
    assert worker.wait(timeout=120) == 0
    return out.split("\n")[:-1]
