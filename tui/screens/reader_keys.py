"""The reader's keys: its bindings and the label bindings a scheme adds.

Kept apart from the screen so that checking a labels file at start-up does not
import the reader and its widgets.
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding, BindingType

from tui.labels import LabelScheme
from tui.project import Target
from tui.screens.bound import priority_binding

LABEL_GROUP = Binding.Group("Label", compact=True)
"""The scheme's label keys, shown together in the footer."""


_b = partial(priority_binding, "reader")

# Every reader key is a priority binding: the app runs it the moment the key
# arrives, in the order keys arrive, so a burst of keys (label, label, Home,
# label) is never reordered, and the scrolling article pane does not take the
# arrows, Home and End for scrolling.


# The footer shows the keys of the labelling loop, and always Quit and Help (F1),
# even at 80 columns; the help screen lists every key.
READER_BINDINGS: list[BindingType] = [
    _b("j,down", "move(1)", "Next", "next", "Cursor to the next statement"),
    _b("k,up", "move(-1)", "Prev", "previous", "Cursor to the previous statement", False),
    _b(
        "right_square_bracket",
        "unlabelled(1)",
        "Unlabelled",
        "next_unlabelled",
        "Jump to the next unlabelled statement",
        False,
    ),
    _b(
        "left_square_bracket",
        "unlabelled(-1)",
        "Prev unlabelled",
        "previous_unlabelled",
        "Jump to the previous unlabelled statement",
        False,
    ),
    _b(
        "backspace,x",
        "remove_label",
        "Remove",
        "remove",
        "Remove the label under the cursor",
        False,
    ),
    _b("u", "undo", "Undo", "undo", "Undo the last label, removal or note"),
    _b("U,ctrl+r", "redo", "Redo", "redo", "Redo what was undone", False),
    _b("n", "note", "Note", "note", "Write a note on the label under the cursor"),
    _b("tab", "toggle_unit", "Unit", "unit", "Switch between sentences and quotes", False),
    _b("v", "start_span", "Span", "span", "Select words, starting at the cursor", False),
    _b(
        "shift+right,full_stop",
        "span_end(1)",
        "End →",
        "span_extend",
        "Move the span's end one word on",
    ),
    _b(
        "shift+left,comma",
        "span_end(-1)",
        "End ←",
        "span_shrink",
        "Move the span's end one word back",
    ),
    _b(
        "right",
        "span_start(1)",
        "Start →",
        "span_start_later",
        "Move the span's start one word on",
    ),
    _b(
        "left",
        "span_start(-1)",
        "Start ←",
        "span_start_earlier",
        "Move the span's start one word back",
    ),
    _b(
        "o",
        "toggle_others",
        "Others",
        "others",
        "Show or hide other annotators' labels (hidden: annotation stays blind)",
        False,
    ),
    _b("c", "copy", "Copy", "copy", "Copy the statement with its citation", False),
    _b("r", "toggle_raw", "Raw", "raw", "Show the raw dump and the removed lines", False),
    _b("home", "edge(0)", "First", "first", "First statement", False),
    _b("end", "edge(-1)", "Last", "last", "Last statement", False),
    _b(
        "greater_than_sign",
        "article(1)",
        "Next article",
        "next_article",
        "Open the next article of the library's list",
        False,
    ),
    _b(
        "less_than_sign",
        "article(-1)",
        "Previous article",
        "previous_article",
        "Open the previous article of the library's list",
        False,
    ),
    _b("t", "next_target(1)", "Target", "next_target", "Label for the next target"),
    _b(
        "T",
        "pick_target",
        "Pick target",
        "pick_target",
        "Choose the target to label for from a list",
        False,
    ),
    _b(
        "minus",
        "skip",
        "Skip",
        "skip",
        "Skip the statement for this target (no stance to give), and move on",
        False,
    ),
    _b(
        "tilde",
        "flag('unsure')",
        "Unsure",
        "unsure",
        "Mark the label under the cursor as unsure (again: not unsure)",
        False,
    ),
    _b(
        "exclamation_mark",
        "flag('review')",
        "Flag",
        "review",
        "Flag the label under the cursor for a reviewer (again: unflag)",
        False,
    ),
    _b("g", "guidelines", "Guide", "guidelines", "The project's guidelines and labels"),
    _b("slash", "find", "Find", "find", "Find words in this article", False),
    _b("escape", "back", "Library", "back", "Cancel the span, or back to the library"),
]


def label_bindings(scheme: LabelScheme) -> list[Binding]:
    """One binding per label of the scheme, all in the footer's Label group."""
    return [
        Binding(
            label.binding_key,
            f"label({label.name!r})",
            label.name,
            id=label.binding_id,
            tooltip=label.description or f"Label as {label.name}",
            group=LABEL_GROUP,
            key_display=label.key,
            priority=True,
        )
        for label in scheme.labels
    ]


def target_bindings(targets: tuple[Target, ...]) -> list[Binding]:
    """A binding for each target that names a key, switching to that target."""
    return [
        Binding(
            target.binding_key,
            f"set_target({target.name!r})",
            target.name,
            show=False,
            id=target.binding_id,
            tooltip=target.description or f"Label for {target.name}",
            key_display=target.key,
            priority=True,
        )
        for target in targets
        if target.binding_key is not None
    ]
