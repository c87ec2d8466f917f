"""The look: colours and paragraph styles named by meaning.

Styles are derived from one body size, so the fit search can try several
sizes and every other size (headings, captions) follows in proportion.
Colours are chosen to keep their contrast on monochrome printers; the tests
check every text/background pair with the WCAG formula, in colour and in grey.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FONTS


@dataclass(frozen=True)
class Palette:
    ink: Color = HexColor("#111111")  # body text
    accent: Color = HexColor("#0B3C78")  # headings, step badges, links
    warning: Color = HexColor("#9E1111")  # warning heading and border
    warning_tint: Color = HexColor("#FDEEEE")  # warning box background
    panel_tint: Color = HexColor("#EEF3F9")  # QR / contact panels, notes
    paper: Color = white
    rule: Color = HexColor("#0B3C78")


PALETTE = Palette()

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

    @property
    def leading_ratio(self) -> float:
        return self.body.leading / self.body.fontSize


def make_styles(
    body_size: float, *, leading_ratio: float = 1.3, title_ratio: float = 1.9, caption_size: float = 10.0
) -> Styles:
    """Every style for ``body_size`` (points); headings are at least 1.25 × body."""
    body = ParagraphStyle(
        "body",
        fontName=FONTS.regular,
        bulletFontName=FONTS.regular,  # ReportLab's default bullet font is an unembedded Helvetica
        fontSize=body_size,
        leading=round(body_size * leading_ratio, 2),
        textColor=PALETTE.ink,
        alignment=TA_LEFT,
        spaceAfter=body_size * 0.3,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=0,
    )
    heading_size = round(body_size * 1.3, 2)
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName=FONTS.bold,
        fontSize=heading_size,
        leading=round(heading_size * 1.2, 2),
        textColor=PALETTE.accent,
        spaceBefore=body_size * 0.6,
        spaceAfter=body_size * 0.3,
        keepWithNext=1,
    )
    title_size = round(body_size * title_ratio, 2)
    item = ParagraphStyle(
        "item", parent=body, leftIndent=body_size * 1.4, bulletIndent=body_size * 0.2, spaceAfter=body_size * 0.1
    )
    caption = ParagraphStyle(
        "caption",
        parent=body,
        fontName=FONTS.bold,
        fontSize=caption_size,
        leading=round(caption_size * 1.25, 2),
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
            spaceAfter=body_size * 0.6,
            textColor=PALETTE.ink,
        ),
        lead=ParagraphStyle("lead", parent=body, fontName=FONTS.bold, spaceAfter=body_size * 0.4),
        heading=heading,
        step_title=ParagraphStyle("step_title", parent=heading, spaceBefore=0, spaceAfter=0),
        item=item,
        subitem=ParagraphStyle("subitem", parent=item, leftIndent=body_size * 2.8, bulletIndent=body_size * 1.6),
        note=ParagraphStyle(
            "note",
            parent=body,
            fontName=FONTS.bold,
            backColor=PALETTE.panel_tint,
            borderPadding=(body_size * 0.4, body_size * 0.5),
            leftIndent=body_size * 1.6,
            bulletIndent=body_size * 0.5,
            spaceBefore=body_size * 0.5,
            spaceAfter=body_size * 0.6,
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
        caption_purpose=ParagraphStyle("caption_purpose", parent=caption, fontName=FONTS.regular),
        motto=ParagraphStyle("motto", parent=heading, textColor=PALETTE.ink, spaceBefore=body_size * 0.5),
        signature=ParagraphStyle(
            "signature",
            parent=body,
            fontName=FONTS.bold,
            fontSize=caption_size,
            leading=caption_size * 1.3,
            textColor=PALETTE.accent,
        ),
    )
