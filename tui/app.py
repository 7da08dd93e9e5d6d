"""The Marginalia app: small on purpose. It holds the session, shows the library,
and keeps keys in order (type-ahead); everything else is a screen's or the session's.

`tui.factory.make_app` builds it from command-line style arguments; the CLI and
the tests both use it, so what the tests drive is what users run.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen

from tui.hangup import hung_up, terminal_input
from tui.session import ExportDone, Session, StoreFailed, StoreOpened, display_path
from tui.typeahead import GIVE_UP_SECONDS, HoldingScreen, KeysHeld, esc_then_key, when_handled

EXPORT_FORMATS = {
    "jsonl": "JSONL",
    "prodigy": "Prodigy",
    "doccano": "doccano",
    "w3c": "W3C",
    "semeval": "SemEval stance TSV, gold labels",
    "labelstudio": "Label Studio tasks",
}
"""Formats offered in the palette, as `marginalia export --format` names them."""


def _article_commands() -> type[Provider]:
    """The palette's article provider, imported when the palette first opens."""
    from tui.screens.commands import ArticleCommands

    return ArticleCommands


class MarginaliaApp(App[None]):
    """Read articles and label their statements; starts on the library screen."""

    CSS_PATH = "app.tcss"
    TITLE = "Marginalia"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_article_commands}
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it without ClassVar)
        (0, "-narrow"),
        (100, "-normal"),
        (140, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            id="help",
            tooltip="Keys, label descriptions and file paths",
            key_display="F1",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="quit",
            priority=True,
            tooltip="Quit; every label already shown as saved is on disk",
        ),
    ]

    def __init__(self, session: Session) -> None:
        """The app of one session (see `tui.factory.make_app`)."""
        super().__init__()
        self.session = session
        self.keys_held = KeysHeld()
        self._key_in_flight = False
        """A key handed to a widget is not handled yet: the next ones wait for it."""
        if session.scheme.keys:
            self.set_keymap(session.scheme.keys)
        remembered = session.user_state.theme
        if remembered and remembered in self.available_themes:
            self.theme = remembered

    def on_mount(self) -> None:
        """Show the library; look for other sessions' labels every second or so."""
        from tui.screens.library import LibraryScreen

        self.session.listen(self)
        self.push_screen(LibraryScreen(self.session))
        self.set_interval(self.session.config.poll_seconds, self.session.poll)
        terminal = None if self.is_headless or self.is_web else terminal_input()
        if terminal is not None:
            self.set_interval(1.0, partial(self._quit_if_hung_up, terminal))

    def _quit_if_hung_up(self, terminal: int) -> None:
        """Quit as ctrl+q does (every queued label written) once the terminal is gone."""
        if hung_up(terminal):
            self.exit()

    def on_unmount(self) -> None:
        """Finish every queued write before the process ends."""
        self.session.close()

    async def on_event(self, event: events.Event) -> None:
        """Hold keys that arrive while the screen is getting ready, or while an
        earlier key is still on its way through a widget (type-ahead)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            split = esc_then_key(event)
            if split is not None and event.key not in self.active_bindings:
                for key in split:  # Esc and a key typed together, not Alt+key
                    await self.on_event(key)
                return
            screen = self.screen
            busy = self._key_in_flight or self.keys_held.must_hold(screen)
            if busy and not self._quits(event.key):
                if (
                    event.key == "escape"
                    and isinstance(screen, HoldingScreen)
                    and screen.waited() > GIVE_UP_SECONDS
                ):
                    self.keys_held.clear()  # kept waiting: Esc means "never mind"
                    screen.give_up()
                    return
                self.keys_held.hold(event)
                return
            await self._press(event)
            return
        await super().on_event(event)

    async def _press(self, key: events.Key) -> None:
        """Run one key; one handed to a widget holds the next until it is handled."""
        target = self.focused or self.screen
        await super().on_event(key)
        if key.is_forwarded:
            self._key_in_flight = True
            when_handled(target, self._key_handled)

    def _key_handled(self) -> None:
        self._key_in_flight = False
        if self.keys_held:
            self.post_message(KeysHeld.Resume())

    def _quits(self, key: str) -> bool:
        """Whether `key` quits: quitting never waits for a screen to get ready."""
        active = self.active_bindings.get(key)
        return active is not None and active.binding.action in ("quit", "app.quit")

    async def on_holding_screen_ready(self, message: HoldingScreen.Ready) -> None:
        """Hand the held keys, in order, to the screen that is now ready."""
        await self._release_keys()

    async def on_keys_held_resume(self, message: KeysHeld.Resume) -> None:
        """A screen opened by a held key is there: hand it the keys after that one."""
        await self._release_keys()

    async def _release_keys(self) -> None:
        screen = self.screen
        while not self._key_in_flight and (key := self.keys_held.next_for(screen)):
            await self._press(key)
            if self.screen is not screen:
                # A key opened a screen (a note, the palette, the next article): the
                # keys after it are for that screen, once it is drawn and focused.
                if self.keys_held and not self._key_in_flight:
                    self.call_after_refresh(self.post_message, KeysHeld.Resume())
                return

    def on_holding_screen_drop_typed_ahead(self, message: HoldingScreen.DropTypedAhead) -> None:
        """Drop the keys typed ahead of a move that went nowhere; new keys work again."""
        self.keys_held.clear()
        message.screen.become_ready()

    def watch_theme(self, theme: str) -> None:
        """Remember the theme for the next run."""
        self.session.user_state.set_theme(theme)

    def on_store_opened(self, message: StoreOpened) -> None:
        """Warn once when the annotation file is read-only or held broken records."""
        if message.read_only_reason:
            self.notify(
                f"Read-only: {message.read_only_reason}. Labels will not be saved.",
                title="Annotation file",
                severity="warning",
                timeout=20,
            )
        if message.set_aside_note:
            self.notify(
                message.set_aside_note,
                title="Annotation file",
                severity="warning",
                timeout=20,
            )

    def on_store_failed(self, message: StoreFailed) -> None:
        """The annotation file cannot be opened: say so plainly and keep reading."""
        self.notify(
            f"Cannot open {self.session.config.db_display}: {message.error}. "
            "Labels will not be saved.",
            title="Annotation file",
            severity="error",
            timeout=30,
        )

    def action_help(self) -> None:
        """Show keys, labels and file paths."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.session))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Palette commands: Textual's own (themes, keys, quit) plus ours."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys, label descriptions and file paths", self.action_help)
        for fmt, name in EXPORT_FORMATS.items():
            yield SystemCommand(
                f"Export annotations ({name})",
                f"Write every annotation to {self.session.export_target(fmt).name}, next to "
                "the annotation file",
                partial(self.action_export, fmt),
            )
        yield SystemCommand("Library", "Back to the list of articles", self.action_library)
        yield SystemCommand(
            "Review disagreements",
            "The units annotators labelled differently; decide the final labels",
            self.action_review,
        )
        yield SystemCommand(
            "Statistics", "Progress, labels per target, agreement", self.action_statistics
        )

    def action_review(self) -> None:
        """The review of disagreements."""
        from tui.screens.review import open_review

        self.push_screen(open_review(self.session))

    def action_statistics(self) -> None:
        """Progress, labels per target and agreement."""
        from tui.screens.statistics import StatisticsScreen

        self.push_screen(StatisticsScreen(self.session))

    def action_library(self) -> None:
        """Close everything above the library screen."""
        from tui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def action_export(self, fmt: str = "jsonl") -> None:
        """Export every label (through the writer, so the export sees every label)."""
        self.session.export(fmt, self)

    def on_export_done(self, message: ExportDone) -> None:
        """Say where the export went, or why it failed."""
        if message.error is None:
            self.notify(
                f"Exported {message.count:,} labels to {display_path(message.path)}",
                title="Export",
            )
        else:
            self.notify(f"Export failed: {message.error}", severity="error")
