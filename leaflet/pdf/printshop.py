"""Output for a print shop: bleed, crop marks and page boxes (``--bleed``, ``--marks``, ``--cmyk``).

Documents are drawn at their trim size with edge-touching colour running on
past the edge (:meth:`FormatSpec.with_bleed`); :func:`finish_for_print` then
puts every page on a larger sheet: the art clipped to the bleed, crop marks
outside the bleed, and the TrimBox, BleedBox and MediaBox set on every page.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

import pikepdf
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from ..layout.fonts import FONTS, register_fonts
from ..layout.theme import REGISTRATION
from ..units import mm
from .options import MARK_LENGTH_MM, MARK_WIDTH_PT, PrintOptions
from .pdfwrite import Box, Sheet, open_pdf, page_size, replace_pages, save


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
    """``folds``: where the sheets fold, as a share of their width from the left (0.5: the middle)."""
    """``pdf`` as print-shop pages: art clipped to the bleed, crop marks, page boxes.
    Office options return ``pdf`` unchanged."""
    if not options.for_print_shop:
        return pdf
    bleed, margin = options.bleed_mm * mm, options.margin()
    with open_pdf(pdf) as document, contextlib.ExitStack() as kept_open:
        # qpdf copies a foreign stream's data when it saves: the marks' documents stay open
        marks: dict[tuple[float, float], pikepdf.Object] = {}
        sheets: list[tuple[Sheet, dict[str, Box]]] = []
        for page in document.pages:
            width, height = page_size(page)
            sheet = Sheet(document, (width + 2 * margin, height + 2 * margin))
            sheet.place(page, (margin, margin), (-bleed, -bleed, width + bleed, height + bleed))
            if options.marks:
                if (width, height) not in marks:
                    at = [width * share for share in folds]
                    marks_document = kept_open.enter_context(open_pdf(_marks_page(options, (width, height), at)))
                    marks[(width, height)] = document.copy_foreign(marks_document.pages[0].as_form_xobject())
                sheet.place_form(marks[(width, height)], (0, 0))
            trim = (margin, margin, margin + width, margin + height)
            bleed_box = (margin - bleed, margin - bleed, margin + width + bleed, margin + height + bleed)
            sheets.append((sheet, {"TrimBox": trim, "BleedBox": bleed_box}))
        replace_pages(document, sheets)
        return save(document)
