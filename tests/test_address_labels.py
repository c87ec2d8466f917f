"""An official deep link's address prints on one line under its QR code (issue 13): read back
from the PDFs of every printed format, and the code above it still scans to the whole address."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from .conftest import CONTENT, file_name
from .pdfread import page_count, qr_codes, render

DEEP_LINK = "https://qamqor.gov.kz/appeal"
LABEL = "qamqor.gov.kz/appeal"
#: every printed format of one language: each draws the QR codes with their addresses
FORMATS = ("a4", "a5", "large-print", "poster-a4")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped leaflet in Russian, its police link made the deep link, built as `leaflet build`."""
    folder = tmp_path_factory.mktemp("deep-link") / "content"
    shutil.copytree(CONTENT, folder)
    links = folder / "links.yaml"
    text = links.read_text(encoding="utf-8")
    shipped = "url: https://qamqor.gov.kz\n    label:\n      ru: qamqor.gov.kz\n      kk: qamqor.gov.kz"
    assert text.count(shipped) == 1
    deep = f"url: {DEEP_LINK}\n    label:\n      ru: {LABEL}\n      kk: {LABEL}"
    links.write_text(text.replace(shipped, deep), encoding="utf-8")
    out = folder.parent / "output"
    formats = [argument for name in FORMATS for argument in ("--format", name)]
    command = [sys.executable, "-m", "leaflet", "build", "--content", str(folder), "--out", str(out)]
    done = subprocess.run([*command, "--lang", "ru", *formats, "--quiet"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
@pytest.mark.xdist_group("deep_link_labels")
@pytest.mark.parametrize("format_name", FORMATS)
def test_deep_link_label_is_one_line(built: Path, format_name: str) -> None:
    pdf = built / file_name(format_name, "ru")
    lines = [line.strip() for page in pypdf.PdfReader(pdf).pages for line in page.extract_text().splitlines()]
    assert LABEL in lines, f"{pdf.name}: the address is not a line of its own"
    broken = [line for line in lines if LABEL.startswith(line) and 4 < len(line) < len(LABEL)]
    assert not broken, f"{pdf.name}: the address is broken over two lines: {broken}"
    scanned = {code.text for code in qr_codes(render(pdf, page_count(pdf) - 1, 150))}
    assert DEEP_LINK in scanned, f"{pdf.name}: no code scans to {DEEP_LINK} ({scanned})"
