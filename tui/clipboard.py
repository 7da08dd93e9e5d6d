"""Copy a statement or quote with its citation to the clipboard.

Two ways at once: the terminal's clipboard through Textual (OSC 52, works over
SSH in most terminals) and pyperclip for the local desktop clipboard, which is
tried on a daemon thread and whose failures are ignored (no desktop, no xclip).
"""

from __future__ import annotations

import re
import threading
from typing import Protocol

from store import strip_control

# Double quotation marks of every style a scraped article may use: straight,
# English curly, German low, the rare reversed one, and French guillemets.
_DOUBLE_QUOTES = '"“”„‟«»'
# A mark at the start, after whitespace or after an opening bracket opens a
# quotation; any other closes one (the lookbehind also matches at the start).
# Followed by a space or the end, as in French « non », its own shape decides.
_OPENING_QUOTE = re.compile(rf"(?<![^\s(\[{{])(?:[{_DOUBLE_QUOTES}](?=\S)|[\"“„‟«])")
_CLOSING_QUOTE = re.compile(f"[{_DOUBLE_QUOTES}]")


def _one_line(text: str) -> str:
    """`text` without escape sequences or control characters, its whitespace collapsed.

    The citation goes to the terminal inside an OSC 52 sequence: an escape or
    control character from a scraped page must not reach it (or the desktop
    clipboard, where it would be pasted along).
    """
    return " ".join(strip_control(text).split())


def _nested(text: str) -> str:
    """Double quotation marks turned single, for text about to be put in “…”.

    The typographic rule for a quotation inside a quotation; without it a
    sentence that quotes someone comes out as ““We are ready,” Lavrov said.”
    Apostrophes (' and ’) are left alone.
    """
    return _CLOSING_QUOTE.sub("’", _OPENING_QUOTE.sub("‘", text))


def citation(
    text: str,
    *,
    speaker: str | None,
    title: str,
    source: str | None,
    date: str | None,
) -> str:
    """A quotable line: the words in quotes, then who said them and where.

    Quotation marks inside the words or the title become single ones, and no
    control character or escape sequence is kept, so the line is safe to
    send to the terminal's clipboard.
    """
    words = _nested(_one_line(text))
    title = _nested(_one_line(title))
    speaker, source, date = (_one_line(part or "") for part in (speaker, source, date))
    parts = [p for p in (speaker, f"“{title}”" if title else None, source, date) if p]
    return f"“{words}” — {', '.join(parts)}" if parts else f"“{words}”"


def _copy_locally(text: str) -> None:
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # no clipboard mechanism here: OSC 52 already did its best
        pass


class TerminalClipboard(Protocol):
    """What can put text on the terminal's clipboard: a Textual app."""

    def copy_to_clipboard(self, text: str) -> None:
        """Send `text` to the terminal's clipboard (OSC 52)."""


def copy_text(app: TerminalClipboard, text: str, *, local: bool = True) -> None:
    """Put `text` on the terminal clipboard and, if `local`, the desktop clipboard."""
    app.copy_to_clipboard(text)
    if local:
        threading.Thread(target=_copy_locally, args=(text,), daemon=True).start()
