"""Every printed format read back: files, page counts and sizes, body size, leading, margins, folds."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from leaflet.build import plan_jobs
from leaflet.cli import main
from leaflet.errors import BuildError
from leaflet.layout.formats import FORMATS
from leaflet.content.model import Content
from leaflet.layout.render import render

from .conftest import PRINTED_FORMATS, Built
from .pdfread import PT_PER_MM, page_count, qr_codes, text_runs
from .pdfread import render as render_page

#: ISO 216 paper sizes in mm (portrait), from the standard, not from the program
ISO = {"A2": (420, 594), "A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}

#: the files of issue 4, by name, with their page count and paper (width, height in mm)
EXPECTED = {
    **{f"a4-{lang}.pdf": (2, ISO["A4"]) for lang in ("kk", "ru")},
    **{f"a5-{lang}.pdf": (4, ISO["A5"]) for lang in ("kk", "ru")},
    "a5-kk-ru.pdf": (8, ISO["A5"]),
    **{f"a5-{lang}-booklet.pdf": (2, ISO["A4"][::-1]) for lang in ("kk", "ru")},
    "a5-kk-ru-booklet.pdf": (4, ISO["A4"][::-1]),
    **{
        f"poster-{size.lower()}-{lang}.pdf": (1, ISO[size])
        for size in ("A4", "A3", "A2")
        for lang in ("kk", "ru", "kk-ru")
    },
}

OFFICE_MARGIN_MM = 10.0  # PRINT.md: nothing within 10 mm of the trim on office formats
FOLD_CLEARANCE_MM = 8.0  # PRINT.md: QR codes at least 8 mm from a fold (and nothing crosses it)


def body_size(page: pypdf.PageObject) -> float:
    """The size most of the page's characters are printed at."""
    counts: Counter[float] = Counter()
    for run in text_runs(page):
        counts[round(run.size, 2)] += len(run.text.strip())
    return counts.most_common(1)[0][0]


def leaflets(printed: dict[tuple[str, str], Built]) -> list[Built]:
    return [built for (name, _), built in printed.items() if name in ("a4", "a5")]


def test_build_with_no_options_makes_every_format_in_every_edition() -> None:
    names = {job.file_name for job in plan_jobs(None, None)}
    assert set(EXPECTED) <= names


def test_printed_formats_cover_the_issue(printed: dict[tuple[str, str], Built]) -> None:
    assert {built.path.name for built in printed.values()} == set(EXPECTED)


def test_page_count_and_paper_size(printed: dict[tuple[str, str], Built]) -> None:
    for built in printed.values():
        pages, (width, height) = EXPECTED[built.path.name]
        reader = built.reader
        assert len(reader.pages) == pages, built.path.name
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) / PT_PER_MM - width) < 0.6, built.path.name
            assert abs(float(box.height) / PT_PER_MM - height) < 0.6, built.path.name
            assert "/TrimBox" not in page and "/BleedBox" not in page  # office output: the page is the sheet


def test_body_at_least_12_pt_and_the_same_on_every_page(printed: dict[tuple[str, str], Built]) -> None:
    for built in leaflets(printed):
        sizes = {body_size(page) for page in built.reader.pages}
        assert len(sizes) == 1, (built.path.name, sizes)
        assert sizes.pop() >= 12.0, built.path.name


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


def test_build_output_reports_the_body_size_it_chose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--format", "a5", "--lang", "ru", "--out", str(tmp_path)]) == 0
    reported = float(re.search(r"body ([\d.]+) pt", capsys.readouterr().out).group(1))  # type: ignore[union-attr]
    measured = body_size(pypdf.PdfReader(tmp_path / "a5-ru.pdf").pages[0])
    assert reported == measured


def test_a5_booklet_opens_with_a_cover_and_closes_with_the_codes(
    printed: dict[tuple[str, str], Built], content: Content
) -> None:
    for lang in ("kk", "ru"):
        built = printed[("a5", lang)]
        leaflet = content.leaflets[lang]
        first = re.sub(r"\s+", " ", built.reader.pages[0].extract_text())
        assert re.sub(r"\s+", " ", leaflet.title) in first
        assert leaflet.warning_text.replace("**", "")[:40] in first
        codes = [len(qr_codes(render_page(built.path, index, 150))) for index in range(4)]
        assert codes == [0, 0, 0, 4], (built.path.name, codes)
        assert "1459" in built.reader.pages[3].extract_text()


def test_bilingual_booklet_has_the_kazakh_pages_first(printed: dict[tuple[str, str], Built], content: Content) -> None:
    built = printed[("a5", "kk-ru")]
    titles = {lang: re.sub(r"\s+", " ", content.leaflets[lang].title) for lang in ("kk", "ru")}
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in built.reader.pages]
    assert titles["kk"] in pages[0] and titles["ru"] in pages[4]
    assert all(titles["ru"] not in page for page in pages[:4])
    assert [len(qr_codes(render_page(built.path, index, 150))) for index in (3, 7)] == [4, 4]


def test_nothing_within_the_office_margin(printed: dict[tuple[str, str], Built]) -> None:
    dpi = 100
    margin = OFFICE_MARGIN_MM * dpi / 25.4 - 2  # two pixels (0.5 mm) for anti-aliasing
    for built in printed.values():
        for index in range(page_count(built.path)):
            image = render_page(built.path, index, dpi)
            left, top, right, bottom = image.point(lambda value: 255 if value < 250 else 0).getbbox()
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


def test_text_that_cannot_fit_fails_naming_the_format_and_the_overflow(content: Content) -> None:
    leaflet = content.leaflets["kk"]
    longer = dataclasses.replace(leaflet, steps=leaflet.steps * 2)
    too_long = dataclasses.replace(content, leaflets={**content.leaflets, "kk": longer})
    with pytest.raises(BuildError) as raised:
        render(too_long, "kk", FORMATS["a5"])
    message = str(raised.value)
    assert "a5-kk.pdf" in message and "12 pt" in message
    assert re.search(r"needs \d+ pages for 4: about \d+ mm of text too much, \d+ %", message), message


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
        assert spec.size_label() in line and "page" in line and spec.description in line
