"""Branch lists (issue 10): reading and checking the CSV list of branches, its phones, websites
and logos, and refusing broken and hostile lists.

Every file is a real file written to ``tmp_path``; each expected line and column is worked out
from the text written (:func:`where`), never taken from the program's output.  Lines count
from the header (line 1); columns are the cells of a row, the first 1.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from leaflet.content import branches as branches_module
from leaflet.content.branches import (
    COLUMNS,
    LARGEST_LOGO_SCALE,
    MAX_LIST_BYTES,
    MAX_ROWS,
    MIN_LOGO_PIXELS,
    read_branches,
)
from leaflet.content.contacts import parse_phone
from leaflet.content.loader import load_content
from leaflet.content.model import LOGO_HEIGHT_MM, Branch, BranchList, Content, Phone
from leaflet.errors import ContentError, Problem
from leaflet.layout.branding import logo_flowable as logo_drawing

from .conftest import CONTENT, EXAMPLES, PROBLEM_LINE

#: The documented columns, written out here as the editors' guide gives them.
HEADER = (
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
#: A correct row, by column.
GOOD = {
    "id": "almaty-1",
    "organisation_kk": "«Қазақ Банкі» АҚ",
    "organisation_ru": "АО «Казахский Банк»",
    "name_kk": "№ 1 бөлімше",
    "name_ru": "Отделение № 1",
    "address_kk": "Алматы қ., Абай даңғылы, 10",
    "address_ru": "г. Алматы, пр. Абая, 10",
    "phone": "+7 727 244 50 50; 1414",
    "hours_kk": "Дс–Жм 9:00–18:00",
    "hours_ru": "Пн–Пт 9:00–18:00",
    "website": "https://egov.kz",
    "logo": "",
}
#: The largest printed logo needs this many pixels at 300 dpi: worked out here, not taken from the code.
NEEDED_PIXELS = math.ceil(24 / 25.4 * 300)


@functools.cache
def shipped_content() -> Content:
    return load_content(CONTENT)


@pytest.fixture
def content() -> Content:
    return shipped_content()


# -- writing lists and finding where things are in them ------------------------------------------


def row(separator: str = ",", **changes: str) -> str:
    """One line of a list: the good row with ``changes``, quoted as a spreadsheet quotes it."""
    values = {**GOOD, **changes}
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\n").writerow([values[name] for name in HEADER])
    return buffer.getvalue().removesuffix("\n")


def write(folder: Path, *rows: str, name: str = "branches.csv", newline: str = "\n", bom: bool = False) -> Path:
    """A list file: the header, then ``rows`` (each a line of text)."""
    text = newline.join([",".join(HEADER), *rows]) + newline
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def where(text: str, needle: str, separator: str = ",") -> tuple[int, int]:
    """``(line, column)`` of the cell holding ``needle``: the line its row starts on (1-based,
    the header is 1) and the cell's number in its row (1-based), read from the text as written."""
    target = text.index(needle)
    line, row_line, column, quoted = 1, 1, 1, False
    for char in text[:target]:
        if char == '"':
            quoted = not quoted
        elif char == "\n":
            line += 1
            if not quoted:
                row_line, column = line, 1
        elif char == separator and not quoted:
            column += 1
    return row_line, column


def problems_of(path: Path | str, content: Content) -> tuple[Problem, ...]:
    with pytest.raises(ContentError) as raised:
        read_branches(path, content)
    return raised.value.problems


def located(path: Path | str, content: Content) -> list[tuple[int, int, str]]:
    """Where each problem of a list is: ``(line, column, key)``."""
    return [(problem.line, problem.column, problem.key) for problem in problems_of(path, content)]


def only_problem(path: Path | str, content: Content) -> Problem:
    found = problems_of(path, content)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def column_of(name: str) -> int:
    return HEADER.index(name) + 1


def picture(path: Path, size: tuple[int, int], kind: str = "PNG", mode: str = "RGB", **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, "navy" if mode in ("RGB", "RGBA") else 0).save(path, kind, **options)
    return path


# -- the example and a good list -------------------------------------------------------------------


def test_the_example_list_reads_cleanly_with_three_branches_and_one_logo(content: Content) -> None:
    listed = read_branches(EXAMPLES / "branches.csv", content)
    assert isinstance(listed, BranchList)
    assert listed.file == str(EXAMPLES / "branches.csv")
    assert len(listed.branches) == 3
    ids = [branch.id for branch in listed.branches]
    assert len(set(ids)) == 3
    logos = [branch.logo for branch in listed.branches if branch.logo]
    assert len(logos) == 1
    logo = Path(logos[0])
    assert logo.is_absolute() and logo.is_file()
    assert logo.parent.parent == EXAMPLES.resolve()
    with Image.open(logo) as opened:
        assert opened.format == "PNG" and opened.height >= NEEDED_PIXELS
    for branch in listed.branches:
        assert branch.phones
        for lang in ("kk", "ru"):
            assert branch.organisation[lang] and branch.hours[lang]
            assert branch.name[lang] or branch.address[lang]
    assert any(not branch.name["kk"] for branch in listed.branches), "one branch is given by its address only"
    assert [branch.row for branch in listed.branches] == [2, 3, 4]


def test_a_good_row_gives_every_field(tmp_path: Path, content: Content) -> None:
    picture(tmp_path / "logos" / "bank.png", (400, 300))
    path = write(tmp_path, row(logo="logos/bank.png", website="egov.kz"))
    listed = read_branches(path, content)
    assert listed.file == str(path)
    (branch,) = listed.branches
    assert branch == Branch(
        id="almaty-1",
        organisation={"kk": "«Қазақ Банкі» АҚ", "ru": "АО «Казахский Банк»"},
        name={"kk": "№ 1 бөлімше", "ru": "Отделение № 1"},
        address={"kk": "Алматы қ., Абай даңғылы, 10", "ru": "г. Алматы, пр. Абая, 10"},
        hours={"kk": "Дс–Жм 9:00–18:00", "ru": "Пн–Пт 9:00–18:00"},
        phones=(Phone("+7 727 244 50 50", "+77272445050"), Phone("1414", "1414")),
        website="https://egov.kz",
        logo=str((tmp_path / "logos" / "bank.png").absolute()),
        row=2,
    )


def test_the_interface_constants() -> None:
    assert COLUMNS == HEADER
    assert LOGO_HEIGHT_MM == 12.0 and LARGEST_LOGO_SCALE == 2.0
    assert MIN_LOGO_PIXELS == NEEDED_PIXELS == 284


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_with_or_without_a_bom_and_any_line_ends(tmp_path: Path, content: Content, bom: bool, newline: str) -> None:
    path = write(tmp_path, row(), row(id="almaty-2"), newline=newline, bom=bom)
    listed = read_branches(path, content)
    assert [branch.id for branch in listed.branches] == ["almaty-1", "almaty-2"]
    assert listed.branches[0].organisation["kk"] == GOOD["organisation_kk"]  # no BOM glued to anything
    # and a problem is still located exactly
    bad = write(tmp_path, row(), row(id="Almaty-2"), newline=newline, bom=bom, name="bad.csv")
    assert located(bad, content) == [(3, 1, "id")]


def test_header_names_are_read_in_any_case_with_spaces(tmp_path: Path, content: Content) -> None:
    header = ",".join(f" {name.upper()} " for name in HEADER)
    path = tmp_path / "list.csv"
    path.write_text(f"{header}\n{row()}\n", encoding="utf-8")
    assert read_branches(path, content).branches[0].id == "almaty-1"


# -- separators, quoting, blank rows ---------------------------------------------------------------


def test_semicolon_separated_lists_as_excel_writes_them_in_many_locales(tmp_path: Path, content: Content) -> None:
    text = ";".join(HEADER) + "\n" + row(";") + "\n" + row(";", id="almaty-2", name_ru="Отделение, второе") + "\n"
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    listed = read_branches(path, content)
    assert [branch.id for branch in listed.branches] == ["almaty-1", "almaty-2"]
    assert listed.branches[0].address["ru"] == "г. Алматы, пр. Абая, 10"  # a comma is plain text here
    assert listed.branches[1].name["ru"] == "Отделение, второе"
    assert [phone.shown for phone in listed.branches[0].phones] == ["+7 727 244 50 50", "1414"]  # ';' in quotes
    bad = tmp_path / "bad.csv"
    bad_text = ";".join(HEADER) + "\n" + row(";") + "\n" + row(";", id="almaty-2", hours_ru="") + "\n"
    bad.write_text(bad_text, encoding="utf-8")
    assert located(bad, content) == [(3, column_of("hours_ru"), "hours_ru")]


def test_excels_sep_line_and_tab_separated_lists(tmp_path: Path, content: Content) -> None:
    sep = tmp_path / "sep.csv"
    sep_text = "sep=;\n" + ";".join(HEADER) + "\n" + row(";") + "\n" + row(";", id="BAD") + "\n"
    sep.write_text(sep_text, encoding="utf-8")
    problem = only_problem(sep, content)
    assert (problem.line, problem.column, problem.key) == (*where(sep_text, "BAD", ";"), "id")
    assert problem.line == 4 and "(row 3 in the spreadsheet)" in problem.message
    tabs = tmp_path / "tabs.tsv"
    tabs.write_text("\t".join(HEADER) + "\n" + row("\t") + "\n", encoding="utf-8")
    assert read_branches(tabs, content).branches[0].address["kk"] == GOOD["address_kk"]


def test_quoted_cells_with_commas_quotes_and_line_breaks(tmp_path: Path, content: Content) -> None:
    first = row(name_ru='Отделение «Центр», 1 этаж, "VIP"', phone="+7 727 244 50 50\n8 701 234 56 78")
    second = row(id="almaty-2", address_ru="г. Алматы, ул. Сатпаева, 30", name_ru="Отделение, 2")
    third = row(id="almaty-3", hours_ru="")  # a problem on the row after a cell with a line break
    path = write(tmp_path, first, second, third)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == 5, "the phone cell spans two lines of the file"
    problem = only_problem(path, content)
    line = where(text, "almaty-3")[0]
    assert (problem.line, problem.column, problem.key) == (line, column_of("hours_ru"), "hours_ru")
    assert line == 5 and problem.message.endswith("(row 4 in the spreadsheet)")
    path = write(tmp_path, first, second)
    branch, other = read_branches(path, content).branches
    assert branch.name["ru"] == 'Отделение «Центр», 1 этаж, "VIP"'
    assert [phone.dial for phone in branch.phones] == ["+77272445050", "+77012345678"]
    assert (branch.row, other.row) == (2, 4)
    assert other.name["ru"] == "Отделение, 2"


def test_blank_rows_are_ignored_and_lines_still_counted(tmp_path: Path, content: Content) -> None:
    path = write(tmp_path, "", row(), ",,,,,,,,,,,", "  ,  ", row(id="x_y"))
    text = path.read_text(encoding="utf-8")
    assert located(path, content) == [(*where(text, "x_y"), "id")] == [(6, 1, "id")]
    good = write(tmp_path, "", row(), ",,,,,,,,,,,", "", name="good.csv")
    assert [branch.row for branch in read_branches(good, content).branches] == [3]


def test_a_row_with_more_cells_than_the_header_is_refused(tmp_path: Path, content: Content) -> None:
    path = write(tmp_path, row(), row(id="almaty-2") + ",ул. Абая, 10")
    text = path.read_text(encoding="utf-8")
    problem = only_problem(path, content)
    assert (problem.line, problem.column) == where(text, "ул. Абая, 10") == (3, len(HEADER) + 1)
    assert (
        "14 cells" in problem.message and "12 columns" in problem.message
    )  # the comma split the address and "quotes" in problem.hint
    # empty cells past the header (a spreadsheet's formatted but empty column) are harmless
    assert read_branches(write(tmp_path, row() + ",,", name="empty.csv"), content).branches


def test_an_unclosed_quote_is_located_at_its_cell(tmp_path: Path, content: Content) -> None:
    broken = row(id="almaty-3").replace(",https://egov.kz,", ',"https://egov.kz,', 1)
    path = write(tmp_path, row(), row(id="almaty-2"), broken)
    text = path.read_text(encoding="utf-8")
    problem = only_problem(path, content)
    assert (problem.line, problem.column) == (where(text, "almaty-3")[0], column_of("website")) == (4, 11)
    assert text.splitlines()[3].rsplit(",", 2)[1] == '"https://egov.kz'
    assert "never closed" in problem.message
    after = write(tmp_path, row(), row(id="almaty-2").replace("Отделение № 1", '"Отделение" № 1', 1), name="after.csv")
    problem = only_problem(after, content)
    assert (problem.line, problem.column) == (3, column_of("name_ru")) and "after the closing quote" in problem.message


# -- the header ------------------------------------------------------------------------------------


def test_unknown_missing_and_repeated_columns(tmp_path: Path, content: Content) -> None:
    header = ["id", "organisation_kk", "organisation_ru", "nmae_kk", "name_ru", "address_ru", "phone"]
    header += ["hours_kk", "Phone", "colour"]
    path = tmp_path / "list.csv"
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    found = {(problem.line, problem.column, problem.key): problem for problem in problems_of(path, content)}
    assert found[(1, 4, "nmae_kk")].hint == "did you mean 'name_kk'?"
    assert "unknown column 'colour'" in found[(1, 10, "colour")].message
    assert "id, organisation_kk" in found[(1, 10, "colour")].hint  # no close match: every column named
    assert "appears twice (also column 7)" in found[(1, 9, "phone")].message
    assert "no column 'hours_ru'" in found[(1, 1, "hours_ru")].message
    assert "neither a name_kk nor an address_kk column" in found[(1, 1, "name_kk")].message
    assert found.keys() >= {(1, 1, "hours_ru"), (1, 1, "name_kk")}
    assert (1, 1, "name_ru") not in found  # name_ru is there


def test_a_first_line_that_is_not_the_header(tmp_path: Path, content: Content) -> None:
    path = tmp_path / "list.csv"
    path.write_text(row() + "\n" + row(id="almaty-2") + "\n", encoding="utf-8")
    problem = only_problem(path, content)
    assert (problem.line, problem.column) == (1, 1) and "does not name the columns" in problem.message
    assert "id, organisation_kk, organisation_ru" in problem.hint


def test_a_list_of_only_the_header_or_nothing(tmp_path: Path, content: Content) -> None:
    assert "no branches" in only_problem(write(tmp_path), content).message
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\r\n  \n")
    assert "empty" in only_problem(empty, content).message


# -- every problem of every row, exactly located -------------------------------------------------


def test_every_problem_of_every_row_at_once(tmp_path: Path, content: Content) -> None:
    rows = [
        row(id="Almaty 1"),
        row(id="almaty-2", organisation_ru="", phone="+7 912 345 67 89"),
        row(id="almaty-3", name_kk="", address_kk="", website="http://egov.kz"),
        row(id="almaty-4", hours_ru="Пн–Пт 9:00–18:00, тел. 8 701 234 56 78", logo="../outside.png"),
    ]
    path = write(tmp_path, *rows)
    text = path.read_text(encoding="utf-8")
    expected = [
        (*where(text, "Almaty 1"), "id"),
        (where(text, "almaty-2")[0], column_of("organisation_ru"), "organisation_ru"),
        (*where(text, "+7 912 345 67 89"), "phone"),
        (where(text, "almaty-3")[0], column_of("name_kk"), "name_kk"),
        (*where(text, "http://egov.kz"), "website"),
        (*where(text, "тел. 8 701"), "hours_ru"),
        (*where(text, "../outside.png"), "logo"),
    ]
    assert located(path, content) == sorted(expected)
    assert expected[-1] == (5, 12, "logo")
    for problem in problems_of(path, content):
        match = PROBLEM_LINE.match(str(problem))
        assert match is not None and match["file"] == str(path)
        assert (
            str(problem)
            == f"{path}:{problem.line}:{problem.column}: {problem.key}: {problem.message} (hint: {problem.hint})"
        )
        assert problem.hint


# -- ids -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ("..", "'/', '\\' or '..'", "lower-case Latin letters"),
        ("almaty/1", "'/', '\\' or '..'", "write 'almaty-1'"),
        ("../../etc", "'/', '\\' or '..'", "lower-case"),
        ("Almaty-1", "lower-case Latin letters", "write 'almaty-1'"),
        ("almaty 1", "lower-case Latin letters", "write 'almaty-1'"),
        ("алматы-1", "lower-case Latin letters", "lower-case Latin letters"),
        ("-rf", "lower-case Latin letters", "write 'rf'"),
        ("con", "device name", "con-almaty-1"),
        ("x" * 41, "41 characters long: at most 40", "40"),
        (" ", "no id", "almaty-1"),
    ],
)
def test_ids_name_folders(tmp_path: Path, content: Content, value: str, message: str, hint: str) -> None:
    path = write(tmp_path, row(), row(id=value))
    problem = only_problem(path, content)
    assert (problem.line, problem.column, problem.key) == (3, 1, "id")
    assert message in problem.message and hint in problem.hint


def test_duplicate_ids_name_both_rows(tmp_path: Path, content: Content) -> None:
    path = write(tmp_path, row(), row(id="almaty-2"), row(id="almaty-1"), row(id="almaty-2"), row(id="almaty-1"))
    text = path.read_text(encoding="utf-8")
    first = [index + 1 for index, line in enumerate(text.splitlines()) if line.startswith("almaty-1,")]
    assert first == [2, 4, 6]
    found = problems_of(path, content)
    assert [(problem.line, problem.column, problem.key) for problem in found] == [
        (4, 1, "id"),
        (5, 1, "id"),
        (6, 1, "id"),
    ]
    assert "lines 2, 4 and 6" in found[0].message and "lines 2, 4 and 6" in found[2].message
    assert "lines 3 and 5" in found[1].message


# -- texts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"organisation_kk": ""}, "organisation_kk", "no organisation's name in Kazakh"),
        ({"hours_ru": "  "}, "hours_ru", "no opening hours in Russian"),
        ({"name_ru": "", "address_ru": ""}, "name_ru", "neither the branch's name nor its address in Russian"),
        ({"phone": ""}, "phone", "no phone number"),
    ],
)
def test_missing_texts(tmp_path: Path, content: Content, changes: dict[str, str], column: str, message: str) -> None:
    problem = only_problem(write(tmp_path, row(**changes)), content)
    assert (problem.line, problem.column, problem.key) == (2, column_of(column), column)
    assert message in problem.message


def test_a_name_or_an_address_is_enough_and_columns_may_be_left_out(tmp_path: Path, content: Content) -> None:
    listed = read_branches(write(tmp_path, row(name_kk="", address_ru="")), content)
    assert listed.branches[0].name == {"kk": "", "ru": "Отделение № 1"}
    assert listed.branches[0].address == {"kk": GOOD["address_kk"], "ru": ""}
    columns = ("id", "organisation_kk", "organisation_ru", "address_kk", "address_ru", "phone", "hours_kk", "hours_ru")
    path = tmp_path / "short.csv"
    path.write_text(",".join(columns) + "\n" + ",".join(f'"{GOOD[name]}"' for name in columns) + "\n", "utf-8")
    (branch,) = read_branches(path, content).branches
    assert branch.name == {"kk": "", "ru": ""} and branch.website == "" and branch.logo == ""


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("name_ru", "Отделение Алмaты", "mixes Cyrillic and Latin letters: 'a' is U+0061 LATIN SMALL LETTER A"),
        ("name_kk", "Алматы бөлiмшесі", "'i' is U+0069 LATIN SMALL LETTER I (looks like Cyrillic 'і')"),
        ("address_ru", "г. Алматы, ул. 漢, 1", "U+6F22"),
        ("address_kk", "Алматы қ., Абай даңғылы, 10" + "\u0301", "combining character"),
        ("name_ru", "Отделение " + "Очень" * 7, "would run off the page"),
    ],
)
def test_characters_are_checked_as_in_the_leaflets(
    tmp_path: Path, content: Content, column: str, value: str, message: str
) -> None:
    problem = only_problem(write(tmp_path, row(**{column: value})), content)
    assert (problem.line, problem.column, problem.key) == (2, column_of(column), column)
    assert message in problem.message


@pytest.mark.parametrize(
    ("column", "value", "char"),
    [
        ("organisation_ru", "АО «Банк\u200b»", "U+200B ZERO WIDTH SPACE"),
        ("phone", "1414\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control"),
        ("id", "\u2066almaty-1", "U+2066 LEFT-TO-RIGHT ISOLATE (a bidirectional control"),
    ],
)
def test_invisible_characters_are_located_in_the_file(
    tmp_path: Path, content: Content, column: str, value: str, char: str
) -> None:
    path = write(tmp_path, row(**{column: value}))
    line = path.read_text(encoding="utf-8").splitlines()[1]
    invisible = next(index for index, letter in enumerate(line) if letter in "\u200b\u202e\u2066")
    with pytest.raises(ContentError) as raised:
        read_branches(path, content)
    located = [problem for problem in raised.value.problems if problem.message.startswith("invisible character")]
    assert [(problem.line, problem.column) for problem in located] == [(2, invisible + 1)]
    assert char in located[0].message


def test_kazakh_letters_and_latin_brand_names_are_legitimate(tmp_path: Path, content: Content) -> None:
    changes = {
        "organisation_kk": "«Halyk Bank» АҚ — Әл-Фараби, Өскемен, Ұлы Дала, Үкімет, Һ, Ғ, Қ, Ң, і",
        "organisation_ru": "АО «Halyk Bank»",
        "hours_ru": "Пн–Пт 9.00–18.00",  # a time range is not a phone number
    }
    assert read_branches(write(tmp_path, row(**changes)), content).branches[0].organisation["ru"] == "АО «Halyk Bank»"


@pytest.mark.parametrize(
    ("column", "limit"), [("organisation_ru", 80), ("name_kk", 80), ("address_ru", 120), ("hours_kk", 60)]
)
def test_over_long_cells(tmp_path: Path, content: Content, column: str, limit: int) -> None:
    fits = ("Алматы " * 40)[: limit - 1].strip()
    fits += "ы" * (limit - len(fits))
    assert len(fits) == limit
    read_branches(write(tmp_path, row(**{column: fits})), content)
    problem = only_problem(write(tmp_path, row(**{column: fits + "ы"}), name="long.csv"), content)
    assert (problem.line, problem.column, problem.key) == (2, column_of(column), column)
    assert f"{limit + 1} characters long: at most {limit}" in problem.message


def test_text_garbled_by_the_wrong_encoding(tmp_path: Path, content: Content) -> None:
    """UTF-8 opened as Windows-1252 (or Latin-1) and saved again as CSV UTF-8: 'ÐžÑ‚Ð´ÐµÐ»ÐµÐ½Ð¸Ðµ'."""
    for number, garbled in enumerate(
        ("Отделение № 1".encode().decode("cp1252", "replace"), "Әл".encode().decode("latin-1"))
    ):
        problem = only_problem(write(tmp_path, row(name_ru=garbled), name=f"{number}.csv"), content)
        assert (problem.line, problem.column, problem.key) == (2, column_of("name_ru"), "name_ru")
        assert "garbled" in problem.message and "UTF-8" in problem.hint


def test_a_value_under_a_column_without_a_name(tmp_path: Path, content: Content) -> None:
    path = tmp_path / "list.csv"
    text = (
        ",".join(HEADER[:7])
        + ",,"
        + ",".join(HEADER[7:])
        + "\n"
        + row().replace(GOOD["address_ru"] + '",', GOOD["address_ru"] + '",,', 1)
        + "\n"
    )
    text += row(id="almaty-2").replace(GOOD["address_ru"] + '",', GOOD["address_ru"] + '",note,', 1) + "\n"
    path.write_text(text, encoding="utf-8")
    problem = only_problem(path, content)
    assert (problem.line, problem.column) == where(text, "note") == (3, 8)
    assert "no name in the first line" in problem.message


def test_a_line_break_in_a_text_cell(tmp_path: Path, content: Content) -> None:
    path = write(tmp_path, row(address_ru="г. Алматы,\nпр. Абая, 10"), row(id="almaty-2"))
    problem = only_problem(path, content)
    assert (problem.line, problem.column, problem.key) == (2, column_of("address_ru"), "address_ru")
    assert "line break" in problem.message and "one line" in problem.hint


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("name_ru", "Отделение (halykbank.kz)", "web address 'halykbank.kz' is typed into the text"),
        ("name_kk", "https://egov.kz", "web address 'https://egov.kz' is typed into the text"),
        ("address_ru", "пишите: info@bank.kz", "e-mail address 'info@bank.kz' is typed into the text"),
        ("organisation_ru", "Банк @bank_support_bot", "messenger account '@bank_support_bot'"),
        ("hours_ru", "Пн–Пт, звоните +7 701 234 56 78", "phone number '+7 701 234 56 78' is typed into the text"),
        ("name_ru", "[Отделение](https://evil.example)", "markdown link"),
    ],
)
def test_addresses_typed_into_texts_are_refused(
    tmp_path: Path, content: Content, column: str, value: str, message: str
) -> None:
    found = problems_of(write(tmp_path, row(**{column: value})), content)
    assert any(message in problem.message for problem in found), found
    assert {(problem.line, problem.column, problem.key) for problem in found} == {(2, column_of(column), column)}


# -- hostile cells: nothing runs -------------------------------------------------------------------


def test_formulas_are_text_never_run(tmp_path: Path, content: Content) -> None:
    payloads = {
        "name_ru": '=HYPERLINK("https://evil.example";"Отделение")',
        "organisation_ru": "=cmd|' /C calc'!A0",
        "address_ru": '=IMPORTXML("https://evil.example";"//a")',
    }
    path = write(tmp_path, row(**payloads))
    found = problems_of(path, content)
    assert [(problem.line, problem.column, problem.key) for problem in found] == sorted(
        (2, column_of(name), name) for name in payloads
    )
    assert all("spreadsheet formula, not text" in problem.message for problem in found)
    assert not (tmp_path / "calc").exists() and sorted(path.parent.iterdir()) == [path]


def test_a_phone_starting_with_plus_is_a_number_and_a_spreadsheet_error_is_refused(
    tmp_path: Path, content: Content
) -> None:
    assert read_branches(write(tmp_path, row(phone="+7 727 244 50 50")), content).branches[0].phones[0].shown
    problem = only_problem(write(tmp_path, row(phone="#NAME?"), name="error.csv"), content)
    assert (problem.line, problem.column, problem.key) == (2, column_of("phone"), "phone")
    assert "error value '#NAME?'" in problem.message and "apostrophe" in problem.hint
    problem = only_problem(write(tmp_path, row(name_ru="#REF!"), name="ref.csv"), content)
    assert problem.key == "name_ru" and "#REF!" in problem.message


# -- phones ----------------------------------------------------------------------------------------

ALMATY = ("+7 727 244 50 50", "+77272445050")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+7 727 244 50 50", ALMATY),
        ("+7 (727) 244-50-50", ALMATY),
        ("+7(727)2445050", ALMATY),
        ("8 727 2445050", ALMATY),
        ("8 (727) 244-50-50", ALMATY),
        ("87272445050", ALMATY),
        ("77272445050", ALMATY),  # the '+' a spreadsheet drops from a number cell
        ("8.727.244.50.50", ALMATY),
        ("+7\u00a0727\u00a0244\u00a050\u00a050", ALMATY),
        ("+7 727 244–50–50", ALMATY),
        ("'+7 727 244 50 50", ALMATY),
        ("+7 701 234 56 78", ("+7 701 234 56 78", "+77012345678")),
        ("8 (701) 234-56-78", ("+7 701 234 56 78", "+77012345678")),
        ("+7 7172 55 66 77", ("+7 717 255 66 77", "+77172556677")),
        ("8 800 080 77 77", ("+7 800 080 77 77", "+78000807777")),
        ("1414", ("1414", "1414")),
        ("1 414", ("1414", "1414")),
        ("102", ("102", "102")),
        ("7111", ("7111", "7111")),
    ],
)
def test_phone_numbers_are_printed_one_way(written: str, expected: tuple[str, str]) -> None:
    assert parse_phone(written) == Phone(*expected)


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("+7 912 345 67 89", "is a Russian number (+7 912), not a Kazakhstan one", "+7 7"),
        ("8 495 123 45 67", "is a Russian number (+7 495)", "check the number"),
        ("+7 600 123 45 67", "no number starts +7 600", "+7 727 244 50 50"),
        ("+7 727 244 50 5", "has 9 digits after +7; a Kazakhstan number has 10", "+7 727 244 50 50"),
        ("+7 727 244 50 500", "has 11 digits after +7", "+7 727 244 50 50"),
        ("+44 20 7946 0958", "is a foreign number (GB): its country code is not +7", "+7 727 244 50 50"),
        ("727 244 50 50", "has no +7 or 8 in front", "'+7 727 244 50 50'"),
        ("12", "(2 digits)", "+7 727 244 50 50"),
        ("12345", "(5 digits)", "1414"),
        ("0123", "(4 digits)", "1414"),
        ("+7 727 244 50 50 доб. 12", "it has 'д'", "extension"),
        ("8 727 244 50 50+", "a '+' that is not at the start", "+7 727 244 50 50"),
        ("7,72724E+10", "scientific notation", "format the phone column as Text"),
        ("tel:1414", "it has 't'", "1414"),
    ],
)
def test_phone_numbers_refused(written: str, message: str, hint: str) -> None:
    refused = parse_phone(written)
    assert isinstance(refused, tuple), refused
    assert message in refused[0] and hint in refused[1], refused


def test_phone_cells_several_numbers(tmp_path: Path, content: Content) -> None:
    cell = "+7 727 244 50 50; 8 (701) 234-56-78,1414;"
    (branch,) = read_branches(write(tmp_path, row(phone=cell)), content).branches
    assert [phone.shown for phone in branch.phones] == ["+7 727 244 50 50", "+7 701 234 56 78", "1414"]
    path = write(tmp_path, row(phone="1414; 102; 7111; 1459; 8 727 244 50 50; +7 727 244 50 50"), name="many.csv")
    found = problems_of(path, content)
    assert {(problem.line, problem.column, problem.key) for problem in found} == {(2, column_of("phone"), "phone")}
    messages = " | ".join(problem.message for problem in found)
    assert "6 phone numbers: the band has room for 3" in messages
    assert "'+7 727 244 50 50' is the number +7 727 244 50 50 again" in messages
    bad = write(tmp_path, row(), row(id="almaty-2", phone="1414; +7 912 345 67 89"), name="bad.csv")
    problem = only_problem(bad, content)
    assert (problem.line, problem.column, problem.key) == (3, column_of("phone"), "phone")


# -- websites --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ("http://egov.kz", "http: links are not secure", "https://egov.kz"),
        ("https://egov-kz.com", "imitates 'egov.kz'", "egov.kz"),
        ("https://еgov.kz", "mixes", "Latin keyboard"),
        ("https://egov.kz.example.com", "egov.kz", "egov.kz"),
        ("https://example.com", "not on the list of official domains", "allowed_hosts"),
        ("https://egov.kz@evil.example", "'@' in the address", "remove everything"),
        ("tel:1414", "is not a web address", "phone column"),
        ("mailto:info@citizensec.kz", "is not a web address", "https://"),
        ("javascript:alert(1)", "'javascript:' links are not allowed", "https:"),
    ],
)
def test_websites_must_be_official_https(tmp_path: Path, content: Content, value: str, message: str, hint: str) -> None:
    problem = only_problem(write(tmp_path, row(website=value)), content)
    assert (problem.line, problem.column, problem.key) == (2, column_of("website"), "website")
    assert message in problem.message and hint in problem.hint


@pytest.mark.parametrize("value", ["https://egov.kz", "egov.kz", "https://egov.kz/cms/ru", "EGOV.KZ", ""])
def test_websites_accepted(tmp_path: Path, content: Content, value: str) -> None:
    (branch,) = read_branches(write(tmp_path, row(website=value)), content).branches
    assert branch.website == ("" if not value else value if "://" in value else "https://" + value)


# -- logos -----------------------------------------------------------------------------------------


def logo_problem(tmp_path: Path, content: Content, value: str) -> Problem:
    problem = only_problem(write(tmp_path, row(), row(id="almaty-2", logo=value), name="logos.csv"), content)
    assert (problem.line, problem.column, problem.key) == (3, column_of("logo"), "logo")
    return problem


def test_logos_accepted(tmp_path: Path, content: Content) -> None:
    picture(tmp_path / "a.png", (NEEDED_PIXELS, NEEDED_PIXELS))
    picture(tmp_path / "logos" / "b.jpg", (600, 300), "JPEG")
    picture(tmp_path / "logos" / "c.JPEG", (900, 400), "JPEG", mode="CMYK")
    picture(tmp_path / "logos" / "d.png", (1000, 400), mode="RGBA")
    path = write(
        tmp_path,
        row(logo="a.png"),
        row(id="b", logo="logos/b.jpg"),
        row(id="c", logo="logos\\c.JPEG"),  # Windows' '\'
        row(id="d", logo="./logos/d.png"),
        row(id="e", logo="a.png"),  # the same logo for two branches
    )
    logos = [branch.logo for branch in read_branches(path, content).branches]
    folder = tmp_path.absolute()
    assert logos == [str(folder / name) for name in ("a.png", "logos/b.jpg", "logos/c.JPEG", "logos/d.png", "a.png")]


def test_a_logo_too_small_to_print_at_300_dpi(tmp_path: Path, content: Content) -> None:
    picture(tmp_path / "small.png", (600, NEEDED_PIXELS - 1))
    problem = logo_problem(tmp_path, content, "small.png")
    assert (
        f"{NEEDED_PIXELS - 1} pixels high" in problem.message and f"at least {NEEDED_PIXELS} pixels" in problem.message
    )
    assert "24 mm" in problem.message and str(NEEDED_PIXELS) in problem.hint


def test_a_logo_far_wider_than_high(tmp_path: Path, content: Content) -> None:
    picture(tmp_path / "banner.png", (NEEDED_PIXELS * 7, NEEDED_PIXELS))
    assert "times as wide as high" in logo_problem(tmp_path, content, "banner.png").message


def test_a_logo_stored_on_its_side_is_refused(tmp_path: Path, content: Content) -> None:
    """A JPEG whose EXIF tag says "turn me" (as phones save photos): a PDF draws it as stored."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to display
    picture(tmp_path / "turned.jpg", (600, 400), "JPEG", exif=exif.tobytes())
    problem = logo_problem(tmp_path, content, "turned.jpg")
    assert "EXIF orientation 6" in problem.message and "on its side" in problem.message
    assert "upright" in problem.hint
    exif[0x0112] = 1  # as stored: fine
    picture(tmp_path / "upright.jpg", (600, 400), "JPEG", exif=exif.tobytes())
    assert read_branches(write(tmp_path, row(logo="upright.jpg")), content).branches[0].logo


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/etc/passwd.png", "outside the list's folder"),
        ("../logo.png", "outside the list's folder"),
        ("logos/../../logo.png", "outside the list's folder"),
        ("..\\logo.png", "outside the list's folder"),
        ("C:\\logos\\bank.png", "outside the list's folder"),
        ("https://bank.kz/logo.png", "is a web address"),
        ("missing.png", "does not exist"),
        ("logo.gif", "not a .png, .jpg or .jpeg file"),
        ("logo", "not a .png, .jpg or .jpeg file"),
        ("logo.svg", "SVG logos are not supported yet"),
    ],
)
def test_logo_paths_refused(tmp_path: Path, content: Content, value: str, message: str) -> None:
    lists = tmp_path / "lists"
    lists.mkdir()
    picture(tmp_path / "logo.png", (400, 400))  # beside the list's folder: never to be read
    problem = only_problem(write(lists, row(), row(id="almaty-2", logo=value)), content)
    assert (problem.line, problem.column, problem.key) == (3, column_of("logo"), "logo")
    assert message in problem.message


def test_symbolic_links_to_logos_are_never_followed(tmp_path: Path, content: Content) -> None:
    outside = picture(tmp_path / "outside" / "logo.png", (400, 400))
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "logo.png").symlink_to(outside)
    (lists / "logos").symlink_to(outside.parent)
    problem = only_problem(write(lists, row(logo="logo.png")), content)
    assert "symbolic link" in problem.message and (problem.line, problem.column) == (2, column_of("logo"))
    problem = only_problem(write(lists, row(logo="logos/logo.png")), content)
    assert "through a link to another folder" in problem.message


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "renamed.png",
            lambda path: picture(path, (400, 400), "JPEG"),
            "is a JPEG picture with the name of a PNG file",
        ),
        ("renamed.jpg", lambda path: picture(path, (400, 400), "PNG"), "is a PNG picture with the name of a JPEG file"),
        ("gif.png", lambda path: picture(path, (400, 400), "GIF", mode="P"), "is a GIF file, not a PNG picture"),
        ("bmp.png", lambda path: picture(path, (400, 400), "BMP"), "is a BMP file"),
        ("text.png", lambda path: path.write_text("not a picture"), "is not a picture leaflet can read"),
        ("empty.png", lambda path: path.write_bytes(b""), "is not a picture leaflet can read"),
        ("eps.png", lambda path: path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\n"), "PostScript"),
    ],
)
def test_renamed_and_other_files_are_refused(
    tmp_path: Path, content: Content, name: str, make: object, message: str
) -> None:
    assert callable(make)
    make(tmp_path / name)
    assert message in logo_problem(tmp_path, content, name).message


def test_damaged_huge_and_bomb_logos(tmp_path: Path, content: Content) -> None:
    whole = picture(tmp_path / "whole.png", (400, 400)).read_bytes()
    (tmp_path / "cut.png").write_bytes(whole[: len(whole) // 2])
    assert "damaged or incomplete" in logo_problem(tmp_path, content, "cut.png").message
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + bytes(192))
    noise.save(tmp_path / "large.png", compress_level=0)
    assert (tmp_path / "large.png").stat().st_size > 2_000_000
    assert "over the limit of 2 MB" in logo_problem(tmp_path, content, "large.png").message
    (tmp_path / "bomb.png").write_bytes(png_header_only(5000, 5000))  # 25 million pixels in 100 bytes
    assert "5000 × 5000 pixels, too many to read" in logo_problem(tmp_path, content, "bomb.png").message
    for side in (10_000, 60_000):  # past Pillow's own warning, and its own limit
        (tmp_path / f"{side}.png").write_bytes(png_header_only(side, side))
        assert "far more pixels than a logo needs" in logo_problem(tmp_path, content, f"{side}.png").message


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels and holds almost none."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_an_svg_with_an_external_entity_is_never_parsed(tmp_path: Path, content: Content) -> None:
    """SVG logos are refused unread; an SVG renamed .png is recognised and refused too."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    svg = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" height="400" width="400">'
        f'<text>&xxe;</text><image xlink:href="file://{secret}"/><image href="https://evil.example/x.png"/></svg>'
    )
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    (tmp_path / "logo.png").write_text(svg, encoding="utf-8")
    problem = logo_problem(tmp_path, content, "logo.svg")
    assert "SVG logos are not supported yet" in problem.message and "PNG" in problem.hint
    problem = logo_problem(tmp_path, content, "logo.png")
    assert "is a SVG file, not a PNG picture" in problem.message
    for value in ("logo.svg", "logo.png"):
        with pytest.raises(ContentError) as raised:
            read_branches(write(tmp_path, row(logo=value), name=f"{value}.csv"), content)
        assert "TOP-SECRET" not in str(raised.value)


# -- the file itself -------------------------------------------------------------------------------


def test_a_list_not_in_utf8_is_refused_at_its_first_bad_cell(tmp_path: Path, content: Content) -> None:
    text = "\n".join([",".join(HEADER), row(), row(id="almaty-2")]) + "\n"
    path = tmp_path / "cp1251.csv"
    path.write_bytes(text.encode("cp1251", errors="replace"))
    problem = only_problem(path, content)
    assert (problem.line, problem.column) == where(text, GOOD["organisation_kk"]) == (2, 2)
    assert "not UTF-8 (byte 0xab)" in problem.message and "CSV UTF-8" in problem.hint


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("id,name_ru\r\n1,Отделение\r\n".encode("utf-16"), "saved as UTF-16"),
        ("id,name_ru\n1,x\n".encode("utf-16-le"), "saved as UTF-16"),
        (b"id,name_ru\n\x00\x01\x02\x03,x\n", "binary file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Excel 97-2003 workbook (.xls)"),
    ],
)
def test_files_that_are_not_csv_utf8(tmp_path: Path, content: Content, data: bytes, message: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    problem = only_problem(path, content)
    assert problem.file == str(path) and message in problem.message and "CSV UTF-8" in problem.hint


def test_an_xlsx_workbook_is_refused_with_how_to_export_csv(tmp_path: Path, content: Content) -> None:
    path = tmp_path / "branches.xlsx"
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    problem = only_problem(path, content)
    assert "an Excel workbook (.xlsx), not a CSV file" in problem.message
    assert "CSV UTF-8" in problem.hint and "Google Sheets" in problem.hint
    ods = tmp_path / "branches.ods"
    with zipfile.ZipFile(ods, "w") as document:
        document.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert "OpenDocument spreadsheet" in only_problem(ods, content).message


def test_a_list_over_the_size_limit(tmp_path: Path, content: Content) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"id,name_ru\n" + b"x" * MAX_LIST_BYTES)
    assert "over the 4 MB limit" in only_problem(path, content).message


def test_a_list_over_the_row_limit(tmp_path: Path, content: Content) -> None:
    rows = [f"b-{number},a,b,,,c,d,1414,e,f,," for number in range(MAX_ROWS + 1)]
    path = write(tmp_path, *rows)
    problem = only_problem(path, content)
    assert (problem.line, problem.column) == (MAX_ROWS + 2, 1)
    assert f"more than {MAX_ROWS} branches" in problem.message
    assert len(read_branches(write(tmp_path, *rows[:MAX_ROWS], name="fits.csv"), content).branches) == MAX_ROWS


def test_a_symlink_a_folder_and_a_missing_file(tmp_path: Path, content: Content) -> None:
    real = write(tmp_path, row())
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert "symbolic link" in only_problem(link, content).message
    assert "is a folder" in only_problem(tmp_path, content).message
    missing = only_problem(tmp_path / "nope.csv", content)
    assert missing.file == str(tmp_path / "nope.csv") and "does not exist" in missing.message
    assert "does not exist" in only_problem(str(tmp_path / "nope.csv"), content).message


# -- drawing a logo --------------------------------------------------------------------------------


def test_logo_drawing_keeps_proportions_and_draws_the_same_bytes(tmp_path: Path) -> None:
    path = picture(tmp_path / "wide.png", (1200, 400), mode="RGBA")
    height = LOGO_HEIGHT_MM * 72 / 25.4
    logo = logo_drawing(str(path), height)
    width, drawn_height = logo.wrap(1000, 1000)
    assert width == pytest.approx(height * 3) and drawn_height == height

    def draw() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        logo_drawing(str(path), height).drawOn(canvas, 72, 72)
        canvas.save()
        return buffer.getvalue()

    assert draw() == draw()
    assert b"/SMask" in draw()  # the transparency is kept


def test_logo_drawing_scales_a_large_logo_down_and_converts_cmyk(tmp_path: Path) -> None:
    path = picture(tmp_path / "big.jpg", (3000, 1000), "JPEG", mode="CMYK")
    height = 34.0  # points: 12 mm
    logo = logo_drawing(str(path), height)
    assert logo.width == pytest.approx(height * 3)  # the file's proportions
    width_pixels, height_pixels = logo._image.getSize()
    assert height_pixels == math.ceil(height / 72 * 600) and width_pixels == 3 * height_pixels
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    logo.drawOn(canvas, 0, 0)
    canvas.save()
    assert b"/DeviceRGB" in buffer.getvalue() and b"/DeviceCMYK" not in buffer.getvalue()


def test_a_checked_logo_draws_from_its_path_too(tmp_path: Path, content: Content) -> None:
    """The layout may draw the file itself, as the leaflets' pictures are drawn."""
    picture(tmp_path / "logo.png", (600, 300), mode="RGBA")
    (branch,) = read_branches(write(tmp_path, row(logo="logo.png")), content).branches
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawImage(branch.logo, 72, 72, 68, 34, mask="auto")
    canvas.save()
    assert b"/Subtype /Image" in buffer.getvalue()


def test_logo_drawing_refuses_a_file_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_text("no longer a picture")
    with pytest.raises(ContentError) as raised:
        logo_drawing(str(path), 34)
    (problem,) = raised.value.problems
    assert problem.file == str(path) and "not a picture" in problem.message


def test_module_limits_are_sane() -> None:
    assert branches_module.MAX_PHONES == 3
    assert branches_module.MAX_LOGO_BYTES == 2_000_000


# -- anything at all: a list or its problems, never a traceback -------------------------------------

#: What broken lists are made of: separators, quotes, line breaks, formula starts, Cyrillic and
#: Kazakh letters, invisible and undecodable characters.
NOISE = ',;\t"\n\r =+@#:/.-\\' + "abc019" + "аәқңөАЯ€" + "\u200b\ufeff\x00\udcff"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True),
            st.sampled_from(["insert", "delete", "replace"]),
            st.sampled_from(list(NOISE)),
        ),
        max_size=8,
    ),
)
def test_any_edit_of_the_example_gives_a_list_or_located_problems(
    tmp_path: Path, edits: list[tuple[float, str, str]]
) -> None:
    content = shipped_content()
    text = list((EXAMPLES / "branches.csv").read_text(encoding="utf-8"))
    for where_at, edit, char in edits:
        position = int(where_at * len(text))
        if edit == "insert":
            text.insert(position, char)
        elif text:
            if edit == "delete":
                del text[position % len(text)]
            else:
                text[position % len(text)] = char
    logos = tmp_path / "branches-logos"
    if not logos.exists():  # tmp_path is one folder for every example: the logos are copied once
        shutil.copytree(EXAMPLES / "branches-logos", logos)
    path = tmp_path / "fuzzed.csv"
    path.write_bytes("".join(text).encode("utf-8", "surrogateescape"))
    try:
        listed = read_branches(path, content)
    except ContentError as error:
        assert error.problems
        assert all(problem.file == str(path) and problem.message for problem in error.problems)
        assert all(problem.line >= 0 and problem.column >= 0 for problem in error.problems)
    else:
        assert all(branch.phones and branch.id for branch in listed.branches)
