"""The label scheme: which labels exist, their keys, colours and descriptions.

A scheme is read from a TOML file (see `default_labels.toml`) with `tomllib`.
Every problem in the file becomes one `LabelsError` whose message names the
file and the problem in one line, so the CLI can print it instead of a traceback.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LABELS_PATH = Path(__file__).with_name("default_labels.toml")
"""The scheme used when `--labels` is not given: favor, against, neutral."""

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAMED_COLOURS = {
    "red": "#f85149",
    "green": "#3fb950",
    "blue": "#58a6ff",
    "yellow": "#d29922",
    "orange": "#db6d28",
    "purple": "#bc8cff",
    "magenta": "#f778ba",
    "cyan": "#39c5cf",
    "grey": "#8b949e",
    "gray": "#8b949e",
    "white": "#e6edf3",
}
_FALLBACK_COLOURS = ("#58a6ff", "#d29922", "#bc8cff", "#39c5cf", "#db6d28", "#f778ba")


KEY_NAMES = {
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    ".": "full_stop",
    ",": "comma",
    "/": "slash",
    ";": "semicolon",
    "-": "minus",
    "=": "equals_sign",
    "~": "tilde",
    "!": "exclamation_mark",
    "+": "plus",
    "*": "asterisk",
    "#": "number_sign",
    "@": "at",
    "'": "apostrophe",
    '"': "quotation_mark",
    ":": "colon",
    "<": "less_than_sign",
    ">": "greater_than_sign",
    "^": "circumflex_accent",
    "&": "ampersand",
    "$": "dollar_sign",
    "%": "percent_sign",
}
"""Textual's names for punctuation keys a labels file may use."""


def binding_key(key: str) -> str:
    """A key as a labels or project file writes it, as Textual names it: punctuation
    by name ("." is "full_stop"), named keys in lower case ("F3", "Ctrl+X")."""
    return KEY_NAMES.get(key, key if len(key) == 1 else key.lower())


class LabelsError(ValueError):
    """A label scheme that cannot be used; the message is one readable line."""


_TOP_LEVEL_KEYS = ("label", "keys")
"""What a labels file may hold (and `labels`, read as another spelling of `label`)."""

_LABEL_KEYS = ("name", "key", "colour", "color", "description")
"""What a [[label]] table may hold."""


def refuse_unknown_keys(
    table: dict[str, object], known: tuple[str, ...], where: str, also: tuple[str, ...] = ()
) -> None:
    """Refuse keys not in `known` (nor in `also`, accepted but not advertised).

    A misspelt key would otherwise be dropped without a word: `colur = "red"`
    would leave the label its fallback colour and the user puzzled.
    """
    unknown = [key for key in table if key not in known and key not in also]
    if unknown:
        names = ", ".join(repr(key) for key in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise LabelsError(f"{where}: unknown key{plural} {names} (known: {', '.join(known)})")


@dataclass(frozen=True, slots=True)
class Label:
    """One stance label: its name on disk, its key, colour and a one-line description."""

    name: str
    key: str
    colour: str
    description: str

    @property
    def binding_key(self) -> str:
        """The key as Textual names it ("." is "full_stop", "F3" is "f3")."""
        return binding_key(self.key)

    @property
    def binding_id(self) -> str:
        """The id of this label's key binding (usable in a `[keys]` table)."""
        return f"label.{self.name}"


@dataclass(frozen=True, slots=True)
class LabelScheme:
    """All labels of a project, in the order they are shown, plus key overrides."""

    labels: tuple[Label, ...]
    path: Path
    keys: dict[str, str] = field(default_factory=dict)

    def by_name(self, name: str) -> Label | None:
        """The label called `name`, or None for a label not in this scheme."""
        return next((label for label in self.labels if label.name == name), None)

    def colour_of(self, name: str) -> str:
        """The colour to draw a label with; labels from other schemes are grey."""
        label = self.by_name(name)
        return label.colour if label else "#8b949e"


def _colour(value: object, index: int, where: str) -> str:
    if value is None:
        return _FALLBACK_COLOURS[index % len(_FALLBACK_COLOURS)]
    if not isinstance(value, str):
        raise LabelsError(f'{where}: colour must be a string like "#3fb950"')
    text = value.strip()
    if _HEX.match(text):
        return text.lower()
    if text.lower() in _NAMED_COLOURS:
        return _NAMED_COLOURS[text.lower()]
    raise LabelsError(f"{where}: colour {value!r} is not #rrggbb or a known colour name")


def _label(entry: object, index: int, source: str) -> Label:
    where = f"{source}: label {index + 1}"
    if not isinstance(entry, dict):
        raise LabelsError(f"{where}: expected a [[label]] table")
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{source}: label {name.strip()!r}"
    refuse_unknown_keys(entry, _LABEL_KEYS, where)
    if not isinstance(name, str) or not name.strip():
        raise LabelsError(f"{where}: needs a name")
    where = f"{source}: label {name!r}"
    key = entry.get("key")
    if not isinstance(key, str) or not key.strip() or "," in key or " " in key.strip():
        raise LabelsError(f'{where}: needs one key, like key = "1"')
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise LabelsError(f"{where}: description must be a string")
    colour = _colour(entry.get("colour", entry.get("color")), index, where)
    return Label(name.strip(), key.strip(), colour, " ".join(description.split()))


def read_toml(text: str, path: Path) -> dict[str, object]:
    """Parse TOML text, a mistake being one `LabelsError` line naming the file."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LabelsError(f"{path}: not valid TOML ({exc})") from None


RESERVED_LABELS = frozenset({"skip"})
"""Label names the app gives a meaning of its own (`s` skips a statement)."""


def scheme_from(data: dict[str, object], path: Path) -> LabelScheme:
    """The label scheme of a parsed labels or project file: its [[label]] tables
    and its [keys] table (top-level keys are checked by the caller)."""
    source = str(path)
    entries = data.get("label", data.get("labels"))
    if not isinstance(entries, list) or not entries:
        raise LabelsError(f"{source}: no labels; add [[label]] tables with name, key, colour")
    labels = tuple(_label(entry, i, source) for i, entry in enumerate(entries))
    seen_names: set[str] = set()
    seen_keys: set[str] = set()
    for label in labels:
        if label.name in RESERVED_LABELS:
            raise LabelsError(
                f"{source}: label {label.name!r} is reserved (the - key skips a statement)"
            )
        if label.name in seen_names:
            raise LabelsError(f"{source}: label {label.name!r} is defined twice")
        if label.key in seen_keys:
            raise LabelsError(f"{source}: key {label.key!r} is used by two labels")
        seen_names.add(label.name)
        seen_keys.add(label.key)
    keys = _flatten(data.get("keys", {}))
    if keys is None:
        raise LabelsError(f"{source}: [keys] must map binding ids to key strings")
    return LabelScheme(labels, path, keys)


def parse_labels(text: str, path: Path) -> LabelScheme:
    """Build a scheme from TOML text; `path` is only used in messages and display."""
    data = read_toml(text, path)
    refuse_unknown_keys(data, _TOP_LEVEL_KEYS, str(path), also=("labels",))
    return scheme_from(data, path)


def _flatten(table: object, prefix: str = "") -> dict[str, str] | None:
    """`reader.next = "j"` (a dotted TOML key, i.e. a nested table) as {"reader.next": "j"}."""
    if not isinstance(table, dict):
        return None
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, str):
            flat[name] = value
        else:
            nested = _flatten(value, f"{name}.")
            if nested is None:
                return None
            flat.update(nested)
    return flat


def read_text_file(path: Path, what: str) -> str:
    """A labels, project or guidelines file's text; a problem is one `LabelsError` line."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LabelsError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise LabelsError(f"{path}: is a folder, not a {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: cannot read {what} ({exc})") from None


def load_labels(path: Path | None = None) -> LabelScheme:
    """Read a label scheme file (the bundled default when `path` is None)."""
    path = DEFAULT_LABELS_PATH if path is None else path
    return parse_labels(read_text_file(path, "labels file"), path)
