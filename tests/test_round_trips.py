"""Round trips between two databases (a server and a laptop), as a team does them.

An edit made on one side replaces the older label on the other, and says so;
a deletion travels with `export --with-deletions`, so a label removed on the
server does not come back from the laptop, and a later edit beats an older
deletion. Real databases, the real CLI in subprocesses.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.annotations import AnnotationStore
from store.records import ArticleInfo

MARGINALIA = Path(sys.executable).with_name("marginalia")
TEXT = "Hello world and more words."


def cli(*args: str | Path) -> str:
    """Run a subcommand; returns its standard error (where it reports)."""
    result = subprocess.run(
        [str(MARGINALIA), *map(str, args)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def trip(source: Path, target: Path, tmp_path: Path) -> str:
    """Export `source` with its deletions and import it into `target`."""
    exported = tmp_path / f"{source.stem}-to-{target.stem}.jsonl"
    cli("export", "--db", source, "--with-deletions", "-o", exported)
    return cli("import-annotations", exported, "--db", target)


def labels(db: Path) -> dict[tuple[int, int], str]:
    with AnnotationStore(db, annotator="reader") as store:
        return {(a.start, a.end): a.label for a in store.annotations()}


def test_edits_and_deletions_travel_both_ways(tmp_path: Path) -> None:
    server, laptop = tmp_path / "server.json", tmp_path / "laptop.json"
    with AnnotationStore(server, annotator="alice") as store:
        store.remember_articles([ArticleInfo("a1", "Greeting", text=TEXT)])
        hello = store.add("a1", 0, 5, "favor", "Hello")
        store.add("a1", 6, 11, "against", "world")
    trip(server, laptop, tmp_path)
    assert labels(laptop) == {(0, 5): "favor", (6, 11): "against"}

    with AnnotationStore(laptop, annotator="alice") as store:  # an edit on the laptop
        store.update(hello.id, label="neutral")
    said = trip(laptop, server, tmp_path)
    assert "1 replaced by a later edit" in said
    assert labels(server) == {(0, 5): "neutral", (6, 11): "against"}

    with AnnotationStore(server, annotator="alice") as store:  # a deletion on the server
        world = next(a for a in store.annotations() if a.start == 6)
        store.remove(world.id)
    said = trip(server, laptop, tmp_path)
    assert "1 deleted (deleted there after their last edit)" in said, said
    assert labels(laptop) == {(0, 5): "neutral"}
    said = trip(laptop, server, tmp_path)  # and it does not come back
    assert labels(server) == {(0, 5): "neutral"}


def test_a_label_deleted_here_stays_deleted_unless_edited_later_there(tmp_path: Path) -> None:
    server, laptop = tmp_path / "server.json", tmp_path / "laptop.json"
    with AnnotationStore(server, annotator="alice") as store:
        store.remember_articles([ArticleInfo("a1", "Greeting", text=TEXT)])
        hello = store.add("a1", 0, 5, "favor", "Hello")
    trip(server, laptop, tmp_path)
    with AnnotationStore(server, annotator="alice") as store:
        store.remove(hello.id)
    said = trip(laptop, server, tmp_path)  # the laptop's older copy
    assert "1 left out (deleted here)" in said and labels(server) == {}
    with AnnotationStore(laptop, annotator="alice") as store:  # edited after the deletion
        store.update(hello.id, label="against")
    trip(laptop, server, tmp_path)
    assert labels(server) == {(0, 5): "against"}


def test_an_undo_of_a_deletion_takes_the_tombstone_away(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore(db, annotator="alice") as store:
        store.remember_articles([ArticleInfo("a1", "Greeting", text=TEXT)])
        hello = store.add("a1", 0, 5, "favor", "Hello")
        store.restore(store.remove(hello.id))
        assert store.deletions() == []
    with AnnotationStore(db, annotator="alice") as store:
        store.remove(hello.id)
    with AnnotationStore(db, annotator="alice") as store:  # kept through the fold
        assert [t["id"] for t in store.deletions()] == [hello.id]
