"""How the annotation store scales: 100,000, 200,000 and 500,000 labels.

Every figure is a ratio against an anchor measured in the same run on the same
file: reading it once with the json module (`json.load`, in a process of its
own) for times, and the file's size for peak memory (ru_maxrss of the process
that did the work). Times are processor time (user + system), which other
processes on a shared machine disturb far less than wall time (printed beside
it). Each measurement runs in a fresh process, twice, and the run with less
processor time counts.

  - open: `AnnotationStore(path)` on the file, writable (goal: <= 2x json.load,
    memory <= 2x the file);
  - close: closing it unchanged, and whether the file was rewritten (it must not be);
  - first label: from starting to open the store to the first label on disk;
  - first key saved while loading: a label key pressed a while into the open
    (a third of json.load's time), saved early (`store.early`): from the key to
    its fsync, and whether the load was still going on then (it must be);
  - export: `marginalia export --db FILE -o OUT`, the whole process (goal:
    <= 1.5x json.load, memory <= 3x the file, under 1 s at 100,000).

The files are written once into a cache folder in /tmp and kept for the next run.

    .venv/bin/python bench/label_scale.py [--sizes 100000,200000,500000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "marginalia-bench-labels"
SIZES = (100_000, 200_000, 500_000)
FILE_VERSION = 1
"""Bump when the generated files change, so that cached ones are not used."""

_PROBE = r"""
import json, os, resource, sys, time
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
what, path = sys.argv[1], sys.argv[2]
result = {}
started, cpu_started = time.perf_counter(), cpu()
if what == "early":
    import threading
    from store.annotations import AnnotationStore
    from store.early import EarlySaves, slot_ops
    from store.labelling import LabelDraft, Slot
    early, opened = EarlySaves(), []
    opener = threading.Thread(
        target=lambda: opened.append(AnnotationStore(path, annotator="bench", early=early))
    )
    opener.start()
    time.sleep(float(sys.argv[3]))  # the key comes this far into the load
    ops = slot_ops(LabelDraft(Slot("bench-article", "sentence", 0, 5), "favour", "words"), "bench")
    key = time.perf_counter()
    saved = early.save(ops)
    result["key_to_fsync"] = time.perf_counter() - key
    result["key_at"] = key - started
    result["during_load"] = saved and opener.is_alive()
    opener.join()
    result["seconds"] = time.perf_counter() - started
    assert opened[0].early_change(ops[0]["rec"]["id"]).after.label == "favour"
elif what == "json":
    with open(path, "rb") as handle:
        json.load(handle)
    result["seconds"] = time.perf_counter() - started
else:
    from store.annotations import AnnotationStore
    from store.labelling import LabelDraft, Slot
    before = os.stat(path)
    store = AnnotationStore(path, annotator="bench")
    result["seconds"] = time.perf_counter() - started
    if what == "label":
        slot = Slot("bench-article", "sentence", 0, 5)
        store.set_label(LabelDraft(slot, "favour", "words"))
        result["seconds"] = time.perf_counter() - started
    result["cpu"] = cpu() - cpu_started
    if what == "open":
        started = time.perf_counter()
        store.close()
        result["close_seconds"] = time.perf_counter() - started
        after = os.stat(path)
        seen = lambda st: (st.st_ino, st.st_size, st.st_mtime_ns)
        result["rewritten"] = seen(before) != seen(after)
result.setdefault("cpu", cpu() - cpu_started)
result["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(result))
"""


_WRITE = (
    "import sys; from pathlib import Path; from store_bench import write_db; "
    "write_db(Path(sys.argv[1]), int(sys.argv[2]))"
)
"""Writes one bench file (`store_bench.write_db`), run in the bench folder."""


def labels_file(count: int) -> Path:
    """The cached TinyDB file of `count` labels (written now if missing)."""
    path = CACHE / f"labels-v{FILE_VERSION}-{count}.json"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        # In a child process: building the file takes hundreds of MB, and a process
        # started later from a big parent inherits its peak (ru_maxrss survives fork
        # and exec on Linux), which the first run's memory figures then showed.
        subprocess.run(
            [sys.executable, "-c", _WRITE, str(partial), str(count)],
            check=True,
            cwd=Path(__file__).resolve().parent,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        partial.replace(path)
    return path


def probe(what: str, path: Path, *extra: str) -> dict[str, Any]:
    """One measurement in a fresh process (see `_PROBE`)."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, what, str(path), *extra],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def export_process(path: Path, out: Path) -> dict[str, Any]:
    """`marginalia export --db path -o out`, the whole process: wall time and peak memory."""
    import time

    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "export", "--db", str(path), "-o", str(out)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"marginalia export failed ({child.returncode})")
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu": cpu, "maxrss": usage.ru_maxrss * 1024}


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run that took the least processor time (the other met more of the
    other processes on the machine)."""
    return min(runs, key=lambda run: float(run["cpu"]))


def measure(count: int, folder: Path) -> dict[str, Any]:
    """Every figure for `count` labels, each the best of two runs."""
    cached = labels_file(count)
    db = folder / "labels.json"
    shutil.copyfile(cached, db)
    size = db.stat().st_size
    anchor = best([probe("json", db) for _ in range(2)])
    opened = best([probe("open", db) for _ in range(2)])
    exported = best([export_process(db, folder / "export.jsonl") for _ in range(2)])
    label_db = folder / "label.json"
    shutil.copyfile(cached, label_db)
    first = probe("label", label_db)
    early_runs = []
    for _ in range(2):
        shutil.copyfile(cached, label_db)
        early_runs.append(probe("early", label_db, str(anchor["seconds"] / 3)))
    return {
        "count": count,
        "size": size,
        "json": anchor,
        "open": opened,
        "export": exported,
        "first_label": first,
        "early": min(early_runs, key=lambda run: float(run["key_to_fsync"])),
    }


def report(figures: dict[str, Any]) -> None:
    """Print one size's figures as ratios against its anchors: processor time (user +
    system, steady on a shared machine), with the wall time beside it."""
    count, size, anchor = figures["count"], figures["size"], figures["json"]
    opened, exported, first = figures["open"], figures["export"], figures["first_label"]

    def against(run: dict[str, Any]) -> str:
        return (
            f"{run['cpu'] / anchor['cpu']:4.2f}x json.load ({run['cpu']:5.2f} s processor, "
            f"{run['seconds']:5.2f} s wall)"
        )

    print(
        f"{count:>7,} labels, file {size / 2**20:5.0f} MiB | json.load {anchor['cpu']:5.2f} s "
        f"processor ({anchor['seconds']:5.2f} s wall), memory {anchor['maxrss'] / size:4.1f}x "
        "the file"
    )
    print(
        f"  open   {against(opened)} (goal <= 2x), memory {opened['maxrss'] / size:4.2f}x "
        "the file (goal <= 2x)"
    )
    print(
        f"  close unchanged {opened['close_seconds'] * 1000:6.1f} ms, file rewritten: "
        f"{'YES' if opened['rewritten'] else 'no'} (goal: no)"
    )
    print(f"  first label on disk, from the start of the open: {against(first)}")
    early = figures["early"]
    print(
        f"  first key saved, from key to fsync, while {count:,} labels load: "
        f"{early['key_to_fsync'] * 1000:6.1f} ms wall = "
        f"{early['key_to_fsync'] / anchor['cpu']:6.4f}x json.load's processor time "
        f"({early['key_to_fsync'] / anchor['seconds']:6.4f}x its wall time) "
        f"(key {early['key_at']:4.2f} s into an open of {early['seconds']:4.2f} s; "
        f"still loading then: {'yes' if early['during_load'] else 'NO'})"
    )
    print(
        f"  export {against(exported)} (goal <= 1.5x, < 1 s at 100,000; the whole "
        f"`marginalia export` process), memory {exported['maxrss'] / size:4.2f}x the file "
        "(goal <= 3x)"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print every size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args(argv)
    print("labels at scale: ratios against json.load of the same file, in this run:")
    with tempfile.TemporaryDirectory(prefix="marginalia-scale-", dir=ROOT / "bench") as tmp:
        for count in (int(n) for n in args.sizes.split(",")):
            report(measure(count, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
