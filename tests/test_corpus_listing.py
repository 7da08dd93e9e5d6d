"""The compact listing a reopen reads first: used when every file matches, never when
one was changed, added or removed, and ignored (then rebuilt) when stale or damaged."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from store.corpus import Corpus
from store.corpus.index import index_path, pipeline_version
from store.corpus.listing import (
    FIRST_PAGE,
    listing_key,
    listing_path,
    load_first_page,
    load_listing,
)
from store.library import LibraryIndex, LibraryQuery

OLD_NS = 1_500_000_000_000_000_000
"""An mtime long past: files this old are trusted by size and mtime."""


def dump(title: str, date: str) -> str:
    """A page dump with a headline, a dateline and prose."""
    return (
        f"{title}\n\n{date}\n\nThe ministers met on Thursday to discuss {title.lower()}, "
        "officials said. They agreed on very little.\n\nAnother paragraph follows here.\n"
    )


def age(path: Path) -> None:
    """Make a file look old, so that its mtime is trusted."""
    os.utime(path, ns=(OLD_NS, OLD_NS))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Four dated dumps, an undated one, a JSONL file with a bad line, and a duplicate."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    dates = ["May 13, 2015", "June 2, 2019", "March 1, 2017", "June 2, 2019"]
    for i, date in enumerate(dates):
        (folder / f"{i}.txt").write_text(dump(f"Report number {i}", date), encoding="utf-8")
    (folder / "undated.txt").write_text(dump("An undated report", ""), encoding="utf-8")
    (folder / "copy.txt").write_text(dump("Report number 1", "June 2, 2019"), encoding="utf-8")
    good = {"text": "A line article, long enough to count as prose, the editor said."}
    (folder / "feed.jsonl").write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    for path in folder.iterdir():
        age(path)
    return folder


def reopen(root: Path, cache: Path) -> Corpus:
    """Open the corpus again with the same cache."""
    return Corpus.open(root, cache)


def test_a_reopen_is_the_listing_when_every_file_matches(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = Corpus.open(root, cache)
    assert listing_path(index_path(root.resolve(), cache)).is_file()
    warm = reopen(root, cache)
    assert warm.stats.listed and not warm.stats.index_written
    assert (warm.stats.parsed_files, warm.stats.reused_files) == (0, 7)
    assert warm.entries == cold.entries
    assert warm.problems == cold.problems and warm.stats.duplicates == 1
    jsonl = next(e for e in warm.entries if e.origin.endswith("feed.jsonl"))
    assert jsonl.line == 1 and "editor said" in warm.article(jsonl.id).text  # its offset
    assert "discuss report number 2" in warm.article(warm.entries[2].id).text


def test_the_saved_date_order_is_the_librarys_own(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    warm = reopen(root, cache)
    assert "date" in warm.entries.orders  # handed over by the listing, not sorted again
    fresh = LibraryIndex(list(warm.entries))  # a plain list: sorted here
    for sort in ("date", "title"):
        query = LibraryQuery(sort=sort)
        assert LibraryIndex(warm.entries).query(query, {}) == fresh.query(query, {})
    newest = LibraryIndex(warm.entries).query(LibraryQuery(), {})
    assert [e.title for e in newest[:2]] == ["Report number 1", "Report number 3"]
    # The sources too are handed over, and are those the library would list.
    assert warm.entries.source_names is not None
    assert LibraryIndex(warm.entries).sources() == fresh.sources()


@pytest.mark.parametrize("change", ["edit", "add", "remove", "touch"])
def test_a_changed_added_or_removed_file_voids_the_listing(
    root: Path, tmp_path: Path, change: str
) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    target = root / "2.txt"
    if change == "edit":
        target.write_text(dump("Report number 2, corrected", "March 1, 2017"), encoding="utf-8")
        age(target)  # same old mtime: the size tells
    elif change == "add":
        (root / "new.txt").write_text(dump("A late report", "July 4, 2020"), encoding="utf-8")
        age(root / "new.txt")
    elif change == "remove":
        target.unlink()
    else:  # same size, a new mtime
        os.utime(target, ns=(OLD_NS + 10**9, OLD_NS + 10**9))
    changed = reopen(root, cache)
    assert not changed.stats.listed
    titles = [e.title for e in changed.entries]
    expected = {
        "edit": "Report number 2, corrected" in titles,
        "add": "A late report" in titles,
        "remove": "Report number 2" not in titles,
        "touch": "Report number 2" in titles,
    }
    assert expected[change]
    assert changed.stats.parsed_files == (0 if change == "remove" else 1)
    again = reopen(root, cache)  # the listing was rewritten for the files as they are now
    assert again.stats.listed and again.entries == changed.entries


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # torn
        lambda data: data[:-40] + bytes(40),  # zeroed tail
        lambda data: data[:60] + bytes([data[60] ^ 0xFF]) + data[61:],  # one flipped byte
        lambda data: b"\x00\xff" * 100,
    ],
)
def test_a_damaged_listing_is_ignored_and_rebuilt(
    root: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    cache = tmp_path / "cache"
    cold = Corpus.open(root, cache)
    lpath = listing_path(index_path(root.resolve(), cache))
    lpath.write_bytes(damage(lpath.read_bytes()))
    fallback = reopen(root, cache)  # from the JSON index: nothing parsed
    assert not fallback.stats.listed and fallback.stats.parsed_files == 0
    assert fallback.entries == cold.entries and fallback.problems == cold.problems
    assert reopen(root, cache).stats.listed


def test_a_listing_from_another_index_or_pipeline_is_stale(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    ipath = index_path(root.resolve(), cache)
    data = json.loads(ipath.read_text(encoding="utf-8"))
    data["pipeline_version"] = "an older parser"
    ipath.write_text(json.dumps(data), encoding="utf-8")
    redone = reopen(root, cache)  # the index changed under the listing: both are redone
    assert not redone.stats.listed and redone.stats.parsed_files == 7
    assert reopen(root, cache).stats.listed
    lpath, key = listing_path(ipath), listing_key(pipeline_version())
    assert load_listing(lpath, key, ipath) is not None
    assert load_listing(lpath, key.replace(sys.version.split()[0], "3.0.0"), ipath) is None
    assert load_listing(lpath, listing_key("a newer parser"), ipath) is None


def test_fresh_files_are_checked_by_content_before_the_listing_is_trusted(
    tmp_path: Path,
) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    (root / "a.txt").write_text(dump("A fresh report", "May 13, 2015"), encoding="utf-8")
    recent = time.time_ns() - 1_900_000_000  # inside the 2 s window, but not for long
    os.utime(root / "a.txt", ns=(recent, recent))
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    time.sleep(0.2)
    second = reopen(root, cache)  # racy: not the listing; hashed, settled, rewritten
    assert not second.stats.listed and second.stats.index_written
    assert reopen(root, cache).stats.listed


def test_a_reopen_previews_the_listing_with_the_final_entries(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = Corpus.open(root, cache)
    batches = list(Corpus.scan(root, cache, preview=True))
    assert batches[0].preview and list(batches[0].entries) == cold.entries
    final = batches[-1].corpus
    assert final is not None and final.entries is batches[0].entries  # one list, sorted once


def test_a_cold_scan_says_how_long_parsing_still_needs(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(6):
        (root / f"{i}.txt").write_text(dump(f"Report {i}", "May 13, 2015"), encoding="utf-8")
    batches = list(Corpus.scan(root, tmp_path / "cache", batch_size=1, workers=1))
    assert batches[0].time_left is None  # nothing parsed yet: no pace
    middle = [b for b in batches[1:-1] if b.done < b.total]
    assert middle and all(b.time_left is not None and b.time_left >= 0 for b in middle)
    assert batches[-1].corpus is not None and batches[-1].time_left is None


def long_feed(tmp_path: Path, count: int) -> Path:
    """A JSONL corpus of `count` articles with dates spread over years, out of order."""
    folder = tmp_path / "long"
    folder.mkdir()
    lines = [
        {
            "text": f"Report {i}: the ministers met on Thursday, officials said on the record.",
            "title": f"Report {i}",
            "date": f"{2000 + (i * 7) % 24}-{1 + i % 12:02}-{1 + i % 28:02}",
        }
        for i in range(count)
    ]
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    age(feed)
    return folder


def test_a_long_reopen_shows_the_first_page_before_the_whole_list(tmp_path: Path) -> None:
    """The listing's first page comes first: the newest rows as the library sorts them,
    with the count of all, then the whole list, then the checked corpus."""
    folder, cache = long_feed(tmp_path, FIRST_PAGE + 50), tmp_path / "cache"
    Corpus.open(folder, cache)
    batches = list(Corpus.scan(folder, cache, preview=True))
    page, whole = batches[0], batches[1]
    assert page.preview and whole.preview
    assert len(page.entries) == FIRST_PAGE and page.total == FIRST_PAGE + 50
    newest = LibraryIndex(whole.entries).query(LibraryQuery(), {})
    assert LibraryIndex(page.entries).query(LibraryQuery(), {}) == newest[:FIRST_PAGE]
    assert len(whole.entries) == whole.total == FIRST_PAGE + 50
    final = batches[-1].corpus
    assert final is not None and final.entries is whole.entries


def test_a_short_list_has_no_separate_first_page(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Corpus.open(root, cache)
    batches = list(Corpus.scan(root, cache, preview=True))
    assert [b.preview for b in batches[:2]] == [True, False]  # the whole list at once


def test_a_damaged_list_behind_a_sound_first_page_falls_back(tmp_path: Path) -> None:
    folder, cache = long_feed(tmp_path, FIRST_PAGE + 50), tmp_path / "cache"
    cold = Corpus.open(folder, cache)
    ipath = index_path(folder.resolve(), cache)
    lpath = listing_path(ipath)
    data = lpath.read_bytes()
    lpath.write_bytes(data[:-40] + bytes(40))  # the whole list's block is damaged
    assert load_first_page(lpath, listing_key(pipeline_version()), ipath) is not None
    batches = list(Corpus.scan(folder, cache, preview=True))
    final = batches[-1].corpus
    assert final is not None and final.entries == cold.entries and not final.stats.listed
