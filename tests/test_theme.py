"""The theme is black-and-white safe: every text/background pair keeps PRINT.md's contrast in
colour, in grey (monochrome office printers) and in CMYK, and meaning never rests on colour alone."""

from __future__ import annotations

import dataclasses
import re

import pypdf
import pytest
from reportlab.lib.colors import CMYKColor, Color, HexColor, black, white

from leaflet.content.model import Callout, Leaflet
from leaflet.layout.markup import PHONE, WARNING_SIGN
from leaflet.layout.theme import PALETTE, TEXT_PAIRS, contrast_ratio, greyscale, to_cmyk

from .conftest import Built
from .pdfread import content_stream


def test_contrast_formula_against_known_values() -> None:
    # WCAG 2: black on white is 21:1, a colour on itself 1:1, #777 on white 4.48:1
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, white) == pytest.approx(1.0)
    assert contrast_ratio(HexColor("#777777"), white) == pytest.approx(4.48, abs=0.01)


def test_greyscale_keeps_greys_and_darkens_colours_by_luma() -> None:
    assert greyscale(HexColor("#808080")).red == pytest.approx(0x80 / 255)
    assert greyscale(HexColor("#FF0000")).red == pytest.approx(0.299)  # ITU-R BT.601


@pytest.mark.parametrize("pair", TEXT_PAIRS, ids=lambda pair: pair[3])
@pytest.mark.parametrize(
    "convert",
    [lambda c: c, greyscale, to_cmyk, lambda c: greyscale(to_cmyk(c))],
    ids=["colour", "grey", "cmyk", "cmyk-grey"],
)
def test_every_text_pair_keeps_its_contrast(pair: tuple[Color, Color, float, str], convert: object) -> None:
    text, background, minimum, what = pair
    ratio = contrast_ratio(convert(text), convert(background))  # type: ignore[operator]
    assert ratio >= minimum, f"{what}: {ratio:.2f}:1 < {minimum}:1"


def test_text_ink_prints_on_the_black_plate_only() -> None:
    ink = to_cmyk(PALETTE.ink)
    assert isinstance(ink, CMYKColor) and (ink.cyan, ink.magenta, ink.yellow) == (0, 0, 0)
    assert to_cmyk(white) == CMYKColor(0, 0, 0, 0)


def fill_colours(page: pypdf.PageObject) -> set[str]:
    """Every RGB fill colour the page's content sets, as #rrggbb."""
    content = content_stream(page)
    colours = set()
    for red, green, blue in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg\b", content):
        colours.add("#" + "".join(f"{round(float(value) * 255):02x}" for value in (red, green, blue)))
    return colours


def test_pages_use_only_palette_colours(printed: dict[tuple[str, str], Built]) -> None:
    """So the pairs above are every pair the pages print."""
    palette = {color.hexval()[2:].lower() for color in dataclasses.astuple(PALETTE)} | {"000000", "ffffff"}
    for (name, _), built in printed.items():
        if name == "a5-booklet":
            continue  # the same pages as a5
        for page in built.reader.pages:
            unknown = {colour for colour in fill_colours(page) if colour[1:] not in palette}
            assert not unknown, (built.path.name, unknown)


def test_meaning_never_rests_on_colour_alone(printed: dict[tuple[str, str], Built], shipped: Leaflet) -> None:
    for lang in ("kk", "ru"):
        text = shipped.texts[lang]
        warnings = [block for block in text.all_blocks() if isinstance(block, Callout) and block.style == "warning"]
        assert len(warnings) == 1
        heading = re.sub(r"\s+", " ", warnings[0].title.replace("**", ""))
        titles = [re.sub(r"\s+", " ", step.title) for step in text.steps()]
        assert len(titles) == 6
        for name in ("a4", "a5"):
            printed_text = printed[(name, lang)].text()  # every page's text, whitespace collapsed
            # the warning is a sign and a word, not only red (and a bordered box)
            assert f"{WARNING_SIGN} {heading[:30]}" in printed_text, (name, lang)
            assert f"{PHONE} 1459" in printed_text, (name, lang)  # phone numbers carry the phone sign
            for number, title in enumerate(titles, start=1):  # steps are numbered, not colour-coded
                assert f"{number} {title[:20]}" in printed_text, (name, lang, number)
