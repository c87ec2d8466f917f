"""Print-shop output (``--bleed 3 --marks --cmyk``) read back: page boxes, bleed, crop marks, CMYK."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from leaflet.cli import main

from .conftest import QR_URLS, SHOP_BLEED_MM, Built
from .pdfread import PT_PER_MM, content_stream, dark_pixels, qr_codes, render, rgb_at

#: ISO 216 trim sizes in mm (width, height) of every printed file's pages
#: a print shop's booklet sheet is trimmed at its pages' outer edges: two A5 pages wide
TRIM_MM = {"a4": (210, 297), "a5": (148, 210), "a5-booklet": (296, 210)}
TRIM_MM |= {"poster-a4": (210, 297), "poster-a3": (297, 420), "poster-a2": (420, 594)}
MARK_OFFSET_MM = 3.0  # PRINT.md: crop marks 3 mm outside the trim, and outside the bleed
DPI = 72

#: the print-shop files are built once, by the pytest-xdist worker that runs these tests
pytestmark = pytest.mark.xdist_group("print-shop")


def box_mm(box: pypdf.generic.RectangleObject) -> tuple[float, ...]:
    return tuple(float(value) / PT_PER_MM for value in (box.left, box.bottom, box.right, box.top))


def test_trim_bleed_and_media_boxes_on_every_page(shop_printed: dict[tuple[str, str], Built]) -> None:
    for (name, _), built in shop_printed.items():
        for page in built.reader.pages:
            assert "/TrimBox" in page and "/BleedBox" in page, built.path.name
            trim, bleed, media = box_mm(page.trimbox), box_mm(page.bleedbox), box_mm(page.mediabox)
            assert trim[2] - trim[0] == pytest.approx(TRIM_MM[name][0], abs=0.6), built.path.name
            assert trim[3] - trim[1] == pytest.approx(TRIM_MM[name][1], abs=0.6), built.path.name
            expected = (
                trim[0] - SHOP_BLEED_MM,
                trim[1] - SHOP_BLEED_MM,
                trim[2] + SHOP_BLEED_MM,
                trim[3] + SHOP_BLEED_MM,
            )
            assert bleed == pytest.approx(expected, abs=0.01), built.path.name
            room = MARK_OFFSET_MM + 3  # marks need paper beyond the bleed
            assert media[0] <= bleed[0] - room and media[1] <= bleed[1] - room, built.path.name
            assert media[2] >= bleed[2] + room and media[3] >= bleed[3] + room, built.path.name


def pixel_box(page: pypdf.PageObject, box: pypdf.generic.RectangleObject) -> tuple[float, float, float, float]:
    """A PDF box in image pixels (left, top, right, bottom; y down)."""
    height = float(page.mediabox.height)
    scale = DPI / 72
    return (
        float(box.left) * scale,
        (height - float(box.top)) * scale,
        float(box.right) * scale,
        (height - float(box.bottom)) * scale,
    )


def dark_pixels_outside(image: Image.Image, box: tuple[float, float, float, float]) -> list[tuple[int, int]]:
    left, top, right, bottom = box
    return [
        (x, y) for x, y in dark_pixels(image, 200) if not (left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1)
    ]


@pytest.mark.parametrize("name", ["a4", "a5-booklet", "poster-a2"])
def test_crop_marks_sit_outside_the_bleed_on_the_trim_lines(
    shop_printed: dict[tuple[str, str], Built], name: str
) -> None:
    built = shop_printed[(name, "kk")]
    page = built.reader.pages[0]
    image = render(built.path, 0, DPI)
    trim = pixel_box(page, page.trimbox)
    outside = dark_pixels_outside(image, pixel_box(page, page.bleedbox))
    assert outside, "no crop marks"
    offset = MARK_OFFSET_MM * DPI / 25.4 - 1
    folds = [(trim[0] + trim[2]) / 2] if name == "a5-booklet" else []
    for x, y in outside:
        on_vertical = any(abs(x - edge) <= 1.5 for edge in (trim[0], trim[2], *folds))
        on_horizontal = any(abs(y - edge) <= 1.5 for edge in (trim[1], trim[3]))
        assert on_vertical or on_horizontal, (x, y)  # only marks, on the trim (or fold) lines
        beyond = max(trim[0] - x, x - trim[2], trim[1] - y, y - trim[3])
        assert beyond >= offset, (x, y)  # at least 3 mm outside the trim
    corners = {(x < trim[0], y < trim[1]) for x, y in outside}
    assert len(corners) == 4  # a mark at every corner


def tinted(image: Image.Image, x: float, y: float) -> bool:
    red, green, blue = rgb_at(image, round(x), round(y))
    return (red, green, blue) != (255, 255, 255) and min(red, green, blue) > 150  # a light tint, not a mark


@pytest.mark.parametrize(
    ("name", "index", "side", "x_at"),
    [
        ("a4", 0, "top", 0.5),  # the title band
        ("a4", -1, "bottom", 0.5),  # the back band (QR codes, contacts) of the last page
        ("a5", 0, "top", 0.5),
        ("a5", -1, "bottom", 0.5),
        ("a5-booklet", 0, "top", 0.75),  # page 1, right of the fold
        ("a5-booklet", 0, "bottom", 0.25),  # page 4, left of the fold
        ("poster-a3", 0, "top", 0.5),  # the headline band
    ],
)
def test_colour_at_the_edge_runs_into_the_bleed(
    shop_printed: dict[tuple[str, str], Built], name: str, index: int, side: str, x_at: float
) -> None:
    built = shop_printed[(name, "ru")]
    index %= len(built.reader.pages)
    page = built.reader.pages[index]
    image = render(built.path, index, DPI, grey=False)
    trim, bleed = pixel_box(page, page.trimbox), pixel_box(page, page.bleedbox)
    x = trim[0] + (trim[2] - trim[0]) * x_at
    # the full bleed: to within 0.3 mm of the bleed box's edge (the inspection found 2.5 mm at a sheet's sides)
    near = 0.3 * DPI / 25.4
    y = bleed[1] + near if side == "top" else bleed[3] - near
    assert tinted(image, x, y), (name, index, side, rgb_at(image, round(x), round(y)))
    # the band runs off the outer side too; on a folded page it stops short of the fold
    right_hand = (index % 2 == 0) if name == "a5" else x_at > 0.5
    outer_x = bleed[2] - near if right_hand or name not in ("a5", "a5-booklet") else bleed[0] + near
    band_y = trim[1] + 2 if side == "top" else trim[3] - 2
    assert tinted(image, outer_x, band_y), "the band runs off the outer side too"
    if name in ("a5", "a5-booklet"):
        fold = (trim[0] + trim[2]) / 2 if name == "a5-booklet" else (trim[0] if right_hand else trim[2])
        inside = 1 if right_hand else -1
        assert not tinted(image, fold + inside * 1.5 * DPI / 25.4, band_y), "the band stops short of the fold"
        assert tinted(image, fold + inside * 6 * DPI / 25.4, band_y), "... by a few millimetres only"


def test_cmyk_output_has_no_rgb_colour(shop_printed: dict[tuple[str, str], Built]) -> None:
    for built in shop_printed.values():
        for page in built.reader.pages:
            content = content_stream(page)
            assert not re.search(r"\b(rg|RG|sc|SC|scn|SCN)\b", content), built.path.name
            assert re.search(r"\bk\b", content), built.path.name


@pytest.mark.parametrize("name", ["a4", "a5", "a5-booklet", "poster-a4", "poster-a3", "poster-a2"])
def test_qr_codes_decode_in_print_shop_output(shop_printed: dict[tuple[str, str], Built], name: str) -> None:
    built = shop_printed[(name, "kk")]
    decoded = [
        code.text for index in range(len(built.reader.pages)) for code in qr_codes(render(built.path, index, 150))
    ]
    assert sorted(set(decoded)) == sorted(QR_URLS)


@pytest.mark.parametrize("bleed", ["abc", "-1", "50"])
def test_bad_bleed_is_a_usage_error(tmp_path: Path, bleed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["build", f"--bleed={bleed}", "--out", str(tmp_path)])
    assert raised.value.code == 2
    assert "--bleed" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
