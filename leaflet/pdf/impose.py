"""Booklet imposition: the pages of a folded booklet, 2-up on sheets, in printing order.

The order is plain data (:func:`booklet_sides`); :func:`impose_booklet` places
the pages with pikepdf as vector content (no rendering to images).  A sheet
printed duplex, flipped on the short edge, and folded in half gives the pages
in reading order; sheets are nested in the order they come out.
"""

from __future__ import annotations

from .pdfwrite import Box, Sheet, open_pdf, page_size, replace_pages, save


def booklet_sides(pages: int) -> tuple[tuple[int, int], ...]:
    """(left page, right page) of every sheet side, front then back, sheet by sheet.

    For 4 pages: sheet 1 front 4 | 1, back 2 | 3.  For 8: 8 | 1, 2 | 7, 6 | 3, 4 | 5."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a folded booklet has a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        outer, inner = 2 * sheet + 1, pages - 2 * sheet
        sides += [(inner, outer), (outer + 1, inner - 1)]
    return tuple(sides)


def impose_booklet(pdf: bytes, sheet_size: tuple[float, float], bleed: float = 0.0) -> bytes:
    """The pages of ``pdf`` imposed 2-up on sheets of ``sheet_size`` (points, landscape).

    The two pages meet at the middle of the sheet (the fold).  Each page shows what it
    draws up to its trim at the fold, and up to ``bleed`` beyond its trim on the three
    outer sides, where the sheet's own bleed continues it."""
    with open_pdf(pdf) as document:
        pages = list(document.pages)
        page_width, page_height = page_size(pages[0])
        sheet_width, sheet_height = sheet_size
        fold = sheet_width / 2
        bottom = (sheet_height - page_height) / 2
        sheets: list[tuple[Sheet, dict[str, Box]]] = []
        for left, right in booklet_sides(len(pages)):
            sheet = Sheet(document, sheet_size)
            sheet.place(pages[left - 1], (fold - page_width, bottom), (-bleed, -bleed, page_width, page_height + bleed))
            sheet.place(pages[right - 1], (fold, bottom), (0, -bleed, page_width + bleed, page_height + bleed))
            sheets.append((sheet, {}))
        replace_pages(document, sheets)
        return save(document)
