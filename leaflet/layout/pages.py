"""Page geometry of the flowing leaflets (A4, A5): frames, page templates, the bands.

Page 1 opens with the title in a tinted band across the top; the last page
closes with the back-page band (the QR codes, the contacts) across its foot,
drawn by the page template rather than flowed, so the back of the leaflet is
always the page of codes and contacts.  A one-page leaflet has both bands.  On
office output the bands stay inside the 10 mm margin; for a print shop
(``spec.bleed > 0``) they run off the edge into the bleed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Table

from ..units import mm
from .blocks import FlowContext, flow_groups
from .flowables import BalancedParagraph, plain_table, wrapped_height
from .formats import FormatSpec
from .plan import Plan
from .theme import PALETTE, derived_style


class Anchor(Flowable):  # type: ignore[misc]
    """An invisible marker; the document records the page and frame it lands in."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


#: how far a print-shop band stops short of the fold of a folded page
FOLD_GAP_MM = 4.0


def edge_band(canvas: Canvas, spec: FormatSpec, bottom: float, top: float, *, rule_at: str = "") -> None:
    """A light tinted band across the page from ``bottom`` to ``top``.

    Office output keeps it inside the margins.  Print-shop output runs it off the
    sides, and off the top or bottom edge when it reaches the margin there, into
    the bleed; on a folded page it stops :data:`FOLD_GAP_MM` short of the fold, by
    design (PRINT.md), so a fold a little off never shows a sliver of tint on the
    facing page.  ``rule_at`` ("top" or "bottom") draws an accent rule on that side."""
    left, right = spec.margin, spec.width - spec.margin
    if spec.bleed:
        left, right = -spec.bleed, spec.width + spec.bleed
        if spec.folded:  # odd pages are right-hand pages: their fold is on the left
            if canvas.getPageNumber() % 2:
                left = FOLD_GAP_MM * mm
            else:
                right = spec.width - FOLD_GAP_MM * mm
        top = spec.height + spec.bleed if top >= spec.height - spec.margin else top
        bottom = -spec.bleed if bottom <= spec.margin else bottom
    canvas.saveState()
    canvas.setFillColor(PALETTE.panel_tint)
    canvas.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
    if rule_at:
        canvas.setStrokeColor(PALETTE.accent)
        canvas.setLineWidth(1.5)
        y = top if rule_at == "top" else bottom
        canvas.line(left, y, right, y)
    canvas.restoreState()


def _frame(frame_id: str, x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


@dataclass(frozen=True)
class Bands:
    """The title band of page 1 and the back-page band of the last page, measured."""

    title: list[Flowable]
    title_height: float
    back: Table | None
    back_height: float
    padding: float

    def title_band(self) -> float:
        """The height the title band takes at the top of page 1, with its padding."""
        return self.title_height + 2 * self.padding

    def back_band(self) -> float:
        return self.back_height + 2 * self.padding if self.back is not None else 0.0


def measure_bands(
    ctx: FlowContext, spec: FormatSpec, footer: Callable[[float], list[Flowable]] = lambda width: []
) -> Bands:
    """The title band and the back band (the back page's blocks, then ``footer(width)``: the
    branch band and the edition stamp), measured."""
    padding = ctx.styles.body_size * 0.6
    inner = spec.width - 2 * spec.margin - 2 * padding
    title = BalancedParagraph(
        ctx.markup.text(ctx.text.title), derived_style("title_in_band", ctx.styles.title, spaceAfter=0)
    )
    # +2 pt: Frame needs a little room beyond the flowables' own heights
    title_height = wrapped_height(title, inner) + 2
    back_ctx = FlowContext(
        ctx.markup, ctx.styles, ctx.spec, ctx.text, ctx.folder, inner, ctx.height, ctx.kind, ctx.step_number
    )
    back_story = [flowable for group in flow_groups(back_ctx, ctx.text.back) for flowable in group]
    back_story += footer(inner)
    back = plain_table([[back_story]], inner) if back_story else None
    back_height = wrapped_height(back, inner) if back is not None else 0.0
    return Bands([title], title_height, back, back_height, padding)


def _draw_title_band(canvas: Canvas, spec: FormatSpec, bands: Bands) -> None:
    top = spec.height - spec.margin
    edge_band(canvas, spec, top - bands.title_band(), top, rule_at="bottom")


def _draw_back_band(canvas: Canvas, spec: FormatSpec, bands: Bands) -> None:
    if bands.back is None:
        return
    edge_band(canvas, spec, spec.margin, spec.margin + bands.back_band(), rule_at="top")
    x, y = spec.margin + bands.padding, spec.margin + bands.padding
    bands.back.wrapOn(canvas, spec.width - 2 * x, bands.back_height)
    bands.back.drawOn(canvas, x, y)


@dataclass(frozen=True)
class Geometry:
    """Where the body text may stand on each kind of page."""

    top_first: float  # the top of the body frames of page 1 (under the title band)
    bottom_last: float  # the bottom of the body frames of the last page (over the back band)
    full: float  # the height of a body frame on a page without bands


def geometry(spec: FormatSpec, bands: Bands, gap: float) -> Geometry:
    top = spec.height - spec.margin
    top_first = top - bands.title_band() - gap
    bottom_last = spec.margin + (bands.back_band() + gap if bands.back is not None else 0.0)
    return Geometry(top_first, bottom_last, top - spec.margin)


def templates(spec: FormatSpec, bands: Bands, plan: Plan, gap: float) -> list[PageTemplate]:
    """The page templates of a ``plan.pages``-page leaflet: "first" (or "only", for one
    page), "middle" and "last"; the body frames before the last page shortened to
    ``plan.spread_height`` (so the text runs on to fill the last page), the last page's to
    ``plan.last_height`` (its columns balanced), when those are set."""
    shape = geometry(spec, bands, gap)
    top = spec.height - spec.margin

    def limit(frame_top: float, bottom: float, cap: float) -> float:
        """The bottom of a frame from ``frame_top`` to ``bottom``, no taller than ``cap`` (0: no cap)."""
        return frame_top - (min(frame_top - bottom, cap) if cap else frame_top - bottom)

    def title_band(canvas: Canvas) -> None:
        _draw_title_band(canvas, spec, bands)

    def back_band(canvas: Canvas) -> None:
        _draw_back_band(canvas, spec, bands)

    def both(canvas: Canvas) -> None:
        title_band(canvas)
        back_band(canvas)

    header = _header_frame(spec, bands)
    made = [
        _columns(spec, "middle", "m", top, limit(top, spec.margin, plan.spread_height)),
        _columns(spec, "last", "z", top, limit(top, shape.bottom_last, plan.last_height), back_band),
    ]
    if plan.pages == 1:
        only = _columns(
            spec, "only", "z", shape.top_first, limit(shape.top_first, shape.bottom_last, plan.last_height), both
        )
        only.frames.insert(0, header)
        made.insert(0, only)
    else:
        first = _columns(
            spec, "first", "a", shape.top_first, limit(shape.top_first, spec.margin, plan.spread_height), title_band
        )
        first.frames.insert(0, header)
        made.insert(0, first)
    return made  # the first template is page 1's


def page_cycle(pages: int) -> list[str]:
    """The templates of pages 2 ... ``pages``; pages beyond the budget (a text that does
    not fit) use "middle" again."""
    if pages == 1:
        return ["middle"]
    return [*["middle"] * (pages - 2), "last", "*", "middle"]


def _header_frame(spec: FormatSpec, bands: Bands) -> Frame:
    """The frame of the title, inside the title band at the top of page 1."""
    top = spec.height - spec.margin - bands.padding
    width = spec.width - 2 * spec.margin - 2 * bands.padding
    return _frame("header", spec.margin + bands.padding, top - bands.title_height, width, bands.title_height)


def _columns(
    spec: FormatSpec,
    template_id: str,
    prefix: str,
    top: float,
    bottom: float,
    decorate: Callable[[Canvas], None] | None = None,
) -> PageTemplate:
    """``spec.columns`` columns from ``bottom`` to ``top``, with a rule in each gutter;
    ``decorate`` draws the page's bands."""
    column, gutter = spec.column_width(), spec.gutter
    xs = [spec.margin + index * (column + gutter) for index in range(spec.columns)]

    def on_page(canvas: Canvas, doc: object) -> None:
        if decorate is not None:
            decorate(canvas)
        canvas.saveState()
        canvas.setStrokeColor(PALETTE.rule)
        canvas.setLineWidth(0.75)
        for x in xs[1:]:
            canvas.line(x - gutter / 2, bottom, x - gutter / 2, top)
        canvas.restoreState()

    frames = [_frame(f"{prefix}{index}", x, bottom, column, max(top - bottom, 1.0)) for index, x in enumerate(xs)]
    return PageTemplate(template_id, frames, onPage=on_page)
