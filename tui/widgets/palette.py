"""Colours for speakers and labels that stay readable on every theme and terminal.

The reader draws quotes in their speaker's colour and labelled statements on a
tint of the label's colour. Those colours must read on dark and light themes,
in true colour and in 256-colour terminals (tmux, `TERM=*-256color`), and
colour-blind readers must still tell the speakers apart.

Sources and measures:

- Speaker hues follow Okabe & Ito's colour-universal-design palette, "Color
  Universal Design (CUD): how to make figures and presentations that are
  friendly to colorblind people" (2002/2008), https://jfly.uni-koeln.de/color/
  (orange #E69F00, sky blue #56B4E9, bluish green #009E73, yellow #F0E442,
  blue #0072B2, vermillion #D55E00, reddish purple #CC79A7).
- Contrast is the WCAG 2 contrast ratio of relative luminances,
  https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio; 4.5:1 is its AA level for text.
- In a 256-colour terminal Rich replaces every true colour with an xterm colour
  (`rich.color.Color.downgrade(ColorSystem.EIGHT_BIT)`): near-greys go to the
  24-step grey ramp, everything else to the nearest level (0, 95, 135, 175, 215,
  255) of each channel. Steps that coarse can merge two colours, or a tint with
  its background, so every promise here is checked on the quantised colours too.
- Lightness is moved in OKLab/OKLCH (Björn Ottosson, 2020,
  https://bottosson.github.io/posts/oklab/), which keeps the hue while it does.

Each speaker colour is itself an xterm-256 colour, so quantisation leaves it
unchanged and a 256-colour terminal shows what a true-colour one does. The
Okabe–Ito hues could not all keep their place: on light backgrounds 4.5:1 needs
a relative luminance under about 0.1, which no orange or yellow reaches (they
turn brown or olive, and Rich then rounds them to dark red), so the light
palette trades them for red and violet; on dark backgrounds blue must be lifted
to lavender. The sets were picked to keep every pair apart under simulated
protanopia, deuteranopia and tritanopia (see tests/test_tui_colours.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

if TYPE_CHECKING:
    from textual.app import App

MINIMUM_CONTRAST = 4.5
"""WCAG AA for normal text."""

OKABE_ITO = {
    "orange": "#e69f00",
    "sky blue": "#56b4e9",
    "bluish green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "reddish purple": "#cc79a7",
}
"""The published palette the speaker colours derive from (black left out: it is text)."""

_DARK_SPEAKERS = (
    "#ffaf00",  # orange
    "#5fd7ff",  # sky blue
    "#00d787",  # bluish green
    "#ffff87",  # yellow
    "#afafff",  # blue, lifted to lavender: a darker blue fails 4.5:1 on grey-blue surfaces
    "#ffafd7",  # reddish purple
)
_LIGHT_SPEAKERS = (
    "#af0000",  # vermillion (orange cannot reach 4.5:1 on light grey and stay orange)
    "#005f87",  # sky blue, darkened
    "#005f00",  # bluish green, darkened
    "#0000ff",  # blue
    "#87005f",  # reddish purple, darkened
    "#5f00af",  # violet: stands in for yellow, which has no dark readable form
)


def speaker_palette(dark: bool) -> tuple[str, ...]:
    """Six speaker colours for a dark or a light theme; the first two (an orange or a red,
    then a blue) stay apart for every kind of colour vision.

    They reach 4.5:1 on the surface and background of every built-in Textual
    theme, in true colour and in 256 colours, except where Rich turns a dark
    blue-grey background into the mid grey #5f5f5f or teal #005f5f (nord, the
    dark catppuccin themes, solarized-dark): there even the theme's own text drops
    to about 4.6:1, and the six colours stay above 3.1:1 rather than turn into
    six near-whites nobody can tell apart. Pass a colour through `readable_on`
    for a background that is not a built-in theme's.
    """
    return _DARK_SPEAKERS if dark else _LIGHT_SPEAKERS


def _rgb(colour: str) -> tuple[int, int, int]:
    parsed = Color.parse(colour)
    return parsed.r, parsed.g, parsed.b


def _hex(rgb: tuple[float, float, float]) -> str:
    r, g, b = (max(0, min(255, round(channel))) for channel in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def _mix(base: str, colour: str, amount: float) -> str:
    """`amount` (0-1) of `colour` mixed into `base`, channel by channel in sRGB."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(base), _rgb(colour)
    return _hex((r1 + (r2 - r1) * amount, g1 + (g2 - g1) * amount, b1 + (b2 - b1) * amount))


def _linear(channel: float) -> float:
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel: float) -> float:
    channel = max(0.0, min(1.0, channel))
    value = channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055
    return value * 255


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 for black to 1 for white."""
    r, g, b = (_linear(channel) for channel in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same luminance) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=4096)
def quantise_256(colour: str) -> str:
    """The xterm colour Rich draws instead of `colour` in a 256-colour terminal, as hex."""
    downgraded = RichColor.parse(_hex(_rgb(colour))).downgrade(ColorSystem.EIGHT_BIT)
    r, g, b = downgraded.get_truecolor()
    return _hex((r, g, b))


def oklch(colour: str) -> tuple[float, float, float]:
    """OKLCH lightness (0-1), chroma and hue (degrees) of a colour."""
    r, g, b = (_linear(channel) for channel in _rgb(colour))
    lms = (
        0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b,
    )
    el, em, es = (math.copysign(abs(v) ** (1 / 3), v) for v in lms)
    lightness = 0.2104542553 * el + 0.7936177850 * em - 0.0040720468 * es
    a = 1.9779984951 * el - 2.4285922050 * em + 0.4505937099 * es
    b_ = 0.0259040371 * el + 0.7827717662 * em - 0.8086757660 * es
    return lightness, math.hypot(a, b_), math.degrees(math.atan2(b_, a)) % 360


def _from_oklab(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    el = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    em = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    es = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * el - 3.3077115913 * em + 0.2309699292 * es,
        -1.2684380046 * el + 2.6097574011 * em - 0.3413193965 * es,
        -0.0041960863 * el - 0.7034186147 * em + 1.7076147010 * es,
    )


def _from_oklch(lightness: float, chroma: float, hue: float) -> str:
    """The sRGB colour of this lightness and hue, with chroma cut to fit the gamut."""
    angle = math.radians(hue)

    def at(c: float) -> tuple[float, float, float]:
        return _from_oklab(lightness, c * math.cos(angle), c * math.sin(angle))

    def fits(rgb: tuple[float, float, float]) -> bool:
        return all(-1e-6 <= channel <= 1 + 1e-6 for channel in rgb)

    if not fits(at(chroma)):
        low, high = 0.0, chroma
        for _ in range(24):
            middle = (low + high) / 2
            low, high = (middle, high) if fits(at(middle)) else (low, middle)
        chroma = low
    r, g, b = at(chroma)
    return _hex((_gamma(r), _gamma(g), _gamma(b)))


def _readable(colour: str, background: str, minimum: float, eight_bit: bool) -> bool:
    if contrast(colour, background) < minimum:
        return False
    return not eight_bit or contrast(quantise_256(colour), quantise_256(background)) >= minimum


@lru_cache(maxsize=1024)
def readable_on(
    colour: str, background: str, minimum: float = MINIMUM_CONTRAST, *, eight_bit: bool = True
) -> str:
    """`colour`, lightened or darkened just enough to reach `minimum` contrast on `background`.

    For colours that come from a user's labels file, which may be anything.
    The hue is kept (OKLCH); the colour moves away from the background's
    lightness in steps of 0.005 until it passes, in true colour and, with
    `eight_bit`, also after 256-colour quantisation (pass False when the
    terminal is known to show true colour: quantising may need a bigger step).
    Where no colour of that hue passes, black or white, whichever reads better.
    """
    start = _hex(_rgb(colour))
    if _readable(start, background, minimum, eight_bit):
        return start
    lightness, chroma, hue = oklch(start)
    lighter_first = luminance(start) >= luminance(background)
    for direction in (1, -1) if lighter_first else (-1, 1):
        for step in range(1, 201):
            moved = lightness + direction * step * 0.005
            if not 0 <= moved <= 1:
                break
            candidate = _from_oklch(moved, chroma, hue)
            if _readable(candidate, background, minimum, eight_bit):
                return candidate
    return max(("#000000", "#ffffff"), key=lambda extreme: contrast(extreme, background))


def _hue_gap(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def distance(a: str, b: str) -> float:
    """Euclidean distance in OKLab: about 0.02 is just noticeable side by side."""
    (l1, c1, h1), (l2, c2, h2) = oklch(a), oklch(b)
    r1, r2 = math.radians(h1), math.radians(h2)
    return math.dist(
        (l1, c1 * math.cos(r1), c1 * math.sin(r1)), (l2, c2 * math.cos(r2), c2 * math.sin(r2))
    )


VISIBLE_TINT = 0.03
"""How far (OKLab) a tint must be from the background: half again a just-noticeable
difference, enough for a whole sentence's background."""


def keeps_hue(tint: str, label: str) -> bool:
    """Whether `tint` is recognisably in the label's hue (a grey label: a greyish tint)."""
    label_chroma, label_hue = oklch(label)[1:]
    tint_chroma, tint_hue = oklch(tint)[1:]
    if label_chroma < 0.04:
        return tint_chroma < 0.03
    return tint_chroma >= 0.02 and _hue_gap(tint_hue, label_hue) <= 40


_TINT_AMOUNTS = (0.35, 0.3, 0.25, 0.2, 0.4, 0.45, 0.15, 0.5)
"""How much label colour goes into the background, in order of preference (0.35 first:
the amount the reader has always used, where it works)."""


_XTERM = tuple(_hex(RichColor.from_ansi(number).get_truecolor()) for number in range(16, 256))
"""The colours Rich uses in a 256-colour terminal (0-15 are the terminal's own)."""


def _tint_candidates(colour: str, background: str, text: str) -> Iterator[str]:
    """Tints in order of preference: mixes into the background, then colours of the
    label's hue ever further from the background's lightness, away from the text's
    lightness first (lighter under dark text)."""
    for amount in _TINT_AMOUNTS:
        yield _mix(background, colour, amount)
    lightness = oklch(background)[0]
    label_chroma, label_hue = oklch(colour)[1:]
    away = -1 if oklch(text)[0] > lightness else 1
    for step in range(0, 16):
        for direction in (away, -away) if step else (away,):
            moved = lightness + direction * step * 0.02
            if not 0 <= moved <= 1:
                continue
            for chroma in (0.09, 0.07, 0.05, 0.035):
                yield _from_oklch(moved, min(chroma, label_chroma), label_hue)
    # Last, the xterm colours themselves, nearest the plain mix first: what a
    # 256-colour terminal can show when no true colour rounds to a good one.
    first = _mix(background, colour, _TINT_AMOUNTS[0])
    yield from sorted(_XTERM, key=lambda xterm: distance(xterm, first))


@lru_cache(maxsize=1024)
def label_tint(
    colour: str, background: str, foreground: str | None = None, *, eight_bit: bool = True
) -> str:
    """A background for a labelled statement, in the label's hue.

    The theme's text (`foreground`; by default black or white, whichever
    contrasts more) keeps 4.5:1 on it, and the tint differs visibly from the
    background and keeps the label's hue, in true colour and, with `eight_bit`,
    also after 256-colour quantisation, where a mix can round to the very
    background colour (invisible) or to another hue (green to teal). The label
    colour mixed into the background comes first (35%, as the reader always
    did); where no mix works (solarized-light's text has only 4.4:1 on its own
    surface), a colour of the label's hue, lighter or darker than the
    background. Where the 256 colours hold no tint that does it all, true
    colour wins, then readable text, then a visible tint, then its hue.
    """
    back = _hex(_rgb(background))
    text = foreground or max(("#000000", "#ffffff"), key=lambda c: contrast(c, back))
    text_256, back_256 = quantise_256(text), quantise_256(back)
    best, best_score = _mix(back, colour, 0.35), (False,) * 4
    for tint in _tint_candidates(colour, back, text):
        true_colour = (
            contrast(text, tint) >= MINIMUM_CONTRAST
            and distance(tint, back) >= VISIBLE_TINT
            and keeps_hue(tint, colour)
        )
        if not eight_bit:
            if true_colour:
                return tint
            continue
        tint_256 = quantise_256(tint)
        score = (
            true_colour,
            contrast(text_256, tint_256) >= MINIMUM_CONTRAST,
            distance(tint_256, back_256) >= VISIBLE_TINT,
            keeps_hue(tint_256, colour),
        )
        if all(score):
            return tint
        if score > best_score:
            best, best_score = tint, score
    return best


def theme_colour(value: str, *, dark: bool, text: bool = False) -> str:
    """A theme's colour as #rrggbb, for the functions above.

    The ansi-dark and ansi-light themes use `ansi_default`, which has no RGB
    until the terminal draws it: it stands for black (dark) or white (light) as
    a background, and for the opposite as `text`.
    """
    parsed = Color.parse(value)
    if parsed.ansi is not None:
        return "#000000" if dark != text else "#ffffff"
    return _hex((parsed.r, parsed.g, parsed.b))


def app_colour(app: App[Any], name: str, *, text: bool = False) -> str:
    """A colour of the app's current theme (`panel`, `surface`, `text-success`…) as
    #rrggbb; `text`: as text, not as a background (see `theme_colour`)."""
    theme = app.current_theme
    value = getattr(theme, name, None) or app.theme_variables[name]
    return theme_colour(str(value), dark=theme.dark, text=text)
