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
        self._labels = ""
        self._db = ""
        self._shown: tuple[str, ...] = ()
        """What `show` was last given, its style made readable (Content compares text only)."""

    def show(self, *, annotator: str, labels: str, db: str, save: str, save_style: str) -> None:
        """Redraw with the latest save state, e.g. 'favor saved' or '2 pending'.

        The save state comes first: on a narrow terminal the file paths are what
        gets cut, from their start, never whether the last label is on disk.
        """
        shown = (save, self._on_panel(save_style), annotator, labels, db)
        if shown == self._shown:
            return  # a refresh of this line would re-compose every row above it too
        self._shown = shown
        self._head = (
            Content.styled(save, shown[1])
            + Content.styled(" · ", "dim")
            + Content.styled(annotator, "bold")
        )
        self._labels = labels
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
        """The line, with as much of the paths' ends as the width leaves room for: the
        annotation file's first, then the labels file's (a path cut too short to say
        anything is left out)."""
        room = self.size.width - self._head.cell_length
        file = _cut_start(self._db, room - len(_FILE))
        room -= len(_FILE) + len(file) if file else 0
        labels = _cut_start(self._labels, room - len(_LABELS))
        line = self._head
        if labels:
            line += Content.styled(_LABELS, "dim") + Content(labels)
        if file:
            line += Content.styled(_FILE, "dim") + Content(file)
        return line


_LABELS = " · labels "
_FILE = " · file "


def _cut_start(path: str, room: int) -> str:
    """`path` whole, or its end after "…" in `room` cells; "" when too short to say
    anything."""
    if len(path) <= room:
        return path
    if room < _SHORTEST_PATH:
        return ""
    return "…" + path[len(path) - room + 1 :]
