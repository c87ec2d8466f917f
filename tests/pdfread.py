"""Reading printed PDFs back: text runs with their printed size and place, page renders, QR codes."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: its size in points on paper and its origin."""

    text: str
    size: float
    x: float
    y: float


def _multiply(first: list[float], second: list[float]) -> list[float]:
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return [a * g + b * i, a * h + b * j, c * g + d * i, c * h + d * j, e * g + f * i + k, e * h + f * j + m]


def text_runs(page: pypdf.PageObject) -> list[Run]:
    """Every non-blank text run of the page, in drawing order, with the size it prints at
    (the font size times the scale of the text and current transformation matrices)."""
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            matrix = _multiply(list(map(float, tm)), list(map(float, cm)))
            scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
            runs.append(Run(text, size * scale, matrix[4], matrix[5]))

    page.extract_text(visitor_text=visit)
    return runs


def sized_text(runs: list[Run]) -> tuple[str, list[float]]:
    """The runs' text joined with single spaces, and the printed size of every character."""
    text, sizes = "", []
    for run in runs:
        for char in re.sub(r"\s+", " ", f" {run.text} "):
            if char == " " and text.endswith(" "):
                continue
            text += char
            sizes.append(math.inf if char == " " else run.size)
    return text, sizes


def sizes_of(runs: list[Run], phrase: str) -> list[float]:
    """The printed sizes of the characters of ``phrase`` where it first appears (empty if absent)."""
    text, sizes = sized_text(runs)
    start = text.find(re.sub(r"\s+", " ", phrase))
    return [] if start < 0 else [size for size in sizes[start : start + len(phrase)] if size != math.inf]


def render(path: Path, index: int, dpi: float, grey: bool = True) -> Image.Image:
    """One page (its whole media box) rendered at ``dpi``."""
    document = pdfium.PdfDocument(path)
    image = document[index].render(scale=dpi / 72).to_pil()
    return image.convert("L") if grey else image.convert("RGB")


def page_count(path: Path) -> int:
    return len(pdfium.PdfDocument(path))


def qr_codes(image: Image.Image) -> list[zxingcpp.Barcode]:
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def bounded_text(path: Path, index: int, box: tuple[float, float, float, float]) -> str:
    """The text inside ``box`` (left, bottom, right, top in points) of a page, whitespace collapsed."""
    document = pdfium.PdfDocument(path)
    text = document[index].get_textpage().get_text_bounded(*box)
    return re.sub(r"\s+", " ", text).strip()
