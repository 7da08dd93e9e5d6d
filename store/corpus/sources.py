"""Read page files from disk as bytes, with one clear message per broken file."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from store.paths import os_error_message
from store.text.decode import MAX_DUMP_BYTES, DumpError


def read_dump_bytes(path: Path) -> bytes:
    """The bytes of one dump, refusing one too large for a page; raises `DumpError`."""
    try:
        size = path.stat().st_size
        if size <= MAX_DUMP_BYTES:
            return path.read_bytes()
    except OSError as exc:
        raise DumpError(os_error_message(exc)) from None
    raise DumpError(
        f"too large for a page dump ({size / 1e6:.1f} MB, "
        f"the limit is {MAX_DUMP_BYTES / 1e6:.0f} MB)"
    )


HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_LOOKS_HTML = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S
)


def is_html_name(name: str) -> bool:
    """Whether a file name says the file is an HTML page."""
    return name.lower().endswith(HTML_SUFFIXES)


def looks_like_html(data: bytes) -> bool:
    """Whether a page's bytes are an HTML document (a page saved as `.txt`), not a dump."""
    return bool(_LOOKS_HTML.match(data[:2048].removeprefix(b"\xef\xbb\xbf")))


def url_host(url: str | None) -> str | None:
    """The host a URL names, without "www." (a source when a page names none)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
