"""`marginalia serve` in a real browser: Debian's chromium, driven by Playwright.

The page asks for a name, the terminal shows the library, Enter opens an article
and one key labels a statement; the label is then in the TinyDB file under the
name given in the browser.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright
from test_serve_support import TerminalOutput, labels_in, serving

pytestmark = pytest.mark.xdist_group("serve")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """Debian's chromium (`apt-get install chromium`; `make test` installs it), or the
    browser `$MARGINALIA_CHROMIUM` names."""
    named = os.environ.get("MARGINALIA_CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[BrowserContext]:
    """A headless chromium with an empty profile of its own."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no chromium to drive: apt-get install chromium (or set MARGINALIA_CHROMIUM)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1000, "height": 620},
        )
        try:
            yield context
        finally:
            context.close()


def wait_for(page: Page, output: TerminalOutput, text: str, since: int = 0) -> None:
    """Let the page run until the terminal has shown `text` (after `since`)."""
    deadline = time.monotonic() + 60
    while text not in output.text(since):
        if time.monotonic() > deadline:
            raise AssertionError(f"the terminal never showed {text!r}: {output.text(since)!r}")
        page.wait_for_timeout(50)


def test_a_label_given_in_the_browser_is_saved_under_its_name(
    browser: BrowserContext, corpus: Path, db: Path
) -> None:
    with serving(corpus, db) as served:
        page = browser.new_page()
        output = TerminalOutput()
        page.on("websocket", lambda socket: socket.on("framereceived", output.add))
        page.goto(served.url)
        page.fill("input[name=annotator]", "Zoë O'Brien")
        page.click("button[type=submit]")
        wait_for(page, output, "Ministers meet in Geneva")  # the library
        page.focus("textarea.xterm-helper-textarea")  # the terminal takes the keys
        mark = output.mark()
        page.keyboard.press("Enter")
        wait_for(page, output, "Sentence 1/", mark)  # the reader
        mark = output.mark()
        page.keyboard.press("1")
        wait_for(page, output, "saved", mark)
        assert "Zoë O'Brien" in output.text(mark)  # the status line names the annotator
        page.close()  # the session ends: its app saves and quits
    assert labels_in(db) == [("Zoë O'Brien", "favor")]
    assert served.process.returncode == 0
