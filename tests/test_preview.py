"""Page previews (issues 5 and 8): every page to PNG, a contact sheet per format with every
leaflet's files of that format, the README's pictures.  The PDFs are the session's build."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from leaflet.layout.formats import FORMATS
from leaflet.pdf.preview import preview

from .conftest import EXAMPLE_ID, LEAFLET_ID, ROOT, Built, SessionBuild, file_name, run

#: the resolution the tests render pages at: what they check (every page written, whole and
#: undistorted, something drawn, the sheets' rows) shows at a third of the 110 dpi of `leaflet
#: preview`, and PNG's compression of the pictures is most of a preview's time
TEST_DPI = 36


def copied(files: Iterable[Path], folder: Path) -> Path:
    """A folder of built PDFs holding only ``files``."""
    folder.mkdir()
    for path in files:
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.mark.slow  # some thirty pictures
def test_every_page_of_every_built_pdf_and_a_sheet_per_format(
    shared: dict[tuple[str, str], Built], tmp_path: Path
) -> None:
    pdf_dir = copied((built.path for built in shared.values()), tmp_path / "pdfs")
    out = tmp_path / "preview"
    written = preview(pdf_dir, out, dpi=TEST_DPI)
    pages = sorted((out / "pages").iterdir())
    expected = sum(len(pypdf.PdfReader(built.path).pages) for built in shared.values())
    for built in (built for (name, _), built in shared.items() if name == "share"):
        reader = pypdf.PdfReader(built.path)
        width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
        with Image.open(out / "pages" / f"{built.path.stem}-1.png") as first:
            assert abs(first.width / first.height - width / height) < 0.01, "the whole page, undistorted"
            assert first.getextrema() != ((255, 255), (255, 255), (255, 255)), "something is drawn"
    sheets = sorted(path.name for path in out.glob("*.png"))
    assert sheets == ["share.png"], "the PDF/A copies have the same pages: no sheet unless asked"
    archival = [built for (name, _), built in shared.items() if name == "share-pdfa"]
    assert len(pages) == expected - sum(len(pypdf.PdfReader(built.path).pages) for built in archival)
    assert set(written) == {*pages, *(out / name for name in sheets)}
    with Image.open(out / "share.png") as sheet:
        assert sheet.height > 3 * 400, "one row per edition"


def test_preview_command_only_sheets_of_the_formats_asked(
    session_build: SessionBuild, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = [session_build.out / file_name(name, "ru") for name in ("a4", "share")]
    pdfs = copied(built, tmp_path / "pdfs")
    out = tmp_path / "preview"
    outcome = run(capsys, "preview", "--pdfs", str(pdfs), "--out", str(out), "--no-pages", "--format", "a4")
    assert outcome.code == 0, outcome.stderr
    assert sorted(path.name for path in out.iterdir()) == ["a4.png"]
    assert "1 contact sheet " in outcome.stdout


def test_preview_without_built_pdfs_is_a_clean_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "preview", "--pdfs", str(tmp_path), "--out", str(tmp_path / "p"))
    assert outcome.code == 2
    assert "leaflet build" in outcome.stderr and "Traceback" not in outcome.stderr


def test_readme_pictures_exist_and_are_made_by_the_preview_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\((docs/preview/[^)]+\.png)\)", readme)
    assert pictures
    for picture in pictures:
        assert (ROOT / picture).is_file(), picture
    made_by_preview = {Path(picture).stem for picture in pictures} & set(FORMATS)
    assert {"a4", "a5", "share"} <= made_by_preview
    assert "leaflet preview --out docs/preview --no-pages" in readme


def sheet_rows(sheet: Path) -> int:
    """The rows of pages on a contact sheet, counted in the picture: the runs, down the
    sheet's left edge, of pixels that are not the grey ground and are taller than a label."""
    with Image.open(sheet) as picture:
        image = picture.convert("RGB")

    def pixel(x: int, y: int) -> tuple[int, ...]:
        value = image.getpixel((x, y))
        assert isinstance(value, tuple)
        return value

    ground = pixel(2, 2)

    def drawn(x: int, y: int) -> bool:
        return max(abs(a - b) for a, b in zip(pixel(x, y), ground, strict=True)) > 24

    def rows_at(x: int) -> int:
        rows, run = 0, 0
        for y in range(image.height):
            if drawn(x, y):
                run += 1
            else:
                rows += run > 200  # a page is 400 px tall or more; a label line 30 or less
                run = 0
        return rows + (run > 200)

    # a few pixels inside the left edge of the first column of pages
    edge = next(x for x in range(image.width) if rows_at(x))
    return rows_at(edge + 3)


@pytest.mark.slow  # some twenty pictures
def test_one_sheet_per_format_holds_every_leaflets_files(session_build: SessionBuild, tmp_path: Path) -> None:
    """Two leaflets built into one folder: their files of a format share one sheet, <format>.png."""
    formats = ("a4", "poster-a4")
    written = [
        (session_build.out / file_name(name, edition, leaflet_id), leaflet_id, name)
        for leaflet_id in (LEAFLET_ID, EXAMPLE_ID)
        for name in formats
        for edition in FORMATS[name].editions
    ]
    pdfs = copied((path for path, _, _ in written), tmp_path / "pdfs")
    written = [(pdfs / path.name, leaflet_id, name) for path, leaflet_id, name in written]
    # a file of an earlier version (no leaflet id) and a stray PDF are not a leaflet's files
    shutil.copyfile(pdfs / file_name("a4", "ru"), pdfs / "a4-ru.pdf")
    shutil.copyfile(pdfs / file_name("a4", "ru"), pdfs / "notes.pdf")
    out = tmp_path / "preview"
    pictures = preview(pdfs, out, dpi=TEST_DPI)
    assert sorted(path.name for path in out.glob("*.png")) == ["a4.png", "poster-a4.png"]
    for format_name in formats:
        files = [path for path, _, name in written if name == format_name]
        assert {leaflet_id for path, leaflet_id, _ in written if path in files} == {LEAFLET_ID, EXAMPLE_ID}
        # "x-poster-a4-kk.pdf" is a poster, not an A4 leaflet: each file on its own format's sheet
        assert sheet_rows(out / f"{format_name}.png") == len(files), format_name
    expected_pages = {
        out / "pages" / f"{path.stem}-{number}.png"
        for path, _, _ in written
        for number in range(1, len(pypdf.PdfReader(path).pages) + 1)
    }
    assert set((out / "pages").iterdir()) == expected_pages
    assert set(pictures) == expected_pages | {out / "a4.png", out / "poster-a4.png"}


@pytest.mark.parametrize("damage", ["cut short", "not a PDF", "empty"])
def test_preview_of_a_damaged_pdf_names_it_and_writes_nothing(
    session_build: SessionBuild, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    """A PDF cut short in a download, or a file that only has a PDF's name: a clear error naming
    it, exit 1, no picture written (it was an internal error from the PDF engine)."""
    good = session_build.out / file_name("a4", "ru")
    pdfs = copied([good, session_build.out / file_name("share", "ru")], tmp_path / "pdfs")
    broken = pdfs / good.name
    data = good.read_bytes()
    broken.write_bytes({"cut short": data[:3000], "not a PDF": b"<html>not found</html>", "empty": b""}[damage])
    out = tmp_path / "preview"
    outcome = run(capsys, "preview", "--pdfs", str(pdfs), "--out", str(out))
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr
    assert outcome.code == 1, outcome.stderr
    assert re.match(rf"leaflet: {re.escape(str(broken))}: not a readable PDF \(PDFium: .+\)", outcome.stderr), outcome
    assert "build it again with 'leaflet build'" in outcome.stderr
    assert not out.exists()
