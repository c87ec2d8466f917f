"""The command line: exit statuses, outputs, --leaflet, texts too long for every format.

The commands run in this process (:func:`tests.conftest.run`); a fresh process only where the
process is the point: the exit status of a new interpreter.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from leaflet.layout.formats import FORMATS

from .conftest import CONTENT, EXAMPLE_ID, LEAFLET_ID, PROBLEM_LINE, file_name, leaflet, run, two_leaflet_folder

#: a sentence added over and over to make a text too long for every format that prints it
SENTENCE = "Это предложение добавлено, чтобы текст стал длиннее, чем вмещает любой формат. "
#: a sentence of about 80 characters, for texts somewhat longer than the shipped one
CALM = "Сохраняйте спокойствие и действуйте по шагам ниже, один за другим, не торопясь. "
RU_LEAD = '  - lead: "Это один из самых частых вопросов, вызывающих панику."\n'


def problem_file(line: str) -> str:
    """The file a problem line locates the problem in."""
    match = PROBLEM_LINE.match(line)
    assert match, line
    return match["file"]


def test_build_one_document_succeeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "build", "--content", str(CONTENT), "--format", "a5", "--lang", "ru", "--out", str(tmp_path))
    assert outcome.code == 0, outcome.stderr
    name = file_name("a5", "ru")
    assert name == "code-1414-a5-ru.pdf"
    assert [path.name for path in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_bytes().startswith(b"%PDF-")
    assert name in outcome.stdout


def test_unknown_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "build", "--format", "a6", "--out", str(tmp_path))
    assert outcome.code == 2
    assert "a6" in outcome.stderr and "a4" in outcome.stderr
    assert not list(tmp_path.iterdir())
    assert "Traceback" not in outcome.stderr


def test_unknown_option_and_missing_command_are_usage_errors() -> None:
    """The exit status a new interpreter ends with (``python -m leaflet``)."""
    assert leaflet("build", "--colour", "red").returncode == 2
    assert leaflet().returncode == 2


def test_help_explains_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    top = run(capsys, "--help")
    assert top.code == 0
    for command in ("build", "check", "formats"):
        assert command in top.stdout
    build_help = run(capsys, "build", "--help")
    assert build_help.code == 0
    for option in ("--lang", "--format", "--leaflet", "--content", "--out"):
        assert option in build_help.stdout
    check_help = run(capsys, "check", "--help")
    assert check_help.code == 0
    for option in ("--leaflet", "--content"):
        assert option in check_help.stdout


def test_missing_content_folder_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert outcome.code == 1
    assert "content folder does not exist" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (tmp_path / "out").exists()


# -- several leaflets: --leaflet ---------------------------------------------------------------


@pytest.fixture(scope="module")
def two_leaflets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped and the example leaflet in one content folder (read only).  Its own copy:
    these tests build one format, and need not wait for the session's build of every one."""
    return two_leaflet_folder(tmp_path_factory.mktemp("two") / "content")


def test_leaflet_option_builds_only_that_leaflet(
    two_leaflets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    # a poster: the quickest format to build, in each of its editions (kk, ru and kk-ru)
    args = ("--content", str(two_leaflets), "--out", str(out), "--format", "poster-a4", "--quiet")
    editions = FORMATS["poster-a4"].editions
    assert len(editions) == 3
    outcome = run(capsys, "build", *args, "--leaflet", EXAMPLE_ID)
    assert outcome.code == 0, outcome.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(
        file_name("poster-a4", edition, EXAMPLE_ID) for edition in editions
    )
    outcome = run(capsys, "build", *args)  # no --leaflet: every leaflet of the folder
    assert outcome.code == 0, outcome.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(
        file_name("poster-a4", edition, leaflet_id) for leaflet_id in (LEAFLET_ID, EXAMPLE_ID) for edition in editions
    )


@pytest.mark.parametrize("command", ["build", "check"])
def test_unknown_leaflet_is_a_usage_error_listing_the_leaflets_there(
    command: str, two_leaflets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ("--out", str(tmp_path / "out")) if command == "build" else ()
    args = ("--content", str(two_leaflets), *out, "--leaflet", "code-1515", "--leaflet", LEAFLET_ID)
    outcome = run(capsys, command, *args)
    assert outcome.code == 2
    assert "Traceback" not in outcome.stderr
    assert "code-1515" in outcome.stderr and str(two_leaflets) in outcome.stderr
    listed = next(line for line in outcome.stderr.splitlines() if "leaflets there" in line)
    assert LEAFLET_ID in listed and EXAMPLE_ID in listed
    assert outcome.stdout == ""
    assert not (tmp_path / "out").exists()


# -- a text too long for every format -------------------------------------------------------


@pytest.fixture(scope="module")
def too_long(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with 20 long paragraphs more in the Russian text (35,000 characters):
    over the largest page budget of A4 (4 pages) and A5 (12 pages), the poster (short forms
    only) unchanged.  What `leaflet check` says of such a text, format by format, is the
    corpus's case text_over_every_page_budget (tests/corpus/cases.yaml)."""
    folder = tmp_path_factory.mktemp("long") / "content"
    shutil.copytree(CONTENT, folder)
    ru = folder / LEAFLET_ID / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    before = '  - heading: "Поделитесь своей историей"\n'
    assert text.count(before) == 1
    paragraph = (SENTENCE * 22).strip()
    assert len(paragraph) < 2000  # each paragraph is a valid text: only their sum is too long
    ru.write_text(text.replace(before, f'  - paragraph: "{paragraph}"\n' * 20 + before), encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_reports_every_failing_document_then_writes_nothing(
    too_long: Path, tmp_path: Path, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The A4 and A5 leaflets fail; the poster (short forms only) renders, and is not written
    either (regression: with workers, a document that did not fit left the others written)."""
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / file_name("a4", "ru")
    earlier.write_bytes(b"%PDF-1.4 an earlier build\n")
    args = ("--content", str(too_long), "--out", str(out), "--lang", "ru", "--jobs", jobs)
    outcome = run(capsys, "build", *args, "--format", "a4", "--format", "a5", "--format", "poster-a4")
    assert outcome.code == 1
    assert "Traceback" not in outcome.stderr
    *problems, summary = outcome.stderr.splitlines()
    ru = str(too_long / LEAFLET_ID / "ru.yaml")
    assert problems == [
        next(line for line in problems if "does not fit the a4 format" in line),
        next(line for line in problems if "does not fit the a5 format" in line),
    ]
    assert all(problem_file(problem) == ru for problem in problems), problems
    assert summary == "leaflet: 2 problems in the content; nothing was written"
    assert [path.name for path in out.iterdir()] == [earlier.name]
    assert earlier.read_bytes() == b"%PDF-1.4 an earlier build\n"


@pytest.mark.slow  # eight builds
@pytest.mark.parametrize("added", range(1, 9))
def test_a_longer_text_takes_more_a5_pages_not_an_error(
    added: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 8: one to eight paragraphs of 630 characters more (the Russian text 1.2 to 2.4
    times as long), the A5 takes 4, 8 or 12 pages, every one printed on (a short text gets
    larger type, not an error), and folds into a booklet of half as many sides."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    ru = folder / LEAFLET_ID / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    assert text.count(RU_LEAD) == 1
    paragraph = f'  - paragraph: "{(CALM * 8).strip()}"\n'
    ru.write_text(text.replace(RU_LEAD, RU_LEAD + paragraph * added), encoding="utf-8")
    out = tmp_path / "out"
    args = ("--content", str(folder), "--out", str(out), "--lang", "ru", "--jobs", "1", "--quiet")
    outcome = run(capsys, "build", *args, "--format", "a5", "--format", "a5-booklet")
    assert "internal error" not in outcome.stderr
    assert outcome.code == 0, outcome.stderr
    pages = pypdf.PdfReader(out / file_name("a5", "ru")).pages
    assert len(pages) in (4, 8, 12)
    for number, page in enumerate(pages, start=1):
        assert page.extract_text().strip(), f"page {number} of {len(pages)} is empty"
    assert len(pypdf.PdfReader(out / file_name("a5-booklet", "ru")).pages) == len(pages) // 2
