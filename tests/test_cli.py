"""The command line, run as a user runs it: exit codes, outputs, determinism."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from .conftest import CONTENT, EXAMPLE_ID, LEAFLET_ID, file_name, leaflet
from .test_check_corpus import PROBLEM_LINE, run

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


def test_build_one_document_succeeds(tmp_path: Path) -> None:
    result = leaflet("build", "--format", "a5", "--lang", "ru", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    name = file_name("a5", "ru")
    assert name == "code-1414-a5-ru.pdf"
    assert [path.name for path in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_bytes().startswith(b"%PDF-")
    assert name in result.stdout


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert leaflet("build", "--format", "a4", "--format", "a5", "--out", str(out), "--quiet").returncode == 0
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    assert len(names) >= 4
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = leaflet("build", "--format", "a6", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "a6" in result.stderr and "a4" in result.stderr
    assert not list(tmp_path.iterdir())
    assert "Traceback" not in result.stderr


def test_unknown_option_and_missing_command_are_usage_errors() -> None:
    assert leaflet("build", "--colour", "red").returncode == 2
    assert leaflet().returncode == 2


def test_help_explains_every_command() -> None:
    top = leaflet("--help")
    assert top.returncode == 0
    for command in ("build", "check", "formats"):
        assert command in top.stdout
    build_help = leaflet("build", "--help")
    assert build_help.returncode == 0
    for option in ("--lang", "--format", "--leaflet", "--content", "--out"):
        assert option in build_help.stdout
    check_help = leaflet("check", "--help")
    assert check_help.returncode == 0
    for option in ("--leaflet", "--content"):
        assert option in check_help.stdout


def test_missing_content_folder_is_a_clean_error(tmp_path: Path) -> None:
    result = leaflet("build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "content folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# -- several leaflets: --leaflet ---------------------------------------------------------------


def test_leaflet_option_builds_only_that_leaflet(two_leaflets: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("--content", str(two_leaflets), "--out", str(out), "--format", "a4", "--quiet")
    result = leaflet("build", *args, "--leaflet", EXAMPLE_ID)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        file_name("a4", "kk", EXAMPLE_ID),
        file_name("a4", "ru", EXAMPLE_ID),
    ]
    result = leaflet("build", *args)  # no --leaflet: every leaflet of the folder
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(
        file_name("a4", lang, leaflet_id) for leaflet_id in (LEAFLET_ID, EXAMPLE_ID) for lang in ("kk", "ru")
    )


@pytest.mark.parametrize("command", ["build", "check"])
def test_unknown_leaflet_is_a_usage_error_listing_the_leaflets_there(
    command: str, two_leaflets: Path, tmp_path: Path
) -> None:
    out = ("--out", str(tmp_path / "out")) if command == "build" else ()
    result = leaflet(command, "--content", str(two_leaflets), *out, "--leaflet", "code-1515", "--leaflet", LEAFLET_ID)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "code-1515" in result.stderr and str(two_leaflets) in result.stderr
    listed = next(line for line in result.stderr.splitlines() if "leaflets there" in line)
    assert LEAFLET_ID in listed and EXAMPLE_ID in listed
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


# -- a text too long for every format -------------------------------------------------------


@pytest.fixture(scope="module")
def too_long(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with 40 long paragraphs more in the Russian text: over the largest
    page budget of A4 (4 pages), A5 (12 pages) and the phone PDF (60 screens)."""
    folder = tmp_path_factory.mktemp("long") / "content"
    shutil.copytree(CONTENT, folder)
    ru = folder / LEAFLET_ID / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    before = '  - heading: "Поделитесь своей историей"\n'
    assert text.count(before) == 1
    paragraph = (SENTENCE * 22).strip()
    assert len(paragraph) < 2000  # each paragraph is a valid text: only their sum is too long
    ru.write_text(text.replace(before, f'  - paragraph: "{paragraph}"\n' * 40 + before), encoding="utf-8")
    return folder


def test_check_reports_a_text_too_long_for_every_format_as_content_problems(too_long: Path) -> None:
    result = leaflet("check", "--content", str(too_long))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    *problems, summary = result.stderr.splitlines()
    assert summary == f"leaflet: {len(problems)} problems in the content; fix them and run 'leaflet check' again"
    ru = str(too_long / LEAFLET_ID / "ru.yaml")
    # only the Russian text is too long: every problem is located in it, and names the leaflet
    for problem in problems:
        assert problem_file(problem) == ru and f" {LEAFLET_ID}: " in problem, problem
    for format_name in ("a4", "a5"):
        problem = next(line for line in problems if f"the text does not fit the {format_name} format" in line)
        over = re.search(r"even at 12 pt about (-?\d+) mm of text is over \((-?\d+) % of", problem)
        assert over and int(over[1]) > 0 and int(over[2]) > 100, problem  # 40 paragraphs: more than twice the room
    assert any("the phone PDF" in problem for problem in problems)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_reports_every_failing_document_then_writes_nothing(too_long: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / file_name("a4", "ru")
    earlier.write_bytes(b"%PDF-1.4 an earlier build\n")
    args = ("--content", str(too_long), "--out", str(out), "--format", "a4", "--format", "a5", "--lang", "ru")
    result = leaflet("build", *args, "--jobs", jobs)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    *problems, summary = result.stderr.splitlines()
    ru = str(too_long / LEAFLET_ID / "ru.yaml")
    assert problems == [
        next(line for line in problems if "does not fit the a4 format" in line),
        next(line for line in problems if "does not fit the a5 format" in line),
    ]
    assert all(problem_file(problem) == ru for problem in problems), problems
    assert summary == "leaflet: 2 problems in the content; nothing was written"
    assert [path.name for path in out.iterdir()] == [earlier.name]
    assert earlier.read_bytes() == b"%PDF-1.4 an earlier build\n"


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
