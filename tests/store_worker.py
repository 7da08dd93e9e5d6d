"""A separate process that adds labels to a store, for the crash and concurrency tests.

    python tests/store_worker.py DB COUNT [--annotator NAME] [--fold-threshold BYTES]
        [--close]

Prints each annotation id on its own line, flushed, as soon as `add` returned:
every printed id was acknowledged, so it must survive a kill -9.
"""

from __future__ import annotations

import argparse
import sys

from store.annotations import AnnotationStore


def main() -> int:
    """Add COUNT labels, printing each acknowledged id."""
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("count", type=int)
    parser.add_argument("--annotator", default="worker")
    parser.add_argument("--fold-threshold", type=int, default=None)
    parser.add_argument("--close", action="store_true", help="close (fold) at the end")
    args = parser.parse_args()
    store = AnnotationStore(args.db, annotator=args.annotator, fold_threshold=args.fold_threshold)
    print("ready", flush=True)
    for n in range(args.count):
        text = f"statement {n} by {args.annotator}"
        ann = store.add(f"article-{n % 7}", n, n + len(text), "favour", text, note="x" * (n % 50))
        sys.stdout.write(ann.id + "\n")
        sys.stdout.flush()
    if args.close:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
