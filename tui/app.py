"""The Marginalia app: configuration, the shared writer, and the screens it starts with.

`make_app(...)` builds the app from command-line style arguments; the CLI and
the tests both use it, so what the tests drive is what users run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.labels import DEFAULT_LABELS_PATH, LabelScheme, LabelsError, load_labels
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

    @property
    def labels_display(self) -> str:
        """The labels file as shown in the status line and help."""
        return display_path(self.scheme.path, DEFAULT_LABELS_PATH)

    @property
    def db_display(self) -> str:
        """The annotation file as shown in the status line and help."""
        return display_path(self.db)


class MarginaliaApp(App[None]):
    """Read articles and label their statements; starts on the library screen."""

    CSS_PATH = "app.tcss"
    TITLE = "Marginalia"
    ENABLE_COMMAND_PALETTE = True
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
        self.labelled: dict[str, int] = {}
        """Labelled statements per article id, for the library's progress column."""
        self.counts_ready = False
        self.article_marks: dict[str, ArticleMarks] = {}
        """What the reader shows per article; kept so undo works across articles."""
        self.last_save: tuple[str, str] = ("nothing saved yet", "dim")
        """The save state of the last edit for the status line: text and style."""
        if config.scheme.keys:
            self.set_keymap(config.scheme.keys)

    def _open_store(self) -> Any:
        """Open the annotation store (runs on the writer thread)."""
        from store.annotations import AnnotationStore

        self.config.db.parent.mkdir(parents=True, exist_ok=True)
        return AnnotationStore(self.config.db, annotator=self.config.annotator)

    def on_mount(self) -> None:
        """Start the writer, count existing labels, and show the library."""
        from tui.screens.library import LibraryScreen

        self.writer.start()
        self.writer.submit(_count_labelled, tag="counts")
        self.push_screen(LibraryScreen())

    def on_unmount(self) -> None:
        """Finish every queued write before the process ends."""
        self.writer.close()

    def marks_for(self, article_id: str) -> ArticleMarks:
        """The on-screen annotations of one article (created empty on first use)."""
        marks = self.article_marks.get(article_id)
        if marks is None:
            marks = self.article_marks[article_id] = ArticleMarks(article_id)
        return marks

    def submit_edit(self, edit: Edit, *, record: bool = True) -> int:
        """Show an edit at once (pending) and queue it on the writer; returns its ticket."""
        ticket = self.writer.submit(lambda store: apply_edit(store, edit), tag=("edit", edit))
        self.marks_for(edit.article_id).apply(edit, ticket)
        if record:
            self.undo_stack.push(edit)
        label = _label_of(edit)
        self.last_save = (f"{edit.kind} {label} pending…", "italic $text-warning")
        self.count_labelled(edit.article_id)
        return ticket

    def count_labelled(self, article_id: str) -> None:
        """Refresh the progress count of an article from its marks."""
        marks = self.article_marks.get(article_id)
        if marks is not None:
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
            self.marks_for(edit.article_id).confirm(message.ticket, message.error)
            self.count_labelled(edit.article_id)
            label = _label_of(edit)
            if message.error is not None:
                self.last_save = (f"NOT saved: {message.error}", "bold $text-error")
                self.notify(f"Could not save: {message.error}", severity="error")
            elif self.writer.pending:
                self.last_save = (f"{self.writer.pending} pending…", "italic $text-warning")
            else:
                self.last_save = (f"{edit.kind} {label} saved ✓", "$text-success")
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
        yield SystemCommand(
            "Export annotations",
            f"Write every annotation as JSONL next to {self.config.db_display}",
            self.action_export,
        )
        yield SystemCommand("Library", "Back to the list of articles", self.action_library)

    def action_library(self) -> None:
        """Close everything above the library screen."""
        from tui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def action_export(self) -> None:
        """Export all annotations to JSONL through the writer (so it sees every label)."""
        target = self.config.db.with_suffix(".jsonl")
        self.writer.submit(lambda store: _export_jsonl(store, target), tag="export")


def _label_of(edit: Edit) -> str:
    state = edit.after or edit.before
    return state.label if state is not None else ""


def _count_labelled(store: Any) -> dict[str, int]:
    """Labelled sentences per article, from every annotation in the store."""
    spans: dict[str, set[tuple[int, int]]] = {}
    for ann in store.annotations():
        if ann.unit == "sentence":
            spans.setdefault(ann.article_id, set()).add((ann.start, ann.end))
    return {article_id: len(found) for article_id, found in spans.items()}


def _export_jsonl(store: Any, target: Path) -> Path:
    """Write every annotation as one JSON object per line (runs on the writer thread)."""
    import dataclasses
    import json

    tmp = target.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for ann in store.annotations():
            row = ann.to_dict() if hasattr(ann, "to_dict") else dataclasses.asdict(ann)
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    os.replace(tmp, target)
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
    import getpass

    if corpus is None:
        from store.samples import sample_corpus_path

        corpus = sample_corpus_path()
    if db is None:
        db = default_db()
    if annotator is None:
        annotator = getpass.getuser()
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


def _check_label_keys(scheme: LabelScheme) -> None:
    """Refuse label keys that would hide one of the reader's own keys."""
    from tui.screens.reader import reserved_keys

    reserved = reserved_keys()
    for label in scheme.labels:
        if label.binding_key in reserved:
            raise LabelsError(
                f"{scheme.path}: key {label.key!r} of label {label.name!r} is already a reader "
                "key; pick another (digits are always free)"
            )


def default_db() -> Path:
    """The annotation file used without --db: $MARGINALIA_DB or the user's data folder."""
    from store.paths import default_db_path

    return Path(default_db_path())
