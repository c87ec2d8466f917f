"""Marked content for tagged PDF (PDF/UA-1): what each drawn flowable is, recorded as it is drawn.

Tagging is done in two steps.  While the story is built, the flowables that draw content (the
*leaves*: paragraphs, QR codes, pictures, a step's heading) are given their place in the
structure: :func:`structure` does it for each block of the content model (a list's items, a
step's label and body, a code's alternative text), and :func:`prefix` puts a whole story or
band inside an element (a language's section).  While the document is drawn, a
:class:`TaggingCanvas` wraps what each leaf draws in marked content (``BDC`` ... ``EMC`` with a
marked-content identifier, MCID, numbered per page), splits a paragraph's text at its links,
and records every MCID and link annotation with the structure elements it belongs to
(:class:`TagLog`).  :mod:`leaflet.pdf.tagging` then writes the structure tree from that log with
pikepdf, and marks everything else on the pages (bands, tints, rules, backgrounds) as artifacts.

The only hook into ReportLab's drawing is :func:`install`: ``Flowable.drawOn`` asks a tagging
canvas to mark a leaf while it draws (any other canvas draws as before: untagged formats are
unchanged), and a paragraph split across pages keeps its place in both parts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus import Image as ImageFlowable

from ..content.model import Block, Callout, Heading, Image, QRPanel, Steps
from .flowables import StepHeading
from .qr import QRFlowable

#: the levels of the headings a leaflet has: its title, a heading block, a step's title, a box's
#: title (the tree lowers a level that would skip one: PDF/UA wants no gap)
TITLE_ROLE, HEADING_ROLE, STEP_ROLE, BOX_ROLE = "H1", "H2", "H3", "H4"
#: paragraph styles whose text is the document's title
_TITLE_STYLES = frozenset({"title", "title_in_band"})

#: what a QR code's alternative text says, in the passage's language
QR_ALT = {
    "kk": "QR-код: {host} сайтына апарады",
    "ru": "QR-код: ведёт на сайт {host}",
}
#: a branch's logo
LOGO_ALT = {
    "kk": "{organisation} логотипі",
    "ru": "Логотип: {organisation}",
}


@dataclass(eq=False)
class Element:
    """One structure element (PDF 32000-1, 14.7.2) of the tree to be written: its standard
    type, its language (a passage's), its alternative text (a figure's), and whether it is read
    after the rest of its page (the back band, which its page template draws first)."""

    role: str
    lang: str = ""
    alt: str = ""
    late: bool = False


#: a leaf marked as decoration: drawn as an artifact, in no element
ARTIFACT = Element("Artifact")


@dataclass(frozen=True)
class Mark:
    """One marked-content sequence: its page (1-based), its MCID and the elements around it,
    the root-most first; the last owns the MCID."""

    page: int
    mcid: int
    path: tuple[Element, ...]
    order: int


@dataclass(frozen=True)
class LinkMark:
    """A link annotation: its page, its place in the page's ``/Annots``, the elements around it
    (the last is its Link element) and the text it is on (its ``/Contents``)."""

    page: int
    index: int
    path: tuple[Element, ...]
    contents: str
    order: int


@dataclass
class TagLog:
    """Everything a tagged document's structure tree is written from."""

    marks: list[Mark] = field(default_factory=list)
    links: list[LinkMark] = field(default_factory=list)


def joined_logs(logs: list[tuple[TagLog | None, int]]) -> TagLog | None:
    """The log of documents joined one after the other (a bilingual edition), each given with
    its page count; None if one of them was not tagged."""
    joined = TagLog()
    offset = 0
    for log, pages in logs:
        if log is None:
            return None
        joined.marks += [replace(mark, page=mark.page + offset) for mark in log.marks]
        joined.links += [replace(link, page=link.page + offset) for link in log.links]
        offset += pages
    return joined


# -- placing the leaves in the structure, when the story is built ---------------------------------


def leaves(items: object) -> Iterator[Flowable]:
    """The leaves in ``items`` (flowables, lists of them, tables, groups), in drawing order."""
    if isinstance(items, list | tuple):
        for item in items:
            yield from leaves(item)
    elif isinstance(items, Paragraph | QRFlowable | ImageFlowable | StepHeading) or getattr(items, "is_leaf", False):
        yield items
    elif isinstance(items, Table):
        for row in items._cellvalues:
            yield from leaves(row)
    elif isinstance(items, Flowable):
        yield from leaves(getattr(items, "_content", []))


def prefix(items: object, *elements: Element) -> None:
    """Put every leaf of ``items`` inside ``elements`` (outermost first)."""
    for leaf in leaves(items):
        # a step's title with it
        inner: list[Flowable] = [leaf, leaf.title] if isinstance(leaf, StepHeading) else [leaf]
        for flowable in inner:
            flowable._tag_path = (*elements, *getattr(flowable, "_tag_path", ()))


def give_role(leaf: Flowable, role: Element, label: Element | None = None) -> None:
    """What ``leaf`` draws: the element its text or picture belongs to (and, for a list item,
    the element of its label), unless a block inside has said so already."""
    if getattr(leaf, "_tag_role", None) is None:
        leaf._tag_role = role
        leaf._tag_label = label


def figure(leaf: Flowable, alt: str) -> None:
    """``leaf`` is a picture that says ``alt`` (a leaf even if not a kind :func:`leaves` knows)."""
    leaf.is_leaf = True
    give_role(leaf, Element("Figure", alt=alt))


def structure(block: Block, groups: list[list[Flowable]], lang: str) -> None:
    """The structure of one block's flowables in language ``lang`` (:mod:`leaflet.layout.blocks`):
    every leaf not placed here is a paragraph of its own when drawn."""
    found = list(leaves(groups))
    if isinstance(block, Heading):
        for leaf in found:
            give_role(leaf, Element(HEADING_ROLE))
    elif block.kind in ("bullets", "numbered"):
        _list_structure(found)
    elif isinstance(block, Steps):
        _steps_structure(found)
    elif isinstance(block, Callout):
        prefix(found, Element("Div"))
        if found:
            give_role(found[0], Element(BOX_ROLE))
    elif isinstance(block, QRPanel):
        for leaf in found:
            if isinstance(leaf, QRFlowable):
                figure(leaf, QR_ALT[lang].format(host=urlsplit(leaf.payload).hostname or leaf.payload))
    elif isinstance(block, Image):
        for leaf in found:
            if block.decorative:
                give_role(leaf, ARTIFACT)
            else:
                figure(leaf, block.alt)


def _list_structure(found: list[Flowable]) -> None:
    """L > LI > (Lbl, LBody); a sub-item's list stands in its item's body."""
    outer = Element("L")
    item = body = inner = None
    for leaf in found:
        style = getattr(leaf, "style", None)
        if getattr(style, "name", "") == "subitem" and item is not None and body is not None:
            inner = inner or Element("L")
            leaf._tag_path = (outer, item, body, inner, Element("LI"))
            give_role(leaf, Element("LBody"), Element("Lbl"))
            continue
        item, body, inner = Element("LI"), Element("LBody"), None
        leaf._tag_path = (outer, item)
        give_role(leaf, body, Element("Lbl"))


def _steps_structure(found: list[Flowable]) -> None:
    """The steps are a list: each step an item, its number the label, its title (a heading) and
    its blocks the body."""
    steps = Element("L")
    item = body = None
    for leaf in found:
        if isinstance(leaf, StepHeading):
            item, body = Element("LI"), Element("LBody")
            leaf._tag_path = (steps, item)
            give_role(leaf, Element("Lbl"))
            leaf.title._tag_path = (steps, item, body)
            give_role(leaf.title, Element(STEP_ROLE))
        elif item is not None and body is not None:
            prefix(leaf, steps, item, body)
        else:
            prefix(leaf, steps)


# -- marking what the leaves draw ------------------------------------------------------------


@dataclass
class _Link:
    """A link in the paragraph being drawn: one piece a line it is on, one annotation a piece."""

    url: str
    element: Element
    text: str = ""
    pieces: int = 0  # the pieces of its text found so far
    annotated: int = 0  # the annotations given to it so far


@dataclass
class _Leaf:
    """A leaf being drawn: where its text goes, and its links found so far."""

    main: tuple[Element, ...]  # the path of the element its text belongs to
    label: tuple[Element, ...] | None  # a list item's bullet or number, drawn first
    text: str  # its plain text (the text of a link that is the whole paragraph)
    links: dict[object, _Link] = field(default_factory=dict)  # by ReportLab's key of the link
    annotations: list[tuple[int, int, str]] = field(default_factory=list)  # (page, index, url)


def _default_role(leaf: Flowable) -> Element:
    if isinstance(leaf, Paragraph) and leaf.style.name in _TITLE_STYLES:
        return Element(TITLE_ROLE)
    if isinstance(leaf, QRFlowable):
        return Element("Figure", alt=leaf.payload)
    return Element("P")


#: a piece of a text object's code that shows text
_SHOWS_TEXT = re.compile(r"(\)|\]|>)\s*(Tj|TJ|'|\")(\s|$)")


class TaggingCanvas(Canvas):  # type: ignore[misc]
    """A canvas that marks what the leaves draw and records it in :attr:`tag_log`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        install()
        self.tag_log = TagLog()
        self._drawing: list[_Leaf | None] = []  # the leaves being drawn, innermost last (None: a figure)
        self._mcid = 0
        self._order = itertools.count()

    def showPage(self) -> None:  # noqa: N802 - ReportLab API
        super().showPage()
        self._mcid = 0

    def _mark(self, path: tuple[Element, ...]) -> int:
        mcid, self._mcid = self._mcid, self._mcid + 1
        self.tag_log.marks.append(Mark(self.getPageNumber(), mcid, path, next(self._order)))
        return mcid

    @contextmanager
    def leaf(self, flowable: Flowable) -> Iterator[None]:
        """Mark what ``flowable`` draws while it draws."""
        role = getattr(flowable, "_tag_role", None) or _default_role(flowable)
        path = (*getattr(flowable, "_tag_path", ()), role)
        picture = role is not ARTIFACT and role.role == "Figure"
        drawing = None  # a picture's drawing is one sequence, and an artifact's none
        if picture:
            self._code.append(f"/Figure <</MCID {self._mark(path)}>> BDC")
        elif role is not ARTIFACT:  # text: each text object it draws is marked when drawn
            label = getattr(flowable, "_tag_label", None)
            text = flowable.getPlainText() if isinstance(flowable, Paragraph) else ""
            drawing = _Leaf(path, (*path[:-1], label) if label is not None else None, text)
        self._drawing.append(drawing)
        try:
            yield
        finally:
            self._drawing.pop()
        if picture:
            self._code.append("EMC")

    def _current(self) -> _Leaf | None:
        return self._drawing[-1] if self._drawing else None

    def beginText(self, x: float = 0, y: float = 0, direction: object = None) -> PDFTextObject:  # noqa: N802
        text = super().beginText(x, y, direction)
        leaf = self._current()
        if leaf is not None:
            _TextMarks(text, leaf)
        return text

    def drawText(self, text: PDFTextObject) -> None:  # noqa: N802 - ReportLab API
        leaf = self._current()
        marks: _TextMarks | None = getattr(text, "_tag_marks", None)
        if leaf is None or marks is None:
            super().drawText(text)
            return
        if leaf.label is not None:  # a list item draws its bullet or number first
            label, leaf.label = leaf.label, None
            marks.switches = [(1, label)]
        else:
            self._resolve_links(leaf, marks)
        switches = dict(marks.switches)  # at one place the later switch wins
        pieces = sorted(switches.items(), key=lambda item: item[0])
        bounds = [index for index, _ in pieces] + [len(text._code)]
        code = text._code[: bounds[0]]
        for (start, path), end in zip(pieces, bounds[1:], strict=True):
            piece = text._code[start:end]
            if any(_SHOWS_TEXT.search(part) for part in piece):
                code += [f"/{path[-1].role} <</MCID {self._mark(path)}>> BDC", *piece, "EMC"]
            else:
                code += piece
        text._code = code
        super().drawText(text)

    def _resolve_links(self, leaf: _Leaf, marks: _TextMarks) -> None:
        """Every link annotation the leaf made belongs to a Link element: to the one whose text
        is where it is (found as the text was set), else the whole paragraph is the link."""
        for page, index, url in leaf.annotations:
            waiting = (link for link in leaf.links.values() if link.url == url and link.pieces > link.annotated)
            link = next(waiting, None)
            if link is None:  # a paragraph that is one link: ReportLab marks no start for it
                link = leaf.links[("whole", url)] = _Link(url, Element("Link"), leaf.text, pieces=1)
                marks.switches = [(1, (*leaf.main, link.element))]
            link.annotated += 1
            contents = " ".join(link.text.split())
            self.tag_log.links.append(LinkMark(page, index, (*leaf.main, link.element), contents, next(self._order)))
        leaf.annotations.clear()

    def linkURL(self, url: str, rect: object, *args: Any, **kwargs: Any) -> None:  # noqa: N802 - ReportLab API
        self._link_target = url
        super().linkURL(url, rect, *args, **kwargs)

    def linkAbsolute(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802
        self._link_target = "#" + destinationname
        return super().linkAbsolute(contents, destinationname, *args, **kwargs)

    def _addAnnotation(self, annotation: object, name: object = None, addtopage: int = 1) -> None:  # noqa: N802
        index = len(self._annotationrefs)
        super()._addAnnotation(annotation, name, addtopage)
        leaf = self._current()
        if addtopage and leaf is not None:
            leaf.annotations.append((self.getPageNumber(), index, getattr(self, "_link_target", "")))


class _TextMarks:
    """Where a paragraph's text object switches between its own text and a link's: ReportLab
    reports a link's start after setting its first word, and its end before the next word."""

    def __init__(self, text: PDFTextObject, leaf: _Leaf) -> None:
        self.leaf = leaf
        self.code = text._code
        self.switches: list[tuple[int, tuple[Element, ...]]] = [(1, leaf.main)]  # after BT
        self.last_text = (len(self.code), "")
        self.active: _Link | None = None
        text._tag_marks = self
        text._linkRecord = self.link_record
        text_out = text._textOut

        def _text_out(value: str, *args: Any) -> None:
            self.last_text = (len(self.code), value)
            if self.active is not None:
                self.active.text += value
            text_out(value, *args)

        text._textOut = _text_out

    def link_record(self, key: object, event: str) -> None:
        if event == "start":
            link = self.leaf.links.get(key)
            if link is None:  # ReportLab's key: (its number in the paragraph, its address)
                url = str(key[1] if isinstance(key, tuple) else key)
                link = self.leaf.links[key] = _Link(url, Element("Link"))
            link.pieces += 1
            start, value = self.last_text
            link.text += (" " if link.text else "") + value
            self.active = link
            self.switches.append((start, (*self.leaf.main, link.element)))
        else:
            self.active = None
            self.switches.append((len(self.code), self.leaf.main))


# -- the hook into ReportLab ----------------------------------------------------------------

_installed = False


def install() -> None:
    """Make ``Flowable.drawOn`` mark leaves on a :class:`TaggingCanvas`, and a split paragraph
    keep its place in the structure (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    draw_on = Flowable.drawOn
    split = Paragraph.split

    def tagged_draw_on(self: Flowable, canvas: Canvas, *args: Any, **kwargs: Any) -> None:
        if isinstance(canvas, TaggingCanvas) and next(leaves(self), None) is self:
            with canvas.leaf(self):
                draw_on(self, canvas, *args, **kwargs)
        else:
            draw_on(self, canvas, *args, **kwargs)

    def tagged_split(self: Paragraph, *args: Any, **kwargs: Any) -> list[Flowable]:
        parts: list[Flowable] = split(self, *args, **kwargs)
        for part in parts:
            for name in ("_tag_path", "_tag_role", "_tag_label"):
                if hasattr(self, name):
                    setattr(part, name, getattr(self, name))
        if len(parts) > 1 and getattr(self, "_tag_label", None) is not None:
            parts[1]._tag_label = None  # the bullet is drawn with the first part only
        return parts

    Flowable.drawOn = tagged_draw_on
    Paragraph.split = tagged_split


def logo_alt(organisation: str, lang: str) -> str:
    return LOGO_ALT[lang].format(organisation=organisation)


def sections(items: Iterable[Flowable], lang: str) -> None:
    """A language's passage: every leaf of ``items`` in a section in ``lang`` (a PDF language tag)."""
    prefix(list(items), Element("Sect", lang=lang))
