"""The corpus cache index: reuse unchanged files, reparse only what changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from store.corpus import Corpus
from store.corpus.index import CACHE_ENV, index_path, pipeline_version


def dump(title: str) -> str:
    """A small page dump with a headline and prose paragraphs."""
    return (
        f"{title}\n\nThe ministers met on Thursday to discuss {title.lower()}, officials said."
        " They agreed on very little.\n\nAnother paragraph follows here with more words.\n"
    )


def make_corpus(root: Path, n: int = 4) -> Path:
    """A folder of `n` dumps plus a JSONL file with one good and one bad line."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"{i}.txt").write_text(dump(f"Report number {i}"), encoding="utf-8")
    good = {"text": "A line article, long enough to count as prose, the editor said."}
    (root / "feed.jsonl").write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A corpus folder whose files look old, so their mtimes are trusted."""
    folder = make_corpus(tmp_path / "corpus")
    for path in folder.iterdir():
        os.utime(path, ns=(1_500_000_000_000_000_000, 1_500_000_000_000_000_000))
    return folder


def test_reopen_reuses_the_index(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = Corpus.open(root, cache)
    assert (cold.stats.parsed_files, cold.stats.reused_files) == (5, 0)
    assert cold.stats.index_written and index_path(root.resolve(), cache).is_file()
    warm = Corpus.open(root, cache)
    assert (warm.stats.parsed_files, warm.stats.reused_files) == (0, 5)
    assert not warm.stats.index_written
    assert warm.entries == cold.entries
    assert warm.problems == cold.problems
    assert [p.line for p in warm.problems] == [2]
    jsonl_entry = warm.entries[-1]
    assert "editor said" in warm.article(jsonl_entry.id).text


def test_changed_file_is_the_only_one_reparsed(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    (root / "2.txt").write_text(dump("A rewritten report"), encoding="utf-8")
    corpus = Corpus.open(root, cache)
    assert (corpus.stats.parsed_files, corpus.stats.reused_files) == (1, 4)
    assert corpus.entries[2].title == "A rewritten report"
    assert Corpus.open(root, cache).stats.parsed_files == 0


def test_same_size_change_right_after_opening_is_caught(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "fresh")
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    path = root / "1.txt"
    before = path.stat()
    path.write_text(dump("Report number 9"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    corpus = Corpus.open(root, cache)
    assert corpus.entries[1].title == "Report number 9"
    assert corpus.stats.parsed_files == 1


def test_added_and_deleted_files(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    (root / "0.txt").unlink()
    (root / "sub").mkdir()
    (root / "sub" / "new.txt").write_text(dump("A brand new report"), encoding="utf-8")
    corpus = Corpus.open(root, cache)
    stats = corpus.stats
    assert (stats.parsed_files, stats.reused_files, stats.removed_files) == (1, 4, 1)
    titles = [e.title for e in corpus]
    assert "Report number 0" not in titles and "A brand new report" in titles
    data = json.loads(index_path(root.resolve(), cache).read_text(encoding="utf-8"))
    assert "0.txt" not in data["files"] and "sub/new.txt" in data["files"]


@pytest.mark.parametrize(
    "damage",
    [b"{not json", b"", b"[1, 2]", b'{"format": 2, "files": 3}', b"\x00\xff" * 10],
)
def test_corrupt_index_is_ignored_and_rebuilt(root: Path, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    expected = Corpus.open(root, cache).entries
    index_path(root.resolve(), cache).write_bytes(damage)
    corpus = Corpus.open(root, cache)
    assert corpus.entries == expected
    assert corpus.stats.parsed_files == 5 and corpus.stats.index_written
    assert corpus.stats.index_note is not None
    assert Corpus.open(root, cache).stats.reused_files == 5


def test_damaged_record_reparses_only_that_file(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    ipath = index_path(root.resolve(), cache)
    data = json.loads(ipath.read_text(encoding="utf-8"))
    data["files"]["3.txt"][3] = [["x"]]  # [size, mtime_ns, hash, entries, problems]
    ipath.write_text(json.dumps(data), encoding="utf-8")
    corpus = Corpus.open(root, cache)
    assert (corpus.stats.parsed_files, corpus.stats.reused_files) == (1, 4)
    assert corpus.entries[3].title == "Report number 3"


def test_pipeline_version_change_invalidates(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    ipath = index_path(root.resolve(), cache)
    data = json.loads(ipath.read_text(encoding="utf-8"))
    assert data["pipeline_version"] == pipeline_version()
    data["pipeline_version"] = "an older parser"
    ipath.write_text(json.dumps(data), encoding="utf-8")
    corpus = Corpus.open(root, cache)
    assert corpus.stats.parsed_files == 5
    assert "pipeline changed" in (corpus.stats.index_note or "")


def test_unwritable_cache_dir_still_opens(root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    corpus = Corpus.open(root, blocker / "cache")
    assert len(corpus) == 5
    assert not corpus.stats.index_written
    assert "index not saved" in (corpus.stats.index_note or "")


def test_cache_env_var_and_no_cache(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env-cache"))
    corpus = Corpus.open(root)
    assert corpus.stats.index_path == index_path(root.resolve(), tmp_path / "env-cache")
    assert corpus.stats.index_path is not None and corpus.stats.index_path.is_file()
    uncached = Corpus.open(root, tmp_path / "unused", use_cache=False)
    assert uncached.stats.index_path is None and not (tmp_path / "unused").exists()
    assert uncached.entries == corpus.entries


def test_single_file_location_is_cached(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        {"text": f"Line article number {i}, long enough to be prose, he said."} for i in range(3)
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    os.utime(path, ns=(1_500_000_000_000_000_000, 1_500_000_000_000_000_000))
    cache = tmp_path / "cache"
    assert len(Corpus.open(path, cache)) == 3
    warm = Corpus.open(path, cache)
    assert warm.stats.reused_files == 1 and len(warm) == 3
    assert "number 2" in warm.article(warm.entries[2].id).text


def test_racy_files_are_checked_by_content_then_settled(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "fresh")
    recent = time.time_ns() - 1_900_000_000  # inside the 2 s window, but not for long
    for path in root.iterdir():
        os.utime(path, ns=(recent, recent))
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    time.sleep(0.2)
    second = Corpus.open(root, cache)  # racy: hashed, not parsed; index rewritten
    assert (second.stats.parsed_files, second.stats.index_written) == (0, True)
    third = Corpus.open(root, cache)  # trusted by mtime now: nothing to write
    assert (third.stats.parsed_files, third.stats.index_written) == (0, False)


def test_a_reopen_previews_the_index_before_checking_files(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = list(Corpus.scan(root, cache, preview=True))
    assert not any(batch.preview for batch in cold)  # nothing remembered yet
    (root / "0.txt").unlink()  # the preview does not look at the disk...
    warm = list(Corpus.scan(root, cache, preview=True))
    assert warm[0].preview and len(warm[0].entries) == len(cold[-1].corpus or [])
    final = warm[-1].corpus
    assert final is not None and len(final) == len(warm[0].entries) - 1  # ...the corpus does
