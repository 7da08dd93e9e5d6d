"""`marginalia import-annotations FILE...`: add exported annotations to a database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store import default_db_path, os_error_message


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `marginalia import-annotations`."""
    parser = argparse.ArgumentParser(
        prog="marginalia import-annotations",
        description="Import annotations written by `marginalia export` in any of its formats "
        "(jsonl, prodigy, doccano, w3c; detected line by line). Annotations already in the "
        "database are skipped, so importing twice is harmless.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL file, or - for stdin")
    parser.add_argument(
        "--db", type=Path, default=None, help=f"annotation database (default: {default_db_path()})"
    )
    parser.add_argument(
        "--annotator",
        default=None,
        help="annotator for lines that don't name one (default: your user name)",
    )
    return parser


def main(argv: list[str]) -> int:
    """Import each file; 0 if every line was imported, 1 if some were skipped, 2 on failure."""
    args = build_parser().parse_args(argv)
    from store import AnnotationStore, StoreError, import_lines

    status = 0
    try:
        with AnnotationStore(args.db or default_db_path(), annotator=args.annotator) as store:
            for name in args.files:
                try:
                    if name == "-":
                        report = import_lines(store, sys.stdin, "<stdin>")
                    else:
                        with open(name, encoding="utf-8", errors="replace") as handle:
                            report = import_lines(store, handle, name)
                except OSError as exc:
                    print(
                        f"marginalia import-annotations: {name}: {os_error_message(exc)}",
                        file=sys.stderr,
                    )
                    status = 2
                    continue
                for error in report.errors:
                    print(f"marginalia import-annotations: skipped {error}", file=sys.stderr)
                kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.formats.items())) or "none"
                shown = "<stdin>" if name == "-" else name
                print(
                    f"marginalia import-annotations: {shown}: {report.added} added, "
                    f"{report.replaced} replaced by a later edit, "
                    f"{report.duplicates} already present, {report.skipped} lines skipped "
                    f"(lines by format: {kinds})",
                    file=sys.stderr,
                )
                if report.skipped:
                    status = max(status, 1)
    except StoreError as exc:
        print(f"marginalia import-annotations: {exc}", file=sys.stderr)
        return 2
    return status
