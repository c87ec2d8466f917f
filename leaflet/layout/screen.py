"""The shareable PDF: a layout for phone screens, forwarded in messengers.

Narrow pages about one screen tall, one column, large type, no print margins,
RGB colour.  Every address, phone number and e-mail is a link (the story
builder writes them); this module adds a bookmark for every step (nested under
the language in a bilingual file), opens the document at fit-width on the first
page, and renders it in a single pass: a phone format has no page budget to fit,
its page count follows the text.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..content.model import LANGUAGES, Content, Leaflet
from ..errors import ContentError
from .blocks import FlowContext, flow
from .branding import branch_band, stamp_paragraph
from .doctemplate import DocTemplate
from .document import DocumentInfo, Rendered
from .flowables import BalancedParagraph, StepHeading
from .fonts import FONTS, register_fonts
from .formats import EDITIONS, FormatSpec
from .keys import edition_key
from .marks import Element, TaggingCanvas, TagLog, give_role, sections
from .markup import Markup
from .paragraphs import Paragraph
from .plan import PlanCache
from .problems import layout_problem, problem
from .theme import Styles, make_styles


class OutlineEntry(Flowable):  # type: ignore[misc]
    """Invisible: where it is drawn it binds a destination and adds a bookmark to it.

    It stands first in its heading's keep-together group, so it reports the heading's
    space above as its own (``lift``) and passes the space below the flowable before it
    on to the heading: measured that way the group is as tall as it is when laid out,
    and a heading with the first lines under it is not left alone at the foot of a page."""

    _SPACETRANSFER = True  # the frame keeps the space after the previous flowable for the next

    def __init__(self, key: str, title: str, level: int, lift: float = 0.0) -> None:
        super().__init__()
        self.key, self.title, self.level, self.lift = key, title, level, lift
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab API
        return self.lift

    def draw(self) -> None:
        # the destination keeps the reader's zoom (XYZ with zoom 0): fit-width stays fit-width
        self.canv.bookmarkHorizontal(self.key, 0, self.lift)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)


class TextEnd(Flowable):  # type: ignore[misc]
    """Invisible: where it is drawn it notes the page and the height the language's text ends
    at, so the page can be cut off below it (:func:`_build`)."""

    def __init__(self, ends: dict[int, float]) -> None:
        super().__init__()
        self.ends = ends
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803 - ReportLab API
        self.ends[canvas.getPageNumber() - 1] = y

    def draw(self) -> None:
        pass


def step_title(markup: Markup, number: int, short: str) -> str:
    """A bookmark's title: '1. Прекратите общение' (the step's short form, as printed)."""
    return f"{number}. {markup.plain(short)}"


def language_story(
    content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec, styles: Styles, level: int
) -> list[Flowable]:
    """One language's leaflet in reading order, for one phone-width column: the title, the
    text, then the back page's blocks (the QR panel as tappable links); a bookmark at every
    step."""
    text = leaflet.texts[lang]
    markup = Markup(content, lang)
    width = spec.width - 2 * spec.margin
    shorts = [step.short for step in text.steps()]

    def bookmark(number: int, heading: StepHeading) -> list[Flowable]:
        title = step_title(markup, number, shorts[number - 1])
        return [OutlineEntry(f"{lang}-step-{number}", title, level, heading.getSpaceBefore())]

    ctx = FlowContext(markup, styles, spec, text, leaflet.folder, width, spec.height - 2 * spec.margin, "screen")
    ctx.on_step = bookmark
    title = BalancedParagraph(markup.text(text.title), styles.title)
    story: list[Flowable] = [title, *flow(ctx, text.blocks)]
    back = flow(ctx, text.back)
    if leaflet.branch is not None:  # who hands it out: under the back page's blocks
        back.append(branch_band(leaflet.branch, (lang,), width))
    back.append(stamp_paragraph(leaflet, content.folder))
    # the back page's blocks stay together, never one alone on the last screen
    story.append(KeepTogether(back))
    return story


def page_template(spec: FormatSpec) -> PageTemplate:
    """One full-width frame; the first page sets the document to open there at fit-width."""
    frame = Frame(
        spec.margin,
        spec.margin,
        spec.width - 2 * spec.margin,
        spec.height - 2 * spec.margin,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="screen",
    )

    def open_at_fit_width(canvas: Canvas, doc: object) -> None:
        if canvas.getPageNumber() == 1:
            destination = canvas.bookmarkPage("open", fit="FitH", top=spec.height)
            canvas.setCatalogEntry("OpenAction", destination)

    return PageTemplate("screen", [frame], onPage=open_at_fit_width)


def edition_story(
    content: Content, leaflet: Leaflet, edition: str, spec: FormatSpec, ends: dict[int, float] | None = None
) -> list[Flowable]:
    """Every language of the edition one after the other, each from a new page; in a
    bilingual file each language is a bookmark with its steps under it.  Where each
    language's text ends goes into ``ends`` (page index: height)."""
    styles = make_styles(spec.body_sizes[0], title_ratio=spec.title_ratio, caption_size=spec.caption_pt)
    langs = EDITIONS[edition].langs
    story: list[Flowable] = []
    bilingual = len(langs) > 1
    for index, lang in enumerate(langs):
        passage: list[Flowable] = []
        if bilingual:
            if index:
                story.append(PageBreak())
            story.append(OutlineEntry(lang, LANGUAGES[lang].name, level=0))
            if not index:  # the first language opens with links to the others, named in theirs
                others = Paragraph(Markup(content, lang).language_links(langs[1:]), styles.body)
                give_role(others, Element("P", lang=LANGUAGES[langs[1]].pdf_lang))
                passage.append(others)
        passage += language_story(content, leaflet, lang, spec, styles, level=1 if bilingual else 0)
        sections(passage, LANGUAGES[lang].pdf_lang)  # in a tagged PDF, each language's passage
        story += passage
        if ends is not None:
            story.append(TextEnd(ends))
    return story


def _build(content: Content, leaflet: Leaflet, edition: str, spec: FormatSpec) -> tuple[bytes, int, TagLog | None]:
    """The phone PDF of ``edition``, its page count and what its drawing marked for tagging; a
    part taller than a screen is the content's problem (blamed on the edition's first
    language: ReportLab does not say which)."""
    buffer = io.BytesIO()
    canvases: list[TaggingCanvas] = []

    def tagging_canvas(*args: Any, **kwargs: Any) -> TaggingCanvas:
        canvases.append(TaggingCanvas(*args, **kwargs))
        return canvases[-1]

    doc = DocTemplate(
        buffer,
        pagesize=spec.page_size,
        pageTemplates=[page_template(spec)],
        **DocumentInfo.of(content, leaflet, EDITIONS[edition].langs).doc_options(),
        displayDocTitle=1,
        invariant=1,
        initialFontName=FONTS.regular,
    )
    ends: dict[int, float] = {}
    try:
        if spec.tagged:
            doc.build(edition_story(content, leaflet, edition, spec, ends), canvasmaker=tagging_canvas)
        else:
            doc.build(edition_story(content, leaflet, edition, spec, ends))
    except LayoutError:
        lang = EDITIONS[edition].langs[0]
        raise ContentError([layout_problem(content, leaflet, lang, spec)]) from None
    tag_log = canvases[-1].tag_log if canvases else None
    # a language's last page ends a margin below its text: no blank screen after the end
    # (the inspection found 80-84 mm of it); a page the text fills keeps its height
    bottoms = {page: y - spec.margin for page, y in ends.items() if y - spec.margin > 1}
    if not bottoms:
        return buffer.getvalue(), doc.page, tag_log
    from ..pdf.pdfwrite import shorten_pages  # pikepdf, only for a page to cut

    return shorten_pages(buffer.getvalue(), bottoms), doc.page, tag_log


def render_screen(
    content: Content, leaflet: Leaflet, edition: str, spec: FormatSpec, plans: PlanCache | None = None
) -> Rendered:
    """The phone PDF of one edition, in one pass at the format's body size: its page count
    follows the text, up to the format's limit per language.  It has no plan to keep; ``plans``
    keeps the fact that this edition was laid out, so `leaflet check` need not lay it out again."""
    register_fonts()
    langs = EDITIONS[edition].langs
    pdf, pages, tags = _build(content, leaflet, edition, spec)
    limit = spec.page_budgets[-1]
    if pages > limit * len(langs):
        # which language is too long: each one laid out alone (only when the edition is over)
        counts = {lang: _build(content, leaflet, lang, spec)[1] if len(langs) > 1 else pages for lang in langs}
        over = [lang for lang, count in counts.items() if count > limit] or [max(counts, key=counts.__getitem__)]
        raise ContentError(
            [
                problem(
                    content,
                    leaflet,
                    lang,
                    "",
                    f"{leaflet.id}: the phone PDF would have {counts[lang]} screen pages in {lang}, more than {limit}",
                    "shorten the text: a leaflet forwarded to a phone is read in a few minutes",
                )
                for lang in over
            ]
        )
    if plans is not None:
        plans.put(edition_key(content, leaflet, edition, spec), ())
    return Rendered(
        pdf=pdf, body_size=spec.body_sizes[0], pages=pages, lang=edition, spec=spec, leaflet_id=leaflet.id, tags=tags
    )
