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
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..layout.marks import Element, TagLog
from .pdfwrite import open_pdf, save

#: a marked-content sequence the marks open on a line of its own (a picture's)
_SEQUENCE_START = re.compile(rb"/\w+ <</MCID \d+>> BDC")
_HEADING = re.compile(r"H[1-6]")


def tag_pdf(pdf: bytes, log: TagLog) -> bytes:
    """``pdf`` (drawn on a :class:`~leaflet.layout.marks.TaggingCanvas`) tagged from ``log``."""
    with open_pdf(pdf) as document:
        for page in document.pages:
            _mark_artifacts(document, page)
        _structure_tree(document, log)
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


@dataclass
class _Made:
    """A structure element written: its dictionary, its kids in order (set as ``/K`` at the end),
    and the page its first MCID is on."""

    obj: pikepdf.Object
    kids: list[object] = field(default_factory=list)
    page: pikepdf.Object | None = None


def _structure_tree(document: pikepdf.Pdf, log: TagLog) -> None:
    """The tree, written from the marks in reading order: the elements are made in the order a
    reader meets them (a parent before its kids), so a heading's level can be set as it is made."""
    root = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    top = _Made(document.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root)))
    root.K = top.obj
    made: dict[int, _Made] = {}
    pages = [page.obj for page in document.pages]
    parents: dict[int, dict[int, pikepdf.Object]] = {}  # page index -> MCID -> its element
    heading = 0  # the level of the last heading made

    def element(path: tuple[Element, ...]) -> _Made:
        nonlocal heading
        parent = top
        for node in path:
            found = made.get(id(node))
            if found is None:
                role = node.role
                if _HEADING.fullmatch(role):  # no level skipped: H1 then H3 becomes H1 then H2
                    heading = min(int(role[1]), heading + 1)
                    role = f"H{heading}"
                entry = Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent.obj)
                if node.lang:
                    entry.Lang = node.lang
                if node.alt:
                    entry.Alt = node.alt
                found = made[id(node)] = _Made(document.make_indirect(entry))
                parent.kids.append(found.obj)
            parent = found
        return parent

    for mark in sorted(log.marks, key=lambda mark: (mark.page, any(node.late for node in mark.path), mark.order)):
        owner = element(mark.path)
        page = pages[mark.page - 1]
        if owner.page is None:  # an element's page is its first mark's: an MCID there is a number
            owner.page = owner.obj.Pg = page
        if owner.page.objgen == page.objgen:
            owner.kids.append(mark.mcid)
        else:  # the rest of a paragraph that ran on to the next page
            owner.kids.append(Dictionary(Type=Name.MCR, Pg=page, MCID=mark.mcid))
        parents.setdefault(mark.page - 1, {})[mark.mcid] = owner.obj

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
        owner.kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page))
        annotation.StructParent = key
        annotation.Contents = pikepdf.String(link.contents)
        numbers += [key, owner.obj]
        key += 1
    for entry in (top, *made.values()):
        entry.obj.K = Array(entry.kids)
    root.ParentTree = document.make_indirect(Dictionary(Nums=Array(numbers)))
    root.ParentTreeNextKey = key
    document.Root.StructTreeRoot = root


# -- artifacts ------------------------------------------------------------------------------


def _mark_artifacts(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Wrap every run of drawing outside tagged content in ``/Artifact BMC ... EMC``.

    ReportLab writes a page's content one operation a line, and a whole text object (``BT`` to
    ``ET``) on one line; the marks put a picture's sequence on lines of its own and a text's
    sequences inside its text object.  So a page is read line by line, which takes a tenth of
    the time of parsing every operator: a text object without marks, and every line between
    tagged ones, is an artifact."""
    out: list[bytes] = []
    run: list[bytes] = []
    depth = 0

    def flush() -> None:
        if any(line.strip() for line in run):
            out.extend([b"/Artifact BMC", *run, b"EMC"])
        else:
            out.extend(run)
        run.clear()

    for line in page.obj.Contents.read_bytes().split(b"\n"):
        if line.startswith(b"BT") != line.endswith(b"ET"):
            raise RuntimeError(f"a text object over several lines: {line[:60]!r} (leaflet.pdf.tagging)")
        if _SEQUENCE_START.fullmatch(line):
            flush()
            depth += 1
            out.append(line)
        elif depth:
            depth -= line == b"EMC"
            out.append(line)
        elif line.startswith(b"BT") and b" BDC " in line:
            flush()
            out.append(line)
        else:
            run.append(line)
    flush()
    page.obj.Contents = document.make_stream(b"\n".join(out))


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
