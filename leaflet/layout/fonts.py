"""The fonts: Leaflet Sans for text, a DejaVu Sans subset for symbols it lacks.

Leaflet Sans is PT Sans with its TrueType hinting removed (``fonts/prepare.py``,
``fonts/README.md``): the same outlines, metrics and characters, a third of
the embedded size.  Fonts are registered with ReportLab once per process.  Coverage is answered
from the fonts' own character maps, so a character no font has is found before
layout (ReportLab would otherwise print an empty box, silently).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import data_folder

#: the fonts: the repository's fonts/ in a checkout, a copy of it in an installed wheel
FONT_DIR = data_folder("fonts")

TEXT_FAMILY = "LeafletSans"
SYMBOL_FONT = "LeafletSymbols"

_FILES = {
    "LeafletSans": "LeafletSans-Regular.ttf",
    "LeafletSans-Bold": "LeafletSans-Bold.ttf",
    "LeafletSans-Italic": "LeafletSans-Italic.ttf",
    "LeafletSans-BoldItalic": "LeafletSans-BoldItalic.ttf",
    SYMBOL_FONT: "DejaVuSans-Symbols.ttf",
}


@dataclass(frozen=True)
class FontSet:
    regular: str = "LeafletSans"
    bold: str = "LeafletSans-Bold"
    italic: str = "LeafletSans-Italic"
    bold_italic: str = "LeafletSans-BoldItalic"
    symbols: str = SYMBOL_FONT


FONTS = FontSet()


@functools.cache
def register_fonts() -> FontSet:
    """Register every font with ReportLab (once per process) and return their names."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename), asciiReadable=False))
    addMapping(TEXT_FAMILY, 0, 0, FONTS.regular)
    addMapping(TEXT_FAMILY, 1, 0, FONTS.bold)
    addMapping(TEXT_FAMILY, 0, 1, FONTS.italic)
    addMapping(TEXT_FAMILY, 1, 1, FONTS.bold_italic)
    return FONTS


@functools.cache
def _charmap(font_name: str) -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return frozenset(face.charToGlyph)


def has_glyph(font_name: str, char: str) -> bool:
    return ord(char) in _charmap(font_name)


@functools.cache
def text_chars() -> frozenset[str]:
    """The characters every text weight (regular and bold) has."""
    both = _charmap(FONTS.regular) & _charmap(FONTS.bold)
    return frozenset(map(chr, both)) | {"\n", "\t"}


def symbol_chars() -> frozenset[str]:
    return frozenset(map(chr, _charmap(FONTS.symbols)))


def text_font_has(char: str) -> bool:
    """True when every text weight (regular and bold) has the character."""
    return char in text_chars()


def average_advance(text: str) -> float:
    """Average advance width of the text's characters in the regular text font, in em."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, FONTS.regular, 1.0)) / max(len(text), 1)
