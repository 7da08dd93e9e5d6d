"""`marginalia serve`: its command line, and one clear line for what cannot be served."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from test_serve_support import free_port, serve_command

from tui.commands import serve
from tui.commands.completion import script
from tui.commands.serve_web import annotator_name, is_loopback


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`marginalia serve ARGS` as a real process that is expected to stop by itself."""
    return subprocess.run(serve_command(*args), capture_output=True, text=True, timeout=60)


def test_help_gives_examples_and_the_security_note(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        serve.main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "marginalia serve ~/corpus --db team.json" in out
    assert "no authentication" in out and "ssh -L 8000:localhost:8000" in out
    for option in ("--host", "--port", "--db", "--labels", "--project", "--read-only"):
        assert option in out


def test_serve_is_a_subcommand_with_completion() -> None:
    bash = script("bash")
    assert " serve " in bash.split('words="', 1)[1].split('"', 1)[0] + " "
    assert "serve) words=" in bash and "--port" in bash and "--host" in bash


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1", "80.5"])
def test_a_bad_port_is_named(port: str, tmp_path: Path) -> None:
    result = run("--port", port, "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2
    assert f"argument --port: {port!r} is not a port number (1 to 65535)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = run("--port", str(port), "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2
    assert result.stderr == (
        f"marginalia serve: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )
    assert result.stdout == ""  # no address was printed for a server that never listened


def test_an_address_not_on_this_machine_is_one_line(tmp_path: Path) -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    result = run("--host", "192.0.2.1", "--port", "8000", "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2
    assert result.stderr == (
        "marginalia serve: cannot listen on 192.0.2.1:8000: Cannot assign requested address\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/no/such/folder"], "marginalia serve: /no/such/folder: no such file or folder\n"),
        (["--labels", "/no/such.toml"], "labels file not found"),
    ],
)
def test_the_app_arguments_are_checked_before_listening(
    argv: list[str], message: str, tmp_path: Path
) -> None:
    result = run(*argv, "--db", str(tmp_path / "db.json"), "--port", str(free_port()))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("alice", "alice"),
        ("  Zoë O'Brien-Smith ", "Zoë O'Brien-Smith"),
        ("a.b@lab_3", "a.b@lab_3"),
        ("Zoe\u0308", "Zo\u00eb"),  # as a keyboard may compose it: stored composed
        ("", None),
        ("bob/gold", None),  # a reviewer's name: a browser may not take it
        ("<b>x</b>", None),
        ("x\x1b]0;title\x07", None),
        ("a;rm -rf ~", None),
        ("n" * 65, None),
        (None, None),
    ],
)
def test_annotator_names_from_a_browser(given: str | None, name: str | None) -> None:
    assert annotator_name(given) == name


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("localhost.evil.example", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_each_session_runs_the_app_with_the_servers_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    args = serve.build_parser().parse_args(
        ["corpus", "--db", "team.json", "--project", "p.toml", "--read-only", "--port", "9000"]
    )
    command = serve.app_command(args)
    assert command[:4] == ["exec", sys.executable, "-m", "tui.commands.serve_session"]
    assert command[4:] == [
        str(tmp_path / "corpus"),
        "--db",
        str(tmp_path / "team.json"),
        "--project",
        str(tmp_path / "p.toml"),
        "--read-only",
    ]
