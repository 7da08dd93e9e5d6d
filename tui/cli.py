"""The `marginalia` command: dispatch to a subcommand, or open the app.

Subcommands live in `tui.commands.*` and are imported only when used, so that
`marginalia parse` and `marginalia export` start without loading Textual.
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS = {
    "parse": "tui.commands.parse",
    "export": "tui.commands.export",
    "import-annotations": "tui.commands.import_annotations",
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    name = SUBCOMMANDS.get(args[0]) if args else None
    if name is not None:
        command = importlib.import_module(name)
        return int(command.main(args[1:]))
    from tui.commands import open_app

    return int(open_app.main(args))


if __name__ == "__main__":
    sys.exit(main())
