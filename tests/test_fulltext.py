"""The full-text index and the search syntax, against real corpus folders and SQLite files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from store import HIT_END, HIT_START, Corpus, FullTextIndex, LibraryIndex, LibraryQuery
from store.corpus.fulltext import fulltext_path
from store.search import fts_expression, parse_search

ARTICLES = {
    "geneva.txt": (
        "Ministers meet in Geneva to discuss grain deal\n\n"
        "GENEVA, March 3, 2024. /TASS/. The ministers spoke about the US-Russia dialogue "
        "and the grain route. The talks in Zürich had failed before.\n"
    ),
    "oil.txt": (
        "Oil prices fall after OPEC meeting\n\n"
        "Oil prices fell sharply on Tuesday. Traders expect a dialogue between the US "
        "and Russia to calm the markets.\n"
    ),
    "park.txt": (
        "City council approves new park\n\n"
        "The city council approved a new park on Friday. Construction of the fountain "
        "begins in May.\n"
    ),
}
RECORDS = [
    {"title": "Talks resume", "text": "Diplomats resumed the talks about the corridor.",
     "source": "TASS", "date": "2024-03-05"},
    {"title": "Markets calm", "text": "Markets were calm as the corridor reopened.",
     "source": "Reuters", "date": "2023-11-20"},
    {"title": "Port traffic", "text": "Port traffic grew as the corridor reopened.",
     "source": "TASS", "date": "2024-01-10"},
]  # fmt: skip


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = "".join(json.dumps(record) + "\n" for record in RECORDS)
    (folder / "wire.jsonl").write_text(lines, encoding="utf-8")
    return folder


def synced(folder: Path, cache: Path) -> tuple[Corpus, FullTextIndex]:
    corpus = Corpus.open(folder, cache)
    index = FullTextIndex.for_location(corpus.location, cache)
    index.sync(corpus, workers=1)
    return corpus, index


def titles(corpus: Corpus, ids: list[str] | None) -> set[str]:
    assert ids is not None
    return {corpus.entry(i).title for i in ids}


def find(corpus: Corpus, index: FullTextIndex, text: str) -> set[str]:
    return titles(corpus, index.search(parse_search(text)))


@pytest.fixture
def opened(tmp_path: Path) -> tuple[Corpus, FullTextIndex]:
    return synced(write(tmp_path / "corpus"), tmp_path / "cache")


def test_body_words_are_found(opened: tuple[Corpus, FullTextIndex]) -> None:
    corpus, index = opened
    assert find(corpus, index, "fountain") == {"City council approves new park"}
    assert find(corpus, index, "corridor reopened") == {"Markets calm", "Port traffic"}
    assert find(corpus, index, "zurich") == {"Ministers meet in Geneva to discuss grain deal"}
    assert find(corpus, index, "nowhere-to-be-found") == set()


def test_phrase_against_words(opened: tuple[Corpus, FullTextIndex]) -> None:
    corpus, index = opened
    geneva, oil = (
        "Ministers meet in Geneva to discuss grain deal",
        "Oil prices fall after OPEC meeting",
    )
    assert find(corpus, index, "dialogue US Russia ") == {geneva, oil}
    assert find(corpus, index, '"US-Russia dialogue"') == {geneva}
    assert find(corpus, index, '"US-Russia dial') == {geneva}  # a phrase being typed


def test_the_last_word_typed_is_a_prefix(opened: tuple[Corpus, FullTextIndex]) -> None:
    corpus, index = opened
    assert find(corpus, index, "fount") == {"City council approves new park"}
    assert find(corpus, index, "fount ") == set()  # a finished word is a whole word


def test_source_and_date_filters(opened: tuple[Corpus, FullTextIndex]) -> None:
    corpus, index = opened
    assert find(corpus, index, "corridor source:tass") == {"Talks resume", "Port traffic"}
    assert find(corpus, index, "corridor date:2024-03") == {"Talks resume"}
    assert find(corpus, index, "corridor after:2024") == {"Talks resume", "Port traffic"}
    assert find(corpus, index, "corridor before:2024-02") == {"Markets calm", "Port traffic"}
    assert find(corpus, index, 'corridor source:"reu"') == {"Markets calm"}


def test_the_library_matches_bodies_and_applies_filters(
    opened: tuple[Corpus, FullTextIndex],
) -> None:
    corpus, index = opened
    library = LibraryIndex(corpus.entries)
    text = "corridor source:tass"
    hits = frozenset(index.search(parse_search(text)) or ())
    with_hits = library.query(LibraryQuery(text=text, hits=hits), {})
    assert {e.title for e in with_hits} == {"Talks resume", "Port traffic"}
    # Without the index (not built yet, or no FTS5): titles and sources only.
    assert library.query(LibraryQuery(text=text), {}) == []
    only_filter = library.query(LibraryQuery(text="source:tass date:2024-01"), {})
    assert [e.title for e in only_filter] == ["Port traffic"]


@pytest.mark.parametrize(
    "text",
    ['"', '""', "*", "a*", "NEAR", "NEAR(a b)", "x OR y", "AND", "-", "^start", "col:word",
     "(", ")", "{title}: x", '"unclosed', "source:", "date:", "\x00", "title:oil", "'", "*oil*"],
)  # fmt: skip
def test_hostile_queries_never_fail(opened: tuple[Corpus, FullTextIndex], text: str) -> None:
    corpus, index = opened
    found = index.search(parse_search(text))
    assert found is None or isinstance(found, list)
    assert isinstance(LibraryIndex(corpus.entries).query(LibraryQuery(text=text), {}), list)


def test_operators_are_plain_words() -> None:
    assert fts_expression(parse_search("oil OR gas ")) == '"oil" AND "or" AND "gas"'
    assert fts_expression(parse_search('say "hi" *')) == '"say" AND "hi"'
    assert fts_expression(parse_search("-- ** ")) is None


def test_snippet_marks_the_hit(opened: tuple[Corpus, FullTextIndex]) -> None:
    corpus, index = opened
    park = next(e.id for e in corpus if e.title.startswith("City council"))
    snippet = index.snippet(park, parse_search("fountain"))
    assert snippet is not None and f"{HIT_START}fountain{HIT_END}" in snippet


def test_added_changed_and_deleted_files_update_the_index(tmp_path: Path) -> None:
    folder, cache = write(tmp_path / "corpus"), tmp_path / "cache"
    corpus, index = synced(folder, cache)
    (folder / "park.txt").write_text(
        "City council approves new park\n\nThe city council approved a playground on Monday "
        "instead of the park. Construction begins in June.\n"
    )
    os.utime(folder / "park.txt", ns=(1, 1))  # a new mtime, however fast the test runs
    (folder / "oil.txt").unlink()
    (folder / "new.txt").write_text(
        "Harbour reopens\n\nThe old harbour reopened on Sunday after two years of repairs.\n"
    )
    corpus = Corpus.open(folder, cache)
    report = index.sync(corpus, workers=1)
    assert (report.added, report.removed) == (2, 2)
    assert find(corpus, index, "repairs") == {"Harbour reopens"}
    assert find(corpus, index, "fountain") == set()
    assert find(corpus, index, "playground") == {"City council approves new park"}
    assert find(corpus, index, "traders") == set()
    assert len(index) == len(corpus)
    # An unchanged corpus costs nothing.
    assert index.sync(corpus, workers=1) == index.sync(corpus, workers=1)
    assert index.sync(corpus, workers=1).added == 0


def test_worker_processes_build_the_same_index(tmp_path: Path) -> None:
    folder, cache = write(tmp_path / "corpus"), tmp_path / "cache"
    corpus = Corpus.open(folder, cache)
    index = FullTextIndex.for_location(corpus.location, cache)
    seen: list[tuple[int, int]] = []
    index.sync(corpus, lambda done, total: seen.append((done, total)), workers=2)
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert find(corpus, index, "corridor") == {"Talks resume", "Markets calm", "Port traffic"}


@pytest.mark.parametrize("damage", [b"not a database at all" * 100, b"", b"SQLite format 3\x00"])
def test_corrupt_index_is_rebuilt_and_reported(tmp_path: Path, damage: bytes) -> None:
    folder, cache = write(tmp_path / "corpus"), tmp_path / "cache"
    corpus, index = synced(folder, cache)
    index.close()
    path = fulltext_path(corpus.location, cache)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(damage + b"\x00" * 4096)
    reopened = FullTextIndex.for_location(corpus.location, cache)
    assert reopened.note is not None and "rebuilt" in reopened.note
    assert reopened.sync(corpus, workers=1).added == len(corpus)
    assert find(corpus, reopened, "fountain") == {"City council approves new park"}
    again = FullTextIndex.for_location(corpus.location, cache)
    assert again.note is None  # reported once


def test_another_pipeline_empties_the_index(tmp_path: Path) -> None:
    folder, cache = write(tmp_path / "corpus"), tmp_path / "cache"
    corpus, index = synced(folder, cache)
    with sqlite3.connect(index.path) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'pipeline'")
    conn.close()
    reopened = FullTextIndex.for_location(corpus.location, cache)
    assert len(reopened) == 0
    assert reopened.sync(corpus, workers=1).added == len(corpus)


def test_two_indexes_on_one_file_never_index_twice(tmp_path: Path) -> None:
    folder, cache = write(tmp_path / "corpus"), tmp_path / "cache"
    corpus = Corpus.open(folder, cache)
    first = FullTextIndex.for_location(corpus.location, cache)
    second = FullTextIndex.for_location(corpus.location, cache)
    first.sync(corpus, workers=1)
    assert second.sync(corpus, workers=1).added == 0
    with sqlite3.connect(first.path) as conn:
        assert conn.execute("SELECT count(*) FROM fts").fetchone() == (len(corpus),)
    conn.close()


SYNC_IN_A_PROCESS = """
import sys, time
from pathlib import Path
from store import Corpus, FullTextIndex
folder, cache, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
corpus = Corpus.open(folder, cache)
index = FullTextIndex.for_location(corpus.location, cache)
while not go.exists():
    time.sleep(0.01)
report = index.sync(corpus, workers=1)
print(report.added, report.note)
"""


def test_two_processes_fill_one_index_at_once(tmp_path: Path) -> None:
    folder, cache, go = write(tmp_path / "corpus"), tmp_path / "cache", tmp_path / "go"
    lines = "".join(
        json.dumps({"title": f"Wire {i}", "text": f"Report number {i} on the corridor talks."})
        + "\n"
        for i in range(300)
    )
    (folder / "more.jsonl").write_text(lines, encoding="utf-8")
    Corpus.open(folder, cache)  # the corpus index first, so both start from the same list
    args = [str(folder), str(cache), str(go)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SYNC_IN_A_PROCESS, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    go.touch()
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    corpus = Corpus.open(folder, cache)
    index = FullTextIndex.for_location(corpus.location, cache)
    with sqlite3.connect(index.path) as conn:
        assert conn.execute("SELECT count(*) FROM fts").fetchone() == (len(corpus),)
        assert conn.execute("SELECT count(*) FROM docs").fetchone() == (len(corpus),)
    conn.close()
    assert find(corpus, index, '"report number 299"') == {"Wire 299"}


def test_chinese_and_japanese_words_are_found_inside_their_runs(tmp_path: Path) -> None:
    folder, cache = tmp_path / "corpus", tmp_path / "cache"
    folder.mkdir()
    summit = "東京で首脳会談が開かれた。両国の外相は貿易協定について話し合った。"
    weather = "明日の東京は晴れるでしょう。気温は二十度まで上がります。"
    records = [
        {"title": "首脳会談", "text": summit},
        {"title": "天気", "text": weather},
        {"title": "Markets", "text": "Markets in Tokyo were calm on Monday after the talks."},
    ]
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (folder / "news.jsonl").write_text(lines, encoding="utf-8")
    corpus, index = synced(folder, cache)
    assert find(corpus, index, "貿易協定") == {"首脳会談"}  # 4 characters: the trigram index
    assert find(corpus, index, "東京") == {"首脳会談", "天気"}  # 2: read through
    assert find(corpus, index, "東京 晴れる") == {"天気"}
    assert find(corpus, index, "東京 tokyo") == set()
    assert find(corpus, index, "北京") == set()
    assert find(corpus, index, "tokyo") == {"Markets"}
    first = next(e.id for e in corpus if e.title == "首脳会談")
    snippet = index.snippet(first, parse_search("貿易協定"))
    assert snippet is not None and f"{HIT_START}貿易協定{HIT_END}" in snippet
