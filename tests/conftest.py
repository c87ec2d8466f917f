"""Shared fixtures: every document is built once per test session into a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from hypothesis import settings

from leaflet.build import build
from leaflet.content.loader import load_content
from leaflet.content.model import LANGUAGES, Content, Leaflet
from leaflet.layout.formats import FORMATS

# Property tests explore new examples on a developer's machine, and replay a fixed set in CI
# (CI=true), so that a CI run is repeatable: a failure there is the code's, not the dice's.
settings.register_profile("ci", derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
#: the shipped leaflet, and its folder in the content folder
LEAFLET_ID = "code-1414"
LEAFLET = CONTENT / LEAFLET_ID
#: the second, short real leaflet (a content folder of its own)
EXAMPLES = ROOT / "examples"
SEEDS = ROOT / "tests" / "seeds"  # the two source texts exactly as the project received them

#: The official addresses the leaflet must send people to (from the project brief,
#: not from the program): each one a QR code and a link.
QR_URLS = {"https://egov.kz", "https://pki.gov.kz", "https://1cb.kz", "https://qamqor.gov.kz"}
ALL_URLS = QR_URLS | {"tel:1459", "mailto:info@citizensec.kz"}

LEAFLET_FORMATS = ("a4", "a5")


@dataclass(frozen=True)
class Built:
    path: Path
    format_name: str
    lang: str

    @property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(self.path)

    def text(self) -> str:
        return pdf_text(self.path)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, whitespace collapsed."""
    return normalise(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def leaflet(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The command line run as a user runs it, in a fresh process."""
    command = [sys.executable, "-m", "leaflet", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def shipped(content: Content) -> Leaflet:
    """The shipped leaflet."""
    return content.leaflets[LEAFLET_ID]


def file_name(format_name: str, edition: str, leaflet_id: str = LEAFLET_ID) -> str:
    """The file `leaflet build` writes for a leaflet in a format and edition."""
    return f"{leaflet_id}-{FORMATS[format_name].file_name(edition)}"


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("output")
    build(CONTENT, out, formats=LEAFLET_FORMATS, langs=LANGUAGES)
    return out


@pytest.fixture(scope="session")
def documents(out_dir: Path) -> dict[tuple[str, str], Built]:
    return {
        (name, lang): Built(out_dir / file_name(name, lang), name, lang)
        for name in LEAFLET_FORMATS
        for lang in LANGUAGES
    }


@pytest.fixture(params=[(name, lang) for name in LEAFLET_FORMATS for lang in LANGUAGES], ids=lambda p: "-".join(p))
def document(request: pytest.FixtureRequest, documents: dict[tuple[str, str], Built]) -> Built:
    return documents[request.param]


# -- every printed format, in every edition, for the office and for a print shop ------------

#: the printed formats of issue 4 and the files `leaflet build` must write for them
PRINTED_FORMATS = ("a4", "a5", "a5-booklet", "poster-a4", "poster-a3", "poster-a2")
#: print-shop options used by the print-shop tests: 3 mm bleed, crop marks, CMYK
SHOP_BLEED_MM = 3.0


def _build_printed(out: Path, **options: object) -> dict[tuple[str, str], Built]:
    from leaflet.pdf.printshop import PrintOptions

    written = build(CONTENT, out, PrintOptions(**options), formats=PRINTED_FORMATS)  # type: ignore[arg-type]
    return {(doc.spec.name, doc.lang): Built(path, doc.spec.name, doc.lang) for path, doc in written}


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """Every printed format in every edition it is made in, for office printers."""
    return _build_printed(tmp_path_factory.mktemp("printed"))


@pytest.fixture(scope="session")
def shop_printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """The same files for a print shop: ``--bleed 3 --marks --cmyk``."""
    return _build_printed(tmp_path_factory.mktemp("shop"), bleed_mm=SHOP_BLEED_MM, marks=True, cmyk=True)


# -- the shareable PDFs for phones (issue 5) ------------------------------------------------

SHARE_FORMATS = ("share", "share-pdfa")


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """The phone PDFs and their PDF/A copies, in every edition, built in two processes."""
    out = tmp_path_factory.mktemp("share")
    written = build(CONTENT, out, formats=SHARE_FORMATS, workers=2)
    return {(doc.spec.name, doc.lang): Built(path, doc.spec.name, doc.lang) for path, doc in written}


#: the second real leaflet, in examples/
EXAMPLE_ID = "fake-bank-call"


@pytest.fixture(scope="session")
def two_leaflets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder with the shipped leaflet and the example leaflet (whose links the
    shipped registry has too)."""
    folder = tmp_path_factory.mktemp("two") / "content"
    shutil.copytree(CONTENT, folder)
    shutil.copytree(EXAMPLES / EXAMPLE_ID, folder / EXAMPLE_ID)
    return folder
