"""Posters: one page for a notice board, read from 2-3 m.

A headline in a tinted band, the six steps as short imperative lines with big
numbers, the hotline numbers, and one row of the four QR codes with the address
under each.  A bilingual poster sets Kazakh and Russian side by side (Kazakh on
the left) at the same size, the rows of the two columns aligned, over one
shared row of codes.

The poster is designed at A4 and printed at A3 and A2 as the same vector
drawing scaled (PRINT.md's poster sizes grow by √2 per paper size, as the paper
does).  The fit is plain data (:class:`PosterFit`): the largest step size, with
the headline in proportion, at which everything fits the page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from ..errors import BuildError
from .flowables import BalancedParagraph, draw_number_badge, wrapped_height
from .fonts import FONTS, register_fonts
from .formats import EDITIONS, FormatSpec
from .layouts import edge_band
from ..content.model import Content
from .qr import QRFlowable
from .render import DocumentInfo, Rendered
from .story import PHONE, StoryBuilder, font_runs
from .theme import PALETTE, PosterStyles, make_poster_styles, make_styles, to_cmyk
from ..units import mm

#: PRINT.md, at A4 (A3 and A2 are the same drawing scaled by √2 and 2)
MIN_HEADLINE_PT = 36.0
MIN_STEP_PT = 18.0
STEP_SIZES = tuple(float(size) for size in range(32, int(MIN_STEP_PT) - 1, -1))
HEADLINE_RATIO = 1.7  # headline size per step size, at least MIN_HEADLINE_PT
MAX_HEADLINE_PT = 56.0
GUTTER_MM = 8.0
#: the clear space between the captions of neighbouring codes
CAPTION_GAP_MM = 5.0


@dataclass(frozen=True)
class PosterFit:
    """The type sizes chosen (at the A4 design size) and the room left over."""

    headline_pt: float
    step_pt: float
    spare: float


#: a short name in guillemets («Стоп кредит»): one or two words
SHORT_NAME = re.compile(r"«([^«»\s]+ [^«»\s]+)»")


def unbroken_names(text: str) -> str:
    """``text`` with the space inside a short name in guillemets made non-breaking, so a
    step line never breaks a service's name in two ("«Стоп" / "кредит»")."""
    return SHORT_NAME.sub(lambda match: "«" + match.group(1).replace(" ", "\u00a0") + "»", text)


def _spaced_height(paragraph: Paragraph, width: float) -> float:
    """A caption paragraph's space above and height: as measured, so as drawn."""
    return wrapped_height(paragraph, width) + float(paragraph.style.spaceBefore)


def headline_size(step_pt: float) -> float:
    return min(MAX_HEADLINE_PT, max(MIN_HEADLINE_PT, round(step_pt * HEADLINE_RATIO)))


class Composition:
    """The poster's elements, measured at one type size, in design coordinates."""

    def __init__(self, content: Content, langs: tuple[str, ...], spec: FormatSpec, step_pt: float) -> None:
        self.content, self.spec, self.step_pt = content, spec, step_pt
        self.headline_pt = headline_size(step_pt)
        self.styles: PosterStyles = make_poster_styles(self.headline_pt, step_pt, spec.caption_pt)
        self.builders = [StoryBuilder(content, lang, make_styles(12.0), spec.qr_symbol_mm) for lang in langs]
        gutter = GUTTER_MM * mm
        self.inner = spec.width - 2 * spec.margin
        self.column = (self.inner - (len(langs) - 1) * gutter) / len(langs)
        self.column_x = [spec.margin + index * (self.column + gutter) for index in range(len(langs))]
        self.badge: float = self.styles.step.leading
        self.padding = self.headline_pt * 0.3
        # the headline breaks into lines of about equal length: no word alone on a line
        self.headlines = [BalancedParagraph(b.markup(b.leaflet.title), self.styles.headline) for b in self.builders]
        count = len(self.builders[0].leaflet.steps)
        self.steps = [
            [Paragraph(b.markup(unbroken_names(b.leaflet.steps[index].short)), self.styles.step) for b in self.builders]
            for index in range(count)
        ]
        self.hotline = Paragraph(self._hotline_markup(), self.styles.hotline)
        self.codes = [QRFlowable(link.url, spec.qr_symbol_mm) for link in content.qr_links()]
        self.captions = [self._caption(link.id) for link in content.qr_links()]
        self.signature = Paragraph(font_runs(self.builders[0].leaflet.signature), self.styles.signature)

    def _hotline_markup(self) -> str:
        """Every phone number once, across the page, with its purpose in each language
        (the number is the same in both)."""
        lines = []
        for link in self.content.links.values():
            if link.scheme == "tel":
                purposes = " / ".join(purpose for b in self.builders if (purpose := b.purpose_markup(link)))
                number = self.builders[0].link_markup(link.id)
                lines.append(f"{font_runs(PHONE)} {number}" + (f" \u2014 {purposes}" if purposes else ""))
        return "<br/>".join(lines)

    def _caption(self, link_id: str) -> list[Paragraph]:
        """The address, then what to do there in each language: a bilingual caption sets
        its languages apart by half a line, so where one ends and the next begins shows."""
        link = self.content.links[link_id]
        caption = [Paragraph(self.builders[0].link_markup(link_id), self.styles.address)]
        purposes = [purpose for b in self.builders if (purpose := b.purpose_markup(link))]
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
        return wrapped_height(self.hotline, self.inner)

    def pitch(self) -> float:
        """Distance between the centres of neighbouring codes: the row spans the text width."""
        symbol = self.spec.qr_symbol_mm * mm
        return (self.inner - symbol) / max(len(self.codes) - 1, 1)

    def caption_height(self) -> float:
        width = self.caption_width()
        return max(sum(_spaced_height(p, width) for p in caption) for caption in self.captions)

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
            + (len(rows) - 1) * row_gap
            + self.hotline_height()
            + self.qr_row_height()
            + 3 * block_gap
        )

    def available(self) -> float:
        return self.spec.height - 2 * self.spec.margin


def design_spec(spec: FormatSpec) -> FormatSpec:
    """The spec the poster is drawn at: its design size, the bleed scaled down to match."""
    if spec.design_size is None:
        return spec
    return replace(spec, page_size=spec.design_size, design_size=None, bleed_mm=spec.bleed_mm / spec.scale)


def fit_poster(content: Content, lang: str, spec: FormatSpec) -> tuple[PosterFit, Composition]:
    """The largest step size (headline in proportion) at which the poster fits its page,
    and the poster composed at that size."""
    design = design_spec(spec)
    needed = 0.0
    for step_pt in STEP_SIZES:
        composition = Composition(content, EDITIONS[lang].langs, design, step_pt)
        needed, available = composition.needed(), composition.available()
        if needed <= available:
            return PosterFit(composition.headline_pt, step_pt, available - needed), composition
    raise BuildError(
        f"{spec.file_name(lang)}: the headline and steps do not fit the poster even at the minimum sizes "
        f"{MIN_HEADLINE_PT:g}/{MIN_STEP_PT:g} pt: they need {needed / mm:.0f} mm of height, the page has "
        f"{available / mm:.0f} mm ({100 * (needed / available - 1):.0f} % over) "
        "(hint: shorten the title or the steps' short forms)"
    )


class _Drawing:
    """Draws a :class:`Composition` top to bottom, spreading the spare room into the gaps."""

    def __init__(self, composition: Composition, canvas: Canvas, spare: float) -> None:
        self.c, self.canvas = composition, canvas
        row_gap, block_gap = composition.minimum_gaps()
        rows = len(composition.steps)
        extra_row = min(spare * 0.5 / max(rows - 1, 1), composition.step_pt * 0.8)
        self.row_gap = row_gap + extra_row
        self.block_gap = block_gap + (spare - extra_row * (rows - 1)) / 3

    def draw(self) -> None:
        c = self.c
        top = c.spec.height - c.spec.margin
        y = self.headline_band(top) - self.block_gap
        steps_top = y
        y = self.steps(y) + self.row_gap
        if len(c.builders) > 1:  # the rule between the languages' steps
            self.canvas.setStrokeColor(PALETTE.rule)
            self.canvas.setLineWidth(0.75)
            middle = c.column_x[1] - GUTTER_MM * mm / 2
            self.canvas.line(middle, y, middle, steps_top)
        y -= self.block_gap + c.hotline_height()
        c.hotline.drawOn(self.canvas, c.spec.margin, y)
        self.qr_row()

    def headline_band(self, top: float) -> float:
        c = self.c
        bottom = top - c.headline_height() - 2 * c.padding
        edge_band(self.canvas, c.spec, bottom, top, rule_at="bottom")
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
        caption_top = spec.margin + c.caption_height()
        symbol = spec.qr_symbol_mm * mm
        for index, (code, caption) in enumerate(zip(c.codes, c.captions, strict=True)):
            centre = spec.margin + symbol / 2 + index * c.pitch()
            code.drawOn(canvas, centre - code.size / 2, caption_top)
            width = c.caption_width()
            # captions stay inside the margins, even under the outer codes
            x = min(max(centre - width / 2, spec.margin), spec.margin + c.inner - width)
            y = caption_top
            for paragraph in caption:
                y -= _spaced_height(paragraph, width)
                paragraph.drawOn(canvas, x, y)
        rule_y = caption_top + c.codes[0].size + c.step_pt * 0.3
        signature_height = wrapped_height(c.signature, c.inner)
        c.signature.drawOn(canvas, spec.margin, rule_y - signature_height * 0.35)
        signature_width = stringWidth(c.builders[0].leaflet.signature, FONTS.bold, c.styles.signature.fontSize)
        canvas.setStrokeColor(PALETTE.accent)
        canvas.setLineWidth(1.5)
        canvas.line(spec.margin, rule_y, spec.margin + c.inner - signature_width - c.step_pt * 0.5, rule_y)


def render_poster(content: Content, lang: str, spec: FormatSpec, *, cmyk: bool = False) -> Rendered:
    """The poster in edition ``lang`` at ``spec``'s paper size."""
    register_fonts()
    fit, composition = fit_poster(content, lang, spec)
    info = DocumentInfo.of(content, EDITIONS[lang].langs)
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
    details = (
        f"headline {fit.headline_pt * scale:.0f} pt, steps {fit.step_pt * scale:.0f} pt, "
        f"QR codes {spec.qr_symbol_mm * scale:.0f} mm"
    )
    return Rendered(buffer.getvalue(), fit.step_pt * scale, 1, lang, spec, details=details)
