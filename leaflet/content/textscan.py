"""Find things in running text that a reader cannot see are wrong.

Addresses typed into the text (web addresses, bare domains, e-mail addresses,
phone numbers, markdown links), numbers, words that mix alphabets (a Latin
``p`` in a Cyrillic word, a Latin ``i`` for Kazakh ``і``), invisible characters
and letters built from combining marks.  Pure functions on strings; every
finding carries its character offset so a problem can point at its column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .contacts import dot_characters, looks, separator_pattern, skeleton, squeeze_host

#: Non-Latin letters that look like a Latin letter, and the letter they look like.
LOOKALIKE_LATIN = dict(
    zip(
        "аеорсухіјѕһԁԛԝӏүАВЕКМНОРСТХІЈЅҮαορνικτυχΑΒΕΗΙΚΜΝΟΡΤΥΧΖ",
        "aeopcyxijshdqwlyABEKMHOPCTXIJSYaopviktuxABEHIKMNOPTYXZ",
        strict=True,
    )
)
#: Latin letters that look like a Cyrillic letter, and the letter they look like.
LOOKALIKE_CYRILLIC = {latin: other for other, latin in LOOKALIKE_LATIN.items() if "CYRILLIC" in unicodedata.name(other)}
#: Top-level domains in Cyrillic, real ones and "кз" (kz typed on the Cyrillic keyboard layout).
_CYRILLIC_TLDS = frozenset(
    ("рф", "қаз", "рус", "бел", "укр", "срб", "мкд", "мон", "орг", "ком", "сайт", "онлайн", "кз")
)
#: Top-level domains a look-alike written with odd separators or in another script may end in.
_KNOWN_TLDS = frozenset(
    ("kz", "ru", "com", "org", "net", "info", "io", "me", "su", "uz", "kg", "online", "site", "app", "top", "xyz")
)

_MARKDOWN = re.compile(r"\[[^\[\]\n]{0,300}\]\([^()\s]{0,500}\)")
_SCHEME_URL = re.compile(
    r"(?<![\w.+-])(?:[A-Za-z][A-Za-z0-9+.-]{1,20}://|(?:mailto|tel|sms|javascript|data|file|callto):)[^\s«»\"<>()\[\]{}]*",
    re.IGNORECASE,
)
#: What an address with one of these schemes is, for messages; any other scheme is a web address.
SCHEME_KINDS = {"tel": "phone number", "callto": "phone number", "sms": "phone number", "mailto": "e-mail address"}
_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+@[\w-]+(?:{separator_pattern()}[\w-]+)+", re.IGNORECASE)
#: Every character drawn like a dot (Unicode's confusables, middle dots, the full-width and
#: ideographic stops): each may stand between a host's labels.
_DOTS = re.escape(dot_characters())
_DOMAIN = re.compile(rf"(?<![\w@-])[\w-]+(?:[{_DOTS}][\w-]+)+")
#: A host written with spaces around its dots or with defanged dots: 'egov . kz', 'egov[.]kz'.
_SPACED_DOMAIN = re.compile(rf"(?<![\w@-])[\w-]+(?:{separator_pattern()}[\w-]+)+", re.IGNORECASE)
#: A phone number: digits with spaces or tabs (a run of them), brackets, slashes, underscores,
#: hyphens, dashes or minus signs between them, or single dots.
_PHONE_GAP = "[ \t\u00a0\u2009\u202f()\\-/_\u2010-\u2015\u2212]"
_PHONE = re.compile(rf"(?<![\w+])\+?\d(?:(?:{_PHONE_GAP}{{0,6}}|\)?\.\(?)\d)*")
#: Dates and year ranges, which the phone pattern would otherwise take for numbers.
_NOT_PHONE = re.compile(
    r"\d{1,2}([./])\d{1,2}\1\d{2,4}|[12]\d{3}\s*[\-/\u2010-\u2015]\s*[12]\d{3}"  # 29.11.2026, 2025-2026
    r"|\d{1,2}[.:]\d{2}\s*[\-\u2010-\u2015]\s*\d{1,2}[.:]\d{2}"  # opening hours: 9.00–18.00
)
#: Digits written in groups (1 459, 14-59, 14.59): compared with the phone links' numbers.
_DIGIT_GROUPS = re.compile(r"(?<![\d.])\d+(?:[ .\u00a0\u2009\u202f\-\u2010\u2011\u2012\u2013]\d+)+(?![\d])")
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
#: '@name': a Telegram, Instagram or other messenger account, where fraudsters wait too.
_HANDLE = re.compile(r"(?<![\w@.+-])@[A-Za-z0-9_][A-Za-z0-9_.]{2,}(?<!\.)")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+")
#: A number of three or more digits, or one written in thousands (1 414, 10 000).
_NUMBER = re.compile(r"(?<!\d)(?:\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d{3,})(?!\d)")
MAX_WORD_CHARS = 30
_LONG_WORD = re.compile(rf"[^\s]{{{MAX_WORD_CHARS + 1},}}")
_WORD = re.compile(r"[^\W\d_]+")
_ALLOWED_CONTROLS = frozenset("\n\t")
#: Characters that draw nothing but are not format characters: variation selectors (the
#: invisible U+FE0F after an emoji), the grapheme joiner, Hangul and Mongolian fillers.
_INVISIBLE = frozenset(
    [chr(code) for code in range(0xFE00, 0xFE10)]
    + [chr(code) for code in range(0xE0100, 0xE01F0)]
    + ["\u034f", "\u115f", "\u1160", "\u180b", "\u180c", "\u180d", "\u180f", "\u3164", "\uffa0"]
)
#: Alphabets with letters that look like each other; a word mixing two of them is suspect.
_LOOKALIKE_SCRIPTS = frozenset(("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "COPTIC", "CHEROKEE"))


@functools.cache  # asked for every letter of every word of every text: a few hundred distinct ones
def letter_script(char: str) -> str:
    """'LATIN', 'CYRILLIC', 'GREEK', ... for a letter; '' for anything else."""
    if not char.isalpha():
        return ""
    folded = unicodedata.normalize("NFKC", char)[:1] or char  # full-width 'ｅ' and maths '𝐞' are Latin
    script = unicodedata.name(folded, "").partition(" ")[0]
    return script if script in _LOOKALIKE_SCRIPTS else ""


def describe(char: str) -> str:
    """'U+2709 ENVELOPE (✉)', 'U+0007 (a control character)': how messages name a character."""
    kind = {"Cc": "a control character", "Co": "a private-use character", "Cn": "an unassigned character"}
    category = unicodedata.category(char)
    name = unicodedata.name(char, "") or f"({kind.get(category, 'an unnamed character')})"
    visible = char.isprintable() and not char.isspace() and not unicodedata.combining(char) and char not in _INVISIBLE
    return f"U+{ord(char):04X} {name}" + (f" ({char})" if visible and category[0] != "C" else "")


def lookalike_skeleton(text: str) -> str:
    """``text`` as it looks (its UTS #39 confusable skeleton, :func:`leaflet.content.contacts.skeleton`)."""
    return skeleton(text)


def mixed_script_detail(word: str) -> str:
    """'Latin and Cyrillic letters: 'р' is U+0440 CYRILLIC SMALL LETTER ER (looks like Latin 'p')'."""
    letters = [char for char in word if letter_script(char)]
    counts: dict[str, int] = {}
    for char in letters:
        counts[letter_script(char)] = counts.get(letter_script(char), 0) + 1
    main = max(counts, key=lambda script: (counts[script], script == "CYRILLIC"))
    odd = sorted({char for char in letters if letter_script(char) != main}, key=word.index)
    names = " and ".join(script.title() for script in sorted(counts, key=lambda script: script != main))
    described = "; ".join(_describe_odd(char, main) for char in odd[:3])
    return f"{names} letters: {described}"


def _describe_odd(char: str, main: str) -> str:
    name = unicodedata.name(char, "unnamed")
    twin = LOOKALIKE_CYRILLIC.get(char) if main == "CYRILLIC" else LOOKALIKE_LATIN.get(char)
    looks = f" (looks like {main.title()} '{twin}')" if twin else ""
    return f"'{char}' is U+{ord(char):04X} {name}{looks}"


@dataclass(frozen=True)
class Found:
    """An address typed into running text."""

    kind: str  # "markdown link", "web address", "e-mail address", "messenger account" or "phone number"
    text: str
    offset: int
    host: str = ""  # the host of a web address, the domain of an e-mail address

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


def find_addresses(text: str, allowed: tuple[str, ...] = ()) -> list[Found]:
    """Every markdown link, web address, e-mail address and phone number in ``text``.

    A host is found whatever its script and separators: a dot may be any character drawn like
    one, or a dot with spaces around it, or a "defanged" ``[.]``; such a host counts when it
    ends in a known top-level domain (in any script that looks like it) or looks like one of the
    ``allowed`` hosts.  Its ``host`` is the squeezed form (:func:`contacts.squeeze_host`).
    """
    return list(_addresses(text, tuple(allowed)))


@functools.lru_cache(maxsize=4096)  # the same texts come back: the studio checks every file after each edit
def _addresses(text: str, allowed: tuple[str, ...]) -> tuple[Found, ...]:
    found: list[Found] = []

    def free(start: int, end: int) -> bool:
        return all(end <= other.offset or start >= other.end for other in found)

    for match in _MARKDOWN.finditer(text):
        found.append(Found("markdown link", match.group(), match.start(), _host_of(match.group().rpartition("(")[2])))
    for match in _SCHEME_URL.finditer(text):
        if free(*match.span()):
            value = match.group().rstrip(".,;:!?")
            scheme = value.partition(":")[0].lower()
            kind = SCHEME_KINDS.get(scheme, "web address")
            found.append(Found(kind, value, match.start(), "" if kind == "phone number" else _host_of(value)))
    for match in _EMAIL.finditer(text):
        if free(*match.span()):
            value = match.group().rstrip(".-")
            found.append(Found("e-mail address", value, match.start(), squeeze_host(value.rpartition("@")[2])))
    for match in _SPACED_DOMAIN.finditer(text):  # 'egov . kz', before 'egov' alone is taken for a word
        value = _spaced_host(match.group().rstrip("-"), allowed)
        if value and free(match.start(), match.start() + len(value)):
            found.append(Found("web address", value, match.start(), squeeze_host(value)))
    for match in _DOMAIN.finditer(text):
        value = match.group().rstrip("-")
        if free(*match.span()) and _looks_like_domain(value, allowed):
            found.append(Found("web address", value, match.start(), squeeze_host(value)))
    for match in _IPV4.finditer(text):
        if free(*match.span()) and all(int(part) <= 255 for part in match.group().split(".")):
            found.append(Found("web address", match.group(), match.start(), match.group()))
    for match in _HANDLE.finditer(text):
        if free(*match.span()):
            found.append(Found("messenger account", match.group(), match.start()))
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if free(*match.span()) and len(digits) >= 7 and not _is_amount(match.group()) and not _is_date(match.group()):
            found.append(Found("phone number", match.group(), match.start()))
    return tuple(sorted(found, key=lambda item: item.offset))


def _is_date(value: str) -> bool:
    return bool(_NOT_PHONE.fullmatch(value))


def _host_of(address: str) -> str:
    rest = address.partition(":")[2] if "://" in address or address.lower().startswith("mailto:") else address
    rest = rest.removeprefix("//")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return squeeze_host(authority.rpartition("@")[2].partition(":")[0]).rstrip(".)")


def _spaced_host(value: str, allowed: tuple[str, ...]) -> str:
    """The longest start of ``value`` (words joined by separators) that is a host: 'egov . kz.
    Это' ends a sentence after 'egov . kz'; '' when no start of it is one."""
    ends = [match.start() for match in re.finditer(separator_pattern(), value, flags=re.IGNORECASE)]
    for end in [len(value), *reversed(ends)]:
        if _looks_like_domain(value[:end], allowed, spaced=True):
            return value[:end]
    return ""


@functools.cache
def _known_tld_skeletons() -> frozenset[str]:
    return frozenset(skeleton(tld) for tld in _KNOWN_TLDS)


def _looks_like_domain(value: str, allowed: tuple[str, ...], *, spaced: bool = False) -> bool:
    """Whether ``value`` (words joined by dots or dot-like separators) is a host name.

    With plain dots, a Latin top-level domain is enough ('example.com'); with spaces or defanged
    dots ('see it . Then'), only a known top-level domain or a look-alike of an allowed host is,
    so that the end of a sentence is not taken for an address.  A top-level domain in another
    script counts when it looks like or transliterates to a known one ('кз', 'ҡz').
    """
    host = squeeze_host(value)
    top = host.rpartition(".")[2].lower()
    if not top or "." not in host:
        return False
    if any(skeleton(official) in looks(host) for official in allowed):
        return True
    separators = re.findall(separator_pattern(), value, flags=re.IGNORECASE)
    if any(sep[:1].isspace() != sep[-1:].isspace() for sep in separators):
        return False  # a space on one side only ('и .site', 'end. Next'): only a look-alike counts
    if top in _CYRILLIC_TLDS or top.startswith("xn--") or looks(top) & _known_tld_skeletons():
        return True
    plain = not spaced or value.count(".") == len(re.findall(separator_pattern(), value, flags=re.IGNORECASE))
    return plain and re.fullmatch(r"[.\w-]+", value) is not None and top.isascii() and top.isalpha() and len(top) >= 2


def _is_amount(value: str) -> bool:
    return bool(_THOUSANDS.fullmatch(value)) and len(re.sub(r"\D", "", value)) < 10


#: Words that say the next number is one to call: a short number after them is a phone number.
_CALL_WORDS = (
    r"номер\w*|звон\w*|позвон\w*|перезвон\w*|тел\.?|телефон\w*|лини\w*|нөмір\w*|қоңырау\w*|хабарлас\w*"
    r"|телефон\w*|байланыс\w*|call|phone|☎"
)
_SHORT_NUMBER = re.compile(
    rf"(?:(?<!\w)(?:{_CALL_WORDS})(?:[^\w\d]+[^\W\d]+){{0,2}}[^\w\d]+|«)(?P<number>\d{{3,4}})(?!\d)",
    re.IGNORECASE,
)


def short_phone_numbers(text: str) -> list[tuple[int, str]]:
    """``(offset, digits)`` of short numbers (3 or 4 digits) the text gives as numbers to call:
    after a word such as 'звоните', 'номер', 'тел.', 'қоңырау шалыңыз' (two words may stand
    between), or in guillemets («1459»)."""
    return [
        (match.start("number"), match.group("number"))
        for match in _SHORT_NUMBER.finditer(text)
        if match.group().startswith("«") or not re.fullmatch(r"(?:19|20)\d\d", match.group("number"))  # a year
    ]


def find_numbers(text: str) -> list[tuple[int, str]]:
    """Every number of three or more digits, as its digits: short numbers such as 1414 (also
    written '1 414'), and the digits of phone numbers."""
    return [(match.start(), re.sub(r"\D", "", match.group())) for match in _NUMBER.finditer(text)]


#: every number: digits written in groups of three ('10 000') as one, any other run of digits
_ANY_NUMBER = re.compile(r"(?<!\d)(?:\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?!\d)")


def all_numbers(text: str) -> list[tuple[int, str]]:
    """Every number, whatever its length, as its digits: '10–15 дней' gives 10 and 15.  Parity
    compares them all: a deadline of 10 days in one language and 15 in the other is as wrong
    as another phone number."""
    return [(match.start(), re.sub(r"\D", "", match.group())) for match in _ANY_NUMBER.finditer(text)]


def digit_groups(text: str) -> list[tuple[int, str, str]]:
    """``(offset, as written, digits)`` for digits written in groups: '1 459', '14-59', '10–15'."""
    return [(match.start(), match.group(), re.sub(r"\D", "", match.group())) for match in _DIGIT_GROUPS.finditer(text)]


def mixed_script_words(text: str, skip: Sequence[Found] = ()) -> Iterator[tuple[int, str, str]]:
    """``(offset, word, detail)`` for each word whose letters come from more than one alphabet."""
    for match in _WORD.finditer(text):
        word = match.group()
        if any(found.offset <= match.start() < found.end for found in skip):
            continue
        scripts = {letter_script(char) for char in word} - {""}
        if len(scripts) > 1:
            yield match.start(), word, mixed_script_detail(word)


def long_words(text: str, skip: Sequence[Found] = ()) -> list[tuple[int, str]]:
    """``(offset, word)`` for each run of characters without a space longer than MAX_WORD_CHARS.

    The layout never breaks a word (an address split in two is a wrong address), so a
    longer word would run past the edge of its column.
    """
    return [
        (match.start(), match.group())
        for match in _LONG_WORD.finditer(text)
        if not any(found.offset < match.end() and match.start() < found.end for found in skip)
    ]


def invisible_characters(text: str) -> dict[str, int]:
    """Control and format characters (zero-width spaces, bidi overrides, ...) with their first offset."""
    found: dict[str, int] = {}
    if not any(is_invisible(char) for char in set(text) - _ALLOWED_CONTROLS):
        return found  # the usual text: each distinct character looked at once, not each one
    for offset, char in enumerate(text):
        if char in _INVISIBLE or (char not in _ALLOWED_CONTROLS and is_invisible(char)):
            found.setdefault(char, offset)
    return found


#: Bidirectional controls: they can show a line's characters in another order than the file holds.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def is_invisible(char: str) -> bool:
    """A character that draws nothing or reorders what is drawn: controls (but tab and line
    breaks), format characters (zero-width, bidi, soft hyphen), separators, fillers, selectors."""
    category = unicodedata.category(char)
    return char in _INVISIBLE or (char not in "\t\n\r" and category in ("Cc", "Cf", "Zl", "Zp"))


def invisible_in_file(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, message)`` for every invisible character of a whole file (1-based), in
    its values, keys, cells and comments alike: what a reviewer is shown must be what it holds."""
    found: list[tuple[int, int, str]] = []
    if not any(is_invisible(char) for char in set(text) - set("\r\n")):
        return found  # the usual file: each distinct character looked at once, not each one
    for number, match in enumerate(_LINE.finditer(text), start=1):
        for column, char in enumerate(match.group(), start=1):
            if char not in "\r\n" and is_invisible(char):
                found.append((number, column, invisible_message(char)))
        if match.end() >= len(text):
            break
    return found


def invisible_message(char: str) -> str:
    """'invisible character U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control: ...)'."""
    bidi = " (a bidirectional control: it can show the text in another order than the file holds)"
    return f"invisible character {describe(char)}" + (bidi if char in _BIDI else "")


def combining_marks(text: str) -> dict[str, tuple[int, str]]:
    """Combining marks that NFC cannot join to their letter, or that should have been typed composed.

    Returns ``{mark: (offset, composed form or '')}`` for the first place each mark appears.
    """
    found: dict[str, tuple[int, str]] = {}
    for offset, char in enumerate(text):
        if unicodedata.combining(char) and char not in found:
            base = text[offset - 1] if offset else ""
            composed = unicodedata.normalize("NFC", base + char)
            found[char] = (offset, composed if len(composed) == 1 else "")
    return found
