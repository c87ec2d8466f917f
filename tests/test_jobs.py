"""Parallel builds, progress output and remembered plans (issues 5 and 8).

Nothing here is timed: the figures are measured by bench/bench.py.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from reportlab.platypus import BaseDocTemplate

from leaflet.build import Job, _needs, build, plan_jobs, render_jobs
from leaflet.content.loader import load_content
from leaflet.content.model import Content, Leaflet
from leaflet.layout.formats import EDITIONS, FORMATS
from leaflet.layout.plan import Plan, PlanCache
from leaflet.parallel import schedule
from leaflet.pdf.documents import BuildCache, make_document
from leaflet.pdf.options import PrintOptions

from .conftest import CONTENT, EXAMPLE_ID, LEAFLET_ID, PLAN_STORE_VARIABLE, SessionBuild, file_name, leaflet, run

RU_LEAD = '  - lead: "Это один из самых частых вопросов, вызывающих панику."\n'


#: the formats built again by the test below: every one (the layouts keep parsed and broken lines
#: in the process, so a process with other caches warm must still make the same bytes)
REBUILT = tuple(FORMATS)


@pytest.mark.slow
def test_output_is_byte_identical_whatever_the_number_of_jobs_and_the_process(
    session_build: SessionBuild, tmp_path: Path
) -> None:
    """Both leaflets built again in every format and edition, with --jobs 1, in a fresh
    interpreter (its own hash seed), with no plan kept on disk (every plan searched): the same
    bytes as the session's build with --jobs 2."""
    out = tmp_path / "jobs1"
    formats = [arg for name in REBUILT for arg in ("--format", name)]
    args = ("--content", str(session_build.content), "--out", str(out), *formats, "--jobs", "1", "--quiet")
    result = leaflet("build", *args, env={**os.environ, PLAN_STORE_VARIABLE: "off"})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    names = sorted(path.name for path in out.iterdir())
    expected = {
        file_name(name, edition, leaflet_id)
        for leaflet_id in (LEAFLET_ID, EXAMPLE_ID)
        for name in REBUILT
        for edition in FORMATS[name].editions
    }
    assert names == sorted(expected)
    assert expected <= {path.name for path in session_build.out.iterdir()}
    for name in names:
        assert (out / name).read_bytes() == (session_build.out / name).read_bytes(), name


def test_progress_names_every_file_with_pages_size_and_time(session_build: SessionBuild) -> None:
    two, stdout = session_build.out, session_build.stdout
    lines = stdout.strip().splitlines()
    files = sorted(path.name for path in two.iterdir())
    progress = {line.split()[0]: line for line in lines[:-1]}
    assert sorted(progress) == files
    for name, line in progress.items():
        pages = len(pypdf.PdfReader(two / name).pages)
        kilobytes = (two / name).stat().st_size / 1024
        match = re.search(r"(\d+) pages?, .*?(\d+) KB, (\d+\.\d\d) s$", line)
        assert match, line
        assert int(match[2]) == round(kilobytes), line
        assert int(match[1]) == pages, line
    assert re.fullmatch(rf"wrote {len(files)} files \(\d+ KB\) to .+ in \d+\.\d\d s \(--jobs 2\)", lines[-1])


def test_quiet_prints_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Nothing from the build nor from its worker processes (capfd: the output of every process)."""
    args = ("--content", str(CONTENT), "--format", "share", "--lang", "ru", "--out", str(tmp_path))
    outcome = run(capfd, "build", *args, "--quiet", "--jobs", "2")
    assert outcome.code == 0 and outcome.stdout == "" and outcome.stderr == ""
    assert [path.name for path in tmp_path.iterdir()] == [file_name("share", "ru")]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "build", "--jobs", value, "--out", str(tmp_path))
    assert outcome.code == 2 and "--jobs" in outcome.stderr
    assert not list(tmp_path.iterdir())


def test_a_booklet_waits_for_its_own_leaflet_and_editions_share_a_task(two_leaflets: Path) -> None:
    content = load_content(two_leaflets)
    jobs = plan_jobs(content, ("a5", "a5-booklet", "share"))
    assert {job.leaflet_id for job in jobs} == {LEAFLET_ID, EXAMPLE_ID}
    tasks, waiting = schedule(jobs, lambda job: (job.leaflet_id, job.format_name), _needs)
    assert sorted([index for task in tasks for index in task] + list(waiting)) == list(range(len(jobs)))
    assert sorted(jobs[index].leaflet_id for index in waiting) == sorted([LEAFLET_ID, EXAMPLE_ID] * 3)
    for index, needed in waiting.items():
        assert jobs[index].format_name == "a5-booklet"
        assert jobs[needed] == Job(jobs[index].leaflet_id, "a5", jobs[index].lang)
    for task in tasks:  # one task per leaflet and format, holding its three editions
        assert len({(jobs[i].leaflet_id, jobs[i].format_name) for i in task}) == 1
        assert sorted(jobs[i].lang for i in task) == ["kk", "kk-ru", "ru"]


@pytest.mark.slow  # six documents rendered twice
def test_shared_passes_do_not_change_the_documents(content: Content, shipped: Leaflet) -> None:
    """Rendered in one task (the bilingual edition reuses its languages' passes, the booklet
    the drawn A5 pages), or each alone with a cache of its own: the same bytes."""
    jobs = plan_jobs(content, ("a5", "a5-booklet"), None, (LEAFLET_ID,))
    alone = [make_document(content, shipped, job.format_name, job.lang, PrintOptions(), BuildCache()) for job in jobs]
    shared = render_jobs(content, jobs)
    assert [document.pdf for document in shared] == [document.pdf for document in alone]


def test_build_reports_each_document_as_it_finishes(content: Content, tmp_path: Path) -> None:
    heard: list[str] = []
    jobs = plan_jobs(content, ("share",), ("ru", "kk"))
    written = build(
        CONTENT,
        tmp_path,
        formats=("share",),
        langs=("ru", "kk"),
        workers=2,
        on_done=lambda done: heard.append(done.job.file_name),
    )
    assert sorted(heard) == sorted(job.file_name for job in jobs)
    assert [path.name for path, _ in written] == [job.file_name for job in jobs]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(job.file_name for job in jobs)


# -- remembered plans: leaflet.layout.plan.PlanCache, owned by the build -----------------------


class RecordingCache(PlanCache):
    """A plan cache that also lists the keys plans are put under."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[Hashable] = []

    def put(self, key: Hashable, plans: tuple[Plan, ...]) -> None:
        self.keys.append(key)
        super().put(key, plans)


@pytest.fixture
def layout_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the layout passes (ReportLab document builds) made while the test runs."""
    passes: list[int] = []
    real_build = BaseDocTemplate.build

    def counting(self: BaseDocTemplate, *args: object, **kwargs: object) -> None:
        passes.append(1)
        real_build(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counting)
    return passes


def render(content: Content, format_name: str, edition: str, plans: PlanCache | None = None) -> bytes:
    cache = BuildCache() if plans is None else BuildCache(plans=plans)
    return make_document(content, content.leaflets[LEAFLET_ID], format_name, edition, PrintOptions(), cache).pdf


def longer_content(tmp_path: Path) -> Content:
    """The shipped content with five paragraphs more in the Russian text (about 3300 characters:
    the text twice as long): its A5 needs more than 4 pages."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    ru = folder / LEAFLET_ID / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    calm = "Сохраняйте спокойствие и действуйте по шагам, которые описаны ниже, один за другим. "
    paragraph = f'  - paragraph: "{(calm * 8).strip()}"\n'
    ru.write_text(text.replace(RU_LEAD, RU_LEAD + paragraph * 5), encoding="utf-8")
    return load_content(folder)


@dataclass(frozen=True)
class Planned:
    """The Russian A5 of a text, planned from nothing: the document, and the plans put under its key."""

    content: Content
    pdf: bytes
    pages: int
    key: Hashable
    plans: tuple[Plan, ...]


def planned_a5_ru(content: Content) -> Planned:
    cache = RecordingCache()
    document = make_document(content, content.leaflets[LEAFLET_ID], "a5", "ru", PrintOptions(), BuildCache(plans=cache))
    (key,) = cache.keys
    plans = cache.get(key)
    assert plans is not None
    return Planned(content, document.pdf, document.pages, key, plans)


#: the tests of remembered plans below share these two searches: one pytest-xdist worker runs them
plans_of_a5_ru = pytest.mark.xdist_group("plans-of-a5-ru")


@pytest.fixture(scope="module")
def shipped_a5_ru(content: Content) -> Planned:
    """The shipped text's Russian A5, planned from nothing."""
    return planned_a5_ru(content)


@pytest.fixture(scope="module")
def longer_a5_ru(tmp_path_factory: pytest.TempPathFactory) -> Planned:
    """The Russian A5 of :func:`longer_content`, planned from nothing."""
    return planned_a5_ru(longer_content(tmp_path_factory.mktemp("longer")))


@pytest.mark.parametrize(("format_name", "edition"), [("a5", "ru"), ("a5", "kk-ru"), ("a4", "ru")])
def test_a_warm_plan_cache_replays_the_plan_and_gives_the_same_pdf(
    content: Content, format_name: str, edition: str, layout_passes: list[int]
) -> None:
    cold = RecordingCache()
    searched = render(content, format_name, edition, cold)
    searching = len(layout_passes)
    assert len(cold) == 1 and len(cold.keys) == 1
    # the plans alone, as a worker process receives them: no layout pass is carried over
    warm = pickle.loads(pickle.dumps(cold))
    layout_passes.clear()
    replayed = render(content, format_name, edition, warm)
    languages = len(EDITIONS[edition].langs)
    assert len(layout_passes) == languages, "one pass per language: the plan is replayed, not searched for"
    assert searching > languages
    assert replayed == searched


@pytest.mark.slow  # two plans searched (the fixtures), and a third
@plans_of_a5_ru
def test_a_plan_remembered_for_a_shorter_text_is_not_used_for_a_longer_one(
    shipped_a5_ru: Planned, longer_a5_ru: Planned
) -> None:
    cache = RecordingCache()
    cache.put(shipped_a5_ru.key, shipped_a5_ru.plans)  # remembered from the shipped text's A5
    assert longer_a5_ru.pages > shipped_a5_ru.pages, "the longer text needs more pages than the remembered plan has"
    longer = longer_a5_ru.content
    replayed = make_document(longer, longer.leaflets[LEAFLET_ID], "a5", "ru", PrintOptions(), BuildCache(plans=cache))
    assert len(cache) == 2 and cache.keys[0] != cache.keys[1], "the longer text has a key of its own"
    assert replayed.pdf == longer_a5_ru.pdf, "the longer text as planned without the remembered plan"


@pytest.mark.parametrize(
    "kind", [pytest.param("too_few_pages", marks=pytest.mark.slow), "too_large_type", "too_many_pages"]
)
@plans_of_a5_ru
def test_a_forged_cache_entry_that_does_not_fit_is_planned_again(
    shipped_a5_ru: Planned, longer_a5_ru: Planned, kind: str
) -> None:
    """A stale entry under the right key (a changed font or renderer that the key missed) costs
    a search, never a wrong layout: the document is the one planned without the cache."""
    if kind == "too_few_pages":  # the shipped text's plan, under the key of a longer text
        honest, forged = longer_a5_ru, shipped_a5_ru.plans
    elif kind == "too_large_type":  # the largest type on the fewest pages: the text runs over
        honest, forged = shipped_a5_ru, (Plan(4, 14.0, 1.5),)
    else:  # twelve pages for a text that fills four: eight would be left empty
        honest, forged = shipped_a5_ru, (Plan(12, 12.0, 1.3),)
    target, expected, key, planned = honest.content, honest.pdf, honest.key, honest.plans
    assert len(planned) == len(forged) == 1
    # why the forged plan cannot be the text's: the plan takes the fewest pages that hold the
    # text, then the largest type that fits them
    (fits,), (wrong,) = planned, forged
    if kind == "too_few_pages":
        assert fits.pages > wrong.pages
    elif kind == "too_large_type":
        assert fits.pages == wrong.pages and fits.body_size < wrong.body_size
    else:
        assert fits.pages < wrong.pages
    cache = PlanCache()
    cache.put(key, forged)
    assert render(target, "a5", "ru", cache) == expected
    assert cache.get(key) == planned, "the forged entry is replaced by the plan that fits"
