"""The `marginalia` command: dispatch to a subcommand, or open the app.

Subcommands live in `tui.commands.*` and are imported only when used, so that
`marginalia parse` and `marginalia export` start without loading Textual.
"""

from __future__ import annotations

import importlib
import os
import sys

SUBCOMMANDS = {
    "parse": "tui.commands.parse",
    "export": "tui.commands.export",
    "import-annotations": "tui.commands.import_annotations",
    "agreement": "tui.commands.agreement",
}


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
            return int(importlib.import_module(name).main(args[1:]))
        return int(importlib.import_module("tui.commands.open_app").main(args))
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, like other tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
