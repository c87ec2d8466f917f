"""One output file: the format's kind of layout draws it, then the finishers apply in order.

:data:`KINDS` maps a format's layout kind to the function that draws it
(flowing leaflets, posters, phone screens); :data:`FINISHERS` lists the steps
applied after drawing, each when it applies: imposition of a booklet, the
print-shop finish, packing, and the PDF/A copy.  A new format is an entry in
:data:`leaflet.layout.formats.FORMATS`; a new kind or finisher is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..content.model import Content, Leaflet
from ..layout.document import Rendered
from ..layout.flow import render_flow
from ..layout.formats import EDITIONS, FORMATS, FormatSpec
from ..layout.plan import PlanCache
from ..layout.plan_store import disk_store
from ..layout.poster import render_poster
from ..layout.screen import render_screen
from .options import PrintOptions


@dataclass
class BuildCache:
    """What the documents of one build share: the plans, and the drawn pages a booklet is
    imposed from.  The build owns it and passes it in; nothing is kept in globals."""

    plans: PlanCache = field(default_factory=lambda: PlanCache(disk_store()))
    drawn: dict[tuple[str, str, str, PrintOptions], Rendered] = field(default_factory=dict)


#: what a kind of layout draws: (content, leaflet, edition, spec drawn at, options, plans)
Draw = Callable[[Content, Leaflet, str, FormatSpec, PrintOptions, PlanCache], Rendered]

KINDS: dict[str, Draw] = {
    "flow": lambda content, leaflet, edition, spec, options, plans: render_flow(
        content, leaflet, edition, spec, cmyk=options.cmyk, cache=plans
    ),
    "poster": lambda content, leaflet, edition, spec, options, plans: render_poster(
        content, leaflet, edition, spec, cmyk=options.cmyk, plans=plans
    ),
    "screen": lambda content, leaflet, edition, spec, options, plans: render_screen(
        content, leaflet, edition, spec, plans
    ),
}


@dataclass(frozen=True)
class Finisher:
    """A step applied to a drawn document when ``applies(spec, options)``."""

    name: str
    applies: Callable[[FormatSpec, PrintOptions], bool]
    apply: Callable[[Rendered, FormatSpec, PrintOptions], Rendered]


# The finishers import their PDF libraries (pypdf, pikepdf) when they run: `leaflet check`,
# which lays documents out but finishes none, never loads them.


def _impose(document: Rendered, spec: FormatSpec, options: PrintOptions) -> Rendered:
    from .impose import impose_booklet

    sheet = spec.page_size
    if options.bleed_mm:  # a print shop trims the sheet at the pages' own outer edges: bleed all round
        page_width, page_height = FORMATS[spec.imposed_from].page_size
        sheet = (2 * page_width, page_height)
    pdf = impose_booklet(document.pdf, sheet, spec.with_bleed(options.bleed_mm).bleed)
    return replace(document, pdf=pdf, pages=document.pages // 2)


def _print_shop(document: Rendered, spec: FormatSpec, options: PrintOptions) -> Rendered:
    from .printshop import finish_for_print

    folds = (0.5,) if spec.imposed_from else ()  # a booklet's sheet folds in its middle
    return replace(document, pdf=finish_for_print(document.pdf, options, folds))


def _pack(document: Rendered, spec: FormatSpec, options: PrintOptions) -> Rendered:
    from .pdfpack import pack

    return replace(document, pdf=pack(document.pdf))


def _archival(document: Rendered, spec: FormatSpec, options: PrintOptions) -> Rendered:
    from .pdfa import make_archival

    return replace(document, pdf=make_archival(document.pdf, tagged=document.tags is not None))


def _tag(document: Rendered, spec: FormatSpec, options: PrintOptions) -> Rendered:
    from .tagging import tag_pdf

    if document.tags is None:  # only a format drawn in one language at a time is tagged
        raise RuntimeError(f"{spec.name} in {document.lang} was drawn without marks to tag (leaflet.pdf.documents)")
    return replace(document, pdf=tag_pdf(document.pdf, document.tags))


def _print_master(spec: FormatSpec, options: PrintOptions) -> bool:
    """A print shop's sheets hold the pages as forms, with crop marks: a print master, not
    tagged (the phone PDF ignores the print-shop options, and stays tagged)."""
    return spec.layout != "screen" and options.for_print_shop


#: in the order they apply
FINISHERS: tuple[Finisher, ...] = (
    Finisher("tag", lambda spec, options: spec.tagged and not _print_master(spec, options), _tag),
    Finisher("impose", lambda spec, options: bool(spec.imposed_from), _impose),
    Finisher("print-shop", lambda spec, options: spec.layout != "screen" and options.for_print_shop, _print_shop),
    Finisher("pack", lambda spec, options: spec.layout == "screen" and not spec.archival and not spec.tagged, _pack),
    Finisher("pdfa", lambda spec, options: spec.archival, _archival),
)


def _drawn(
    content: Content, leaflet: Leaflet, format_name: str, edition: str, options: PrintOptions, cache: BuildCache
) -> Rendered:
    """The document drawn at trim size, before any finisher; a booklet's pages are the
    drawing of the format it is imposed from, and an archival copy the drawing of the format
    it copies (drawn once for both)."""
    spec = FORMATS[format_name]
    source = spec.drawn_from
    key = (leaflet.copy_id, source, edition, options)
    if key not in cache.drawn:
        drawn_spec = FORMATS[source].with_bleed(options.bleed_mm)
        if _print_master(drawn_spec, options):  # drawn without marks: the same bytes as before tagging
            drawn_spec = replace(drawn_spec, tagged=False)
        document = KINDS[drawn_spec.layout](content, leaflet, edition, drawn_spec, options, cache.plans)
        cache.drawn[key] = replace(document, spec=FORMATS[source])
    return cache.drawn[key]


def draw_document(
    content: Content, leaflet: Leaflet, format_name: str, edition: str, cache: BuildCache | None = None
) -> Rendered:
    """The document laid out and drawn, no finisher applied: what `leaflet check` needs to know
    that it can be made."""
    return _drawn(content, leaflet, format_name, edition, PrintOptions(), cache or BuildCache())


def make_document(
    content: Content,
    leaflet: Leaflet,
    format_name: str,
    edition: str,
    options: PrintOptions,
    cache: BuildCache | None = None,
) -> Rendered:
    """The finished file ``format_name`` of ``leaflet`` in ``edition``."""
    spec = FORMATS[format_name]
    if edition not in spec.editions or not set(EDITIONS[edition].langs) <= set(leaflet.languages):
        raise ValueError(f"{format_name} of {leaflet.id} is not made in {edition}")
    document = replace(_drawn(content, leaflet, format_name, edition, options, cache or BuildCache()), spec=spec)
    for finisher in FINISHERS:
        if finisher.applies(spec, options):
            document = finisher.apply(document, spec, options)
    return document
