"""Output for a print shop: bleed, crop marks and page boxes (``--bleed``, ``--marks``, ``--cmyk``).

Documents are drawn at their trim size with edge-touching colour running on
past the edge (:meth:`FormatSpec.with_bleed`); :func:`finish_for_print` then
puts every page on a larger sheet: the art clipped to the bleed, crop marks
outside the bleed, and the TrimBox, BleedBox and MediaBox set on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from ..layout.fonts import FONTS, register_fonts
from ..layout.theme import REGISTRATION
from ..units import mm
from .pdfwrite import finish, reader

#: PRINT.md: crop marks at least 3 mm outside the trim, and outside the bleed
MARK_OFFSET_MM = 3.0
MARK_GAP_MM = 0.5  # between the bleed's edge and where a mark starts
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
SLUG_MM = 1.0  # paper beyond the end of the marks


@dataclass(frozen=True)
class PrintOptions:
    """How the output is printed: office printer (the default) or print shop."""

    bleed_mm: float = 0.0
    marks: bool = False
    cmyk: bool = False

    @property
    def for_print_shop(self) -> bool:
        return bool(self.bleed_mm or self.marks)

    def mark_start(self) -> float:
        """Distance from the trim at which crop marks start, in points."""
        return max(MARK_OFFSET_MM, self.bleed_mm + MARK_GAP_MM) * mm

    def margin(self) -> float:
        """Paper around the trim on the print-shop sheet, in points."""
        if self.marks:
            return self.mark_start() + (MARK_LENGTH_MM + SLUG_MM) * mm
        return self.bleed_mm * mm


def _marks_page(options: PrintOptions, trim: tuple[float, float], folds: Sequence[float]) -> bytes:
    """A page holding only the crop marks (and fold marks at ``folds``, x from the trim's left)."""
    register_fonts()
    width, height = trim
    margin, start, length = options.margin(), options.mark_start(), MARK_LENGTH_MM * mm
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(width + 2 * margin, height + 2 * margin), invariant=1, initialFontName=FONTS.regular
    )
    canvas.setStrokeColor(REGISTRATION if options.cmyk else black)
    canvas.setLineWidth(MARK_WIDTH_PT)
    for x in (margin, margin + width):
        for y in (margin, margin + height):
            outward_x = -1 if x == margin else 1
            outward_y = -1 if y == margin else 1
            canvas.line(x + outward_x * start, y, x + outward_x * (start + length), y)  # horizontal mark
            canvas.line(x, y + outward_y * start, x, y + outward_y * (start + length))  # vertical mark
    canvas.setDash(2, 2)
    for fold in folds:
        for y in (margin - start, margin + height + start + length):
            canvas.line(margin + fold, y - length, margin + fold, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def finish_for_print(pdf: bytes, options: PrintOptions, folds: Sequence[float] = ()) -> bytes:
    """``pdf`` as print-shop pages: art clipped to the bleed, crop marks, page boxes.
    Office options return ``pdf`` unchanged."""
    if not options.for_print_shop:
        return pdf
    source = reader(pdf)
    bleed, margin = options.bleed_mm * mm, options.margin()
    writer = PdfWriter()
    marks: dict[tuple[float, float], PageObject] = {}
    for page in source.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.cropbox = RectangleObject((-bleed, -bleed, width + bleed, height + bleed))  # the clip on merging
        sheet = writer.add_blank_page(width + 2 * margin, height + 2 * margin)
        sheet.merge_transformed_page(page, Transformation().translate(margin, margin))
        if options.marks:
            if (width, height) not in marks:
                marks[(width, height)] = reader(_marks_page(options, (width, height), folds)).pages[0]
            sheet.merge_page(marks[(width, height)])
        sheet.trimbox = RectangleObject((margin, margin, margin + width, margin + height))
        sheet.bleedbox = RectangleObject(
            (margin - bleed, margin - bleed, margin + width + bleed, margin + height + bleed)
        )
    return finish(writer, source)
