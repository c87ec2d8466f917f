"""A Typst rendition of a leaflet's A5 edition: the yardstick of issue 9's benchmark.  Not a test.

    python bench/typst_leaflet.py OUT_DIR [--lang ru] [--content DIR] [--leaflet ID] [--png]

Writes ``OUT_DIR/leaflet.typ``, one SVG a QR code beside it and ``OUT_DIR/fonts/`` (the font
files leaflet registers with ReportLab, and no others), compiles it once to
``OUT_DIR/leaflet.pdf`` and, with ``--png``, renders its pages to ``OUT_DIR/page-N.png``.

The text is read by the project's own loader (:func:`leaflet.content.loader.read_content`), so
Typst sets exactly what leaflet sets: the title, every block (headings, paragraphs, leads,
lists with their sub-items and menu paths, steps with their number badges and bodies, notes,
callouts, contacts, pictures, the sign-off) and the back page (the QR panel and the contacts,
at the foot of the last page), in Leaflet Sans with the DejaVu symbols, at the body size
leaflet's plan chose, on an A5 page with the format's margins, QR size and caption size, with
the same colours and every link an annotation.  The four QR codes are vector SVGs made by the
``qrcode`` package (error correction M, a 4-module quiet zone), as leaflet draws them as vector
rectangles.  It is a fair rendition, not a pixel copy: Typst breaks lines and pages by its own
rules, and does not search for a plan (the size is given to it).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
import qrcode.constants
import qrcode.image.svg
from reportlab.lib.colors import Color

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from leaflet.content.inline import parse_inline  # noqa: E402 - after the path is set, when run from a checkout
from leaflet.content.loader import read_content  # noqa: E402
from leaflet.content.model import (  # noqa: E402
    BulletList,
    Callout,
    Contacts,
    Content,
    Heading,
    Image,
    Item,
    Lead,
    LeafletText,
    MenuPath,
    Note,
    NumberedList,
    Paragraph,
    QRPanel,
    SignOff,
    Steps,
)
from leaflet.layout.formats import FORMATS  # noqa: E402
from leaflet.layout.markup import ARROW, ENVELOPE, PHONE, WARNING_SIGN  # noqa: E402
from leaflet.layout.theme import PALETTE  # noqa: E402

CONTENT = ROOT / "content"
FONTS = ROOT / "fonts"
LEAFLET_ID = "code-1414"

#: The body size leaflet's plan chose for code-1414-a5-ru.pdf: `leaflet build --format a5 --lang ru`
#: lists "4 pages, body 13 pt, leading 1.3×, QR codes 21 mm" (the fewest pages that hold the text at
#: 12 pt, then the largest size up to 14 pt whose lines keep PRINT.md's length).  Typst is given it:
#: it has no plan to search.
BODY_PT = 13.0
LEADING = 1.3
#: the files leaflet.layout.fonts registers with ReportLab: Typst gets these and no others
#: (not the original PT Sans files of fonts/, nor the system's fonts)
FONT_FILES = (
    "LeafletSans-Regular.ttf",
    "LeafletSans-Bold.ttf",
    "LeafletSans-Italic.ttf",
    "LeafletSans-BoldItalic.ttf",
    "DejaVuSans-Symbols.ttf",
)
SOURCE = "leaflet.typ"
#: as leaflet.layout.qr: the quiet zone, and the smallest QR code's width in modules
QUIET_MODULES = 4
SMALLEST_VERSION_MODULES = 21
#: as leaflet.layout.blocks: the narrowest QR cell, a picture's resolution and its largest share of a page
MIN_QR_CELL_MM = 30.0
IMAGE_DPI = 300
MAX_IMAGE_SHARE = 0.4
PT_PER_MM = 72 / 25.4

#: every ASCII character that means something somewhere in Typst markup; content text escapes them all
_MARKUP = re.compile(r"[\\#*_`$<>@\[\]~/=+\-\"'.:(){}]")


def escape(text: str) -> str:
    """Content text as literal Typst markup (a backslash before every special character)."""
    return _MARKUP.sub(lambda match: "\\" + match.group(0), text)


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def colour(value: Color) -> str:
    """A ReportLab colour (its hexval is '0x0b3c78') as a Typst colour."""
    return f'rgb("#{value.hexval()[2:]}")'


@dataclass
class Rendition:
    """A Typst source of one language's A5 leaflet, and the files it reads."""

    typ: str
    svgs: dict[str, str] = field(default_factory=dict)  # file name -> SVG text
    images: dict[str, Path] = field(default_factory=dict)  # file name -> picture in the content folder


class _Writer:
    def __init__(self, content: Content, text: LeafletText, folder: Path) -> None:
        self.content = content
        self.text = text
        self.lang = text.lang
        self.folder = folder  # the leaflet's folder, for pictures
        self.spec = FORMATS["a5"]
        self.step_number = 0
        self.svgs: dict[str, str] = {}
        self.images: dict[str, Path] = {}

    # -- inline ----------------------------------------------------------------------------------

    def link(self, link_id: str) -> str:
        target = self.content.links[link_id]
        return f"#lk({string(target.url)})[{escape(target.label(self.lang))}]"

    def inline(self, text: str) -> str:
        parts = []
        for span in parse_inline(text.strip("\n")):
            if span.link:
                parts.append(self.link(span.link))
                continue
            piece = "#linebreak()".join(escape(line) for line in span.text.split("\n"))
            parts.append(f"#strong[{piece}]" if span.bold and piece.strip() else piece)
        return "".join(parts)

    def path(self, parts: tuple[str, ...]) -> str:
        arrow = f" {ARROW} "
        return "#strong[" + arrow.join(f"«{self.inline(part)}»" for part in parts) + "]"

    def with_path(self, text: str, parts: tuple[str, ...], after: str) -> str:
        markup = self.inline(text)
        if parts:
            markup = f"{markup} {self.path(parts)}" if markup else self.path(parts)
        if after:
            markup += " " + self.inline(after)
        return markup

    # -- blocks ----------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[object]) -> list[str]:
        lines: list[str] = []
        for block in blocks:
            lines += self.block(block)
        return lines

    def block(self, block: object) -> list[str]:
        if isinstance(block, Heading):
            return [f"#hd[{self.inline(block.text)}]"]
        if isinstance(block, Lead):
            return [f"#lead[{self.inline(block.text)}]"]
        if isinstance(block, Paragraph):
            return [f"#para[{self.inline(block.text)}]"]
        if isinstance(block, BulletList | NumberedList):
            return [self.items(block.items, numbered=isinstance(block, NumberedList))]
        if isinstance(block, MenuPath):
            return [f"#para[{self.with_path(block.text, block.path, block.after)}]"]
        if isinstance(block, Note):
            return [f"#note[{self.inline(block.text)}]"]
        if isinstance(block, Callout):
            sign = f"{WARNING_SIGN} " if block.style == "warning" else ""
            inside = "\n".join(self.blocks(block.blocks))
            return [f"#callout({string(block.style)}, [{sign}{self.inline(block.title)}])[\n{inside}\n]"]
        if isinstance(block, Steps):
            return self.steps(block)
        if isinstance(block, Contacts):
            return [self.contacts(block.links)]
        if isinstance(block, QRPanel):
            return [self.qr_panel(block.links)]
        if isinstance(block, Image):
            return [self.image(block)]
        if isinstance(block, SignOff):
            return [f"#signoff([{self.inline(block.text)}], [{escape(block.signature)}])"]
        raise TypeError(f"no Typst rendition of a {type(block).__name__} block")

    def items(self, items: tuple[Item, ...], *, numbered: bool) -> str:
        cells = []
        for item in items:
            markup = self.with_path(item.text, item.path, item.after)
            if item.items:
                subs = ", ".join(f"[{self.with_path(sub.text, sub.path, sub.after)}]" for sub in item.items)
                markup += f"\n#sublist({subs})"
            cells.append(f"[{markup}]")
        function = "numbered" if numbered else "bullets"
        return f"#{function}(\n  " + ",\n  ".join(cells) + ",\n)"

    def steps(self, block: Steps) -> list[str]:
        lines = []
        for step in block.steps:
            self.step_number += 1
            lines.append(f"#step({self.step_number}, [{self.inline(step.title)}])")
            lines += self.blocks(step.body)
        return lines

    def contacts(self, link_ids: tuple[str, ...]) -> str:
        lines = []
        for link_id in link_ids:
            target = self.content.links[link_id]
            sign = PHONE if target.scheme == "tel" else ENVELOPE if target.scheme == "mailto" else ARROW
            purpose = target.purposes.get(self.lang, "")
            lines.append(f"[{sign}], [{self.link(link_id)}{f' — {escape(purpose)}' if purpose else ''}]")
        return "#contacts(" + ", ".join(lines) + ")"

    def qr_panel(self, link_ids: tuple[str, ...]) -> str:
        cells = []
        for link_id in link_ids:
            target = self.content.links[link_id]
            name, modules = f"qr-{link_id}.svg", self.qr_svg(link_id, target.url)
            width_mm = self.spec.qr_symbol_mm * (modules + 2 * QUIET_MODULES) / modules
            purpose = escape(target.purposes.get(self.lang, ""))
            cells.append(f"qr({string(name)}, {width_mm:.2f}mm, [{self.link(link_id)}], [{purpose}])")
        width_mm = self.spec.column_width() / PT_PER_MM
        cell_mm = max(self.spec.qr_symbol_mm * (1 + 2 * QUIET_MODULES / SMALLEST_VERSION_MODULES), MIN_QR_CELL_MM)
        columns = max(1, min(len(cells), int(width_mm // cell_mm)))
        return f"#qrgrid({columns}, " + ", ".join(cells) + ")"

    def qr_svg(self, name: str, payload: str) -> int:
        """Write the code as a vector SVG (one path); returns its width in modules."""
        code = qrcode.QRCode(
            error_correction=qrcode.constants.ERROR_CORRECT_M,
            border=QUIET_MODULES,
            image_factory=qrcode.image.svg.SvgPathImage,
        )
        code.add_data(payload.encode("utf-8"), optimize=0)
        code.make(fit=True)
        self.svgs[f"qr-{name}.svg"] = code.make_image().to_string(encoding="unicode")
        return int(code.modules_count)

    def image(self, block: Image) -> str:
        from PIL import Image as PILImage  # only for a leaflet with a picture

        source = self.folder / block.file
        name = f"image-{len(self.images) + 1}{source.suffix.lower()}"
        self.images[name] = source
        with PILImage.open(source) as picture:
            wide, high = picture.size
        width = min(self.spec.column_width(), wide / IMAGE_DPI * 72)
        if block.width_mm:
            width = min(width, block.width_mm * PT_PER_MM)
        usable = self.spec.height - 2 * self.spec.margin
        width = min(width, usable * MAX_IMAGE_SHARE * wide / high)
        alt = "none" if block.decorative else string(block.alt)
        return f"#picture({string(name)}, {width:.2f}pt, {alt})"

    # -- the document ----------------------------------------------------------------------------

    def document(self) -> str:
        meta = self.text.meta
        body = "\n".join(self.blocks(self.text.blocks))
        back = "\n".join(self.blocks(self.text.back))
        spec = self.spec
        return "\n".join(
            (
                f"// {self.text.leaflet_id}, {self.lang}, A5: made by bench/typst_leaflet.py from the content folder",
                f"#let body-size = {BODY_PT}pt",
                f"#let caption-size = {spec.caption_pt}pt",
                f"#let title-size = {BODY_PT * spec.title_ratio:.2f}pt",
                f"#let ink = {colour(PALETTE.ink)}",
                f"#let accent = {colour(PALETTE.accent)}",
                f"#let warning = {colour(PALETTE.warning)}",
                f"#let warning-tint = {colour(PALETTE.warning_tint)}",
                f"#let tint = {colour(PALETTE.panel_tint)}",
                f"#set document(title: {string(meta.title)}, author: {string(meta.author)})",
                f'#set page(paper: "a5", margin: {spec.margin_mm}mm)',
                f"#set text(lang: {string(self.lang)})",
                _PREAMBLE,
                f"#title-band[{self.inline(self.text.title)}]",
                body,
                "#back-band[",
                back,
                "]",
                "",
            )
        )


#: the styles, after leaflet.layout.theme.make_styles: body 1.3 × leading (a line box of 1 em and
#: 0.3 em between lines), headings bold at 1.3 × body in the accent colour, lists indented, boxes tinted
_PREAMBLE = """
#set text(
  font: ("Leaflet Sans", "DejaVu Sans"), size: body-size, fill: ink,
  top-edge: 0.8em, bottom-edge: -0.2em, hyphenate: false,
)
#let space = body-size
#let gap = 0.3em  // the space between two lines of a paragraph: ReportLab adds spaceAfter to it
#set par(leading: gap, spacing: gap + 0.3 * space, justify: false)
#let lk(dest, body) = link(dest, text(weight: "bold", fill: accent, body))
#let para(body) = par(body)
#let lead(body) = block(below: gap + 0.4 * space, text(weight: "bold", body))
#let hd(body) = block(above: 0.9 * space, below: 0.3 * space, sticky: true, {
  set par(leading: 0.2em)
  text(size: 1.3 * body-size, weight: "bold", fill: accent, body)
})
#let bullets(..items) = list(
  marker: [•], indent: 0.2 * body-size, body-indent: 0.7 * body-size, spacing: gap + 0.1 * space, ..items,
)
#let numbered(..items) = enum(
  numbering: "1.", indent: 0.2 * body-size, body-indent: 0.5 * body-size, spacing: gap + 0.1 * space, ..items,
)
#let sublist(..items) = list(
  marker: [–], indent: 0.2 * body-size, body-indent: 0.6 * body-size, spacing: gap + 0.1 * space, ..items,
)
#let note(body) = block(
  width: 100%, fill: tint, inset: (x: 0.4 * space, y: 0.5 * space), above: 0.5 * space, below: 0.6 * space,
  grid(columns: (1.1 * body-size, 1fr), text(weight: "bold")[!], text(weight: "bold", body)),
)
#let callout(kind, title, body) = {
  let border = if kind == "warning" { warning } else { accent }
  block(
    width: 100%, breakable: true, fill: if kind == "warning" { warning-tint } else { tint },
    stroke: 2.5pt + border, inset: 0.6 * space, above: 0.6 * space, below: 0.6 * space,
    {
      block(sticky: true, below: 0.3 * space, {
        set par(leading: 0.2em)
        text(size: 1.25 * body-size, weight: "bold", fill: border, title)
      })
      body
    },
  )
}
#let step(number, title) = block(above: 0.6 * space, below: 0.3 * space, sticky: true, grid(
  columns: (1.3 * body-size, 1fr), column-gutter: 0.4 * body-size, align: (center + top, left + top),
  circle(radius: 0.62 * body-size, fill: accent, inset: 0pt, align(center + horizon,
    text(fill: white, weight: "bold", size: body-size, str(number)))),
  { set par(leading: 0.2em); text(size: 1.3 * body-size, weight: "bold", fill: accent, title) },
))
#let contacts(..lines) = block(above: 0.3 * space, below: 0.3 * space, grid(
  columns: (auto, 1fr), column-gutter: 0.3em, row-gutter: gap + 0.3 * space, ..lines,
))
#let qr(file, width, label, purpose) = align(center, stack(
  spacing: 2pt,
  box(fill: white, image(file, width: width)),
  text(size: caption-size, weight: "bold", label),
  text(size: caption-size, purpose),
))
#let qrgrid(columns, ..cells) = block(above: 0.3 * space, below: 0.5 * space, grid(
  columns: (1fr,) * columns, column-gutter: 2pt, row-gutter: 0.5 * body-size,
  ..cells.pos().map(cell => { set par(leading: 0.25em); cell }),
))
#let picture(file, width, alt) = block(above: 0.4 * space, below: 0.4 * space, image(file, width: width, alt: alt))
#let signoff(motto, signature) = block(above: 0.8 * space, grid(
  columns: (78%, 22%), align: (left + bottom, right + bottom),
  text(size: 1.3 * body-size, weight: "bold", motto),
  text(size: caption-size, weight: "bold", fill: accent, signature),
))
#let title-band(body) = block(
  width: 100%, fill: tint, inset: (x: 0.8 * space, top: 1.2 * space, bottom: 0.9 * space),
  stroke: (bottom: 1pt + accent), below: 0.9 * space,
  { set par(leading: 0.15em); text(size: title-size, weight: "bold", body) },
)
#let back-band(body) = {
  v(1fr)
  block(
    width: 100%, breakable: false, fill: tint, stroke: (top: 1pt + accent),
    inset: (x: 0.5 * space, top: 0.8 * space, bottom: 0.5 * space), body,
  )
}
"""


def rendition(content_folder: Path = CONTENT, leaflet_id: str = LEAFLET_ID, lang: str = "ru") -> Rendition:
    """The Typst source of ``leaflet_id``'s A5 leaflet in ``lang``, read from ``content_folder``."""
    loaded = read_content(content_folder)
    if loaded.problems:
        raise SystemExit("the content has problems (run `leaflet check`):\n" + "\n".join(map(str, loaded.problems)))
    leaflet = loaded.content.leaflets[leaflet_id]
    text = leaflet.text(lang)
    writer = _Writer(loaded.content, text, content_folder / leaflet.folder)
    typ = writer.document()
    return Rendition(typ, writer.svgs, writer.images)


def write(out: Path, content_folder: Path = CONTENT, leaflet_id: str = LEAFLET_ID, lang: str = "ru") -> Path:
    """Write the rendition, its QR codes, pictures and fonts into ``out``; return the .typ file."""
    made = rendition(content_folder, leaflet_id, lang)
    out.mkdir(parents=True, exist_ok=True)
    for name, svg in made.svgs.items():
        (out / name).write_text(svg, encoding="utf-8")
    for name, source in made.images.items():
        shutil.copyfile(source, out / name)
    fonts = out / "fonts"
    fonts.mkdir(exist_ok=True)
    for name in FONT_FILES:
        shutil.copyfile(FONTS / name, fonts / name)
    source = out / SOURCE
    source.write_text(made.typ, encoding="utf-8")
    return source


def compile_pdf(source: Path, pdf: Path) -> None:
    """Compile as the benchmark does: the rendition's own fonts, no system fonts."""
    import typst

    typst.compile(
        str(source), output=str(pdf), root=str(source.parent), font_paths=[str(source.parent / "fonts")],
        ignore_system_fonts=True,
    )  # fmt: skip


def render_png(pdf: Path, out: Path, scale: float = 1.5) -> list[Path]:
    """Each page of ``pdf`` as ``out/page-N.png`` (needs pypdfium2)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    paths = []
    for number, page in enumerate(document, start=1):
        path = out / f"page-{number}.png"
        page.render(scale=scale).to_pil().save(path)
        paths.append(path)
    document.close()
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the rendition into")
    parser.add_argument("--content", type=Path, default=CONTENT, help="content folder (default: the repository's)")
    parser.add_argument("--leaflet", default=LEAFLET_ID, help=f"leaflet id (default {LEAFLET_ID})")
    parser.add_argument("--lang", default="ru", help="language (default ru)")
    parser.add_argument("--png", action="store_true", help="also render every page to PNG (pypdfium2)")
    args = parser.parse_args()
    source = write(args.out, args.content, args.leaflet, args.lang)
    pdf = args.out / "leaflet.pdf"
    compile_pdf(source, pdf)
    print(f"wrote {source} and {pdf}")
    if args.png:
        for path in render_png(pdf, args.out):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
