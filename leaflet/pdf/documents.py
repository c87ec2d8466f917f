"""One output file: the format's kind of document, in an edition, for a kind of printer.

The one place that joins the format kinds: flowed leaflets (:mod:`leaflet.render`),
posters (:mod:`leaflet.poster`), booklets imposed from a leaflet's pages
(:mod:`leaflet.impose`), and the print-shop finish (:mod:`leaflet.printshop`).
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import BuildError
from ..layout.formats import EDITIONS, FORMATS
from .impose import impose_booklet
from ..content.model import Content
from ..layout.poster import render_poster
from .printshop import PrintOptions, finish_for_print
from ..layout.render import Rendered, render
from ..layout.share import render_share

#: documents drawn at trim size, before the print-shop finish, by (format, edition, options)
_Cache = dict[tuple[str, str, PrintOptions], Rendered]


def _drawn(content: Content, format_name: str, edition: str, options: PrintOptions, cache: _Cache) -> Rendered:
    key = (format_name, edition, options)
    if key in cache:
        return cache[key]
    spec = FORMATS[format_name]
    drawn_spec = spec.with_bleed(options.bleed_mm)
    if spec.imposed_from:
        pages = _drawn(content, spec.imposed_from, edition, options, cache)
        pdf = impose_booklet(pages.pdf, spec.page_size, drawn_spec.bleed)
        document = replace(pages, pdf=pdf, pages=pages.pages // 2, spec=spec)
    elif spec.layout == "poster":
        document = render_poster(content, edition, drawn_spec, cmyk=options.cmyk)
    else:
        document = render(content, edition, drawn_spec, cmyk=options.cmyk)
    cache[key] = document = replace(document, spec=spec)
    return document


def make_document(
    content: Content, format_name: str, edition: str, options: PrintOptions, cache: _Cache | None = None
) -> Rendered:
    """The finished file ``format_name`` in ``edition``; ``cache`` shares a leaflet's pages
    with the booklet imposed from them."""
    spec = FORMATS[format_name]
    if edition not in spec.editions:
        raise BuildError(f"{format_name} is not made in {EDITIONS[edition].description}")
    if spec.layout == "share":  # a screen format: its pages follow the text, nothing to finish for print
        return render_share(content, edition, spec)
    document = _drawn(content, format_name, edition, options, {} if cache is None else cache)
    expected = spec.page_count(edition)
    if document.pages > expected or (spec.exact_pages and document.pages != expected):
        raise BuildError(
            f"{spec.file_name(edition)}: {document.pages} pages instead of {expected} (this is a bug in the layout)"
        )
    folds = (spec.width / 2,) if spec.imposed_from else ()
    return replace(document, pdf=finish_for_print(document.pdf, options, folds))
