"""The web side of `marginalia serve`: pages, the per-session app process, checks.

textual-serve runs one app process per browser websocket, but gives every
process the same command. Here each session's command carries its own
`--annotator`: the browser page asks for a name (or takes `?annotator=NAME`
from the address), and the websocket's path (`/ws/NAME`) hands it to the
server, which starts the app (`tui.commands.serve_session`) with
`--annotator NAME` for that session alone. The name is checked twice (page
and websocket) against a short list of characters, so it can never carry
markup, shell syntax or a terminal control into a page, a command or the
annotation file.

There is no authentication. Two checks keep other web sites out: a page
served on a loopback address answers only to loopback host names (against
DNS rebinding), and a websocket must come from a page of this server (a
browser lets any site open a websocket to 127.0.0.1, so its Origin is
checked).
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import re
import shlex
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's xterm.js front end (and its font), served as they are."""
NAME = re.compile(r"[\w.@' -]{1,64}")
"""An annotator's name from a browser: letters, digits, `_ . @ ' -` and spaces.
No `/`: `NAME/gold` is how a reviewer's decisions are stored."""
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_HOST = re.compile(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def annotator_name(text: str | None) -> str | None:
    """The annotator name in `text` (stripped, in Unicode's composed form), or None
    if it is missing or not allowed."""
    name = unicodedata.normalize("NFC", (text or "").strip())
    return name if NAME.fullmatch(name) else None


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or address, IPv6 with or without brackets) is this machine only."""
    host = host.strip("[]")
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_STYLE = """
@font-face { font-family: "Roboto Mono";
             src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf"); }
body { background: #0c181f; margin: 0; color: #e6edf3; font-family: "Roboto Mono", monospace; }
.textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
body.-first-byte .textual-terminal { opacity: 1; }
.ended { display: none; position: absolute; inset: 0; align-items: center;
         justify-content: center; background: #0c181fe0; z-index: 10; }
body.-closed .ended { display: flex; }
form, .ended div { background: #12232d; padding: 2em 3em; margin: 3em auto; width: 34em; }
input, button { font: inherit; padding: 0.4em 0.8em; margin: 0.5em 0.5em 0 0; }
button { background: #5e0ba7; color: #fff; border: none; cursor: pointer; }
.problem { color: #f85149; }
"""

_FORM = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Marginalia</title>
<style>{style}</style></head>
<body><form method="get" action="/">
<h1>Marginalia</h1>
<p>Your labels are saved under the name you give here.</p>
{problem}<label>Annotator name<br>
<input name="annotator" value="{value}" required maxlength="64" autofocus></label>
<button type="submit">Start labelling</button>
<p>Letters, digits, spaces and <code>_ . @ ' -</code>, up to 64 characters.
The address of the next page (<code>?annotator=NAME</code>) opens it directly.</p>
</form></body></html>
"""

_APP = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Marginalia — {name}</title>
<link rel="stylesheet" href="/static/css/xterm.css">
<script src="/static/js/textual.js"></script>
<style>{style}</style></head>
<body>
<div class="ended"><div><p>Session ended: the labels are saved.</p>
<button type="button" onclick="window.location.reload()">Start again</button></div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{websocket}"
 data-font-size="{font_size}"></div>
</body></html>
"""


class WebSessions:
    """The aiohttp application of `marginalia serve`: one app process per websocket.

    `command` is the app's command line without `--annotator`; each session
    appends its own.
    """

    def __init__(self, command: Sequence[str], *, loopback_only: bool) -> None:
        """`loopback_only`: the server listens on a loopback address, so only
        loopback host names are answered."""
        self.command = list(command)
        self.loopback_only = loopback_only
        self.sockets: set[web.WebSocketResponse] = set()
        self.downloads = DownloadManager()

    def application(self) -> web.Application:
        """The routes: the name form or the app page, the websocket, the static files."""
        app = web.Application(middlewares=[self._check_host])
        app.add_routes(
            [
                web.get("/", self.page),
                web.get("/ws/{annotator}", self.websocket),
                web.static("/static", STATIC),
            ]
        )
        app.on_shutdown.append(self._close_sockets)
        return app

    @web.middleware
    async def _check_host(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a Host header that is not a plain host name (it is put in the page),
        and, on a loopback server, one that is not a loopback name."""
        host = urlsplit(f"//{request.host}").hostname or ""
        bracketed = f"[{host}]" if ":" in host else host
        if not _HOST.fullmatch(bracketed) or (self.loopback_only and not is_loopback(host)):
            raise web.HTTPForbidden(
                text="marginalia serve: this server answers to localhost only "
                "(open http://127.0.0.1:PORT/, over an SSH tunnel from another machine)\n"
            )
        return await handler(request)

    async def page(self, request: web.Request) -> web.Response:
        """The app for `?annotator=NAME`, else the form that asks for the name."""
        given = request.query.get("annotator")
        name = annotator_name(given)
        if name is None:
            problem = (
                ""
                if given is None
                else '<p class="problem">That name cannot be used: see below.</p>\n'
            )
            text = _FORM.format(style=_STYLE, problem=problem, value=html.escape(given or ""))
            return web.Response(
                text=text, content_type="text/html", status=200 if given is None else 400
            )
        scheme = "wss" if request.secure else "ws"
        font_size = request.query.get("fontsize", "16")
        text = _APP.format(
            style=_STYLE,
            name=html.escape(name),
            websocket=html.escape(f"{scheme}://{request.host}/ws/{quote(name, safe='')}"),
            font_size=int(font_size) if font_size.isdigit() and len(font_size) < 3 else 16,
        )
        return web.Response(text=text, content_type="text/html")

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """Run one app process for this browser session, as its annotator."""
        name = annotator_name(request.match_info["annotator"])
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="marginalia serve: a websocket from another site\n")
        if name is None:
            raise web.HTTPBadRequest(text="marginalia serve: no usable annotator name\n")
        socket = web.WebSocketResponse(heartbeat=15)
        await socket.prepare(request)
        self.sockets.add(socket)

        async def close() -> None:
            await socket.close()

        service = AppService(
            shlex.join([*self.command, "--annotator", name]),
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=close,
            download_manager=self.downloads,
        )
        try:
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await _relay(socket, service)
        finally:
            self.sockets.discard(socket)
            # Asks the app to quit and waits for it: its labels are folded into the file.
            await service.stop()
        return socket

    async def _close_sockets(self, app: web.Application) -> None:
        """On shutdown, end every session, so that each app quits and closes its store."""
        await asyncio.gather(*(socket.close() for socket in list(self.sockets)))


def _size(request: web.Request, key: str, default: int) -> int:
    """The terminal width or height the browser asks for, within sane bounds."""
    value = request.query.get(key, "")
    return min(max(int(value), 10), 1000) if value.isdigit() and len(value) < 5 else default


async def _relay(socket: web.WebSocketResponse, service: AppService) -> None:
    """Pass the browser's keys, mouse, size and focus to the app process."""
    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int):
                await service.set_terminal_size(width, height)
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()
