"""The footer of every screen, made to fit the keys that matter at 80 columns."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A compact footer without the command palette's key (Ctrl+P is in help), so
    the labelling loop's keys, Quit and Help fit at 80 columns.

    Textual's footer rebuilds its keys (a widget each) after every change of the
    screen's bindings, once per change: opening a reader changed them five times
    before its first frame, and the footer was rebuilt five times over. Here the
    changes before a refresh are answered by one rebuild.
    """

    # A compact footer puts nothing after a group's label: "123 Labelu Undo".
    DEFAULT_CSS = """
    KeyFooter.-compact FooterLabel { margin: 0 1 0 0; }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)
        self._rebuild_due = False
        """A rebuild is waiting for the next refresh; later changes need no other."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys after the next refresh, once however often they change."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_due:
            # Not due when it could not be scheduled: the next change tries again.
            self._rebuild_due = self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        await self.recompose()
