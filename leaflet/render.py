"""Lay out one language in one format: choose the body size, build the PDF bytes.

The fit decision is plain data (:class:`Rendered`): the largest body size in
the format's list at which every section lands where the layout wants it and
the document has exactly the format's page count.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable

from . import __version__
from .check import leaflet_texts
from .errors import BuildError
from .fonts import FONTS, average_advance, register_fonts
from .formats import MAX_LINE_CHARS, MIN_LINE_CHARS, FormatSpec
from .layouts import LAYOUTS, Anchor, LayoutPlan
from .model import LANGUAGES, Content
from .story import StoryBuilder
from .theme import make_styles


@dataclass(frozen=True)
class Rendered:
    """A finished document and the decisions that made it."""

    pdf: bytes
    body_size: float
    pages: int
    lang: str
    spec: FormatSpec


class _LeafletDoc(BaseDocTemplate):  # type: ignore[misc]
    """Records where every :class:`Anchor` lands."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.anchors: dict[str, tuple[int, str]] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        if isinstance(flowable, Anchor):
            self.anchors[flowable.name] = (self.page, self.frame.id)


def _build(
    content: Content, lang: str, spec: FormatSpec, body_size: float, pad: int
) -> tuple[bytes, _LeafletDoc, LayoutPlan]:
    styles = make_styles(body_size, title_ratio=spec.title_ratio, caption_size=spec.caption_pt)
    builder = StoryBuilder(content, lang, styles, spec.qr_symbol_mm)
    plan = LAYOUTS[spec.layout](builder, spec, pad)
    leaflet = content.leaflets[lang]
    buffer = io.BytesIO()
    doc = _LeafletDoc(
        buffer,
        pagesize=spec.page_size,
        pageTemplates=plan.templates,
        title=leaflet.meta.title,
        author=leaflet.meta.author,
        subject=leaflet.meta.subject,
        creator=f"leaflet {__version__}",
        producer=f"leaflet {__version__} (ReportLab)",
        keywords=", ".join(link.host for link in content.qr_links()),
        lang=LANGUAGES[lang].pdf_lang,
        displayDocTitle=1,
        invariant=1,
        initialFontName=FONTS.regular,  # never an unembedded Helvetica in the page resources
        leftMargin=spec.margin,
        rightMargin=spec.margin,
        topMargin=spec.margin,
        bottomMargin=spec.margin,
    )
    doc.build(list(plan.story))
    return buffer.getvalue(), doc, plan


def _fits(doc: _LeafletDoc, plan: LayoutPlan) -> bool:
    for name, (page, frame_id) in plan.expect.items():
        landed = doc.anchors.get(name)
        if landed is None or landed[1] != frame_id or landed[0] > page:
            return False
    return True


def characters_per_line(content: Content, lang: str, spec: FormatSpec, body_size: float) -> float:
    """How many characters of this language's text an average line of a column holds."""
    text = " ".join(text for _, text in leaflet_texts(content.leaflets[lang]))
    return spec.column_width() / (average_advance(text) * body_size)


def candidate_sizes(content: Content, lang: str, spec: FormatSpec) -> tuple[float, ...]:
    """The format's body sizes whose lines hold PRINT.md's 45-75 characters, largest first."""
    sizes = tuple(
        size
        for size in spec.body_sizes
        if MIN_LINE_CHARS <= characters_per_line(content, lang, spec, size) <= MAX_LINE_CHARS
    )
    if not sizes:
        raise BuildError(
            f"{spec.name}: no body size in {spec.body_sizes} gives lines of {MIN_LINE_CHARS}-"
            f"{MAX_LINE_CHARS} characters in a {spec.column_width() / mm:.0f} mm column "
            "(this is a bug in the format's definition)"
        )
    return sizes


def render(content: Content, lang: str, spec: FormatSpec) -> Rendered:
    """The document at the largest body size that fits exactly ``spec.pages`` pages
    with lines of 45-75 characters."""
    register_fonts()
    tried = []
    sizes = candidate_sizes(content, lang, spec)
    for body_size in sizes:
        pdf, doc, plan = _build(content, lang, spec, body_size, pad=0)
        if _fits(doc, plan) and doc.page < spec.pages:
            pdf, doc, plan = _build(content, lang, spec, body_size, pad=spec.pages - doc.page)
        if _fits(doc, plan) and doc.page == spec.pages:
            return Rendered(pdf=pdf, body_size=body_size, pages=doc.page, lang=lang, spec=spec)
        tried.append(f"{body_size:g} pt: {doc.page} pages")
    raise BuildError(
        f"{spec.file_name(lang)}: the {lang} text does not fit {spec.pages} pages of {spec.name} "
        f"even at the minimum body size {sizes[-1]:g} pt ({'; '.join(tried)}).\n"
        f"    hint: shorten the text in {content.folder}/{lang}.yaml, or build another format"
    )
