"""The shareable PDF for phones (issue 5), read back from the real files."""

from __future__ import annotations

import re
import statistics
from collections import Counter

import pypdf
import pypdfium2 as pdfium
import pytest
from pypdf.generic import ContentStream, DictionaryObject

from leaflet.content.blocks import leaflet_fields
from leaflet.content.inline import plain_text
from leaflet.content.model import Content, Leaflet
from leaflet.pdf.documents import make_document
from leaflet.pdf.options import PrintOptions

from .conftest import ALL_URLS, Built, normalise
from .pdfread import as_array, as_dict, bookmarks, catalog, chars, entry, own_number, page_number, text_runs

MM = 72 / 25.4
#: the budget of a single-language shareable PDF
MAX_SHARE_BYTES = 35 * 1024
EDITIONS = ("kk", "ru", "kk-ru")
LANG_TAGS = {"kk": "kk-KZ", "ru": "ru-KZ", "kk-ru": "kk-KZ"}
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}


@pytest.fixture(params=EDITIONS)
def share(request: pytest.FixtureRequest, shared: dict[tuple[str, str], Built]) -> Built:
    return shared[("share", request.param)]


def langs_of(document: Built) -> list[str]:
    return document.lang.split("-")


def root(document: Built) -> DictionaryObject:
    return catalog(document.reader)


# -- page geometry and type ---------------------------------------------------------------


def test_pages_are_narrow_phone_screens(share: Built) -> None:
    pages = share.reader.pages
    width, height = (float(value) for value in pages[0].mediabox.upper_right)
    assert 80 * MM <= width <= 110 * MM, "a narrow page: fit-width on a phone shows large type"
    assert 1.5 <= height / width <= 2.2, "about one phone screen per page"
    # every page one screen, but a language's last, which ends a margin below its text
    lasts = {index for index, page in enumerate(pages) if float(page.mediabox.height) < height - 1}
    assert all(page.mediabox == pages[0].mediabox for index, page in enumerate(pages) if index not in lasts)
    assert len(lasts) == len(langs_of(share)), "each language's last page ends at its text"
    assert len(pages) - 1 in lasts
    for index in lasts:
        page = pages[index]
        assert float(page.mediabox.lower_left[1]) > 0 and float(page.mediabox.upper_right[1]) == height
        lowest = min(char.bottom for char in chars(share.path, index) if char.text.strip())
        assert 4 * MM <= lowest - float(page.mediabox.lower_left[1]) <= 12 * MM, "a margin under the text, no more"
    assert 5 <= len(pages) <= 12 * len(langs_of(share))


def test_large_type_in_one_column(share: Built) -> None:
    page = share.reader.pages[1]
    runs = text_runs(page)
    width = float(page.mediabox.width)
    assert statistics.median(run.size for run in runs) >= 14, "body text 14 pt on a 100 mm page"
    assert min(run.size for run in runs) >= 10
    # one column: every line starts in the left third of the page
    assert max(run.x for run in runs if run.size >= 14) < width / 3


def test_colour_is_rgb(share: Built) -> None:
    for page in share.reader.pages:
        operators = {operator for _, operator in ContentStream(page.get_contents(), share.reader).operations}
        assert b"rg" in operators
        assert not operators & {b"k", b"K"}, "no CMYK on a screen"


# -- document properties ------------------------------------------------------------------


def test_language_and_title_in_the_title_bar(share: Built, shipped: Leaflet) -> None:
    document = root(share)
    assert str(document["/Lang"]) == LANG_TAGS[share.lang]
    assert bool(as_dict(document["/ViewerPreferences"])["/DisplayDocTitle"]) is True
    titles = [shipped.texts[lang].meta.title for lang in langs_of(share)]
    assert share.reader.metadata is not None
    assert share.reader.metadata.title == " / ".join(titles)


def test_opens_at_fit_width_on_the_first_page(share: Built) -> None:
    reader = share.reader
    document = catalog(reader)
    action = as_array(document["/OpenAction"])
    assert action[1] == "/FitH"
    assert page_number(action[0]) == own_number(reader.pages[0])
    assert float(action[2]) >= float(reader.pages[0].mediabox.height) - 1, "at the top of the page"
    assert document.get("/PageMode", "/UseNone") == "/UseNone", "the bookmarks panel does not cover the text"


def expected_steps(content: Content, shipped: Leaflet, lang: str) -> list[str]:
    """'1. Прекратите общение', ...: the steps' short forms from the YAML."""
    labels = {link_id: link.label(lang) for link_id, link in content.links.items()}
    steps = shipped.texts[lang].steps()
    assert len(steps) == 6
    return [f"{number}. {plain_text(step.short, labels)}" for number, step in enumerate(steps, start=1)]


def test_a_bookmark_for_every_step(share: Built, content: Content, shipped: Leaflet) -> None:
    entries = bookmarks(share.reader)
    langs = langs_of(share)
    if len(langs) == 1:
        assert [title for _, title, _ in entries] == expected_steps(content, shipped, langs[0])
        assert {level for level, _, _ in entries} == {0}
        return
    expected: list[tuple[int, str]] = []
    for lang in langs:
        expected += [(0, LANGUAGE_NAMES[lang]), *[(1, title) for title in expected_steps(content, shipped, lang)]]
    assert [(level, title) for level, title, _ in entries] == expected


def test_every_bookmark_lands_on_its_step(share: Built, shipped: Leaflet) -> None:
    reader = share.reader
    pages = [normalise(page.extract_text()) for page in reader.pages]
    steps = [step for lang in langs_of(share) for step in shipped.texts[lang].steps()]
    entries = [entry for entry in bookmarks(reader) if entry[0] == len(langs_of(share)) - 1]
    assert len(entries) == len(steps)
    previous = 0
    for (_, _, page), step in zip(entries, steps, strict=True):
        assert page >= previous, "bookmarks in reading order"
        first_words = " ".join(step.title.replace("**", "").split()[:2])
        assert first_words in pages[page], f"step '{step.title}' is not on page {page + 1}"
        previous = page


def test_a_bilingual_file_jumps_from_its_top_to_the_russian_part(shared: dict[tuple[str, str], Built]) -> None:
    reader = shared[("share", "kk-ru")].reader
    russian = next(page for level, title, page in bookmarks(reader) if (level, title) == (0, LANGUAGE_NAMES["ru"]))
    jumps = [as_dict(annotation) for annotation in reader.pages[0].get("/Annots", [])]
    jumps = [annotation for annotation in jumps if "/Dest" in annotation]
    assert len(jumps) == 1
    assert page_number(as_array(jumps[0]["/Dest"])[0]) == own_number(reader.pages[russian])
    assert "Русский" in normalise(reader.pages[0].extract_text()).split(".")[0]


# -- links --------------------------------------------------------------------------------


def links(reader: pypdf.PdfReader) -> list[tuple[int, str, list[float]]]:
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/URI" in annotation.get("/A", {}):
                found.append((index, str(annotation["/A"]["/URI"]), [float(v) for v in annotation["/Rect"]]))
    return found


def test_every_address_phone_and_email_is_a_link(share: Built, content: Content) -> None:
    reader = share.reader
    found = links(reader)
    assert {uri for _, uri, _ in found} == ALL_URLS
    per_page = Counter((page, uri) for page, uri, _ in found)
    for index, page in enumerate(reader.pages):
        text = page.extract_text()
        for link in content.links.values():
            labels = {link.label(lang) for lang in langs_of(share)}
            printed = sum(len(re.findall(rf"(?<![\w.@]){re.escape(label)}(?![\w@])", text)) for label in labels)
            assert per_page[(index, link.url)] >= printed, f"{link.url}: {printed} printed, page {index + 1}"


def test_link_areas_cover_their_labels(share: Built, content: Content) -> None:
    labels = {link.url: {link.label(lang) for lang in langs_of(share)} for link in content.links.values()}
    document = pdfium.PdfDocument(share.path)
    for page_index, uri, (left, bottom, right, top) in links(share.reader):
        covered = document[page_index].get_textpage().get_text_bounded(left, bottom, right, top)
        covered = re.sub(r"\s+", "", covered)
        assert covered and any(covered in label or label in covered for label in labels[uri]), (uri, covered)


# -- text, fonts, size --------------------------------------------------------------------


def test_text_extracts_with_every_kazakh_letter(shared: dict[tuple[str, str], Built], shipped: Leaflet) -> None:
    text = shared[("share", "kk")].text()
    fields = leaflet_fields(shipped.texts["kk"])
    # what the pages print: not the metadata, not the short step titles (those are the bookmarks)
    source = " ".join(
        field.text for field in fields if not field.key.startswith("meta.") and not field.key.endswith(".short")
    )
    letters = {char for char in "ӘҒҚҢӨҰҮҺІәғқңөұүһі" if char in source}
    assert len(letters) >= 9, "the Kazakh text uses most Kazakh letters (tests/test_share_fonts.py checks all)"
    for letter in letters:
        assert letter in text, f"{letter} does not extract"
    steps = shipped.texts["kk"].steps()
    assert len(steps) == 6
    for step in steps:
        assert " ".join(step.title.split()[:3]) in text


def test_fonts_embedded_subset_and_renamed(share: Built) -> None:
    for page in share.reader.pages:
        for reference in entry(page["/Resources"], "/Font").values():
            font = as_dict(reference)
            name = str(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+(LeafletSans|DejaVuSans)\S*", name), name
            assert "/FontFile2" in as_dict(font["/FontDescriptor"]), f"{name} not embedded"


def test_single_language_file_is_small(shared: dict[tuple[str, str], Built]) -> None:
    for lang in ("kk", "ru"):
        size = shared[("share", lang)].path.stat().st_size
        assert size <= MAX_SHARE_BYTES, f"share-{lang}.pdf is {size} bytes"


def test_print_shop_options_leave_the_phone_pdf_alone(content: Content, shipped: Leaflet) -> None:
    office = make_document(content, shipped, "share", "ru", PrintOptions())
    shop = make_document(content, shipped, "share", "ru", PrintOptions(bleed_mm=3.0, marks=True, cmyk=True))
    assert shop.pdf == office.pdf
