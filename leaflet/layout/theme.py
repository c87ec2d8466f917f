"""The look: colours and paragraph styles named by meaning.

Styles are derived from one body size, so the fit search can try several
sizes and every other size (headings, captions) follows in proportion.
Colours are chosen to keep their contrast on monochrome printers; the tests
check every text/background pair with the WCAG formula, in colour and in grey.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, Color, HexColor, rgb2cmyk, toColor, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FONTS


@dataclass(frozen=True)
class Palette:
    ink: Color = HexColor("#000000")  # body text: pure black (PRINT.md), K alone in CMYK
    accent: Color = HexColor("#0B3C78")  # headings, step badges, links
    warning: Color = HexColor("#9E1111")  # warning heading and border
    warning_tint: Color = HexColor("#FDEEEE")  # warning box background
    panel_tint: Color = HexColor("#EEF3F9")  # QR / contact panels, notes
    paper: Color = white
    rule: Color = HexColor("#0B3C78")


#: PRINT.md: an address a reader may type is printed at 10 pt at least (other small text: 9 pt)
MIN_ADDRESS_PT = 10.0

PALETTE = Palette()

#: CMYK equivalents of the palette for offset printing (``--cmyk``), chosen by hand:
#: text ink is black only (no registration trouble on small type), the accent a
#: process blue, the tints light enough to stay behind text.
CMYK_EQUIVALENTS: dict[str, CMYKColor] = {
    PALETTE.ink.hexval(): CMYKColor(0, 0, 0, 1),
    PALETTE.accent.hexval(): CMYKColor(1.0, 0.72, 0.08, 0.38),
    PALETTE.warning.hexval(): CMYKColor(0.08, 1.0, 0.95, 0.32),
    PALETTE.warning_tint.hexval(): CMYKColor(0, 0.07, 0.05, 0),
    PALETTE.panel_tint.hexval(): CMYKColor(0.06, 0.02, 0, 0),
}
#: registration colour for crop marks: prints on every plate
REGISTRATION = CMYKColor(1, 1, 1, 1)


def to_cmyk(color: object) -> CMYKColor:
    """The CMYK colour to print for ``color``: the palette's own CMYK values, greys on
    the black plate only, anything else by the naive conversion.  Used as the
    canvas's ``enforceColorSpace``, so every colour of the page goes through it."""
    value = toColor(color)
    if isinstance(value, CMYKColor):
        return value
    known = CMYK_EQUIVALENTS.get(value.hexval())
    if known is not None:
        return known
    if value.red == value.green == value.blue:
        return CMYKColor(0, 0, 0, 1 - value.red, alpha=value.alpha)
    return CMYKColor(*rgb2cmyk(value.red, value.green, value.blue), alpha=value.alpha)


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    """WCAG 2 relative luminance (a CMYKColor by ReportLab's naive conversion to RGB)."""
    return 0.2126 * _channel(color.red) + 0.7152 * _channel(color.green) + 0.0722 * _channel(color.blue)


def greyscale(color: Color) -> Color:
    """The grey a monochrome printer driver prints for ``color`` (ITU-R BT.601 luma)."""
    red, green, blue = color.red, color.green, color.blue
    luma = 0.299 * red + 0.587 * green + 0.114 * blue
    return Color(luma, luma, luma)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: (text colour, background colour, minimum contrast ratio, what it is): every
#: pair the layout prints, for the contrast test.  7:1 for body text, 4.5:1 else.
TEXT_PAIRS: tuple[tuple[Color, Color, float, str], ...] = (
    (PALETTE.ink, PALETTE.paper, 7.0, "body text on paper"),
    (PALETTE.ink, PALETTE.warning_tint, 7.0, "warning text in the warning box"),
    (PALETTE.ink, PALETTE.panel_tint, 7.0, "text on a panel"),
    (PALETTE.accent, PALETTE.paper, 7.0, "headings and links on paper"),
    (PALETTE.accent, PALETTE.panel_tint, 7.0, "links on a panel"),
    (PALETTE.warning, PALETTE.warning_tint, 4.5, "warning heading in its box"),
    (PALETTE.paper, PALETTE.accent, 4.5, "step number in its badge"),
)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one body size."""

    body_size: float
    body: ParagraphStyle
    title: ParagraphStyle
    lead: ParagraphStyle
    heading: ParagraphStyle
    step_title: ParagraphStyle
    item: ParagraphStyle
    subitem: ParagraphStyle
    note: ParagraphStyle
    warning_heading: ParagraphStyle
    warning_text: ParagraphStyle
    caption: ParagraphStyle
    caption_purpose: ParagraphStyle
    motto: ParagraphStyle
    signature: ParagraphStyle


@functools.lru_cache(maxsize=1024)
def derived_style(name: str, parent: ParagraphStyle | None = None, **changes: object) -> ParagraphStyle:
    """The style ``name``: ``parent`` with ``changes``, made once (memoised like
    :func:`make_styles`, so the paragraphs of every layout pass share it and its parsed markup)."""
    return ParagraphStyle(name, parent=parent, **changes)


# memoised: a style object is the key its paragraphs' parsed markup is kept by
# (leaflet.layout.paragraphs), and the fit search asks for the same sizes pass after pass
@functools.lru_cache(maxsize=64)
def make_styles(
    body_size: float,
    *,
    leading_ratio: float = 1.3,
    title_ratio: float = 1.9,
    caption_size: float = 10.0,
    one_ink: bool = False,
) -> Styles:
    """Every style for ``body_size`` (points); headings are at least 1.25 × body.

    Vertical spacing follows the leading: the fit search opens leading and the
    space between paragraphs together, so a page keeps its rhythm."""
    space = body_size * leading_ratio / 1.3
    body = ParagraphStyle(
        "body",
        fontName=FONTS.regular,
        bulletFontName=FONTS.regular,  # ReportLab's default bullet font is an unembedded Helvetica
        bulletFontSize=body_size,  # ReportLab's default is 10 pt: list numbers as large as the text
        fontSize=body_size,
        leading=round(body_size * leading_ratio, 2),
        textColor=PALETTE.ink,
        alignment=TA_LEFT,
        spaceAfter=space * 0.3,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,  # a word wider than its column breaks instead of running off the page
    )
    heading_size = round(body_size * 1.3, 2)
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName=FONTS.bold,
        fontSize=heading_size,
        leading=round(heading_size * 1.2, 2),
        textColor=PALETTE.accent,
        spaceBefore=space * 0.6,
        spaceAfter=space * 0.3,
        keepWithNext=1,
    )
    title_size = round(body_size * title_ratio, 2)
    item = ParagraphStyle(
        "item", parent=body, leftIndent=body_size * 1.4, bulletIndent=body_size * 0.2, spaceAfter=space * 0.1
    )
    # a QR code's address is typed in by a reader whose phone cannot scan: 10 pt at least
    address_size = max(caption_size, MIN_ADDRESS_PT)
    caption = ParagraphStyle(
        "caption",
        parent=body,
        fontName=FONTS.bold,
        fontSize=address_size,
        leading=round(address_size * 1.25, 2),
        spaceAfter=0,
        alignment=1,
    )
    return Styles(
        body_size=body_size,
        body=body,
        title=ParagraphStyle(
            "title",
            parent=heading,
            fontSize=title_size,
            leading=round(title_size * 1.15, 2),
            spaceBefore=0,
            spaceAfter=space * 0.6,
            textColor=PALETTE.ink,
        ),
        lead=ParagraphStyle("lead", parent=body, fontName=FONTS.bold, spaceAfter=space * 0.4),
        heading=heading,
        step_title=ParagraphStyle("step_title", parent=heading, spaceBefore=0, spaceAfter=0),
        item=item,
        subitem=ParagraphStyle("subitem", parent=item, leftIndent=body_size * 2.8, bulletIndent=body_size * 1.6),
        note=ParagraphStyle(
            "note",
            parent=body,
            fontName=FONTS.bold,
            bulletFontName=FONTS.bold,  # the "!" mark as heavy as the text it marks
            leftIndent=body_size * 1.1,  # on a tinted panel (StoryBuilder.note), inside the column
            bulletIndent=0,
            spaceBefore=space * 0.5,
            spaceAfter=space * 0.6,
        ),
        warning_heading=ParagraphStyle(
            "warning_heading",
            parent=heading,
            textColor=PALETTE.warning,
            spaceBefore=0,
            fontSize=body_size * 1.25,
            leading=body_size * 1.25 * 1.2,
        ),
        warning_text=ParagraphStyle("warning_text", parent=body, spaceAfter=0),
        caption=caption,
        caption_purpose=ParagraphStyle(
            "caption_purpose",
            parent=caption,
            fontName=FONTS.regular,
            fontSize=caption_size,
            leading=round(caption_size * 1.25, 2),
        ),
        motto=ParagraphStyle("motto", parent=heading, textColor=PALETTE.ink, spaceBefore=space * 0.5),
        signature=ParagraphStyle(
            "signature",
            parent=body,
            fontName=FONTS.bold,
            fontSize=caption_size,
            leading=caption_size * 1.3,
            # under 12 pt: one ink for offset print (Markup.small_link says why black)
            textColor=PALETTE.ink if one_ink else PALETTE.accent,
        ),
    )


@dataclass(frozen=True)
class PosterStyles:
    """Paragraph styles of a poster, at its design size (A4)."""

    headline: ParagraphStyle
    step: ParagraphStyle
    hotline: ParagraphStyle
    address: ParagraphStyle
    purpose: ParagraphStyle
    purpose_next: ParagraphStyle  # the second language's purpose, half a line below the first
    signature: ParagraphStyle


@functools.lru_cache(maxsize=64)  # memoised as make_styles is: a poster's fit tries sizes again
def make_poster_styles(headline_size: float, step_size: float, caption_size: float) -> PosterStyles:
    """Poster type: bold throughout for reading at a distance; captions read close up."""
    step = ParagraphStyle(
        "poster_step",
        fontName=FONTS.bold,
        fontSize=step_size,
        leading=round(step_size * 1.25, 2),
        textColor=PALETTE.ink,
        alignment=TA_LEFT,
        splitLongWords=1,  # a word wider than its column breaks instead of running off the page
    )
    address = ParagraphStyle(
        "poster_address",
        parent=step,
        fontSize=caption_size,
        leading=round(caption_size * 1.3, 2),
        textColor=PALETTE.accent,
        alignment=1,
    )
    purpose_size = caption_size * 0.8  # read close up; 11 pt at A4, the bilingual captions hold 3 lines
    purpose = ParagraphStyle(
        "poster_purpose",
        parent=address,
        fontName=FONTS.regular,
        fontSize=purpose_size,
        leading=round(purpose_size * 1.3, 2),
        textColor=PALETTE.ink,
    )
    return PosterStyles(
        headline=ParagraphStyle(
            "poster_headline", parent=step, fontSize=headline_size, leading=round(headline_size * 1.12, 2)
        ),
        step=step,
        hotline=ParagraphStyle("poster_hotline", parent=step, fontName=FONTS.regular),
        address=address,
        purpose=purpose,
        purpose_next=ParagraphStyle("poster_purpose_next", parent=purpose, spaceBefore=purpose.leading * 0.5),
        # 11 pt on the A4 poster: black, one ink in offset print (PRINT.md: coloured text under
        # 12 pt in one ink); the brand colour does nothing at the distance a poster is read from
        signature=ParagraphStyle(
            "poster_signature",
            parent=address,
            fontSize=purpose_size,
            leading=purpose_size * 1.3,
            alignment=2,
            textColor=PALETTE.ink,
        ),
    )
