"""Help: the keys (from help.md), this project's labels, and where files are."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from store import sample_corpus_path
from tui.session import Session, display_path

HELP_PATH = Path(__file__).resolve().parent.parent / "help.md"


def _escape(text: str) -> str:
    """Text from a labels file, safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


class HelpScreen(ModalScreen[None]):
    """Everything a new annotator needs on one page; Escape or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,f1,question_mark,q", "close", "Close", id="help.close", tooltip="Close help"
        ),
        Binding(
            "g", "guidelines", "Guidelines", id="help.guidelines",
            tooltip="The project's annotation guidelines",
        ),
    ]  # fmt: skip

    def __init__(self, session: Session) -> None:
        """Help for this session: its labels, files and skipped articles."""
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """The help text, with labels and paths filled in for this session."""
        with VerticalScroll(id="help-dialog"):
            yield Markdown(self.help_markdown(), id="help-text")

    def help_markdown(self) -> str:
        """help.md followed by the label table and the files in use."""
        config = self.session.config
        rows = "\n".join(
            f"| `{label.key}` | {_escape(label.name)} | {_escape(label.description)} |"
            for label in config.scheme.labels
        )
        return (
            HELP_PATH.read_text(encoding="utf-8")
            + "\n\n## Labels\n\n| Key | Label | Meaning |\n|---|---|---|\n"
            + rows
            + "\n\n## Files\n\n"
            + self._project_markdown()
            + f"- Annotator: **{_escape(config.annotator)}**\n"
            + f"- Annotation file: `{config.db_display}`\n"
            + f"- Labels file: `{_labels_text(config.labels_display)}`\n"
            + f"- Articles: `{_display_corpus(config.corpus)}`\n"
            + self._skipped_markdown()
        )

    def _project_markdown(self) -> str:
        """The project's name and targets, and where its guidelines are (g)."""
        project = self.session.project
        lines = []
        if project.name:
            lines.append(f"- Project: **{_escape(project.name)}**")
        if project.targets:
            names = ", ".join(_escape(t.name) for t in project.targets)
            lines.append(f"- Targets: {names} (now: **{_escape(self.session.target or '')}**)")
        lines.append(
            "- Guidelines: press **g** here or in the reader"
            + ("" if project.guidelines else " (this project has none yet)")
        )
        return "\n".join(lines) + "\n"

    def _skipped_markdown(self) -> str:
        """Every file or line the corpus could not read, so none is lost in a toast."""
        corpus = self.session.corpus
        problems = list(corpus.problems) if corpus is not None else []
        if not problems:
            return ""
        shown = "\n".join(f"- {_escape(str(problem))}" for problem in problems[:50])
        more = f"\n- … and {len(problems) - 50:,} more" if len(problems) > 50 else ""
        return f"\n## Skipped or repaired while opening ({len(problems):,})\n\n{shown}{more}\n"

    def action_guidelines(self) -> None:
        """The project's guidelines, in place of this help."""
        from tui.screens.guidelines import GuidelinesScreen

        self.dismiss(None)
        self.app.push_screen(GuidelinesScreen(self.session))

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)


def _labels_text(shown: str) -> str:
    """The bundled scheme is named by its place in the package, not a host path."""
    return "built-in (tui/default_labels.toml)" if shown == "built-in" else shown


def _display_corpus(path: Path) -> str:
    try:
        if path.resolve() == Path(sample_corpus_path()).resolve():
            return "bundled samples"
    except OSError:
        pass
    return display_path(path)
