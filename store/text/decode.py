"""Bytes to clean text: encoding detection and removal of terminal control codes.

Pure functions: the caller reads the file and passes its bytes here, so that
every way a dump can be broken gets one clear message naming the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.text.patterns import has_any

MAX_DUMP_BYTES = 10 * 1024 * 1024
"""Largest page dump accepted: a news page is tens of kilobytes."""

# CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), other two-byte ESC sequences,
# then any remaining C0/C1 control character except tab and newline.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# Lone surrogates too: a JSON string can hold one ("\\ud800"), and no text can.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\ud800-\udfff]")


class DumpError(ValueError):
    """A dump that cannot be turned into text; the message names the problem."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with a note when it took a fallback to get it."""

    text: str
    encoding: str
    warning: str | None = None


# What `_CONTROL` matches, found faster than by its scan: the C0 controls and
# DEL are single bytes of UTF-8, the C1 controls are two bytes led by C2, lone
# surrogates (passed through) three bytes led by ED A0 to ED BF, and the four
# wide characters are looked up as substrings.
_C0_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_ALL_BUT_C0 = bytes(b for b in range(256) if b not in _C0_CONTROLS)
# One pattern each: with a single first byte the engine skips ahead fast.
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_SURROGATE_IN_UTF8 = re.compile(rb"\xed[\xa0-\xbf]")
_WIDE_CONTROLS = ("\u200b", "\u2028", "\u2029", "\ufeff")


def _has_control(text: str) -> bool:
    """Whether `_CONTROL` matches anywhere in a text."""
    if has_any(text, _WIDE_CONTROLS):
        return True
    data = text.encode("utf-8", "surrogatepass")
    return bool(
        data.translate(None, _ALL_BUT_C0)
        or _C1_IN_UTF8.search(data)
        or (b"\xed" in data and _SURROGATE_IN_UTF8.search(data))
    )


def strip_control(text: str) -> str:
    """Remove ANSI escape sequences and control characters; keep tabs and newlines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    return _CONTROL.sub("", text) if _has_control(text) else text


# Control bytes that text does not carry (tab, newline, form feed, return and
# escape are text), and every other byte, which `_looks_binary` deletes to count them.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


_STRAY_NULS = 8
"""NUL bytes a text page may hold by accident (they are stripped)."""


def _looks_binary(data: bytes) -> bool:
    """Whether a dump's first 8 KiB look like a binary file rather than text.

    NUL bytes count as control bytes, and more than one in a hundred (and more
    than `_STRAY_NULS`) makes it binary (UTF-16, images, archives); a few stray
    ones in a page of text (a bad copy, a torn download) do not: `decode_dump`
    strips them.
    """
    sample = data[:8192]
    if sample.count(b"\x00") > max(_STRAY_NULS, len(sample) // 100):
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls > len(sample) * 0.05


def _reads_as_cp1251(data: bytes) -> bool:
    """Whether non-UTF-8 bytes look like a Windows-1251 (Cyrillic) page: many Cyrillic words."""
    text = data.decode("cp1251", errors="replace")
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    letters = sum(1 for ch in text if ch.isalpha())
    return cyrillic >= 20 and cyrillic * 4 >= letters


def decode_dump(data: bytes) -> DecodedText:
    """Decode a page dump: UTF-8 (with or without BOM), else Windows-1251, else lossy.

    Raises `DumpError` for an empty, binary or oversized dump.
    """
    if len(data) > MAX_DUMP_BYTES:
        raise DumpError(
            f"too large for a page dump ({len(data) / 1e6:.1f} MB, "
            f"the limit is {MAX_DUMP_BYTES / 1e6:.0f} MB)"
        )
    if not data.strip():
        raise DumpError("empty file")
    if _looks_binary(data):
        raise DumpError("binary file, not a text page dump")
    if b"\x00" in data:  # stray NULs in a text page: no reader wants them
        data = data.replace(b"\x00", b"")
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if _reads_as_cp1251(data):
        return DecodedText(
            data.decode("cp1251", errors="replace"),
            "cp1251",
            "not UTF-8; read as Windows-1251",
        )
    return DecodedText(
        data.decode("utf-8", errors="replace"),
        "utf-8",
        f"invalid UTF-8 at byte {bad_at}; bad bytes replaced",
    )
