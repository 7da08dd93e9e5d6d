"""Type-ahead: keys pressed while a screen is still getting ready are kept, in order,
and handed to it once it is.

Annotators type ahead: Enter and three label keys in one burst, or `>` and the
next article's labels before it is drawn. A key that arrives while the screen
on top is not ready (its article not parsed, its labels not read) is held
back, as is every key after it, so the order is never broken; when the screen
says it is ready the held keys are processed one by one, each as if it had
just arrived. A key that opens another screen that is not ready yet (`>`)
makes the keys after it wait for that one.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.message import Message
from textual.screen import Screen


class HoldingScreen(Screen[None]):
    """A screen that is not ready for keys at first; it posts `Ready` when it is."""

    ready = False
    """True once the screen can act on keys."""

    class Ready(Message):
        """The screen can now act on the keys held for it."""

    def become_ready(self) -> None:
        """Say that keys can come (once)."""
        if not self.ready:
            self.ready = True
            self.post_message(self.Ready())


class KeysHeld:
    """The keys held back for a screen that is getting ready, oldest first."""

    def __init__(self) -> None:
        """Nothing held."""
        self._keys: deque[events.Key] = deque()

    def __len__(self) -> int:
        """How many keys are waiting."""
        return len(self._keys)

    def must_hold(self, screen: Screen[object]) -> bool:
        """Whether a key arriving now must wait: the screen is not ready, or
        earlier keys are still waiting (a key never overtakes another)."""
        return bool(self._keys) or (isinstance(screen, HoldingScreen) and not screen.ready)

    def hold(self, key: events.Key) -> None:
        """Keep a key for later."""
        self._keys.append(key)

    def next_for(self, screen: Screen[object]) -> events.Key | None:
        """The next held key, if `screen` can take it now."""
        if not self._keys or (isinstance(screen, HoldingScreen) and not screen.ready):
            return None
        return self._keys.popleft()
