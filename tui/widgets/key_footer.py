"""The footer of every screen, made to fit the keys that matter at 80 columns."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """A compact footer without the command palette's key (Ctrl+P is in help), so
    the labelling loop's keys, Quit and Help fit at 80 columns."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)
