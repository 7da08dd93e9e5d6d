"""Labels found again in their article's text, each worked out once.

Every write is answered with the article's labels, each re-anchored to the text
on screen. A record that has not changed since the last answer anchors where it
did then, so its result is kept (by the record itself, which the store replaces
whenever it changes) rather than searched for again: on an article with hundreds
of labels, some of them orphaned (a fuzzy search each), that search was most
of a key press.
"""

from __future__ import annotations

from collections.abc import Sequence
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store's modules load on first use (`tui.session.session`)
    from store import Annotation

KEPT_ARTICLES = 16
"""Articles whose anchors are kept: the open ones and the last few read."""


class AnchorCache:
    """Re-anchored labels of the last few articles, by record. Any thread may ask."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._articles: dict[str, tuple[str, dict[str, tuple[Annotation, Annotation]]]] = {}
        """article id → (its text, label id → (the record, that record re-anchored))."""

    def anchored(self, article_id: str, text: str, found: Sequence[Annotation]) -> list[Annotation]:
        """`found` (an article's labels) re-anchored to `text`, in the same order."""
        with self._lock:
            known_text, known = self._articles.pop(article_id, (text, {}))
        if known_text != text:
            known = {}
        done: dict[str, tuple[Annotation, Annotation]] = {}
        result: list[Annotation] = []
        for ann in found:
            hit = known.get(ann.id)
            anchored = hit[1] if hit is not None and hit[0] is ann else ann.reanchored(text)
            done[ann.id] = (ann, anchored)
            result.append(anchored)
        with self._lock:
            self._articles[article_id] = (text, done)  # the newest last
            while len(self._articles) > KEPT_ARTICLES:
                del self._articles[next(iter(self._articles))]
        return result
