"""Command palette (Ctrl+P) commands: go to any article of the corpus by its title."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from store import ArticleEntry
from tui.session import Session

MAX_HITS = 40
"""Enough to choose from; scoring 10,000 titles is cheap, drawing them all is not."""


def _help(entry: ArticleEntry) -> str:
    return " · ".join(p for p in (entry.source, entry.date or entry.date_text) if p)


class ArticleCommands(Provider):
    """`Go to: <title>` for every article, matched as the user types."""

    @property
    def _session(self) -> Session | None:
        """The session of the screen the palette was opened on."""
        session = getattr(self.screen, "session", None)
        return session if isinstance(session, Session) else None

    def _entries(self) -> list[ArticleEntry]:
        """The corpus's articles, as the library lists them before any search."""
        session = self._session
        corpus = session.corpus if session is not None else None
        return list(corpus.entries) if corpus is not None else []

    def _open(self, article_id: str) -> None:
        """Back to the library, and open the article from there."""
        from tui.screens.library import LibraryScreen

        app = self.app
        while len(app.screen_stack) > 1 and not isinstance(app.screen, LibraryScreen):
            app.pop_screen()
        if isinstance(app.screen, LibraryScreen):
            app.screen.open_article(article_id)

    async def discover(self) -> Hits:
        """Without a query: the first articles of the library."""
        for entry in self._entries()[:10]:
            yield DiscoveryHit(
                f"Go to: {entry.title}", partial(self._open, entry.id), help=_help(entry)
            )

    async def search(self, query: str) -> Hits:
        """Articles whose title (or source) fuzzily matches the query, best first."""
        matcher = self.matcher(query)
        scored = []
        for entry in self._entries():
            text = f"Go to: {entry.title}"
            score = matcher.match(text)
            if score > 0:
                scored.append((score, text, entry))
        scored.sort(key=lambda item: item[0], reverse=True)
        for score, text, entry in scored[:MAX_HITS]:
            yield Hit(
                score, matcher.highlight(text), partial(self._open, entry.id), help=_help(entry)
            )
