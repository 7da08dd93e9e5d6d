"""Hostile files: nothing from a file reaches the terminal, one bad line never stops the rest.

File names, article text and imported fields are data. These tests put
escape sequences (an OSC 52 that writes the clipboard, an OSC 0 that sets the
window title) and ill-typed or huge fields into real files, run the real CLI
and the real app in a pseudo-terminal, and read the bytes they write.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tinydb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.annotations import AnnotationStore
from store.corpus import Corpus
from store.formats import FORMATS
from store.formats.importer import import_lines
from store.records import ArticleInfo

MARGINALIA = Path(sys.executable).with_name("marginalia")
CLIPBOARD = "\x1b]52;c;SGFja2Vk\x07"  # OSC 52: "Hacked" into the clipboard
WINDOW_TITLE = "\x1b]0;PWNED\x07"  # OSC 0: the terminal's title
MARKERS = (b"SGFja2Vk", b"PWNED", b"\x1b]52", b"\x1b]0;")

ARTICLE = (
    "Council closes the old bridge\n\n"
    "The council voted on Tuesday to close the old bridge for repairs, officials said. "
    "Ferries will run every ten minutes until the work is done.\n"
)


def hostile_corpus(folder: Path) -> Path:
    """A corpus whose file names carry escape sequences: one good page, one empty."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"good{WINDOW_TITLE}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / f"empty{CLIPBOARD}.txt").write_bytes(b"")
    return folder


def assert_clean(output: bytes) -> None:
    """No escape sequence from the data is in what was written to the terminal."""
    for marker in MARKERS:
        assert marker not in output, f"{marker!r} reached the terminal"


def test_cli_messages_never_carry_a_file_names_escape(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path / "corpus")
    files = sorted(corpus.iterdir())
    result = subprocess.run(
        [str(MARGINALIA), "parse", *map(str, files)], capture_output=True, timeout=60
    )
    assert result.returncode == 1
    assert b"empty" in result.stderr and b"empty file" in result.stderr  # it is named
    assert_clean(result.stdout + result.stderr)


_CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def visible(output: bytes) -> bytes:
    """What the terminal shows of the output: its text without colours and cursor moves."""
    return _CSI.sub(b"", output)


def run_in_terminal(args: list[str], keys: list[bytes], until: bytes, tmp_path: Path) -> bytes:
    """Run the app in a pseudo-terminal; once `until` is drawn, type `keys`, 0.5 s apart,
    the first 1.5 s later; returns all that the app wrote."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "MARGINALIA_CACHE": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [str(MARGINALIA), *args], stdin=slave, stdout=slave, stderr=slave, env=env,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    output = b""
    pending = list(keys)
    seen: float | None = None
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    output += os.read(master, 65536)
                except OSError:
                    break
            if pending and until in visible(output):
                if seen is None:
                    seen = time.monotonic()  # let the messages that follow be drawn too
                elif time.monotonic() - seen > 1.5:
                    os.write(master, pending.pop(0))
                    seen = time.monotonic() - 1.0
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    return output


def test_the_app_in_a_terminal_writes_no_escape_that_came_from_data(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    with AnnotationStore(db, annotator="tester") as store:
        store.add("a1", 0, 4, "favor", "good")
    with tinydb.TinyDB(db) as plain:  # a record written by some other tool
        plain.table("annotations").insert(
            {"id": "z", "article_id": "a1", "start": 0, "end": 4, "text": "good",
             "label": "favor", "annotator": "tester", "created": "x", "updated": "x",
             "note": CLIPBOARD}
        )  # fmt: skip
    # F1 shows the help screen with the list of skipped files; then quit.
    output = run_in_terminal(
        [str(corpus), "--db", str(db)], [b"\x1bOP", b"\x11"], b"Council", tmp_path
    )
    shown = visible(output)
    assert b"Council" in shown, shown[-3000:].decode("utf-8", "replace")
    assert b"Skipped" in shown and b"broken" in shown  # the file named, the record set aside
    assert_clean(output)


GOOD = {
    "article_id": "a1", "start": 0, "end": 5, "label": "favor", "text": "Hello",
    "title": "An article", "annotator": "alice",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"created": 12345}, "bad time stamps"),
        ({"updated": [1]}, "bad time stamps"),
        ({"note": {"a": 1}}, "note must be a string"),
        ({"speaker": ["x"]}, "speaker must be a string"),
        ({"anchor": "bogus"}, "unknown anchor"),
        ({"end": 10**30}, "past the end of any article"),
        ({"note": "x" * 1_000_001}, "note too long"),
        ({"note": f"see {CLIPBOARD}"}, "note holds terminal control characters"),
        ({"speaker": WINDOW_TITLE}, "speaker holds terminal control characters"),
        ({"article_id": ""}, "empty article id"),
        ({"title": 7}, '"title" should be a string'),
        ({"label": "zzz"}, "not in the label scheme"),
    ],
)
def test_import_refuses_a_bad_line_by_name_and_takes_the_rest(
    tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    source = io.StringIO(json.dumps({**GOOD, **change}) + "\n" + json.dumps(GOOD) + "\n")
    with AnnotationStore(tmp_path / "db.json", annotator="me") as store:
        report = import_lines(store, source, "in.jsonl", labels=["favor", "against"])
        assert report.added == 1 and len(report.errors) == 1
        assert report.errors[0].startswith("in.jsonl:1: ") and reason in report.errors[0]
        assert store.annotations()[0].label == "favor"
    # Every export still works on what was imported.
    for name in FORMATS:
        result = subprocess.run(
            [str(MARGINALIA), "export", "--db", str(tmp_path / "db.json"), "--format", name],
            capture_output=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr


def test_offsets_past_the_end_of_a_known_article_are_refused(tmp_path: Path) -> None:
    line = {**GOOD, "start": 0, "end": 50, "text": ""}
    with AnnotationStore(tmp_path / "db.json", annotator="me") as store:
        store.remember_articles([ArticleInfo("a1", "An article", text="Hello world")])
        report = import_lines(store, io.StringIO(json.dumps(line) + "\n"), "in.jsonl")
    assert report.errors == [
        "in.jsonl:1: offsets 0..50 are past the end of the article (11 characters)"
    ]


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_one_bad_corpus_line_never_stops_the_corpus(tmp_path: Path) -> None:
    good = [
        {"text": f"Article {n} says the talks went on late, a spokesman said."} for n in range(5)
    ]
    bad = [
        json.dumps({"text": "A date too big.", "date": int("9" * 401)}),
        json.dumps({"text": "A date string too big.", "date": "9" * 401}),
        '{"text": "Nested.", "more": ' + deep(100_000) + "}",
    ]
    lines = [json.dumps(good[0]), *bad, *(json.dumps(g) for g in good[1:])]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = Corpus.open(path, tmp_path / "cache")
    assert len(corpus.entries) == 7  # the 401-digit dates are kept: the date is just unread
    [problem] = corpus.problems
    assert (problem.path, problem.line) == (str(path), 4)
    assert "nested too deeply" in problem.message


def test_deep_nesting_in_an_import_file_is_one_bad_line(tmp_path: Path) -> None:
    source = io.StringIO(deep(100_000) + "\n" + json.dumps(GOOD) + "\n")
    with AnnotationStore(tmp_path / "db.json", annotator="me") as store:
        report = import_lines(store, source, "in.jsonl")
    assert report.added == 1
    assert report.errors == ["in.jsonl:1: JSON nested too deeply"]


# Lines a fuzzer makes: JSON values of any shape, near-misses of real records, and noise.
_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_near_records = st.fixed_dictionaries(
    {}, optional={key: _json for key in (*GOOD, "id", "created", "updated", "note", "speaker",
                                          "unit", "prefix", "suffix", "flags", "anchor", "text",
                                          "html", "date", "url", "source")},
)  # fmt: skip
_noise_lines = st.text(max_size=60).map(lambda t: t.replace("\n", " "))
_lines = st.lists(
    st.one_of(_json.map(json.dumps), _near_records.map(json.dumps), _noise_lines), max_size=8
)
_FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(_lines)
def test_fuzzed_import_lines_never_raise_and_every_line_is_kept_or_reported(
    fuzz: list[str],
) -> None:
    good = json.dumps(GOOD)
    source = io.StringIO("\n".join([*fuzz, good]) + "\n")
    with _fresh_folder() as folder, AnnotationStore(folder / "db.json", annotator="me") as store:
        report = import_lines(store, source, "fuzz.jsonl")
        kept = report.added + report.duplicates + report.replaced
        non_blank = sum(1 for line in [*fuzz, good] if line.strip())
        assert kept + report.skipped == non_blank
        assert any(a.text == "Hello" for a in store.annotations())
        for error in report.errors:
            assert error.startswith("fuzz.jsonl:")


@_FUZZ
@given(_lines)
def test_fuzzed_corpus_lines_never_stop_the_corpus(fuzz: list[str]) -> None:
    with _fresh_folder() as folder:
        path = folder / "fuzz.jsonl"
        good = json.dumps({"text": "The ministers met on Thursday to talk, officials said."})
        path.write_text("\n".join([*fuzz, good]) + "\n", encoding="utf-8", errors="surrogatepass")
        corpus = Corpus.open(path, folder / "cache")
        # The reader reads bytes: a line is blank when only ASCII white space is on it.
        numbers = [
            n for n, line in enumerate(fuzz, 1) if line.encode("utf-8", "surrogatepass").strip()
        ]
        reported = {p.line for p in corpus.problems if p.skipped}
        listed = {e.line for e in corpus.entries}
        assert reported <= set(numbers) and not reported & listed
        assert len(fuzz) + 1 in listed  # the good line after them all
        assert all(problem.path == str(path) for problem in corpus.problems)
        # Every line is an article or a problem, or a copy of an article listed before.
        assert len(set(numbers) - reported - listed) == corpus.stats.duplicates


@contextlib.contextmanager
def _fresh_folder() -> Iterator[Path]:
    """A new folder for one fuzz example (hypothesis runs many in one test), removed after."""
    with tempfile.TemporaryDirectory(prefix="marginalia-fuzz-") as folder:
        yield Path(folder)
