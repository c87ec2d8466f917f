"""Flowables and tables that group, measure or draw what :mod:`leaflet.layout.blocks` has built.

Nothing here reads content or writes Paragraph markup: the tables take flowables
already made, :class:`StepHeading` takes its title as a finished Paragraph, and
the badge draws a number.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Indenter, Table, TableStyle

from .fonts import FONTS
from .paragraphs import Paragraph
from .theme import MIN_ADDRESS_PT, PALETTE, Styles, derived_style

#: a height no flowable reaches: how much room a flowable is offered to measure it
UNBOUNDED = 10_000
#: a TableStyle command: name, first cell, last cell, then its values
TableCommand = tuple[object, ...]


def wrapped_height(flowable: Flowable, width: float) -> float:
    """How tall ``flowable`` is at ``width``; it is then wrapped at ``width``, ready to draw."""
    return float(flowable.wrap(width, UNBOUNDED)[1])


def cell_padding(horizontal: float, vertical: float | None = None) -> list[TableCommand]:
    """TableStyle commands giving every cell ``horizontal`` padding left and right and
    ``vertical`` (by default the same) top and bottom."""
    vertical = horizontal if vertical is None else vertical
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), horizontal),
        ("RIGHTPADDING", (0, 0), (-1, -1), horizontal),
        ("TOPPADDING", (0, 0), (-1, -1), vertical),
        ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
    ]


class _InsetTable(Table):  # type: ignore[misc]
    """A table laid out ``inset`` points narrower than its frame on each side, centred:
    a border (drawn centred on the table's edge) stays inside the frame and the margin.
    Like :class:`WholeParagraph`, it moves whole to the next column rather than split
    there, unless it is taller than a whole column."""

    def __init__(self, *args: object, inset: float = 0.0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.inset = inset

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        if frame is not None and not frame._atTop and self._height_at(available_width) < SPLIT_SHARE * frame._height:
            # a small box moves whole to the next column; a large one continues there, rather
            # than leave a hole as tall as itself
            return []
        parts = list(super().split(available_width - 2 * self.inset, available_height))
        for part in parts:  # ReportLab makes the parts without the inset
            part.inset = self.inset
        return parts

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width - 2 * self.inset, available_height)
        return width, height

    def _height_at(self, available_width: float) -> float:
        return float(Table.wrap(self, available_width - 2 * self.inset, UNBOUNDED)[1])


#: a box taller than this share of a column is split between columns rather than moved whole
SPLIT_SHARE = 0.4


def text_table(data: Sequence[Sequence[object]], *args: object, inset: float = 0.0, **kwargs: object) -> Table:
    """A Table whose default cell font is the embedded text font (ReportLab's is Helvetica)."""
    table = _InsetTable(data, *args, inset=inset, **kwargs)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONTS.regular)]))
    return table


def plain_table(rows: Sequence[Sequence[object]], width: float) -> Table:
    """Flowables grouped in one borderless, unpadded table cell (to draw them as a block)."""
    return text_table(rows, colWidths=[width], style=TableStyle(cell_padding(0)))


def tinted_panel(flowables: list[Flowable], width: float, tint: Color, padding: float) -> Table:
    """Flowables in a light tinted box (QR and contact panels)."""
    return text_table(
        [[flowables]],
        colWidths=[width],
        style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), tint), *cell_padding(padding)]),
    )


def draw_number_badge(canvas: Canvas, x: float, y: float, radius: float, number: int, font_size: float) -> None:
    """A step number, white on an accent disc centred at (``x``, ``y``): a shape and a
    numeral, not colour alone."""
    canvas.saveState()
    canvas.setFillColor(PALETTE.accent)
    canvas.circle(x, y, radius, stroke=0, fill=1)
    canvas.setFillColor(PALETTE.paper)
    canvas.setFont(FONTS.bold, font_size)
    canvas.drawCentredString(x, y - font_size * 0.34, str(number))
    canvas.restoreState()


class WholeParagraph(Paragraph):
    """A paragraph that moves whole to the next column or page rather than split across
    them (a list item or a menu path broken over a page turn is hard to follow); only a
    paragraph taller than a whole column splits, at the top of one."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        if frame is not None and not frame._atTop:
            return []
        return list(super().split(available_width, available_height))


#: a paragraph of more lines is no short heading: it is not balanced (each try re-breaks it)
MAX_BALANCED_LINES = 8
#: what, besides its text and width, decides where a paragraph's lines break
_BALANCE_STYLE_KEYS = ("fontName", "fontSize", "leading", "leftIndent", "rightIndent", "firstLineIndent")
#: (text, style values, available width) -> the balanced width: the same headings come back
#: in every layout pass (and every render), so each is balanced once per process
_BALANCED_WIDTHS: dict[tuple[object, ...], float] = {}


class BalancedParagraph(Paragraph):
    """A short paragraph (a title, a heading, the motto, a caption) whose lines are broken
    about equally long, so that no line is left holding one word: it is wrapped at the
    narrowest width at which it takes no more lines than at the full width (as CSS
    ``text-wrap: balance``).  Same line count, so the same height; it still takes the
    full width, and a centred paragraph stays centred in it."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        known = getattr(self, "_balanced", None)
        if known is not None and known[0] == available_width:  # wrapped at this width before
            _, self.width, self.height, self.blPara, self._wrapWidths = known
            return available_width, self.height
        key = (self.text, *(getattr(self.style, name) for name in _BALANCE_STYLE_KEYS), available_width)
        narrowest = _BALANCED_WIDTHS.get(key)
        if narrowest is None:
            narrowest = self._narrowest(available_width, available_height)
            if len(_BALANCED_WIDTHS) >= 4096:
                _BALANCED_WIDTHS.clear()
            _BALANCED_WIDTHS[key] = narrowest
        width, height = super().wrap(narrowest, available_height)
        self._balanced = (available_width, width, height, self.blPara, self._wrapWidths)
        return available_width, height

    def _narrowest(self, available_width: float, available_height: float) -> float:
        """The narrowest width at which the paragraph takes as many lines as at ``available_width``."""
        super().wrap(available_width, available_height)
        lines = len(self.blPara.lines)
        if not 2 <= lines <= MAX_BALANCED_LINES:  # one line, or a paragraph, not a heading
            return available_width
        style = self.style
        # below the longest word a word would break: never go there
        low = self.minWidth() + style.leftIndent + style.rightIndent + max(style.firstLineIndent, 0)
        high = available_width
        while high - low > 1:
            middle = (low + high) / 2
            super().wrap(middle, available_height)
            if len(self.blPara.lines) > lines:
                low = middle
            else:
                high = middle
        return float(high)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """A paragraph taller than a column is no short heading: it splits as a plain one, its
        lines at the full width (balanced parts would be re-broken narrower, and the first no
        longer fit where it was cut to fit)."""
        plain = Paragraph(self.text, self.style, bulletText=self.bulletText)
        return list(plain.split(available_width, available_height))

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803 - ReportLab API
        known = getattr(self, "_balanced", None)
        slack = known[0] - self.width if known is not None else 0.0
        shift = {TA_CENTER: slack / 2, TA_RIGHT: slack}.get(self.style.alignment, 0.0)
        super().drawOn(canvas, x + shift, y, _sW)


class StepHeading(Flowable):  # type: ignore[misc]
    """A step title with its number in a round badge; kept with what follows."""

    def __init__(self, number: int, title: Paragraph, styles: Styles) -> None:
        super().__init__()
        self.number = number
        self.title = title
        self.badge: float = styles.step_title.leading  # as tall as one title line: no extra height
        self.gap: float = styles.step_title.fontSize * 0.5
        self.space_before: float = styles.heading.spaceBefore
        self.keepWithNext = 1
        self.font_size: float = styles.step_title.fontSize

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab API
        return self.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab API
        return self.font_size * 0.35

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, title_height = self.title.wrap(available_width - self.badge - self.gap, available_height)
        self.title_height = title_height
        self.width, self.height = available_width, max(title_height, self.badge)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Whole to the next column; only a title taller than a whole column splits, at the top
        of one: its first lines beside the badge, the rest under them, as far in."""
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        if frame is not None and not frame._atTop:
            return []
        indent = self.badge + self.gap
        parts = self.title.split(available_width - indent, available_height)
        if len(parts) < 2:
            return []
        first = copy.copy(self)
        first.title = parts[0]
        return [first, Indenter(left=indent), *parts[1:], Indenter(left=-indent)]

    def draw(self) -> None:
        radius = self.badge / 2
        first_line_middle = self.height - self.title.style.leading / 2 - 1
        centre_y = min(self.height - radius, first_line_middle)
        draw_number_badge(self.canv, radius, centre_y, radius, self.number, self.font_size)
        self.title.drawOn(self.canv, self.badge + self.gap, self.height - self.title_height)


def address_width(label: str, style: ParagraphStyle) -> float:
    """How wide an address prints on one line in ``style``."""
    return float(stringWidth(label, style.fontName, style.fontSize))


def address_line(markup: str, label: str, style: ParagraphStyle, width: float) -> Paragraph:
    """An address under a QR code, on one line: never broken inside (``qamqor.gov.kz/app`` over
    ``eal`` is a wrong address to type). A label wider than ``width`` at its size is set
    smaller, down to PRINT.md's 10 pt for text a reader may type; the layouts leave it room
    (:func:`leaflet.layout.blocks.qr_columns` gives a long address fewer codes a row)."""
    size = float(style.fontSize)
    natural = address_width(label, style)
    if natural > width > 0:
        size = max(min(size, MIN_ADDRESS_PT), size * width / natural)
    fitted = derived_style(
        f"{style.name}_line",
        style,
        fontSize=size,
        leading=float(style.leading) * size / float(style.fontSize),
        splitLongWords=0,  # a label holds no space: it stays one line
    )
    return Paragraph(markup, fitted)
