"""A label saved while another process holds the store's lock, stopped (SIGSTOP):
the status line says who holds it, and the label is saved when it goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_support import open_article, stored, until

from tui.factory import make_app

WORKER = Path(__file__).with_name("store_worker.py")
pytestmark = pytest.mark.xdist_group("store-subprocess")


async def test_a_save_waiting_for_a_stopped_holder_names_it_and_completes(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = make_app(
        corpus, db=db, annotator="tester", cache_dir=tmp_path / "cache", local_clipboard=False,
        poll_seconds=0.1,
    )  # fmt: skip
    async with app.run_test(size=(120, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        await until(pilot, lambda: app.session.lanes.store.done())
        stalled = subprocess.Popen(
            [sys.executable, str(WORKER), str(db), "1", "--stop-holding-lock"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert stalled.stdout is not None
        try:
            assert stalled.stdout.readline() == "ready\n"
            assert stalled.stdout.readline() == "holding\n"  # and stopped, lock held
            await pilot.press("1")
            line = reader.query_one("#status-line")
            # A guard against hanging, not a timing: the outcome is what is asserted.
            await until(pilot, lambda: "holds the lock" in str(line.render()), timeout=60)
            said = str(line.render())
            assert "pending" in said and f"process {stalled.pid}" in said
        finally:
            os.kill(stalled.pid, signal.SIGCONT)
        _out, err = stalled.communicate(timeout=60)
        assert stalled.returncode == 0, err
        await until(pilot, lambda: "saved" in str(line.render()), timeout=60)
        assert "holds the lock" not in str(line.render())
    assert [label for _unit, _text, label in stored(db)].count("favor") == 1
