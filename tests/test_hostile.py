"""Hostile and broken input beyond the corpus: code execution, markup injection, alias bombs,
page budgets, unwritable output, internal errors, and the shipped content passing cleanly."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from leaflet import cli
from leaflet.check import check_content
from leaflet.errors import ContentError
from leaflet.fonts import FONTS, register_fonts
from leaflet.story import font_runs

from .conftest import CONTENT, ROOT, leaflet, normalise, pdf_text
from .test_check_corpus import CORPUS, PROBLEM_LINE, run, snapshot

#: The CVE-2023-33733 proof of concept: Python in a <font color> attribute, which
#: ReportLab before 4.0.4 evaluated.
CVE_POC = (
    "<para><font color=\"[ [ [ [ ftype(ctype(0, 0, 0, 0, 3, 67, b't\\x00d\\x01\\x83\\x01\\xa0\\x01d\\x02\\xa1"
    "\\x01\\x01\\x00d\\x00S\\x00', (None, 'os', 'touch PWNED'), ('__import__', 'system'), (), '', '', 1, b''), {}) ()"
    " for ftype in [type(lambda: None)] ] for ctype in [type(getattr(lambda: None, '__code__'))] ] ] and 'red'\">"
    "exploit</font></para>"
)
#: The same shape as content can write it: no braces and no word over 30 characters, so it
#: passes the checks and reaches the layout.
CVE_PAYLOAD = (
    "<para><font color=\"[[[getattr(pow, Word('__globals__')) ['os'] .system('touch PWNED') "
    "for Word in [orgTypeFun('Word', (str,), dict(mutated=1))]] for orgTypeFun in [type(type(1))]] "
    "and 'red'\">exploit</font></para>"
)
MARKUP = "<b>не жирный</b> & <i>не курсив</i> &amp; &lt;br/&gt; <br/> <font size=40>x</font>"


def copy_content(tmp_path: Path, file: str = "", old: str = "", new: str = "") -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    if file:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_shipped_content_passes_check() -> None:
    result = leaflet("check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "content is valid" in result.stdout


def test_python_tags_run_no_code_through_the_real_entry_point(tmp_path: Path) -> None:
    payload = 'signature: !!python/object/apply:os.system ["touch PWNED"]'
    folder = copy_content(tmp_path, "ru.yaml", "signature: citizensec", payload)
    links = folder / "links.yaml"
    links.write_text(
        links.read_text(encoding="utf-8") + 'extra: !!python/object/new:subprocess.Popen [["touch", "PWNED2"]]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = leaflet("build", "--content", str(folder), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert "YAML tag '!!python/object/apply:os.system' is not allowed" in result.stderr
    assert "YAML tag '!!python/object/new:subprocess.Popen' is not allowed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "PWNED2").exists()
    assert not out.exists()


def test_alias_bomb_is_refused_within_a_second(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    shutil.copyfile(CORPUS / "files" / "alias_bomb.yaml", folder / "kk.yaml")
    started = time.perf_counter()
    with pytest.raises(ContentError) as raised:
        check_content(folder)
    assert time.perf_counter() - started < 1.0
    assert "alias bomb" in str(raised.value)


def test_wide_alias_fan_out_is_refused(tmp_path: Path) -> None:
    """Few aliases, each to a big value: still refused by the expanded size, not the alias count."""
    folder = copy_content(tmp_path)
    big = "[" + ", ".join(f'"x{index}"' for index in range(5000)) + "]"
    (folder / "ru.yaml").write_text(f"a: &big {big}\nb: [*big, *big, *big, *big, *big]\n", encoding="utf-8")
    with pytest.raises(ContentError, match="more than 20000 values once aliases"):
        check_content(folder)


def build_one(tmp_path: Path, folder: Path, fmt: str = "a5", lang: str = "ru") -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = leaflet(
        "build", "--content", str(folder), "--out", str(out), "--format", fmt, "--lang", lang, cwd=tmp_path
    )
    return result.returncode, result.stderr, out / f"{fmt}-{lang}.pdf"


def test_markup_in_content_prints_literally(tmp_path: Path) -> None:
    old = '  - "Это один из самых частых вопросов, вызывающих панику."'
    folder = copy_content(tmp_path, "ru.yaml", old, f'  - "{MARKUP}"')
    code, stderr, pdf = build_one(tmp_path, folder)
    assert code == 0, stderr
    assert normalise(MARKUP) in pdf_text(pdf)


def test_cve_2023_33733_payload_prints_literally_and_runs_nothing(tmp_path: Path) -> None:
    old = '  - "Это один из самых частых вопросов, вызывающих панику."'
    escaped = CVE_PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')
    folder = copy_content(tmp_path, "ru.yaml", old, f'  - "{escaped}"')
    purposes = folder / "links.yaml"  # purposes are printed without inline markup: a second way in
    text = purposes.read_text(encoding="utf-8")
    purposes.write_text(
        text.replace('ru: "Заявление в полицию"', 'ru: "<font color=red>Заявление</font> & <b>"'), encoding="utf-8"
    )
    code, stderr, pdf = build_one(tmp_path, folder)
    assert code == 0, stderr
    printed = pdf_text(pdf)
    assert "and 'red'\">exploit</font></para>" in printed
    # the caption cell is narrow: a word wider than it breaks (splitLongWords), so compare without spaces
    assert "<fontcolor=red>Заявление</font>&<b>" in "".join(printed.split())
    assert not (tmp_path / "PWNED").exists()


def test_text_over_the_page_budget_fails_with_the_format_and_writes_nothing(tmp_path: Path) -> None:
    extra = "Бұл сөйлем беттің көлемін тексеру үшін қосылды, оны басып шығаруға болмайды. " * 12
    old = '  - "Яғни, бірінші кодты айтып қойдыңыз деген – бәрі бітті деген сөз емес. Әлі де әрекет етуге болады."'
    folder = copy_content(tmp_path, "kk.yaml", old, f'{old}\n  - "{extra.strip()}"')
    out = tmp_path / "out"
    out.mkdir()
    (out / "a5-kk.pdf").write_bytes(b"%PDF-1.4 the previous build\n")
    before = snapshot(out)
    code, stderr, _ = build_one(tmp_path, folder, "a5", "kk")
    assert code == 1
    assert "a5-kk.pdf" in stderr and "does not fit" in stderr and "12 pt" in stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert stderr.rstrip().endswith("nothing was written")
    assert snapshot(out) == before


def test_every_problem_in_every_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_content(tmp_path, "links.yaml", "url: https://pki.gov.kz", "url: http://pki.gov.kz")
    for file, old, new in (
        ("kk.yaml", "{qamqor} порталы арқылы", "qatqor.gov.kz порталы арқылы"),
        ("ru.yaml", 'heading: "Поделитесь своей историей"', 'heading: "Пoделитесь своей историей"'),
        ("ru.yaml", "\nmotto: ", "\nmoto: "),
    ):
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    lines = outcome.stderr.splitlines()
    assert lines[-1] == "leaflet: 5 problems in the content; fix them and run 'leaflet check' again"
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1])
    assert sorted(Path(line.split(":")[0]).name for line in lines[:-1]) == [
        "kk.yaml",
        "links.yaml",
        "ru.yaml",
        "ru.yaml",
        "ru.yaml",
    ]


def test_content_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "content.yaml"
    file.write_text("lang: ru\n", encoding="utf-8")
    outcome = run(capsys, "check", "--content", str(file))
    assert outcome.code == 1
    assert f"{file}: is not a folder" in outcome.stderr


def test_unwritable_output_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    outcome = run(capsys, "build", "--format", "a4", "--lang", "ru", "--out", str(blocker / "sub"), "--quiet")
    assert outcome.code == 1
    assert outcome.stderr.startswith("leaflet: ") and "Traceback" not in outcome.stderr
    assert "internal error" not in outcome.stderr
    assert blocker.read_text(encoding="utf-8") == "a file where the output folder should be"


def test_internal_error_says_it_is_a_bug(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(folder: object) -> None:
        raise RuntimeError("something impossible\nhappened")

    monkeypatch.setattr(cli, "check_content", broken)
    outcome = run(capsys, "check")
    assert outcome.code == 1
    first, second = outcome.stderr.splitlines()
    assert first.startswith("leaflet: internal error: RuntimeError: something impossible\\u000ahappened (at ")
    assert "This is a bug in leaflet" in second and cli.ISSUES_URL in second


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_content_file_that_is_not_a_file_is_refused_at_once(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symlink to /dev/zero or a named pipe would hang a naive reader."""
    folder = copy_content(tmp_path)
    target = folder / "kk.yaml"
    target.unlink()
    if kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    started = time.perf_counter()
    outcome = run(capsys, "check", "--content", str(folder))
    assert time.perf_counter() - started < 1.0
    assert outcome.code == 1
    assert f"{target}: is not a regular file" in outcome.stderr


def test_the_cve_proof_of_concept_is_escaped_for_every_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exact proof of concept, braces and all, drawn through the one escaping function."""
    monkeypatch.chdir(tmp_path)
    markup = font_runs(CVE_POC)
    assert "<" not in markup.replace(f'<font name="{FONTS.symbols}">', "").replace("</font>", "")
    canvas = Canvas(str(tmp_path / "poc.pdf"))
    paragraph = Paragraph(markup, ParagraphStyle("poc", fontName=register_fonts().regular))
    paragraph.wrapOn(canvas, 400, 800)
    paragraph.drawOn(canvas, 50, 50)
    canvas.save()
    assert not (tmp_path / "PWNED").exists()
    assert "exploit</font></para>" in normalise(pypdf.PdfReader(tmp_path / "poc.pdf").pages[0].extract_text())
