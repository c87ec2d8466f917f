"""The contact model (leaflet/content/contacts.py) with the scanner and the link checks: a
look-alike of an allowed host is found and judged whatever letters and separators imitate it,
and a phone number whatever it is written with (property tests over generated spellings)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from homoglyph.data import load_prototypes
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet.content.contacts import dot_characters, imitated, parse_phone, skeleton, squeeze_host
from leaflet.content.linkcheck import check_host
from leaflet.content.model import Phone
from leaflet.content.textscan import find_addresses, short_phone_numbers

OFFICIAL = ("egov.kz", "pki.gov.kz", "1cb.kz", "qamqor.gov.kz", "citizensec.kz")


def _twins() -> dict[str, list[str]]:
    """For each Latin letter and digit, the other characters Unicode says are drawn like it
    (word characters only: a scanner reads a host as words joined by dots)."""
    twins: dict[str, list[str]] = {}
    for code, prototype in load_prototypes().items():
        char = chr(code)
        target = prototype.lower()
        single = len(target) == 1 and target.isascii() and target.isalnum()
        word = re.fullmatch(r"\w", char) is not None and unicodedata.category(char)[0] in "LN"
        if single and word and char.lower() != target:
            twins.setdefault(target, []).append(char)
    return twins


TWINS = _twins()
SEPARATORS = [*dot_characters(), " . ", ". ", " .", "[.]", "(.)", "[dot]", "(dot)", "{.}"]


@st.composite
def lookalike(draw: st.DrawFn) -> tuple[str, str]:
    """(an allowed host, a spelling of it with look-alike letters and separators)."""
    official = draw(st.sampled_from(OFFICIAL))
    labels = []
    for label in official.split("."):
        letters = [draw(st.sampled_from([char, *TWINS.get(char, [])])) for char in label]
        labels.append("".join(letters))
    separators = [draw(st.sampled_from(SEPARATORS)) for _ in labels[1:]]
    written = labels[0] + "".join(sep + label for sep, label in zip(separators, labels[1:], strict=True))
    return official, written


@settings(max_examples=300, deadline=None)
@given(lookalike())
def test_every_spelling_of_an_allowed_host_is_found_and_judged(case: tuple[str, str]) -> None:
    official, written = case
    text = f"Зайдите на {written} сегодня."
    found = [item for item in find_addresses(text, OFFICIAL) if item.kind == "web address"]
    assert len(found) == 1 and found[0].text == written, (written, found)
    host = found[0].host
    assert imitated(host, OFFICIAL) == official, (written, host)
    verdict = check_host(host, OFFICIAL)  # None: the host itself, typed (check says: write its link)
    assert verdict is None or verdict.like == official, (written, verdict)


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("еԍоѵ.кз", "egov.kz"),  # every letter Cyrillic: Komi sje, izhitsa; kz typed on the Cyrillic layout
        ("egov.кz", "egov.kz"),  # a Cyrillic top-level domain
        ("ԛаmԛоr.gov.kz", "qamqor.gov.kz"),
        ("ｅｇｏｖ．ｋｚ", "egov.kz"),
        ("EGOV\u2024KZ", "egov.kz"),
    ],
)
def test_named_lookalikes(written: str, official: str) -> None:
    (found,) = find_addresses(f"на {written}", OFFICIAL)
    assert imitated(found.host, OFFICIAL) == official


def test_sentences_are_not_hosts() -> None:
    for text in ("Это сайт. Далее всё.", "т.е. так", "100 млн.тг", "См. п. 3", "Шаг 1. Шаг 2.", "9.00–18.00"):
        assert find_addresses(text, OFFICIAL) == [], text


def test_skeleton_is_unicode_confusables() -> None:
    assert skeleton("еgоv") == skeleton("egov")  # Cyrillic е and о
    assert skeleton("rn") == skeleton("m")
    assert skeleton("0") == skeleton("o") and skeleton("1") == skeleton("l")
    assert squeeze_host("egov [ . ] KZ") == "egov.KZ"


GAPS = [" ", "  ", "   ", "\t", "-", "\u2013", "\u2014", "\u2212", "/", "_", ".", " / ", "\u00a0"]


@settings(max_examples=200, deadline=None)
@given(
    national=st.sampled_from(["7272445050", "7012345678", "7172556677", "8000807777"]),
    prefix=st.sampled_from(["+7", "8"]),
    gaps=st.lists(st.sampled_from(GAPS), min_size=5, max_size=5),
    brackets=st.booleans(),
)
def test_every_spelling_of_a_phone_number_is_found(national: str, prefix: str, gaps: list[str], brackets: bool) -> None:
    groups = [national[:3], national[3:6], national[6:8], national[8:]]
    first = f"({groups[0]})" if brackets else groups[0]
    written = prefix + gaps[0] + first + gaps[1] + groups[1] + gaps[2] + groups[2] + gaps[3] + groups[3]
    found = [item for item in find_addresses(f"Звоните {written} сейчас", OFFICIAL) if item.kind == "phone number"]
    assert [item.text for item in found] == [written]
    digits = ("+" if written.startswith("+") else "") + re.sub(r"\D", "", written)
    shown = f"+7 {national[:3]} {national[3:6]} {national[6:8]} {national[8:]}"
    assert parse_phone(digits) == Phone(shown, "+7" + national)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Звоните 7111", ["7111"]),
        ("по номеру «1459»", ["1459"]),
        ("позвоните на горячую линию 1414 сейчас", ["1414"]),
        ("Қоңырау шалыңыз: 7111", ["7111"]),
        ("тел. 102", ["102"]),
        ("код 1414 — это только начало", []),
        ("1414-тен келген кодты айту", []),
        ("позвоните до 2026 года", []),
        ("звоните в банк 3 раза", []),
    ],
)
def test_short_numbers_given_to_call(text: str, numbers: list[str]) -> None:
    assert [digits for _, digits in short_phone_numbers(text)] == numbers
