"""`marginalia agreement`: how far the annotators of a database agree.

Over the units labelled by two or more annotators (a unit is article, start,
end and target): Krippendorff's alpha overall, per label and per target,
Cohen's kappa for every pair of annotators, Fleiss' kappa when every unit has
the same number of annotators, and percent agreement. `--json` prints the
same as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from store import (
    Agreement,
    AnnotationStore,
    StoreError,
    default_db_path,
    measure_agreement,
    ratings_of,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `marginalia agreement`."""
    parser = argparse.ArgumentParser(
        prog="marginalia agreement",
        epilog="""examples:
  marginalia agreement --db team.json               all figures, readably
  marginalia agreement --db team.json --json        one JSON object
  marginalia agreement --target sanctions           one target only""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Agreement between the annotators of a Marginalia database, over the "
        "units two or more of them labelled.",
    )
    parser.add_argument(
        "--db", type=Path, default=None, help=f"annotation database (default: {default_db_path()})"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--target",
        metavar="T",
        default=None,
        help='only the labels given for target T ("" for the labels given with no target)',
    )
    return parser


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def report(result: Agreement, target: str | None) -> str:
    """The figures as a person reads them."""
    scope = f" for target {target!r}" if target is not None else ""
    lines = [
        f"Agreement{scope}: {result.units:,} units labelled by two or more annotators, "
        f"{result.labels:,} labels, {len(result.annotators)} annotators "
        f"({', '.join(result.annotators) or 'none'})",
        "",
        f"  Krippendorff's alpha (nominal)  {_figure(result.krippendorff_alpha)}",
        f"  Fleiss' kappa                   {_figure(result.fleiss_kappa)}"
        + (
            ""
            if result.fleiss_kappa is not None
            else "  (units have different numbers of annotators)"
            if result.units
            else ""
        ),
        f"  Percent agreement               {_figure(result.percent_agreement)}",
    ]
    if result.pairs:
        lines += ["", "  Pairs (Cohen's kappa, units both labelled, percent agreement)"]
        width = max(len(f"{p.a} – {p.b}") for p in result.pairs)
        for pair in result.pairs:
            name = f"{pair.a} – {pair.b}"
            lines.append(
                f"    {name:<{width}}  {_figure(pair.cohen_kappa)}  {pair.n:>6,}  "
                f"{_figure(pair.percent_agreement)}"
            )
    if result.per_label:
        lines += ["", "  Alpha per label (that label against the others)"]
        lines += [f"    {name:<16} {_figure(v)}" for name, v in result.per_label.items()]
    if len(result.per_target) > 1 or (result.per_target and target is None):
        lines += ["", "  Alpha per target"]
        lines += [
            f"    {name or '(no target)':<24} {_figure(v)}" for name, v in result.per_target.items()
        ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the figures; 2 if the database can't be read."""
    args = build_parser().parse_args(argv)
    db: Path = args.db or default_db_path()
    if not db.exists():
        print(f"marginalia agreement: {db}: no such annotation database", file=sys.stderr)
        return 2
    try:
        with AnnotationStore(db, read_only=True) as store:
            annotations = store.annotations()
    except StoreError as exc:
        print(f"marginalia agreement: {exc}", file=sys.stderr)
        return 2
    target = args.target or None
    ratings = ratings_of(annotations, target=target, any_target=args.target is None)
    if args.target is not None and not ratings:
        known = sorted({repr(a.target or "") for a in annotations})
        print(
            f"marginalia agreement: no labels for target {args.target!r} "
            f"(targets in the file: {', '.join(known) or 'none'})",
            file=sys.stderr,
        )
    result = measure_agreement(ratings)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(report(result, args.target))
    return 0
