"""The edition stamp: which version of a leaflet a printed or forwarded copy is.

The leaflet's id, its edition date (``edition:`` in ``leaflet.yaml``; never the clock, so a
rebuild gives the same bytes) and a short hash of its content files as they are on disk (its
``leaflet.yaml``, each language's text, the shared ``links.yaml`` and its pictures): two copies
with the same stamp were made from the same words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .model import Image, Leaflet

#: the hex digits of the content hash shown (32 bits: a mix-up of two versions is what it
#: guards against, not a forgery)
DIGEST_CHARS = 8


@dataclass(frozen=True)
class Stamp:
    leaflet_id: str
    date: str  # YYYY-MM-DD, or "" when leaflet.yaml gives none
    digest: str

    def text(self) -> str:
        return " · ".join(part for part in (self.leaflet_id, self.date, self.digest) if part)


def content_files(leaflet: Leaflet, content_folder: str) -> list[Path]:
    """The files a leaflet is made from, in a fixed order."""
    folder = Path(leaflet.folder)
    files = [folder / "leaflet.yaml", *(folder / f"{lang}.yaml" for lang in leaflet.languages)]
    files.append(Path(content_folder) / "links.yaml")
    for lang in leaflet.languages:
        files += [folder / block.file for block in leaflet.texts[lang].all_blocks() if isinstance(block, Image)]
    return files


def stamp_of(leaflet: Leaflet, content_folder: str) -> Stamp:
    digest = hashlib.sha256()
    for path in content_files(leaflet, content_folder):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:  # checked content has every file; a copy without one still gets a stamp
            digest.update(b"(missing)")
    return Stamp(leaflet.id, leaflet.edition, digest.hexdigest()[:DIGEST_CHARS])
