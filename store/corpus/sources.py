"""Read page dumps from disk into text, with one clear message per broken file."""

from __future__ import annotations

from pathlib import Path

from store.paths import os_error_message
from store.text.decode import MAX_DUMP_BYTES, DecodedText, DumpError, decode_dump


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


def read_dump(path: Path) -> DecodedText:
    """Read and decode one dump; raises `DumpError` naming the problem (not the file)."""
    return decode_dump(read_dump_bytes(path))
