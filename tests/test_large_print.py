"""The large-print edition (issue 11, PRINT.md): A4, one column, body at least 18 pt, bold
headings, leading 1.5, wide margins, QR codes of at least 30 mm, as many pages as it needs."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter

import pytest

from leaflet.content.inline import plain_text
from leaflet.content.model import Content, Leaflet

from .conftest import LEAFLET_ID, SessionBuild
from .pdfread import PT_PER_MM, chars, qr_boxes, reader_of, sized_text, text_runs

LARGE_BODY_PT = 18.0
MARGIN_MM = 15.0  # PRINT.md: "generous margins": more than the 10-12 mm of the leaflets
QR_MM = 30.0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_large_print_is_one_column_of_eighteen_point_type(
    session_build: SessionBuild, content: Content, shipped: Leaflet, lang: str
) -> None:
    path = session_build.out / f"{LEAFLET_ID}-large-print-{lang}.pdf"
    reader = reader_of(path)
    pages = reader.pages
    assert len(pages) % 2 == 0 and len(pages) >= 2, "both sides of every sheet"
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width / PT_PER_MM), round(height / PT_PER_MM)) == (210, 297)
    sizes = Counter(round(run.size, 1) for page in pages for run in text_runs(page) for _ in run.text if _.strip())
    body = sizes.most_common(1)[0][0]
    assert body >= LARGE_BODY_PT, sizes
    # headings are larger than the body: at least 1.25 × (PRINT.md)
    assert max(sizes) >= body * 1.25, sizes
    # one column: the lines of body text start at one of a few left edges (text and list indents)
    drawn = [char for index in range(len(pages)) for char in chars(path, index) if char.text.strip()]
    assert min(char.left for char in drawn) >= MARGIN_MM * PT_PER_MM, "wide margins"
    assert max(char.right for char in drawn) <= width - MARGIN_MM * PT_PER_MM
    # the text says everything the leaflet says: every step's title, in order
    text, _ = sized_text(tuple(run for page in pages for run in text_runs(page)))
    labels = {link_id: link.label(lang) for link_id, link in content.links.items()}
    found = -1
    for step in shipped.texts[lang].steps():
        title = " ".join(plain_text(step.title, labels).split()[:3])
        position = text.find(title)
        assert position > found, title
        found = position


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_large_print_leading_and_codes(session_build: SessionBuild, lang: str) -> None:
    path = session_build.out / f"{LEAFLET_ID}-large-print-{lang}.pdf"
    pages = reader_of(path).pages
    # leading 1.5: consecutive lines of one body paragraph sit 27 pt apart
    body = [run for run in text_runs(pages[1]) if abs(run.size - LARGE_BODY_PT) < 0.1]
    baselines = sorted({round(run.y, 1) for run in body}, reverse=True)
    gaps = [round(upper - lower, 1) for upper, lower in itertools.pairwise(baselines)]
    assert statistics.mode(gaps) == pytest.approx(LARGE_BODY_PT * 1.5, abs=0.6), gaps
    codes = qr_boxes(path, len(pages) - 1)
    assert len(codes) == 4
    for _, (left, _top, right, _bottom) in codes:
        assert (right - left) / PT_PER_MM >= QR_MM - 0.5
