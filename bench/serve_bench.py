"""Figures for `marginalia serve`: a browser session's start, its keys, its memory.

Prints, in one run (under a minute), each against an anchor measured in the
same run, over websockets as the browser page talks to the server:
  1. session start: from opening the websocket to the first article's title
     received, Marginalia against an empty Textual app served the same way
     (the cost of textual-serve and a Python process is in both);
  2. key to label saved: from sending a label key to receiving the status
     line's "saved" (the label is on disk then), median and p90, against the
     same keys typed into the app in a real pseudo-terminal (bench/terminal.py),
     with the server's websocket ping-pong round trip beside it;
  3. memory: the resident size of one session's app process (each browser
     session runs one), against the empty app's.

Usage: .venv/bin/python bench/serve_bench.py [--sessions N] [--keys N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from terminal import Terminal  # noqa: E402
from test_serve_support import TerminalOutput, free_port, serve_command  # noqa: E402

from store.corpus.index import CACHE_ENV  # noqa: E402
from tui.session.user_state import STATE_ENV  # noqa: E402

EMPTY_APP = """
import sys
from textual.app import App
from textual.widgets import Static
class Empty(App):
    def compose(self):
        yield Static("An empty Textual app")
Empty().run()
"""

ANCHOR_SERVER = """
import asyncio, sys
from aiohttp import web
from tui.commands.serve_web import WebSessions
async def main():
    runner = web.AppRunner(WebSessions(sys.argv[2:], loopback_only=True).application())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(sys.argv[1])).start()
    await asyncio.Event().wait()
asyncio.run(main())
"""


class Session:
    """One browser session's websocket, and what its terminal received."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.output = TerminalOutput()

    async def until(self, text: str, since: int = 0) -> None:
        """Receive until `text` has come (after the mark `since`)."""
        async with asyncio.timeout(120):
            while text not in self.output.text(since):
                message = await self.socket.receive()
                if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    raise RuntimeError(f"session ended: {self.output.text()[-500:]}")
                self.output.add(message.data)

    async def send(self, kind: str, data: object) -> None:
        """Send one message as the page does."""
        await self.socket.send_str(json.dumps([kind, data]))


async def end(sessions: list[Session]) -> None:
    """Close the sessions as a browser tab does: the server asks each app to quit."""
    for session in sessions:
        await session.socket.close()
    await asyncio.sleep(2)  # the apps quit (the anchor server has no shutdown of its own)


def app_rss_mb(server: subprocess.Popen[bytes]) -> list[float]:
    """Resident sizes (MB) of the app processes under the server (via the shell textual-serve
    starts them with)."""
    found = []
    for shell in _children(server.pid):
        for app in [shell, *_children(shell)]:
            status = Path(f"/proc/{app}/status").read_text()
            argv0 = Path(f"/proc/{app}/cmdline").read_bytes().split(b"\0")[0]
            if b"python" in Path(argv0.decode()).name.encode():
                rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
                found.append(int(rss.split()[1]) / 1024)
    return found


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


async def start_sessions(
    client: aiohttp.ClientSession, port: int, count: int, title: str
) -> tuple[list[Session], list[float]]:
    """Open `count` sessions one after another; each one's time to `title`."""
    sessions, times = [], []
    for number in range(count):
        url = f"ws://127.0.0.1:{port}/ws/bench{number}?width=100&height=30"
        began = time.perf_counter()
        session = Session(await client.ws_connect(url))
        await session.send("resize", {"width": 100, "height": 30})
        await session.until(title)
        times.append(time.perf_counter() - began)
        sessions.append(session)
    return sessions, times


async def measure(sessions: int, keys: int, folder: Path) -> None:
    """Run the anchor server and `marginalia serve` one after the other, and print."""
    async with aiohttp.ClientSession() as client:
        figures = await _run(client, sessions, keys, folder)
    print(*figures, sep="\n")


async def _run(client: aiohttp.ClientSession, sessions: int, keys: int, folder: Path) -> list[str]:
    """The three figures, as lines."""
    empty = folder / "empty.py"
    empty.write_text(EMPTY_APP, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-c", ANCHOR_SERVER, str(port), sys.executable, str(empty)]
    anchor = subprocess.Popen(command, cwd=ROOT)
    await asyncio.sleep(3)
    empty_sessions, empty_times = await start_sessions(
        client, port, sessions, "An empty Textual app"
    )
    empty_rss = app_rss_mb(anchor)
    await end(empty_sessions)
    anchor.terminate()
    anchor.wait()

    port = free_port()
    db = folder / "annotations.json"
    server = subprocess.Popen(
        serve_command(str(ROOT / "sample_data"), "--db", str(db), "--port", str(port)),
        stdout=subprocess.DEVNULL,
        # The index cache and the remembered positions of this run stay in its folder.
        env={**os.environ, CACHE_ENV: str(folder / "cache"), STATE_ENV: str(folder / "s.json")},
    )
    await asyncio.sleep(3)
    opened, times = await start_sessions(client, port, sessions, "Labelled")
    rss = app_rss_mb(server)
    session = opened[0]
    mark = session.output.mark()
    await session.send("stdin", "\r")
    await session.until("Sentence 1/", mark)
    pings, latencies = [], []
    for number in range(keys):
        mark = session.output.mark()
        began = time.perf_counter()
        await session.send("ping", str(number))
        await session.until(f'["pong", "{number}"]', mark)
        pings.append(time.perf_counter() - began)
        mark = session.output.mark()
        began = time.perf_counter()
        await session.send("stdin", "123"[number % 3])
        await session.until("saved", mark)
        latencies.append(time.perf_counter() - began)
    await end(opened)
    server.terminate()
    server.wait()
    in_terminal = terminal_latencies(keys, folder)

    start, empty_start = statistics.median(times), statistics.median(empty_times)
    key, ping = statistics.median(latencies), statistics.median(pings)
    p90 = statistics.quantiles(latencies, n=10)[-1]
    term, term_p90 = statistics.median(in_terminal), statistics.quantiles(in_terminal, n=10)[-1]
    memory, empty_memory = statistics.median(rss), statistics.median(empty_rss)
    return [
        f"session start (median of {sessions}): {start * 1000:.0f} ms, "
        f"empty app served {empty_start * 1000:.0f} ms: {start / empty_start:.2f}x",
        f"key to label saved (median of {keys}): {key * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms; "
        f"in a terminal {term * 1000:.1f} ms, p90 {term_p90 * 1000:.1f} ms: {key / term:.2f}x "
        f"(websocket ping {ping * 1000:.2f} ms)",
        f"memory of one session's app: {memory:.0f} MB, empty app {empty_memory:.0f} MB: "
        f"{memory / empty_memory:.2f}x",
    ]


def terminal_latencies(keys: int, folder: Path) -> list[float]:
    """The same label keys typed into `marginalia` in a pseudo-terminal: key to "saved"."""
    env = {**os.environ, CACHE_ENV: str(folder / "cache"), STATE_ENV: str(folder / "t.json")}
    db = folder / "terminal.json"
    command = [sys.executable, "-m", "tui", str(ROOT / "sample_data"), "--db", str(db)]
    terminal = Terminal([*command, "--annotator", "bench"], columns=100, rows=30, env=env)
    try:
        terminal.wait_for("Labelled")
        mark = terminal.mark()
        terminal.send(b"\r")
        terminal.wait_for("Sentence 1/", after=mark)
        latencies = []
        for number in range(keys):
            mark = terminal.mark()
            began = terminal.send("123"[number % 3].encode())
            latencies.append(terminal.wait_for("saved", after=mark) - began)
        return latencies
    finally:
        terminal.close()


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(args.sessions, args.keys, Path(folder)))


if __name__ == "__main__":
    main()
