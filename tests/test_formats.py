"""Every format read back: files, page counts and sizes, body size, leading, margins, folds, the
title and back-page bands; texts too long for a page budget; the second real leaflet (examples/)."""

from __future__ import annotations

import itertools
import math
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
import yaml

from leaflet.build import build, plan_jobs
from leaflet.cli import main
from leaflet.content.inline import plain_text
from leaflet.content.loader import load_content
from leaflet.content.model import Contacts, Content, Leaflet, LeafletText, QRPanel
from leaflet.errors import ContentError
from leaflet.layout.formats import FORMATS

from .conftest import (
    EXAMPLE_ID,
    EXAMPLES,
    LEAFLET_ID,
    PRINTED_FORMATS,
    QR_URLS,
    ROOT,
    Built,
    SessionBuild,
    file_name,
    made_once,
    normalise,
    run,
)
from .pdfread import PT_PER_MM, bookmarks, chars, ink_box, page_count, qr_boxes, qr_codes, text_runs, tinted_bands
from .pdfread import render as render_page

#: ISO 216 paper sizes in mm (portrait), from the standard, not from the program
ISO = {"A2": (420, 594), "A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}

#: the files of issue 4 for the shipped leaflet (issue 8: named after it), with their page
#: count (the project brief: an A4 sheet printed on both sides, a 4-page A5 booklet per
#: language, one-page posters) and paper (width, height in mm)
EXPECTED = {
    **{f"{LEAFLET_ID}-a4-{lang}.pdf": (2, ISO["A4"]) for lang in ("kk", "ru")},
    **{f"{LEAFLET_ID}-a5-{lang}.pdf": (4, ISO["A5"]) for lang in ("kk", "ru")},
    f"{LEAFLET_ID}-a5-kk-ru.pdf": (8, ISO["A5"]),
    **{f"{LEAFLET_ID}-a5-{lang}-booklet.pdf": (2, ISO["A4"][::-1]) for lang in ("kk", "ru")},
    f"{LEAFLET_ID}-a5-kk-ru-booklet.pdf": (4, ISO["A4"][::-1]),
    **{
        f"{LEAFLET_ID}-poster-{size.lower()}-{lang}.pdf": (1, ISO[size])
        for size in ("A4", "A3", "A2")
        for lang in ("kk", "ru", "kk-ru")
    },
}

#: issue 8: the page counts one language's document may have in each format (A4: one sheet,
#: else two; A5: one, two or three folded sheets; the booklet: two A5 pages a side; posters: one;
#: the phone PDF: any, up to a sanity limit)
PAGE_BUDGETS = {
    "a4": (2, 4),
    "a5": (4, 8, 12),
    "a5-booklet": (2, 4, 6),
    "poster-a4": (1,),
    "poster-a3": (1,),
    "poster-a2": (1,),
    "share": (60,),
    "share-pdfa": (60,),
    "large-print": tuple(range(2, 25, 2)),  # issue 11: as many pages as the text needs, both sides
}
#: the paper of every format, as printed (width, height in mm)
PAPER = {
    "a4": ISO["A4"],
    "a5": ISO["A5"],
    "a5-booklet": ISO["A4"][::-1],
    "poster-a4": ISO["A4"],
    "poster-a3": ISO["A3"],
    "poster-a2": ISO["A2"],
    "large-print": ISO["A4"],
}
#: the editions every format is made in (issues 4 and 5): A4 in each language alone
EDITIONS_OF = {name: ("kk", "ru") if name in ("a4", "large-print") else ("kk", "ru", "kk-ru") for name in PAGE_BUDGETS}

OFFICE_MARGIN_MM = 10.0  # PRINT.md: nothing within 10 mm of the trim on office formats
FOLD_CLEARANCE_MM = 8.0  # PRINT.md: QR codes at least 8 mm from a fold (and nothing crosses it)
HOTLINE = "1459"
#: the tests that read the build of the example folder (every format, a second or more): one
#: pytest-xdist worker runs them, and builds it
reads_the_example = pytest.mark.xdist_group("example")

RU_TEXT = ROOT / "content" / LEAFLET_ID / "ru.yaml"
#: a line of the shipped Russian text: the first of the fraudsters' tactics, a bullet of blocks[3]
TACTIC = '      - "Давят психологически: пугают, торопят, запугивают."\n'


def page_sizes(page: pypdf.PageObject) -> Counter[float]:
    """How many characters the page prints at each size."""
    counts: Counter[float] = Counter()
    for piece in text_runs(page):
        counts[round(piece.size, 2)] += len(piece.text.strip())
    return counts


def body_size(page: pypdf.PageObject) -> float:
    """The size most of the page's characters are printed at."""
    return page_sizes(page).most_common(1)[0][0]


def character_sizes(reader: pypdf.PdfReader) -> Counter[float]:
    """How many characters the document prints at each size."""
    return sum((page_sizes(page) for page in reader.pages), Counter())


def pages_per_language(name: str, edition: str, pages: int) -> int:
    """The pages of one language of an edition: a bilingual poster sets the languages side by
    side on its page; every other format prints them one after the other, on as many pages each."""
    langs = len(edition.split("-"))
    if name.startswith("poster"):
        return pages
    assert pages % langs == 0, (name, edition, pages)
    return pages // langs


def leaflets(printed: dict[tuple[str, str], Built]) -> list[Built]:
    return [built for (name, _), built in printed.items() if name in ("a4", "a5")]


def test_formats_declare_the_page_budgets_of_issue_8() -> None:
    assert {name: spec.page_budgets for name, spec in FORMATS.items()} == PAGE_BUDGETS
    assert {name: spec.editions for name, spec in FORMATS.items()} == EDITIONS_OF


def test_build_with_no_options_makes_every_format_in_every_edition(content: Content) -> None:
    names = {job.file_name for job in plan_jobs(content)}
    assert set(EXPECTED) <= names
    shares = {f"{LEAFLET_ID}-share-{edition}.pdf" for edition in ("kk", "ru", "kk-ru")}
    assert shares | {f"{LEAFLET_ID}-share-{edition}-pdfa.pdf" for edition in ("kk", "ru", "kk-ru")} <= names


def test_printed_formats_cover_the_issue(printed: dict[tuple[str, str], Built]) -> None:
    assert {built.path.name for built in printed.values()} == set(EXPECTED)
    written = {path.name for path in next(iter(printed.values())).path.parent.iterdir()}
    assert set(EXPECTED) <= written, "the build wrote every printed file"


def test_page_count_and_paper_size(printed: dict[tuple[str, str], Built]) -> None:
    for built in printed.values():
        pages, (width, height) = EXPECTED[built.path.name]
        reader = built.reader
        assert pages_per_language(built.format_name, built.lang, len(reader.pages)) in PAGE_BUDGETS[built.format_name]
        assert len(reader.pages) == pages, built.path.name
        assert all(page.mediabox == reader.pages[0].mediabox for page in reader.pages), built.path.name
        for page in reader.pages:
            box = page.mediabox  # the ISO size to a point (A5's long side is A4's short side)
            assert abs(float(box.width) - width * PT_PER_MM) <= 1, built.path.name
            assert abs(float(box.height) - height * PT_PER_MM) <= 1, built.path.name
            assert "/TrimBox" not in page and "/BleedBox" not in page  # office output: the page is the sheet


def test_body_at_least_12_pt_the_same_on_every_page_and_nothing_below_9(printed: dict[tuple[str, str], Built]) -> None:
    for built in leaflets(printed):
        sizes = {body_size(page) for page in built.reader.pages}
        assert len(sizes) == 1, (built.path.name, sizes)
        assert sizes.pop() >= 12.0, built.path.name
        every = character_sizes(built.reader)
        assert min(every) >= 9, (built.path.name, sorted(every))


def test_leading_is_1_3_to_1_5_times_the_body_size(printed: dict[tuple[str, str], Built]) -> None:
    for built in leaflets(printed):
        page = built.reader.pages[1]
        size = body_size(page)
        lines = sorted({(round(run.x), round(run.y, 1)) for run in text_runs(page) if round(run.size, 2) == size})
        steps = Counter(
            round(upper[1] - lower[1], 1)
            for lower, upper in itertools.pairwise(lines)
            if lower[0] == upper[0] and 0 < upper[1] - lower[1] < 2 * size
        )
        leading = steps.most_common(1)[0][0]
        assert 1.29 <= leading / size <= 1.51, (built.path.name, leading, size)


def test_build_output_reports_the_body_size_it_chose(session_build: SessionBuild) -> None:
    """The line of every A4 and A5 leaflet of the session's build: the body size it says is the
    size its first page prints most of its text at."""
    checked = []
    for line in session_build.stdout.splitlines()[:-1]:
        name = line.split()[0]
        if not re.fullmatch(rf"({LEAFLET_ID}|{EXAMPLE_ID})-a[45]-(kk|ru|kk-ru)\.pdf", name):
            continue  # a booklet (the A5 pages imposed), a poster or a phone PDF
        reported = re.search(r", body ([\d.]+) pt,", line)
        assert reported, line
        assert float(reported[1]) == body_size(pypdf.PdfReader(session_build.out / name).pages[0]), line
        checked.append(name)
    assert len(checked) == 10, checked  # A4 in two editions and A5 in three, of both leaflets


# -- the bands: the title on page 1, the QR codes and contacts at the foot of the last page -----


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def labels(content: Content, lang: str) -> dict[str, str]:
    return {link_id: link.label(lang) for link_id, link in content.links.items()}


def back_words(content: Content, text: LeafletText) -> list[str]:
    """What the back-page band must print: every QR code's address and purpose, every
    contact's label and purpose (the back pages here hold only QR panels and contacts)."""
    found = []
    for block in text.back:
        assert isinstance(block, QRPanel | Contacts), block
        for link_id in block.links:
            link = content.links[link_id]
            found += words(link.label(text.lang)) + words(link.purposes.get(text.lang, ""))
    return found


def stamp_words(content: Content, path: Path) -> list[str]:
    """The edition stamp's words but its hash: the leaflet's id and the date its leaflet.yaml gives."""
    leaflet = next(
        leaflet
        for leaflet in sorted(content.leaflets.values(), key=lambda leaflet: -len(leaflet.id))
        if path.name.startswith(leaflet.id + "-")
    )
    declared = yaml.safe_load((Path(leaflet.folder) / "leaflet.yaml").read_text(encoding="utf-8"))
    return words(f"{leaflet.id} {declared.get('edition', '')}")


def without_digest(printed: list[str], where: str) -> list[str]:
    """``printed`` less the stamp's content hash: one word of 8 hexadecimal digits."""
    digests = [word for word in printed if re.fullmatch(r"[0-9a-f]{8}", word)]
    assert len(digests) == 1, f"{where}: the stamp's hash, once: {digests}"
    rest = list(printed)
    rest.remove(digests[0])
    return rest


def in_band(path: Path, index: int, band: tuple[float, float]) -> str:
    """The text drawn inside ``band`` (bottom, top) of a page; no character may cross its edges."""
    bottom, top = band
    tolerance = 1.0  # the band is found on a 100 dpi render: a pixel is 0.72 pt
    inside = []
    for char in chars(path, index):
        if char.bottom >= bottom - tolerance and char.top <= top + tolerance:
            inside.append(char.text)
        elif char.text.strip() and char.top > bottom + tolerance and char.bottom < top - tolerance:
            pytest.fail(
                f"{path.name} page {index + 1}: {char.text!r} at {char.bottom:.1f}-{char.top:.1f} pt "
                f"crosses the band {bottom:.1f}-{top:.1f} pt"
            )
    return "".join(inside)


def check_bands(path: Path, first: int, last: int, content: Content, text: LeafletText) -> None:
    """One language's pages ``first`` ... ``last`` of a leaflet: the title alone in a band at the
    top of the first page; every QR code of the back page, its captions and the contacts (the
    hotline) alone in a band at the foot of the last page; no QR code anywhere else; no text
    crossing a band's edge."""
    where = f"{path.name} ({text.lang})"
    runs, ink_top, _ = tinted_bands(path, first)
    assert runs and math.isclose(runs[0][1], ink_top, abs_tol=1.5), f"{where}: no title band at the top of page 1"
    title = words(plain_text(text.title, labels(content, text.lang)))
    assert words(in_band(path, first, runs[0])) == title, where
    runs, _, ink_bottom = tinted_bands(path, last)
    assert runs and math.isclose(runs[-1][0], ink_bottom, abs_tol=1.5), f"{where}: no band at the foot"
    back = runs[-1]
    printed = words(in_band(path, last, back))
    assert HOTLINE in printed, where
    expected = back_words(content, text) + stamp_words(content, path)
    assert Counter(without_digest(printed, where)) == Counter(expected), where
    codes = qr_boxes(path, last)
    urls = [content.links[link_id].url for link_id in text.link_ids(QRPanel, back_only=True)]
    assert sorted(code for code, _ in codes) == sorted(urls), where
    for code, (_, bottom, _, top) in codes:
        assert back[0] - 1 <= bottom and top <= back[1] + 1, f"{where}: {code} outside the back band"
    for index in range(first, last):
        assert not qr_codes(render_page(path, index, 150)), f"{where}: a QR code on page {index + 1}"


#: PRINT.md: no empty band taller than 1/6 of a column above the back-page block; beyond it,
#: the gap the layout keeps between the text and the band and the last line's descent: a line
#: of 14 pt type at 1.5 leading
SPARE_SHARE = 1 / 6
#: PRINT.md: spare room goes first to type size (up to 14 pt), then leading, then QR size.
#: A text already at the largest body size has nothing left to spend room on but those, and
#: moves in whole paragraphs: its last page may keep more room, never a third of its column.
LARGEST_BODY_PT = 14.0
SHORT_TEXT_SPARE_SHARE = 1 / 3
TEXT_TO_BAND_PT = 14 * 1.5


def spare_room(path: Path, last: int) -> str:
    """What is wrong with the empty room above the back-page band of page ``last`` ('' if
    nothing): the text reaches down to the band, leaving at most 1/6 of the column (from the
    top of the page's text to the band) empty; a third, when the body is already at its
    largest size (a short text)."""
    runs, ink_top, _ = tinted_bands(path, last)
    band_top = runs[-1][1]
    above = [char for char in chars(path, last) if char.text.strip() and char.bottom > band_top]
    if not above:
        return f"{path.name} page {last + 1}: no text above the back band"
    column = ink_top - band_top
    empty = min(char.bottom for char in above) - band_top
    share = SHORT_TEXT_SPARE_SHARE if body_size(pypdf.PdfReader(path).pages[last]) >= LARGEST_BODY_PT else SPARE_SHARE
    if empty <= share * column + TEXT_TO_BAND_PT:
        return ""
    return (
        f"{path.name} page {last + 1}: {empty / PT_PER_MM:.0f} mm empty above the back band, "
        f"{empty / column:.0%} of the {column / PT_PER_MM:.0f} mm column"
    )


def language_parts(built: Built) -> list[tuple[str, int, int]]:
    """(language, first page, last page) of each language of an edition: every language of a
    bilingual edition has the same number of pages, Kazakh first."""
    langs = built.lang.split("-")
    pages = page_count(built.path)
    assert pages % len(langs) == 0, built.path.name
    each = pages // len(langs)
    return [(lang, index * each, (index + 1) * each - 1) for index, lang in enumerate(langs)]


def test_title_band_first_and_back_band_with_every_code_and_the_hotline_last(
    printed: dict[tuple[str, str], Built], content: Content, shipped: Leaflet
) -> None:
    for name, edition in (("a4", "kk"), ("a4", "ru"), ("a5", "kk"), ("a5", "ru"), ("a5", "kk-ru")):
        built = printed[(name, edition)]
        for lang, first, last in language_parts(built):
            text = shipped.texts[lang]
            assert {content.links[link_id].url for link_id in text.link_ids(QRPanel, back_only=True)} == QR_URLS
            check_bands(built.path, first, last, content, text)


@pytest.mark.slow
@reads_the_example
def test_no_empty_band_taller_than_a_sixth_of_a_column_above_the_back_band(
    printed: dict[tuple[str, str], Built], example: dict[tuple[str, str], Built]
) -> None:
    found = [
        spare_room(built.path, last)
        for built in (*leaflets(printed), *(built for (name, _), built in example.items() if name in ("a4", "a5")))
        for _, _, last in language_parts(built)
    ]
    assert not [problem for problem in found if problem]


def test_bilingual_booklet_has_the_kazakh_pages_first(
    printed: dict[tuple[str, str], Built], content: Content, shipped: Leaflet
) -> None:
    built = printed[("a5", "kk-ru")]
    titles = {lang: normalise(plain_text(shipped.texts[lang].title, labels(content, lang))) for lang in ("kk", "ru")}
    pages = [normalise(page.extract_text()) for page in built.reader.pages]
    assert titles["kk"] in pages[0] and titles["ru"] in pages[4]
    assert all(titles["ru"] not in page for page in pages[:4])
    # each part's four QR codes on its last page (pages 4 and 8), none elsewhere: check_bands, in
    # test_title_band_first_and_back_band_with_every_code_and_the_hotline_last


def test_nothing_within_the_office_margin(printed: dict[tuple[str, str], Built]) -> None:
    dpi = 100
    margin = OFFICE_MARGIN_MM * dpi / 25.4 - 2  # two pixels (0.5 mm) for anti-aliasing
    for built in printed.values():
        for index in range(page_count(built.path)):
            image = render_page(built.path, index, dpi)
            left, top, right, bottom = ink_box(image)
            assert left >= margin and top >= margin, (built.path.name, index)
            assert image.width - right >= margin and image.height - bottom >= margin, (built.path.name, index)


def test_nothing_near_the_fold(printed: dict[tuple[str, str], Built]) -> None:
    dpi = 100
    clearance = FOLD_CLEARANCE_MM * dpi / 25.4
    for lang in ("kk", "ru", "kk-ru"):
        built = printed[("a5-booklet", lang)]
        for index in range(page_count(built.path)):
            image = render_page(built.path, index, dpi)
            fold = image.width / 2
            strip = image.crop((round(fold - clearance), 0, round(fold + clearance), image.height))
            assert strip.point(lambda value: 255 if value < 250 else 0).getbbox() is None, (built.path.name, index)


# -- a text too long for its pages --------------------------------------------------------------


def longer_content(tmp_path: Path, tactics: int) -> Path:
    """A copy of the content folder whose Russian text lists the first of the fraudsters' tactics
    ``tactics`` times (the model is frozen: the YAML is edited, as an editor would)."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    ru = folder / LEAFLET_ID / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    assert text.count(TACTIC) == 1
    ru.write_text(text.replace(TACTIC, TACTIC * tactics), encoding="utf-8")
    return folder


#: texts some 1000-2200 characters longer than the shipped one (which fills its pages at 12-13 pt);
#: the tests of one length run on one pytest-xdist worker, which builds it
LONGER = [pytest.param(tactics, marks=pytest.mark.xdist_group(f"longer-{tactics}")) for tactics in (20, 28, 40)]


LONGER_FORMATS = ("a4", "a5", "a5-booklet")


@pytest.fixture(scope="module")
def longer(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], tuple[Content, dict[str, Path]]]:
    """The Russian A4, A5 and booklet of a text with ``tactics`` tactics, built once each."""

    def make(tactics: int) -> tuple[Content, dict[str, Path]]:
        def make_folder(folder: Path) -> None:
            build(longer_content(folder, tactics), folder / "out", formats=LONGER_FORMATS, langs=["ru"])

        folder = made_once(tmp_path_factory, f"longer-{tactics}", make_folder)
        written = {name: folder / "out" / file_name(name, "ru") for name in LONGER_FORMATS}
        assert all(path.is_file() for path in written.values())
        return load_content(folder / "content"), written

    return make


@pytest.mark.slow  # a build of three formats for each length
@pytest.mark.parametrize("tactics", LONGER)
def test_a_text_too_long_for_the_fewest_pages_moves_to_the_next_budget(
    longer: Callable[[int], tuple[Content, dict[str, Path]]], tactics: int
) -> None:
    """A4 takes two sheets, A5 two folded sheets (a booklet of four sides), at 12 pt or more,
    with the title band first and the back band last."""
    content, written = longer(tactics)
    text = content.leaflets[LEAFLET_ID].texts["ru"]
    for name, pages in (("a4", 4), ("a5", 8), ("a5-booklet", 4)):
        reader = pypdf.PdfReader(written[name])
        assert len(reader.pages) == pages, name
        if name != "a5-booklet":
            sizes = character_sizes(reader)
            assert sizes.most_common(1)[0][0] >= 12 and min(sizes) >= 9, (name, sorted(sizes))
            check_bands(written[name], 0, pages - 1, content, text)


@pytest.mark.slow  # the same builds
@pytest.mark.parametrize("tactics", LONGER)
def test_a_longer_text_leaves_no_empty_band_above_the_back_band(
    longer: Callable[[int], tuple[Content, dict[str, Path]]], tactics: int
) -> None:
    _, written = longer(tactics)
    found = [spare_room(written[name], page_count(written[name]) - 1) for name in ("a4", "a5")]
    assert not [problem for problem in found if problem]


@pytest.mark.slow  # every page budget tried
def test_a_text_too_long_for_the_largest_budget_fails_naming_leaflet_format_and_longest_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = longer_content(tmp_path, 300)  # some 16 000 characters of tactics
    out = tmp_path / "out"
    with pytest.raises(ContentError) as raised:
        build(folder, out, formats=("a4", "a5", "a5-booklet"), langs=["ru"])
    problems = raised.value.problems
    ru = str(folder / LEAFLET_ID / "ru.yaml")
    lines = Path(ru).read_text(encoding="utf-8").splitlines()
    bullets_line = next(number for number, line in enumerate(lines, start=1) if line.strip() == "- bullets:")
    named = set()
    for problem in problems:
        assert problem.file == ru and problem.line == bullets_line, str(problem)
        assert problem.key.startswith("blocks[3]"), str(problem)  # the longest part: the tactics
        message = str(problem)
        name = re.search(r"the (a4|a5) format", message)
        assert name, message
        named.add(name.group(1))
        assert LEAFLET_ID in message
        assert re.search(r"its longest parts: blocks\[3\]\S* \(\d+ characters\), blocks\[6\]\.steps\[\d\]", message)
        assert re.search(r"\b\d+ pages at most\b.*\b[1-9]\d* mm\b.*\b[1-9]\d* %", message), message
    assert named == {"a4", "a5"}  # every failing document at once
    assert not out.exists() or not any(out.iterdir())
    checked = run(capsys, "check", "--content", str(folder))
    assert checked.code == 1
    assert "the a4 format" in checked.stdout + checked.stderr and "the a5 format" in checked.stdout + checked.stderr


def test_a_format_in_an_edition_it_is_not_made_in_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--format", "a4", "--lang", "kk-ru", "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "a4 in kk-ru" in error
    for name in PRINTED_FORMATS:
        assert name in error  # the valid combinations are listed
    assert not any(tmp_path.iterdir())


def test_formats_lists_every_format_with_size_pages_and_use(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for spec in FORMATS.values():
        line = next(line for line in lines if line.split()[0] == spec.name)
        assert spec.size_label() in line and spec.description in line
        assert re.search(r"\d (pages?|sheets, 2 sides each)\b", line), line  # how many pages it may have
    assert "2 or 4 pages" in next(line for line in lines if line.split()[0] == "a4")
    assert "4, 8 or 12 pages" in next(line for line in lines if line.split()[0] == "a5")


# -- the second real leaflet: examples/fake-bank-call ----------------------------------------------


@pytest.fixture(scope="module")
def example_content() -> Content:
    return load_content(EXAMPLES)


@pytest.mark.slow
@reads_the_example
def test_the_example_builds_in_every_format_and_edition(example: dict[tuple[str, str], Built]) -> None:
    expected = {(name, edition) for name, editions in EDITIONS_OF.items() for edition in editions}
    assert set(example) == expected
    written = {path.name for path in next(iter(example.values())).path.parent.iterdir()}
    assert written == {built.path.name for built in example.values()}, "the build wrote these files, and only these"
    for (name, edition), built in example.items():
        assert built.path.name == f"{EXAMPLE_ID}-{FORMATS[name].file_name(edition)}"
        pages = len(built.reader.pages)
        langs = len(edition.split("-"))
        if name == "share" or name == "share-pdfa":
            assert langs <= pages <= PAGE_BUDGETS[name][0] * langs, built.path.name
            continue
        assert pages_per_language(name, edition, pages) in PAGE_BUDGETS[name], built.path.name
        width, height = PAPER[name]
        for page in built.reader.pages:
            assert abs(float(page.mediabox.width) / PT_PER_MM - width) < 0.6, built.path.name
            assert abs(float(page.mediabox.height) / PT_PER_MM - height) < 0.6, built.path.name
    for edition in ("kk", "ru", "kk-ru"):  # the booklet is the A5 pages, two to a side
        assert 2 * page_count(example[("a5-booklet", edition)].path) == page_count(example[("a5", edition)].path)
    for built in (built for (name, _), built in example.items() if name in ("a4", "a5")):
        sizes = character_sizes(built.reader)
        assert sizes.most_common(1)[0][0] >= 12 and min(sizes) >= 9, (built.path.name, sorted(sizes))


@pytest.mark.slow
@reads_the_example
def test_every_qr_code_of_the_example_decodes_to_an_https_link_of_its_registry(
    example: dict[tuple[str, str], Built], example_content: Content
) -> None:
    registry = yaml.safe_load((EXAMPLES / "links.yaml").read_text(encoding="utf-8"))["links"]
    https = {link["url"] for link in registry.values() if link["url"].startswith("https://")}
    texts = example_content.leaflets[EXAMPLE_ID].texts
    for (name, edition), built in example.items():
        if name.startswith("share"):
            continue  # the phone PDF shows its QR links as links to tap
        codes = [example_content.links[link_id].url for link_id in texts[edition.split("-")[0]].link_ids(QRPanel)]
        assert len(codes) >= 2 and set(codes) <= https
        if name in ("a4", "a5"):
            # every page of these is decoded by check_bands (the test below): the codes of the back
            # page, which holds every QR panel of the text, on each part's last page, none elsewhere
            for lang in edition.split("-"):
                assert texts[lang].link_ids(QRPanel) == texts[lang].link_ids(QRPanel, back_only=True)
            continue
        decoded = [
            code.text
            for index in range(page_count(built.path))
            for code in qr_codes(render_page(built.path, index, 150))
        ]
        assert all(url in https for url in decoded), (built.path.name, decoded)
        copies = 1 if name.startswith("poster") else len(edition.split("-"))  # a poster has one shared row
        assert sorted(decoded) == sorted(codes * copies), built.path.name


@pytest.mark.slow
@reads_the_example
def test_the_example_leaflets_have_their_bands(example: dict[tuple[str, str], Built], example_content: Content) -> None:
    leaflet_texts = example_content.leaflets[EXAMPLE_ID].texts
    for (name, _), built in example.items():
        if name in ("a4", "a5"):
            for lang, first, last in language_parts(built):
                check_bands(built.path, first, last, example_content, leaflet_texts[lang])


@pytest.mark.slow
@reads_the_example
def test_the_example_phone_pdf_has_a_bookmark_per_step(
    example: dict[tuple[str, str], Built], example_content: Content
) -> None:
    texts = example_content.leaflets[EXAMPLE_ID].texts
    for edition in ("kk", "ru", "kk-ru"):
        reader = example[("share", edition)].reader
        pages = [normalise(page.extract_text()) for page in reader.pages]
        langs = edition.split("-")
        level = len(langs) - 1  # a bilingual file nests the steps under their language
        entries = [(title, page) for depth, title, page in bookmarks(reader) if depth == level]
        steps = [(lang, step) for lang in langs for step in texts[lang].steps()]
        assert len(steps) == 4 * len(langs)  # the example has four steps
        expected = [
            f"{number}. {plain_text(step.short, labels(example_content, lang))}"
            for lang in langs
            for number, step in enumerate(texts[lang].steps(), start=1)
        ]
        assert [title for title, _ in entries] == expected, edition
        for (_, page), (lang, step) in zip(entries, steps, strict=True):
            heading = normalise(plain_text(step.title, labels(example_content, lang)))
            assert " ".join(heading.split()[:2]) in pages[page], (edition, step.id, page)
