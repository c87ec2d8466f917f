"""What the studio writes: round-trip YAML that keeps comments, checks that are exactly
``leaflet check``'s, atomic saves with a backup, drafts that are never built (issue 12,
items 3 and 5), and formatting typed the way other programs read it (item 2)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from leaflet import cli
from leaflet.content.check import check_content
from leaflet.errors import ContentError
from leaflet.studio import yamltexts
from leaflet.studio.session import Session, StudioError

from .studio_fixtures import CALL_BANK_TITLES, CONTENT, TOO_LONG_SHORT, content_copy, edited, step, steps_of

__all__ = ["content_copy"]
LEAFLET = "code-1414"


@pytest.mark.parametrize("name", ["code-1414/kk.yaml", "code-1414/ru.yaml", "code-1414/leaflet.yaml", "links.yaml"])
def test_a_file_read_and_written_back_is_the_same_byte_for_byte(name: str) -> None:
    text = (CONTENT / name).read_text(encoding="utf-8")
    document = yamltexts.load(text)
    data = yamltexts.as_data(document)
    assert yamltexts.dump(yamltexts.merge(yamltexts.load(text), data)) == text
    assert yamltexts.dump(document) == text


def test_an_edit_changes_its_own_line_and_keeps_every_comment() -> None:
    text = (CONTENT / LEAFLET / "kk.yaml").read_text(encoding="utf-8")
    data = yamltexts.as_data(yamltexts.load(text))
    steps = next(block["steps"] for block in data["blocks"] if "steps" in block)
    steps[0]["title"] = 'Байланысты "бірден" үзіңіз\nжәне күтіңіз'
    steps.insert(1, steps.pop(0))  # moved below the next step: its comment goes with it
    written = yamltexts.dump(yamltexts.merge(yamltexts.load(text), data))
    comments = [line.strip() for line in text.splitlines() if line.lstrip().startswith("#") or " # " in line]
    assert comments and all(any(comment in line for line in written.splitlines()) for comment in comments)
    assert 'title: "Байланысты \\"бірден\\" үзіңіз\\nжәне күтіңіз"' in written
    assert written.index("id: call_bank") < written.index("id: stop_contact") < written.index("# these three items")
    assert yamltexts.as_data(yamltexts.load(written)) == data


def test_a_text_written_as_a_block_stays_a_block() -> None:
    text = 'a: "x"  # the first\nb: |\n  Первая строка\n  Вторая строка\nc: [egov, pki]\n'
    data = yamltexts.as_data(yamltexts.load(text))
    data["b"] = "Первая строка\nНовая вторая строка\n"
    data["c"].append("cb")
    written = yamltexts.dump(yamltexts.merge(yamltexts.load(text), data))
    assert written == 'a: "x"  # the first\nb: |\n  Первая строка\n  Новая вторая строка\nc: [egov, pki, cb]\n'


def test_page_data_that_is_no_text_is_refused() -> None:
    document = yamltexts.load("a: x\n")
    with pytest.raises(yamltexts.TextsError):
        yamltexts.merge(document, {"a": "x" * 30_000})
    deep: Any = "x"
    for _ in range(30):
        deep = {"a": deep}
    with pytest.raises(yamltexts.TextsError):
        yamltexts.merge(document, deep)
    with pytest.raises(yamltexts.TextsError):
        yamltexts.merge(document, {"a": {"set"}})


def test_the_page_texts_pass_exactly_the_checks_of_the_yaml(content_copy: Path, tmp_path: Path) -> None:
    """The studio's problems are those `leaflet check` reports for the files it would save."""
    session = Session(content_copy)
    texts = session.open(LEAFLET)
    steps_of(texts, "ru")[1]["title"] = "Позвоните на 1459 и на *горячую* линию {bank}"
    steps_of(texts, "kk")[2]["short"] = ""
    steps_of(texts, "kk").append({"id": "new_step", "title": "Жаңа қадам", "short": "Жаңа"})
    checked = session.check(LEAFLET, texts)
    assert len(checked.problems) >= 4
    saved = tmp_path / "saved"
    shutil.copytree(content_copy, saved)
    for lang, text in checked.yaml.items():
        (saved / LEAFLET / f"{lang}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        check_content(saved)
    assert [str(problem).replace(str(saved), "X") for problem in raised.value.problems] == [
        str(problem).replace(str(session.folder), "X") for problem in checked.problems
    ]
    assert session.save(LEAFLET, texts, draft=False).files == []  # refused: nothing written
    assert (content_copy / LEAFLET / "ru.yaml").read_bytes() == (CONTENT / LEAFLET / "ru.yaml").read_bytes()


def test_a_save_writes_both_files_keeps_the_previous_and_clears_the_draft(content_copy: Path) -> None:
    session = Session(content_copy)
    texts = session.open(LEAFLET)
    broken = copy.deepcopy(texts)
    steps_of(broken, "ru")[0]["title"] = "<b>Прекратите</b> общение"
    draft = session.save(LEAFLET, broken, draft=True)
    assert draft.draft and draft.problems and session.has_draft(LEAFLET)
    assert session.open(LEAFLET, draft=True) == broken
    assert check_content(content_copy)  # the draft is no leaflet
    before = {lang: (content_copy / LEAFLET / f"{lang}.yaml").read_bytes() for lang in ("kk", "ru")}
    saved = session.save(LEAFLET, edited(texts), draft=False)
    assert saved.problems == [] and [path.name for path in saved.files] == ["kk.yaml", "ru.yaml"]
    for lang, title in CALL_BANK_TITLES.items():
        assert f'title: "{title}"' in (content_copy / LEAFLET / f"{lang}.yaml").read_text(encoding="utf-8")
    for lang in ("kk", "ru"):
        assert session.backup_file(LEAFLET, lang).read_bytes() == before[lang]
    assert not session.has_draft(LEAFLET)
    assert not list(content_copy.rglob(".*.tmp"))  # no temporary file left
    assert cli.main(["check", "--content", str(content_copy)]) == 0


def test_text_that_does_not_fit_a_format_is_not_saved(content_copy: Path) -> None:
    session = Session(content_copy)
    texts = session.open(LEAFLET)
    step(edited(texts), "ru", "call_bank")["short"] = TOO_LONG_SHORT
    saved = session.save(LEAFLET, texts, draft=False)
    assert saved.files == [] and any("poster" in problem.message for problem in saved.problems), saved.problems


def test_only_the_content_folders_leaflets_are_opened(content_copy: Path, tmp_path: Path) -> None:
    session = Session(content_copy)
    for leaflet_id in ("..", "../content", "code-1414/..", "nothing"):
        with pytest.raises(StudioError):
            session.open(leaflet_id)
    with pytest.raises(StudioError):
        session.inside(tmp_path)


TYPED = {
    "Это *очень* важно": ("'*очень*' would be printed with its asterisks", "**очень**"),
    "Это _очень_ важно": ("'_очень_' would be printed with its underscores", "no italic"),
    "Это ~очень~ важно": ("'~очень~' would be printed with its tildes", "no italic"),
    "Это <b>очень</b> важно": ("'<b>' would be printed as it is", "two asterisks"),
    "Первая строка<br>вторая": ("'<br>' would be printed as it is", "start a new line"),
    "Первая строка<br/>вторая": ("'<br/>' would be printed as it is", "start a new line"),
    "<p>Абзац</p>": ("'<p>' would be printed as it is", "start a new line"),
}


@pytest.mark.parametrize("text", list(TYPED))
def test_formatting_typed_as_elsewhere_is_answered_with_a_hint(content_copy: Path, text: str) -> None:
    file = content_copy / LEAFLET / "ru.yaml"
    line = '  - lead: "Это один из самых частых вопросов, вызывающих панику."'
    file.write_text(file.read_text(encoding="utf-8").replace(line, f'  - lead: "{text}"'), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        check_content(content_copy)
    message, hint = TYPED[text]
    found = [problem for problem in raised.value.problems if problem.message.startswith(message)]
    assert found and hint in found[0].hint and found[0].key == "blocks[0].lead", raised.value.problems


@pytest.mark.parametrize(
    "text",
    ["**Жирный** текст", "2*3*4 = 24", "arrfr_phone и snake_case", "* звёздочка в начале", "a < b > c", "«Стоп»"],
)
def test_ordinary_text_is_not_taken_for_formatting(content_copy: Path, text: str) -> None:
    # the same text in both languages: its numbers (2, 3, 4, 24) are compared between them
    for lang, line in (
        ("ru", '  - lead: "Это один из самых частых вопросов, вызывающих панику."'),
        (
            "kk",
            '  - lead: "Яғни, бірінші кодты айтып қойдыңыз деген – бәрі бітті деген сөз емес. '
            'Әлі де әрекет етуге болады."',
        ),
    ):
        file = content_copy / LEAFLET / f"{lang}.yaml"
        before = file.read_text(encoding="utf-8")
        assert line in before
        file.write_text(before.replace(line, f'  - lead: "{text}"'), encoding="utf-8")
    check_content(content_copy)
