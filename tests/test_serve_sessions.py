"""`marginalia serve` as a real server: the name page, the checks that keep other
sites out, and several sessions labelling into one file at once (over websockets,
as the browser page talks to it; the browser itself is in test_serve_browser.py)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from test_serve_support import Served, TerminalOutput, labels_in, serving

from store import AnnotationStore

pytestmark = pytest.mark.xdist_group("serve")


def get(served: Served, path: str, host: str | None = None) -> tuple[int, str]:
    """GET `path` from the server (with another Host header if given): status, body."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    return response.status, response.read().decode()


def test_the_page_asks_for_a_name_and_never_echoes_markup(corpus: Path, db: Path) -> None:
    with serving(corpus, db) as served:
        status, page = get(served, "/")
        assert status == 200 and '<input name="annotator"' in page
        status, page = get(served, "/?annotator=%3Cscript%3Ealert(1)%3C/script%3E")
        assert status == 400 and "That name cannot be used" in page
        assert "<script>" not in page and "&lt;script&gt;alert(1)" in page
        status, page = get(served, "/?annotator=Zo%C3%AB%20B")
        assert status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws/Zo%C3%AB%20B"' in page
        # The front end comes from textual-serve's files, served here (no other site).
        status, script = get(served, "/static/js/textual.js")
        assert status == 200 and "WebSocket" in script
    assert f"Marginalia is served on {served.url}" in served.output
    assert f"labels go to {db}" in served.output


def test_a_loopback_server_answers_to_loopback_names_only(corpus: Path, db: Path) -> None:
    with serving(corpus, db) as served:
        assert get(served, "/", host=f"localhost:{served.port}")[0] == 200
        assert get(served, "/", host=f"[::1]:{served.port}")[0] == 200
        # A DNS-rebinding page reaches 127.0.0.1 under its own name.
        status, text = get(served, "/", host=f"evil.example:{served.port}")
        assert status == 403 and "answers to localhost only" in text
        assert get(served, "/", host='x"><script>')[0] == 403
        # Through `ssh -L 9000:localhost:PORT`, the page's websocket goes back the same way.
        status, page = get(served, "/?annotator=alice", host="localhost:9000")
        assert status == 200 and 'data-session-websocket-url="ws://localhost:9000/ws/alice"' in page
    assert "no authentication" not in served.output


def test_a_server_open_to_the_network_says_so(corpus: Path, db: Path) -> None:
    with serving(corpus, db, "--host", "0.0.0.0") as served:
        # Any of the machine's names will do when it listens on every network.
        assert get(served, "/", host=f"annotate.lab.example:{served.port}")[0] == 200
    assert f"Marginalia is served on http://{socket.gethostname()}:{served.port}/" in served.output
    assert "no authentication: anyone who can reach this address" in served.output


async def test_a_websocket_from_another_site_is_refused(corpus: Path, db: Path) -> None:
    with serving(corpus, db) as served:
        url = f"ws://127.0.0.1:{served.port}/ws/alice"
        async with aiohttp.ClientSession() as client:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(url, origin="http://evil.example")
            assert refused.value.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"ws://127.0.0.1:{served.port}/ws/bob%2Fgold")
            assert refused.value.status in (400, 404)
    assert labels_in(db) == []


async def _label_first_statement(port: int, name: str, key: str) -> str:
    """One browser session's websocket: open the first article, press `key`; the
    status line the app shows after it."""
    output = TerminalOutput()
    url = f"ws://127.0.0.1:{port}/ws/{name}?width=100&height=30"
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:

        async def until(text: str, since: int) -> None:
            async with asyncio.timeout(60):
                while text not in output.text(since):
                    message = await ws.receive()
                    if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                        raise AssertionError(f"session ended: {output.text()}")
                    output.add(message.data)

        await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
        await until("Labelled", 0)  # the library's table header
        await until("Ministers meet in Geneva", 0)
        mark = output.mark()
        await ws.send_str(json.dumps(["stdin", "\r"]))
        await until("Sentence 1/", mark)  # the reader's side panel
        mark = output.mark()
        await ws.send_str(json.dumps(["stdin", key]))
        await until("saved", mark)
        return output.text(mark)


async def test_sessions_label_at_once_into_one_file(corpus: Path, db: Path) -> None:
    with serving(corpus, db) as served:
        statuses = await asyncio.gather(
            _label_first_statement(served.port, "carol", "1"),
            _label_first_statement(served.port, "dave", "2"),
        )
    assert "carol" in statuses[0] and "dave" in statuses[1]
    # Each session's app quit with the server and folded its labels into the TinyDB file.
    assert labels_in(db) == [("carol", "favor"), ("dave", "against")]
    assert served.process.returncode == 0


def _apps_of(server: int) -> set[int]:
    """The app processes the server runs (it `exec`s each one: no shell between; a
    child not yet past its exec still shows the server's command and is left out)."""
    children = Path(f"/proc/{server}/task/{server}/children").read_text().split()
    found = set()
    for child in map(int, children):
        with contextlib.suppress(FileNotFoundError):
            if b"tui.commands.serve_session" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
    return found


def _running(pid: int) -> bool:
    """Whether `pid` still runs (a zombie that init has not reaped yet has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


async def test_the_apps_end_when_the_server_is_killed(corpus: Path, db: Path) -> None:
    with serving(corpus, db) as served:
        status = await _label_first_statement(served.port, "erin", "3")
        assert "saved" in status
        url = f"ws://127.0.0.1:{served.port}/ws/frank?width=100&height=30"
        before = _apps_of(served.process.pid)  # erin's app may still be quitting
        async with aiohttp.ClientSession() as client, client.ws_connect(url):
            deadline = time.monotonic() + 60
            while not _apps_of(served.process.pid) - before:
                assert time.monotonic() < deadline, "no app started for the session"
                await asyncio.sleep(0.1)
            apps = _apps_of(served.process.pid)
            served.process.kill()  # no quit for the apps: they must notice by themselves
            served.process.wait()
            deadline = time.monotonic() + 60
            while any(map(_running, apps)) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert not any(map(_running, apps)), "an app outlived its server"
    with AnnotationStore(db, read_only=True) as store:
        assert [(a.annotator, a.label) for a in store.annotations()] == [("erin", "neutral")]


WATCHED_CHILD = """
import os, sys, threading, time
from tui.commands.serve_session import _watch
threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()
print(os.getpid(), flush=True)
time.sleep(600)
"""
PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]])
child.wait()
"""


def test_the_watchdog_ends_an_idle_app_whose_server_died() -> None:
    # An app that draws nothing never learns from a broken pipe that the server is gone.
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, WATCHED_CHILD], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert _running(child)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 60
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(child), "the watched process outlived its parent"
