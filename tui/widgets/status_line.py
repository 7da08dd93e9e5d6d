"""One line at the bottom of the reader: who labels, with which scheme, where it is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    """Annotator, labels file, annotation file and the save state of the last label."""

    def show(self, *, annotator: str, labels: str, db: str, save: str, save_style: str) -> None:
        """Redraw with the latest save state, e.g. 'favor saved' or '2 pending'.

        The save state comes first: on a narrow terminal the file path is what
        gets cut, never whether the last label is on disk.
        """
        line = (
            Content.styled(save, save_style)
            + Content.styled(" · ", "dim")
            + Content.styled(annotator, "bold")
            + Content.styled(" · labels ", "dim")
            + Content(labels)
            + Content.styled(" · file ", "dim")
            + Content(db)
        )
        self.update(line, layout=False)  # one line, fixed size
