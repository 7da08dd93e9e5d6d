"""Pure parts of the interface: undo history, on-screen marks, safe rendering, citations."""

from __future__ import annotations

from store.text import Article, RemovedLine, parse_article
from tui.clipboard import citation
from tui.labels import load_labels
from tui.screens.reader_units import ArticleUnits
from tui.undo import AnnotationRef, ArticleMarks, Edit, MarkState, UndoStack
from tui.widgets.article_view import Highlight, render_paragraph, speaker_colours
from tui.widgets.raw_view import render_raw

RAW = (
    "Title with [b]markup[/b]\n\n"
    '"We want [UN] peace," said Jane Doe. Then {{item.group_date}} [a] happened.\n'
)


def _state(label: str, start: int = 0, end: int = 5, note: str | None = None) -> MarkState:
    return MarkState("sentence", start, end, label, "hello", note=note)


def test_undo_stack_inverts_and_forgets_redo_on_new_edit() -> None:
    stack = UndoStack()
    ref = AnnotationRef()
    add = Edit("a", ref, None, _state("favor"))
    stack.push(add)
    undo = stack.undo()
    assert undo is not None and (undo.before, undo.after) == (add.after, None)
    assert undo.kind == "undo label"  # what the status line says
    redo = stack.redo()
    assert redo is not None and (redo.before, redo.after, redo.kind) == (
        None,
        add.after,
        "redo label",
    )
    stack.undo()
    stack.push(Edit("a", AnnotationRef(), None, _state("against")))
    assert stack.redo() is None


def test_marks_are_pending_until_confirmed_and_roll_back_on_error() -> None:
    marks = ArticleMarks("a")
    ref = AnnotationRef()
    marks.apply(Edit("a", ref, None, _state("favor")), ticket=1)
    mark = marks.find("sentence", 0, 5)
    assert mark is not None and mark.pending == {1}
    marks.confirm(1, None)
    assert not mark.pending
    marks.apply(Edit("a", ref, mark.state, _state("against")), ticket=2)
    marks.confirm(2, OSError("disk full"))
    assert marks.find("sentence", 0, 5) is not None
    assert marks.find("sentence", 0, 5).state.label == "favor"  # type: ignore[union-attr]


def test_marks_reload_keeps_edits_queued_after_the_read() -> None:
    marks = ArticleMarks("a")
    marks.apply(Edit("a", AnnotationRef(), None, _state("favor", 10, 20)), ticket=5)
    marks.load([], after_ticket=4)  # the read ran before the edit was written
    assert marks.labelled_spans() == {(10, 20)}


def test_article_text_is_never_markup() -> None:
    article = parse_article(RAW, "t.txt")
    scheme = load_labels()
    marks = ArticleMarks(article.id)
    s = article.statements[0]
    marks.apply(Edit(article.id, AnnotationRef(), None, _state("favor", s.start, s.end)), 1)
    para = article.paragraphs[0]
    content = render_paragraph(
        article,
        para.start,
        para.end,
        para.kind,
        marks=marks,
        scheme=scheme,
        colours=speaker_colours(article.quotes),
        highlight=Highlight(cursor=(s.start, s.end)),
    )
    assert "[UN]" in content.plain
    assert "{{item.group_date}}" in content.plain
    assert "[a]" in content.plain
    assert "‹favor…›" in content.plain  # pending until the writer confirms


def test_raw_view_marks_removed_lines() -> None:
    article = Article(
        id="x",
        file="t.txt",
        title="Title",
        subtitle=None,
        source=None,
        date=None,
        date_text=None,
        dateline=None,
        text="Body [x] line.",
        removed=(RemovedLine(2, "Share on [b]X[/b]", "share button"),),
        raw="Title\nShare on [b]X[/b]\nBody [x] line.",
    )
    lines = render_raw(article).plain.splitlines()
    assert lines == ["1 Title", "2 Share on [b]X[/b]  ✗ share button", "3 Body [x] line."]


def test_units_words_and_speakers() -> None:
    article = parse_article(RAW, "t.txt")
    units = ArticleUnits(article)
    assert units.of("sentence") == [(s.start, s.end) for s in article.statements]
    first = units.first_word(article.statements[0].start)
    assert article.text[slice(*units.words[first])].startswith('"We')


def test_citation() -> None:
    assert (
        citation("We  want\npeace", speaker="Jane Doe", title="T", source="TASS", date="2017-06-22")
        == "“We want peace” — Jane Doe, “T”, TASS, 2017-06-22"
    )
    assert citation("x", speaker=None, title="", source=None, date=None) == "“x”"


def test_raw_view_strikes_only_the_piece_cut_from_a_kept_line() -> None:
    from store.text import parse_article
    from tui.widgets.raw_view import render_raw

    raw = (
        "A title that is long enough\n\n"
        "Image 0The council met on Monday and agreed to open the bridge in May.\n\n"
        "Share\n"
    )
    content = render_raw(parse_article(raw, "t.txt"))
    struck = [content.plain[s.start : s.end] for s in content.spans if "strike" in str(s.style)]
    assert struck == ["Image 0", "Share"]
    assert "agreed to open the bridge" in content.plain


def _rendered(raw: str) -> str:
    article = parse_article(raw, "t.txt")
    para = article.paragraphs[-1]
    return render_paragraph(
        article,
        para.start,
        para.end,
        para.kind,
        marks=None,
        scheme=load_labels(),
        colours=speaker_colours(article.quotes),
        highlight=Highlight(),
    ).plain


def test_speaker_tag_only_where_the_text_does_not_name_the_speaker() -> None:
    head = (
        "Ministers meet over trade\n\n"
        "French Foreign Minister Marie Dubois met her German counterpart.\n\n"
    )
    named_before = _rendered(
        head + 'Dubois described the talks as "frank and very useful," and left.'
    )
    named_after = _rendered(head + '"We will not give up on this," Dubois said on Monday.')
    unnamed = _rendered(head + 'Talks went on. "We will not give up on this," she said on Monday.')
    assert "⟨" not in named_before
    assert "⟨" not in named_after
    assert "⟨Marie Dubois⟩" in unnamed


def test_a_label_tag_goes_past_the_closing_mark_but_not_into_a_word() -> None:
    article = parse_article(
        "Ministers meet over trade\n\n"
        "French Foreign Minister Marie Dubois met her German counterpart.\n\n"
        '"We will not give up on this," Dubois said of Russia’s plan.',
        "t.txt",
    )
    text, para = article.text, article.paragraphs[-1]
    quote = article.quotes[0]
    russia = text.index("Russia’s")
    marks = ArticleMarks(article.id)
    for ticket, (unit, a, b) in enumerate(
        [("quote", quote.start, quote.end), ("span", russia, russia + len("Russia"))], 1
    ):
        state = MarkState(unit, a, b, "against", text[a:b])
        marks.apply(Edit(article.id, AnnotationRef(), None, state), ticket)
    plain = render_paragraph(
        article, para.start, para.end, para.kind, marks=marks, scheme=load_labels(),
        colours=speaker_colours(article.quotes), highlight=Highlight(),
    ).plain  # fmt: skip
    assert 'on this," ‹quote against' in plain
    assert "Russia ‹span against" in plain and "’s plan" in plain
