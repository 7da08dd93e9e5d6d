"""Statistics: each annotator's progress, the labels given for each target as bars, and
how far the annotators agree."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from store import Agreement, Annotation, measure_agreement, ratings_of
from tui.session import AllLabelsRead, Session
from tui.widgets.key_footer import KeyFooter
from tui.widgets.palette import app_colour, readable_on

BAR_WIDTH = 30
"""Cells of the longest bar."""
BLOCKS = " ▏▎▍▌▋▊▉█"
"""Eighths of a cell, for bars that end between two cells."""


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `value` against `largest`, in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def _count(n: int, noun: str) -> str:
    """'1 label', '2 labels'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


class StatisticsScreen(Screen[None]):
    """Progress, label distributions and agreement, from everyone's labels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="statistics.back", tooltip="Back to the library"),
    ]

    def __init__(self, session: Session) -> None:
        """The statistics of the session's annotation file."""
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """One scrolling page."""
        with VerticalScroll(id="statistics"):
            yield Static("Reading every annotator's labels…", id="statistics-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read everyone's labels."""
        self.session.read_all(self)

    def on_all_labels_read(self, message: AllLabelsRead) -> None:
        """Draw the figures."""
        text = self.query_one("#statistics-text", Static)
        if message.error is not None:
            text.update(f"Cannot read the labels: {message.error}")
            return
        text.update(self.render_figures(message.annotations))

    def render_figures(self, annotations: list[Annotation]) -> Content:
        """The whole page."""
        background = app_colour(self.app, "surface")
        scheme = self.session.scheme
        labels = [a for a in annotations if "adjudicated" not in a.flags]
        parts: list[Content] = [Content.styled("Progress per annotator", "bold underline")]
        per_annotator: dict[str, Counter[str]] = defaultdict(Counter)
        articles: dict[str, set[str]] = defaultdict(set)
        for ann in labels:
            per_annotator[ann.annotator][ann.target or ""] += 1
            articles[ann.annotator].add(ann.article_id)
        most = max((sum(c.values()) for c in per_annotator.values()), default=0)
        width = max((len(who) for who in per_annotator), default=0)
        given = self._given()
        for who, counts in sorted(per_annotator.items()):
            total = sum(counts.values())
            share = f" of the {given[who]:,} given" if who in given else ""
            parts.append(
                Content.assemble(
                    (f"{who:<{width}} ", "bold"),
                    (f"{bar(total, most):<{BAR_WIDTH}} ", "$accent"),
                    f"{_count(total, 'label')} in {len(articles[who]):,}{share} "
                    f"article{'' if len(articles[who]) == 1 and not share else 's'}",
                )
            )
        if not per_annotator:
            parts.append(Content.styled("No labels yet.", "dim"))
        parts += [Content(""), Content.styled("Labels per target", "bold underline")]
        by_target: dict[str, Counter[str]] = defaultdict(Counter)
        for ann in labels:
            by_target[ann.target or "(no target)"][ann.label] += 1
        for target, counts in sorted(by_target.items()):
            parts.append(Content.styled(target, "bold"))
            largest = max(counts.values())
            name_width = max(len(name) for name in counts)
            for name, count in counts.most_common():
                colour = readable_on(scheme.colour_of(name), background)
                parts.append(
                    Content.assemble(
                        f"  {name:<{name_width}} ",
                        (f"{bar(count, largest):<{BAR_WIDTH}} ", colour),
                        f"{count:,}",
                    )
                )
        parts += [Content(""), *self._agreement(measure_agreement(ratings_of(annotations)))]
        return Content("\n").join(parts)

    def _given(self) -> dict[str, int]:
        """How many articles a team project gives each annotator (none: no shares)."""
        project = self.session.project
        corpus = self.session.corpus
        if project.overlap is None or corpus is None:
            return {}
        given: Counter[str] = Counter()
        for entry in corpus.entries:
            given.update(project.assigned(entry.id))
        return dict(given)

    def _agreement(self, result: Agreement) -> list[Content]:
        """The agreement figures, as `marginalia agreement` prints them."""
        parts = [
            Content.styled("Agreement", "bold underline"),
            Content(
                f"{result.units:,} units labelled by two or more annotators "
                f"({', '.join(result.annotators) or 'none yet'})"
            ),
            Content(f"  Krippendorff's alpha  {_figure(result.krippendorff_alpha)}"),
            Content(f"  Fleiss' kappa         {_figure(result.fleiss_kappa)}"),
            Content(f"  Percent agreement     {_figure(result.percent_agreement)}"),
        ]
        if result.pairs:
            parts.append(Content.styled("  Cohen's kappa per pair (units both labelled)", "dim"))
            width = max(len(f"{pair.a} – {pair.b}") for pair in result.pairs)
            for pair in result.pairs:
                name = f"{pair.a} – {pair.b}"
                parts.append(
                    Content(f"    {name:<{width}}  {_figure(pair.cohen_kappa)}  ({pair.n:,})")
                )
        if len(result.per_target) > 1:
            parts.append(Content.styled("  Alpha per target", "dim"))
            for target, alpha in result.per_target.items():
                parts.append(Content(f"    {target or '(no target)'}  {_figure(alpha)}"))
        return parts

    def action_back(self) -> None:
        """Back to the library."""
        self.dismiss()
