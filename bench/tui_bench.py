"""Figure for the interface: key-to-label latency in a real terminal.

The app runs in a real pseudo-terminal; the time runs from the moment a label
key's byte is written to the terminal (as a keyboard does) to the moment the
terminal has received the labelled statement redrawn with its label saved
(`‹favor›`, not the pending `‹favor…›`, which is only drawn when the disk takes
longer than a frame), with 500,000 labels in the annotation file. Median and
p90 beside anchors from the same run; the goal is p90 < 16 ms (one frame at
60 Hz). The time to titles visible on a reopen is bench/reopen_bench.py's.

Usage: .venv/bin/python bench/tui_bench.py [--articles N] [--key-labels N] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

EMPTY_APP = """
from textual.app import App
from textual.widgets import Static
class Empty(App):
    def compose(self):
        yield Static("An empty Textual app")
Empty().run()
"""
EMPTY_APP_TEXT = "An empty Textual app"
"""What the empty app draws: its first screen is up when the terminal has it."""
FIRST_TITLE = "The bench article"
"""The title of the first article of the library's list (the newest)."""


BENCH_STATEMENTS = 50
"""Statements of the article the latency is measured on, one per paragraph and line."""


def bench_statement(n: int) -> str:
    """The text of statement `n` of the latency article (unique, one short line)."""
    return f"Statement {n} of the bench article says the talks went on."


def make_corpus(folder: Path, count: int) -> Path:
    """A JSONL corpus of `count` short articles (title, source, date, three paragraphs),
    plus the latency article, the newest (listed first)."""
    path = folder / "corpus.jsonl"
    sources = ["TASS", "Reuters", "Sputnik", "AP", "BBC"]
    with path.open("w", encoding="utf-8") as out:
        bench = {
            "title": "The bench article",
            "source": "Bench",
            "date": "2030-01-01",
            "text": "\n\n".join(bench_statement(n) for n in range(1, BENCH_STATEMENTS + 1)),
        }
        out.write(json.dumps(bench) + "\n")
        for i in range(count):
            text = (
                f"MOSCOW, June {i % 28 + 1}. Officials met on day {i} to discuss item {i}. "
                "The talks lasted several hours.\n\n"
                f'"We are ready to continue [UN] talks {i}," Sergey Lavrov said. '
                "Critics disagreed.\n\n"
                "Markets were calm. Analysts expect more meetings."
            )
            row = {
                "title": f"Article {i}: talks on item {i}",
                "source": sources[i % len(sources)],
                "date": f"2017-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "text": text,
            }
            out.write(json.dumps(row) + "\n")
    return path


def app_env(folder: Path, cache: Path) -> dict[str, str]:
    """The environment the app runs in: a clean home, the bench's corpus cache."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PYTHONPATH": str(ROOT),
        "MARGINALIA_CACHE": str(cache),
        "MARGINALIA_STATE": str(folder / "state.json"),
    }
    env.update({k: v for k, v in os.environ.items() if k.startswith("TEXTUAL_")})
    return env


def marginalia_command(corpus: Path, db: Path, pycache: Path) -> list[str]:
    """The app as `marginalia CORPUS --db DB` runs it, bytecode cached in `pycache`
    (outside the tree) as it is on a user's machine."""
    return [
        sys.executable,
        "-X",
        f"pycache_prefix={pycache}",
        "-c",
        "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))",
        str(corpus),
        "--db",
        str(db),
        "--annotator",
        "bench",
    ]


def time_to_text(command: list[str], text: str, env: dict[str, str]) -> float:
    """Wall time from starting `command` in a real terminal (100x30) to the moment
    the terminal has received `text` drawn."""
    from terminal import Terminal  # bench/terminal.py

    started = time.perf_counter()
    terminal = Terminal(command, columns=100, rows=30, env=env)
    try:
        return terminal.wait_for(text, timeout=120) - started
    finally:
        terminal.close()


def write_labels_file(db: Path, article_ids: list[str], count: int) -> None:
    """A TinyDB file of `count` labels by another annotator spread over the articles,
    written directly (msgspec, seconds rather than a minute for 500,000): the file
    a long project has, for timing keys against."""
    import msgspec

    from store.records import FORMAT_META, now_iso

    stamp = now_iso()
    labels = ("favor", "against", "neutral")
    per = len(article_ids)
    table = {
        str(i + 1): {
            "id": f"bench{i:08d}",
            "article_id": article_ids[i % per],
            "start": (i // per) * 7,
            "end": (i // per) * 7 + 5,
            "text": "bench",
            "label": labels[i % 3],
            "annotator": "filler",
            "created": stamp,
            "updated": stamp,
            "unit": "sentence",
            "prefix": "",
            "suffix": "",
            "speaker": None,
            "target": None,
            "note": None,
            "anchor": "exact",
            "flags": [],
        }
        for i in range(count)
    }
    db.write_bytes(msgspec.json.encode({"_meta": {"1": FORMAT_META}, "annotations": table}))


def key_to_label(
    corpus: Path, db: Path, cache: Path, folder: Path, rounds: int, settle: float
) -> list[float]:
    """Label each statement of the latency article from a real terminal, `rounds`
    times over (favor, then against, then neutral…), the first key `settle` seconds
    after the reader is shown; returns each key's latency."""
    from terminal import Terminal  # bench/terminal.py

    env = app_env(folder, cache)
    command = marginalia_command(corpus, db, folder / "pycache")
    terminal = Terminal(command, columns=140, rows=45, env=env)
    latencies: list[float] = []
    try:
        terminal.wait_for(f"0/{BENCH_STATEMENTS}", timeout=120)  # the list, with counts
        terminal.send(b"\r")
        terminal.wait_for(f"Sentence 1/{BENCH_STATEMENTS}", timeout=60)
        time.sleep(settle)  # the annotation file is read: keys meet an open store
        labels = [("1", "favor"), ("2", "against"), ("3", "neutral")]
        for round_ in range(rounds):
            key, label = labels[round_ % len(labels)]
            for n in range(1, BENCH_STATEMENTS + 1):
                after = terminal.mark()
                pressed = terminal.send(key.encode())
                shown = terminal.wait_for(f"{bench_statement(n)} ‹{label}›", after=after)
                latencies.append(shown - pressed)
                time.sleep(0.03)  # keys one by one: each is timed on its own
            after = terminal.mark()
            terminal.send(b"\x1b[H")  # Home: back to the first statement
            terminal.wait_for(f"Sentence 1/{BENCH_STATEMENTS}", after=after)
            time.sleep(0.2)
    finally:
        terminal.close()
    return latencies


def fsync_latencies(folder: Path, runs: int) -> list[float]:
    """Append and fsync one label's journal line, `runs` times: the disk's part of a
    key press, the floor under key → label on this machine right now."""
    line = b'{"op":"put","table":"annotations","rec":{"id":"' + b"0" * 600 + b'"}}\n'
    fd = os.open(folder / "fsync.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    samples = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            samples.append(time.perf_counter() - started)
            time.sleep(0.03)
    finally:
        os.close(fd)
    return samples


def print_key_to_label(
    corpus: Path, cache: Path, folder: Path, ids: list[str], labels: int, rounds: int
) -> None:
    """Key → label with `labels` in the file, beside two anchors from the same run:
    the same keys with 1,000 labels in the file, and an append + fsync alone."""

    def figures(ms: list[float]) -> tuple[float, float]:
        ordered = sorted(ms)
        return statistics.median(ordered), ordered[int(len(ordered) * 0.9)]

    results = {}
    for count in (1_000, labels):
        key_db = folder / f"key-labels-{count}.json"
        write_labels_file(key_db, ids, count)
        # Keys pressed while the file still loads are another figure (label_scale's
        # first key): wait out the open, 3x a json.load of the file timed now.
        started = time.perf_counter()
        json.loads(key_db.read_bytes())
        settle = max(1.0, 3 * (time.perf_counter() - started))
        results[count] = figures(
            [x * 1000 for x in key_to_label(corpus, key_db, cache, folder, rounds, settle)]
        )
    # The moment an annotator waits for most: keys pressed as soon as the reader shows,
    # the file still loading (saved early and drawn as saved, or held until it is read).
    loading = key_to_label(corpus, folder / f"key-labels-{labels}.json", cache, folder, 1, 0.0)
    first_ms, worst_ms = loading[0] * 1000, max(loading[:10]) * 1000
    disk = figures([x * 1000 for x in fsync_latencies(folder, 100)])
    (small_med, small_p90), (med, p90) = results[1_000], results[labels]
    print(
        f"key → label saved and shown (real terminal), {labels:,} labels in the file: "
        f"median {med:.1f} ms, p90 {p90:.1f} ms (goal: p90 <= 16 ms); with 1,000 labels "
        f"median {small_med:.1f} ms, p90 {small_p90:.1f} ms: p90 {p90 / small_p90:.2f}x; "
        f"append + fsync alone now: median {disk[0]:.1f} ms, p90 {disk[1]:.1f} ms"
    )
    print(
        f"  keys pressed as the reader shows, {labels:,} labels still loading: the first "
        f"{first_ms:.1f} ms, the slowest of the first ten {worst_ms:.1f} ms, key to label "
        f"drawn as saved ({first_ms / p90:.2f}x the p90 of an open store)"
    )


def main() -> int:
    """Time key to label shown and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument(
        "--key-labels", type=int, default=500_000, help="labels in the file for key → label"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help=f"label the {BENCH_STATEMENTS} statements N times"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tui-bench-") as tmp:
        folder = Path(tmp)
        corpus = make_corpus(folder, args.articles)
        cache = folder / "cache"

        from store.corpus import Corpus

        ids = [entry.id for entry in Corpus.open(corpus, cache_dir=cache).entries]
        print_key_to_label(corpus, cache, folder, ids, args.key_labels, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
