"""The print inspection's findings (issue 11), each pinned on the PDFs: font subsets named
after themselves, pure black text, QR addresses at 10 pt, a note box that keeps its border in
grey.  (The print shop's booklet bleed and the fold are pinned in test_printshop.py.)"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import StreamObject

from leaflet.content.loader import load_content
from leaflet.layout.flow import TextLayout, plan_edition
from leaflet.layout.formats import FORMATS

from .conftest import CONTENT, LEAFLET_ID, Built, SessionBuild
from .pdfread import (
    PT_PER_MM,
    as_array,
    as_dict,
    chars,
    content_stream,
    empty_above_back_band,
    ink_box,
    inked_runs,
    qr_boxes,
    reader_of,
    render,
    resources,
    text_runs,
    tinted_bands,
)

#: PRINT.md: an address a reader may type at 10 pt at least
ADDRESS_PT = 10.0


def font_programs(reader: pypdf.PdfReader) -> dict[str, set[str]]:
    """Each font name the file uses, with the SHA-256 of every embedded font program under it."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in reader.pages:
        for font in resources(page, "/Font"):
            descendant = as_dict(as_array(font["/DescendantFonts"])[0]) if "/DescendantFonts" in font else font
            program = as_dict(descendant["/FontDescriptor"]).get("/FontFile2")
            assert program is not None, font
            stream = program.get_object()
            assert isinstance(stream, StreamObject)
            found[str(font["/BaseFont"])].add(hashlib.sha256(stream.get_data()).hexdigest())
    return found


def test_two_different_font_subsets_never_share_a_name(session_build: SessionBuild) -> None:
    files = sorted(session_build.out.glob(f"{LEAFLET_ID}-*.pdf"))
    assert len(files) == 25  # every format in every edition it is made in
    for path in files:
        for name, programs in font_programs(pypdf.PdfReader(path)).items():
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", name), (path.name, name)
            assert len(programs) == 1, f"{path.name}: {len(programs)} different subsets named {name}"


def test_the_bilingual_booklet_holds_each_language_s_own_subsets(session_build: SessionBuild) -> None:
    """The file the inspection caught: two subsets of each text font, one a language."""
    fonts = font_programs(pypdf.PdfReader(session_build.out / f"{LEAFLET_ID}-a5-kk-ru-booklet.pdf"))
    regular = [name for name in fonts if name.endswith("+LeafletSans-Regular")]
    assert len(regular) == 2


FILL = re.compile(r"(?<![\w.])((?:-?[\d.]+\s+){2}-?[\d.]+)\s+rg\b")
CMYK_FILL = re.compile(r"(?<![\w.])((?:-?[\d.]+\s+){3}-?[\d.]+)\s+k\b")


def fills(content: str, pattern: re.Pattern[str]) -> set[tuple[float, ...]]:
    return {tuple(round(float(value), 3) for value in match.split()) for match in pattern.findall(content)}


@pytest.mark.parametrize("name", ["a4", "a5"])
def test_body_text_is_pure_black(documents: dict[tuple[str, str], Built], name: str) -> None:
    for lang in ("kk", "ru"):
        built = documents[(name, lang)]
        used = set().union(*(fills(content_stream(page), FILL) for page in built.reader.pages))
        assert (0.0, 0.0, 0.0) in used, built.path.name
        near_black = [colour for colour in used if max(colour) < 0.2 and colour != (0.0, 0.0, 0.0)]
        assert not near_black, f"{built.path.name}: a grey for black: {near_black}"


def test_black_is_k_alone_in_cmyk(shop_printed: dict[tuple[str, str], Built]) -> None:
    for built in shop_printed.values():
        used = set().union(*(fills(content_stream(page), CMYK_FILL) for page in built.reader.pages))
        assert (0.0, 0.0, 0.0, 1.0) in used, built.path.name
        rich = [c for c in used if c[3] > 0.8 and c != (0.0, 0.0, 0.0, 1.0) and max(c[:3]) == 0]
        assert not rich, f"{built.path.name}: black that is not K 100 %: {rich}"


@pytest.mark.parametrize("name", ["a4", "a5"])
def test_qr_addresses_print_at_ten_points(documents: dict[tuple[str, str], Built], name: str) -> None:
    for lang in ("kk", "ru"):
        built = documents[(name, lang)]
        last = built.reader.pages[-1]
        runs = [
            run for run in text_runs(last) if run.text.strip() in ("egov.kz", "pki.gov.kz", "1cb.kz", "qamqor.gov.kz")
        ]
        assert len(runs) >= 4, built.path.name
        assert all(run.size >= ADDRESS_PT - 0.01 for run in runs), [(run.text, run.size) for run in runs]


def test_a_note_keeps_its_rule_in_grey(documents: dict[tuple[str, str], Built]) -> None:
    """The note's tint fades on a monochrome laser; its rule stays at 3:1 or more against white."""
    path: Path = documents[("a5", "ru")].path
    note = "Это исключит использование"
    for index in range(len(reader_of(path).pages)):
        drawn = chars(path, index)
        text = "".join(char.text for char in drawn)
        start = text.find(note)
        if start >= 0:
            break
    else:
        pytest.fail("the note is not in the A5 leaflet")
    first = drawn[start]
    dpi = 200
    image = render(path, index, dpi)  # grey
    page_height = float(reader_of(path).pages[index].mediabox.height)
    # just above the first line, inside the box's top padding: clear of the "!" beside the text
    y = round((page_height - first.top - 3) * dpi / 72)
    x_text = round(first.left * dpi / 72)
    row = [image.getpixel((x, y)) for x in range(x_text - round(8 * PT_PER_MM * dpi / 72), x_text)]
    darkest = min(int(pixel) for pixel in row if isinstance(pixel, int | float))
    luminance = (darkest / 255) ** 2.2
    assert (1.05) / (luminance + 0.05) >= 3.0, darkest


#: PRINT.md: coloured text under this size uses one ink
SMALL_TEXT_PT = 12.0


@pytest.mark.slow
def test_small_coloured_text_is_in_one_ink_for_the_print_shop(shop_printed: dict[tuple[str, str], Built]) -> None:
    """No text under 12 pt in a mix of process inks (the blue QR addresses were C100 M72 Y8 K38):
    misregistration blurs it.  Read from the content streams, placed pages included."""
    for built in shop_printed.values():
        runs = inked_runs(built.path)
        small = [run for run in runs if run.size < SMALL_TEXT_PT - 0.01]
        assert small or built.format_name in ("poster-a3", "poster-a2"), built.path.name
        mixed = {(run.size, run.fill) for run in small if sum(1 for ink in run.fill if ink > 0) > 1}
        assert not mixed, f"{built.path.name}: small text in several inks: {sorted(mixed)}"
        assert all(len(run.fill) == 4 for run in runs), f"{built.path.name}: text not in CMYK"


#: PRINT.md: a box that means something keeps a border or rule of 3:1 against white in grey
BORDER_CONTRAST = 3.0
#: the callout's heading, by language (the shipped warning)
CALLOUT_HEADINGS = {"ru": "Важно знать", "kk": "Маңызды"}


def grey_contrast(pixel: int) -> float:
    """WCAG contrast against white of a grey pixel (0-255, sRGB)."""
    luminance = float((pixel / 255) ** 2.2)
    return 1.05 / (luminance + 0.05)


def band_edge_contrast(path: Path, index: int, band: tuple[float, float], dpi: float) -> float:
    """The strongest contrast in grey along the top or bottom edge of a tinted band (bottom, top
    in points), over the first 40 mm of its width: its rule, if it has one."""
    image = render(path, index, dpi)  # grey, as a monochrome laser prints it
    height = image.height / dpi * 72
    left = ink_box(image)[0]
    reach = round(3 / 72 * dpi)
    columns = range(left, left + round(40 / 25.4 * dpi))
    best: float = 1.0
    for edge in band:
        row = round((height - edge) * dpi / 72)
        darkest = min(int(image.getpixel((x, y))) for y in range(row - reach, row + reach) for x in columns)  # type: ignore[arg-type]
        best = max(best, grey_contrast(darkest))
    return best


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a4", "a5"])
def test_boxes_that_carry_meaning_keep_a_border_in_grey(documents: dict[tuple[str, str], Built], name: str) -> None:
    """The title band, the contacts band and the warning callout are tints of about 1.1:1 against
    white in grey: each keeps a rule or border of 3:1 or more (the note's: the test above)."""
    dpi = 150
    for lang in ("kk", "ru"):
        path = documents[(name, lang)].path
        last = len(reader_of(path).pages) - 1
        title_band = tinted_bands(path, 0)[0][0]  # the top-most tint of page 1
        assert grey_contrast(255) == pytest.approx(1.0)
        assert band_edge_contrast(path, 0, title_band, dpi) >= BORDER_CONTRAST, (path.name, "title band")
        contacts_band = tinted_bands(path, last)[0][-1]  # the lowest tint of the back page
        assert band_edge_contrast(path, last, contacts_band, dpi) >= BORDER_CONTRAST, (path.name, "contacts band")
        for index in range(last + 1):
            drawn = chars(path, index)
            start = "".join(char.text for char in drawn).find(CALLOUT_HEADINGS[lang])
            if start >= 0:
                break
        else:
            pytest.fail(f"{path.name}: the warning callout is not there")
        first = drawn[start]
        image = render(path, index, dpi)
        height = image.height / dpi * 72
        # between the heading's top and the box's top: its padding, then the border (no other text)
        above = range(round((height - first.top - 16) * dpi / 72), round((height - first.top - 1) * dpi / 72))
        across = range(round(first.left * dpi / 72), round((first.left + 30 * PT_PER_MM) * dpi / 72))
        darkest = min(int(image.getpixel((x, y))) for y in above for x in across)  # type: ignore[arg-type]
        assert grey_contrast(darkest) >= BORDER_CONTRAST, (path.name, "warning callout", darkest)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a4", "a5"])
def test_no_empty_band_over_a_sixth_of_a_column_above_the_back_band(
    documents: dict[tuple[str, str], Built], name: str
) -> None:
    """PRINT.md's spare room, on the shipped text: the inspection found 65 and 48 mm empty in
    a4-ru's columns (of about 200) and 61 mm on a5-kk-ru page 8.  The layout keeps one body line
    between the text and the band; that gap is the band's margin, not spare room."""
    for lang in ("kk", "ru"):
        built = documents[(name, lang)]
        spec = FORMATS[name]
        sizes = Counter(round(run.size, 1) for page in built.reader.pages for run in text_runs(page) for _ in run.text)
        body = sizes.most_common(1)[0][0]  # the size most characters print at
        last = len(built.reader.pages) - 1
        for column, (empty, height) in enumerate(empty_above_back_band(built.path, last, spec), start=1):
            spare = empty - body
            assert spare <= height / 6, (
                f"{built.path.name} column {column}: {spare / PT_PER_MM:.0f} mm empty of {height / PT_PER_MM:.0f} mm"
            )


@pytest.mark.slow
def test_a5_codes_are_25_mm_where_there_is_room(documents: dict[tuple[str, str], Built]) -> None:
    """PRINT.md: QR codes at least 20 mm, 25 mm where there is room, and spare room goes to type
    size, then leading, then the codes.  So an A5 code printed under 25 mm is one that, at 25 mm
    with the same type and leading, would push the text off its pages (the shipped texts' four
    codes at 25 mm take two rows: about 43 mm more band)."""
    content = load_content(CONTENT)
    for lang in ("kk", "ru"):
        built = documents[("a5", lang)]
        last = len(built.reader.pages) - 1
        widths = [(right - left) / PT_PER_MM for _, (left, _, right, _) in qr_boxes(built.path, last)]
        assert len(widths) == 4, built.path.name
        assert min(widths) >= 20 - 0.5, (built.path.name, widths)
        if min(widths) >= 25 - 0.5:
            continue
        layout = TextLayout(content, content.leaflets[LEAFLET_ID], lang, FORMATS["a5"], cmyk=False)
        (plan,) = plan_edition([layout])
        assert plan.pages == len(built.reader.pages), "the plan of the file read"
        grown = layout.measure(replace(plan, qr_mm=25.0))
        assert not (grown.fits and grown.used_pages == plan.pages), f"{built.path.name}: 25 mm codes fit"
