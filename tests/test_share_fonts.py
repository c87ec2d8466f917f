"""Leaflet Sans: PT Sans without hinting, renamed as the OFL asks (fonts/README.md)."""

from __future__ import annotations

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from leaflet.layout.fonts import FONT_DIR

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"
#: the OFL's Reserved Font Names for PT Sans (fonts/PT_Sans-OFL.txt)
RESERVED = ("PT Sans", "PTSans", "PT Serif", "ParaType")
#: the names a user sees: family, subfamily, full name, PostScript name, typographic names
PRIMARY_NAME_IDS = (1, 2, 4, 6, 16, 17)

#: each pair of fonts is read once, by the pytest-xdist worker that runs these tests
pytestmark = pytest.mark.xdist_group("fonts")


@pytest.fixture(params=STYLES, scope="module")
def pair(request: pytest.FixtureRequest) -> tuple[TTFont, TTFont]:
    style = request.param
    return TTFont(FONT_DIR / f"PT_Sans-Web-{style}.ttf"), TTFont(FONT_DIR / f"LeafletSans-{style}.ttf")


def outline(font: TTFont, glyph: str) -> list[tuple[str, tuple[object, ...]]]:
    pen = DecomposingRecordingPen(font.getGlyphSet())
    font.getGlyphSet()[glyph].draw(pen)
    drawn: list[tuple[str, tuple[object, ...]]] = pen.value
    return drawn


def test_same_characters_outlines_and_widths(pair: tuple[TTFont, TTFont]) -> None:
    original, lean = pair
    original_map, lean_map = original.getBestCmap(), lean.getBestCmap()
    assert original_map.keys() == lean_map.keys()
    for code, glyph in original_map.items():
        assert outline(original, glyph) == outline(lean, lean_map[code]), chr(code)
        assert original["hmtx"][glyph][0] == lean["hmtx"][lean_map[code]][0], chr(code)
    for key in ("unitsPerEm", "yMax", "yMin"):
        assert getattr(original["head"], key) == getattr(lean["head"], key)
    assert (original["hhea"].ascent, original["hhea"].descent) == (lean["hhea"].ascent, lean["hhea"].descent)


def test_no_hinting_left(pair: tuple[TTFont, TTFont]) -> None:
    _, lean = pair
    assert not {"fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"} & set(lean.keys())
    glyphs = lean["glyf"]
    for name in lean.getGlyphOrder():
        glyph = glyphs[name]
        assert not (hasattr(glyph, "program") and glyph.program.getBytecode()), f"{name} keeps instructions"


def test_every_kazakh_letter_has_an_outline(pair: tuple[TTFont, TTFont]) -> None:
    _, lean = pair
    cmap = lean.getBestCmap()
    for letter in KAZAKH_LETTERS:
        assert ord(letter) in cmap, letter
        assert outline(lean, cmap[ord(letter)]), f"{letter} has an empty glyph"


def test_renamed_without_reserved_font_names_and_licence_kept(pair: tuple[TTFont, TTFont]) -> None:
    _, lean = pair
    names = lean["name"]
    assert names.getDebugName(1) == "Leaflet Sans"
    for record in names.names:
        if record.nameID in PRIMARY_NAME_IDS:
            assert not any(word in record.toUnicode() for word in RESERVED), record.toUnicode()
    assert "ParaType" in names.getDebugName(0), "the copyright notice stays"
    assert "Open Font License" in names.getDebugName(13)


def test_fonts_folder_documents_the_change() -> None:
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    assert "Leaflet Sans" in readme and "hinting" in readme and "prepare.py" in readme
    assert (FONT_DIR / "PT_Sans-OFL.txt").is_file()
    for style in STYLES:
        assert (FONT_DIR / f"PT_Sans-Web-{style}.ttf").is_file(), "the original PT Sans stays beside it"
