"""Tagged PDF (PDF/UA-1): the structure tree written with pikepdf from what the drawing recorded.

:mod:`leaflet.layout.marks` marks what each leaf of the story draws (MCIDs per page) and
records the structure elements around it; :func:`tag_pdf` makes the drawn PDF a tagged one:

- the structure tree: ``StructTreeRoot`` > ``Document`` > the recorded elements, each with its
  kids in reading order (the content's order: the back band, which its page template draws
  first, is read last), its ``/Lang`` (each language's section) and ``/Alt`` (figures); a
  link's element holds its text and an ``OBJR`` to its annotation, whose ``/Contents`` is that
  text; the ``ParentTree`` maps each page's MCIDs and each annotation back to their elements;
- headings lowered where they would skip a level (H1 then H3 becomes H1 then H2);
- everything else on the pages (bands, tints, rules, backgrounds, the QR panel's box) marked
  ``/Artifact``;
- ``MarkInfo /Marked true``, ``/Tabs /S`` on every page, the title shown in the window title,
  the title and ``pdfuaid:part 1`` in the XMP metadata;
- no ToUnicode entry mapping to U+0000 (ReportLab maps a subset's unused code 0 there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

from ..layout.marks import Element, TagLog
from .pdfwrite import open_pdf, save

#: operators that paint (PDF 32000-1, 8.2 and 9.4): a run of them outside tagged content is an artifact
_PAINTING = frozenset(
    {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
)
_HEADING = re.compile(r"H([1-6])")


def tag_pdf(pdf: bytes, log: TagLog) -> bytes:
    """``pdf`` (drawn on a :class:`~leaflet.layout.marks.TaggingCanvas`) tagged from ``log``."""
    with open_pdf(pdf) as document:
        for page in document.pages:
            _mark_artifacts(document, page)
        _structure_tree(document, log)
        _headings_in_order(document)
        _fix_to_unicode(document)
        document.Root.MarkInfo = Dictionary(Marked=True)
        document.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        for page in document.pages:
            page.obj.Tabs = Name.S
        if "/Trapped" in document.docinfo:  # ReportLab's /Trapped /False has no XMP equivalent
            del document.docinfo["/Trapped"]
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata.load_from_docinfo(document.docinfo)
            metadata["pdfuaid:part"] = "1"
        return save(document)


# -- the structure tree ---------------------------------------------------------------------


def _structure_tree(document: pikepdf.Pdf, log: TagLog) -> None:
    root = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    top = document.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    root.K = top
    made: dict[int, pikepdf.Object] = {}
    pages = [page.obj for page in document.pages]
    parents: dict[int, dict[int, pikepdf.Object]] = {}  # page index -> MCID -> its element

    def element(path: tuple[Element, ...]) -> pikepdf.Object:
        parent: pikepdf.Object = top
        for node in path:
            found = made.get(id(node))
            if found is None:
                found = made[id(node)] = document.make_indirect(
                    Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent, K=Array())
                )
                if node.lang:
                    found.Lang = node.lang
                if node.alt:
                    found.Alt = node.alt
                parent.K.append(found)
            parent = found
        return parent

    for mark in sorted(log.marks, key=lambda mark: (mark.page, any(node.late for node in mark.path), mark.order)):
        owner = element(mark.path)
        page = pages[mark.page - 1]
        if "/Pg" not in owner:  # an element's page is its first mark's: an MCID there is a number
            owner.Pg = page
        if owner.Pg.objgen == page.objgen:
            owner.K.append(mark.mcid)
        else:  # the rest of a paragraph that ran on to the next page
            owner.K.append(Dictionary(Type=Name.MCR, Pg=page, MCID=mark.mcid))
        parents.setdefault(mark.page - 1, {})[mark.mcid] = owner

    numbers: list[object] = []  # the parent tree's keys and values, in key order
    for index, page in enumerate(pages):
        page.StructParents = index
        owners = parents.get(index, {})
        numbers += [index, Array([owners[mcid] for mcid in range(len(owners))])]
    key = len(pages)
    for link in sorted(log.links, key=lambda link: (link.page, link.order)):
        page = pages[link.page - 1]
        annotation = page.Annots[link.index]
        owner = element(link.path)
        owner.K.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page))
        annotation.StructParent = key
        annotation.Contents = pikepdf.String(link.contents)
        numbers += [key, owner]
        key += 1
    root.ParentTree = document.make_indirect(Dictionary(Nums=Array(numbers)))
    root.ParentTreeNextKey = key
    document.Root.StructTreeRoot = root


def _elements(node: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """The structure elements under ``node``, in reading order."""
    kids = node.get("/K", Array())
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.StructElem:
            yield kid
            yield from _elements(kid)


def _headings_in_order(document: pikepdf.Pdf) -> None:
    """Lower every heading that would skip a level below the one before it."""
    level = 0
    for node in _elements(document.Root.StructTreeRoot):
        found = _HEADING.fullmatch(str(node.S)[1:])
        if found:
            level = min(int(found.group(1)), level + 1)
            node.S = Name(f"/H{level}")


# -- artifacts ------------------------------------------------------------------------------


def _mark_artifacts(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Wrap every run of painting outside tagged content in ``/Artifact BMC ... EMC``; a run
    never crosses a text object's ``BT`` or ``ET``."""
    out: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    run: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    depth = 0

    def flush() -> None:
        if any(_operator(item) in _PAINTING for item in run):
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], Operator("BMC")))
            out.extend(run)
            out.append(pikepdf.ContentStreamInstruction([], Operator("EMC")))
        else:
            out.extend(run)
        run.clear()

    for item in pikepdf.parse_content_stream(page):
        name = _operator(item)
        if depth == 0 and name not in ("BDC", "BMC", "BT", "ET"):
            run.append(item)
            continue
        flush()
        out.append(item)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
    flush()
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(out))


def _operator(item: pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage) -> str:
    if isinstance(item, pikepdf.ContentStreamInlineImage):
        return "INLINE IMAGE"
    return str(item.operator)


# -- ToUnicode ------------------------------------------------------------------------------

_TO_ZERO = re.compile(rb"^<[0-9A-Fa-f]+> <0000>\r?\n", re.MULTILINE)
_BFCHAR = re.compile(rb"(\d+) beginbfchar\r?\n(.*?)endbfchar", re.DOTALL)


def _fix_to_unicode(document: pikepdf.Pdf) -> None:
    """Drop the ToUnicode entries that map a code to U+0000 (a subset's unused code 0): a
    text extractor or screen reader would read a NUL there."""
    seen: set[tuple[int, int]] = set()
    for page in document.pages:
        for font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()

            def entries(found: re.Match[bytes]) -> bytes:
                kept = _TO_ZERO.sub(b"", found.group(2))
                count = len(kept.splitlines())
                return b"%d beginbfchar\n%sendbfchar" % (count, kept) if count else b""

            fixed = _BFCHAR.sub(entries, data)
            if fixed != data:
                cmap.write(fixed)
