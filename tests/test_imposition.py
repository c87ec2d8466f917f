"""Booklet imposition: the order of pages on the sheets, read back from real and synthetic PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen.canvas import Canvas

from leaflet.pdf.impose import booklet_sides, impose_booklet

from .conftest import QR_URLS, Built
from .pdfread import PT_PER_MM, bounded_text, qr_codes, render, resources

FOLD_CLEARANCE_MM = 8.0  # PRINT.md: QR codes at least 8 mm from a fold


def test_four_pages_fold_from_one_sheet() -> None:
    # issue 4: sheet 1 front 4 | 1, back 2 | 3
    assert booklet_sides(4) == ((4, 1), (2, 3))


def test_eight_pages_fold_from_two_nested_sheets() -> None:
    # sheet 1: 8 | 1, 2 | 7; sheet 2: 6 | 3, 4 | 5
    assert booklet_sides(8) == ((8, 1), (2, 7), (6, 3), (4, 5))


@pytest.mark.parametrize("pages", [4, 8, 12, 16, 32])
def test_every_page_once_and_facing_pages_add_up(pages: int) -> None:
    sides = booklet_sides(pages)
    assert len(sides) == pages // 2
    assert sorted(page for side in sides for page in side) == list(range(1, pages + 1))
    # folded, the two halves of a side are the pages that face across the spine
    assert all(left + right == pages + 1 for left, right in sides)
    # the fronts carry the odd pages on the right, the backs the even pages on the left
    assert all(right % 2 == 1 for _, right in sides[::2]) and all(left % 2 == 0 for left, _ in sides[1::2])


@pytest.mark.parametrize("pages", [0, 2, 6, 10])
def test_a_booklet_needs_a_multiple_of_four_pages(pages: int) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        booklet_sides(pages)


def numbered_pages(count: int) -> bytes:
    """A5 pages that each say which page they are."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1)
    for number in range(1, count + 1):
        canvas.setFont("Helvetica", 60)
        canvas.drawCentredString(A5[0] / 2, A5[1] / 2, f"P{number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def halves(path: Path, index: int) -> tuple[str, str]:
    width, height = landscape(A4)
    return bounded_text(path, index, (0, 0, width / 2, height)), bounded_text(
        path, index, (width / 2, 0, width, height)
    )


def test_imposition_of_twelve_pages_in_order_and_in_vector(tmp_path: Path) -> None:
    path = tmp_path / "booklet.pdf"
    path.write_bytes(impose_booklet(numbered_pages(12), landscape(A4)))
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 6
    for index, (left, right) in enumerate(booklet_sides(12)):
        assert halves(path, index) == (f"P{left}", f"P{right}")
        assert resources(reader.pages[index], "/Font")  # the text is still text
        assert all(str(xobject["/Subtype"]) != "/Image" for xobject in resources(reader.pages[index], "/XObject"))


@pytest.mark.parametrize("edition", ["kk", "ru", "kk-ru"])
def test_booklet_sheets_carry_the_leaflet_pages_in_booklet_order(
    printed: dict[tuple[str, str], Built], edition: str
) -> None:
    pages, booklet = printed[("a5", edition)], printed[("a5-booklet", edition)]
    width, height = A5
    page_text = [bounded_text(pages.path, index, (0, 0, width, height)) for index in range(len(pages.reader.pages))]
    assert all(page_text)
    sides = booklet_sides(len(page_text))
    assert len(booklet.reader.pages) == len(sides)
    for index, (left, right) in enumerate(sides):
        assert halves(booklet.path, index) == (page_text[left - 1], page_text[right - 1])
    links = sum(len(page.get("/Annots", [])) for page in pages.reader.pages)
    assert sum(len(page.get("/Annots", [])) for page in booklet.reader.pages) == links


@pytest.mark.parametrize("edition", ["kk", "ru", "kk-ru"])
def test_booklet_qr_codes_decode_and_keep_clear_of_the_fold(
    printed: dict[tuple[str, str], Built], edition: str
) -> None:
    booklet = printed[("a5-booklet", edition)]
    dpi = 150
    found = []
    for index in range(len(booklet.reader.pages)):
        image = render(booklet.path, index, dpi)
        fold = image.width / 2
        for code in qr_codes(image):
            found.append(code.text)
            xs = [point.x for point in (code.position.top_left, code.position.bottom_right)]
            distance = min(abs(x - fold) for x in xs) / dpi * 25.4
            assert (min(xs) - fold) * (max(xs) - fold) > 0, f"{code.text} crosses the fold"
            assert distance >= FOLD_CLEARANCE_MM, f"{code.text} is {distance:.1f} mm from the fold"
    assert sorted(found) == sorted(list(QR_URLS) * (2 if edition == "kk-ru" else 1))


def test_booklet_sheet_is_a4_landscape(printed: dict[tuple[str, str], Built]) -> None:
    for page in printed[("a5-booklet", "kk")].reader.pages:
        assert round(float(page.mediabox.width) / PT_PER_MM) == 297
        assert round(float(page.mediabox.height) / PT_PER_MM) == 210
