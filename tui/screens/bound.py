"""Screens' key bindings: priority bindings in one line each, and screen classes
whose bindings are made at run time (a label scheme's keys).

Textual takes a screen's bindings from its class, so a scheme's keys need a
class of their own: one per list of bindings, made once and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


def priority_binding(
    screen: str,
    keys: str,
    action: str,
    description: str,
    id: str,
    tooltip: str,
    show: bool = True,
) -> Binding:
    """A binding run the moment its key arrives, in the order keys arrive (a burst is
    never reordered, and no widget under the screen takes the key first); its id,
    for a `[keys]` table, is `screen.id`."""
    return Binding(
        keys, action, description, show=show, id=f"{screen}.{id}", tooltip=tooltip, priority=True
    )


_CLASSES: dict[tuple[type, tuple[BindingType, ...]], type] = {}


def with_bindings(base: type[ScreenT], bindings: Sequence[BindingType]) -> type[ScreenT]:
    """A subclass of `base` (same name) with `bindings` added to its own."""
    key = (base, tuple(bindings))
    found = _CLASSES.get(key)
    if found is None:
        found = _CLASSES[key] = type(base.__name__, (base,), {"BINDINGS": list(bindings)})
    return cast("type[ScreenT]", found)
