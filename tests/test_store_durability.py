"""Damaged files, full disks and read-only places: clear errors, backups, no lost label."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
import tinydb

from store.annotations import (
    AnnotationStore,
    CorruptStoreError,
    ReadOnlyStoreError,
    StoreError,
    StoreWriteError,
)
from store.paths import journal_path


def crashed_copy(tmp_path: Path, count: int = 3) -> tuple[Path, list[str]]:
    """A db and journal as a crash would leave them: `count` labels in the journal only."""
    live = tmp_path / "live" / "annotations.json"
    store = AnnotationStore(live, annotator="alice")
    ids = [store.add("a1", i, i + 1, "favour", "x").id for i in range(count)]
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    shutil.copy(live, crashed / live.name)
    shutil.copy(journal_path(live), journal_path(crashed / live.name))
    store.close()
    return crashed / live.name, ids


def backups(path: Path, kind: str) -> list[Path]:
    """Backup copies of `path` of one kind ("corrupt" or "torn")."""
    return sorted(path.parent.glob(f"{path.name}.{kind}-*"))


def test_journal_is_replayed_after_a_crash(tmp_path: Path) -> None:
    db, ids = crashed_copy(tmp_path)
    assert tinydb.TinyDB(db).table("annotations").all() == []  # only in the journal
    with AnnotationStore(db) as store:
        assert [a.id for a in store.annotations("a1")] == ids
    assert len(tinydb.TinyDB(db).table("annotations")) == 3


@pytest.mark.parametrize(
    "tail",
    [b'{"op":"put","table":"annotations","rec":{"id":"half', b"\x00\x00\x00\x00", b"garbage\n"],
    ids=["partial-line", "zeros", "bad-last-line"],
)
def test_torn_last_line_is_cut_after_a_backup(tmp_path: Path, tail: bytes) -> None:
    db, ids = crashed_copy(tmp_path)
    journal = journal_path(db)
    good = journal.read_bytes()
    journal.write_bytes(good + tail)
    with AnnotationStore(db, fold_threshold=10**9) as store:
        assert [a.id for a in store.annotations()] == ids
        assert journal.read_bytes() == good  # cut back to the last whole line
        (backup,) = backups(journal, "torn")
        assert backup.read_bytes() == good + tail
        new = store.add("a1", 9, 10, "against", "y")  # appends go on cleanly
    with AnnotationStore(db) as store:
        assert [a.id for a in store.annotations()] == [*ids, new.id]


def test_damage_in_the_middle_of_the_journal_is_an_error(tmp_path: Path) -> None:
    db, _ = crashed_copy(tmp_path)
    journal = journal_path(db)
    lines = journal.read_bytes().splitlines(keepends=True)
    damaged = lines[0] + b'{"op":"put","tab\n' + b"".join(lines[2:])
    journal.write_bytes(damaged)
    with pytest.raises(CorruptStoreError) as caught:
        AnnotationStore(db)
    message = str(caught.value)
    assert str(journal) in message and "damaged journal record" in message
    assert journal.read_bytes() == damaged  # nothing overwritten
    (backup,) = backups(journal, "corrupt")
    assert backup.read_bytes() == damaged and caught.value.backup == backup


def test_a_bad_record_in_the_journal_is_kept_aside_and_the_rest_opens(tmp_path: Path) -> None:
    db, _ = crashed_copy(tmp_path)
    journal = journal_path(db)
    journal.write_bytes(b'{"op":"put","table":"annotations","rec":{"id":"x"}}\n' * 2)
    with AnnotationStore(db) as store:
        note = store.set_aside_note
        assert note is not None and "1 broken label record is kept aside" in note
        assert "the journal: missing article_id" in note
    with AnnotationStore(db) as again:  # after the fold: still kept, still said
        assert again.set_aside_note is not None


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"annotations": {"1": {"id": "a"', b"[1, 2, 3]", b'{"annotations": 5}'],
    ids=["garbage", "truncated", "list", "bad-table"],
)
def test_corrupt_database_file_is_an_error_with_a_backup(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "annotations.json"
    db.write_bytes(content)
    with pytest.raises(CorruptStoreError) as caught:
        AnnotationStore(db)
    assert str(db) in str(caught.value) and "TinyDB" in str(caught.value)
    assert db.read_bytes() == content
    (backup,) = backups(db, "corrupt")
    assert backup.read_bytes() == content


def test_truncated_real_database_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db) as store:
        for i in range(20):
            store.add("a1", i, i + 1, "favour", "x")
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptStoreError):
        AnnotationStore(db)
    assert backups(db, "corrupt")[0].read_bytes() == data[: len(data) // 2]


def test_bad_records_in_the_database_are_kept_aside_and_the_good_ones_used(
    tmp_path: Path,
) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db, annotator="alice") as store:
        good = store.add("a1", 0, 4, "favor", "good")
    with tinydb.TinyDB(db) as plain:
        table = plain.table("annotations")
        table.insert({"id": "x", "label": "favour"})
        table.insert({**good.to_dict(), "id": "y", "created": 12345})
        table.insert({**good.to_dict(), "id": "z", "note": "\x1b]52;c;aGk=\x07"})
    with AnnotationStore(db, annotator="alice") as store:
        assert store.annotations() == [good]
        note = store.set_aside_note
        assert note is not None and note.startswith(f"{db}: 3 broken label records")
        assert "annotations document 2: missing" in note and "\x1b" not in note
        store.add("a1", 5, 9, "against", "more")
    data = json.loads(db.read_text())  # folded on close: the broken records kept aside
    reasons = sorted(entry["reason"] for entry in data["set_aside"].values())
    assert reasons == [
        "bad time stamps 12345, '" + good.updated + "'",
        "missing article_id, start, end, text, annotator",
        "note holds terminal control characters",
    ]
    assert len(data["annotations"]) == 2


def test_empty_database_file_is_an_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    db.write_bytes(b"")
    with AnnotationStore(db) as store:
        assert store.annotations() == []


# A real full disk can't be made here (no mount, no loop devices), so the disk-full
# tests make the system calls fail the way a full disk does: ENOSPC from write/fsync.


def test_disk_full_on_fsync_raises_and_keeps_the_journal_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "annotations.json"
    store = AnnotationStore(db, annotator="alice")
    kept = store.add("a1", 0, 1, "favour", "x")
    journal = journal_path(db)
    before = journal.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreWriteError, match="No space left on device") as caught:
        store.add("a1", 1, 2, "against", "y")
    assert str(journal) in str(caught.value)
    monkeypatch.undo()
    assert journal.read_bytes() == before  # no partial record left behind
    assert store.annotations("a1") == [kept]
    later = store.add("a1", 2, 3, "favour", "z")
    store.close()
    with AnnotationStore(db) as again:
        assert again.annotations("a1") == [kept, later]


def test_disk_full_mid_write_truncates_the_partial_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "annotations.json"
    store = AnnotationStore(db)
    kept = store.add("a1", 0, 1, "favour", "x")
    journal = journal_path(db)
    before = journal.read_bytes()
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreWriteError, match="nothing was written"):
        store.add("a1", 1, 2, "against", "y")
    monkeypatch.undo()
    assert journal.read_bytes() == before
    store.close()
    with AnnotationStore(db) as again:
        assert again.annotations() == [kept]


def test_disk_full_during_fold_keeps_every_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "annotations.json"
    store = AnnotationStore(db)
    ids = [store.add("a1", i, i + 1, "favour", "x").id for i in range(3)]
    real_open = os.open

    def no_temp_files(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if ".tmp-" in os.fspath(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", no_temp_files)
    store.close()  # quietly: the journal keeps every label
    assert "No space left" in (store.fold_problem or "")
    monkeypatch.undo()
    assert not list(tmp_path.glob(".*tmp-*"))
    with AnnotationStore(db) as again:
        assert [a.id for a in again.annotations()] == ids


def test_read_only_file_system_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, which ignores permission bits; EROFS is what a read-only
    # mount answers to an open for writing, so the journal open is made to fail so.
    db = tmp_path / "annotations.json"
    with AnnotationStore(db) as store:
        ann = store.add("a1", 0, 1, "favour", "x")
    real_open = os.open

    def read_only_fs(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only_fs)
    with AnnotationStore(db) as store:
        assert store.read_only and "Read-only file system" in (store.read_only_reason or "")
        assert store.annotations() == [ann]
        with pytest.raises(ReadOnlyStoreError, match="read-only"):
            store.add("a1", 1, 2, "favour", "y")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore(db) as store:
        store.add("a1", 0, 1, "favour", "x")
    store_files = list(tmp_path.iterdir())
    for path in [*store_files, tmp_path]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        with AnnotationStore(db) as store:
            assert store.read_only
            with pytest.raises(ReadOnlyStoreError):
                store.add("a1", 1, 2, "favour", "y")
    finally:
        for path in [tmp_path, *store_files]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_path_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    with pytest.raises(
        StoreError, match=r"annotations\.json: cannot open: .*notes\.txt is not a folder"
    ):
        AnnotationStore(blocker / "annotations.json")


def test_corrupt_file_where_no_backup_fits_still_says_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "annotations.json"
    db.write_bytes(b"{not json")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(CorruptStoreError, match=r"not a valid TinyDB file.*no copy could be saved"):
        AnnotationStore(db)
    assert db.read_bytes() == b"{not json"


def test_temp_files_of_an_interrupted_fold_are_removed(tmp_path: Path) -> None:
    db, ids = crashed_copy(tmp_path)
    stale = db.with_name(f".{db.name}.tmp-12345-abcdef01")
    stale.write_bytes(b'{"annotations": {"1": ')
    with AnnotationStore(db) as store:
        assert [a.id for a in store.annotations()] == ids
    assert not stale.exists()
