"""Shared helpers of the `marginalia serve` tests: the server as a real subprocess.

Named `test_serve_*` so it lives with the tests it serves; it holds no tests itself.
"""

from __future__ import annotations

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
