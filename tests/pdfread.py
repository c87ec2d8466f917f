"""Reading printed PDFs back: text runs with their printed size and place, page renders, QR codes."""

from __future__ import annotations

import ctypes
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from PIL import Image
from pypdf.generic import ArrayObject, Destination, DictionaryObject, IndirectObject, StreamObject

from leaflet.layout.formats import FormatSpec

PT_PER_MM = 72 / 25.4
QR_CODE = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


# -- PDF objects as their types (pypdf types every value of a dictionary as PdfObject) ------


def as_dict(value: object) -> DictionaryObject:
    """A PDF dictionary, followed if it is a reference."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    assert isinstance(value, DictionaryObject), type(value)
    return value


def as_array(value: object) -> ArrayObject:
    """A PDF array, followed if it is a reference."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    assert isinstance(value, ArrayObject), type(value)
    return value


def as_int(value: object) -> int:
    """A PDF integer (pypdf's NumberObject is an int)."""
    assert isinstance(value, int), type(value)
    return value


def entry(dictionary: object, key: str) -> DictionaryObject:
    """The dictionary under ``key`` of a dictionary, or an empty one."""
    value = as_dict(dictionary).get(key)
    return DictionaryObject() if value is None else as_dict(value)


def resources(page: object, key: str) -> list[DictionaryObject]:
    """Every ``key`` resource (/Font, /XObject) a page draws with, its own and those of the
    form XObjects it draws (a booklet sheet draws its pages as forms), followed."""
    found: list[DictionaryObject] = []
    seen: set[int] = set()

    def walk(holder: DictionaryObject) -> None:
        own = entry(holder.get("/Resources", DictionaryObject()), key)
        found.extend(as_dict(value) for value in own.values())
        for reference in entry(holder.get("/Resources", DictionaryObject()), "/XObject").values():
            xobject = as_dict(reference)
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                walk(xobject)

    walk(as_dict(page))
    return found


def catalog(reader: pypdf.PdfReader) -> DictionaryObject:
    """The document's catalog (/Root)."""
    return as_dict(reader.trailer["/Root"])


def page_number(reference: object) -> int:
    """The object number of a page reference (a link's or an action's destination)."""
    assert isinstance(reference, IndirectObject), type(reference)
    return reference.idnum


def own_number(page: pypdf.PageObject) -> int:
    """The object number of a page of a file read from disk."""
    assert page.indirect_reference is not None
    return page.indirect_reference.idnum


def content_stream(page: pypdf.PageObject) -> str:
    """The page's content stream as text (latin-1: operators and numbers are ASCII), followed
    by those of the form XObjects it draws (a sheet draws its pages as forms)."""
    contents = page.get_contents()
    assert contents is not None, "a page with no content"
    streams = [contents.get_data()]
    forms = [form for form in resources(page, "/XObject") if isinstance(form, StreamObject)]
    streams += [form.get_data() for form in forms if form.get("/Subtype") == "/Form"]
    return "\n".join(stream.decode("latin-1") for stream in streams)


def ink_box(image: Image.Image, threshold: int = 250) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) of every pixel darker than ``threshold`` of a grey image."""
    box = image.point(lambda value: 255 if value < threshold else 0).getbbox()
    assert box is not None, "a blank page"
    return box


def dark_pixels(image: Image.Image, threshold: int) -> list[tuple[int, int]]:
    """(x, y) of every pixel of a grey (L) image darker than ``threshold``, row by row."""
    assert image.mode == "L", image.mode
    data, width = image.tobytes(), image.width
    return [(index % width, index // width) for index, value in enumerate(data) if value < threshold]


def rgb_at(image: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    """One pixel of an RGB image."""
    value = image.getpixel((x, y))
    assert isinstance(value, tuple) and len(value) == 3, value
    return value[0], value[1], value[2]


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: its size in points on paper and its origin."""

    text: str
    size: float
    x: float
    y: float


def _multiply(first: list[float], second: list[float]) -> list[float]:
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return [a * g + b * i, a * h + b * j, c * g + d * i, c * h + d * j, e * g + f * i + k, e * h + f * j + m]


@functools.cache
def reader_of(path: Path) -> pypdf.PdfReader:
    """The file read once for every test that reads it (tests must not change what they read)."""
    return pypdf.PdfReader(path)


#: the text runs of every page read so far, by the page's identity (the page is kept with them,
#: so its id is never reused)
_RUNS: dict[int, tuple[pypdf.PageObject, tuple[Run, ...]]] = {}


def text_runs(page: pypdf.PageObject) -> tuple[Run, ...]:
    """Every non-blank text run of the page, in drawing order, with the size it prints at
    (the font size times the scale of the text and current transformation matrices).  A page
    of a file read with :func:`reader_of` is read once."""
    if id(page) not in _RUNS:
        _RUNS[id(page)] = (page, _read_runs(page))
    return _RUNS[id(page)][1]


def _read_runs(page: pypdf.PageObject) -> tuple[Run, ...]:
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            matrix = _multiply(list(map(float, tm)), list(map(float, cm)))
            scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
            runs.append(Run(text, size * scale, matrix[4], matrix[5]))

    page.extract_text(visitor_text=visit)
    return tuple(runs)


def sized_text(runs: tuple[Run, ...]) -> tuple[str, list[float]]:
    """The runs' text joined with single spaces, and the printed size of every character."""
    text, sizes = "", []
    for run in runs:
        for char in re.sub(r"\s+", " ", f" {run.text} "):
            if char == " " and text.endswith(" "):
                continue
            text += char
            sizes.append(math.inf if char == " " else run.size)
    return text, sizes


def sizes_of(runs: tuple[Run, ...], phrase: str) -> list[float]:
    """The printed sizes of the characters of ``phrase`` where it first appears (empty if absent)."""
    text, sizes = sized_text(runs)
    start = text.find(re.sub(r"\s+", " ", phrase))
    return [] if start < 0 else [size for size in sizes[start : start + len(phrase)] if size != math.inf]


@dataclass(frozen=True)
class Glyph:
    """One printed character (not a space): the size it prints at (the font size times the scale
    of its text and transformation matrices, as :class:`Run` has it) and its origin, in points."""

    char: str
    size: float
    x: float
    y: float


@functools.cache
def glyphs(path: Path, index: int) -> tuple[Glyph, ...]:
    """Every printed character of a page, read by pdfium: the sizes and places :func:`text_runs`
    reads with pypdf, character by character, several times faster."""
    textpage = pdfium.PdfDocument(path)[index].get_textpage()
    matrix, x, y = pdfium_c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
    found = []
    for i in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) or not char.strip():
            continue
        pdfium_c.FPDFText_GetMatrix(textpage.raw, i, matrix)
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        found.append(Glyph(char, pdfium_c.FPDFText_GetFontSize(textpage.raw, i) * scale, x.value, y.value))
    return tuple(found)


def render(path: Path, index: int, dpi: float, grey: bool = True) -> Image.Image:
    """One page (its whole media box) rendered at ``dpi``."""
    document = pdfium.PdfDocument(path)
    image: Image.Image = document[index].render(scale=dpi / 72).to_pil()
    return image.convert("L") if grey else image.convert("RGB")


def page_count(path: Path) -> int:
    return len(pdfium.PdfDocument(path))


def qr_codes(image: Image.Image) -> list[zxingcpp.Barcode]:
    return list(zxingcpp.read_barcodes(image, formats=QR_CODE))


def bounded_text(path: Path, index: int, box: tuple[float, float, float, float]) -> str:
    """The text inside ``box`` (left, bottom, right, top in points) of a page, whitespace collapsed."""
    document = pdfium.PdfDocument(path)
    text = document[index].get_textpage().get_text_bounded(*box)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Char:
    """One character as drawn: its text and its tight box in points (PDF coordinates, y up)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


def chars(path: Path, index: int) -> list[Char]:
    """Every character of a page in drawing order, spaces and line ends included (their boxes
    sit where the line runs)."""
    textpage = pdfium.PdfDocument(path)[index].get_textpage()
    return [Char(textpage.get_text_range(i, 1), *textpage.get_charbox(i)) for i in range(textpage.count_chars())]


def tinted_bands(path: Path, index: int, dpi: float = 100) -> tuple[list[tuple[float, float]], float, float]:
    """The runs of light tint (not white, every channel at least 200), at least 5 mm tall, down
    the page half a millimetre right of its leftmost ink (where a band that spans the text width
    begins), top first, as (bottom, top) in points; and the top and bottom of the page's ink."""
    image = render(path, index, dpi, grey=False)
    left, top, _, bottom = ink_box(image.convert("L"))
    x = left + round(0.5 / 25.4 * dpi)
    height_pt = image.height / dpi * 72
    runs: list[tuple[float, float]] = []
    start = None
    for y in range(image.height + 1):
        pixel = rgb_at(image, x, y) if y < image.height else (255, 255, 255)
        tint = pixel != (255, 255, 255) and min(pixel) >= 200
        if tint and start is None:
            start = y
        elif not tint and start is not None:
            if (y - start) / dpi * 25.4 >= 5:
                runs.append((height_pt - y / dpi * 72, height_pt - start / dpi * 72))
            start = None
    return runs, height_pt - top / dpi * 72, height_pt - bottom / dpi * 72


def qr_boxes(path: Path, index: int, dpi: float = 150) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The QR codes a page decodes to at ``dpi``: (text, (left, bottom, right, top) in points)."""
    image = render(path, index, dpi)
    height_pt = image.height / dpi * 72
    found = []
    for code in qr_codes(image):
        corners = (
            code.position.top_left,
            code.position.top_right,
            code.position.bottom_left,
            code.position.bottom_right,
        )
        xs, ys = [point.x / dpi * 72 for point in corners], [height_pt - point.y / dpi * 72 for point in corners]
        found.append((code.text, (min(xs), min(ys), max(xs), max(ys))))
    return found


def bookmarks(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: Sequence[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                assert isinstance(item, Destination) and item.title is not None, item
                number = reader.get_destination_page_number(item)
                assert number is not None, item.title
                found.append((level, item.title, number))

    walk(reader.outline, 0)
    return found


@dataclass(frozen=True)
class InkedRun:
    """A text-showing operation with the size it prints at and the fill colour it is drawn in
    (the operands of the last ``k``, ``rg`` or ``g``: 4, 3 or 1 numbers)."""

    size: float
    fill: tuple[float, ...]
    text: bytes


def inked_runs(path: Path) -> list[InkedRun]:
    """Every text run of every page of ``path``, form XObjects (imposed or placed pages) included,
    with its printed size and fill colour, read from the content streams with pikepdf."""
    import pikepdf  # the project's own PDF library; only this reader needs it

    found: list[InkedRun] = []

    def walk(stream: pikepdf.Object, resources: pikepdf.Object, ctm: list[float]) -> None:
        stack: list[tuple[list[float], tuple[float, ...]]] = []
        fill: tuple[float, ...] = (0.0,)
        matrix, size, tm = ctm, 0.0, [1.0, 0, 0, 1.0, 0, 0]
        for instruction in pikepdf.parse_content_stream(stream):
            if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                continue  # an inline image
            operands, op = instruction.operands, str(instruction.operator)
            if op == "q":
                stack.append((matrix, fill))
            elif op == "Q" and stack:
                matrix, fill = stack.pop()
            elif op == "cm":
                matrix = _multiply([float(value) for value in operands], matrix)
            elif op in ("k", "rg", "g"):
                fill = tuple(round(float(value), 3) for value in operands)
            elif op == "Tf":
                size = float(operands[1])
            elif op == "Tm":
                tm = [float(value) for value in operands]
            elif op in ("Tj", "TJ", "'", '"'):
                full = _multiply(tm, matrix)
                scale = math.sqrt(abs(full[0] * full[3] - full[1] * full[2]))
                shown = operands[-1]
                raw = (
                    b"".join(bytes(part) for part in shown if isinstance(part, pikepdf.String))
                    if op == "TJ"
                    else bytes(shown)
                )
                found.append(InkedRun(round(size * scale, 2), fill, raw))
            elif op == "Do":
                xobjects = resources.get("/XObject", pikepdf.Dictionary())
                form = xobjects.get(str(operands[0]))
                if form is not None and form.get("/Subtype") == "/Form":
                    placed = [float(value) for value in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    walk(form, form.get("/Resources", resources), _multiply(placed, matrix))

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), [1.0, 0, 0, 1.0, 0, 0])
    return found


def empty_above_back_band(path: Path, index: int, spec: FormatSpec) -> list[tuple[float, float]]:
    """For each column of a back page: the empty band between its lowest text and the back
    band's tint, and the column's height from the top margin to the tint, in points."""
    # the back band: the tint that reaches down to the bottom margin
    bands = [band for band in tinted_bands(path, index)[0] if band[0] < spec.height / 4]
    assert bands, f"{path.name} page {index + 1}: no back band"
    floor = bands[0][1]
    drawn = [char for char in chars(path, index) if char.text.strip() and char.bottom > floor + 1]
    width = spec.column_width()
    found = []
    for column in range(spec.columns):
        left = spec.margin + column * (width + spec.gutter)
        inside = [char for char in drawn if left - 2 <= (char.left + char.right) / 2 <= left + width + 2]
        assert inside, f"{path.name} page {index + 1}: column {column + 1} is empty"
        found.append((min(char.bottom for char in inside) - floor, spec.height - spec.margin - floor))
    return found
