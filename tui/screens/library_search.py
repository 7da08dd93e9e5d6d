"""The library's full-text search: the index kept in the background, searches off the UI thread.

Once the corpus is open, `FullTextLine` opens its full-text index
(`store.FullTextIndex`) and brings it up to date on a thread (the parsing runs
in worker processes), showing how far it is. The search box's text is sent to
it as it is typed; a search starts when typing pauses for `DEBOUNCE` seconds,
runs on a thread, and its answer (`Hits`) goes to the screen only if the text
is still what the box holds: a stale answer is dropped, and a newer search
interrupts an older one still running. The line then shows where the words
are in the article under the cursor (a snippet, hits in bold). Without FTS5,
or with an index that cannot be used, the library searches titles and
sources as before and says so once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from store import parse_search, strip_control

if TYPE_CHECKING:
    from store import Corpus, FullTextIndex

# The full-text index's module (and SQLite) is imported where it is first used,
# once the list is drawn: the library's first frame does not need it.

DEBOUNCE = 0.12
"""Seconds of pause in typing before the full-text index is asked."""

SHOW_PROGRESS = 200
"""Articles to index from which the line shows how far it is (fewer take a moment)."""


def snippet_content(snippet: str) -> Content:
    """A snippet as text on one line, its hits in bold; the article's text is data, never markup."""
    from store import HIT_END, HIT_START

    clean = " ".join(strip_control(snippet).split())
    pieces: list[tuple[int, int]] = []
    text = ""
    for i, part in enumerate(clean.split(HIT_START)):
        hit, _, rest = part.partition(HIT_END) if i else ("", "", part)
        if hit:
            pieces.append((len(text), len(text) + len(hit)))
        text += hit + rest
    content = Content(text)
    for start, end in pieces:
        content = content.stylize("bold reverse", start, end)
    return content


class FullTextLine(Static):
    """One line under the list: the index's progress, or where the search words are."""

    class Hits(Message):
        """The articles whose text holds what `text` asks for."""

        def __init__(self, text: str, ids: frozenset[str]) -> None:
            super().__init__()
            self.text = text
            self.ids = ids

    def __init__(self, *, id: str | None = None) -> None:
        """No index until `start`."""
        super().__init__("", id=id, markup=False)
        self.index: FullTextIndex | None = None
        self.synced = False
        """True once the index holds the whole corpus."""
        self._text = ""
        self._timer: Timer | None = None
        self._stop = threading.Event()
        self._snippet_for: tuple[str, str] | None = None

    def on_unmount(self) -> None:
        """A quitting app stops the index's update between two chunks."""
        self._stop.set()

    # -- keeping the index ---------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="fulltext-sync")
    def start(self, corpus: Corpus, cache_dir: Path | None) -> None:
        """Open the corpus's index and bring it up to date (on a thread)."""
        from store import FullTextIndex, FullTextUnavailable

        try:
            index = FullTextIndex.for_location(corpus.location, cache_dir)
        except FullTextUnavailable as exc:
            self.app.call_from_thread(self._unavailable, str(exc))
            return
        self.app.call_from_thread(self._opened, index)

        def progress(done: int, total: int) -> None:
            if total >= SHOW_PROGRESS:
                text = f"Indexing the articles' text for search… {done:,}/{total:,}"
                self.app.call_from_thread(self.update, text)

        try:
            report = index.sync(corpus, progress, stop=self._stop)
        except FullTextUnavailable as exc:
            self.app.call_from_thread(self._unavailable, str(exc))
            return
        except Exception as exc:  # a worker process died, say: one line, never a traceback
            reason = f"full-text index not built ({type(exc).__name__}: {exc})"
            self.app.call_from_thread(self._unavailable, reason)
            return
        self.app.call_from_thread(self._synced, report.note)

    def _opened(self, index: FullTextIndex) -> None:
        self.index = index
        if index.note:
            self.notify(index.note, title="Search", severity="warning", markup=False)
        self.search(self._text, at_once=True)

    def _synced(self, note: str | None) -> None:
        self.synced = True
        if note and note != (self.index.note if self.index else None):
            self.notify(note, title="Search", severity="warning", markup=False)
        self.update("")
        self.search(self._text, at_once=True)  # the bodies indexed meanwhile count too

    def _unavailable(self, reason: str) -> None:
        self.index = None
        self.update("")
        self.notify(f"{reason}: searching titles and sources only", title="Search", markup=False)
        self.post_message(self.Hits(self._text, frozenset()))  # the titles' answer, now

    # -- searching -----------------------------------------------------------------------

    def search(self, text: str, *, at_once: bool = False) -> None:
        """Look for `text` in the articles' bodies once typing pauses (or now)."""
        self._text = text
        self._snippet_for = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.synced or not self.index:
            self.update("")
        if self.index is None or not parse_search(text).terms:
            return
        if at_once:
            self._run_search(text)
        else:
            self._timer = self.set_timer(DEBOUNCE, lambda: self._run_search(text))

    @work(thread=True, exit_on_error=False, group="fulltext-search")
    def _run_search(self, text: str) -> None:
        from store import FullTextUnavailable

        index = self.index
        if index is None or text != self._text:
            return
        try:
            ids = index.search(parse_search(text))
        except FullTextUnavailable as exc:
            self.app.call_from_thread(self._unavailable, str(exc))
            return
        if ids is not None and text == self._text:
            self.post_message(self.Hits(text, frozenset(ids)))

    def show_hit(self, article_id: str | None) -> None:
        """Show where the search words are in an article (the one under the cursor)."""
        key = (self._text, article_id or "")
        if self.index is None or article_id is None or key == self._snippet_for:
            return
        self._snippet_for = key
        if parse_search(self._text).terms:
            self._fetch_snippet(self._text, article_id)

    @work(thread=True, exit_on_error=False, group="fulltext-snippet")
    def _fetch_snippet(self, text: str, article_id: str) -> None:
        from store import FullTextUnavailable

        index = self.index
        if index is None:
            return
        try:
            snippet = index.snippet(article_id, parse_search(text))
        except FullTextUnavailable:
            return  # the search itself says so
        if (text, article_id) == self._snippet_for:
            content = snippet_content(snippet) if snippet else Content("")
            self.app.call_from_thread(self.update, content)
