"""Copy a statement or quote with its citation to the clipboard.

Two ways at once: the terminal's clipboard through Textual (OSC 52, works over
SSH in most terminals) and pyperclip for the local desktop clipboard, which is
tried on a daemon thread and whose failures are ignored (no desktop, no xclip).
"""

from __future__ import annotations

import threading
from typing import Any


def citation(
    text: str,
    *,
    speaker: str | None,
    title: str,
    source: str | None,
    date: str | None,
) -> str:
    """A quotable line: the words in quotes, then who said them and where."""
    words = " ".join(text.split())
    parts = [p for p in (speaker, f"“{title}”" if title else None, source, date) if p]
    return f"“{words}” — {', '.join(parts)}" if parts else f"“{words}”"


def _copy_locally(text: str) -> None:
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # no clipboard mechanism here: OSC 52 already did its best
        pass


def copy_text(app: Any, text: str, *, local: bool = True) -> None:
    """Put `text` on the terminal clipboard and, if `local`, the desktop clipboard."""
    app.copy_to_clipboard(text)
    if local:
        threading.Thread(target=_copy_locally, args=(text,), daemon=True).start()
