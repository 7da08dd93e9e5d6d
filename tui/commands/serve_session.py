"""One browser session's app under `marginalia serve`, which ends with the server.

textual-serve talks to each app over its standard input and output. When the
server stops normally it asks every app to quit; when it dies without asking
(killed, out of memory), Textual's web driver sees its input end but keeps the
app running, for no one, for ever. A watchdog thread ends the app once its
parent (the server, which `exec`s it) is gone. Every label acknowledged on the
screen is already in the journal, which the next open folds in.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from tui.commands import open_app


def _watch(parent: int) -> None:
    """End this process once `parent` is no longer its parent."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str]) -> int:
    """Run the app with `argv` (as `marginalia` takes them) while the server lives."""
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()
    return open_app.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
