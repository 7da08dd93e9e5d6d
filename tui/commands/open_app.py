"""`marginalia [CORPUS] [--db FILE] [--annotator NAME] [--labels FILE]`: open the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.user_config import UserConfig

EXAMPLES = """examples:
  marginalia                                   the bundled sample articles
  marginalia ~/corpus                          a folder of pages (.txt, .html, .warc.gz, .jsonl)
  marginalia crawl.jsonl --db team.json        labels into a shared annotation file
  marginalia ~/corpus --project stance.toml    a team project: labels, targets, guidelines
  marginalia ~/corpus --read-only              read and review without writing

defaults can be set in the user config file (see --version for where it is)."""


def _default_db_text() -> str:
    try:
        from store import default_db_path

        return str(default_db_path())
    except Exception:  # the help text must never fail
        return "the user's data folder"


class _VersionAction(argparse.Action):
    """`--version`: the version is looked up only when asked for, not at every start."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, help="print the version and where the user config is"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(_version_text())
        parser.exit()


def _version_text() -> str:
    """The version line, with where the user config file is looked for."""
    from importlib.metadata import PackageNotFoundError, version

    from tui.user_config import config_path

    try:
        number = version("marginalia")
    except PackageNotFoundError:
        number = "(not installed)"
    return f"marginalia {number}\nuser config file: {config_path()}"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the app itself (subcommands are dispatched before it)."""
    parser = argparse.ArgumentParser(
        prog="marginalia",
        description="Read news articles and label their statements by stance. "
        "Subcommands: parse, export, import-annotations, agreement, serve "
        "(marginalia SUBCOMMAND --help).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        metavar="CORPUS",
        help="a folder of pages (.txt dumps, .html, .warc/.warc.gz, .jsonl) or one such file "
        "(default: the bundled sample articles)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help=f"annotation file (default: $MARGINALIA_DB or {_default_db_text()})",
    )
    parser.add_argument(
        "--annotator", metavar="NAME", help="name stored with every label (default: login name)"
    )
    parser.add_argument(
        "--labels",
        type=Path,
        metavar="FILE",
        help="label scheme TOML: [[label]] name, key, colour, description "
        "(default: favor 1, against 2, neutral 3)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        metavar="FILE",
        help="project file: labels, targets, guidelines, annotators "
        "(default: marginalia.toml beside the articles, if there is one)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the annotation file without ever writing to it (to read or review labels)",
    )
    return parser


def _check(args: argparse.Namespace) -> str | None:
    """A one-line problem with the arguments, or None if the app can start."""
    if args.corpus is not None:
        if not args.corpus.exists():
            return f"{args.corpus}: no such file or folder"
        if not os.access(args.corpus, os.R_OK):
            return f"{args.corpus}: permission denied"
    if args.db is not None:
        if args.db.is_dir():
            return f"{args.db}: is a folder; --db needs a file"
        if args.db.exists() and not os.access(args.db, os.R_OK):
            return f"{args.db}: cannot read the annotation file"
    if args.annotator is not None and not args.annotator.strip():
        return "--annotator: the name is empty"
    return None


def _apply_user_config(args: argparse.Namespace, config: UserConfig) -> None:
    """Fill what the command line left out from the user's config file
    (`$MARGINALIA_DB` still wins over the file's `db`)."""
    if args.annotator is None:
        args.annotator = config.annotator
    if args.db is None and not os.environ.get("MARGINALIA_DB"):
        args.db = config.db
    if args.labels is None and args.project is None:
        args.labels, args.project = config.labels, config.project


def main(argv: list[str]) -> int:
    """Parse arguments, build the app with `make_app`, run it; 2 for bad arguments."""
    args = build_parser().parse_args(argv)
    from tui.user_config import ConfigError, load_user_config

    try:
        _apply_user_config(args, load_user_config())
    except ConfigError as exc:
        print(f"marginalia: {exc}", file=sys.stderr)
        return 2
    problem = _check(args)
    if problem is not None:
        print(f"marginalia: {problem}", file=sys.stderr)
        return 2
    from store import load_text_pipeline, prestart_parsers

    load_text_pipeline()
    if args.corpus is not None:
        # Before the interface is imported: a corpus opened for the first time is
        # parsed by workers whose server loads the parser meanwhile, on another core.
        prestart_parsers(args.corpus)
    from tui.factory import make_app
    from tui.labels import LabelsError

    try:
        app = make_app(
            args.corpus,
            db=args.db,
            annotator=args.annotator.strip() if args.annotator else None,
            labels=args.labels,
            project=args.project,
            read_only=args.read_only,
        )
    except (LabelsError, FileNotFoundError) as exc:
        print(f"marginalia: {exc}", file=sys.stderr)
        return 2
    app.run()
    return 0 if app.return_code in (None, 0) else int(app.return_code or 1)
