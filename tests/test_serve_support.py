"""Shared helpers of the `marginalia serve` tests: the server as a real subprocess.

Named `test_serve_*` so it lives with the tests it serves; it holds no tests itself.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    """A TCP port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_command(*args: str) -> list[str]:
    """`marginalia serve ARGS` as a command line."""
    return [sys.executable, "-m", "tui", "serve", *args]


@dataclass
class Served:
    """A running `marginalia serve`: its address and, once stopped, its output."""

    url: str
    port: int
    process: subprocess.Popen[str]
    output: str = ""


@contextmanager
def serving(corpus: Path, db: Path, *args: str) -> Iterator[Served]:
    """Run `marginalia serve CORPUS --db DB ARGS` on a free port until the block ends,
    then stop it with SIGTERM (as a service manager would) and keep its output."""
    port = free_port()
    process = subprocess.Popen(
        serve_command(str(corpus), "--db", str(db), "--port", str(port), *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(f"http://127.0.0.1:{port}/", port, process)
    try:
        _wait_until_listening(process, port)
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        served.output, _ = process.communicate(timeout=60)


def _wait_until_listening(process: subprocess.Popen[str], port: int) -> None:
    """Return once the server accepts connections; fail if it exits first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"marginalia serve exited: {process.communicate()[0]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("marginalia serve did not start listening")


_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


class TerminalOutput:
    """What an app process sent to its browser terminal, as text without escapes.

    Text that is drawn in one run (a title, a status message) stays together once
    the cursor moves and colours are taken out, which is enough to tell which
    screen is shown and what it said after a key.
    """

    def __init__(self) -> None:
        """Start with nothing received."""
        self.chunks: list[bytes] = []

    def add(self, payload: str | bytes) -> None:
        """Keep one websocket frame (JSON messages like a pong are text, and kept too)."""
        self.chunks.append(payload if isinstance(payload, bytes) else payload.encode())

    def mark(self) -> int:
        """A place in the output: `text(since=mark)` is only what came after it."""
        return len(self.chunks)

    def text(self, since: int = 0) -> str:
        """The output from `since` on, decoded, without terminal escapes."""
        raw = _ESCAPES.sub(b"", b"".join(self.chunks[since:]))
        return raw.decode("utf-8", "replace")


def labels_in(db: Path) -> list[tuple[str, str]]:
    """(annotator, label) of every label in the TinyDB file itself, read by TinyDB."""
    from tinydb import TinyDB

    with TinyDB(db) as database:
        return sorted((r["annotator"], r["label"]) for r in database.table("annotations").all())
