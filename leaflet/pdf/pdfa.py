"""The archival form: a finished PDF made PDF/A-2a (tagged) or PDF/A-2b with pikepdf (qpdf).

What ReportLab's output needs for PDF/A-2b, level B (visual appearance):
fonts embedded (they are: TrueType subsets, symbolic, one cmap each), an XMP
metadata packet that says the same as the document information dictionary and
names the conformance (``pdfaid:part`` 2, ``pdfaid:conformance`` B), an output
intent with an ICC profile for the RGB colours drawn (sRGB: the profile little
CMS builds in, through Pillow), and every annotation printable (``/F 4``).
Level A (accessible) adds what :mod:`leaflet.pdf.tagging` writes: the structure
tree, the language of every passage, Unicode for every glyph; the phone PDF's
archival copy is tagged, so it is PDF/A-2a and PDF/UA-1 in one file (one copy
that archives and screen readers alike take), with the PDF/UA identification's
XMP schema declared as PDF/A asks (:data:`PDFUA_SCHEMA`; the one packet written
by hand).  The tests validate both with page-validation.
"""

from __future__ import annotations

import functools
import struct

import pikepdf
from PIL import ImageCms

from .pdfwrite import open_pdf, save

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"
#: level A (accessible): the same file tagged is PDF/UA-1 too, one copy for archives and readers
PDFA_TAGGED_CONFORMANCE = "A"
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


def make_archival(pdf: bytes, tagged: bool = False) -> bytes:
    """``pdf`` as PDF/A-2b: XMP metadata, an sRGB output intent, printable annotations; a
    ``tagged`` PDF (leaflet.pdf.tagging: structure, languages, Unicode text) as PDF/A-2a."""
    with open_pdf(pdf) as document:
        _printable_annotations(document)
        _output_intent(document)
        # ReportLab writes /Trapped /False; PDF/A-2 would want it repeated in XMP: leave it out
        if "/Trapped" in document.docinfo:
            del document.docinfo["/Trapped"]
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata.load_from_docinfo(document.docinfo)
            metadata["pdfaid:part"] = PDFA_PART
            metadata["pdfaid:conformance"] = PDFA_TAGGED_CONFORMANCE if tagged else PDFA_CONFORMANCE
        if tagged:
            _declare_pdfua_schema(document)
        return save(document)


#: PDF/A admits in XMP only the properties of its predefined schemas and of those the file
#: declares (ISO 19005-2, 6.6.2.3): the PDF/UA identification (pdfuaid:part) is declared here
PDFUA_SCHEMA = b"""<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def _declare_pdfua_schema(document: pikepdf.Pdf) -> None:
    metadata = document.Root.Metadata
    packet = metadata.read_bytes()
    if b"</rdf:RDF>" not in packet:
        raise RuntimeError("the XMP packet has no rdf:RDF to declare the PDF/UA schema in (leaflet.pdf.pdfa)")
    metadata.write(packet.replace(b"</rdf:RDF>", PDFUA_SCHEMA + b"</rdf:RDF>", 1))


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
