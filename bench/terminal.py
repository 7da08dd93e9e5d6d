"""A program in a real pseudo-terminal, for benchmarks that time what a user sees.

The benchmark writes key bytes to the terminal, as a keyboard does, and reads
what the program draws, as a terminal emulator does; `wait_for` returns the
moment the given text has been drawn. Escape sequences (colours, cursor moves)
are stripped before matching, so the text of one drawn line reads whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[@-Z\\-_]"  # two-byte escapes
    rb"|\x1b[()][0-9A-Za-z]"  # character set selection
)


class Terminal:
    """One program running in a pseudo-terminal of a given size."""

    def __init__(
        self, command: Sequence[str], *, columns: int, rows: int, env: Mapping[str, str]
    ) -> None:
        """Start `command` with the terminal as its standard input, output and error."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._master = master
        self._process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            start_new_session=True,
        )
        os.close(slave)
        self._seen = b""
        """Everything drawn so far, escape sequences stripped."""
        self._reads: list[tuple[int, float]] = []
        """(length of `_seen` after a read, the moment of that read), in order."""
        self._raw_tail = b""

    def send(self, keys: bytes) -> float:
        """Type `keys`; returns the moment they were written to the terminal."""
        moment = time.perf_counter()
        os.write(self._master, keys)
        return moment

    def mark(self) -> int:
        """A position in what was drawn: `wait_for` looks only at what comes after it."""
        return len(self._seen)

    def wait_for(self, text: str, *, after: int = 0, timeout: float = 30.0) -> float:
        """Read what the program draws until `text` appears past `after`; returns the
        moment the bytes that completed it were read."""
        wanted = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        while True:
            found = self._seen.find(wanted, after)
            if found >= 0:
                return self._moment_of(found + len(wanted))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                tail = self._seen[-400:].decode("utf-8", "replace")
                raise TimeoutError(f"{text!r} not drawn within {timeout} s; last drawn: {tail}")
            ready, _, _ = select.select([self._master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 1 << 16)
            except OSError:  # the program ended
                chunk = b""
            if not chunk:
                raise EOFError(f"the program ended before drawing {text!r}")
            moment = time.perf_counter()
            data = self._raw_tail + chunk
            # An escape sequence cut at the end of this read is kept for the next one.
            cut = data.rfind(b"\x1b")
            if cut >= 0 and cut > len(data) - 64 and not _ESCAPES.match(data, cut):
                data, self._raw_tail = data[:cut], data[cut:]
            else:
                self._raw_tail = b""
            self._seen += _ESCAPES.sub(b"", data)
            self._reads.append((len(self._seen), moment))

    def _moment_of(self, end: int) -> float:
        """When the byte before `end` of what was drawn was read."""
        for length, moment in self._reads:
            if length >= end:
                return moment
        return time.perf_counter()

    def close(self) -> None:
        """Stop the program (its whole process group) and close the terminal."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        os.close(self._master)
