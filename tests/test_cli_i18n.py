"""The command line in the locale's language (or --ui-lang's): its help, its usage errors, its
own lines.  Run as a user runs it, in a process of its own with the locale set."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from leaflet.i18n import catalog

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


def flat(text: str) -> str:
    """The text with its line breaks and indents as single spaces (argparse wraps the help)."""
    return " ".join(text.split())


@pytest.mark.parametrize(("locale", "lang"), [("ru_RU.UTF-8", "ru"), ("kk_KZ.UTF-8", "kk")])
def test_help_build_is_in_the_locales_language(locale: str, lang: str) -> None:
    result = leaflet("help", "build", locale=locale)
    assert result.returncode == 0, result.stderr
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


def test_the_global_option_chooses_the_language_over_the_locale() -> None:
    result = leaflet("--ui-lang", "kk", "help", "check", locale="ru_RU.UTF-8")
    assert result.returncode == 0, result.stderr
    assert flat(catalog().text("help.check_description", "kk")) in flat(result.stdout)
    english = leaflet("--ui-lang=en", "help", "check", locale="kk_KZ.UTF-8")
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
def test_usage_errors_are_in_the_locales_language(locale: str, args: list[str], expected: str) -> None:
    result = leaflet(*args, locale=locale)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    if locale != "C":
        assert "usage:" not in result.stderr and catalog().text("help.usage", locale[:2]) in result.stderr


def test_init_and_its_usage_errors_speak_kazakh_and_russian(tmp_path: Path) -> None:
    made = leaflet("init", str(tmp_path / "texts"), locale="kk_KZ.UTF-8")
    assert made.returncode == 0, made.stderr
    first, following = made.stdout.splitlines()
    assert first.startswith("жазылған файлдар саны: ")
    assert f"{tmp_path / 'texts'} қалтасына: жадынамалар саны — " in first
    assert following.startswith("әрі қарай: мәтіндерді түзетіп, мынаны орындаңыз: leaflet check --content ")
    wrong = leaflet("check", "--content", str(tmp_path / "texts"), "--leaflet", "nope", locale="ru_RU.UTF-8")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith(f"leaflet: ошибка: в папке {tmp_path / 'texts'} нет памятки nope.\n"), wrong.stderr
    assert "    там есть памятки: " in wrong.stderr
    english = leaflet("check", "--content", str(tmp_path / "texts"), "--leaflet", "nope", locale="C")
    assert english.stderr.startswith(f"leaflet: error: no leaflet nope in {tmp_path / 'texts'}.\n    leaflets there: ")
