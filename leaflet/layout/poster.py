"""Posters: one page for a notice board, read from 2-3 m.

A headline in a tinted band, the steps as short imperative lines with big
numbers (each step's ``short`` form), the leaflet's contacts, and one row of its
QR codes with the address under each.  A bilingual poster sets Kazakh and Russian side by side (Kazakh on
the left) at the same size, the rows of the two columns aligned, over one
shared row of codes.

The poster is designed at A4 and printed at A3 and A2 as the same vector
drawing scaled (PRINT.md's poster sizes grow by √2 per paper size, as the paper
does).  The fit is plain data (:class:`PosterFit`): the largest step size, with
the headline in proportion, at which everything fits the page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..content.blocks import keyed_blocks
from ..content.model import Block, Contacts, Content, Leaflet, LeafletText, QRPanel, SignOff, Step, Steps
from ..errors import ContentError
from ..units import mm
from .branding import branch_band, stamp_paragraph
from .document import DocumentInfo, Rendered
from .flowables import BalancedParagraph, address_line, draw_number_badge, wrapped_height
from .fonts import FONTS, register_fonts
from .formats import EDITIONS, FormatSpec, design_spec
from .keys import edition_key
from .markup import Markup, contact_lines, font_runs, unbroken_names
from .pages import edge_band
from .paragraphs import Paragraph
from .plan import Plan, PlanCache
from .problems import first_key, problem
from .qr import QRFlowable
from .theme import PALETTE, PosterStyles, make_poster_styles, to_cmyk

#: PRINT.md, at A4 (A3 and A2 are the same drawing scaled by √2 and 2)
MIN_HEADLINE_PT = 36.0
MIN_STEP_PT = 18.0
STEP_SIZES = tuple(float(size) for size in range(32, int(MIN_STEP_PT) - 1, -1))
HEADLINE_RATIO = 1.7  # headline size per step size, at least MIN_HEADLINE_PT
MAX_HEADLINE_PT = 56.0
GUTTER_MM = 8.0
#: the clear space between the captions of neighbouring codes
CAPTION_GAP_MM = 5.0
#: the widest distance between the centres of neighbouring codes, in symbol widths: a
#: short row stays together rather than spread over the page
WIDEST_PITCH = 1.6


@dataclass(frozen=True)
class PosterFit:
    """The type sizes chosen (at the A4 design size) and the room left over."""

    headline_pt: float
    step_pt: float
    spare: float


@dataclass
class PosterParts:
    """What a poster takes from a leaflet's text: the steps' short forms, the back page's
    contacts and every QR code."""

    steps: list[Step] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _take_steps(parts: PosterParts, block: Block, on_back: bool) -> None:
    assert isinstance(block, Steps)
    parts.steps += block.steps


def _take_contacts(parts: PosterParts, block: Block, on_back: bool) -> None:
    assert isinstance(block, Contacts)
    if on_back:  # the official contacts; the text's own (an e-mail to write to) stay in the leaflets
        parts.contacts += [link_id for link_id in block.links if link_id not in parts.contacts]


def _take_codes(parts: PosterParts, block: Block, on_back: bool) -> None:
    assert isinstance(block, QRPanel)
    parts.codes += [link_id for link_id in block.links if link_id not in parts.codes]


#: what the poster takes from each block type it shows, the poster kind's entry of the block
#: registry (it shows no other: a poster is read from 2-3 m, and says only the title, the
#: steps, the contacts and the codes)
POSTER_PARTS: dict[str, Callable[[PosterParts, Block, bool], None]] = {
    "steps": _take_steps,
    "contacts": _take_contacts,
    "qr": _take_codes,
}


def poster_parts(text: LeafletText) -> PosterParts:
    parts = PosterParts()
    for on_back, blocks in ((False, text.blocks), (True, text.back)):
        for _, block in keyed_blocks(blocks, ""):
            take = POSTER_PARTS.get(block.kind)
            if take is not None:
                take(parts, block, on_back)
    return parts


def _spaced_height(paragraph: Paragraph, width: float) -> float:
    """A caption paragraph's space above and height: as measured, so as drawn."""
    return wrapped_height(paragraph, width) + float(paragraph.style.spaceBefore)


def headline_size(step_pt: float) -> float:
    return min(MAX_HEADLINE_PT, max(MIN_HEADLINE_PT, round(step_pt * HEADLINE_RATIO)))


class Composition:
    """The poster's elements, measured at one type size, in design coordinates."""

    def __init__(
        self, content: Content, leaflet: Leaflet, langs: tuple[str, ...], spec: FormatSpec, step_pt: float
    ) -> None:
        self.content, self.leaflet, self.spec, self.step_pt = content, leaflet, spec, step_pt
        self.headline_pt = headline_size(step_pt)
        self.styles: PosterStyles = make_poster_styles(self.headline_pt, step_pt, spec.caption_pt)
        self.texts = [leaflet.texts[lang] for lang in langs]
        self.markups = [Markup(content, lang) for lang in langs]
        gutter = GUTTER_MM * mm
        self.inner = spec.width - 2 * spec.margin
        self.column = (self.inner - (len(langs) - 1) * gutter) / len(langs)
        self.column_x = [spec.margin + index * (self.column + gutter) for index in range(len(langs))]
        self.badge: float = self.styles.step.leading
        self.padding = self.headline_pt * 0.3
        # the headline breaks into lines of about equal length: no word alone on a line
        self.headlines = [
            BalancedParagraph(markup.text(text.title), self.styles.headline)
            for markup, text in zip(self.markups, self.texts, strict=True)
        ]
        parts = [poster_parts(text) for text in self.texts]
        steps = [own.steps for own in parts]
        self.steps = [
            [
                Paragraph(markup.text(unbroken_names(own[index].short)), self.styles.step)
                for markup, own in zip(self.markups, steps, strict=True)
            ]
            for index in range(len(steps[0]))
        ]
        self.contact_ids = tuple(parts[0].contacts)
        self.hotline = (
            Paragraph(contact_lines(self.markups, self.contact_ids), self.styles.hotline) if self.contact_ids else None
        )
        qr_links = [content.links[link_id] for link_id in parts[0].codes]
        self.codes = [QRFlowable(link.url, spec.qr_symbol_mm) for link in qr_links]
        self.captions = [self._caption(link.id) for link in qr_links]
        self.signature_text = next(
            (block.signature for block in self.texts[0].all_blocks() if isinstance(block, SignOff) and block.signature),
            "",
        )
        self.signature = Paragraph(font_runs(self.signature_text), self.styles.signature)
        # a branch edition's footer: who hands the poster out
        band = [branch_band(leaflet.branch, langs, self.inner)] if leaflet.branch is not None else []
        self.footer: list[Flowable] = band
        # the edition stamp sits in the headline band's top padding: it takes no height
        self.stamp = stamp_paragraph(leaflet, content.folder)

    def footer_height(self) -> float:
        """The footer under the codes' captions, with a gap above it (none without a footer)."""
        if not self.footer:
            return 0.0
        return sum(wrapped_height(flowable, self.inner) for flowable in self.footer) + self.step_pt * 0.5

    def _caption(self, link_id: str) -> list[Paragraph]:
        """The address, then what to do there in each language: a bilingual caption sets
        its languages apart by half a line, so where one ends and the next begins shows."""
        link = self.content.links[link_id]
        label = link.label(self.markups[0].lang)
        caption: list[Paragraph] = [
            address_line(self.markups[0].link(link_id), label, self.styles.address, self.caption_width())
        ]
        purposes = [purpose for markup in self.markups if (purpose := markup.purpose(link))]
        caption += [BalancedParagraph(purpose, self.styles.purpose) for purpose in purposes[:1]]
        caption += [BalancedParagraph(purpose, self.styles.purpose_next) for purpose in purposes[1:]]
        return caption

    def caption_width(self) -> float:
        """The width of a caption: a code's share of the row less a clear gap, so that the
        captions of neighbouring codes never run together into one line."""
        return self.pitch() - CAPTION_GAP_MM * mm

    # -- measurements -------------------------------------------------------------------------
    def text_width(self) -> float:
        return self.column - self.badge - self.step_pt * 0.45

    def headline_width(self) -> float:
        return self.inner - 2 * self.padding

    def headline_gap(self) -> float:
        return self.headline_pt * 0.3

    def headline_height(self) -> float:
        """The headlines one above the other (Kazakh on top), across the page: a long
        headline in a column would take five lines."""
        heights = [wrapped_height(p, self.headline_width()) for p in self.headlines]
        return sum(heights) + (len(heights) - 1) * self.headline_gap()

    def row_heights(self) -> list[float]:
        return [max(self.badge, *(wrapped_height(p, self.text_width()) for p in row)) for row in self.steps]

    def hotline_height(self) -> float:
        return wrapped_height(self.hotline, self.inner) if self.hotline is not None else 0.0

    def pitch(self) -> float:
        """Distance between the centres of neighbouring codes: a full row spans the text
        width; a short one keeps its codes and captions together, centred."""
        symbol = self.spec.qr_symbol_mm * mm
        if len(self.codes) < 2:
            return symbol * WIDEST_PITCH
        return min((self.inner - symbol) / (len(self.codes) - 1), symbol * WIDEST_PITCH)

    def first_centre(self) -> float:
        """The centre of the first code: the row is centred on the page."""
        symbol = self.spec.qr_symbol_mm * mm
        extent = (len(self.codes) - 1) * self.pitch() + symbol
        return self.spec.margin + (self.inner - extent) / 2 + symbol / 2

    def caption_height(self) -> float:
        width = self.caption_width()
        return max((sum(_spaced_height(p, width) for p in caption) for caption in self.captions), default=0.0)

    def qr_row_height(self) -> float:
        box = self.codes[0].size if self.codes else 0.0
        return box + self.caption_height()

    def minimum_gaps(self) -> tuple[float, float]:
        """(between step rows, between blocks) at their smallest."""
        return self.step_pt * 0.45, self.step_pt * 0.8

    def needed(self) -> float:
        row_gap, block_gap = self.minimum_gaps()
        rows = self.row_heights()
        return (
            self.headline_height()
            + 2 * self.padding
            + sum(rows)
            + max(len(rows) - 1, 0) * row_gap
            + self.hotline_height()
            + self.qr_row_height()
            + self.footer_height()
            + 3 * block_gap
        )

    def available(self) -> float:
        return self.spec.height - 2 * self.spec.margin


def max_codes(spec: FormatSpec, urls: list[str]) -> int:
    """How many of these QR codes the poster's one row holds at the format's code size:
    between two codes a clear space of 4 modules (ISO/IEC 18004's quiet zone) and of the
    gap that keeps their captions apart; the outer quiet zones may reach into the margin."""
    design = design_spec(spec)
    symbol = design.qr_symbol_mm * mm
    quiet = max((4 * symbol / QRFlowable(url, design.qr_symbol_mm).modules for url in urls), default=0.0)
    inner = design.width - 2 * design.margin
    return max(1, int((inner - symbol) // (symbol + max(quiet, CAPTION_GAP_MM * mm))) + 1)


def fit_poster(
    content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec, plans: PlanCache | None = None
) -> tuple[PosterFit, Composition]:
    """The largest step size (headline in proportion) at which the poster fits its page,
    and the poster composed at that size.  The size found is kept in ``plans``; a kept size
    that still fits is used without searching again."""
    design = design_spec(spec)
    langs = EDITIONS[lang].langs
    key = edition_key(content, leaflet, lang, spec)
    # A3 and A2 are the A4 design enlarged: the size one of them fits is tried first by the others
    design_key = ("poster design", edition_key(content, leaflet, lang, replace(spec, name="poster", description="")))
    kept = (plans.get(key) or plans.get(design_key)) if plans is not None else None
    tried = (kept[0].body_size,) if kept else ()
    qr_key = first_key(leaflet, langs[0], "qr")
    urls = [content.links[link_id].url for link_id in poster_parts(leaflet.texts[langs[0]]).codes]
    codes, most = len(urls), max_codes(spec, urls)
    if codes > most:
        raise ContentError(
            [
                problem(
                    content,
                    leaflet,
                    langs[0],
                    qr_key,
                    f"{leaflet.id}: {codes} QR codes, but the {spec.name} poster ({lang}) holds at most {most} in "
                    f"its row at {spec.qr_symbol_mm * spec.scale:.0f} mm",
                    f"list at most {most} links in the qr blocks, or build another format with --format",
                )
            ]
        )
    needed = available = 0.0
    for step_pt in (*tried, *STEP_SIZES):
        composition = Composition(content, leaflet, langs, design, step_pt)
        needed, available = composition.needed(), composition.available()
        if needed <= available:
            if plans is not None:
                plans.put(key, (Plan(pages=1, body_size=step_pt, leading=1.0),))
                plans.put(design_key, (Plan(pages=1, body_size=step_pt, leading=1.0),))
            return PosterFit(composition.headline_pt, step_pt, available - needed), composition
    # blamed on what takes more of the page: the title, or the steps
    steps_key = first_key(leaflet, langs[0], "steps")
    title_larger = composition.headline_height() > sum(composition.row_heights())
    band = composition.footer_height()
    if leaflet.branch is not None and needed - band <= available:  # it is the branch band that does not fit
        message = (
            f"{leaflet.id}: with the branch band ({band / mm:.0f} mm) the {spec.name} poster ({lang}) needs "
            f"{needed / mm:.0f} mm of height even at the smallest sizes, the page has {available / mm:.0f} mm"
        )
        hint = (
            "build this poster without --branches, or one poster a language (--lang kk, --lang ru), "
            "or shorten the title or the steps' short forms"
        )
        raise ContentError([problem(content, leaflet, langs[0], "title", message, hint)])
    raise ContentError(
        [
            problem(
                content,
                leaflet,
                langs[0],
                "title" if title_larger or not steps_key else steps_key,
                f"{leaflet.id}: the title and the steps' short forms do not fit the {spec.name} poster ({lang}) "
                f"even at the smallest sizes {MIN_HEADLINE_PT * spec.scale:.0f}/{MIN_STEP_PT * spec.scale:.0f} pt: "
                f"they need {needed / mm:.0f} mm of height, the page has {available / mm:.0f} mm "
                f"({100 * (needed / available - 1):.0f} % over)",
                "shorten the title or the steps' short forms (2-5 words each), or have fewer steps",
            )
        ]
    )


class _Drawing:
    """Draws a :class:`Composition` top to bottom, spreading the spare room into the gaps."""

    def __init__(self, composition: Composition, canvas: Canvas, spare: float) -> None:
        self.c, self.canvas = composition, canvas
        row_gap, block_gap = composition.minimum_gaps()
        rows = len(composition.steps)
        extra_row = min(spare * 0.5 / max(rows - 1, 1), composition.step_pt * 0.8) if rows > 1 else 0.0
        self.row_gap = row_gap + extra_row
        self.block_gap = block_gap + (spare - extra_row * max(rows - 1, 0)) / 3

    def draw(self) -> None:
        c = self.c
        top = c.spec.height - c.spec.margin
        y = self.headline_band(top) - self.block_gap
        steps_top = y
        y = self.steps(y) + self.row_gap
        if len(c.texts) > 1 and c.steps:  # the rule between the languages' steps
            self.canvas.setStrokeColor(PALETTE.rule)
            self.canvas.setLineWidth(0.75)
            middle = c.column_x[1] - GUTTER_MM * mm / 2
            self.canvas.line(middle, y, middle, steps_top)
        y -= self.block_gap + c.hotline_height()
        if c.hotline is not None:
            c.hotline.drawOn(self.canvas, c.spec.margin, y)
        self.qr_row()

    def headline_band(self, top: float) -> float:
        c = self.c
        bottom = top - c.headline_height() - 2 * c.padding
        edge_band(self.canvas, c.spec, bottom, top, rule_at="bottom")
        # the stamp's line fits the band's top padding (a 9 pt line in at least 10.8 pt)
        stamp_height = wrapped_height(c.stamp, c.headline_width())
        c.stamp.drawOn(self.canvas, c.spec.margin + c.padding, top - stamp_height)
        y = top - c.padding
        for paragraph in c.headlines:
            height = wrapped_height(paragraph, c.headline_width())
            paragraph.drawOn(self.canvas, c.spec.margin + c.padding, y - height)
            y -= height + c.headline_gap()
        return bottom

    def steps(self, y: float) -> float:
        c = self.c
        for number, (row, height) in enumerate(zip(c.steps, c.row_heights(), strict=True), start=1):
            for x, paragraph in zip(c.column_x, row, strict=True):
                self.badge(x, y, number)
                text_height = wrapped_height(paragraph, c.text_width())
                paragraph.drawOn(self.canvas, x + c.badge + c.step_pt * 0.45, y - text_height)
            y -= height + self.row_gap
        return y

    def badge(self, x: float, top: float, number: int) -> None:
        """The step number, white on an accent disc: a shape and a numeral, not colour alone."""
        radius = self.c.badge / 2
        draw_number_badge(self.canvas, x + radius, top - radius, radius, number, self.c.step_pt)

    def qr_row(self) -> None:
        """The codes along the foot with the address and purpose under each, under a rule
        that ends in the signature."""
        c, canvas, spec = self.c, self.canvas, self.c.spec
        y = spec.margin
        for flowable in reversed(c.footer):
            height = wrapped_height(flowable, c.inner)
            flowable.drawOn(canvas, spec.margin, y)
            y += height
        caption_top = spec.margin + c.footer_height() + c.caption_height()
        for index, (code, caption) in enumerate(zip(c.codes, c.captions, strict=True)):
            centre = c.first_centre() + index * c.pitch()
            code.drawOn(canvas, centre - code.size / 2, caption_top)
            width = c.caption_width()
            # captions stay inside the margins, even under the outer codes
            x = min(max(centre - width / 2, spec.margin), spec.margin + c.inner - width)
            y = caption_top
            for paragraph in caption:
                y -= _spaced_height(paragraph, width)
                paragraph.drawOn(canvas, x, y)
        rule_y = caption_top + (c.codes[0].size if c.codes else 0.0) + c.step_pt * 0.3
        signature_height = wrapped_height(c.signature, c.inner)
        c.signature.drawOn(canvas, spec.margin, rule_y - signature_height * 0.35)
        signature_width = stringWidth(c.signature_text, FONTS.bold, c.styles.signature.fontSize)
        canvas.setStrokeColor(PALETTE.accent)
        canvas.setLineWidth(1.5)
        canvas.line(spec.margin, rule_y, spec.margin + c.inner - signature_width - c.step_pt * 0.5, rule_y)


def render_poster(
    content: Content,
    leaflet: Leaflet,
    lang: str,
    spec: FormatSpec,
    *,
    cmyk: bool = False,
    plans: PlanCache | None = None,
) -> Rendered:
    """The poster in edition ``lang`` at ``spec``'s paper size."""
    register_fonts()
    fit, composition = fit_poster(content, leaflet, lang, spec, plans)
    info = DocumentInfo.of(content, leaflet, EDITIONS[lang].langs)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=spec.page_size,
        invariant=1,
        initialFontName=FONTS.regular,  # never an unembedded Helvetica in the page resources
        enforceColorSpace=to_cmyk if cmyk else None,
        lang=info.lang,
    )
    info.write_to(canvas)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.scale(spec.scale, spec.scale)
    _Drawing(composition, canvas, fit.spare).draw()
    canvas.showPage()
    canvas.save()
    scale = spec.scale
    return Rendered(
        buffer.getvalue(),
        fit.step_pt * scale,
        1,
        lang,
        spec,
        leaflet_id=leaflet.id,
        qr_mm=(spec.qr_symbol_mm * scale,),
        headline_pt=fit.headline_pt * scale,
    )
