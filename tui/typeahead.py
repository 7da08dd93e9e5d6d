"""Type-ahead: keys pressed while a screen is still getting ready are kept, in order,
and handed to it once it is.

Annotators type ahead: Enter and three label keys in one burst, or `>` and the
next article's labels before it is drawn. A key that arrives while the screen
on top is not ready (its article not parsed, its labels not read) is held
back, as is every key after it, so the order is never broken; when the screen
says it is ready the held keys are processed one by one, each as if it had
just arrived. A key that opens another screen (`>`, a note, the palette)
makes the keys after it wait until that screen is there to take them.

Textual runs a priority binding the moment its key arrives, but hands any
other key to the focused widget's queue, where it waits its turn (and then
climbs back up to the app for the bindings of the widgets above). A burst
(`/ o i l Enter 1 1`) could then run out of order. So a key that goes to a
widget makes the keys after it wait until it has been handled all the way up
(`when_handled`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from textual import events
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

GIVE_UP_SECONDS = 1.0
"""Esc on a screen that has kept the user waiting this long closes it at once."""


class HoldingScreen(Screen[None]):
    """A screen that is not ready for keys at first; it posts `Ready` when it is."""

    ready = False
    """True once the screen can act on keys."""

    class Ready(Message):
        """The screen can now act on the keys held for it."""

    class DropTypedAhead(Message):
        """Keys typed after a move that went nowhere are not meant for this screen."""

        def __init__(self, screen: HoldingScreen) -> None:
            super().__init__()
            self.screen = screen

    def __init__(self) -> None:
        """Not ready yet."""
        super().__init__()
        self._waiting_since = time.monotonic()

    def become_ready(self) -> None:
        """Say that keys can come (once)."""
        if not self.ready:
            self.ready = True
            self.post_message(self.Ready())

    def waited(self) -> float:
        """Seconds the user has been waiting for this screen to get ready (0 if it is)."""
        return 0.0 if self.ready else time.monotonic() - self._waiting_since

    def give_up(self) -> None:
        """Esc after a long wait: close the screen (where that makes sense)."""

    def drop_typed_ahead(self) -> None:
        """Keys already typed after this moment are dropped (a `>` with no article after
        it: its labels must not land here). Keys pressed once the screen has been
        redrawn, with the message that says why, work again."""
        self.ready = False
        self._waiting_since = time.monotonic()
        self.call_after_refresh(self.post_message, self.DropTypedAhead(self))


class KeysHeld:
    """The keys held back for a screen that is getting ready, oldest first."""

    class Resume(Message):
        """The screen on top changed while keys were handed over: go on with them."""

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

    def clear(self) -> None:
        """Drop every held key."""
        self._keys.clear()


HANDLING_ROUNDS = 2
"""Rounds up the chain of widgets: the second also waits for the messages that
handling the key posted (an Input's Enter posts `Submitted`, which closes a dialog)."""


def when_handled(node: DOMNode, callback: Callable[[], None]) -> None:
    """Call `callback` once `node`, then each of its ancestors up to the app, has
    handled every message it holds now, twice over: a key forwarded to `node` has
    then been handled wherever it climbed to (each queue keeps its order, and a
    key climbs to the parent before the callback queued behind it there), and so
    have the messages its handling posted."""
    chain: list[MessagePump] = [*node.ancestors_with_self] * HANDLING_ROUNDS

    def step(level: int) -> None:
        if level == len(chain) or not chain[level].call_later(step, level + 1):
            callback()  # the top is reached, or a closed widget has nothing left

    step(0)


def esc_then_key(event: events.Key) -> tuple[events.Key, events.Key] | None:
    """The Esc and the key that `event` stands for, if it is Alt and one key.

    A terminal sends Alt+key as Esc followed by the key, so Esc typed right
    before a letter (within the terminal's wait for the rest of an escape
    sequence: a burst, a fast typist) arrives as Alt and that letter. The
    caller takes it apart only where no binding wants the Alt key itself.
    """
    rest = event.key.removeprefix("alt+")
    if rest == event.key:
        return None
    if rest.startswith("shift+"):
        rest = rest.removeprefix("shift+").upper()
    if len(rest) != 1:
        return None
    return events.Key("escape", "\x1b"), events.Key(rest, rest)
