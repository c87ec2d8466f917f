"""Layout failures as content problems: which leaflet, which format, how much, where.

A text that cannot fit its format is a problem of the content, not of the
program: it is reported like any other content problem, located at the file
and at the longest parts of the text, so ``leaflet check`` and ``leaflet build``
both name what to shorten.
"""

from __future__ import annotations

from ..content.blocks import leaflet_blocks, leaflet_fields
from ..content.loader import language_file
from ..content.model import Content, Leaflet
from ..errors import Problem
from ..units import mm
from .formats import FormatSpec
from .plan import Overflow

#: how many of a text's longest parts an overflow names
LONGEST_PARTS = 3


def text_file(leaflet: Leaflet, lang: str) -> str:
    return language_file(leaflet.folder, lang)


def problem(content: Content, leaflet: Leaflet, lang: str, key: str, message: str, hint: str) -> Problem:
    """A problem of one language's text, located at ``key`` (its line and column in the file)."""
    file = text_file(leaflet, lang)
    return Problem(file, *content.locations.get((file, key), (0, 0)), key, message, hint)


def first_key(leaflet: Leaflet, lang: str, kind: str) -> str:
    """The key path of the first block of ``kind`` in a text ('' if it has none)."""
    return next((key for key, block in leaflet_blocks(leaflet.texts[lang]) if block.kind == kind), "")


def longest_parts(leaflet: Leaflet, lang: str) -> list[tuple[str, int]]:
    """The key paths of the longest top-level parts of a text (a step counts as one part),
    with their length in characters, longest first."""
    sizes: dict[str, int] = {}
    for field in leaflet_fields(leaflet.texts[lang]):
        if field.key.startswith("meta."):  # the PDF's properties: never laid out
            continue
        parts = field.key.split(".")
        # blocks[7].steps[3].body... -> blocks[7].steps[3]; blocks[2].callout... -> blocks[2]
        key = ".".join(parts[:2]) if len(parts) > 1 and parts[1].startswith("steps[") else parts[0]
        sizes[key] = sizes.get(key, 0) + len(field.text)
    return sorted(sizes.items(), key=lambda pair: -pair[1])[:LONGEST_PARTS]


def overflow_problem(content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec, overflow: Overflow) -> Problem:
    """The text does not fit the format's largest page budget: located at its longest part."""
    capacity = (spec.height - 2 * spec.margin) * spec.columns * overflow.pages
    parts = longest_parts(leaflet, lang)
    longest = ", ".join(f"{key} ({length} characters)" for key, length in parts)
    pages = f"{overflow.pages} page{'s' if overflow.pages > 1 else ''}"
    return problem(
        content,
        leaflet,
        lang,
        parts[0][0] if parts else "",
        f"{leaflet.id}: the text does not fit the {spec.name} format ({spec.description.split(':')[0]}): "
        f"{pages} at most, and even at {spec.body_sizes[-1]:g} pt about {max(overflow.over, 1.0) / mm:.0f} mm of "
        f"text is over ({100 * max(overflow.over, 1.0) / capacity:.0f} % of the pages' text area); "
        f"its longest parts: {longest}",
        "shorten the text (its longest parts first), or build another format with --format",
    )


def layout_problem(content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec) -> Problem:
    """Something set in one piece (a heading, a step title, a box) is taller than a whole
    column: located at the longest text set in one piece, the likeliest cause."""
    fields = [
        field
        for field in leaflet_fields(leaflet.texts[lang])
        if field.key == "title" or field.key.rpartition(".")[2] in ("heading", "title", "signoff", "text", "note")
    ]
    longest = max(fields, key=lambda field: len(field.text)).key if fields else ""
    return problem(
        content,
        leaflet,
        lang,
        longest,
        f"{leaflet.id}: a part of the text set in one piece (a title, heading or box) is taller than a whole "
        f"column of the {spec.name} format and cannot be placed",
        "shorten it, or split it into a shorter heading and a paragraph",
    )


def too_short_problem(content: Content, leaflet: Leaflet, lang: str, spec: FormatSpec, pages: int) -> Problem:
    """The text is too short to fill the format's fewest pages even at the largest type."""
    return problem(
        content,
        leaflet,
        lang,
        "title",
        f"{leaflet.id}: the text is too short for the {spec.name} format: even at {spec.body_sizes[0]:g} pt it "
        f"leaves some of its {pages} pages empty",
        "add text, or build the formats it fits with --format (a poster or the phone PDF need little text)",
    )
