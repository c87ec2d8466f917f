"""The command line in the locale's language (or --ui-lang's): its help, its usage errors, its
own lines.  The language is read from the environment as each command starts, so the commands
run in this process with the locale set (:func:`speak`); the English help of the C locale and a
Russian build run as a user runs them, in a process of their own (:func:`leaflet`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leaflet.i18n import catalog

from .conftest import Outcome, run

LOCALE_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")


def leaflet(*args: str, locale: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "leaflet", *args],
        capture_output=True,
        text=True,
        env={**base, "LANG": locale, "COLUMNS": "100"},
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def speak(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """``speak(*args, locale=...)``: ``leaflet ARGS`` in this process with only LANG set to
    ``locale`` (and a console 100 columns wide), as :func:`leaflet` sets them for a process."""

    def command(*args: str, locale: str) -> Outcome:
        for variable in LOCALE_VARIABLES:
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", locale)
        monkeypatch.setenv("COLUMNS", "100")
        return run(capsys, *args)

    return command


def flat(text: str) -> str:
    """The text with its line breaks and indents as single spaces (argparse wraps the help)."""
    return " ".join(text.split())


@pytest.mark.parametrize(("locale", "lang"), [("ru_RU.UTF-8", "ru"), ("kk_KZ.UTF-8", "kk")])
def test_help_build_is_in_the_locales_language(locale: str, lang: str, speak: Callable[..., Outcome]) -> None:
    result = speak("help", "build", locale=locale)
    assert result.code == 0, result.stderr
    shown = flat(result.stdout)
    words = catalog()
    helps = {name: texts for name, texts in words.messages.items() if name.startswith("help.")}
    for name in ("help.build_description", "help.build_out", "help.build_jobs", "help.quiet", "help.options"):
        assert flat(helps[name][lang]) in shown, (name, shown)
    assert shown.startswith(words.text("help.usage", lang).strip() + " leaflet build")
    for name, texts in helps.items():  # none of the English side is left in place
        if texts["en"] != texts[lang] and len(texts["en"]) > 3:
            assert flat(texts["en"]) not in shown, name
    assert not re.search(r"\b(usage|options|default|repeat|folder|language)\b", shown), shown


def test_the_global_option_chooses_the_language_over_the_locale(speak: Callable[..., Outcome]) -> None:
    result = speak("--ui-lang", "kk", "help", "check", locale="ru_RU.UTF-8")
    assert result.code == 0, result.stderr
    assert flat(catalog().text("help.check_description", "kk")) in flat(result.stdout)
    english = speak("--ui-lang=en", "help", "check", locale="kk_KZ.UTF-8")
    assert "usage: leaflet check" in english.stdout and "options:" in english.stdout


def test_the_c_locale_keeps_the_english_help() -> None:
    result = leaflet("--help", locale="C")
    assert result.stdout.startswith("usage: leaflet [-h] [--version] [--ui-lang LANG] COMMAND ...")
    assert "Build printable and shareable anti-fraud leaflets (Kazakh and Russian) from YAML texts." in result.stdout
    assert "  0    success\n" in result.stdout


@pytest.mark.parametrize(
    ("locale", "args", "expected"),
    [
        ("ru_RU.UTF-8", ["buld"], "leaflet: ошибка: COMMAND: нет такого варианта: 'buld' (можно выбрать: 'build',"),
        ("kk_KZ.UTF-8", ["build", "--jobs", "0"], "leaflet build: қате: --jobs/-j: процестер саны: 0; кемінде 1 керек"),
        ("ru_RU.UTF-8", ["check", "--nonsense"], "leaflet: ошибка: непонятные слова в команде: --nonsense"),
        ("C", ["buld"], "leaflet: error: argument COMMAND: invalid choice: 'buld' (choose from 'build',"),
    ],
)
def test_usage_errors_are_in_the_locales_language(
    locale: str, args: list[str], expected: str, speak: Callable[..., Outcome]
) -> None:
    result = speak(*args, locale=locale)
    assert result.code == 2
    assert expected in result.stderr, result.stderr
    if locale != "C":
        assert "usage:" not in result.stderr and catalog().text("help.usage", locale[:2]) in result.stderr


def test_init_and_its_usage_errors_speak_kazakh_and_russian(tmp_path: Path, speak: Callable[..., Outcome]) -> None:
    made = speak("init", str(tmp_path / "texts"), locale="kk_KZ.UTF-8")
    assert made.code == 0, made.stderr
    first, following = made.stdout.splitlines()
    assert first.startswith("жазылған файлдар саны: ")
    assert f"{tmp_path / 'texts'} қалтасына: жадынамалар саны — " in first
    assert following.startswith("әрі қарай: мәтіндерді түзетіп, мынаны орындаңыз: leaflet check --content ")
    wrong = speak("check", "--content", str(tmp_path / "texts"), "--leaflet", "nope", locale="ru_RU.UTF-8")
    assert wrong.code == 2
    assert wrong.stderr.startswith(f"leaflet: ошибка: в папке {tmp_path / 'texts'} нет памятки nope.\n"), wrong.stderr
    assert "    там есть памятки: " in wrong.stderr
    english = speak("check", "--content", str(tmp_path / "texts"), "--leaflet", "nope", locale="C")
    assert english.stderr.startswith(f"leaflet: error: no leaflet nope in {tmp_path / 'texts'}.\n    leaflets there: ")


def broken_links(folder: Path) -> None:
    """links.yaml with what an editor typing by hand gets wrong: a link named twice, an http://
    address, a number that is not a phone number."""
    links = folder / "links.yaml"
    text = links.read_text(encoding="utf-8")
    for old, new in (
        ("  pki:\n", "  egov:\n"),
        ("url: https://1cb.kz", "url: http://1cb.kz"),
        ("  102: ", "  12345: "),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    links.write_text(text, encoding="utf-8")


def test_check_on_a_broken_links_file_speaks_kazakh(tmp_path: Path, speak: Callable[..., Outcome]) -> None:
    folder = tmp_path / "texts"
    assert speak("init", str(folder), locale="C").code == 0
    broken_links(folder)
    result = speak("check", "--content", str(folder), locale="kk_KZ.UTF-8")
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert len(lines) >= 4, result.stderr
    *problems, summary = lines
    assert summary.startswith("leaflet: мәтіндердегі қателер саны: ")
    for line in problems:
        assert line.startswith(f"{folder}/links.yaml:"), line
        what = line.split(": ", 2)[2]  # after file:line:col: and the key
        assert re.search(r"[әіңғүұқөһ]", what), line  # Kazakh letters
        assert not re.search(r"\b(the|is|not|with|and|write|add|keep|appears)\b", what), line
    assert any("екі рет жазылған" in line for line in problems)  # the key named twice
    assert any("http: сілтемелері қауіпсіз емес" in line for line in problems)
    assert any("'12345' қазақстандық телефон нөміріне ұқсамайды" in line for line in problems)
    english = speak("check", "--content", str(folder), locale="C")
    assert "key appears twice (hint: keep one of them)" in english.stderr
    assert "'12345' is not a phone number in a Kazakhstan form (5 digits)" in english.stderr


def test_check_on_a_broken_branch_list_speaks_russian(tmp_path: Path, speak: Callable[..., Outcome]) -> None:
    folder = tmp_path / "texts"
    assert speak("init", str(folder), locale="C").code == 0
    branches = tmp_path / "branches.csv"
    header = (
        "id,organisation_kk,organisation_ru,name_kk,name_ru,address_kk,address_ru,phone,hours_kk,hours_ru,website,logo"
    )
    row = "almaty-1,ХҚКО,ЦОН,Алатау,Алатау,Алматы,Алматы,1414,9:00–18:00,9:00–18:00,https://egov.kz,"
    branches.write_text(f"{header}\n{row}\n{row},extra\n{row}\n", encoding="utf-8")
    result = speak("check", "--content", str(folder), "--branches", str(branches), locale="ru_RU.UTF-8")
    assert result.code == 1
    assert (
        f"{branches}:3:13: в этой строке ячеек: 13, а в первой строке названо столбцов: 12 (подсказка: "
        in result.stderr
    )
    assert "код 'almaty-1' стоит в нескольких строках: в строках 2, 3 и 4 (подсказка: дайте каждому" in result.stderr


@pytest.mark.slow
def test_a_builds_file_lines_speak_russian_and_read_the_pdfs_own_page_count(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "out"
    built = leaflet(
        "build", "--format", "a5", "--format", "poster-a4", "--lang", "ru", "--out", str(out), locale="ru_RU.UTF-8"
    )
    assert built.returncode == 0, built.stderr
    lines = {line.split()[0]: line for line in built.stdout.splitlines() if line.startswith("  ")}
    a5, poster = lines["code-1414-a5-ru.pdf"], lines["code-1414-poster-a4-ru.pdf"]
    pages = len(PdfReader(out / "code-1414-a5-ru.pdf").pages)
    assert f"страниц: {pages}, текст " in a5 and "межстрочный интервал" in a5 and " КБ, " in a5
    assert "страниц: 1, заголовок " in poster and ", шаги " in poster and "QR-коды" in poster
    for english in ("pages", "body", "leading", "headline", "steps", "QR codes", "KB"):
        assert english not in a5 + poster, english


def test_the_parsed_catalog_is_kept_beside_the_plans_and_a_damaged_copy_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing messages.toml is kept as JSON in the plans' folder (under the hash of its bytes);
    the next command reads the copy; a copy that is not what was written is ignored and written anew."""
    monkeypatch.setenv("LEAFLET_CACHE_DIR", str(tmp_path))
    catalog.cache_clear()
    try:
        parsed = catalog()
        (kept,) = tmp_path.glob("messages-*.json")
        catalog.cache_clear()
        assert catalog() == parsed  # read back from the copy
        kept.write_text('{"ui": []}', encoding="utf-8")  # JSON, but not a catalog
        catalog.cache_clear()
        assert catalog() == parsed
        assert kept.read_text(encoding="utf-8") != '{"ui": []}', "the damaged copy is written anew"
        kept.write_text("{not json", encoding="utf-8")
        catalog.cache_clear()
        assert catalog() == parsed
        (tmp_path / "messages-0123.json").write_text("{}", encoding="utf-8")  # an earlier catalog's
        kept.unlink()
        catalog.cache_clear()
        assert catalog() == parsed
        assert [path.name for path in tmp_path.glob("messages-*.json")] == [kept.name], "the earlier copy removed"
    finally:
        catalog.cache_clear()
