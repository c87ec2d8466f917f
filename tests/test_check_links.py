"""Link safety and text scanning on their own: which hosts are refused and why, what is found in text.

The allow-list here is the official one from the project brief, not read from the program.
"""

from __future__ import annotations

import pytest

from leaflet.content.blocks import leaflet_fields
from leaflet.content.linkcheck import allowed_hosts_problems, check_host, check_label, check_url, edit_distance
from leaflet.content.loader import load_content
from leaflet.content.model import Content
from leaflet.content.textscan import digit_groups, find_addresses, find_numbers, mixed_script_words

from .conftest import EXAMPLES, LEAFLET_ID

OFFICIAL = ("egov.kz", "pki.gov.kz", "1cb.kz", "qamqor.gov.kz", "citizensec.kz")


@pytest.mark.parametrize(
    ("host", "reason", "like"),
    [
        ("qatqor.gov.kz", "looks like a misspelling of 'qamqor.gov.kz'", "qamqor.gov.kz"),
        ("egov.kg", "looks like a misspelling of 'egov.kz'", "egov.kz"),
        ("pki.gov.kz.", "is not a valid host name", ""),
        ("egov-kz.com", "imitates 'egov.kz' but is a different site", "egov.kz"),
        ("egov.kz.example.com", "imitates 'egov.kz' but is a different site", "egov.kz"),
        ("secure-qamqor.gov.kz", "imitates 'qamqor.gov.kz' but is a different site", "qamqor.gov.kz"),
        ("eg0v.kz", "imitates 'egov.kz' with look-alike characters", "egov.kz"),
        ("lcb.kz", "imitates '1cb.kz' with look-alike characters", "1cb.kz"),
        ("egov.mobile", "uses the name of 'egov.kz' but is a different site", "egov.kz"),
        ("pki.kz", "uses the name of 'pki.gov.kz' but is a different site", "pki.gov.kz"),
        ("www.egov.kz", "is a sub-domain of 'egov.kz', which is not on the list itself", "egov.kz"),
        ("\u0435gov.kz", "mixes Latin and Cyrillic letters", "egov.kz"),
        ("\u0440ki.gov.kz", "mixes Latin and Cyrillic letters", "pki.gov.kz"),
        ("qamq\u03bfr.gov.kz", "mixes Latin and Greek letters", "qamqor.gov.kz"),
        (
            "\u0435\u0433\u043e\u0432.\u043a\u0437",
            "has characters other than plain Latin letters and digits",
            "egov.kz",
        ),
        ("xn--gov-k5d.kz", "is punycode for", ""),
        ("10.0.0.1", "is an IP address", ""),
        ("example.com", "is not on the list of official domains", ""),
    ],
)
def test_refused_hosts_say_why(host: str, reason: str, like: str) -> None:
    verdict = check_host(host, OFFICIAL)
    assert verdict is not None
    assert reason in verdict.message
    assert verdict.like == like


@pytest.mark.parametrize("host", [*OFFICIAL, "EGOV.KZ"])
def test_official_hosts_pass(host: str) -> None:
    assert check_host(host, OFFICIAL) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://egov.kz", "not secure"),
        ("ftp://egov.kz", "'ftp:' links are not allowed"),
        ("data:text/html,hi", "'data:' links are not allowed"),
        ("egov.kz", "has no scheme"),
        ("https:egov.kz", "must be followed by '//'"),
        ("https://egov.kz@evil.example", "it goes to 'evil.example'"),
        ("https://user:pass@egov.kz", "it goes to 'egov.kz'"),
        ("https://egov.kz:8443/", "port number"),
        ("https://egov.kz\\@evil.example", "backslash"),
        ("https://egov.kz /x", "spaces or invisible characters"),
        ("https://egov.kz\u200b", "spaces or invisible characters"),
        ("https://egov.kz/?fbclid=1", "tracking parameters (fbclid)"),
        ("https://egov.kz/услуги", "non-Latin characters"),
        ("tel:+7 727", "spaces"),
        ("tel:12", "is not a phone number"),
        ("tel:+7-727-000", "6 digits after +7"),
        ("tel:+442079460958", "is a foreign number (GB)"),
        ("tel:+79161234567", "is a Russian number"),
        ("https://egov.kz/?r=egov.kz.evil.example", "names another address, 'egov.kz.evil.example'"),
        ("https://egov.kz/?r=еgov\u2024kz", "non-Latin characters"),
        ("https://egov.kz/?r=egov%E2%80%A4kz", "names another address, 'egov․kz'"),
        ("https://egov.kz/go/evil . example . com", "spaces"),
        ("https://egov.kz/go/evil[.]com", "names another address, 'evil[.]com'"),
        ("https://egov.kz#@evil.example", "'@' after the host"),
        ("https://egov.kz/%40evil.example", "'@' after the host"),
        ("https://egov.kz/%2540evil.example", "'@' after the host"),
        ("mailto:info%40evil.example@citizensec.kz", "it reads 'info@evil.example@citizensec.kz'"),
        ("mailto:info@citizensec%2Ekz", "percent-escapes"),
        ("mailto:a@citizensec.kz?bcc=all@evil.example", "is not a single e-mail address"),
        ("mailto:info@citizensec.kz.evil.example", "imitates 'citizensec.kz'"),
    ],
)
def test_refused_urls_say_why(url: str, reason: str) -> None:
    verdict = check_url(url, OFFICIAL)
    assert verdict is not None and reason in verdict.message, verdict


@pytest.mark.parametrize(
    "url",
    [
        "https://egov.kz",
        "https://qamqor.gov.kz/ru/appeal?lang=ru",
        "tel:1459",
        "tel:+7-727-244-50-50",
        "https://qamqor.gov.kz/rules.pdf",
        "mailto:info@citizensec.kz",
    ],
)
def test_safe_urls_pass(url: str) -> None:
    assert check_url(url, OFFICIAL) is None


@pytest.mark.parametrize(
    ("url", "label", "shows"),
    [
        ("https://egov.kz", "egov.kz", True),
        ("https://egov.kz", "https://egov.kz/", True),
        ("https://egov.kz", "EGOV.KZ", True),
        ("https://egov.kz", "qamqor.gov.kz", False),
        ("https://egov.kz", "Госуслуги", False),
        ("https://qamqor.gov.kz/appeal", "qamqor.gov.kz/appeal", True),
        ("https://qamqor.gov.kz/appeal", "qamqor.gov.kz", True),
        ("https://qamqor.gov.kz/Appeal", "qamqor.gov.kz/appeal", False),
        ("https://qamqor.gov.kz/Appeal", "Qamqor.gov.kz/Appeal", True),
        ("https://qamqor.gov.kz/appeal", "qamqor.gov.kz/other", False),
        ("tel:1459", "1459", True),
        ("tel:1459", "1 459", True),
        ("tel:1459", "1458", False),
        ("mailto:info@citizensec.kz", "info@citizensec.kz", True),
        ("mailto:info@citizensec.kz", "help@citizensec.kz", False),
    ],
)
def test_label_must_show_the_target(url: str, label: str, shows: bool) -> None:
    assert (check_label(url, label) is None) is shows


def test_label_that_changes_the_capitals_of_a_path_says_so() -> None:
    verdict = check_label("https://qamqor.gov.kz/Appeal", "qamqor.gov.kz/appeal")
    assert verdict is not None and "changes the capitals" in verdict.message
    assert "'qamqor.gov.kz/Appeal'" in verdict.hint


@pytest.mark.parametrize(
    ("url", "phones", "refused"),
    [
        ("tel:1459", {"1459"}, ""),
        ("tel:1458", {"1459"}, "'1458' is not one of the official numbers"),
        ("tel:+77272445050", {"+77272445050"}, ""),
        ("tel:87272445050", {"+77272445050"}, ""),
        ("tel:+77272445051", {"+77272445050"}, "is not one of the official numbers"),
        ("tel:+442079460958", {"+442079460958"}, "is a foreign number"),
    ],
)
def test_tel_links_dial_an_official_number(url: str, phones: set[str], refused: str) -> None:
    verdict = check_url(url, OFFICIAL, phones)
    if refused:
        assert verdict is not None and refused in verdict.message, verdict
        assert "foreign" in refused or "phones: in links.yaml" in verdict.hint
    else:
        assert verdict is None, verdict


def test_allow_list_refuses_its_own_look_alikes() -> None:
    hosts = (*OFFICIAL, "qatqor.gov.kz", "egov.kz", "Egov.com", "xn--80ak6aa92e.com")
    found = {index: verdict.message for index, verdict in allowed_hosts_problems(hosts)}
    assert set(found) == {5, 6, 7, 8}
    assert "looks like 'qamqor.gov.kz', which is also listed" in found[5]
    assert "listed twice" in found[6]
    assert "capital letters" in found[7]
    assert "punycode" in found[8]


def test_edit_distance_counts_swaps_once() -> None:
    assert edit_distance("qamqor", "qatqor") == 1
    assert edit_distance("qamqor", "qmaqor") == 1
    assert edit_distance("egov.kz", "egov.kz") == 0
    assert edit_distance("", "abc") == 3


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Зайдите на qatqor.gov.kz сегодня.", [("web address", "qatqor.gov.kz")]),
        ("Сайт www.1cb.kz.", [("web address", "www.1cb.kz")]),
        ("См. https://egov.kz/page, там всё.", [("web address", "https://egov.kz/page")]),
        ("[egov mobile](http://Egov.mobile)", [("markdown link", "[egov mobile](http://Egov.mobile)")]),
        ("Пишите: info@citizensec.kz.", [("e-mail address", "info@citizensec.kz")]),
        (
            "Звоните 8 800 080 7777 или +7 (727) 123-45-67.",
            [("phone number", "8 800 080 7777"), ("phone number", "+7 (727) 123-45-67")],
        ),
        ("javascript:alert(1)", [("web address", "javascript:alert")]),
        ("Звоните tel:1459, пишите mailto:a@b.kz", [("phone number", "tel:1459"), ("e-mail address", "mailto:a@b.kz")]),
        (
            "Звоните +7.727.250.00.00 или 8–800–080–77–77.",
            [("phone number", "+7.727.250.00.00"), ("phone number", "8–800–080–77–77")],
        ),
        (
            "Сервер 195.12.113.10, бот @egov_bot.",
            [("web address", "195.12.113.10"), ("messenger account", "@egov_bot")],
        ),
        ("Сайт егов.кз.", [("web address", "егов.кз")]),
        ("Смотрите...egov-kz.com и .qamqor-gov.kz", [("web address", "egov-kz.com"), ("web address", "qamqor-gov.kz")]),
    ],
)
def test_addresses_are_found_in_text(text: str, found: list[tuple[str, str]]) -> None:
    assert [(item.kind, item.text) for item in find_addresses(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "и т.д. и т.п., др.), т.б. ж.т.б.",
        "не позднее 10-15 дней, 10–15 күн, 2FA, 1414-тен",
        "1 000 000 тенге",
        "eGov Mobile, NCALayer, WhatsApp, ЖКЕ-ні",
        "Бұл – адамдардың ең көп. Бірақ есте",
        "с 01.02.2024 по 31.12.2025, в 2020–2024 и 2020-2024 годах, версия 1.2.3, г.Алматы, т.е. 1. 2. 3. 4. 5. 6. 7.",
        "E-mail: напишите нам, Telegram: тоже",
    ],
)
def test_ordinary_text_has_no_addresses(text: str) -> None:
    assert find_addresses(text) == []


def test_shipped_texts_have_no_addresses_and_no_mixed_words(content: Content) -> None:
    """Every text of every shipped leaflet (and of the example leaflet), in every language."""
    checked: set[tuple[str, str, str]] = set()
    for folder in (content, load_content(EXAMPLES)):
        for leaflet in folder.leaflets.values():
            for lang, text in leaflet.texts.items():
                for field in leaflet_fields(text):
                    assert find_addresses(field.text) == [], (leaflet.id, lang, field.key)
                    assert list(mixed_script_words(field.text)) == [], (leaflet.id, lang, field.key)
                    checked.add((leaflet.id, lang, field.key))
    # the texts were really walked: both languages, down to a sub-item and a step's note
    for lang in ("kk", "ru"):
        assert (LEAFLET_ID, lang, "blocks[6].steps[4].body[0].numbered[0].items[0]") in checked
        assert (LEAFLET_ID, lang, "blocks[6].steps[3].body[2].note") in checked
        assert ("fake-bank-call", lang, "title") in checked


def test_numbers_for_parity() -> None:
    text = "код 1414 — по номеру 1459; 10-15 дней; 2FA; 1414-тен"
    first, hotline, again = text.find("1414"), text.find("1459"), text.rfind("1414")
    assert find_numbers(text) == [(first, "1414"), (hotline, "1459"), (again, "1414")]


def test_numbers_written_in_thousands_are_one_number() -> None:
    assert find_numbers("код 1 414, 10 000 тенге, 1459 100 раз") == [
        (4, "1414"),
        (11, "10000"),
        (25, "1459"),
        (30, "100"),
    ]
    assert digit_groups("звоните 1 459 или 14-59") == [(8, "1 459", "1459"), (18, "14-59", "1459")]


def test_allow_list_refuses_imitations_in_either_order_but_not_sub_domains() -> None:
    for added in ("egov-kz.com", "egov.kz.example.com", "egovkz.com", "egov.com", "egov.kg", "myegov.kz", "qamqor.kz"):
        assert [index for index, _ in allowed_hosts_problems((*OFFICIAL, added))] == [len(OFFICIAL)], added
    for added in ("egov-kz.com", "egov.kz.example.com", "egovkz.com", "myegov.kz"):
        # listed first, the imitation is still the one reported, not the official host
        assert [index for index, _ in allowed_hosts_problems((added, *OFFICIAL))] == [0], added
    for added in ("www.egov.kz", "login.egov.kz", "stat.gov.kz", "nationalbank.kz", "evil.example"):
        assert allowed_hosts_problems((*OFFICIAL, added)) == [], added


@pytest.mark.parametrize(
    ("url", "whole"),
    [
        ("https://egov.kz.example.com/login", "write 'egov.kz' (the whole address: https://egov.kz)"),
        ("http://qatqor.gov.kz", "write 'qamqor.gov.kz' (the whole address: https://qamqor.gov.kz)"),
        ("mailto:info@citizensec.kz.example.com", "(the whole address: mailto:info@citizensec.kz)"),
    ],
)
def test_a_refused_url_is_answered_with_a_whole_address(url: str, whole: str) -> None:
    """'write egov.kz' in the url field gave an address without https://, itself refused."""
    verdict = check_url(url, OFFICIAL)
    assert verdict is not None and whole in verdict.hint
