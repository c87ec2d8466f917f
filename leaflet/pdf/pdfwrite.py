"""Write PDFs assembled with pypdf, reproducibly.

pypdf writes no timestamp and, for a new writer, no file identifier; the
document information and catalog entries (title, language, viewer
preferences) are copied from the ReportLab source so the result reads like it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

#: catalog entries carried over from the source document
_CATALOG_KEYS = ("/Lang", "/ViewerPreferences", "/PageMode")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def finish(writer: PdfWriter, source: PdfReader, titles: Sequence[str] = ()) -> bytes:
    """The bytes of ``writer`` with ``source``'s metadata (``titles`` joined as the title)."""
    info = {key: str(value) for key, value in (source.metadata or {}).items()}
    if titles:
        info["/Title"] = " / ".join(dict.fromkeys(titles))
    writer.add_metadata(info)
    catalog = source.root_object
    for key in _CATALOG_KEYS:
        if key in catalog:
            value = catalog[key]
            writer.root_object[NameObject(key)] = (
                TextStringObject(str(value)) if key == "/Lang" else value.clone(writer)
            )
    writer.pdf_header = source.pdf_header
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def concatenate(pdfs: Sequence[bytes]) -> bytes:
    """The pages of every document, one after the other (a bilingual edition)."""
    readers = [reader(pdf) for pdf in pdfs]
    writer = PdfWriter()
    for source in readers:
        for page in source.pages:
            writer.add_page(page)
    return finish(
        writer, readers[0], [str(source.metadata.title or "") if source.metadata else "" for source in readers]
    )
