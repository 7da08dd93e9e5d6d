"""Command palette (Ctrl+P) commands: go to any article of the corpus by its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import MarginaliaApp

MAX_HITS = 40
"""Enough to choose from; scoring 10,000 titles is cheap, drawing them all is not."""


class ArticleCommands(Provider):
    """`Go to: <title>` for every article, matched as the user types."""

    def _entries(self) -> list[Any]:
        app = cast("MarginaliaApp", self.app)
        return list(app.corpus.entries) if app.corpus is not None else []

    def _open(self, article_id: str) -> None:
        from tui.screens.reader import ReaderScreen

        app = cast("MarginaliaApp", self.app)
        app.action_library()
        app.push_screen(ReaderScreen(article_id))

    async def discover(self) -> Hits:
        """Without a query: the first articles of the library."""
        for entry in self._entries()[:10]:
            yield DiscoveryHit(
                f"Go to: {entry.title}",
                partial(self._open, entry.id),
                help=" · ".join(p for p in (entry.source, entry.date or entry.date_text) if p),
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
                score,
                matcher.highlight(text),
                partial(self._open, entry.id),
                help=" · ".join(p for p in (entry.source, entry.date or entry.date_text) if p),
            )
