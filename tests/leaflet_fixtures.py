"""Varied leaflets for the tests: content folders derived from the shipped leaflet's YAML.

Each variant is written into a folder of its own as a complete content folder (``links.yaml``
and one leaflet folder named after the variant), the way an editor would write it: the
shipped ``content/code-1414`` texts are loaded with ``yaml.safe_load``, changed as data and
dumped again.  Step ids stay unique and identical in Kazakh and Russian, and every step keeps
the same links in both languages, so the variants pass the parity check like the shipped text.

Issue 8, item 8: 1, 3, 6 and 10 steps; half and double the shipped length; 0, 1, 2, 4 and 5
QR codes; a single-language leaflet; one without a callout; one with an image.
"""

from __future__ import annotations

import copy
import pickle
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw

from leaflet.build import Job, build
from leaflet.errors import ContentError
from leaflet.parallel import Done

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "content" / "code-1414"
SHIPPED_LINKS = ROOT / "content" / "links.yaml"
LANGS = ("kk", "ru")

#: the fifth official web address of the 5-code variant: a host of its own on the allow-list
#: (gov.kz itself would be refused as a look-alike of egov.kz), with a purpose in both languages
FIFTH_LINK_ID = "govkz"
FIFTH_HOST = "www.gov.kz"
FIFTH_LINK = {
    "url": f"https://{FIFTH_HOST}",
    "label": {"ru": FIFTH_HOST, "kk": FIFTH_HOST},
    "purpose": {"ru": "Сайты госорганов", "kk": "Мемлекеттік органдар сайттары"},
}

#: the picture of the image variant: its file name, size in pixels, and alternative text
IMAGE_FILE = "call.png"
IMAGE_SIZE = (600, 300)
IMAGE_ALT = {
    "ru": "Рисунок: телефон со звонком от неизвестного номера и знак «стоп»",
    "kk": "Сурет: белгісіз нөмірден қоңырау шалып тұрған телефон және «стоп» белгісі",
}

Data = dict[str, Any]


@dataclass
class Source:
    """One leaflet as plain YAML data: the link registry, leaflet.yaml and a text per language."""

    links: Data
    leaflet: Data
    texts: dict[str, Data]
    #: other files of the leaflet folder (images): name -> bytes
    files: dict[str, bytes]


def shipped() -> Source:
    """The shipped leaflet's YAML, loaded afresh (callers change it freely)."""

    def load(path: Path) -> Data:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        return data

    return Source(
        links=load(SHIPPED_LINKS),
        leaflet=load(SHIPPED / "leaflet.yaml"),
        texts={lang: load(SHIPPED / f"{lang}.yaml") for lang in LANGS},
        files={},
    )


def write(source: Source, folder: Path, leaflet_id: str) -> Path:
    """Write ``source`` as a content folder ``folder`` holding the leaflet ``leaflet_id``;
    return the content folder."""

    def dump(data: Data, path: Path) -> None:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    leaflet_folder = folder / leaflet_id
    leaflet_folder.mkdir(parents=True)
    dump(source.links, folder / "links.yaml")
    dump(source.leaflet, leaflet_folder / "leaflet.yaml")
    for lang in source.leaflet["languages"]:
        dump(source.texts[lang], leaflet_folder / f"{lang}.yaml")
    for name, data in source.files.items():
        (leaflet_folder / name).write_bytes(data)
    return folder


# -- the transformations ----------------------------------------------------------------------


def steps_block(text: Data) -> Data:
    """The (only) steps block of a text, as its YAML mapping ``{"steps": [...]}``."""
    found: list[Data] = [block for block in text["blocks"] if "steps" in block]
    assert len(found) == 1, "the shipped text has one steps block"
    return found[0]


def _copy_of(step: Data, suffix: str) -> Data:
    """A step repeated under a new id (the same in every language, as ids must be)."""
    repeated = copy.deepcopy(step)
    repeated["id"] = f"{step['id']}_{suffix}"
    return repeated


def with_steps(source: Source, count: int) -> Source:
    """The first ``count`` steps; more than the shipped six repeats steps from the first on,
    each copy with a new id."""
    for text in source.texts.values():
        block = steps_block(text)
        steps = block["steps"]
        block["steps"] = [
            steps[index % len(steps)] if index < len(steps) else _copy_of(steps[index % len(steps)], "again")
            for index in range(count)
        ]
    return source


def half_length(source: Source) -> Source:
    """About half the text: the first three steps, and without the closing "share your story"
    section (its heading, paragraphs and e-mail); the sign-off stays."""
    for text in source.texts.values():
        blocks = text["blocks"]
        steps_at = blocks.index(steps_block(text))
        signoff_at = next(index for index, block in enumerate(blocks) if "signoff" in block)
        steps_block(text)["steps"] = steps_block(text)["steps"][:3]
        text["blocks"] = blocks[: steps_at + 1] + blocks[signoff_at:]
    return source


def double_length(source: Source) -> Source:
    """About twice the text: every step twice (the copy with a new id), and every block of the
    text outside the steps twice too (the sign-off once)."""
    for text in source.texts.values():
        block = steps_block(text)
        block["steps"] = [repeated for step in block["steps"] for repeated in (step, _copy_of(step, "again"))]
        doubled: list[Data] = []
        for entry in text["blocks"]:
            doubled.append(entry)
            if entry is not block and "signoff" not in entry:
                doubled.append(copy.deepcopy(entry))
        text["blocks"] = doubled
    return source


def back_qr(text: Data) -> Data | None:
    """The QR panel of a text's back page, as its YAML mapping ``{"qr": [...]}``."""
    return next((block for block in text.get("back", []) if "qr" in block), None)


def with_qr_codes(source: Source, count: int) -> Source:
    """A back page with ``count`` QR codes: the shipped four cut down (0: no QR panel at all),
    or a fifth official address added to the registry and the allow-list."""
    if count > 4:
        assert count == 5, "the registry has one more web address to offer"
        source.links["allowed_hosts"].append(FIFTH_HOST)
        source.links["links"][FIFTH_LINK_ID] = copy.deepcopy(FIFTH_LINK)
    for text in source.texts.values():
        panel = back_qr(text)
        assert panel is not None and len(panel["qr"]) == 4, "the shipped back page has four QR codes"
        if count == 0:
            text["back"] = [block for block in text["back"] if block is not panel]
        elif count <= 4:
            panel["qr"] = panel["qr"][:count]
        else:
            panel["qr"] = [*panel["qr"], FIFTH_LINK_ID]
    return source


def russian_only(source: Source) -> Source:
    """A single-language leaflet: ``languages: [ru]`` and no kk.yaml."""
    source.leaflet["languages"] = ["ru"]
    del source.texts["kk"]
    return source


def without_callout(source: Source) -> Source:
    for text in source.texts.values():
        before = len(text["blocks"])
        text["blocks"] = [block for block in text["blocks"] if "callout" not in block]
        assert len(text["blocks"]) == before - 1, "the shipped text has one callout"
    return source


def picture() -> bytes:
    """A simple drawing, 600 × 300 px: a phone with a call coming in, and a stop sign."""
    import io

    image = Image.new("RGB", IMAGE_SIZE, "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 30, 200, 270), radius=20, outline=(40, 40, 40), width=8, fill=(230, 236, 245))
    draw.rectangle((80, 60, 180, 220), fill=(90, 140, 210))
    draw.ellipse((118, 235, 142, 259), fill=(40, 40, 40))
    for radius in (40, 70, 100):  # the ringing
        draw.arc(
            (130 - radius, 40 - radius // 2, 130 + radius, 40 + radius // 2), 200, 340, fill=(200, 60, 40), width=6
        )
    centre, size = (420, 150), 100
    octagon = [
        (centre[0] + size * dx, centre[1] + size * dy)
        for dx, dy in ((-0.41, -1), (0.41, -1), (1, -0.41), (1, 0.41), (0.41, 1), (-0.41, 1), (-1, 0.41), (-1, -0.41))
    ]
    draw.polygon(octagon, fill=(200, 30, 30))
    draw.rectangle((centre[0] - 60, centre[1] - 14, centre[0] + 60, centre[1] + 14), fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def with_image(source: Source) -> Source:
    """A picture with alternative text, after the list of the fraudsters' tactics."""
    source.files[IMAGE_FILE] = picture()
    for lang, text in source.texts.items():
        blocks = text["blocks"]
        after = next(index for index, block in enumerate(blocks) if "bullets" in block)
        blocks.insert(after + 1, {"image": {"file": IMAGE_FILE, "alt": IMAGE_ALT[lang]}})
    return source


# -- the variants -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A fixture leaflet: its id (also the name of its folder) and how it is made."""

    name: str
    description: str
    change: Callable[[Source], Source]

    def source(self) -> Source:
        return self.change(shipped())

    def write(self, folder: Path) -> Path:
        """Write the variant as a content folder ``folder``; return it."""
        return write(self.source(), folder, self.name)


def _variant(name: str, description: str, change: Callable[[Source], Source]) -> tuple[str, Variant]:
    return name, Variant(name, description, change)


VARIANTS: dict[str, Variant] = dict(
    [
        _variant("steps-1", "1 step (the first)", lambda source: with_steps(source, 1)),
        _variant("steps-3", "3 steps (the first three)", lambda source: with_steps(source, 3)),
        _variant("steps-6", "6 steps (the shipped text, written anew)", lambda source: with_steps(source, 6)),
        _variant("steps-10", "10 steps (the six, then the first four again)", lambda source: with_steps(source, 10)),
        _variant("half", "half the shipped length", half_length),
        _variant("double", "double the shipped length", double_length),
        _variant("qr-0", "no QR code (no qr block)", lambda source: with_qr_codes(source, 0)),
        _variant("qr-1", "1 QR code", lambda source: with_qr_codes(source, 1)),
        _variant("qr-2", "2 QR codes", lambda source: with_qr_codes(source, 2)),
        _variant("qr-4", "4 QR codes (as shipped)", lambda source: with_qr_codes(source, 4)),
        _variant("qr-5", "5 QR codes (a fifth official address added)", lambda source: with_qr_codes(source, 5)),
        _variant("ru-only", "Russian only (languages: [ru], no kk.yaml)", russian_only),
        _variant("no-callout", "without the warning callout", without_callout),
        _variant("image", "with a 600 × 300 px picture and its alternative text", with_image),
    ]
)


def write_variant(name: str, folder: Path) -> Path:
    """Write the variant ``name`` as the content folder ``folder``; return it."""
    return VARIANTS[name].write(folder)


def built_once_name(name: str) -> str:
    """The test run's folder (and pytest-xdist group) of the fixture leaflet ``name`` built in
    every format (:func:`build_variant`): test_any_leaflet reads every file of it,
    test_tagged_pdf the tagged ones."""
    return f"fixture-leaflet-{name}"


def build_variant(name: str, root: Path) -> None:
    """Build the fixture leaflet ``name`` in ``root``: its content folder, the build's output
    folder, every rendered document (written out here, built or not), and what the build
    reported (outcome.pickle)."""
    folder = write_variant(name, root / "content")
    finished: list[Done[Job]] = []
    error: BaseException | None = None
    try:
        build(folder, root / "out", workers=1, on_done=finished.append)
    except Exception as raised:  # noqa: BLE001 - anything but a ContentError is a finding the tests report
        error = raised
    rendered = root / "rendered"
    rendered.mkdir()
    for done in finished:
        if done.document is not None:
            (rendered / done.job.file_name).write_bytes(done.document.pdf)
    # problems, not the errors: a ContentError is made again from its problems
    reported = [(done.job, done.document, done.seconds, done.error and done.error.problems) for done in finished]
    if error is None or isinstance(error, ContentError):
        raised_error: object = error and error.problems
    else:
        raised_error = (repr(error), "".join(traceback.format_exception(error)[-6:]))
    (root / "outcome.pickle").write_bytes(pickle.dumps((reported, raised_error)))
