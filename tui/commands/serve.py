"""`marginalia serve [CORPUS] [--host H] [--port N]`: the app in a web browser.

Each browser session runs its own app process (through textual-serve) with
its own annotator name; they all share one annotation file, which the store
keeps safe for several processes. The arguments are checked here, before
anything listens, so a mistake is one line on the terminal and not a blank
page in a browser.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import sys
from pathlib import Path

from tui.commands import open_app

EXAMPLES = """examples:
  marginalia serve                              the sample articles on http://127.0.0.1:8000/
  marginalia serve ~/corpus --db team.json      a corpus, labels into one shared file
  marginalia serve ~/corpus --port 9000         another port
  ssh -L 8000:localhost:8000 server             from your machine, to reach a server's
                                                `marginalia serve` at http://localhost:8000/

each browser session asks for its annotator's name (or give it in the
address: http://127.0.0.1:8000/?annotator=alice).
there is no authentication: anyone who can reach the address can read the
articles and label. Keep the default 127.0.0.1 (this machine only) and use an
SSH tunnel from other machines; --host 0.0.0.0 opens it to the network."""


def _port(text: str) -> int:
    """A TCP port number, 1 to 65535 (argparse type)."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `marginalia serve`: the app's options, and where to listen."""
    parser = argparse.ArgumentParser(
        prog="marginalia serve",
        description="Serve the app to web browsers: one app per browser session, each "
        "with its own annotator name, all saving into one annotation file.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # The app's own options, with their help, so that the two commands never differ.
    for action in open_app.build_parser()._actions:
        if action.dest in ("corpus", "db", "labels", "project", "read_only"):
            parser._add_action(action)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; "
        "0.0.0.0: every network, with no authentication)",
    )
    parser.add_argument(
        "--port", type=_port, default=8000, help="TCP port to listen on (default: 8000)"
    )
    return parser


def _problem(args: argparse.Namespace) -> str | None:
    """A one-line problem with the app's arguments (as `marginalia` itself checks them)."""
    problem = open_app._check(args)
    if problem is not None:
        return problem
    from store import sample_corpus_path
    from tui.factory import check_label_keys
    from tui.labels import LabelsError
    from tui.project import open_project

    try:
        chosen = open_project(args.corpus or sample_corpus_path(), args.project, args.labels)
        check_label_keys(chosen.scheme, chosen.targets)
    except (LabelsError, FileNotFoundError) as exc:
        return str(exc)
    return None


def app_command(args: argparse.Namespace) -> list[str]:
    """The command each session runs, without its `--annotator`: the same Python,
    with absolute paths; `exec`, so that the app's parent is the server itself
    (textual-serve starts it through a shell), which `serve_session` watches."""
    command = ["exec", sys.executable, "-m", "tui.commands.serve_session"]
    if args.corpus is not None:
        command.append(str(args.corpus.resolve()))
    for option in ("db", "labels", "project"):
        value = getattr(args, option)
        if value is not None:
            command += [f"--{option}", str(Path(value).expanduser().resolve())]
    if args.read_only:
        command.append("--read-only")
    return command


def _url(host: str, port: int) -> str:
    """The address to open in a browser (this machine's name for a wildcard address)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


async def _serve(args: argparse.Namespace, db: Path) -> None:
    """Listen until Ctrl+C or SIGTERM, then end every session (each app saves and quits)."""
    from aiohttp import web

    from tui.commands.serve_web import WebSessions, is_loopback

    sessions = WebSessions(app_command(args), loopback_only=is_loopback(args.host))
    runner = web.AppRunner(sessions.application(), handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, args.host, args.port).start()
    except BaseException:
        await runner.cleanup()
        raise
    url = _url(args.host, args.port)
    print(f"Marginalia is served on {url}", flush=True)
    print(f"  each browser session asks for a name; {url}?annotator=NAME skips the question")
    print(f"  labels go to {db}")
    if not is_loopback(args.host):
        print("  no authentication: anyone who can reach this address can read and label")
    print("  Ctrl+C stops (every session's labels are saved)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str]) -> int:
    """Check the arguments, then serve; 2 for bad arguments or an address that cannot be used."""
    args = build_parser().parse_args(argv)
    args.annotator = None
    from tui.user_config import ConfigError, load_user_config

    try:
        open_app._apply_user_config(args, load_user_config())
    except ConfigError as exc:
        print(f"marginalia serve: {exc}", file=sys.stderr)
        return 2
    args.annotator = None  # not the config's: each browser session gives its own
    problem = _problem(args)
    if problem is not None:
        print(f"marginalia serve: {problem}", file=sys.stderr)
        return 2
    from store import default_db_path, os_error_message

    db = default_db_path() if args.db is None else args.db
    args.db = db
    try:
        asyncio.run(_serve(args, db.expanduser().resolve()))
    except OSError as exc:
        where = f"[{args.host}]" if ":" in args.host else args.host
        # asyncio's own text repeats the address; a name lookup's error has no errno text
        reason = exc.strerror if isinstance(exc, socket.gaierror) else os_error_message(exc)
        print(f"marginalia serve: cannot listen on {where}:{args.port}: {reason}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before the server took over Ctrl+C
        return 130
    return 0
