"""Choose the target to label for, from a list: for projects with many targets."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.project import Target


class TargetPicker(ModalScreen[str | None]):
    """The project's targets with their descriptions; Enter picks, Esc keeps the one set."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="targets.cancel", tooltip="Keep the target"),
    ]

    def __init__(self, targets: tuple[Target, ...], current: str | None) -> None:
        """A list of `targets`, the cursor on `current`."""
        super().__init__()
        self.targets = targets
        self.current = current

    def compose(self) -> ComposeResult:
        """A heading and the list."""
        with Vertical(id="targets-dialog"):
            yield Static(Content.styled("Label for which target?", "bold"))
            options = [
                Option(
                    Content.assemble(
                        (target.name, "bold"),
                        (f"  {target.description}" if target.description else "", "dim"),
                    ),
                    id=str(index),
                )
                for index, target in enumerate(self.targets)
            ]
            yield OptionList(*options, id="targets-list")

    def on_mount(self) -> None:
        """The cursor on the target set now."""
        names = [target.name for target in self.targets]
        options = self.query_one(OptionList)
        if self.current in names:
            options.highlighted = names.index(self.current)
        self.set_focus(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen target's name."""
        index = int(event.option.id or 0)
        self.dismiss(self.targets[index].name)

    def action_cancel(self) -> None:
        """Close, keeping the target."""
        self.dismiss(None)
