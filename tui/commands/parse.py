"""`marginalia parse FILE...`: print cleaned articles, readably or as JSON lines.

Each file is read by its kind, as in a corpus: a page dump (`.txt`), an HTML
page (`.html`, `.htm`), a WARC crawl (`.warc`, `.warc.gz`: every HTML page in
it) or JSONL (every line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from store import Article, read_articles, strip_control


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `marginalia parse`."""
    parser = argparse.ArgumentParser(
        prog="marginalia parse",
        epilog="""examples:
  marginalia parse page.html                       a page, readably
  marginalia parse --json sample_data/*.txt        one JSON object per article per line
  marginalia parse crawl.warc.gz | less            every HTML page of a crawl""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Clean pages and print the articles: title, metadata, "
        "text and the quotes with their speakers.",
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="page dump (.txt), HTML page (.html), WARC crawl (.warc, .warc.gz) or JSONL",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per article per line"
    )
    return parser


def render_readable(article: Article) -> str:
    """A plain-text view of an article: metadata, paragraphs, then its quotes."""
    out = [article.title, "=" * min(len(article.title), 78)]
    if article.subtitle:
        out.append(article.subtitle)
    meta = [
        f"source: {article.source or '-'}",
        f"date: {article.date or '-'} ({article.date_text or 'not stated'})",
        f"dateline: {article.dateline or '-'}",
        f"author: {article.author or '-'}",
        f"id: {article.id}",
    ]
    out += ["", *meta, ""]
    for para in article.paragraphs:
        chunk = article.text[para.start : para.end]
        out.append(f"## {chunk}" if para.kind == "heading" else chunk)
        out.append("")
    if article.quotes:
        out.append(f"Quotes ({len(article.quotes)}):")
        for quote in article.quotes:
            words = article.text[quote.start : quote.end]
            out.append(f"  «{words}» — {quote.speaker or 'unknown'} ({quote.cue or 'no cue'})")
    out.append(f"Statements: {len(article.statements)}; lines removed: {len(article.removed)}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    """Parse each file; report broken files and lines on stderr and go on with the rest."""
    args = build_parser().parse_args(argv)
    failed = 0
    for path in args.files:
        shown = strip_control(str(path))
        articles, problems = read_articles(path)
        for problem in problems:
            where = shown if problem.line is None else f"{shown}:{problem.line}"
            print(f"marginalia parse: {where}: {problem.message}", file=sys.stderr)
            failed += problem.skipped
        for article in articles:
            if args.json:
                print(json.dumps(article.to_json(), ensure_ascii=False))
            else:
                print(render_readable(article))
                print()
    return 1 if failed else 0
