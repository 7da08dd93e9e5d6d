"""Labels saved while the store is still reading its file (`store.early`, issue 15).

Every test holds the store's load open at the door's own synchronisation
point (`EarlySaves.hold`), so that a save is known to land before the load ends.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_store_processes import acknowledged, start_worker

from store.annotations import AnnotationStore
from store.early import EarlySaves, slot_ops
from store.labelling import Change, LabelDraft, Slot
from store.paths import journal_path
from store.records import Annotation
from store.text.model import Article

ARTICLE = "a" * 16
TEXT = "The mayor said the plan works."
SLOT = Slot(ARTICLE, "sentence", 0, len(TEXT))
WORKER = Path(__file__).with_name("early_worker.py")


def draft(label: str) -> LabelDraft:
    """A label for the one sentence of the article."""
    return LabelDraft(SLOT, label, TEXT)


def labelled(path: Path, label: str = "favor") -> Annotation:
    """A store at `path` whose sentence has `label` with a note and a flag; returns it."""
    with AnnotationStore(path, "ann") as db:
        db.set_label(draft(label))
        db.set_note(SLOT, "checked twice")
        after = db.set_flag(SLOT, "unsure", True).after
    assert after is not None
    return after


class Opening:
    """A store opening on a thread of its own, its load held until `finish`."""

    def __init__(self, path: Path) -> None:
        self.early = EarlySaves()
        self.early.hold()
        self.store: AnnotationStore | None = None
        self._thread = threading.Thread(target=self._open, args=(path,))
        self._thread.start()

    def _open(self, path: Path) -> None:
        self.store = AnnotationStore(path, "ann", early=self.early)

    @property
    def loading(self) -> bool:
        return self._thread.is_alive()

    def finish(self) -> AnnotationStore:
        self.early.release()
        self._thread.join()
        assert self.store is not None
        return self.store


def save_early(opening: Opening, label: str, **kwargs: object) -> str:
    """Save `label` through the door; returns the slot op's id."""
    ops = slot_ops(draft(label), "ann", **kwargs)  # type: ignore[arg-type]
    assert opening.early.save(ops)
    return str(ops[0]["rec"]["id"])


def test_an_early_save_is_on_disk_before_the_load_ends_and_replaces_the_old_label(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    opening = Opening(db_path)
    op_id = save_early(opening, "against")
    assert opening.loading
    assert op_id in journal_path(db_path).read_text()
    db = opening.finish()
    change = db.early_change(op_id)
    assert change.before == old
    after = change.after
    assert after is not None
    # Replaced as `set_label` replaces: same id, creation, note and flags; a later stamp.
    assert (after.id, after.created, after.note, after.flags) == (
        old.id,
        old.created,
        "checked twice",
        ("unsure",),
    )
    assert after.label == "against" and after.updated > old.updated
    assert db.annotations(ARTICLE) == [after]
    undone = db.revert(change)
    assert undone.after is not None and undone.after.label == "favor"
    db.close()
    with AnnotationStore(db_path, "ann") as again:
        [only] = again.annotations(ARTICLE)
    assert (only.id, only.label, only.note) == (old.id, "favor", "checked twice")


def test_an_early_save_in_an_empty_slot_is_a_new_label(tmp_path: Path) -> None:
    db_path = tmp_path / "labels.json"
    opening = Opening(db_path)
    op_id = save_early(opening, "favor", flags=())
    db = opening.finish()
    change = db.early_change(op_id)
    assert change.before is None and change.after is not None
    assert change.after.id == op_id
    assert db.annotations(ARTICLE) == [change.after]
    db.close()


def test_two_early_saves_in_one_slot_leave_the_later_and_undo_in_turn(tmp_path: Path) -> None:
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    opening = Opening(db_path)
    first = save_early(opening, "against")
    second = save_early(opening, "none")
    db = opening.finish()
    one, two = db.early_change(first), db.early_change(second)
    assert two.before == one.after
    assert [a.label for a in db.annotations(ARTICLE)] == ["none"]
    back = db.revert(two)  # the label put back has a new stamp, as the session's undo knows
    db.revert(Change(one.before, back.after))
    assert db.annotations(ARTICLE)[0].label == old.label
    db.close()


def test_an_early_save_of_the_same_label_changes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    opening = Opening(db_path)
    op_id = save_early(opening, "favor")
    db = opening.finish()
    assert db.early_change(op_id) == Change(old, old)
    assert db.annotations(ARTICLE) == [old]
    db.close()


@pytest.mark.parametrize("then_remove", [False, True])
def test_a_journal_replayed_after_its_fold_resolves_no_slot_op_again(
    tmp_path: Path, then_remove: bool
) -> None:
    """A crash between a fold's rewrite and the journal's reset replays the journal
    over a file that has it all: a label removed after its early save stays removed."""
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    opening = Opening(db_path)
    save_early(opening, "against")
    db = opening.finish()
    if then_remove:
        db.clear_label(SLOT)
    journal = journal_path(db_path).read_bytes()
    assert b'"resolves"' in journal
    db.close()
    journal_path(db_path).write_bytes(journal)  # as if the reset never happened
    with AnnotationStore(db_path, "ann") as again:
        found = again.annotations(ARTICLE)
    if then_remove:
        assert found == []
    else:
        assert [(a.id, a.label) for a in found] == [(old.id, "against")]


def test_another_process_sees_the_early_label_once_the_store_is_open(tmp_path: Path) -> None:
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    opening = Opening(db_path)
    save_early(opening, "against")
    db = opening.finish()
    with AnnotationStore(db_path, "other", read_only=True) as reader:
        assert [(a.id, a.label) for a in reader.annotations(ARTICLE)] == [(old.id, "against")]
    db.close()


def test_a_read_only_store_shuts_the_door_without_opening_it(tmp_path: Path) -> None:
    db_path = tmp_path / "labels.json"
    labelled(db_path)
    early = EarlySaves()
    with AnnotationStore(db_path, "ann", read_only=True, early=early):
        early.abandon()  # as whoever opened it does
        assert not early.save(slot_ops(draft("against"), "ann"))


@pytest.mark.xdist_group("store-subprocess")
def test_a_process_killed_right_after_an_early_save_keeps_it(tmp_path: Path) -> None:
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(db_path), ARTICLE, "0", str(len(TEXT)), "against", TEXT],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    op_id = worker.stdout.readline().strip()
    assert len(op_id) == 32  # acknowledged: saved and fsynced, the load still held
    worker.kill()
    worker.wait()
    with AnnotationStore(db_path, "ann") as again:
        [only] = again.annotations(ARTICLE)
        assert b'"resolves"' in journal_path(db_path).read_bytes()
    assert (only.id, only.label, only.note, only.flags) == (
        old.id,
        "against",
        "checked twice",
        ("unsure",),
    )
    with AnnotationStore(db_path, "ann") as third:
        assert [a.id for a in third.annotations(ARTICLE)] == [old.id]


def test_a_label_moved_by_new_text_never_joins_an_early_label_in_its_new_slot(
    tmp_path: Path,
) -> None:
    """The reader labels the article's current text while the file loads, before the
    old labels are re-anchored to it: the old label must not move into that slot."""
    db_path = tmp_path / "labels.json"
    with AnnotationStore(db_path, "ann") as db:
        old = db.add(ARTICLE, 0, len(TEXT), "favor", TEXT)
    new_text = "Breaking. " + TEXT
    moved = Slot(ARTICLE, "sentence", 10, 10 + len(TEXT))
    opening = Opening(db_path)
    assert opening.early.save(slot_ops(LabelDraft(moved, "against", TEXT), "ann"))
    db = opening.finish()
    article = Article(
        id=ARTICLE, file="a.txt", title="T", subtitle=None, source=None, date=None,
        date_text=None, dateline=None, text=new_text,
    )  # fmt: skip
    db.annotations_for(article)
    by_slot = {(a.start, a.end): a.label for a in db.annotations(ARTICLE)}
    assert by_slot == {(0, len(TEXT)): "favor", (10, 10 + len(TEXT)): "against"}
    assert db.get(old.id) == old
    db.close()


@pytest.mark.xdist_group("store-subprocess")
def test_another_process_writing_meanwhile_waits_for_the_lock_and_both_labels_stay(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "labels.json"
    old = labelled(db_path)
    opening = Opening(db_path)
    save_early(opening, "against")
    worker = start_worker(db_path, 1)  # its open waits for the lock the load holds
    db = opening.finish()
    out, _err = worker.communicate(timeout=60)
    assert worker.returncode == 0
    [theirs] = acknowledged(out)
    labels = {a.id: a.label for a in db.annotations()}  # caught up with the worker
    assert labels[old.id] == "against" and theirs in labels and len(labels) == 2
    db.close()
