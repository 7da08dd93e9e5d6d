"""Export and import formats for annotations: jsonl, prodigy, doccano, w3c, semeval,
labelstudio.

Every format module offers the same three functions:

- `export_lines(annotations, articles)` yields one JSON text per output line;
- `looks_like(obj)` says whether a parsed input line is in that format;
- `parse(obj, default_annotator)` turns such a line back into annotations
  (and what it says about articles), raising `FormatError` if it can't.

Exports are sorted (article, offsets, creation time) so that two exports of
the same annotations are byte-for-byte equal, whatever the order of writing.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import operator
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

from store.atomic import replace_file

if TYPE_CHECKING:
    from store.annotations import AnnotationStore
    from store.records import Annotation, ArticleInfo
    from store.review import GoldReport

FORMATS = ("jsonl", "prodigy", "doccano", "w3c", "semeval", "labelstudio")
GOLD_ONLY = frozenset({"semeval"})
"""Formats with one label per unit and target: always the gold labels."""
WHOLE_FILE = frozenset({"labelstudio"})
"""Formats written as one JSON array, not JSON lines: read back as a file of their own."""
ROUND_TRIP = tuple(name for name in FORMATS if name not in GOLD_ONLY | WHOLE_FILE)
"""Formats that `import-annotations` reads back as they were written, line by line
(so that files in them can be concatenated)."""
# Order matters when detecting: the most specific shapes first.
DETECT_ORDER = ("labelstudio", "w3c", "prodigy", "doccano", "jsonl")


class FormatError(ValueError):
    """An input line is not a usable annotation in any known format."""


@dataclass
class Parsed:
    """What one input line holds: annotations and article details."""

    annotations: list[Annotation] = field(default_factory=list)
    articles: list[ArticleInfo] = field(default_factory=list)
    deletions: list[dict[str, Any]] = field(default_factory=list)
    """Tombstones: labels deleted elsewhere (`marginalia export --with-deletions`)."""


def article_infos(
    article_id: str, details: Mapping[str, Any], text: str | None
) -> list[ArticleInfo]:
    """The article details a line carries (as a list: empty if it carries none).

    Each detail must be a string (or absent); terminal controls are taken out.
    """
    from store.records import ArticleInfo
    from store.text.decode import strip_control

    keys = ("title", "source", "date", "file", "date_text", "url")
    values: list[str | None] = []
    for key in keys:
        value = details.get(key)
        if value is not None and not isinstance(value, str):
            raise FormatError(f'"{key}" should be a string, not {type(value).__name__}')
        if value is not None and len(value) > 2_000:
            raise FormatError(f'"{key}" too long ({len(value):,} characters)')
        values.append(strip_control(value) if value else value)
    title, source, date, file, date_text, url = values
    if text is None and not any(values):
        return []
    return [ArticleInfo(article_id, title or "", source, date, file, text, date_text, url)]


def format_module(name: str) -> ModuleType:
    """The module that implements format `name`."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return importlib.import_module(f"store.formats.{name}")


sort_key = operator.attrgetter("article_id", "start", "end", "created", "id")
"""The export order: article, offsets, creation time, id."""


def _cannot_encode(obj: Any) -> Any:
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(",", ":"), default=_cannot_encode
)
"""One encoder reused for every line: json.dumps builds a new one per call."""


def dumps(obj: Any) -> str:
    """Compact JSON with non-ASCII text kept readable."""
    return _ENCODER.encode(obj)


def text_article_id(text: str) -> str:
    """An article id for a task that carries only its text: a hash of the text."""
    return f"text-{hash32(text) & 0xFFFFFFFF:08x}"


def hash32(*parts: object) -> int:
    """A stable signed 32-bit hash, the kind Prodigy uses for `_input_hash`."""
    digest = hashlib.blake2b(dumps(parts).encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def epoch_seconds(stamp: str) -> int:
    """Whole seconds since 1970 of an ISO 8601 time stamp (UTC if no zone)."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def iso_from_epoch(seconds: float) -> str:
    """An ISO 8601 UTC time stamp from seconds since 1970."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def group_by_article(
    annotations: Iterable[Annotation],
) -> dict[str, list[Annotation]]:
    """Annotations grouped by article id, keeping their order."""
    groups: dict[str, list[Annotation]] = {}
    for ann in annotations:
        groups.setdefault(ann.article_id, []).append(ann)
    return groups


def export_lines(
    fmt: str,
    annotations: Sequence[Annotation],
    articles: Mapping[str, ArticleInfo],
    dataset: str | None = None,
) -> Iterator[str]:
    """The lines (without newline) of an export of `annotations` in format `fmt`;
    `dataset` names Prodigy's sessions (prodigy only)."""
    ordered = sorted(annotations, key=sort_key)
    if dataset is not None and fmt != "prodigy":
        raise ValueError("a dataset name goes with the prodigy format only")
    named = {} if dataset is None else {"dataset": dataset}
    lines: Iterator[str] = format_module(fmt).export_lines(ordered, articles, **named)
    return lines


def write_export(
    store: AnnotationStore,
    fmt: str,
    out: IO[str],
    *,
    gold: bool = False,
    min_annotators: int = 1,
    deletions: bool = False,
    notes: list[str] | None = None,
    config: Path | None = None,
    config_labels: Sequence[str] = (),
    dataset: str | None = None,
    annotators: Collection[str] | None = None,
) -> int:
    """Write every annotation of `store` (with `gold`, or in a gold-only format, the
    gold labels: `store.review.gold_labels`) to `out` in format `fmt`; returns
    the count written. With `deletions` (jsonl only), the tombstones of deleted
    labels follow, one a line, so that an import elsewhere deletes them too.

    What the format had to leave out is said in a sentence added to `notes`.
    With `config` (labelstudio only), the labelling config is written there,
    its labels `config_labels` and then every label exported. `dataset`
    (prodigy only) names the Prodigy dataset the tasks' sessions belong to.
    `annotators`, when given, keeps only their labels (and deletions)."""
    if deletions and fmt != "jsonl":
        raise ValueError("deletions travel in the jsonl format only")
    if config is not None and fmt != "labelstudio":
        raise ValueError("a labelling config goes with the labelstudio format only")
    annotations = selected(store, fmt, gold, min_annotators, annotators)[0]
    articles = {info.id: info for info in store.articles()}
    missing = left_out(fmt, annotations, articles)
    if missing and notes is not None:
        notes.append(left_out_note(missing))
    if config is not None:
        from store.formats.labelstudio import write_labelling_config

        write_labelling_config(config, [*config_labels, *sorted({a.label for a in annotations})])
    written = len(annotations) - len(missing)
    binary = _utf8_buffer(out) if fmt == "jsonl" else None
    if binary is not None:
        from store.formats.jsonl import export_chunks

        out.flush()
        for chunk in export_chunks(sorted(annotations, key=sort_key), articles):
            binary.write(chunk)
    else:
        _write_batches(out, export_lines(fmt, annotations, articles, dataset), "\n")
    if deletions:
        tombs = store.deletions()
        if annotators is not None:
            tombs = [t for t in tombs if t.get("annotator") in annotators]
        out.write("".join(dumps(tomb) + "\n" for tomb in tombs))
    return written


def _utf8_buffer(out: IO[str]) -> IO[bytes] | None:
    """The bytes under a UTF-8 text stream, to write encoded lines to straight away
    (skipping a decode and an encode of every line); None for other streams."""
    buffer = getattr(out, "buffer", None)
    encoding = str(getattr(out, "encoding", "")).lower().replace("-", "").replace("_", "")
    return buffer if buffer is not None and encoding == "utf8" else None


def _write_batches(out: IO[Any], lines: Iterable[Any], newline: Any) -> None:
    """Write lines (str or bytes, like `newline`) with a newline after each, 2,048 at
    a time: one write call per batch, never the whole export in memory."""
    batch: list[Any] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= 2048:
            batch.append(newline[:0])
            out.write(newline.join(batch))
            batch.clear()
    if batch:
        batch.append(newline[:0])
        out.write(newline.join(batch))


def left_out(
    fmt: str, annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> list[Annotation]:
    """The annotations format `fmt` cannot write: for labelstudio, those of articles
    whose text the store doesn't know (a task needs the whole text)."""
    if fmt != "labelstudio":
        return []
    from store.formats.labelstudio import without_text

    return without_text(annotations, articles)


def left_out_note(missing: Sequence[Annotation]) -> str:
    """One sentence on labels left out because their articles' text is unknown."""
    articles = sorted({a.article_id for a in missing})
    some = ", ".join(articles[:3]) + (", …" if len(articles) > 3 else "")
    labels = f"{len(missing):,} label{'' if len(missing) == 1 else 's'}"
    return (
        f"left out {labels} of {len(articles):,} article{'' if len(articles) == 1 else 's'} "
        f"whose text this database does not know ({some}): open them in the app once, "
        "then export again"
    )


def selected(
    store: AnnotationStore,
    fmt: str,
    gold: bool,
    min_annotators: int = 1,
    annotators: Collection[str] | None = None,
) -> tuple[list[Annotation], GoldReport | None]:
    """The annotations an export writes (only `annotators`' when given), and how the
    gold ones were found (if gold)."""
    annotations = store.annotations()
    if annotators is not None:
        annotations = [a for a in annotations if a.annotator in annotators]
    if not gold and fmt not in GOLD_ONLY:
        return annotations, None
    from store.review import gold_labels

    return gold_labels(annotations, min_annotators=min_annotators)


def write_export_file(
    store: AnnotationStore,
    fmt: str,
    path: Path,
    *,
    gold: bool = False,
    min_annotators: int = 1,
    deletions: bool = False,
    notes: list[str] | None = None,
    config: Path | None = None,
    config_labels: Sequence[str] = (),
    dataset: str | None = None,
    annotators: Collection[str] | None = None,
) -> int:
    """Write an export to `path` without ever leaving half a file: a temp file beside
    it, fsynced, then renamed over it. Returns the count (the other arguments
    are `write_export`'s).

    Refuses (ValueError) to write over the annotation file, its journal or its lock.
    """
    from store.paths import journal_path, lock_path

    own = {p.resolve() for p in (store.path, journal_path(store.path), lock_path(store.path))}
    if path.resolve() in own:
        raise ValueError(f"{path}: is the annotation file itself; export to another file")
    counted: list[int] = []

    def write(handle: IO[bytes]) -> None:
        out = io.TextIOWrapper(handle, encoding="utf-8", errors="replace", newline="\n")
        counted.append(
            write_export(
                store,
                fmt,
                out,
                gold=gold,
                min_annotators=min_annotators,
                deletions=deletions,
                notes=notes,
                config=config,
                config_labels=config_labels,
                dataset=dataset,
                annotators=annotators,
            )
        )
        out.flush()
        out.detach()  # the atomic writer flushes, syncs and closes the file itself

    replace_file(path, write)
    return counted[0]
