"""Which characters the fonts can print, answered without loading ReportLab on every check.

The fonts' character maps are read with ReportLab (:mod:`leaflet.layout.fonts`) once per set of
font files and kept as JSON beside the plans (:mod:`leaflet.layout.plan_store`), under the fonts'
fingerprint: another font file is read afresh, and a missing or damaged file is read again from
the fonts, so the answer is always the fonts' own.
"""

from __future__ import annotations

import functools
import sys

from .keys import font_fingerprint
from .plan_store import disk_store

_VERSION = 1


@functools.cache
def _printable() -> tuple[frozenset[str], frozenset[str]]:
    """(the characters of the text fonts, of the symbol font)."""
    store = disk_store()
    name = f"coverage-{font_fingerprint()[:40]}.json"
    kept = store.read(name) if store is not None else None
    if isinstance(kept, dict) and kept.get("version") == _VERSION:
        text, symbols = _chars(kept.get("text")), _chars(kept.get("symbols"))
        if text and symbols:
            return text, symbols
    from .fonts import symbol_chars, text_chars  # ReportLab reads the fonts' cmap tables

    found = text_chars(), symbol_chars()
    if store is not None:
        kept = {"version": _VERSION, "text": sorted(map(ord, found[0])), "symbols": sorted(map(ord, found[1]))}
        store.write(name, kept)
    return found


def _chars(value: object) -> frozenset[str]:
    """The characters of a kept list of code points; none if it is not one."""
    if not isinstance(value, list) or not all(isinstance(item, int) and 0 <= item <= sys.maxunicode for item in value):
        return frozenset()
    return frozenset(map(chr, value))


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` that neither the text fonts nor the symbol font can print."""
    text_chars, symbol_chars = _printable()
    return sorted({char for char in text if char not in text_chars and char not in symbol_chars})
