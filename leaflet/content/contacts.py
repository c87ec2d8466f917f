"""The contact model: how every web address, e-mail and phone number is normalised and compared.

A leaflet's addresses and numbers come from three places: the registry (``links.yaml``, its
``allowed_hosts`` and its official ``phones``), a branch list (its ``phone`` and ``website``
columns) and the running text, where none may be typed.  All three go through the functions
here, so a look-alike or an unofficial number is recognised the same way wherever it stands:

- **Look-alike hosts** are compared by their Unicode confusable *skeleton* (UTS #39: NFD, each
  character replaced by its prototype from Unicode's confusables data, NFD again), taken after
  NFKC and lower-casing, so ``еgov.kz`` with a Cyrillic ``е``, ``egov.kz`` with full-width
  letters and ``eg0v.kz`` all have the skeleton of ``egov.kz``.  The keyboard-layout mistake
  ``егов.кз`` (Cyrillic letters typed for the Latin ones) is caught by transliteration, which
  skeletons cannot see (``к`` is not drawn like ``k``).
- **Separators**: any character Unicode says looks like a full stop (``․`` U+2024, ``·``, the
  full-width and ideographic stops ...), a dot written with spaces around it (``egov . kz``) and
  the "defanged" ``[.]``, ``(.)``, ``[dot]`` of security reports all count as the dot between a
  host's labels (:data:`SEPARATOR`, :func:`squeeze_host`).
- **Phone numbers** are parsed with Google's libphonenumber (``phonenumbers``): a Kazakhstan
  number (+7, 8 or 7 and ten digits) or a national short number (3 or 4 digits); each is printed
  one way and dialled one way, and judged against the official numbers of ``links.yaml``.

Pure functions on strings and small frozen records: no content model, no ReportLab.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import phonenumbers
from homoglyph.data import load_prototypes

from ..errors import shown
from .model import Phone

# -- confusable skeletons (UTS #39) ----------------------------------------------------------------


@functools.cache
def _prototypes() -> dict[int, str]:
    """Unicode's confusables data: code point -> its prototype (what it is drawn like)."""
    return load_prototypes()


@functools.lru_cache(maxsize=4096)  # a check asks again for the same hosts, words and allowed hosts
def skeleton(text: str, *, compatibility: bool = True) -> str:
    """``text`` as it looks: the UTS #39 skeleton of its NFKC form, lower-cased, twice.

    NFKC first, so that full-width and mathematical forms meet their plain letters; the
    skeleton is taken of the text as written, then lower-cased and taken again, so that a
    capital look-alike (Greek ``Ζ``) and a prototype that is itself a capital (``0`` -> ``O``)
    both meet the lower-case letter. ``compatibility=False`` leaves NFKC out, as UTS #39 does:
    NFKC turns some look-alikes into letters that look like something else (Greek lunate
    'ϲ', drawn like 'c', into final sigma 'ς').
    """
    prototypes = _prototypes()
    text = unicodedata.normalize("NFKC", text) if compatibility else text
    for _ in range(2):  # capitals first: Greek 'Ζ' is drawn like 'Z', its small 'ζ' like no Latin letter
        decomposed = unicodedata.normalize("NFD", text)
        mapped = "".join(_prototype(prototypes, char) for char in decomposed if not _ignorable(char))
        text = unicodedata.normalize("NFD", mapped).lower()
    return unicodedata.normalize("NFC", text)


def _prototype(prototypes: dict[int, str], char: str) -> str:
    """What ``char`` is drawn like; a small letter without an entry of its own is judged by its
    capital (a host is read without regard to case: 'ζ' in 'egov.kζ' stands for 'Ζ')."""
    found = prototypes.get(ord(char))
    if found is None and char.islower() and len(char.upper()) == 1:
        found = prototypes.get(ord(char.upper()))
    return char if found is None else found


def _ignorable(char: str) -> bool:
    """A default-ignorable character (drawn as nothing): UTS #39 leaves it out of a skeleton."""
    fillers = "\u034f\u115f\u1160\u3164\uffa0"
    return unicodedata.category(char) == "Cf" or char in fillers or "\ufe00" <= char <= "\ufe0f"


#: Cyrillic letters as usually written in Latin: 'егов.кз' is 'egov.kz' typed on the Cyrillic layout.
_TRANSLITERATION = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        (
            *("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t"),
            *("u", "f", "h", "c", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya", "a", "g", "q", "n", "o", "u", "u"),
            *("h", "i"),
        ),
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """``text`` with Cyrillic letters written in Latin ('егов.кз' -> 'egov.kz')."""
    return "".join(_TRANSLITERATION.get(char, char) for char in unicodedata.normalize("NFKC", text).lower())


#: Small capitals (and kra) that skeletons keep apart from their letters, but that a reader of
#: print takes for them: Cyrillic 'к' has the skeleton 'ĸ', Komi 'ԍ' the skeleton 'ɢ'.
_SMALL_CAPITALS = str.maketrans("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢĸ", "abcdefghijklmnopqrstuvwyzk")


@functools.lru_cache(maxsize=4096)
def looks(text: str) -> frozenset[str]:
    """What ``text`` may be read as: its skeleton, its transliteration's skeleton, and both
    with small capitals read as letters."""
    forms = {skeleton(text), skeleton(text, compatibility=False), skeleton(transliterate(text))}
    return frozenset(forms | {form.translate(_SMALL_CAPITALS) for form in forms})


def imitated(host: str, allowed: tuple[str, ...]) -> str:
    """The allowed host that ``host`` (already squeezed) looks like, or ''."""
    forms = looks(host)
    return next((official for official in allowed if skeleton(official) in forms), "")


# -- separators between a host's labels ------------------------------------------------------------

#: Characters drawn like a dot that are not in Unicode's confusables as '.': middle dots, bullets,
#: the ideographic and katakana stops (NFKC makes the full-width and small stops '.').
_MORE_DOTS = "\u00b7\u0387\u2022\u2027\u2219\u22c5\u3002\u30fb\uff0e\uff61\uff65\ufe52"


@functools.cache
def dot_characters() -> str:
    """Every character that stands for the dot between a host's labels, '.' first."""
    confusable = (chr(code) for code, prototype in _prototypes().items() if prototype == ".")
    others = sorted(set(confusable) | set(_MORE_DOTS) - {"."})
    return "." + "".join(others)


@functools.cache
def _separator_pattern() -> str:
    dots = re.escape(dot_characters())
    defanged = r"\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}"
    return rf"(?:[ \t\u00a0]*(?:[{dots}]|{defanged})[ \t\u00a0]*)"


def separator_pattern() -> str:
    """A regular expression for one separator between a host's labels: a dot-like character or
    a defanged dot, with spaces or tabs around it."""
    return _separator_pattern()


def squeeze_host(written: str) -> str:
    """``written`` (a host as typed) with every separator made '.': 'egov [.] KZ' -> 'egov.KZ'.

    Letters stay as written (no NFKC, no lower case), so that a full-width or a Greek capital
    letter is judged as the reader sees it."""
    return re.sub(separator_pattern(), ".", written, flags=re.IGNORECASE)


def odd_separator(written: str) -> str:
    """The first separator of ``written`` that is not a plain '.', as written, or ''."""
    for match in re.finditer(separator_pattern(), written, flags=re.IGNORECASE):
        if match.group() != ".":
            return match.group()
    return ""


# -- phone numbers ---------------------------------------------------------------------------------


#: What a phone number in a branch list's cell may be written with: digits, spaces, brackets,
#: hyphens and dashes, dots (the text scanner finds numbers written with more: textscan.py).
_PHONE_CHARS = re.compile(r"\+?[0-9 \u00a0\u2009\u202f().\-\u2010-\u2015]+")
#: A number the spreadsheet turned into 7.72724E+10 (the phone column was formatted as a number).
_SCIENTIFIC = re.compile(r"\d[.,]\d+E\+?\d+", re.IGNORECASE)
PHONE_EXAMPLE = "+7 727 244 50 50, 8 (727) 244-50-50 or a short number such as 1414"


def parse_phone(written: str) -> Phone | tuple[str, str]:
    """A Kazakhstan phone number as printed and dialled, or ``(message, hint)`` saying why not.

    Accepted: "+7" and ten digits, "8" and ten digits (the domestic form), "7" and ten digits
    (the "+" a spreadsheet drops), in any spacing and punctuation ("+7 (727) 244-50-50"), if
    libphonenumber knows the number as one of Kazakhstan's; or a short service number of three
    or four digits (1414, 102, 7111), which is national.  Every number is printed one way:
    "+7 727 244 50 50" (the ten digits grouped 3-3-2-2), dialled "+77272445050"; a short number
    as its digits.  A foreign country code is refused: a hotline in a Kazakhstan leaflet is
    never abroad.
    """
    text = written.strip().removeprefix("'")  # the apostrophe that tells a spreadsheet "this is text"
    if _SCIENTIFIC.fullmatch(text):
        return (
            f"{shown(text)}: the spreadsheet turned the phone number into a number in scientific notation",
            "format the phone column as Text, type the numbers again and export the list again",
        )
    if not _PHONE_CHARS.fullmatch(text):
        odd = next((char for char in text if not _PHONE_CHARS.fullmatch(char) and char != "+"), "+")
        what = "a '+' that is not at the start" if odd == "+" else f"{shown(odd)}"
        return (
            f"{shown(text)} is not a phone number: it has {what}",
            f"write one number with digits only, e.g. {PHONE_EXAMPLE} (an extension cannot be dialled); "
            "separate numbers with ';'",
        )
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        if not digits.startswith("7"):
            return _foreign(text, digits)
        national = digits[1:]
        if len(national) != 10:
            return (
                f"{shown(text)} has {len(national)} digits after +7; a Kazakhstan number has 10",
                "check the number: e.g. +7 727 244 50 50",
            )
    elif digits.startswith("00") and len(digits) > 6:
        return _foreign(text, digits[2:])
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    elif 3 <= len(digits) <= 4 and digits[0] != "0":
        return Phone(shown=digits, dial=digits)
    elif len(digits) == 10 and digits[0] == "7":
        return (
            f"{shown(text)} has no +7 or 8 in front",
            f"write +7 in front: {shown(_grouped(digits))}",
        )
    else:
        return (
            f"{shown(text)} is not a phone number in a Kazakhstan form ({len(digits)} digits)",
            f"write +7 and ten digits, 8 and ten digits, or a short number of 3 or 4 digits: e.g. {PHONE_EXAMPLE}",
        )
    return _national_phone(text, national)


def _foreign(text: str, digits: str) -> tuple[str, str]:
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse("+" + digits))
    except phonenumbers.NumberParseException:
        region = ""
    where = f" ({region})" if region and region != "ZZ" else ""
    return (
        f"{shown(text)} is a foreign number{where}: its country code is not +7, and a hotline here is never abroad",
        f"write a Kazakhstan number, e.g. {PHONE_EXAMPLE}",
    )


def _national_phone(text: str, national: str) -> Phone | tuple[str, str]:
    number = phonenumbers.parse("+7" + national)
    if phonenumbers.is_valid_number_for_region(number, "KZ"):
        return Phone(shown=_grouped(national), dial="+7" + national)
    if phonenumbers.is_valid_number_for_region(number, "RU"):
        return (
            f"{shown(text)} is a Russian number (+7 {national[:3]}), not a Kazakhstan one",
            "Kazakhstan numbers start +7 7… (or 8 7…), toll-free ones +7 800; check the number",
        )
    return (
        f"{shown(text)} is not a Kazakhstan phone number: no number starts +7 {national[:3]}",
        "check the digits: e.g. +7 727 244 50 50 (a landline in Almaty) or +7 701 234 56 78 (a mobile)",
    )


def _grouped(national: str) -> str:
    """'+7 727 244 50 50': the ten digits of a Kazakhstan number grouped 3-3-2-2."""
    return f"+7 {national[:3]} {national[3:6]} {national[6:8]} {national[8:]}"


#: What to do with a number that is not on the official list.
UNOFFICIAL_HINT = (
    "check the number on the organisation's official site; if it is official, add it to the official "
    "numbers (phones: in links.yaml) with what it is"
)


def unofficial(phone: Phone) -> str:
    """The message for a number that is not on the official list."""
    return f"{shown(phone.shown)} is not one of the official numbers (phones: in links.yaml)"
