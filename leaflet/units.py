"""Lengths in points, typed: ReportLab's unit constants, for code checked by mypy.

ReportLab ships no type information, so its ``mm`` is ``Any`` to mypy and every
length computed from it would be ``Any`` too.  This is the same value, typed.
"""

from __future__ import annotations

from reportlab.lib import units

#: one millimetre, in points
mm: float = units.mm
