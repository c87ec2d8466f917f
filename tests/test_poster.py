"""Posters read back: printed text sizes, QR code sizes and captions, Kazakh first, A3/A2 = A4 scaled,
the back page's contacts only."""

from __future__ import annotations

import math
import re

import pypdf
import pytest

from leaflet.content.model import Contacts, Content, Leaflet, QRPanel

from .conftest import QR_URLS, Built, normalise
from .pdfread import bounded_text, qr_codes, render, sizes_of, text_runs

#: PRINT.md, per paper size: (headline, step lines) in pt, QR symbol in mm
HEADLINE_PT = {"a4": 36.0, "a3": 50.0, "a2": 72.0}
STEP_PT = {"a4": 18.0, "a3": 25.0, "a2": 36.0}
QR_MM = {"a4": 40.0, "a3": 55.0, "a2": 80.0}
POSTERS = [(size, edition) for size in ("a4", "a3", "a2") for edition in ("kk", "ru", "kk-ru")]
EPSILON = 0.01


def poster(printed: dict[tuple[str, str], Built], size: str, edition: str) -> Built:
    return printed[(f"poster-{size}", edition)]


def langs(edition: str) -> list[str]:
    return edition.split("-")


@pytest.mark.parametrize(("size", "edition"), POSTERS)
def test_headline_and_steps_print_at_poster_sizes(
    printed: dict[tuple[str, str], Built], shipped: Leaflet, size: str, edition: str
) -> None:
    built = poster(printed, size, edition)
    assert len(built.reader.pages) == 1
    runs = text_runs(built.reader.pages[0])
    for lang in langs(edition):
        text = shipped.texts[lang]
        steps = text.steps()
        assert len(steps) == 6
        headline = sizes_of(runs, text.title)
        assert headline and min(headline) >= HEADLINE_PT[size] - EPSILON, (lang, headline[:1])
        for step in steps:
            step_sizes = sizes_of(runs, step.short)
            assert step_sizes and min(step_sizes) >= STEP_PT[size] - EPSILON, (lang, step.short, step_sizes[:1])
        # the poster says the short imperative, not the leaflet's long step title
        long_titles = [step.title for step in steps if len(step.title) > len(step.short) + 10]
        assert long_titles and all(not sizes_of(runs, title) for title in long_titles)
    hotline = sizes_of(runs, "1459")
    assert hotline and min(hotline) >= STEP_PT[size] - EPSILON


@pytest.mark.parametrize(("size", "edition"), POSTERS)
def test_four_qr_codes_at_poster_size_with_the_address_under_each(
    printed: dict[tuple[str, str], Built], content: Content, shipped: Leaflet, size: str, edition: str
) -> None:
    built = poster(printed, size, edition)
    dpi = 150
    image = render(built.path, 0, dpi)
    codes = qr_codes(image)
    assert sorted(code.text for code in codes) == sorted(QR_URLS)
    height = float(built.reader.pages[0].mediabox.height)
    text = shipped.texts[langs(edition)[0]]
    labels = {content.links[link_id].url: content.links[link_id].label(text.lang) for link_id in text.link_ids(QRPanel)}
    for code in codes:
        left, right = code.position.top_left.x, code.position.top_right.x
        width_mm = (right - left) / dpi * 25.4
        # the corners are found to the pixel: allow one pixel of the 150 dpi render (0.17 mm)
        assert width_mm >= QR_MM[size] - 25.4 / dpi, f"{code.text}: {width_mm:.1f} mm"
        # under the code (PDF y grows upwards): the printed address
        bottom = height - code.position.bottom_left.y / dpi * 72
        box = (left / dpi * 72 - 20, bottom - 90, right / dpi * 72 + 20, bottom)
        assert labels[code.text] in bounded_text(built.path, 0, box), code.text


@pytest.mark.parametrize("size", ["a4", "a3", "a2"])
def test_bilingual_poster_puts_kazakh_first_with_equal_prominence(
    printed: dict[tuple[str, str], Built], shipped: Leaflet, size: str
) -> None:
    runs = text_runs(poster(printed, size, "kk-ru").reader.pages[0])
    kk, ru = shipped.texts["kk"], shipped.texts["ru"]
    where = {run.text.strip(): run for run in runs}
    kk_title, ru_title = (next(run for run in runs if run.text.strip() in title) for title in (kk.title, ru.title))
    assert kk_title.y > ru_title.y  # Kazakh headline on top
    assert sizes_of(runs, kk.title)[0] == sizes_of(runs, ru.title)[0]
    for kk_step, ru_step in zip(kk.steps(), ru.steps(), strict=True):
        kk_line = next(run for text, run in where.items() if text and kk_step.short.startswith(text))
        ru_line = next(run for text, run in where.items() if text and ru_step.short.startswith(text))
        assert kk_line.x < ru_line.x  # Kazakh on the left
        assert math.isclose(kk_line.y, ru_line.y, abs_tol=0.5)  # the same row
        assert sizes_of(runs, kk_step.short)[0] == sizes_of(runs, ru_step.short)[0]


@pytest.mark.parametrize("size", ["a3", "a2"])
@pytest.mark.parametrize("edition", ["kk", "kk-ru"])
def test_a3_and_a2_are_the_a4_poster_scaled(printed: dict[tuple[str, str], Built], size: str, edition: str) -> None:
    small, large = (poster(printed, name, edition).reader.pages[0] for name in ("a4", size))
    scale = float(large.mediabox.width) / float(small.mediabox.width)
    assert math.isclose(scale, float(large.mediabox.height) / float(small.mediabox.height), rel_tol=1e-3)
    assert math.isclose(scale, {"a3": math.sqrt(2), "a2": 2.0}[size], rel_tol=0.01)
    small_runs, large_runs = text_runs(small), text_runs(large)
    assert [run.text for run in small_runs] == [run.text for run in large_runs]
    for before, after in zip(small_runs, large_runs, strict=True):
        assert math.isclose(after.size, before.size * scale, rel_tol=1e-3)
        assert math.isclose(after.x, before.x * scale, abs_tol=0.1)
        assert math.isclose(after.y, before.y * scale, abs_tol=0.1)
    small_links, large_links = link_rects(small), link_rects(large)
    assert len(small_links) == len(large_links) > 0
    for small_rect, large_rect in zip(small_links, large_links, strict=True):
        assert all(math.isclose(b, a * scale, abs_tol=0.5) for a, b in zip(small_rect, large_rect, strict=True))


def link_rects(page: pypdf.PageObject) -> list[tuple[float, ...]]:
    return [tuple(float(value) for value in annotation.get_object()["/Rect"]) for annotation in page.get("/Annots", [])]


def test_short_forms_exist_in_both_languages_for_every_step(shipped: Leaflet) -> None:
    kk, ru = shipped.texts["kk"].steps(), shipped.texts["ru"].steps()
    assert len(kk) == 6 and [step.id for step in kk] == [step.id for step in ru]
    for kk_step, ru_step in zip(kk, ru, strict=True):
        assert kk_step.short.strip() and ru_step.short.strip()
        assert not re.search(r"[.!]$", kk_step.short) and not re.search(r"[.!]$", ru_step.short)


@pytest.mark.parametrize(("size", "edition"), POSTERS)
def test_the_poster_shows_the_back_pages_contacts_only(
    printed: dict[tuple[str, str], Built], content: Content, shipped: Leaflet, size: str, edition: str
) -> None:
    """The hotline of the back page, with its purpose in each language; not the e-mail the
    text asks readers to write to (a leaflet's own contact, not an official one)."""
    built = poster(printed, size, edition)
    text = built.text()
    back = {link_id for lang in langs(edition) for link_id in shipped.texts[lang].link_ids(Contacts, back_only=True)}
    others = {link_id for lang in langs(edition) for link_id in shipped.texts[lang].link_ids(Contacts)} - back
    assert back == {"arrfr_phone"} and others == {"email"}
    for link_id in back:
        link = content.links[link_id]
        assert link.label(langs(edition)[0]) in text
        for lang in langs(edition):
            assert normalise(link.purposes[lang]) in text, (link_id, lang)
    for link_id in others:
        assert content.links[link_id].label(langs(edition)[0]) not in text
    uris = {
        str(annotation.get_object()["/A"]["/URI"])
        for annotation in built.reader.pages[0].get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert "tel:1459" in uris and "mailto:info@citizensec.kz" not in uris
