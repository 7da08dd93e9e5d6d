"""Read page dumps from disk into text, with one clear message per broken file."""

from __future__ import annotations

from pathlib import Path

from store.text.decode import MAX_DUMP_BYTES, DecodedText, DumpError, decode_dump


def read_dump(path: Path) -> DecodedText:
    """Read and decode one dump; raises `DumpError` naming the problem (not the file)."""
    try:
        size = path.stat().st_size
        if size > MAX_DUMP_BYTES:
            raise DumpError(
                f"too large for a page dump ({size / 1e6:.1f} MB, "
                f"the limit is {MAX_DUMP_BYTES / 1e6:.0f} MB)"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise DumpError("is a folder, not a file") from None
    except FileNotFoundError:
        raise DumpError("no such file") from None
    except PermissionError:
        raise DumpError("permission denied") from None
    except OSError as exc:
        raise DumpError(exc.strerror or str(exc)) from None
    return decode_dump(data)
