"""The archival form: a finished PDF made PDF/A-2b with pikepdf (qpdf).

What ReportLab's output needs for PDF/A-2b, level B (visual appearance):
fonts embedded (they are: TrueType subsets, symbolic, one cmap each), an XMP
metadata packet that says the same as the document information dictionary and
names the conformance (``pdfaid:part`` 2, ``pdfaid:conformance`` B), an output
intent with an ICC profile for the RGB colours drawn (sRGB: the profile little
CMS builds in, through Pillow), and every annotation printable (``/F 4``).
Nothing is written by hand below the level of pikepdf's objects.

No PDF/A validator runs here (veraPDF is a Java program on neither PyPI nor
Debian); the tests check each of the requirements above on the output.
"""

from __future__ import annotations

import functools
import struct

import pikepdf
from PIL import ImageCms

from .pdfwrite import open_pdf, save

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"
SRGB = "sRGB IEC61966-2.1"
#: annotation flag "Print" (PDF 32000-1, 12.5.3): PDF/A wants every annotation printable
PRINT_FLAG = 4


#: ICC header fields (ICC.1:2010, 7.2): creation date and time, and the profile ID (an MD5)
_ICC_DATE = slice(24, 36)
_ICC_PROFILE_ID = slice(84, 100)
#: the date written into the profile, as ReportLab's invariant documents date themselves
FIXED_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile: little CMS's built-in sRGB (ICC version 4, device class 'mntr').

    little CMS stamps the time it made the profile into the header; the fixed date here
    keeps every build byte-identical.  It sets no profile ID (the MD5 that would cover
    the date), and this checks so."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if any(profile[_ICC_PROFILE_ID]):
        raise RuntimeError("the sRGB profile carries a profile ID: its date cannot be fixed (leaflet.pdf.pdfa)")
    profile[_ICC_DATE] = FIXED_DATE
    return bytes(profile)


def make_archival(pdf: bytes) -> bytes:
    """``pdf`` as PDF/A-2b: XMP metadata, an sRGB output intent, printable annotations."""
    with open_pdf(pdf) as document:
        _printable_annotations(document)
        _output_intent(document)
        # ReportLab writes /Trapped /False; PDF/A-2 would want it repeated in XMP: leave it out
        if "/Trapped" in document.docinfo:
            del document.docinfo["/Trapped"]
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata.load_from_docinfo(document.docinfo)
            metadata["pdfaid:part"] = PDFA_PART
            metadata["pdfaid:conformance"] = PDFA_CONFORMANCE
        return save(document)


def _output_intent(document: pikepdf.Pdf) -> None:
    profile = document.make_stream(srgb_profile())
    profile.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=SRGB,
        RegistryName="http://www.color.org",
        Info=SRGB,
        DestOutputProfile=profile,
    )
    document.Root.OutputIntents = pikepdf.Array([document.make_indirect(intent)])


def _printable_annotations(document: pikepdf.Pdf) -> None:
    for page in document.pages:
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            annotation.F = PRINT_FLAG
