"""Page geometry per layout: frames, page templates and the order of sections.

A layout function takes a :class:`StoryBuilder` and a format spec and returns a
:class:`LayoutPlan`: page templates, the story, and where each section must end
(page and frame), so :mod:`leaflet.render` can tell whether the content fits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, FrameBreak, NextPageTemplate, PageBreak, PageTemplate

from .formats import FormatSpec
from .story import StoryBuilder, tinted_panel
from .theme import PALETTE


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


@dataclass(frozen=True)
class LayoutPlan:
    templates: list[PageTemplate]
    story: list[Flowable]
    #: anchor name -> (page, frame id) where it must land for the content to fit
    expect: Mapping[str, tuple[int, str]] = field(default_factory=dict)


def _frame(frame_id: str, x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


def columns_layout(builder: StoryBuilder, spec: FormatSpec, pad: int = 0) -> LayoutPlan:
    """A4: the title across the page, then two columns flowing over both pages, QR codes last."""
    width, height, margin = spec.width, spec.height, spec.margin
    gutter = spec.gutter_mm * mm
    column = (width - 2 * margin - gutter) / 2
    right_x = margin + column + gutter

    header = builder.title()
    # +2 pt: Frame needs a little room beyond the flowables' own heights
    header_height = sum(f.wrap(width - 2 * margin, height)[1] + f.getSpaceAfter() for f in header) + 2
    below = height - 2 * margin - header_height

    def draw_rule(canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        canvas.setStrokeColor(PALETTE.rule)
        canvas.setLineWidth(0.75)
        top = height - margin - (header_height if canvas.getPageNumber() == 1 else 0)
        canvas.line(right_x - gutter / 2, margin, right_x - gutter / 2, top)
        canvas.restoreState()

    first = PageTemplate(
        "first",
        [
            _frame("header", margin, height - margin - header_height, width - 2 * margin, header_height),
            _frame("col1", margin, margin, column, below),
            _frame("col2", right_x, margin, column, below),
        ],
        onPage=draw_rule,
    )
    later = PageTemplate(
        "later",
        [
            _frame("col3", margin, margin, column, height - 2 * margin),
            _frame("col4", right_x, margin, column, height - 2 * margin),
        ],
        onPage=draw_rule,
    )

    panel_padding = builder.styles.body_size * 0.5
    qr_grid = builder.qr_panel(column - 2 * panel_padding, columns=2)
    story: list[Flowable] = [*header, Anchor("header_end"), FrameBreak(), NextPageTemplate("later")]
    story += [*builder.lead(), *builder.tactics(), *builder.warning(), *builder.steps()]
    story += [*builder.share(), *builder.closing(), *[FrameBreak()] * pad]
    story += [tinted_panel(qr_grid, column, PALETTE.panel_tint, panel_padding), *builder.contacts(), Anchor("end")]
    return LayoutPlan([first, later], story, MappingProxyType({"header_end": (1, "header"), "end": (2, "col4")}))


def booklet_layout(builder: StoryBuilder, spec: FormatSpec, pad: int = 0) -> LayoutPlan:
    """A5 booklet: the first page opens with the title, the key message and the warning;
    the steps flow on over the inner pages; the QR codes and contacts close the last page.

    The steps start on the first page when room is left there: the Kazakh text needs the
    whole booklet at the 12 pt minimum, so a cover page with nothing else would not fit."""
    width, height, margin = spec.width, spec.height, spec.margin
    page = PageTemplate("page", [_frame("body", margin, margin, width - 2 * margin, height - 2 * margin)])
    panel_padding = builder.styles.body_size * 0.4
    inner = width - 2 * margin - 2 * panel_padding
    story: list[Flowable] = [*builder.title(), *builder.lead(), *builder.tactics(), *builder.warning()]
    story += [Anchor("cover_end"), *builder.steps(), *builder.share(), *[PageBreak()] * pad]
    story += [tinted_panel(builder.qr_panel(inner, columns=4), width - 2 * margin, PALETTE.panel_tint, panel_padding)]
    story += [*builder.contacts(), *builder.closing(), Anchor("end")]
    return LayoutPlan([page], story, MappingProxyType({"cover_end": (1, "body"), "end": (spec.pages, "body")}))


LAYOUTS: Mapping[str, Callable[[StoryBuilder, FormatSpec, int], LayoutPlan]] = MappingProxyType(
    {
        "columns": columns_layout,
        "booklet": booklet_layout,
    }
)
