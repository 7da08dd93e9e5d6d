"""A small modal to write the note attached to a label."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class NoteScreen(ModalScreen[str | None]):
    """Ask for a note; Enter keeps it (empty removes it), Escape leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Keep the note as it was"),
    ]

    def __init__(self, note: str, about: str) -> None:
        super().__init__()
        self._note = note
        self._about = " ".join(about.split())

    def compose(self) -> ComposeResult:
        """The statement the note is about, and the input."""
        about = self._about if len(self._about) <= 160 else self._about[:159] + "…"
        with Vertical(id="note-dialog"):
            yield Static(Content.styled("Note", "bold"))
            yield Static(Content(about).stylize("italic dim"), id="note-about")
            yield Input(
                self._note, placeholder="Why this label? Enter saves, Esc cancels", id="note-input"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the note to the reader."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without changing the note."""
        self.dismiss(None)
