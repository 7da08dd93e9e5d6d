"""A separate process that saves one label early, while its store is still opening.

    python tests/early_worker.py DB ARTICLE_ID START END LABEL TEXT

It holds the store's load open (`EarlySaves.hold`), saves the label through the
early door, prints the slot op's id, flushed, once the save returned (it is
then acknowledged: it must survive a kill -9), and waits to be killed.
"""

from __future__ import annotations

import sys
import threading

from store.annotations import AnnotationStore
from store.early import EarlySaves, slot_ops
from store.labelling import LabelDraft, Slot


def main() -> int:
    """Save one label early, print its id, and wait (with the load held) for the kill."""
    db, article_id, start, end, label, text = sys.argv[1:7]
    early = EarlySaves()
    early.hold()
    opener = threading.Thread(
        target=AnnotationStore, args=(db,), kwargs={"annotator": "ann", "early": early}
    )
    opener.start()
    draft = LabelDraft(Slot(article_id, "sentence", int(start), int(end)), label, text)
    ops = slot_ops(draft, "ann")
    if not early.save(ops):
        print("not saved", flush=True)
        return 1
    print(ops[0]["rec"]["id"], flush=True)
    opener.join()  # never returns: the load is held until the kill
    return 0


if __name__ == "__main__":
    sys.exit(main())
