"""The checks of each block type beyond its texts: link references of contacts and QR
panels, step ids, image files.

:data:`BLOCK_CHECKS` is keyed by block type, like the readers in
:mod:`leaflet.content.blocks`; a block type without checks has no entry.  The texts of
every block are checked alike by :func:`leaflet.content.check.check_text`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import shown
from .blocks import keyed_steps
from .model import Block, Contacts, Content, Image, Leaflet, LeafletText, QRPanel, SignOff

#: the largest image file read, in bytes
MAX_IMAGE_BYTES = 5_000_000
#: the largest image read, in pixels (a decompression bomb is refused before it is decoded)
MAX_IMAGE_PIXELS = 40_000_000
#: images print at this resolution or finer
MIN_IMAGE_DPI = 300
IMAGE_FORMATS = ("PNG", "JPEG")


class Reporter(Protocol):
    content: Content

    def add(self, file: str, key: str, message: str, hint: str, offset: int | None = None) -> None: ...


@dataclass(frozen=True)
class BlockPlace:
    """Where a block stands: its leaflet, language, file and key path."""

    leaflet: Leaflet
    lang: str
    file: str
    key: str
    links_broken: bool = False  # links.yaml has problems of its own: references are not judged


def did_you_mean(name: str, choices: Iterable[str], otherwise: str, *, braces: bool = False) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    if not close:
        return otherwise
    return f"did you mean {{{close[0]}}}?" if braces else f"did you mean '{close[0]}'?"


def _link_references(report: Reporter, place: BlockPlace, links: tuple[str, ...], what: str) -> list[str]:
    """Report unknown and repeated link ids; return the known ones."""
    known = []
    registry = report.content.links
    for index, link_id in enumerate(links):
        key = f"{place.key}[{index}]"
        if link_id in links[:index]:
            report.add(place.file, key, f"link '{link_id}' is listed twice in {what}", "keep one of them")
        elif link_id not in registry:
            if not place.links_broken:
                usable = ", ".join(registry)
                hint = did_you_mean(link_id, list(registry), f"use a link id from links.yaml: {usable}")
                report.add(place.file, key, f"unknown link {shown(link_id)}", hint)
        else:
            known.append(link_id)
    return known


def check_contacts(report: Reporter, place: BlockPlace, block: Block) -> None:
    assert isinstance(block, Contacts)
    if not block.links:
        report.add(
            place.file, place.key, "this contacts block lists no link", "list link ids from links.yaml, e.g. [hotline]"
        )
    _link_references(report, place, block.links, "these contacts")


def check_qr_panel(report: Reporter, place: BlockPlace, block: Block) -> None:
    """A QR code leads to an official web page and says under it what the reader does there."""
    assert isinstance(block, QRPanel)
    for link_id in _link_references(report, place, block.links, "this QR panel"):
        link = report.content.links[link_id]
        key = f"{place.key}[{block.links.index(link_id)}]"
        if link.scheme in ("tel", "mailto"):  # other schemes are refused in links.yaml itself
            report.add(
                place.file,
                key,
                f"link '{link_id}' ({link.url}) is not a web page: a QR code here would not open a site",
                "list it under contacts instead; QR codes are for https:// links",
            )
        elif not link.purposes.get(place.lang):
            report.add(
                place.file,
                key,
                f"link '{link_id}' has no purpose in {place.lang}: a QR code is always captioned with what it is for",
                f"add 'purpose: {{{place.lang}: …}}' to links.{link_id} in links.yaml (2-5 words)",
            )


def check_step_ids(report: Reporter, file: str, text: LeafletText) -> None:
    """Step ids are unique in the whole leaflet: they pair the languages' steps."""
    seen: dict[str, str] = {}
    for key, step in keyed_steps(text.blocks, "blocks"):
        if step.id and step.id in seen:
            message = f"step id '{step.id}' appears twice (also {seen[step.id]})"
            report.add(file, f"{key}.id", message, "give every step its own id")
        seen.setdefault(step.id, key)


def check_image(report: Reporter, place: BlockPlace, block: Block) -> None:
    assert isinstance(block, Image)
    if not block.file:
        return
    problem = image_problem(Path(place.leaflet.folder), block)
    if problem is not None:
        report.add(place.file, f"{place.key}.file", *problem)


def image_problem(folder: Path, image: Image) -> tuple[str, str] | None:
    """What is wrong with an image block's file, as (message, hint), or None."""
    relative = Path(image.file)
    hint_place = f"put the picture in {folder} and give its file name"
    if relative.is_absolute() or ".." in relative.parts:
        return f"{shown(image.file)} is outside the leaflet's folder", hint_place
    path = folder / relative
    for depth in range(1, len(relative.parts) + 1):  # the file, or a folder on the way to it
        if (folder / Path(*relative.parts[:depth])).is_symlink():
            return (
                f"{shown(image.file)} is reached through a link to another file or folder",
                "copy the picture itself into the leaflet's folder",
            )
    if not path.is_file():
        return f"image file {shown(image.file)} does not exist", hint_place
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return (
            f"image file is {size / 1e6:.1f} MB, over the limit of {MAX_IMAGE_BYTES / 1e6:.0f} MB",
            "save it smaller (a leaflet picture needs at most about 2000 pixels across)",
        )
    from PIL import Image as PILImage  # only for content that has images

    try:
        with PILImage.open(path) as picture:
            if picture.format not in IMAGE_FORMATS:
                return f"{shown(image.file)} is a {picture.format} picture", "save it as PNG or JPEG"
            width, height = picture.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"the picture is {width} × {height} pixels, too large to print", "save it smaller"
            picture.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return (
            f"{shown(image.file)} is not a readable PNG or JPEG picture",
            "open it in an image editor and save it as PNG",
        )
    if image.width_mm:
        dpi = width / (image.width_mm / 25.4)
        if dpi < MIN_IMAGE_DPI:
            return (
                f"the picture is {width} pixels wide: at {image.width_mm:g} mm it would print at {dpi:.0f} dpi, "
                f"under {MIN_IMAGE_DPI}",
                f"use a picture at least {image.width_mm / 25.4 * MIN_IMAGE_DPI:.0f} pixels wide, "
                "or a smaller width_mm",
            )
    return None


#: a signature is a name printed small beside the motto (and under a poster's steps)
MAX_SIGNATURE_CHARS = 40


def check_signoff(report: Reporter, place: BlockPlace, block: Block) -> None:
    assert isinstance(block, SignOff)
    if len(block.signature) > MAX_SIGNATURE_CHARS:
        report.add(
            place.file,
            f"{place.key}.signature",
            f"a signature of {len(block.signature)} characters: it is a name, printed on one short line",
            f"write at most {MAX_SIGNATURE_CHARS} characters (a name); put sentences in a paragraph",
        )


BLOCK_CHECKS: dict[str, Callable[[Reporter, BlockPlace, Block], None]] = {
    "signoff": check_signoff,
    "contacts": check_contacts,
    "qr": check_qr_panel,
    "image": check_image,
}
