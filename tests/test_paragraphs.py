"""The layout's Paragraph (leaflet/layout/paragraphs.py): while measuring, paragraphs share
their parsed markup and broken lines with their twins; what they measure and how they split
must be exactly what ReportLab's own Paragraph gives."""

from __future__ import annotations

import random
import threading

import pytest
from reportlab.platypus.paragraph import Paragraph as ReportLabParagraph

from leaflet.layout import paragraphs
from leaflet.layout.fonts import register_fonts
from leaflet.layout.theme import make_styles

WORDS = [
    "a",
    "an",
    "the",
    "of",
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
]


def lines_of(paragraph: ReportLabParagraph) -> list[str]:
    """Each line of a wrapped paragraph as its words (a one-style paragraph's lines hold words)."""
    para = paragraph.blPara
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return [" ".join(getattr(word, "text", "") for word in line.words) for line in para.lines]


def split_texts(parts: list[ReportLabParagraph], width: float) -> list[tuple[list[str], float]]:
    for part in parts:
        part.wrap(width, 1e6)
    return [(lines_of(part), part.height) for part in parts]


@pytest.mark.parametrize("bullet", ["10.", "1.", "\u2013", "\u2022", None])
@pytest.mark.parametrize("seed", range(6))
def test_a_measured_paragraph_wraps_and_splits_as_reportlab_does_cold_and_warm(bullet: str | None, seed: int) -> None:
    """A bullet wider than its indent narrows the first line (ReportLab does it in the widths'
    list): a paragraph broken first, or a twin of one, splits where ReportLab's splits."""
    register_fonts()
    styles = make_styles(9.0)
    style = styles.subitem if bullet == "\u2013" else styles.item
    text = " ".join(random.Random(seed).choice(WORDS) for _ in range(60))
    width, height = 150.0, 40.0
    plain = ReportLabParagraph(text, style, bulletText=bullet)
    plain.wrap(width, 1e6)
    expected_lines, expected_height = lines_of(plain), plain.height
    expected_split = split_texts(ReportLabParagraph(text, style, bulletText=bullet).split(width, height), width)
    paragraphs._PARSES.clear()
    for _ in ("cold", "warm"):  # the first breaks the lines, the second is its twin
        with paragraphs.measuring():
            measured = paragraphs.Paragraph(text, style, bulletText=bullet)
            measured.wrap(width, 1e6)
            assert (lines_of(measured), measured.height) == (expected_lines, expected_height)
            parts = measured.split(width, height)
        assert split_texts(parts, width) == expected_split


def test_measuring_is_per_thread_and_never_left_on() -> None:
    """The studio lays out a fit check and a preview on two threads at once: one thread's
    measuring pass must not make the other's drawn paragraphs share lines, and contexts that
    overlap across threads must leave neither on."""
    register_fonts()
    style = make_styles(12.0).body
    entered, leave = threading.Event(), threading.Event()
    seen: list[bool] = []

    def measure_elsewhere() -> None:
        with paragraphs.measuring():
            entered.set()
            leave.wait(5)
            seen.append(paragraphs.Paragraph("elsewhere", style)._shared is not None)

    thread = threading.Thread(target=measure_elsewhere)
    thread.start()
    assert entered.wait(5)
    drawn = paragraphs.Paragraph("drawn here while another thread measures", style)
    with paragraphs.measuring():
        inner = paragraphs.Paragraph("measured here", style)
    leave.set()
    thread.join(5)
    assert drawn._shared is None, "a paragraph to draw must have its own fragments"
    assert inner._shared is not None
    assert seen == [True]
    assert paragraphs.Paragraph("after both", style)._shared is None
