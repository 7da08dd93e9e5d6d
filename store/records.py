"""The records of the annotation store: `Annotation` and `ArticleInfo`.

Frozen records with their stored (TinyDB / journal) dict shape, kept
apart from the store so that formats and the TUI can use them cheaply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeGuard

import msgspec
from msgspec.structs import asdict, force_setattr, replace

from store.anchoring import AnchorStatus, context_of, reanchor

Unit = Literal["sentence", "quote", "span"]
UNITS = ("sentence", "quote", "span")
MAX_OFFSET = 100_000_000
"""No article is longer than this: an offset past it is a broken record."""

# The longest each field may be: a whole article's text at most, and names short.
_TEXT_MOST, _CONTEXT_MOST, _NOTE_MOST = 1_000_000, 2_000, 20_000
_NAME_MOST, _SPEAKER_MOST, _STAMP_MOST = 200, 500, 64
_SIZES = (
    ("text", _TEXT_MOST), ("note", _NOTE_MOST), ("prefix", _CONTEXT_MOST),
    ("suffix", _CONTEXT_MOST), ("label", _NAME_MOST), ("annotator", _NAME_MOST),
    ("speaker", _SPEAKER_MOST), ("target", _SPEAKER_MOST), ("id", _NAME_MOST),
    ("article_id", _NAME_MOST), ("created", _STAMP_MOST), ("updated", _STAMP_MOST),
)  # fmt: skip

# The names, the context and the time stamps have always been checked as groups
# (`_check_words`): a field past its own size is refused only when its group is
# past the group's, so that no label an earlier version kept is set aside now.
_NAMES_MOST, _CONTEXTS_MOST, _STAMPS_MOST = 2 * _NAME_MOST, 2 * _CONTEXT_MOST, 2 * _STAMP_MOST

# Each field's own size as its type, which msgspec checks (in C) as it decodes a
# file: half a million labels on open. A record past one of them is read again by
# the json module and kept when `Annotation.check` finds its group within size.
_Offset = Annotated[int, msgspec.Meta(ge=0, le=MAX_OFFSET)]
_Name = Annotated[str, msgspec.Meta(max_length=_NAME_MOST)]
_Named = Annotated[str, msgspec.Meta(min_length=1, max_length=_NAME_MOST)]
_Text = Annotated[str, msgspec.Meta(max_length=_TEXT_MOST)]
_Context = Annotated[str, msgspec.Meta(max_length=_CONTEXT_MOST)]
_Speaker = Annotated[str, msgspec.Meta(max_length=_SPEAKER_MOST)]
_Note = Annotated[str, msgspec.Meta(max_length=_NOTE_MOST)]
_Stamp = Annotated[str, msgspec.Meta(max_length=_STAMP_MOST)]


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds and time zone."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Annotation(msgspec.Struct, frozen=True, gc=False):
    """One label on a statement, quote or span of an article's cleaned text.

    `start`/`end` are offsets into the cleaned text (end exclusive); `text`,
    `prefix` and `suffix` let the label be found again if the text shifts;
    `anchor` says whether it was (exact), had to be moved, or is orphaned.

    A frozen msgspec Struct rather than a dataclass: msgspec decodes a file's
    labels into it about twice as fast (the bulk of opening a store and of an
    export), and it needs no garbage-collector header (a label holds only
    strings, numbers and a tuple of strings: it can never be part of a cycle).
    `changed` makes a copy with some fields changed.
    """

    id: _Name
    article_id: _Named
    start: _Offset
    end: _Offset
    text: _Text
    label: _Named
    annotator: _Name
    created: _Stamp
    updated: _Stamp
    unit: Unit = "sentence"
    prefix: _Context = ""
    suffix: _Context = ""
    speaker: _Speaker | None = None
    target: _Speaker | None = None
    note: _Note | None = None
    anchor: AnchorStatus = "exact"
    flags: tuple[str, ...] = ()
    """Marks beside the label: "unsure", "review" (flagged for a reviewer),
    "adjudicated" (a reviewer's final label where annotators disagreed)."""

    def to_dict(self) -> dict[str, Any]:
        """The record as stored in the TinyDB file and the journal."""
        return asdict(self)

    def changed(self, **fields: Any) -> Annotation:
        """A copy with some fields changed (what `dataclasses.replace` does for a dataclass)."""
        return replace(self, **fields)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        """Build from a stored record; ValueError says what is wrong with it."""
        keys = data.keys()
        values = (
            data
            if keys in (_FIELD_SET, _FIELDS_BEFORE_FLAGS)
            else {k: data[k] for k in _FIELDS if k in data}
        )  # the records we wrote ourselves (100,000 on open) need no copy
        try:
            ann = cls(**values)
        except TypeError:
            missing = [k for k in _REQUIRED if k not in data]
            raise ValueError(f"missing {', '.join(missing)}") from None
        if ann.flags != ():
            force_setattr(ann, "flags", _flags(ann.flags))  # a list stored: a sorted tuple
        ann.check()
        return ann

    def check(self) -> None:
        """Raise ValueError if a field has an impossible value."""
        start, end = self.start, self.end
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            raise ValueError(f"bad offsets {start!r}..{end!r}")
        if not (
            type(self.id) is str
            and type(self.article_id) is str
            and type(self.text) is str
            and type(self.label) is str
            and type(self.annotator) is str
        ):
            for key in _STRINGS:
                if not isinstance(getattr(self, key), str):
                    raise ValueError(f"{key} must be a string, not {getattr(self, key)!r}")
        if not self.label:
            raise ValueError("empty label")
        if not self.article_id:
            raise ValueError("empty article id")
        if end > MAX_OFFSET:
            raise ValueError(f"offset {end} is past the end of any article")
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.anchor not in ANCHORS:
            raise ValueError(f"unknown anchor {self.anchor!r}")
        if type(self.created) is not str or type(self.updated) is not str:
            raise ValueError(f"bad time stamps {self.created!r}, {self.updated!r}")
        if self.flags and (
            type(self.flags) is not tuple or not all(type(f) is str for f in self.flags)
        ):
            raise ValueError(f"flags must be a list of words, not {self.flags!r}")
        if self.note is not None or self.speaker is not None or self.target is not None:
            self._check_optional()
        _check_words(self)

    def _check_optional(self) -> None:
        """The optional fields: each a string of its size with no terminal controls,
        or nothing."""
        for key in _OPTIONAL:
            value = getattr(self, key)
            if value is None:
                continue
            if type(value) is not str:
                raise ValueError(f"{key} must be a string, not {type(value).__name__}")
            if _has_controls(value):
                raise ValueError(f"{key} holds terminal control characters")
        _check_sizes(self)

    def reanchored(self, text: str) -> Annotation:
        """This annotation found again in `text` (the article's current cleaned text).

        Same offsets and text: unchanged. Found elsewhere: new offsets, text and
        context, anchor "moved". Not found: same offsets, anchor "orphaned".
        """
        found = reanchor(text, self.start, self.end, self.text, self.prefix, self.suffix)
        if found.status == "orphaned":
            return self.changed(anchor="orphaned")
        if (found.start, found.end) == (self.start, self.end) and self.anchor != "orphaned":
            return self  # exact; a "moved" flag stays until someone edits the label
        prefix, suffix = context_of(text, found.start, found.end)
        return self.changed(
            start=found.start,
            end=found.end,
            text=text[found.start : found.end],
            prefix=prefix,
            suffix=suffix,
            anchor=found.status,
        )


_FIELDS = Annotation.__struct_fields__
_FIELD_SET = frozenset(_FIELDS)
_FIELDS_BEFORE_FLAGS = _FIELD_SET - {"flags"}
"""The fields of a record written before labels had flags."""


def _flags(value: Any) -> Any:
    """Stored flags (a JSON list, or nothing) as the sorted tuple an Annotation holds;
    anything else is passed on for `check` to refuse."""
    if not value:
        return ()
    if isinstance(value, list | tuple) and all(type(f) is str for f in value):
        return tuple(sorted(set(value)))
    return value


_STRINGS = ("id", "article_id", "text", "label", "annotator", "prefix", "suffix")
_REQUIRED = ("id", "article_id", "start", "end", "text", "label", "annotator")
ANCHORS = ("exact", "moved", "orphaned")
# Terminal controls (tab and newline are text) in any field shown on a screen.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NAMES = ("label", "annotator", "id", "article_id")
_OPTIONAL = ("speaker", "target", "note")


def _has_controls(text: str) -> bool:
    """Whether a text holds terminal controls (tab and newline are text).

    Printable ASCII, the common case, is told at C speed without the pattern.
    """
    if text.isascii() and text.isprintable():
        return False
    return _CONTROLS.search(text) is not None


def _check_words(ann: Annotation) -> None:
    """Raise ValueError for a field too long, or a name that holds terminal controls.

    Kept cheap: the field-by-field look only runs when a group's sum (the four
    names, the two sides of context, the two time stamps) is past its size.
    """
    names = ann.label + ann.annotator + ann.id + ann.article_id
    if (
        len(names) > _NAMES_MOST
        or len(ann.text) > _TEXT_MOST
        or len(ann.prefix) + len(ann.suffix) > _CONTEXTS_MOST
        or len(ann.created) + len(ann.updated) > _STAMPS_MOST
    ):
        _check_sizes(ann)
    if _has_controls(names):
        bad = next(k for k in _NAMES if _has_controls(getattr(ann, k)))
        raise ValueError(f"{bad} holds terminal control characters")


def _check_sizes(ann: Annotation) -> None:
    for key, most in _SIZES:
        value = getattr(ann, key)
        if value is not None and len(value) > most:
            raise ValueError(f"{key} too long ({len(value):,} characters, at most {most:,})")


class ArticleInfo:
    """What the store keeps of an article so exports are self-contained.

    Frozen, like a frozen dataclass with the fields in `ARTICLE_FIELDS`. The
    text is kept as UTF-8 and decoded on each use: most articles' texts hold
    a curly quote or a dash, which makes a Python string two bytes a letter,
    and a store may keep tens of thousands of them (a quarter of the memory
    of 500,000 labels on 12,500 articles).
    """

    __slots__ = ("_text", "date", "date_text", "file", "id", "source", "title", "url")
    id: str
    title: str
    source: str | None
    date: str | None
    file: str | None
    _text: Any
    date_text: str | None
    """The date as the page wrote it ("June 22"): all there is when it has no year."""
    url: str | None
    """The page's own address, when the article came with one."""

    def __init__(
        self,
        id: str,
        title: str = "",
        source: str | None = None,
        date: str | None = None,
        file: str | None = None,
        text: str | None = None,
        date_text: str | None = None,
        url: str | None = None,
    ) -> None:
        """The article's details; `text` is its cleaned text (or None)."""
        compact = text.encode("utf-8", "surrogatepass") if type(text) is str else text
        for name, value in zip(
            _STORED, (id, title, source, date, file, compact, date_text, url), strict=True
        ):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str | None:
        """The article's cleaned text, or None when the store has none."""
        text = self._text
        return text.decode("utf-8", "surrogatepass") if type(text) is bytes else text

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: an ArticleInfo is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: an ArticleInfo is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not ArticleInfo:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={getattr(self, k)!r}" for k in ARTICLE_FIELDS if k != "text")
        return f"ArticleInfo({shown}, text={_shortened(self.text)!r})"

    def __reduce__(self) -> tuple[type[ArticleInfo], tuple[Any, ...]]:
        return ArticleInfo, tuple(getattr(self, k) for k in ARTICLE_FIELDS)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _STORED)

    def to_dict(self) -> dict[str, Any]:
        """The record as stored in the "articles" table."""
        return {k: getattr(self, k) for k in ARTICLE_FIELDS}

    def changed(self, **fields: Any) -> ArticleInfo:
        """A copy with some fields changed."""
        return ArticleInfo(**{**self.to_dict(), **fields})


ARTICLE_FIELDS = ("id", "title", "source", "date", "file", "text", "date_text", "url")
"""The fields of an `ArticleInfo`, in the order of its constructor's arguments."""
_STORED = tuple("_text" if name == "text" else name for name in ARTICLE_FIELDS)
"""The same, as its slots hold them (the text as UTF-8)."""


def article_record(record: Any) -> ArticleInfo | None:
    """The `ArticleInfo` a stored record of the "articles" table holds (its unknown
    keys left out), or None when it is no article record (not an object, no id)."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None
    return ArticleInfo(**{k: v for k, v in record.items() if k in ARTICLE_FIELDS})


def _shortened(text: Any) -> Any:
    """A long text cut short for a repr (anything else as it is)."""
    return text[:57] + "..." if type(text) is str and len(text) > 60 else text


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What `AnnotationStore.merge` did: annotations added, duplicates skipped,
    labels replaced by a later edit of the same unit by the same annotator, and
    what deletions did."""

    added: int
    duplicates: int
    replaced: int = 0
    removed: int = 0
    """Labels deleted because they were deleted elsewhere (a tombstone came in)."""
    deleted_here: int = 0
    """Labels not added because they were deleted here after their last edit."""


ANNOTATIONS, ARTICLES, META = "annotations", "articles", "_meta"
DELETED = "deleted"
"""The table of tombstones: labels deleted, and when, so that a deletion travels."""
SET_ASIDE = "set_aside"
"""The table that keeps records which are not valid labels: never used, never lost."""
FORMAT_META = {"format": "marginalia-annotations", "version": 1}


def tombstone(ann: Annotation, when: str) -> dict[str, Any]:
    """The record of a label deleted at `when`."""
    return {"id": ann.id, "article_id": ann.article_id, "annotator": ann.annotator,
            "deleted": when}  # fmt: skip


def is_tombstone(record: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a record is a well-formed tombstone."""
    return (
        isinstance(record, dict)
        and all(type(record.get(k)) is str for k in ("id", "article_id", "annotator", "deleted"))
        and len(record["id"]) <= 200
        and len(record["deleted"]) <= 64
    )


def settle(ann: Annotation) -> None:
    """Check an annotation decoded straight from a file by msgspec, which has
    already checked every field's type and size, unit and anchor, that each
    offset is in range and that the label and article id are not empty: the
    rest of `check`, kept lean (500,000 records on open). Sorts its flags as
    `from_dict` does; ValueError if it is bad."""
    if ann.start > ann.end:
        ann.check()  # says what is wrong
    if ann.flags:
        force_setattr(ann, "flags", _flags(ann.flags))
    names = ann.label + ann.annotator + ann.id + ann.article_id
    if ann.note is not None or ann.speaker is not None or ann.target is not None:
        names += (ann.note or "") + (ann.speaker or "") + (ann.target or "")
    if _has_controls(names):
        ann._check_optional()  # names the field
        _check_words(ann)


def share_words(ann: Annotation, words: dict[str, str]) -> None:
    """Make the words that repeat across labels (article id, label, annotator) one
    string each in memory, taken from `words`, and the update time the creation
    time's string when they are equal: about 200 bytes a label. (msgspec gives
    unit and anchor, and the json module dict keys, as one string already.)"""
    word = words.setdefault(ann.article_id, ann.article_id)
    if word is not ann.article_id:
        force_setattr(ann, "article_id", word)
    word = words.setdefault(ann.label, ann.label)
    if word is not ann.label:
        force_setattr(ann, "label", word)
    word = words.setdefault(ann.annotator, ann.annotator)
    if word is not ann.annotator:
        force_setattr(ann, "annotator", word)
    if ann.updated == ann.created and ann.updated is not ann.created:
        force_setattr(ann, "updated", ann.created)
