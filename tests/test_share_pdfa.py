"""The archival copy of the shareable PDF: each PDF/A-2 requirement the output can show.

These tests read the files with pikepdf and pypdf and check what ISO 19005-2 asks of them; the
copy is tagged, so it is PDF/A-2a (level A, accessible) and PDF/UA-1 at once, which
page-validation confirms in tests/test_tagged_pdf.py.
"""

from __future__ import annotations

import pikepdf
import pytest

from .conftest import Built
from .pdfread import catalog

EDITIONS = ("kk", "ru", "kk-ru")


@pytest.fixture(params=EDITIONS)
def archival(request: pytest.FixtureRequest, shared: dict[tuple[str, str], Built]) -> Built:
    return shared[("share-pdfa", request.param)]


def test_xmp_names_pdfa_2a_and_repeats_the_document_information(archival: Built) -> None:
    with pikepdf.open(archival.path) as document:
        assert "/Metadata" in document.Root
        assert "/Filter" not in document.Root.Metadata, "the XMP packet is readable without decoding"
        metadata = document.open_metadata()
        assert metadata["pdfaid:part"] == "2"
        assert metadata["pdfaid:conformance"] == "A", "level A: tagged, every text in Unicode, its language named"
        assert metadata["pdfuaid:part"] == "1", "PDF/UA-1 in the same file"
        info = document.docinfo
        assert metadata["dc:title"] == str(info.Title)
        assert metadata["dc:description"] == str(info.Subject)
        assert metadata["pdf:Producer"] == str(info.Producer)
        assert metadata["xmp:CreatorTool"] == str(info.Creator)
        assert metadata["xmp:CreateDate"].startswith("2000-01-01T00:00:00")
        assert "/Trapped" not in info, "an information entry with no XMP twin"


def test_srgb_output_intent(archival: Built) -> None:
    with pikepdf.open(archival.path) as document:
        (intent,) = document.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert profile.N == 3
        data = profile.read_bytes()
        assert data[36:40] == b"acsp", "an ICC profile"
        assert data[12:16] == b"mntr" and data[16:20] == b"RGB "
        assert data[8] <= 4, "PDF/A-2 takes ICC profiles up to version 4"


def test_annotations_printable_and_fonts_embedded(archival: Built) -> None:
    with pikepdf.open(archival.path) as document:
        assert not document.is_encrypted
        for page in document.pages:
            for annotation in page.obj.get("/Annots", []):
                assert int(annotation.F) & 4, "PDF/A: every annotation has the Print flag"
            for font in page.obj.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor
                assert "/Encoding" not in font, "symbolic TrueType fonts carry no /Encoding"


def test_same_pages_text_and_links_as_the_shareable_pdf(archival: Built, shared: dict[tuple[str, str], Built]) -> None:
    share = shared[("share", archival.lang)]
    assert archival.text() == share.text()
    assert len(archival.reader.pages) == len(share.reader.pages)
    assert catalog(archival.reader)["/Lang"] == catalog(share.reader)["/Lang"]
