"""What `leaflet check` already knows (issue 9): an edition laid out before from exactly the same
text, links, images, fonts and program is not laid out again; anything that changes a layout
changes its key; the fonts' coverage is kept, and a damaged copy is read again from the fonts."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from leaflet.build import Job, check_layouts, plan_jobs
from leaflet.content.check import check_content
from leaflet.content.model import Content, Leaflet
from leaflet.errors import ContentError
from leaflet.layout import coverage
from leaflet.layout.formats import FORMATS
from leaflet.layout.keys import edition_key
from leaflet.layout.plan import PlanCache
from leaflet.layout.plan_store import PlanStore
from leaflet.pdf.documents import BuildCache, make_document
from leaflet.pdf.options import PrintOptions

from .conftest import CONTENT, LEAFLET_ID

#: a paragraph long enough that sixty of them fit no A4 or A5 budget
LONG_PARAGRAPH = "Никому не сообщайте коды из SMS, даже если звонящий называет себя сотрудником банка. " * 4


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty plan store of this test's own."""
    folder = tmp_path / "plans"
    monkeypatch.setenv("LEAFLET_CACHE_DIR", str(folder))
    return folder


#: every format the first test checks, and those laid out: the booklet is the A5 imposed and the
#: PDF/A copy is the phone PDF converted, so they are never laid out themselves
CHECKED = tuple(FORMATS)
LAID_OUT = {"a4", "a5", "large-print", "poster-a4", "poster-a3", "poster-a2", "share"}


def laid_out_jobs(content: Content) -> list[Job]:
    """The jobs `check` lays out: booklets and archival copies are their source's layout."""
    return [
        job
        for job in plan_jobs(content, formats=CHECKED)
        if not FORMATS[job.format_name].imposed_from and not FORMATS[job.format_name].archival
    ]


def test_check_lays_out_only_what_it_has_not_laid_out_before(store: Path) -> None:
    content = check_content(CONTENT)
    jobs = plan_jobs(content, formats=CHECKED)
    assert check_layouts(content, jobs) == len(laid_out_jobs(content)) > 0
    assert {job.format_name for job in laid_out_jobs(content)} == LAID_OUT
    assert len(jobs) > len(laid_out_jobs(content)), "the booklets and archival copies are not laid out again"
    assert check_layouts(content, jobs) == 0
    # one kept record per edition laid out, whatever its kind (flow, poster, screen)
    kept = PlanCache(PlanStore(store))
    for job in laid_out_jobs(content):
        leaflet = content.leaflets[job.leaflet_id]
        assert kept.get(edition_key(content, leaflet, job.lang, FORMATS[job.format_name])) is not None, job


def test_a_text_changed_after_a_check_is_laid_out_again_and_refused_when_it_no_longer_fits(
    store: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    content = check_content(folder)
    # the edition refused below, laid out (and kept) before its text changed
    assert check_layouts(content, plan_jobs(content, formats=["a4"], langs=["ru"])) == 1
    text = folder / LEAFLET_ID / "ru.yaml"
    source = text.read_text(encoding="utf-8")
    longer = "".join(f'  - paragraph: "{LONG_PARAGRAPH}"\n' for _ in range(60))
    text.write_text(source.replace("blocks:\n", "blocks:\n" + longer, 1), encoding="utf-8")
    changed = check_content(folder)
    with pytest.raises(ContentError) as refused:
        check_layouts(changed, plan_jobs(changed, formats=["a4"], langs=["ru"]))
    assert "a4" in str(refused.value)


def test_keys_follow_what_the_layout_depends_on(content: Content, shipped: Leaflet) -> None:
    a5 = FORMATS["a5"]
    key = edition_key(content, shipped, "ru", a5)
    assert edition_key(content, shipped, "ru", a5) == key
    assert edition_key(content, shipped, "ru", a5.with_bleed(3.0)) == key, "bleed does not move the text"
    assert edition_key(content, shipped, "kk", a5) != key
    assert edition_key(content, shipped, "ru", FORMATS["a4"]) != key
    retitled = dataclasses.replace(shipped.texts["ru"], title="Другой заголовок")
    other_text = dataclasses.replace(shipped, texts={**shipped.texts, "ru": retitled})
    assert edition_key(content, other_text, "ru", a5) != key
    link_id, link = next(iter(content.links.items()))
    moved = dataclasses.replace(
        content, links={**content.links, link_id: dataclasses.replace(link, url=link.url + "x")}
    )
    assert edition_key(moved, shipped, "ru", a5) != key
    # the bilingual edition is keyed by each language's own key, as the planner keeps them
    kazakh, russian = edition_key(content, shipped, "kk", a5), edition_key(content, shipped, "ru", a5)
    assert isinstance(kazakh, tuple) and isinstance(russian, tuple)
    assert edition_key(content, shipped, "kk-ru", a5) == kazakh + russian
    # posters A3 and A2 are A4's design enlarged, each kept under its own format
    assert edition_key(content, shipped, "ru", FORMATS["poster-a3"]) != edition_key(
        content, shipped, "ru", FORMATS["poster-a4"]
    )


def test_a_kept_poster_size_draws_the_same_bytes_as_a_search(content: Content, shipped: Leaflet, store: Path) -> None:
    searched = make_document(content, shipped, "poster-a4", "kk-ru", PrintOptions(), BuildCache())
    kept = PlanCache(PlanStore(store)).get(edition_key(content, shipped, "kk-ru", FORMATS["poster-a4"]))
    assert kept is not None and kept[0].body_size == searched.body_size
    replayed = make_document(content, shipped, "poster-a4", "kk-ru", PrintOptions(), BuildCache())
    assert replayed.pdf == searched.pdf


@pytest.mark.parametrize("damage", ["", "{", '{"version": 1, "text": [], "symbols": [65]}', '{"version": 1}'])
def test_the_fonts_coverage_is_kept_and_a_damaged_copy_is_read_again(store: Path, damage: str) -> None:
    probe = "Қазақ ☎ ⚠ \U0001f600 \u0e01"  # Kazakh and two symbols print; an emoji and Thai do not
    coverage._printable.cache_clear()
    try:
        expected = coverage.missing_glyphs(probe)
        assert expected == ["\u0e01", "\U0001f600"]
        (kept,) = store.glob("coverage-*.json")
        kept.write_text(damage, encoding="utf-8")
        coverage._printable.cache_clear()
        assert coverage.missing_glyphs(probe) == expected
        coverage._printable.cache_clear()
        assert kept.read_text(encoding="utf-8") != damage, "written anew from the fonts"
        assert coverage.missing_glyphs(probe) == expected
    finally:
        coverage._printable.cache_clear()
