"""The `marginalia` command: dispatch to a subcommand, or open the app.

Subcommands live in `tui.commands.*` and are imported only when used, so that
`marginalia parse` and `marginalia export` start without loading Textual.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from collections.abc import Callable
from typing import BinaryIO, TextIO

from tui.commands import SUBCOMMANDS


class SafeStream(io.TextIOBase):
    """A text stream that passes on no terminal control from the data it prints.

    Every subcommand's output goes through it: file names, article text and
    imported fields are data, and an escape sequence among them (an OSC 52
    that writes the clipboard, an OSC 0 that sets the window title) reaches
    the terminal as nothing. Tabs and newlines pass.
    """

    def __init__(self, stream: TextIO, clean: Callable[[str], str]) -> None:
        """Wrap `stream` (standard output or standard error); `clean` strips controls."""
        self._stream = stream
        self._clean = clean

    def write(self, text: str) -> int:
        """Write `text` without its control characters; returns its length as given."""
        self._stream.write(self._clean(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self._stream.flush()

    @property
    def buffer(self) -> BinaryIO:
        """The byte stream underneath, for exports: data files, written as they are."""
        return self._stream.buffer

    def fileno(self) -> int:
        """The descriptor of the stream underneath."""
        return self._stream.fileno()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        return self._stream.isatty()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    # Textual draws at most MAX_FPS frames a second, on a fixed grid: a label key
    # waits up to a whole frame for the next one. At 120 the wait is half as long
    # (bench/tui_bench.py: p90 key → label shown 21 ms at 60, 12 ms at 120). It
    # costs nothing when nothing changes; a user's own TEXTUAL_FPS wins.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    name = SUBCOMMANDS.get(args[0]) if args else None
    try:
        if name is not None:
            # Loaded before the streams are wrapped: loading the text pipeline may
            # itself print (a stale compiled build's warning).
            from store import strip_control

            sys.stdout = SafeStream(sys.stdout, strip_control)
            sys.stderr = SafeStream(sys.stderr, strip_control)
            return int(importlib.import_module(name).main(args[1:]))
        return int(importlib.import_module("tui.commands.open_app").main(args))
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, like other tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
