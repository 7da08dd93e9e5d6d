"""A terminal that goes away (its other side closed, no SIGHUP: not the process's
controlling terminal) ends the app, with the labels it showed as saved on disk,
instead of leaving it to read end of file on a whole core for ever."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from test_hostile_input import visible

MARGINALIA = Path(sys.executable).with_name("marginalia")


def read_until(master: int, output: bytes, wanted: bytes, limit: float = 60) -> bytes:
    """Read the terminal until `wanted` is shown (or `limit` seconds pass)."""
    deadline = time.monotonic() + limit
    while wanted not in visible(output) and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            output += os.read(master, 65536)
    return output


def test_a_closed_terminal_ends_the_app_with_its_labels_saved(
    sample_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "MARGINALIA_CACHE": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [str(MARGINALIA), str(sample_dir), "--db", str(db)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    try:
        output = read_until(master, b"", b"Lavrov")
        assert b"Lavrov" in visible(output)
        os.write(master, b"\r")
        output = read_until(master, output, b"Not labelled")
        os.write(master, b"1")
        output = read_until(master, output, "‹favor›".encode())
        assert "‹favor›".encode() in visible(output)
        os.close(master)  # the terminal goes away
        master = -1
        process.wait(timeout=60)  # raises if the app lives on
    finally:
        if master >= 0:
            os.close(master)
        if process.poll() is None:
            process.kill()
    assert '"favor"' in db.read_text(encoding="utf-8")
