"""Page geometry per layout: frames, page templates and the order of sections.

A layout function takes a :class:`StoryBuilder` and a format spec and returns a
:class:`LayoutPlan`: page templates, the story, and where each section must end
(page and frame), so :mod:`leaflet.render` can tell whether the content fits.

Both leaflets open with the title in a tinted band across the top of page 1
and close with a contacts band (the QR codes, the phone numbers) across the
foot of the last page, drawn by the page templates rather than flowed, so the
back of the leaflet is always the page of codes and contacts.  On office
output the bands stay inside the 10 mm margin; for a print shop
(``spec.bleed > 0``) they run off the edge into the bleed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from .flowables import plain_table, wrapped_height
from .formats import FormatSpec
from .story import StoryBuilder
from .theme import PALETTE
from ..units import mm


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
    #: anchor name -> (last page it may land on, frame ids it may land in)
    expect: Mapping[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    #: the frames of the last page whose text the renderer may balance (shorten them all
    #: to one height so they end level), and the height they have at most
    balance: tuple[str, ...] = ()
    balance_height: float = 0.0


def _frame(frame_id: str, x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


def edge_band(canvas: Canvas, spec: FormatSpec, bottom: float, top: float, *, rule_at: str = "") -> None:
    """A light tinted band across the page from ``bottom`` to ``top``.

    Office output keeps it inside the margins.  Print-shop output runs it off the
    sides, and off the top or bottom edge when it reaches the margin there, into
    the bleed.  ``rule_at`` ("top" or "bottom") draws an accent rule on that side."""
    left, right = spec.margin, spec.width - spec.margin
    if spec.bleed:
        left, right = -spec.bleed, spec.width + spec.bleed
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


def _height(flowables: list[Flowable], width: float) -> float:
    return float(sum(wrapped_height(f, width) + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables))


@dataclass(frozen=True)
class _Bands:
    """The title band of page 1 and the contacts band of the last page, measured."""

    title: list[Flowable]
    title_height: float
    contacts: Table
    contacts_height: float
    padding: float


def _bands(builder: StoryBuilder, spec: FormatSpec) -> _Bands:
    padding = builder.styles.body_size * 0.6
    inner = spec.width - 2 * spec.margin - 2 * padding
    title = builder.title()
    title[-1].style = ParagraphStyle("title_in_band", parent=builder.styles.title, spaceAfter=0)
    gap = Spacer(1, builder.styles.body_size * 0.6)  # the hotline stands clear of the captions above it
    contacts = plain_table([[[*builder.qr_panel(inner, columns=4), gap, *builder.contacts()]]], inner)
    # +2 pt: Frame needs a little room beyond the flowables' own heights
    return _Bands(title, _height(title, inner) + 2, contacts, _height([contacts], inner), padding)


def _draw_title_band(canvas: Canvas, spec: FormatSpec, bands: _Bands) -> None:
    top = spec.height - spec.margin
    edge_band(canvas, spec, top - bands.title_height - 2 * bands.padding, top, rule_at="bottom")


def _draw_contacts_band(canvas: Canvas, spec: FormatSpec, bands: _Bands) -> None:
    edge_band(canvas, spec, spec.margin, spec.margin + bands.contacts_height + 2 * bands.padding, rule_at="top")
    x, y = spec.margin + bands.padding, spec.margin + bands.padding
    bands.contacts.wrapOn(canvas, spec.width - 2 * x, bands.contacts_height)
    bands.contacts.drawOn(canvas, x, y)


def _cycle(pages: int, middle: str, last: str) -> NextPageTemplate:
    """Pages 2 .. pages-1 use ``middle``, page ``pages`` uses ``last``; any page beyond
    the budget (a text that does not fit) uses ``middle`` again."""
    return NextPageTemplate([*[middle] * (pages - 2), last, "*", middle])


def _title_frame(spec: FormatSpec, bands: _Bands) -> Frame:
    """The frame of the title, inside the title band at the top of page 1."""
    top = spec.height - spec.margin - bands.padding
    width = spec.width - 2 * spec.margin - 2 * bands.padding
    return _frame("header", spec.margin + bands.padding, top - bands.title_height, width, bands.title_height)


def _two_columns(
    spec: FormatSpec,
    template_id: str,
    ids: tuple[str, str],
    bottom: float,
    top: float,
    decorate: Callable[[Canvas], None] | None = None,
) -> PageTemplate:
    """Two columns from ``bottom`` to ``top`` with a rule in the gutter; ``decorate`` draws
    the page's band."""
    column, gutter = spec.column_width(), spec.gutter_mm * mm
    right_x = spec.margin + column + gutter

    def on_page(canvas: Canvas, doc: object) -> None:
        if decorate is not None:
            decorate(canvas)
        canvas.saveState()
        canvas.setStrokeColor(PALETTE.rule)
        canvas.setLineWidth(0.75)
        canvas.line(right_x - gutter / 2, bottom, right_x - gutter / 2, top)
        canvas.restoreState()

    frames = [
        _frame(ids[0], spec.margin, bottom, column, top - bottom),
        _frame(ids[1], right_x, bottom, column, top - bottom),
    ]
    return PageTemplate(template_id, frames, onPage=on_page)


def columns_layout(builder: StoryBuilder, spec: FormatSpec, pad: int = 0, last_height: float = 0.0) -> LayoutPlan:
    """A4: the title band across page 1, two columns flowing over both pages, and the
    contacts band across the foot of page 2.

    ``last_height`` (when not 0) shortens both columns of page 2 to that height, from the
    top: the renderer balances them so they end level, rather than leave a full left
    column beside a short right one over the band."""
    height, margin = spec.height, spec.margin
    bands = _bands(builder, spec)
    gap = builder.styles.body_size
    below_title = height - 2 * margin - bands.title_height - 2 * bands.padding - gap
    above_band = height - 2 * margin - bands.contacts_height - 2 * bands.padding - gap
    last_columns = min(last_height, above_band) if last_height else above_band
    last_ids = ("col3", "col4")  # the frames of page 2 and later, and of the text's end
    first = _two_columns(
        spec, "first", ("col1", "col2"), margin, margin + below_title, lambda c: _draw_title_band(c, spec, bands)
    )
    first.frames.insert(0, _title_frame(spec, bands))
    last = _two_columns(
        spec,
        "last",
        last_ids,
        height - margin - last_columns,
        height - margin,
        lambda c: _draw_contacts_band(c, spec, bands),
    )
    later = _two_columns(spec, "later", last_ids, margin, height - margin)

    story: list[Flowable] = [*bands.title, Anchor("header_end"), FrameBreak(), _cycle(spec.pages, "later", "last")]
    story += [*builder.lead(), *builder.tactics(), *builder.warning(), *builder.steps()]
    story += [*builder.share(), *builder.closing(), Anchor("end"), *[PageBreak()] * pad]
    expect = {"header_end": (1, ("header",)), "end": (spec.pages, last_ids)}
    return LayoutPlan([first, last, later], story, MappingProxyType(expect), last_ids, above_band)


def booklet_layout(builder: StoryBuilder, spec: FormatSpec, pad: int = 0, last_height: float = 0.0) -> LayoutPlan:
    """A5 booklet: page 1 opens with the title band, the key message and the warning;
    the steps flow on over the inner pages; page 4 closes with the contacts band
    (QR codes and phone numbers) across its foot.

    The steps start on page 1 when room is left there: the Kazakh text needs the
    whole booklet at the 12 pt minimum, so a cover page with nothing else would not fit.
    One column: there is nothing to balance, and ``last_height`` is not used."""
    width, height, margin = spec.width, spec.height, spec.margin
    bands = _bands(builder, spec)
    text_width = width - 2 * margin
    gap = builder.styles.body_size
    below_title = height - 2 * margin - bands.title_height - 2 * bands.padding - gap * 0.5
    above_band = height - 2 * margin - bands.contacts_height - 2 * bands.padding - gap * 0.8

    header = _title_frame(spec, bands)
    cover = PageTemplate(
        "cover",
        [header, _frame("body", margin, margin, text_width, below_title)],
        onPage=lambda canvas, doc: _draw_title_band(canvas, spec, bands),
    )
    page = PageTemplate("page", [_frame("body", margin, margin, text_width, height - 2 * margin)])
    last = PageTemplate(
        "last",
        [_frame("body", margin, height - margin - above_band, text_width, above_band)],
        onPage=lambda canvas, doc: _draw_contacts_band(canvas, spec, bands),
    )
    story: list[Flowable] = [*bands.title, FrameBreak(), _cycle(spec.pages, "page", "last")]
    story += [*builder.lead(), *builder.tactics(), *builder.warning(), Anchor("cover_end")]
    story += [*builder.steps(), *builder.share(), *builder.closing(), Anchor("end"), *[PageBreak()] * pad]
    expect = {"cover_end": (1, ("body",)), "end": (spec.pages, ("body",))}
    return LayoutPlan([cover, page, last], story, MappingProxyType(expect))


#: layout name -> function(builder, spec, page breaks to add, height of the last page's
#: balanced columns or 0)
LAYOUTS: Mapping[str, Callable[[StoryBuilder, FormatSpec, int, float], LayoutPlan]] = MappingProxyType(
    {
        "columns": columns_layout,
        "booklet": booklet_layout,
    }
)
