"""Tagged PDF (issue 11, item 1): the phone PDFs, their archival copies and the large print.

Every file is validated with page-validation (PDF/UA-1; the archival copies PDF/A-2a too), and
what a screen reader gets is read back: the text in the order of the structure tree (its marked
content found in the pages' content streams) against the content's texts in order, the
figures' alternative text, every link annotation in the tree with its text, the language of
every passage, and Unicode for every glyph.  Three texts: the shipped leaflet, the example
leaflet (both in the session build) and a fixture leaflet with a picture and nested lists.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import page
import pikepdf
import pytest

from leaflet.build import build
from leaflet.content.blocks import leaflet_fields
from leaflet.content.inline import plain_text
from leaflet.content.loader import load_content
from leaflet.content.model import LANGUAGES, Content, Leaflet
from leaflet.layout.formats import EDITIONS, FORMATS
from leaflet.pdf.documents import make_document
from leaflet.pdf.options import PrintOptions

from .conftest import CONTENT, EXAMPLE_ID, EXAMPLES, LEAFLET_ID, QR_URLS, SessionBuild, file_name, made_once
from .leaflet_fixtures import IMAGE_ALT, build_variant, built_once_name

#: the tagged formats (in every edition each is made in)
TAGGED = ("share", "share-pdfa", "large-print")
#: the printed formats, untagged (README, Accessibility)
UNTAGGED = ("a4", "a5", "a5-booklet", "poster-a4", "poster-a3", "poster-a2")
#: the fixture leaflet: the shipped text with a picture (its alternative text) added
FIXTURE = "image"
#: the example branch list (one of its branches has a logo)
BRANCH_LIST = EXAMPLES / "branches.csv"


@dataclass(frozen=True)
class Tagged:
    """One tagged file, and the leaflet it was made from."""

    path: Path
    format_name: str
    edition: str
    leaflet: Leaflet
    content: Content


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture leaflet's content folder and every file of it (``rendered``): the build
    test_any_leaflet reads too, made once in the run, on the worker of its group."""
    return made_once(tmp_path_factory, built_once_name(FIXTURE), functools.partial(build_variant, FIXTURE))


@functools.cache
def _content(folder: Path) -> Content:
    return load_content(folder)


#: (leaflet id, format, edition) of every tagged file of the three texts
FILES = [
    (leaflet_id, name, edition)
    for leaflet_id in (LEAFLET_ID, EXAMPLE_ID, FIXTURE)
    for name in TAGGED
    for edition in FORMATS[name].editions
]


def _param(leaflet_id: str, name: str, edition: str) -> object:
    """A file as a test parameter: the fixture's files on the worker that builds them, while
    the others go on with the session build's."""
    marks = [pytest.mark.xdist_group(built_once_name(FIXTURE))] if leaflet_id == FIXTURE else []
    return pytest.param((leaflet_id, name, edition), id=file_name(name, edition, leaflet_id), marks=marks)


def _tagged(request: pytest.FixtureRequest) -> Tagged:
    leaflet_id, name, edition = request.param
    if leaflet_id == FIXTURE:
        folder: Path = request.getfixturevalue("fixture_build")
        content, out = _content(folder / "content"), folder / "rendered"
    else:
        built: SessionBuild = request.getfixturevalue("session_build")
        content, out = _content(built.content), built.out
    leaflet = content.leaflets[leaflet_id]
    return Tagged(out / file_name(name, edition, leaflet_id), name, edition, leaflet, content)


@pytest.fixture(params=[_param(*file) for file in FILES])
def document(request: pytest.FixtureRequest) -> Tagged:
    return _tagged(request)


@pytest.fixture(params=[_param(*file) for file in FILES if FORMATS[file[1]].archival])
def archival(request: pytest.FixtureRequest) -> Tagged:
    return _tagged(request)


# -- reading the structure back -------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A structure element read back: its type, language and alternative text (inherited
    language included), its MCIDs' text in order, its object's number and its kids' types."""

    role: str
    lang: str
    alt: str
    texts: list[str]
    objgen: tuple[int, int]
    kids: list[str]  # the types of the elements it holds, in order

    @property
    def text(self) -> str:
        return "".join(self.texts)


def unicode_map(font: pikepdf.Object) -> tuple[int, dict[int, str]]:
    """A font's ToUnicode map: the width of its codes in bytes, and code -> text."""
    data = font.ToUnicode.read_bytes()
    low = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
    width = len(low.group(1)) // 2 if low else 1
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for first, last, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(text, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[code] = chr(start + offset)
    return width, found


@functools.cache
def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text shown in that marked content (decoded through the fonts'
    ToUnicode maps, as a screen reader does), and (page, -1) -> the text shown outside any MCID
    (what a screen reader would never read)."""
    found: dict[tuple[int, int], str] = {}
    with pikepdf.open(path) as pdf:
        for index, pdf_page in enumerate(pdf.pages):
            fonts = {str(name): unicode_map(font) for name, font in pdf_page.Resources.Font.items()}
            stack: list[int] = []
            font: tuple[int, dict[int, str]] = (1, {})
            for instruction in pikepdf.parse_content_stream(pdf_page):
                if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                    continue  # an inline image
                operands, name = instruction.operands, str(instruction.operator)
                if name in ("BDC", "BMC"):
                    properties = operands[1] if name == "BDC" else None
                    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                    stack.append(-1 if mcid is None else int(mcid))
                elif name == "EMC":
                    stack.pop()
                elif name == "Tf":
                    font = fonts[str(operands[0])]
                elif name in ("Tj", "TJ", "'", '"'):
                    strings = operands[-1] if name == "TJ" else [operands[-1]]
                    width, codes = font
                    raw = b"".join(bytes(part) for part in strings if isinstance(part, pikepdf.String))
                    text = "".join(
                        codes.get(int.from_bytes(raw[at : at + width], "big"), "") for at in range(0, len(raw), width)
                    )
                    key = (index, stack[-1] if stack else -1)
                    found[key] = found.get(key, "") + text + (" " if name != "TJ" else "")
    return found


@functools.cache  # read once a file, by every test of it
def structure(path: Path) -> tuple[list[Node], str]:
    """Every structure element in the tree's order (depth first), with its own text, and the
    whole text as a screen reader reads it: every element's kids in order, marked content and
    elements as they come."""
    texts = marked_text(path)
    nodes: list[Node] = []
    read: list[str] = []
    with pikepdf.open(path) as pdf:
        pages: dict[tuple[int, int], int] = {pdf_page.obj.objgen: index for index, pdf_page in enumerate(pdf.pages)}

        def walk(element: pikepdf.Object, lang: str) -> None:
            lang = str(element.get("/Lang", lang))
            kids = element.get("/K", pikepdf.Array())
            kids = kids if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids])
            roles = [str(kid.S) for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            node = Node(str(element.S), lang, str(element.get("/Alt", "")), [], element.objgen, roles)
            nodes.append(node)
            for kid in kids:
                if isinstance(kid, int):  # an MCID on the element's own page
                    mark = (pages[element.Pg.objgen], kid)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    mark = (pages[kid.Pg.objgen], int(kid.MCID))
                else:
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
                        walk(kid, lang)
                    continue
                node.texts.append(texts.get(mark, ""))
                read.append(node.texts[-1])

        walk(pdf.Root.StructTreeRoot.K, str(pdf.Root.get("/Lang", "")))
    return nodes, "".join(read)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- validation -------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdfua1_compliant_no_failed_rule(document: Tagged) -> None:
    report = page.validate_pdf(document.path, profile="ua1")
    failed = sorted({failure.rule_id for failure in report.failures})
    assert report.is_compliant and report.rules.failed == 0, failed
    assert report.rules.total >= 100, "the PDF/UA-1 rules were checked"


@pytest.mark.slow
def test_archival_copy_pdfa2a_compliant(archival: Tagged) -> None:
    assert archival.format_name == "share-pdfa"
    report = page.validate_pdf(archival.path, profile="2a")
    assert report.is_compliant and report.rules.failed == 0, sorted({f.rule_id for f in report.failures})


def test_printed_formats_stay_untagged(session_build: SessionBuild) -> None:
    """The decision of the README: the printed formats are print masters, untagged."""
    for name in UNTAGGED:
        with pikepdf.open(session_build.out / file_name(name, "ru")) as pdf:
            assert "/StructTreeRoot" not in pdf.Root, name
        report = page.validate_pdf(session_build.out / file_name(name, "ru"), profile="ua1")
        assert not report.is_compliant, "the validator does fail an untagged file"


@pytest.mark.slow
def test_a_print_shop_large_print_is_a_print_master(content: Content, shipped: Leaflet) -> None:
    """For a print shop (bleed, crop marks, CMYK) the large print's pages are placed on larger
    sheets as forms: untagged, and drawn without marked content."""
    options = PrintOptions(bleed_mm=3.0, marks=True, cmyk=True)
    document = make_document(content, shipped, "large-print", "ru", options)
    with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        for form in pdf.pages[0].Resources.XObject.values():
            assert b"BDC" not in form.read_bytes()


# -- what a screen reader reads -------------------------------------------------------------


def test_reading_order_is_the_content_order(document: Tagged) -> None:
    """Every text of the leaflet, in the content's order, in the structure tree's text; and no
    text drawn outside tagged content (an artifact a screen reader skips)."""
    _, text = structure(document.path)
    read = squeezed(text)
    position = 0
    for lang in EDITIONS[document.edition].langs:
        leaflet_text = document.leaflet.texts[lang]
        labels = {link_id: link.label(lang) for link_id, link in document.content.links.items()}
        expected = [
            (field.key, plain_text(field.text, labels) if field.markup else field.text)
            for field in leaflet_fields(leaflet_text)
            # not the document's information, a poster's short form, a figure's Alt
            if not field.key.startswith("meta.") and not field.key.endswith((".short", ".alt"))
        ]
        # the back page's codes and contacts, last: each one's address (its label) in order
        expected += [
            (f"back[{index}].{block.kind}", labels[link_id])
            for index, block in enumerate(leaflet_text.back)
            for link_id in getattr(block, "links", ())
        ]
        for key, words in expected:
            wanted = squeezed(words)
            found = read.find(wanted, position)
            assert found >= 0, f"{key} ({lang}) not read after what comes before it: {wanted[:60]}"
            position = found + len(wanted)
    untagged = {key: text for key, text in marked_text(document.path).items() if key[1] == -1 and text.strip()}
    assert not untagged, untagged


def test_figures_say_what_they_show(document: Tagged) -> None:
    nodes, _ = structure(document.path)
    figures = [node for node in nodes if node.role == "/Figure"]
    assert all(node.alt.strip() for node in figures), "every figure has alternative text"
    alts = [node.alt for node in figures]
    if FORMATS[document.format_name].layout == "flow":  # QR codes: each says where it leads, in the text's language
        hosts = {url.removeprefix("https://") for url in QR_URLS}
        if document.leaflet.id == LEAFLET_ID:
            assert {host for host in hosts for alt in alts if host in alt} == hosts
        for node in figures:
            if "QR" in node.alt:
                assert {"kk": "сайтына", "ru": "сайт"}[node.lang.split("-")[0]] in node.alt
    else:  # the phone PDF shows no code: its sites are links
        assert not any("QR" in alt for alt in alts)
    if document.leaflet.id == FIXTURE:
        for lang in EDITIONS[document.edition].langs:
            assert IMAGE_ALT[lang] in alts, "the picture's alternative text from the content, in its language"


def test_every_link_annotation_is_in_the_tree_with_its_text(document: Tagged) -> None:
    nodes, _ = structure(document.path)
    links = {node.objgen: node for node in nodes if node.role == "/Link"}
    with pikepdf.open(document.path) as pdf:
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums
        keyed = {int(parents[index]): parents[index + 1] for index in range(0, len(parents), 2)}
        annotations = [annotation for pdf_page in pdf.pages for annotation in pdf_page.obj.get("/Annots", [])]
        assert annotations, "the leaflet has links"
        for annotation in annotations:
            owner = keyed[int(annotation.StructParent)]
            assert owner.objgen in links, "the annotation's parent is a Link element"
            objects = [kid.Obj.objgen for kid in owner.K if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid]
            assert annotation.objgen in objects, "the Link element holds the annotation (OBJR)"
            text = links[owner.objgen].text
            assert text.strip(), "the Link element holds the link's text"
            assert squeezed(str(annotation.Contents)) == squeezed(text), "/Contents is that text"
        for pdf_page in pdf.pages:
            assert pdf_page.obj.Tabs == pikepdf.Name.S, "tab order follows the structure"


def test_every_passage_has_its_language(document: Tagged) -> None:
    nodes, _ = structure(document.path)
    assert all(node.lang for node in nodes if node.text.strip()), "no text without a language"
    langs = EDITIONS[document.edition].langs
    sections = [node for node in nodes if node.role == "/Sect"]
    assert [node.lang for node in sections] == [LANGUAGES[lang].pdf_lang for lang in langs]
    for section, lang in zip(sections, langs, strict=True):
        assert section.lang.split("-")[0] == lang
        labels = {link_id: link.label(lang) for link_id, link in document.content.links.items()}
        title = squeezed(plain_text(document.leaflet.texts[lang].title, labels))
        first_heading = next(node for node in nodes[nodes.index(section) :] if node.role == "/H1")
        assert squeezed(first_heading.text) == title, "each section opens with its own title"


def test_lists_have_labels_and_bodies(document: Tagged) -> None:
    nodes, _ = structure(document.path)
    items = [node for node in nodes if node.role == "/LI"]
    assert items, "steps and bullet items are lists"
    for item in items:
        assert item.kids == ["/Lbl", "/LBody"], item.kids
    headings = [int(node.role[2:]) for node in nodes if re.fullmatch(r"/H\d", node.role)]
    assert headings[0] == 1 and all(lower <= upper + 1 for upper, lower in itertools.pairwise(headings))


def test_document_is_marked_titled_and_identified(document: Tagged) -> None:
    with pikepdf.open(document.path) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        metadata = pdf.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == str(pdf.docinfo.Title) != ""


def test_no_glyph_maps_to_nul(document: Tagged) -> None:
    with pikepdf.open(document.path) as pdf:
        fonts = [font for pdf_page in pdf.pages for font in pdf_page.Resources.Font.values()]
        assert all("/ToUnicode" in font for font in fonts), "every font's text can be read out"
        maps = {font.ToUnicode.objgen: font.ToUnicode for font in fonts}
        assert maps
        for cmap in maps.values():
            entries = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap.read_bytes())
            assert entries
            assert all(int(target, 16) not in (0, 0xFEFF, 0xFFFE) for _, target in entries)


#: the example branch list's branch with a logo, and its organisation's name in Russian
LOGO_BRANCH = "astana-sample-bank-3"
LOGO_ORGANISATION_RU = "АО «Sample Bank» (пример)"


@pytest.mark.slow
@pytest.mark.xdist_group("tagged-branch")
def test_a_branch_logo_says_whose_it_is(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A branch edition's logo is a figure that names its organisation, in the passage's language."""

    def make(folder: Path) -> None:
        formats = ("share", "large-print")
        build(CONTENT, folder, formats=formats, branches=BRANCH_LIST, branch_ids=[LOGO_BRANCH], workers=1)

    out = made_once(tmp_path_factory, "tagged-branch", make) / LOGO_BRANCH
    for name in ("share", "large-print"):
        path = out / file_name(name, "ru")
        nodes, _ = structure(path)
        logos = [node for node in nodes if node.role == "/Figure" and LOGO_ORGANISATION_RU in node.alt]
        assert len(logos) == 1 and logos[0].lang == "ru-KZ", [node.alt for node in nodes if node.role == "/Figure"]
        assert page.validate_pdf(path, profile="ua1").is_compliant
        with pikepdf.open(path) as pdf:  # the band's table once named ReportLab's Helvetica, unembedded
            for pdf_page in pdf.pages:
                for font in pdf_page.Resources.Font.values():
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    assert "/FontFile2" in descendant.FontDescriptor, str(font.BaseFont)
