"""The flowing leaflet kind (A4, A5): measure, plan, draw.

Measuring lays a text out to a :class:`~leaflet.layout.plan.Plan` and reads off
where it landed; the plan stage (:mod:`leaflet.layout.plan`) chooses the page
count, body size, leading, spread and balance from those measurements; the
document is drawn once, at the chosen plan (the pass that measured it is kept).
A bilingual edition prints every language on the same number of pages at the
same body size.
"""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import Any

from reportlab.platypus import Flowable, Frame, FrameBreak, NextPageTemplate, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..content.blocks import leaflet_fields
from ..content.model import LANGUAGES, Content, Leaflet, LeafletText, QRPanel
from ..content.stamp import stamp_of
from ..errors import ContentError, Problem
from ..units import mm
from .blocks import FlowContext, flow
from .branding import branch_band, stamp_line
from .doctemplate import DocTemplate
from .document import DocumentInfo, Rendered
from .fonts import FONTS, average_advance, register_fonts
from .formats import EDITIONS, FormatSpec
from .keys import layout_key
from .marks import Element, TaggingCanvas, TagLog, joined_logs, prefix, sections
from .markup import Markup
from .pages import Anchor, Bands, geometry, measure_bands, page_cycle, templates
from .paragraphs import measuring
from .plan import Measure, Overflow, Plan, PlanCache, choose_plan, finish, guess_plan
from .problems import layout_problem, overflow_problem, problem, too_short_problem
from .theme import make_styles, to_cmyk

#: the title band may take at most this share of page 1
MAX_TITLE_SHARE = 0.4
#: the back-page band may take at most this share of the last page
MAX_BACK_SHARE = 0.6


class _LeafletDoc(DocTemplate):
    """Records where every :class:`Anchor` lands: page, frame, and how far down the frame."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        #: anchor name -> (page, frame id, frame's index on its page, depth below the frame's top)
        self.anchors: dict[str, tuple[int, str, int, float]] = {}
        #: (page, frame id) -> how far down the frame its text reaches
        self.filled: dict[tuple[int, str], float] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        frame = self.frame
        if frame is None:  # an action between pages (a page template switch)
            return
        depth = frame._y2 - frame._y
        if isinstance(flowable, Anchor):
            index = self.pageTemplate.frames.index(frame)
            self.anchors[flowable.name] = (self.page, frame.id, index, depth)
        elif depth > self.filled.get((self.page, frame.id), 0.0):
            self.filled[(self.page, frame.id)] = depth


@dataclass(frozen=True)
class Pass:
    """One layout pass: where the text landed, and the PDF it made (when it drew one)."""

    measure: Measure
    pdf: bytes
    tags: TagLog | None = None  # what the drawing marked, in a tagged format
    drawn: bool = True


def _skip_drawing(*args: object, **kwargs: object) -> None:
    """A flowable's drawOn in a pass that only measures."""


class _PlacingFrame(Frame):  # type: ignore[misc]  # ReportLab has no type hints
    """A frame that places its flowables without drawing them.  The fit search lays a text
    out a dozen times or more and keeps only where it landed; drawing and writing out the
    PDF were about 40 % of each such pass.  Only the frame's own flowables are skipped (what
    they hold is drawn by them), so the positions are exactly a drawn pass's."""

    def _add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:  # noqa: N803 - ReportLab API
        try:
            flowable.drawOn = _skip_drawing  # this flowable, this pass: an instance attribute
        except AttributeError:  # a flowable without instance attributes is simply drawn
            return int(super()._add(flowable, canv, trySplit))
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            del flowable.drawOn

    add = _add  # Frame.add is its _add under another name, bound in Frame's own class body

    def __deepcopy__(self, memo: dict[int, object]) -> _PlacingFrame:
        """ReportLab measures a group's flowables in a deep copy of the current frame, for every
        group in every pass; the frame's own values are numbers and strings, so a copy of it
        with its own lists and dicts is as good and far cheaper."""
        twin = copy.copy(self)
        for name, value in self.__dict__.items():
            if isinstance(value, list | dict):
                twin.__dict__[name] = copy.deepcopy(value, memo)
        return twin


def _placing_only(page_templates: list[PageTemplate]) -> list[PageTemplate]:
    """The templates of a pass that only measures: their frames place without drawing, and
    their pages' bands (measured apart, in :func:`measure_bands`) are not drawn either."""
    for template in page_templates:
        template.onPage = _skip_drawing
        for frame in template.frames:
            # the same frame, placing without drawing; Frame.__setattr__ would file a plain
            # ``frame.__class__ = ...`` in the instance's __dict__ and leave the class as it was
            object.__setattr__(frame, "__class__", _PlacingFrame)
    return page_templates


class TextLayout:
    """One language's text in one format: lays it out to any plan, remembering each pass."""

    def __init__(self, content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec, cmyk: bool) -> None:
        self.content, self.leaflet, self.lang, self.spec, self.cmyk = content, leaflet, lang, spec, cmyk
        self.text: LeafletText = leaflet.texts[lang]
        self.passes: dict[Plan, Pass] = {}
        self.stamp = stamp_of(leaflet, content.folder).text()  # read once, drawn on every pass
        self.info = DocumentInfo.of(content, leaflet, (lang,))

    def context(self, plan: Plan) -> FlowContext:
        spec = self.spec
        styles = make_styles(
            plan.body_size,
            leading_ratio=plan.leading,
            title_ratio=spec.title_ratio,
            caption_size=spec.caption_pt,
            one_ink=self.cmyk,
        )
        if plan.qr_mm:
            spec = replace(spec, qr_symbol_mm=plan.qr_mm)
        height = spec.height - 2 * spec.margin
        return FlowContext(
            Markup(self.content, self.lang, one_ink=self.cmyk),
            styles,
            spec,
            self.text,
            self.leaflet.folder,
            spec.column_width(),
            height,
        )

    def footer(self, width: float) -> list[Flowable]:
        """What closes the back band: the branch band of a branch edition, the edition stamp."""
        band = [branch_band(self.leaflet.branch, (self.lang,), width)] if self.leaflet.branch is not None else []
        return [*band, stamp_line(self.stamp)]

    def measure(self, plan: Plan) -> Measure:
        return self.run(plan).measure

    def run(self, plan: Plan, *, drawn: bool = False) -> Pass:
        """Lay the text out to ``plan`` (remembered: a plan is laid out once, and once more
        to draw it if the first pass only measured)."""
        known = self.passes.get(plan)
        if known is not None and (known.drawn or not drawn):
            return known
        if drawn:
            return self._lay_out(plan, drawn=True)
        with measuring():  # its paragraphs are never drawn: they share their broken lines
            return self._lay_out(plan, drawn=False)

    def _lay_out(self, plan: Plan, *, drawn: bool) -> Pass:
        ctx = self.context(plan)
        bands = measure_bands(ctx, ctx.spec, self.footer)
        problems = self._band_problems(bands)
        if problems and plan.qr_mm:  # codes grown past what the page holds: this plan does not fit
            return Pass(Measure(False, plan.pages + 1, bands.back_band()), b"")
        if problems:
            raise ContentError(problems)
        gap = ctx.styles.body_size
        body = flow(ctx, self.text.blocks)
        story: list[Flowable] = [*bands.title, FrameBreak(), NextPageTemplate(page_cycle(plan.pages))]
        story += [*body, Anchor("end")]
        if (
            self.spec.tagged and drawn
        ):  # the back band is drawn first by its page, read last; all in the text's language
            prefix(bands.back, Element("Div", late=True))
            sections([*story, bands.back], LANGUAGES[self.lang].pdf_lang)
        canvases: list[TaggingCanvas] = []

        def tagging_canvas(*args: Any, **kwargs: Any) -> TaggingCanvas:
            canvases.append(TaggingCanvas(*args, **kwargs))
            return canvases[-1]

        buffer = io.BytesIO()
        doc = _LeafletDoc(
            buffer,
            pagesize=self.spec.page_size,
            pageTemplates=templates(self.spec, bands, plan, gap)
            if drawn
            else _placing_only(templates(self.spec, bands, plan, gap)),
            **self.info.doc_options(),
            displayDocTitle=1,
            invariant=1,
            initialFontName=FONTS.regular,  # never an unembedded Helvetica in the page resources
            enforceColorSpace=to_cmyk if self.cmyk else None,  # every colour of the page goes through it
        )
        doc._doSave = int(drawn)  # a pass that only measures writes no PDF
        try:
            if self.spec.tagged and drawn:
                doc.build(story, canvasmaker=tagging_canvas)
            else:
                doc.build(story)
        except LayoutError:
            raise ContentError([layout_problem(self.content, self.leaflet, self.lang, self.spec)]) from None
        tags = canvases[-1].tag_log if canvases else None
        result = self.passes[plan] = Pass(self._measured(doc, plan, bands, gap), buffer.getvalue(), tags, drawn)
        return result

    def _band_problems(self, bands: Bands) -> list[Problem]:
        """A title or a back page's block too tall for the page is the content's problem."""
        page = self.spec.height - 2 * self.spec.margin
        where = f"{self.leaflet.id} {self.spec.name} ({self.lang})"
        found = []
        if bands.title_band() > MAX_TITLE_SHARE * page:
            message = f"{where}: the title takes {bands.title_band() / mm:.0f} mm of the page's {page / mm:.0f} mm"
            found.append(problem(self.content, self.leaflet, self.lang, "title", message, "shorten the title"))
        if bands.back_band() > MAX_BACK_SHARE * page:
            message = (
                f"{where}: the back page's QR codes and contacts take {bands.back_band() / mm:.0f} mm, "
                f"more than {MAX_BACK_SHARE:.0%} of the page's {page / mm:.0f} mm"
            )
            hint = "make the back page's blocks shorter: fewer QR codes, contacts or lines under back:"
            found.append(problem(self.content, self.leaflet, self.lang, "back", message, hint))
        return found

    def _measured(self, doc: _LeafletDoc, plan: Plan, bands: Bands, gap: float) -> Measure:
        shape = geometry(self.spec, bands, gap)
        top = shape.top_first if plan.pages == 1 else self.spec.height - self.spec.margin
        last_column = top - shape.bottom_last  # the height of the last page's columns
        last_frames = [f"z{index}" for index in range(self.spec.columns)]
        filled = tuple(doc.filled.get((plan.pages, frame_id), 0.0) for frame_id in last_frames)
        measured = Measure(
            fits=False,
            used_pages=doc.page,
            over=shape.full,
            filled=filled,
            column_height=last_column,
            consumed=sum(depth for (_, frame_id), depth in doc.filled.items() if frame_id != "header"),
            first_height=shape.top_first - self.spec.margin,
            middle_height=shape.full,
            columns=self.spec.columns,
        )
        end = doc.anchors.get("end")
        if end is None:
            return measured
        page, frame_id, index, depth = end
        if page < plan.pages or (page == plan.pages and frame_id in last_frames):
            return replace(measured, fits=True, used_pages=page, over=0.0)
        # ran on past the last page's columns: the column height of the pages after it
        over = ((page - plan.pages - 1) * self.spec.columns + index) * shape.full + depth
        return replace(measured, used_pages=page, over=over)

    def band_growth(self, qr_mm: float) -> float:
        """How much taller the back band is with QR codes of ``qr_mm`` than of the smallest size."""
        grown = self.context(replace(self._band_plan, qr_mm=qr_mm))
        return measure_bands(grown, grown.spec, self.footer).back_band() - self._smallest_band

    @functools.cached_property
    def _band_plan(self) -> Plan:
        return Plan(self.spec.page_budgets[0], self.spec.body_sizes[-1], self.spec.leadings[-1])

    @functools.cached_property
    def _smallest_band(self) -> float:
        """The back band with the smallest QR codes: measured once, however many sizes are tried."""
        return measure_bands(self.context(self._band_plan), self.spec, self.footer).back_band()

    def draw(self, plan: Plan) -> bytes:
        """The PDF at ``plan``."""
        return self.run(plan, drawn=True).pdf

    def tags(self, plan: Plan) -> TagLog | None:
        """What the pass at ``plan`` marked for tagging (a tagged format's)."""
        return self.run(plan, drawn=True).tags


def candidate_sizes(layout: TextLayout) -> tuple[float, ...]:
    """The format's body sizes whose lines hold PRINT.md's characters per line, largest first."""
    spec = layout.spec
    texts = " ".join(field for field in _plain_texts(layout.text))
    advance = average_advance(texts or "абвгд")  # in em
    sizes = tuple(size for size in spec.body_sizes if spec.min_line_chars <= spec.column_width() / (advance * size))
    return sizes or spec.body_sizes[-1:]


def _plain_texts(text: LeafletText) -> list[str]:
    return [field.text for field in leaflet_fields(text)]


def plan_key(layout: TextLayout) -> Hashable:
    """Everything the language's plan depends on (:mod:`leaflet.layout.keys`)."""
    return layout_key(layout.content, layout.leaflet, (layout.lang,), layout.spec, "flow")


def _holds(measured: Measure, plan: Plan) -> bool:
    """Whether a remembered plan still lays its text out as planned: on all of its pages."""
    return measured.fits and measured.used_pages == plan.pages


def _planned(layout: TextLayout, plan: Plan | Overflow) -> Plan:
    """``plan``, or the located problem of a text that does not fit."""
    if isinstance(plan, Overflow):
        raise ContentError([overflow_problem(layout.content, layout.leaflet, layout.lang, layout.spec, plan)])
    return plan


def plan_edition(layouts: list[TextLayout], cache: PlanCache | None = None) -> list[Plan]:
    """The plans of the languages of an edition: one body size for all, each its own page count."""
    spec = layouts[0].spec
    keys = tuple(plan_key(layout) for layout in layouts)
    remembered = cache.get(keys) if cache is not None else None
    if (
        remembered is not None
        and len(remembered) == len(layouts)
        # a remembered plan is drawn as it is checked: it is the one the document will use
        and all(
            _holds(layout.run(plan, drawn=True).measure, plan) for layout, plan in zip(layouts, remembered, strict=True)
        )
    ):
        return list(remembered)
    leadings = spec.leadings
    sizes = {id(layout): candidate_sizes(layout) for layout in layouts}
    firsts = [
        _planned(
            layout,
            guess_plan(
                spec.page_budgets,
                sizes[id(layout)],
                leadings,
                layout.measure,
                qr_sizes=spec.qr_sizes,
                band_growth=layout.band_growth,
            ),
        )
        for layout in layouts
    ]
    # one body size for every language: the smallest of their own; each keeps its own page
    # count (a booklet's languages are each a multiple of 4 pages), so a short language is not
    # spread thin over the pages of a long one
    size = min(plan.body_size for plan in firsts)
    plans = []
    for layout, first in zip(layouts, firsts, strict=True):
        plan = first
        if first.body_size != size:
            fixed = choose_plan(
                spec.page_budgets,
                sizes[id(layout)],
                leadings,
                layout.measure,
                pages=first.pages,
                size=size,
                qr_sizes=spec.qr_sizes,
            )
            plan = _planned(layout, fixed)
        full = spec.height - 2 * spec.margin
        plan = finish(plan, layout.measure, full, leadings)
        if layout.measure(plan).used_pages < plan.pages:  # even spread out, pages would stay empty
            raise ContentError([too_short_problem(layout.content, layout.leaflet, layout.lang, spec, plan.pages)])
        plans.append(plan)
    if cache is not None:
        cache.put(keys, tuple(plans))
    return plans


def _text_layout(
    content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec, cmyk: bool, cache: PlanCache | None
) -> TextLayout:
    """A language's layout, shared by the editions rendered with the same cache (a
    bilingual edition reuses the passes its languages made alone)."""
    if cache is None:
        return TextLayout(content, leaflet, lang, spec, cmyk)
    key = ("layout", id(content), leaflet.copy_id, lang, spec, cmyk)
    layout = cache.scratch.get(key)
    if not isinstance(layout, TextLayout) or layout.content is not content:
        layout = cache.scratch[key] = TextLayout(content, leaflet, lang, spec, cmyk)
    return layout


def render_flow(
    content: Content,
    leaflet: Leaflet,
    edition: str,
    spec: FormatSpec,
    *,
    cmyk: bool = False,
    cache: PlanCache | None = None,
) -> Rendered:
    """The flowing leaflet in ``edition``: every language planned, then drawn once."""
    register_fonts()
    layouts = [_text_layout(content, leaflet, lang, spec, cmyk, cache) for lang in EDITIONS[edition].langs]
    plans = plan_edition(layouts, cache)
    pdfs = [layout.draw(plan) for layout, plan in zip(layouts, plans, strict=True)]
    if len(pdfs) == 1:
        pdf = pdfs[0]
    else:
        from ..pdf.pdfwrite import concatenate  # pikepdf, only for an edition of several languages

        pdf = concatenate(pdfs)
    return Rendered(
        pdf,
        plans[0].body_size,
        sum(plan.pages for plan in plans),
        edition,
        spec,
        tuple(plan.leading for plan in plans),
        leaflet_id=leaflet.id,
        qr_mm=tuple(plan.qr_mm or spec.qr_symbol_mm for plan in plans) if layouts[0].text.link_ids(QRPanel) else (),
        tags=joined_logs([(layout.tags(plan), plan.pages) for layout, plan in zip(layouts, plans, strict=True)]),
    )
