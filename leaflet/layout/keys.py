"""The keys plans are kept under: a hash of everything a layout depends on.

A plan (a flowing leaflet's pages and sizes, a poster's type size; for the phone PDF only
the fact that it was laid out) is remembered by the build and on disk
(:mod:`leaflet.layout.plan_store`) under :func:`edition_key`.  The key changes whenever
the result could: the texts, the links, the images, the format (not its bleed: that does
not move the text), the fonts and the program itself (its source files, not only its
version number, so an edited program never replays a plan of the old one), and the height
of a branch band in lines (not its words: branches whose bands take as many lines share plans).

Nothing here imports ReportLab: ``leaflet check`` asks which editions are already known
to fit before it loads the layout.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Hashable, Iterable
from dataclasses import replace
from pathlib import Path

from .. import __version__
from ..content.model import Content, Image, Leaflet
from ..paths import data_folder
from .formats import EDITIONS, FormatSpec, design_spec
from .plan import PLANNER_VERSION


@functools.cache
def font_fingerprint() -> str:
    """A hash of the font files: a changed font changes every key."""
    digest = hashlib.sha256()
    for path in sorted(data_folder("fonts").glob("*.ttf")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def program_fingerprint() -> str:
    """A hash of the program's source files and version (about 2 ms)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__}/{PLANNER_VERSION}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + path.read_bytes())
    return digest.hexdigest()


def image_fingerprint(leaflet: Leaflet, langs: Iterable[str]) -> str:
    """The bytes of every picture the texts draw ("missing" for a file that is not there)."""
    parts = []
    for lang in langs:
        for block in leaflet.texts[lang].all_blocks():
            if isinstance(block, Image):
                path = Path(leaflet.folder) / block.file
                parts.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing")
    return ",".join(parts)


def layout_key(content: Content, leaflet: Leaflet, langs: Iterable[str], spec: FormatSpec, kind: str) -> str:
    """The key of laying out ``langs`` of ``leaflet`` together at ``spec`` by ``kind``."""
    langs = tuple(langs)
    # a branch band has one height whatever the branch says: its presence is all a plan depends on
    band = ""
    if leaflet.branch is not None:  # the band's height, in lines: branches whose bands match share plans
        from .branding import band_signature  # ReportLab measures the lines

        band = "band " + band_signature(leaflet.branch, spec, langs)
    digest = hashlib.sha256(f"{kind}/{band}/{leaflet.id}/{leaflet.edition}".encode())  # the stamp prints both
    for lang in langs:
        digest.update(repr(leaflet.texts[lang]).encode())
    digest.update(repr(sorted((key, repr(link)) for key, link in content.links.items())).encode())
    digest.update(repr(replace(spec, bleed_mm=0.0)).encode())
    digest.update(image_fingerprint(leaflet, langs).encode())
    digest.update(font_fingerprint().encode())
    digest.update(program_fingerprint().encode())
    return digest.hexdigest()


def edition_key(content: Content, leaflet: Leaflet, edition: str, spec: FormatSpec) -> Hashable:
    """The key the edition's plans are kept under by its format's kind of layout: a flowing
    leaflet plans each language (one key each), a poster is drawn at its design size."""
    langs = EDITIONS[edition].langs
    if spec.layout == "flow":
        return tuple(layout_key(content, leaflet, (lang,), spec, "flow") for lang in langs)
    if spec.layout == "poster":
        return layout_key(content, leaflet, langs, design_spec(spec), "poster")
    return layout_key(content, leaflet, langs, spec, spec.layout)
