"""The registries of output formats and editions: immutable specs, one per name.

The CLI takes its ``--format`` and ``--lang`` choices and the ``leaflet formats``
listing from :data:`FORMATS` and :data:`EDITIONS`, so adding a format or an
edition never touches the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from reportlab.lib.pagesizes import A2, A3, A4, A5, landscape

from ..content.model import LANGUAGES
from ..units import mm

#: PRINT.md: body text at least 12 pt in leaflets.
MIN_BODY_PT = 12.0
#: PRINT.md: a line holds 45-75 characters in one column; in columns (A4) at least 35.
MIN_LINE_CHARS = 45
MIN_COLUMN_LINE_CHARS = 35
MAX_LINE_CHARS = 75
#: PRINT.md: leading 1.3-1.5 × the font size; the fit search opens it as far as the pages allow.
LEADING_RATIOS = (1.5, 1.45, 1.4, 1.35, 1.3)
#: PRINT.md: large print has a body of at least 18 pt (16 pt the absolute floor).
LARGE_PRINT_PT = 18.0
#: PRINT.md: nothing within 10 mm of the trim on office formats.
SAFE_MARGIN_MM = 10.0
#: PRINT.md: QR codes at least 8 mm from a fold.
QR_FOLD_CLEARANCE_MM = 8.0


@dataclass(frozen=True)
class Edition:
    """The languages one output file is printed in, in their printed order."""

    code: str
    langs: tuple[str, ...]
    description: str

    @property
    def bilingual(self) -> bool:
        return len(self.langs) > 1


#: the single-language editions, and the bilingual one: Kazakh (the state language) first,
#: Russian second, as LANGUAGES orders them
SINGLE = tuple(LANGUAGES)
BILINGUAL = "-".join(LANGUAGES)


def _editions() -> dict[str, Edition]:
    single = {code: Edition(code, (code,), language.name) for code, language in LANGUAGES.items()}
    names = " and ".join(language.name for language in LANGUAGES.values())
    return {**single, BILINGUAL: Edition(BILINGUAL, SINGLE, f"{names}, Kazakh first")}


EDITIONS: Mapping[str, Edition] = MappingProxyType(_editions())


@dataclass(frozen=True)
class FormatSpec:
    """Everything that varies between formats: geometry, type scale, QR size, page budget."""

    name: str
    description: str  # what it is for, shown by ``leaflet formats``
    layout: str  # the kind of layout (leaflet.pdf.documents.KINDS): "flow", "poster" or "screen"
    page_size: tuple[float, float]  # points, as printed
    #: the page counts one language's document may have, fewest first (the plan takes the
    #: fewest that hold the text); a screen format's pages follow the text, up to the last
    page_budgets: tuple[int, ...]
    margin_mm: float = 12.0
    columns: int = 1
    gutter_mm: float = 7.0
    body_sizes: tuple[float, ...] = (14.0, 13.5, 13.0, 12.5, 12.0)  # tried largest first
    qr_symbol_mm: float = 25.0  # the smallest the plan uses
    #: the QR sizes the plan may grow the codes to with spare room, largest first, ending
    #: with ``qr_symbol_mm`` (PRINT.md: spare room goes to type size, then leading, then QR size)
    qr_growth: tuple[float, ...] = ()
    caption_pt: float = 10.0
    title_ratio: float = 1.9
    #: editions (EDITIONS keys) this format is built in
    editions: tuple[str, ...] = SINGLE
    #: how a bilingual edition is printed: "pages" (one language after the other)
    #: or "columns" (side by side on the same page)
    bilingual: str = "pages"
    #: for an imposed format: the format whose pages are imposed, and the sheet size
    imposed_from: str = ""
    #: for an archival copy: the format whose drawing it is made from (drawn once for both)
    drawn_as: str = ""
    #: for a poster: the size it is designed at; it is printed scaled to page_size
    design_size: tuple[float, float] | None = None
    file_pattern: str = "{name}-{edition}.pdf"
    #: bleed in mm for print-shop output; 0 for office printers (set by ``with_bleed``)
    bleed_mm: float = 0.0
    #: an archival copy: PDF/A-2 with XMP metadata and an sRGB output intent (leaflet.pdf.pdfa);
    #: level A when tagged
    archival: bool = False
    #: the pages are folded into a booklet: page 1 is a right-hand page, its spine on the left
    folded: bool = False
    #: the leading ratios the plan may choose, most open first (default: PRINT.md's 1.3-1.5)
    leading_ratios: tuple[float, ...] = LEADING_RATIOS
    #: written as tagged PDF (PDF/UA-1): a structure tree for screen readers (leaflet.pdf.tagging)
    tagged: bool = False

    @property
    def margin(self) -> float:
        return self.margin_mm * mm

    @property
    def bleed(self) -> float:
        return self.bleed_mm * mm

    @property
    def width(self) -> float:
        return self.page_size[0]

    @property
    def height(self) -> float:
        return self.page_size[1]

    @property
    def scale(self) -> float:
        """How much a poster's design is enlarged to print at page_size."""
        return self.width / self.design_size[0] if self.design_size else 1.0

    @property
    def qr_sizes(self) -> tuple[float, ...]:
        return (*self.qr_growth, self.qr_symbol_mm)

    @property
    def gutter(self) -> float:
        return self.gutter_mm * mm

    @property
    def leadings(self) -> tuple[float, ...]:
        return self.leading_ratios

    @property
    def min_line_chars(self) -> int:
        """PRINT.md's shortest line: 45 characters in one column, 35 in columns."""
        return MIN_COLUMN_LINE_CHARS if self.columns > 1 else MIN_LINE_CHARS

    def column_width(self) -> float:
        """Width of one text column, in points."""
        return (self.width - 2 * self.margin - (self.columns - 1) * self.gutter_mm * mm) / self.columns

    def file_name(self, edition: str) -> str:
        return self.file_pattern.format(name=self.name, edition=edition)

    @property
    def drawn_from(self) -> str:
        """The format whose drawing this one is made from: a booklet's A5, an archival copy's
        phone PDF; its own name for a format drawn for itself (the only ones laid out)."""
        return self.imposed_from or self.drawn_as or self.name

    def pages_label(self) -> str:
        """The page counts it may have, for ``leaflet formats``: "2 or 4 pages"."""
        counts = self.page_budgets
        if self.imposed_from:
            sheets = tuple(count // 4 for count in FORMATS[self.imposed_from].page_budgets)
            return f"{_either(sheets)} sheets, 2 sides each"
        if self.layout == "screen":
            return f"up to {counts[-1]} pages"
        return f"{_either(counts)} page{'s' if counts[-1] > 1 else ''}"

    def size_label(self) -> str:
        return f"{self.width / mm:.0f} × {self.height / mm:.0f} mm"

    def with_bleed(self, bleed_mm: float) -> FormatSpec:
        """The same format drawn for a print shop: edge-touching colour runs ``bleed_mm`` on."""
        return replace(self, bleed_mm=bleed_mm)


def _either(counts: tuple[int, ...]) -> str:
    words = [str(count) for count in counts]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


FORMATS: Mapping[str, FormatSpec] = MappingProxyType(
    {
        "a4": FormatSpec(
            name="a4",
            description="A4 leaflet for counters and waiting rooms: one sheet printed on both sides, two columns",
            layout="flow",
            page_size=A4,
            page_budgets=(2, 4),  # one sheet printed on both sides, else two
            margin_mm=10.0,
            title_ratio=2.1,
            columns=2,
            gutter_mm=6.0,
            qr_symbol_mm=30.0,
            qr_growth=(45.0, 40.0, 35.0),
        ),
        "a5": FormatSpec(
            name="a5",
            description="A5 booklet pages to hand out (print with a5-booklet): the text, then QR codes and contacts",
            layout="flow",
            page_size=A5,
            page_budgets=(4, 8, 12),  # a folded booklet: one, two or three sheets
            folded=True,
            margin_mm=10.0,
            qr_symbol_mm=21.0,
            qr_growth=(35.0, 30.0, 25.0),
            caption_pt=9.0,
            title_ratio=1.8,
            editions=(*SINGLE, BILINGUAL),
        ),
        "a5-booklet": FormatSpec(
            name="a5-booklet",
            description="the A5 booklet imposed 2-up on A4 landscape: print duplex, flip on short edge, fold",
            layout="flow",
            page_size=landscape(A4),
            page_budgets=(2, 4, 6),
            editions=(*SINGLE, BILINGUAL),
            imposed_from="a5",
            file_pattern="a5-{edition}-booklet.pdf",
        ),
        # PRINT.md's large print: A4, one column, 18 pt body, bold headings, leading 1.5, wide
        # margins, QR codes of 30 mm and more; as many pages as the text needs (both sides)
        "large-print": FormatSpec(
            name="large-print",
            description="A4 large print for readers with weak eyesight: one column, 18 pt, as many pages as needed",
            layout="flow",
            page_size=A4,
            page_budgets=tuple(range(2, 25, 2)),
            margin_mm=20.0,
            body_sizes=(LARGE_PRINT_PT,),
            leading_ratios=(1.5,),
            qr_symbol_mm=30.0,
            qr_growth=(40.0, 35.0),
            caption_pt=12.0,
            title_ratio=1.6,
            tagged=True,
        ),
        **{
            f"poster-{size_name}": FormatSpec(
                name=f"poster-{size_name}",
                description=f"{size_name.upper()} poster for a notice board, read from 2-3 m: steps, hotline, QR codes",
                layout="poster",
                page_size=size,
                page_budgets=(1,),
                margin_mm=12.0,
                qr_symbol_mm=40.0,  # at A4; ×√2 at A3 (57 mm), ×2 at A2 (80 mm): PRINT.md 40/55/80
                caption_pt=14.0,
                editions=(*SINGLE, BILINGUAL),
                bilingual="columns",
                design_size=A4,
            )
            for size_name, size in (("a4", A4), ("a3", A3), ("a2", A2))
        },
        # phone screens (leaflet.layout.screen): no page budget to fit, so ``pages`` is a ceiling
        **{
            name: FormatSpec(
                name=name,
                description=description,
                layout="screen",
                page_size=(100 * mm, 178 * mm),  # fit-width on a phone: about one screen a page
                page_budgets=(60,),  # a sanity limit: the pages follow the text
                margin_mm=6.0,
                body_sizes=(14.0,),  # 18 px on a 360 px wide screen
                caption_pt=11.0,  # the signature; the phone PDF has no QR codes
                title_ratio=1.6,
                editions=(*SINGLE, BILINGUAL),
                file_pattern=pattern,
                archival=archival,
                drawn_as="share" if archival else "",
                tagged=True,
            )
            for name, pattern, archival, description in (
                (
                    "share",
                    "share-{edition}.pdf",
                    False,
                    "PDF for phones, to forward in messengers: "
                    "one column, large type, tappable links, a bookmark per step",
                ),
                ("share-pdfa", "share-{edition}-pdfa.pdf", True, "the phone PDF as PDF/A-2a, for archives"),
            )
        },
    }
)


def design_spec(spec: FormatSpec) -> FormatSpec:
    """The spec the poster is drawn at: its design size, the bleed scaled down to match."""
    if spec.design_size is None:
        return spec
    return replace(spec, page_size=spec.design_size, design_size=None, bleed_mm=spec.bleed_mm / spec.scale)
