"""Messages in Kazakh, Russian and English (issue 12, item 4): every message has all three,
the page uses no word the catalog lacks, and the content checks' messages an editor meets
are translated."""

from __future__ import annotations

import re
import shutil
import string
import tomllib
from pathlib import Path

import pytest

from leaflet.content.blocks import BLOCK_TYPES
from leaflet.content.check import check_content
from leaflet.content.model import CALLOUT_KINDS
from leaflet.errors import ContentError, Problem
from leaflet.i18n import UI_LANGUAGES, catalog, choose, from_accept_language, from_locale
from leaflet.layout.formats import FORMATS

from .conftest import run

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "leaflet" / "i18n" / "messages.toml"
PAGE = ROOT / "leaflet" / "studio" / "static" / "studio.js"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_has_all_three_languages_and_the_same_placeholders() -> None:
    data = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
    named = [(f"{section}.{name}", texts) for section in ("ui", "cli", "help") for name, texts in data[section].items()]
    assert len(named) > 90
    for name, texts in named:
        assert set(texts) == set(UI_LANGUAGES), name
        assert all(texts[lang].strip() for lang in UI_LANGUAGES), name
        assert fields(texts["kk"]) == fields(texts["ru"]) == fields(texts["en"]), name
        for lang in UI_LANGUAGES:
            texts[lang].format(**dict.fromkeys(fields(texts[lang]), "x"))
    for entry in data["problem"]:
        assert set(entry) == {"pattern", *UI_LANGUAGES}, entry["pattern"]
        groups = set(re.compile(entry["pattern"]).groupindex)
        for lang in UI_LANGUAGES:
            assert entry[lang].strip(), entry["pattern"]
            assert fields(entry[lang]) <= groups, (entry["pattern"], lang)
            entry[lang].format(**dict.fromkeys(groups, "x"))  # a stray brace would fail here, not on the page


#: what the command line's help names as it is typed: options, files, programs, signals, upper-case words
TYPED = (
    r"--[\w-]+(?: [a-z0-9]+-[\w-]+)?|[\w./-]*\.(?:md|csv|png|yaml)\b|[\w.-]*/[\w./-]*|\b[A-Z0-9/-]{2,}\b|Ctrl-C"
    r"|\b(?:bash|zsh|fish|head|pypdfium2)\b|print-shop-"
)


def test_the_kazakh_and_russian_are_not_english_left_in_place() -> None:
    words = catalog()
    for name, texts in words.messages.items():
        for lang in ("kk", "ru"):
            letters = re.sub(
                r"\{[^}]*\}|'[^']*'|leaflet[\w -]*|--content DIR|Ctrl\+C|pip install \S+|links\.yaml", "", texts[lang]
            )
            if name.startswith(("help.", "cli.")):  # these name commands, options, files and programs as typed
                letters = re.sub(TYPED, "", letters)
            assert not re.search(r"\b[a-zA-Z]{4,}\b", letters), (name, lang, texts[lang])
            assert re.search(r"[а-яәіңғүұқөһ]", texts[lang].lower()) or not letters.strip(), (name, lang)


def test_the_page_uses_only_words_of_the_catalog() -> None:
    script = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r'\bw\("([a-z_]+)"[,)]', script))
    # the page's labels by element id: ["leaflet-label", "leaflet"], ["save", "save"]
    used |= {name for _, name in re.findall(r'\["([a-z]+-[a-z]+|save)", "([a-z_]+)"\]', script)}
    used |= {f"kind_{kind}" for kind in BLOCK_TYPES}
    used |= {f"callout_{kind}" for kind in CALLOUT_KINDS} | {"lang_kk", "lang_ru"}
    used |= {
        f"format_{spec.name.replace('-', '_')}"
        for spec in FORMATS.values()
        if not spec.archival and not spec.imposed_from
    }
    words = catalog().table("ui.", "en")
    assert len(used) > 60
    assert {f"ui.{name}" for name in used} <= set(words), sorted({f"ui.{name}" for name in used} - set(words))


def test_the_language_is_the_option_the_browser_or_the_locale() -> None:
    assert from_accept_language("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7") == "ru"
    assert from_accept_language("de-DE,de;q=0.9,kk;q=0.5,ru;q=0.4") == "kk"
    assert from_accept_language("en;q=0.5,kk-KZ") == "kk"
    assert from_accept_language("de, fr") is None
    assert from_accept_language("ru;q=0") is None
    assert from_locale({"LANG": "kk_KZ.UTF-8"}) == "kk"
    assert from_locale({"LANGUAGE": "ru:en", "LANG": "en_US.UTF-8"}) == "ru"
    assert from_locale({"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}) is None  # LC_ALL wins over LANG
    assert from_locale({"LC_MESSAGES": "ru_KZ.UTF-8"}) == "ru"
    assert from_locale({}) is None
    assert choose("kk", accept="ru") == "kk"
    assert choose(None, accept="ru-RU", environ={"LANG": "kk_KZ"}) == "ru"
    assert choose(None, accept="de", environ={"LANG": "kk_KZ"}) == "kk"
    assert choose(None, environ={"LANG": "de_DE"}) == "en"


RU = "code-1414/ru.yaml"
#: mistakes an editor makes, each in a text of the Russian leaflet
MISTAKES = {
    '  - lead: "Это один из самых частых вопросов, вызывающих панику."': [
        '  - lead: "Звоните на 1459 или пишите на https://egov.kz/cms и на bank@evil.example"',
        '  - paragraph: "Откройте {egv} и {qamqor"',
        '  - paragraph: "Это **очень важно"',
        '  - paragraph: "Это *очень* важно, <b>правда</b>,<br>и _срочно_"',
        '  - paragraph: "Слово с латинской буквой: пaроль"',
        '  - paragraph: "Невидимый\u200bсимвол и очень-очень-очень-очень-очень-очень-длинноеслово"',
        '  - paragraph: "http://egov.kz.evil.example"',
        '  - paragraph: ""',
    ]
}


def mistaken_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns(".*"))
    text = (folder / RU).read_text(encoding="utf-8")
    for line, replacements in MISTAKES.items():
        assert line in text
        text = text.replace(line, "\n".join(replacements))
    (folder / RU).write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> tuple[Problem, ...]:
    with pytest.raises(ContentError) as raised:
        check_content(folder)
    return raised.value.problems


def test_the_checks_messages_an_editor_meets_are_translated(tmp_path: Path) -> None:
    problems = problems_of(mistaken_content(tmp_path))
    assert len(problems) >= 12
    words = catalog()
    untranslated = [
        text for problem in problems for text in (problem.message, problem.hint) if text and not words.translates(text)
    ]
    assert untranslated == []
    for problem in problems:
        for lang in ("kk", "ru"):
            for text in (problem.message, problem.hint):
                if text:
                    translated = words.problem(text, lang)
                    assert translated != text and re.search(r"[а-яә]", translated), (text, lang, translated)
    said = {words.problem(problem.message, "ru") for problem in problems}
    assert "'*очень*' будет напечатано вместе со звёздочками" in said
    assert "'<b>' будет напечатано как есть: памятка не понимает такие теги" in said
    assert "текст пустой" in said


def test_a_problem_no_pattern_knows_is_shown_in_english() -> None:
    assert catalog().problem("something new went wrong", "ru") == "something new went wrong"
    assert catalog().problem("text is empty", "en") == "the text is empty"  # the page's plainer English


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (
            {"LANG": "ru_RU.UTF-8"},
            ["будет напечатано вместе со звёздочками", "(подсказка: ", "leaflet: ошибок в текстах:"],
        ),
        (
            {"LANGUAGE": "kk", "LANG": "C.UTF-8"},
            ["жұлдызшалармен бірге басылып шығады", "(кеңес: ", "leaflet: мәтіндердегі"],
        ),
        ({"LANG": "C.UTF-8"}, ["would be printed with its asterisks", "(hint: ", "problems in the content; fix them"]),
    ],
)
def test_the_command_line_speaks_the_locales_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: dict[str, str],
    expected: list[str],
) -> None:
    folder = mistaken_content(tmp_path)
    # the locale is read as the command runs: in this process, with the variables a shell would set
    for variable in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    result = run(capsys, "check", "--content", str(folder))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert len(lines) >= 14 and lines[0].startswith(f"{folder}/code-1414/ru.yaml:")
    for text in expected:
        assert text in result.stderr, (text, result.stderr)
