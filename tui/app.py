"""The Marginalia app: configuration, the shared writer, and the screens it starts with.

`make_app(...)` builds the app from command-line style arguments; the CLI and
the tests both use it, so what the tests drive is what users run.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen

from tui.labels import DEFAULT_LABELS_PATH, LabelScheme, LabelsError, load_labels
from tui.screens.library_loader import CorpusLoader
from tui.undo import ArticleMarks, Edit, UndoStack, apply_edit
from tui.writer import AnnotationWriter


def display_path(path: Path, default: Path | None = None) -> str:
    """A path as a person wants to read it: relative to here, or with ~ for home."""
    if default is not None and path == default:
        return "built-in"
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        pass
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


SAVE_WAIT = 0.012
"""How long a label key waits for the disk before drawing the label as pending (s)."""

EXPORT_FORMATS = {"jsonl": "JSONL", "prodigy": "Prodigy", "doccano": "doccano", "w3c": "W3C"}
"""Formats offered in the palette, as `marginalia export --format` names them."""


@dataclass(frozen=True)
class AppConfig:
    """Everything the app needs to know from the command line."""

    corpus: Path
    db: Path
    annotator: str
    scheme: LabelScheme
    cache_dir: Path | None = None
    local_clipboard: bool = True
    """Also copy with pyperclip (off in tests: no desktop clipboard there)."""

    @cached_property
    def labels_display(self) -> str:
        """The labels file as shown in the status line and help."""
        return display_path(self.scheme.path, DEFAULT_LABELS_PATH)

    @cached_property
    def db_display(self) -> str:
        """The annotation file as shown in the status line and help."""
        return display_path(self.db)


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

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.writer = AnnotationWriter(self._open_store, self)
        self.undo_stack = UndoStack()
        self.corpus: Any = None
        """The open `store.corpus.Corpus`, set by the library once loaded."""
        self.article_order: list[str] = []
        """Article ids as the library lists them (search, filter, sort), for > and <."""
        self.corpus_done = threading.Event()
        """Set once the corpus scan has ended (`corpus` is then set, or stays None)."""
        self.labelled: dict[str, int] = {}
        """Labelled statements per article id, for the library's progress column."""
        self.counts_ready = False
        self._store_started = False
        self.article_marks: dict[str, ArticleMarks] = {}
        """What the reader shows per article; kept so undo works across articles."""
        self.reading_positions: dict[str, int] = {}
        """The sentence the cursor was last on, per article, to reopen there."""
        self.last_save: tuple[str, str] = ("no changes this session", "dim")
        """The save state of the last edit for the status line: text and style."""
        if config.scheme.keys:
            self.set_keymap(config.scheme.keys)
        # Opening the corpus (importing the text pipeline, reading the cache index)
        # starts now, so it overlaps Textual's own start-up instead of following it.
        self.corpus_loader = CorpusLoader(config.corpus, config.cache_dir)
        self.corpus_loader.start()

    def _open_store(self) -> Any:
        """Open the annotation store (runs on the writer thread)."""
        from store.annotations import AnnotationStore

        return AnnotationStore(self.config.db, annotator=self.config.annotator)

    def on_mount(self) -> None:
        """Show the library (the writer starts once the corpus is on its way)."""
        from tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen())

    def start_store(self) -> None:
        """Open the annotation file on the writer thread and count its labels.

        Called once the corpus is on its way, so that opening a large annotation
        file does not compete with the first frame of the library.
        """
        if not self._store_started:
            self._store_started = True
            self.writer.start()
            annotator = self.config.annotator
            self.writer.submit(lambda store: _count_labelled(store, annotator), tag="counts")

    def on_unmount(self) -> None:
        """Finish every queued write before the process ends."""
        if self._store_started:
            self.writer.close()

    def marks_for(self, article_id: str) -> ArticleMarks:
        """The on-screen annotations of one article (created empty on first use)."""
        marks = self.article_marks.get(article_id)
        if marks is None:
            marks = self.article_marks[article_id] = ArticleMarks(article_id)
        return marks

    def submit_edit(self, edit: Edit, *, record: bool = True) -> int:
        """Show an edit at once (pending) and queue it on the writer; returns its ticket."""
        self.start_store()
        ticket = self.writer.submit(lambda store: apply_edit(store, edit), tag=("edit", edit))
        self.marks_for(edit.article_id).apply(edit, ticket)
        if record:
            self.undo_stack.push(edit)
        label = _label_of(edit)
        self.last_save = (f"{edit.kind} {label} pending…", "italic $text-warning")
        self.count_labelled(edit.article_id)
        return ticket

    async def wait_saved(self, edit: Edit, ticket: int) -> None:
        """Give the writer one frame's worth of time to make `edit` durable.

        If it is done by then the edit is confirmed now, so the screen draws it
        once, saved; otherwise it shows as pending until the `Done` message.
        """
        future = await self.writer.wait(ticket, SAVE_WAIT)
        if future is not None:
            error = future.exception()
            self.marks_for(edit.article_id).confirm(ticket, error)
            self._note_saved(edit, error, self.writer.pending - 1)  # its Done is still to come

    def _note_saved(self, edit: Edit, error: BaseException | None, others_pending: int) -> None:
        """The status line's save state after an edit was written (or failed)."""
        if error is not None:
            self.last_save = (f"NOT saved: {error}", "bold $text-error")
        elif others_pending:
            self.last_save = (f"{others_pending} pending…", "italic $text-warning")
        else:
            self.last_save = (f"{edit.kind} {_label_of(edit)} saved ✓", "$text-success")

    def count_labelled(self, article_id: str) -> None:
        """Refresh the progress count of an article from its marks, once they are read."""
        marks = self.article_marks.get(article_id)
        if marks is not None and marks.loaded:
            self.labelled[article_id] = len(marks.labelled_spans("sentence"))

    def on_annotation_writer_done(self, message: AnnotationWriter.Done) -> None:
        """Route a finished store job to whoever is waiting for it."""
        self.writer.finished(message)
        tag = message.tag
        if tag == "counts":
            if message.error is None:
                for article_id, count in message.result.items():
                    self.labelled.setdefault(article_id, count)
            self.counts_ready = True
        elif tag == "export":
            if message.error is None:
                self.notify(f"Exported to {display_path(message.result)}", title="Export")
            else:
                self.notify(f"Export failed: {message.error}", severity="error")
        elif isinstance(tag, tuple) and tag[0] == "edit":
            edit: Edit = tag[1]
            confirmed = self.marks_for(edit.article_id).confirm(message.ticket, message.error)
            message.changed = confirmed is not None
            self.count_labelled(edit.article_id)
            self._note_saved(edit, message.error, self.writer.pending)
            if message.error is not None:
                self.notify(f"Could not save: {message.error}", severity="error")
        for screen in self.screen_stack:
            handler = getattr(screen, "writer_done", None)
            if handler is not None:
                handler(message)

    def on_annotation_writer_opened(self, message: AnnotationWriter.Opened) -> None:
        """Warn once when the annotation file is read-only."""
        if message.read_only_reason:
            self.notify(
                f"Read-only: {message.read_only_reason}. Labels will not be saved.",
                title="Annotation file",
                severity="warning",
                timeout=20,
            )

    def on_annotation_writer_failed(self, message: AnnotationWriter.Failed) -> None:
        """The annotation file cannot be opened: say so plainly and keep reading."""
        self.notify(
            f"Cannot open {self.config.db_display}: {message.error}. Labels will not be saved.",
            title="Annotation file",
            severity="error",
            timeout=30,
        )

    def action_help(self) -> None:
        """Show keys, labels and file paths."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Palette commands: Textual's own (themes, keys, quit) plus ours."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys, label descriptions and file paths", self.action_help)
        for fmt, name in EXPORT_FORMATS.items():
            yield SystemCommand(
                f"Export annotations ({name})",
                f"Write every annotation to {self._export_target(fmt).name}, next to the "
                "annotation file",
                partial(self.action_export, fmt),
            )
        yield SystemCommand("Library", "Back to the list of articles", self.action_library)

    def action_library(self) -> None:
        """Close everything above the library screen."""
        from tui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def _export_target(self, fmt: str) -> Path:
        """Beside the annotation file (annotations.jsonl, annotations.prodigy.jsonl…),
        never the annotation file itself (a `--db labels.jsonl`)."""
        db = self.config.db
        suffix = ".jsonl" if fmt == "jsonl" else f".{fmt}.jsonl"
        target = db.with_name(db.stem + suffix)
        return db.with_name(f"{db.stem}.export{suffix}") if target == db else target

    def action_export(self, fmt: str = "jsonl") -> None:
        """Export all annotations through the writer, so the export sees every label."""
        self.start_store()
        target = self._export_target(fmt)
        self.writer.submit(lambda store: _export(store, fmt, target), tag="export")


def _label_of(edit: Edit) -> str:
    state = edit.after or edit.before
    return state.label if state is not None else ""


def _count_labelled(store: Any, annotator: str) -> dict[str, int]:
    """Sentences per article that `annotator` has labelled."""
    spans: dict[str, set[tuple[int, int]]] = {}
    for ann in store.annotations():
        if ann.unit == "sentence" and ann.annotator == annotator and ann.anchor != "orphaned":
            spans.setdefault(ann.article_id, set()).add((ann.start, ann.end))
    return {article_id: len(found) for article_id, found in spans.items()}


def _export(store: Any, fmt: str, target: Path) -> Path:
    """Write every annotation in `fmt` (runs on the writer thread)."""
    from store.formats import write_export_file

    write_export_file(store, fmt, target)
    return target


def make_app(
    corpus: Path | None = None,
    *,
    db: Path | None = None,
    annotator: str | None = None,
    labels: Path | None = None,
    cache_dir: Path | None = None,
    local_clipboard: bool = True,
) -> MarginaliaApp:
    """Build the app; raises `tui.labels.LabelsError` for an unusable labels file."""
    if corpus is None:
        from store.samples import sample_corpus_path

        corpus = sample_corpus_path()
    from store.annotations import default_annotator
    from store.paths import default_db_path

    if db is None:
        db = default_db_path()
    if annotator is None:
        annotator = default_annotator()
    scheme = load_labels(labels)
    _check_label_keys(scheme)
    config = AppConfig(
        corpus=corpus,
        db=db,
        annotator=annotator,
        scheme=scheme,
        cache_dir=cache_dir,
        local_clipboard=local_clipboard,
    )
    return MarginaliaApp(config)


_ONE_KEY = re.compile(r"(?:(?:ctrl|alt|shift)\+)*(?:.|f\d{1,2}|[a-z]+_[a-z_]+)", re.DOTALL)


def _check_label_keys(scheme: LabelScheme) -> None:
    """Refuse a scheme whose keys cannot work: a label key that is not one key or
    hides a reader key, an unknown binding id in `[keys]`, or two bindings of one
    screen given the same key."""
    from tui.screens.library import LibraryScreen
    from tui.screens.reader_keys import READER_BINDINGS, label_bindings

    where = scheme.path
    for label in scheme.labels:
        if not _ONE_KEY.fullmatch(label.binding_key):
            raise LabelsError(f"{where}: key {label.key!r} of label {label.name!r} is not one key")
    screens = {
        "reader": [*READER_BINDINGS, *label_bindings(scheme), *MarginaliaApp.BINDINGS],
        "library": [*LibraryScreen.BINDINGS, *MarginaliaApp.BINDINGS],
    }
    known = {b.id for bindings in screens.values() for b in bindings if isinstance(b, Binding)}
    for binding_id in scheme.keys:
        if binding_id not in known:
            raise LabelsError(f"{where}: [keys] names no binding {binding_id!r}")
    for screen, bindings in screens.items():
        owner = {"ctrl+p": "the command palette"}
        for binding in bindings:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            keys = scheme.keys.get(binding.id, binding.key)
            for key in (k.strip() for k in keys.split(",")):
                if owner.setdefault(key, binding.id) != binding.id:
                    raise LabelsError(
                        f"{where}: key {key!r} is given to both {owner[key]} and "
                        f"{binding.id} in the {screen}; pick another (digits are always free)"
                    )
