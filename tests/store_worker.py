"""A separate process that adds labels to a store, for the crash and concurrency tests.

    python tests/store_worker.py DB COUNT [--annotator NAME] [--fold-threshold BYTES]
        [--close] [--stop-holding-lock] [--report-busy] [--wait-for-go]

Prints each annotation id on its own line, flushed, as soon as `add` returned:
every printed id was acknowledged, so it must survive a kill -9.

`--stop-holding-lock` first takes the store's lock and stops itself (SIGSTOP)
holding it, after printing "holding"; `--report-busy` prints the store's `busy`
notice ("busy: ...") on standard error whenever it changes, from a thread of its
own, while the main thread waits. `--wait-for-go` opens the store, then waits for
a line on standard input before it labels. `--close` prints the fold problem, if any.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time

from store.annotations import AnnotationStore


def main() -> int:
    """Add COUNT labels, printing each acknowledged id."""
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("count", type=int)
    parser.add_argument("--annotator", default="worker")
    parser.add_argument("--fold-threshold", type=int, default=None)
    parser.add_argument("--close", action="store_true", help="close (fold) at the end")
    parser.add_argument("--stop-holding-lock", action="store_true")
    parser.add_argument("--report-busy", action="store_true")
    parser.add_argument("--wait-for-go", action="store_true")
    args = parser.parse_args()
    store = AnnotationStore(args.db, annotator=args.annotator, fold_threshold=args.fold_threshold)
    if args.report_busy:
        threading.Thread(target=report_busy, args=(store,), daemon=True).start()
    print("ready", flush=True)
    if args.wait_for_go:
        sys.stdin.readline()
    if args.stop_holding_lock:
        with store._transaction():  # a save in progress, as far as other processes see
            print("holding", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)
    for n in range(args.count):
        text = f"statement {n} by {args.annotator}"
        ann = store.add(f"article-{n % 7}", n, n + len(text), "favour", text, note="x" * (n % 50))
        sys.stdout.write(ann.id + "\n")
        sys.stdout.flush()
    if args.close:
        store.close()
        if store.fold_problem:
            print(f"fold problem: {store.fold_problem}", file=sys.stderr, flush=True)
    return 0


def report_busy(store: AnnotationStore) -> None:
    """Print each new `busy` notice of the store on standard error."""
    last = None
    while True:
        busy = store.busy
        if busy is not None and busy != last:
            print(f"busy: {busy.message()}", file=sys.stderr, flush=True)
        last = busy
        time.sleep(0.01)


if __name__ == "__main__":
    sys.exit(main())
