"""Branch lists: the bank branches and public-service centres that hand the leaflets out.

A branch list is a CSV file, exported from a spreadsheet as "CSV UTF-8", with one branch a
row under a first line of column names (:data:`COLUMNS`); ``leaflet build --branches FILE``
makes one edition of the leaflets per branch, with a band saying who hands it out, where,
when and how to call them.  :func:`read_branches` reads and checks a list and returns a
:class:`~leaflet.content.model.BranchList`, or raises one
:class:`~leaflet.errors.ContentError` listing every problem of every row, each located at
its cell: the list's path, the row's line in the file (the header is line 1), the cell's
column number (the first column is 1) and the column's name.

What a list may not do, because editors are not programmers and a list may come from anyone:

- be anything but UTF-8 text (a workbook, UTF-16, Windows-1251, binary), larger than
  :data:`MAX_LIST_BYTES`, longer than :data:`MAX_ROWS` rows, a symbolic link or a folder;
- hold a formula: a cell is text, never evaluated; a cell starting with "=" or holding a
  spreadsheet's error value (``#NAME?``) is refused, since it would be printed as it stands;
- print an address that was not checked: web addresses, e-mails and phone numbers typed into
  a name, an address or the hours are refused; the website must be on the content's
  ``allowed_hosts`` (:func:`leaflet.content.linkcheck.check_url`), every phone a valid
  Kazakhstan number (Google's libphonenumber, through ``phonenumbers``);
- mix alphabets in a word, or hold invisible characters or characters the fonts cannot
  print (:func:`leaflet.content.check.check_characters`, as for the leaflets' texts);
- read a file outside the list's folder: a logo is a PNG or JPEG file named relative to the
  list's folder, never through a symbolic link, checked with Pillow (its PNG and JPEG readers
  only) for what it really is, for being stored upright, and for enough pixels to print at
  300 dpi at its largest (:data:`MIN_LOGO_PIXELS` high).

SVG logos are refused for now: drawing one needs an SVG renderer (svglib and lxml), which
reads other files named in the drawing (images, other SVG files), runs ``fc-match`` for the
fonts of its texts and recovers silently from broken XML; every organisation has its logo
as PNG too.

The layout draws a checked logo (:func:`leaflet.layout.branding.logo_flowable`, through
:func:`open_logo`: the pixels it needs, in RGB); drawn straight from :attr:`Branch.logo`'s path
with ReportLab, as the leaflets' pictures are, it prints as the file shows it too.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem, shown
from .blockcheck import MIN_IMAGE_DPI, did_you_mean
from .check import Report, check_characters, unofficial_short_numbers
from .contacts import PHONE_EXAMPLE as _PHONE_EXAMPLE
from .contacts import parse_phone
from .linkcheck import check_url
from .loader import Loaded
from .model import LANGUAGES, LOGO_HEIGHT_MM, Branch, BranchList, Content, Phone
from .textscan import find_addresses, invisible_in_file

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

#: The A2 poster is the A4 design enlarged 2x: the logo prints at 24 mm there.
LARGEST_LOGO_SCALE = 2.0
#: A raster logo prints at 300 dpi or finer at its largest: at least this many pixels high (284).
MIN_LOGO_PIXELS = math.ceil(LOGO_HEIGHT_MM * LARGEST_LOGO_SCALE / 25.4 * MIN_IMAGE_DPI)
#: A logo is at most this many times as wide as it is high (a banner has no place on the band).
MAX_LOGO_ASPECT = 6.0
#: The largest logo file read, in bytes, and the largest logo decoded, in pixels.
MAX_LOGO_BYTES = 2_000_000
MAX_LOGO_PIXELS = 12_000_000
#: The largest branch list read, in bytes, and the most branches (rows) it may have.
MAX_LIST_BYTES = 4_000_000
MAX_ROWS = 5000
#: The most phone numbers of one branch: the band has room for three.
MAX_PHONES = 3

#: The documented column names, in order, "id" first.
COLUMNS = (
    "id",
    "organisation_kk",
    "organisation_ru",
    "name_kk",
    "name_ru",
    "address_kk",
    "address_ru",
    "phone",
    "hours_kk",
    "hours_ru",
    "website",
    "logo",
)
#: The columns every list must have; a list also needs a name or an address column per language.
REQUIRED_COLUMNS = ("id", "organisation_kk", "organisation_ru", "phone", "hours_kk", "hours_ru")
#: The longest value of each kind of column, in characters.
MAX_CHARS = {
    "id": 40,
    "organisation": 80,
    "name": 80,
    "address": 120,
    "hours": 60,
    "phone": 120,
    "website": 80,
    "logo": 200,
}
#: The texts of a branch printed in each language, by their columns' stem.
TEXT_STEMS = ("organisation", "name", "address", "hours")
_LANGS = tuple(LANGUAGES)
_SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}

_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
#: Names Windows keeps for devices: a folder cannot be called so (con: ЦОН in Latin letters).
_RESERVED_IDS = frozenset(
    ("con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10)))
)
#: The values a spreadsheet exports for a cell whose formula failed (Excel, LibreOffice, Google Sheets).
_SHEET_ERROR = re.compile(
    r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|ERROR!|SPILL!|CALC!|FIELD!|BLOCKED!|BUSY!|CONNECT!|UNKNOWN!)"
    r"|Err:\d{3}",
    re.IGNORECASE,
)
#: UTF-8 text read as Windows-1252 or Latin-1 and saved again: 'ÐŸÑ€' or 'Ð\x9fÑ\x80' for 'Пр'.
_MOJIBAKE = re.compile("[ÐÑÓÒ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}\s*[-\u2010-\u2015]\s*\d{1,2}[.:]\d{2}")
_SPACES = re.compile(r"[ \t]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# -- phones ----------------------------------------------------------------------------------------

#: Between the phone numbers of one cell: ';' (documented), ',' or a line break.
_PHONE_SEPARATORS = re.compile(r"[;,\r\n]+")
#: parse_phone (leaflet/content/contacts.py) reads each: the one code path for every number

# -- reading files safely --------------------------------------------------------------------------


class _RefusedError(Exception):
    """A file cannot be read: ``(message, hint)``."""


def _read_regular(path: Path, limit: int, what: str, noun: str) -> bytes:
    """The bytes of a regular file (one more than ``limit`` at most), never through a symbolic
    link, a device or a pipe; :class:`_RefusedError` says why not: "``what`` is a folder"."""
    try:
        if path.is_symlink():
            raise _RefusedError(
                f"{what} is a symbolic link to {shown(str(path.readlink()), 80)}",
                f"put the {noun} itself here, not a link to another file",
            )
        if not path.exists():
            raise _RefusedError(f"{what} does not exist", f"check the {noun}'s name and folder")
        if path.is_dir():
            raise _RefusedError(f"{what} is a folder, not a file", f"give the {noun}'s file name")
        if not path.is_file():
            raise _RefusedError(f"{what} is not a regular file", f"give the {noun}'s own file")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # replaced since it was looked at
                raise _RefusedError(f"{what} is not a regular file", f"give the {noun}'s own file")
            return stream.read(limit + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _RefusedError(
            f"{what} cannot be read: {reason}", "check the permissions of the file and its folder"
        ) from error


def _workbook(data: bytes, suffix: str) -> str:
    """What kind of spreadsheet file ``data`` is, if it is one rather than CSV text."""
    if data.startswith(b"PK\x03\x04"):
        if b"opendocument.spreadsheet" in data[:200] or suffix == ".ods":
            return "an OpenDocument spreadsheet (.ods)"
        return "an Excel workbook (.xlsx)" if suffix != ".numbers" else "a Numbers document"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an Excel 97-2003 workbook (.xls)"
    return ""


_EXPORT_HINT = (
    "in the spreadsheet choose File > Save As (Excel), File > Save a Copy (LibreOffice) or File > Download "
    "(Google Sheets) and the type 'CSV UTF-8'; see content/README.md"
)


def _decode_list(data: bytes, suffix: str) -> str:
    """The text of a branch list, or :class:`_RefusedError` saying why it is not CSV UTF-8."""
    workbook = _workbook(data, suffix)
    if workbook:
        raise _RefusedError(
            f"the list is {workbook}, not a CSV file: leaflet reads only CSV UTF-8",
            _EXPORT_HINT,
        )
    if len(data) > MAX_LIST_BYTES:
        raise _RefusedError(
            f"the list is over the {MAX_LIST_BYTES // 1_000_000} MB limit",
            f"a list of {MAX_ROWS} branches is about 2 MB; check that this is the right file",
        )
    even, odd = data[:200:2], data[1:200:2]  # ASCII text in UTF-16: every other byte is 0, and only those
    utf16 = bool(odd) and (
        odd.count(0) > len(odd) * 0.8 > even.count(0) == 0 or even.count(0) > len(even) * 0.8 > odd.count(0) == 0
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16:
        raise _RefusedError("the list is saved as UTF-16 ('Unicode Text'), not UTF-8", _EXPORT_HINT)
    if b"\x00" in data:
        raise _RefusedError("the list is a binary file (it contains NUL bytes), not CSV text", _EXPORT_HINT)
    # undecodable bytes become lone surrogates, found later in their cell to say where they are
    return data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")


# -- the list ----------------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int  # the line of the file the row starts on
    sheet_row: int  # its row in the spreadsheet (the header is row 1)
    cells: list[str]


@dataclass
class _Header:
    """Which column holds what: documented name -> 0-based index."""

    columns: dict[str, int] = field(default_factory=dict)
    width: int = 0  # the number of cells of the header
    unnamed: set[int] = field(default_factory=set)  # cells of the header with no name


class _CellReport:
    """The problems of a list, each located at its cell."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def cell(self, row: _Row, column: int, key: str, message: str, hint: str) -> None:
        """A problem of the cell of ``row`` in ``column`` (0-based)."""
        if row.sheet_row != row.line:  # a cell above holds a line break: tell the spreadsheet's row too
            message += f" (row {row.sheet_row} in the spreadsheet)"
        self.problems.append(Problem(self.file, row.line, column + 1, key, message, hint))


class _Findings(Report):
    """The content checks' reporter, keeping what they find in one text as ``(message, hint)``."""

    def __init__(self, content: Content) -> None:
        super().__init__(Loaded(content))
        self.found: list[tuple[str, str]] = []

    def add(self, file: str, key: str, message: str, hint: str, offset: int | None = None) -> None:
        if not message.startswith("invisible character"):  # located in the file by _Checker.read
            self.found.append((message, hint))


def read_branches(path: Path | str, content: Content) -> BranchList:
    """Read and check a branch list (CSV); raise ContentError listing every problem of every row."""
    display = str(path)
    path = Path(path)

    def refuse(message: str, hint: str, line: int = 0, column: int = 0, key: str = "") -> ContentError:
        return ContentError([Problem(display, line, column, key, message, hint)])

    try:
        data = _read_regular(path, MAX_LIST_BYTES, "the branch list", "branch list")
        text = _decode_list(data, path.suffix.lower())
    except _RefusedError as error:
        raise refuse(*error.args) from None
    if not text.strip():
        raise refuse(
            "the list is empty", f"the first line names the columns ({', '.join(COLUMNS)}), then a row a branch"
        )
    checker = _Checker(display, path.parent, content)
    return checker.read(text)


class _Checker:
    def __init__(self, display: str, folder: Path, content: Content) -> None:
        self.display = display
        self.folder = folder
        self.content = content
        self.report = _CellReport(display)
        self.logos: dict[str, tuple[str, str] | None] = {}  # logo as written -> its problem
        self.texts: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (column, text) -> its problems

    def read(self, text: str) -> BranchList:
        lines = _LINE_BREAK.split(text, maxsplit=2)
        first, skipped, separator = lines[0], 0, ""
        sep_line = re.fullmatch(r'"?sep=([,;\t|])"?[,;]*', first)
        if sep_line:  # Excel's "sep=;" first line, naming the separator
            separator, skipped = sep_line.group(1), 1
            first = lines[1] if len(lines) > 1 else ""
        separator = separator or _separator(first)
        rows, broken = self._rows(text, separator, skipped)
        if not rows:
            hint = f"the first row of the sheet holds the column names: {', '.join(COLUMNS)}"
            raise ContentError(
                broken or [Problem(self.display, 1, 1, "", "the list has no line of column names", hint)]
            )
        self._check_encoding(rows)
        for line, column, message in invisible_in_file(text):  # in any cell, typed or not
            if message.startswith("invisible character U+00") and _MOJIBAKE.search(text):
                continue  # a C1 control of a garbled text: reported as garbled at its cell
            hint = "delete it (it is invisible: retype the cell in the spreadsheet) and export the list again"
            self.report.problems.append(Problem(self.display, line, column, "", message, hint))
        header = self._header(rows[0], separator)
        if header is None:
            raise ContentError(self.report.problems + broken)
        branches = [branch for row in rows[1:] if (branch := self._branch(row, header)) is not None]
        self._check_ids(rows[1:], header)
        if len(rows) == 1 and not broken:
            self.report.problems.append(
                Problem(
                    self.display,
                    rows[0].line,
                    1,
                    "",
                    "the list has no branches: only the line of column names",
                    "add a row for each branch under the column names",
                )
            )
        problems = self.report.problems + broken
        if problems:
            raise ContentError(problems)
        return BranchList(file=self.display, branches=tuple(branches))

    def _rows(self, text: str, separator: str, skipped: int) -> tuple[list[_Row], list[Problem]]:
        """The rows that are not blank, and the problem that stopped reading, if one did."""
        stream = io.StringIO(text, newline="")
        for _ in range(skipped):
            stream.readline()
        reader = csv.reader(stream, delimiter=separator, strict=True)
        rows: list[_Row] = []
        sheet_row = 0
        line = skipped
        while True:
            start = line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return rows, []
            except csv.Error as error:
                return rows, [self._broken_row(text, separator, start, sheet_row + 1, str(error))]
            line = skipped + reader.line_num
            sheet_row += 1
            if not any(cell.strip() for cell in cells):
                continue  # a blank row
            if len(rows) > MAX_ROWS:  # the header and MAX_ROWS branches are read
                message = f"the list has more than {MAX_ROWS} branches"
                hint = f"split it into lists of at most {MAX_ROWS} branches"
                return rows, [Problem(self.display, start, 1, "", message, hint)]
            rows.append(_Row(start, sheet_row, cells))

    def _broken_row(self, text: str, separator: str, line: int, sheet_row: int, error: str) -> Problem:
        """Where and why a row cannot be read as CSV: a quote never closed, or text after one."""
        offsets = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
        column, kind = _quote_trouble(text, offsets[line - 1] if line - 1 < len(offsets) else len(text), separator)
        where = f" (row {sheet_row} in the spreadsheet)" if sheet_row != line else ""
        if kind == "unclosed":
            message = 'a quote (") opens this cell and is never closed: the rest of the list cannot be read' + where
            hint = (
                'close the quote, or export the list again from the spreadsheet (a quote inside a text is written "")'
            )
        elif kind == "after":
            message = 'text after the closing quote (") of this cell' + where
            hint = 'a quote inside a quoted text is written twice (""); export the list again from the spreadsheet'
        else:
            message, hint = f"this row cannot be read as CSV: {error}{where}", "export the list again"
        return Problem(self.display, line, column, "", message, hint)

    def _check_encoding(self, rows: list[_Row]) -> None:
        """Refuse a list that is not UTF-8, at the first cell holding a byte that is not."""
        for row in rows:
            for index, cell in enumerate(row.cells):
                bad = next((char for char in cell if "\udc80" <= char <= "\udcff"), "")
                if bad:
                    byte = ord(bad) - 0xDC00
                    self.report.cell(
                        row,
                        index,
                        "",
                        f"the list is not UTF-8 (byte 0x{byte:02x}): it is saved in another encoding, "
                        "such as Windows-1251 ('CSV (comma delimited)')",
                        "save it again as 'CSV UTF-8'; " + _EXPORT_HINT.partition("; ")[0],
                    )
                    raise ContentError(self.report.problems)

    def _header(self, row: _Row, separator: str) -> _Header | None:
        """The columns of the first line; None (with problems) when it names none."""
        header = _Header(width=len(row.cells))
        names = [raw.strip().lower() for raw in row.cells]
        if not any(name in COLUMNS for name in names):
            separated = _SEPARATOR_NAMES.get(separator, repr(separator))
            self.report.cell(
                row,
                0,
                "",
                f"the first line does not name the columns (read as separated by {separated})",
                f"the first row of the sheet must hold the column names: {', '.join(COLUMNS)}",
            )
            return None
        for index, name in enumerate(names):
            if not name:
                header.unnamed.add(index)
            elif name not in COLUMNS:
                hint = did_you_mean(name, COLUMNS, f"the columns are: {', '.join(COLUMNS)}")
                self.report.cell(row, index, row.cells[index].strip()[:40], f"unknown column {shown(name)}", hint)
            elif name in header.columns:
                message = f"column {shown(name)} appears twice (also column {header.columns[name] + 1})"
                self.report.cell(row, index, name, message, "keep one of them; only the first is read")
            else:
                header.columns[name] = index
        for name in REQUIRED_COLUMNS:
            if name not in header.columns:
                self.report.cell(row, 0, name, f"the list has no column {shown(name)}", _missing_hint(name))
        for lang in _LANGS:
            if f"name_{lang}" not in header.columns and f"address_{lang}" not in header.columns:
                self.report.cell(
                    row,
                    0,
                    f"name_{lang}",
                    f"the list has neither a name_{lang} nor an address_{lang} column",
                    f"add a column name_{lang} (the branch's name), address_{lang} (its address), or both",
                )
        return header

    def _branch(self, row: _Row, header: _Header) -> Branch | None:
        """The branch of a row, or None when the row has problems (added to the report)."""
        report = self.report
        before = len(report.problems)
        self._check_extra_cells(row, header)
        values: dict[str, str] = {}
        for name, index in header.columns.items():
            value = self._cell(row, name, index)
            if value is not None:
                values[name] = value
        texts = {stem: {lang: values.get(f"{stem}_{lang}", "") for lang in _LANGS} for stem in TEXT_STEMS}
        self._check_missing(row, header, values)
        phones = self._phones(row, header, values.get("phone"))
        website = self._website(row, header, values.get("website"))
        logo = self._logo(row, header, values.get("logo"))
        if len(report.problems) > before:
            return None
        return Branch(
            id=values.get("id", ""),
            organisation=MappingProxyType(texts["organisation"]),
            name=MappingProxyType(texts["name"]),
            address=MappingProxyType(texts["address"]),
            hours=MappingProxyType(texts["hours"]),
            phones=phones,
            website=website,
            logo=logo,
            row=row.line,
        )

    def _check_extra_cells(self, row: _Row, header: _Header) -> None:
        for index, cell in enumerate(row.cells):
            if not cell.strip():
                continue
            if index >= header.width:
                self.report.cell(
                    row,
                    index,
                    "",
                    f"this row has {len(row.cells)} cells, but the first line names {header.width} columns",
                    "a comma or ';' inside a text splits the cell unless the text is in quotes: "
                    "export the list again from the spreadsheet",
                )
                return
            if index in header.unnamed:
                self.report.cell(
                    row,
                    index,
                    "",
                    f"a value in column {index + 1}, which has no name in the first line",
                    f"name the column ({', '.join(COLUMNS)}) or delete the value",
                )

    def _cell(self, row: _Row, name: str, index: int) -> str | None:
        """A cell's value, spaces tidied; None when it is refused (no further problems for it)."""
        raw = row.cells[index] if index < len(row.cells) else ""
        value = raw.strip()
        if _SHEET_ERROR.fullmatch(value):
            hint = "correct the formula in the spreadsheet, or type the value instead"
            if name == "phone":
                hint = (
                    "a '+' at the start makes it a formula: type an apostrophe first ('+7 727 …) "
                    "or format the column as Text"
                )
            self.report.cell(row, index, name, f"the cell holds the spreadsheet's error value {shown(value)}", hint)
            return None
        if name == "phone":
            return value
        stem = name.rpartition("_")[0] if name.endswith(tuple(f"_{lang}" for lang in _LANGS)) else name
        limit = MAX_CHARS[stem]
        if len(value) > limit:
            message = f"{shown(value, 30)} is {len(value)} characters long: at most {limit} fit on the band"
            self.report.cell(row, index, name, message, f"shorten it to {limit} characters at most")
            return None
        if _LINE_BREAK.search(value):
            self.report.cell(
                row,
                index,
                name,
                "a line break inside the cell",
                "write it on one line (the band breaks the lines itself); separate the parts with a comma",
            )
            return None
        value = _SPACES.sub(" ", value)
        if stem in TEXT_STEMS:
            return self._text(row, name, index, value)
        return value

    def _text(self, row: _Row, name: str, index: int, value: str) -> str | None:
        """A printed text, or None when it has problems (reported)."""
        key = (name.rpartition("_")[0], value)
        if key not in self.texts:  # a list repeats its organisations' names and hours on every row
            self.texts[key] = self._text_problems(name, value)
        for message, hint in self.texts[key]:
            self.report.cell(row, index, name, message, hint)
        return None if self.texts[key] else value

    def _text_problems(self, name: str, value: str) -> list[tuple[str, str]]:
        """What is wrong with a printed text: a formula, a garbled encoding, an address typed in,
        words mixing alphabets, invisible or unprintable characters."""
        if value.startswith("="):
            message = f"{shown(value, 40)} is a spreadsheet formula, not text: it would be printed as it stands"
            return [(message, "type the text itself")]
        if _MOJIBAKE.search(value):
            return [
                (
                    f"the text is garbled ({shown(value, 30)}): it was opened with the wrong encoding and saved again",
                    "retype it, or take it from the original file opened as UTF-8",
                )
            ]
        found = [
            item
            for item in find_addresses(value, self.content.allowed_hosts)
            if not (item.kind == "phone number" and _TIME_RANGE.fullmatch(item.text.strip()))
        ]
        findings = _Findings(self.content)
        for item in found:
            hint = (
                "remove it: the band prints the numbers of the phone column, which are checked; put it there"
                if item.kind == "phone number"
                else "remove it: the band prints only the site of the website column, which is checked"
            )
            findings.add(self.display, name, f"{item.kind} {shown(item.text, 60)} is typed into the text", hint)
        check_characters(findings, self.display, name, value, found)
        for _, message, hint in unofficial_short_numbers(self.content, value):
            findings.add(self.display, name, message, hint)
        return findings.found

    def _check_missing(self, row: _Row, header: _Header, values: dict[str, str]) -> None:
        """Every language needs its organisation, its hours, and a name or an address."""
        columns = header.columns
        what = {"organisation": "organisation's name", "hours": "opening hours"}
        for lang in _LANGS:
            language = {"kk": "Kazakh", "ru": "Russian"}.get(lang, lang)
            for stem in ("organisation", "hours"):
                name = f"{stem}_{lang}"
                if name in columns and name in values and not values[name]:
                    self.report.cell(row, columns[name], name, f"no {what[stem]} in {language}", f"write it in {name}")
            names = [f"name_{lang}", f"address_{lang}"]
            present = [name for name in names if name in columns]
            if present and all(name in values and not values[name] for name in present):
                self.report.cell(
                    row,
                    columns[present[0]],
                    present[0],
                    f"neither the branch's name nor its address in {language}",
                    f"write the name in name_{lang}, the address in address_{lang}, or both",
                )
        if "id" in columns and "id" in values:
            self._check_id(row, columns["id"], values["id"])

    def _check_id(self, row: _Row, column: int, value: str) -> None:
        problem = _id_problem(value)
        if problem is not None:
            self.report.cell(row, column, "id", *problem)

    def _check_ids(self, rows: list[_Row], header: _Header) -> None:
        """Every id once in the list: it names the branch's output folder."""
        column = header.columns.get("id")
        if column is None:
            return
        lines: dict[str, list[_Row]] = {}
        for row in rows:
            value = row.cells[column].strip() if column < len(row.cells) else ""
            if value:
                lines.setdefault(value, []).append(row)
        for value, used in lines.items():
            if len(used) > 1:
                listed = ", ".join(str(row.line) for row in used[:-1]) + f" and {used[-1].line}"
                for row in used[1:]:
                    self.report.cell(
                        row,
                        column,
                        "id",
                        f"id {shown(value)} is used by more than one row: lines {listed}",
                        "give every branch its own id (it names the branch's output folder)",
                    )

    def _phones(self, row: _Row, header: _Header, value: str | None) -> tuple[Phone, ...]:
        column = header.columns.get("phone")
        if column is None or value is None:  # no phone column, or a refused cell
            return ()
        if len(value) > MAX_CHARS["phone"]:
            limit = MAX_CHARS["phone"]
            message = f"{shown(value, 30)} is {len(value)} characters long: at most {limit} fit on the band"
            self.report.cell(row, column, "phone", message, f"keep at most {MAX_PHONES} numbers")
            return ()
        pieces = [piece.strip() for piece in _PHONE_SEPARATORS.split(value) if piece.strip()]
        if not pieces:
            self.report.cell(
                row, column, "phone", "no phone number", f"write the branch's number, e.g. {_PHONE_EXAMPLE}"
            )
            return ()
        phones: list[Phone] = []
        for piece in pieces:
            phone = parse_phone(piece)
            if isinstance(phone, tuple):
                self.report.cell(row, column, "phone", *phone)
            elif phone in phones:
                self.report.cell(
                    row, column, "phone", f"{shown(piece)} is the number {phone.shown} again", "keep it once"
                )
            else:
                phones.append(phone)
        if len(pieces) > MAX_PHONES:
            self.report.cell(
                row,
                column,
                "phone",
                f"{len(pieces)} phone numbers: the band has room for {MAX_PHONES}",
                f"keep the {MAX_PHONES} most useful ones",
            )
        return tuple(phones)

    def _website(self, row: _Row, header: _Header, value: str | None) -> str:
        column = header.columns.get("website")
        if column is None or not value:
            return ""
        url = value if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) else "https://" + value.removeprefix("//")
        verdict = check_url(url, self.content.allowed_hosts)
        if verdict is None and not url.startswith("https:"):
            self.report.cell(
                row,
                column,
                "website",
                f"{shown(value)} is not a web address",
                "write the branch's site, e.g. https://egov.kz (phone numbers go in the phone column)",
            )
        elif verdict is not None:
            self.report.cell(row, column, "website", verdict.message, verdict.hint)
        return url

    def _logo(self, row: _Row, header: _Header, value: str | None) -> str:
        column = header.columns.get("logo")
        if column is None or not value:
            return ""
        if value not in self.logos:
            self.logos[value] = _logo_problem(self.folder, value)
        problem = self.logos[value]
        if problem is not None:
            self.report.cell(row, column, "logo", *problem)
            return ""
        return str(self.folder.joinpath(*_relative(value).parts).absolute())


def _separator(line: str) -> str:
    """The separator of the first line: the one that makes the most documented column names."""

    def known(separator: str) -> int:
        try:
            cells = next(csv.reader([line], delimiter=separator), [])
        except csv.Error:  # a quote never closed, or a stray carriage return
            return 0
        return sum(cell.strip().lower() in COLUMNS for cell in cells)

    return max(_SEPARATORS, key=lambda separator: (known(separator), line.count(separator)))


def _quote_trouble(text: str, start: int, separator: str) -> tuple[int, str]:
    """``(column, kind)`` of the first quoting mistake of the row starting at ``start``: a quote
    never closed ("unclosed") or text after a closing quote ("after"); column 1-based."""
    column, position = 1, start
    while position < len(text):
        if text[position] == '"':
            position += 1
            while True:
                close = text.find('"', position)
                if close < 0:
                    return column, "unclosed"
                if text.startswith('""', close):
                    position = close + 2
                    continue
                position = close + 1
                break
            if position < len(text) and text[position] not in (separator, "\r", "\n"):
                return column, "after"
        else:
            while position < len(text) and text[position] not in (separator, "\r", "\n"):
                position += 1
        if position >= len(text) or text[position] in "\r\n":
            return column, ""
        column += 1
        position += 1
    return column, ""


def _missing_hint(name: str) -> str:
    what = {
        "id": "a short name for each branch, used for its output folder (e.g. almaty-1)",
        "phone": "the branch's phone numbers",
    }
    stem, _, lang = name.rpartition("_")
    described = what.get(name) or {"organisation": "the organisation's name", "hours": "the opening hours"}[stem]
    return f"add a column {name}: {described}" + (f" in {'Kazakh' if lang == 'kk' else 'Russian'}" if lang else "")


def _id_problem(value: str) -> tuple[str, str] | None:
    if not value:
        return "no id", "give the branch a short id of lower-case Latin letters, digits and '-', e.g. almaty-1"
    if _ID.fullmatch(value):
        if value in _RESERVED_IDS:
            return (
                f"id {shown(value)} cannot name a folder on Windows (it is a device name)",
                f"add to it, e.g. '{value}-almaty-1'",
            )
        return None
    suggestion = re.sub(r"-{2,}", "-", re.sub(r"[\s_./\\]+", "-", value.strip().lower())).strip("-")
    hint = "use lower-case Latin letters, digits and '-' (at most 40; it names the branch's output folder)"
    if _ID.fullmatch(suggestion) and suggestion not in _RESERVED_IDS:
        hint = f"write '{suggestion}'; {hint}"
    if ".." in value or "/" in value or "\\" in value:
        return f"id {shown(value)} has '/', '\\' or '..': an id names a folder, not a path", hint
    return f"id {shown(value)} can only have lower-case Latin letters, digits and '-'", hint


# -- logos -------------------------------------------------------------------------------------------

_LOGO_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
#: How a picture file begins, for the formats a logo may be saved in by mistake.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"GIF8", 0, "GIF"),
    (b"WEBP", 8, "WebP"),
    (b"BM", 0, "BMP"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
    (b"%PDF", 0, "PDF"),
    (b"%!PS", 0, "PostScript (EPS)"),
    (b"\xc5\xd0\xd3\xc6", 0, "PostScript (EPS)"),
    (b"ftypheic", 4, "HEIC"),
    (b"ftypheix", 4, "HEIC"),
    (b"ftypmif1", 4, "HEIF"),
    (b"ftypavif", 4, "AVIF"),
    (b"\x00\x00\x01\x00", 0, "ICO"),
    (b"PK\x03\x04", 0, "ZIP"),
)
_PNG_HINT = f"export the logo from the design as PNG, at least {MIN_LOGO_PIXELS} pixels high"


def _relative(value: str) -> PurePosixPath:
    """A logo's path as written, with Windows' '\\' read as '/'."""
    return PurePosixPath(value.replace("\\", "/"))


def _logo_problem(folder: Path, value: str) -> tuple[str, str] | None:
    """What is wrong with a logo named ``value`` in the list's ``folder``, as (message, hint)."""
    place_hint = f"put the logo in the list's folder ({folder}) or a folder inside it, and give its path from there"
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value):
        return f"logo {shown(value)} is a web address: a logo is a file beside the list", place_hint
    if any(not char.isprintable() for char in value):
        return f"logo {shown(value)} has invisible or control characters in its name", "retype the file name"
    relative = _relative(value)
    if relative.is_absolute() or re.match(r"[A-Za-z]:", value) or ".." in relative.parts:
        return f"logo {shown(value)} is outside the list's folder", place_hint
    suffix = relative.suffix.lower()
    if suffix in (".svg", ".svgz"):
        return f"logo {shown(value)} is an SVG drawing: SVG logos are not supported yet", _PNG_HINT
    if suffix not in _LOGO_SUFFIXES:
        return f"logo {shown(value)} is not a .png, .jpg or .jpeg file", _PNG_HINT
    try:
        for depth in range(1, len(relative.parts)):  # a folder on the way to it (the file itself: below)
            if (folder / Path(*relative.parts[:depth])).is_symlink():
                return (
                    f"logo {shown(value)} is reached through a link to another folder",
                    "copy the logo itself into a folder beside the list",
                )
        picture = _logo_picture(folder / Path(*relative.parts), value)
    except OSError as error:
        return f"logo {shown(value)} cannot be read: {error.strerror or error}", place_hint
    except _RefusedError as error:
        message, hint = error.args
        return message, hint if hint else place_hint
    width, height = picture.size
    if height < MIN_LOGO_PIXELS:
        return (
            f"the logo is {height} pixels high: it prints {LOGO_HEIGHT_MM * LARGEST_LOGO_SCALE:g} mm high on the "
            f"A2 poster, where {MIN_IMAGE_DPI} dpi needs at least {MIN_LOGO_PIXELS} pixels",
            f"export the logo at least {MIN_LOGO_PIXELS} pixels high from the design (an enlarged copy of a "
            "small picture stays blurred)",
        )
    if width > height * MAX_LOGO_ASPECT:
        return (
            f"the logo is {width} × {height} pixels: more than {MAX_LOGO_ASPECT:g} times as wide as high, "
            "too long for the band",
            "use the logo's compact form (the mark, or the name on two lines), or crop the empty space around it",
        )
    return None


def _logo_picture(path: Path, value: str) -> Picture:
    """The logo at ``path`` decoded; :class:`_RefusedError` if it is not a readable PNG or JPEG of
    a sane size, stored upright.  Only Pillow's PNG and JPEG readers ever see it."""
    from PIL import Image

    data = _read_regular(path, MAX_LOGO_BYTES, f"logo {shown(value)}", "logo")
    if len(data) > MAX_LOGO_BYTES:
        raise _RefusedError(
            f"logo {shown(value)} is {len(data) / 1e6:.1f} MB or more, over the limit of {MAX_LOGO_BYTES / 1e6:g} MB",
            f"save it smaller: a logo needs about {MIN_LOGO_PIXELS * 2} pixels across at most",
        )
    expected = _LOGO_SUFFIXES.get(path.suffix.lower(), "PNG")
    actual = next((kind for magic, at, kind in _MAGIC if data[at : at + len(magic)] == magic), "")
    if not actual and re.match(rb"\s*(<\?xml|<svg|<!--|<!DOCTYPE)", data.lstrip(b"\xef\xbb\xbf")):
        actual = "SVG"
    if actual != expected:
        if actual in ("PNG", "JPEG"):
            other = ".png" if actual == "PNG" else ".jpg"
            raise _RefusedError(
                f"logo {shown(value)} is a {actual} picture with the name of a {expected} file",
                f"rename it to {PurePosixPath(value.replace(chr(92), '/')).stem}{other}, or save it as {expected}",
            )
        what = f"a {actual} file" if actual else "not a picture leaflet can read"
        raise _RefusedError(f"logo {shown(value)} is {what}, not a {expected} picture", _PNG_HINT)
    formats = ["PNG"] if expected == "PNG" else ["JPEG", "MPO"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as checked:
                _check_pixels(checked.size, value)
                checked.verify()
            picture = Image.open(io.BytesIO(data), formats=formats)
            picture.load()
            orientation = picture.getexif().get(_EXIF_ORIENTATION, 1)
    except _RefusedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _RefusedError(
            f"logo {shown(value)} has far more pixels than a logo needs: refused unread",
            f"save it smaller: a logo needs about {MIN_LOGO_PIXELS} to {MIN_LOGO_PIXELS * 4} pixels high",
        ) from None
    except (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        struct.error,
        IndexError,
        KeyError,
        TypeError,
        ZeroDivisionError,
    ):
        raise _RefusedError(
            f"logo {shown(value)} is not a readable {expected} picture (it is damaged or incomplete)",
            f"open it in an image editor and save it again as {expected}",
        ) from None
    if orientation not in (0, 1):  # a PDF draws the pixels as stored: such a logo would lie on its side
        raise _RefusedError(
            f"logo {shown(value)} is stored turned or mirrored, with a note (EXIF orientation {orientation}) "
            "that viewers follow but a PDF does not: it would print on its side",
            f"open it in an image editor and save it again as {expected}, upright",
        )
    return picture


#: The EXIF tag saying how a picture's pixels are to be turned for display (1: as stored).
_EXIF_ORIENTATION = 0x0112


def _check_pixels(size: tuple[int, int], value: str) -> None:
    width, height = size
    if width * height > MAX_LOGO_PIXELS or not width or not height:
        raise _RefusedError(
            f"logo {shown(value)} is {width} × {height} pixels, too many to read",
            f"save it smaller: a logo needs about {MIN_LOGO_PIXELS} to {MIN_LOGO_PIXELS * 4} pixels high",
        )


def open_logo(path: str) -> Picture:
    """The checked logo file ``path`` (:attr:`Branch.logo`) opened again as carefully as when
    the list was checked; a ContentError if it has changed into something unreadable since.
    (:func:`leaflet.layout.branding` draws it.)"""
    try:
        return _logo_picture(Path(path), Path(path).name)
    except _RefusedError as error:
        raise ContentError([Problem(path, 0, 0, "", *error.args)]) from None
