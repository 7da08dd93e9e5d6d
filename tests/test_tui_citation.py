"""Citations copied from the reader: nested quotation marks, and nothing a
terminal would act on when the line goes to the clipboard by OSC 52."""

from __future__ import annotations

import re

import pytest

from tui.clipboard import citation


def cite(text: str, title: str = "") -> str:
    """The citation of `text` with no speaker, source or date."""
    return citation(text, speaker=None, title=title, source=None, date=None)


def test_plain_text_keeps_its_form_and_collapses_whitespace() -> None:
    assert (
        citation("We  want\npeace", speaker="Jane Doe", title="T", source="TASS", date="2017-06-22")
        == "“We want peace” — Jane Doe, “T”, TASS, 2017-06-22"
    )
    assert cite("x") == "“x”"
    assert cite("  We want\t\tpeace \r\n") == "“We want peace”"


def test_a_sentence_quoting_someone_gets_single_marks_inside() -> None:
    assert (
        citation(
            '"We are ready to extend the agreement," Lavrov said.',
            speaker="Sergey Lavrov",
            title="Ministers meet in Geneva",
            source="TASS",
            date="March 3",
        )
        == "“‘We are ready to extend the agreement,’ Lavrov said.” — "
        "Sergey Lavrov, “Ministers meet in Geneva”, TASS, March 3"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready,” Lavrov said.", "“‘We are ready,’ Lavrov said.”"),
        ("He called it “a farce” today.", "“He called it ‘a farce’ today.”"),
        ("Er sagte „nein“ dazu.", "“Er sagte ‘nein’ dazu.”"),
        ("Il a dit «non» hier.", "“Il a dit ‘non’ hier.”"),
        ("Il a dit « non » hier.", "“Il a dit ‘ non ’ hier.”"),  # spaced: by its shape
        ("Er sagte »nein« dazu.", "“Er sagte ‘nein’ dazu.”"),
        ('They ("the hawks") won.', "“They (‘the hawks’) won.”"),
        ('A ["quoted"] word and {"another"}.', "“A [‘quoted’] word and {‘another’}.”"),
        ('Ends with a quote: "done"', "“Ends with a quote: ‘done’”"),
        ('"Whole sentence in quotes."', "“‘Whole sentence in quotes.’”"),
        ('"We\'re ready," he said', "“‘We're ready,’ he said”"),  # apostrophe stays
        ("It’s the ministers’ call.", "“It’s the ministers’ call.”"),
        ("'Single' marks stay as they are.", "“'Single' marks stay as they are.”"),
    ],
)
def test_double_marks_inside_become_single(text: str, expected: str) -> None:
    assert cite(text) == expected


def test_a_title_with_quotation_marks_is_nested_too() -> None:
    assert cite("x", title='Lavrov: "We are ready"') == "“x” — “Lavrov: ‘We are ready’”"


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: would overwrite the clipboard
        "\x1b]0;title\x1b\\",  # OSC ended by ST
        "\x1b[31m\x1b[2J",  # colour, clear screen
        "\x9b2J",  # 8-bit CSI
        "\x1bc",  # reset
        "\x00\x07\x08\x7f\x85\x9c",  # C0, DEL, C1
    ],
)
def test_no_control_character_reaches_the_clipboard(hostile: str) -> None:
    text = citation(
        f"We {hostile}want peace",
        speaker=f"Jane{hostile} Doe",
        title=f"A {hostile}title",
        source=f"TA{hostile}SS",
        date=f"2017{hostile}",
    )
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", text), repr(text)
    assert text.startswith("“We ")
    assert "want peace”" in text
    assert "Doe" in text and "title”" in text and "2017" in text


def test_control_characters_between_words_do_not_leave_double_spaces() -> None:
    assert cite("We\x1b[1m  want \x00 peace") == "“We want peace”"
