"""Content checks beyond structure: references, links and addresses, characters, parity.

:func:`check_content` reads a folder and runs every check, collecting all
problems of all files before raising one :class:`ContentError`; ``leaflet
check`` and ``leaflet build`` both call it, so a build never starts on content
that ``check`` would refuse.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..errors import ContentError, Problem, shown
from ..layout.coverage import missing_glyphs
from .blockcheck import BLOCK_CHECKS, BlockPlace, check_step_ids, did_you_mean
from .blocks import leaflet_blocks, leaflet_fields
from .contacts import UNOFFICIAL_HINT, parse_phone, unofficial
from .inline import InlineError, parse_inline
from .linkcheck import allowed_hosts_problems, check_host, check_label, check_url, link_target
from .loader import Loaded, language_file, links_file, read_content
from .model import Content, Phone
from .parity import parity_problems
from .textscan import (
    MAX_WORD_CHARS,
    SCHEME_KINDS,
    Found,
    combining_marks,
    describe,
    digit_groups,
    find_addresses,
    find_numbers,
    invisible_characters,
    invisible_message,
    long_words,
    mixed_script_words,
    short_phone_numbers,
)
from .typedmarkup import check_typed_formatting


class Report:
    """Collects problems, locating each at its value or, inside a one-line text, at its character."""

    def __init__(self, loaded: Loaded) -> None:
        self.content = loaded.content
        self.starts = loaded.starts
        self.problems: list[Problem] = []

    def where(self, file: str, key: str, offset: int | None = None) -> tuple[int, int]:
        if offset is not None and (file, key) in self.starts:
            line, column = self.starts[(file, key)]
            return line, column + offset
        return self.content.locations.get((file, key), (0, 0))

    def add(self, file: str, key: str, message: str, hint: str, offset: int | None = None) -> None:
        self.problems.append(Problem(file, *self.where(file, key, offset), key, message, hint))


def check_content(folder: Path | str) -> Content:
    """Read a content folder and run every check; raise ContentError listing all problems."""
    loaded = read_content(folder)
    report = Report(loaded)
    content = loaded.content
    registry = links_file(content.folder)
    links_broken = any(problem.file == registry for problem in loaded.problems)
    check_links(report, registry)
    for leaflet in content.leaflets.values():
        for lang, text in leaflet.texts.items():
            file = language_file(leaflet.folder, lang)
            check_step_ids(report, file, text)
            for field in leaflet_fields(text):
                check_text(report, file, field.key, field.text, markup=field.markup, references=not links_broken)
            for key, block in leaflet_blocks(text):
                checker = BLOCK_CHECKS.get(block.kind)
                if checker is not None:
                    checker(report, BlockPlace(leaflet, lang, file, key, links_broken), block)
    problems = loaded.problems + _not_reported_by_file(loaded.problems, report.problems)
    if not problems:
        problems = parity_problems(content, report.where)
    if problems:
        raise ContentError(problems)
    return content


def _not_reported_by_file(files: list[Problem], values: list[Problem]) -> list[Problem]:
    """``values`` without the invisible characters that the file's own scan has located
    already (yamlcompose reports every one typed into a file, with its line and column)."""
    located = {(problem.file, problem.message) for problem in files if problem.message.startswith("invisible ")}
    return [problem for problem in values if (problem.file, problem.message) not in located]


def check_links(report: Report, file: str) -> None:
    """The allow-list, every link's address and label, and the purposes' text."""
    content = report.content
    for index, refused in allowed_hosts_problems(content.allowed_hosts):
        report.add(file, f"allowed_hosts[{index}]", refused.message, refused.hint)
    for link in content.links.values():
        key = f"links.{link.id}"
        verdict = check_url(link.url, content.allowed_hosts, content.phones) if link.url else None
        if verdict is not None:
            report.add(file, f"{key}.url", verdict.message, verdict.hint)
        for lang, label in link.labels.items():
            label_verdict = check_label(link.url, label) if link.url and label.strip() and verdict is None else None
            if label_verdict is not None:
                hint = label_verdict.hint
                shown_address = "https://" + label.strip().removeprefix("https://")
                if link.scheme == "https" and check_url(shown_address, content.allowed_hosts) is None:
                    hint += ", or correct the url if the label is the right address"  # both are official
                report.add(file, f"{key}.label.{lang}", label_verdict.message, hint)
            check_characters(report, file, f"{key}.label.{lang}", label, ())
        for lang, purpose in link.purposes.items():
            check_text(report, file, f"{key}.purpose.{lang}", purpose, markup=False)


def check_text(report: Report, file: str, key: str, text: str, *, markup: bool = True, references: bool = True) -> None:
    """Markup and link references, typed-out addresses, look-alike letters, characters.

    A text without ``markup`` (a link's purpose) is printed exactly as written: a
    ``{link_id}`` or ``**`` in it would be printed as it stands, so it is refused.
    """
    if markup and references:
        _check_references(report, file, key, text)
    elif not markup:
        _check_no_markup(report, file, key, text)
    found = find_addresses(text, report.content.allowed_hosts)
    for item in found:
        message, hint = _address_problem(report.content, item)
        report.add(file, key, message, hint if markup else _PLAIN_HINT, item.offset)
    _check_typed_numbers(report, file, key, text, found, markup=markup)
    for offset, message, hint in unofficial_short_numbers(report.content, text):
        report.add(file, key, message, hint, offset)
    check_characters(report, file, key, text, found)
    check_typed_formatting(report, file, key, text, markup=markup)  # *bold*, <b>, <br>: printed as typed


#: What to do with an address or phone number typed into a text printed without markup.
_PLAIN_HINT = "remove it: this text is printed beside its link, which already shows the address"
#: What to do with an address the registry cannot give.
_REMOVE_HINT = "remove it: the leaflet may send readers only to the official addresses in links.yaml"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,20}:")
_PLAIN_MARKUP = re.compile(r"\*\*|\{[^{}]*\}|[{}]")


def _check_no_markup(report: Report, file: str, key: str, text: str) -> None:
    match = _PLAIN_MARKUP.search(text)
    if match:
        message = f"{shown(match.group(), 40)} would be printed as it is: this text cannot hold links or bold"
        report.add(file, key, message, "write the words only, without '{…}' and '**'", match.start())


def _check_references(report: Report, file: str, key: str, text: str) -> None:
    links = report.content.links
    try:
        spans = parse_inline(text)
    except InlineError as error:
        inner = error.token.strip("{} ").lower()
        hint = f"did you mean {{{inner}}}?" if inner in links else error.hint
        report.add(file, key, str(error), hint, error.offset)
        return
    if text.strip() and not any(span.link or span.text.strip() for span in spans):  # empty: said elsewhere
        # '****' or '** **' passes the markup's syntax but prints nothing: a heading or a step's
        # title would be a bare number or a gap, a text lost without a word
        report.add(
            file,
            key,
            f"{shown(text, 40)} prints nothing: it is only markup",
            "write the words; '**' around them only makes them bold",
            0,
        )
    for span in spans:
        if span.link and span.link not in links:
            offset = text.find("{" + span.link + "}")
            usable = ", ".join("{" + name + "}" for name in links)
            hint = did_you_mean(span.link, links, f"use one of: {usable}", braces=True)
            report.add(file, key, f"unknown link {{{span.link}}}", hint, offset)


def _address_problem(content: Content, found: Found) -> tuple[str, str]:
    """Message and hint for an address typed into the text (always a problem: text uses {link_id})."""
    markdown = found.kind == "markdown link"
    typed = f"{found.kind} {shown(found.text, 80)} " + ("is not supported" if markdown else "is typed into the text")
    if found.kind == "messenger account":
        return typed, _REMOVE_HINT
    target = found.text.rpartition("(")[2].removesuffix(")") if markdown else found.text
    scheme, _, rest = target.partition(":") if _SCHEME.match(target) else ("", "", "")
    scheme = scheme.lower()
    # what the address is: find_addresses has told it by the scheme, except a markdown link's target
    kind = SCHEME_KINDS.get(scheme, "web address") if markdown else found.kind
    if kind == "phone number":
        return _phone_problem(content, typed, rest if scheme else found.text)
    if scheme and scheme not in ("http", "https", "mailto"):
        return f"{typed}: '{scheme}:' links are not allowed", _REMOVE_HINT
    authority = re.split(r"[/?#]", rest.removeprefix("//"), maxsplit=1)[0] if scheme in ("http", "https") else ""
    if "@" in authority:  # https://egov.kz@evil.example goes to evil.example
        user, _, real = authority.rpartition("@")
        link_id = _link_for_host(content, user.lower())
        message = f"{typed}: '@' in the address: it goes to {shown(real)}, not to {shown(user)}"
        return message, _write_link(link_id, _REMOVE_HINT, f"the official {user.lower()}")
    is_email = kind == "e-mail address"
    verdict = check_host(found.host, content.allowed_hosts) if found.host else None
    if verdict is None:
        address = rest if scheme == "mailto" else target
        link_id = _link_for_email(content, address) if is_email else _link_for_host(content, found.host.lower())
        return typed, _write_link(link_id, "add the address to links.yaml and write its {link_id}")
    message = f"{typed}: {verdict.message}"
    if not verdict.like:
        return message, verdict.hint
    link_id = _link_for_email_domain(content, verdict.like) if is_email else _link_for_host(content, verdict.like)
    official = f"the official {link_target(content.links[link_id].url)}" if link_id else ""
    otherwise = f"add a link to {verdict.like} to links.yaml and write its {{link_id}}"
    return message, _write_link(link_id, otherwise, official)


def _phone_problem(content: Content, typed: str, written: str) -> tuple[str, str]:
    """A phone number typed into the text, judged as every number is: a Kazakhstan number on
    the official list gets the hint to write its link; any other is named for what it is."""
    plus = "+" if written.lstrip().startswith("+") else ""
    phone = parse_phone(plus + re.sub(r"\D", "", written))  # its digits: it may be typed with '/' or '_'
    if isinstance(phone, tuple):
        message, hint = phone
        return f"{typed}: {message}", hint
    if phone.dial not in content.phones:
        return f"{typed}: {unofficial(phone)}", UNOFFICIAL_HINT
    link_id = _link_for_number(content, re.sub(r"\D", "", phone.dial))
    return typed, _write_link(link_id, "add it to links.yaml as a tel: link and write its {link_id}")


def _write_link(link_id: str, otherwise: str, what: str = "") -> str:
    if link_id:
        return f"write {{{link_id}}} ({what}) instead" if what else f"write {{{link_id}}} instead"
    return otherwise


def _link_for_host(content: Content, host: str) -> str:
    return next((link.id for link in content.links.values() if link.scheme == "https" and link.host == host), "")


def _link_for_email_domain(content: Content, domain: str) -> str:
    mails = (link for link in content.links.values() if link.scheme == "mailto")
    return next((link.id for link in mails if link.url.lower().rpartition("@")[2] == domain), "")


def _link_for_email(content: Content, address: str) -> str:
    target = f"mailto:{address.lower()}"
    return next((link.id for link in content.links.values() if link.url.lower() == target), "")


def _link_for_number(content: Content, digits: str) -> str:
    """The tel: link that dials ``digits`` (a short number, or +7 and ten digits as 7 and ten)."""
    phones = (link for link in content.links.values() if link.scheme == "tel")
    for link in phones:
        phone = parse_phone(link.url.removeprefix("tel:"))
        if not isinstance(phone, tuple) and re.sub(r"\D", "", phone.dial) in (digits, "7" + digits[-10:]):
            return link.id
    return ""


def _check_typed_numbers(
    report: Report, file: str, key: str, text: str, found: list[Found], *, markup: bool = True
) -> None:
    """A phone link's number typed out: '1459', and also '1 459' or '14-59'."""
    numbers = [(offset, number, number) for offset, number in find_numbers(text)] + digit_groups(text)
    reported: list[tuple[int, int]] = []
    for offset, written, digits in sorted(numbers, key=lambda number: (number[0], -len(number[1]))):
        link_id = _link_for_number(report.content, digits)
        end = offset + len(written)
        covered = any(item.offset < end and offset < item.end for item in found)
        if link_id and not covered and not any(start <= offset < stop for start, stop in reported):
            message = f"phone number {shown(written)} is typed into the text"
            report.add(file, key, message, _write_link(link_id, "") if markup else _PLAIN_HINT, offset)
            reported.append((offset, end))


def unofficial_short_numbers(content: Content, text: str) -> list[tuple[int, str, str]]:
    """``(offset, message, hint)`` for each short number given as one to call ('звоните 7111',
    «7111») that is not one of the official numbers: a short number is a phone number too."""
    return [
        (offset, f"short number {shown(digits)} is given to call: {unofficial(Phone(digits, digits))}", UNOFFICIAL_HINT)
        for offset, digits in short_phone_numbers(text)
        if digits not in content.phones
    ]


def check_characters(report: Report, file: str, key: str, text: str, found: tuple[Found, ...] | list[Found]) -> None:
    """Words mixing alphabets, invisible characters, combining marks, characters without a glyph."""
    for message, hint, offset in character_problems(text, tuple(found)):
        report.add(file, key, message, hint, offset)


@functools.lru_cache(maxsize=4096)  # the same texts come back: the studio checks every file after each edit
def character_problems(text: str, found: tuple[Found, ...]) -> tuple[tuple[str, str, int], ...]:
    """``(message, hint, offset)`` of :func:`check_characters` for ``text`` (``found``: its addresses)."""
    problems: list[tuple[str, str, int]] = []
    for offset, word, detail in mixed_script_words(text, found):
        problems.append((f"word {shown(word)} mixes {detail}", "retype the word in one alphabet", offset))
    for offset, word in long_words(text, found):
        message = f"word {shown(word, 50)} is {len(word)} characters long and would run off the page"
        hint = f"a word is never broken across lines: shorten it or add spaces (at most {MAX_WORD_CHARS} characters)"
        problems.append((message, hint, offset))
    invisible = invisible_characters(text)
    for char, offset in invisible.items():
        problems.append((invisible_message(char), "delete it; it may hide or reorder what is printed", offset))
    marks = combining_marks(text)
    for char, (offset, composed) in marks.items():
        message = f"combining character {describe(char)} cannot be printed on its letter"
        hint = f"type the letter '{composed}' itself" if composed else "type the letter without the combining mark"
        problems.append((message, hint, offset))
    for char in missing_glyphs(text):
        if char not in invisible and char not in marks:
            message = f"character {describe(char)} has no glyph in the fonts"
            hint = "replace it with a common character, or add a font that has it"
            problems.append((message, hint, text.index(char)))
    return tuple(problems)
