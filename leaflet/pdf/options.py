"""How the output is printed (office printer or print shop): plain options, importable without
the PDF libraries the print-shop finish needs (:mod:`leaflet.pdf.printshop`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..units import mm

#: PRINT.md: crop marks at least 3 mm outside the trim, and outside the bleed
MARK_OFFSET_MM = 3.0
MARK_GAP_MM = 0.5  # between the bleed's edge and where a mark starts
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
SLUG_MM = 1.0  # paper beyond the end of the marks


@dataclass(frozen=True)
class PrintOptions:
    """How the output is printed: office printer (the default) or print shop."""

    bleed_mm: float = 0.0
    marks: bool = False
    cmyk: bool = False

    @property
    def for_print_shop(self) -> bool:
        return bool(self.bleed_mm or self.marks)

    def mark_start(self) -> float:
        """Distance from the trim at which crop marks start, in points."""
        return max(MARK_OFFSET_MM, self.bleed_mm + MARK_GAP_MM) * mm

    def margin(self) -> float:
        """Paper around the trim on the print-shop sheet, in points."""
        if self.marks:
            return self.mark_start() + (MARK_LENGTH_MM + SLUG_MM) * mm
        return self.bleed_mm * mm
