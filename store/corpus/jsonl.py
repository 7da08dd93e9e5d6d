"""The JSONL article format: one JSON object per line, `text` plus optional metadata.

Fields: `text` or `html` (one is required), `title`, `url`, `date`,
`source`, `id`. Given fields win over what the pipeline finds. A line with
`html` and no `text` is read as a web page (see `store.corpus.html`): its
main text and metadata come from the markup. With a `title` the whole text
is body (only junk lines are dropped), so a short first paragraph is kept and
no sentence is taken for a headline. Terminal control characters are stripped
from every text field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from store.corpus.sources import url_host
from store.text.decode import strip_control

if TYPE_CHECKING:
    from store.text import Article

_Parsers = tuple[
    Callable[[str, str, str | None], "Article"],
    Callable[[str, str, str | None], tuple["Article", str | None]],
]


class JsonlProblem(ValueError):
    """A JSONL object that cannot become an article; the message names the problem."""


def _optional_text(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise JsonlProblem(f'"{key}" should be a string, not {type(value).__name__}')
    return strip_control(str(value)).strip() or None


def normalise_date(value: Any) -> tuple[str | None, str | None]:
    """A JSONL `date` as (ISO date or None, the text as given).

    Accepts ISO 8601, what `dateutil` reads unambiguously enough ("June 22,
    2017"), and Unix timestamps in seconds or milliseconds (as UTC).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            seconds = value / 1000 if abs(value) > 1e11 else value
            return datetime.fromtimestamp(seconds, UTC).date().isoformat(), str(value)
        except (OverflowError, OSError, ValueError):
            return None, str(value)[:40]
    text = strip_control(str(value)).strip()
    if not text:
        return None, None
    try:
        return datetime.fromisoformat(text).date().isoformat(), text
    except ValueError:
        pass
    try:
        from dateutil import parser as date_parser  # loaded only for JSONL with dates

        parsed = date_parser.parse(text, default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None, text
    return (None if parsed.year == 1 else date.isoformat(parsed.date())), text


def _page(
    obj: dict[str, Any], name: str, title: str | None, url: str | None, parsers: _Parsers
) -> tuple[Article, str | None]:
    """The article of an object's `text`, or of its `html` when it has no text."""
    parse, parse_html = parsers
    text, html = obj.get("text"), obj.get("html")
    if text is None and isinstance(html, str):
        if not html.strip():
            raise JsonlProblem('empty "html"')
        return parse_html(html, name, url)
    if not isinstance(text, str):
        keys = ", ".join(sorted(map(str, obj))) or "none"
        what = "no" if text is None else "a non-string"
        raise JsonlProblem(f'{what} "text" field (fields: {keys})')
    text = strip_control(text).strip()
    if not text:
        raise JsonlProblem('empty "text"')
    return parse(text, name, title), url


def jsonl_article(
    obj: Any,
    name: str,
    parse: Callable[[str, str, str | None], Article],
    parse_html: Callable[[str, str, str | None], tuple[Article, str | None]],
) -> tuple[Article, str | None]:
    """Build the article of one JSONL object; returns it with its `url` (or None).

    `text` or `html` is required. `title`, `source`, `date` and `id` override
    what the pipeline finds; a missing source falls back to the url's host name.
    `parse(text, name, title)` runs the text pipeline (the caller wraps its
    errors); with a title, the whole text is body. `parse_html(html, name,
    url)` reads a web page and returns its article and its own URL.
    """
    if not isinstance(obj, dict):
        raise JsonlProblem(f"not a JSON object but a {type(obj).__name__}")
    title = _optional_text(obj, "title")
    given_url = _optional_text(obj, "url")
    source = _optional_text(obj, "source")
    given_id = _optional_text(obj, "id")
    article, url = _page(obj, name, title, given_url, (parse, parse_html))
    url = given_url or url
    changes: dict[str, Any] = {"source": source or article.source or url_host(url), "url": url}
    if title:
        changes["title"] = title
    if obj.get("date") is not None:
        changes["date"], changes["date_text"] = normalise_date(obj["date"])
    if given_id:
        changes["id"] = given_id
    return replace(article, **changes), url
