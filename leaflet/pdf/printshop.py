"""Output for a print shop: bleed, crop marks and page boxes (``--bleed``, ``--marks``, ``--cmyk``).

Documents are drawn at their trim size with edge-touching colour running on
past the edge (:meth:`FormatSpec.with_bleed`); :func:`finish_for_print` then
puts every page on a larger sheet: the art clipped to the bleed, crop marks
outside the bleed, and the TrimBox, BleedBox and MediaBox set on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from ..layout.fonts import FONTS, register_fonts
from ..layout.theme import REGISTRATION
from ..units import mm
from .options import MARK_LENGTH_MM, MARK_WIDTH_PT, PrintOptions
from .pdfwrite import finish, reader


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
