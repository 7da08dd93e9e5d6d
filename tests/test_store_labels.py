"""One label per unit, target and annotator; conditional undo; what other sessions changed.

Real TinyDB files in tmp_path; other sessions are other store objects on the
same file (each with its own lock file description, as another process has)
or real subprocesses where blocking is the point.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store.annotations import AnnotationStore, ConflictError
from store.labelling import Slot, draft_label, labelled_counts
from store.records import ArticleInfo

TEXT = "Oil prices fell sharply on Tuesday. Traders expect further declines. Markets closed."


def draft(label: str, start: int = 0, end: int = 35, unit: str = "sentence", **kw: object):
    """A draft on the article "a1" (the first sentence by default)."""
    return draft_label("a1", TEXT, unit, start, end, label, **kw)  # type: ignore[arg-type]


def test_labelling_a_labelled_unit_replaces_its_label(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        first = store.set_label(draft("favor"))
        assert first.before is None and first.after is not None
        assert (first.after.text, first.after.prefix, first.after.suffix[:7]) == (
            TEXT[:35],
            "",
            " Trader",
        )
        second = store.set_label(draft("against"))
        assert second.before == first.after
        assert second.after is not None and second.after.id == first.after.id
        assert second.after.updated > first.after.updated
        again = store.set_label(draft("against"))
        assert not again.changed
        store.add("a1", 0, 35, "neutral", TEXT[:35])  # the plain API keeps the rule too
        (only,) = store.annotations("a1")
        assert (only.id, only.label) == (first.after.id, "neutral")
        # Another annotator, another target or another unit is another slot.
        with AnnotationStore(tmp_path / "db.json", annotator="bob") as bob:
            bob.set_label(draft("favor"))
        store.set_label(draft("favor", target="sanctions"))
        store.set_label(draft("favor", 0, 10, unit="span"))
        assert len(store.annotations("a1")) == 4


def test_the_first_label_remembers_its_article(tmp_path: Path) -> None:
    info = ArticleInfo("a1", "Oil falls", "TASS", None, "a1.txt", TEXT, "June 22")
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        assert store.articles() == []
        store.set_label(draft("favor"), article=info)
        assert store.articles() == [info]


def test_clear_and_note_act_on_the_slot(tmp_path: Path) -> None:
    slot = Slot("a1", "sentence", 0, 35)
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        assert store.clear_label(slot).changed is False
        store.set_label(draft("favor"))
        noted = store.set_note(slot, "hedged")
        assert noted.after is not None and noted.after.note == "hedged"
        relabelled = store.set_label(draft("against"))
        assert relabelled.after is not None and relabelled.after.note == "hedged"
        cleared = store.clear_label(slot)
        assert cleared.before is not None and cleared.after is None
        assert store.annotations() == []


def test_revert_undoes_and_redoes(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        added = store.set_label(draft("favor"))
        relabel = store.set_label(draft("against"))
        undone = store.revert(relabel)
        assert [a.label for a in store.annotations()] == ["favor"]
        store.revert(undone)  # redo
        assert [a.label for a in store.annotations()] == ["against"]
        assert added.after is not None
        removal = store.clear_label(Slot.of(added.after))
        store.revert(removal)
        (back,) = store.annotations()
        assert (back.id, back.label, back.created) == (
            added.after.id,
            "against",
            added.after.created,
        )


def test_revert_never_overwrites_another_sessions_later_edit(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with (
        AnnotationStore(db, annotator="alice") as mine,
        AnnotationStore(db, annotator="alice") as other,
    ):
        change = mine.set_label(draft("favor"))
        other.set_label(draft("neutral"))  # the same annotator in a second terminal
        with pytest.raises(ConflictError, match="changed in another session") as caught:
            mine.revert(change)
        assert caught.value.current is not None and caught.value.current.label == "neutral"
        assert [a.label for a in other.annotations()] == ["neutral"]

        relabel = mine.set_label(draft("against"))
        other.clear_label(Slot("a1", "sentence", 0, 35))  # removed elsewhere
        with pytest.raises(ConflictError):
            mine.revert(relabel)
        assert mine.annotations() == []  # the removal stands: nothing comes back

        gone = mine.set_label(draft("favor"))
        removed = mine.clear_label(Slot("a1", "sentence", 0, 35))
        other.set_label(draft("against"))  # the unit was labelled again elsewhere
        with pytest.raises(ConflictError, match="labelled 'against'"):
            mine.revert(removed)
        assert gone.after is not None
        assert [(a.label, a.id != gone.after.id) for a in mine.annotations()] == [("against", True)]


def test_snapshot_generation_and_external_changes(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore(db, annotator="alice") as mine:
        generation, labels = mine.snapshot("a1")
        assert labels == []
        mine.set_label(draft("favor"))
        later, labels = mine.snapshot("a1")
        assert later > generation and [a.label for a in labels] == ["favor"]
        assert not mine.take_external_changes()  # our own writes are not "external"
        with AnnotationStore(db, annotator="bob") as bob:
            bob.set_label(draft_label("a2", TEXT, "sentence", 0, 35, "against"))
            mine.refresh()
            changes = mine.take_external_changes()
            assert changes.touches("a2") and not changes.touches("a1")
        # bob's close folded the journal into the file: anything may have changed.
        mine.refresh()
        assert mine.take_external_changes().everything
        assert mine.labelled_counts() == {"a1": 1}
        assert mine.labelled_counts("bob") == {"a2": 1}
        assert mine.labelled_counts(article_ids=["a2"]) == {}


def test_a_read_does_not_wait_for_a_stalled_writer(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore(db, annotator="alice") as store:
        store.set_label(draft("favor"))
        # Another process appends a label and then holds the lock, as one stopped
        # in the middle of a write would.
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(
                    f"""
                    import fcntl, sys, time
                    from store.annotations import AnnotationStore
                    from store.labelling import draft_label
                    s = AnnotationStore({str(db)!r}, annotator="bob")
                    s.set_label(draft_label("a1", {TEXT!r}, "sentence", 36, 68, "against"))
                    fd = open({str(db) + ".lock"!r}, "r+")
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    print("holding", flush=True)
                    time.sleep(30)
                    """
                ),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
            started = time.monotonic()
            _generation, labels = store.snapshot("a1")
            counts = store.labelled_counts()
            waited = time.monotonic() - started
            assert [a.label for a in labels] == ["favor"]  # what it had: it looks next time
            assert counts == {"a1": 1}
            assert waited < 5  # it did not wait for the 30 s the other process holds on
        finally:
            holder.kill()
            holder.wait()
        _generation, labels = store.snapshot("a1")
        assert sorted(a.label for a in labels) == ["against", "favor"]


def test_labelled_counts_ignore_orphans_other_units_and_targets(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        store.set_label(draft("favor"))
        store.set_label(draft("favor", 36, 68))
        store.set_label(draft("favor", 36, 68, target="sanctions"))
        store.set_label(draft("favor", 0, 10, unit="span"))
        everything = store.annotations()
    assert labelled_counts(everything, "alice") == {"a1": 2}
    assert labelled_counts(everything, "alice", target="sanctions") == {"a1": 1}
    assert labelled_counts(everything, "alice", unit="span") == {"a1": 1}
    assert labelled_counts(everything, "bob") == {}


def test_import_keeps_one_label_per_unit_and_the_later_edit(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "here.json", annotator="alice") as here:
        older = here.set_label(draft("favor")).after
    with AnnotationStore(tmp_path / "there.json", annotator="alice") as there:
        time.sleep(0.002)
        newer = there.set_label(draft("against")).after
    assert older is not None and newer is not None
    with AnnotationStore(tmp_path / "here.json", annotator="alice") as here:
        result = here.merge([newer])
        assert (result.added, result.replaced, result.duplicates) == (0, 1, 0)
        assert [a.label for a in here.annotations()] == ["against"]
        assert here.merge([older]).duplicates == 1  # the older edit does not come back
        assert [a.label for a in here.annotations()] == ["against"]


def test_import_takes_a_later_edit_of_the_same_label_and_reads_time_zones(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "here.json", annotator="alice") as here:
        mine = here.set_label(draft("favor")).after
    assert mine is not None
    # Relabelled on another machine: the same id, a later time stamp.
    later = mine.changed(label="against", updated="2999-01-01T00:00:00.000+00:00")
    # An edit from a zone east of UTC: written later in local time, an hour before.
    earlier = mine.changed(label="neutral", updated="2999-01-01T00:30:00.000+01:00")
    with AnnotationStore(tmp_path / "here.json", annotator="alice") as here:
        result = here.merge([later])
        assert (result.added, result.replaced) == (0, 1)
        assert [a.label for a in here.annotations()] == ["against"]
        assert here.merge([earlier]).duplicates == 1
        assert here.merge([later]).duplicates == 1  # the same edit twice: nothing new
        assert [a.label for a in here.annotations()] == ["against"]


def test_relabelling_anchors_the_label_where_it_was_given_again(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        old = store.set_label(draft("favor")).after
        assert old is not None
        store.restore(old.changed(text="Words that are gone.", anchor="orphaned"))
        again = store.set_label(draft("favor")).after
        assert again is not None and again.id == old.id
        assert (again.text, again.anchor) == (TEXT[:35], "exact")
