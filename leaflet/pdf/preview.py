"""Page previews: every page of every built PDF as a PNG, and a contact sheet per format.

Pages are rendered with pypdfium2 (the PDF engine of Chrome and Android), so a
preview shows what a reader's viewer shows.  A contact sheet has one row per
file of the format (each edition), its pages side by side on a grey ground;
the README's pictures are these sheets.  Needs the ``preview`` extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, cast

from ..errors import BuildError, UsageError, shown
from ..install import install_extra_hint
from ..layout.formats import FORMATS
from ..paths import data_folder

if TYPE_CHECKING:
    from PIL import Image

#: resolution of the single-page PNGs
PAGE_DPI = 110
#: height of a page on a contact sheet, in pixels; rows wrap after this many pages
SHEET_PAGE_HEIGHT = 440
SHEET_ROW_PAGES = 8
GAP = 16
LABEL_HEIGHT = 30
GROUND = (96, 96, 96)
#: colours kept in a sheet (a palette PNG is a third of the size and looks the same)
SHEET_COLOURS = 64


def built_pdfs(pdf_dir: Path, formats: Sequence[str] | None = None) -> dict[str, list[Path]]:
    """The built PDFs found in ``pdf_dir``, by format name, in registry order.  Archival
    copies (the same pages as their format) only when ``formats`` names them."""
    # every file is <leaflet id>-<format's file name>; the longest file name that ends a
    # file's name is its format ("x-poster-a4-kk.pdf" is a poster, not an A4 leaflet)
    names = sorted(
        ((spec.file_name(edition), spec) for spec in FORMATS.values() for edition in spec.editions),
        key=lambda pair: -len(pair[0]),
    )
    by_format: dict[str, list[Path]] = {}
    for path in sorted(pdf_dir.glob("*.pdf")) if pdf_dir.is_dir() else ():
        spec = next((spec for name, spec in names if path.name.endswith("-" + name)), None)
        if spec is not None:
            by_format.setdefault(spec.name, []).append(path)
    wanted = [
        spec.name
        for spec in FORMATS.values()
        if ((spec.name in formats) if formats is not None else not spec.archival) and spec.name in by_format
    ]
    return {name: by_format[name] for name in wanted}


def _engine(name: str) -> ModuleType:
    """pypdfium2 or a Pillow module, imported when a preview is made (not on every build)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        hint = install_extra_hint("preview", ("pypdfium2",))
        raise UsageError(f"previews need pypdfium2 and Pillow: {hint}") from None


def render_pages(pdf: Path, dpi: float) -> Iterator[Image.Image]:
    """Every page of ``pdf`` as an RGB image at ``dpi``."""
    document = _engine("pypdfium2").PdfDocument(pdf)
    try:
        for page in document:
            yield page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
    finally:
        document.close()


def _unreadable(pdf: Path) -> str:
    """Why ``pdf`` cannot be previewed (a file cut short, not a PDF at all), or ''."""
    pdfium = _engine("pypdfium2")
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as error:  # the engine's own words: "Data format error", ...
        reason = str(error).partition("(")[2].rstrip(".)") or str(error)
        return (
            f"{pdf}: not a readable PDF ({reason}); it may have been cut short or changed since it was built "
            "(hint: build it again with 'leaflet build', or remove it from the folder)"
        )
    try:
        pages = len(document)
        for index in range(pages):
            document[index].close()
    except pdfium.PdfiumError as error:
        return f"{pdf}: a page cannot be read ({shown(str(error))}) (hint: build it again with 'leaflet build')"
    finally:
        document.close()
    return "" if pages else f"{pdf}: the PDF has no pages (hint: build it again with 'leaflet build')"


def contact_sheet(rows: list[tuple[str, list[Image.Image]]]) -> Image.Image:
    """Rows of pages (each scaled to one height) with their file name above them."""
    scaled = [(label, [_to_height(image, SHEET_PAGE_HEIGHT) for image in pages]) for label, pages in rows]
    wrapped = [
        (label if start == 0 else "", pages[start : start + SHEET_ROW_PAGES])
        for label, pages in scaled
        for start in range(0, len(pages), SHEET_ROW_PAGES)
    ]
    width = max(sum(image.width + GAP for image in pages) + GAP for _, pages in wrapped)
    height = len(wrapped) * (SHEET_PAGE_HEIGHT + GAP + LABEL_HEIGHT) + GAP
    image_module, draw_module = _engine("PIL.Image"), _engine("PIL.ImageDraw")
    sheet = image_module.new("RGB", (width, height), GROUND)
    draw = draw_module.Draw(sheet)
    font = _engine("PIL.ImageFont").truetype(str(data_folder("fonts") / "LeafletSans-Bold.ttf"), 18)
    y = GAP
    for label, pages in wrapped:
        draw.text((GAP, y), label, fill=(255, 255, 255), font=font)
        x = GAP
        for image in pages:
            sheet.paste(image, (x, y + LABEL_HEIGHT))
            x += image.width + GAP
        y += SHEET_PAGE_HEIGHT + GAP + LABEL_HEIGHT
    sheet = sheet.quantize(colors=SHEET_COLOURS, dither=image_module.Dither.NONE)
    return cast("Image.Image", sheet)


def _to_height(image: Image.Image, height: int) -> Image.Image:
    lanczos = _engine("PIL.Image").Resampling.LANCZOS
    return image.resize((round(image.width * height / image.height), height), lanczos)


def preview(
    pdf_dir: Path,
    out_dir: Path,
    *,
    dpi: float = PAGE_DPI,
    pages: bool = True,
    formats: Sequence[str] | None = None,
    prefix: str = "",
) -> list[Path]:
    """Render every built PDF in ``pdf_dir`` (of ``formats``, default all) into ``out_dir``:
    ``pages/<file>-<n>.png`` (unless ``pages`` is false) and ``<prefix><format>.png``;
    return the files written."""
    found = built_pdfs(pdf_dir, formats)
    if not found:
        raise UsageError(f"no built PDFs in {pdf_dir}: run 'leaflet build' first")
    unreadable = [problem for pdfs in found.values() for pdf in pdfs if (problem := _unreadable(pdf))]
    if unreadable:  # every damaged file named before any picture is written
        raise BuildError("\n".join(unreadable))
    written: list[Path] = []
    for format_name, pdfs in found.items():
        rows = []
        for pdf in pdfs:
            images = list(render_pages(pdf, dpi))
            rows.append((pdf.name, images))
            if pages:
                written += _write_pages(pdf, images, out_dir / "pages")
        sheet = out_dir / f"{prefix}{format_name}.png"
        out_dir.mkdir(parents=True, exist_ok=True)
        contact_sheet(rows).save(sheet, optimize=True)
        written.append(sheet)
    return written


def _write_pages(pdf: Path, images: list[Image.Image], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, image in enumerate(images, start=1):
        path = folder / f"{pdf.stem}-{number}.png"
        image.save(path, optimize=True)
        paths.append(path)
    return paths
