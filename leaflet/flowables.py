"""Flowables and tables that group, measure or draw what :mod:`leaflet.story` has built.

Nothing here reads content or writes Paragraph markup: the tables take flowables
already made, :class:`StepHeading` takes its title as a finished Paragraph, and
the badge draws a number.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .fonts import FONTS
from .theme import PALETTE, Styles

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
    a border (drawn centred on the table's edge) stays inside the frame and the margin."""

    def __init__(self, *args: object, inset: float, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.inset = inset

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width - 2 * self.inset, available_height)
        return width, height


def text_table(data: Sequence[Sequence[object]], *args: object, inset: float = 0.0, **kwargs: object) -> Table:
    """A Table whose default cell font is the embedded text font (ReportLab's is Helvetica)."""
    table = _InsetTable(data, *args, inset=inset, **kwargs) if inset else Table(data, *args, **kwargs)
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
        return []

    def draw(self) -> None:
        radius = self.badge / 2
        first_line_middle = self.height - self.title.style.leading / 2 - 1
        centre_y = min(self.height - radius, first_line_middle)
        draw_number_badge(self.canv, radius, centre_y, radius, self.number, self.font_size)
        self.title.drawOn(self.canv, self.badge + self.gap, self.height - self.title_height)
