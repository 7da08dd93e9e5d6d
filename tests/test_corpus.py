"""Opening a corpus: folders of dumps, JSONL files, bad input, duplicates, full articles."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.corpus import ArticleEntry, ArticleUnavailable, Corpus, CorpusProblem
from store.corpus.pool import line_spans
from store.samples import sample_corpus_path

PROSE = "The second article says the talks went on well into the night, a spokesman said."


def dump(title: str) -> str:
    """A small page dump: a headline (three words or more), then two paragraphs."""
    return (
        f"{title}\n\nThe ministers met on Thursday to discuss {title.lower()}, officials said."
        " They agreed on very little.\n\nAnother paragraph follows here with more words.\n"
    )


def write(path: Path, content: str | bytes) -> Path:
    """Write a file, making its folder; bytes are written as is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(path: Path, *lines: object) -> Path:
    """Write a JSONL file; str lines are written verbatim, anything else as JSON."""
    text = "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines)
    return write(path, text)


def open_corpus(location: Path, tmp_path: Path) -> Corpus:
    """Open with a cache folder inside the test's tmp_path."""
    return Corpus.open(location, cache_dir=tmp_path / "cache")


def test_folder_of_dumps_in_natural_path_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "10.txt", dump("Report number ten"))
    write(root / "2.txt", dump("Report number two"))
    write(root / "sub" / "1.txt", dump("A nested report"))
    write(root / "notes.md", "not an article")
    write(root / ".hidden" / "x.txt", dump("A hidden report"))
    corpus = open_corpus(root, tmp_path)
    assert [e.title for e in corpus] == [
        "Report number two",
        "Report number ten",
        "A nested report",
    ]
    assert len(corpus) == 3
    assert corpus.location == root.resolve()
    first = corpus.entries[0]
    assert isinstance(first, ArticleEntry)
    assert first.origin == str(root.resolve() / "2.txt")
    assert first.line is None
    assert first.statement_count > 0
    assert corpus.problems == []


def test_single_txt_file(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", dump("The only one"))
    corpus = open_corpus(path, tmp_path)
    assert [e.title for e in corpus] == ["The only one"]
    assert corpus.article(corpus.entries[0].id).file == "one.txt"


def test_jsonl_optional_fields_override_the_pipeline(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {
            "text": "Opening sentence stays in the body. More text.",
            "title": "Given \x1b[31mtitle\x1b[0m",
            "url": "https://www.example.org/a/1",
            "date": "2017-06-22T10:00:00Z",
        },
        {"text": "Just text. Nothing else.", "source": "TASS", "id": "custom-7"},
        {"text": "Dated in words.", "title": "Words", "date": "June 22, 2017"},
        {"text": "Dated by epoch.", "title": "Epoch", "date": 1498126800},
    )
    corpus = open_corpus(path, tmp_path)
    a, b, c, d = corpus.entries
    assert (a.title, a.source, a.date, a.line, a.url) == (
        "Given title",
        "example.org",
        "2017-06-22",
        1,
        "https://www.example.org/a/1",
    )
    assert a.date_text == "2017-06-22T10:00:00Z"
    assert (b.id, b.source, b.line) == ("custom-7", "TASS", 2)
    assert (c.date, c.date_text) == ("2017-06-22", "June 22, 2017")
    assert d.date == "2017-06-22"
    article = corpus.article(a.id)
    assert article.title == "Given title"
    assert "Opening sentence stays in the body." in article.text
    assert article.file == "feed.jsonl:1"
    assert corpus.article("custom-7").source == "TASS"


def test_jsonl_bad_lines_are_reported_by_number_and_the_rest_load(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "mixed.jsonl",
        {"text": "Good one."},
        "{not json",
        "",
        {"body": "wrong field"},
        ["a", "list"],
        {"text": "   "},
        {"text": "Bad title type.", "title": ["x"]},
        {"text": "Good two."},
    )
    corpus = open_corpus(path, tmp_path)
    assert [e.line for e in corpus] == [1, 8]
    by_line = {p.line: p for p in corpus.problems}
    assert list(by_line) == [2, 4, 5, 6, 7]
    assert "invalid JSON" in by_line[2].message
    assert 'no "text" field (fields: body)' in by_line[4].message
    assert "not a JSON object" in by_line[5].message
    assert "empty" in by_line[6].message
    assert '"title" should be a string' in by_line[7].message
    assert str(by_line[2]).startswith(f"{path.resolve()}:2: invalid JSON")


def test_a_jsonl_record_with_a_lone_surrogate_is_read(tmp_path: Path) -> None:
    # JSON escapes can make a lone surrogate, which UTF-8 cannot encode.
    path = jsonl(tmp_path / "odd.jsonl", '{"title": "Odd", "text": "Body \\ud800text. More."}')
    corpus = open_corpus(path, tmp_path)
    assert not corpus.problems
    assert corpus.article(corpus.entries[0].id).text == "Body text. More."


def test_jsonl_inside_a_folder_and_invalid_utf8_line(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", dump("A dump article"))
    write(root / "b.jsonl", b'{"text": "Caf\xe9 au lait.", "title": "Bytes"}\n')
    corpus = open_corpus(root, tmp_path)
    assert [e.title for e in corpus] == ["A dump article", "Bytes"]
    (problem,) = corpus.problems
    assert problem.line == 1 and not problem.skipped
    assert "loaded anyway" in str(problem)


def test_duplicates_collapse_keeping_the_first(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", dump("The same article"))
    write(root / "b.txt", dump("The same article"))
    jsonl(root / "c.jsonl", {"text": "One.", "id": "x"}, {"text": "Two.", "id": "x"})
    corpus = open_corpus(root, tmp_path)
    assert [(Path(e.origin).name, e.line) for e in corpus] == [("a.txt", None), ("c.jsonl", 1)]
    assert corpus.stats.duplicates == 2
    messages = [str(p) for p in corpus.problems]
    assert any("b.txt: duplicate of" in m and m.endswith("a.txt, skipped") for m in messages)
    assert any("c.jsonl:2: duplicate of" in m for m in messages)


def test_broken_files_are_reported_by_name_and_others_load(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "good.txt", dump("A good article"))
    write(root / "empty.txt", "")
    write(root / "binary.txt", b"\x00\x01\x02PNG\x00" * 50)
    write(root / "latin.txt", dump("The latin article").encode().replace(b"very", b"v\x92ry"))
    write(root / "empty.jsonl", "\n\n")
    corpus = open_corpus(root, tmp_path)
    assert sorted(e.title for e in corpus) == ["A good article", "The latin article"]
    by_name = {Path(p.path).name: p for p in corpus.problems}
    assert set(by_name) == {"empty.txt", "binary.txt", "latin.txt", "empty.jsonl"}
    assert "empty" in by_name["empty.txt"].message
    assert "binary" in by_name["binary.txt"].message
    assert "invalid UTF-8" in by_name["latin.txt"].message and not by_name["latin.txt"].skipped
    assert str(by_name["empty.txt"]) == f"{root.resolve() / 'empty.txt'}: empty file"


def test_problem_str_is_one_line() -> None:
    assert str(CorpusProblem("/c/f.jsonl", 3, "invalid JSON")) == "/c/f.jsonl:3: invalid JSON"
    assert str(CorpusProblem("/c/a.txt", None, "empty file")) == "/c/a.txt: empty file"


def test_article_on_demand_with_cache_and_errors(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    path = write(root / "a.txt", dump("The full article"))
    jsonl(root / "z.jsonl", {"text": "First."}, {"text": PROSE, "title": "Two"})
    corpus = open_corpus(root, tmp_path)
    stale = open_corpus(root, tmp_path)
    entry = corpus.entries[0]
    article = corpus.article(entry.id)
    assert article.id == entry.id and article.title == "The full article"
    assert corpus.article(entry.id) is article
    assert len(article.statements) == entry.statement_count
    second = corpus.article(corpus.entries[2].id)
    assert second.title == "Two" and PROSE in second.text
    with pytest.raises(KeyError):
        corpus.article("no-such-id")
    assert entry.id in corpus and "no-such-id" not in corpus
    assert corpus.entry(entry.id) is entry
    path.write_text(dump("A changed article"), encoding="utf-8")
    assert corpus.article(entry.id) is article  # still served from memory
    with pytest.raises(ArticleUnavailable, match="changed on disk"):
        stale.article(entry.id)
    path.unlink()
    with pytest.raises(KeyError, match="no such file"):
        stale.article(entry.id)


def test_progress_and_scan_batches(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for i in range(30):
        write(root / f"{i:02}.txt", dump(f"Article number {i}"))
    jsonl(root / "feed.jsonl", *({"text": f"Line {i}."} for i in range(20)))
    calls: list[tuple[int, int]] = []
    corpus = Corpus.open(root, tmp_path / "cache", lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 50) and calls[-1] == (50, 50)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    batches = list(Corpus.scan(root, tmp_path / "cache2", batch_size=7))
    assert batches[-1].corpus is not None
    assert all(b.corpus is None for b in batches[:-1])
    assert [e for b in batches for e in b.entries] == corpus.entries
    assert max(len(b.entries) for b in batches) <= 7


def test_missing_location_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        open_corpus(tmp_path / "nowhere", tmp_path)
    (tmp_path / "empty").mkdir()
    corpus = open_corpus(tmp_path / "empty", tmp_path)
    assert len(corpus) == 0
    assert "no article files here" in str(corpus.problems[0])


def test_sample_corpus_opens_with_five_articles(tmp_path: Path) -> None:
    path = sample_corpus_path()
    assert path.name == "sample_data"
    corpus = open_corpus(path, tmp_path)
    assert len(corpus) == 5
    assert corpus.problems == []
    assert all(e.statement_count > 0 for e in corpus)


def test_worker_processes_give_the_same_corpus(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for i in range(12):
        write(root / f"{i:02}.txt", dump(f"Article number {i % 10}"))
    write(root / "bad.txt", b"")
    lines: list[object] = [{"text": f"{PROSE} Number {i}."} for i in range(150)]
    lines[70], lines[129], lines[130] = "{broken", "", {"text": PROSE + " Number 3."}
    jsonl(root / "feed.jsonl", *lines)
    serial = Corpus.open(root, tmp_path / "c1", workers=1)
    parallel = Corpus.open(root, tmp_path / "c2", workers=2)
    assert parallel.entries == serial.entries
    assert parallel.problems == serial.problems
    assert parallel.stats.duplicates == 3
    assert [p.line for p in parallel.problems if p.line] == [71, 131]
    assert (
        parallel.article(parallel.entries[-1].id).text == serial.article(serial.entries[-1].id).text
    )


def test_line_spans_cover_the_file(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "f.jsonl", *({"text": str(i)} for i in range(10)))
    data = path.read_bytes()
    spans = line_spans(path, per_span=4)
    assert [(s[2]) for s in spans] == [1, 5, 9]
    assert spans[0][0] == 0 and spans[-1][1] is None
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert data[spans[1][0] :].startswith(b'{"text": "4"}')


def test_an_untitled_page_is_listed_by_its_first_sentence_never_its_file_name(
    tmp_path: Path,
) -> None:
    sentence = (
        "The ministers met on Thursday to discuss the budget for the coming year, and the"
        " talks went on well into the night before any agreement was reached, officials said."
    )
    write(tmp_path / "corpus" / "0a1b2c3d4e5f6a7b.txt", f"{sentence}\n\nMore words follow.\n")
    corpus = Corpus.open(tmp_path / "corpus", tmp_path / "cache")
    [entry] = corpus.entries
    assert (
        entry.title
        == "The ministers met on Thursday to discuss the budget for the coming year, and the talks…"
    )
    assert corpus.article(entry.id).title == entry.title


PRESTART = """
import os, sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from pathlib import Path
from store import Corpus, prestart_parsers
from store.prestart import worker_context
small, root, cache = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
print(prestart_parsers(small, cache), forkserver._forkserver._forkserver_pid is None)
print(prestart_parsers(root, cache))
server = forkserver._forkserver._forkserver_pid
corpus = Corpus.open(root, cache)
with ProcessPoolExecutor(1, mp_context=worker_context()) as workers:
    parent = workers.submit(os.getppid).result()
print(corpus.stats.workers, len(corpus.entries), parent == server, prestart_parsers(root, cache))
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: no worker processes")
def test_a_first_open_starts_the_parsers_server_early_and_its_workers_use_it(
    tmp_path: Path,
) -> None:
    """`marginalia` starts the fork server before its interface loads, for a corpus
    with no index and enough files for workers; the scan's workers then fork from
    that server, and a reopen (the index written) or a small corpus starts nothing."""
    small, root = tmp_path / "small", tmp_path / "corpus"
    for i in range(200):
        write(root / f"{i:03}.txt", dump(f"Article number {i}"))
    write(small / "one.txt", dump("The only article"))
    run = subprocess.run(
        [sys.executable, "-c", PRESTART, str(small), str(root), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True", "True", "2", "200", "True", "False"]
