"""Pure parts of the interface: labels as shown, undo history, spans, safe rendering."""

from __future__ import annotations

from store import Annotation, Article, RemovedLine, Slot, parse_article
from tui.labels import load_labels
from tui.screens.reader_units import ArticleUnits
from tui.session import ArticleLabels, Edit, MarkState
from tui.session.anchors import AnchorCache
from tui.session.history import ArticleHistory
from tui.widgets.article_view import Highlight, render_paragraph, speaker_colours
from tui.widgets.palette import speaker_palette
from tui.widgets.raw_view import render_raw

RAW = (
    "Title with [b]markup[/b]\n\n"
    '"We want [UN] peace," said Jane Doe. Then {{item.group_date}} [a] happened.\n'
)
SLOT = Slot("a", "sentence", 0, 5)
DARK = speaker_palette(dark=True)


def _ann(label: str, annotator: str = "alice", start: int = 0, end: int = 5) -> Annotation:
    return Annotation(
        id=f"{annotator}-{start}",
        article_id="a",
        start=start,
        end=end,
        text="hello",
        label=label,
        annotator=annotator,
        created="2026-01-01T00:00:00.000+00:00",
        updated="2026-01-01T00:00:00.000+00:00",
    )


def test_labels_shown_are_the_store_plus_writes_on_their_way() -> None:
    labels = ArticleLabels("a", "alice")
    labels.propose(1, SLOT, MarkState("favor", "hello"))
    (mark,) = labels.mine()
    assert (mark.state.label, mark.pending) == ("favor", True)
    labels.accept(3, [_ann("favor"), _ann("against", "bob")])  # the write's answer
    labels.settle(1)
    (mark,) = labels.mine()
    assert (mark.state.label, mark.pending) == ("favor", False)
    assert [(m.annotator, m.state.label) for m in labels.others()] == [("bob", "against")]
    # A failed write leaves what the store holds; an older snapshot never wins.
    labels.propose(2, SLOT, None)
    assert labels.mine() == []
    labels.settle(2)
    assert [m.state.label for m in labels.mine()] == ["favor"]
    assert not labels.accept(2, [])
    assert [m.state.label for m in labels.mine()] == ["favor"]
    assert labels.labelled("sentence") == {(0, 5)}


def test_a_snapshot_keeps_the_marks_of_records_it_had_and_makes_new_ones_for_changes() -> None:
    labels = ArticleLabels("a", "alice")
    mine, bobs = _ann("favor"), _ann("against", "bob", 6, 9)
    labels.accept(1, [mine, bobs])
    (kept,) = labels.others()
    relabelled = mine.changed(label="neutral")
    labels.accept(2, [relabelled, bobs])  # the answer to a relabel: bob's record unchanged
    assert labels.others()[0] is kept
    assert [m.state.label for m in labels.mine()] == ["neutral"]
    labels.accept(3, [relabelled])  # bob's label removed elsewhere
    assert labels.others() == []


def test_anchors_are_worked_out_once_per_record_and_again_for_new_text() -> None:
    text = "hello there. Another one."
    cache = AnchorCache()
    exact = _ann("favor")
    moved = _ann("against", "bob", 3, 8).changed(text="Another one")
    first = cache.anchored("a", text, [exact, moved])
    assert first[0] is exact  # where it was: the record itself
    assert (first[1].start, first[1].end, first[1].anchor) == (13, 24, "moved")
    again = cache.anchored("a", text, [exact, moved])
    assert again[1] is first[1]  # the same record: not searched for again
    edited = moved.changed(label="neutral")  # a new record for the same label
    assert cache.anchored("a", text, [exact, edited])[1].label == "neutral"
    shifted = cache.anchored("a", "Intro. " + text, [exact, moved])  # the text changed
    assert (shifted[0].start, shifted[0].anchor) == (7, "moved")
    assert (shifted[1].start, shifted[1].anchor) == (20, "moved")


def test_history_is_per_edit_and_forgets_failed_writes() -> None:
    history = ArticleHistory()
    first = Edit(SLOT, None, MarkState("favor", "hello"), "label")
    history.record(first)
    taken = history.take_undo()
    assert taken is not None
    edit, undoing = taken
    assert edit is first and (undoing.before, undoing.after, undoing.kind) == (
        first.after,
        None,
        "undo label",
    )
    redo = history.take_redo()
    assert redo is not None and redo[1].kind == "label" and redo[1].after == first.after
    history.forget(redo[1])
    assert history.take_undo() is None
    history.record(Edit(SLOT, None, MarkState("against", "hello"), "label"))
    assert history.take_redo() is None


def test_article_text_is_never_markup() -> None:
    article = parse_article(RAW, "t.txt")
    scheme = load_labels()
    s = article.statements[0]
    labels = ArticleLabels(article.id, "alice")
    labels.propose(1, Slot(article.id, "sentence", s.start, s.end), MarkState("favor", "x"))
    para = article.paragraphs[0]
    content = render_paragraph(
        article,
        para.start,
        para.end,
        para.kind,
        marks=labels.mine(),
        scheme=scheme,
        colours=speaker_colours(article.quotes, DARK),
        highlight=Highlight(cursor=(s.start, s.end)),
    )
    assert "[UN]" in content.plain
    assert "{{item.group_date}}" in content.plain
    assert "[a]" in content.plain
    assert "‹favor…›" in content.plain  # pending until the writer confirms


def test_quotes_are_drawn_in_their_speakers_colour() -> None:
    article = parse_article(RAW, "t.txt")
    quote = article.quotes[0]
    colours = speaker_colours(article.quotes, DARK)
    para = article.paragraphs[0]
    content = render_paragraph(
        article,
        para.start,
        para.end,
        para.kind,
        marks=[],
        scheme=load_labels(),
        colours=colours,
        highlight=Highlight(),
    )
    rich = content.render_segments()
    coloured = "".join(
        seg.text
        for seg in rich
        if seg.style is not None
        and seg.style.color is not None
        and seg.style.color.triplet is not None
        and seg.style.color.triplet.hex == colours[quote.speaker or ""]
    )
    assert "We want [UN] peace," in coloured


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


def test_spans_stop_at_words_and_at_the_units_edges() -> None:
    article = parse_article(RAW, "t.txt")
    units = ArticleUnits(article)
    assert units.of("sentence") == [(s.start, s.end) for s in article.statements]
    quote = units.quotes[0]
    text = article.text
    span = units.first_span(*quote)
    assert text[slice(*span)] == "We"  # not the opening quotation mark
    span = units.move_span_end(span, 2)
    assert text[slice(*span)] == "We want [UN]"
    span = units.move_span_end(span, 1)
    assert text[slice(*span)] == "We want [UN] peace,"  # the quote's own end, no mark
    span = units.move_span_start(span, 1)
    assert text[slice(*span)] == "want [UN] peace,"
    span = units.move_span_start(span, 5)  # past the end: the end comes along
    assert span[0] < span[1] and text[span[0] : span[1]].strip()


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
        marks=[],
        scheme=load_labels(),
        colours=speaker_colours(article.quotes, DARK),
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
    labels = ArticleLabels(article.id, "alice")
    for ticket, (unit, a, b) in enumerate(
        [("quote", quote.start, quote.end), ("span", russia, russia + len("Russia"))], 1
    ):
        slot = Slot(article.id, unit, a, b)  # type: ignore[arg-type]
        labels.propose(ticket, slot, MarkState("against", text[a:b]))
    plain = render_paragraph(
        article, para.start, para.end, para.kind, marks=labels.mine(), scheme=load_labels(),
        colours=speaker_colours(article.quotes, DARK), highlight=Highlight(),
    ).plain  # fmt: skip
    assert 'on this," ‹quote against' in plain
    assert "Russia ‹span against" in plain and "’s plan" in plain
