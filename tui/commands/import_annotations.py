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
        epilog="""examples:
  marginalia import-annotations alice.jsonl bob.jsonl --db team.json
  marginalia import-annotations tasks.jsonl --project stance.toml
  cat *.jsonl | marginalia import-annotations - --allow-new-labels""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    scheme = parser.add_mutually_exclusive_group()
    scheme.add_argument(
        "--labels", type=Path, default=None, help="label scheme the labels must be in"
    )
    scheme.add_argument(
        "--project", type=Path, default=None, help="project file whose labels they must be in"
    )
    scheme.add_argument(
        "--allow-new-labels",
        action="store_true",
        help="import labels whatever they are (default: only the scheme's, and those "
        "the database already holds; the built-in scheme when none is named)",
    )
    return parser


def _allowed_labels(args: argparse.Namespace) -> list[str] | None:
    """The labels an import may bring (None: any); raises `LabelsError`."""
    if args.allow_new_labels:
        return None
    from tui.labels import load_labels
    from tui.project import load_project

    scheme = load_project(args.project).scheme if args.project else load_labels(args.labels)
    return [label.name for label in scheme.labels]


def _deletions(removed: int, deleted_here: int) -> str:
    """What deletions did, when they did anything."""
    said = [f"{removed} deleted (deleted there after their last edit)"] if removed else []
    said += [f"{deleted_here} left out (deleted here)"] if deleted_here else []
    return "".join(f", {part}" for part in said)


def _say_unknown(shown: str, articles: list[str]) -> None:
    """Name the articles of imported labels that the database does not know."""
    some = ", ".join(articles[:3]) + (", …" if len(articles) > 3 else "")
    count = f"{len(articles)} article{'s' if len(articles) > 1 else ''}"
    print(
        f"marginalia import-annotations: {shown}: labels of {count} this database does not "
        f"know ({some}); they show once their articles are opened",
        file=sys.stderr,
    )


def main(argv: list[str]) -> int:
    """Import each file; 0 if every line was imported, 1 if some were skipped, 2 on failure."""
    args = build_parser().parse_args(argv)
    from store import AnnotationStore, StoreError, import_lines
    from tui.labels import LabelsError

    try:
        labels = _allowed_labels(args)
    except LabelsError as exc:
        print(f"marginalia import-annotations: {exc}", file=sys.stderr)
        return 2
    status = 0
    try:
        with AnnotationStore(args.db or default_db_path(), annotator=args.annotator) as store:
            if store.set_aside_note:
                print(f"marginalia import-annotations: {store.set_aside_note}", file=sys.stderr)
            for name in args.files:
                try:
                    if name == "-":
                        report = import_lines(store, sys.stdin, "<stdin>", labels=labels)
                    else:
                        with open(name, encoding="utf-8", errors="replace") as handle:
                            report = import_lines(store, handle, name, labels=labels)
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
                    f"{report.duplicates} already present, {report.skipped} lines skipped"
                    f"{_deletions(report.removed, report.deleted_here)} "
                    f"(lines by format: {kinds})",
                    file=sys.stderr,
                )
                if report.unknown_articles:
                    _say_unknown(shown, sorted(report.unknown_articles))
                if report.skipped:
                    status = max(status, 1)
    except StoreError as exc:
        print(f"marginalia import-annotations: {exc}", file=sys.stderr)
        return 2
    return status
