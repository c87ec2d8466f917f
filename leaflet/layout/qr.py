"""QR codes: the matrix is plain data (cached), the flowable only draws it.

Codes are drawn as vector rectangles (one per horizontal run of dark modules),
dark on light, error correction M, with the 4-module quiet zone reserved as
white space inside the flowable's bounds.
"""

from __future__ import annotations

import functools

import qrcode
import qrcode.constants
from reportlab.lib.colors import Color, black, white
from reportlab.platypus import Flowable

from ..units import mm

QUIET_MODULES = 4
SMALLEST_VERSION_MODULES = 21
MIN_SYMBOL_MM = 20.0
MIN_MODULE_MM = 0.5


@functools.cache
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules (True = dark), without the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload.encode("utf-8"), optimize=0)
    code.make(fit=True)
    # get_matrix() may repeat one list object for border rows: copy into tuples
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def dark_runs(matrix: tuple[tuple[bool, ...], ...]) -> tuple[tuple[int, int, int], ...]:
    """(row, first column, length) of every horizontal run of dark modules."""
    runs = []
    for row_index, row in enumerate(matrix):
        start = None
        for column, dark in enumerate((*row, False)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((row_index, start, column - start))
                start = None
    return tuple(runs)


class QRFlowable(Flowable):  # type: ignore[misc]
    """A vector QR code whose *symbol* is ``symbol_mm`` wide, centred in a white box with its quiet zone."""

    def __init__(self, payload: str, symbol_mm: float, color: Color = black) -> None:
        super().__init__()
        self.payload = payload
        self.matrix = qr_matrix(payload)
        self.modules = len(self.matrix)
        self.module = symbol_mm * mm / self.modules
        if symbol_mm < MIN_SYMBOL_MM or self.module < MIN_MODULE_MM * mm:
            raise ValueError(
                f"QR code for {payload} would print {symbol_mm:.1f} mm wide with "
                f"{self.module / mm:.2f} mm modules (minimum {MIN_SYMBOL_MM} mm, {MIN_MODULE_MM} mm)"
            )
        # Every code of a given symbol width gets the same outer box, so codes of different
        # versions line up in a row: the box leaves 4 modules of the smallest version (21)
        # on each side, which is more than 4 modules for any larger version.
        self.size = symbol_mm * mm * (1 + 2 * QUIET_MODULES / SMALLEST_VERSION_MODULES)
        self.margin = (self.size - self.modules * self.module) / 2
        self.width = self.height = self.size
        self.color = color

    @staticmethod
    def box_size(symbol_mm: float) -> float:
        """The width of the code with its quiet zone, in points, for a symbol ``symbol_mm`` wide."""
        return symbol_mm * mm * (1 + 2 * QUIET_MODULES / SMALLEST_VERSION_MODULES)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(self.color)
        # one unit = one module: the runs are written with small integers (a third of the bytes)
        canvas.translate(self.margin, self.margin)
        canvas.scale(self.module, self.module)
        path = canvas.beginPath()
        for row, column, length in dark_runs(self.matrix):
            path.rect(column, self.modules - 1 - row, length, 1)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
