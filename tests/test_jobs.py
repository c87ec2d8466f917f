"""Parallel builds, progress output and remembered fit decisions (issue 5).

Nothing here is timed: the figures are measured by bench/bench.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from leaflet.layout import fitcache
from leaflet.build import Job, build, plan_jobs, render_jobs
from leaflet.pdf.documents import make_document
from leaflet.content.model import Content
from leaflet.parallel import schedule
from leaflet.pdf.printshop import PrintOptions

from .conftest import CONTENT, leaflet


@pytest.fixture(scope="module")
def one_and_two_jobs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Everything built by the command line with --jobs 1 and with --jobs 2."""
    one, two = tmp_path_factory.mktemp("jobs1"), tmp_path_factory.mktemp("jobs2")
    assert leaflet("build", "--out", str(one), "--jobs", "1", "--quiet").returncode == 0
    result = leaflet("build", "--out", str(two), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return one, two, result.stdout


def test_output_is_byte_identical_whatever_the_number_of_jobs(one_and_two_jobs: tuple[Path, Path, str]) -> None:
    one, two, _ = one_and_two_jobs
    names = sorted(path.name for path in one.iterdir())
    assert names == sorted(path.name for path in two.iterdir())
    assert {"share-kk.pdf", "share-ru.pdf", "share-kk-ru.pdf", "a5-kk-booklet.pdf"} <= set(names)
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_progress_names_every_file_with_pages_size_and_time(one_and_two_jobs: tuple[Path, Path, str]) -> None:
    _, two, stdout = one_and_two_jobs
    lines = stdout.strip().splitlines()
    files = sorted(path.name for path in two.iterdir())
    progress = {line.split()[0]: line for line in lines[:-1]}
    assert sorted(progress) == files
    for name, line in progress.items():
        pages = len(re.findall(rb"/Type\s*/Page\b", (two / name).read_bytes()))
        kilobytes = (two / name).stat().st_size / 1024
        match = re.search(r"(\d+) pages?, .*?(\d+) KB, (\d+\.\d\d) s$", line)
        assert match, line
        assert int(match[2]) == round(kilobytes), line
        assert int(match[1]) >= 1 and (pages == 0 or int(match[1]) == pages), line
    assert re.fullmatch(rf"wrote {len(files)} files \(\d+ KB\) to .+ in \d+\.\d\d s \(--jobs 2\)", lines[-1])


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    result = leaflet("build", "--format", "share", "--lang", "ru", "--out", str(tmp_path), "--quiet", "--jobs", "2")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value: str, tmp_path: Path) -> None:
    result = leaflet("build", "--jobs", value, "--out", str(tmp_path))
    assert result.returncode == 2 and "--jobs" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_failed_parallel_build_writes_nothing(tmp_path: Path) -> None:
    """Regression: with workers, one document that does not fit still leaves the folder untouched."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    ru = content / "ru.yaml"
    lead = '  - "Это один из самых частых вопросов, вызывающих панику."\n'
    text = ru.read_text(encoding="utf-8")
    assert lead in text
    ru.write_text(text.replace(lead, lead * 60), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a5-ru.pdf").write_bytes(b"earlier build")
    result = leaflet("build", "--content", str(content), "--out", str(out), "--jobs", "2")
    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert [path.name for path in out.iterdir()] == ["a5-ru.pdf"]
    assert (out / "a5-ru.pdf").read_bytes() == b"earlier build"


def test_a_booklet_waits_for_its_leaflet_and_editions_share_a_task() -> None:
    jobs = plan_jobs(("a5", "a5-booklet", "share"), None)
    tasks, waiting = schedule(jobs, lambda job: job.format_name, lambda job: _source(job))
    assert sorted([index for task in tasks for index in task] + list(waiting)) == list(range(len(jobs)))
    for index, needed in waiting.items():
        assert jobs[index].format_name == "a5-booklet"
        assert jobs[needed] == Job("a5", jobs[index].lang)
    assert sorted(jobs[i].lang for i in tasks[0]) == ["kk", "kk-ru", "ru"]


def _source(job: Job) -> Job | None:
    return Job("a5", job.lang) if job.format_name == "a5-booklet" else None


def test_a_remembered_fit_decision_gives_the_same_document(content: Content) -> None:
    options = PrintOptions()
    for name, edition in (("a5", "kk"), ("a5", "kk-ru"), ("a4", "ru")):
        fitcache.forget()
        searched = make_document(content, name, edition, options)
        assert fitcache.recall(fitcache.fit_key(content, edition, searched.spec, False)) is not None
        replayed = make_document(content, name, edition, options)
        assert replayed.pdf == searched.pdf, f"{name}-{edition}"


def test_shared_passes_do_not_change_the_documents(content: Content) -> None:
    jobs = plan_jobs(("a5",), None)
    fitcache.forget()
    alone = [make_document(content, job.format_name, job.lang, PrintOptions()) for job in jobs]
    fitcache.forget()
    shared = render_jobs(content, jobs)  # one task: the bilingual edition reuses the passes
    assert [document.pdf for document in shared] == [document.pdf for document in alone]


def test_build_reports_each_document_as_it_finishes(tmp_path: Path) -> None:
    heard: list[str] = []
    jobs = plan_jobs(("share",), ("ru", "kk"))
    written = build(CONTENT, tmp_path, jobs, workers=2, on_done=lambda done: heard.append(done.job.file_name))
    assert sorted(heard) == sorted(job.file_name for job in jobs)
    assert [path.name for path, _ in written] == [job.file_name for job in jobs]
