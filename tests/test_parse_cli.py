"""`marginalia parse` as a user runs it, broken files included (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MARGINALIA = Path(sys.executable).with_name("marginalia")
GOOD = (
    "Bridge to close for good after council vote\n\n"
    "SPRINGFIELD, May 2 (AP) - The council voted on Tuesday to close the old bridge. "
    '"It is simply not safe any more," Mayor Ann Lee said.\n'
)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARGINALIA), "parse", *map(str, args)], capture_output=True, text=True, timeout=60
    )


def test_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = run("--json", path)
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert list(obj) == [
        "file",
        "id",
        "title",
        "subtitle",
        "source",
        "date",
        "date_text",
        "dateline",
        "author",
        "url",
        "text",
        "paragraphs",
        "statements",
        "quotes",
        "removed",
    ]
    assert obj["source"] == "AP" and obj["title"].startswith("Bridge")
    quote = obj["quotes"][0]
    assert obj["text"][quote["start"] : quote["end"]] == "It is simply not safe any more,"
    assert quote["speaker"] == "Ann Lee"


def test_id_is_stable_and_content_based(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(GOOD, encoding="utf-8")
    ids = [json.loads(line)["id"] for line in run("--json", a, b).stdout.splitlines()]
    assert ids[0] == ids[1]
    b.write_text(GOOD + "\nOne more line.\n", encoding="utf-8")
    assert json.loads(run("--json", b).stdout)["id"] != ids[0]


def test_readable_output_shows_quotes_and_speakers(tmp_path: Path) -> None:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    out = run(path).stdout
    assert "Bridge to close" in out and "Ann Lee" in out and "It is simply not safe" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n \n\t\n", "empty file"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ],
)
def test_broken_files_get_one_line_and_the_rest_goes_on(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run("--json", bad, good)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and str(bad) in errors[0] and message in errors[0]
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_missing_file(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.txt")
    assert result.returncode == 1 and "no such file" in result.stderr


def test_windows_1251_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    text = (
        "Совет закрыл старый мост после голосования\n\n"
        "МОСКВА, 2 мая. Совет проголосовал во вторник за закрытие старого моста для машин.\n"
    )
    path.write_bytes(text.encode("cp1251"))
    result = run("--json", path)
    assert result.returncode == 0
    assert "Windows-1251" in result.stderr
    obj = json.loads(result.stdout)
    assert obj["title"] == "Совет закрыл старый мост после голосования"


def test_invalid_utf8_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad-utf8.txt"
    path.write_bytes(GOOD.encode() + b"\nA broken byte \xff\xfe here in the last line.\n")
    result = run("--json", path)
    assert result.returncode == 0
    assert str(path) in result.stderr and "invalid UTF-8" in result.stderr


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run("--json", path, good)
    assert result.returncode == 1 and "too large" in result.stderr and str(path) in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_terminal_control_codes_never_reach_the_output(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    path.write_text(
        GOOD
        + "\n\x1b]0;pwned\x07\x1b[2JThe \x1b[1mbridge\x1b[0m will reopen\x08"
        + " in 2025 at the earliest.\n",
        encoding="utf-8",
    )
    result = run(path)
    assert result.returncode == 0
    assert (
        "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x08" not in result.stdout
    )
    assert "The bridge will reopen in 2025" in result.stdout


def test_store_never_imports_textual_or_rich() -> None:
    code = (
        "import sys, store, store.text, store.corpus.sources\n"
        "from store import AnnotationStore, Corpus\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_html_jsonl_with_html_and_warc_are_parsed(tmp_path: Path) -> None:
    from web_pages import PAGE, SECOND_PAGE, write_warc

    page = tmp_path / "bridge.htm"
    page.write_text(PAGE, encoding="utf-8")
    lines = tmp_path / "pages.jsonl"
    lines.write_text(json.dumps({"html": SECOND_PAGE}) + "\n{broken\n", encoding="utf-8")
    crawl = write_warc(tmp_path / "crawl.warc.gz", [("https://post.example.com/rail", PAGE)])
    result = run("--json", page, lines, crawl)
    assert result.returncode == 1  # the broken line
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert titles == [
        "Harbour bridge to close for repairs",
        "Rail strike called off after late talks",
        "Harbour bridge to close for repairs",
    ]
    assert f"{lines}:2: invalid JSON" in result.stderr
    readable = run(page).stdout
    assert "source: The Daily Example" in readable and "author: Ann Writer" in readable


def test_a_stale_compiled_build_warns_once_and_still_parses(tmp_path: Path) -> None:
    """The warning is printed while the pipeline loads, before the output is wrapped."""
    import shutil

    root = Path(__file__).resolve().parent.parent
    for package in ("store", "tui"):
        shutil.copytree(root / package, tmp_path / package)
    with (tmp_path / "store" / "text" / "dates.py").open("a") as source:
        source.write("# edited since the build\n")
    page = tmp_path / "good.txt"
    page.write_text(GOOD, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "parse", str(page)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Bridge to close for good")
    assert "Traceback" not in result.stderr
