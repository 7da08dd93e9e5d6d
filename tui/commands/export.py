"""`marginalia export`: write every annotation as JSONL (or Prodigy, doccano, W3C,
SemEval, Label Studio)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Any

from store import (
    FORMATS,
    GOLD_ONLY,
    AnnotationStore,
    GoldReport,
    StoreError,
    default_db_path,
    gold_labels,
    os_error_message,
    write_export,
    write_export_file,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `marginalia export`."""
    parser = argparse.ArgumentParser(
        prog="marginalia export",
        epilog="""examples:
  marginalia export -o labels.jsonl                     every label, one flat record a line
  marginalia export --format prodigy -o tasks.jsonl     for prodigy db-in
  marginalia export --gold --format semeval -o gold.tsv the decided labels, for training
  marginalia export --with-deletions -o sync.jsonl      for another database, deletions too
  marginalia export -f doccano --annotator alice -o alice.jsonl
                                                        alice's labels only (she imports them
                                                        into doccano as herself)""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the annotations of a Marginalia database, one JSON object per line.",
    )
    parser.add_argument(
        "--db", type=Path, default=None, help=f"annotation database (default: {default_db_path()})"
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=(*FORMATS, "spacy"),
        default="jsonl",
        help="jsonl: one flat record per label (default); prodigy: `prodigy db-out` tasks; "
        "doccano: sequence-labelling JSONL; w3c: W3C Web Annotations (JSON-LD); semeval: "
        "SemEval-2016 stance TSV, one row per unit and target (the gold labels); "
        "labelstudio: a JSON array of Label Studio tasks with their annotations; "
        "spacy: a .spacy DocBin of the gold labels for `spacy train` (textcat; needs -o "
        "and the spacy extra)",
    )
    parser.add_argument(
        "--dataset",
        default=None,
        metavar="NAME",
        help="with --format prodigy: the Prodigy dataset the tasks go to; their sessions "
        "are named NAME-ANNOTATOR, as in Prodigy's named sessions (default: marginalia)",
    )
    parser.add_argument(
        "--labelstudio-config",
        type=Path,
        default=None,
        metavar="FILE",
        help="with --format labelstudio: also write the labelling config (XML) the tasks "
        "need, with the built-in labels and every label exported",
    )
    parser.add_argument(
        "--gold",
        action="store_true",
        help="one label per unit and target: a reviewer's decision, else the label every "
        "annotator gave; units still disagreed on are left out and counted",
    )
    parser.add_argument(
        "--min-annotators",
        type=int,
        default=1,
        metavar="N",
        help="with --gold: leave out the units fewer than N annotators labelled "
        "(not decided by a reviewer); default 1",
    )
    parser.add_argument(
        "--annotator",
        action="append",
        default=None,
        metavar="NAME",
        help="only this annotator's labels (repeat for several): one file per annotator, "
        "e.g. for doccano, which gives imported labels to the user who imports them",
    )
    parser.add_argument(
        "--with-deletions",
        action="store_true",
        help="jsonl only: add a line for every label deleted from this database, so that "
        "importing the file elsewhere deletes it there too (a round trip brings nothing back)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="write here instead of standard output"
    )
    return parser


def main(argv: list[str]) -> int:
    """Export; returns 0, or 2 if the database can't be read or the output written."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.with_deletions and args.format != "jsonl":
        parser.error("--with-deletions goes with --format jsonl (deletions travel in it only)")
    if args.dataset is not None and args.format != "prodigy":
        parser.error("--dataset goes with --format prodigy")
    if args.labelstudio_config is not None and args.format != "labelstudio":
        parser.error("--labelstudio-config goes with --format labelstudio")
    if args.annotator is not None and (args.gold or args.format in (*GOLD_ONLY, "spacy")):
        parser.error("--annotator chooses whose labels to write; the gold labels are everyone's")
    if args.format == "spacy" and args.output is None:
        parser.error("--format spacy writes a binary DocBin: give -o FILE.spacy")
    db: Path = args.db or default_db_path()
    if not db.exists():
        print(f"marginalia export: {db}: no such annotation database", file=sys.stderr)
        return 2
    try:
        with AnnotationStore(db, read_only=True) as store:
            if store.set_aside_note:
                print(f"marginalia export: {store.set_aside_note}", file=sys.stderr)
            gold = args.gold or args.format in GOLD_ONLY or args.format == "spacy"
            least = args.min_annotators if gold else 1
            if args.format == "spacy":
                return _to_docbin(store, args.output, least)
            if gold:
                _say_gold(gold_labels(store.annotations(), min_annotators=least)[1])
            options: dict[str, Any] = {
                "gold": gold,
                "min_annotators": least,
                "deletions": args.with_deletions,
                "notes": [],
                "dataset": args.dataset,
                "annotators": None if args.annotator is None else frozenset(args.annotator),
            }
            if args.annotator is not None:
                _say_unknown_annotators(store, args.annotator)
            if args.labelstudio_config is not None:
                from tui.labels import load_labels

                options["config"] = args.labelstudio_config
                options["config_labels"] = [label.name for label in load_labels(None).labels]
            if args.output is None:
                return _to_stdout(store, args.format, options)
            return _to_file(store, args.format, args.output, options)
    except StoreError as exc:
        print(f"marginalia export: {exc}", file=sys.stderr)
        return 2


def _to_docbin(store: AnnotationStore, output: Path, least: int) -> int:
    """Write the gold labels as a spaCy DocBin; one line if spaCy is missing."""
    from store import SpacyMissing, write_docbin

    gold, report = gold_labels(store.annotations(), min_annotators=least)
    _say_gold(report)
    try:
        count = write_docbin(gold, output)
    except SpacyMissing as exc:
        print(f"marginalia export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"marginalia export: {output}: {os_error_message(exc)}", file=sys.stderr)
        return 2
    print(f"marginalia export: {_count(count)} (spacy DocBin) written to {output}", file=sys.stderr)
    return 0


def _say_unknown_annotators(store: AnnotationStore, names: list[str]) -> None:
    """Name the annotators asked for who have no label here (a typo, most likely)."""
    known = {a.annotator for a in store.annotations()}
    for name in names:
        if name not in known:
            print(f"marginalia export: no labels by {name!r} in {store.path}", file=sys.stderr)


def _say_gold(report: GoldReport) -> None:
    """How the gold labels were found, and what was left out, on standard error."""
    print(
        f"marginalia export: gold labels: {report.adjudicated:,} decided by a reviewer, "
        f"{report.unanimous:,} unanimous, {report.single:,} by one annotator; left out: "
        f"{report.unresolved:,} unresolved (annotators disagree, or a label is flagged for "
        f"review: R in the app's library), {report.too_few:,} with too few annotators, "
        f"{report.skipped:,} skipped (no stance)",
        file=sys.stderr,
    )


def _to_stdout(store: AnnotationStore, fmt: str, options: dict[str, Any]) -> int:
    """Write to standard output as UTF-8; a closed pipe (`| head`) is not an error."""
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="replace", newline="\n")
    try:
        count = write_export(store, fmt, out, **options)
        out.flush()
    except BrokenPipeError:  # `marginalia export | head`
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the labelling config could not be written
        print(f"marginalia export: {os_error_message(exc)}", file=sys.stderr)
        return 2
    finally:
        with contextlib.suppress(Exception):
            out.detach()
    print(f"marginalia export: {_count(count)} ({fmt})", file=sys.stderr)
    _say_notes(options)
    return 0


def _to_file(store: AnnotationStore, fmt: str, output: Path, options: dict[str, Any]) -> int:
    """Write the export to `output` atomically; one line on stderr if it cannot be."""
    try:
        count = write_export_file(store, fmt, output, **options)
    except OSError as exc:
        print(f"marginalia export: {output}: {os_error_message(exc)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"marginalia export: {exc}", file=sys.stderr)
        return 2
    print(f"marginalia export: {_count(count)} ({fmt}) written to {output}", file=sys.stderr)
    _say_notes(options)
    return 0


def _say_notes(options: dict[str, Any]) -> None:
    """What the export left out, and where the labelling config went, on stderr."""
    for note in options["notes"]:
        print(f"marginalia export: {note}", file=sys.stderr)
    if options.get("config") is not None:
        print(
            f"marginalia export: labelling config written to {options['config']}", file=sys.stderr
        )


def _count(n: int) -> str:
    """'1 annotation', '2 annotations'."""
    return f"{n:,} annotation{'' if n == 1 else 's'}"
