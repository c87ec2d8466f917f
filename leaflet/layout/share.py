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

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate

from ..errors import BuildError
from .flowables import StepHeading, tinted_panel
from .fonts import FONTS, register_fonts
from .formats import EDITIONS, FormatSpec
from ..content.inline import plain_text
from ..content.model import LANGUAGES, Content
from ..pdf.pdfa import make_archival
from ..pdf.pdfpack import pack
from .render import DocumentInfo, Rendered
from .story import ARROW, StoryBuilder
from .theme import PALETTE, make_styles


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


def step_titles(content: Content, lang: str) -> list[str]:
    """The bookmark titles of one language: '1. Прекратите общение', ... (the steps' short forms)."""
    labels = {link_id: link.label(lang) for link_id, link in content.links.items()}
    steps = content.leaflets[lang].steps
    return [f"{number}. {plain_text(step.short, labels)}" for number, step in enumerate(steps, start=1)]


def with_step_entries(flowables: list[Flowable], titles: list[str], lang: str, level: int) -> list[Flowable]:
    """The flowables with an :class:`OutlineEntry` just before every step heading,
    inside the same keep-together group, so a bookmark lands on its heading's page."""
    out: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flowable._content = with_step_entries(list(flowable._content), titles, lang, level)
        elif isinstance(flowable, StepHeading):
            lift = flowable.getSpaceBefore()
            out.append(OutlineEntry(f"{lang}-step-{flowable.number}", titles[flowable.number - 1], level, lift))
        out.append(flowable)
    return out


def official_sites(builder: StoryBuilder) -> list[Flowable]:
    """The sites the paper leaflets print as QR codes, here as links with their purpose:
    a phone cannot scan a code on its own screen, but it can follow a link."""
    return [builder.link_line(link, ARROW) for link in builder.content.qr_links()]


def language_story(builder: StoryBuilder, spec: FormatSpec, level: int) -> list[Flowable]:
    """One language's leaflet in reading order, for one phone-width column."""
    width = spec.width - 2 * spec.margin
    padding = builder.styles.body_size * 0.5
    links = [*official_sites(builder), *builder.contacts()]
    titles = step_titles(builder.content, builder.lang)
    story: list[Flowable] = [*builder.title(), *builder.lead(), *builder.tactics(), *builder.warning()]
    story += with_step_entries(builder.steps(), titles, builder.lang, level)
    # the sign-off stays with the list of sites above it, never alone on the last screen
    story += [
        *builder.share(),
        KeepTogether([tinted_panel(links, width, PALETTE.panel_tint, padding), *builder.closing()]),
    ]
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


def edition_story(content: Content, edition: str, spec: FormatSpec, body_size: float) -> list[Flowable]:
    """Every language of the edition one after the other, each from a new page; in a
    bilingual file each language is a bookmark with its steps under it."""
    styles = make_styles(body_size, title_ratio=spec.title_ratio, caption_size=spec.caption_pt)
    langs = EDITIONS[edition].langs
    story: list[Flowable] = []
    bilingual = len(langs) > 1
    for index, lang in enumerate(langs):
        builder = StoryBuilder(content, lang, styles, spec.qr_symbol_mm)
        if bilingual:
            if index:
                story.append(PageBreak())
            story.append(OutlineEntry(lang, LANGUAGES[lang].name, level=0))
            if not index:  # the first language opens with links to the others
                story.append(builder.language_links(langs[1:]))
        story += language_story(builder, spec, level=1 if bilingual else 0)
    return story


def render_share(content: Content, edition: str, spec: FormatSpec) -> Rendered:
    """The phone PDF of one edition, in one pass at the format's body size."""
    register_fonts()
    body_size = spec.body_sizes[0]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=spec.page_size,
        pageTemplates=[page_template(spec)],
        **DocumentInfo.of(content, EDITIONS[edition].langs).doc_options(),
        displayDocTitle=1,
        invariant=1,
        initialFontName=FONTS.regular,
    )
    doc.build(edition_story(content, edition, spec, body_size))
    if doc.page > spec.page_count(edition):
        raise BuildError(
            f"{spec.file_name(edition)}: the text needs {doc.page} screen pages, more than the "
            f"{spec.page_count(edition)} the {spec.name} format allows.\n"
            f"    hint: shorten the text in {content.folder}, or raise pages= of '{spec.name}' in leaflet/formats.py"
        )
    pdf = make_archival(buffer.getvalue()) if spec.archival else pack(buffer.getvalue())
    return Rendered(pdf=pdf, body_size=body_size, pages=doc.page, lang=edition, spec=spec)
