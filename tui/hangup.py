"""Noticing that the terminal the app draws in has gone away.

Over SSH the kernel hangs a session up with SIGHUP, which ends the process.
A terminal that is not the process's controlling one (a pseudo-terminal a
program opened for it, a multiplexer's pane closed from outside) sends no
signal: its reads only report end of file, and Textual's input thread then
reads that end of file again and again, using a whole core for as long as the
process lives. A poll of standard input tells: a hung-up terminal reports
POLLHUP (or an error), a live one never does.
"""

from __future__ import annotations

import select
import sys

_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_input() -> int | None:
    """The file number of standard input if it is a terminal to watch, else None."""
    stdin = sys.__stdin__
    try:
        fileno = stdin.fileno() if stdin is not None else -1
    except (OSError, ValueError):
        return None
    return fileno if fileno >= 0 and stdin is not None and stdin.isatty() else None


def hung_up(fileno: int) -> bool:
    """Whether the terminal on `fileno` has hung up (its other side is closed)."""
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return any(events & _GONE for _, events in poller.poll(0))
