"""Speaker colours and label tints read well on every built-in theme, in true colour
and after the 256-colour quantisation Rich does in tmux and other 256-colour terminals.

Theme colours are the ones Textual computes (`App.get_css_variables()` after
setting `app.theme`). Colour-blind readers are modelled with the simulation of
Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
simulation of color vision deficiency", severity 1.0 (full dichromacy).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

import pytest
from rich.color import Color as RichColor
from textual.app import App
from textual.theme import BUILTIN_THEMES

from tui.labels import load_labels
from tui.widgets.palette import (
    MINIMUM_CONTRAST,
    VISIBLE_TINT,
    contrast,
    distance,
    keeps_hue,
    label_tint,
    luminance,
    oklch,
    quantise_256,
    readable_on,
    speaker_palette,
    theme_colour,
)

DEFAULT_LABELS = {label.name: label.colour for label in load_labels().labels}
THEMES = sorted(BUILTIN_THEMES)
XTERM = [RichColor.from_ansi(n).get_truecolor().hex for n in range(16, 256)]

LIFTED_FLOOR = 3.0
"""Speaker contrast on a background Rich lifts in 256 colours (see `lifted`)."""


@dataclass(frozen=True)
class ThemeColours:
    """The colours of one theme the reader draws with, as #rrggbb."""

    name: str
    dark: bool
    background: str
    surface: str
    foreground: str


@cache
def theme_colours(name: str) -> ThemeColours:
    """A built-in theme's background, surface and text colour as Textual computes them."""
    theme = BUILTIN_THEMES[name]
    app: App[None] = App()
    app.theme = name
    variables = app.get_css_variables()

    def colour(key: str, text: bool = False) -> str:
        # ansi-dark/ansi-light: `ansi_default` stands for the terminal's own colour.
        value = getattr(theme, key) or variables[key]
        return theme_colour(value, dark=theme.dark, text=text)

    return ThemeColours(
        name, theme.dark, colour("background"), colour("surface"), colour("foreground", True)
    )


def lifted(background: str, dark: bool) -> bool:
    """Whether Rich's 256-colour rounding moves this background far toward the text.

    Rich rounds each channel to the nearest xterm level, and 0 and 95 are far
    apart: a dark blue-grey such as catppuccin-mocha's #313244 becomes mid grey
    #5f5f5f, where even the theme's own text keeps only about 4.6:1.
    """
    shown = quantise_256(background)
    toward_text = (luminance(shown) > luminance(background)) == dark
    return toward_text and contrast(background, shown) >= 1.25


# Machado et al. (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def simulate(colour: str, kind: str) -> str:
    """How `colour` looks to a reader with the colour vision deficiency `kind`."""
    if kind == "normal":
        return colour

    def linear(c: int) -> float:
        c_ = c / 255
        return c_ / 12.92 if c_ <= 0.04045 else ((c_ + 0.055) / 1.055) ** 2.4

    def gamma(c: float) -> int:
        c = max(0.0, min(1.0, c))
        return round(255 * (c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055))

    rgb = [linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    out = [gamma(sum(m * v for m, v in zip(row, rgb, strict=True))) for row in CVD[kind]]
    return "#{:02x}{:02x}{:02x}".format(*out)


# --- the measures themselves ---------------------------------------------------------


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#000000") == contrast("#000000", "#ffffff")
    assert contrast("#777777", "#777777") == 1
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WebAIM's figure


def test_quantise_256_is_what_rich_draws() -> None:
    assert quantise_256("#5fd7ff") == "#5fd7ff"  # an xterm colour stays
    assert quantise_256("#D8D8D8") == "#d0d0d0"  # greys go to the grey ramp
    assert quantise_256("#313244") == "#5f5f5f"  # catppuccin-mocha's surface, lifted
    assert quantise_256("#58a6ff") == "#5fafff"


def test_ansi_theme_colours_stand_for_black_or_white() -> None:
    assert theme_colour("ansi_default", dark=True) == "#000000"
    assert theme_colour("ansi_default", dark=True, text=True) == "#ffffff"
    assert theme_colour("ansi_default", dark=False) == "#ffffff"
    assert theme_colour("#D8D8D8", dark=False) == "#d8d8d8"


def test_the_backgrounds_rich_lifts_are_the_ones_the_docstring_names() -> None:
    named = {"nord", "catppuccin-mocha", "catppuccin-frappe", "catppuccin-macchiato"}
    named.add("solarized-dark")
    found = {
        name
        for name in THEMES
        if any(
            lifted(c, theme_colours(name).dark)
            for c in (theme_colours(name).background, theme_colours(name).surface)
        )
    }
    assert found == named


# --- speakers ------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [True, False])
def test_speaker_palettes_are_xterm_colours_and_six_or_more(dark: bool) -> None:
    palette = speaker_palette(dark)
    assert len(palette) >= 6
    assert len(set(palette)) == len(palette)
    # An xterm colour is its own quantisation: 256 colours show the true colours.
    assert [quantise_256(c) for c in palette] == list(palette)


@pytest.mark.parametrize("name", THEMES)
def test_speakers_are_readable_on_every_theme(name: str) -> None:
    theme = theme_colours(name)
    for background in (theme.background, theme.surface):
        floor = LIFTED_FLOOR if lifted(background, theme.dark) else MINIMUM_CONTRAST
        for colour in speaker_palette(theme.dark):
            assert contrast(colour, background) >= MINIMUM_CONTRAST, (colour, background)
            quantised = contrast(quantise_256(colour), quantise_256(background))
            assert quantised >= floor, (colour, background, quantised)


@pytest.mark.parametrize("name", THEMES)
def test_speakers_stand_out_from_the_text(name: str) -> None:
    """A quote in a speaker's colour must not look like the text around it."""
    theme = theme_colours(name)
    for colour in speaker_palette(theme.dark):
        assert distance(colour, theme.foreground) >= 0.05
        assert distance(quantise_256(colour), quantise_256(theme.foreground)) >= 0.05


@pytest.mark.parametrize("dark", [True, False])
@pytest.mark.parametrize("vision", ["normal", *CVD])
def test_speakers_can_be_told_apart(dark: bool, vision: str) -> None:
    """Every pair differs, for normal and for dichromatic vision.

    For scale: 0.02 is a just-noticeable difference; Okabe–Ito's own seven
    colours keep 0.075 apart under deuteranopia, the reader's old palette only
    0.015 (#e3b341 and #ffa657). Six colours that all reach 4.5:1 on one kind of
    background have less room in lightness, hence 0.04 here.
    """
    least = 0.10 if vision == "normal" else 0.04
    palette = [simulate(c, vision) for c in speaker_palette(dark)]
    for a, b in itertools.combinations(palette, 2):
        assert distance(a, b) >= least, (vision, a, b)


# --- label tints ---------------------------------------------------------------------


def _xterm_tints(label: str, theme: ThemeColours) -> tuple[bool, bool]:
    """Whether some xterm colour, as a true colour its own quantisation, would be a tint
    that does everything in true colour and, in 256 colours, is readable and visible,
    and also keeps the label's hue. `label_tint` tries them all, so where one exists
    it must find at least as good."""
    text, back = quantise_256(theme.foreground), quantise_256(theme.surface)
    fits = [
        x
        for x in XTERM
        if contrast(theme.foreground, x) >= MINIMUM_CONTRAST
        and distance(x, theme.surface) >= VISIBLE_TINT
        and keeps_hue(x, label)
        and contrast(text, x) >= MINIMUM_CONTRAST
        and distance(x, back) >= VISIBLE_TINT
    ]
    return bool(fits), any(keeps_hue(x, label) for x in fits)


@pytest.mark.parametrize("label", sorted(DEFAULT_LABELS))
@pytest.mark.parametrize("name", THEMES)
def test_label_tints_keep_the_text_readable_and_show_the_label(name: str, label: str) -> None:
    theme = theme_colours(name)
    colour = DEFAULT_LABELS[label]
    tint = label_tint(colour, theme.surface, theme.foreground)
    # True colour: everything.
    assert contrast(theme.foreground, tint) >= MINIMUM_CONTRAST
    assert distance(tint, theme.surface) >= VISIBLE_TINT
    assert keeps_hue(tint, colour)
    # 256 colours: readable always; visible and in the label's hue wherever an
    # xterm colour can be that and a good true-colour tint (not where the text
    # needs a tint darker than any xterm green: solarized-dark, tokyo-night,
    # atom-one-dark; nor where Rich turns the surface into the one readable
    # pink: solarized-light).
    text, back, shown = (quantise_256(c) for c in (theme.foreground, theme.surface, tint))
    assert contrast(text, shown) >= MINIMUM_CONTRAST
    visible, in_hue = _xterm_tints(colour, theme)
    if visible:
        assert distance(shown, back) >= VISIBLE_TINT
    if in_hue:
        assert keeps_hue(shown, colour)


@pytest.mark.parametrize("name", THEMES)
def test_default_label_tints_differ_from_each_other(name: str) -> None:
    theme = theme_colours(name)
    tints = [label_tint(c, theme.surface, theme.foreground) for c in DEFAULT_LABELS.values()]
    assert len(set(tints)) == len(tints)
    shown = {quantise_256(t) for t in tints}
    if all(_xterm_tints(c, theme)[1] for c in DEFAULT_LABELS.values()):
        assert len(shown) == len(tints)


def test_label_tint_is_the_old_mix_where_that_works() -> None:
    """textual-light in true colour: 35% of the label in the surface, as before."""
    assert label_tint("#3fb950", "#d8d8d8", "#1f1f1f", eight_bit=False) == "#a2cda8"


def test_label_tint_in_256_colours_stays_green() -> None:
    """On textual-dark the 35% mix rounds to teal #005f5f; the tint chosen rounds to green."""
    assert quantise_256("#2a5231") == "#005f5f"
    tint = label_tint("#3fb950", "#1e1e1e", "#e0e0e0")
    assert quantise_256(tint) == "#005f00"


# --- colours from a user's labels file -----------------------------------------------

USER_COLOURS = ["#3fb950", "#f85149", "#8b949e", "#58a6ff", "#d29922", "#bc8cff", "#39c5cf"]
USER_COLOURS += ["#ffffff", "#000000", "#777777", "#ffff00", "#0000ff", "#ff00ff"]


@pytest.mark.parametrize("name", THEMES)
def test_readable_on_reaches_the_contrast_in_both_colour_systems(name: str) -> None:
    theme = theme_colours(name)
    for background in (theme.surface, theme.background):
        for colour in USER_COLOURS:
            shown = readable_on(colour, background)
            assert contrast(shown, background) >= MINIMUM_CONTRAST, (colour, background)
            quantised = contrast(quantise_256(shown), quantise_256(background))
            assert quantised >= MINIMUM_CONTRAST, (colour, background)


def test_readable_on_keeps_a_readable_colour_and_the_hue_of_others() -> None:
    assert readable_on("#000000", "#ffffff") == "#000000"
    assert readable_on("#005f87", "#d8d8d8") == "#005f87"
    # favor's green on textual-light: darker, same hue, and just enough darker.
    darker = readable_on("#3fb950", "#d8d8d8", eight_bit=False)
    assert abs(oklch(darker)[2] - oklch("#3fb950")[2]) < 5
    assert MINIMUM_CONTRAST <= contrast(darker, "#d8d8d8") < MINIMUM_CONTRAST + 0.2
    # 7:1 on mid grey: nothing reaches it; black (4.7:1) does better than white (4.5:1).
    assert readable_on("#3fb950", "#777777", 7) == "#000000"


def test_readable_on_true_colour_only_moves_less() -> None:
    both = readable_on("#afafff", "#313244")  # catppuccin-mocha, lifted to #5f5f5f in 256
    true_colour = readable_on("#afafff", "#313244", eight_bit=False)
    assert true_colour == "#afafff"
    assert both != "#afafff"
    assert contrast(quantise_256(both), "#5f5f5f") >= MINIMUM_CONTRAST


def test_simulation_matches_the_published_matrices() -> None:
    """Sanity check: red and green look alike without L or M cones, unlike blue and yellow."""
    red, green = "#d55e00", "#009e73"
    assert distance(simulate(red, "deuteranopia"), simulate(green, "deuteranopia")) < distance(
        red, green
    )
    assert simulate("#ffffff", "protanopia") in {"#ffffff", "#fffffe", "#fefeff", "#feffff"}
    assert not math.isnan(distance(simulate("#0000ff", "tritanopia"), "#000000"))
