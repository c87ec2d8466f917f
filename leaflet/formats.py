"""The registry of output formats: immutable specs, one per name.

The CLI takes its ``--format`` choices and ``leaflet formats`` listing from
:data:`FORMATS`, so adding a format never touches the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm

#: PRINT.md: body text at least 12 pt in leaflets.
MIN_BODY_PT = 12.0
#: PRINT.md: a line holds 45-75 characters.
MIN_LINE_CHARS = 45
MAX_LINE_CHARS = 75


@dataclass(frozen=True)
class FormatSpec:
    """Everything that varies between formats: geometry, type scale, QR size, page budget."""

    name: str
    description: str  # what it is for, shown by ``leaflet formats``
    layout: str  # the layout function in leaflet.layouts
    page_size: tuple[float, float]  # points, portrait
    pages: int  # exact page count of one language's document
    margin_mm: float = 12.0
    columns: int = 1
    gutter_mm: float = 7.0
    body_sizes: tuple[float, ...] = (14.0, 13.5, 13.0, 12.5, 12.0)  # tried largest first
    qr_symbol_mm: float = 25.0
    caption_pt: float = 10.0
    title_ratio: float = 1.9

    @property
    def margin(self) -> float:
        return self.margin_mm * mm

    @property
    def width(self) -> float:
        return self.page_size[0]

    @property
    def height(self) -> float:
        return self.page_size[1]

    def column_width(self) -> float:
        """Width of one text column, in points."""
        return (self.width - 2 * self.margin - (self.columns - 1) * self.gutter_mm * mm) / self.columns

    def file_name(self, lang: str) -> str:
        return f"{self.name}-{lang}.pdf"

    def size_label(self) -> str:
        return f"{self.width / mm:.0f} × {self.height / mm:.0f} mm"


FORMATS: Mapping[str, FormatSpec] = MappingProxyType(
    {
        "a4": FormatSpec(
            name="a4",
            description="A4 leaflet, one sheet printed on both sides, two columns",
            layout="columns",
            page_size=A4,
            pages=2,
            margin_mm=10.0,
            title_ratio=2.1,
            columns=2,
            gutter_mm=6.0,
        ),
        "a5": FormatSpec(
            name="a5",
            description="A5 booklet of 4 pages (one A4 sheet folded): cover, steps, QR codes and contacts",
            layout="booklet",
            page_size=A5,
            pages=4,
            margin_mm=10.0,
            qr_symbol_mm=21.0,
            caption_pt=9.0,
            title_ratio=1.8,
        ),
    }
)
