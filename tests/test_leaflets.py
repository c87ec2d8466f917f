"""The A4 and A5 leaflets, read back from the real PDFs (issues 2 and 8).

Their paper sizes and page counts (an A4 sheet printed on both sides, a 4-page A5 booklet per
language, within the page budgets of issue 8) are checked with every printed format's, in
tests/test_formats.py (test_page_count_and_paper_size)."""

from __future__ import annotations

import re
from collections import Counter

import pypdf
from pypdf.generic import DictionaryObject

from leaflet.content.blocks import leaflet_fields
from leaflet.content.inline import plain_text
from leaflet.content.model import BulletList, Contacts, Content, Leaflet, NumberedList

from .conftest import ALL_URLS, SEEDS, Built, normalise
from .pdfread import as_array, as_dict, catalog, resources

KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"


def labels(content: Content, lang: str) -> dict[str, str]:
    return {link_id: link.label(lang) for link_id, link in content.links.items()}


def printed(content: Content, lang: str, text: str) -> str:
    return normalise(plain_text(text, labels(content, lang)))


def page_texts(content: Content, shipped: Leaflet, lang: str) -> list[tuple[str, str]]:
    """(key, raw text) of every text field the leaflet's pages print: not the PDF metadata,
    not the steps' short forms (those are for posters and bookmarks)."""
    return [
        (field.key, field.text)
        for field in leaflet_fields(shipped.texts[lang])
        if not field.key.startswith("meta.") and not field.key.endswith(".short")
    ]


# -- text ----------------------------------------------------------------------------------


def seed_step_titles(lang: str) -> list[str]:
    """Step titles straight from the seed text, e.g. '(4) Обновите ключи ЭЦП'."""
    seed = next(SEEDS.glob("000_*.txt" if lang == "ru" else "001_*.txt")).read_text(encoding="utf-8")
    return [match.group(1).strip() for match in re.finditer(r"^\(\d\)\s*(.+)$", seed, re.MULTILINE)]


def test_step_titles_from_the_seed_appear_in_order(document: Built) -> None:
    text = document.text()
    titles = seed_step_titles(document.lang)
    assert len(titles) == 6
    positions = [text.find(title) for title in titles]
    assert -1 not in positions, [t for t, p in zip(titles, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_every_text_of_the_content_is_printed_in_order(document: Built, content: Content, shipped: Leaflet) -> None:
    """Every text field of the YAML (except PDF metadata and poster short forms) is on the page, in order."""
    text = document.text()
    position = 0
    missing = []
    fields = page_texts(content, shipped, document.lang)
    # every block with a text is among them (contacts and QR panels print their links' labels)
    blocks = shipped.texts[document.lang].blocks
    with_text = {f"blocks[{index}]" for index, block in enumerate(blocks) if not isinstance(block, Contacts)}
    assert {key.split(".")[0] for key, _ in fields} == {"title"} | with_text
    for key, raw in fields:
        expected = printed(content, document.lang, raw)
        found = text.find(expected, position)
        if found < 0:
            missing.append((key, expected))
        else:
            position = found
    assert not missing


def test_sample_items_of_each_step(document: Built, content: Content, shipped: Leaflet) -> None:
    text = document.text()
    steps = shipped.texts[document.lang].steps()
    assert len(steps) == 6
    for step in steps:
        items = [item for block in step.body if isinstance(block, BulletList | NumberedList) for item in block.items]
        for item in items[:1] + items[-1:]:
            assert printed(content, document.lang, item.text) in text, (step.id, item.text)


def test_kazakh_letters_extract_intact(
    documents: dict[tuple[str, str], Built], content: Content, shipped: Leaflet
) -> None:
    source = " ".join(raw for _, raw in page_texts(content, shipped, "kk"))
    used = {char for char in KAZAKH_LETTERS if char in source}
    assert len(used) >= 10  # the Kazakh text really uses the Kazakh alphabet
    for name in ("a4", "a5"):
        text = documents[(name, "kk")].text()
        assert used == {char for char in KAZAKH_LETTERS if char in text}
        assert "\ufffd" not in text


def test_no_seed_defect_is_printed(document: Built) -> None:
    text = document.text()
    for defect in ("qatqor", "рki", "http://", "Egov.mobile", "на портале на портале"):
        assert defect not in text


# -- fonts ---------------------------------------------------------------------------------


def fonts_of(reader: pypdf.PdfReader) -> dict[str, DictionaryObject]:
    found = {}
    for page in reader.pages:
        for font in resources(page, "/Font"):
            found[str(font["/BaseFont"])] = font
    return found


def test_fonts_embedded_and_subset(document: Built) -> None:
    fonts = fonts_of(document.reader)
    assert fonts
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        if "/FontDescriptor" in font:
            descriptor = as_dict(font["/FontDescriptor"])
        else:  # Type0: the descriptor sits on the descendant font
            descriptor = as_dict(as_dict(as_array(font["/DescendantFonts"])[0])["/FontDescriptor"])
        assert any(key in descriptor for key in ("/FontFile2", "/FontFile3", "/FontFile")), f"{name} not embedded"


# -- links and metadata --------------------------------------------------------------------


def link_uris(reader: pypdf.PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for reference in page.get("/Annots", []) or []:
            annotation = as_dict(reference)
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
                uris.append(str(as_dict(annotation["/A"])["/URI"]))
    return uris


def test_every_link_is_an_annotation_with_the_exact_url(document: Built) -> None:
    uris = link_uris(document.reader)
    assert set(uris) == ALL_URLS
    assert all(not uri.startswith("http:") for uri in uris)


def test_printed_addresses_are_all_clickable(document: Built) -> None:
    """Each printed address or number occurs no more often in the text than it has link annotations."""
    text = document.text()
    counts = Counter(link_uris(document.reader))
    for uri, label in (("https://qamqor.gov.kz", "qamqor.gov.kz"), ("https://pki.gov.kz", "pki.gov.kz")):
        assert text.count(label) <= counts[uri]


def test_metadata(document: Built, shipped: Leaflet) -> None:
    reader = document.reader
    text = shipped.texts[document.lang]
    info = reader.metadata
    assert info is not None
    assert info.title == text.meta.title
    assert info.author == text.meta.author
    assert info.subject == text.meta.subject
    assert str(catalog(reader)["/Lang"]) == {"ru": "ru-KZ", "kk": "kk-KZ"}[document.lang]


# -- steps and pages ------------------------------------------------------------------------
# (the type sizes of every page: tests/test_formats.py, test_body_at_least_12_pt_...)


def test_no_page_ends_with_a_step_heading(document: Built, content: Content, shipped: Leaflet) -> None:
    steps = shipped.texts[document.lang].steps()
    titles = [printed(content, document.lang, step.title) for step in steps]
    assert len(titles) == 6
    for page in document.reader.pages[:-1]:
        tail = normalise(page.extract_text())[-60:]
        for title in titles:
            assert not tail.endswith(title[-40:]), f"page ends with the heading {title!r}"
