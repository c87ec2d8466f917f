"""Make the Leaflet Sans fonts from PT Sans: the same outlines and metrics, no hinting.

Run from the project root with fontTools installed (``pip install -e '.[dev]'``)::

    python fonts/prepare.py

PT Sans's TrueType hinting (the fpgm/prep/cvt tables and the instructions in
every glyph) is four fifths of its glyph data, and ReportLab embeds it with
every subset; it only changes how glyphs snap to pixels on low-resolution
screens, never what prints.  This script drops it, and the kerning and layout
tables ReportLab never reads, and keeps every character and outline.

The result is a Modified Version under the SIL Open Font License 1.1: it must
not carry the Reserved Font Names "PT Sans", "PT Serif" or "ParaType", so the
family is renamed "Leaflet Sans".  The copyright and licence records stay.
The output is reproducible (no timestamp is updated).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent
FAMILY = "Leaflet Sans"
STYLES = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}
#: name records kept from the source: copyright, licence, licence URL (ReportLab copies the
#: name table into every embedded subset, so it holds only what the OFL and a viewer need)
KEPT_NAME_IDS = (0, 13, 14)
#: the licence record keeps the copyright and Reserved Font Name statement and points to the
#: full text (fonts/PT_Sans-OFL.txt) instead of holding it
LICENSE_POINTER = (
    "Modified Version (hinting removed) licensed under the SIL Open Font License, Version 1.1: "
    "https://openfontlicense.org"
)
DROPPED_TABLES = ["DSIG", "LTSH", "hdmx", "VDMX", "kern", "GPOS", "GSUB", "GDEF"]
#: gasp for an unhinted font: grey-scale, symmetric smoothing at every size
GASP_UNHINTED = 0x000A


def prepare(source: Path, style: str, target: Path) -> None:
    font = TTFont(source, recalcTimestamp=False)
    version = font["name"].getDebugName(5) or "Version 1.0"
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += DROPPED_TABLES
    options.name_IDs = list(KEPT_NAME_IDS)
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap())
    subsetter.subset(font)
    rename(font, style, version)
    font["gasp"].gaspRange = {0xFFFF: GASP_UNHINTED}
    font.save(target)


def rename(font: TTFont, style: str, version: str) -> None:
    """Give the font its own family name: no Reserved Font Name anywhere in its names."""
    names = font["name"]
    subfamily = STYLES[style]
    records = {
        1: FAMILY,
        2: subfamily,
        4: FAMILY if subfamily == "Regular" else f"{FAMILY} {subfamily}",
        5: f"{version.replace(' OFL', '')}; leaflet: hinting removed",
        6: f"LeafletSans-{style}",
        13: names.getDebugName(13).split("\n")[0].strip() + "\n\n" + LICENSE_POINTER,
    }
    for name_id, text in records.items():
        names.setName(text, name_id, 3, 1, 0x409)
    forbidden = ("PT Sans", "PTSans", "PT Serif")
    for record in names.names:
        if record.nameID not in (0, 13) and any(word in record.toUnicode() for word in forbidden):
            raise SystemExit(f"name record {record.nameID} still carries a Reserved Font Name")


def main() -> None:
    for style in STYLES:
        source = FONT_DIR / f"PT_Sans-Web-{style}.ttf"
        target = FONT_DIR / f"LeafletSans-{style}.ttf"
        prepare(source, style, target)
        print(f"{target.name}: {target.stat().st_size / 1024:.0f} KB (from {source.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
