"""Hostile and broken input beyond the corpus: code execution, markup injection, alias bombs,
page budgets, unwritable output, internal errors, links and odd names in the folder layout
(content/links.yaml, content/<leaflet>/), and the shipped content passing cleanly."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from leaflet import parallel
from leaflet.content import check as check_module
from leaflet.content.check import check_content
from leaflet.content.model import Image as ImageBlock
from leaflet.content.model import Leaflet, SignOff
from leaflet.errors import ContentError
from leaflet.layout import fonts
from leaflet.layout.fonts import FONTS, register_fonts
from leaflet.layout.markup import font_runs

from .conftest import (
    CONTENT,
    EXAMPLES,
    LEAFLET_ID,
    PROBLEM_LINE,
    ROOT,
    file_name,
    leaflet,
    normalise,
    pdf_text,
    run,
    snapshot,
)
from .test_check_corpus import CORPUS

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
#: the files of the shipped leaflet, as paths in a content folder
KK, RU = f"{LEAFLET_ID}/kk.yaml", f"{LEAFLET_ID}/ru.yaml"
RU_LEAD = '  - lead: "Это один из самых частых вопросов, вызывающих панику."'


def copy_content(tmp_path: Path, file: str = "", old: str = "", new: str = "") -> Path:
    """A copy of the content folder, with ``old`` (once in ``file``) replaced by ``new``."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    if file:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_shipped_content_passes_check(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)  # the content folder of the current folder: the shipped one
    outcome = run(capsys, "check")
    assert outcome.code == 0, outcome.stderr
    assert outcome.stderr == ""
    assert "content is valid" in outcome.stdout


def test_python_tags_run_no_code_through_the_real_entry_point(tmp_path: Path) -> None:
    payload = 'signature: !!python/object/apply:os.system ["touch PWNED"]'
    folder = copy_content(tmp_path, RU, "signature: citizensec", payload)
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
    shutil.copyfile(CORPUS / "files" / "alias_bomb.yaml", folder / KK)
    started = time.perf_counter()
    with pytest.raises(ContentError) as raised:
        check_content(folder)
    assert time.perf_counter() - started < 1.0
    assert "alias bomb" in str(raised.value)


def test_wide_alias_fan_out_is_refused(tmp_path: Path) -> None:
    """Few aliases, each to a big value: still refused by the expanded size, not the alias count."""
    folder = copy_content(tmp_path)
    big = "[" + ", ".join(f'"x{index}"' for index in range(5000)) + "]"
    (folder / RU).write_text(f"a: &big {big}\nb: [*big, *big, *big, *big, *big]\n", encoding="utf-8")
    with pytest.raises(ContentError, match="more than 20000 values once aliases"):
        check_content(folder)


def russian_only(folder: Path) -> Path:
    """The leaflet in Russian alone: a payload's digits need no twin in the Kazakh text
    (parity compares every number)."""
    leaflet = folder / "code-1414"
    (leaflet / "kk.yaml").unlink()
    text = (leaflet / "leaflet.yaml").read_text(encoding="utf-8")
    (leaflet / "leaflet.yaml").write_text(text.replace("languages: [kk, ru]", "languages: [ru]"), encoding="utf-8")
    return folder


def build_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path, fmt: str = "a5", lang: str = "ru"
) -> tuple[int, str, Path]:
    """``leaflet build`` of one document, run in ``tmp_path`` (where a payload that ran would
    leave its file)."""
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        outcome = run(capsys, "build", "--content", str(folder), "--out", str(out), "--format", fmt, "--lang", lang)
    return outcome.code, outcome.stderr, out / file_name(fmt, lang)


def test_markup_in_content_prints_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = russian_only(copy_content(tmp_path, RU, RU_LEAD, f'  - lead: "{MARKUP}"'))
    with pytest.raises(ContentError, match="would be printed as it is: the leaflet does not read HTML tags"):
        check_content(folder)  # the check answers tags with a hint (leaflet/content/typedmarkup.py) ...
    # ... and were it left out, the layout would still print them as typed, never read them
    monkeypatch.setattr(check_module, "check_typed_formatting", lambda *args, **kwargs: None)
    code, stderr, pdf = build_one(capsys, tmp_path, folder)
    assert code == 0, stderr
    assert normalise(MARKUP) in pdf_text(pdf)


def test_cve_2023_33733_payload_prints_literally_and_runs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the check refuses tags (test_markup_in_content_prints_literally): the layout is tested without it
    monkeypatch.setattr(check_module, "check_typed_formatting", lambda *args, **kwargs: None)
    escaped = CVE_PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')
    folder = russian_only(copy_content(tmp_path, RU, RU_LEAD, f'  - lead: "{escaped}"'))
    purposes = folder / "links.yaml"  # purposes are printed without inline markup: a second way in
    text = purposes.read_text(encoding="utf-8")
    purposes.write_text(
        text.replace('ru: "Заявление в полицию"', 'ru: "<font color=red>Заявление</font> & <b>"'), encoding="utf-8"
    )
    code, stderr, pdf = build_one(capsys, tmp_path, folder)
    assert code == 0, stderr
    printed = pdf_text(pdf)
    assert "and 'red'\">exploit</font></para>" in printed
    # the caption cell is narrow: a word wider than it breaks (splitLongWords), so compare without spaces
    assert "<fontcolor=red>Заявление</font>&<b>" in "".join(printed.split())
    assert not (tmp_path / "PWNED").exists()


def test_text_over_the_page_budget_fails_with_the_format_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sentence = "Бұл сөйлем беттің көлемін тексеру үшін қосылды, оны басып шығаруға болмайды. "
    extra = f'  - paragraph: "{(sentence * 20).strip()}"\n' * 30  # each text under 2000 characters
    old = '  - heading: "Алаяқтар қалай әрекет етеді?"\n'  # after the two leads
    folder = copy_content(tmp_path, KK, old, extra + old)
    out = tmp_path / "out"
    out.mkdir()
    (out / file_name("a5", "kk")).write_bytes(b"%PDF-1.4 the previous build\n")
    before = snapshot(out)
    code, stderr, _ = build_one(capsys, tmp_path, folder, "a5", "kk")
    assert code == 1
    problem, summary = stderr.splitlines()
    assert problem.split(":")[0] == str(folder / KK)
    assert f"{LEAFLET_ID}: the text does not fit the a5 format" in problem and "12 pt" in problem
    assert "12 pages at most" in problem
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert summary == "leaflet: 1 problem in the content; nothing was written"
    assert snapshot(out) == before


def test_every_problem_in_every_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_content(tmp_path, "links.yaml", "url: https://pki.gov.kz", "url: http://pki.gov.kz")
    shutil.copytree(EXAMPLES / "fake-bank-call", folder / "fake-bank-call")  # a second leaflet, same links
    for file, old, new in (
        (KK, "{qamqor} порталы арқылы", "qatqor.gov.kz порталы арқылы"),
        (RU, 'heading: "Поделитесь своей историей"', 'heading: "Пoделитесь своей историей"'),
        (RU, "  - signoff:\n", "  - signof:\n"),
        ("fake-bank-call/leaflet.yaml", "languages: [kk, ru]", "languages: [kk, ru, en]"),
    ):
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    lines = outcome.stderr.splitlines()
    # one problem per defect, each in its own file, of both leaflets and the shared links
    assert lines[-1] == "leaflet: 5 problems in the content; fix them and run 'leaflet check' again"
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1])
    assert sorted(str(Path(line.split(":")[0]).relative_to(folder)) for line in lines[:-1]) == [
        KK,
        RU,
        RU,
        "fake-bank-call/leaflet.yaml",
        "links.yaml",
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

    monkeypatch.setattr(check_module, "check_content", broken)
    outcome = run(capsys, "check", "--content", str(CONTENT))
    assert outcome.code == 1
    first, second = outcome.stderr.splitlines()
    assert first.startswith("leaflet: internal error: RuntimeError: something impossible\\u000ahappened (at ")
    assert "This is a bug in leaflet" in second


@pytest.mark.parametrize("file", ["links.yaml", f"{LEAFLET_ID}/leaflet.yaml", KK])
@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_content_file_that_is_not_a_file_is_refused_at_once(
    kind: str, file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symlink to /dev/zero or a named pipe would hang a naive reader."""
    folder = copy_content(tmp_path)
    target = folder / file
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


@pytest.mark.parametrize("file", ["links.yaml", f"{LEAFLET_ID}/leaflet.yaml", RU])
def test_symlink_to_another_file_is_refused_without_printing_it(
    file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link to /etc/passwd was read, and its lines came back as 'unknown key' problems."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-HASH:0:0\ndaemon:OTHER-SECRET:1:1\n", encoding="utf-8")
    folder = copy_content(tmp_path)
    (folder / file).unlink()
    (folder / file).symlink_to(secret)
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    said = re.search(
        rf"^{re.escape(str(folder / file))}: is not a regular file: it is a symbolic link to '(.+?)'",
        outcome.stderr,
        re.MULTILINE,
    )
    assert said, outcome.stderr
    target = said[1]  # the link's target, or (a long one) its start and '…'
    assert target == str(secret) or (target.endswith("…") and str(secret).startswith(target[:-1])), target
    assert "SECRET" not in outcome.stderr and "daemon" not in outcome.stderr


@pytest.mark.parametrize("unreadable", ["the_text", "the_leaflet_folder"])
def test_content_that_cannot_be_looked_at_is_a_problem_line(
    unreadable: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder without read permission made Path.exists() raise: one bare OSError line, no summary.

    As root every file can be looked at, so the refusal is simulated: for one text, or for
    everything in the leaflet's folder (``chmod 000 content/code-1414``)."""
    folder = copy_content(tmp_path)
    leaflet_folder = folder / LEAFLET_ID
    real_exists = Path.exists

    def exists(path: Path, **kwargs: bool) -> bool:
        if path == leaflet_folder / "kk.yaml" or (unreadable == "the_leaflet_folder" and path.parent == leaflet_folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    monkeypatch.setattr(Path, "is_symlink", lambda path: False)
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    *problems, summary = outcome.stderr.splitlines()
    assert problems, outcome.stderr
    for problem in problems:
        assert problem.startswith(f"{leaflet_folder}"), problem
        assert ": cannot be read: Permission denied (hint: " in problem, problem
    them = "it" if len(problems) == 1 else "them"
    assert summary.startswith(f"leaflet: {len(problems)} problem") and summary.endswith(
        f"fix {them} and run 'leaflet check' again"
    )
    if unreadable == "the_text":
        assert len(problems) == 1 and problems[0].startswith(f"{leaflet_folder / 'kk.yaml'}: ")


def test_a_file_without_aliases_is_not_called_an_alias_bomb(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    (folder / RU).write_text("".join(f"k{index}: v\n" for index in range(21_000)), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        check_content(folder)
    message = str(raised.value)
    assert "more than 20000 values: far more than a leaflet has" in message
    assert "alias bomb" not in message and "(*name)" not in message


def test_one_step_moved_is_one_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Moving the last Russian step to the top gave six problems, one for every step it passed."""
    folder = copy_content(tmp_path)
    path = folder / RU
    text = path.read_text(encoding="utf-8")
    start, end = text.index("      - id: passwords"), text.index('\n  - heading: "Поделитесь своей историей"')
    moved = text[start:end].rstrip("\n") + "\n\n"
    assert text.count("  - steps:\n") == 1
    path.write_text((text[:start] + text[end:]).replace("  - steps:\n", "  - steps:\n" + moved), encoding="utf-8")
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    problem, summary = outcome.stderr.splitlines()
    assert "steps[5].id: step 'passwords' is step 6 here but step 1 in ru.yaml" in problem
    assert problem.startswith(str(folder / KK))
    assert summary.startswith("leaflet: 1 problem in the content")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Звоните 1 459.", "'1 459'"),
        ("Звоните 14-59.", "'14-59'"),
        ("Звоните 14.59.", "'14.59'"),
        ("Звоните на номер1459.", "'1459'"),
    ],
)
def test_the_hotline_number_is_found_however_it_is_grouped(
    text: str, found: str, shipped: Leaflet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = 'text: "Предупреждён — значит вооружён"'
    folder = copy_content(tmp_path, RU, old, f'text: "{text}"')
    signoff = next(index for index, block in enumerate(shipped.texts["ru"].blocks) if isinstance(block, SignOff))
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    expected = f"blocks[{signoff}].signoff.text: phone number {found} is typed into the text"
    assert f"{expected} (hint: write {{arrfr_phone}} instead)" in outcome.stderr


# -- the folder layout: leaflet folders, and the files they point to --------------------------


def test_a_leaflet_folder_that_is_a_symlink_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link could build (and print) a leaflet from anywhere on the disk."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(EXAMPLES / "fake-bank-call", elsewhere)
    folder = copy_content(tmp_path)
    (folder / "fake-bank-call").symlink_to(elsewhere, target_is_directory=True)
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    problem, summary = outcome.stderr.splitlines()
    assert problem.startswith(f"{folder / 'fake-bank-call'}: a leaflet folder is a link to another place (hint: ")
    assert summary == "leaflet: 1 problem in the content; fix it and run 'leaflet check' again"
    out = tmp_path / "out"
    outcome = run(capsys, "build", "--content", str(folder), "--out", str(out), "--format", "a4", "--quiet")
    assert outcome.code == 1 and outcome.stderr.splitlines()[-1].endswith("nothing was written")
    assert not out.exists()


@pytest.mark.parametrize("name", ["Code-1414", "code_1414", "памятка", "code 1414", "x" * 41])
def test_a_leaflet_folder_name_that_is_not_an_id_is_refused(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder's name is the leaflet's id: it names the output files and --leaflet."""
    folder = copy_content(tmp_path)
    shutil.copytree(EXAMPLES / "fake-bank-call", folder / name)
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    problem, summary = outcome.stderr.splitlines()
    assert problem == (
        f"{folder / name}: leaflet folder name '{name}' cannot be a leaflet id (hint: rename it with lower-case "
        "Latin letters, digits and '-' (at most 40), e.g. 'fake-bank-call')"
    )
    assert summary.startswith("leaflet: 1 problem in the content")


def test_two_leaflets_never_write_the_same_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Leaflet 'x' as a poster and leaflet 'x-poster' as an A4 leaflet are both x-poster-a4-ru.pdf:
    one document must not silently replace the other."""
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copyfile(CONTENT / "links.yaml", folder / "links.yaml")
    shutil.copytree(CONTENT / LEAFLET_ID, folder / "x")
    shutil.copytree(EXAMPLES / "fake-bank-call", folder / "x-poster")
    out = tmp_path / "out"
    args = ("--content", str(folder), "--out", str(out), "--lang", "ru", "--quiet")
    outcome = run(capsys, "build", *args, "--format", "a4", "--format", "poster-a4")
    assert outcome.code in (1, 2), "two documents for one file name must be refused"
    assert "x-poster-a4-ru.pdf" in outcome.stderr
    assert "internal error" not in outcome.stderr
    assert not out.exists()


def _picture(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 400), (200, 30, 30)).save(path)
    return path


@pytest.mark.parametrize("where", ["inside", "parent", "absolute", "symlink", "symlinked_folder"])
def test_an_image_outside_the_leaflet_folder_or_behind_a_link_is_refused(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An image is read from the leaflet's own folder only: never a file elsewhere on the disk,
    whether named by path or reached through a link."""
    folder = copy_content(tmp_path)
    leaflet_folder = folder / LEAFLET_ID
    outside = _picture(tmp_path / "elsewhere" / "photo.png")
    if where == "inside":  # the control: the same picture, copied into the folder
        shutil.copyfile(outside, leaflet_folder / "photo.png")
        file = "photo.png"
    elif where == "parent":
        shutil.copyfile(outside, folder / "photo.png")
        file = "../photo.png"
    elif where == "absolute":
        file = str(outside)
    elif where == "symlink":
        (leaflet_folder / "photo.png").symlink_to(outside)
        file = "photo.png"
    else:
        (leaflet_folder / "pictures").symlink_to(outside.parent, target_is_directory=True)
        file = "pictures/photo.png"
    for text, heading in ((KK, "Алаяқтар қалай әрекет етеді?"), (RU, "Как действуют мошенники?")):
        path = folder / text
        before = f'  - heading: "{heading}"\n'
        content = path.read_text(encoding="utf-8")
        assert content.count(before) == 1
        path.write_text(content.replace(before, f'  - image: {{file: "{file}", alt: "Фото"}}\n' + before), "utf-8")
    if where == "inside":
        # the control: the checks that refuse the others take it, and read the picture (a text
        # with a picture laid out in every format is test_any_leaflet's "image" leaflet)
        texts = check_content(folder).leaflets[LEAFLET_ID].texts
        for lang in ("kk", "ru"):
            assert [block.file for block in texts[lang].blocks if isinstance(block, ImageBlock)] == [file], lang
        return
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    *problems, summary = outcome.stderr.splitlines()
    assert sorted(Path(problem.split(":")[0]).name for problem in problems) == ["kk.yaml", "ru.yaml"]
    for problem in problems:
        assert f".image.file: '{file[:40]}" in problem, problem  # a long path is shortened with '…'
        assert "outside the leaflet's folder" in problem or "a link to another file" in problem, problem
    assert summary.startswith("leaflet: 2 problems in the content")


def earlier_output(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    (out / file_name("a4", "ru")).write_bytes(b"%PDF-1.4 an earlier build\n")
    (out / file_name("a4", "kk")).write_bytes(b"%PDF-1.4 another one\n")
    return snapshot(out)


def test_a_write_failing_half_way_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDFs were renamed into place one by one: a full disk at the second left the first replaced."""
    out = tmp_path / "out"
    before = earlier_output(out)
    calls = []
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    outcome = run(capsys, "build", "--format", "a4", "--out", str(out), "--quiet", "--jobs", "1")
    assert outcome.code == 1
    assert snapshot(out) == before
    assert outcome.stderr.splitlines() == [
        f"leaflet: cannot write {out / file_name('a4', 'ru')}: No space left on device (hint: free some space "
        f"on the disk that holds {out}, or give --out another folder)",
        f"leaflet: nothing was written ({out} is as it was before the build)",
    ]
    assert sorted(path.name for path in out.iterdir()) == [file_name("a4", "kk"), file_name("a4", "ru")]


@pytest.mark.parametrize("kind", ["file", "inside_a_file", "pdf_is_a_folder"])
def test_output_that_cannot_take_the_pdfs_is_refused_before_rendering(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'leaflet: out: File exists' and a temporary file's name were all the editor was told."""
    blocker = tmp_path / "out"
    if kind == "pdf_is_a_folder":
        earlier_output(blocker)
        (blocker / file_name("a4", "kk")).unlink()
        (blocker / file_name("a4", "kk")).mkdir()
        before = snapshot(blocker)
    else:
        blocker.write_text("a file", encoding="utf-8")
    out = blocker / "sub" if kind == "inside_a_file" else blocker
    outcome = run(capsys, "build", "--format", "a4", "--out", str(out), "--quiet")
    assert outcome.code == 1
    first, last = outcome.stderr.splitlines()
    assert last == "leaflet: nothing was written"
    assert ".tmp" not in first and "Traceback" not in first
    if kind == "pdf_is_a_folder":
        assert first == (
            f"leaflet: {blocker / file_name('a4', 'kk')}: is a folder, so the PDF cannot be written there "
            "(hint: rename or move that folder, or give --out another folder)"
        )
        assert snapshot(blocker) == before and sorted(path.name for path in blocker.iterdir()) == [
            file_name("a4", "kk"),
            file_name("a4", "ru"),
        ]
    else:
        where = "this is a file" if kind == "file" else f"{blocker} is a file"
        assert first == f"leaflet: {out}: --out must be a folder, but {where} (hint: give --out a folder)"
        assert blocker.read_text(encoding="utf-8") == "a file"


def test_build_workers_leave_ctrl_c_to_the_main_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C reaches every process: each idle worker printed a KeyboardInterrupt traceback.
    SIGTERM and SIGHUP, sent to a process group, are the main process's to act on as well."""
    monkeypatch.setattr(parallel, "_CONTENT", object())
    monkeypatch.setattr(fonts, "register_fonts", lambda: None)
    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.getsignal(number) for number in numbers}
    try:
        parallel._init_worker("unused")
        assert [signal.getsignal(number) for number in numbers] == [signal.SIG_IGN] * 3
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


#: CPU time each worker has used when the test sends Ctrl-C: both are rendering, well past the
#: pool's start (a Ctrl-C within the milliseconds the pool takes to start is another matter)
RENDERING_S = 0.05


def workers_rendering(pid: int) -> bool:
    """Whether the build in process ``pid`` has two workers rendering (Linux: /proc): children
    that ignore Ctrl-C (SIGINT), as a worker does from its first moment, and have used
    :data:`RENDERING_S` of CPU time each."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split()
    except FileNotFoundError:  # the process has ended
        return False
    return sum(rendering(child) for child in children) >= 2


def rendering(pid: str) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    ignored = re.search(r"^SigIgn:\s*([0-9a-f]+)$", status, re.MULTILINE)
    if not (ignored and int(ignored[1], 16) & (1 << (signal.SIGINT - 1))):
        return False
    user, system = stat.rpartition(")")[2].split()[11:13]  # utime and stime, in clock ticks
    return (int(user) + int(system)) / os.sysconf("SC_CLK_TCK") >= RENDERING_S


@pytest.mark.slow  # a build in a fresh interpreter, until its workers run
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the build's workers in /proc (Linux)")
def test_ctrl_c_during_a_parallel_build_prints_no_traceback_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    """Ctrl-C while both workers of a ``--jobs 2`` build are rendering: the terminal sends it to
    every process of the build.  The signal is sent once both workers are rendering (see
    :func:`workers_rendering`), so it interrupts workers at work, never a build not yet parallel."""
    out = tmp_path / "out"
    before = earlier_output(out)
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflet", "build", "--jobs", "2", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # test only
    )
    try:
        deadline = time.monotonic() + 60
        while not workers_rendering(process.pid):
            assert process.poll() is None, "the build ended before its two workers rendered"
            assert time.monotonic() < deadline, "the build's two workers did not render within 60 s"
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to every process of the build
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert process.returncode == 130, stderr
    assert stderr == "leaflet: interrupted; nothing was written\n"
    assert snapshot(out) == before
    assert not [path for path in out.iterdir() if path.name.startswith(".")]
