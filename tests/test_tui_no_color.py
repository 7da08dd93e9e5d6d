"""`NO_COLOR` (https://no-color.org): the app in a real terminal draws in greys only,
and a label still shows by its text, not by its colour alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_hostile_input import run_in_terminal, visible

_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colours(output: bytes) -> set[tuple[int, int, int]]:
    """Every true colour (foreground or background) the output's SGR sequences set."""
    found: set[tuple[int, int, int]] = set()
    for match in _SGR.finditer(output):
        params = [int(p) if p else 0 for p in re.split(rb"[;:]", match.group(1))]
        i = 0
        while i < len(params):
            if params[i] in (38, 48) and i + 4 < len(params) and params[i + 1] == 2:
                found.add((params[i + 2], params[i + 3], params[i + 4]))
                i += 5
            elif params[i] in (38, 48) and i + 2 < len(params) and params[i + 1] == 5:
                i += 3  # a 256-colour index: the true-colour terminal below never gets one
            else:
                i += 1
    return found


@pytest.mark.parametrize("no_color", [True, False])
def test_no_color_draws_in_greys_and_labels_still_read(
    no_color: bool, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    db = tmp_path / "db.json"
    # Enter and 1 in one burst: the first article opens and its statement is "favor".
    output = run_in_terminal(
        [str(sample_dir), "--db", str(db)], [b"\r1", b"\x11"], b"Lavrov", tmp_path
    )
    shown = visible(output)
    assert "‹favor›".encode() in shown, shown[-2000:].decode("utf-8", "replace")
    tinted = {rgb for rgb in colours(output) if len(set(rgb)) > 1}
    if no_color:
        assert not tinted, sorted(tinted)[:10]
    else:
        assert tinted  # the same run without NO_COLOR is in colour: the check can fail
    assert '"favor"' in db.read_text(encoding="utf-8")
