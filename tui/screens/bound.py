"""Screen classes whose bindings are made at run time (a label scheme's keys).

Textual takes a screen's bindings from its class, so a scheme's keys need a
class of their own: one per list of bindings, made once and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from textual.binding import BindingType
from textual.screen import Screen

ScreenT = TypeVar("ScreenT", bound=Screen[Any])

_CLASSES: dict[tuple[type, tuple[BindingType, ...]], type] = {}


def with_bindings(base: type[ScreenT], bindings: Sequence[BindingType]) -> type[ScreenT]:
    """A subclass of `base` (same name) with `bindings` added to its own."""
    key = (base, tuple(bindings))
    found = _CLASSES.get(key)
    if found is None:
        found = _CLASSES[key] = type(base.__name__, (base,), {"BINDINGS": list(bindings)})
    return cast("type[ScreenT]", found)
