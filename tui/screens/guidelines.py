"""The project's annotation guidelines, with the labels and targets beside them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from tui.project import PROJECT_FILE_NAME
from tui.session import Session

GUIDELINES_TOML = '```toml\n[project]\nguidelines = "guidelines.md"\n```\n'
NO_GUIDELINES = (
    "# No guidelines yet\n\n"
    "This project has no guidelines file. Write them in Markdown next to the project "
    "file and name them in it:\n\n" + GUIDELINES_TOML
)
NO_PROJECT = (
    "# No project file\n\n"
    f"The labels have no guidelines: there is no `{PROJECT_FILE_NAME}` beside the "
    "articles (nor `--project FILE`). A project file names the guidelines, the targets "
    "and the team; the guidelines are Markdown beside it:\n\n" + GUIDELINES_TOML
)


class GuidelinesScreen(ModalScreen[None]):
    """Read the guidelines while labelling; Esc, g or q closes them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,g,q", "close", "Close", id="guidelines.close", tooltip="Back"),
    ]

    def __init__(self, session: Session) -> None:
        """The guidelines of the session's project."""
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """The guidelines on the left, labels and targets on the right."""
        project = self.session.project
        with Horizontal(id="guidelines-dialog"):
            with VerticalScroll(id="guidelines-text"):
                missing = NO_GUIDELINES if project.path is not None else NO_PROJECT
                yield Markdown(project.guidelines or missing)
            with VerticalScroll(id="guidelines-side"):
                yield Static(self._beside(), id="guidelines-labels")

    def _beside(self) -> Content:
        """The label keys and descriptions, then the targets and what each means."""
        project = self.session.project
        parts: list[Content] = []
        if project.name:
            parts += [Content.styled(project.name, "bold"), Content("")]
        parts.append(Content.styled("Labels", "bold underline"))
        for label in project.scheme.labels:
            parts.append(
                Content.assemble((f" {label.key} ", "reverse bold"), " ", (label.name, "bold"))
            )
            if label.description:
                parts.append(Content(label.description).stylize("dim"))
        parts.append(Content.assemble((" - ", "reverse bold"), " ", ("skip", "bold")))
        parts.append(Content("No stance to give for this target.").stylize("dim"))
        if project.targets:
            parts += [Content(""), Content.styled("Targets (t: next)", "bold underline")]
            for target in project.targets:
                current = " ◀ now" if target.name == self.session.target else ""
                line = Content.assemble((target.name, "bold"), (current, "dim"))
                if target.key:  # its own key, as the labels' are shown
                    line = Content.assemble((f" {target.key} ", "reverse bold"), " ") + line
                parts.append(line)
                if target.description:
                    parts.append(Content(target.description).stylize("dim"))
        return Content("\n").join(parts)

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
