"""One line at the bottom of the reader: who labels, with which scheme, where it is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.widgets.palette import app_colour, readable_on

_SHORTEST_PATH = 12
"""A file path cut shorter than this ('…/notes.json') says nothing: it is left out."""


class StatusLine(Static):
    """Annotator, labels file, annotation file and the save state of the last label."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head = Content()
        self._db = ""

    def show(self, *, annotator: str, labels: str, db: str, save: str, save_style: str) -> None:
        """Redraw with the latest save state, e.g. 'favor saved' or '2 pending'.

        The save state comes first: on a narrow terminal the file path is what
        gets cut, from its start, never whether the last label is on disk.
        """
        self._head = (
            Content.styled(save, self._on_panel(save_style))
            + Content.styled(" · ", "dim")
            + Content.styled(annotator, "bold")
            + Content.styled(" · labels ", "dim")
            + Content(labels)
        )
        self._db = db
        self.refresh(layout=False)  # one line, fixed size

    def _on_panel(self, style: str) -> str:
        """`style` with each theme colour in it (`$text-success`…) made readable on
        the status line's background: on light themes they fall to 1.6–3.2:1."""
        variables = self.app.theme_variables
        panel = app_colour(self.app, "panel")
        words = []
        for word in style.split():
            name = word[1:]
            if word.startswith("$") and name in variables:
                word = readable_on(app_colour(self.app, name, text=True), panel)
            words.append(word)
        return " ".join(words)

    def render(self) -> Content:
        """The line, with as much of the file path's end as the width leaves room for."""
        label = Content.styled(" · file ", "dim")
        room = self.size.width - self._head.cell_length - label.cell_length
        if room >= len(self._db):
            path = self._db
        elif room >= _SHORTEST_PATH:
            path = "…" + self._db[len(self._db) - room + 1 :]
        else:
            return self._head
        return self._head + label + Content(path)
