"""Page previews (issue 5): every page to PNG, a contact sheet per format, the README's pictures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
from PIL import Image

from leaflet.build import build, plan_jobs
from leaflet.layout.formats import FORMATS
from leaflet.pdf.preview import preview

from .conftest import CONTENT, ROOT, Built


def test_every_page_of_every_built_pdf_and_a_sheet_per_format(
    shared: dict[tuple[str, str], Built], tmp_path: Path
) -> None:
    pdf_dir = next(iter(shared.values())).path.parent
    written = preview(pdf_dir, tmp_path)
    pages = sorted((tmp_path / "pages").iterdir())
    expected = sum(len(pypdf.PdfReader(built.path).pages) for built in shared.values())
    for built in (built for (name, _), built in shared.items() if name == "share"):
        reader = pypdf.PdfReader(built.path)
        width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
        with Image.open(tmp_path / "pages" / f"{built.path.stem}-1.png") as first:
            assert abs(first.width / first.height - width / height) < 0.01, "the whole page, undistorted"
            assert first.getextrema() != ((255, 255), (255, 255), (255, 255)), "something is drawn"
    sheets = sorted(path.name for path in tmp_path.glob("*.png"))
    assert sheets == ["share.png"], "the PDF/A copies have the same pages: no sheet unless asked"
    archival = [built for (name, _), built in shared.items() if name == "share-pdfa"]
    assert len(pages) == expected - sum(len(pypdf.PdfReader(built.path).pages) for built in archival)
    assert set(written) == {*pages, *(tmp_path / name for name in sheets)}
    with Image.open(tmp_path / "share.png") as sheet:
        assert sheet.height > 3 * 400, "one row per edition"


def test_preview_command_only_sheets_of_the_formats_asked(tmp_path: Path) -> None:
    pdfs = tmp_path / "pdfs"
    build(CONTENT, pdfs, plan_jobs(("a4", "share"), ("ru",)))
    out = tmp_path / "preview"
    command = [sys.executable, "-m", "leaflet", "preview", "--pdfs", str(pdfs), "--out", str(out)]
    result = subprocess.run([*command, "--no-pages", "--format", "a4"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["a4.png"]
    assert "1 contact sheets" in result.stdout


def test_preview_without_built_pdfs_is_a_clean_usage_error(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "leaflet", "preview", "--pdfs", str(tmp_path), "--out", str(tmp_path / "p")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "leaflet build" in result.stderr and "Traceback" not in result.stderr


def test_readme_pictures_exist_and_are_made_by_the_preview_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\((docs/preview/[^)]+\.png)\)", readme)
    assert pictures
    for picture in pictures:
        assert (ROOT / picture).is_file(), picture
    made_by_preview = {Path(picture).stem for picture in pictures} & set(FORMATS)
    assert {"a4", "a5", "share"} <= made_by_preview
    assert "leaflet preview --out docs/preview --no-pages" in readme
